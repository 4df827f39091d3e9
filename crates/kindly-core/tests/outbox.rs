//! The outbox against a real SMTP server and keychain: stored before sending, retried,
//! failed with the server's reason, cancellable until it starts, and exactly once after a
//! SIGKILL in the middle of a batch.

mod common;

use common::env;

use kindly_core::mail::outbox::{self, MessageStatus, NewMessage};
use kindly_core::mail::smtp::{Security, SmtpSettings};
use kindly_core::secrets::Keychain;
use kindly_core::service::sending::{self, NoEvents, WorkerConfig};
use kindly_core::service::{candidates, mail};
use kindly_core::{ErrorCode, Store};
use std::path::PathBuf;
use std::time::Duration;

fn server() -> SmtpSettings {
    SmtpSettings {
        host: "127.0.0.1".into(),
        port: env("KINDLY_TEST_SMTP_PORT").parse().unwrap(),
        security: Security::Starttls,
        username: env("KINDLY_TEST_SMTP_USER"),
        from_address: "jobs@riverside.example".into(),
        reply_to: String::new(),
        ca_pem: std::fs::read_to_string(env("KINDLY_TEST_SMTP_CA")).unwrap(),
        sign_in: Default::default(),
        ..Default::default()
    }
}

async fn ready(name: &str) -> (common::TestStore, Keychain) {
    let t = common::sqlite().await;
    let k = Keychain::new(format!("kindly-test-outbox-{name}-{}", std::process::id()));
    mail::save_smtp_settings(&t.store, server()).await.unwrap();
    mail::set_password(&t.store, &k, env("KINDLY_TEST_SMTP_PASSWORD"))
        .await
        .unwrap();
    (t, k)
}

fn quick() -> WorkerConfig {
    WorkerConfig {
        backoff: vec![Duration::ZERO],
        max_attempts: 3,
        ..WorkerConfig::default()
    }
}

/// How many times the server received the message with this Message-ID.
fn arrivals(message_id: &str) -> usize {
    let dir = PathBuf::from(env("KINDLY_TEST_SMTP_DIR"));
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension().is_some_and(|x| x == "eml")).then_some(p)
        })
        .filter(|p| {
            std::fs::read_to_string(p)
                .map(|s| s.contains(message_id))
                .unwrap_or(false)
        })
        .count()
}

/// Records the batch progress the worker reports, as the window would show it.
#[derive(Default)]
struct Recorder(std::sync::Mutex<Vec<outbox::BatchProgress>>);

impl sending::OutboxEvents for Recorder {
    fn batch(&self, p: &outbox::BatchProgress) {
        self.0.lock().unwrap().push(p.clone());
    }
}

