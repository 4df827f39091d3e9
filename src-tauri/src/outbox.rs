//! The outbox worker, running beside the window: it recovers after a stop, sends what is due,
//! and tells the window (typed events) so the outbox view and progress bars stay current.

use crate::AppState;
use kindly_core::mail::outbox::{self, BatchProgress};
use kindly_core::service::sending::{self, OutboxEvents, OutboxHealth, WorkerConfig};
use kindly_core::ErrorCode;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::time::Duration;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;
use tauri_specta::Event;

/// The outbox changed; `progress` is set while a batch is going out.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct OutboxChanged {
    pub progress: Option<BatchProgress>,
}

/// How a CSV import is going, for its progress bar.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct ImportProgressed {
    pub done: u32,
    pub total: u32,
}

struct WindowEvents<R: Runtime>(AppHandle<R>);

impl<R: Runtime> OutboxEvents for WindowEvents<R> {
    fn changed(&self) {
        let _ = OutboxChanged { progress: None }.emit(&self.0);
    }
    fn batch(&self, p: &BatchProgress) {
        let _ = OutboxChanged {
            progress: Some(p.clone()),
        }
        .emit(&self.0);
    }
}

/// Look at the owner's inbox for replies: again as soon as the server says something arrived
/// (IDLE, re-issued every 28 minutes), or every two minutes where it cannot. The window
/// hears of every change; the desktop is told how many replies came (no names), never of
/// auto-replies or bounces.
pub fn spawn_inbox<R: Runtime>(app: AppHandle<R>) {
    crate::supervisor::watch(app.clone(), "inbox", move || run_inbox(app.clone()));
}

