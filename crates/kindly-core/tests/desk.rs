//! The follow-up desk on a real store (SQLite file and PostgreSQL): decisions sent with their
//! reasons, the close-the-loop list, offers accepted, declined, withdrawn and expired, the
//! welcome plan, and a promise missed.

mod common;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use kindly_core::domain::defaults::Purpose;
use kindly_core::domain::{RoleStatus, Stage};
use kindly_core::mail::outbox::{self, MessageStatus};
use kindly_core::service::applications::{self, ApplicationView};
use kindly_core::service::candidates::{self, CandidateInput};
use kindly_core::service::compose::ComposeRequest;
use kindly_core::service::decisions::{self, DecisionDraft, DecisionRequest};
use kindly_core::service::offers::{self, OfferInput, OfferStatus};
use kindly_core::service::reminders::{self, ReminderKind};
use kindly_core::service::sending;
use kindly_core::service::{roles, settings};
use kindly_core::{ErrorCode, Store};

const TZ: &str = "Europe/London";

use common::{owner, role};

/// A candidate in a role, moved along the pipeline to `stage` (interviewed today, with
/// `notes`, on the way).
async fn person(
    s: &Store,
    role_id: i32,
    first: &str,
    stage: Stage,
    notes: &str,
) -> ApplicationView {
    let c = candidates::create(
        s,
        CandidateInput {
            first_name: first.into(),
            last_name: "Doe".into(),
            email: format!("{}@example.org", first.to_lowercase()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut a = applications::add(s, c.id, role_id).await.unwrap();
    let today = kindly_core::clock::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    for next in [
        Stage::Interviewing,
        Stage::Interviewed,
        Stage::Finalist,
        Stage::Offer,
    ] {
        if a.stage == stage {
            break;
        }
        if next == Stage::Interviewed {
            // Recording the interview moves them to Interviewed.
            a = applications::add_interview(s, a.id, &today, notes)
                .await
                .unwrap();
            assert_eq!(a.stage, Stage::Interviewed);
            continue;
        }
        a = applications::move_stage(s, a.id, next).await.unwrap();
    }
    if stage.is_closed() {
        a = applications::move_stage(s, a.id, stage).await.unwrap();
    }
    a
}

fn request(d: &DecisionDraft, feedback: &str, reason: &str) -> DecisionRequest {
    common::decision_request(d, feedback, reason)
}

async fn stage(s: &Store, id: i32) -> ApplicationView {
    kindly_core::service::application_view::get(s, id)
        .await
        .unwrap()
}

async fn queued(s: &Store) -> Vec<outbox::OutboxMessage> {
    outbox::list(s, &[MessageStatus::Queued]).await.unwrap()
}

async fn decisions_are_checked_together_and_close_applications(s: &Store) {
    owner(s).await;
    let r = role(s, "Barista").await;
    let ana = person(
        s,
        r.id,
        "Ana",
        Stage::Interviewed,
        "Lovely latte art; slow on the till",
    )
    .await;
    let ben = person(s, r.id, "Ben", Stage::Interviewed, "Great with regulars").await;

    let da = decisions::draft(s, ana.id).await.unwrap();
    assert_eq!(da.purpose, Purpose::Rejection);
    assert_eq!(da.role_title, "Barista");
    assert_eq!(
        da.interview_notes,
        vec!["Lovely latte art; slow on the till"]
    );
    assert_eq!(
        da.values.get("feedback").map(String::as_str),
        Some("Lovely latte art; slow on the till"),
        "feedback starts from the interview notes"
    );
    let db = decisions::draft(s, ben.id).await.unwrap();

    // Ben's feedback touches on age: the whole batch is refused and nothing changes.
    let good = "Your latte art was lovely. Practising the till on a busy Saturday would help most.";
    let err = decisions::send(
        s,
        &common::mail_set_up(s).await,
        vec![
            request(&da, good, "Another candidate was a closer fit"),
            request(&db, "We wanted someone younger behind the bar.", ""),
        ],
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::ToneBlocked);
    assert!(err.message.starts_with("Ben Doe: "), "{}", err.message);
    assert_eq!(stage(s, ana.id).await.stage, Stage::Interviewed);
    assert_eq!(stage(s, ben.id).await.stage, Stage::Interviewed);
    assert!(queued(s).await.is_empty());

    // Fixed: one batch, both closed as rejected with the reason kept.
    let sent = decisions::send(
        s,
        &common::mail_set_up(s).await,
        vec![
            request(&da, good, "Another candidate was a closer fit"),
            request(
                &db,
                "You were wonderful with the regulars; work on espresso dialling-in.",
                "",
            ),
        ],
    )
    .await
    .unwrap();
    assert_eq!(sent.len(), 2);
    assert!(sent[0].batch_id.is_some());
    assert_eq!(sent[0].batch_id, sent[1].batch_id);
    assert!(
        sent[0].body.contains("Practising the till"),
        "{}",
        sent[0].body
    );
    let a = stage(s, ana.id).await;
    assert_eq!(a.stage, Stage::Rejected);
    assert_eq!(
        a.decision_reason.as_deref(),
        Some("Another candidate was a closer fit")
    );
    assert_eq!(stage(s, ben.id).await.stage, Stage::Rejected);
    let detail = candidates::get(s, ana.candidate_id).await.unwrap();
    assert!(detail.timeline.iter().any(|t| t.summary
        == "Moved from Interviewed to Rejected for Barista (Another candidate was a closer fit)"));

    // Told once: a second decision for Ana is refused.
    let err = decisions::send(
        s,
        &common::mail_set_up(s).await,
        vec![request(&da, good, "")],
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(queued(s).await.len(), 2);
}

async fn a_decision_needs_its_own_template_and_candidate(s: &Store) {
    owner(s).await;
    let r = role(s, "Barista").await;
    let ana = person(s, r.id, "Ana", Stage::Interviewed, "Calm").await;
    let ben = person(s, r.id, "Ben", Stage::Interviewed, "Quick").await;
    let da = decisions::draft(s, ana.id).await.unwrap();
    let fb = "Your calm at the bar stood out; speed will come with practice.";

    let mut wrong = request(&da, fb, "");
    wrong.application_id = ben.id;
    let err = decisions::send(s, &common::mail_set_up(s).await, vec![wrong])
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert!(err.message.contains("role_id"), "{}", err.message);

    let mut no_template = request(&da, fb, "");
    no_template.message.template_id = None;
    let err = decisions::send(s, &common::mail_set_up(s).await, vec![no_template])
        .await
        .unwrap_err();
    assert!(err.message.contains("template_id"), "{}", err.message);

    let twice = vec![request(&da, fb, ""), request(&da, fb, "")];
    let err = decisions::send(s, &common::mail_set_up(s).await, twice)
        .await
        .unwrap_err();
    assert!(err.message.contains("twice"), "{}", err.message);
    assert_eq!(stage(s, ana.id).await.stage, Stage::Interviewed);
    assert!(queued(s).await.is_empty());
}

fn offer_input(start: NaiveDate, expires: NaiveDate) -> OfferInput {
    OfferInput {
        go_ahead: true,
        terms: "£12.50 an hour, 30 hours a week, weekend shifts shared".into(),
        start_date: start.format("%Y-%m-%d").to_string(),
        expires_on: expires.format("%Y-%m-%d").to_string(),
        time_zone: TZ.into(),
    }
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// The usual offer (start 7 April, open until 10 March 2031), extended at `now`.
async fn offer_to(s: &Store, application_id: i32, now: DateTime<Utc>) -> offers::Offer {
    offers::extend(
        s,
        application_id,
        offer_input(day("2031-04-07"), day("2031-03-10")),
        now,
    )
    .await
    .unwrap()
}

async fn open_reminders(s: &Store, kind: ReminderKind) -> Vec<reminders::Reminder> {
    reminders::open(s, kindly_core::clock::now())
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.kind == kind)
        .collect()
}

async fn an_accepted_offer_hires_fills_the_role_and_starts_the_welcome_plan(s: &Store) {
    owner(s).await;
    let r = role(s, "Barista").await;
    let ana = person(s, r.id, "Ana", Stage::Finalist, "First choice").await;
    applications::set_place(s, ana.id, Some(1)).await.unwrap();
    let cy = person(s, r.id, "Cy", Stage::Finalist, "Close second").await;
    applications::set_place(s, cy.id, Some(2)).await.unwrap();
    let dee = person(s, r.id, "Dee", Stage::Finalist, "Strong third").await;
    applications::set_place(s, dee.id, Some(3)).await.unwrap();
    person(s, r.id, "Eve", Stage::Interviewed, "").await;
    person(s, r.id, "Fay", Stage::Applied, "").await;
    person(s, r.id, "Gus", Stage::Withdrawn, "").await;
    person(s, r.id, "Hal", Stage::Rejected, "").await;

    let now = at("2031-03-03T10:00:00Z");
    let o = offer_to(s, ana.id, now).await;
    assert_eq!(o.status, OfferStatus::Extended);
    assert_eq!(stage(s, ana.id).await.stage, Stage::Offer);
    assert_eq!(stage(s, ana.id).await.offer.unwrap().id, o.id);
    // The reminder comes a day before it expires, at 09:00.
    let expiry = open_reminders(s, ReminderKind::OfferExpiry).await;
    assert_eq!(expiry.len(), 1);
    assert_eq!(expiry[0].due_local, "2031-03-09T09:00");
    assert_eq!(expiry[0].title, "Offer to Ana Doe expires Monday 10 March");

    // A second offer while one is open is refused.
    let err = offers::extend(
        s,
        ana.id,
        offer_input(day("2031-04-07"), day("2031-03-12")),
        now,
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);

    let done = offers::accept(s, o.id, Some("2031-04-14"), now)
        .await
        .unwrap();
    assert_eq!(done.application.stage, Stage::Hired);
    assert_eq!(done.candidate_name, "Ana Doe");
    assert_eq!(
        roles::get(s, r.id).await.unwrap().status,
        RoleStatus::Filled
    );
    assert!(open_reminders(s, ReminderKind::OfferExpiry)
        .await
        .is_empty());
    let plan: Vec<(String, String)> = done
        .welcome_plan
        .iter()
        .map(|r| (r.title.clone(), r.due_local.clone()))
        .collect();
    assert_eq!(
        plan,
        vec![
            (
                "Send the welcome email".to_string(),
                "2031-04-07T09:00".to_string()
            ),
            (
                "Choose a buddy for the first weeks".into(),
                "2031-04-09T09:00".into()
            ),
            (
                "Set up equipment and accounts".into(),
                "2031-04-11T09:00".into()
            ),
            (
                "Plan the first day's schedule".into(),
                "2031-04-12T09:00".into()
            ),
            ("One-week check-in".into(), "2031-04-21T09:00".into()),
            ("30-day check-in".into(), "2031-05-14T09:00".into()),
        ]
    );
    assert!(done
        .welcome_plan
        .iter()
        .all(|r| r.candidate_name.as_deref() == Some("Ana Doe")));

    // Close the loop: everyone else not yet told, runner-ups first with their message.
    let ends: Vec<(String, Purpose)> = done
        .loose_ends
        .iter()
        .map(|l| (l.candidate_name.clone(), l.purpose))
        .collect();
    assert_eq!(
        ends,
        vec![
            ("Cy Doe".to_string(), Purpose::RunnerUp),
            ("Dee Doe".into(), Purpose::RunnerUp),
            ("Eve Doe".into(), Purpose::Rejection),
            ("Fay Doe".into(), Purpose::RoleFilled),
            ("Hal Doe".into(), Purpose::Rejection),
        ],
        "the hired and the withdrawn are not loose ends; the rejected-but-never-told are"
    );
    assert!(done.loose_ends.iter().all(|l| !l.being_told));
    // Cy's draft is the runner-up message. Queued, Cy is being told (and no second decision
    // can go); once the server has it (or the owner confirms it arrived), Cy is told.
    let dc = decisions::draft(s, cy.id).await.unwrap();
    assert_eq!(dc.purpose, Purpose::RunnerUp);
    let mut req = request(
        &dc,
        "It was close: your menu knowledge was superb.",
        "Runner-up",
    );
    req.message.acknowledge_warnings = true;
    let k = common::mail_set_up(s).await;
    let queued = decisions::send(s, &k, vec![req.clone()]).await.unwrap();
    let left = decisions::loose_ends(s, r.id).await.unwrap();
    assert_eq!(left.len(), 5);
    let being: Vec<&str> = left
        .iter()
        .filter(|l| l.being_told)
        .map(|l| l.candidate_name.as_str())
        .collect();
    assert_eq!(being, ["Cy Doe"]);
    let again = decisions::send(s, &k, vec![req]).await.unwrap_err();
    assert_eq!(again.code, ErrorCode::Conflict);
    // Kindly stopped while it was with the server; the owner checks and says it arrived.
    {
        use kindly_core::store::entities::message;
        use sea_orm::sea_query::Expr;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        message::Entity::update_many()
            .col_expr(message::Column::Status, Expr::value("sending"))
            .filter(message::Column::Id.eq(queued[0].id))
            .exec(s.db())
            .await
            .unwrap();
        outbox::recover_after_crash(s).await.unwrap();
        let left = decisions::loose_ends(s, r.id).await.unwrap();
        assert!(left
            .iter()
            .any(|l| l.candidate_name == "Cy Doe" && l.being_told));
        kindly_core::service::sending::mark_sent(s, queued[0].id)
            .await
            .unwrap();
    }
    let left = decisions::loose_ends(s, r.id).await.unwrap();
    assert_eq!(left.len(), 4);
    assert!(left.iter().all(|l| l.candidate_name != "Cy Doe"));
    // A rejection to the new hire is refused.
    let err = decisions::draft(s, ana.id).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::ForbiddenTransition);

    // The welcome plan shows until every step is done.
    let plans = offers::welcome_plans(s, now).await.unwrap();
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].start_date, "2031-04-14");
    assert_eq!(plans[0].steps.len(), 6);
    for step in &plans[0].steps {
        reminders::complete(s, step.id, now).await.unwrap();
    }
    assert!(offers::welcome_plans(s, now).await.unwrap().is_empty());

    // Answered offers cannot be answered again.
    let err = offers::decline(s, o.id, "changed mind", now)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
}

async fn a_declined_offer_withdraws_the_application_with_the_reason(s: &Store) {
    owner(s).await;
    let r = role(s, "Cook").await;
    let ana = person(s, r.id, "Ana", Stage::Finalist, "").await;
    let now = at("2031-03-03T10:00:00Z");
    let o = offer_to(s, ana.id, now).await;
    let err = offers::decline(s, o.id, "  ", now).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert!(err.message.starts_with("reason:"), "{}", err.message);
    assert_eq!(stage(s, ana.id).await.stage, Stage::Offer);

    let a = offers::decline(s, o.id, "Took a job closer to home", now)
        .await
        .unwrap();
    assert_eq!(a.stage, Stage::Withdrawn);
    assert_eq!(
        a.decision_reason.as_deref(),
        Some("declined the offer: Took a job closer to home")
    );
    let offer = a.offer.unwrap();
    assert_eq!(offer.status, OfferStatus::Declined);
    assert_eq!(offer.reason.as_deref(), Some("Took a job closer to home"));
    assert!(open_reminders(s, ReminderKind::OfferExpiry)
        .await
        .is_empty());
    assert_eq!(roles::get(s, r.id).await.unwrap().status, RoleStatus::Open);
    let err = offers::accept(s, o.id, None, now).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
}

async fn an_offer_expires_at_the_end_of_its_day_and_can_be_renewed(s: &Store) {
    owner(s).await;
    let r = role(s, "Cook").await;
    let ana = person(s, r.id, "Ana", Stage::Finalist, "").await;
    let early = person(s, r.id, "Bo", Stage::Interviewed, "").await;
    let cy = person(s, r.id, "Cy", Stage::Finalist, "").await;
    let now = at("2031-03-03T10:00:00Z");

    // Bad input names the field and changes nothing.
    let mut bad = offer_input(day("2031-04-07"), day("2031-03-02"));
    let err = offers::extend(s, ana.id, bad.clone(), now)
        .await
        .unwrap_err();
    assert!(err.message.starts_with("expires_on:"), "{}", err.message);
    bad.expires_on = "2031-03-05".into();
    bad.terms = " ".into();
    let err = offers::extend(s, ana.id, bad, now).await.unwrap_err();
    assert!(err.message.starts_with("terms:"), "{}", err.message);
    assert_eq!(stage(s, ana.id).await.stage, Stage::Finalist);
    let err = offers::extend(
        s,
        early.id,
        offer_input(day("2031-04-07"), day("2031-03-05")),
        now,
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::ForbiddenTransition);

    // Expiring today: the reminder is today at 09:00 (not in the past day before).
    let o = offers::extend(
        s,
        ana.id,
        offer_input(day("2031-04-07"), day("2031-03-03")),
        now,
    )
    .await
    .unwrap();
    assert_eq!(
        open_reminders(s, ReminderKind::OfferExpiry).await[0].due_local,
        "2031-03-03T09:00"
    );
    // Still open at 23:30 London time; expired at midnight.
    let late = at("2031-03-03T23:30:00Z");
    let done = offers::accept(s, o.id, None, late).await.unwrap();
    assert_eq!(done.application.stage, Stage::Hired);

    // Another finalist's offer expires unanswered, and is renewed.
    let o = offers::extend(
        s,
        cy.id,
        offer_input(day("2031-04-07"), day("2031-03-04")),
        now,
    )
    .await
    .unwrap();
    let after = at("2031-03-05T00:00:00Z");
    let err = offers::accept(s, o.id, None, after).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert!(err.message.contains("expired"), "{}", err.message);
    assert_eq!(stage(s, cy.id).await.stage, Stage::Offer);
    // Renewed: a new offer at the offer stage once the old one has expired.
    let renewed = offers::extend(
        s,
        cy.id,
        offer_input(day("2031-04-14"), day("2031-03-09")),
        after,
    )
    .await
    .unwrap();
    assert_eq!(renewed.status, OfferStatus::Extended);
}

async fn a_withdrawn_offer_returns_the_candidate_to_the_finalists(s: &Store) {
    owner(s).await;
    let r = role(s, "Cook").await;
    let ana = person(s, r.id, "Ana", Stage::Finalist, "").await;
    let now = at("2031-03-03T10:00:00Z");
    let o = offer_to(s, ana.id, now).await;
    let a = offers::withdraw(s, o.id, "The role's budget was cut", now)
        .await
        .unwrap();
    assert_eq!(a.stage, Stage::Finalist);
    assert_eq!(a.offer.unwrap().status, OfferStatus::Withdrawn);
    assert!(open_reminders(s, ReminderKind::OfferExpiry)
        .await
        .is_empty());
}

async fn the_welcome_plan_follows_the_owners_settings(s: &Store) {
    owner(s).await;
    let mut desk = settings::desk(s).await.unwrap();
    assert_eq!(desk.follow_up_working_days, 5);
    assert_eq!(desk.welcome_plan.len(), 6);
    desk.follow_up_working_days = 0;
    let err = settings::save_desk(s, desk.clone()).await.unwrap_err();
    assert!(
        err.message.starts_with("follow_up_working_days:"),
        "{}",
        err.message
    );
    desk.follow_up_working_days = 3;
    desk.welcome_plan = vec![
        settings::WelcomeStep {
            title: "Lunch together".into(),
            days_from_start: 0,
        },
        settings::WelcomeStep {
            title: " ".into(),
            days_from_start: 1,
        },
    ];
    let err = settings::save_desk(s, desk.clone()).await.unwrap_err();
    assert!(
        err.message.starts_with("welcome_plan.1.title:"),
        "{}",
        err.message
    );
    assert_eq!(
        settings::desk(s).await.unwrap().follow_up_working_days,
        5,
        "nothing saved"
    );
    desk.welcome_plan.pop();
    settings::save_desk(s, desk).await.unwrap();

    let r = role(s, "Cook").await;
    let ana = person(s, r.id, "Ana", Stage::Finalist, "").await;
    let now = at("2031-03-03T10:00:00Z");
    let o = offer_to(s, ana.id, now).await;
    let done = offers::accept(s, o.id, None, now).await.unwrap();
    let plan: Vec<(&str, &str)> = done
        .welcome_plan
        .iter()
        .map(|r| (r.title.as_str(), r.due_local.as_str()))
        .collect();
    assert_eq!(plan, vec![("Lunch together", "2031-04-07T09:00")]);
}

/// The built-in thank-you, promising news by `by`, queued; Kindly stopped while handing it over
/// and the owner confirmed it arrived, so it counts as sent (and its promise is a reminder).
async fn thanked(
    s: &Store,
    k: &kindly_core::secrets::Keychain,
    a: &ApplicationView,
    by: NaiveDate,
) {
    use kindly_core::service::compose;
    let t = kindly_core::service::templates::list(s)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.builtin && t.purpose == Purpose::ThankYou)
        .unwrap();
    let m = compose::send(
        s,
        k,
        ComposeRequest {
            candidate_id: a.candidate_id,
            role_id: Some(a.role_id),
            template_id: Some(t.id),
            subject: t.subject,
            body: t.body,
            values: [(
                "follow_up_date".to_string(),
                by.format("%Y-%m-%d").to_string(),
            )]
            .into(),
            send_at: None,
            acknowledge_warnings: false,
            time_zone: Some(TZ.into()),
            vouched_names: vec![],
        },
    )
    .await
    .unwrap();
    s.db()
        .execute_unprepared(&format!(
            "UPDATE messages SET status = 'sending' WHERE id = {}",
            m.id
        ))
        .await
        .unwrap();
    outbox::recover_after_crash(s).await.unwrap();
    sending::mark_sent(s, m.id).await.unwrap();
}