/// A signed-in owner (their name on the profile), a Barista role and Ana applying for it.
async fn ana_for_barista(
    s: &Store,
    email: &str,
) -> (
    candidates::Candidate,
    kindly_core::service::roles::Role,
    kindly_core::service::applications::ApplicationView,
) {
    use kindly_core::service::{applications, roles, settings};
    let profile = settings::Profile {
        sender_name: "Maria Lopez".into(),
        ..Default::default()
    };
    settings::save_profile(s, profile).await.unwrap();
    let role = roles::create(
        s,
        roles::RoleInput {
            title: "Barista".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let ana = candidates::create(
        s,
        candidates::CandidateInput {
            first_name: "Ana".into(),
            last_name: "Lopez".into(),
            email: email.into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let app = applications::add(s, ana.id, role.id).await.unwrap();
    (ana, role, app)
}

fn to(addr: &str) -> NewMessage {
    NewMessage {
        to_name: "Ana Lopez".into(),
        to_address: addr.into(),
        subject: "Thank you for your time, Ana".into(),
        body: "Hi Ana,\n\nThank you.\n\nMaria".into(),
        ..Default::default()
    }
}

async fn status(store: &Store, id: i32) -> MessageStatus {
    outbox::list(store, &[])
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.id == id)
        .unwrap()
        .status
}

#[tokio::test]
async fn bad_messages_are_refused_before_anything_is_stored() {
    let (t, k) = ready("bad").await;
    let e = sending::enqueue(
        &t.store,
        &k,
        vec![to("ana@example.org"), to("ana@")],
        kindly_core::clock::now(),
        false,
    )
    .await
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("to"));
    let mut m = to("ana@example.org");
    m.subject = "Hi\r\nBcc: everyone@example.org".into();
    let e = sending::enqueue(&t.store, &k, vec![m], kindly_core::clock::now(), false)
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("subject"));
    assert!(
        outbox::list(&t.store, &[]).await.unwrap().is_empty(),
        "all or nothing"
    );
}

#[tokio::test]
async fn stored_first_sent_once_and_recorded_on_the_timeline() {
    let (t, k) = ready("send").await;
    let c = candidates::create(
        &t.store,
        candidates::CandidateInput {
            first_name: "Ana".into(),
            email: "ana.timeline@example.org".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut m = to("ana.timeline@example.org");
    m.candidate_id = Some(c.id);
    let queued = sending::enqueue(&t.store, &k, vec![m], kindly_core::clock::now(), false)
        .await
        .unwrap();
    assert_eq!(queued[0].status, MessageStatus::Queued);
    assert_eq!(
        arrivals(&queued[0].message_id),
        0,
        "nothing leaves before the worker runs"
    );

    let r = sending::drain(&t.store, &k, &quick(), &NoEvents)
        .await
        .unwrap();
    assert_eq!(r.sent, 1);
    assert_eq!(status(&t.store, queued[0].id).await, MessageStatus::Sent);
    assert_eq!(arrivals(&queued[0].message_id), 1);
    // Draining again sends nothing twice.
    let r = sending::drain(&t.store, &k, &quick(), &NoEvents)
        .await
        .unwrap();
    assert_eq!(r.sent, 0);
    assert_eq!(arrivals(&queued[0].message_id), 1);
    let d = candidates::get(&t.store, c.id).await.unwrap();
    assert_eq!(
        d.timeline[0].summary,
        "Email sent: “Thank you for your time, Ana”"
    );
    // A sent message cannot be cancelled.
    let e = outbox::cancel(&t.store, queued[0].id).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
}

#[tokio::test]
async fn the_undo_window_and_a_schedule_hold_a_message_until_cancelled_or_due() {
    let (t, k) = ready("undo").await;
    let later = kindly_core::clock::now() + chrono::Duration::minutes(10);
    let held = sending::enqueue(&t.store, &k, vec![to("held@example.org")], later, false)
        .await
        .unwrap();
    let undone = sending::enqueue(&t.store, &k, vec![to("undone@example.org")], later, false)
        .await
        .unwrap();
    outbox::cancel(&t.store, undone[0].id).await.unwrap();
    let r = sending::drain(&t.store, &k, &quick(), &NoEvents)
        .await
        .unwrap();
    assert_eq!(r.sent, 0);
    assert_eq!(status(&t.store, held[0].id).await, MessageStatus::Queued);
    assert_eq!(
        status(&t.store, undone[0].id).await,
        MessageStatus::Cancelled
    );
    assert_eq!(
        outbox::next_due(&t.store)
            .await
            .unwrap()
            .unwrap()
            .timestamp(),
        later.timestamp()
    );
    assert_eq!(
        arrivals(&held[0].message_id) + arrivals(&undone[0].message_id),
        0
    );
}

#[tokio::test]
async fn a_4xx_is_retried_and_a_5xx_fails_with_the_servers_reason() {
    let (t, k) = ready("retry").await;
    let busy = format!("tempfail-outbox-{}@example.org", std::process::id());
    let q = sending::enqueue(
        &t.store,
        &k,
        vec![to(&busy), to("reject-outbox@example.org")],
        kindly_core::clock::now(),
        true,
    )
    .await
    .unwrap();
    let seen = Recorder::default();
    let r = sending::drain(&t.store, &k, &quick(), &seen).await.unwrap();
    // The window heard how the batch went, ending with the final counts.
    let last = seen
        .0
        .lock()
        .unwrap()
        .last()
        .cloned()
        .expect("progress was reported");
    assert_eq!(
        (last.total, last.sent, last.failed, last.pending),
        (2, 1, 1, 0)
    );
    // The 4xx was retried in the same run (zero backoff here) and then accepted.
    assert_eq!((r.sent, r.failed, r.retrying), (1, 1, 1));
    let all = outbox::list(&t.store, &[]).await.unwrap();
    let busy_m = all.iter().find(|m| m.id == q[0].id).unwrap();
    assert_eq!(busy_m.status, MessageStatus::Sent);
    assert_eq!(busy_m.attempts, 2);
    let rejected = all.iter().find(|m| m.id == q[1].id).unwrap();
    assert_eq!(rejected.status, MessageStatus::Failed);
    assert!(rejected
        .last_error
        .as_deref()
        .unwrap()
        .contains("mailbox unavailable"));
    assert_eq!(arrivals(&q[0].message_id), 1);

    let p = outbox::batch_progress(&t.store, q[0].batch_id.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!((p.total, p.sent, p.failed, p.pending), (2, 1, 1, 0));

    // Retry puts it back in the queue; the server refuses again.
    assert_eq!(
        outbox::retry(&t.store, q[1].id).await.unwrap().status,
        MessageStatus::Queued
    );
    sending::drain(&t.store, &k, &quick(), &NoEvents)
        .await
        .unwrap();
    assert_eq!(status(&t.store, q[1].id).await, MessageStatus::Failed);
}

#[tokio::test]
async fn a_wrong_password_stops_the_run_and_keeps_the_messages_queued() {
    let (t, k) = ready("auth").await;
    mail::set_password(&t.store, &k, "wrong".into())
        .await
        .unwrap();
    // A long wait before the next try, as in the app.
    let held = WorkerConfig {
        backoff: vec![Duration::from_secs(600)],
        ..quick()
    };
    let q = sending::enqueue(
        &t.store,
        &k,
        vec![to("ana.auth@example.org")],
        kindly_core::clock::now(),
        false,
    )
    .await
    .unwrap();
    let e = sending::drain(&t.store, &k, &held, &NoEvents)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::SmtpAuth);
    let m = outbox::list(&t.store, &[]).await.unwrap().remove(0);
    assert_eq!(m.id, q[0].id);
    assert_eq!(m.status, MessageStatus::Queued);
    assert_eq!(
        m.attempts, 0,
        "a settings problem does not use up the message's retries"
    );
    assert!(m.last_error.unwrap().contains("username or password"));

    // The window's banner and Today: one message waiting, why, and that the fix is in
    // Settings. It stays while the run keeps failing, with the time it started.
    let h = sending::health(&t.store).await.unwrap();
    assert_eq!(h.waiting, 1);
    let p = h.problem.expect("the problem is kept for the window");
    assert_eq!(p.code, ErrorCode::SmtpAuth);
    assert!(p.in_settings && p.fix.contains("password"), "{}", p.fix);
    assert_eq!(sending::try_now(&t.store).await.unwrap(), 1);
    sending::drain(&t.store, &k, &held, &NoEvents)
        .await
        .unwrap_err();
    let again = sending::health(&t.store).await.unwrap().problem.unwrap();
    assert_eq!(again.since, p.since);

    // The owner fixes the password: the message goes at once, on its first attempt, and the
    // banner is gone.
    mail::set_password(&t.store, &k, env("KINDLY_TEST_SMTP_PASSWORD"))
        .await
        .unwrap();
    assert_eq!(sending::try_now(&t.store).await.unwrap(), 1);
    let r = sending::drain(&t.store, &k, &held, &NoEvents)
        .await
        .unwrap();
    assert_eq!(r.sent, 1);
    let m = outbox::list(&t.store, &[]).await.unwrap().remove(0);
    assert_eq!((m.status, m.attempts), (MessageStatus::Sent, 1));
    assert_eq!(
        sending::health(&t.store).await.unwrap(),
        sending::OutboxHealth {
            waiting: 0,
            problem: None,
            reading: None,
        }
    );
    assert_eq!(arrivals(&m.message_id), 1);
}

#[tokio::test]
async fn with_no_server_or_no_password_nothing_is_queued() {
    use kindly_core::service::compose::{self, ComposeRequest};
    let t = common::sqlite().await;
    let s = &t.store;
    let k = Keychain::new(format!("kindly-test-outbox-unset-{}", std::process::id()));
    let (ana, role, app) = ana_for_barista(s, "ana.unset@example.org").await;
    // Interviewed, so her decision is the rejection (not "we have filled the role").
    let today = kindly_core::clock::now().date_naive().to_string();
    kindly_core::service::applications::add_interview(s, app.id, &today, "")
        .await
        .unwrap();
    let req = ComposeRequest {
        candidate_id: ana.id,
        role_id: Some(role.id),
        template_id: None,
        subject: "Hello {{ candidate_first_name }}".into(),
        body: "Thank you for coming in.".into(),
        values: Default::default(),
        send_at: None,
        acknowledge_warnings: false,
        time_zone: None,
        vouched_names: vec![],
    };
    let rejection = kindly_core::service::decisions::draft(s, app.id)
        .await
        .unwrap();
    let decision = kindly_core::service::decisions::DecisionRequest {
        application_id: app.id,
        reason: String::new(),
        message: ComposeRequest {
            template_id: Some(rejection.template_id),
            values: [(
                "feedback".to_string(),
                "Your latte art was lovely.".to_string(),
            )]
            .into(),
            subject: rejection.subject.clone(),
            body: rejection.body.clone(),
            ..req.clone()
        },
        tell_anyway: false,
    };
    let refused = |e: kindly_core::CoreError| {
        assert_eq!(e.code, ErrorCode::MailNotSetUp, "{}", e.message);
        assert!(e.message.contains("Settings"), "{}", e.message);
    };
    // No server at all, then a server that needs a password Kindly does not have.
    for step in ["no server", "no password"] {
        if step == "no password" {
            mail::save_smtp_settings(s, server()).await.unwrap();
            mail::remove_password(s, &k).await.unwrap();
        }
        refused(compose::send(s, &k, req.clone()).await.unwrap_err());
        refused(
            compose::send_batch(s, &k, vec![req.clone()])
                .await
                .unwrap_err(),
        );
        refused(
            kindly_core::service::decisions::send(s, &k, vec![decision.clone()])
                .await
                .unwrap_err(),
        );
        assert!(outbox::list(s, &[]).await.unwrap().is_empty(), "{step}");
        let a = kindly_core::service::application_view::get(s, app.id)
            .await
            .unwrap();
        assert_eq!(
            a.stage,
            kindly_core::domain::Stage::Interviewed,
            "{step}: not closed"
        );
    }
    // With the password stored, the same message is queued.
    mail::set_password(s, &k, env("KINDLY_TEST_SMTP_PASSWORD"))
        .await
        .unwrap();
    compose::send(s, &k, req).await.unwrap();
    assert_eq!(outbox::list(s, &[]).await.unwrap().len(), 1);
    mail::remove_password(s, &k).await.unwrap();
}

#[tokio::test]
async fn a_sigkill_mid_batch_loses_nothing_and_sends_nothing_twice() {
    let (t, k) = ready("crash").await;
    let dir = t._dir.as_ref().unwrap().path().to_path_buf();
    let n = 200;
    let msgs: Vec<NewMessage> = (0..n)
        // slow*@: the test server takes 20 ms over each, so the kill lands mid-batch.
        .map(|i| {
            to(&format!(
                "slow-crash-{i}-{}@example.org",
                std::process::id()
            ))
        })
        .collect();
    let q = sending::enqueue(&t.store, &k, msgs, kindly_core::clock::now(), true)
        .await
        .unwrap();
    let ids: Vec<String> = q.iter().map(|m| m.message_id.clone()).collect();
    t.store.db().clone().close().await.unwrap();

    // Start sending in another process and kill it once part of the batch has arrived.
    let mut child = std::process::Command::new(common::example("drain_outbox"))
        .arg(&dir)
        .env("KINDLY_KEYCHAIN_SERVICE", k.service())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    loop {
        let arrived = ids.iter().take(40).filter(|id| arrivals(id) > 0).count();
        if arrived >= 20 || started.elapsed() > Duration::from_secs(30) {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before: usize = ids.iter().map(|id| arrivals(id)).sum();
    assert!(
        before >= 20,
        "the sender was killed after part of the batch arrived"
    );
    assert!(
        before < n,
        "and before all of it ({before} of {n}); the test needs a mid-batch kill"
    );

    // Restart: what was in flight is unknown, the rest goes out.
    let out = std::process::Command::new(common::example("drain_outbox"))
        .arg(&dir)
        .env("KINDLY_KEYCHAIN_SERVICE", k.service())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = kindly_core::open(&dir, None).await.unwrap();
    let all = outbox::list(&store, &[]).await.unwrap();
    let unknown: Vec<_> = all
        .iter()
        .filter(|m| m.status == MessageStatus::Unknown)
        .collect();
    assert!(
        unknown.len() <= 1,
        "at most the one in flight: {}",
        unknown.len()
    );
    assert_eq!(
        all.iter()
            .filter(|m| m.status == MessageStatus::Sent)
            .count()
            + unknown.len(),
        n
    );
    // The owner decides each unknown one: it arrived (mark sent) or it did not (send again).
    for m in unknown {
        if arrivals(&m.message_id) == 1 {
            sending::mark_sent(&store, m.id).await.unwrap();
        } else {
            outbox::retry(&store, m.id).await.unwrap();
        }
    }
    sending::drain(&store, &k, &quick(), &NoEvents)
        .await
        .unwrap();
    for id in &ids {
        assert_eq!(arrivals(id), 1, "{id} arrived exactly once");
    }
    assert!(outbox::list(&store, &[])
        .await
        .unwrap()
        .iter()
        .all(|m| m.status == MessageStatus::Sent));
}

#[tokio::test]
async fn composing_renders_strictly_and_waits_out_the_undo_window() {
    use kindly_core::service::compose::{self, ComposeRequest};
    use kindly_core::service::{applications, roles};
    let (t, k) = ready("compose").await;
    let s = &t.store;
    let role = roles::create(
        s,
        roles::RoleInput {
            title: "Barista".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mk = |first: &str, email: &str| candidates::CandidateInput {
        first_name: first.into(),
        last_name: "Lopez".into(),
        email: email.into(),
        ..Default::default()
    };
    let ana = candidates::create(s, mk("Ana", "ana.compose@example.org"))
        .await
        .unwrap();
    let ben = candidates::create(s, mk("Ben", "ben.compose@example.org"))
        .await
        .unwrap();
    let app = applications::add(s, ana.id, role.id).await.unwrap();
    let req = |cid: i32, values: &[(&str, &str)]| ComposeRequest {
        candidate_id: cid,
        role_id: Some(role.id),
        template_id: None,
        subject: "About the {{ role_title }} role".into(),
        body: "Hi {{ candidate_first_name }}, news by {{ follow_up_date }}.".into(),
        values: values
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
        send_at: None,
        acknowledge_warnings: false,
        time_zone: None,
        vouched_names: vec![],
    };
    let e = compose::send(s, &k, req(ana.id, &[])).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("follow_up_date"));
    assert!(outbox::list(s, &[]).await.unwrap().is_empty());

    let m = compose::send(s, &k, req(ana.id, &[("follow_up_date", "Friday")]))
        .await
        .unwrap();
    assert_eq!(m.to_address, "ana.compose@example.org");
    assert_eq!(m.to_name, "Ana Lopez");
    assert_eq!(m.subject, "About the Barista role");
    assert_eq!(m.body, "Hi Ana, news by Friday.");
    assert_eq!(m.application_id, Some(app.id));
    let wait = chrono::DateTime::parse_from_rfc3339(&m.send_after)
        .unwrap()
        .with_timezone(&chrono::Utc)
        - kindly_core::clock::now();
    assert!(
        wait > chrono::Duration::seconds(5),
        "held for the undo window"
    );
    assert_eq!(
        sending::drain(s, &k, &quick(), &NoEvents)
            .await
            .unwrap()
            .sent,
        0
    );
    outbox::cancel(s, m.id).await.unwrap();

    // A batch is all or nothing, and names who could not be written to.
    let e = compose::send_batch(
        s,
        &k,
        vec![
            req(ana.id, &[("follow_up_date", "Friday")]),
            req(ben.id, &[]),
        ],
    )
    .await
    .unwrap_err();
    assert!(
        e.message.contains(&format!("for candidate {}", ben.id)),
        "{}",
        e.message
    );
    assert_eq!(
        outbox::list(s, &[MessageStatus::Queued])
            .await
            .unwrap()
            .len(),
        0
    );

    let mut past = req(ana.id, &[("follow_up_date", "Friday")]);
    past.send_at = Some("2020-01-01T09:00:00Z".into());
    assert_eq!(
        compose::send(s, &k, past)
            .await
            .unwrap_err()
            .field
            .as_deref(),
        Some("send_at")
    );
    let mut soon = req(ana.id, &[("follow_up_date", "Friday")]);
    soon.send_at = Some((kindly_core::clock::now() + chrono::Duration::hours(20)).to_rfc3339());
    let scheduled = compose::send(s, &k, soon).await.unwrap();
    assert_eq!(scheduled.status, MessageStatus::Queued);
}

/// Ana, applied for Barista; and her rejection from the built-in template, with this feedback.
async fn rejection_to_ana(
    s: &Store,
    email: &str,
) -> impl Fn(&str) -> kindly_core::service::compose::ComposeRequest {
    use kindly_core::domain::defaults::Purpose;
    let (ana, role, _) = ana_for_barista(s, email).await;
    let rejection = kindly_core::service::templates::list(s)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.builtin && t.purpose == Purpose::Rejection)
        .unwrap();
    move |feedback: &str| kindly_core::service::compose::ComposeRequest {
        candidate_id: ana.id,
        role_id: Some(role.id),
        template_id: Some(rejection.id),
        subject: rejection.subject.clone(),
        body: rejection.body.clone(),
        values: [("feedback".to_string(), feedback.to_string())].into(),
        send_at: None,
        acknowledge_warnings: false,
        time_zone: None,
        vouched_names: vec![],
    }
}

#[tokio::test]
async fn a_rejection_goes_only_past_the_tone_check() {
    use kindly_core::service::compose;
    let (t, k) = ready("tone").await;
    let s = &t.store;
    let write = rejection_to_ana(s, "ana.tone@example.org").await;
    let req = |feedback: &str, ack: bool| {
        let mut r = write(feedback);
        r.acknowledge_warnings = ack;
        r
    };
    // Blocking: never sent, even when warnings are acknowledged.
    let e = compose::send(s, &k, req("We were looking for someone younger.", true))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ToneBlocked);
    assert!(e.message.contains("age"), "{}", e.message);
    // Warnings: only when the owner has read them.
    let f = compose::check_tone(
        s,
        &req("Other candidates had more experience than you.", false),
    )
    .await
    .unwrap();
    assert_eq!(f.len(), 1, "{f:?}");
    let e = compose::send(
        s,
        &k,
        req("Other candidates had more experience than you.", false),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::NeedsConfirmation);
    assert!(
        outbox::list(s, &[]).await.unwrap().is_empty(),
        "nothing queued yet"
    );
    compose::send(
        s,
        &k,
        req("Other candidates had more experience than you.", true),
    )
    .await
    .unwrap();
    // A clean rejection goes without questions.
    let good = "Your latte art was lovely; practising a busy Saturday service would help most.";
    assert!(compose::check_tone(s, &req(good, false))
        .await
        .unwrap()
        .is_empty());
    compose::send(s, &k, req(good, false)).await.unwrap();
    assert_eq!(
        outbox::list(s, &[MessageStatus::Queued])
            .await
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn a_word_vouched_for_as_a_name_lets_the_message_go_and_is_on_the_timeline_and_the_pulse() {
    use kindly_core::service::{candidates, compose, pulse};
    let (t, k) = ready("vouch").await;
    let s = &t.store;
    let write = rejection_to_ana(s, "ana.vouch@example.org").await;
    let req = |feedback: &str, vouched: &[&str]| {
        let mut r = write(feedback);
        r.vouched_names = vouched.iter().map(|v| v.to_string()).collect();
        r
    };
    let named =
        "Our head barista, Guy, loved your latte art; practising a busy service would help.";
    let f = compose::check_tone(s, &req(named, &[])).await.unwrap();
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].name_or_title);
    assert_eq!(f[0].excerpt.as_deref(), Some("Guy"));
    let e = compose::send(s, &k, req(named, &[])).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ToneBlocked);
    // Bad input names the field and queues nothing.
    let many: Vec<String> = (0..21).map(|i| format!("Name{i}")).collect();
    let mut too_many = req(named, &[]);
    too_many.vouched_names = many;
    for bad in [too_many, req(named, &["Guy\nman"]), req(named, &[" "])] {
        let e = compose::send(s, &k, bad).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        assert_eq!(e.field.as_deref(), Some("vouched_names"));
    }
    // Vouching for "man" never excuses bias.
    let biased = "We felt a man would suit the role better.";
    let e = compose::send(s, &k, req(biased, &["man", "Man"]))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ToneBlocked);
    assert!(outbox::list(s, &[]).await.unwrap().is_empty());

    // Vouched for (with a word the message does not need): it goes, and the timeline says so
    // for Guy only.
    assert!(compose::check_tone(s, &req(named, &["Guy", "Grace"]))
        .await
        .unwrap()
        .is_empty());
    let m = compose::send(s, &k, req(named, &["Guy", "Grace"]))
        .await
        .unwrap();
    assert!(m.body.contains("Guy, loved your latte art"));
    let page = candidates::get(s, m.candidate_id.unwrap()).await.unwrap();
    let said: Vec<&str> = page
        .timeline
        .iter()
        .filter(|a| a.kind == "tone_name_vouched")
        .map(|a| a.summary.as_str())
        .collect();
    assert_eq!(
        said,
        ["You told the tone check that \"Guy\" is a name, a place or a title, and sent the message with it"]
    );
    let now = kindly_core::clock::now();
    let today = now.date_naive().to_string();
    let q = pulse::PulseQuery {
        from: today.clone(),
        to: today,
        time_zone: "UTC".into(),
    };
    let p = pulse::pulse(s, &q, now).await.unwrap();
    let all = &p.scopes[0].figures.names_vouched;
    assert_eq!(all.count, 1);
    assert!(
        all.people[0].detail.contains("\"Guy\""),
        "{}",
        all.people[0].detail
    );
}

#[tokio::test]
async fn a_thank_you_makes_a_promise_that_a_later_message_keeps() {
    use kindly_core::domain::defaults::Purpose;
    use kindly_core::service::compose::{self, ComposeRequest};
    use kindly_core::service::reminders::{self, ReminderKind};
    use kindly_core::service::{applications, templates};
    let (t, k) = ready("promise").await;
    let s = &t.store;
    let (ana, role, app) = ana_for_barista(s, "ana.promise@example.org").await;
    let all = templates::list(s).await.unwrap();
    let tpl = |p: Purpose| {
        all.iter()
            .find(|t| t.builtin && t.purpose == p)
            .unwrap()
            .clone()
    };
    let write = |p: Purpose, values: &[(&str, &str)]| {
        let t = tpl(p);
        ComposeRequest {
            candidate_id: ana.id,
            role_id: Some(role.id),
            template_id: Some(t.id),
            subject: t.subject,
            body: t.body,
            values: values
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            send_at: Some(kindly_core::clock::now().to_rfc3339()),
            acknowledge_warnings: true,
            time_zone: Some("Europe/London".into()),
            vouched_names: vec![],
        }
    };
    let promised = |at| async move {
        reminders::open(s, at)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.kind == ReminderKind::PromisedFollowUp)
            .collect::<Vec<_>>()
    };

    // The thank-you reads the date as a date, and once sent the promise is a reminder.
    let thanks = compose::send(
        s,
        &k,
        write(Purpose::ThankYou, &[("follow_up_date", "2031-03-07")]),
    )
    .await
    .unwrap();
    assert!(
        thanks
            .body
            .contains("you will hear from me by Friday 7 March"),
        "{}",
        thanks.body
    );
    assert!(
        promised(kindly_core::clock::now()).await.is_empty(),
        "not a promise until it is sent"
    );
    sending::drain(s, &k, &quick(), &NoEvents).await.unwrap();
    let p = promised(kindly_core::clock::now()).await;
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].due_local, "2031-03-07T09:00");
    assert_eq!(p[0].application_id, Some(app.id));
    assert_eq!(p[0].candidate_name.as_deref(), Some("Ana Lopez"));
    assert_eq!(
        p[0].source.as_deref(),
        Some(format!("message:{}", thanks.id).as_str())
    );

    // "Need more time": the update keeps the first promise and makes a new one.
    compose::send(
        s,
        &k,
        write(Purpose::Update, &[("follow_up_date", "2031-03-12")]),
    )
    .await
    .unwrap();
    sending::drain(s, &k, &quick(), &NoEvents).await.unwrap();
    let p = promised(kindly_core::clock::now()).await;
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].due_local, "2031-03-12T09:00");

    // The decision keeps it.
    compose::send(
        s,
        &k,
        write(
            Purpose::Rejection,
            &[("feedback", "Your latte art was lovely.")],
        ),
    )
    .await
    .unwrap();
    sending::drain(s, &k, &quick(), &NoEvents).await.unwrap();
    assert!(
        promised(kindly_core::clock::now()).await.is_empty(),
        "the promise was kept"
    );

    // The default date: five working days after the interview.
    applications::move_stage(s, app.id, kindly_core::domain::Stage::Interviewing)
        .await
        .unwrap();
    let today = kindly_core::clock::now().date_naive();
    applications::add_interview(s, app.id, &today.format("%Y-%m-%d").to_string(), "")
        .await
        .unwrap();
    let d = compose::default_follow_up(s, ana.id, Some(role.id), 5)
        .await
        .unwrap();
    assert_eq!(kindly_core::domain::tone::working_days_between(today, d), 5);
}

