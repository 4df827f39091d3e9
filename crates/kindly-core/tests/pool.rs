//! Runner-ups kept warm (consent, cadence, reconnect), references and background checks, on
//! a real store (SQLite file and PostgreSQL).

mod common;

use chrono::{DateTime, Duration, Utc};
use kindly_core::domain::defaults::Purpose;
use kindly_core::domain::Stage;
use kindly_core::mail::outbox::{self, MessageStatus};
use kindly_core::service::applications::{self, ApplicationView};
use kindly_core::service::candidates::{self, CandidateInput};
use kindly_core::service::checks::{self, CheckInput, CheckStatus};
use kindly_core::service::pool::{
    self, ConsentInput, ConsentKind, ConsentMethod, PoolInput, PoolStatus,
};
use kindly_core::service::references::{
    self, RefereeInput, ReferenceRecord, ReferenceRequest, Relationship, WorkAgain,
};
use kindly_core::service::reminders::{self, ReminderKind};
use kindly_core::service::{roles, settings, templates};
use kindly_core::{ErrorCode, Store};

const TZ: &str = "Europe/London";

async fn owner(s: &Store) {
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
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

async fn role(
    s: &Store,
    title: &str,
    department: &str,
    tags: &[&str],
    opened_on: &str,
) -> roles::Role {
    roles::create(
        s,
        roles::RoleInput {
            title: title.into(),
            department: department.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            opened_on: Some(opened_on.into()),
            ..Default::default()
        },
    )
    .await
    .unwrap()
}

/// A candidate who reached the finalists of a role (placed, when `place` is given).
async fn finalist(s: &Store, role_id: i32, first: &str, place: Option<i32>) -> ApplicationView {
    let c = candidates::create(
        s,
        CandidateInput {
            first_name: first.into(),
            last_name: "Doe".into(),
            email: format!("{}.{role_id}@example.org", first.to_lowercase()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut a = applications::add(s, c.id, role_id).await.unwrap();
    for next in [Stage::Interviewing, Stage::Interviewed, Stage::Finalist] {
        a = applications::move_stage(s, a.id, next).await.unwrap();
    }
    if place.is_some() {
        a = applications::set_place(s, a.id, place).await.unwrap();
    }
    a
}

/// A runner-up: placed, then not chosen, and into the pool with consent given on `given_on`.
async fn runner_up(
    s: &Store,
    role_id: i32,
    first: &str,
    place: i32,
    given_on: &str,
    now: DateTime<Utc>,
) -> ApplicationView {
    let a = finalist(s, role_id, first, Some(place)).await;
    let a = applications::move_stage(s, a.id, Stage::Rejected)
        .await
        .unwrap();
    pool::add(
        s,
        PoolInput {
            candidate_id: a.candidate_id,
            application_id: Some(a.id),
            given_on: given_on.into(),
            method: ConsentMethod::EmailReply,
            notes: String::new(),
            time_zone: TZ.into(),
        },
        now,
    )
    .await
    .unwrap();
    a
}

async fn open_of(s: &Store, kind: ReminderKind, at: DateTime<Utc>) -> Vec<reminders::Reminder> {
    reminders::open(s, at)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == kind)
        .collect()
}

async fn consent_lives_and_expires_and_is_renewed(s: &Store) {
    let now = at("2031-01-15T10:00:00Z");
    let r = role(s, "Barista", "Café", &["coffee"], "2030-12-01").await;
    let ana = runner_up(s, r.id, "Ana", 2, "2031-01-15", now).await;

    let m = pool::member(s, ana.candidate_id, now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.status, PoolStatus::Active);
    assert_eq!(
        m.consent_expires_on.as_deref(),
        Some("2032-01-15"),
        "12 months by default"
    );
    assert_eq!(m.role_title.as_deref(), Some("Barista"));
    assert_eq!(m.place, Some(2));
    // Joining twice is refused.
    let again = PoolInput {
        candidate_id: ana.candidate_id,
        application_id: Some(ana.id),
        given_on: "2031-01-15".into(),
        method: ConsentMethod::InPerson,
        notes: String::new(),
        time_zone: TZ.into(),
    };
    assert_eq!(
        pool::add(s, again, now).await.unwrap_err().code,
        ErrorCode::Conflict
    );
    // A consent from the future is refused.
    let err = pool::record_consent(
        s,
        ConsentInput {
            candidate_id: ana.candidate_id,
            application_id: None,
            kind: ConsentKind::TalentPool,
            given_on: "2031-03-01".into(),
            method: ConsentMethod::Form,
            notes: String::new(),
        },
        now,
    )
    .await
    .unwrap_err();
    assert!(err.message.starts_with("given_on:"), "{}", err.message);

    // Within 30 days of the end: expiring, still suggested.
    let open = role(s, "Barista", "Café", &["coffee"], "2031-12-20").await;
    let dec = at("2031-12-20T10:00:00Z");
    assert_eq!(
        pool::member(s, ana.candidate_id, dec)
            .await
            .unwrap()
            .unwrap()
            .status,
        PoolStatus::Expiring
    );
    assert_eq!(pool::suggestions(s, open.id, dec).await.unwrap().len(), 1);

    // After the end: expired, out of suggestions, and no more check-in reminders.
    let feb = at("2032-02-01T10:00:00Z");
    assert_eq!(
        pool::member(s, ana.candidate_id, feb)
            .await
            .unwrap()
            .unwrap()
            .status,
        PoolStatus::Expired
    );
    assert!(pool::suggestions(s, open.id, feb).await.unwrap().is_empty());
    assert_eq!(open_of(s, ReminderKind::StayInTouch, feb).await.len(), 1);
    assert_eq!(pool::sweep(s, feb).await.unwrap(), 1);
    assert!(open_of(s, ReminderKind::StayInTouch, feb).await.is_empty());

    // Renewed: active again, and suggested again.
    pool::record_consent(
        s,
        ConsentInput {
            candidate_id: ana.candidate_id,
            application_id: None,
            kind: ConsentKind::TalentPool,
            given_on: "2032-02-01".into(),
            method: ConsentMethod::EmailReply,
            notes: "Replied yes to the renewal request".into(),
        },
        feb,
    )
    .await
    .unwrap();
    let m = pool::member(s, ana.candidate_id, feb)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(m.status, PoolStatus::Active);
    assert_eq!(m.consent_expires_on.as_deref(), Some("2033-02-01"));
    assert_eq!(pool::suggestions(s, open.id, feb).await.unwrap().len(), 1);
}

async fn any_contact_restarts_the_cadence(s: &Store) {
    let now = at("2031-01-15T10:00:00Z");
    let r = role(s, "Barista", "Café", &[], "2030-12-01").await;
    let ana = runner_up(s, r.id, "Ana", 2, "2031-01-15", now).await;
    let due = open_of(s, ReminderKind::StayInTouch, now).await;
    assert_eq!(due.len(), 1);
    assert_eq!(
        due[0].due_local, "2031-04-15T09:00",
        "90 days after the last contact"
    );
    assert_eq!(due[0].title, "Check in with Ana Doe");

    let later = at("2031-02-01T12:00:00Z");
    let m = pool::log_contact(s, ana.candidate_id, "Coffee at the market", later)
        .await
        .unwrap();
    assert_eq!(m.next_contact_on, "2031-05-02");
    let due = open_of(s, ReminderKind::StayInTouch, later).await;
    assert_eq!(due.len(), 1, "the old reminder is done, one new one");
    assert_eq!(due[0].due_local, "2031-05-02T09:00");
    // Overdue once the date passes without contact.
    let june = at("2031-06-01T10:00:00Z");
    assert!(
        pool::member(s, ana.candidate_id, june)
            .await
            .unwrap()
            .unwrap()
            .contact_overdue
    );

    // Someone outside the pool cannot have a contact logged; leaving ends the reminders.
    let ben = finalist(s, r.id, "Ben", None).await;
    assert_eq!(
        pool::log_contact(s, ben.candidate_id, "", later)
            .await
            .unwrap_err()
            .code,
        ErrorCode::Validation
    );
    pool::leave(s, ana.candidate_id, "Asked to be removed", later)
        .await
        .unwrap();
    assert!(pool::member(s, ana.candidate_id, later)
        .await
        .unwrap()
        .is_none());
    assert!(open_of(s, ReminderKind::StayInTouch, later)
        .await
        .is_empty());
}

async fn reconnect_ranks_by_likeness_then_place_then_recency(s: &Store) {
    let now = at("2031-01-15T10:00:00Z");
    let given = "2031-01-10";
    let barista = role(s, "Barista", "Café", &["coffee"], "2029-05-01").await;
    let head = role(
        s,
        "Head Barista",
        "Café",
        &["coffee", "latte"],
        "2030-09-01",
    )
    .await;
    let cook = role(s, "Line Cook", "Kitchen", &["grill"], "2030-10-01").await;
    runner_up(s, barista.id, "Ana", 2, given, now).await;
    runner_up(s, head.id, "Ben", 3, given, now).await;
    runner_up(s, head.id, "Cy", 2, given, now).await;
    runner_up(s, cook.id, "Dee", 2, given, now).await;
    runner_up(s, barista.id, "Eve", 3, "2029-06-01", now).await; // consent long expired
                                                                 // Fay is in the pool but already applied to the new role: not suggested for it.
    let fay = runner_up(s, barista.id, "Fay", 2, given, now).await;

    let open = role(
        s,
        "Weekend Barista",
        "café",
        &["Coffee", "latte"],
        "2031-01-15",
    )
    .await;
    applications::add(s, fay.candidate_id, open.id)
        .await
        .unwrap();
    let got: Vec<(String, u32)> = pool::suggestions(s, open.id, now)
        .await
        .unwrap()
        .into_iter()
        .map(|x| (x.member.candidate_name, x.similarity))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Cy Doe".to_string(), 8),
            ("Ben Doe".to_string(), 8),
            ("Ana Doe".to_string(), 6),
        ]
    );
    let first = &pool::suggestions(s, open.id, now).await.unwrap()[0];
    assert_eq!(
        first.reasons,
        vec!["Title: barista", "Tags: coffee, latte", "Department: Café"]
    );
    // A cook's role only finds the cook.
    let kitchen = role(s, "Prep Cook", "Kitchen", &[], "2031-01-15").await;
    let got: Vec<String> = pool::suggestions(s, kitchen.id, now)
        .await
        .unwrap()
        .into_iter()
        .map(|x| x.member.candidate_name)
        .collect();
    assert_eq!(got, vec!["Dee Doe"]);
}

async fn references_need_consent_are_chased_and_summarised(s: &Store) {
    let now = kindly_core::clock::now();
    owner(s).await;
    let r = role(s, "Barista", "Café", &[], "2031-01-01").await;
    let a = finalist(s, r.id, "Ana", Some(1)).await;
    let early = {
        let c = candidates::create(
            s,
            CandidateInput {
                first_name: "Bo".into(),
                last_name: "Doe".into(),
                email: "bo@example.org".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        applications::add(s, c.id, r.id).await.unwrap()
    };
    let input = |name: &str, rel, email: &str| RefereeInput {
        name: name.into(),
        relationship: rel,
        company: "Harbour Café".into(),
        email: email.into(),
        phone: String::new(),
        worked_together: "2019–2023".into(),
    };
    let err = references::add(
        s,
        early.id,
        input("Sam", Relationship::Supervisor, "sam@harbour.example"),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::ForbiddenTransition);
    let err = references::add(s, a.id, input("Sam", Relationship::Supervisor, ""))
        .await
        .unwrap_err();
    assert!(err.message.starts_with("email:"), "{}", err.message);
    let sam = references::add(
        s,
        a.id,
        input("Sam Lee", Relationship::Supervisor, "sam@harbour.example"),
    )
    .await
    .unwrap();
    let kim = references::add(
        s,
        a.id,
        input("Kim Park", Relationship::Colleague, "kim@harbour.example"),
    )
    .await
    .unwrap();

    let tpl = templates::list(s)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.purpose == Purpose::ReferenceSupervisor)
        .unwrap();
    let req = |id| ReferenceRequest {
        referee_id: id,
        template_id: tpl.id,
        subject: tpl.subject.clone(),
        body: tpl.body.clone(),
        send_at: None,
        time_zone: TZ.into(),
    };
    // No consent on record: nothing goes.
    let err = references::request(s, &common::mail_set_up(s).await, req(sam.id), now)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::ConsentRequired);
    assert!(outbox::list(s, &[MessageStatus::Queued])
        .await
        .unwrap()
        .is_empty());

    pool::record_consent(
        s,
        ConsentInput {
            candidate_id: a.candidate_id,
            application_id: Some(a.id),
            kind: ConsentKind::References,
            given_on: now.date_naive().format("%Y-%m-%d").to_string(),
            method: ConsentMethod::InPerson,
            notes: String::new(),
        },
        now,
    )
    .await
    .unwrap();
    let m = references::request(s, &common::mail_set_up(s).await, req(sam.id), now)
        .await
        .unwrap();
    assert_eq!(m.to_address, "sam@harbour.example");
    assert!(m.body.starts_with("Dear Sam Lee,"), "{}", m.body);
    assert!(m
        .body
        .contains("Ana Doe has applied for the Barista role at Riverside Café"));
    let chase = open_of(s, ReminderKind::ReferenceChase, now).await;
    assert_eq!(chase.len(), 1);
    assert_eq!(chase[0].title, "Chase the reference from Sam Lee");
    let want = (now.with_timezone(&chrono_tz::Europe::London).date_naive() + chrono::Days::new(3))
        .format("%Y-%m-%dT09:00")
        .to_string();
    // The undo window can cross midnight in London; allow the next day then.
    assert!(
        chase[0].due_local >= want,
        "{} vs {want}",
        chase[0].due_local
    );

    // The answer: ratings checked, the chase stops, wording about age is flagged.
    let bad = ReferenceRecord {
        technical_rating: Some(6),
        ..Default::default()
    };
    let err = references::record_answer(s, sam.id, bad, now)
        .await
        .unwrap_err();
    assert!(
        err.message.starts_with("technical_rating:"),
        "{}",
        err.message
    );
    let said = references::record_answer(
        s,
        sam.id,
        ReferenceRecord {
            technical_rating: Some(5),
            technical_notes: "Best espresso on the team".into(),
            interpersonal_rating: Some(4),
            interpersonal_notes: "Regulars asked for her".into(),
            strengths: "Calm under pressure".into(),
            growth: "Stock ordering".into(),
            work_again: Some(WorkAgain::Yes),
            concerns: "Maybe too old for late shifts".into(),
            call_notes: String::new(),
        },
        now,
    )
    .await
    .unwrap();
    assert!(said.answered_at.is_some());
    assert_eq!(said.flags.len(), 1);
    assert!(
        said.flags[0].explanation.contains("age"),
        "{}",
        said.flags[0].explanation
    );
    assert!(open_of(s, ReminderKind::ReferenceChase, now)
        .await
        .is_empty());
    references::record_answer(
        s,
        kim.id,
        ReferenceRecord {
            technical_rating: Some(4),
            interpersonal_rating: Some(5),
            work_again: Some(WorkAgain::Unsure),
            ..Default::default()
        },
        now,
    )
    .await
    .unwrap();
    let sum = references::summary(s, a.id).await.unwrap();
    assert_eq!(sum.referees.len(), 2);
    assert_eq!(sum.technical_average, Some(4.5));
    assert_eq!(sum.interpersonal_average, Some(4.5));
    assert_eq!(
        (sum.work_again_yes, sum.work_again_no, sum.work_again_unsure),
        (1, 0, 1)
    );
    assert!(sum.consent.is_some());
}

async fn background_checks_are_for_the_chosen_candidate(s: &Store) {
    let now = at("2031-01-15T10:00:00Z");
    let r = role(s, "Barista", "Café", &[], "2031-01-01").await;
    let second = finalist(s, r.id, "Ben", Some(2)).await;
    let first = finalist(s, r.id, "Ana", Some(1)).await;
    let input = |status, requested: &str, completed: &str| CheckInput {
        provider: "SafeHire".into(),
        requested_on: requested.into(),
        status,
        completed_on: completed.into(),
        notes: String::new(),
        time_zone: TZ.into(),
    };
    let err = checks::save(
        s,
        second.id,
        input(CheckStatus::Requested, "2031-01-15", ""),
        now,
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::ForbiddenTransition);
    let err = checks::save(s, first.id, input(CheckStatus::Requested, "", ""), now)
        .await
        .unwrap_err();
    assert!(err.message.starts_with("requested_on:"), "{}", err.message);
    let c = checks::save(
        s,
        first.id,
        input(CheckStatus::Requested, "2031-01-15", ""),
        now,
    )
    .await
    .unwrap();
    assert_eq!(c.status, CheckStatus::Requested);
    let pending = open_of(s, ReminderKind::BackgroundCheck, now).await;
    assert_eq!(pending.len(), 1);
    assert_eq!(
        pending[0].due_local, "2031-01-25T09:00",
        "10 days after the request"
    );
    assert_eq!(
        kindly_core::service::application_view::get(s, first.id)
            .await
            .unwrap()
            .background_check
            .unwrap()
            .provider,
        "SafeHire"
    );

    let err = checks::save(
        s,
        first.id,
        input(CheckStatus::Clear, "2031-01-15", ""),
        now,
    )
    .await
    .unwrap_err();
    assert!(err.message.starts_with("completed_on:"), "{}", err.message);
    let err = checks::save(
        s,
        first.id,
        input(CheckStatus::Clear, "2031-01-15", "2031-01-10"),
        now,
    )
    .await
    .unwrap_err();
    assert!(err.message.contains("before"), "{}", err.message);
    let c = checks::save(
        s,
        first.id,
        input(CheckStatus::Clear, "2031-01-15", "2031-01-20"),
        now + Duration::days(5),
    )
    .await
    .unwrap();
    assert_eq!(c.completed_on.as_deref(), Some("2031-01-20"));
    assert!(open_of(s, ReminderKind::BackgroundCheck, now)
        .await
        .is_empty());
}

/// "We'll keep you in mind" is a promise only consent on record makes honest.
async fn consent_on_record_quietens_the_keep_in_mind_warning(s: &Store) {
    use kindly_core::domain::tone::Rule;
    use kindly_core::service::compose::{self, ComposeRequest};
    owner(s).await;
    let r = role(s, "Barista", "Café", &[], "2031-01-01").await;
    let a = finalist(s, r.id, "Ana", Some(2)).await;
    let tpl = templates::list(s)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.purpose == Purpose::Rejection)
        .unwrap();
    let req = ComposeRequest {
        candidate_id: a.candidate_id,
        role_id: Some(r.id),
        template_id: Some(tpl.id),
        subject: tpl.subject.clone(),
        body: format!("{}\n\nWe will keep you in mind for the summer.", tpl.body),
        values: [(
            "feedback".to_string(),
            "Your latte art was lovely; practise a busy service.".to_string(),
        )]
        .into(),
        send_at: None,
        acknowledge_warnings: false,
        time_zone: Some(TZ.into()),
        vouched_names: vec![],
    };
    let rules = |f: Vec<kindly_core::domain::tone::Finding>| {
        f.into_iter().map(|f| f.rule).collect::<Vec<_>>()
    };
    assert!(rules(compose::check_tone(s, &req).await.unwrap())
        .contains(&Rule::KeepInMindWithoutConsent));
    pool::record_consent(
        s,
        ConsentInput {
            candidate_id: a.candidate_id,
            application_id: None,
            kind: ConsentKind::TalentPool,
            given_on: kindly_core::clock::now()
                .date_naive()
                .format("%Y-%m-%d")
                .to_string(),
            method: ConsentMethod::EmailReply,
            notes: String::new(),
        },
        kindly_core::clock::now(),
    )
    .await
    .unwrap();
    assert!(!rules(compose::check_tone(s, &req).await.unwrap())
        .contains(&Rule::KeepInMindWithoutConsent));
}

on_both!(
    consent_lives_and_expires_and_is_renewed,
    any_contact_restarts_the_cadence,
    reconnect_ranks_by_likeness_then_place_then_recency,
    references_need_consent_are_chased_and_summarised,
    background_checks_are_for_the_chosen_candidate,
    consent_on_record_quietens_the_keep_in_mind_warning,
);
