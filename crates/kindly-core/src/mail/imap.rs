//! The owner's mailbox over IMAP (TLS): for now, a copy of each sent message in their Sent
//! folder, found by its SPECIAL-USE `\Sent` flag (RFC 6154), so their own mail program shows
//! what Kindly sent. Same account and sign-in as sending: the password, or the OAuth access
//! token with XOAUTH2.

use super::smtp::{self, SmtpSettings};
use crate::error::{CoreError, ErrorCode, Result};
use crate::secrets::Secret;
use async_imap::types::NameAttribute;
use futures_util::StreamExt;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(20);

pub(crate) type Session = async_imap::Session<smtp::TlsStream>;

fn failed(host: &str, what: impl std::fmt::Display) -> CoreError {
    CoreError::new(
        ErrorCode::SmtpConnect,
        format!("The IMAP server {host} {what}."),
    )
}

/// XOAUTH2 for IMAP (the same string as for SMTP).
struct XOAuth2 {
    user: String,
    token: Secret,
}

impl async_imap::Authenticator for XOAuth2 {
    type Response = String;
    fn process(&mut self, _challenge: &[u8]) -> String {
        format!(
            "user={}\x01auth=Bearer {}\x01\x01",
            self.user,
            self.token.expose()
        )
    }
}

pub(crate) async fn login(s: &SmtpSettings, secret: Option<&Secret>) -> Result<Session> {
    let host = s.imap_host.as_str();
    let tcp = tokio::net::TcpStream::connect((host, s.imap_port))
        .await
        .map_err(|e| failed(host, format_args!("could not be reached ({e})")))?;
    tcp.set_nodelay(true)?;
    let tls = smtp::tls_connect(host, &s.ca_pem, tcp).await?;
    let mut client = async_imap::Client::new(tls);
    client
        .read_response()
        .await
        .map_err(|e| failed(host, format_args!("did not greet ({e})")))?
        .ok_or_else(|| failed(host, "closed the connection"))?;
    let secret = secret.ok_or_else(|| {
        CoreError::new(
            ErrorCode::SmtpAuth,
            "No password is stored in the keychain for this account.",
        )
    })?;
    let refused = |(e, _): (async_imap::error::Error, _)| {
        tracing::warn!(error = %e, "the IMAP server refused the login");
        CoreError::new(
            ErrorCode::SmtpAuth,
            format!("The IMAP server {host} refused the sign-in."),
        )
    };
    if s.sign_in.is_oauth() {
        let auth = XOAuth2 {
            user: s.username.clone(),
            token: secret.clone(),
        };
        client.authenticate("XOAUTH2", auth).await.map_err(refused)
    } else {
        client
            .login(&s.username, secret.expose())
            .await
            .map_err(refused)
    }
}

/// The mailbox the server marks `\Sent`, or else one called Sent.
async fn sent_folder(session: &mut Session, host: &str) -> Result<String> {
    let mut names = session
        .list(Some(""), Some("*"))
        .await
        .map_err(|e| failed(host, format_args!("did not list its folders ({e})")))?;
    // Every answer is read before the next command: the session goes on after LIST.
    let mut all = Vec::new();
    while let Some(n) = names.next().await {
        all.push(n.map_err(|e| failed(host, format_args!("did not list its folders ({e})")))?);
    }
    drop(names);
    if let Some(n) = all.iter().find(|n| {
        n.attributes()
            .iter()
            .any(|a| matches!(a, NameAttribute::Sent))
    }) {
        return Ok(n.name().to_string());
    }
    let by_name = all
        .iter()
        .find(|n| n.name().eq_ignore_ascii_case("Sent") || n.name().ends_with("/Sent"))
        .map(|n| n.name().to_string());
    by_name.ok_or_else(|| failed(host, "has no Sent folder"))
}

/// Save copies of sent messages (their exact text) in the Sent folder, marked as read.
/// Returns, for each, why its copy could not be saved (`None`: saved). A problem with the
/// server itself fails them all, with that reason.
pub async fn append_to_sent(
    s: &SmtpSettings,
    secret: Option<&Secret>,
    messages: &[Vec<u8>],
) -> Vec<Option<String>> {
    let run = async {
        let mut session = login(s, secret).await?;
        let folder = sent_folder(&mut session, &s.imap_host).await?;
        let mut out = Vec::with_capacity(messages.len());
        for m in messages {
            out.push(
                session
                    .append(&folder, Some("(\\Seen)"), None, m)
                    .await
                    .err()
                    .map(|e| format!("The IMAP server did not save the copy ({e})")),
            );
        }
        let _ = session.logout().await;
        Ok::<_, CoreError>(out)
    };
    match tokio::time::timeout(TIMEOUT * (2 + messages.len() as u32).min(30), run).await {
        Ok(Ok(out)) => out,
        Ok(Err(e)) => vec![Some(e.message); messages.len()],
        Err(_) => vec![
            Some(format!(
                "The IMAP server {} did not answer in time.",
                s.imap_host
            ));
            messages.len()
        ],
    }
}

/// Put messages in a folder (a test delivering mail, or a copy saved somewhere).
pub async fn append(
    s: &SmtpSettings,
    secret: Option<&Secret>,
    folder: &str,
    messages: &[Vec<u8>],
) -> Result<()> {
    let mut session = login(s, secret).await?;
    for m in messages {
        session
            .append(folder, None, None, m)
            .await
            .map_err(|e| failed(&s.imap_host, format_args!("did not save a message ({e})")))?;
    }
    let _ = session.logout().await;
    Ok(())
}

