//! Mail settings (the server in the database, the password in the keychain) and the test
//! email that proves them.

use super::settings;
use crate::domain::providers::{self, Provider};
use crate::error::{CoreError, ErrorCode, Result};
use crate::mail::smtp::{self, Outgoing, Security, SmtpSession, SmtpSettings};
use crate::secrets::{Keychain, Secret};
use crate::store::entities::setting;
use crate::store::Store;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;

/// What Settings shows about mail. The password itself never leaves the keychain.
#[derive(Debug, Clone, Serialize, Type)]
pub struct MailSetup {
    /// `None` until the owner saves their server.
    pub settings: Option<SmtpSettings>,
    /// Whether a password is stored in the keychain.
    pub password_stored: bool,
    /// Why the keychain could not be asked, if it could not.
    pub keychain_error: Option<CoreError>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct TestEmailSent {
    pub to: String,
    pub message_id: String,
}

/// What Kindly knows about the mail of an address: its provider, and the settings to send
/// through it (the owner still adds the password or signs in).
#[derive(Debug, Clone, Serialize, Type)]
pub struct MailSuggestion {
    pub domain: String,
    /// `None` when Kindly does not know the provider: the owner fills in the server by hand.
    pub provider: Option<Provider>,
    /// Recognised from the domain's MX records (the owner's own domain, run by the provider).
    pub by_mx: bool,
    pub settings: Option<SmtpSettings>,
}

/// Settings for an address: from the provider table by its domain (Gmail, Outlook.com,
/// iCloud…), or else by the provider its domain's MX records name (a custom domain on Google
/// Workspace or Microsoft 365). `dns` is a test's DNS server; `None` is the system's.
pub async fn suggest(address: &str, dns: Option<std::net::SocketAddr>) -> Result<MailSuggestion> {
    let address = crate::domain::validate::email("address", address)?;
    let domain = providers::domain_of(&address)
        .ok_or_else(|| CoreError::invalid("address", format!("'{address}' is not an address")))?;
    // The domain in lower case; the part before @ as the owner typed it.
    let local = address.rsplit_once('@').map(|(l, _)| l).unwrap_or_default();
    let address = format!("{local}@{domain}");
    let mut by_mx = false;
    let mut provider = providers::for_domain(&domain).cloned();
    if provider.is_none() {
        provider = providers::for_mx(&crate::mail::dns::mx_hosts(&domain, dns).await).cloned();
        by_mx = provider.is_some();
    }
    let settings = provider.as_ref().map(|p| SmtpSettings {
        host: p.smtp.host.clone(),
        port: p.smtp.port,
        security: p.smtp.security,
        username: address.clone(),
        from_address: address.clone(),
        reply_to: String::new(),
        ca_file: String::new(),
    });
    Ok(MailSuggestion {
        domain,
        provider,
        by_mx,
        settings,
    })
}

const PREFIX: &str = "smtp.";

pub async fn smtp_settings(store: &Store) -> Result<Option<SmtpSettings>> {
    let rows: HashMap<String, String> = setting::Entity::find()
        .filter(setting::Column::Key.starts_with(PREFIX))
        .all(store.db())
        .await?
        .into_iter()
        .map(|r| (r.key.trim_start_matches(PREFIX).to_string(), r.value))
        .collect();
    let Some(host) = rows.get("host").cloned() else {
        return Ok(None);
    };
    let get = |k: &str| rows.get(k).cloned().unwrap_or_default();
    Ok(Some(SmtpSettings {
        host,
        port: get("port").parse().unwrap_or(587),
        security: sea_orm::ActiveEnum::try_from_value(&get("security"))
            .unwrap_or(Security::Starttls),
        username: get("username"),
        from_address: get("from_address"),
        reply_to: get("reply_to"),
        ca_file: get("ca_file"),
    }))
}

pub async fn save_smtp_settings(store: &Store, s: SmtpSettings) -> Result<SmtpSettings> {
    let clean = smtp::validate_settings(&s)?;
    let pairs = [
        ("host", clean.host.clone()),
        ("port", clean.port.to_string()),
        ("security", clean.security.to_string()),
        ("username", clean.username.clone()),
        ("from_address", clean.from_address.clone()),
        ("reply_to", clean.reply_to.clone()),
        ("ca_file", clean.ca_file.clone()),
    ];
    let pairs = pairs.map(|(k, v)| (format!("{PREFIX}{k}"), v)).to_vec();
    settings::put_all(store, pairs).await?;
    Ok(clean)
}

pub async fn setup(store: &Store, keychain: &Keychain) -> Result<MailSetup> {
    let settings = smtp_settings(store).await?;
    let (password_stored, keychain_error) = match keychain.smtp_password().await {
        Ok(p) => (p.is_some(), None),
        Err(e) => (false, Some(e)),
    };
    Ok(MailSetup {
        settings,
        password_stored,
        keychain_error,
    })
}

async fn configured(store: &Store) -> Result<SmtpSettings> {
    smtp_settings(store).await?.ok_or_else(not_set_up)
}

pub(crate) fn not_set_up() -> CoreError {
    CoreError::new(
        ErrorCode::MailNotSetUp,
        "Your email is not set up yet, so Kindly cannot send this. Set it up in Settings (it takes a minute); nothing was queued.",
    )
}

/// The settings to send with, when a message could go: a server is saved and, if it asks
/// for a login, its password is in the keychain. Otherwise `mail_not_set_up`, before anything
/// is queued. A keychain that cannot be asked right now does not stop queuing: the message
/// waits, and the Outbox says why.
pub async fn ready(store: &Store, keychain: &Keychain) -> Result<SmtpSettings> {
    let s = configured(store).await?;
    if s.username.is_empty() {
        return Ok(s);
    }
    match keychain.smtp_password().await {
        Ok(None) => Err(CoreError::new(
            ErrorCode::MailNotSetUp,
            "Kindly has no password for your mail server yet, so it cannot send this. Add it in Settings; nothing was queued.",
        )),
        Ok(Some(_)) | Err(_) => Ok(s),
    }
}

/// Send a short message to the owner's own address through their server.
pub async fn send_test_email(store: &Store, keychain: &Keychain) -> Result<TestEmailSent> {
    let s = configured(store).await?;
    let password = if s.username.is_empty() {
        None
    } else {
        keychain.smtp_password().await?
    };
    let profile = settings::profile(store).await?;
    let message_id = smtp::new_message_id(&s.from_address);
    let body = format!(
        "Hello{},\n\nThis is a test from Kindly. If you are reading it, your mail settings work: thank-yous, updates and answers to your candidates will go out through {}.\n\nKindly",
        if profile.sender_name.is_empty() {
            String::new()
        } else {
            format!(" {}", profile.sender_name)
        },
        s.host
    );
    let message = smtp::build(&Outgoing {
        from_name: &profile.sender_name,
        from_address: &s.from_address,
        reply_to: &s.reply_to,
        to_name: &profile.sender_name,
        to_address: &s.from_address,
        subject: "Kindly test email",
        body: &body,
        message_id: &message_id,
    })?;
    let mut session = SmtpSession::open(&s, password.as_ref()).await?;
    session
        .send(&message, smtp::TIMEOUT)
        .await
        .map_err(|f| f.error)?;
    session.close().await;
    tracing::info!("test email sent");
    Ok(TestEmailSent {
        to: s.from_address,
        message_id,
    })
}

pub async fn set_password(keychain: &Keychain, password: String) -> Result<()> {
    keychain.set_smtp_password(Secret::new(password)).await
}

pub async fn remove_password(keychain: &Keychain) -> Result<()> {
    keychain.remove_smtp_password().await
}