async fn a_promise_not_kept_is_overdue(s: &Store) {
    owner(s).await;
    let r = role(s, "Barista").await;
    let ana = person(s, r.id, "Ana", Stage::Interviewed, "").await;
    let promise = (kindly_core::clock::now() + Duration::days(3)).date_naive();
    thanked(s, &common::mail_set_up(s).await, &ana, promise).await;
    // Nothing more went to Ana: the day after the promised date it is overdue.
    let later = kindly_core::clock::now() + Duration::days(4);
    let today = reminders::today(s, later).await.unwrap();
    assert_eq!(today.overdue.len(), 1);
    assert_eq!(today.overdue[0].title, "News promised to Ana Doe");
    assert_eq!(today.overdue[0].kind, ReminderKind::PromisedFollowUp);
}

async fn runner_ups_wait_while_an_offer_is_open(s: &Store) {
    owner(s).await;
    let k = common::mail_set_up(s).await;
    let r = role(s, "Barista").await;
    let mut f = vec![];
    for (first, place) in [("Ana", 1), ("Ben", 2), ("Cy", 3)] {
        let a = person(
            s,
            r.id,
            first,
            Stage::Finalist,
            "Quick and accurate on the till",
        )
        .await;
        applications::set_place(s, a.id, Some(place)).await.unwrap();
        f.push(a);
    }
    let (ana, ben, cy) = (&f[0], &f[1], &f[2]);
    assert_eq!(decisions::draft(s, ben.id).await.unwrap().hold_back, None);
    let now = kindly_core::clock::now();
    let offer = offer_to(s, ana.id, now).await;
    let d = decisions::draft(s, ben.id).await.unwrap();
    let until = day("2031-03-10").format("%A %-d %B").to_string();
    assert_eq!(
        d.hold_back.as_deref(),
        Some(format!("Your offer to Ana is open until {until}; if Ana declines, Ben may be your next choice.").as_str())
    );
    assert_eq!(d.purpose, Purpose::RunnerUp);
    let feedback = "Your till work was quick and accurate; practising latte art would help.";
    let e = decisions::send(s, &k, vec![request(&d, feedback, "Runner-up")])
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NeedsConfirmation);
    assert_eq!(e.field.as_deref(), Some("tell_anyway"));
    assert!(
        e.message
            .contains("if Ana declines, Ben may be your next choice"),
        "{}",
        e.message
    );
    assert!(queued(s).await.is_empty(), "nothing queued");
    assert_eq!(stage(s, ben.id).await.stage, Stage::Finalist);
    // The owner tells Ben anyway: it goes, and the timeline says so.
    let mut anyway = request(&d, feedback, "Runner-up");
    anyway.tell_anyway = true;
    decisions::send(s, &k, vec![anyway]).await.unwrap();
    assert_eq!(stage(s, ben.id).await.stage, Stage::Rejected);
    let page = candidates::get(s, ben.candidate_id).await.unwrap();
    assert!(page
        .timeline
        .iter()
        .any(|a| a.kind == "told_while_offer_open"
            && a.summary.contains("Your offer to Ana is open")));
    // Ana declines: nothing holds Cy back any more.
    assert!(decisions::draft(s, cy.id)
        .await
        .unwrap()
        .hold_back
        .is_some());
    offers::decline(s, offer.id, "She took another job", now)
        .await
        .unwrap();
    assert_eq!(decisions::draft(s, cy.id).await.unwrap().hold_back, None);
}

