//! Mail against a real SMTP server on loopback (aiosmtpd with AUTH, STARTTLS and implicit TLS,
//! started by scripts/with-smtp.sh) and a real keychain (scripts/with-keyring.sh).

mod common;

use common::env;

use kindly_core::mail::smtp::{self, Outgoing, Security, SmtpSession, SmtpSettings};
use kindly_core::secrets::{Keychain, Secret};
use kindly_core::service::{mail, settings};
use kindly_core::ErrorCode;
use std::path::PathBuf;

fn server(security: Security) -> SmtpSettings {
    SmtpSettings {
        host: "127.0.0.1".into(),
        port: env(if security == Security::Tls {
            "KINDLY_TEST_SMTP_TLS_PORT"
        } else {
            "KINDLY_TEST_SMTP_PORT"
        })
        .parse()
        .unwrap(),
        security,
        username: env("KINDLY_TEST_SMTP_USER"),
        from_address: "jobs@riverside.example".into(),
        reply_to: "maria@riverside.example".into(),
        ca_pem: std::fs::read_to_string(env("KINDLY_TEST_SMTP_CA")).unwrap(),
        sign_in: Default::default(),
        ..Default::default()
    }
}

fn password() -> Secret {
    Secret::new(env("KINDLY_TEST_SMTP_PASSWORD"))
}

/// The received message with this Message-ID: (raw message, envelope JSON).
fn received(message_id: &str) -> Vec<(String, serde_json::Value)> {
    let dir = PathBuf::from(env("KINDLY_TEST_SMTP_DIR"));
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "eml") {
            let raw = std::fs::read_to_string(&p).unwrap();
            if raw.contains(message_id) {
                let env = std::fs::read_to_string(p.with_extension("json")).unwrap();
                out.push((raw, serde_json::from_str(&env).unwrap()));
            }
        }
    }
    out
}

fn message(to: &str, id: &str) -> lettre::Message {
    smtp::build(&Outgoing {
        from_name: "Maria Lopez",
        from_address: "jobs@riverside.example",
        reply_to: "maria@riverside.example",
        to_name: "Ana Lopez",
        to_address: to,
        subject: "Thank you for your time, Ana",
        body: "Hi Ana,\n\nThank you for meeting with us.\n\nMaria",
        message_id: id,
        in_reply_to: "",
        references: "",
    })
    .unwrap()
}

#[tokio::test]
async fn a_message_arrives_over_starttls_with_its_headers_body_and_id() {
    let s = server(Security::Starttls);
    let id = smtp::new_message_id(&s.from_address);
    let mut session = SmtpSession::open(&s, Some(&password())).await.unwrap();
    session
        .send(&message("ana@example.org", &id), smtp::TIMEOUT)
        .await
        .unwrap();
    session.close().await;
    let got = received(&id);
    assert_eq!(got.len(), 1, "exactly once");
    let (raw, envelope) = &got[0];
    assert_eq!(envelope["mail_from"], "jobs@riverside.example");
    assert_eq!(envelope["rcpt_tos"], serde_json::json!(["ana@example.org"]));
    assert_eq!(envelope["auth"], true);
    assert!(
        raw.contains("From: \"Maria Lopez\" <jobs@riverside.example>"),
        "{raw}"
    );
    assert!(raw.contains("To: \"Ana Lopez\" <ana@example.org>"), "{raw}");
    assert!(
        raw.contains("Reply-To: \"Maria Lopez\" <maria@riverside.example>"),
        "{raw}"
    );
    assert!(
        raw.contains("Subject: Thank you for your time, Ana"),
        "{raw}"
    );
    assert!(raw.contains(&format!("Message-ID: {id}")), "{raw}");
    assert!(raw.contains("Thank you for meeting with us."), "{raw}");
}

#[tokio::test]
async fn implicit_tls_works_too() {
    let s = server(Security::Tls);
    let id = smtp::new_message_id(&s.from_address);
    let mut session = SmtpSession::open(&s, Some(&password())).await.unwrap();
    session
        .send(&message("ben@example.org", &id), smtp::TIMEOUT)
        .await
        .unwrap();
    session.close().await;
    assert_eq!(received(&id).len(), 1);
}

#[tokio::test]
async fn one_connection_carries_many_messages() {
    let s = server(Security::Starttls);
    let mut session = SmtpSession::open(&s, Some(&password())).await.unwrap();
    let ids: Vec<String> = (0..20)
        .map(|_| smtp::new_message_id(&s.from_address))
        .collect();
    for (i, id) in ids.iter().enumerate() {
        session
            .send(&message(&format!("p{i}@example.org"), id), smtp::TIMEOUT)
            .await
            .unwrap();
    }
    session.close().await;
    for id in &ids {
        assert_eq!(received(id).len(), 1);
    }
}

#[tokio::test]
async fn a_wrong_password_is_an_authentication_error() {
    let s = server(Security::Starttls);
    let e = SmtpSession::open(&s, Some(&Secret::new("wrong")))
        .await
        .err()
        .unwrap();
    assert_eq!(e.code, ErrorCode::SmtpAuth, "{}", e.message);
    assert!(e.message.contains("username or password"));
    assert!(!e.message.contains("wrong"), "the password is never echoed");
}

#[tokio::test]
async fn a_server_that_is_down_is_a_connection_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let s = SmtpSettings {
        port,
        ..server(Security::Starttls)
    };
    let e = SmtpSession::open(&s, Some(&password()))
        .await
        .err()
        .unwrap();
    assert_eq!(e.code, ErrorCode::SmtpConnect, "{}", e.message);
    assert!(e.message.contains("refused"), "{}", e.message);
}

