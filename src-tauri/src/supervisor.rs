//! Background workers that come back (the outbox, the inbox, reminders, the team's live
//! changes, daily backups). A panic inside one is logged where it happened (the panic hook) and
//! by the worker's name here; the worker starts again after a pause that doubles from a second
//! to five minutes. Five panics in a row, with less than an hour of work between them, and the
//! window is told which part stopped; the worker still keeps trying.

use std::future::Future;
use std::time::{Duration, Instant};

pub const FIRST_PAUSE: Duration = Duration::from_secs(1);
pub const LONGEST_PAUSE: Duration = Duration::from_secs(300);
/// Panics in a row after which the window is told.
pub const TELL_AFTER: u32 = 5;
/// A run this long resets the count: the worker was working.
const WORKED: Duration = Duration::from_secs(3600);

/// Run the worker `make` builds, again after each panic; `stopped(name)` once it keeps failing.
pub fn supervise<F, Fut>(
    name: &'static str,
    make: F,
    stopped: impl Fn(&'static str) + Send + 'static,
) -> tauri::async_runtime::JoinHandle<()>
where
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    tauri::async_runtime::spawn(async move {
        let mut pause = FIRST_PAUSE;
        let mut in_a_row = 0;
        loop {
            let started = Instant::now();
            if tauri::async_runtime::spawn(make()).await.is_ok() {
                return;
            }
            if started.elapsed() >= WORKED {
                in_a_row = 0;
                pause = FIRST_PAUSE;
            }
            in_a_row += 1;
            tracing::error!(
                worker = name,
                in_a_row,
                "a background worker stopped on a panic; it starts again"
            );
            if in_a_row == TELL_AFTER {
                stopped(name);
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(LONGEST_PAUSE);
        }
    })
}

/// [`supervise`] for one of the app's workers: a part that keeps failing is named in the
/// window (`AppInfo::stopped_parts`).
pub fn watch<R, F, Fut>(app: tauri::AppHandle<R>, name: &'static str, make: F)
where
    R: tauri::Runtime,
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    use tauri::Manager;
    supervise(name, make, move |name| {
        let state = app.state::<crate::state::AppState>();
        let mut parts = state
            .stopped_parts
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if !parts.iter().any(|p| p == name) {
            parts.push(name.to_string());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::{Arc, Mutex};

    #[test]
    fn a_worker_that_panics_starts_again_and_one_that_keeps_failing_is_named() {
        // Quiet the panics' reports in the test output.
        let usual = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let runs = Arc::new(AtomicU32::new(0));
        let told = Arc::new(Mutex::new(Vec::new()));
        let (r, t) = (runs.clone(), told.clone());
        // Panics twice, then does its work and ends.
        let done = supervise(
            "outbox",
            move || {
                let r = r.clone();
                async move {
                    if r.fetch_add(1, Ordering::SeqCst) < 2 {
                        panic!("a test worker fails");
                    }
                }
            },
            move |name| t.lock().unwrap().push(name),
        );
        tauri::async_runtime::block_on(done).unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), 3, "ran again after each panic");
        assert!(
            told.lock().unwrap().is_empty(),
            "two panics are not 'keeps failing'"
        );

        // Panics every time: after five in a row, the window is told which part stopped.
        let told = Arc::new(Mutex::new(Vec::new()));
        let t = told.clone();
        let always = supervise(
            "inbox",
            || async { panic!("a test worker always fails") },
            move |name| t.lock().unwrap().push(name),
        );
        let waited = FIRST_PAUSE * (1 + 2 + 4 + 8) + Duration::from_millis(500);
        std::thread::sleep(waited);
        assert_eq!(*told.lock().unwrap(), ["inbox"]);
        always.abort();
        std::panic::set_hook(usual);
    }
}
