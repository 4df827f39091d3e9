//! Several desktops on one PostgreSQL server (and two windows on one SQLite file): a save based
//! on an old version is a conflict that says who changed what, stage moves and decisions hold
//! what they were decided from, a message is sent by one desktop only (a lease, recovered only
//! when it runs out), and desktops that start together migrate and seed once.

mod common;

use common::env;
use kindly_core::desktop::{self, Desktop};
use kindly_core::domain::Stage;
use kindly_core::mail::outbox::{self, MessageStatus, NewMessage};
use kindly_core::service::candidates::{self, CandidateInput};
use kindly_core::service::{applications, decisions, mail, sending};
use kindly_core::{ErrorCode, Store};
use std::time::Duration;

fn at_desk(name: &str) {
    desktop::set(Desktop {
        id: format!("test-{name}"),
        name: Some(name.into()),
        ..Default::default()
    });
}

fn ana() -> CandidateInput {
    CandidateInput {
        first_name: "Ana".into(),
        last_name: "Lopez".into(),
        email: "ana@example.org".into(),
        ..Default::default()
    }
}

async fn a_save_from_an_old_version_is_a_conflict_naming_who_and_what(s: &Store) {
    at_desk("Maria");
    let c = candidates::create(s, ana()).await.unwrap();
    assert_eq!(c.version, 1);
    assert_eq!(c.updated_by.as_deref(), Some("Maria"));
    // Maria opens the form; meanwhile Sam adds a note.
    let maria_base = c.as_input();
    at_desk("Sam");
    let mut sams = c.as_input();
    sams.notes = "Can start in May".into();
    let after_sam = candidates::update(s, c.id, sams).await.unwrap();
    assert_eq!(after_sam.version, 2);
    assert_eq!(after_sam.updated_by.as_deref(), Some("Sam"));

    // Maria saves her phone number from the form she opened before Sam's change.
    at_desk("Maria");
    let mut marias = maria_base.clone();
    marias.phone = "+44 7700 900123".into();
    let e = candidates::update(s, c.id, marias.clone())
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert_eq!(e.field.as_deref(), Some("version"));
    assert!(
        e.message.starts_with("Sam changed this candidate (notes)"),
        "{}",
        e.message
    );
    // Nothing was written over Sam's change.
    let now = candidates::get(s, c.id).await.unwrap().candidate;
    assert_eq!(now, after_sam);

    // Reload and re-apply: Sam's note stays, Maria's phone goes on top; nothing clashed.
    let again = candidates::reapply(s, c.id, maria_base, marias)
        .await
        .unwrap();
    assert!(again.both_changed.is_empty());
    assert_eq!(again.input.notes, "Can start in May");
    assert_eq!(again.input.phone, "+44 7700 900123");
    assert_eq!(again.input.version, Some(2));
    let saved = candidates::update(s, c.id, again.input).await.unwrap();
    assert_eq!(saved.version, 3);
    assert_eq!(saved.notes.as_deref(), Some("Can start in May"));
    assert_eq!(saved.phone.as_deref(), Some("+44 7700 900123"));
    // The timeline says who did what.
    let timeline = candidates::get(s, c.id).await.unwrap().timeline;
    let by: Vec<(&str, Option<&str>)> = timeline
        .iter()
        .map(|t| (t.summary.as_str(), t.actor.as_deref()))
        .collect();
    assert_eq!(
        by,
        vec![
            ("Updated phone", Some("Maria")),
            ("Updated notes", Some("Sam")),
            ("Added to Kindly", Some("Maria")),
        ]
    );

    // Both changed the same field: the owner's edit is kept, and the form says which.
    let base = saved.as_input();
    at_desk("Sam");
    let mut sams = base.clone();
    sams.notes = "Can start in June".into();
    candidates::update(s, c.id, sams).await.unwrap();
    at_desk("Maria");
    let mut marias = base.clone();
    marias.notes = "Start date to agree".into();
    assert_eq!(
        candidates::update(s, c.id, marias.clone())
            .await
            .unwrap_err()
            .field
            .as_deref(),
        Some("version")
    );
    let again = candidates::reapply(s, c.id, base, marias).await.unwrap();
    assert_eq!(again.both_changed, vec!["notes".to_string()]);
    assert_eq!(again.input.notes, "Start date to agree");
    assert_eq!(again.base.notes, "Can start in June");
}

