//! Desktop notifications for reminders that fall due while Kindly runs: one notification for
//! one reminder, one summary when several fall due together. Reminders missed while Kindly was
//! closed are not replayed as notifications; the Today view shows them as overdue.

use crate::AppState;
use kindly_core::service::reminders;
use std::time::Duration;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

/// The words of the notification for what just fell due.
pub fn message(titles: &[String]) -> Option<(String, String)> {
    match titles {
        [] => None,
        [one] => Some(("Reminder".into(), one.clone())),
        many => Some((
            format!("{} reminders are due", many.len()),
            many.iter().take(3).cloned().collect::<Vec<_>>().join(" · "),
        )),
    }
}

pub fn spawn<R: Runtime>(app: AppHandle<R>) {
    crate::supervisor::watch(app.clone(), "reminders", move || run(app.clone()));
}

async fn run<R: Runtime>(app: AppHandle<R>) {
    let state = app.state::<AppState>();
    let Ok(store) = state.store().cloned() else {
        return;
    };
    let mut since = kindly_core::clock::now();
    loop {
        // Nobody whose consent has ended is chased for a check-in (at start, then with
        // every look at the reminders).
        if let Err(e) = kindly_core::service::pool::sweep(&store, kindly_core::clock::now()).await {
            tracing::warn!(code = ?e.code, "could not end check-ins for expired consent");
        }
        tokio::time::sleep(Duration::from_secs(30)).await;
        let now = kindly_core::clock::now();
        // One read of the reminders: the tray's count, and the notification for what fell due.
        match reminders::due_now(&store, since, now).await {
            Ok(due) => {
                crate::tray::show_due(&app, due.due);
                let titles: Vec<String> = due.newly.into_iter().map(|r| r.title).collect();
                if let Some((title, body)) = message(&titles) {
                    if let Err(e) = app.notification().builder().title(title).body(body).show() {
                        tracing::warn!(error = %e, "could not show a notification");
                    }
                }
                since = now;
            }
            Err(e) => tracing::warn!(code = ?e.code, "could not check reminders"),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_reminder_or_a_summary() {
        assert_eq!(super::message(&[]), None);
        assert_eq!(
            super::message(&["Call Ana".into()]),
            Some(("Reminder".into(), "Call Ana".into()))
        );
        let many: Vec<String> = ["A", "B", "C", "D"].iter().map(|s| s.to_string()).collect();
        assert_eq!(
            super::message(&many),
            Some(("4 reminders are due".into(), "A · B · C".into()))
        );
    }
}
