//! Sign in with Google / Microsoft against a real OAuth 2.0 authorization server on loopback
//! (authlib: PKCE, refresh, revocation, introspection), a real SMTP server that checks XOAUTH2
//! tokens with it, and the real keychain. Run by `make test` (scripts/with-oauth.sh).

mod common;

use common::env;

use kindly_core::domain::providers::OAuthEndpoints;
use kindly_core::mail::outbox::{self, MessageStatus, NewMessage};
use kindly_core::mail::smtp::{Security, SignIn, SmtpSettings};
use kindly_core::secrets::Keychain;
use kindly_core::service::mail::{self, OAuthClients};
use kindly_core::service::sending::{self, NoEvents, WorkerConfig};
use kindly_core::{ErrorCode, Store};
use std::path::PathBuf;

fn endpoints() -> OAuthEndpoints {
    let base = env("KINDLY_TEST_OAUTH_URL");
    OAuthEndpoints {
        name: "Google".into(),
        auth_url: format!("{base}/authorize"),
        token_url: format!("{base}/token"),
        revoke_url: format!("{base}/revoke"),
        scopes: vec!["mail".into()],
        extra: vec![],
    }
}

/// The owner's Gmail address (one per test: the tests share the authorization server), sending
/// through the test SMTP server with Google sign-in.
fn settings(owner: &str) -> SmtpSettings {
    SmtpSettings {
        host: "127.0.0.1".into(),
        port: env("KINDLY_TEST_SMTP_PORT").parse().unwrap(),
        security: Security::Starttls,
        username: owner.into(),
        from_address: owner.into(),
        reply_to: String::new(),
        ca_pem: std::fs::read_to_string(env("KINDLY_TEST_SMTP_CA")).unwrap(),
        sign_in: SignIn::OauthGoogle,
        // A copy in Sent, over IMAP with the same token (Dovecot checks it the same way).
        sent_copy: true,
        imap_host: "127.0.0.1".into(),
        imap_port: env("KINDLY_TEST_IMAP_PORT").parse().unwrap(),
        imap_security: Security::Tls,
        ..Default::default()
    }
}

/// The browser: an HTTP client that follows the provider's redirect back to Kindly.
fn browser(url: &str) -> Result<(), kindly_core::CoreError> {
    let url = url.to_string();
    std::thread::spawn(move || {
        let _ = ureq::get(&url).call();
    });
    Ok(())
}

fn server_stats(owner: &str) -> serde_json::Value {
    let mut r = ureq::get(format!(
        "{}/test/stats?user={owner}",
        env("KINDLY_TEST_OAUTH_URL")
    ))
    .call()
    .unwrap();
    serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap()
}

/// The owner removes Kindly's access in their account.
fn revoke(owner: &str) {
    ureq::post(format!(
        "{}/test/revoke?user={owner}",
        env("KINDLY_TEST_OAUTH_URL")
    ))
    .send_empty()
    .unwrap();
}

async fn signed_in(s: &Store, k: &Keychain, owner: &str) {
    signed_in_as_client(
        s,
        k,
        owner,
        OAuthClients {
            google_client_id: env("KINDLY_TEST_OAUTH_CLIENT_ID"),
            ..Default::default()
        },
    )
    .await
}

async fn signed_in_as_client(s: &Store, k: &Keychain, owner: &str, client: OAuthClients) {
    mail::save_oauth_clients(s, client).await.unwrap();
    let setup = mail::sign_in(s, k, settings(owner), Some(endpoints()), browser)
        .await
        .unwrap();
    assert_eq!(setup.signed_in_as.as_deref(), Some(owner));
}

fn to(addr: &str, subject: &str) -> NewMessage {
    NewMessage {
        to_name: "Ana Lopez".into(),
        to_address: addr.into(),
        subject: subject.into(),
        body: "Hi Ana,\n\nThank you for coming in.\n\nMaria".into(),
        ..Default::default()
    }
}

