//! Which desktop this is, on a team's shared server: an id of its own (which messages it holds
//! while sending) and the name of the person at it ("Maria", "Sam"), written on every timeline
//! entry, message and change. A desktop of one has an id and no name.
//!
//! Both are this computer's, not the team's: they live in `desktop.json` in the data folder,
//! never in the shared database. One process is one desktop.

use crate::error::{CoreError, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::RwLock;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Desktop {
    pub id: String,
    pub name: Option<String>,
    /// The team's server this desktop joined (its password is in the keychain), if any.
    #[serde(default)]
    pub team: Option<TeamServer>,
    /// Closing the window quits Kindly. Off by default: Kindly keeps running in the tray, so
    /// reminders and scheduled messages go out with the window closed.
    #[serde(default)]
    pub quit_on_close: bool,
    /// Whether and where this computer looks for a new Kindly.
    #[serde(default)]
    pub updates: UpdateSettings,
}

/// Where Kindly looks for updates, and whether it looks by itself. An update is installed only
/// when its signature matches the key built into Kindly, wherever it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct UpdateSettings {
    /// Look for a new version at start and once a day (on unless turned off).
    #[serde(default = "yes")]
    pub check_automatically: bool,
    /// The address of the release description (`latest.json`); none uses the one Kindly was
    /// built with, if any.
    #[serde(default)]
    pub endpoint: Option<String>,
}

fn yes() -> bool {
    true
}

impl Default for UpdateSettings {
    fn default() -> Self {
        UpdateSettings {
            check_automatically: true,
            endpoint: None,
        }
    }
}

/// The longest update address Kindly keeps.
pub const ENDPOINT_MAX: usize = 500;

/// Check an update address: `https`, or plain `http` only to this computer (a local mirror or a
/// test's server). Blank means Kindly's own.
pub fn clean_endpoint(endpoint: &str) -> Result<Option<String>> {
    let e = endpoint.trim();
    if e.is_empty() {
        return Ok(None);
    }
    let bad = |why: &str| Err(CoreError::invalid("update_endpoint", why.to_string()));
    if e.len() > ENDPOINT_MAX || e.chars().any(char::is_whitespace) {
        return bad("an address on one line, at most 500 characters");
    }
    let Ok(url) = url::Url::parse(e) else {
        return bad("an address like https://updates.example.com/kindly/latest.json");
    };
    let local = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    match url.scheme() {
        "https" if url.host().is_some() => Ok(Some(e.to_string())),
        "http" if local => Ok(Some(e.to_string())),
        "http" => bad("an https address (plain http only to this computer)"),
        _ => bad("an address like https://updates.example.com/kindly/latest.json"),
    }
}

/// Keep how this computer looks for updates.
pub fn set_updates(data_dir: &Path, check_automatically: bool, endpoint: &str) -> Result<Desktop> {
    let endpoint = clean_endpoint(endpoint)?;
    let mut d = current();
    d.updates = UpdateSettings {
        check_automatically,
        endpoint,
    };
    write(data_dir, &d)?;
    set(d.clone());
    Ok(d)
}

/// A team's PostgreSQL server, as Settings asks for it (never a password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, specta::Type)]
pub struct TeamServer {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
}

static CURRENT: RwLock<Option<Desktop>> = RwLock::new(None);

/// The file in the data folder.
pub const FILE: &str = "desktop.json";

/// The longest name a desktop's person may have.
pub const NAME_MAX: usize = 40;

/// Make `d` this process's desktop.
pub fn set(d: Desktop) {
    *CURRENT.write().unwrap_or_else(|p| p.into_inner()) = Some(d);
}

/// This process's desktop; one with a fresh id if none was set.
pub fn current() -> Desktop {
    if let Some(d) = CURRENT.read().unwrap_or_else(|p| p.into_inner()).clone() {
        return d;
    }
    let d = Desktop {
        id: format!("d{}", crate::clock::unique_token()),
        ..Default::default()
    };
    let mut w = CURRENT.write().unwrap_or_else(|p| p.into_inner());
    w.get_or_insert(d).clone()
}

/// The id this desktop claims messages with.
pub fn id() -> String {
    current().id
}

/// The application name this desktop's connections to a team's server carry, so the changes
/// it announces are told from other desktops'.
pub fn application_name() -> String {
    format!("kindly {}", id())
}

/// The person at this desktop, when it has one.
pub fn name() -> Option<String> {
    current().name
}

