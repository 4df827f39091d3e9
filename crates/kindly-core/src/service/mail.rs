//! Mail settings (the server in the database, the password in the keychain) and the test
//! email that proves them.

use super::settings;
use crate::domain::providers::{self, Provider};
use crate::error::{CoreError, ErrorCode, Result};
use crate::mail::oauth;
use crate::mail::smtp::{self, Outgoing, Security, SignIn, SmtpSession, SmtpSettings};
use crate::secrets::{normal_host, Keychain, OAuthGrant, Place, Secret, Service};
use crate::store::entities::setting;
use crate::store::Store;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;

/// What Settings shows about mail. The password and tokens never leave the keychain.
#[derive(Debug, Clone, Serialize, Type)]
pub struct MailSetup {
    /// `None` until the owner saves their server.
    pub settings: Option<SmtpSettings>,
    /// Whether a password is stored in the keychain.
    pub password_stored: bool,
    /// The account Kindly is signed in to with Google or Microsoft, if it is.
    pub signed_in_as: Option<String>,
    /// The client IDs Kindly signs in with (built in, or set under Advanced).
    pub oauth_clients: OAuthClients,
    /// Why the keychain could not be asked, if it could not.
    pub keychain_error: Option<CoreError>,
    /// The settings name a server the password or sign-in was not given for
    /// (`mail_server_changed`, naming the field and both servers): nothing is sent or read
    /// until the owner enters the password or signs in again.
    pub server_changed: Option<CoreError>,
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
    /// Not in Kindly's table: found by trying smtp.<domain> and mail.<domain> on the usual
    /// ports. The owner checks the settings and adds the password.
    pub probed: bool,
    pub settings: Option<SmtpSettings>,
}

/// Settings for an address: from the provider table by its domain (Gmail, Outlook.com,
/// iCloud…), or else by the provider its domain's MX records name (a custom domain on Google
/// Workspace or Microsoft 365). `dns` is a test's DNS server; `None` is the system's.
pub async fn suggest(
    address: &str,
    dns: Option<std::net::SocketAddr>,
    ports: &[(u16, Security)],
) -> Result<MailSuggestion> {
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
    let mut settings = provider.as_ref().map(|p| SmtpSettings {
        host: p.smtp.host.clone(),
        port: p.smtp.port,
        security: p.smtp.security,
        username: address.clone(),
        from_address: address.clone(),
        reply_to: String::new(),
        ca_pem: String::new(),
        sign_in: p.sign_in.first().copied().unwrap_or_default(),
        // Where the provider keeps no copy of what is sent, Kindly saves one in Sent.
        sent_copy: !p.sent_copy && p.imap.security == Security::Tls,
        imap_host: p.imap.host.clone(),
        imap_port: p.imap.port,
        imap_security: p.imap.security,
        daily_cap: p.daily_cap,
        per_minute: p.per_minute,
    });
    let mut probed = false;
    if settings.is_none() {
        if let Some((host, port, security)) = probe(&domain, dns, ports).await {
            probed = true;
            settings = Some(SmtpSettings {
                host,
                port,
                security,
                username: address.clone(),
                from_address: address.clone(),
                ..Default::default()
            });
        }
    }
    Ok(MailSuggestion {
        domain,
        provider,
        by_mx,
        probed,
        settings,
    })
}

/// The usual places of a mail server Kindly does not know: submission with STARTTLS, and
/// implicit TLS.
pub const USUAL_PORTS: [(u16, Security); 2] = [(587, Security::Starttls), (465, Security::Tls)];

