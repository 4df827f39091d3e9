//! What a hostile or careless file cannot do (issue 18): a crafted backup's trigger never runs
//! and is not restored, a restore never sends what was waiting in the backup, an erased
//! person stays erased through a restore and an import, dates stay in years Kindly can plan
//! for, an oversized import is refused by size, and one-line fields refuse text-direction
//! controls.

mod common;

use kindly_core::mail::outbox::{self, NewMessage};
use kindly_core::service::candidates::{self, CandidateInput};
use kindly_core::service::csv_io::{self, ImportOptions, OnDuplicate};
use kindly_core::service::{offers, privacy, sending};
use kindly_core::store::backup;
use kindly_core::{ErrorCode, Store};
use sea_orm::ConnectionTrait;
use std::path::Path;

async fn person(s: &Store, first: &str, email: &str) -> candidates::Candidate {
    candidates::create(
        s,
        CandidateInput {
            first_name: first.into(),
            last_name: "Lopez".into(),
            email: email.into(),
            ..Default::default()
        },
    )
    .await
    .unwrap()
}

/// Run SQL on a closed SQLite file, as someone editing a backup by hand would.
async fn tamper(file: &Path, sql: &str) {
    use sea_orm::sqlx::sqlite::SqliteConnectOptions;
    use sea_orm::sqlx::{ConnectOptions, Connection};
    let mut c = SqliteConnectOptions::new()
        .filename(file)
        .connect()
        .await
        .unwrap();
    sea_orm::sqlx::raw_sql(sea_orm::sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();
}

/// The names of the schema objects of one kind in a store.
async fn objects(s: &Store, kind: &str) -> Vec<String> {
    s.db()
        .query_all_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Sqlite,
            "SELECT name FROM sqlite_master WHERE type = ? ORDER BY name",
            [kind.into()],
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect()
}

async fn setting(s: &Store, key: &str) -> Option<String> {
    s.db()
        .query_one_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Sqlite,
            "SELECT value FROM settings WHERE key = ?",
            [key.into()],
        ))
        .await
        .unwrap()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
}

/// Back up `s` into its data folder's backups and return the file.
async fn backup_of(s: &Store, dir: &Path) -> std::path::PathBuf {
    let b = backup::backup_now(s, &backup::backup_dir(dir), 7, kindly_core::clock::now())
        .await
        .unwrap();
    std::path::PathBuf::from(b.path)
}

/// Close the store and open the data folder again, as the app's restart does.
async fn restart(s: Store, dir: &Path) -> Store {
    s.close().await.unwrap();
    kindly_core::open(dir, None).await.unwrap()
}

#[tokio::test]
async fn a_crafted_backups_trigger_never_runs_and_is_not_restored() {
    common::freeze_clock();
    let dir = tempfile::tempdir().unwrap();
    let s = kindly_core::open(dir.path(), None).await.unwrap();
    person(&s, "Ana", "ana@example.org").await;
    let file = backup_of(&s, dir.path()).await;
    // What a crafted file could carry: a trigger that copies every new candidate into an
    // outgoing message and rewrites the mail server, one that makes erasure do nothing, a
    // view, a table and a column Kindly never made.
    tamper(
        &file,
        "CREATE TRIGGER copy_out AFTER INSERT ON candidates BEGIN \
           INSERT INTO settings (key, value, updated_at) VALUES ('trigger.ran', 'yes', '2026-01-01T00:00:00Z') \
             ON CONFLICT(key) DO UPDATE SET value = 'again'; \
           UPDATE settings SET value = 'evil.example' WHERE key LIKE 'smtp%'; \
         END; \
         CREATE TRIGGER keep_them BEFORE DELETE ON candidates BEGIN SELECT RAISE(IGNORE); END; \
         CREATE VIEW everyone AS SELECT email FROM candidates; \
         CREATE TABLE loot (email TEXT); \
         ALTER TABLE candidates ADD COLUMN shadow TEXT DEFAULT 'x';",
    )
    .await;
    let report = kindly_core::service::restore::stage_restore(
        &s,
        dir.path(),
        &file,
        kindly_core::clock::now(),
    )
    .await
    .unwrap();
    assert_eq!(report.candidates, 1);
    // Two triggers, a view, a table and a column were left behind.
    assert_eq!(report.left_out, 5, "{report:?}");
    let s = restart(s, dir.path()).await;
    // Only the triggers Kindly's own search index keeps.
    assert_eq!(
        objects(&s, "trigger").await,
        vec![
            "candidates_fts_delete",
            "candidates_fts_insert",
            "candidates_fts_update"
        ]
    );
    assert!(objects(&s, "view").await.is_empty());
    assert!(!objects(&s, "table").await.contains(&"loot".to_string()));
    // The copy into the rebuilt database did not fire it, and a new candidate does not either.
    let ben = person(&s, "Ben", "ben@example.org").await;
    assert_eq!(setting(&s, "trigger.ran").await, None);
    // Erasure works: no trigger can make it pretend.
    privacy::erase(&s, ben.id, kindly_core::clock::now())
        .await
        .unwrap();
    assert!(candidates::get(&s, ben.id).await.is_err());
    assert_eq!(
        candidates::list(&s, Default::default())
            .await
            .unwrap()
            .rows
            .iter()
            .map(|r| r.first_name.as_str())
            .collect::<Vec<_>>(),
        vec!["Ana"]
    );
}