async fn an_interview_moves_the_stage_and_never_interviewed_people_hear_the_role_is_filled(
    s: &Store,
) {
    owner(s).await;
    let k = common::mail_set_up(s).await;
    let r = role(s, "Barista").await;
    let ana = person(s, r.id, "Ana", Stage::Applied, "").await;
    let ben = person(s, r.id, "Ben", Stage::Applied, "").await;
    let cy = person(s, r.id, "Cy", Stage::Applied, "").await;
    let fin = person(s, r.id, "Dee", Stage::Finalist, "").await;
    let today = kindly_core::clock::now().date_naive();
    let ymd = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    // Held today: Applied to Interviewed, on the timeline. Booked for next week: Interviewing.
    let a = applications::add_interview(s, ana.id, &ymd(today), "")
        .await
        .unwrap();
    assert_eq!(a.stage, Stage::Interviewed);
    let page = candidates::get(s, ana.candidate_id).await.unwrap();
    assert!(page
        .timeline
        .iter()
        .any(|t| t.summary == "Moved from Interviewing to Interviewed for Barista"));
    let b = applications::add_interview(s, ben.id, &ymd(today + Duration::days(7)), "")
        .await
        .unwrap();
    assert_eq!(b.stage, Stage::Interviewing);
    // Never back from a later stage.
    let d = applications::add_interview(s, fin.id, &ymd(today), "")
        .await
        .unwrap();
    assert_eq!(d.stage, Stage::Finalist);

    // Cy was never interviewed: Close the loop tells them the role is filled, with no thanks
    // for an interview they never had.
    let ends = decisions::loose_ends(s, r.id).await.unwrap();
    let purpose = |id: i32| {
        ends.iter()
            .find(|e| e.application_id == id)
            .unwrap()
            .purpose
    };
    assert_eq!(purpose(cy.id), Purpose::RoleFilled);
    assert_eq!(purpose(ben.id), Purpose::RoleFilled, "booked, not yet held");
    assert_eq!(purpose(ana.id), Purpose::Rejection);
    let draft = decisions::draft(s, cy.id).await.unwrap();
    assert_eq!(draft.purpose, Purpose::RoleFilled);
    assert!(!draft.body.contains("interview"), "{}", draft.body);
    let sent = decisions::send(s, &k, vec![request(&draft, "", "Role filled")])
        .await
        .unwrap();
    assert!(
        sent[0].body.contains("We have now filled the role"),
        "{}",
        sent[0].body
    );
    assert!(!sent[0].body.contains("interview"));
    // Told: no longer a loose end.
    let ends = decisions::loose_ends(s, r.id).await.unwrap();
    assert!(
        ends.iter()
            .find(|e| e.application_id == cy.id)
            .unwrap()
            .being_told
    );
    // The rejection itself no longer says the role went to someone else while it is open.
    let rejection = decisions::draft(s, ana.id).await.unwrap();
    assert!(
        !rejection.body.contains("someone else"),
        "{}",
        rejection.body
    );
}

