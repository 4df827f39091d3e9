//! What the commands share: the store (its connection pool is cheap to clone and needs no
//! lock) and where things live. A store that failed to open is kept as its error, so the
//! window still opens and says what is wrong.

use kindly_core::secrets::Keychain;
use kindly_core::{CoreError, Store};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use tokio::sync::Notify;

/// Tells the window how a long import is going (the app sends a typed event; tests ignore it).
pub type ImportProgress = Arc<dyn Fn(u32, u32) + Send + Sync>;

/// The keychain service Kindly's entries live under: one for release builds, another for
/// development, and `KINDLY_KEYCHAIN_SERVICE` for tests.
pub const KEYCHAIN_SERVICE: &str = if cfg!(debug_assertions) {
    "app.kindly.desktop.dev"
} else {
    "app.kindly.desktop"
};

pub struct AppState {
    store: Result<Store, CoreError>,
    pub keychain: Keychain,
    /// Wakes the outbox worker when something was queued or retried.
    pub outbox_wake: Arc<Notify>,
    /// Asks the app to restart (a restored backup is swapped in at start).
    pub restart: Arc<Notify>,
    pub import_progress: ImportProgress,
    /// Set to stop the import in progress (it rolls back).
    pub import_cancel: Arc<AtomicBool>,
    pub data_dir: PathBuf,
    pub log_dir: PathBuf,
    /// The owner's IANA time zone, read from the OS at start (tests set their own).
    pub time_zone: String,
    /// A DNS server for MX lookups other than the system's: only a test's, and only in debug
    /// builds (`KINDLY_TEST_DNS`).
    pub dns_server: Option<std::net::SocketAddr>,
}

impl AppState {
    pub async fn open(data_dir: PathBuf, log_dir: PathBuf, database_url: Option<&str>) -> Self {
        let store = kindly_core::open(&data_dir, database_url).await;
        if let Err(e) = &store {
            tracing::error!(code = ?e.code, "the database could not be opened");
        }
        AppState {
            store,
            keychain: Keychain::from_env(KEYCHAIN_SERVICE),
            outbox_wake: Arc::new(Notify::new()),
            restart: Arc::new(Notify::new()),
            import_progress: Arc::new(|_, _| {}),
            import_cancel: Arc::new(AtomicBool::new(false)),
            data_dir,
            log_dir,
            time_zone: iana_time_zone::get_timezone().unwrap_or_else(|_| "UTC".into()),
            dns_server: if cfg!(debug_assertions) {
                std::env::var("KINDLY_TEST_DNS")
                    .ok()
                    .and_then(|a| a.parse().ok())
            } else {
                None
            },
        }
    }

    pub fn store(&self) -> Result<&Store, CoreError> {
        self.store.as_ref().map_err(Clone::clone)
    }

    pub fn store_error(&self) -> Option<&CoreError> {
        self.store.as_ref().err()
    }
}
