//! Signed updates through `tauri-plugin-updater`: where to look (this computer's setting, else
//! the address Kindly was built with), what was found, and installing it on the owner's click.
//!
//! An update is installed only when its minisign signature matches the public key built into
//! Kindly *and* names the version it is announced as (`requireSignedVersion`), so a tampered
//! file, a file signed by anyone else, or an older release announced as new is refused and this
//! version keeps running. The database is copied aside by the new version before it migrates
//! (`Store::migrate`), so an update never costs the owner their data.

use kindly_core::{CoreError, ErrorCode};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_updater::UpdaterExt;
use tauri_specta::Event;

/// A newer Kindly that was found and whose release could be read (its signature is checked when
/// it is downloaded, before anything is installed).
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct UpdateReady {
    pub version: String,
    /// What's new, as the release describes it.
    pub notes: Option<String>,
    /// When it was published (RFC 3339), if the release says.
    pub date: Option<String>,
}

type Pending<T> = Pin<Box<dyn Future<Output = Result<T, CoreError>> + Send>>;

/// Looks for an update at the given address (`None`: the built-in one).
pub type CheckUpdate = Arc<dyn Fn(Option<String>) -> Pending<Option<UpdateReady>> + Send + Sync>;
/// Downloads, verifies and installs the update the last check found, then restarts Kindly.
pub type InstallUpdate = Arc<dyn Fn() -> Pending<()> + Send + Sync>;

/// What the app gives the commands (tests and a build without the plugin have none).
#[derive(Clone)]
pub struct Updates {
    pub check: CheckUpdate,
    pub install: InstallUpdate,
}

/// The public key updates must be signed with: the release key in tauri.conf.json, unless the
/// build was made for the package tests with their throwaway key (`KINDLY_UPDATE_PUBKEY`).
fn build_pubkey() -> Option<&'static str> {
    option_env!("KINDLY_UPDATE_PUBKEY").filter(|k| !k.trim().is_empty())
}

pub fn hooks<R: Runtime>(app: AppHandle<R>) -> Updates {
    let found: Arc<Mutex<Option<tauri_plugin_updater::Update>>> = Arc::default();
    let (check_app, check_found) = (app.clone(), found.clone());
    let check: CheckUpdate = Arc::new(move |endpoint| {
        let (app, found) = (check_app.clone(), check_found.clone());
        Box::pin(async move {
            let mut builder = app.updater_builder().timeout(Duration::from_secs(60));
            if let Some(key) = build_pubkey() {
                builder = builder.pubkey(key);
            }
            if let Some(e) = endpoint {
                let url = url::Url::parse(&e)
                    .map_err(|_| CoreError::invalid("update_endpoint", "not an address"))?;
                builder = builder.endpoints(vec![url]).map_err(refused)?;
            }
            let update = builder
                .build()
                .map_err(refused)?
                .check()
                .await
                .map_err(refused)?;
            let ready = update.as_ref().map(|u| UpdateReady {
                version: u.version.clone(),
                notes: u.body.clone().filter(|b| !b.trim().is_empty()),
                date: u
                    .raw_json
                    .get("pub_date")
                    .and_then(|d| d.as_str())
                    .map(str::to_string),
            });
            *found.lock().unwrap_or_else(|p| p.into_inner()) = update;
            tracing::info!(found = ready.is_some(), "looked for an update");
            Ok(ready)
        })
    });
    let install: InstallUpdate = Arc::new(move || {
        let (app, found) = (app.clone(), found.clone());
        Box::pin(async move {
            let update = found
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone()
                .ok_or_else(|| {
                    CoreError::new(
                        ErrorCode::UpdateUnavailable,
                        "Look for updates first: no update is waiting to be installed.",
                    )
                })?;
            // The download is verified against the built-in key before a byte is written.
            let bytes = update.download(|_, _| {}, || {}).await.map_err(refused)?;
            update.install(&bytes).map_err(refused)?;
            tracing::info!("an update was verified and installed; restarting into it");
            // The app's one restart (as after a restore): the window says "Installed" first.
            app.state::<crate::AppState>().restart.notify_one();
            Ok(())
        })
    });
    Updates { check, install }
}

/// What went wrong, as the owner can act on it. A signature problem is never worded as a
/// network one: it means the file is not what Kindly's makers signed.
fn refused(e: tauri_plugin_updater::Error) -> CoreError {
    use tauri_plugin_updater::Error as E;
    tracing::warn!(error = %e, "update refused");
    match e {
        E::Minisign(_)
        | E::Base64(_)
        | E::SignatureUtf8(_)
        | E::SignedVersionMismatch { .. }
        | E::MissingSignedVersion => CoreError::new(
            ErrorCode::UpdateUnverified,
            "This update's signature does not match Kindly's, so it was not installed. \
             Kindly keeps working as it is.",
        ),
        E::EmptyEndpoints => CoreError::new(
            ErrorCode::UpdateUnavailable,
            "No update address is set: this copy of Kindly was built without one. Enter the \
             address your Kindly came from, or leave updates off.",
        ),
        E::InvalidUpdaterFormat | E::BinaryNotFoundInArchive => CoreError::new(
            ErrorCode::UpdateUnverified,
            "The update is not a Kindly package for this computer, so it was not installed. \
             Kindly keeps working as it is.",
        ),
        E::Reqwest(_) | E::Network(_) | E::ReleaseNotFound | E::Serialization(_) => CoreError::new(
            ErrorCode::UpdateUnavailable,
            "The update address did not answer with a Kindly release. Kindly keeps working \
                 as it is; try again later.",
        ),
        E::TargetNotFound(_) | E::TargetsNotFound(_) => CoreError::new(
            ErrorCode::UpdateUnavailable,
            "The release has no package for this computer yet. Kindly keeps working as it is.",
        ),
        _ => CoreError::new(
            ErrorCode::UpdateUnavailable,
            "The update could not be installed here. Kindly keeps working as it is.",
        ),
    }
}

/// Whether this copy was installed from a package the updater can replace (a .deb or an
/// AppImage here; the app bundle, MSI or NSIS elsewhere). A build run from a source checkout
/// can't update itself: it would write over the developer's binary.
pub fn installed_from_package() -> bool {
    tauri::utils::platform::bundle_type().is_some()
}

/// How long after start Kindly first looks (the window paints first), and how often after.
const FIRST_LOOK: Duration = Duration::from_secs(15);
const LOOK_EVERY: Duration = Duration::from_secs(24 * 3600);

/// Looks for an update soon after start and once a day, while the owner leaves it on, and tells
/// the window what it found. Nothing is installed without the owner's click.
pub fn spawn_checks<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FIRST_LOOK).await;
        loop {
            let settings = kindly_core::desktop::current().updates;
            let check = app
                .state::<crate::AppState>()
                .updates
                .as_ref()
                .map(|u| u.check.clone());
            if let (true, Some(check)) = (settings.check_automatically, check) {
                match check(settings.endpoint).await {
                    Ok(Some(ready)) => {
                        if let Err(e) = ready.emit(&app) {
                            tracing::warn!(error = %e, "could not tell the window of an update");
                        }
                    }
                    Ok(None) => {}
                    Err(e) => tracing::debug!(code = ?e.code, "no update could be looked for"),
                }
            }
            tokio::time::sleep(LOOK_EVERY).await;
        }
    });
}
