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

/// The entry's account name inside Kindly's keychain service.
const SMTP_ACCOUNT: &str = "smtp-password";

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

    fn entry(&self) -> Result<keyring::Entry> {
        keyring::Entry::new(&self.service, SMTP_ACCOUNT).map_err(unavailable)
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(keyring::Entry) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let entry = self.entry()?;
        tokio::task::spawn_blocking(move || f(entry))
            .await
            .map_err(|e| CoreError::new(ErrorCode::KeychainUnavailable, e.to_string()))?
    }

    pub async fn set_smtp_password(&self, password: Secret) -> Result<()> {
        if password.expose().is_empty() {
            return Err(CoreError::invalid("password", "is empty"));
        }
        self.blocking(move |e| e.set_password(password.expose()).map_err(unavailable))
            .await
    }

    /// The stored password, or `None` when there is none.
    pub async fn smtp_password(&self) -> Result<Option<Secret>> {
        self.blocking(|e| match e.get_password() {
            Ok(p) => Ok(Some(Secret(p))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(unavailable(err)),
        })
        .await
    }

    pub async fn remove_smtp_password(&self) -> Result<()> {
        self.blocking(|e| match e.delete_credential() {
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
