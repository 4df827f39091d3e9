//! CSV import and export on a real store: every encoding and delimiter in the fixtures,
//! broken rows reported by line, duplicates skipped or merged, all-or-nothing, cancel, a file
//! that is not CSV, and the round trip export → import.

mod common;

use kindly_core::domain::Stage;
use kindly_core::service::candidates::{self, CandidateQuery};
use kindly_core::service::csv_io::{self, Field, ImportOptions, OnDuplicate};
use kindly_core::service::roles;
use kindly_core::{ErrorCode, Store};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

/// One fixture per encoding and delimiter the import reads.
const EVERY_ENCODING: [&str; 4] = [
    "utf8-comma.csv",
    "utf8-bom-semicolon.csv",
    "utf16le-tab.csv",
    "windows-1252.csv",
];

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/csv")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn opts(
    mapping: Vec<Option<Field>>,
    on_duplicate: OnDuplicate,
    good_rows_only: bool,
) -> ImportOptions {
    ImportOptions {
        mapping,
        on_duplicate,
        good_rows_only,
    }
}

async fn import_all(
    s: &Store,
    bytes: &[u8],
    dup: OnDuplicate,
    good_only: bool,
) -> Result<csv_io::ImportReport, kindly_core::CoreError> {
    let p = csv_io::preview(s, bytes, None).await?;
    csv_io::import(
        s,
        bytes,
        opts(p.mapping, dup, good_only),
        &|_, _| {},
        &AtomicBool::new(false),
    )
    .await
}

