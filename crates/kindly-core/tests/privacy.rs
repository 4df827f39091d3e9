//! Data protection on a real store: erasure leaves no trace, the retention list and its
//! grace period, access exports, backups and restores (good, corrupt, newer), and SIGKILL
//! during writes never corrupts the database nor loses a reported save.

mod common;

use chrono::Duration;
use kindly_core::domain::Stage;
use kindly_core::service::applications;
use kindly_core::service::candidates::{self, CandidateInput};
use kindly_core::service::compose::{self, ComposeRequest};
use kindly_core::service::pool::{self, ConsentMethod, PoolInput};
use kindly_core::service::privacy::{self, RetentionStatus};
use kindly_core::service::references::{self, RefereeInput, ReferenceRecord, Relationship};
use kindly_core::service::{roles, settings, templates};
use kindly_core::store::backup;
use kindly_core::{ErrorCode, Store};
use sea_orm::ConnectionTrait;
use std::io::Read;

const NAME: &str = "Zelda";
const LAST: &str = "Quixote";
const EMAIL: &str = "zelda.quixote@example.org";
const PHONE: &str = "+44 7700 900123";

async fn role(s: &Store) -> roles::Role {
    roles::create(
        s,
        roles::RoleInput {
            title: "Barista".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
}

async fn person(s: &Store, first: &str, email: &str) -> candidates::Candidate {
    candidates::create(
        s,
        CandidateInput {
            first_name: first.into(),
            last_name: LAST.into(),
            email: email.into(),
            phone: PHONE.into(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
}

/// Zelda with everything Kindly can hold about someone: an application, interview notes, a
/// queued message, consent, the talent pool, a reference whose notes name her.
async fn zelda(s: &Store) -> i32 {
    settings::save_profile(
        s,
        settings::Profile {
            company_name: "Riverside Café".into(),
            sender_name: "Maria Lopez".into(),
            signature: String::new(),
        },
    )
    .await
    .unwrap();
    let r = role(s).await;
    let c = person(s, NAME, EMAIL).await;
    let mut a = applications::add(s, c.id, r.id).await.unwrap();
    for st in [Stage::Interviewing, Stage::Interviewed] {
        a = applications::move_stage(s, a.id, st).await.unwrap();
    }
    applications::add_interview(s, a.id, "2026-11-20", &format!("{NAME} {LAST} was lovely"))
        .await
        .unwrap();
    a = applications::move_stage(s, a.id, Stage::Finalist)
        .await
        .unwrap();
    let tpl = templates::list(s)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.purpose == kindly_core::domain::defaults::Purpose::ThankYou)
        .unwrap();
    compose::send(
        s,
        &common::mail_set_up(s).await,
        ComposeRequest {
            candidate_id: c.id,
            role_id: Some(r.id),
            template_id: Some(tpl.id),
            subject: tpl.subject,
            body: tpl.body,
            values: [("follow_up_date".to_string(), "2031-03-07".to_string())].into(),
            send_at: None,
            acknowledge_warnings: false,
            time_zone: Some("Europe/London".into()),
            vouched_names: vec![],
        },
    )
    .await
    .unwrap();
    pool::add(
        s,
        PoolInput {
            candidate_id: c.id,
            application_id: Some(a.id),
            given_on: kindly_core::clock::now().date_naive().to_string(),
            method: ConsentMethod::EmailReply,
            notes: format!("{NAME} said yes"),
            time_zone: "Europe/London".into(),
        },
        kindly_core::clock::now(),
    )
    .await
    .unwrap();
    let referee = references::add(
        s,
        a.id,
        RefereeInput {
            name: "Sam Lee".into(),
            relationship: Relationship::Supervisor,
            company: String::new(),
            email: "sam@harbour.example".into(),
            phone: String::new(),
            worked_together: String::new(),
        },
    )
    .await
    .unwrap();
    references::record_answer(
        s,
        referee.id,
        ReferenceRecord {
            call_notes: format!("{NAME} {LAST} ran the bar"),
            ..Default::default()
        },
        kindly_core::clock::now(),
    )
    .await
    .unwrap();
    c.id
}

/// How many rows of any table mention `needle` (PostgreSQL reads each row as text).
async fn rows_mentioning(s: &Store, needle: &str) -> i64 {
    let tables: Vec<String> = s
        .db()
        .query_all_raw(sea_orm::Statement::from_string(
            s.backend(),
            "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema()",
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String>("", "t").unwrap())
        .collect();
    assert!(tables.len() > 10, "{tables:?}");
    let mut n = 0;
    for t in tables {
        let row = s
            .db()
            .query_one_raw(sea_orm::Statement::from_string(
                s.backend(),
                format!("SELECT COUNT(*) AS n FROM \"{t}\" x WHERE x::text ILIKE '%{needle}%'"),
            ))
            .await
            .unwrap()
            .unwrap();
        n += row.try_get::<i64>("", "n").unwrap();
    }
    n
}

#[tokio::test]
async fn erasure_leaves_no_trace_in_the_database_file() {
    let t = common::sqlite().await;
    let s = &t.store;
    let id = zelda(s).await;
    // Someone else stays, with everything of theirs.
    let other = candidates::create(
        s,
        CandidateInput {
            first_name: "Olive".into(),
            last_name: "Stays".into(),
            email: "olive@example.org".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let dir = t._dir.as_ref().unwrap().path();
    assert!(
        !common::files_containing(dir, EMAIL.as_bytes()).is_empty(),
        "the test looks in the right place"
    );

    privacy::erase(s, id, kindly_core::clock::now())
        .await
        .unwrap();
    for needle in [NAME, LAST, EMAIL, PHONE] {
        let found: Vec<_> = common::files_containing(dir, needle.as_bytes())
            .into_iter()
            // The copy made before a migration is a backup by design; there is none here.
            .filter(|p| !p.to_string_lossy().contains(".bak"))
            .collect();
        assert!(found.is_empty(), "{needle} is still in {found:?}");
    }
    let erased = candidates::get(s, id).await.unwrap_err();
    assert_eq!(erased.code, ErrorCode::NotFound);
    assert_eq!(
        candidates::get(s, other.id)
            .await
            .unwrap()
            .candidate
            .first_name,
        "Olive"
    );
    assert_eq!(privacy::erased_count(s.db()).await.unwrap(), 1);
    assert!(pool::list(s, kindly_core::clock::now())
        .await
        .unwrap()
        .is_empty());
    // The integrity of what is left.
    assert_eq!(common::integrity(s).await, "ok");
}

#[tokio::test]
async fn erasure_leaves_no_row_mentioning_them_on_postgres() {
    let t = common::postgres().await;
    let s = &t.store;
    let id = zelda(s).await;
    assert!(rows_mentioning(s, EMAIL).await > 0);
    privacy::erase(s, id, kindly_core::clock::now())
        .await
        .unwrap();
    for needle in [NAME, LAST, EMAIL, PHONE] {
        assert_eq!(rows_mentioning(s, needle).await, 0, "{needle}");
    }
}

#[tokio::test]
async fn the_retention_list_honours_the_policy_the_grace_period_and_holds() {
    let t = common::sqlite().await;
    let s = &t.store;
    let r = role(s).await;
    let now = kindly_core::clock::now();
    // Closed `days` ago as `stage`.
    let closed = |first: &'static str, stage: Stage, days: i64| {
        let r = r.clone();
        async move {
            let c = person(s, first, &format!("{}@example.org", first.to_lowercase())).await;
            let a = applications::add(s, c.id, r.id).await.unwrap();
            let a = applications::move_stage(s, a.id, stage).await.unwrap();
            let when = (now - Duration::days(days)).to_rfc3339();
            s.db()
                .execute_unprepared(&format!(
                    "UPDATE applications SET stage_changed_at = '{when}' WHERE id = {}",
                    a.id
                ))
                .await
                .unwrap();
            c
        }
    };
    let ana = closed("Ana", Stage::Rejected, 220).await; // due
    closed("Ben", Stage::Withdrawn, 175).await; // due within the 14-day grace
    closed("Cy", Stage::Rejected, 90).await; // not yet
    let dee = closed("Dee", Stage::Interviewing, 300).await; // open: never listed
    let _ = dee;
    let eve = closed("Eve", Stage::Rejected, 250).await; // in the pool with consent
    pool::add(
        s,
        PoolInput {
            candidate_id: eve.id,
            application_id: None,
            given_on: now.date_naive().to_string(),
            method: ConsentMethod::InPerson,
            notes: String::new(),
            time_zone: "UTC".into(),
        },
        now,
    )
    .await
    .unwrap();
    // Hal's pool consent ended 15 days ago: due from then, not from his rejection.
    let hal = closed("Hal", Stage::Rejected, 400).await;
    let given = (now - Duration::days(380)).date_naive();
    pool::add(
        s,
        PoolInput {
            candidate_id: hal.id,
            application_id: None,
            given_on: given.to_string(),
            method: ConsentMethod::Form,
            notes: String::new(),
            time_zone: "UTC".into(),
        },
        now - Duration::days(380),
    )
    .await
    .unwrap();
    let hal_due = given
        .checked_add_months(chrono::Months::new(12))
        .unwrap()
        .to_string();
    let gus = person(s, "Gus", "gus@example.org").await; // never put forward
    s.db()
        .execute_unprepared(&format!(
            "UPDATE candidates SET created_at = '{}' WHERE id = {}",
            (now - Duration::days(200)).to_rfc3339(),
            gus.id
        ))
        .await
        .unwrap();

    let list = privacy::retention_list(s, now).await.unwrap();
    let got: Vec<(&str, RetentionStatus)> = list
        .iter()
        .map(|i| (i.candidate_name.split(' ').next().unwrap(), i.status))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Ana", RetentionStatus::Due),
            ("Gus", RetentionStatus::Due),
            ("Hal", RetentionStatus::Due),
            ("Ben", RetentionStatus::Upcoming)
        ]
    );
    assert_eq!(
        list.iter()
            .find(|i| i.candidate_id == hal.id)
            .unwrap()
            .due_on,
        hal_due
    );
    assert_eq!(list[0].why, "Rejected for Barista");

    // Keeping longer needs a reason and a future date; then Ana leaves the list.
    let in_40 = (now + Duration::days(40)).date_naive().to_string();
    let err = privacy::keep_longer(s, ana.id, &in_40, " ", now)
        .await
        .unwrap_err();
    assert!(err.message.starts_with("reason:"), "{}", err.message);
    let err = privacy::keep_longer(s, ana.id, "2020-01-01", "Appeal", now)
        .await
        .unwrap_err();
    assert!(err.message.starts_with("until:"), "{}", err.message);
    privacy::keep_longer(s, ana.id, &in_40, "She appealed the decision", now)
        .await
        .unwrap();
    let names: Vec<String> = privacy::retention_list(s, now)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.candidate_name)
        .collect();
    assert!(!names.iter().any(|n| n.starts_with("Ana")), "{names:?}");
    let timeline = candidates::get(s, ana.id).await.unwrap().timeline;
    assert!(timeline
        .iter()
        .any(|t| t.summary.ends_with("She appealed the decision")));
    // Listed again once the hold is nearly over.
    let later = now + Duration::days(30);
    let item = privacy::retention_list(s, later)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.candidate_id == ana.id)
        .unwrap();
    assert_eq!(item.status, RetentionStatus::Upcoming);
    assert_eq!(
        item.hold_reason.as_deref(),
        Some("She appealed the decision")
    );
}

/// One file of an export's zip, as text.
fn zipped(path: &std::path::Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    z.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

#[tokio::test]
async fn an_access_export_holds_everything_readable_and_as_data() {
    let t = common::sqlite().await;
    let s = &t.store;
    let id = zelda(s).await;
    let path = t._dir.as_ref().unwrap().path().join("zelda.zip");
    privacy::export_access(s, id, true, &path).await.unwrap();
    let html = zipped(&path, "index.html");
    assert!(html.contains("<h1>What we hold about Zelda Quixote</h1>"));
    assert!(html.contains("Thank you for your time, Zelda"));
    let json = zipped(&path, "data.json");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["candidate"]["email"], EMAIL);
    assert_eq!(v["messages"].as_array().unwrap().len(), 1);
    assert_eq!(v["interviews"][0]["notes"], "Zelda Quixote was lovely");
    assert_eq!(
        v["references"][0]["call_notes"],
        "Zelda Quixote ran the bar"
    );
    assert_eq!(v["consents"].as_array().unwrap().len(), 1);
    assert!(!path.with_extension("zip.part").exists());

    // By default the referee's words stay out: they were given in confidence.
    let kept = t._dir.as_ref().unwrap().path().join("zelda-no-refs.zip");
    privacy::export_access(s, id, false, &kept).await.unwrap();
    let json = zipped(&kept, "data.json");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let r = &v["references"][0];
    assert_eq!(r["what_they_said"], privacy::WITHHELD);
    assert!(r.get("call_notes").is_none() && r.get("technical_rating").is_none());
    assert!(
        !json.contains("ran the bar"),
        "the referee's notes are not in the data"
    );
    let html = zipped(&kept, "index.html");
    assert!(!html.contains("ran the bar"), "nor on the readable page");
    assert!(html.contains("Withheld: given in confidence"));
}

#[tokio::test]
async fn backups_restore_and_refuse_what_is_not_sound() {
    let t = common::sqlite().await;
    let dir = t._dir.as_ref().unwrap().path().to_path_buf();
    let s = &t.store;
    person(s, "Ana", "ana@example.org").await;
    let bdir = backup::backup_dir(&dir);
    // Mid-morning, so "an hour later" is still the same day whenever the test runs (at 23:30
    // it crossed midnight and the daily backup was rightly made again).
    let now = kindly_core::clock::now()
        .date_naive()
        .and_hms_opt(10, 0, 0)
        .unwrap()
        .and_utc();
    let b1 = backup::backup_now(s, &bdir, 2, now).await.unwrap();
    assert_eq!(
        backup::check(std::path::Path::new(&b1.path))
            .await
            .unwrap()
            .candidates,
        1
    );
    // Only the newest `keep` are kept; the daily one is made once a day.
    backup::backup_now(s, &bdir, 2, now + Duration::seconds(1))
        .await
        .unwrap();
    backup::backup_now(s, &bdir, 2, now + Duration::seconds(2))
        .await
        .unwrap();
    assert_eq!(backup::list(&bdir).len(), 2);
    let tomorrow = now + Duration::days(1);
    assert!(backup::daily(s, &bdir, 2, tomorrow)
        .await
        .unwrap()
        .is_some());
    assert!(backup::daily(s, &bdir, 2, tomorrow + Duration::hours(1))
        .await
        .unwrap()
        .is_none());
    let good = backup::list(&bdir)[0].path.clone();

    // A file that is not a database, a damaged copy, a backup from a newer Kindly: refused.
    let junk = dir.join("junk.db");
    std::fs::write(&junk, b"this is not a database at all, just some words").unwrap();
    let e = backup::check(&junk).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Database);
    assert!(
        e.message.contains("not a sound Kindly backup"),
        "{}",
        e.message
    );
    let bytes = std::fs::read(&good).unwrap();
    let damaged = dir.join("damaged.db");
    let mut cut = bytes.clone();
    for b in cut.iter_mut().skip(4096).take(8192) {
        *b = 0x5a;
    }
    std::fs::write(&damaged, &cut).unwrap();
    assert!(backup::check(&damaged).await.is_err());
    let newer = dir.join("newer.db");
    std::fs::write(&newer, &bytes).unwrap();
    {
        use sea_orm::sqlx::sqlite::SqliteConnectOptions;
        use sea_orm::sqlx::{ConnectOptions, Connection};
        let mut c = SqliteConnectOptions::new()
            .filename(&newer)
            .connect()
            .await
            .unwrap();
        sea_orm::sqlx::query(
            "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m9999_future', 0)",
        )
        .execute(&mut c)
        .await
        .unwrap();
        c.close().await.unwrap();
    }
    assert_eq!(
        backup::check(&newer).await.unwrap_err().code,
        ErrorCode::DatabaseTooNew
    );
    for bad in [&junk, &damaged, &newer] {
        assert!(
            kindly_core::service::restore::stage_restore(s, &dir, bad, now)
                .await
                .is_err()
        );
    }
    assert!(
        !dir.join(backup::PENDING_RESTORE).exists(),
        "nothing staged"
    );

    // Restore the good one: the current database is kept aside, and the next start swaps.
    person(s, "Ben", "ben@example.org").await;
    kindly_core::service::restore::stage_restore(s, &dir, std::path::Path::new(&good), now)
        .await
        .unwrap();
    assert!(common::files_containing(&bdir, b"ben@example.org")
        .iter()
        .any(|p| p.to_string_lossy().contains("before-restore")));
    t.store.db().clone().close().await.unwrap();
    let reopened = kindly_core::open(&dir, None).await.unwrap();
    let names: Vec<String> = candidates::list(&reopened, Default::default())
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.first_name)
        .collect();
    assert_eq!(names, vec!["Ana"]);
    assert!(!dir.join(backup::PENDING_RESTORE).exists());
}

