//! The pulse check on a real store (SQLite file and PostgreSQL): a fixture of two roles and
//! ten people over March and April 2026 whose every figure is worked out by hand below; and
//! the flow that feeds it (a rejection's purpose, feedback and warnings recorded as it is
//! queued, a thank-you counted once it has gone).

mod common;

use chrono::{DateTime, Utc};
use kindly_core::domain::defaults::Purpose;
use kindly_core::domain::{RoleStatus, Stage};
use kindly_core::mail::outbox::MessageStatus;
use kindly_core::service::applications::{self, ApplicationView};
use kindly_core::service::candidates::{self, CandidateInput};
use kindly_core::service::compose::ComposeRequest;
use kindly_core::service::decisions::{self, DecisionRequest};
use kindly_core::service::pool::{self, ConsentMethod, PoolInput};
use kindly_core::service::pulse::{self, Figure, Pulse, PulseQuery, PulseScope};
use kindly_core::service::sending;
use kindly_core::service::{privacy, roles};
use kindly_core::store::entities::{application, message, reminder};
use kindly_core::{ErrorCode, Store};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

const TZ: &str = "Europe/London";

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

use common::{owner, role};

/// Someone who applied on 1 March 2026 (as the history says), interviewed on `interview`.
async fn applicant(
    s: &Store,
    role_id: i32,
    first: &str,
    interview: Option<&str>,
) -> ApplicationView {
    let c = candidates::create(
        s,
        CandidateInput {
            first_name: first.into(),
            last_name: "Test".into(),
            email: format!("{}@example.org", first.to_lowercase()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let a = applications::add(s, c.id, role_id).await.unwrap();
    if let Some(day) = interview {
        applications::add_interview(s, a.id, day, "").await.unwrap();
    }
    set_application(
        s,
        a.id,
        Stage::Interviewed,
        None,
        utc("2026-03-01T10:00:00Z"),
    )
    .await;
    kindly_core::service::application_view::get(s, a.id)
        .await
        .unwrap()
}

/// The application's stage and place as the history left them, and when it was made.
async fn set_application(
    s: &Store,
    id: i32,
    stage: Stage,
    place: Option<i32>,
    created: DateTime<Utc>,
) {
    let a = application::Entity::find_by_id(id)
        .one(s.db())
        .await
        .unwrap()
        .unwrap();
    let mut am: application::ActiveModel = a.into();
    am.stage = Set(stage);
    am.place = Set(place);
    am.created_at = Set(created);
    am.stage_changed_at = Set(created);
    am.update(s.db()).await.unwrap();
}

/// A message that went out at `sent` (London time given as UTC here; March is GMT).
async fn delivered(
    s: &Store,
    a: &ApplicationView,
    purpose: Purpose,
    sent: &str,
    feedback: bool,
    warnings: i32,
) {
    let t = utc(sent);
    message::ActiveModel {
        candidate_id: Set(Some(a.candidate_id)),
        application_id: Set(Some(a.id)),
        template_id: Set(None),
        batch_id: Set(None),
        to_name: Set(format!("#{}", a.candidate_id)),
        to_address: Set("someone@example.org".into()),
        subject: Set(purpose.to_string()),
        body: Set(String::new()),
        message_id: Set(format!("<{}-{}@test>", a.id, purpose)),
        status: Set(MessageStatus::Sent),
        attempts: Set(1),
        not_before: Set(t),
        created_at: Set(t),
        updated_at: Set(t),
        sent_at: Set(Some(t)),
        purpose: Set(Some(purpose)),
        feedback_given: Set(feedback),
        warnings_sent: Set(warnings),
        ..Default::default()
    }
    .insert(s.db())
    .await
    .unwrap();
}

/// News promised to them by `due` (09:00 London), kept at `done`.
async fn promise(s: &Store, a: &ApplicationView, due: &str, done: Option<&str>) {
    let due_at = utc(&format!("{due}T09:00:00Z"));
    reminder::ActiveModel {
        title: Set("News promised".into()),
        kind: Set(kindly_core::domain::states::ReminderKind::PromisedFollowUp),
        candidate_id: Set(Some(a.candidate_id)),
        role_id: Set(None),
        application_id: Set(Some(a.id)),
        due_local: Set(format!("{due}T09:00")),
        time_zone: Set(TZ.into()),
        due_at: Set(due_at),
        done_at: Set(done.map(utc)),
        created_at: Set(due_at),
        updated_at: Set(due_at),
        ..Default::default()
    }
    .insert(s.db())
    .await
    .unwrap();
}

fn names(f: &Figure) -> Vec<&str> {
    assert_eq!(
        f.count as usize,
        f.people.len(),
        "a figure counts its people"
    );
    f.people.iter().map(|p| p.name.as_str()).collect()
}

fn scope<'a>(p: &'a Pulse, title: &str) -> &'a PulseScope {
    p.scopes.iter().find(|s| s.title == title).unwrap()
}

fn funnel(sc: &PulseScope) -> Vec<(Stage, u32)> {
    sc.funnel.iter().map(|f| (f.stage, f.count)).collect()
}

async fn figures_from_a_known_history(s: &Store) {
    let barista = role(s, "Barista").await;
    let cook = role(s, "Cook").await;
    // Barista, interviews on Thursday 5 and Friday 6 March.
    let ana = applicant(s, barista.id, "Ana", Some("2026-03-05")).await;
    let ben = applicant(s, barista.id, "Ben", Some("2026-03-05")).await;
    let cy = applicant(s, barista.id, "Cy", Some("2026-03-06")).await;
    let _dee = applicant(s, barista.id, "Dee", Some("2026-03-06")).await;
    let eve = applicant(s, barista.id, "Eve", None).await;
    // Cook, interviews on Tuesday 7 April (Ivy's was in February, before the period).
    let fay = applicant(s, cook.id, "Fay", Some("2026-04-07")).await;
    let gus = applicant(s, cook.id, "Gus", Some("2026-04-07")).await;
    let hal = applicant(s, cook.id, "Hal", None).await;
    let ivy = applicant(s, cook.id, "Ivy", Some("2026-02-20")).await;
    let jo = applicant(s, cook.id, "Jo", None).await;

    let created = utc("2026-03-01T10:00:00Z");
    set_application(s, ana.id, Stage::Hired, Some(1), created).await;
    set_application(s, ben.id, Stage::Rejected, None, created).await;
    set_application(s, cy.id, Stage::Rejected, Some(2), created).await;
    set_application(s, eve.id, Stage::Applied, None, created).await;
    set_application(s, gus.id, Stage::Rejected, None, created).await;
    set_application(s, hal.id, Stage::Rejected, None, created).await;
    set_application(
        s,
        jo.id,
        Stage::Withdrawn,
        None,
        utc("2025-05-01T10:00:00Z"),
    )
    .await;
    roles::set_status(s, barista.id, RoleStatus::Filled)
        .await
        .unwrap();

    // Thank-yous: Ana the same day, Ben on Monday (2 working days), Cy the Thursday after
    // (4), Dee never; Fay the next day, Gus the same day.
    delivered(s, &ana, Purpose::ThankYou, "2026-03-05T18:00:00Z", false, 0).await;
    delivered(s, &ben, Purpose::ThankYou, "2026-03-09T10:00:00Z", false, 0).await;
    delivered(s, &cy, Purpose::ThankYou, "2026-03-12T10:00:00Z", false, 0).await;
    delivered(s, &fay, Purpose::ThankYou, "2026-04-08T08:00:00Z", false, 0).await;
    delivered(s, &gus, Purpose::ThankYou, "2026-04-07T16:00:00Z", false, 0).await;
    // Decisions: Ana's offer and Ben's rejection (with feedback) on Thursday 12 March, 5
    // working days after; Cy's runner-up message on the 18th (8 after Friday the 6th), with
    // feedback and a warning sent anyway; Gus's rejection, no feedback, on 9 April (2).
    delivered(s, &ana, Purpose::Offer, "2026-03-12T11:00:00Z", false, 0).await;
    delivered(s, &ben, Purpose::Rejection, "2026-03-12T11:00:00Z", true, 0).await;
    delivered(s, &cy, Purpose::RunnerUp, "2026-03-18T11:00:00Z", true, 1).await;
    delivered(
        s,
        &gus,
        Purpose::Rejection,
        "2026-04-09T11:00:00Z",
        false,
        0,
    )
    .await;
    // Promises: Ben's kept a day early, Cy's two working days late, Fay's missed; Ivy's
    // falls due after the period.
    promise(s, &ben, "2026-03-13", Some("2026-03-12T11:00:00Z")).await;
    promise(s, &cy, "2026-03-16", Some("2026-03-18T11:00:00Z")).await;
    promise(s, &fay, "2026-04-14", None).await;
    promise(s, &ivy, "2026-05-08", None).await;

    // The pool: Cy joined on the 18th (consent for 12 months); Jo's consent from June 2025
    // ends within 30 days and she has not heard from us since.
    pool::add(
        s,
        PoolInput {
            candidate_id: cy.candidate_id,
            application_id: Some(cy.id),
            given_on: "2026-03-18".into(),
            method: ConsentMethod::EmailReply,
            notes: String::new(),
            time_zone: TZ.into(),
        },
        utc("2026-03-18T12:00:00Z"),
    )
    .await
    .unwrap();
    pool::add(
        s,
        PoolInput {
            candidate_id: jo.candidate_id,
            application_id: Some(jo.id),
            given_on: "2025-06-01".into(),
            method: ConsentMethod::InPerson,
            notes: String::new(),
            time_zone: TZ.into(),
        },
        utc("2025-06-01T12:00:00Z"),
    )
    .await
    .unwrap();

    // Zed applied and was erased on 1 April: counts only.
    let zed = applicant(s, cook.id, "Zed", None).await;
    privacy::erase(s, zed.candidate_id, utc("2026-04-01T12:00:00Z"))
        .await
        .unwrap();

    let at = utc("2026-05-04T12:00:00Z");
    let q = PulseQuery {
        from: "2026-03-01".into(),
        to: "2026-04-30".into(),
        time_zone: TZ.into(),
    };
    let p = pulse::pulse(s, &q, at).await.unwrap();
    assert_eq!(
        p.scopes
            .iter()
            .map(|s| s.title.as_str())
            .collect::<Vec<_>>(),
        ["All roles", "Cook", "Barista"],
        "all roles first, then open roles before filled ones"
    );
    let all = &scope(&p, "All roles").figures;
    assert_eq!(
        names(&all.interviews),
        ["Ana Test", "Ben Test", "Cy Test", "Dee Test", "Fay Test", "Gus Test"]
    );
    assert_eq!(
        names(&all.thanked_within_1),
        ["Ana Test", "Fay Test", "Gus Test"]
    );
    assert_eq!(
        names(&all.thanked_within_2),
        ["Ana Test", "Ben Test", "Fay Test", "Gus Test"]
    );
    assert_eq!(names(&all.thanked_later), ["Cy Test"]);
    assert_eq!(names(&all.not_thanked), ["Dee Test"]);
    assert_eq!(
        all.thanked_later.people[0].detail,
        "Interviewed 6 Mar 2026, thanked 12 Mar 2026 (4 working days)"
    );
    assert_eq!(names(&all.promises_on_time), ["Ben Test"]);
    assert_eq!(names(&all.promises_late), ["Cy Test"]);
    assert_eq!(
        all.promises_late.people[0].detail,
        "Promised news by 16 Mar 2026, kept 2 working days late"
    );
    assert_eq!(names(&all.promises_missed), ["Fay Test"]);
    assert!(
        all.promises_open.people.is_empty(),
        "Ivy's promise is after the period"
    );
    assert_eq!(
        names(&all.decisions),
        ["Ana Test", "Ben Test", "Cy Test", "Gus Test"]
    );
    assert_eq!(all.median_days_to_decision, Some(5.0), "2, 5, 5, 8");
    assert_eq!(names(&all.rejections), ["Ben Test", "Cy Test", "Gus Test"]);
    assert_eq!(
        names(&all.rejections_with_feedback),
        ["Ben Test", "Cy Test"]
    );
    assert_eq!(names(&all.warnings_sent_anyway), ["Cy Test"]);
    assert_eq!(
        names(&all.left_waiting),
        ["Dee Test", "Eve Test", "Hal Test"]
    );
    assert_eq!(
        names(&all.rejections_within_5),
        ["Ben Test", "Gus Test"],
        "Cy's went 8 working days after"
    );
    assert_eq!(
        names(&all.rejections_no_overrides),
        ["Ben Test", "Gus Test"]
    );
    assert_eq!(names(&all.hires), ["Ana Test"]);
    assert!(all.pool_hires.people.is_empty());
    let answers = &scope(&p, "All roles").answers;
    assert_eq!(
        answers[0].question,
        "What is your process for rejecting a candidate empathetically?"
    );
    assert_eq!(
        answers[0].answer,
        "You sent 3 rejection or runner-up messages: 2 within 5 working days of the interview, 2 with personal feedback, and 2 with no tone warning overridden. 3 people are still waiting for a final word."
    );
    assert_eq!(
        answers[1].question,
        "How do you stay in touch with your runner-up candidates?"
    );
    assert_eq!(
        answers[1].answer,
        "2 runner-ups are in the talent pool with consent; 1 heard from you in the last 90 days, and 1 is overdue for a check-in. The hire in this period did not come from the talent pool."
    );
    assert_eq!(names(&all.pool_members), ["Cy Test", "Jo Test"]);
    assert_eq!(names(&all.pool_contacted_90), ["Cy Test"]);
    assert_eq!(names(&all.pool_overdue), ["Jo Test"]);
    assert_eq!(names(&all.pool_expiring_30), ["Jo Test"]);
    assert_eq!(
        funnel(scope(&p, "All roles")),
        [
            (Stage::Applied, 9),
            (Stage::Interviewed, 7),
            (Stage::Finalist, 2),
            (Stage::Offer, 1),
            (Stage::Hired, 1)
        ]
    );
    let trend = &scope(&p, "All roles").trend;
    assert_eq!(trend.len(), 2);
    assert_eq!(trend[0].month, "2026-03");
    assert_eq!(
        (
            trend[0].interviews,
            trend[0].thanked_within_2,
            trend[0].promises_on_time,
            trend[0].promises_late,
            trend[0].promises_missed,
            trend[0].decisions,
            trend[0].rejections_with_feedback
        ),
        (4, 2, 1, 1, 0, 3, 2)
    );
    assert_eq!(trend[1].month, "2026-04");
    assert_eq!(
        (
            trend[1].interviews,
            trend[1].thanked_within_2,
            trend[1].promises_missed,
            trend[1].decisions,
            trend[1].rejections_with_feedback
        ),
        (2, 2, 1, 1, 0)
    );
    assert_eq!(
        (p.erased.candidates, p.erased.applications),
        (1, 1),
        "Zed is a count"
    );

    // Per role.
    let b = scope(&p, "Barista");
    assert_eq!(b.status, Some(RoleStatus::Filled));
    assert_eq!(names(&b.figures.interviews).len(), 4);
    assert_eq!(names(&b.figures.thanked_within_1), ["Ana Test"]);
    assert_eq!(b.figures.median_days_to_decision, Some(5.0), "5, 5, 8");
    assert_eq!(names(&b.figures.left_waiting), ["Dee Test", "Eve Test"]);
    assert_eq!(names(&b.figures.pool_members), ["Cy Test"]);
    assert_eq!(
        funnel(b),
        [
            (Stage::Applied, 5),
            (Stage::Interviewed, 4),
            (Stage::Finalist, 2),
            (Stage::Offer, 1),
            (Stage::Hired, 1)
        ]
    );
    let c = scope(&p, "Cook");
    assert_eq!(names(&c.figures.thanked_within_1), ["Fay Test", "Gus Test"]);
    assert_eq!(c.figures.median_days_to_decision, Some(2.0));
    assert_eq!(names(&c.figures.promises_missed), ["Fay Test"]);
    assert_eq!(names(&c.figures.left_waiting), ["Hal Test"]);
    assert_eq!(names(&c.figures.pool_overdue), ["Jo Test"]);
    assert_eq!(
        funnel(c)[..2],
        [(Stage::Applied, 4), (Stage::Interviewed, 3)]
    );
    // Each person links to their candidate and application.
    let hal_link = &c.figures.left_waiting.people[0];
    assert_eq!(
        (hal_link.candidate_id, hal_link.application_id),
        (hal.candidate_id, Some(hal.id))
    );

    // A shorter period: only April.
    let april = pulse::pulse(
        s,
        &PulseQuery {
            from: "2026-04-01".into(),
            ..q.clone()
        },
        at,
    )
    .await
    .unwrap();
    let all = &scope(&april, "All roles").figures;
    assert_eq!(names(&all.interviews), ["Fay Test", "Gus Test"]);
    assert_eq!(names(&all.rejections), ["Gus Test"]);
    assert_eq!(all.median_days_to_decision, Some(2.0));
    assert_eq!(scope(&april, "All roles").trend.len(), 1);

    // Bad periods are refused, naming the field.
    for (from, to, field) in [
        ("2026-13-01", "2026-04-30", "from"),
        ("2026-03-01", "soon", "to"),
        ("2026-05-01", "2026-04-30", "to"),
    ] {
        let err = pulse::pulse(
            s,
            &PulseQuery {
                from: from.into(),
                to: to.into(),
                time_zone: TZ.into(),
            },
            at,
        )
        .await
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation);
        assert_eq!(err.field.as_deref(), Some(field), "{from}..{to}");
    }
    let err = pulse::pulse(
        s,
        &PulseQuery {
            time_zone: "Mars/Base".into(),
            ..q
        },
        at,
    )
    .await
    .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("time_zone"));
}