/// The SMTP password lives only in the keychain: after a message went out with it, it is in
/// neither the database file, a backup, nor an access-request export.
#[tokio::test]
async fn the_smtp_password_is_nowhere_on_disk() {
    use kindly_core::service::privacy;
    use kindly_core::store::backup;
    let (t, k) = ready("nowhere").await;
    let s = &t.store;
    let (ana, _, _) = ana_for_barista(s, "ana.nowhere@example.org").await;
    sending::enqueue(
        s,
        &k,
        vec![to("nowhere@example.org")],
        kindly_core::clock::now(),
        false,
    )
    .await
    .unwrap();
    let report = sending::drain(s, &k, &quick(), &NoEvents).await.unwrap();
    assert_eq!(report.sent, 1, "the password was used");
    let dir = t._dir.as_ref().unwrap().path();
    backup::backup_now(s, &backup::backup_dir(dir), 3, kindly_core::clock::now())
        .await
        .unwrap();
    privacy::export_access(s, ana.id, true, &dir.join("ana.zip"))
        .await
        .unwrap();
    let password = env("KINDLY_TEST_SMTP_PASSWORD");
    let found = common::files_containing(dir, password.as_bytes());
    assert!(found.is_empty(), "the password is in {found:?}");
    assert!(
        !common::files_containing(dir, b"ana.nowhere@example.org").is_empty(),
        "the search reads these files"
    );
}

