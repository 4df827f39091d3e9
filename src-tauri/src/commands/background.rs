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

/// The lines of a log file worth reporting: the last `n`.
fn last_lines(text: &str, n: usize) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].to_vec()
}

/// The system's name, from os-release where there is one ("Debian GNU/Linux 12 (bookworm)").
fn system_name() -> String {
    let pretty = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim_matches('"').to_string())
        });
    match pretty {
        Some(p) => format!("{} {} ({p})", std::env::consts::OS, std::env::consts::ARCH),
        None => format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
    }
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
/// A report of what went wrong, for the owner to copy and send to whoever helps them: the
/// version, the system, the error's code and the last lines of today's log. Logs hold codes and
/// ids, never names, addresses or message text, so neither does this. Nothing is sent anywhere.
pub async fn crash_report(state: State<'_, AppState>, code: kindly_core::ErrorCode) -> Res<String> {
    guarded(async move {
        let newest = std::fs::read_dir(&state.log_dir)
            .ok()
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("kindly") && n.ends_with(".log"))
            })
            .max();
        let log = newest
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default();
        let mut report = format!(
            "Kindly {} report\nSystem: {}\nError: {}\nAt: {}\n\nThe last lines of Kindly's log (codes and ids only):\n",
            env!("CARGO_PKG_VERSION"),
            system_name(),
            serde_json::to_value(code)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| format!("{code:?}")),
            kindly_core::clock::now().format("%Y-%m-%d %H:%M:%S UTC"),
        );
        for line in last_lines(&log, 30) {
            report.push_str(line);
            report.push('\n');
        }
        Ok(report)
    })
    .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_report_takes_the_last_lines_of_the_log() {
        assert_eq!(super::last_lines("a\nb\nc\n", 2), vec!["b", "c"]);
        assert_eq!(super::last_lines("a", 5), vec!["a"]);
        assert!(super::last_lines("", 5).is_empty());
    }
}