/// The messages the SMTP server accepted with this subject: how each signed in, and as whom.
fn arrivals(subject: &str) -> Vec<(String, String)> {
    let dir = PathBuf::from(env("KINDLY_TEST_SMTP_DIR"));
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "eml")
            && std::fs::read_to_string(&p).unwrap().contains(subject)
        {
            let meta: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(p.with_extension("json")).unwrap())
                    .unwrap();
            out.push((
                meta["mechanism"].as_str().unwrap().to_string(),
                meta["user"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

/// Queue one message and run the worker once.
async fn send_one(
    s: &Store,
    k: &Keychain,
    to_address: &str,
    subject: &str,
) -> kindly_core::service::sending::DrainReport {
    sending::enqueue(
        s,
        k,
        vec![to(to_address, subject)],
        kindly_core::clock::now(),
        false,
    )
    .await
    .unwrap();
    sending::drain(s, k, &WorkerConfig::default(), &NoEvents)
        .await
        .unwrap()
}

fn keychain(name: &str) -> Keychain {
    Keychain::new(format!("kindly-test-oauth-{name}-{}", std::process::id()))
}

#[tokio::test]
async fn signing_in_with_google_sends_with_xoauth2_and_keeps_the_tokens_in_the_keychain_only() {
    let t = common::sqlite().await;
    let s = &t.store;
    let k = keychain("send");
    let owner = "owner.send@gmail.com";
    signed_in(s, &k, owner).await;
    let saved = mail::smtp_settings(s).await.unwrap().unwrap();
    assert_eq!(saved.sign_in, SignIn::OauthGoogle);
    let grant = k
        .oauth_grant()
        .await
        .unwrap()
        .expect("the grant is in the keychain");
    assert_eq!(grant.account, owner);

    let subject = "Thank you, Ana (signed in with Google)";
    assert_eq!(
        send_one(s, &k, "ana.oauth@example.org", subject).await.sent,
        1
    );
    assert_eq!(
        arrivals(subject),
        vec![("XOAUTH2".to_string(), owner.to_string())]
    );
    let m = kindly_core::mail::outbox::list(s, &[])
        .await
        .unwrap()
        .remove(0);
    assert!(m.copied_to_sent, "{:?}", m.copy_warning);
    let imap = PathBuf::from(env("KINDLY_TEST_IMAP_DIR"));
    let copies = common::files_containing(&imap.join(owner), m.message_id.as_bytes());
    assert_eq!(copies.len(), 1, "a copy in {owner}'s Sent: {copies:?}");

    // Neither token is anywhere in the data folder (the database, its journal, backups).
    for secret in [grant.refresh_token.expose(), grant.access_token.expose()] {
        assert!(
            common::files_containing(t._dir.as_ref().unwrap().path(), secret.as_bytes()).is_empty(),
            "a token reached the data folder"
        );
    }
    // Nor in what the window is told.
    let setup = serde_json::to_string(&mail::setup(s, &k).await.unwrap()).unwrap();
    assert!(
        !setup.contains(grant.refresh_token.expose())
            && !setup.contains(grant.access_token.expose())
    );
    mail::sign_out(s, &k).await.unwrap();
    assert!(k.oauth_grant().await.unwrap().is_none());
}

#[tokio::test]
async fn an_access_token_about_to_end_is_refreshed_before_sending() {
    let t = common::sqlite().await;
    let s = &t.store;
    let k = keychain("refresh");
    let owner = "owner.refresh@gmail.com";
    signed_in(s, &k, owner).await;
    // A minute before it ends (as if the hour had passed).
    let mut g = k.oauth_grant().await.unwrap().unwrap();
    let old = g.access_token.clone();
    g.expires_at = kindly_core::clock::real_now() + chrono::Duration::seconds(60);
    k.set_oauth_grant(&g).await.unwrap();
    let before = server_stats(owner)["refreshed"].as_i64().unwrap();

    let subject = "Thank you, Ana (refreshed token)";
    assert_eq!(
        send_one(s, &k, "ana.refresh@example.org", subject)
            .await
            .sent,
        1
    );
    assert_eq!(
        server_stats(owner)["refreshed"].as_i64().unwrap(),
        before + 1
    );
    let fresh = k.oauth_grant().await.unwrap().unwrap();
    assert_ne!(fresh.access_token, old, "the new access token is stored");
    assert!(fresh.expires_at > g.expires_at + chrono::Duration::minutes(10));
    assert_eq!(fresh.refresh_token, g.refresh_token);
    assert_eq!(arrivals(subject).len(), 1);
    mail::sign_out(s, &k).await.unwrap();
}

#[tokio::test]
async fn a_revoked_grant_stops_sending_with_sign_in_again_and_spends_no_attempt() {
    let t = common::sqlite().await;
    let s = &t.store;
    let k = keychain("revoked");
    let owner = "owner.revoked@gmail.com";
    signed_in(s, &k, owner).await;
    revoke(owner);

    let subject = "Thank you, Ana (after a revoked grant)";
    let q = sending::enqueue(
        s,
        &k,
        vec![to("ana.revoked@example.org", subject)],
        kindly_core::clock::now(),
        false,
    )
    .await
    .unwrap();
    for _ in 0..3 {
        let e = sending::drain(s, &k, &WorkerConfig::default(), &NoEvents)
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::OauthSigninNeeded, "{}", e.message);
        sending::try_now(s).await.unwrap();
    }
    let m = outbox::list(s, &[]).await.unwrap().remove(0);
    assert_eq!(
        (m.id, m.status, m.attempts),
        (q[0].id, MessageStatus::Queued, 0)
    );
    let h = sending::health(s).await.unwrap();
    let p = h.problem.unwrap();
    assert_eq!(
        (h.waiting, p.code, p.in_settings),
        (1, ErrorCode::OauthSigninNeeded, true)
    );
    assert!(p.message.contains("Sign in again"), "{}", p.message);
    assert!(arrivals(subject).is_empty());

    // Signing in again sends the waiting message, once.
    signed_in(s, &k, owner).await;
    sending::try_now(s).await.unwrap();
    let r = sending::drain(s, &k, &WorkerConfig::default(), &NoEvents)
        .await
        .unwrap();
    assert_eq!(r.sent, 1);
    assert_eq!(
        sending::drain(s, &k, &WorkerConfig::default(), &NoEvents)
            .await
            .unwrap()
            .sent,
        0
    );
    assert_eq!(arrivals(subject).len(), 1);
    assert!(sending::health(s).await.unwrap().problem.is_none());
    mail::sign_out(s, &k).await.unwrap();
}

#[tokio::test]
async fn without_a_client_id_or_a_sign_in_nothing_is_saved_or_queued() {
    let t = common::sqlite().await;
    let s = &t.store;
    let k = keychain("unset");
    let owner = "owner.unset@gmail.com";
    let e = mail::sign_in(s, &k, settings(owner), Some(endpoints()), browser)
        .await
        .unwrap_err();
    assert_eq!(
        e.field.as_deref(),
        Some("google_client_id"),
        "{}",
        e.message
    );
    assert!(mail::smtp_settings(s).await.unwrap().is_none());
    // Saved for Google but never signed in: a message is refused before it is queued.
    mail::save_smtp_settings(s, settings(owner)).await.unwrap();
    let e = sending::enqueue(
        s,
        &k,
        vec![to("ana.unset@example.org", "Hello")],
        kindly_core::clock::now(),
        false,
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::MailNotSetUp);
    assert!(e.message.contains("Google"), "{}", e.message);
    assert!(outbox::list(s, &[]).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_desktop_client_s_secret_goes_with_the_sign_in_and_every_refresh() {
    let t = common::sqlite().await;
    let s = &t.store;
    let k = keychain("secret");
    let owner = "owner.secret@gmail.com";
    let id = format!("{}-with-secret", env("KINDLY_TEST_OAUTH_CLIENT_ID"));
    // Without its secret, this client cannot even sign in.
    mail::save_oauth_clients(
        s,
        OAuthClients {
            google_client_id: id.clone(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let e = mail::sign_in(s, &k, settings(owner), Some(endpoints()), browser)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::OauthSigninNeeded, "{}", e.message);
    signed_in_as_client(
        s,
        &k,
        owner,
        OAuthClients {
            google_client_id: id,
            google_client_secret: "desktop-secret-not-secret".into(),
            ..Default::default()
        },
    )
    .await;
    let mut g = k.oauth_grant().await.unwrap().unwrap();
    g.expires_at = kindly_core::clock::real_now();
    k.set_oauth_grant(&g).await.unwrap();
    let before = server_stats(owner)["refreshed"].as_i64().unwrap();
    let subject = "Thank you, Ana (a desktop client)";
    assert_eq!(
        send_one(s, &k, "ana.secret@example.org", subject)
            .await
            .sent,
        1
    );
    assert_eq!(
        server_stats(owner)["refreshed"].as_i64().unwrap(),
        before + 1
    );
    assert_eq!(arrivals(subject).len(), 1);
    mail::sign_out(s, &k).await.unwrap();
}

/// A grant goes only to the servers the owner signed in for: pointed elsewhere in the database,
/// Kindly sends no token there and says so; the provider's own sign-in refuses a server that is
/// not the provider's.
#[tokio::test]
async fn a_grant_goes_only_to_the_servers_it_was_given_for() {
    let t = common::sqlite().await;
    let s = &t.store;
    let k = keychain("bound");
    let owner = "owner.bound@gmail.com";
    signed_in(s, &k, owner).await;
    let grant = k.oauth_grant().await.unwrap().unwrap();
    assert_eq!(grant.places.len(), 2, "bound to the SMTP and IMAP servers");
    let spy = common::listener(true);
    common::write_setting(s, "smtp.imap_port", &spy.port.to_string()).await;
    common::write_setting(s, "smtp.imap_security", "none").await;
    let e = kindly_core::service::inbox::scan(s, &k, "UTC")
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::MailServerChanged, "{}", e.message);
    assert_eq!(e.field.as_deref(), Some("imap_host"));
    let smtp_spy = common::listener(false);
    common::write_setting(s, "smtp.port", &smtp_spy.port.to_string()).await;
    common::write_setting(s, "smtp.security", "none").await;
    sending::enqueue(
        s,
        &k,
        vec![to("ana.bound@example.org", "Bound grant")],
        kindly_core::clock::now(),
        false,
    )
    .await
    .unwrap_err();
    let e = sending::drain(s, &k, &WorkerConfig::default(), &NoEvents).await;
    assert!(e.is_ok_and(|r| r.sent == 0), "nothing was queued to send");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(spy.connections() + smtp_spy.connections(), 0);
    assert!(!spy.received().contains(grant.access_token.expose()));
    let setup = mail::setup(s, &k).await.unwrap();
    assert!(setup
        .server_changed
        .is_some_and(|e| e.message.contains("sign in again")));

    // Signing in with Google itself (its real endpoints) to a server that is not Google's is
    // refused before any browser opens.
    let mut elsewhere = settings(owner);
    elsewhere.host = "smtp.gmial.com".into();
    elsewhere.security = Security::Starttls;
    let e = mail::sign_in(s, &k, elsewhere, None, |_| panic!("no browser opens"))
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("host"), "{}", e.message);
    k.remove_oauth_grant().await.unwrap();
}
