//! `make bench`: the owner's inbox on the local Dovecot holds 10,000 messages that are not
//! Kindly's and 100 replies to what Kindly sent. Kindly's first look (headers of all, bodies of
//! the replies, stored in one transaction) and its later looks, each beside the floor in the
//! same run: reading the same headers over the same IMAP connection and keeping nothing.
//! Targets: the first look under 10 s, a later look under 200 ms. Peak memory is printed.

use kindly_core::mail::imap;
use kindly_core::mail::outbox::NewMessage;
use kindly_core::mail::smtp::{Security, SmtpSettings};
use kindly_core::secrets::{Keychain, Secret};
use kindly_core::service::{inbox, mail, sending};
use kindly_core::store::entities::message;
use sea_orm::EntityTrait;
use std::time::{Duration, Instant};

const UNRELATED: usize = 10_000;
const REPLIES: usize = 100;

fn env(k: &str) -> String {
    std::env::var(k)
        .unwrap_or_else(|_| panic!("{k} is not set: run with `make bench` (scripts/with-imap.sh)"))
}

fn settings() -> SmtpSettings {
    SmtpSettings {
        host: "127.0.0.1".into(),
        port: env("KINDLY_TEST_SMTP_PORT").parse().unwrap(),
        security: Security::Starttls,
        username: env("KINDLY_TEST_SMTP_USER"),
        from_address: "jobs@riverside.example".into(),
        ca_pem: std::fs::read_to_string(env("KINDLY_TEST_SMTP_CA")).unwrap(),
        imap_host: "127.0.0.1".into(),
        imap_port: env("KINDLY_TEST_IMAP_PORT").parse().unwrap(),
        imap_security: Security::Tls,
        ..Default::default()
    }
}

fn mail(i: usize, from: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: jobs@riverside.example\r\nSubject: Message {i}\r\nDate: Tue, 3 Mar 2026 09:30:00 +0000\r\nMessage-ID: <bench.{i}.{}@mail.example>\r\n{extra}\r\n{body}\r\n",
        std::process::id()
    )
    .into_bytes()
}

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l["VmHWM:".len()..].trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let store = kindly_core::open(dir.path(), None).await.unwrap();
    let k = Keychain::new(format!("kindly-bench-inbox-{}", std::process::id()));
    let s = settings();
    mail::save_smtp_settings(&store, s.clone()).await.unwrap();
    let password = env("KINDLY_TEST_SMTP_PASSWORD");
    mail::set_password(&store, &k, password.clone())
        .await
        .unwrap();
    let secret = Secret::new(password);

    // 100 messages Kindly sent (stored as sent: this measures reading, not sending).
    let msgs: Vec<NewMessage> = (0..REPLIES)
        .map(|i| NewMessage {
            to_name: format!("Person {i}"),
            to_address: format!("person{i}@example.org"),
            subject: "Would you like to stay in touch?".into(),
            body: "Hi,\n\nWould you like us to keep your details?\n\nMaria".into(),
            ..Default::default()
        })
        .collect();
    let sent = sending::enqueue(&store, &k, msgs, kindly_core::clock::now(), true)
        .await
        .unwrap();
    message::Entity::update_many()
        .col_expr(
            message::Column::Status,
            sea_orm::sea_query::Expr::value("sent"),
        )
        .col_expr(
            message::Column::SentAt,
            sea_orm::sea_query::Expr::value(kindly_core::clock::now()),
        )
        .exec(store.db())
        .await
        .unwrap();

    print!("  filling the mailbox ({UNRELATED} unrelated, {REPLIES} replies)… ");
    let fill = Instant::now();
    let mut all: Vec<Vec<u8>> = (0..UNRELATED)
        .map(|i| {
            mail(
                i,
                &format!("Shop {i} <news{i}@shop.example>"),
                "",
                "A newsletter that is not Kindly's business.",
            )
        })
        .collect();
    for (i, m) in sent.iter().enumerate() {
        // Spread among the rest.
        let at = (i * UNRELATED) / REPLIES + i;
        all.insert(
            at,
            mail(
                UNRELATED + i,
                &format!("person{i}@example.org"),
                &format!("In-Reply-To: {}\r\n", m.message_id),
                "Yes, please keep my details.",
            ),
        );
    }
    for chunk in all.chunks(2000) {
        imap::append(&s, Some(&secret), "INBOX", chunk)
            .await
            .unwrap();
    }
    println!("{:.1} s", fill.elapsed().as_secs_f64());

    // The floor: the same headers over the same connection, nothing parsed or kept.
    let t = Instant::now();
    let floor = imap::fetch_new(&s, Some(&secret), "INBOX", None, |_| false)
        .await
        .unwrap();
    let floor_first = t.elapsed();

    let t = Instant::now();
    let first = inbox::scan(&store, &k, "UTC").await.unwrap().unwrap();
    let kindly_first = t.elapsed();
    let peak = peak_memory();
    assert_eq!(first.stored as usize, REPLIES, "every reply stored once");

    let since = Some((floor.uid_validity, floor.last_uid));
    let mut floors = vec![];
    let mut laters = vec![];
    for _ in 0..7 {
        let t = Instant::now();
        imap::fetch_new(&s, Some(&secret), "INBOX", since, |_| false)
            .await
            .unwrap();
        floors.push(t.elapsed());
        let t = Instant::now();
        let r = inbox::scan(&store, &k, "UTC").await.unwrap().unwrap();
        laters.push(t.elapsed());
        assert_eq!(r.stored, 0);
    }
    let (floor_later, kindly_later) = (median(floors), median(laters));

    let verdict = |d: Duration, target: Duration| {
        if d < target {
            format!("under the {} ms target", target.as_millis())
        } else {
            format!("OVER the {} ms target", target.as_millis())
        }
    };
    println!(
        "inbox scan: {UNRELATED} unrelated messages + {REPLIES} replies (Dovecot, TLS, loopback)"
    );
    println!(
        "  first look   Kindly {:>8.1} ms   floor (headers only) {:>8.1} ms   {}",
        kindly_first.as_secs_f64() * 1e3,
        floor_first.as_secs_f64() * 1e3,
        verdict(kindly_first, Duration::from_secs(10))
    );
    println!(
        "  later look   Kindly {:>8.1} ms   floor (headers only) {:>8.1} ms   {} (median of 7)",
        kindly_later.as_secs_f64() * 1e3,
        floor_later.as_secs_f64() * 1e3,
        verdict(kindly_later, Duration::from_millis(200))
    );
    println!("  peak memory (VmHWM) after the first look: {peak}");
}
