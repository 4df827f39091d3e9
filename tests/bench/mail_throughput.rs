//! `make bench`: 1,000 personalized messages to the local test SMTP server (STARTTLS + AUTH),
//! through Kindly's pipeline (render each from a template, store in the outbox, send over one
//! reused connection), beside Python's `mailmerge` sending the same 1,000 to the same server
//! in the same run. Target: at least 2× faster than mailmerge.

use kindly_core::mail::smtp::{Security, SignIn, SmtpSettings};
use kindly_core::secrets::Keychain;
use kindly_core::service::compose::{self, ComposeRequest};
use kindly_core::service::sending::{self, NoEvents, WorkerConfig};
use kindly_core::service::{candidates, mail, settings};
use std::io::Write;
use std::time::{Duration, Instant};

const N: usize = 1000;
const SUBJECT: &str = "Thank you for your time, {{ candidate_first_name }}";
const BODY: &str = "Hi {{ candidate_first_name }},\n\nThank you for meeting with us. You will hear from me by {{ follow_up_date }}.\n\nWith thanks,\n{{ signature }}";

fn env(k: &str) -> String {
    std::env::var(k)
        .unwrap_or_else(|_| panic!("{k} is not set: run with `make bench` (scripts/with-smtp.sh)"))
}

fn count_eml(dir: &str) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "eml")
        })
        .count()
}

/// How Kindly signs in to the server in a run.
#[derive(Clone, Copy)]
enum Auth {
    Password,
    /// Sign in with Google against the test authorization server; XOAUTH2 to the server.
    OAuth,
}

fn server(security: Security, auth: Auth) -> SmtpSettings {
    let (port, user) = match security {
        Security::Tls => ("KINDLY_TEST_SMTP_TLS_PORT", env("KINDLY_TEST_SMTP_USER")),
        _ => ("KINDLY_TEST_SMTP_PORT", env("KINDLY_TEST_SMTP_USER")),
    };
    let user = match auth {
        Auth::Password => user,
        Auth::OAuth => "bench@gmail.com".into(),
    };
    SmtpSettings {
        host: "127.0.0.1".into(),
        port: env(port).parse().unwrap(),
        security,
        username: user.clone(),
        from_address: match auth {
            Auth::Password => "jobs@riverside.example".into(),
            Auth::OAuth => user,
        },
        reply_to: String::new(),
        ca_pem: std::fs::read_to_string(env("KINDLY_TEST_SMTP_CA")).unwrap(),
        sign_in: match auth {
            Auth::Password => SignIn::Password,
            Auth::OAuth => SignIn::OauthGoogle,
        },
        ..Default::default()
    }
}

