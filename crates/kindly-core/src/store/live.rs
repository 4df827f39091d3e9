//! Live: what other desktops of the team changed, heard from the server (PostgreSQL
//! `LISTEN kindly_changes`, announced by the triggers of migration `m0015_live`). A desktop's
//! own changes are not news to it. SQLite has one desktop: nothing to hear.

use super::Store;
use crate::error::{CoreError, ErrorCode, Result};
use sea_orm::sqlx::postgres::PgListener;
use sea_orm::DatabaseBackend;
use std::collections::BTreeSet;
use std::time::Duration;

/// The channel the triggers announce on.
pub const CHANNEL: &str = "kindly_changes";

/// Changes other desktops made, gathered over a moment: which tables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub tables: BTreeSet<String>,
}

pub struct Listener {
    inner: PgListener,
    me: String,
}

fn lost(e: impl std::fmt::Display) -> CoreError {
    CoreError::new(
        ErrorCode::Database,
        format!("could not hear the team's changes: {e}"),
    )
}

/// Start hearing other desktops' changes; none on SQLite.
pub async fn listen(store: &Store) -> Result<Option<Listener>> {
    if store.backend() != DatabaseBackend::Postgres {
        return Ok(None);
    }
    let pool = store.db().get_postgres_connection_pool();
    let mut inner = PgListener::connect_with(pool).await.map_err(lost)?;
    inner.listen(CHANNEL).await.map_err(lost)?;
    Ok(Some(Listener {
        inner,
        me: store.announces_as().to_string(),
    }))
}

impl Listener {
    /// Wait for the next change another desktop made, then gather what else arrives within
    /// `settle` (an import, a batch), so the window refreshes once. A dropped connection is
    /// reconnected by sqlx; changes made while it was down are not replayed, so the caller
    /// refreshes everything after an error.
    pub async fn next(&mut self, settle: Duration) -> Result<Changes> {
        let mut out = Changes::default();
        loop {
            let n = self.inner.recv().await.map_err(lost)?;
            self.take(n.payload(), &mut out);
            if !out.tables.is_empty() {
                break;
            }
        }
        let until = tokio::time::Instant::now() + settle;
        while let Ok(r) = tokio::time::timeout_at(until, self.inner.recv()).await {
            let n = r.map_err(lost)?;
            self.take(n.payload(), &mut out);
        }
        Ok(out)
    }

    fn take(&self, payload: &str, out: &mut Changes) {
        if let Some((table, by)) = payload.split_once(' ') {
            if by != self.me {
                out.tables.insert(table.to_string());
            }
        }
    }
}
