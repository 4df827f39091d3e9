//! A copy in the owner's Sent folder: after the SMTP server accepts a message, Kindly appends
//! its exact text to the IMAP folder marked \Sent (a real Dovecot). A copy that cannot be saved
//! is a warning on the message, which went once and is never sent again.

mod common;

use common::env;

use kindly_core::mail::outbox::{self, MessageStatus, NewMessage};
use kindly_core::mail::smtp::SmtpSettings;
use kindly_core::secrets::Keychain;
use kindly_core::service::sending::{self, NoEvents, WorkerConfig};
use std::path::{Path, PathBuf};

fn settings(imap_port: u16) -> SmtpSettings {
    SmtpSettings {
        sent_copy: true,
        imap_port,
        ..common::test_mailbox()
    }
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

/// Files under `dir` (the IMAP server's mailboxes, or the SMTP server's) holding `needle`.
fn holding(dir: &Path, needle: &str) -> Vec<PathBuf> {
    common::files_containing(dir, needle.as_bytes())
        .into_iter()
        .filter(|p| !p.to_string_lossy().contains("dovecot"))
        .collect()
}

async fn ready(name: &str, imap_port: u16) -> (common::TestStore, Keychain) {
    common::mailbox(&format!("sent-{name}"), settings(imap_port)).await
}

#[tokio::test]
async fn what_went_is_copied_to_the_folder_marked_sent() {
    let (t, k) = ready("copied", env("KINDLY_TEST_IMAP_PORT").parse().unwrap()).await;
    let pid = std::process::id();
    let q = sending::enqueue(
        &t.store,
        &k,
        (0..3)
            .map(|i| {
                to(
                    &format!("ana{i}.copy@example.org"),
                    &format!("Copied {i} {pid}"),
                )
            })
            .collect(),
        kindly_core::clock::now(),
        true,
    )
    .await
    .unwrap();
    let r = sending::drain(&t.store, &k, &WorkerConfig::default(), &NoEvents)
        .await
        .unwrap();
    assert_eq!(r.sent, 3);
    for m in outbox::list(&t.store, &[]).await.unwrap() {
        assert_eq!(m.status, MessageStatus::Sent);
        assert!(m.copied_to_sent && m.copy_warning.is_none(), "{m:?}");
    }
    let imap = PathBuf::from(env("KINDLY_TEST_IMAP_DIR"));
    let smtp = PathBuf::from(env("KINDLY_TEST_SMTP_DIR"));
    for m in &q {
        let copies = holding(&imap, &m.message_id);
        assert_eq!(copies.len(), 1, "one copy of {}", m.message_id);
        assert!(
            copies[0].to_string_lossy().contains("/.Sent/"),
            "in Sent: {copies:?}"
        );
        // The exact message the server accepted, read (\Seen: Dovecot's ",S" flag).
        assert!(copies[0].to_string_lossy().ends_with(",S"), "{copies:?}");
        assert_eq!(holding(&smtp, &m.message_id).len(), 1);
    }
}

#[tokio::test]
async fn a_copy_that_fails_is_a_warning_and_the_message_goes_once() {
    // Nothing listens on this port: the IMAP server is down.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (t, k) = ready("warned", closed).await;
    let subject = format!("Not copied {}", std::process::id());
    let q = sending::enqueue(
        &t.store,
        &k,
        vec![to("ana.warned@example.org", &subject)],
        kindly_core::clock::now(),
        false,
    )
    .await
    .unwrap();
    let r = sending::drain(&t.store, &k, &WorkerConfig::default(), &NoEvents)
        .await
        .unwrap();
    assert_eq!(r.sent, 1);
    let again = sending::drain(&t.store, &k, &WorkerConfig::default(), &NoEvents)
        .await
        .unwrap();
    assert_eq!(again.sent, 0, "a failed copy never sends the message again");
    let m = outbox::list(&t.store, &[]).await.unwrap().remove(0);
    assert_eq!((m.id, m.status), (q[0].id, MessageStatus::Sent));
    assert!(!m.copied_to_sent);
    let w = m.copy_warning.unwrap();
    assert!(
        w.starts_with(
            "No copy in your Sent folder: The IMAP server 127.0.0.1 could not be reached"
        ),
        "{w}"
    );
    let smtp = PathBuf::from(env("KINDLY_TEST_SMTP_DIR"));
    assert_eq!(holding(&smtp, &m.message_id).len(), 1);
    // And the worker is not stopped by it: no banner.
    assert!(sending::health(&t.store).await.unwrap().problem.is_none());
}

#[test]
fn the_provider_table_turns_the_copy_off_where_the_server_keeps_one() {
    use kindly_core::domain::providers;
    assert!(providers::for_domain("gmail.com").unwrap().sent_copy);
    assert!(!providers::for_domain("outlook.com").unwrap().sent_copy);
}
