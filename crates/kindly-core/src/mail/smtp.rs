//! The owner's own SMTP server: settings, a connection (our own socket with TCP_NODELAY, for
//! STARTTLS and implicit TLS alike, so a message does not wait ~40 ms on Nagle and delayed
//! ACKs), and the server's answers turned into errors that say what to do.

use crate::domain::validate;
use crate::error::{CoreError, ErrorCode, Result};
use crate::secrets::Secret;
use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, AsyncTokioStream};
use lettre::transport::smtp::extension::ClientId;
use lettre::{Address, Message};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::time::Duration;

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub use crate::domain::providers::SignIn;
pub use crate::domain::states::Security;

/// Everything about the mail server except the password, which lives in the keychain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: String,
    /// The address messages come from ("jobs@riverside.cafe").
    pub from_address: String,
    /// Where replies go, when not the from address. Never a no-reply address.
    pub reply_to: String,
    /// A certificate to trust besides the system's (a server with its own certificate), as PEM
    /// text: chosen in Kindly's dialog and kept as content. Never a path: a path in the database
    /// (a teammate's write, a crafted backup) would be read on every connection.
    pub ca_pem: String,
    /// How Kindly signs in: a password (or app password) from the keychain, or an OAuth
    /// grant (Sign in with Google / Microsoft) whose access token goes with XOAUTH2.
    #[serde(default)]
    pub sign_in: SignIn,
    /// Save a copy of each sent message in the owner's Sent folder, over IMAP (off where the
    /// provider's server keeps one by itself, as Gmail's does).
    #[serde(default)]
    pub sent_copy: bool,
    /// The IMAP server for that copy (same account and sign-in as sending).
    #[serde(default)]
    pub imap_host: String,
    #[serde(default = "default_imap_port")]
    pub imap_port: u16,
    #[serde(default = "default_imap_security")]
    pub imap_security: Security,
    /// The provider's limits for one account, so a big batch is never cut off halfway: at most
    /// this many messages in 24 hours (0: no limit)…
    #[serde(default)]
    pub daily_cap: u32,
    /// …and at most this many a minute (0: no limit).
    #[serde(default)]
    pub per_minute: u32,
}

fn default_imap_port() -> u16 {
    993
}

fn default_imap_security() -> Security {
    Security::Tls
}

impl Default for SmtpSettings {
    fn default() -> Self {
        SmtpSettings {
            host: String::new(),
            port: 587,
            security: Security::Starttls,
            username: String::new(),
            from_address: String::new(),
            reply_to: String::new(),
            ca_pem: String::new(),
            sign_in: SignIn::Password,
            sent_copy: false,
            imap_host: String::new(),
            imap_port: default_imap_port(),
            imap_security: default_imap_security(),
            daily_cap: 0,
            per_minute: 0,
        }
    }
}

