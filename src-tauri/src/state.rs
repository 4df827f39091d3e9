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
    /// Wakes the inbox worker (the mail settings changed: look now, with them).
    pub inbox_wake: Arc<Notify>,
    /// Asks the app to restart (a restored backup is swapped in at start; an installed update
    /// starts).
    pub restart: Arc<Notify>,
    /// Background workers that keep failing (see `supervisor`), named for the window.
    pub stopped_parts: std::sync::Mutex<Vec<String>>,
    /// Set to stop the outbox worker before the next message (a restore is being staged).
    pub outbox_stop: Arc<AtomicBool>,
    /// Held by the outbox worker while it sends; a restore takes it to know nothing is going.
    pub outbox_gate: Arc<tokio::sync::Mutex<()>>,
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
    /// An authorization server other than Google's and Microsoft's: only a test's, and only
    /// in debug builds (`KINDLY_TEST_OAUTH_URL`).
    pub oauth_test_url: Option<String>,
    /// What opens the sign-in page instead of the system browser: only a test's HTTP client,
    /// and only in debug builds (`KINDLY_TEST_BROWSER`).
    pub test_browser: Option<String>,
    /// The system browser (the app sets it; without it only a test's browser opens pages).
    pub system_browser: Option<OpenUrl>,
    /// Stops a sign-in that is waiting for the browser.
    pub sign_in_cancel: Arc<Notify>,
    /// The files the owner chose in Kindly's dialogs, by token (the window never names a path).
    pub picked: std::sync::Mutex<crate::commands::files::Picked>,
    /// Shows the native open and save dialogs (the app sets it; tests answer instead).
    pub native_dialog: Option<crate::commands::files::NativeDialog>,
    /// Nothing is sent while set (the tray's "Pause sending"); messages wait in the outbox.
    pub sending_paused: Arc<AtomicBool>,
    /// Reads (`None`) or sets whether Kindly starts at login (the app sets it; tests have none).
    pub autostart: Option<Autostart>,
    /// Closes the main window as its close button does (the app sets it; for the e2e tests).
    pub close_window: Option<WindowAction>,
    /// Looks for and installs signed updates (the app sets it; tests have none).
    pub updates: Option<crate::updates::Updates>,
}

/// An action on the window with no argument.
pub type WindowAction = Arc<dyn Fn() -> Result<(), String> + Send + Sync>;

/// Reads (`None`) or sets (`Some`) whether Kindly starts when the owner logs in.
pub type Autostart = Arc<dyn Fn(Option<bool>) -> Result<bool, String> + Send + Sync>;

/// Opens an address in the system browser.
pub type OpenUrl = Arc<dyn Fn(&str) -> Result<(), String> + Send + Sync>;

/// A test's setting, read only in debug builds.
fn test_env(key: &str) -> Option<String> {
    if cfg!(debug_assertions) {
        std::env::var(key).ok().filter(|v| !v.trim().is_empty())
    } else {
        None
    }
}

impl AppState {
    pub async fn open(data_dir: PathBuf, log_dir: PathBuf, database_url: Option<&str>) -> Self {
        let keychain = Keychain::from_env(KEYCHAIN_SERVICE);
        // Which desktop this is (its id, and the person's name on a team): this computer's.
        let desk = kindly_core::file::private_dir(&data_dir)
            .map_err(CoreError::from)
            .and_then(|_| kindly_core::desktop::load(&data_dir));
        if let Err(e) = &desk {
            tracing::warn!(code = ?e.code, "this desktop's id could not be kept");
        }
        // The team's server this desktop joined, unless the environment names one.
        let team_url = desk
            .ok()
            .and_then(|d| d.team)
            .and_then(|t| kindly_core::service::team::url(&t).ok());
        let database_url = database_url
            .filter(|u| !u.trim().is_empty())
            .or(team_url.as_deref());
        // A team server's password comes from the keychain (a development build may also take
        // it from the address).
        let password = match database_url.filter(|u| !u.trim().is_empty()) {
            Some(url) => match keychain.database_password(url).await {
                Ok(p) => p,
                Err(e) => {
                    tracing::warn!(code = ?e.code, "the database password could not be read");
                    None
                }
            },
            None => None,
        };
        let store = kindly_core::open_with(
            &data_dir,
            database_url,
            password.as_ref().map(|p| p.expose()),
        )
        .await;
        if let Err(e) = &store {
            tracing::error!(code = ?e.code, "the database could not be opened");
        }
        AppState {
            store,
            keychain,
            outbox_wake: Arc::new(Notify::new()),
            inbox_wake: Arc::new(Notify::new()),
            restart: Arc::new(Notify::new()),
            stopped_parts: Default::default(),
            outbox_stop: Arc::new(AtomicBool::new(false)),
            outbox_gate: Arc::new(tokio::sync::Mutex::new(())),
            import_progress: Arc::new(|_, _| {}),
            import_cancel: Arc::new(AtomicBool::new(false)),
            data_dir,
            log_dir,
            time_zone: iana_time_zone::get_timezone().unwrap_or_else(|_| "UTC".into()),
            dns_server: test_env("KINDLY_TEST_DNS").and_then(|a| a.parse().ok()),
            oauth_test_url: test_env("KINDLY_TEST_OAUTH_URL"),
            test_browser: test_env("KINDLY_TEST_BROWSER"),
            system_browser: None,
            sign_in_cancel: Arc::new(Notify::new()),
            picked: Default::default(),
            native_dialog: None,
            sending_paused: Arc::new(AtomicBool::new(false)),
            autostart: None,
            close_window: None,
            updates: None,
        }
    }

    pub fn store(&self) -> Result<&Store, CoreError> {
        self.store.as_ref().map_err(Clone::clone)
    }

    /// Open a page in the system browser (a test's HTTP client in debug builds, when set).
    pub fn open_url(&self, url: &str) -> Result<(), CoreError> {
        let failed = |e: String| {
            CoreError::new(
                kindly_core::ErrorCode::Io,
                format!("The browser could not be opened ({e}). Open your browser and try again."),
            )
        };
        if let Some(cmd) = &self.test_browser {
            return std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("{cmd} \"$0\""))
                .arg(url)
                .stdout(std::process::Stdio::null())
                .spawn()
                .map(|_| ())
                .map_err(|e| failed(e.to_string()));
        }
        match &self.system_browser {
            Some(open) => open(url).map_err(failed),
            None => Err(failed("no browser in this build".into())),
        }
    }

    pub fn store_error(&self) -> Option<&CoreError> {
        self.store.as_ref().err()
    }
}