async fn messages_say_the_offers_date_and_the_consent_setting(s: &Store) {
    use kindly_core::service::templates::{self, PreviewRequest};
    owner(s).await;
    let r = role(s, "Barista").await;
    let ana = person(s, r.id, "Ana", Stage::Finalist, "").await;
    let mut desk = settings::desk(s).await.unwrap();
    desk.consent_months = 24;
    settings::save_desk(s, desk).await.unwrap();
    let list = templates::list(s).await.unwrap();
    let builtin = |p: Purpose| list.iter().find(|t| t.builtin && t.purpose == p).unwrap();
    let render = |p: Purpose| {
        let t = builtin(p);
        templates::preview(
            s,
            PreviewRequest {
                subject: t.subject.clone(),
                body: t.body.clone(),
                candidate_id: ana.candidate_id,
                role_id: Some(r.id),
                values: [
                    ("feedback", "Your latte art was lovely."),
                    ("offer_summary", "£12.50 an hour, 30 hours a week."),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            },
        )
    };
    let runner_up = render(Purpose::RunnerUp).await.unwrap();
    assert!(
        runner_up.body.contains("We will keep them for 24 months"),
        "{}",
        runner_up.body
    );
    // No offer yet: the offer email cannot go without its date.
    let e = render(Purpose::Offer).await.unwrap_err();
    assert!(e.message.contains("offer_open_until"), "{}", e.message);
    offer_to(s, ana.id, kindly_core::clock::now()).await;
    let offer = render(Purpose::Offer).await.unwrap();
    let until = day("2031-03-10").format("%A %-d %B").to_string();
    assert!(
        offer
            .body
            .contains(&format!("The offer is open until {until}:")),
        "{}",
        offer.body
    );
    assert!(
        offer.body.contains("start on Monday 7 April"),
        "{}",
        offer.body
    );
}

async fn unedited_built_ins_are_brought_up_to_date_and_edited_ones_are_kept(s: &Store) {
    use kindly_core::domain::defaults::{default_for, RETIRED};
    use kindly_core::service::templates;
    let old = |p: Purpose| {
        RETIRED
            .iter()
            .filter(|r| r.0 == p)
            .fold(default_for(p).body.to_string(), |b, (_, was, now)| {
                b.replace(now, was)
            })
    };
    let runner_up_old = old(Purpose::RunnerUp);
    assert!(runner_up_old.contains("12 months"));
    let edited = format!("{}\n\nP.S. We bake on Fridays.", old(Purpose::Offer));
    for (p, body) in [
        (Purpose::RunnerUp, &runner_up_old),
        (Purpose::Offer, &edited),
    ] {
        let purpose = serde_json::to_value(p).unwrap();
        s.db()
            .execute_unprepared(&format!(
                "UPDATE templates SET body = '{}' WHERE builtin = true AND purpose = '{}'",
                body.replace('\'', "''"),
                purpose.as_str().unwrap()
            ))
            .await
            .unwrap();
    }
    templates::seed_builtins(s).await.unwrap();
    let list = templates::list(s).await.unwrap();
    let body = |p: Purpose| list.iter().find(|t| t.builtin && t.purpose == p).unwrap();
    assert_eq!(
        body(Purpose::RunnerUp).body,
        default_for(Purpose::RunnerUp).body
    );
    assert!(!body(Purpose::RunnerUp).edited);
    assert_eq!(body(Purpose::Offer).body, edited, "the owner's edit stays");
    assert!(body(Purpose::Offer).edited);
    // And the role-filled message is there, for a database made before it existed.
    assert!(list
        .iter()
        .any(|t| t.builtin && t.purpose == Purpose::RoleFilled));
}

async fn an_offer_shows_what_is_not_in_yet_and_the_owner_may_go_ahead(s: &Store) {
    use kindly_core::service::checks::{self, CheckInput, CheckStatus};
    use kindly_core::service::references::{self, RefereeInput, ReferenceRecord};
    owner(s).await;
    let r = role(s, "Barista").await;
    let ana = person(s, r.id, "Ana", Stage::Finalist, "").await;
    let ben = person(s, r.id, "Ben", Stage::Finalist, "").await;
    let now = kindly_core::clock::now();
    let ready = offers::readiness(s, ana.id).await.unwrap();
    assert_eq!((ready.references_asked, ready.references_received), (0, 0));
    assert_eq!(ready.background_check, None);
    assert_eq!(
        ready.missing,
        [
            "No reference has been asked for yet.",
            "The background check has not started."
        ]
    );
    let mut input = offer_input(day("2031-04-07"), day("2031-03-10"));
    input.go_ahead = false;
    let e = offers::extend(s, ana.id, input.clone(), now)
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NeedsConfirmation);
    assert_eq!(e.field.as_deref(), Some("go_ahead"));
    assert!(
        e.message.contains("No reference has been asked for yet."),
        "{}",
        e.message
    );
    assert_eq!(
        stage(s, ana.id).await.stage,
        Stage::Finalist,
        "nothing changed"
    );
    // The owner goes ahead: the choice is on the timeline.
    input.go_ahead = true;
    offers::extend(s, ana.id, input.clone(), now).await.unwrap();
    let page = candidates::get(s, ana.candidate_id).await.unwrap();
    assert!(page
        .timeline
        .iter()
        .any(|a| a.kind == "offer_without_checks"
            && a.summary.contains("The background check has not started.")));

    // Ben: a reference in with both ratings and a clear check: ready, no question asked.
    let referee = references::add(
        s,
        ben.id,
        RefereeInput {
            name: "Sam Reid".into(),
            relationship: kindly_core::domain::states::Relationship::Supervisor,
            company: "Harbour Café".into(),
            email: "sam.reid@example.org".into(),
            phone: String::new(),
            worked_together: String::new(),
        },
    )
    .await
    .unwrap();
    let partial = offers::readiness(s, ben.id).await.unwrap();
    // The background check is for the chosen one: Ben is placed 1st.
    applications::set_place(s, ben.id, Some(1)).await.unwrap();
    assert_eq!(partial.missing[0], "No reference is in yet.");
    references::record_answer(
        s,
        referee.id,
        ReferenceRecord {
            technical_rating: Some(4),
            interpersonal_rating: Some(5),
            ..Default::default()
        },
        now,
    )
    .await
    .unwrap();
    checks::save(
        s,
        ben.id,
        CheckInput {
            provider: "DBS".into(),
            requested_on: "2026-01-05".into(),
            status: CheckStatus::Clear,
            completed_on: "2026-01-12".into(),
            notes: String::new(),
            time_zone: TZ.into(),
        },
        now,
    )
    .await
    .unwrap();
    let ready = offers::readiness(s, ben.id).await.unwrap();
    assert_eq!(ready.missing, Vec::<String>::new());
    assert_eq!((ready.references_asked, ready.references_received), (1, 1));
    assert_eq!(
        (ready.technical_average, ready.interpersonal_average),
        (Some(4.0), Some(5.0))
    );
    assert_eq!(ready.background_check, Some(CheckStatus::Clear));
    // Ana's offer is open: Ben may not be offered the same role at once? He may: a second
    // offer is the owner's call. Here it goes without a question.
    input.go_ahead = false;
    offers::extend(s, ben.id, input, now).await.unwrap();
}

