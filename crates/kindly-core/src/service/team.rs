//! Joining a team: the server Settings names (host, port, database, user; the password in the
//! keychain), checked by connecting, and the one-time move of this computer's data onto it,
//! checked table by table by counting rows.

use crate::desktop::TeamServer;
use crate::error::{CoreError, ErrorCode, Result};
use crate::store::entities as e;
use crate::store::Store;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseBackend, EntityTrait, IntoActiveModel,
    PaginatorTrait, Statement, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use specta::Type;

/// What connecting to the team's server found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TeamCheck {
    /// The server and database, without credentials.
    pub location: String,
    /// The certificate was checked against the host name (`verify-full`); false only for a
    /// server on this computer.
    pub verified_tls: bool,
    /// How many candidates the team's database already holds.
    pub candidates: u32,
}

/// One table moved: how many rows, the same on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TableMoved {
    pub table: String,
    pub rows: u32,
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// The server's address, checked field by field (`team_host`, `team_port`, `team_database`,
/// `team_user`). Never a password.
pub fn url(s: &TeamServer) -> Result<String> {
    let host = s.host.trim();
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':' | '[' | ']'));
    if !host_ok {
        return Err(CoreError::invalid(
            "team_host",
            "a server name such as db.example.com, or an address",
        ));
    }
    if s.port == 0 {
        return Err(CoreError::invalid(
            "team_port",
            "a port from 1 to 65535 (usually 5432)",
        ));
    }
    if !is_name(s.database.trim()) {
        return Err(CoreError::invalid(
            "team_database",
            "the database's name: letters, digits, '_', '-' or '.'",
        ));
    }
    if !is_name(s.user.trim()) {
        return Err(CoreError::invalid(
            "team_user",
            "the user's name on the server: letters, digits, '_', '-' or '.'",
        ));
    }
    Ok(format!(
        "postgres://{}@{}:{}/{}",
        s.user.trim(),
        host,
        s.port,
        s.database.trim()
    ))
}

/// Connect to the team's server (migrating it, under the team lock, if it is new) with
/// Kindly's built-in templates in place.
pub async fn open(s: &TeamServer, password: &str) -> Result<Store> {
    let url = url(s)?;
    let store = Store::open_postgres_with(&url, Some(password)).await?;
    super::templates::seed_builtins(&store).await?;
    Ok(store)
}

/// Connect and say what is there.
pub async fn check(s: &TeamServer, password: &str) -> Result<TeamCheck> {
    let store = open(s, password).await?;
    let opts = crate::store::postgres_options(&url(s)?, Some(password), true)?;
    let check = TeamCheck {
        location: store.info().location.clone(),
        verified_tls: matches!(
            opts.get_ssl_mode(),
            sea_orm::sqlx::postgres::PgSslMode::VerifyFull
        ),
        candidates: e::candidate::Entity::find().count(store.db()).await? as u32,
    };
    store.db().clone().close().await?;
    Ok(check)
}

async fn copy<E>(
    from: &Store,
    to: &sea_orm::DatabaseTransaction,
    moved: &mut Vec<TableMoved>,
) -> Result<()>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel> + Sync,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
{
    let rows = E::find().all(from.db()).await?;
    let n = rows.len() as u32;
    let mut it = rows.into_iter().peekable();
    while it.peek().is_some() {
        let chunk: Vec<E::ActiveModel> = it
            .by_ref()
            .take(500)
            // Every column written as it is, ids included.
            .map(|m| m.into_active_model().reset_all())
            .collect();
        E::insert_many(chunk).exec(to).await?;
    }
    let table = E::default().table_name().to_string();
    let there = E::find().count(to).await? as u32;
    if there != n {
        return Err(CoreError::new(
            ErrorCode::Database,
            format!(
                "moving {table}: {n} rows here, but {there} on the team server; nothing was moved"
            ),
        ));
    }
    // New rows on the server continue after the moved ones (tables keyed by a name have no
    // sequence).
    if matches!(table.as_str(), "settings" | "mailbox_state") {
        moved.push(TableMoved { table, rows: n });
        return Ok(());
    }
    to.execute_raw(Statement::from_string(
        DatabaseBackend::Postgres,
        format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        ),
    ))
    .await?;
    moved.push(TableMoved { table, rows: n });
    Ok(())
}

/// Copy everything in this computer's database (`local`) onto the team's new server (`team`),
/// once: in one transaction, table by table, each checked by counting its rows on both sides.
/// A server that already holds candidates, roles or messages is refused, and any failure
/// leaves it as it was. The local file is left as it is.
pub async fn move_data(local: &Store, team: &Store) -> Result<Vec<TableMoved>> {
    if team.backend() != DatabaseBackend::Postgres || local.backend() != DatabaseBackend::Sqlite {
        return Err(CoreError::new(
            ErrorCode::Unsupported,
            "Data moves from this computer's file to a team's PostgreSQL server.",
        ));
    }
    let txn = team.db().begin().await?;
    crate::store::team_lock(&txn, crate::store::TeamLock::Seed).await?;
    let held = e::candidate::Entity::find().count(&txn).await?
        + e::role::Entity::find().count(&txn).await?
        + e::message::Entity::find().count(&txn).await?;
    if held > 0 {
        return Err(CoreError::new(
            ErrorCode::Conflict,
            "The team's server already holds your team's work, so nothing was moved: join it as it is, and your colleagues' candidates are there.",
        ));
    }
    // The server's own first-start rows (built-in templates, settings) give way to this
    // computer's.
    e::template::Entity::delete_many().exec(&txn).await?;
    e::setting::Entity::delete_many().exec(&txn).await?;
    let mut moved = Vec::new();
    copy::<e::role::Entity>(local, &txn, &mut moved).await?;
    copy::<e::candidate::Entity>(local, &txn, &mut moved).await?;
    copy::<e::application::Entity>(local, &txn, &mut moved).await?;
    copy::<e::interview::Entity>(local, &txn, &mut moved).await?;
    copy::<e::activity::Entity>(local, &txn, &mut moved).await?;
    copy::<e::template::Entity>(local, &txn, &mut moved).await?;
    copy::<e::setting::Entity>(local, &txn, &mut moved).await?;
    copy::<e::message::Entity>(local, &txn, &mut moved).await?;
    copy::<e::reply::Entity>(local, &txn, &mut moved).await?;
    copy::<e::mailbox_state::Entity>(local, &txn, &mut moved).await?;
    copy::<e::reminder::Entity>(local, &txn, &mut moved).await?;
    copy::<e::offer::Entity>(local, &txn, &mut moved).await?;
    copy::<e::consent::Entity>(local, &txn, &mut moved).await?;
    copy::<e::pool_member::Entity>(local, &txn, &mut moved).await?;
    copy::<e::referee::Entity>(local, &txn, &mut moved).await?;
    copy::<e::background_check::Entity>(local, &txn, &mut moved).await?;
    copy::<e::erasure::Entity>(local, &txn, &mut moved).await?;
    copy::<e::retention_hold::Entity>(local, &txn, &mut moved).await?;
    txn.commit().await?;
    tracing::info!(
        tables = moved.len(),
        "this computer's data moved to the team server"
    );
    Ok(moved)
}