/// SIGKILL at 20 random moments while a batch is being sent: the file always passes the
/// integrity check, no message reaches the server twice, and once the owner has decided the
/// unknown ones, every message arrived exactly once.
#[tokio::test]
async fn twenty_kills_mid_send_never_corrupt_or_send_twice() {
    let (t, k) = ready("kills").await;
    let dir = t._dir.as_ref().unwrap().path().to_path_buf();
    let n = 120;
    let msgs: Vec<NewMessage> = (0..n)
        .map(|i| {
            to(&format!(
                "slow-kills-{i}-{}@example.org",
                std::process::id()
            ))
        })
        .collect();
    let q = sending::enqueue(&t.store, &k, msgs, kindly_core::clock::now(), true)
        .await
        .unwrap();
    let ids: Vec<String> = q.iter().map(|m| m.message_id.clone()).collect();
    t.store.db().clone().close().await.unwrap();
    let mut moments = common::Moments::new(0x2545_f491_4f6c_dd1d);
    let arrived = || ids.iter().filter(|id| arrivals(id) > 0).count();
    let mut mid_batch = 0;
    let smtp_dir = PathBuf::from(env("KINDLY_TEST_SMTP_DIR"));
    let ours = format!("-{}@example.org", std::process::id());
    let listed = || -> Vec<PathBuf> {
        std::fs::read_dir(&smtp_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect()
    };
    let mut seen: std::collections::HashSet<PathBuf> = listed().into_iter().collect();
    // Whether a message of this batch reached the server since the last look.
    let one_more_of_ours = |seen: &mut std::collections::HashSet<PathBuf>| {
        listed()
            .into_iter()
            .filter(|p| seen.insert(p.clone()))
            .any(|p| {
                std::fs::read_to_string(&p)
                    .is_ok_and(|m| m.contains("slow-kills-") && m.contains(&ours))
            })
    };
    for round in 0..20 {
        let before = arrived();
        let wait = Duration::from_millis(moments.next_ms(0, 40));
        let mut child = std::process::Command::new(common::example("drain_outbox"))
            .arg(&dir)
            .env("KINDLY_KEYCHAIN_SERVICE", k.service())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // The kill lands at a point of the batch's own progress: once this round's first
        // message has reached the server, a few random ms later. A moment of the clock missed
        // the batch on a busy machine, where the process took longer to start than the wait.
        // The look is cheap (only files not seen before are read), so the batch does not run
        // on while the test reads the server's whole folder.
        let started = std::time::Instant::now();
        while !one_more_of_ours(&mut seen)
            && started.elapsed() < Duration::from_secs(30)
            && child.try_wait().unwrap().is_none()
        {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(wait);
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let store = kindly_core::open(&dir, None).await.unwrap();
        assert_eq!(
            common::integrity(&store).await,
            "ok",
            "round {round} after {wait:?}"
        );
        store.db().clone().close().await.unwrap();
        for id in &ids {
            assert!(arrivals(id) <= 1, "round {round}: {id} arrived twice");
        }
        // Messages went out in this round and some were still to go: killed mid-batch.
        let after = arrived();
        mid_batch += usize::from(after > before && after < n);
    }
    eprintln!("kills that landed mid-batch: {mid_batch} of 20");
    assert!(
        mid_batch >= 5,
        "only {mid_batch} of 20 kills landed while the batch was being sent"
    );
    // Finish: send what is left, then the owner decides each unknown one.
    let out = std::process::Command::new(common::example("drain_outbox"))
        .arg(&dir)
        .env("KINDLY_KEYCHAIN_SERVICE", k.service())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = kindly_core::open(&dir, None).await.unwrap();
    for m in outbox::list(&store, &[MessageStatus::Unknown])
        .await
        .unwrap()
    {
        if arrivals(&m.message_id) == 1 {
            sending::mark_sent(&store, m.id).await.unwrap();
        } else {
            outbox::retry(&store, m.id).await.unwrap();
        }
    }
    sending::drain(&store, &k, &quick(), &NoEvents)
        .await
        .unwrap();
    for id in &ids {
        assert_eq!(arrivals(id), 1, "{id}");
    }
    assert_eq!(
        outbox::list(&store, &[MessageStatus::Sent])
            .await
            .unwrap()
            .len(),
        n
    );
}

/// A server that stores a message and then answers DATA after the sender stopped waiting:
/// 200 messages with such slow answers at random places. Every message is at the server
/// exactly once; the unanswered ones "Need your decision" and are never sent again on their
/// own; no later message takes an earlier one's late answer.
#[tokio::test]
async fn a_late_answer_is_never_a_second_send() {
    let (t, k) = ready("late").await;
    let n = 200;
    let mut moments = common::Moments::new(0x6a09_e667_f3bc_c908);
    let mut stalled = std::collections::BTreeSet::new();
    while stalled.len() < 6 {
        stalled.insert(moments.next_ms(0, n as u64) as usize);
    }
    let pid = std::process::id();
    let msgs: Vec<NewMessage> = (0..n)
        .map(|i| {
            let kind = if stalled.contains(&i) {
                "stall"
            } else {
                "late"
            };
            to(&format!("{kind}-{i}-{pid}@example.org"))
        })
        .collect();
    let queued = sending::enqueue(&t.store, &k, msgs, kindly_core::clock::now(), true)
        .await
        .unwrap();
    let cfg = WorkerConfig {
        send_timeout: Duration::from_millis(400),
        ..quick()
    };
    let report = sending::drain(&t.store, &k, &cfg, &NoEvents).await.unwrap();
    assert_eq!(report.unknown as usize, stalled.len(), "{report:?}");
    assert_eq!(report.sent as usize, n - stalled.len(), "{report:?}");
    // Nothing is due any more: the unanswered ones wait for the owner.
    let again = sending::drain(&t.store, &k, &cfg, &NoEvents).await.unwrap();
    assert_eq!(again, sending::DrainReport::default());
    // The last stalled answer arrives at the server side; give it time to be written.
    tokio::time::sleep(Duration::from_millis(1600)).await;

    let at_server = common::arrivals_by_id();
    let all = outbox::list(&t.store, &[]).await.unwrap();
    for (i, q) in queued.iter().enumerate() {
        assert_eq!(
            at_server.get(&q.message_id).copied().unwrap_or(0),
            1,
            "message {i} is at the server exactly once"
        );
        let now = all.iter().find(|m| m.id == q.id).unwrap();
        if stalled.contains(&i) {
            assert_eq!(now.status, MessageStatus::Unknown, "message {i}");
            assert!(
                now.last_error
                    .as_deref()
                    .is_some_and(|e| e.contains("may or may not have arrived")),
                "{:?}",
                now.last_error
            );
        } else {
            assert_eq!(now.status, MessageStatus::Sent, "message {i}");
        }
    }
}

/// When the test server accepted each message with this text (its file names start with the
/// time in nanoseconds), in order.
fn arrival_times(needle: &str) -> Vec<u128> {
    let dir = PathBuf::from(env("KINDLY_TEST_SMTP_DIR"));
    let mut t: Vec<u128> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .filter(|p| std::fs::read_to_string(p).is_ok_and(|s| s.contains(needle)))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            name.split('-').next().unwrap().parse().unwrap()
        })
        .collect();
    t.sort();
    t
}