#[tokio::test]
async fn a_save_from_an_old_version_is_a_conflict_on_sqlite() {
    let t = common::sqlite().await;
    a_save_from_an_old_version_is_a_conflict_naming_who_and_what(&t.store).await;
}

#[tokio::test]
async fn a_save_from_an_old_version_is_a_conflict_on_postgres() {
    let t = common::postgres().await;
    a_save_from_an_old_version_is_a_conflict_naming_who_and_what(&t.store).await;
}

/// Two desktops (two connection pools) save the same candidate at the same moment, from the
/// same version, 30 times: each time exactly one save lands and the other is the conflict;
/// no save is lost without its desktop being told.
#[tokio::test]
async fn two_desktops_saving_at_once_never_lose_an_update() {
    let (t, url) = common::postgres_with_url().await;
    let other = Store::open_postgres(&url).await.unwrap();
    let c = candidates::create(&t.store, ana()).await.unwrap();
    let mut landed = 0;
    for round in 0..30 {
        let base = candidates::get(&t.store, c.id).await.unwrap().candidate;
        let mut a = base.as_input();
        a.notes = format!("round {round} from the first");
        let mut b = base.as_input();
        b.location = format!("round {round} from the second");
        let (ra, rb) = tokio::join!(
            candidates::update(&t.store, c.id, a),
            candidates::update(&other, c.id, b)
        );
        let ok = [&ra, &rb].iter().filter(|r| r.is_ok()).count();
        assert_eq!(ok, 1, "round {round}: {ra:?} {rb:?}");
        for r in [&ra, &rb] {
            if let Err(e) = r {
                assert_eq!(e.code, ErrorCode::Conflict, "{e:?}");
                assert_eq!(e.field.as_deref(), Some("version"));
            }
        }
        landed += ok;
    }
    let end = candidates::get(&t.store, c.id).await.unwrap().candidate;
    assert_eq!(end.version as usize, 1 + landed);
}

#[tokio::test]
async fn a_stage_move_from_a_stage_it_already_left_is_refused() {
    let t = common::sqlite().await;
    let s = &t.store;
    let r = common::role(s, "Barista").await;
    at_desk("Maria");
    let c = candidates::create(s, ana()).await.unwrap();
    let a = applications::add(s, c.id, r.id).await.unwrap();
    // Both look at Ana at Applied. Sam moves her to Interviewing first.
    at_desk("Sam");
    applications::move_stage_from(s, a.id, Some(Stage::Applied), Stage::Interviewing)
        .await
        .unwrap();
    at_desk("Maria");
    let e = applications::move_stage_from(s, a.id, Some(Stage::Applied), Stage::Withdrawn)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert_eq!(e.field.as_deref(), Some("stage"));
    assert!(
        e.message
            .contains("moved from Applied to Interviewing by Sam"),
        "{}",
        e.message
    );
    let now = kindly_core::service::application_view::get(s, a.id)
        .await
        .unwrap();
    assert_eq!(now.stage, Stage::Interviewing);
}

