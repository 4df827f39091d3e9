//! Sign in with Google / Microsoft: OAuth 2.0 authorization code with PKCE (RFC 7636) and a
//! loopback redirect (RFC 8252) for a desktop app that cannot keep a client secret. The
//! system browser shows the provider's own sign-in; Kindly listens on 127.0.0.1 for the
//! answer, exchanges the code, and later refreshes the access token with the refresh token.
//! Tokens are `Secret`s and live only in the keychain (`secrets::OAuthGrant`).

use crate::domain::providers::OAuthEndpoints;
use crate::error::{CoreError, ErrorCode, Result};
use crate::secrets::{OAuthGrant, Secret};
use base64::Engine;
use chrono::{DateTime, Utc};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// How long the owner has to finish signing in, in the browser.
pub const SIGN_IN_TIME: Duration = Duration::from_secs(300);
/// An access token is refreshed when less than this is left of it.
const REFRESH_MARGIN: chrono::Duration = chrono::Duration::seconds(120);
/// How long a call to the provider may take.
const HTTP_TIMEOUT: Duration = Duration::from_secs(20);

/// The app's registration with the provider: its client ID (and, for Google's desktop
/// clients, the "secret" Google issues with it, which Google says is not a secret for an
/// installed app).
#[derive(Debug, Clone)]
pub struct OAuthClient {
    pub client_id: String,
    pub client_secret: Option<String>,
}

fn random_token(bytes: usize) -> Result<String> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf)
        .map_err(|e| CoreError::new(ErrorCode::Io, format!("no randomness: {e}")))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf))
}

/// The S256 challenge for a PKCE verifier.
pub fn challenge(verifier: &str) -> String {
    use sha2::Digest;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier))
}

/// A sign-in under way: the page to open in the browser, and the loopback port waiting for
/// the provider's answer.
pub struct Pending {
    listener: TcpListener,
    redirect_uri: String,
    state: String,
    verifier: Secret,
    endpoints: OAuthEndpoints,
    client: OAuthClient,
    account: String,
    /// The provider's sign-in page, to open in the system browser.
    pub url: String,
}

/// Start signing in `account` (the owner's address, a hint for the provider's page).
pub async fn begin(
    endpoints: &OAuthEndpoints,
    client: &OAuthClient,
    account: &str,
) -> Result<Pending> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await.map_err(|e| {
        CoreError::new(
            ErrorCode::Io,
            format!("could not listen for the sign-in: {e}"),
        )
    })?;
    let port = listener.local_addr().map_err(CoreError::from)?.port();
    let redirect_uri = format!("http://127.0.0.1:{port}/callback");
    let state = random_token(24)?;
    let verifier = random_token(48)?;
    let mut url = url::Url::parse(&endpoints.auth_url)
        .map_err(|e| CoreError::invalid("auth_url", format!("is not a URL: {e}")))?;
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("response_type", "code")
            .append_pair("client_id", &client.client_id)
            .append_pair("redirect_uri", &redirect_uri)
            .append_pair("scope", &endpoints.scopes.join(" "))
            .append_pair("state", &state)
            .append_pair("code_challenge", &challenge(&verifier))
            .append_pair("code_challenge_method", "S256")
            .append_pair("login_hint", account);
        for (k, v) in &endpoints.extra {
            q.append_pair(k, v);
        }
    }
    Ok(Pending {
        listener,
        redirect_uri,
        state,
        verifier: Secret::new(verifier),
        endpoints: endpoints.clone(),
        client: client.clone(),
        account: account.to_string(),
        url: url.into(),
    })
}

const PAGE: &str = "<!doctype html><meta charset=utf-8><title>Kindly</title>\
<body style=\"font-family:sans-serif;margin:3em\"><h1>You are signed in.</h1>\
<p>You can close this tab and go back to Kindly.</p>";
const PAGE_FAILED: &str = "<!doctype html><meta charset=utf-8><title>Kindly</title>\
<body style=\"font-family:sans-serif;margin:3em\"><h1>Sign-in did not finish.</h1>\
<p>Go back to Kindly to try again.</p>";