/// Try `smtp.<domain>` and `mail.<domain>` on `ports`, all at once, a few seconds at most:
/// the first (in that order) that answers as a mail server. A STARTTLS port must greet with
/// 220; a TLS port must accept the connection.
async fn probe(
    domain: &str,
    dns: Option<std::net::SocketAddr>,
    ports: &[(u16, Security)],
) -> Option<(String, u16, Security)> {
    use tokio::io::AsyncReadExt;
    let tries = ["smtp", "mail"].into_iter().flat_map(|pre| {
        ports
            .iter()
            .map(move |&(port, security)| (format!("{pre}.{domain}"), port, security))
    });
    let attempts = tries.map(|(host, port, security)| async move {
        let ip = crate::mail::dns::address_of(&host, dns).await?;
        let found = async {
            let mut tcp = tokio::net::TcpStream::connect((ip, port)).await.ok()?;
            if security == Security::Starttls {
                let mut greeting = [0u8; 4];
                tcp.read_exact(&mut greeting).await.ok()?;
                (&greeting[..3] == b"220").then_some(())?;
            }
            Some(())
        };
        tokio::time::timeout(std::time::Duration::from_secs(3), found)
            .await
            .ok()??;
        Some((host, port, security))
    });
    futures_util::future::join_all(attempts)
        .await
        .into_iter()
        .flatten()
        .next()
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
        ca_pem: get("ca_pem"),
        sign_in: serde_json::from_value(serde_json::Value::String(get("sign_in")))
            .unwrap_or_default(),
        sent_copy: get("sent_copy") == "true",
        imap_host: get("imap_host"),
        imap_port: get("imap_port").parse().unwrap_or(993),
        imap_security: sea_orm::ActiveEnum::try_from_value(&get("imap_security"))
            .unwrap_or(Security::Tls),
        daily_cap: get("daily_cap").parse().unwrap_or(0),
        per_minute: get("per_minute").parse().unwrap_or(0),
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
        ("ca_pem", clean.ca_pem.clone()),
        ("sign_in", sign_in_key(clean.sign_in)),
        ("sent_copy", clean.sent_copy.to_string()),
        ("imap_host", clean.imap_host.clone()),
        ("imap_port", clean.imap_port.to_string()),
        ("imap_security", clean.imap_security.to_string()),
        ("daily_cap", clean.daily_cap.to_string()),
        ("per_minute", clean.per_minute.to_string()),
    ];
    let pairs = pairs.map(|(k, v)| (format!("{PREFIX}{k}"), v)).to_vec();
    settings::put_all(store, pairs).await?;
    Ok(clean)
}

pub async fn setup(store: &Store, keychain: &Keychain) -> Result<MailSetup> {
    let settings = smtp_settings(store).await?;
    let stored = match &settings {
        Some(s) => password_stored(keychain, s).await,
        None => Ok(false),
    };
    let (password_stored, keychain_error) = match stored {
        Ok(p) => (p, None),
        Err(e) => (false, Some(e)),
    };
    let (signed_in_as, server_changed) = match (&keychain_error, &settings) {
        (None, Some(s)) => (
            keychain
                .oauth_grant()
                .await
                .ok()
                .flatten()
                .map(|g| g.account),
            server_changed(keychain, s).await.ok().flatten(),
        ),
        _ => (None, None),
    };
    Ok(MailSetup {
        settings,
        password_stored,
        signed_in_as,
        oauth_clients: oauth_clients(store).await?,
        keychain_error,
        server_changed,
    })
}

/// Whether a password is kept for the server the settings name (or the older way, for it).
async fn password_stored(keychain: &Keychain, s: &SmtpSettings) -> Result<bool> {
    Ok(match keychain.mail_password(Service::Smtp).await? {
        Some((given, _)) => given == place_of(s, Service::Smtp),
        None => keychain
            .take_legacy_password(&s.host, &s.username)
            .await?
            .is_some(),
    })
}

/// Where the settings send (SMTP) or read (IMAP), as a place a secret is bound to.
pub(crate) fn place_of(s: &SmtpSettings, service: Service) -> Place {
    match service {
        Service::Smtp => Place::new(service, &s.host, s.port, &s.username),
        Service::Imap => Place::new(service, &s.imap_host, s.imap_port, &s.username),
    }
}

/// The servers the settings use: SMTP, and IMAP when one is set.
fn services(s: &SmtpSettings) -> Vec<Service> {
    let mut v = vec![Service::Smtp];
    if !s.imap_host.trim().is_empty() {
        v.push(Service::Imap);
    }
    v
}

