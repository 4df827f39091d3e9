//! The owner's profile and the desk settings (promises, the welcome plan, backups).

use super::prelude::*;

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn get_profile(state: State<'_, AppState>) -> Res<Profile> {
    guarded(async move { settings::profile(state.store()?).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn save_profile(state: State<'_, AppState>, profile: Profile) -> Res<Profile> {
    guarded(async move { settings::save_profile(state.store()?, profile).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn get_desk_settings(state: State<'_, AppState>) -> Res<DeskSettings> {
    guarded(async move { settings::desk(state.store()?).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn save_desk_settings(
    state: State<'_, AppState>,
    settings: DeskSettings,
) -> Res<DeskSettings> {
    guarded(
        async move { kindly_core::service::settings::save_desk(state.store()?, settings).await },
    )
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
/// Name the person at this computer ("Maria"), or none: kept on this computer, written on
/// every timeline entry and message from here when a team shares a server.
pub async fn set_desktop_name(state: State<'_, AppState>, name: String) -> Res<Option<String>> {
    guarded(async move { Ok(kindly_core::desktop::rename(&state.data_dir, &name)?.name) }).await
}