/// Wait for the browser to come back to the loopback address with the code (or a refusal),
/// then exchange the code for tokens.
pub async fn finish(p: Pending, wait: Duration) -> Result<OAuthGrant> {
    let code = tokio::time::timeout(wait, answer(&p)).await.map_err(|_| {
        CoreError::new(
            ErrorCode::Cancelled,
            "Signing in took too long, so Kindly stopped waiting. Try again when you are ready.",
        )
    })??;
    let mut form = vec![
        ("grant_type", "authorization_code".to_string()),
        ("code", code.expose().to_string()),
        ("redirect_uri", p.redirect_uri.clone()),
        ("client_id", p.client.client_id.clone()),
        ("code_verifier", p.verifier.expose().to_string()),
    ];
    if let Some(s) = &p.client.client_secret {
        form.push(("client_secret", s.clone()));
    }
    let t = token_request(&p.endpoints.token_url, form).await?;
    let refresh_token = t.refresh_token.ok_or_else(|| {
        CoreError::new(
            ErrorCode::OauthSigninNeeded,
            format!(
                "{} did not allow Kindly to stay signed in. Sign in again and allow offline access.",
                p.endpoints.name
            ),
        )
    })?;
    Ok(OAuthGrant {
        token_url: p.endpoints.token_url.clone(),
        revoke_url: p.endpoints.revoke_url.clone(),
        client_id: p.client.client_id.clone(),
        client_secret: p.client.client_secret.clone().unwrap_or_default(),
        account: p.account.clone(),
        refresh_token,
        access_token: t.access_token,
        expires_at: t.expires_at,
        // Bound by the caller to the servers it signed in for.
        places: Vec::new(),
    })
}

/// The code from the first request to the loopback address that carries our state.
async fn answer(p: &Pending) -> Result<Secret> {
    loop {
        let (mut sock, _) = p.listener.accept().await.map_err(CoreError::from)?;
        let mut buf = vec![0u8; 8192];
        let mut n = 0;
        // The request line and headers; the callback has no body.
        while n < buf.len() {
            let got = sock.read(&mut buf[n..]).await.unwrap_or(0);
            if got == 0 {
                break;
            }
            n += got;
            if buf[..n].windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
        let head = String::from_utf8_lossy(&buf[..n]);
        let target = head
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("GET "))
            .and_then(|l| l.split(' ').next())
            .unwrap_or("");
        let Ok(u) = url::Url::parse(&format!("http://127.0.0.1{target}")) else {
            continue;
        };
        if u.path() != "/callback" {
            let _ = sock
                .write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                )
                .await;
            continue;
        }
        let q: std::collections::HashMap<String, String> = u.query_pairs().into_owned().collect();
        let ours = q.get("state").is_some_and(|s| s == &p.state);
        let page = if ours && q.contains_key("code") {
            PAGE
        } else {
            PAGE_FAILED
        };
        let reply = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
            page.len()
        );
        let _ = sock.write_all(reply.as_bytes()).await;
        let _ = sock.shutdown().await;
        if !ours {
            // Not the answer to this sign-in (a stale tab, another program): keep waiting.
            continue;
        }
        if let Some(code) = q.get("code") {
            return Ok(Secret::new(code.clone()));
        }
        let why = q.get("error").map(String::as_str).unwrap_or("no code");
        return Err(CoreError::new(
            ErrorCode::Cancelled,
            match why {
                "access_denied" => "Sign-in was cancelled, so nothing changed.".to_string(),
                other => format!("The provider did not sign you in ({other}); nothing changed."),
            },
        ));
    }
}

