//! Test stores: a temp SQLite file, or a fresh database on the PostgreSQL server that
//! `make test` starts (its admin URL in `KINDLY_TEST_PG_URL`).

use kindly_core::Store;
use sea_orm::{ConnectionTrait, Database};

pub struct TestStore {
    pub store: Store,
    // Kept alive so the SQLite file outlives the test.
    pub _dir: Option<tempfile::TempDir>,
}

pub async fn sqlite() -> TestStore {
    let dir = tempfile::tempdir().unwrap();
    let store = kindly_core::open(dir.path(), None).await.unwrap();
    assert_eq!(store.info().backend, "sqlite");
    TestStore {
        store,
        _dir: Some(dir),
    }
}

#[allow(dead_code)] // not every test binary runs on PostgreSQL
pub async fn postgres() -> TestStore {
    postgres_with_url().await.0
}

/// A fresh database on the test server, and its address: other stores (other desktops, child
/// processes) connect to the same one.
#[allow(dead_code)]
pub async fn postgres_with_url() -> (TestStore, String) {
    let url = new_postgres_database().await;
    let store = Store::open_postgres(&url).await.unwrap();
    kindly_core::service::templates::seed_builtins(&store)
        .await
        .unwrap();
    assert_eq!(store.info().backend, "postgres");
    (TestStore { store, _dir: None }, url)
}

/// An empty database on the test server (nothing migrated), by its address.
#[allow(dead_code)]
pub async fn new_postgres_database() -> String {
    let admin = std::env::var("KINDLY_TEST_PG_URL").expect(
        "KINDLY_TEST_PG_URL is not set: run the tests with `make test`, which starts a PostgreSQL server, or point it at one (postgres://user@127.0.0.1:port/db)",
    );
    let name = format!(
        "kindly_t_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    let conn = Database::connect(admin.as_str()).await.unwrap();
    conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

/// The instant the store tests run at (Kindly's clock, frozen for the whole test process):
/// Wednesday 4 March 2026, 10:00 UTC. A test never reads the wall clock, so none of them
/// changes its answer at midnight or at a change of the clocks.
#[allow(dead_code)]
pub fn freeze_clock() -> chrono::DateTime<chrono::Utc> {
    let at = chrono::DateTime::parse_from_rfc3339("2026-03-04T10:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    kindly_core::clock::freeze(at);
    at
}

/// Move the frozen clock on by a minute (what happens next, happens later).
#[allow(dead_code)]
pub fn tick() {
    kindly_core::clock::freeze(kindly_core::clock::now() + chrono::Duration::minutes(1));
}

/// Run `$body` (an async fn taking `&Store`) once on SQLite and once on PostgreSQL, at the
/// frozen instant of [`freeze_clock`].
#[macro_export]
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    $crate::common::freeze_clock();
                    let t = $crate::common::sqlite().await;
                    super::$name(&t.store).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    $crate::common::freeze_clock();
                    let t = $crate::common::postgres().await;
                    super::$name(&t.store).await;
                }
            )*
        }
    };
}

/// SQLite's verdict on the file: "ok" when it is sound.
#[allow(dead_code)]
pub async fn integrity(s: &Store) -> String {
    s.db()
        .query_one_raw(sea_orm::Statement::from_string(
            s.backend(),
            "PRAGMA integrity_check",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<String>(0)
        .unwrap()
}

/// A helper program from `examples/` (cargo builds them with the tests):
/// target/debug/deps/<test> → target/debug/examples/<name>.
#[allow(dead_code)]
pub fn example(name: &str) -> std::path::PathBuf {
    let exe = std::env::current_exe().unwrap();
    let p = exe
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("examples")
        .join(name);
    assert!(p.exists(), "{} is built with the tests", p.display());
    p
}

/// Random moments for the kill tests: seeded from the process id, so they differ run to run
/// and a failure names the moment it used.
#[allow(dead_code)]
pub struct Moments(u64);

#[allow(dead_code)]
impl Moments {
    pub fn new(salt: u64) -> Self {
        Moments((std::process::id() as u64) ^ salt)
    }
    /// Milliseconds in `from..from + span` (xorshift).
    pub fn next_ms(&mut self, from: u64, span: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        from + self.0 % span
    }
}

/// Files under `root` whose bytes contain `needle` (to prove an erased person or a secret is
/// nowhere on disk).
#[allow(dead_code)]
pub fn files_containing(root: &std::path::Path, needle: &[u8]) -> Vec<std::path::PathBuf> {
    let mut out = vec![];
    let mut stack = vec![root.to_path_buf()];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            if let Ok(rd) = std::fs::read_dir(&p) {
                stack.extend(rd.filter_map(|e| e.ok().map(|e| e.path())));
            }
        } else if let Ok(bytes) = std::fs::read(&p) {
            if !needle.is_empty() && bytes.windows(needle.len()).any(|w| w == needle) {
                out.push(p);
            }
        }
    }
    out
}