/// What the pulse reads is recorded as messages are queued: the purpose, the feedback and
/// the warnings the owner sent anyway; and a thank-you counts once it has gone.
async fn messages_record_what_the_pulse_reads(s: &Store) {
    owner(s).await;
    let r = role(s, "Barista").await;
    let today = kindly_core::clock::now().date_naive();
    let day = today.format("%Y-%m-%d").to_string();
    let ana = applicant(s, r.id, "Ana", Some(&day)).await;
    let ben = applicant(s, r.id, "Ben", Some(&day)).await;

    let request =
        |a: &ApplicationView, d: &decisions::DecisionDraft, feedback: &str, body: String| {
            let mut values = d.values.clone();
            values.insert("feedback".into(), feedback.into());
            DecisionRequest {
                application_id: a.id,
                reason: String::new(),
                message: ComposeRequest {
                    candidate_id: a.candidate_id,
                    role_id: Some(r.id),
                    template_id: Some(d.template_id),
                    subject: d.subject.clone(),
                    body,
                    values,
                    send_at: None,
                    acknowledge_warnings: true,
                    time_zone: Some(TZ.into()),
                    vouched_names: vec![],
                },
                tell_anyway: false,
            }
        };
    let da = decisions::draft(s, ana.id).await.unwrap();
    let db = decisions::draft(s, ben.id).await.unwrap();
    // Ana: feedback, and "keep you in mind" without her consent (a warning, sent anyway).
    let ana_body = da.body.replace(
        "{{ signature }}",
        "We will keep you in mind.\n\n{{ signature }}",
    );
    assert_ne!(ana_body, da.body, "the template ends with the signature");
    // Ben: the feedback line taken out of the message.
    let ben_body = db
        .body
        .lines()
        .filter(|l| !l.contains("feedback"))
        .collect::<Vec<_>>()
        .join("\n");
    let sent = decisions::send(
        s,
        &common::mail_set_up(s).await,
        vec![
            request(
                &ana,
                &da,
                "Your latte art was lovely; practise the till on busy days.",
                ana_body,
            ),
            request(&ben, &db, "You were great with the regulars.", ben_body),
        ],
    )
    .await
    .unwrap();
    let rows: Vec<message::Model> = message::Entity::find().all(s.db()).await.unwrap();
    let row = |id: i32| rows.iter().find(|m| m.id == id).unwrap();
    let a = row(sent[0].id);
    assert_eq!(
        a.purpose,
        Some(kindly_core::domain::defaults::Purpose::Rejection)
    );
    assert!(a.feedback_given);
    assert!(
        a.warnings_sent >= 1,
        "the keep-in-mind warning went with it"
    );
    let b = row(sent[1].id);
    assert_eq!(
        b.purpose,
        Some(kindly_core::domain::defaults::Purpose::Rejection)
    );
    assert!(!b.feedback_given, "the feedback is not in Ben's message");

    // Not sent yet: neither counts. Kindly stopped while sending; the owner confirms they
    // arrived.
    let q = PulseQuery {
        from: day.clone(),
        to: day.clone(),
        time_zone: TZ.into(),
    };
    let p = pulse::pulse(s, &q, kindly_core::clock::now())
        .await
        .unwrap();
    assert!(p.scopes[0].figures.rejections.people.is_empty());
    for m in &sent {
        let mut am: message::ActiveModel = row(m.id).clone().into();
        am.status = Set(MessageStatus::Unknown);
        am.update(s.db()).await.unwrap();
        sending::mark_sent(s, m.id).await.unwrap();
    }
    let p = pulse::pulse(s, &q, kindly_core::clock::now())
        .await
        .unwrap();
    let f = &p.scopes[0].figures;
    assert_eq!(names(&f.rejections), ["Ana Test", "Ben Test"]);
    assert_eq!(names(&f.rejections_with_feedback), ["Ana Test"]);
    assert_eq!(names(&f.warnings_sent_anyway), ["Ana Test"]);
    assert_eq!(f.median_days_to_decision, Some(0.0));
    assert_eq!(names(&f.not_thanked), ["Ana Test", "Ben Test"]);
    assert!(f.left_waiting.people.is_empty(), "both were told");
}

