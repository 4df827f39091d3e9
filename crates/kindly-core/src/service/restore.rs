//! Restoring a backup: sending stops (the caller's part), the file is rebuilt into a database
//! Kindly made (`store::backup`), the erasure ledger is carried into it and whoever it names is
//! erased again, what was waiting to be sent waits for the owner, and the result is staged
//! for the next start.

use super::{candidates, privacy};
use crate::error::Result;
use crate::mail::outbox;
use crate::store::backup::{self, unsupported};
use crate::store::Store;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseBackend;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::path::Path;

/// What a restore did, for the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RestoreReport {
    pub candidates: u32,
    /// People erased since (or in the ledger when) the backup was made, erased again.
    pub erased_again: u32,
    /// Messages that were waiting to go when the backup was made: they wait for the owner.
    pub messages_waiting: u32,
    /// Things in the file that Kindly did not make (triggers, views, tables, columns): left out.
    pub left_out: u32,
}

/// Restore `file`: check it, rebuild it into a database Kindly made (only Kindly's tables and
/// columns are copied; anything else in the file, a trigger or a view, never runs and is left
/// behind), carry the erasure ledger into it and erase again whoever it names, hold back what
/// was waiting to be sent, keep a copy of the current database aside, and place the result
/// to be swapped in at the next start (the app restarts to finish). The caller stops the
/// outbox first.
pub async fn stage_restore(
    store: &Store,
    data_dir: &Path,
    file: &Path,
    at: DateTime<Utc>,
) -> Result<RestoreReport> {
    if store.backend() != DatabaseBackend::Sqlite {
        return Err(unsupported());
    }
    let rebuilt = backup::rebuild_backup(data_dir, file).await?;
    let result = async {
        let restored = Store::open_sqlite(&rebuilt.path).await?;
        let erased_again = privacy::reapply_ledger(store, &restored).await?;
        let messages_waiting = outbox::hold_after_restore(restored.db()).await?;
        let candidates = candidates::count_all(&restored).await?;
        restored.close().await?;
        backup::stage_rebuilt(store, data_dir, &rebuilt, at).await?;
        Ok(RestoreReport {
            candidates: candidates as u32,
            erased_again,
            messages_waiting: messages_waiting as u32,
            left_out: rebuilt.left_out,
        })
    }
    .await;
    backup::remove_with_sides(&rebuilt.path);
    if let Ok(r) = &result {
        tracing::info!(
            erased_again = r.erased_again,
            waiting = r.messages_waiting,
            left_out = r.left_out,
            "restore staged"
        );
    }
    result
}
