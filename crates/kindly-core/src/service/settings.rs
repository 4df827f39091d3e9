//! The owner's profile, used by every message: business name, sender name, signature.
//! (SMTP settings join it with the outbox.)

use super::now;
use crate::domain::validate;
use crate::error::Result;
use crate::store::entities::setting;
use crate::store::Store;
use sea_orm::{ActiveValue::Set, EntityTrait, TransactionTrait};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Profile {
    /// "Riverside Café"
    pub company_name: String,
    /// "Maria Lopez"
    pub sender_name: String,
    /// How messages are signed, on one or more lines.
    pub signature: String,
}

const KEYS: [&str; 3] = [
    "profile.company_name",
    "profile.sender_name",
    "profile.signature",
];

async fn get_key(store: &Store, key: &str) -> Result<String> {
    Ok(setting::Entity::find_by_id(key.to_string())
        .one(store.db())
        .await?
        .map(|s| s.value)
        .unwrap_or_default())
}

pub async fn profile(store: &Store) -> Result<Profile> {
    Ok(Profile {
        company_name: get_key(store, KEYS[0]).await?,
        sender_name: get_key(store, KEYS[1]).await?,
        signature: get_key(store, KEYS[2]).await?,
    })
}

pub async fn save_profile(store: &Store, p: Profile) -> Result<Profile> {
    let clean = Profile {
        company_name: validate::optional_line("company_name", &p.company_name, 120)?
            .unwrap_or_default(),
        sender_name: validate::optional_line("sender_name", &p.sender_name, 120)?
            .unwrap_or_default(),
        signature: validate::optional_text("signature", &p.signature, 1000)?.unwrap_or_default(),
    };
    let values = [&clean.company_name, &clean.sender_name, &clean.signature];
    put_all(
        store,
        KEYS.iter()
            .zip(values)
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
    .await?;
    Ok(clean)
}

/// Write settings in one transaction, replacing the values that were there.
pub(crate) async fn put_all(store: &Store, pairs: Vec<(String, String)>) -> Result<()> {
    let txn = store.db().begin().await?;
    for (key, value) in pairs {
        setting::Entity::insert(setting::ActiveModel {
            key: Set(key),
            value: Set(value),
            updated_at: Set(now()),
        })
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(setting::Column::Key)
                .update_columns([setting::Column::Value, setting::Column::UpdatedAt])
                .to_owned(),
        )
        .exec(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