#[tokio::test]
async fn an_erasure_a_database_ignores_is_reported_not_claimed() {
    let t = common::sqlite().await;
    let s = &t.store;
    let ana = person(s, "Ana", "ana@example.org").await;
    s.db()
        .execute_unprepared(
            "CREATE TRIGGER keep_them BEFORE DELETE ON candidates BEGIN SELECT RAISE(IGNORE); END",
        )
        .await
        .unwrap();
    let e = privacy::erase(s, ana.id, kindly_core::clock::now())
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Database);
    assert!(e.message.contains("nothing was erased"), "{}", e.message);
    // Nothing else changed either: the ledger has no line for an erasure that did not happen.
    assert_eq!(privacy::erased_count(s.db()).await.unwrap(), 0);
    assert!(candidates::get(s, ana.id).await.is_ok());
}

#[tokio::test]
async fn messages_waiting_in_a_restored_backup_wait_for_the_owner() {
    common::freeze_clock();
    let dir = tempfile::tempdir().unwrap();
    let s = kindly_core::open(dir.path(), None).await.unwrap();
    common::owner(&s).await;
    let k = common::mail_set_up(&s).await;
    let mut msgs = vec![];
    for i in 0..5 {
        let c = person(&s, &format!("P{i}"), &format!("p{i}@example.org")).await;
        msgs.push(NewMessage {
            candidate_id: Some(c.id),
            to_name: c.first_name.clone(),
            to_address: c.email.clone(),
            subject: "About the Barista role".into(),
            body: "Thank you for coming in.".into(),
            ..Default::default()
        });
    }
    // Tomorrow morning's rejections, queued when the backup was made.
    let at = kindly_core::clock::now() + chrono::Duration::hours(12);
    sending::enqueue(&s, &k, msgs, at, true).await.unwrap();
    let file = backup_of(&s, dir.path()).await;
    let report = kindly_core::service::restore::stage_restore(
        &s,
        dir.path(),
        &file,
        kindly_core::clock::now(),
    )
    .await
    .unwrap();
    assert_eq!(report.messages_waiting, 5);
    let s = restart(s, dir.path()).await;
    // Nothing is due, now or when their time comes: the worker has nothing to send.
    kindly_core::clock::freeze(at + chrono::Duration::hours(1));
    assert_eq!(outbox::due_count(&s).await.unwrap(), 0);
    assert_eq!(outbox::next_due(&s).await.unwrap(), None);
    assert_eq!(outbox::waiting_since_restore(&s).await.unwrap(), 5);
    let waiting = outbox::list(&s, &[kindly_core::domain::states::MessageStatus::Unknown])
        .await
        .unwrap();
    assert_eq!(waiting.len(), 5);
    assert!(waiting
        .iter()
        .all(|m| m.last_error.as_deref() == Some(outbox::WAITING_AT_BACKUP)));
    // The owner decides: send them.
    assert_eq!(outbox::settle_restored(&s, true).await.unwrap(), 5);
    assert_eq!(outbox::due_count(&s).await.unwrap(), 5);
    assert_eq!(outbox::waiting_since_restore(&s).await.unwrap(), 0);
}