/// `mail_server_changed`: the settings name `now`, the secret was given for `given` (or for
/// no server of this kind).
fn changed(service: Service, given: Option<&Place>, now: &Place, secret: &str) -> CoreError {
    let (field, kind) = match service {
        Service::Smtp => ("host", "sending (SMTP)"),
        Service::Imap => ("imap_host", "reading (IMAP)"),
    };
    let was = match given {
        Some(g) if g.host == now.host && g.port == now.port => {
            format!("{}:{} with another login", g.host, g.port)
        }
        Some(g) => format!("{}:{}", g.host, g.port),
        None => format!("no {kind} server"),
    };
    CoreError {
        code: ErrorCode::MailServerChanged,
        message: format!(
            "The {kind} server in your settings is now {}:{}, but your {secret} was given for {was}. Kindly gives it only to the server it was given for, so nothing is sent or read until you {} in Settings.",
            now.host,
            now.port,
            if secret == "password" {
                "enter the password again for the new server"
            } else {
                "sign in again"
            }
        ),
        field: Some(field.to_string()),
    }
}

/// The servers a provider's grant may go to without a binding of its own: the provider
/// table's servers for that way of signing in.
fn provider_hosts(sign_in: SignIn) -> Vec<String> {
    providers::all()
        .iter()
        .filter(|p| p.sign_in.contains(&sign_in))
        .flat_map(|p| [normal_host(&p.smtp.host), normal_host(&p.imap.host)])
        .collect()
}

/// Whether the grant may go to the server the settings name for `service`.
fn grant_allows(g: &OAuthGrant, s: &SmtpSettings, service: Service) -> Result<()> {
    let want = place_of(s, service);
    let ok = if g.places.is_empty() {
        provider_hosts(s.sign_in).contains(&want.host)
    } else {
        g.places
            .iter()
            .any(|p| p.service == service && p.host == want.host && p.port == want.port)
    };
    if ok {
        return Ok(());
    }
    let given = g.places.iter().find(|p| p.service == service);
    Err(changed(service, given, &want, "sign-in"))
}

/// The first server the settings name that the kept secret was not given for, if any; the
/// keychain is asked, nothing is sent anywhere.
pub async fn server_changed(keychain: &Keychain, s: &SmtpSettings) -> Result<Option<CoreError>> {
    for service in services(s) {
        let want = place_of(s, service);
        if s.sign_in.is_oauth() {
            if let Some(g) = keychain.oauth_grant().await? {
                if let Err(e) = grant_allows(&g, s, service) {
                    return Ok(Some(e));
                }
            }
        } else if !s.username.is_empty() {
            match keychain.mail_password(service).await? {
                Some((given, _)) if given != want => {
                    return Ok(Some(changed(service, Some(&given), &want, "password")));
                }
                None if service == Service::Imap
                    && !same_domain(&s.host, &s.imap_host)
                    && keychain.mail_password(Service::Smtp).await?.is_some() =>
                {
                    return Ok(Some(changed(service, None, &want, "password")));
                }
                _ => {}
            }
        }
    }
    Ok(None)
}