pub fn is_loopback(host: &str) -> bool {
    let h = host.trim().trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost")
        || h.parse::<std::net::IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

/// Check the settings the owner typed; returns them cleaned.
pub fn validate_settings(s: &SmtpSettings) -> Result<SmtpSettings> {
    let host = validate::required_line("host", &s.host, 253)?;
    if host.contains(|c: char| c.is_whitespace() || c == '/' || c == '@') {
        return Err(CoreError::invalid(
            "host",
            format!("'{host}' is not a server name"),
        ));
    }
    if s.port == 0 {
        return Err(CoreError::invalid("port", "0 is not a port (1 to 65535)"));
    }
    if s.security == Security::None && !is_loopback(&host) {
        return Err(CoreError::invalid(
            "security",
            "without encryption your password would cross the network in plain text; choose STARTTLS or TLS (no encryption is only allowed for a server on this computer)",
        ));
    }
    let username = validate::optional_line("username", &s.username, 254)?.unwrap_or_default();
    if s.sign_in.is_oauth() {
        validate::email("username", &username)?;
    }
    let from_address = validate::email("from_address", &s.from_address)?;
    let reply_to = match validate::optional_line("reply_to", &s.reply_to, 254)? {
        Some(r) => validate::email("reply_to", &r)?,
        None => String::new(),
    };
    let ca_pem = s.ca_pem.trim().to_string();
    let imap_host = validate::optional_line("imap_host", &s.imap_host, 253)?.unwrap_or_default();
    for (field, v, max) in [
        ("daily_cap", s.daily_cap, 100_000),
        ("per_minute", s.per_minute, 10_000),
    ] {
        if v > max {
            return Err(CoreError::invalid(
                field,
                format!("{v} is out of range; use 0 (no limit) to {max}"),
            ));
        }
    }
    if s.sent_copy && imap_host.is_empty() {
        return Err(CoreError::invalid(
            "imap_host",
            "is needed to save a copy in your Sent folder (your provider's IMAP server)",
        ));
    }
    // The inbox is read (replies) whenever a server is given, a copy saved only when asked.
    if !imap_host.is_empty() {
        if imap_host.contains(|c: char| c.is_whitespace() || c == '/' || c == '@') {
            return Err(CoreError::invalid(
                "imap_host",
                format!("'{imap_host}' is not a server name"),
            ));
        }
        if s.imap_port == 0 {
            return Err(CoreError::invalid(
                "imap_port",
                "0 is not a port (1 to 65535)",
            ));
        }
        if s.imap_security != Security::Tls && !is_loopback(&imap_host) {
            return Err(CoreError::invalid(
                "imap_security",
                "Kindly reads and saves mail over TLS only (usually port 993)",
            ));
        }
    }
    if !ca_pem.is_empty() {
        trusted_certificates(&ca_pem)?;
    }
    Ok(SmtpSettings {
        host,
        port: s.port,
        security: s.security,
        username,
        from_address,
        reply_to,
        ca_pem,
        sign_in: s.sign_in,
        sent_copy: s.sent_copy,
        imap_host,
        imap_port: s.imap_port,
        imap_security: s.imap_security,
        daily_cap: s.daily_cap,
        per_minute: s.per_minute,
    })
}

fn connect_error(host: &str, port: u16, e: &std::io::Error) -> CoreError {
    let what = match e.kind() {
        std::io::ErrorKind::ConnectionRefused => "refused the connection",
        std::io::ErrorKind::TimedOut => "did not answer",
        _ => "could not be reached",
    };
    CoreError::new(
        ErrorCode::SmtpConnect,
        format!(
            "{host}:{port} {what} ({e}). Check the server name and port, and that you are online."
        ),
    )
}

/// Turn an SMTP failure into a coded error with what to do about it.
pub fn smtp_error(s: &SmtpSettings, e: lettre::transport::smtp::Error) -> CoreError {
    let code = e.status().map(|c| c.to_string());
    let text = e.to_string();
    if e.is_timeout() {
        return CoreError::new(
            ErrorCode::SmtpTimeout,
            format!("{} did not answer in time. Try again in a minute.", s.host),
        );
    }
    if e.is_tls() || text.contains("certificate") || text.contains("InvalidCertificate") {
        return CoreError::new(
            ErrorCode::SmtpTls,
            format!(
                "The certificate of {} is not trusted ({text}). If your server uses its own certificate, choose its PEM file under \"Trust this certificate\".",
                s.host
            ),
        );
    }
    match code.as_deref() {
        Some("535") | Some("534") | Some("530") => CoreError::new(
            ErrorCode::SmtpAuth,
            format!(
                "{} did not accept the username or password ({text}). Check them, or replace the password in the keychain.",
                s.host
            ),
        ),
        Some(c) if c.starts_with('5') => CoreError::new(
            ErrorCode::SmtpRejected,
            format!("The server refused the message: {text}"),
        ),
        Some(c) if c.starts_with('4') => CoreError::new(
            ErrorCode::SmtpTemporary,
            format!("The server asked to try again later: {text}"),
        ),
        _ => CoreError::new(
            ErrorCode::SmtpTemporary,
            format!("The connection to {} failed: {text}", s.host),
        ),
    }
}

/// A logged-in connection, reused for as many messages as there are to send.
pub struct SmtpSession {
    conn: AsyncSmtpConnection,
    settings: SmtpSettings,
    /// A step timed out: the connection's state is unknown, so it is never used again.
    broken: bool,
}

/// Why a message did not go, and whether the server may have it all the same.
#[derive(Debug, Clone)]
pub struct SendFailure {
    pub error: CoreError,
    /// The message's text went and no answer came back: it may have arrived. Never send it
    /// again on its own.
    pub maybe_delivered: bool,
}

impl SendFailure {
    fn before_data(error: CoreError) -> Self {
        SendFailure {
            error,
            maybe_delivered: false,
        }
    }
    fn unconfirmed(error: CoreError) -> Self {
        SendFailure {
            error,
            maybe_delivered: true,
        }
    }
}

impl SmtpSession {
    pub async fn open(s: &SmtpSettings, password: Option<&Secret>) -> Result<SmtpSession> {
        let hello = ClientId::default();
        let conn = match s.security {
            Security::Tls | Security::Starttls | Security::None => {
                let tcp = tokio::time::timeout(
                    TIMEOUT,
                    tokio::net::TcpStream::connect((s.host.as_str(), s.port)),
                )
                .await
                .map_err(|_| {
                    CoreError::new(
                        ErrorCode::SmtpTimeout,
                        format!("{}:{} did not answer in time.", s.host, s.port),
                    )
                })?
                .map_err(|e| connect_error(&s.host, s.port, &e))?;
                tcp.set_nodelay(true)?;
                let stream: Box<dyn AsyncTokioStream> = match s.security {
                    Security::Tls => Box::new(implicit_tls(s, tcp).await?),
                    // STARTTLS is spoken here, on our socket, and the connection then goes on
                    // over the same TLS stream as implicit TLS. lettre's own upgrade made every
                    // message over STARTTLS about 1.6× as slow as over TLS (`make bench`).
                    Security::Starttls => {
                        let tcp = starttls(s, tcp, &hello).await?;
                        Box::new(Greeted::new(implicit_tls(s, tcp).await?))
                    }
                    Security::None => Box::new(tcp),
                };
                let conn = tokio::time::timeout(
                    TIMEOUT,
                    AsyncSmtpConnection::connect_with_transport(stream, &hello),
                )
                .await
                .map_err(|_| {
                    CoreError::new(
                        ErrorCode::SmtpTimeout,
                        format!("{} did not greet in time.", s.host),
                    )
                })?
                .map_err(|e| smtp_error(s, e))?;
                conn
            }
        };
        let mut session = SmtpSession {
            conn,
            settings: s.clone(),
            broken: false,
        };
        if !s.username.is_empty() {
            let secret = password.ok_or_else(|| {
                CoreError::new(
                    ErrorCode::SmtpAuth,
                    "No password is stored in the keychain for this server. Add it in Settings.",
                )
            })?;
            let creds = Credentials::new(s.username.clone(), secret.expose().to_string());
            // With an OAuth grant, the secret is its access token.
            let mechanisms: &[Mechanism] = if s.sign_in.is_oauth() {
                &[Mechanism::Xoauth2]
            } else {
                &[Mechanism::Plain, Mechanism::Login]
            };
            session
                .conn
                .auth(mechanisms, &creds)
                .await
                .map_err(|e| smtp_error(s, e))?;
        }
        Ok(session)
    }

    /// Send one built message; the server's answer decides the outcome. Each step waits at
    /// most `timeout`. Until the message's text has gone, a failure is safe to retry; once it
    /// has, a failure without the server's answer (a timeout, a dropped connection) leaves the
    /// message's fate unknown, and the connection is not used again (its next answer could be
    /// this message's, read as the next one's).
    pub async fn send(&mut self, message: &Message, timeout: Duration) -> Result<(), SendFailure> {
        use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
        use lettre::transport::smtp::extension::{Extension, MailBodyParameter, MailParameter};
        let envelope = message.envelope();
        let bytes = message.formatted();
        let host = self.settings.host.clone();
        let late = || {
            CoreError::new(
                ErrorCode::SmtpTimeout,
                format!("{host} did not answer in time."),
            )
        };
        let mut options = vec![];
        if !bytes.is_ascii() {
            if !self
                .conn
                .server_info()
                .supports_feature(Extension::EightBitMime)
            {
                return Err(SendFailure::before_data(CoreError::new(
                    ErrorCode::SmtpRejected,
                    format!("{host} cannot take messages with accents or other non-ASCII text (it lacks 8BITMIME)."),
                )));
            }
            options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        // Before the text goes: nothing of this message is at the server yet.
        let mut steps: Vec<String> = vec![Mail::new(envelope.from().cloned(), options).to_string()];
        steps.extend(
            envelope
                .to()
                .iter()
                .map(|to| Rcpt::new(to.clone(), vec![]).to_string()),
        );
        steps.push(Data.to_string());
        for step in steps {
            match tokio::time::timeout(timeout, self.conn.command(step)).await {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => {
                    self.conn.abort().await;
                    return Err(SendFailure::before_data(smtp_error(&self.settings, e)));
                }
                Err(_) => {
                    self.broken = true;
                    return Err(SendFailure::before_data(late()));
                }
            }
        }
        // The text, then the server's word on it.
        match tokio::time::timeout(timeout, self.conn.message(&bytes)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => {
                let answered = e.status().is_some();
                self.conn.abort().await;
                let error = smtp_error(&self.settings, e);
                Err(if answered {
                    SendFailure::before_data(error)
                } else {
                    SendFailure::unconfirmed(error)
                })
            }
            Err(_) => {
                self.broken = true;
                Err(SendFailure::unconfirmed(late()))
            }
        }
    }

    /// lettre closes the connection after any failed command (even a 4xx), so a session that
    /// saw an error must be opened again before the next message.
    pub fn is_broken(&self) -> bool {
        self.broken || self.conn.has_broken()
    }

    pub async fn close(mut self) {
        let _ = self.conn.quit().await;
    }
}

/// TLS from the first byte over our own socket (so it keeps TCP_NODELAY), trusting the
/// platform's roots plus the owner's certificate file, if any.
async fn implicit_tls(s: &SmtpSettings, tcp: tokio::net::TcpStream) -> Result<TlsStream> {
    tls_connect(&s.host, &s.ca_pem, tcp).await
}

/// The most PEM text a trusted certificate may be.
pub const MAX_CA_PEM_BYTES: usize = 64 * 1024;

/// The certificates in PEM text (at most [`MAX_CA_PEM_BYTES`], at least one certificate), or
/// a `validation` error on `ca_pem`.
pub fn trusted_certificates(pem: &str) -> Result<Vec<rustls_pki_types::CertificateDer<'static>>> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::CertificateDer;
    if pem.len() > MAX_CA_PEM_BYTES {
        return Err(CoreError::invalid(
            "ca_pem",
            "is larger than 64 KB; a certificate is a few KB",
        ));
    }
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(pem.as_bytes())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| CoreError::invalid("ca_pem", "is not a PEM certificate"))?;
    if certs.is_empty() {
        return Err(CoreError::invalid("ca_pem", "holds no certificate"));
    }
    Ok(certs)
}

