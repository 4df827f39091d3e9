//! Updates: whether and where this computer looks for a new Kindly, looking now, and
//! installing what was found on the owner's click. Settings are this computer's (desktop.json).

use super::prelude::*;
use crate::updates::UpdateReady;
use kindly_core::ErrorCode;

/// What Settings → "Updates" shows.
#[derive(Debug, Clone, Serialize, Type)]
pub struct UpdatesView {
    /// This Kindly's version.
    pub version: String,
    /// Look by itself at start and once a day.
    pub check_automatically: bool,
    /// The address this computer looks at; `None` is the one Kindly was built with.
    pub endpoint: Option<String>,
    /// This copy can replace itself (an installed package or AppImage, not a test build).
    pub can_update: bool,
}

fn read(state: &AppState) -> UpdatesView {
    let u = kindly_core::desktop::current().updates;
    UpdatesView {
        version: env!("CARGO_PKG_VERSION").to_string(),
        check_automatically: u.check_automatically,
        endpoint: u.endpoint,
        can_update: state.updates.is_some(),
    }
}

fn updates(state: &AppState) -> Res<&crate::updates::Updates> {
    state.updates.as_ref().ok_or_else(|| {
        CoreError::new(
            ErrorCode::UpdateUnavailable,
            "This copy of Kindly can't update itself (it was not installed from a package).",
        )
    })
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn get_updates(state: State<'_, AppState>) -> Res<UpdatesView> {
    guarded(async move { Ok(read(&state)) }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
/// Keep whether Kindly looks for updates by itself, and where (blank: Kindly's own address).
pub async fn set_updates(
    state: State<'_, AppState>,
    check_automatically: bool,
    endpoint: String,
) -> Res<UpdatesView> {
    guarded(async move {
        kindly_core::desktop::set_updates(&state.data_dir, check_automatically, &endpoint)?;
        tracing::info!(check_automatically, "update settings saved");
        Ok(read(&state))
    })
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
/// Look for a newer Kindly now; `None` when this one is the newest.
pub async fn check_for_update(state: State<'_, AppState>) -> Res<Option<UpdateReady>> {
    guarded(async move {
        let check = updates(&state)?.check.clone();
        check(kindly_core::desktop::current().updates.endpoint).await
    })
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
/// Download the update that was found, check its signature, install it and restart into it.
/// A file whose signature doesn't match is refused, and this version keeps running.
pub async fn install_update(state: State<'_, AppState>) -> Res<()> {
    guarded(async move {
        let install = updates(&state)?.install.clone();
        install().await
    })
    .await
}
