//! Property tests over what reads outside input (issue 18): CSV import, template rendering,
//! the tone check, restore checking and date parsing never panic, whatever they are given,
//! and what they accept stays inside their rules. Bounded: a few hundred cases each, well
//! under a minute in `make test` (PROPTEST_CASES raises it for a longer run).

use chrono::Datelike;
use kindly_core::domain::{csv, template, tone, validate};
use proptest::prelude::*;

fn cases(n: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(n),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text made of the pieces that matter to a parser: quotes, delimiters, line ends, formula
/// starts, template tags, accents and right-to-left marks, plus anything at all.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just(",".to_string()),
        Just(";".to_string()),
        Just("\t".to_string()),
        Just("\r\n".to_string()),
        Just("\n".to_string()),
        Just("=".to_string()),
        Just("'".to_string()),
        Just("{{".to_string()),
        Just("}}".to_string()),
        Just("{%".to_string()),
        Just("%}".to_string()),
        Just(" feedback ".to_string()),
        Just("for a in signature".to_string()),
        Just("endfor".to_string()),
        Just("Ana".to_string()),
        Just("ana@example.org".to_string()),
        Just("é".to_string()),
        Just("\u{202E}".to_string()),
        Just("\u{FEFF}".to_string()),
        Just("your age".to_string()),
        Just("Kind regards,\nMaria".to_string()),
        any::<String>(),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(cases(300))]

    #[test]
    fn csv_files_never_panic_and_rows_stay_inside_the_caps(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        if let Ok(p) = csv::parse(&bytes) {
            prop_assert!(p.records.len() <= csv::MAX_IMPORT_ROWS);
        }
    }

    #[test]
    fn csv_text_never_panics(text in hostile_text()) {
        let _ = csv::parse(text.as_bytes());
    }

    #[test]
    fn a_guarded_cell_reads_back_as_it_was(cell in hostile_text()) {
        let guarded = csv::guarded(&cell);
        prop_assert!(!guarded.starts_with(['=', '+', '-', '@', '\t', '\r']));
        prop_assert_eq!(csv::unguarded(&guarded), cell.as_str());
    }

    #[test]
    fn templates_never_panic_and_never_render_past_the_cap(
        subject in hostile_text(),
        body in hostile_text(),
        feedback in hostile_text(),
    ) {
        let mut values: template::Values = template::PLACEHOLDERS
            .iter()
            .map(|(n, _)| (n.to_string(), format!("<{n}>")))
            .collect();
        values.insert("feedback".into(), feedback);
        let _ = template::check(&subject, &body);
        if let Ok(r) = template::render(&subject, &body, &values) {
            prop_assert!(!r.subject.contains(['\r', '\n']));
            prop_assert!(r.body.len() <= template::MAX_RENDERED_BYTES);
        }
    }

    #[test]
    fn the_tone_check_never_panics(
        body in hostile_text(),
        first in hostile_text(),
        feedback in hostile_text(),
        kind in prop_oneof![
            Just(tone::MessageKind::Rejection),
            Just(tone::MessageKind::RunnerUp),
            Just(tone::MessageKind::Update),
            Just(tone::MessageKind::RoleFilled),
        ],
    ) {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let vouched = [first.as_str()];
        let _ = tone::check(&tone::ToneInput {
            kind,
            body: &body,
            candidate_first_name: &first,
            role_title: Some("Barista"),
            feedback: Some(&feedback),
            last_interview: Some(today),
            today,
            consent_on_record: false,
            signature: "Maria",
            business: "Riverside Café",
            reply_to: "",
            names: &[],
            vouched: &vouched,
        });
    }

    #[test]
    fn dates_are_refused_by_field_or_inside_the_years(
        y in -300_000i32..300_000,
        m in 0u32..14,
        d in 0u32..33,
        sign in prop_oneof![Just(""), Just("+"), Just("-")],
        junk in hostile_text(),
    ) {
        for text in [format!("{sign}{y:04}-{m:02}-{d:02}"), junk.clone()] {
            match validate::date("start_date", &text) {
                Ok(day) => prop_assert!(validate::YEARS.contains(&day.year())),
                Err(e) => prop_assert_eq!(e.field.as_deref(), Some("start_date")),
            }
            let local = format!("{text}T09:30");
            match kindly_core::schedule::parse_local("due_local", &local) {
                Ok(t) => prop_assert!(validate::YEARS.contains(&t.year())),
                Err(e) => prop_assert_eq!(e.field.as_deref(), Some("due_local")),
            }
            let instant = format!("{text}T09:30:00Z");
            match validate::instant("send_at", &instant) {
                Ok(t) => prop_assert!(validate::YEARS.contains(&t.year())),
                Err(e) => prop_assert_eq!(e.field.as_deref(), Some("send_at")),
            }
        }
    }
}

/// A real backup, with bytes changed at random places: the check and the rebuild refuse it or
/// take it, and never panic. Fewer cases: each opens SQLite files.
#[test]
fn damaged_backups_are_refused_or_rebuilt_never_a_panic() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (good, store) = rt.block_on(async {
        let s = kindly_core::open(dir.path(), None).await.unwrap();
        kindly_core::service::candidates::create(
            &s,
            kindly_core::service::candidates::CandidateInput {
                first_name: "Ana".into(),
                email: "ana@example.org".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let b = kindly_core::store::backup::backup_now(
            &s,
            &dir.path().join("backups"),
            3,
            kindly_core::clock::now(),
        )
        .await
        .unwrap();
        (std::fs::read(b.path).unwrap(), s)
    });
    let mut runner = proptest::test_runner::TestRunner::new(cases(40));
    let edits = proptest::collection::vec((0..good.len(), any::<u8>()), 1..24);
    runner
        .run(&edits, |edits| {
            let mut bytes = good.clone();
            for (at, b) in edits {
                bytes[at] = b;
            }
            let file = dir.path().join("damaged.db");
            std::fs::write(&file, &bytes).unwrap();
            rt.block_on(async {
                if kindly_core::store::backup::check(&file).await.is_ok() {
                    // A file that passes the check is rebuilt or refused with a coded error.
                    let _ = kindly_core::store::backup::rebuild_backup(dir.path(), &file).await;
                }
            });
            Ok(())
        })
        .unwrap();
    rt.block_on(store.close()).unwrap();
}