#[tokio::test]
async fn the_pace_limit_holds_a_batch_to_the_providers_rate_with_no_burst() {
    let (t, k) = ready("pace").await;
    mail::save_smtp_settings(
        &t.store,
        SmtpSettings {
            per_minute: 5,
            ..server()
        },
    )
    .await
    .unwrap();
    let tag = format!("paced-{}", std::process::id());
    let msgs: Vec<NewMessage> = (0..20)
        .map(|i| NewMessage {
            subject: format!("{tag} {i}"),
            ..to(&format!("pace{i}@example.org"))
        })
        .collect();
    sending::enqueue(&t.store, &k, msgs, kindly_core::clock::now(), true)
        .await
        .unwrap();
    // "A minute" is one second here, so the test is short: 5 a second.
    let cfg = WorkerConfig {
        pace_window: Duration::from_secs(1),
        ..quick()
    };
    let r = sending::drain(&t.store, &k, &cfg, &NoEvents).await.unwrap();
    assert_eq!(r.sent, 20);
    let at = arrival_times(&tag);
    assert_eq!(at.len(), 20);
    // Any six in a row span more than the window: never more than five in one second.
    for w in at.windows(6) {
        assert!(
            w[5] - w[0] >= 1_000_000_000,
            "six messages within {} ms",
            (w[5] - w[0]) / 1_000_000
        );
    }
}

