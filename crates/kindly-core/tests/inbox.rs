//! Hearing back, against a real IMAP server (Dovecot): only replies to what Kindly sent (by
//! In-Reply-To, or from someone it wrote to) are stored, once, without the quoted history;
//! unrelated mail leaves no trace; a second look finds only what is new.

mod common;

use common::env;

use kindly_core::mail::imap;
use kindly_core::mail::outbox::NewMessage;
use kindly_core::mail::smtp::{Security, SmtpSettings};
use kindly_core::secrets::{Keychain, Secret};
use kindly_core::service::sending::{self, NoEvents, WorkerConfig};
use kindly_core::service::{candidates, inbox, mail};
use kindly_core::store::entities::reply;
use sea_orm::{EntityTrait, QueryOrder};

fn settings() -> SmtpSettings {
    SmtpSettings {
        host: "127.0.0.1".into(),
        port: env("KINDLY_TEST_SMTP_PORT").parse().unwrap(),
        security: Security::Starttls,
        username: env("KINDLY_TEST_SMTP_USER"),
        from_address: "jobs@riverside.example".into(),
        ca_file: env("KINDLY_TEST_SMTP_CA"),
        imap_host: "127.0.0.1".into(),
        imap_port: env("KINDLY_TEST_IMAP_PORT").parse().unwrap(),
        imap_security: Security::Tls,
        ..Default::default()
    }
}

/// A message as it reaches the inbox.
fn mail(from: &str, subject: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: jobs@riverside.example\r\nSubject: {subject}\r\nDate: Tue, 3 Mar 2026 09:30:00 +0000\r\nMessage-ID: <{}@mail.example>\r\n{extra}\r\n{body}\r\n",
        kindly_core::clock::unique_token()
    )
    .into_bytes()
}

async fn replies(s: &kindly_core::Store) -> Vec<reply::Model> {
    reply::Entity::find()
        .order_by_asc(reply::Column::Id)
        .all(s.db())
        .await
        .unwrap()
}

#[tokio::test]
async fn only_replies_to_kindly_are_stored_once_and_unrelated_mail_leaves_no_trace() {
    let t = common::sqlite().await;
    let s = &t.store;
    let k = Keychain::new(format!("kindly-test-inbox-{}", std::process::id()));
    mail::save_smtp_settings(s, settings()).await.unwrap();
    mail::set_password(&k, env("KINDLY_TEST_SMTP_PASSWORD"))
        .await
        .unwrap();
    let pid = std::process::id();
    let ana_address = format!("ana.inbox.{pid}@example.org");
    let ana = candidates::create(
        s,
        candidates::CandidateInput {
            first_name: "Ana".into(),
            last_name: "Lopez".into(),
            email: ana_address.clone(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let q = sending::enqueue(
        s,
        &k,
        vec![NewMessage {
            candidate_id: Some(ana.id),
            to_name: "Ana Lopez".into(),
            to_address: ana_address.clone(),
            subject: "Would you like to stay in touch?".into(),
            body: "Hi Ana,\n\nWould you like us to keep your details?\n\nMaria".into(),
            ..Default::default()
        }],
        kindly_core::clock::now(),
        false,
    )
    .await
    .unwrap();
    assert_eq!(
        sending::drain(s, &k, &WorkerConfig::default(), &NoEvents)
            .await
            .unwrap()
            .sent,
        1
    );
    let ours = &q[0].message_id;
    let unrelated = format!("UNRELATED-BANK-STATEMENT-{pid}");
    let password = Secret::new(env("KINDLY_TEST_SMTP_PASSWORD"));
    imap::append(
        &settings(),
        Some(&password),
        "INBOX",
        &[
            mail(
                &format!("Ana Lopez <{ana_address}>"),
                "Re: Would you like to stay in touch?",
                &format!("In-Reply-To: {ours}\r\nReferences: {ours}\r\n"),
                "Yes, please keep my details.\r\n\r\nAna\r\n\r\nOn Mon, 2 Mar 2026, Maria wrote:\r\n> Hi Ana,\r\n> Would you like us to keep your details?",
            ),
            mail(
                "Your Bank <statements@bank.example>",
                "Your statement",
                "",
                &format!("{unrelated}: your balance is ready."),
            ),
            // No In-Reply-To, from Ana's address, in ISO-8859-1 quoted-printable.
            mail(
                &ana_address,
                "Merci",
                "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n",
                "Merci, =E7a me va tr=E8s bien.",
            ),
            // HTML only.
            mail(
                &format!("Ana <{ana_address}>"),
                "Re: Would you like to stay in touch?",
                &format!("In-Reply-To: {ours}\r\nContent-Type: text/html; charset=utf-8\r\n"),
                "<html><body><p>Happy to <b>stay</b> in touch!</p></body></html>",
            ),
        ],
    )
    .await
    .unwrap();

    let r = inbox::scan(s, &k).await.unwrap().unwrap();
    assert_eq!((r.stored, r.from_start), (3, true));
    let got = replies(s).await;
    let texts: Vec<&str> = got.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts[0], "Yes, please keep my details.\n\nAna");
    assert_eq!(texts[1], "Merci, ça me va très bien.");
    assert!(texts[2].contains("Happy to stay in touch!"), "{}", texts[2]);
    assert!(got.iter().all(|r| r.candidate_id == Some(ana.id)));
    assert!(got.iter().all(|r| r.message_ref == Some(q[0].id)));
    assert_eq!(got[0].from_address, ana_address);

    // The unrelated message is nowhere: not in the database, its journal or the logs.
    let data = t._dir.as_ref().unwrap().path();
    assert!(
        !common::files_containing(data, texts[0].as_bytes()).is_empty(),
        "the search reads the data folder"
    );
    assert!(common::files_containing(data, unrelated.as_bytes()).is_empty());
    assert!(common::files_containing(data, b"statements@bank.example").is_empty());

    // A second look finds nothing new; a new reply is found, once.
    let again = inbox::scan(s, &k).await.unwrap().unwrap();
    assert_eq!((again.stored, again.from_start), (0, false));
    imap::append(
        &settings(),
        Some(&password),
        "INBOX",
        &[mail(
            &ana_address,
            "Re: Would you like to stay in touch?",
            &format!("References: <other@x.example> {ours}\r\n"),
            "One more thing: I can start in April.",
        )],
    )
    .await
    .unwrap();
    assert_eq!(inbox::scan(s, &k).await.unwrap().unwrap().stored, 1);
    assert_eq!(inbox::scan(s, &k).await.unwrap().unwrap().stored, 0);
    assert_eq!(replies(s).await.len(), 4);

    // Erasing Ana erases her replies.
    kindly_core::service::privacy::erase(s, ana.id, kindly_core::clock::now())
        .await
        .unwrap();
    assert!(replies(s).await.is_empty());
}