/// TLS over a connected socket to `host`, trusting the system's roots and the certificates in
/// `ca_pem` (PEM text, or ""). Shared by SMTP and IMAP.
pub(crate) async fn tls_connect(
    host: &str,
    ca_pem: &str,
    tcp: tokio::net::TcpStream,
) -> Result<TlsStream> {
    use rustls_pki_types::ServerName;
    use std::sync::Arc;
    let tls_error = |what: String| CoreError::new(ErrorCode::SmtpTls, what);
    let extra = if ca_pem.is_empty() {
        vec![]
    } else {
        trusted_certificates(ca_pem)?
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier =
        rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider.clone())
            .map_err(|e| tls_error(format!("TLS could not be set up: {e}")))?;
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_error(format!("TLS could not be set up: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    let name = ServerName::try_from(host.to_string())
        .map_err(|_| CoreError::invalid("host", format!("'{}' is not a server name", host)))?;
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let stream = tokio::time::timeout(TIMEOUT, connector.connect(name, tcp))
        .await
        .map_err(|_| {
            CoreError::new(
                ErrorCode::SmtpTimeout,
                format!("{} did not finish the TLS handshake in time.", host),
            )
        })?
        .map_err(|e| {
            tls_error(format!(
                "The certificate of {} is not trusted ({e}). If your server uses its own certificate, choose its PEM file under \"Trust this certificate\".",
                host
            ))
        })?;
    Ok(TlsStream(stream))
}

/// One SMTP reply (all its lines), read a byte at a time so nothing after it is consumed:
/// the TLS handshake follows the reply to STARTTLS on the same socket.
async fn reply(tcp: &mut tokio::net::TcpStream) -> std::io::Result<(u16, String)> {
    use tokio::io::AsyncReadExt;
    let mut text = String::new();
    loop {
        let mut line = Vec::new();
        while !line.ends_with(b"\r\n") {
            if line.len() > 4096 {
                return Err(std::io::Error::other("the server's reply line is too long"));
            }
            let mut b = [0u8; 1];
            if tcp.read(&mut b).await? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            line.push(b[0]);
        }
        let line = String::from_utf8_lossy(&line).into_owned();
        text.push_str(&line);
        let code: u16 = line.get(..3).and_then(|c| c.parse().ok()).unwrap_or(0);
        if line.as_bytes().get(3) != Some(&b'-') {
            return Ok((code, text));
        }
    }
}

/// The plain-text start of a STARTTLS session (RFC 3207): the greeting, EHLO, and STARTTLS.
/// The socket is then ready for the TLS handshake.
async fn starttls(
    s: &SmtpSettings,
    mut tcp: tokio::net::TcpStream,
    hello: &ClientId,
) -> Result<tokio::net::TcpStream> {
    use tokio::io::AsyncWriteExt;
    let no_tls = || {
        CoreError::new(
            ErrorCode::SmtpTls,
            format!(
                "{} does not offer STARTTLS on port {}. Try TLS (usually port 465).",
                s.host, s.port
            ),
        )
    };
    let talk = async {
        let (code, _) = reply(&mut tcp).await?;
        if code != 220 {
            return Ok(Err(CoreError::new(
                ErrorCode::SmtpConnect,
                format!("{} did not greet as a mail server ({code}).", s.host),
            )));
        }
        tcp.write_all(format!("EHLO {hello}\r\n").as_bytes())
            .await?;
        let (code, ehlo) = reply(&mut tcp).await?;
        let offers = ehlo.lines().any(|l| {
            l.get(4..)
                .is_some_and(|x| x.trim().eq_ignore_ascii_case("STARTTLS"))
        });
        if code != 250 || !offers {
            return Ok(Err(no_tls()));
        }
        tcp.write_all(b"STARTTLS\r\n").await?;
        let (code, _) = reply(&mut tcp).await?;
        Ok(if code == 220 { Ok(()) } else { Err(no_tls()) })
    };
    match tokio::time::timeout(TIMEOUT, talk).await {
        Err(_) => Err(CoreError::new(
            ErrorCode::SmtpTimeout,
            format!("{} did not answer in time.", s.host),
        )),
        Ok(Err(e)) => Err(connect_error(&s.host, s.port, &e)),
        Ok(Ok(Err(e))) => Err(e),
        Ok(Ok(Ok(()))) => Ok(tcp),
    }
}

/// A TLS stream after STARTTLS, for lettre to go on over: lettre begins a connection by
/// reading the server's greeting, which came before TLS, so it reads this one first and then
/// sends EHLO again over TLS, as RFC 3207 asks.
#[derive(Debug)]
struct Greeted {
    greeting: &'static [u8],
    tls: TlsStream,
}

impl Greeted {
    fn new(tls: TlsStream) -> Self {
        Greeted {
            greeting: b"220 ready after STARTTLS\r\n",
            tls,
        }
    }
}

impl tokio::io::AsyncRead for Greeted {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        if !self.greeting.is_empty() {
            let n = self.greeting.len().min(buf.remaining());
            buf.put_slice(&self.greeting[..n]);
            self.greeting = &self.greeting[n..];
            return std::task::Poll::Ready(Ok(()));
        }
        std::pin::Pin::new(&mut self.tls).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for Greeted {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.tls).poll_write(cx, buf)
    }
    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.tls).poll_flush(cx)
    }
    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.tls).poll_shutdown(cx)
    }
}