/// A fresh access token for the grant, refreshed first when it ends within two minutes
/// (`force` refreshes anyway: the server refused the current one). The grant comes back
/// changed when it was refreshed, to be stored again.
pub async fn access_token(g: &OAuthGrant, force: bool) -> Result<(Secret, Option<OAuthGrant>)> {
    if !force && g.expires_at - REFRESH_MARGIN > crate::clock::real_now() {
        return Ok((g.access_token.clone(), None));
    }
    let mut form = vec![
        ("grant_type", "refresh_token".to_string()),
        ("refresh_token", g.refresh_token.expose().to_string()),
        ("client_id", g.client_id.clone()),
    ];
    if !g.client_secret.is_empty() {
        form.push(("client_secret", g.client_secret.clone()));
    }
    let t = token_request(&g.token_url, form).await?;
    let fresh = OAuthGrant {
        // Some providers send a new refresh token with each refresh; keep the newest.
        refresh_token: t.refresh_token.unwrap_or_else(|| g.refresh_token.clone()),
        access_token: t.access_token.clone(),
        expires_at: t.expires_at,
        ..g.clone()
    };
    Ok((t.access_token, Some(fresh)))
}

/// Give the grant back to the provider (signing out). Best effort: the grant is removed
/// from the keychain whatever the provider says.
pub async fn revoke(g: &OAuthGrant) {
    if g.revoke_url.is_empty() {
        return;
    }
    let url = g.revoke_url.clone();
    let form = vec![
        ("token", g.refresh_token.expose().to_string()),
        ("client_id", g.client_id.clone()),
    ];
    let _ = tokio::task::spawn_blocking(move || post_form(&url, &form)).await;
}

struct Tokens {
    access_token: Secret,
    refresh_token: Option<Secret>,
    expires_at: DateTime<Utc>,
}

fn post_form(url: &str, form: &[(&str, String)]) -> std::result::Result<(u16, String), String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(HTTP_TIMEOUT))
        .http_status_as_error(false)
        .build()
        .into();
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut r = agent
        .post(url)
        .send_form(pairs)
        .map_err(|e| e.to_string())?;
    let status = r.status().as_u16();
    let body = r
        .body_mut()
        .with_config()
        .limit(1 << 20)
        .read_to_string()
        .map_err(|e| e.to_string())?;
    Ok((status, body))
}

async fn token_request(url: &str, form: Vec<(&'static str, String)>) -> Result<Tokens> {
    let u = url.to_string();
    let (status, body) = tokio::task::spawn_blocking(move || post_form(&u, &form))
        .await
        .map_err(|e| CoreError::new(ErrorCode::SmtpConnect, e.to_string()))?
        .map_err(|e| {
            CoreError::new(
                ErrorCode::SmtpConnect,
                format!(
                    "The sign-in server could not be reached ({e}). Check that you are online."
                ),
            )
        })?;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    if !(200..300).contains(&status) {
        let error = v["error"].as_str().unwrap_or("");
        tracing::warn!(status, error, "the token endpoint refused");
        // The grant was revoked, expired or never valid: only signing in again helps.
        if matches!(
            error,
            "invalid_grant" | "invalid_client" | "unauthorized_client"
        ) {
            return Err(signin_needed());
        }
        return Err(CoreError::new(
            ErrorCode::SmtpTemporary,
            format!("The sign-in server answered {status} ({error}); Kindly tries again later."),
        ));
    }
    let access = v["access_token"].as_str().ok_or_else(|| {
        CoreError::new(
            ErrorCode::SmtpTemporary,
            "The sign-in server sent no access token.",
        )
    })?;
    let expires_in = v["expires_in"]
        .as_i64()
        .unwrap_or(3600)
        .clamp(1, 86_400 * 30);
    Ok(Tokens {
        access_token: Secret::new(access),
        refresh_token: v["refresh_token"].as_str().map(Secret::new),
        expires_at: crate::clock::real_now() + chrono::Duration::seconds(expires_in),
    })
}

/// The grant no longer works: the owner signs in again. Waiting messages keep their tries.
pub fn signin_needed() -> CoreError {
    CoreError::new(
        ErrorCode::OauthSigninNeeded,
        "Your sign-in has ended (it was removed, or it expired), so Kindly cannot send. Sign in again in Settings; waiting messages go then, each once.",
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_pkce_challenge_is_rfc_7636s() {
        // RFC 7636, appendix B.
        assert_eq!(
            super::challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }
}