/// Two desktops Close the loop on the same role at the same moment, 5 people each time: every
/// person is told once, and the desktop that came second is told why.
#[tokio::test]
async fn two_desktops_closing_the_loop_at_once_tell_each_person_once() {
    let (t, url) = common::postgres_with_url().await;
    let s = &t.store;
    let other = Store::open_postgres(&url).await.unwrap();
    common::owner(s).await;
    let k = common::mail_set_up(s).await;
    for round in 0..5 {
        let r = common::role(s, &format!("Barista {round}")).await;
        let mut apps = vec![];
        for i in 0..5 {
            let c = candidates::create(
                s,
                CandidateInput {
                    first_name: format!("P{i}"),
                    last_name: "Doe".into(),
                    email: format!("p{i}.r{round}@example.org"),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
            let a = applications::add(s, c.id, r.id).await.unwrap();
            let a = applications::move_stage(s, a.id, Stage::Interviewing)
                .await
                .unwrap();
            apps.push(a);
        }
        let mut requests = vec![];
        for a in &apps {
            let d = decisions::draft(s, a.id).await.unwrap();
            let mut r = common::decision_request(
                &d,
                "Thank you for your time with us.",
                "Another candidate was a closer fit",
            );
            r.message.acknowledge_warnings = true;
            requests.push(r);
        }
        let (ra, rb) = tokio::join!(
            decisions::send(s, &k, requests.clone()),
            decisions::send(&other, &k, requests)
        );
        assert!(ra.is_ok() != rb.is_ok(), "round {round}: {ra:?} {rb:?}");
        let e = ra.as_ref().err().or(rb.as_ref().err()).unwrap();
        assert_eq!(e.code, ErrorCode::Conflict, "{e:?}");
        let queued = outbox::list(s, &[MessageStatus::Queued]).await.unwrap();
        for a in &apps {
            assert_eq!(
                queued
                    .iter()
                    .filter(|m| m.application_id == Some(a.id))
                    .count(),
                1,
                "round {round}: application {} told once",
                a.id
            );
            let v = kindly_core::service::application_view::get(s, a.id)
                .await
                .unwrap();
            assert_eq!(v.stage, Stage::Rejected);
        }
    }
}

async fn sending_row(s: &Store, to: &str, claimed_by: &str, lease_secs: i64) -> i32 {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let now = kindly_core::clock::now();
    let m = kindly_core::store::entities::message::ActiveModel {
        to_name: Set("P".into()),
        to_address: Set(to.into()),
        subject: Set("About the role".into()),
        body: Set("Thank you.".into()),
        message_id: Set(format!("<{to}.{claimed_by}@kindly.test>")),
        status: Set(MessageStatus::Sending),
        attempts: Set(1),
        not_before: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
        feedback_given: Set(false),
        warnings_sent: Set(0),
        claimed_by: Set(Some(claimed_by.into())),
        lease_until: Set(Some(now + chrono::Duration::seconds(lease_secs))),
        ..Default::default()
    }
    .insert(s.db())
    .await
    .unwrap();
    m.id
}

/// A desktop that starts touches only its own interrupted sends and leases that ran out:
/// another desktop's message in flight is left to it, and becomes "Needs your decision" only
/// once that desktop's lease runs out.
#[tokio::test]
async fn a_starting_desktop_leaves_another_desktops_send_until_its_lease_runs_out() {
    let at = common::freeze_clock();
    let (t, _url) = common::postgres_with_url().await;
    let s = &t.store;
    at_desk("Maria");
    let mine = sending_row(s, "a@example.org", &desktop::id(), 120).await;
    let sams = sending_row(s, "b@example.org", "test-Sam", 120).await;
    assert_eq!(outbox::recover_after_crash(s).await.unwrap(), 1);
    let status = |id| async move {
        outbox::list(s, &[])
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.id == id)
            .map(|m| m.status)
    };
    assert_eq!(status(mine).await, Some(MessageStatus::Unknown));
    assert_eq!(status(sams).await, Some(MessageStatus::Sending));
    // Sam's desktop is still within its lease a minute later; gone after three.
    kindly_core::clock::freeze(at + chrono::Duration::minutes(1));
    assert_eq!(outbox::recover_expired(s).await.unwrap(), 0);
    kindly_core::clock::freeze(at + chrono::Duration::minutes(3));
    assert_eq!(outbox::recover_expired(s).await.unwrap(), 1);
    assert_eq!(status(sams).await, Some(MessageStatus::Unknown));
    let m = outbox::list(s, &[MessageStatus::Unknown])
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.id == sams)
        .unwrap();
    assert!(m
        .last_error
        .as_deref()
        .unwrap()
        .starts_with("The Kindly desktop sending this message stopped"));
}

/// Desktops starting at the same moment against a new server: one migrates and seeds the
/// built-in templates, the others wait for it; every template is there once.
#[tokio::test]
async fn desktops_starting_together_migrate_and_seed_once() {
    let url = common::new_postgres_database().await;
    let dirs: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let opened = futures_util::future::join_all(
        dirs.iter()
            .map(|d| kindly_core::open(d.path(), Some(url.as_str()))),
    )
    .await;
    for o in &opened {
        assert!(o.is_ok(), "{o:?}");
    }
    let s = opened.into_iter().next().unwrap().unwrap();
    let builtins: Vec<_> = kindly_core::service::templates::list(&s)
        .await
        .unwrap()
        .into_iter()
        .filter(|t| t.builtin)
        .collect();
    assert_eq!(
        builtins.len(),
        kindly_core::domain::defaults::DEFAULTS.len()
    );
}

