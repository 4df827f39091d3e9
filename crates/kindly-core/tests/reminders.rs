//! Reminders in the store, on SQLite and PostgreSQL, with an explicit "now" so the clock is
//! the test's: due, overdue after a close, snooze, repeat from completion, bad input.

mod common;

use chrono::{DateTime, Utc};
use kindly_core::schedule::{Bucket, RepeatUnit, Snooze};
use kindly_core::service::candidates;
use kindly_core::service::reminders::{self, ReminderInput, ReminderKind};
use kindly_core::{ErrorCode, Store};

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn input(title: &str, due: &str) -> ReminderInput {
    ReminderInput {
        title: title.into(),
        kind: ReminderKind::Custom,
        candidate_id: None,
        role_id: None,
        application_id: None,
        due_local: due.into(),
        time_zone: "Europe/London".into(),
        repeat_every: None,
        repeat_unit: None,
        confirm_past: false,
        source: None,
    }
}

async fn bad_input_is_refused_and_the_past_needs_confirming(store: &Store) {
    let now = utc("2026-06-10T12:00:00Z");
    let e = reminders::create(store, input("Call Ana", "2026-06-01T09:00"), now)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NeedsConfirmation);
    assert_eq!(e.field.as_deref(), Some("due_local"));
    for (every, field) in [(0, "repeat_every"), (-3, "repeat_every")] {
        let mut i = input("Check in", "2026-06-20T09:00");
        i.repeat_every = Some(every);
        i.repeat_unit = Some(RepeatUnit::Days);
        let e = reminders::create(store, i, now).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        assert_eq!(e.field.as_deref(), Some(field));
    }
    let mut i = input("Check in", "2026-06-20T09:00");
    i.time_zone = "Mars/Olympus".into();
    assert_eq!(
        reminders::create(store, i, now)
            .await
            .unwrap_err()
            .field
            .as_deref(),
        Some("time_zone")
    );
    assert!(
        reminders::open(store, now).await.unwrap().is_empty(),
        "nothing saved"
    );

    let mut past = input("Call Ana", "2026-06-01T09:00");
    past.confirm_past = true;
    let r = reminders::create(store, past, now).await.unwrap();
    assert_eq!(r.bucket, Bucket::Overdue);
}

async fn the_today_view_groups_by_the_owners_calendar_and_snooze_moves_them(store: &Store) {
    let c = candidates::create(
        store,
        candidates::CandidateInput {
            first_name: "Ana".into(),
            last_name: "Lopez".into(),
            email: "ana.reminders@example.com".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let created = utc("2026-06-01T08:00:00Z");
    let mut promise = input("Tell Ana the decision", "2026-06-10T09:00");
    promise.kind = ReminderKind::PromisedFollowUp;
    promise.candidate_id = Some(c.id);
    let promise = reminders::create(store, promise, created).await.unwrap();
    reminders::create(
        store,
        input("Order the new apron", "2026-06-10T17:00"),
        created,
    )
    .await
    .unwrap();
    reminders::create(
        store,
        input("References for Ben", "2026-06-14T10:00"),
        created,
    )
    .await
    .unwrap();
    reminders::create(
        store,
        input("Quarterly check-ins", "2026-07-30T10:00"),
        created,
    )
    .await
    .unwrap();

    // Noon in London on the 10th (11:00 UTC): the 9:00 promise is overdue.
    let now = utc("2026-06-10T11:00:00Z");
    let t = reminders::today(store, now).await.unwrap();
    let titles =
        |v: &Vec<reminders::Reminder>| v.iter().map(|r| r.title.clone()).collect::<Vec<_>>();
    assert_eq!(titles(&t.overdue), vec!["Tell Ana the decision"]);
    assert_eq!(t.overdue[0].candidate_name.as_deref(), Some("Ana Lopez"));
    assert_eq!(t.overdue[0].kind, ReminderKind::PromisedFollowUp);
    assert_eq!(titles(&t.today), vec!["Order the new apron"]);
    assert_eq!(titles(&t.week), vec!["References for Ben"]);

    // Snooze the promise to tomorrow morning: it leaves the overdue list.
    let s = reminders::snooze(store, promise.id, Snooze::TomorrowMorning, now)
        .await
        .unwrap();
    assert!(s.snoozed);
    assert_eq!(s.due_at, "2026-06-11T08:00:00Z");
    assert_eq!(s.bucket, Bucket::Week);
    let t = reminders::today(store, now).await.unwrap();
    assert!(t.overdue.is_empty());
    // Rescheduling replaces the snooze.
    let r = reminders::reschedule(store, promise.id, "2026-06-10T15:30", now)
        .await
        .unwrap();
    assert!(!r.snoozed);
    assert_eq!(r.bucket, Bucket::Today);
    let e = reminders::reschedule(store, promise.id, "2026-06-09T15:30", now)
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("due_local"));
}

async fn done_and_repeat_from_the_completion_date(store: &Store) {
    let created = utc("2026-03-01T08:00:00Z");
    let mut i = input("Stay in touch with Ben", "2026-03-23T09:00");
    i.kind = ReminderKind::StayInTouch;
    i.repeat_every = Some(30);
    i.repeat_unit = Some(RepeatUnit::Days);
    let r = reminders::create(store, i, created).await.unwrap();
    // Done late, on Friday 27 March: the next is 30 days from then, at 9:00 summer time.
    let next = reminders::complete(store, r.id, utc("2026-03-27T17:00:00Z"))
        .await
        .unwrap()
        .expect("a repeating reminder schedules the next");
    assert_eq!(next.due_local, "2026-04-26T09:00");
    assert_eq!(next.due_at, "2026-04-26T08:00:00Z");
    assert_eq!(
        next.source.as_deref(),
        Some(format!("reminder:{}", r.id).as_str())
    );
    let open = reminders::open(store, utc("2026-03-27T17:00:00Z"))
        .await
        .unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].id, next.id);
    let e = reminders::complete(store, r.id, utc("2026-03-28T09:00:00Z"))
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    // A one-off is simply done.
    let once = reminders::create(store, input("Send offer", "2026-04-01T10:00"), created)
        .await
        .unwrap();
    assert!(
        reminders::complete(store, once.id, utc("2026-03-30T10:00:00Z"))
            .await
            .unwrap()
            .is_none()
    );
}

