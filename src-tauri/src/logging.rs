//! `tracing` to a daily-rotated file in the app's log directory (last 7 kept). Message
//! bodies and secrets are never logged: events carry ids, not content.

use std::path::Path;
use std::sync::OnceLock;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::EnvFilter;

static GUARD: OnceLock<WorkerGuard> = OnceLock::new();

pub fn init(dir: &Path) {
    // The folder is the owner's alone (0700): the logs hold no names, but they are theirs.
    if let Err(e) = kindly_core::file::private_dir(dir) {
        eprintln!(
            "Kindly: logging disabled, cannot create {}: {e}",
            dir.display()
        );
        return;
    }
    let appender = match Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("kindly")
        .filename_suffix("log")
        .max_log_files(7)
        .build(dir)
    {
        Ok(a) => a,
        Err(e) => {
            eprintln!(
                "Kindly: logging disabled, cannot write to {}: {e}",
                dir.display()
            );
            return;
        }
    };
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env("KINDLY_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tao=warn,wry=warn"));
    if tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .is_ok()
    {
        let _ = GUARD.set(guard);
        log_panics();
        tracing::info!(version = env!("CARGO_PKG_VERSION"), "Kindly started");
    }
}

/// A panic goes into the log by where it happened, never by its message: a message may quote
/// what was typed, and a desktop session keeps an app's standard error in its own journal. A
/// release build writes only the place to standard error too; a development build keeps Rust's
/// usual report there.
fn log_panics() {
    let usual = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "an unknown place".into());
        tracing::error!(at = %at, "a panic inside Kindly");
        if cfg!(debug_assertions) {
            usual(info);
        } else {
            eprintln!("Kindly: a panic at {at}");
        }
    }));
}