impl AsyncTokioStream for Greeted {
    fn peer_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.tls.peer_addr()
    }
}

/// A TLS stream lettre can talk SMTP over (and IMAP goes over).
#[derive(Debug)]
pub(crate) struct TlsStream(tokio_rustls::client::TlsStream<tokio::net::TcpStream>);

impl tokio::io::AsyncRead for TlsStream {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for TlsStream {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.0).poll_write(cx, buf)
    }
    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_flush(cx)
    }
    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

impl AsyncTokioStream for TlsStream {
    fn peer_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.0.get_ref().0.peer_addr()
    }
}

/// The parts of one outgoing message.
pub struct Outgoing<'a> {
    pub from_name: &'a str,
    pub from_address: &'a str,
    pub reply_to: &'a str,
    pub to_name: &'a str,
    pub to_address: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// `<unique@domain>`
    pub message_id: &'a str,
    /// The reply this answers (`<id>`), empty for a new conversation.
    pub in_reply_to: &'a str,
    /// The thread's Message-IDs, oldest first, empty for a new conversation.
    pub references: &'a str,
}

fn mailbox(field: &str, name: &str, address: &str) -> Result<Mailbox> {
    if name.contains(['\r', '\n']) {
        return Err(CoreError::invalid(
            field,
            "a name cannot contain a line break",
        ));
    }
    let addr: Address = validate::email(field, address)?
        .parse()
        .map_err(|_| CoreError::invalid(field, format!("'{address}' is not an address")))?;
    let name = name.trim();
    Ok(Mailbox::new(
        (!name.is_empty()).then(|| name.to_string()),
        addr,
    ))
}