/// The password for `service`, released only to the place it was given for. One kept the
/// older way (named after the SMTP server and login) is kept again bound to its place: for
/// sending, the server it was named after; for reading, an IMAP server in the same domain
/// as that server (imap.example.com beside smtp.example.com), as Settings filled it in.
async fn bound_password(
    keychain: &Keychain,
    s: &SmtpSettings,
    service: Service,
) -> Result<Option<Secret>> {
    let want = place_of(s, service);
    match keychain.mail_password(service).await? {
        Some((given, secret)) if given == want => Ok(Some(secret)),
        Some((given, _)) => Err(changed(service, Some(&given), &want, "password")),
        None => {
            if service == Service::Imap {
                if let Some((given, secret)) = keychain.mail_password(Service::Smtp).await? {
                    // Reading added after the password was given: the sending password goes
                    // to a reading server in the sending server's domain (as Settings fills
                    // them in), bound there from now on; anywhere else, the owner is asked.
                    if given == place_of(s, Service::Smtp) && same_domain(&s.host, &s.imap_host) {
                        keychain.set_mail_password(&want, secret.clone()).await?;
                        return Ok(Some(secret));
                    }
                    return Err(changed(service, None, &want, "password"));
                }
            }
            let Some(old) = keychain.take_legacy_password(&s.host, &s.username).await? else {
                return Ok(None);
            };
            if service == Service::Imap && !same_domain(&s.host, &s.imap_host) {
                return Err(changed(service, None, &want, "password"));
            }
            keychain.set_mail_password(&want, old.clone()).await?;
            Ok(Some(old))
        }
    }
}

/// Whether two hosts share their last two labels (or are the same address).
fn same_domain(a: &str, b: &str) -> bool {
    let (a, b) = (normal_host(a), normal_host(b));
    if a == b {
        return true;
    }
    fn tail(h: &str) -> Vec<&str> {
        h.rsplit('.').take(2).collect()
    }
    a.parse::<std::net::IpAddr>().is_err() && a.contains('.') && tail(&a) == tail(&b)
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
    if let Ok(Some(e)) = server_changed(keychain, &s).await {
        return Err(e);
    }
    if s.sign_in.is_oauth() {
        return match keychain.oauth_grant().await {
            Ok(None) => Err(CoreError::new(
                ErrorCode::MailNotSetUp,
                format!(
                    "Kindly is not signed in to your {} account yet, so it cannot send this. Sign in in Settings; nothing was queued.",
                    oauth_name(s.sign_in)
                ),
            )),
            Ok(Some(_)) | Err(_) => Ok(s),
        };
    }
    if s.username.is_empty() {
        return Ok(s);
    }
    match password_stored(keychain, &s).await {
        Ok(false) => Err(CoreError::new(
            ErrorCode::MailNotSetUp,
            "Kindly has no password for your mail server yet, so it cannot send this. Add it in Settings; nothing was queued.",
        )),
        Ok(true) | Err(_) => Ok(s),
    }
}

/// Send a short message to the owner's own address through their server.
pub async fn send_test_email(store: &Store, keychain: &Keychain) -> Result<TestEmailSent> {
    let s = configured(store).await?;
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
        in_reply_to: "",
        references: "",
    })?;
    let mut session = open_session(keychain, &s).await?;
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

/// Keep the password for the saved server and username (saved first, so the password is
/// tied to them).
pub async fn set_password(store: &Store, keychain: &Keychain, password: String) -> Result<()> {
    let s = smtp_settings(store).await?.ok_or_else(|| {
        CoreError::invalid(
            "password",
            "save your mail server first; the password is kept for it",
        )
    })?;
    let password = Secret::new(password);
    if password.expose().is_empty() {
        return Err(CoreError::invalid("password", "is empty"));
    }
    // Bound to where it is given: the saved SMTP server and, for reading and Sent copies, the
    // saved IMAP server.
    for service in services(&s) {
        keychain
            .set_mail_password(&place_of(&s, service), password.clone())
            .await?;
    }
    Ok(())
}

pub async fn remove_password(store: &Store, keychain: &Keychain) -> Result<()> {
    match smtp_settings(store).await? {
        Some(s) => keychain.remove_mail_passwords(&s.host, &s.username).await,
        None => Ok(()),
    }
}

fn sign_in_key(s: SignIn) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn oauth_name(s: SignIn) -> &'static str {
    match s {
        SignIn::OauthMicrosoft => "Microsoft",
        _ => "Google",
    }
}

