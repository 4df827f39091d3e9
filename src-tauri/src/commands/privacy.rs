//! Looking after people's data: retention, erasure, access export, backups and restore.

use super::prelude::*;

/// Candidates due (or nearly due) for deletion under the retention policy.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn retention_list(state: State<'_, AppState>) -> Res<Vec<RetentionItem>> {
    guarded(async move { privacy::retention_list(state.store()?, kindly_core::clock::now()).await })
        .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, reason), err)]
pub async fn keep_longer(
    state: State<'_, AppState>,
    candidate_id: i32,
    until: String,
    reason: String,
) -> Res<()> {
    guarded(async move {
        privacy::keep_longer(
            state.store()?,
            candidate_id,
            &until,
            &reason,
            kindly_core::clock::now(),
        )
        .await
    })
    .await
}

/// Erase every trace of a candidate's personal data (the window asks first).
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn erase_candidate(state: State<'_, AppState>, candidate_id: i32) -> Res<()> {
    guarded(async move {
    privacy::erase(state.store()?, candidate_id, kindly_core::clock::now()).await
    })
    .await
}

/// The backups and side copies that still hold a candidate, and when each is removed: what
/// the erase dialog tells the owner (none on a shared PostgreSQL server, whose backups are
/// the server's).
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn copies_holding(state: State<'_, AppState>, candidate_id: i32) -> Res<Vec<HeldCopy>> {
    guarded(async move {
        let store = state.store()?;
        if store.backend() != sea_orm::DatabaseBackend::Sqlite {
            return Ok(vec![]);
        }
        let keep = settings::desk(store).await?.backups_kept as usize;
        backup::copies_holding(&state.data_dir, candidate_id, keep).await
    })
    .await
}

/// Everything held about one candidate, zipped (HTML + JSON), at the path the owner chose;
/// what referees said only when the owner includes it.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state, file), err)]
pub async fn export_candidate_data(
    state: State<'_, AppState>,
    candidate_id: i32,
    include_references: bool,
    file: String,
) -> Res<()> {
    guarded(async move {
        let path = super::files::chosen(&state, &file, super::files::FilePurpose::AccessExport)?;
        privacy::export_access(state.store()?, candidate_id, include_references, &path).await
    })
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn list_backups(state: State<'_, AppState>) -> Res<Vec<BackupInfo>> {
    guarded(async move {
        state.store()?;
        Ok(backup::list(&backup::backup_dir(&state.data_dir)))
    })
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn backup_now(state: State<'_, AppState>) -> Res<BackupInfo> {
    guarded(async move {
        let store = state.store()?;
        let keep = settings::desk(store).await?.backups_kept as usize;
        backup::backup_now(
            store,
            &backup::backup_dir(&state.data_dir),
            keep,
            kindly_core::clock::now(),
        )
        .await
    })
    .await
}

/// Check a backup file and swap it in: sending stops first, the file is rebuilt into a
/// database Kindly made, the current one is kept aside, and the app restarts to open it.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state, file), err)]
pub async fn restore_backup(state: State<'_, AppState>, file: String) -> Res<RestoreReport> {
    guarded(async move {
        use std::sync::atomic::Ordering;
        let path = super::files::chosen(&state, &file, super::files::FilePurpose::Backup)?;
        let store = state.store()?;
        state.outbox_stop.store(true, Ordering::SeqCst);
        // Wait for the message being sent (if any) to finish; none starts after it.
        let sending = state.outbox_gate.lock().await;
        let staged = kindly_core::service::restore::stage_restore(
            store,
            &state.data_dir,
            &path,
            kindly_core::clock::now(),
        )
        .await;
        drop(sending);
        match staged {
            Ok(report) => {
                tracing::info!("restore staged; restarting");
                state.restart.notify_one();
                Ok(report)
            }
            Err(e) => {
                state.outbox_stop.store(false, Ordering::SeqCst);
                state.outbox_wake.notify_one();
                Err(e)
            }
        }
    })
    .await
}

/// How many messages wait for the owner since a restore (they were waiting to go when the
/// backup was made).
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn messages_waiting_since_restore(state: State<'_, AppState>) -> Res<u32> {
    guarded(async move {
        Ok(kindly_core::mail::outbox::waiting_since_restore(state.store()?).await? as u32)
    })
    .await
}

/// The owner's answer for the messages waiting since a restore: send them all now, or drop
/// them all. Returns how many changed.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn settle_restored_messages(state: State<'_, AppState>, send: bool) -> Res<u32> {
    guarded(async move {
        let n = kindly_core::mail::outbox::settle_restored(state.store()?, send).await?;
        if send {
            state.outbox_wake.notify_one();
        }
        Ok(n as u32)
    })
    .await
}