/// One desktop SIGKILLed mid-batch 20 times while another keeps sending from the same server:
/// every message reaches the SMTP server at most once, and in the end each one is there exactly
/// once or waits as "Needs your decision" (then settled by the owner).
#[tokio::test]
async fn a_desktop_killed_mid_batch_beside_one_that_keeps_sending_sends_nothing_twice() {
    let (t, url) = common::postgres_with_url().await;
    let s = &t.store;
    let k = kindly_core::secrets::Keychain::new(format!("kindly-test-team-{}", std::process::id()));
    mail::save_smtp_settings(
        s,
        kindly_core::mail::smtp::SmtpSettings {
            host: "127.0.0.1".into(),
            port: env("KINDLY_TEST_SMTP_PORT").parse().unwrap(),
            security: kindly_core::mail::smtp::Security::Starttls,
            username: env("KINDLY_TEST_SMTP_USER"),
            from_address: "jobs@riverside.example".into(),
            ca_pem: std::fs::read_to_string(env("KINDLY_TEST_SMTP_CA")).unwrap(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    mail::set_password(s, &k, env("KINDLY_TEST_SMTP_PASSWORD"))
        .await
        .unwrap();
    let n = 150;
    let msgs: Vec<NewMessage> = (0..n)
        .map(|i| NewMessage {
            to_name: "P".into(),
            to_address: format!("slow-team-{i}-{}@example.org", std::process::id()),
            subject: "About the role".into(),
            body: "Thank you for coming in.".into(),
            ..Default::default()
        })
        .collect();
    let q = sending::enqueue(s, &k, msgs, kindly_core::clock::now(), true)
        .await
        .unwrap();
    let ids: Vec<String> = q.iter().map(|m| m.message_id.clone()).collect();
    let desk = |dir: &std::path::Path, keep_going: bool| {
        let mut c = std::process::Command::new(common::example("drain_outbox"));
        c.arg(dir);
        if keep_going {
            c.arg("--loop");
        }
        c.env("KINDLY_KEYCHAIN_SERVICE", k.service())
            .env("KINDLY_DATABASE_URL", &url)
            .env("KINDLY_LEASE_MS", "1500")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let steady_dir = tempfile::tempdir().unwrap();
    let killed_dir = tempfile::tempdir().unwrap();
    let mut steady = desk(steady_dir.path(), true);
    let arrived = || {
        let by_id = common::arrivals_by_id();
        ids.iter().filter(|id| by_id.contains_key(*id)).count()
    };
    let mut moments = common::Moments::new(0x3c6e_f372_fe94_f82b);
    let mut mid_batch = 0;
    for round in 0..20 {
        let before = arrived();
        let mut child = desk(killed_dir.path(), false);
        std::thread::sleep(Duration::from_millis(moments.next_ms(60, 200)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let by_id = common::arrivals_by_id();
        for id in &ids {
            assert!(
                by_id.get(id).copied().unwrap_or(0) <= 1,
                "round {round}: {id} arrived twice"
            );
        }
        let after = arrived();
        mid_batch += usize::from(after > before && after < n);
    }
    eprintln!("kills that landed mid-batch: {mid_batch} of 20");
    assert!(
        mid_batch >= 5,
        "only {mid_batch} of 20 kills landed mid-batch"
    );
    // The steady desktop finishes what is left; a killed desktop's sends wait for the owner.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let pending = outbox::list(s, &[MessageStatus::Queued, MessageStatus::Sending])
            .await
            .unwrap()
            .len();
        if pending == 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{pending} still pending"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    steady.kill().unwrap();
    steady.wait().unwrap();
    let by_id = common::arrivals_by_id();
    let unknown = outbox::list(s, &[MessageStatus::Unknown]).await.unwrap();
    for id in &ids {
        let times = by_id.get(id).copied().unwrap_or(0);
        assert!(times <= 1, "{id} arrived {times} times");
        if times == 0 {
            assert!(
                unknown.iter().any(|m| &m.message_id == id),
                "{id} neither arrived nor waits for a decision"
            );
        }
    }
    let sent = outbox::list(s, &[MessageStatus::Sent]).await.unwrap();
    assert_eq!(sent.len() + unknown.len(), n);
    eprintln!(
        "sent {} by the two desktops; {} wait for the owner's decision",
        sent.len(),
        unknown.len()
    );
}

/// A change on one desktop is heard on the other within a second (its tables named), never
/// on the desktop that made it; an open form there learns who changed what.
#[tokio::test]
async fn a_change_on_one_desktop_is_heard_on_the_other_within_a_second() {
    use kindly_core::store::live;
    let url = common::new_postgres_database().await;
    at_desk("Maria");
    let maria = kindly_core::open(tempfile::tempdir().unwrap().path(), Some(url.as_str()))
        .await
        .unwrap();
    at_desk("Sam");
    let sam = Store::open_postgres(&url).await.unwrap();
    let mut heard = live::listen(&maria)
        .await
        .unwrap()
        .expect("a server listens");
    let c = candidates::create(&sam, ana()).await.unwrap();
    let started = std::time::Instant::now();
    let news = tokio::time::timeout(
        Duration::from_secs(1),
        heard.next(Duration::from_millis(100)),
    )
    .await
    .expect("heard within a second")
    .unwrap();
    eprintln!("heard after {:?}", started.elapsed());
    assert!(news.tables.contains("candidates"), "{news:?}");
    assert!(news.tables.contains("activities"), "{news:?}");

    // Maria opens the form at version 1; Sam saves a note; the form is told before saving.
    let maria_base = c.version;
    let mut sams = c.as_input();
    sams.notes = "Can start in May".into();
    candidates::update(&sam, c.id, sams).await.unwrap();
    tokio::time::timeout(
        Duration::from_secs(1),
        heard.next(Duration::from_millis(100)),
    )
    .await
    .expect("heard within a second")
    .unwrap();
    let said = candidates::changed_since_version(&maria, c.id, maria_base)
        .await
        .unwrap();
    assert_eq!(
        said.as_deref(),
        Some("Sam changed this candidate (notes) after you opened it. Reload to see their change; your edits are kept to check and save again.")
    );
    assert_eq!(
        candidates::changed_since_version(&maria, c.id, maria_base + 1)
            .await
            .unwrap(),
        None
    );

    // Maria's own change is not news to her.
    at_desk("Maria");
    let mut hers = candidates::get(&maria, c.id)
        .await
        .unwrap()
        .candidate
        .as_input();
    hers.phone = "+44 7700 900123".into();
    candidates::update(&maria, c.id, hers).await.unwrap();
    assert!(
        tokio::time::timeout(
            Duration::from_millis(700),
            heard.next(Duration::from_millis(50))
        )
        .await
        .is_err(),
        "a desktop does not hear its own changes"
    );
    // SQLite has one desktop: nothing to listen to.
    let t = common::sqlite().await;
    assert!(live::listen(&t.store).await.unwrap().is_none());
}

/// The team's server as Settings names it, from a test database's address.
fn server_of(url: &str) -> desktop::TeamServer {
    let rest = url.strip_prefix("postgres://").unwrap();
    let (user, rest) = rest.split_once('@').unwrap();
    let (hostport, database) = rest.split_once('/').unwrap();
    let (host, port) = hostport.rsplit_once(':').unwrap();
    desktop::TeamServer {
        host: host.into(),
        port: port.parse().unwrap(),
        database: database.into(),
        user: user.into(),
    }
}

/// Joining a team: the server is checked by connecting, this computer's data moves onto it
/// once (every table, row counts equal), what was moved reads the same there, new records
/// continue after the moved ones, and a second move is refused with nothing changed.
#[tokio::test]
async fn a_desktop_moves_its_data_to_a_new_team_server_once() {
    use kindly_core::service::team;
    let local = common::sqlite().await;
    kindly_core::sample::load(&local.store).await.unwrap();
    let url = common::new_postgres_database().await;
    let server = server_of(&url);

    // Bad fields are named and nothing is touched.
    for (bad, field) in [
        (
            desktop::TeamServer {
                port: 0,
                ..server.clone()
            },
            "team_port",
        ),
        (
            desktop::TeamServer {
                host: "db example".into(),
                ..server.clone()
            },
            "team_host",
        ),
        (
            desktop::TeamServer {
                database: "x; drop".into(),
                ..server.clone()
            },
            "team_database",
        ),
        (
            desktop::TeamServer {
                user: String::new(),
                ..server.clone()
            },
            "team_user",
        ),
    ] {
        let e = team::check(&bad, "").await.unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{e:?}");
    }

    let check = team::check(&server, "").await.unwrap();
    assert_eq!(check.candidates, 0);
    assert!(
        !check.verified_tls,
        "a server on this computer needs no certificate"
    );
    let there = team::open(&server, "").await.unwrap();
    let moved = team::move_data(&local.store, &there).await.unwrap();
    let rows = |t: &str| moved.iter().find(|m| m.table == t).map(|m| m.rows);
    assert_eq!(rows("candidates"), Some(30));
    assert!(rows("applications").unwrap() > 0);
    assert!(rows("activities").unwrap() > 0);
    assert_eq!(moved.len(), 18);
    // What was moved reads the same on the server.
    let here_list = candidates::list(&local.store, Default::default())
        .await
        .unwrap();
    let there_list = candidates::list(&there, Default::default()).await.unwrap();
    assert_eq!(here_list.total, there_list.total);
    for (a, b) in here_list.rows.iter().zip(&there_list.rows) {
        assert_eq!(a, b);
        let (da, db) = (
            candidates::get(&local.store, a.id).await.unwrap(),
            candidates::get(&there, b.id).await.unwrap(),
        );
        assert_eq!(da.candidate, db.candidate);
        assert_eq!(da.timeline, db.timeline);
    }
    // New records continue after the moved ones.
    let max = here_list.rows.iter().map(|r| r.id).max().unwrap();
    let new = candidates::create(&there, ana()).await.unwrap();
    assert!(new.id > max);
    // Once only.
    let e = team::move_data(&local.store, &there).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert_eq!(
        candidates::list(&there, Default::default())
            .await
            .unwrap()
            .total,
        31
    );
}

/// Roles and templates carry a version too: a save from an old one is refused, nothing written.
#[tokio::test]
async fn a_role_or_template_saved_from_an_old_version_is_a_conflict() {
    use kindly_core::service::{roles, templates};
    let t = common::sqlite().await;
    let s = &t.store;
    let r = common::role(s, "Barista").await;
    let input = |title: &str| roles::RoleInput {
        title: title.into(),
        ..Default::default()
    };
    let first = roles::update_from(s, r.id, Some(r.version), input("Head Barista"))
        .await
        .unwrap();
    assert_eq!(first.version, r.version + 1);
    let e = roles::update_from(s, r.id, Some(r.version), input("Barista (weekends)"))
        .await
        .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Conflict, Some("version"))
    );
    assert_eq!(roles::get(s, r.id).await.unwrap().title, "Head Barista");

    let tpl = templates::list(s).await.unwrap().remove(0);
    let edit = |body: &str| templates::TemplateInput {
        name: tpl.name.clone(),
        subject: tpl.subject.clone(),
        body: body.into(),
    };
    templates::update_from(
        s,
        tpl.id,
        Some(tpl.version),
        edit("Hello {{candidate_first_name}}, thank you."),
    )
    .await
    .unwrap();
    let e = templates::update_from(
        s,
        tpl.id,
        Some(tpl.version),
        edit("Hi {{candidate_first_name}}."),
    )
    .await
    .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::Conflict, Some("version"))
    );
    assert_eq!(
        templates::get(s, tpl.id).await.unwrap().body,
        "Hello {{candidate_first_name}}, thank you."
    );
}

/// Two desktops record the answer to the same offer at the same moment, 5 times: one answer
/// is recorded, the other desktop is told it was already answered.
#[tokio::test]
async fn two_desktops_answering_one_offer_at_once_record_one_answer() {
    use kindly_core::service::offers;
    let (t, url) = common::postgres_with_url().await;
    let s = &t.store;
    let other = Store::open_postgres(&url).await.unwrap();
    for round in 0..5 {
        // A role each time: an accepted offer fills its role.
        let r = common::role(s, &format!("Barista {round}")).await;
        let c = candidates::create(
            s,
            CandidateInput {
                first_name: format!("F{round}"),
                email: format!("f{round}@example.org"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let a = applications::add(s, c.id, r.id).await.unwrap();
        applications::add_interview(s, a.id, "2026-03-02", "")
            .await
            .unwrap();
        applications::move_stage(s, a.id, Stage::Finalist)
            .await
            .unwrap();
        let input = offers::OfferInput {
            terms: "£12.50 an hour".into(),
            start_date: "2031-04-07".into(),
            expires_on: "2031-03-10".into(),
            time_zone: "Europe/London".into(),
            go_ahead: true,
        };
        let now = kindly_core::clock::now();
        let o = offers::extend(s, a.id, input, now).await.unwrap();
        let (yes, no) = tokio::join!(
            offers::accept(s, o.id, None, now),
            offers::decline(&other, o.id, "Took another job", now)
        );
        assert!(yes.is_ok() != no.is_ok(), "round {round}: {yes:?} {no:?}");
        let e = yes.as_ref().err().or(no.as_ref().err()).unwrap();
        assert_eq!(e.code, ErrorCode::Conflict, "{e:?}");
        let stage = kindly_core::service::application_view::get(s, a.id)
            .await
            .unwrap()
            .stage;
        assert_eq!(
            stage,
            if yes.is_ok() {
                Stage::Hired
            } else {
                Stage::Withdrawn
            },
            "round {round}"
        );
    }
}

/// Two desktops add the same person to the talent pool at the same moment, later both take them
/// out, then both bring them back: each time one change lands, the other desktop is told it was
/// already done, and the timeline and the stay-in-touch reminders hold one of each.
#[tokio::test]
async fn two_desktops_changing_one_pool_membership_at_once_make_one_change() {
    use kindly_core::service::pool::{self, ConsentMethod};
    use kindly_core::service::reminders;
    let (t, url) = common::postgres_with_url().await;
    let s = &t.store;
    let other = Store::open_postgres(&url).await.unwrap();
    at_desk("Maria");
    let now = kindly_core::clock::now();
    let input = |id| pool::PoolInput {
        candidate_id: id,
        application_id: None,
        given_on: now.date_naive().format("%Y-%m-%d").to_string(),
        method: ConsentMethod::EmailReply,
        notes: String::new(),
        time_zone: "Europe/London".into(),
    };
    let entries = |d: &candidates::CandidateDetail, kind: &str| {
        d.timeline.iter().filter(|e| e.kind == kind).count()
    };
    for round in 0..5 {
        let c = candidates::create(
            s,
            CandidateInput {
                first_name: format!("P{round}"),
                email: format!("pool{round}@example.org"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let (ra, rb) = tokio::join!(
            pool::add(s, input(c.id), now),
            pool::add(&other, input(c.id), now)
        );
        one_of(&ra, &rb, "join");
        let (ra, rb) = tokio::join!(
            pool::leave(s, c.id, "Asked to be removed", now),
            pool::leave(&other, c.id, "", now)
        );
        one_of(&ra, &rb, "leave");
        let (ra, rb) = tokio::join!(
            pool::add(s, input(c.id), now),
            pool::add(&other, input(c.id), now)
        );
        one_of(&ra, &rb, "back");
        let d = candidates::get(s, c.id).await.unwrap();
        assert_eq!(entries(&d, "pool_joined"), 2, "round {round}");
        assert_eq!(entries(&d, "pool_left"), 1, "round {round}");
        let open: Vec<_> = reminders::open(s, now)
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.candidate_id == Some(c.id))
            .collect();
        assert_eq!(
            open.len(),
            1,
            "round {round}: one check-in planned: {open:?}"
        );
    }
}

/// One of two changes made at once landed; the other was told it was already done.
fn one_of<T: std::fmt::Debug>(
    ra: &Result<T, kindly_core::CoreError>,
    rb: &Result<T, kindly_core::CoreError>,
    what: &str,
) {
    assert!(ra.is_ok() != rb.is_ok(), "{what}: {ra:?} {rb:?}");
    let e = ra.as_ref().err().or(rb.as_ref().err()).unwrap();
    assert_eq!(e.code, ErrorCode::Conflict, "{what}: {e:?}");
    assert_eq!(e.field.as_deref(), Some("candidate_id"), "{what}");
    assert!(
        e.message
            .contains("the talent pool by Maria; nothing was changed"),
        "{what}: {}",
        e.message
    );
}