#[tokio::test]
async fn dropping_the_waiting_messages_cancels_them() {
    common::freeze_clock();
    let dir = tempfile::tempdir().unwrap();
    let s = kindly_core::open(dir.path(), None).await.unwrap();
    common::owner(&s).await;
    let k = common::mail_set_up(&s).await;
    let c = person(&s, "Ana", "ana@example.org").await;
    let m = NewMessage {
        candidate_id: Some(c.id),
        to_name: "Ana".into(),
        to_address: c.email.clone(),
        subject: "Hello".into(),
        body: "Hello Ana".into(),
        ..Default::default()
    };
    sending::enqueue(&s, &k, vec![m], kindly_core::clock::now(), false)
        .await
        .unwrap();
    let file = backup_of(&s, dir.path()).await;
    kindly_core::service::restore::stage_restore(&s, dir.path(), &file, kindly_core::clock::now())
        .await
        .unwrap();
    let s = restart(s, dir.path()).await;
    assert_eq!(outbox::settle_restored(&s, false).await.unwrap(), 1);
    assert_eq!(outbox::due_count(&s).await.unwrap(), 0);
    assert_eq!(
        outbox::list(&s, &[kindly_core::domain::states::MessageStatus::Cancelled])
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn an_erased_person_restored_from_an_older_backup_is_erased_again() {
    common::freeze_clock();
    let dir = tempfile::tempdir().unwrap();
    let s = kindly_core::open(dir.path(), None).await.unwrap();
    person(&s, "Ana", "ana@example.org").await;
    let zed = person(&s, "Zelda", "Zelda.Q@Example.org").await;
    let older = backup_of(&s, dir.path()).await;
    common::tick();
    privacy::erase(&s, zed.id, kindly_core::clock::now())
        .await
        .unwrap();
    common::tick();
    let report = kindly_core::service::restore::stage_restore(
        &s,
        dir.path(),
        &older,
        kindly_core::clock::now(),
    )
    .await
    .unwrap();
    assert_eq!(report.erased_again, 1);
    let s = restart(s, dir.path()).await;
    let names: Vec<String> = candidates::list(&s, Default::default())
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.first_name)
        .collect();
    assert_eq!(names, vec!["Ana"]);
    // The restored database keeps the ledger: the erasure is still counted once, and adding
    // her again asks first.
    assert_eq!(privacy::erased_count(s.db()).await.unwrap(), 1);
    let again = CandidateInput {
        first_name: "Zelda".into(),
        email: "zelda.q@example.org".into(),
        ..Default::default()
    };
    let e = candidates::create(&s, again.clone()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::NeedsConfirmation);
    assert_eq!(e.field.as_deref(), Some("email"));
    // Only the older backup still holds her address: the ledger keeps a hash, and the
    // database the restore replaced had her pages overwritten.
    s.close().await.unwrap();
    let holding = common::files_containing(dir.path(), b"zelda.q@example.org");
    assert_eq!(holding, vec![older.clone()], "{holding:?}");
    // The owner chose to add her again: she is back, and her timeline says so.
    let s = kindly_core::open(dir.path(), None).await.unwrap();
    let back = candidates::create_checked(&s, again, true).await.unwrap();
    let page = candidates::get(&s, back.id).await.unwrap();
    assert!(
        page.timeline
            .iter()
            .any(|a| a.summary.contains("erased earlier")),
        "{:?}",
        page.timeline
    );
}

#[tokio::test]
async fn an_import_leaves_out_people_erased_earlier() {
    let t = common::sqlite().await;
    let s = &t.store;
    let zed = person(s, "Zelda", "zelda@example.org").await;
    privacy::erase(s, zed.id, kindly_core::clock::now())
        .await
        .unwrap();
    let csv = b"First name,Last name,Email\nZelda,Q,ZELDA@example.org\nBen,Ng,ben@example.org\n";
    let p = csv_io::preview(s, csv, None).await.unwrap();
    assert_eq!(p.erased_earlier, 1);
    let r = csv_io::import(
        s,
        csv,
        ImportOptions {
            mapping: p.mapping,
            on_duplicate: OnDuplicate::Skip,
            good_rows_only: false,
        },
        &|_, _| {},
        &Default::default(),
    )
    .await
    .unwrap();
    assert_eq!((r.created, r.erased_earlier), (1, 1));
    assert_eq!(candidates::count_all(s).await.unwrap(), 1);
}

#[tokio::test]
async fn a_60_mb_import_is_refused_by_its_size_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("candidates.csv");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(60 * 1024 * 1024).unwrap();
    let e = kindly_core::domain::csv::read_import_file(&big).unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert_eq!(e.field.as_deref(), Some("file"));
    assert!(e.message.contains("50 MB"), "{}", e.message);
    // Bytes handed over another way are held to the same cap.
    let bytes = vec![b'a'; 50 * 1024 * 1024 + 1];
    let Err(e) = kindly_core::domain::csv::parse(&bytes) else {
        panic!("51 MB of bytes were read as CSV");
    };
    assert_eq!(e.field.as_deref(), Some("file"));
}