/// Kindly's whole pipeline on a fresh data folder: N personalised messages rendered from a
/// template, stored in the outbox, then sent by the worker over one connection. Returns the
/// time end to end and the time sending (the worker's run).
async fn pipeline(security: Security, auth: Auth, tag: &str) -> (Duration, Duration) {
    let mail_dir = env("KINDLY_TEST_SMTP_DIR");
    let dir = tempfile::tempdir().unwrap();
    let keychain = Keychain::new(format!("kindly-bench-{tag}-{}", std::process::id()));
    let store = kindly_core::open(dir.path(), None).await.unwrap();
    let s = server(security, auth);
    match auth {
        Auth::Password => {
            mail::save_smtp_settings(&store, s).await.unwrap();
            mail::set_password(&store, &keychain, env("KINDLY_TEST_SMTP_PASSWORD"))
                .await
                .unwrap();
        }
        Auth::OAuth => {
            let base = env("KINDLY_TEST_OAUTH_URL");
            mail::save_oauth_clients(
                &store,
                mail::OAuthClients {
                    google_client_id: env("KINDLY_TEST_OAUTH_CLIENT_ID"),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
            let endpoints = kindly_core::domain::providers::OAuthEndpoints {
                name: "Google".into(),
                auth_url: format!("{base}/authorize"),
                token_url: format!("{base}/token"),
                revoke_url: String::new(),
                scopes: vec!["mail".into()],
                extra: vec![],
            };
            // The browser: an HTTP client that follows the redirect back to Kindly.
            let browser = |url: &str| {
                let url = url.to_string();
                std::thread::spawn(move || {
                    let _ = ureq::get(&url).call();
                });
                Ok(())
            };
            mail::sign_in(&store, &keychain, s, Some(endpoints), browser)
                .await
                .unwrap();
        }
    }
    settings::save_profile(
        &store,
        settings::Profile {
            sender_name: "Maria Lopez".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut ids = Vec::with_capacity(N);
    for i in 0..N {
        let c = candidates::create(
            &store,
            candidates::CandidateInput {
                first_name: format!("Person{i}"),
                last_name: "Bench".into(),
                email: format!("person{i}.{tag}@bench.example"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        ids.push(c.id);
    }
    let before = count_eml(&mail_dir);
    let t = Instant::now();
    let requests = ids
        .iter()
        .map(|&id| ComposeRequest {
            candidate_id: id,
            role_id: None,
            template_id: None,
            subject: SUBJECT.into(),
            body: BODY.into(),
            values: [("follow_up_date".to_string(), "Friday 6 March".to_string())].into(),
            // A batch goes when it is due: due now.
            send_at: Some(chrono::Utc::now().to_rfc3339()),
            acknowledge_warnings: false,
            time_zone: None,
            vouched_names: vec![],
        })
        .collect();
    compose::send_batch(&store, &keychain, requests)
        .await
        .unwrap();
    let queued = t.elapsed();
    let report = sending::drain(&store, &keychain, &WorkerConfig::default(), &NoEvents)
        .await
        .unwrap();
    let total = t.elapsed();
    assert_eq!(report.sent as usize, N);
    assert_eq!(count_eml(&mail_dir) - before, N, "every message arrived");
    mail::remove_password(&store, &keychain).await.unwrap();
    mail::sign_out(&store, &keychain).await.unwrap();
    (total, total - queued)
}

/// The socket alone: N built messages over one logged-in session, no outbox.
async fn socket_only(security: Security) -> Duration {
    use kindly_core::mail::smtp::{self, Outgoing, SmtpSession};
    let s = server(security, Auth::Password);
    let password = kindly_core::secrets::Secret::new(env("KINDLY_TEST_SMTP_PASSWORD"));
    let messages: Vec<_> = (0..N)
        .map(|i| {
            smtp::build(&Outgoing {
                from_name: "Maria Lopez",
                from_address: &s.from_address,
                reply_to: "",
                to_name: "",
                to_address: &format!("raw{i}@bench.example"),
                subject: "Thank you for your time",
                body: "Hi,\n\nThank you for meeting with us.",
                message_id: &smtp::new_message_id(&s.from_address),
                in_reply_to: "",
                references: "",
            })
            .unwrap()
        })
        .collect();
    let t = Instant::now();
    let mut session = SmtpSession::open(&s, Some(&password)).await.unwrap();
    for m in &messages {
        session.send(m, smtp::TIMEOUT).await.unwrap();
    }
    session.close().await;
    t.elapsed()
}

fn main() {
    let mail_dir = env("KINDLY_TEST_SMTP_DIR");
    let port = env("KINDLY_TEST_SMTP_PORT");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (kindly_total, starttls) =
        rt.block_on(pipeline(Security::Starttls, Auth::Password, "starttls"));
    let (_, tls) = rt.block_on(pipeline(Security::Tls, Auth::Password, "tls"));
    let (_, xoauth2) = rt.block_on(pipeline(Security::Starttls, Auth::OAuth, "xoauth2"));
    let raw_starttls = rt.block_on(socket_only(Security::Starttls));
    let raw_tls = rt.block_on(socket_only(Security::Tls));

    // mailmerge: the same 1,000 messages, same server, same STARTTLS + AUTH.
    let mm = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/venv/bin/mailmerge");
    assert!(
        mm.exists(),
        "mailmerge is installed by `make bench` into .tools/venv"
    );
    let work = tempfile::tempdir().unwrap();
    std::fs::write(
        work.path().join("t.txt"),
        "TO: {{email}}\nSUBJECT: Thank you for your time, {{first_name}}\nFROM: Maria Lopez <jobs@riverside.example>\n\nHi {{first_name}},\n\nThank you for meeting with us. You will hear from me by Friday 6 March.\n\nWith thanks,\nMaria Lopez\n",
    )
    .unwrap();
    let mut csv = String::from("email,first_name\n");
    for i in 0..N {
        csv.push_str(&format!("mm{i}@bench.example,Person{i}\n"));
    }
    std::fs::write(work.path().join("d.csv"), csv).unwrap();
    std::fs::write(
        work.path().join("s.conf"),
        format!(
            "[smtp_server]\nhost = 127.0.0.1\nport = {port}\nsecurity = STARTTLS\nusername = {}\n",
            env("KINDLY_TEST_SMTP_USER")
        ),
    )
    .unwrap();
    let before = count_eml(&mail_dir);
    let t = Instant::now();
    let mut child = std::process::Command::new(&mm)
        .current_dir(work.path())
        .args([
            "--no-dry-run",
            "--no-limit",
            "--template",
            "t.txt",
            "--database",
            "d.csv",
            "--config",
            "s.conf",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(
        child.stdin.take().unwrap(),
        "{}",
        env("KINDLY_TEST_SMTP_PASSWORD")
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    let mailmerge = t.elapsed();
    assert!(
        out.status.success(),
        "mailmerge failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(count_eml(&mail_dir) - before, N, "mailmerge delivered all");

    let rate = |d: std::time::Duration| N as f64 / d.as_secs_f64();
    println!("\n1,000 personalized messages to a local SMTP server (STARTTLS + AUTH), same run:");
    println!(
        "  Kindly, render + outbox + send   {:>7.2} s  {:>8.0} msg/s",
        kindly_total.as_secs_f64(),
        rate(kindly_total)
    );
    let row = |label: &str, d: Duration| {
        println!(
            "  {label:<34} {:>7.2} s  {:>8.0} msg/s",
            d.as_secs_f64(),
            rate(d)
        );
    };
    row("Kindly, sending only, STARTTLS", starttls);
    row("Kindly, sending only, TLS (465)", tls);
    row("Kindly, sending only, XOAUTH2", xoauth2);
    row("Socket only (no outbox), STARTTLS", raw_starttls);
    row("Socket only (no outbox), TLS", raw_tls);
    println!(
        "  mailmerge 2.3.0                  {:>7.2} s  {:>8.0} msg/s",
        mailmerge.as_secs_f64(),
        rate(mailmerge)
    );
    let x = mailmerge.as_secs_f64() / kindly_total.as_secs_f64();
    println!(
        "  Kindly end to end is {x:.1}x mailmerge: {}",
        if x >= 2.0 {
            "meets the 2x target"
        } else {
            "BELOW the 2x target"
        }
    );
    let within = |a: Duration, b: Duration| {
        let r = a.as_secs_f64().max(b.as_secs_f64()) / a.as_secs_f64().min(b.as_secs_f64());
        format!(
            "{r:.2}x {}",
            if r <= 1.3 {
                "(within 1.3x)"
            } else {
                "(OVER 1.3x)"
            }
        )
    };
    println!("  STARTTLS against TLS, sending: {}", within(starttls, tls));
    println!("  XOAUTH2 against TLS, sending:  {}", within(xoauth2, tls));
    println!(
        "  STARTTLS against TLS, socket:  {}",
        within(raw_starttls, raw_tls)
    );
}