/// What a look at a mailbox found: where it stands, and the messages wanted (UID and text).
pub struct Fetched {
    pub uid_validity: u32,
    /// The last UID looked at (whether wanted or not).
    pub last_uid: u32,
    pub wanted: Vec<(u32, Vec<u8>)>,
}

/// A message bigger than this is read by its headers alone (its size is known before it is
/// fetched): no reply needs 25 MB of words.
pub const MAX_MESSAGE_BYTES: usize = 25 * 1024 * 1024;

/// Read the headers of the messages after `since` (UIDVALIDITY and last UID; from the first
/// when there is none or the mailbox's UIDVALIDITY changed), and the whole text only of those
/// `wanted` says are Kindly's (by its headers alone over [`MAX_MESSAGE_BYTES`]). Read-only
/// (EXAMINE, BODY.PEEK): nothing is marked read, moved or deleted on the server.
pub async fn fetch_new(
    s: &SmtpSettings,
    secret: Option<&Secret>,
    mailbox: &str,
    since: Option<(u32, u32)>,
    wanted: impl Fn(&[u8]) -> bool,
) -> Result<Fetched> {
    let host = s.imap_host.as_str();
    let mut session = login(s, secret).await?;
    let mbox = session
        .examine(mailbox)
        .await
        .map_err(|e| failed(host, format_args!("did not open {mailbox} ({e})")))?;
    let uid_validity = mbox.uid_validity.unwrap_or(0);
    let after = match since {
        Some((v, last)) if v == uid_validity => last,
        _ => 0,
    };
    let mut last_uid = after;
    let mut picked = Vec::new();
    // Messages too big to fetch whole are read by their headers alone.
    let mut headers_only = Vec::new();
    {
        let mut heads = session
            .uid_fetch(
                format!("{}:*", after + 1),
                "(UID RFC822.SIZE BODY.PEEK[HEADER])",
            )
            .await
            .map_err(|e| failed(host, format_args!("did not list new mail ({e})")))?;
        while let Some(f) = heads.next().await {
            let f = f.map_err(|e| failed(host, format_args!("did not list new mail ({e})")))?;
            // "n:*" answers with the last message even when it is older than n.
            let Some(uid) = f.uid.filter(|u| *u > after) else {
                continue;
            };
            last_uid = last_uid.max(uid);
            if let Some(h) = f.header().filter(|h| wanted(h)) {
                if f.size.is_some_and(|n| n as usize > MAX_MESSAGE_BYTES) {
                    headers_only.push((uid, h.to_vec()));
                } else {
                    picked.push(uid);
                }
            }
        }
    }
    let mut out = Vec::with_capacity(picked.len());
    if !picked.is_empty() {
        let set = picked
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let mut bodies = session
            .uid_fetch(set, "(UID BODY.PEEK[])")
            .await
            .map_err(|e| failed(host, format_args!("did not send the replies ({e})")))?;
        while let Some(f) = bodies.next().await {
            let f = f.map_err(|e| failed(host, format_args!("did not send the replies ({e})")))?;
            if let (Some(uid), Some(body)) = (f.uid, f.body()) {
                out.push((uid, body.to_vec()));
            }
        }
    }
    let _ = session.logout().await;
    out.extend(headers_only);
    out.sort_by_key(|(uid, _)| *uid);
    Ok(Fetched {
        uid_validity,
        last_uid,
        wanted: out,
    })
}

/// How a wait for new mail ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waited {
    /// The server does not offer IDLE: look again on a timer.
    NoIdle,
    /// Something arrived (or was there already, after the last UID read).
    NewMail,
    /// Nothing arrived in the time given; IDLE is re-issued.
    Quiet,
}

/// Wait on the server for new mail (IDLE, RFC 2177) up to `max` (under the 29 minutes a
/// server may keep an idle connection). Mail that arrived after `since` (UIDVALIDITY and the
/// last UID read) and before the wait began ends it at once.
pub async fn wait_for_new(
    s: &SmtpSettings,
    secret: Option<&Secret>,
    mailbox: &str,
    since: Option<(u32, u32)>,
    max: Duration,
) -> Result<Waited> {
    let host = s.imap_host.as_str();
    let mut session = login(s, secret).await?;
    let caps = session
        .capabilities()
        .await
        .map_err(|e| failed(host, format_args!("did not say what it can do ({e})")))?;
    if !caps.has_str("IDLE") {
        let _ = session.logout().await;
        return Ok(Waited::NoIdle);
    }
    let mbox = session
        .examine(mailbox)
        .await
        .map_err(|e| failed(host, format_args!("did not open {mailbox} ({e})")))?;
    let behind = match since {
        Some((v, last)) => {
            mbox.uid_validity != Some(v) || mbox.uid_next.is_some_and(|next| next > last + 1)
        }
        None => true,
    };
    if behind {
        let _ = session.logout().await;
        return Ok(Waited::NewMail);
    }
    let mut idle = session.idle();
    idle.init()
        .await
        .map_err(|e| failed(host, format_args!("did not start IDLE ({e})")))?;
    let (wait, _stop) = idle.wait_with_timeout(max);
    let r = wait
        .await
        .map_err(|e| failed(host, format_args!("dropped the IDLE connection ({e})")))?;
    let got = match r {
        async_imap::extensions::idle::IdleResponse::NewData(_) => Waited::NewMail,
        _ => Waited::Quiet,
    };
    if let Ok(mut session) = idle.done().await {
        let _ = session.logout().await;
    }
    Ok(got)
}