/// Read this computer's desktop from the data folder, making one (a new id, no name) the first
/// time, and make it this process's.
pub fn load(data_dir: &Path) -> Result<Desktop> {
    let path = data_dir.join(FILE);
    let d = match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice::<Desktop>(&bytes)
            .ok()
            .filter(|d| !d.id.trim().is_empty()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    let d = match d {
        Some(d) => d,
        None => {
            let d = Desktop {
                id: format!("d{}", crate::clock::unique_token()),
                ..Default::default()
            };
            write(data_dir, &d)?;
            d
        }
    };
    set(d.clone());
    Ok(d)
}

/// Check a person's name for this desktop: one line, 1 to 40 characters, trimmed.
pub fn clean_name(name: &str) -> Result<Option<String>> {
    let n = name.trim();
    if n.is_empty() {
        return Ok(None);
    }
    if n.chars().count() > NAME_MAX || n.chars().any(char::is_control) {
        return Err(CoreError::invalid(
            "desktop_name",
            format!("a name on one line, at most {NAME_MAX} characters"),
        ));
    }
    Ok(Some(n.to_string()))
}

/// Name the person at this desktop (none: no name), kept in the data folder.
pub fn rename(data_dir: &Path, name: &str) -> Result<Desktop> {
    let name = clean_name(name)?;
    let mut d = current();
    d.name = name;
    write(data_dir, &d)?;
    set(d.clone());
    Ok(d)
}

/// Join a team's server (`Some`) or leave it (`None`): from the next start this desktop works
/// on that server, or on its own file again.
pub fn set_team(data_dir: &Path, team: Option<TeamServer>) -> Result<Desktop> {
    let mut d = current();
    d.team = team;
    write(data_dir, &d)?;
    set(d.clone());
    Ok(d)
}

/// Whether closing the window quits Kindly (`true`) or leaves it running in the tray.
pub fn set_quit_on_close(data_dir: &Path, quit: bool) -> Result<Desktop> {
    let mut d = current();
    d.quit_on_close = quit;
    write(data_dir, &d)?;
    set(d.clone());
    Ok(d)
}

fn write(data_dir: &Path, d: &Desktop) -> Result<()> {
    let path = data_dir.join(FILE);
    let tmp = data_dir.join(format!("{FILE}.tmp"));
    let bytes = serde_json::to_vec_pretty(d)
        .map_err(|e| CoreError::new(crate::error::ErrorCode::Io, e.to_string()))?;
    crate::file::create_private(&tmp)?;
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, &path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_desktop_keeps_its_id_and_its_name_in_the_data_folder() {
        let dir = tempfile::tempdir().unwrap();
        let first = super::load(dir.path()).unwrap();
        assert!(first.id.starts_with('d'));
        assert_eq!(first.name, None);
        super::rename(dir.path(), "  Sam ").unwrap();
        let again = super::load(dir.path()).unwrap();
        assert_eq!(again.id, first.id);
        assert_eq!(again.name.as_deref(), Some("Sam"));
        assert_eq!(super::name().as_deref(), Some("Sam"));
        let e = super::rename(dir.path(), "Sam\nand Maria").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("desktop_name"));
        assert_eq!(
            super::load(dir.path()).unwrap().name.as_deref(),
            Some("Sam")
        );
    }

    #[test]
    fn an_update_address_is_https_or_this_computer_and_a_bad_one_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        super::load(dir.path()).unwrap();
        assert!(
            super::current().updates.check_automatically,
            "on by default"
        );
        super::set_updates(
            dir.path(),
            false,
            " https://updates.example.com/latest.json ",
        )
        .unwrap();
        for ok in [
            "http://127.0.0.1:8080/latest.json",
            "http://localhost/x",
            "http://[::1]:9/y",
        ] {
            assert_eq!(super::clean_endpoint(ok).unwrap().as_deref(), Some(ok));
        }
        for bad in [
            "http://updates.example.com/latest.json",
            "ftp://127.0.0.1/latest.json",
            "file:///etc/passwd",
            "https://",
            "updates.example.com",
            "https://a.example/\nb",
        ] {
            let e = super::set_updates(dir.path(), true, bad).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("update_endpoint"), "{bad}");
        }
        let again = super::load(dir.path()).unwrap().updates;
        assert!(!again.check_automatically);
        assert_eq!(
            again.endpoint.as_deref(),
            Some("https://updates.example.com/latest.json")
        );
        assert_eq!(
            super::clean_endpoint("  ").unwrap(),
            None,
            "blank: Kindly's own"
        );
    }
}
