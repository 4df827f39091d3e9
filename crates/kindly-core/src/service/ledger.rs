//! The erasure ledger's keys: a salted SHA-256 of an erased person's email (never the
//! address), so a restore, an import or a new candidate can be checked against it. The salt is
//! made once per database and kept in its settings.

use super::now;
use crate::error::{CoreError, ErrorCode, Result};
use crate::store::entities::{erasure, setting};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

/// The name of the ledger's salt in the settings.
pub(crate) const SALT_KEY: &str = "privacy.erasure_salt";

/// The salted SHA-256 of an email, lower-cased and trimmed, as the ledger keeps it. The salt
/// is made once per database.
pub(crate) async fn email_hash<C: ConnectionTrait>(db: &C, email: &str) -> Result<String> {
    let salt = salt(db).await?;
    Ok(hash_with(&salt, email))
}

pub(crate) fn hash_with(salt: &str, email: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update(b"\0");
    h.update(email.trim().to_lowercase().as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) async fn stored_salt<C: ConnectionTrait>(db: &C) -> Result<Option<String>> {
    Ok(setting::Entity::find_by_id(SALT_KEY.to_string())
        .one(db)
        .await?
        .map(|s| s.value))
}

pub(crate) async fn salt<C: ConnectionTrait>(db: &C) -> Result<String> {
    if let Some(s) = stored_salt(db).await? {
        return Ok(s);
    }
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| CoreError::new(ErrorCode::Io, format!("no randomness for the salt: {e}")))?;
    let value: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    setting::Entity::insert(setting::ActiveModel {
        key: Set(SALT_KEY.to_string()),
        value: Set(value),
        updated_at: Set(now()),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::column(setting::Column::Key)
            .do_nothing()
            .to_owned(),
    )
    .try_insert()
    .exec(db)
    .await?;
    // Another writer may have won the race: read what is stored.
    Ok(setting::Entity::find_by_id(SALT_KEY.to_string())
        .one(db)
        .await?
        .map(|s| s.value)
        .unwrap_or_default())
}

/// When a person with this email was erased, if they were (the latest time).
pub async fn erased_earlier<C: ConnectionTrait>(
    db: &C,
    email: &str,
) -> Result<Option<DateTime<Utc>>> {
    // No salt yet: nobody was ever erased with a ledger line.
    let Some(salt) = stored_salt(db).await? else {
        return Ok(None);
    };
    let hash = hash_with(&salt, email);
    Ok(erasure::Entity::find()
        .filter(erasure::Column::EmailHash.eq(hash))
        .order_by_desc(erasure::Column::ErasedAt)
        .one(db)
        .await?
        .map(|e| e.erased_at))
}

/// The hashes the ledger holds, for an import to check many rows at once.
pub(crate) async fn ledger_hashes<C: ConnectionTrait>(
    db: &C,
) -> Result<(String, std::collections::HashSet<String>)> {
    let Some(salt) = stored_salt(db).await? else {
        return Ok((String::new(), Default::default()));
    };
    let hashes = erasure::Entity::find()
        .filter(erasure::Column::EmailHash.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|e| e.email_hash)
        .collect();
    Ok((salt, hashes))
}

/// Whether an email is in the ledger, given `ledger_hashes`.
pub(crate) fn in_ledger(ledger: &(String, std::collections::HashSet<String>), email: &str) -> bool {
    !ledger.1.is_empty() && ledger.1.contains(&hash_with(&ledger.0, email))
}