#[tokio::test]
async fn an_untrusted_certificate_is_a_tls_error() {
    for security in [Security::Starttls, Security::Tls] {
        let s = SmtpSettings {
            ca_pem: String::new(),
            ..server(security)
        };
        let e = SmtpSession::open(&s, Some(&password()))
            .await
            .err()
            .unwrap();
        assert_eq!(e.code, ErrorCode::SmtpTls, "{security:?}: {}", e.message);
        assert!(e.message.contains("not trusted"), "{}", e.message);
    }
}

#[tokio::test]
async fn a_5xx_is_permanent_and_a_4xx_then_success_is_temporary() {
    let s = server(Security::Starttls);
    let mut session = SmtpSession::open(&s, Some(&password())).await.unwrap();
    let id = smtp::new_message_id(&s.from_address);
    let e = session
        .send(&message("reject-me@example.org", &id), smtp::TIMEOUT)
        .await
        .unwrap_err();
    assert!(
        !e.maybe_delivered,
        "refused at RCPT: nothing of it is at the server"
    );
    let e = e.error;
    assert_eq!(e.code, ErrorCode::SmtpRejected, "{}", e.message);
    assert!(e.message.contains("mailbox unavailable"), "{}", e.message);
    assert!(received(&id).is_empty());
    let mut session = SmtpSession::open(&s, Some(&password())).await.unwrap();

    let busy = format!("tempfail-{}@example.org", std::process::id());
    let id = smtp::new_message_id(&s.from_address);
    let e = session
        .send(&message(&busy, &id), smtp::TIMEOUT)
        .await
        .unwrap_err()
        .error;
    assert_eq!(e.code, ErrorCode::SmtpTemporary, "{}", e.message);
    assert!(e.message.contains("try again later"), "{}", e.message);
    // lettre drops the connection after a failed command; the retry opens a new one.
    assert!(session.is_broken());
    let mut session = SmtpSession::open(&s, Some(&password())).await.unwrap();
    session
        .send(&message(&busy, &id), smtp::TIMEOUT)
        .await
        .unwrap();
    session.close().await;
    assert_eq!(received(&id).len(), 1);
}

#[tokio::test]
async fn the_test_email_goes_to_the_owner_through_settings_and_the_keychain() {
    let t = common::sqlite().await;
    let store = &t.store;
    let keychain = Keychain::new(format!("kindly-test-mail-{}", std::process::id()));
    let e = mail::send_test_email(store, &keychain).await.unwrap_err();
    assert_eq!(
        e.code,
        kindly_core::ErrorCode::MailNotSetUp,
        "not set up yet: {}",
        e.message
    );

    mail::save_smtp_settings(store, server(Security::Starttls))
        .await
        .unwrap();
    settings::save_profile(
        store,
        settings::Profile {
            sender_name: "Maria Lopez".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let e = mail::send_test_email(store, &keychain).await.unwrap_err();
    assert_eq!(
        e.code,
        ErrorCode::SmtpAuth,
        "no password yet: {}",
        e.message
    );

    mail::set_password(store, &keychain, env("KINDLY_TEST_SMTP_PASSWORD"))
        .await
        .unwrap();
    let setup = mail::setup(store, &keychain).await.unwrap();
    assert!(setup.password_stored);
    assert_eq!(setup.settings.unwrap().host, "127.0.0.1");
    let sent = mail::send_test_email(store, &keychain).await.unwrap();
    assert_eq!(sent.to, "jobs@riverside.example");
    let got = received(&sent.message_id);
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].1["rcpt_tos"],
        serde_json::json!(["jobs@riverside.example"])
    );
    assert!(got[0].0.contains("Subject: Kindly test email"));
    assert!(got[0].0.contains("Hello Maria Lopez,"));

    // The password is in the keychain only: not in the database file or its WAL.
    let dir = t._dir.as_ref().unwrap().path();
    for f in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(f.unwrap().path()).unwrap();
        let needle = env("KINDLY_TEST_SMTP_PASSWORD");
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "the password leaked into a file"
        );
    }
    mail::remove_password(store, &keychain).await.unwrap();
}

/// A one-connection server that greets and answers EHLO with `ehlo`, on loopback.
async fn plain_server(greeting: &'static str, ehlo: &'static str) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    tokio::spawn(async move {
        let (mut s, _) = l.accept().await.unwrap();
        s.write_all(greeting.as_bytes()).await.unwrap();
        let mut buf = [0u8; 512];
        while let Ok(n) = s.read(&mut buf).await {
            if n == 0 {
                break;
            }
            let _ = s.write_all(ehlo.as_bytes()).await;
        }
    });
    port
}

#[tokio::test]
async fn starttls_needs_a_server_that_offers_it() {
    for (greeting, ehlo, code, says) in [
        // Greets and answers EHLO, without STARTTLS among its extensions: the password never
        // goes.
        (
            "220 plain.example ESMTP\r\n",
            "250-plain.example\r\n250 AUTH PLAIN\r\n",
            ErrorCode::SmtpTls,
            "does not offer STARTTLS",
        ),
        // Not a mail server's greeting at all.
        (
            "554 go away\r\n",
            "554 go away\r\n",
            ErrorCode::SmtpConnect,
            "did not greet as a mail server (554)",
        ),
    ] {
        let s = SmtpSettings {
            port: plain_server(greeting, ehlo).await,
            ..server(Security::Starttls)
        };
        let e = SmtpSession::open(&s, Some(&password()))
            .await
            .err()
            .unwrap();
        assert_eq!(e.code, code, "{}", e.message);
        assert!(e.message.contains(says), "{}", e.message);
    }
}
