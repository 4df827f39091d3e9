//! Team mode, live: what another desktop changed on the shared server reaches this window
//! within a second (`TeamChanged`), so lists, Today and the candidate's page refresh and an open
//! form can say "Sam changed this". Nothing to hear on SQLite.

use crate::outbox::OutboxChanged;
use crate::AppState;
use kindly_core::store::live;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::time::Duration;
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;

/// Another desktop changed these tables (empty: anything may have changed; refresh all).
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct TeamChanged {
    pub tables: Vec<String>,
}

/// How long changes are gathered before the window hears of them (an import, a batch).
const SETTLE: Duration = Duration::from_millis(150);

pub fn spawn<R: Runtime>(app: AppHandle<R>) {
    crate::supervisor::watch(app.clone(), "team changes", move || run(app.clone()));
}

async fn run<R: Runtime>(app: AppHandle<R>) {
    let state = app.state::<AppState>();
    let Ok(store) = state.store().cloned() else {
        return;
    };
    loop {
        match live::listen(&store).await {
            Ok(None) => return,
            Ok(Some(mut heard)) => loop {
                match heard.next(SETTLE).await {
                    Ok(c) => {
                        let tables: Vec<String> = c.tables.into_iter().collect();
                        if tables.iter().any(|t| t == "messages") {
                            let _ = OutboxChanged { progress: None }.emit(&app);
                        }
                        let _ = TeamChanged { tables }.emit(&app);
                    }
                    Err(e) => {
                        tracing::warn!(code = ?e.code, "stopped hearing the team's changes");
                        // What changed while it was down is not replayed: refresh all.
                        let _ = TeamChanged { tables: vec![] }.emit(&app);
                        break;
                    }
                }
            },
            Err(e) => tracing::warn!(code = ?e.code, "could not hear the team's changes"),
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}