/// Build a plain-text message. CR or LF in any header value is refused.
pub fn build(o: &Outgoing) -> Result<Message> {
    for (field, v) in [
        ("subject", o.subject),
        ("message_id", o.message_id),
        ("in_reply_to", o.in_reply_to),
        ("references", o.references),
    ] {
        if v.contains(['\r', '\n']) {
            return Err(CoreError::invalid(field, "cannot contain a line break"));
        }
    }
    let mut b = Message::builder()
        .from(mailbox("from_address", o.from_name, o.from_address)?)
        .to(mailbox("to", o.to_name, o.to_address)?)
        .subject(o.subject)
        .message_id(Some(o.message_id.to_string()))
        .header(ContentType::TEXT_PLAIN);
    if !o.reply_to.trim().is_empty() {
        b = b.reply_to(mailbox("reply_to", o.from_name, o.reply_to)?);
    }
    if !o.in_reply_to.trim().is_empty() {
        b = b.in_reply_to(o.in_reply_to.to_string());
    }
    if !o.references.trim().is_empty() {
        b = b.references(o.references.to_string());
    }
    b.body(o.body.to_string())
        .map_err(|e| CoreError::invalid("body", format!("could not be built: {e}")))
}

/// A fresh Message-ID on the sender's domain.
pub fn new_message_id(from_address: &str) -> String {
    let domain = from_address
        .rsplit_once('@')
        .map(|(_, d)| d)
        .unwrap_or("kindly.invalid");
    format!("<kindly.{}@{domain}>", crate::clock::unique_token())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> SmtpSettings {
        SmtpSettings {
            host: "smtp.example.com".into(),
            port: 587,
            security: Security::Starttls,
            username: "maria".into(),
            from_address: "jobs@example.com".into(),
            reply_to: String::new(),
            ca_pem: String::new(),
            sign_in: Default::default(),
            ..Default::default()
        }
    }

    #[test]
    fn settings_are_checked_field_by_field() {
        assert!(validate_settings(&good()).is_ok());
        let e = validate_settings(&SmtpSettings {
            security: Security::None,
            ..good()
        })
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("security"));
        for host in ["localhost", "127.0.0.1", "::1"] {
            assert!(
                validate_settings(&SmtpSettings {
                    security: Security::None,
                    host: host.into(),
                    ..good()
                })
                .is_ok(),
                "{host}"
            );
        }
        let e = validate_settings(&SmtpSettings { port: 0, ..good() }).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("port"));
        let e = validate_settings(&SmtpSettings {
            from_address: "jobs@".into(),
            ..good()
        })
        .unwrap_err();
        assert_eq!(e.message, "from_address: 'jobs@' is not an address");
        let e = validate_settings(&SmtpSettings {
            host: "smtp example".into(),
            ..good()
        })
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("host"));
        // A path is not a certificate, and is never opened: /dev/zero would be read forever.
        for path in [
            "/nonexistent.pem",
            "/dev/zero",
            "/etc/ssl/certs/ca-certificates.crt",
        ] {
            let e = validate_settings(&SmtpSettings {
                ca_pem: path.into(),
                ..good()
            })
            .unwrap_err();
            assert_eq!(e.field.as_deref(), Some("ca_pem"), "{path}");
        }
        let huge = format!(
            "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
            "A".repeat(70 * 1024)
        );
        let e = validate_settings(&SmtpSettings {
            ca_pem: huge,
            ..good()
        })
        .unwrap_err();
        assert!(e.message.contains("64 KB"), "{}", e.message);
    }

    fn outgoing<'a>(subject: &'a str, name: &'a str) -> Outgoing<'a> {
        Outgoing {
            from_name: "Maria Lopez",
            from_address: "jobs@example.com",
            reply_to: "maria@example.com",
            to_name: name,
            to_address: "ana@example.org",
            subject,
            body: "Hi Ana,\n\nThank you.",
            message_id: "<kindly.1@example.com>",
            in_reply_to: "",
            references: "",
        }
    }

    #[test]
    fn header_injection_is_refused() {
        assert!(build(&outgoing("Thanks", "Ana Lopez")).is_ok());
        let e = build(&outgoing("Thanks\r\nBcc: all@example.com", "Ana")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("subject"));
        let e = build(&outgoing("Thanks", "Ana\nBcc: all@example.com")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("to"));
        let mut o = outgoing("Thanks", "Ana");
        o.to_address = "ana@example.org\r\nBcc: x@example.com";
        assert_eq!(build(&o).unwrap_err().field.as_deref(), Some("to"));
    }

    #[test]
    fn a_message_carries_its_id_reply_to_and_plain_text() {
        let m = build(&outgoing("Thank you for your time", "Ana Lopez")).unwrap();
        let raw = String::from_utf8(m.formatted()).unwrap();
        assert!(raw.contains("Message-ID: <kindly.1@example.com>"), "{raw}");
        assert!(
            raw.contains("Reply-To: \"Maria Lopez\" <maria@example.com>"),
            "{raw}"
        );
        assert!(
            raw.contains("Content-Type: text/plain; charset=utf-8"),
            "{raw}"
        );
        let id = new_message_id("jobs@example.com");
        assert!(id.starts_with("<kindly.") && id.ends_with("@example.com>"));
        assert_ne!(id, new_message_id("jobs@example.com"));
    }
}
