//! Looking after people's data: retention, erasure, access export, backups and restore.

use super::prelude::*;

/// Candidates due (or nearly due) for deletion under the retention policy.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn retention_list(state: State<'_, AppState>) -> Res<Vec<RetentionItem>> {
    privacy::retention_list(state.store()?, kindly_core::clock::now()).await
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
    privacy::keep_longer(
        state.store()?,
        candidate_id,
        &until,
        &reason,
        kindly_core::clock::now(),
    )
    .await
}

/// Erase every trace of a candidate's personal data (the window asks first).
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn erase_candidate(state: State<'_, AppState>, candidate_id: i32) -> Res<()> {
    privacy::erase(state.store()?, candidate_id, kindly_core::clock::now()).await
}

/// Everything held about one candidate, zipped (HTML + JSON), at the path the owner chose;
/// what referees said only when the owner includes it.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state, path), err)]
pub async fn export_candidate_data(
    state: State<'_, AppState>,
    candidate_id: i32,
    include_references: bool,
    path: String,
) -> Res<()> {
    privacy::export_access(
        state.store()?,
        candidate_id,
        include_references,
        std::path::Path::new(&path),
    )
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn list_backups(state: State<'_, AppState>) -> Res<Vec<BackupInfo>> {
    state.store()?;
    Ok(backup::list(&backup::backup_dir(&state.data_dir)))
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn backup_now(state: State<'_, AppState>) -> Res<BackupInfo> {
    let store = state.store()?;
    let keep = settings::desk(store).await?.backups_kept as usize;
    backup::backup_now(
        store,
        &backup::backup_dir(&state.data_dir),
        keep,
        kindly_core::clock::now(),
    )
    .await
}

/// Check a backup file and swap it in: the current database is kept aside and the app
/// restarts to open the restored one.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state, path), err)]
pub async fn restore_backup(state: State<'_, AppState>, path: String) -> Res<BackupCheck> {
    let checked = backup::stage_restore(
        state.store()?,
        &state.data_dir,
        std::path::Path::new(&path),
        kindly_core::clock::now(),
    )
    .await?;
    tracing::info!("restore staged; restarting");
    state.restart.notify_one();
    Ok(checked)
}