/// A runner-up kept warm and hired for the next role fills it faster: the pulse says so.
async fn hires_from_the_talent_pool_beside_the_others(s: &Store) {
    let opened = |title: &str, on: &str| {
        roles::create(
            s,
            roles::RoleInput {
                title: title.into(),
                opened_on: Some(on.into()),
                ..Default::default()
            },
        )
    };
    let barista = opened("Barista", "2026-01-05").await.unwrap();
    let weekend = opened("Weekend Barista", "2026-03-02").await.unwrap();
    let cook = opened("Cook", "2026-02-01").await.unwrap();
    // Cy was the Barista runner-up and joined the pool in January.
    let cy = applicant(s, barista.id, "Cy", Some("2026-01-12")).await;
    set_application(
        s,
        cy.id,
        Stage::Rejected,
        Some(2),
        utc("2026-01-10T10:00:00Z"),
    )
    .await;
    pool::add(
        s,
        PoolInput {
            candidate_id: cy.candidate_id,
            application_id: Some(cy.id),
            given_on: "2026-01-20".into(),
            method: ConsentMethod::EmailReply,
            notes: String::new(),
            time_zone: TZ.into(),
        },
        utc("2026-01-20T12:00:00Z"),
    )
    .await
    .unwrap();
    // The weekend role opens on 2 March; Cy is hired on the 12th (10 days).
    let again = applications::add(s, cy.candidate_id, weekend.id)
        .await
        .unwrap();
    set_application(s, again.id, Stage::Hired, None, utc("2026-03-12T10:00:00Z")).await;
    // Ana, a new applicant, fills the Cook role opened on 1 February on 23 March (50 days).
    let ana = applicant(s, cook.id, "Ana", Some("2026-03-10")).await;
    set_application(s, ana.id, Stage::Hired, None, utc("2026-03-23T10:00:00Z")).await;

    let q = PulseQuery {
        from: "2026-03-01".into(),
        to: "2026-03-31".into(),
        time_zone: TZ.into(),
    };
    let p = pulse::pulse(s, &q, utc("2026-04-01T12:00:00Z"))
        .await
        .unwrap();
    let all = &scope(&p, "All roles").figures;
    assert_eq!(names(&all.hires), ["Ana Test", "Cy Test"]);
    assert_eq!(names(&all.pool_hires), ["Cy Test"]);
    assert_eq!(
        all.pool_hires.people[0].detail,
        "Hired 12 Mar 2026, 10 days after the role opened, from the talent pool"
    );
    assert_eq!(all.median_days_to_fill_pool, Some(10.0));
    assert_eq!(all.median_days_to_fill_others, Some(50.0));
    assert!(
        scope(&p, "All roles").answers[1].answer.ends_with(
            "1 of 2 hires came from the talent pool: the role was filled in a median of 10 days, against 50 days for the others."
        ),
        "{}",
        scope(&p, "All roles").answers[1].answer
    );
}

on_both!(
    figures_from_a_known_history,
    messages_record_what_the_pulse_reads,
    hires_from_the_talent_pool_beside_the_others
);