#[tokio::test]
async fn year_99999_is_refused_by_field_not_by_a_panic() {
    let t = common::sqlite().await;
    let s = &t.store;
    let ana = person(s, "Ana", "ana@example.org").await;
    let role = common::role(s, "Barista").await;
    let app = kindly_core::service::applications::add(s, ana.id, role.id)
        .await
        .unwrap();
    for (field, start, expires) in [
        ("expires_on", "2026-04-01", "99999-12-31"),
        ("expires_on", "2026-04-01", "+99999-12-31"),
        ("start_date", "2201-01-01", "2026-04-01"),
        ("start_date", "1899-12-31", "2026-04-01"),
    ] {
        let e = offers::extend(
            s,
            app.id,
            offers::OfferInput {
                terms: "£12.50 an hour, 30 hours a week".into(),
                start_date: start.into(),
                expires_on: expires.into(),
                time_zone: "Europe/London".into(),
                go_ahead: true,
            },
            kindly_core::clock::now(),
        )
        .await
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation, "{start} {expires}");
        assert_eq!(e.field.as_deref(), Some(field), "{start} {expires}");
    }
    let e = kindly_core::service::pulse::pulse(
        s,
        &kindly_core::service::pulse::PulseQuery {
            from: "2026-01-01".into(),
            to: "99999-01-01".into(),
            time_zone: "Europe/London".into(),
        },
        kindly_core::clock::now(),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(
        kindly_core::schedule::parse_local("due_local", "99999-01-01T09:00").is_err()
            || kindly_core::schedule::parse_local("due_local", "+99999-01-01T09:00").is_err()
    );
}

#[tokio::test]
async fn one_line_fields_refuse_text_direction_controls() {
    let t = common::sqlite().await;
    let s = &t.store;
    for bad in ["Ana\u{202E}zepoL", "\u{2066}Ana\u{2069}"] {
        let e = candidates::create(
            s,
            CandidateInput {
                first_name: bad.into(),
                email: "ana@example.org".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        assert_eq!(e.field.as_deref(), Some("first_name"));
    }
    assert_eq!(candidates::count_all(s).await.unwrap(), 0);
    // Right-to-left names themselves are welcome.
    person(s, "مريم", "maryam@example.org").await;
}

#[tokio::test]
async fn the_erase_dialog_knows_which_copies_hold_someone_and_side_copies_rotate() {
    let start = common::freeze_clock();
    let dir = tempfile::tempdir().unwrap();
    let s = kindly_core::open(dir.path(), None).await.unwrap();
    let ana = person(&s, "Ana", "ana@example.org").await;
    let first = backup_of(&s, dir.path()).await;
    common::tick();
    // A restore of that backup keeps the database as it was aside: a second copy of Ana.
    kindly_core::service::restore::stage_restore(&s, dir.path(), &first, kindly_core::clock::now())
        .await
        .unwrap();
    let s = restart(s, dir.path()).await;
    let ben = person(&s, "Ben", "ben@example.org").await;
    let held = backup::copies_holding(dir.path(), ana.id, 7).await.unwrap();
    assert_eq!(held.len(), 2, "{held:?}");
    assert!(held[0].name.starts_with("kindly-"));
    assert!(held[1].name.starts_with("before-restore-"));
    assert_eq!(
        held[0].removed_by,
        kindly_core::clock::ts(start + chrono::Duration::days(7))
    );
    // Ben was added after both: no copy holds him.
    assert!(backup::copies_holding(dir.path(), ben.id, 7)
        .await
        .unwrap()
        .is_empty());
    // Eight days on, the daily backup rotates the side copy out with the old backups.
    let later = start + chrono::Duration::days(8);
    kindly_core::clock::freeze(later);
    backup::backup_now(&s, &backup::backup_dir(dir.path()), 1, later)
        .await
        .unwrap();
    let left = backup::copies_holding(dir.path(), ana.id, 1).await.unwrap();
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].name.starts_with("kindly-"), "{left:?}");
    assert!(std::fs::read_dir(backup::backup_dir(dir.path()))
        .unwrap()
        .all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("before-restore-")));
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_folder_and_its_files_are_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("Kindly");
    let s = kindly_core::open(&data, None).await.unwrap();
    person(&s, "Ana", "ana@example.org").await;
    let b = backup_of(&s, &data).await;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&backup::backup_dir(&data)), 0o700);
    for f in [data.join("kindly.db"), data.join("kindly.db-wal"), b] {
        assert_eq!(mode(&f), 0o600, "{}", f.display());
    }
    let csv = data.join("export.csv");
    csv_io::write_file(&csv, "a,b\n").unwrap();
    assert_eq!(mode(&csv), 0o600);
}