async fn run_inbox<R: Runtime>(app: AppHandle<R>) {
    use kindly_core::mail::imap::Waited;
    use kindly_core::service::inbox;
    let state = app.state::<AppState>();
    let Ok(store) = state.store().cloned() else {
        return;
    };
    let keychain = state.keychain.clone();
    let zone = state.time_zone.clone();
    let wake = state.inbox_wake.clone();
    let events = WindowEvents(app.clone());
    // A pause between looks that ends early when the mail settings change.
    let pause = |d: Duration| {
        let wake = wake.clone();
        async move {
            tokio::select! {
                _ = tokio::time::sleep(d) => {}
                _ = wake.notified() => {}
            }
        }
    };
    loop {
        match inbox::scan(&store, &keychain, &zone).await {
            Ok(Some(r)) => {
                if r.stored > 0 || r.bounced > 0 {
                    events.changed();
                }
                if let Some(title) = replies_arrived(r.replies) {
                    if let Err(e) = app
                        .notification()
                        .builder()
                        .title(title)
                        .body("Open Kindly to read it on Today.")
                        .show()
                    {
                        tracing::warn!(error = %e, "could not show a notification");
                    }
                }
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(code = ?e.code, "could not look at the inbox"),
        }
        match inbox::wait_for_mail(&store, &keychain).await {
            // Never spin: a server that answers at once is asked again after a second.
            Ok(Waited::NewMail | Waited::Quiet) => pause(Duration::from_secs(1)).await,
            Ok(Waited::NoIdle) => pause(Duration::from_secs(120)).await,
            Err(e) => {
                tracing::warn!(code = ?e.code, "could not wait on the inbox");
                pause(Duration::from_secs(120)).await
            }
        }
    }
}

/// The desktop notification's title for replies that arrived (none for none).
pub fn replies_arrived(n: u32) -> Option<String> {
    match n {
        0 => None,
        1 => Some("A reply arrived".to_string()),
        n => Some(format!("{n} replies arrived")),
    }
}

/// The desktop notification when messages cannot go: how many, and the fix (no names).
pub fn stuck_message(h: &OutboxHealth) -> Option<(String, String)> {
    let p = h.problem.as_ref()?;
    let title = match h.waiting {
        1 => "1 message is waiting to go".to_string(),
        n => format!("{n} messages are waiting to go"),
    };
    Some((title, format!("Kindly cannot send right now. {}", p.fix)))
}

/// Start the worker. It wakes when told (a new or retried message) and at least every 30 s,
/// sooner when a scheduled message or a retry falls due.
pub fn spawn<R: Runtime>(app: AppHandle<R>) {
    crate::supervisor::watch(app.clone(), "outbox", move || run_outbox(app.clone()));
}

async fn run_outbox<R: Runtime>(app: AppHandle<R>) {
    let state = app.state::<AppState>();
    let Ok(store) = state.store().cloned() else {
        return;
    };
    let keychain = state.keychain.clone();
    let wake = state.outbox_wake.clone();
    let gate = state.outbox_gate.clone();
    let stop = state.outbox_stop.clone();
    let paused = state.sending_paused.clone();
    let events = WindowEvents(app.clone());
    let app = events.0.clone();
    match outbox::recover_after_crash(&store).await {
        Ok(n) if n > 0 => events.changed(),
        Ok(_) => {}
        Err(e) => tracing::error!(code = ?e.code, "outbox recovery failed"),
    }
    let cfg = WorkerConfig {
        stop: stop.clone(),
        ..WorkerConfig::default()
    };
    // The problem the owner was last told about, so the desktop says it once.
    let mut told_about: Option<ErrorCode> = None;
    loop {
        {
            let _sending = gate.lock().await;
            if stop.load(std::sync::atomic::Ordering::SeqCst)
                || paused.load(std::sync::atomic::Ordering::SeqCst)
            {
                // A restore is being staged, or the owner paused sending from the tray:
                // nothing goes until it is done, given up or resumed (each wakes this).
                drop(_sending);
                wake.notified().await;
                continue;
            }
            if let Err(e) = sending::drain(&store, &keychain, &cfg, &events).await {
                tracing::warn!(code = ?e.code, "outbox paused until the next try");
            }
        }
        match sending::health(&store).await {
            Ok(h) => {
                let now = h.problem.as_ref().map(|p| p.code);
                if now.is_some() && now != told_about {
                    events.changed();
                    if let Some((title, body)) = stuck_message(&h) {
                        if let Err(e) = app.notification().builder().title(title).body(body).show()
                        {
                            tracing::warn!(error = %e, "could not show a notification");
                        }
                    }
                }
                told_about = now;
            }
            Err(e) => tracing::warn!(code = ?e.code, "could not read the outbox"),
        }
        let wait = match outbox::next_due(&store).await {
            Ok(Some(t)) => (t - kindly_core::clock::now())
                .to_std()
                .unwrap_or(Duration::ZERO)
                .clamp(Duration::from_millis(200), Duration::from_secs(30)),
            _ => Duration::from_secs(30),
        };
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(wait) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use kindly_core::service::sending::{OutboxHealth, SendProblem};

    #[test]
    fn only_replies_a_person_wrote_make_a_notification() {
        // A look that stored only auto-replies, scores or bounces has no replies to tell of.
        assert_eq!(super::replies_arrived(0), None);
        assert_eq!(
            super::replies_arrived(1).as_deref(),
            Some("A reply arrived")
        );
        assert_eq!(
            super::replies_arrived(3).as_deref(),
            Some("3 replies arrived")
        );
    }
    use kindly_core::ErrorCode;

    fn health(waiting: u32, problem: bool) -> OutboxHealth {
        OutboxHealth {
            waiting,
            problem: problem.then(|| SendProblem {
                code: ErrorCode::SmtpConnect,
                message: "smtp.example.com:587 refused the connection".into(),
                fix: "Kindly keeps trying on its own.".into(),
                in_settings: true,
                since: "2026-03-02T10:00:00Z".into(),
            }),
            reading: None,
        }
    }

    #[test]
    fn the_desktop_says_how_many_wait_and_the_fix_without_names() {
        assert_eq!(super::stuck_message(&health(3, false)), None);
        assert_eq!(
            super::stuck_message(&health(1, true)),
            Some((
                "1 message is waiting to go".into(),
                "Kindly cannot send right now. Kindly keeps trying on its own.".into()
            ))
        );
        let (title, body) = super::stuck_message(&health(12, true)).unwrap();
        assert_eq!(title, "12 messages are waiting to go");
        // The server's words (which may quote an address) stay in the window.
        assert!(!body.contains("smtp.example.com"));
    }
}
