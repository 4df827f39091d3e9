//! Secrets live only in the OS keychain (Secret Service on Linux, Keychain on macOS,
//! Credential Manager on Windows). A [`Secret`] prints as `<redacted>` and cannot be
//! serialized, so it cannot reach a log, the database or an IPC response by accident.

use crate::error::{CoreError, ErrorCode, Result};

/// A password in memory. Not `Serialize`, not `Display`; `Debug` shows `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The keychain entry Kindly keeps its SMTP password in.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

/// The entries' account names inside Kindly's keychain service. The password's entry is
/// named after the server and the username it is for (`smtp_account`), so a password is only
/// ever given to the server it was typed for: change either, and Kindly asks again.
const SMTP_ACCOUNT: &str = "smtp-password";
const OAUTH_ACCOUNT: &str = "oauth-grant";

/// The keychain account a mail password is kept under: `smtp-password:<username>@<host>`.
/// The keychain entry of a team server's password: the user, server and database, so another
/// user or server asks again. `postgres://sam:pw@db:5432/hiring?x` → `database-password:sam@db:5432/hiring`.
pub fn database_account(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let rest = rest.split('?').next().unwrap_or(rest);
    let (user, at) = match rest.rsplit_once('@') {
        Some((userinfo, host)) => (userinfo.split(':').next().unwrap_or(""), host),
        None => ("", rest),
    };
    format!("database-password:{user}@{at}")
}

pub fn smtp_account(host: &str, username: &str) -> String {
    format!(
        "{SMTP_ACCOUNT}:{}@{}",
        username.trim(),
        host.trim().trim_end_matches('.').to_lowercase()
    )
}

/// The two servers Kindly signs in to with the owner's secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    Smtp,
    Imap,
}

impl Service {
    pub fn name(self) -> &'static str {
        match self {
            Service::Smtp => "smtp",
            Service::Imap => "imap",
        }
    }
}

/// Where a secret was given: a service, its host and port, and the login. Kept in the keychain
/// beside the secret (never in the database, which a teammate or a restored file can change),
/// so a secret is only released to the place it was given for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Place {
    pub service: Service,
    pub host: String,
    pub port: u16,
    pub username: String,
}

impl Place {
    pub fn new(service: Service, host: &str, port: u16, username: &str) -> Self {
        Place {
            service,
            host: normal_host(host),
            port,
            username: username.trim().to_string(),
        }
    }
}

/// A host as compared: trimmed, without a final dot, lower case.
pub fn normal_host(host: &str) -> String {
    host.trim().trim_end_matches('.').to_lowercase()
}

/// A mail password as the keychain holds it: the secret and where it was given.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredPassword {
    place: Place,
    password: String,
}

/// The keychain account of the password for one service (`mail-password:smtp`).
fn password_account(service: Service) -> String {
    format!("mail-password:{}", service.name())
}

/// What Sign in with Google / Microsoft left: the refresh token (the grant itself), the
/// current access token and when it ends, and where to refresh it. Kept only in the keychain;
/// not `Serialize`, so it cannot reach the database, a log or the window.
#[derive(Clone, Debug)]
pub struct OAuthGrant {
    pub token_url: String,
    pub revoke_url: String,
    pub client_id: String,
    /// Google's desktop clients send their (not secret) client secret with every token
    /// request; "" for others.
    pub client_secret: String,
    /// The account it was granted for (the owner's address).
    pub account: String,
    pub refresh_token: Secret,
    pub access_token: Secret,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    /// The servers the owner signed in for: a token goes to these only (empty for a grant kept
    /// before Kindly bound grants, which goes only to its provider's own servers).
    pub places: Vec<Place>,
}

/// The grant as the keychain holds it (JSON inside the entry's secret).
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredGrant {
    token_url: String,
    #[serde(default)]
    revoke_url: String,
    client_id: String,
    #[serde(default)]
    client_secret: String,
    account: String,
    refresh_token: String,
    access_token: String,
    expires_at: chrono::DateTime<chrono::Utc>,
    #[serde(default)]
    places: Vec<Place>,
}

fn unavailable(e: keyring::Error) -> CoreError {
    tracing::warn!(error = %e, "keychain unavailable");
    CoreError::new(
        ErrorCode::KeychainUnavailable,
        format!(
            "The system keychain is not available ({e}). Unlock it, or install a keychain service such as GNOME Keyring, then try again. Everything else in Kindly keeps working."
        ),
    )
}

impl Keychain {
    pub fn new(service: impl Into<String>) -> Self {
        Keychain {
            service: service.into(),
        }
    }

