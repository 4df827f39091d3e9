//! Kindly in the system tray: with the window closed it keeps running (reminders, sending, the
//! inbox), and its icon says how many reminders are due. The menu opens the window or Today,
//! pauses sending, and quits.

use crate::AppState;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::sync::atomic::Ordering;
use tauri::menu::{CheckMenuItem, Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Runtime};

const TRAY: &str = "main";

/// The window should show a section (the tray's "Today").
#[derive(Debug, Clone, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct OpenSection {
    pub section: String,
}

/// The tray's words for what is due (no names: the tooltip can be read over a shoulder).
pub fn due_words(due: usize) -> String {
    match due {
        0 => "Kindly: nothing due".into(),
        1 => "Kindly: 1 reminder due".into(),
        n => format!("Kindly: {n} reminders due"),
    }
}

/// Show the main window (made visible, brought forward).
pub fn show<R: Runtime>(app: &AppHandle<R>) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
}

/// The tray icon and its menu. Where the desktop has no tray, this fails and is logged; the
/// window then still hides on close, and launching Kindly again shows it.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, "open", "Open Kindly", true, None::<&str>)?;
    let today = MenuItem::with_id(app, "today", "Today", true, None::<&str>)?;
    let pause = CheckMenuItem::with_id(app, "pause", "Pause sending", true, false, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit Kindly", true, None::<&str>)?;
    let menu = Menu::with_items(
        app,
        &[
            &open,
            &today,
            &PredefinedMenuItem::separator(app)?,
            &pause,
            &PredefinedMenuItem::separator(app)?,
            &quit,
        ],
    )?;
    let mut tray = TrayIconBuilder::with_id(TRAY)
        .tooltip(due_words(0))
        .menu(&menu)
        .on_menu_event(move |app, event| match event.id().as_ref() {
            "open" => show(app),
            "today" => {
                show(app);
                use tauri_specta::Event;
                let _ = OpenSection {
                    section: "today".into(),
                }
                .emit(app);
            }
            "pause" => {
                let state = app.state::<AppState>();
                let now = !state.sending_paused.load(Ordering::SeqCst);
                state.sending_paused.store(now, Ordering::SeqCst);
                state.outbox_wake.notify_one();
                tracing::info!(paused = now, "sending paused from the tray");
            }
            "quit" => app.exit(0),
            _ => {}
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

/// Say on the tray how many reminders are due now.
pub fn show_due<R: Runtime>(app: &AppHandle<R>, due: usize) {
    if let Some(tray) = app.tray_by_id(TRAY) {
        let words = due_words(due);
        let _ = tray.set_tooltip(Some(&words));
        // Shown beside the icon where the desktop supports it (Linux app indicators).
        let _ = tray.set_title(Some(if due == 0 {
            String::new()
        } else {
            due.to_string()
        }));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_tray_says_how_many_are_due_without_names() {
        assert_eq!(super::due_words(0), "Kindly: nothing due");
        assert_eq!(super::due_words(1), "Kindly: 1 reminder due");
        assert_eq!(super::due_words(4), "Kindly: 4 reminders due");
    }
}