/// What Kindly signs in to the server with: the password from the keychain, or (with Sign in
/// with Google / Microsoft) a fresh access token, refreshed and stored again when it is about
/// to end (`force`: refresh anyway). `None` for a server that asks for no login.
pub(crate) async fn secret_for(
    keychain: &Keychain,
    s: &SmtpSettings,
    service: Service,
    force: bool,
) -> Result<Option<Secret>> {
    // Whoever can write the database (a restored file, a team's server) could have changed
    // the settings without Settings' checks: they are checked again before any connection,
    // the plain-text rule (loopback only) included, and a secret goes only where it was given.
    smtp::validate_settings(s)?;
    if s.sign_in.is_oauth() {
        let grant = keychain
            .oauth_grant()
            .await?
            .ok_or_else(oauth::signin_needed)?;
        grant_allows(&grant, s, service)?;
        let (token, fresh) = oauth::access_token(&grant, force).await?;
        if let Some(g) = fresh {
            keychain.set_oauth_grant(&g).await?;
        }
        return Ok(Some(token));
    }
    if s.username.is_empty() {
        return Ok(None);
    }
    bound_password(keychain, s, service).await
}

/// The secret [`secret_for`] would release for `service` (tests of where secrets may go).
#[doc(hidden)]
pub async fn secret_for_test(
    keychain: &Keychain,
    s: &SmtpSettings,
    service: Service,
) -> Result<Option<Secret>> {
    secret_for(keychain, s, service, false).await
}

/// A logged-in connection to the owner's server. With OAuth, a refused token is refreshed
/// once and tried again; refused again (or not refreshable), the owner must sign in again.
pub(crate) async fn open_session(keychain: &Keychain, s: &SmtpSettings) -> Result<SmtpSession> {
    let secret = secret_for(keychain, s, Service::Smtp, false).await?;
    match SmtpSession::open(s, secret.as_ref()).await {
        Err(e) if e.code == ErrorCode::SmtpAuth && s.sign_in.is_oauth() => {
            let secret = secret_for(keychain, s, Service::Smtp, true).await?;
            SmtpSession::open(s, secret.as_ref())
                .await
                .map_err(|e| match e.code {
                    ErrorCode::SmtpAuth => oauth::signin_needed(),
                    _ => e,
                })
        }
        r => r,
    }
}

/// The client IDs Kindly signs in with. A desktop app cannot keep a client secret, so each
/// install uses an ID registered by its maker (built in with `KINDLY_GOOGLE_CLIENT_ID` /
/// `KINDLY_MICROSOFT_CLIENT_ID`) or by the owner's IT (Settings → Advanced).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct OAuthClients {
    pub google_client_id: String,
    /// Google issues desktop clients a "secret" it does not treat as one; "" when none.
    pub google_client_secret: String,
    pub microsoft_client_id: String,
}

const OAUTH_KEYS: [&str; 3] = [
    "oauth.google_client_id",
    "oauth.google_client_secret",
    "oauth.microsoft_client_id",
];

/// The client IDs: the owner's (Advanced) over the built-in ones.
pub async fn oauth_clients(store: &Store) -> Result<OAuthClients> {
    let mut got = Vec::with_capacity(3);
    for k in OAUTH_KEYS {
        got.push(settings::get_key(store, k).await?);
    }
    let or = |v: &str, built: Option<&str>| {
        if v.is_empty() {
            built.unwrap_or_default().to_string()
        } else {
            v.to_string()
        }
    };
    Ok(OAuthClients {
        google_client_id: or(&got[0], option_env!("KINDLY_GOOGLE_CLIENT_ID")),
        google_client_secret: or(&got[1], option_env!("KINDLY_GOOGLE_CLIENT_SECRET")),
        microsoft_client_id: or(&got[2], option_env!("KINDLY_MICROSOFT_CLIENT_ID")),
    })
}

