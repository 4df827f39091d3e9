//! The outbox worker, running beside the window: it recovers after a stop, sends what is due,
//! and tells the window (typed events) so the outbox view and progress bars stay current.

use crate::AppState;
use kindly_core::mail::outbox::{self, BatchProgress};
use kindly_core::service::sending::{self, OutboxEvents, WorkerConfig};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::time::Duration;
use tauri::{AppHandle, Manager, Runtime};
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

/// Start the worker. It wakes when told (a new or retried message) and at least every 30 s,
/// sooner when a scheduled message or a retry falls due.
pub fn spawn<R: Runtime>(app: AppHandle<R>) {
    let state = app.state::<AppState>();
    let Ok(store) = state.store().cloned() else {
        return;
    };
    let keychain = state.keychain.clone();
    let wake = state.outbox_wake.clone();
    let events = WindowEvents(app.clone());
    tauri::async_runtime::spawn(async move {
        match outbox::recover_after_crash(&store).await {
            Ok(n) if n > 0 => events.changed(),
            Ok(_) => {}
            Err(e) => tracing::error!(code = ?e.code, "outbox recovery failed"),
        }
        let cfg = WorkerConfig::default();
        loop {
            if let Err(e) = sending::drain(&store, &keychain, &cfg, &events).await {
                tracing::warn!(code = ?e.code, "outbox paused until the next try");
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
    });
}