async fn the_roles_board_shows_each_step_and_what_is_left(s: &Store) {
    use kindly_core::service::board::{self, CellState, NextAction, Step};

    owner(s).await;
    let k = common::mail_set_up(s).await;
    let r = role(s, "Barista").await;
    let ana = person(s, r.id, "Ana", Stage::Finalist, "").await;
    applications::set_place(s, ana.id, Some(1)).await.unwrap();
    let ben = person(s, r.id, "Ben", Stage::Finalist, "").await;
    applications::set_place(s, ben.id, Some(2)).await.unwrap();
    person(s, r.id, "Cy", Stage::Interviewed, "").await;
    person(s, r.id, "Dee", Stage::Applied, "").await;
    let now = kindly_core::clock::now();
    let read = || board::board(s, r.id, TZ, now);
    let b = read().await.unwrap();
    let names: Vec<&str> = b.rows.iter().map(|r| r.candidate_name.as_str()).collect();
    assert_eq!(
        names,
        ["Ana Doe", "Ben Doe", "Cy Doe"],
        "everyone interviewed, Dee never was"
    );
    assert_eq!(b.columns.len(), 9);
    assert!(b
        .columns
        .iter()
        .all(|c| c.why.ends_with('.') && c.why.len() > 40));
    let at = |b: &board::Board, who: &str, step: Step| {
        b.rows
            .iter()
            .find(|r| r.candidate_name == who)
            .unwrap()
            .cells
            .iter()
            .find(|c| c.step == step)
            .unwrap()
            .clone()
    };
    let a = at(&b, "Ana Doe", Step::Thanked);
    assert_eq!(
        (a.state, a.text.as_str(), a.action),
        (
            CellState::ToDo,
            "Not thanked yet",
            Some(NextAction::DraftThankYou)
        )
    );
    assert_eq!(a.action_label.as_deref(), Some("Draft thank-you"));
    assert_eq!(
        at(&b, "Ana Doe", Step::Offer).action,
        Some(NextAction::ExtendOffer)
    );
    assert_eq!(
        at(&b, "Ana Doe", Step::BackgroundCheck).action,
        Some(NextAction::StartCheck)
    );
    assert_eq!(
        at(&b, "Ben Doe", Step::Decision).text,
        "Finalist, 2nd place"
    );
    assert_eq!(
        at(&b, "Ben Doe", Step::RunnerUpConsent).action,
        Some(NextAction::AskConsent)
    );
    assert_eq!(at(&b, "Cy Doe", Step::Decision).text, "Not decided");
    assert_eq!(
        at(&b, "Cy Doe", Step::References).state,
        CellState::NotNeeded
    );

    // Ben is thanked with a promise of news; it goes (the owner confirms it arrived).
    let by = (now + Duration::days(3)).date_naive();
    thanked(s, &k, &ben, by).await;
    // Ana's offer goes out before anything is in.
    offer_to(s, ana.id, now).await;

    let b = read().await.unwrap();
    let thanked = at(&b, "Ben Doe", Step::Thanked);
    assert_eq!(thanked.state, CellState::Done);
    assert!(thanked.text.starts_with("Thanked "), "{}", thanked.text);
    let news = at(&b, "Ben Doe", Step::NewsBy);
    assert_eq!(news.state, CellState::Waiting);
    assert_eq!(news.text, format!("By {}", by.format("%a %-d %b")));
    let told = at(&b, "Ben Doe", Step::Told);
    assert_eq!(
        (told.state, told.text.as_str()),
        (CellState::Waiting, "Wait: the offer is open")
    );
    let until = day("2031-03-10").format("%a %-d %b").to_string();
    assert_eq!(
        at(&b, "Ana Doe", Step::Offer).text,
        format!("Out, open until {until}")
    );
    assert_eq!(
        b.summary,
        format!("1 person is waiting for news; Ana and Ben's references are not in; Ana's offer is open until {until}; 1 runner-up waits for the offer's answer.")
    );

    // Ana declines: Ben, placed 2nd, is the next choice, and the board says so.
    let offer = kindly_core::service::application_view::get(s, ana.id)
        .await
        .unwrap()
        .offer
        .unwrap();
    offers::decline(s, offer.id, "She took another job", now)
        .await
        .unwrap();
    let b = read().await.unwrap();
    let next = at(&b, "Ben Doe", Step::Offer);
    assert_eq!(
        (next.state, next.text.as_str(), next.action),
        (
            CellState::ToDo,
            "Next choice: not made",
            Some(NextAction::ExtendOffer)
        )
    );
    assert_eq!(at(&b, "Ben Doe", Step::Told).text, "Your next choice");
    assert!(
        b.summary
            .starts_with("Ben is your next choice: extend an offer when you are ready;"),
        "{}",
        b.summary
    );
    // Ben says yes: his welcome plan is on the board.
    let o = offer_to(s, ben.id, now).await;
    offers::accept(s, o.id, Some("2031-04-07"), now)
        .await
        .unwrap();
    let b = read().await.unwrap();
    assert_eq!(at(&b, "Ben Doe", Step::Decision).text, "Hired");
    assert_eq!(at(&b, "Ben Doe", Step::Offer).text, "Accepted");
    let welcome = at(&b, "Ben Doe", Step::Welcome);
    assert_eq!(welcome.state, CellState::Waiting);
    assert!(welcome.text.starts_with("0 of "), "{}", welcome.text);

    // A role with nobody interviewed, and a bad zone.
    let empty = role(s, "Baker").await;
    assert_eq!(
        board::board(s, empty.id, TZ, now).await.unwrap().summary,
        "Nobody has been interviewed for this role yet."
    );
    let e = board::board(s, r.id, "Mars/Olympus", now)
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("time_zone"));
}

use sea_orm::ConnectionTrait;

on_both!(
    decisions_are_checked_together_and_close_applications,
    a_decision_needs_its_own_template_and_candidate,
    an_accepted_offer_hires_fills_the_role_and_starts_the_welcome_plan,
    a_declined_offer_withdraws_the_application_with_the_reason,
    an_offer_expires_at_the_end_of_its_day_and_can_be_renewed,
    a_withdrawn_offer_returns_the_candidate_to_the_finalists,
    the_welcome_plan_follows_the_owners_settings,
    a_promise_not_kept_is_overdue,
    runner_ups_wait_while_an_offer_is_open,
    an_interview_moves_the_stage_and_never_interviewed_people_hear_the_role_is_filled,
    messages_say_the_offers_date_and_the_consent_setting,
    unedited_built_ins_are_brought_up_to_date_and_edited_ones_are_kept,
    an_offer_shows_what_is_not_in_yet_and_the_owner_may_go_ahead,
    the_roles_board_shows_each_step_and_what_is_left,
);