on_both!(
    bad_input_is_refused_and_the_past_needs_confirming,
    the_today_view_groups_by_the_owners_calendar_and_snooze_moves_them,
    done_and_repeat_from_the_completion_date,
);

#[tokio::test]
async fn a_reminder_missed_while_kindly_was_closed_is_overdue_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = kindly_core::open(dir.path(), None).await.unwrap();
        reminders::create(
            &store,
            input("Call Ana", "2026-06-10T09:00"),
            utc("2026-06-09T12:00:00Z"),
        )
        .await
        .unwrap();
        store.db().clone().close().await.unwrap();
    }
    // Kindly was closed through the due time; opened again the next day.
    let store = kindly_core::open(dir.path(), None).await.unwrap();
    let t = reminders::today(&store, utc("2026-06-11T07:00:00Z"))
        .await
        .unwrap();
    assert_eq!(t.overdue.len(), 1);
    assert_eq!(t.overdue[0].title, "Call Ana");
}

/// Parse an .ics file with Python's `icalendar` (an independent parser, installed by make test)
/// and return (uid, summary, dtstart as ISO) for each event.
fn parse_with_icalendar(path: &std::path::Path) -> Vec<(String, String, String)> {
    let python =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.tools/venv/bin/python");
    assert!(
        python.exists(),
        "run the tests with `make test` (it installs icalendar into .tools/venv)"
    );
    let script = "import sys, json, icalendar\n\
        cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n\
        print(json.dumps([[str(e['UID']), str(e['SUMMARY']), e.decoded('DTSTART').isoformat()] for e in cal.walk('VEVENT')]))";
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "icalendar refused the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test]
async fn the_ics_export_parses_elsewhere_with_stable_uids_and_only_open_reminders() {
    let t = common::sqlite().await;
    let s = &t.store;
    let now = utc("2026-06-01T08:00:00Z");
    let c = candidates::create(
        s,
        candidates::CandidateInput {
            first_name: "Ana".into(),
            last_name: "Lopez".into(),
            email: "ana.ics@example.com".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut a = input(
        "Tell Ana the decision, as promised; by Friday",
        "2026-06-12T09:00",
    );
    a.candidate_id = Some(c.id);
    let a = reminders::create(s, a, now).await.unwrap();
    let b = reminders::create(s, input("Check in with Ben", "2026-12-01T10:30"), now)
        .await
        .unwrap();
    let done = reminders::create(s, input("Already done", "2026-06-05T10:00"), now)
        .await
        .unwrap();
    reminders::complete(s, done.id, now).await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kindly.ics");
    let e = reminders::export_ics_to(s, "kindly.ics", now)
        .await
        .unwrap_err();
    assert_eq!(
        e.field.as_deref(),
        Some("path"),
        "a relative path is refused"
    );
    let n = reminders::export_ics_to(s, file.to_str().unwrap(), now)
        .await
        .unwrap();
    assert_eq!(n, 2);
    assert!(!dir.path().join("kindly.ics.part").exists());
    let events = parse_with_icalendar(&file);
    assert_eq!(events.len(), 2, "only open reminders");
    assert_eq!(events[0].1, "Tell Ana the decision, as promised; by Friday");
    assert_eq!(
        events[0].2, "2026-06-12T08:00:00+00:00",
        "9:00 in London is 8:00 UTC in June"
    );
    assert_eq!(events[1].1, "Check in with Ben");
    assert_eq!(events[1].2, "2026-12-01T10:30:00+00:00");
    assert!(events[0]
        .0
        .starts_with(&format!("kindly-reminder-{}@", a.id)));
    assert!(events[1]
        .0
        .starts_with(&format!("kindly-reminder-{}@", b.id)));

    // Exported again after a change: the same UIDs, so a calendar updates instead of duplicating.
    reminders::reschedule(s, b.id, "2026-12-02T10:30", now)
        .await
        .unwrap();
    std::fs::write(&file, reminders::export_ics(s, now).await.unwrap()).unwrap();
    let again = parse_with_icalendar(&file);
    assert_eq!(again[0].0, events[0].0);
    assert_eq!(again[1].0, events[1].0);
    assert_eq!(again[1].2, "2026-12-02T10:30:00+00:00");
}

#[tokio::test]
async fn newly_due_lists_what_fell_due_since_the_last_look() {
    let t = common::sqlite().await;
    let s = &t.store;
    let created = utc("2026-06-01T08:00:00Z");
    for (title, due) in [
        ("A", "2026-06-10T09:00"),
        ("B", "2026-06-10T09:30"),
        ("C", "2026-06-10T11:00"),
    ] {
        reminders::create(s, input(title, due), created)
            .await
            .unwrap();
    }
    // 9:45 London = 8:45 UTC; last look at 7:55 UTC.
    let due = reminders::newly_due(s, utc("2026-06-10T07:55:00Z"), utc("2026-06-10T08:45:00Z"))
        .await
        .unwrap();
    let titles: Vec<&str> = due.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, vec!["A", "B"]);
    // The next look announces nothing twice.
    let due = reminders::newly_due(s, utc("2026-06-10T08:45:00Z"), utc("2026-06-10T09:00:00Z"))
        .await
        .unwrap();
    assert!(due.is_empty());
}