pub async fn save_oauth_clients(store: &Store, c: OAuthClients) -> Result<OAuthClients> {
    let id = |field: &str, v: &str| -> Result<String> {
        let v = crate::domain::validate::optional_line(field, v, 300)?.unwrap_or_default();
        if v.contains(char::is_whitespace) {
            return Err(CoreError::invalid(
                field,
                "has a space in it; paste the ID alone",
            ));
        }
        Ok(v)
    };
    let clean = OAuthClients {
        google_client_id: id("google_client_id", &c.google_client_id)?,
        google_client_secret: id("google_client_secret", &c.google_client_secret)?,
        microsoft_client_id: id("microsoft_client_id", &c.microsoft_client_id)?,
    };
    let pairs = OAUTH_KEYS
        .iter()
        .map(|k| k.to_string())
        .zip([
            clean.google_client_id.clone(),
            clean.google_client_secret.clone(),
            clean.microsoft_client_id.clone(),
        ])
        .collect();
    settings::put_all(store, pairs).await?;
    Ok(clean)
}

/// Sign in with Google or Microsoft for these settings (`sign_in` says which; the username is
/// the owner's address): the provider's page opens in the system browser (`open`), Kindly
/// waits on a loopback port for the answer, stores the grant in the keychain and then saves
/// the settings. `endpoints` replaces the provider's own (tests: a local server). Nothing is
/// saved when signing in fails or is cancelled.
pub async fn sign_in(
    store: &Store,
    keychain: &Keychain,
    settings: SmtpSettings,
    endpoints: Option<providers::OAuthEndpoints>,
    open: impl FnOnce(&str) -> Result<()>,
) -> Result<MailSetup> {
    if !settings.sign_in.is_oauth() {
        return Err(CoreError::invalid(
            "sign_in",
            "choose Sign in with Google or Sign in with Microsoft",
        ));
    }
    let clean = smtp::validate_settings(&settings)?;
    let endpoints = match endpoints {
        Some(e) => e,
        None => {
            // The provider's grant is for the provider's own servers.
            let own = provider_hosts(clean.sign_in);
            for service in services(&clean) {
                let place = place_of(&clean, service);
                if !own.contains(&place.host) {
                    let field = if service == Service::Smtp {
                        "host"
                    } else {
                        "imap_host"
                    };
                    return Err(CoreError::invalid(
                        field,
                        format!("{} is not one of this provider's servers; sign in there, or use a password", place.host),
                    ));
                }
            }
            providers::oauth(clean.sign_in).cloned().ok_or_else(|| {
                CoreError::invalid("sign_in", "is not a way to sign in Kindly knows")
            })?
        }
    };
    let clients = oauth_clients(store).await?;
    let (client_id, client_secret) = match clean.sign_in {
        SignIn::OauthMicrosoft => (clients.microsoft_client_id, String::new()),
        _ => (clients.google_client_id, clients.google_client_secret),
    };
    if client_id.is_empty() {
        let field = match clean.sign_in {
            SignIn::OauthMicrosoft => "microsoft_client_id",
            _ => "google_client_id",
        };
        return Err(CoreError::invalid(
            field,
            format!(
                "this copy of Kindly has no {} client ID. Add one under Advanced (the README says how to register one), or use an app password.",
                endpoints.name
            ),
        ));
    }
    let client = oauth::OAuthClient {
        client_id,
        client_secret: (!client_secret.is_empty()).then_some(client_secret),
    };
    let pending = oauth::begin(&endpoints, &client, &clean.username).await?;
    open(&pending.url)?;
    let mut grant = oauth::finish(pending, oauth::SIGN_IN_TIME).await?;
    grant.places = services(&clean)
        .into_iter()
        .map(|v| place_of(&clean, v))
        .collect();
    keychain.set_oauth_grant(&grant).await?;
    save_smtp_settings(store, clean).await?;
    tracing::info!("signed in with OAuth");
    setup(store, keychain).await
}

/// Sign out: the grant is given back to the provider (where it can be) and removed from the
/// keychain. The settings stay, so signing in again is one click.
pub async fn sign_out(store: &Store, keychain: &Keychain) -> Result<MailSetup> {
    if let Some(g) = keychain.oauth_grant().await? {
        oauth::revoke(&g).await;
    }
    keychain.remove_oauth_grant().await?;
    setup(store, keychain).await
}
