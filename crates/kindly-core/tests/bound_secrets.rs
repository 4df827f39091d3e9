//! A secret goes only where it was given ("Believe the right people"): the owner's password is
//! kept with the SMTP and IMAP servers it was typed for, and when the database names another
//! server (a teammate's write, a restored file, a typo) no secret leaves Kindly. The real test
//! servers (aiosmtpd, Dovecot) and a recording listener on another loopback port, with the real
//! keychain.

mod common;

use common::{env, listener, write_setting};
use kindly_core::mail::outbox::{self, MessageStatus, NewMessage};
use kindly_core::secrets::Keychain;
use kindly_core::service::sending::{self, NoEvents, WorkerConfig};
use kindly_core::service::{inbox, mail};
use kindly_core::ErrorCode;

async fn owner_set_up(name: &str) -> (common::TestStore, Keychain) {
    common::mailbox(&format!("bound-{name}"), common::test_mailbox()).await
}

#[tokio::test]
async fn a_changed_imap_server_gets_no_password_and_the_window_says_what_to_do() {
    let (t, k) = owner_set_up("imap").await;
    let s = &t.store;
    // The owner's inbox works.
    assert!(inbox::scan(s, &k, "UTC").await.unwrap().is_some());
    let spy = listener(true);
    let dovecot = env("KINDLY_TEST_IMAP_PORT");
    // Someone with the database points reading at their own server, in plain text (allowed on
    // loopback, so only the binding stands between it and the password).
    write_setting(s, "smtp.imap_port", &spy.port.to_string()).await;
    write_setting(s, "smtp.imap_security", "none").await;
    let e = inbox::scan(s, &k, "UTC").await.unwrap_err();
    assert_eq!(e.code, ErrorCode::MailServerChanged, "{}", e.message);
    assert_eq!(e.field.as_deref(), Some("imap_host"));
    assert!(
        e.message.contains(&format!("127.0.0.1:{}", spy.port))
            && e.message.contains(&format!("127.0.0.1:{dovecot}")),
        "{}",
        e.message
    );
    assert!(inbox::wait_for_mail(s, &k).await.is_err());
    // Nothing reached the listener: not a connection, so not a password.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(spy.connections(), 0, "{}", spy.received());
    // Today and the Outbox are told (with the fix in Settings), and Settings names it.
    let health = sending::health(s).await.unwrap();
    let reading = health.reading.expect("the window says reading stopped");
    assert_eq!(reading.code, ErrorCode::MailServerChanged);
    assert!(reading.in_settings);
    let setup = mail::setup(s, &k).await.unwrap();
    assert_eq!(
        setup.server_changed.map(|e| e.code),
        Some(ErrorCode::MailServerChanged)
    );
    // Put back, reading works again and the banner goes.
    write_setting(s, "smtp.imap_port", &dovecot).await;
    write_setting(s, "smtp.imap_security", "tls").await;
    assert!(inbox::scan(s, &k, "UTC").await.unwrap().is_some());
    assert!(sending::health(s).await.unwrap().reading.is_none());
    mail::remove_password(s, &k).await.unwrap();
}

#[tokio::test]
async fn a_changed_smtp_server_gets_no_password_and_the_message_waits_to_go_once() {
    let (t, k) = owner_set_up("smtp").await;
    let s = &t.store;
    let subject = format!("Bound {}", std::process::id());
    sending::enqueue(
        s,
        &k,
        vec![NewMessage {
            to_name: "Ana Lopez".into(),
            to_address: "ana.bound@example.org".into(),
            subject: subject.clone(),
            body: "Hi Ana,\n\nThank you for coming in.\n\nMaria".into(),
            ..Default::default()
        }],
        kindly_core::clock::now(),
        false,
    )
    .await
    .unwrap();
    let spy = listener(false);
    let aiosmtpd = env("KINDLY_TEST_SMTP_PORT");
    write_setting(s, "smtp.port", &spy.port.to_string()).await;
    write_setting(s, "smtp.security", "none").await;
    let e = sending::drain(s, &k, &WorkerConfig::default(), &NoEvents)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::MailServerChanged, "{}", e.message);
    assert_eq!(e.field.as_deref(), Some("host"));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(spy.connections(), 0, "{}", spy.received());
    let m = outbox::list(s, &[]).await.unwrap().remove(0);
    assert_eq!(m.status, MessageStatus::Queued);
    let problem = sending::health(s).await.unwrap().problem.unwrap();
    assert_eq!(problem.code, ErrorCode::MailServerChanged);
    // New messages are refused before they are queued, with the same words.
    let refused = mail::ready(s, &k).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::MailServerChanged);
    // Put back: the waiting message goes, once.
    write_setting(s, "smtp.port", &aiosmtpd).await;
    write_setting(s, "smtp.security", "starttls").await;
    sending::try_now(s).await.unwrap();
    let r = sending::drain(s, &k, &WorkerConfig::default(), &NoEvents)
        .await
        .unwrap();
    assert_eq!(r.sent, 1);
    assert_eq!(common::arrivals_by_id().get(&m.message_id), Some(&1));
    mail::remove_password(s, &k).await.unwrap();
}

#[tokio::test]
async fn the_owner_giving_the_password_for_the_new_server_binds_it_there() {
    let (t, k) = owner_set_up("again").await;
    let s = &t.store;
    write_setting(s, "smtp.host", "localhost").await;
    assert!(mail::setup(s, &k).await.unwrap().server_changed.is_some());
    mail::set_password(s, &k, env("KINDLY_TEST_SMTP_PASSWORD"))
        .await
        .unwrap();
    let setup = mail::setup(s, &k).await.unwrap();
    assert!(setup.server_changed.is_none() && setup.password_stored);
    mail::remove_password(s, &k).await.unwrap();
}