#[tokio::test]
async fn over_the_daily_cap_the_rest_waits_for_the_next_day_with_its_time() {
    let (t, k) = ready("cap").await;
    mail::save_smtp_settings(
        &t.store,
        SmtpSettings {
            daily_cap: 3,
            ..server()
        },
    )
    .await
    .unwrap();
    let tag = format!("capped-{}", std::process::id());
    let msgs: Vec<NewMessage> = (0..5)
        .map(|i| NewMessage {
            subject: format!("{tag} {i}"),
            ..to(&format!("cap{i}@example.org"))
        })
        .collect();
    sending::enqueue(&t.store, &k, msgs, kindly_core::clock::now(), true)
        .await
        .unwrap();
    let r = sending::drain(&t.store, &k, &quick(), &NoEvents)
        .await
        .unwrap();
    assert_eq!(r.sent, 3);
    assert_eq!(arrival_times(&tag).len(), 3);
    let all = outbox::list(&t.store, &[]).await.unwrap();
    let first_sent = all.iter().filter_map(|m| m.sent_at.clone()).min().unwrap();
    let first_sent = chrono::DateTime::parse_from_rfc3339(&first_sent).unwrap();
    let waiting: Vec<_> = all
        .iter()
        .filter(|m| m.status == MessageStatus::Queued)
        .collect();
    assert_eq!(waiting.len(), 2);
    for m in waiting {
        let at = chrono::DateTime::parse_from_rfc3339(&m.send_after).unwrap();
        assert_eq!((at - first_sent).num_hours(), 24, "{}", m.send_after);
        assert_eq!(m.attempts, 0);
        assert!(
            m.last_error
                .as_deref()
                .unwrap()
                .contains("allows 3 messages a day"),
            "{:?}",
            m.last_error
        );
    }
    // Nothing more goes today, and it is not a problem with the server.
    assert_eq!(
        sending::drain(&t.store, &k, &quick(), &NoEvents)
            .await
            .unwrap()
            .sent,
        0
    );
    assert!(sending::health(&t.store).await.unwrap().problem.is_none());
}
