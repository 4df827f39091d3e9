//! Kindly with its window closed: whether closing the window leaves it running in the tray
//! (so reminders fire and scheduled messages go), and whether it starts when the owner logs in.
//! Both are this computer's, not the team's.

use super::prelude::*;

/// What Settings → "On this computer" shows.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Background {
    /// Closing the window leaves Kindly running in the tray (on unless turned off).
    pub keep_running: bool,
    /// Kindly starts when the owner logs in; `None` where this system can't say (no autostart).
    pub start_at_login: Option<bool>,
    /// Sending is paused from the tray: nothing goes until it is resumed.
    pub sending_paused: bool,
}

fn read(state: &AppState) -> Background {
    Background {
        keep_running: !kindly_core::desktop::current().quit_on_close,
        start_at_login: state.autostart.as_ref().and_then(|a| match a(None) {
            Ok(on) => Some(on),
            Err(e) => {
                tracing::warn!(error = %e, "could not read the start-at-login setting");
                None
            }
        }),
        sending_paused: state
            .sending_paused
            .load(std::sync::atomic::Ordering::SeqCst),
    }
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn get_background(state: State<'_, AppState>) -> Res<Background> {
    guarded(async move { Ok(read(&state)) }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
/// Keep running in the tray when the window closes, and start at login.
pub async fn set_background(
    state: State<'_, AppState>,
    keep_running: bool,
    start_at_login: bool,
) -> Res<Background> {
    guarded(async move {
        if let Some(autostart) = state.autostart.as_ref() {
            autostart(Some(start_at_login)).map_err(|e| {
                tracing::warn!(error = %e, "could not change the start-at-login setting");
                CoreError::invalid(
                    "start_at_login",
                    "this system did not let Kindly change whether it starts when you log in",
                )
            })?;
        } else if start_at_login {
            return Err(CoreError::invalid(
                "start_at_login",
                "this system has no way to start Kindly when you log in",
            ));
        }
        kindly_core::desktop::set_quit_on_close(&state.data_dir, !keep_running)?;
        tracing::info!(keep_running, start_at_login, "background settings saved");
        Ok(read(&state))
    })
    .await
}

/// End-to-end tests only: close the main window as its close button does (WebDriver's own
/// "close" tears the window down instead). Refused in a release build.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn test_close_window(state: State<'_, AppState>) -> Res<()> {
    guarded(async move {
        match state.close_window.as_ref() {
            Some(close) if cfg!(debug_assertions) => close().map_err(|e| {
                tracing::warn!(error = %e, "the window did not close");
                CoreError::new(kindly_core::ErrorCode::Internal, "the window did not close")
            }),
            _ => Err(CoreError::new(
                kindly_core::ErrorCode::Unsupported,
                "Only a development build can be asked to close its window.",
            )),
        }
    })
    .await
}