/// Everyone in Kindly as "First Last <email>: role stage; …", sorted.
async fn everyone(s: &Store) -> Vec<String> {
    let page = candidates::list(
        s,
        CandidateQuery {
            limit: 500,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut out: Vec<String> = page
        .rows
        .into_iter()
        .map(|r| {
            let mut apps: Vec<String> = r
                .applications
                .iter()
                .map(|a| format!("{} {}", a.role_title, a.stage))
                .collect();
            apps.sort();
            format!(
                "{} {} <{}>: {}",
                r.first_name,
                r.last_name,
                r.email,
                apps.join("; ")
            )
        })
        .collect();
    out.sort();
    out
}

async fn every_encoding_and_delimiter_is_read(s: &Store) {
    let p = csv_io::preview(s, &fixture("utf8-comma.csv"), None)
        .await
        .unwrap();
    assert_eq!(
        (p.encoding.as_str(), p.delimiter.as_str(), p.total),
        ("UTF-8", "comma", 3)
    );
    assert_eq!(p.mapping[4], Some(Field::Role), "Job → role");
    assert_eq!(
        p.sample[0].notes,
        "Warm with regulars,\nasked about the roaster"
    );
    assert_eq!(p.sample[2].notes, "She said \"yes\" to weekends");
    assert_eq!(p.sample[0].stage, Some(Stage::Interviewed));
    assert!(p.problems.is_empty(), "{:?}", p.problems);

    let p = csv_io::preview(s, &fixture("utf8-bom-semicolon.csv"), None)
        .await
        .unwrap();
    assert_eq!(
        (p.encoding.as_str(), p.delimiter.as_str()),
        ("UTF-8 (with BOM)", "semicolon")
    );
    assert_eq!(
        p.mapping,
        vec![
            Some(Field::Name),
            Some(Field::Email),
            Some(Field::Role),
            Some(Field::Stage)
        ]
    );
    assert_eq!(
        (
            p.sample[1].first_name.as_str(),
            p.sample[1].last_name.as_str()
        ),
        ("Émile", "Zola")
    );
    assert_eq!(p.sample[0].stage, Some(Stage::Offer), "Offer made");

    let p = csv_io::preview(s, &fixture("utf16le-tab.csv"), None)
        .await
        .unwrap();
    assert_eq!(
        (p.encoding.as_str(), p.delimiter.as_str()),
        ("UTF-16 LE", "tab")
    );
    assert_eq!(p.sample[0].tags, vec!["coffee", "latte"]);
    assert_eq!(p.sample[1].last_name, "Åberg");
    assert_eq!(p.sample[1].stage, Some(Stage::Finalist), "Shortlisted");

    let p = csv_io::preview(s, &fixture("windows-1252.csv"), None)
        .await
        .unwrap();
    assert_eq!(p.encoding, "Windows-1252");
    assert_eq!(
        (
            p.sample[0].first_name.as_str(),
            p.sample[1].last_name.as_str()
        ),
        ("Hélène", "Müller")
    );

    for f in EVERY_ENCODING {
        import_all(s, &fixture(f), OnDuplicate::Skip, false)
            .await
            .unwrap();
    }
    let all = everyone(s).await;
    assert_eq!(all.len(), 9, "{all:#?}");
    assert!(
        all.contains(&"Ana López <ana.lopez@example.org>: Barista interviewed".to_string()),
        "{all:#?}"
    );
    assert!(
        all.contains(&"Dara Kim <dara.kim@example.org>: Barista offer".to_string()),
        "{all:#?}"
    );
    assert!(
        all.contains(&"Ïan Müller <ian.muller@example.org>: Barista applied".to_string()),
        "{all:#?}"
    );
    let titles: Vec<String> = roles::list(s)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.title)
        .collect();
    assert_eq!(
        titles.len(),
        3,
        "Barista, Line Cook, Shop Assistant: {titles:?}"
    );
}

async fn bad_rows_are_reported_and_nothing_or_the_good_rows_go_in(s: &Store) {
    let bytes = fixture("broken-rows.csv");
    let p = csv_io::preview(s, &bytes, None).await.unwrap();
    let problems: Vec<(u32, String)> = p
        .problems
        .iter()
        .map(|x| (x.line, x.reason.clone()))
        .collect();
    assert_eq!(problems.len(), 5, "{problems:#?}");
    assert_eq!(problems[0], (3, "first_name: is required".to_string()));
    assert_eq!(problems[1].0, 4);
    assert!(
        problems[1].1.starts_with("email: 'jo@' is not an address"),
        "{}",
        problems[1].1
    );
    assert_eq!(problems[2].0, 5);
    assert!(
        problems[2]
            .1
            .starts_with("stage: 'Maybe later' is not a stage"),
        "{}",
        problems[2].1
    );
    assert_eq!(
        problems[3],
        (6, "stage: a stage needs the role it is for".to_string())
    );
    assert_eq!(
        problems[4],
        (
            7,
            "email: 'IVY.GOOD@example.org' is already on line 2".to_string()
        )
    );

    // The owner chooses: nothing (the default) …
    let e = import_all(s, &bytes, OnDuplicate::Skip, false)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(
        e.message
            .contains("5 rows have problems (the first: line 3"),
        "{}",
        e.message
    );
    assert!(everyone(s).await.is_empty());
    assert!(roles::list(s).await.unwrap().is_empty());
    // … or the good rows.
    let r = import_all(s, &bytes, OnDuplicate::Skip, true)
        .await
        .unwrap();
    assert_eq!((r.created, r.bad_rows, r.roles_created), (2, 5, 2));
    assert_eq!(everyone(s).await.len(), 2);
}

async fn duplicates_are_skipped_or_merged(s: &Store) {
    import_all(s, &fixture("utf8-comma.csv"), OnDuplicate::Skip, false)
        .await
        .unwrap();
    let p = csv_io::preview(s, &fixture("duplicates.csv"), None)
        .await
        .unwrap();
    assert_eq!(p.duplicates, 1);
    let r = import_all(s, &fixture("duplicates.csv"), OnDuplicate::Skip, false)
        .await
        .unwrap();
    assert_eq!((r.created, r.skipped, r.merged), (1, 1, 0));
    let ana = |all: Vec<String>| all.into_iter().find(|x| x.starts_with("Ana")).unwrap();
    assert_eq!(
        ana(everyone(s).await),
        "Ana López <ana.lopez@example.org>: Barista interviewed"
    );

    let r = import_all(s, &fixture("duplicates.csv"), OnDuplicate::Merge, false)
        .await
        .unwrap();
    assert_eq!((r.created, r.merged), (0, 2));
    assert_eq!(
        ana(everyone(s).await),
        "Ana López <ana.lopez@example.org>: Barista interviewed; Line Cook applied"
    );
    let found = candidates::list(
        s,
        CandidateQuery {
            search: Some("ana.lopez@".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let c = candidates::get(s, found.rows[0].id)
        .await
        .unwrap()
        .candidate;
    assert_eq!(
        c.phone.as_deref(),
        Some("+44 7700 900001"),
        "merge keeps what is there"
    );
    assert_eq!(
        c.notes.as_deref(),
        Some("Warm with regulars,\nasked about the roaster")
    );
}

async fn a_file_that_is_not_csv_is_refused(s: &Store) {
    let e = csv_io::preview(s, &fixture("not-csv.png"), None)
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("file"));
    assert!(e.message.contains("not a CSV file"), "{}", e.message);
    let e = csv_io::preview(
        s,
        b"just one line of prose without any columns\nand another\n",
        None,
    )
    .await
    .unwrap_err();
    assert!(e.message.contains("no columns"), "{}", e.message);
    // Columns the owner has not mapped: the email is required.
    let p = csv_io::preview(s, &fixture("utf8-comma.csv"), None)
        .await
        .unwrap();
    let mut m = p.mapping.clone();
    m[2] = None;
    let e = csv_io::import(
        s,
        &fixture("utf8-comma.csv"),
        opts(m, OnDuplicate::Skip, false),
        &|_, _| {},
        &AtomicBool::new(false),
    )
    .await
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("mapping"));
    assert!(everyone(s).await.is_empty());
}

async fn a_cancelled_import_changes_nothing_and_progress_is_reported(s: &Store) {
    let mut text = String::from("First name,Last name,Email,Role\n");
    for i in 0..1000 {
        text += &format!("P{i},Many,p{i}@example.org,Barista\n");
    }
    let p = csv_io::preview(s, text.as_bytes(), None).await.unwrap();
    let cancel = AtomicBool::new(false);
    let seen = std::sync::Mutex::new(vec![]);
    let e = csv_io::import(
        s,
        text.as_bytes(),
        opts(p.mapping.clone(), OnDuplicate::Skip, false),
        &|done, total| {
            seen.lock().unwrap().push((done, total));
            if done >= 400 {
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        },
        &cancel,
    )
    .await
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::Cancelled);
    assert!(everyone(s).await.is_empty(), "nothing was written");
    assert!(roles::list(s).await.unwrap().is_empty());
    // Reading the rows is the first half of the bar, writing them the second.
    assert_eq!(
        seen.lock().unwrap()[..3],
        [(0, 1000), (100, 1000), (200, 1000)]
    );

    let seen = std::sync::Mutex::new(vec![]);
    csv_io::import(
        s,
        text.as_bytes(),
        opts(p.mapping, OnDuplicate::Skip, false),
        &|d, t| seen.lock().unwrap().push((d, t)),
        &AtomicBool::new(false),
    )
    .await
    .unwrap();
    assert_eq!(seen.lock().unwrap().last(), Some(&(1000, 1000)));
    assert_eq!(
        candidates::list(s, CandidateQuery::default())
            .await
            .unwrap()
            .total,
        1000
    );
}

async fn what_is_exported_imports_back_unchanged(s: &Store) {
    for f in EVERY_ENCODING {
        import_all(s, &fixture(f), OnDuplicate::Skip, false)
            .await
            .unwrap();
    }
    // Someone in two roles, and someone in none.
    let ana = candidates::list(
        s,
        CandidateQuery {
            search: Some("ana.lopez@".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .rows[0]
        .id;
    let cook = roles::list(s)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.title == "Line Cook")
        .unwrap();
    kindly_core::service::applications::add(s, ana, cook.id)
        .await
        .unwrap();
    candidates::create(
        s,
        candidates::CandidateInput {
            first_name: "Nell".into(),
            last_name: "Solo".into(),
            email: "nell@example.org".into(),
            tags: vec!["night".into(), "weekend".into()],
            ..Default::default()
        },
    )
    .await
    .unwrap();
    // A name and notes a spreadsheet would run as formulas, and a phone number with a +.
    candidates::create(
        s,
        candidates::CandidateInput {
            first_name: "=HYPERLINK(\"http://evil.example\",\"Click\")".into(),
            last_name: "Formula".into(),
            email: "formula@example.org".into(),
            phone: "+44 1632 960123".into(),
            notes: "@SUM(1+1)".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let before = everyone(s).await;
    let csv = csv_io::export_candidates(s).await.unwrap();
    assert!(csv
        .starts_with("First name,Last name,Email,Phone,Location,Source,Tags,Notes,Role,Stage\r\n"));
    // Every cell a spreadsheet opens starts as text, never as a formula.
    let mut r = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    for rec in r.records() {
        for cell in rec.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "a cell a spreadsheet would run: {cell}"
            );
        }
    }
    assert!(csv.contains("'=HYPERLINK("), "{csv}");
    assert!(csv.contains("'+44 1632 960123"));

    let fresh = common::sqlite().await;
    import_all(&fresh.store, csv.as_bytes(), OnDuplicate::Skip, false)
        .await
        .unwrap();
    assert_eq!(everyone(&fresh.store).await, before);
    let nell = candidates::list(
        &fresh.store,
        CandidateQuery {
            search: Some("nell@".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .rows[0]
        .id;
    assert_eq!(
        candidates::get(&fresh.store, nell)
            .await
            .unwrap()
            .candidate
            .tags,
        vec!["night", "weekend"]
    );
    assert_eq!(
        csv_io::export_candidates(&fresh.store).await.unwrap(),
        csv,
        "and exports the same again"
    );

    let apps = csv_io::export_applications(s).await.unwrap();
    assert!(apps.lines().count() >= 11);
    let log = csv_io::export_messages(s).await.unwrap();
    assert!(log.starts_with("To,Email,Subject,Status,Queued,Sent,Body"));
}

on_both!(
    every_encoding_and_delimiter_is_read,
    bad_rows_are_reported_and_nothing_or_the_good_rows_go_in,
    duplicates_are_skipped_or_merged,
    a_file_that_is_not_csv_is_refused,
    a_cancelled_import_changes_nothing_and_progress_is_reported,
    what_is_exported_imports_back_unchanged,
);