    /// `KINDLY_KEYCHAIN_SERVICE` if set (tests use their own), else `default_service`.
    pub fn from_env(default_service: &str) -> Self {
        let service = std::env::var("KINDLY_KEYCHAIN_SERVICE")
            .ok()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| default_service.to_string());
        Keychain { service }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    async fn blocking_at<T: Send + 'static>(
        &self,
        account: &str,
        f: impl FnOnce(keyring::Entry) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let entry = keyring::Entry::new(&self.service, account).map_err(unavailable)?;
        tokio::task::spawn_blocking(move || f(entry))
            .await
            .map_err(|e| CoreError::new(ErrorCode::KeychainUnavailable, e.to_string()))?
    }

    /// Keep the password for one server, bound to where it is given.
    pub async fn set_mail_password(&self, place: &Place, password: Secret) -> Result<()> {
        if password.expose().is_empty() {
            return Err(CoreError::invalid("password", "is empty"));
        }
        let stored = StoredPassword {
            place: place.clone(),
            password: password.expose().to_string(),
        };
        let json = Secret::new(serde_json::to_string(&stored).expect("plain strings"));
        self.blocking_at(&password_account(place.service), move |e| {
            e.set_password(json.expose()).map_err(unavailable)
        })
        .await
    }

    /// The password kept for a service and the place it was given for, or `None`.
    pub async fn mail_password(&self, service: Service) -> Result<Option<(Place, Secret)>> {
        let raw = self
            .blocking_at(&password_account(service), |e| match e.get_password() {
                Ok(p) => Ok(Some(Secret(p))),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(err) => Err(unavailable(err)),
            })
            .await?;
        // An entry Kindly cannot read is no password: the owner enters it again.
        Ok(raw
            .and_then(|r| serde_json::from_str::<StoredPassword>(r.expose()).ok())
            .map(|s| (s.place, Secret(s.password))))
    }

    /// Forget the passwords of both services, and any kept the older way.
    pub async fn remove_mail_passwords(&self, host: &str, username: &str) -> Result<()> {
        for account in [
            password_account(Service::Smtp),
            password_account(Service::Imap),
            smtp_account(host, username),
            SMTP_ACCOUNT.to_string(),
        ] {
            self.blocking_at(&account, |e| match e.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(err) => Err(unavailable(err)),
            })
            .await?;
        }
        Ok(())
    }

    /// A password kept the way Kindly did before it bound passwords to their place (named
    /// after the SMTP server and login), taken out of the keychain to be kept the new way.
    pub(crate) async fn take_legacy_password(
        &self,
        host: &str,
        username: &str,
    ) -> Result<Option<Secret>> {
        let account = smtp_account(host, username);
        let found = self
            .blocking_at(&account, |e| match e.get_password() {
                Ok(p) => Ok(Some(Secret(p))),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(err) => Err(unavailable(err)),
            })
            .await?;
        Ok(found)
    }

    /// Keep a password the old way (tests of the upgrade only).
    #[doc(hidden)]
    pub async fn set_legacy_password(&self, host: &str, username: &str, p: Secret) -> Result<()> {
        self.blocking_at(&smtp_account(host, username), move |e| {
            e.set_password(p.expose()).map_err(unavailable)
        })
        .await
    }

    /// Keep the team server's password for the user and database at `url`; an empty one
    /// (a server that asks for none) removes the entry.
    pub async fn set_database_password(&self, url: &str, password: Secret) -> Result<()> {
        let account = database_account(url);
        if password.expose().is_empty() {
            return self
                .blocking_at(&account, |e| match e.delete_credential() {
                    Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                    Err(err) => Err(unavailable(err)),
                })
                .await;
        }
        self.blocking_at(&account, move |e| {
            e.set_password(password.expose()).map_err(unavailable)
        })
        .await
    }

    /// The team server's password for the user and database at `url` (its address, without a
    /// password, names the entry), or `None` when there is none.
    pub async fn database_password(&self, url: &str) -> Result<Option<Secret>> {
        let account = database_account(url);
        self.blocking_at(&account, |e| match e.get_password() {
            Ok(p) => Ok(Some(Secret(p))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(unavailable(err)),
        })
        .await
    }
}

impl Keychain {
    pub async fn set_oauth_grant(&self, g: &OAuthGrant) -> Result<()> {
        let stored = StoredGrant {
            token_url: g.token_url.clone(),
            revoke_url: g.revoke_url.clone(),
            client_id: g.client_id.clone(),
            client_secret: g.client_secret.clone(),
            account: g.account.clone(),
            refresh_token: g.refresh_token.expose().to_string(),
            access_token: g.access_token.expose().to_string(),
            expires_at: g.expires_at,
            places: g.places.clone(),
        };
        let json = Secret::new(serde_json::to_string(&stored).expect("plain strings"));
        self.blocking_at(OAUTH_ACCOUNT, move |e| {
            e.set_password(json.expose()).map_err(unavailable)
        })
        .await
    }

    /// The stored grant, or `None` when the owner has not signed in (or signed out).
    pub async fn oauth_grant(&self) -> Result<Option<OAuthGrant>> {
        let raw = self
            .blocking_at(OAUTH_ACCOUNT, |e| match e.get_password() {
                Ok(p) => Ok(Some(Secret(p))),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(err) => Err(unavailable(err)),
            })
            .await?;
        // An entry Kindly cannot read is no grant: the owner signs in again.
        Ok(raw
            .and_then(|r| serde_json::from_str::<StoredGrant>(r.expose()).ok())
            .map(|s| OAuthGrant {
                token_url: s.token_url,
                revoke_url: s.revoke_url,
                client_id: s.client_id,
                client_secret: s.client_secret,
                account: s.account,
                refresh_token: Secret(s.refresh_token),
                access_token: Secret(s.access_token),
                expires_at: s.expires_at,
                places: s.places,
            }))
    }

    pub async fn remove_oauth_grant(&self) -> Result<()> {
        self.blocking_at(OAUTH_ACCOUNT, |e| match e.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(err) => Err(unavailable(err)),
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_secret_never_prints() {
        let s = super::Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some(<redacted>)");
        assert_eq!(s.expose(), "hunter2");
    }
}