#[tokio::test]
async fn postgres_backups_are_the_servers_job() {
    let t = common::postgres().await;
    let dir = tempfile::tempdir().unwrap();
    let e = backup::backup_now(&t.store, dir.path(), 3, kindly_core::clock::now())
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Unsupported);
    assert!(e.message.contains("PostgreSQL"));
    assert!(
        backup::daily(&t.store, dir.path(), 3, kindly_core::clock::now())
            .await
            .unwrap()
            .is_none()
    );
}

/// SIGKILL at 20 random moments while another process writes: the file always passes the
/// integrity check and every write reported as saved is there.
#[tokio::test]
async fn sigkill_during_writes_never_corrupts_or_loses_a_saved_write() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let mut total = 0;
    let mut mid_work = 0;
    let mut moments = common::Moments::new(0x9e37_79b9_7f4a_7c15);
    for round in 0..20 {
        let wait_ms = moments.next_ms(150, 600);
        let mut child = std::process::Command::new(common::example("write_loop"))
            .arg(dir.path())
            .arg(format!("r{round}n"))
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            std::io::BufReader::new(stdout)
                .lines()
                .map_while(|l| l.ok())
                .collect::<Vec<String>>()
        });
        std::thread::sleep(std::time::Duration::from_millis(wait_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let saved = reader.join().unwrap();
        let store = kindly_core::open(dir.path(), None).await.unwrap();
        assert_eq!(
            common::integrity(&store).await,
            "ok",
            "round {round} after {wait_ms} ms"
        );
        for line in &saved {
            let first = line.trim_start_matches("saved ");
            let found = candidates::list(
                &store,
                candidates::CandidateQuery {
                    search: Some(format!("{first}@")),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
            assert_eq!(found.total, 1, "round {round}: {first} was reported saved");
            let detail = candidates::get(&store, found.rows[0].id).await.unwrap();
            assert_eq!(
                detail.applications[0].interviews.len(),
                1,
                "round {round}: {first}'s interview"
            );
        }
        total += saved.len();
        // The writer never stops on its own: a round that saved something was killed while
        // it was writing, not before it began.
        mid_work += usize::from(!saved.is_empty());
        store.db().clone().close().await.unwrap();
    }
    assert!(
        total > 20,
        "the writer saved {total} candidates across 20 rounds"
    );
    eprintln!("kills that landed mid-write: {mid_work} of 20");
    assert!(
        mid_work >= 10,
        "only {mid_work} of 20 kills landed while the writer was writing"
    );
}

/// SIGKILL at 20 random points of a 10,000-row import: the file is always sound, and the
/// import is all or nothing: never a part of it.
#[tokio::test]
async fn sigkill_during_an_import_leaves_all_or_nothing() {
    // Big enough that the batched writes take a while even in a debug build.
    const N: u64 = 10_000;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.csv");
    let mut text = String::from("First name,Last name,Email,Job,Status\n");
    for i in 0..N {
        text += &format!("P{i},Import,p{i}@example.org,Barista,Interviewed\n");
    }
    std::fs::write(&file, text).unwrap();
    let data = dir.path().join("data");
    let mut moments = common::Moments::new(0x51_7cc1_b727_220a);
    let mut mid_import = 0;
    for round in 0..20 {
        // The kill follows what the import says, not the clock (a busy machine is slower):
        // once its progress passes a random point (a quarter of the way to the end; the second
        // half is the writing), a random few milliseconds more, then SIGKILL.
        let at = N * moments.next_ms(250, 1000) / 1000;
        let extra = moments.next_ms(0, 40);
        let mut child = std::process::Command::new(common::example("import_file"))
            .arg(&data)
            .arg(&file)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut said = String::new();
        {
            use std::io::BufRead;
            let out = std::io::BufReader::new(child.stdout.take().unwrap());
            let mut killed = false;
            for line in out.lines() {
                let line = line.unwrap();
                let passed = line
                    .strip_prefix("progress ")
                    .and_then(|p| p.split_once('/'))
                    .and_then(|(d, _)| d.parse::<u64>().ok())
                    .is_some_and(|d| d >= at);
                said += &line;
                said.push('\n');
                if passed && !killed {
                    std::thread::sleep(std::time::Duration::from_millis(extra));
                    child.kill().unwrap(); // SIGKILL (a no-op if it already finished)
                    killed = true;
                }
            }
        }
        child.wait().unwrap();
        let reported = said.contains(&format!("imported {N}"));
        // Rows were being written (the second half of the progress: batches went into the
        // transaction) and the import never committed.
        let mid = said
            .lines()
            .filter_map(|l| l.strip_prefix("progress "))
            .filter_map(|p| p.split_once('/'))
            .filter_map(|(d, t)| Some((d.parse::<u64>().ok()?, t.parse::<u64>().ok()?)))
            // The last word it said: writing, and not yet all written (the commit comes after).
            .next_back()
            .is_some_and(|(d, t)| d > t / 2 && d < t)
            && !reported;
        let store = kindly_core::open(&data, None).await.unwrap();
        assert_eq!(
            common::integrity(&store).await,
            "ok",
            "round {round}, killed past {at}"
        );
        let total = candidates::list(&store, Default::default())
            .await
            .unwrap()
            .total;
        assert!(
            total == 0 || total as u64 == N,
            "round {round}: {total} of {N} imported"
        );
        if reported {
            assert_eq!(
                total as u64, N,
                "round {round}: reported imported, so it is there"
            );
        }
        if mid {
            assert_eq!(
                total, 0,
                "round {round}: killed mid-import, so none of it is there"
            );
            mid_import += 1;
        }
        store.db().clone().close().await.unwrap();
        if total as u64 == N {
            // Start again from an empty database, so later rounds test the import again.
            std::fs::remove_dir_all(&data).unwrap();
        }
    }
    eprintln!("kills that landed mid-import: {mid_import} of 20");
    assert!(
        mid_import >= 5,
        "only {mid_import} of 20 kills landed after rows were written and before the commit"
    );
}