/// Riverside Café's owner, Maria Lopez, who signs "Maria".
#[allow(dead_code)]
pub async fn owner(s: &Store) {
    kindly_core::service::settings::save_profile(
        s,
        kindly_core::service::settings::Profile {
            company_name: "Riverside Café".into(),
            sender_name: "Maria Lopez".into(),
            signature: "Maria".into(),
        },
    )
    .await
    .unwrap();
}

/// An open role with just a title.
#[allow(dead_code)]
pub async fn role(s: &Store, title: &str) -> kindly_core::service::roles::Role {
    kindly_core::service::roles::create(
        s,
        kindly_core::service::roles::RoleInput {
            title: title.into(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
}

/// The owner's mail set up with a server that asks for no login, so messages can be queued
/// (these tests never send them): the keychain is never asked.
#[allow(dead_code)]
pub async fn mail_set_up(s: &Store) -> kindly_core::secrets::Keychain {
    use kindly_core::mail::smtp::{Security, SmtpSettings};
    let saved = kindly_core::service::mail::smtp_settings(s).await.unwrap();
    if saved.is_none() {
        kindly_core::service::mail::save_smtp_settings(
            s,
            SmtpSettings {
                host: "127.0.0.1".into(),
                port: 9,
                security: Security::Starttls,
                username: String::new(),
                from_address: "jobs@riverside.example".into(),
                reply_to: String::new(),
                ca_pem: String::new(),
                sign_in: Default::default(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    kindly_core::secrets::Keychain::new("kindly-test-never-asked")
}

/// The test SMTP server (STARTTLS, its own certificate) and the test Dovecot as the owner's
/// inbox (TLS), with the test account: no copy saved in Sent unless a test asks.
#[allow(dead_code)]
pub fn test_mailbox() -> kindly_core::mail::smtp::SmtpSettings {
    use kindly_core::mail::smtp::{Security, SmtpSettings};
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

/// A variable the test scripts set (the test servers' ports, users, certificates…).
#[allow(dead_code)]
pub fn env(k: &str) -> String {
    std::env::var(k).unwrap_or_else(|_| {
        panic!("{k} is not set: run the tests with `make test`, which starts the test servers (scripts/with-*.sh)")
    })
}

/// How many times the server received each Message-ID, from one pass over its folder.
#[allow(dead_code)]
pub fn arrivals_by_id() -> std::collections::HashMap<String, usize> {
    let dir = std::path::PathBuf::from(env("KINDLY_TEST_SMTP_DIR"));
    let mut out = std::collections::HashMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "eml") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        if let Some(id) = text
            .lines()
            .find_map(|l| l.strip_prefix("Message-ID: "))
            .map(|v| v.trim().to_string())
        {
            *out.entry(id).or_insert(0) += 1;
        }
    }
    out
}

/// The decision the owner sends from a draft: the draft's text with this feedback and reason,
/// in London time, warnings not yet acknowledged.
#[allow(dead_code)]
pub fn decision_request(
    d: &kindly_core::service::decisions::DecisionDraft,
    feedback: &str,
    reason: &str,
) -> kindly_core::service::decisions::DecisionRequest {
    let mut values = d.values.clone();
    values.insert("feedback".into(), feedback.into());
    kindly_core::service::decisions::DecisionRequest {
        application_id: d.application_id,
        reason: reason.into(),
        message: kindly_core::service::compose::ComposeRequest {
            candidate_id: d.candidate_id,
            role_id: Some(d.role_id),
            template_id: Some(d.template_id),
            subject: d.subject.clone(),
            body: d.body.clone(),
            values,
            send_at: None,
            acknowledge_warnings: false,
            time_zone: Some("Europe/London".into()),
            vouched_names: vec![],
        },
        tell_anyway: false,
    }
}

/// A server on another loopback port that records whoever connects and what they send: it
/// greets like an SMTP or IMAP server and says OK to everything, so a client that was willing
/// to log in there would hand over its password or token.
#[allow(dead_code)]
pub struct Listener {
    pub port: u16,
    pub connections: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    pub received: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
}

#[allow(dead_code)]
pub fn listener(imap: bool) -> Listener {
    use std::io::{BufRead, BufReader, Write};
    use std::sync::atomic::Ordering;
    let server = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = server.local_addr().unwrap().port();
    let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let (count, got) = (connections.clone(), received.clone());
    std::thread::spawn(move || {
        for conn in server.incoming() {
            let Ok(mut conn) = conn else { return };
            count.fetch_add(1, Ordering::SeqCst);
            let got = got.clone();
            std::thread::spawn(move || {
                let _ = conn.set_read_timeout(Some(std::time::Duration::from_secs(5)));
                let greeting: &[u8] = if imap {
                    b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n"
                } else {
                    b"220 listener ESMTP\r\n"
                };
                let _ = conn.write_all(greeting);
                let mut reader = BufReader::new(conn.try_clone().unwrap());
                let mut line = String::new();
                while reader.read_line(&mut line).unwrap_or(0) > 0 {
                    got.lock().unwrap().extend_from_slice(line.as_bytes());
                    let reply = if imap {
                        let tag = line.split_whitespace().next().unwrap_or("*").to_string();
                        format!("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n{tag} OK done\r\n")
                    } else if line.to_uppercase().starts_with("EHLO") {
                        "250-listener\r\n250 AUTH PLAIN LOGIN XOAUTH2\r\n".to_string()
                    } else if line.to_uppercase().starts_with("AUTH") {
                        "235 accepted\r\n".to_string()
                    } else {
                        "250 ok\r\n".to_string()
                    };
                    let _ = conn.write_all(reply.as_bytes());
                    line.clear();
                }
            });
        }
    });
    Listener {
        port,
        connections,
        received,
    }
}

#[allow(dead_code)]
impl Listener {
    pub fn connections(&self) -> usize {
        self.connections.load(std::sync::atomic::Ordering::SeqCst)
    }
    pub fn received(&self) -> String {
        String::from_utf8_lossy(&self.received.lock().unwrap()).to_string()
    }
}

/// Write a mail setting straight into the database, as a teammate with database access or a
/// crafted backup can, behind Settings' back.
#[allow(dead_code)]
pub async fn write_setting(s: &Store, key: &str, value: &str) {
    use sea_orm::ConnectionTrait;
    let n = s
        .db()
        .execute_raw(sea_orm::Statement::from_sql_and_values(
            s.db().get_database_backend(),
            if s.db().get_database_backend() == sea_orm::DbBackend::Postgres {
                "UPDATE settings SET value = $1 WHERE key = $2"
            } else {
                "UPDATE settings SET value = ? WHERE key = ?"
            },
            [value.into(), key.into()],
        ))
        .await
        .unwrap()
        .rows_affected();
    assert_eq!(n, 1, "{key} is a saved setting");
}

/// A store whose owner's mail is `settings`, with the test account's password in a keychain
/// of the test's own (`name`).
#[allow(dead_code)]
pub async fn mailbox(
    name: &str,
    settings: kindly_core::mail::smtp::SmtpSettings,
) -> (TestStore, kindly_core::secrets::Keychain) {
    use kindly_core::service::mail;
    let t = sqlite().await;
    let k =
        kindly_core::secrets::Keychain::new(format!("kindly-test-{name}-{}", std::process::id()));
    mail::save_smtp_settings(&t.store, settings).await.unwrap();
    mail::set_password(&t.store, &k, env("KINDLY_TEST_SMTP_PASSWORD"))
        .await
        .unwrap();
    (t, k)
}
