//! The pulse check: how well the owner keeps their word to candidates, in their own numbers,
//! per role and overall, for a chosen period. Every figure comes with the people behind it.
//!
//! All of it is read from what Kindly already records: interviews, the messages that went
//! out (with their purpose, personal feedback and the tone warnings sent anyway), the promise
//! reminders, applications and offers, the talent pool, and the counts left by erasures.

use super::pool::{self, PoolStatus};
use crate::domain::defaults::Purpose;
use crate::domain::states::MessageStatus;
use crate::domain::{RoleStatus, Stage};
use crate::error::{CoreError, Result};
use crate::schedule::{self, local_date, working_days_between};
use crate::store::entities::{
    activity, application, candidate, erasure, interview, message, offer, reminder, reply, role,
};
use crate::store::Store;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The period to look at (local dates, both days included) and the owner's zone.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct PulseQuery {
    /// `YYYY-MM-DD`
    pub from: String,
    /// `YYYY-MM-DD`
    pub to: String,
    pub time_zone: String,
}

/// Someone behind a figure, with what happened to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PulsePerson {
    pub candidate_id: i32,
    pub name: String,
    pub application_id: Option<i32>,
    pub role_id: Option<i32>,
    pub role_title: Option<String>,
    /// "Interviewed 3 Mar, thanked 4 Mar (1 working day)"
    pub detail: String,
    /// Left waiting, but their message is written and waiting to go: nothing more to draft.
    pub being_told: bool,
}

/// A count and the people it counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Figure {
    pub count: u32,
    pub people: Vec<PulsePerson>,
}

/// The figures for one role, or for all of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct PulseFigures {
    /// Interviews held in the period.
    pub interviews: Figure,
    /// Thanked on the day of the interview or the next working day.
    pub thanked_within_1: Figure,
    /// Thanked within two working days (includes the above).
    pub thanked_within_2: Figure,
    /// Thanked, but later than two working days.
    pub thanked_later: Figure,
    /// Not thanked (yet).
    pub not_thanked: Figure,
    /// Promises of news falling due in the period: kept by the promised day.
    pub promises_on_time: Figure,
    /// Kept, but after the promised day.
    pub promises_late: Figure,
    /// The day has passed and no word went.
    pub promises_missed: Figure,
    /// Not due yet.
    pub promises_open: Figure,
    /// Decision messages (rejection, runner-up, offer) sent in the period, with the working
    /// days since the last interview.
    pub decisions: Figure,
    /// The median of those working days; none without decisions after an interview.
    pub median_days_to_decision: Option<f64>,
    /// Rejection and runner-up messages sent in the period.
    pub rejections: Figure,
    /// …that carried the owner's personal feedback.
    pub rejections_with_feedback: Figure,
    /// …that went with tone-check warnings the owner chose to send anyway.
    pub warnings_sent_anyway: Figure,
    /// Words the owner told the tone check were a name, a place or a title (so a blocking
    /// finding let the message go), in the period: one per word and message.
    pub names_vouched: Figure,
    /// As of today: people whose role is filled or closed, or who were rejected, and who never
    /// had a final message.
    pub left_waiting: Figure,
    /// As of today: in the talent pool with current consent.
    pub pool_members: Figure,
    /// …contacted in the last 90 days.
    pub pool_contacted_90: Figure,
    /// …whose check-in is overdue.
    pub pool_overdue: Figure,
    /// …whose consent ends within 30 days.
    pub pool_expiring_30: Figure,
    /// Rejections and runner-up messages sent within 5 working days of the interview.
    pub rejections_within_5: Figure,
    /// …that went with no tone warning overridden.
    pub rejections_no_overrides: Figure,
    /// People hired in the period.
    pub hires: Figure,
    /// …who were in the talent pool before they applied for the role they got.
    pub pool_hires: Figure,
    /// Days from the role opening to the hire, as medians: hires from the pool, and the others.
    pub median_days_to_fill_pool: Option<f64>,
    pub median_days_to_fill_others: Option<f64>,
    /// Scores (1 to 5) candidates gave by reply to "How did we do?" in the period.
    pub experience_scores: Figure,
    /// Their average, to one decimal; none without scores.
    pub experience_average: Option<f64>,
}

/// How many of the people who applied in the period got at least this far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FunnelStep {
    pub stage: Stage,
    pub count: u32,
}

/// One month of the trend.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MonthPoint {
    /// `YYYY-MM`
    pub month: String,
    pub interviews: u32,
    pub thanked_within_2: u32,
    pub promises_on_time: u32,
    pub promises_late: u32,
    pub promises_missed: u32,
    pub decisions: u32,
    pub rejections_with_feedback: u32,
}

/// The pulse of one role, or of all of them (`role_id` none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct PulseScope {
    pub role_id: Option<i32>,
    pub title: String,
    pub status: Option<RoleStatus>,
    pub figures: PulseFigures,
    pub funnel: Vec<FunnelStep>,
    pub trend: Vec<MonthPoint>,
    /// The guidance's two questions, answered in words from the figures above.
    pub answers: Vec<PulseAnswer>,
}

/// One of the guidance's pulse-check questions, and Kindly's answer from the figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PulseAnswer {
    pub question: String,
    pub answer: String,
}

/// Erased candidates in the period, as the counts they left behind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ErasedCounts {
    pub candidates: u32,
    pub applications: u32,
    pub messages_sent: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Pulse {
    pub from: String,
    pub to: String,
    /// All roles together first, then one per role (open roles first).
    pub scopes: Vec<PulseScope>,
    pub erased: ErasedCounts,
}

const FUNNEL: [Stage; 5] = [
    Stage::Applied,
    Stage::Interviewed,
    Stage::Finalist,
    Stage::Offer,
    Stage::Hired,
];

/// One fact, tagged with its role, that a figure counts.
struct Fact {
    role_id: Option<i32>,
    person: PulsePerson,
}

#[derive(Default)]
struct Facts {
    interviews: Vec<(Fact, NaiveDate, Option<u32>)>,
    promises: Vec<(Fact, NaiveDate, Promise)>,
    decisions: Vec<(Fact, NaiveDate, Option<u32>)>,
    /// Sent on, with personal feedback, warnings sent anyway, working days since the interview.
    rejections: Vec<(Fact, NaiveDate, bool, i32, Option<u32>)>,
    /// Hired on, from the pool, days from the role opening.
    hires: Vec<(Fact, bool, i64)>,
    left_waiting: Vec<Fact>,
    pool: Vec<(Fact, PoolFlags)>,
    scores: Vec<(Fact, i32)>,
    vouched: Vec<Fact>,
    /// Role and furthest stage reached of each application made in the period.
    reached: Vec<(i32, usize)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Promise {
    OnTime,
    Late,
    Missed,
    Open,
}

#[derive(Clone, Copy)]
struct PoolFlags {
    contacted_90: bool,
    overdue: bool,
    expiring: bool,
}

fn day(field: &str, s: &str) -> Result<NaiveDate> {
    crate::domain::validate::date(field, s)
}

fn short(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

fn plural(n: u32, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// The pulse for the period, at `at`.
pub async fn pulse(store: &Store, q: &PulseQuery, at: DateTime<Utc>) -> Result<Pulse> {
    let tz = schedule::parse_zone("time_zone", &q.time_zone)?;
    let from = day("from", &q.from)?;
    let to = day("to", &q.to)?;
    if to < from {
        return Err(CoreError::invalid(
            "to",
            "is before the start of the period",
        ));
    }
    let data = load(store, at).await?;
    Ok(compute(&data, from, to, tz, at))
}

/// Everything the pulse reads, in one pass over the store.
struct Loaded {
    roles: Vec<role::Model>,
    apps: Vec<application::Model>,
    people: HashMap<i32, candidate::Model>,
    interviews: Vec<interview::Model>,
    messages: Vec<message::Model>,
    promises: Vec<reminder::Model>,
    offered: HashSet<i32>,
    members: Vec<pool::PoolMember>,
    erasures: Vec<erasure::Model>,
    scores: Vec<reply::Model>,
    vouched: Vec<activity::Model>,
}

async fn load(store: &Store, at: DateTime<Utc>) -> Result<Loaded> {
    let db = store.db();
    let roles = role::Entity::find().all(db).await?;
    let apps = application::Entity::find().all(db).await?;
    let people: HashMap<i32, candidate::Model> = candidate::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let interviews = interview::Entity::find().all(db).await?;
    let messages = message::Entity::find()
        .filter(message::Column::ApplicationId.is_not_null())
        .all(db)
        .await?;
    let promises = reminder::Entity::find()
        .filter(reminder::Column::Kind.eq(super::reminders::ReminderKind::PromisedFollowUp))
        .all(db)
        .await?;
    let offered: HashSet<i32> = offer::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| o.application_id)
        .collect();
    let members = pool::list(store, at).await?;
    let erasures = erasure::Entity::find().all(db).await?;
    let scores = reply::Entity::find()
        .filter(reply::Column::Kind.eq(crate::domain::states::ReplyKind::Score))
        .all(db)
        .await?;
    let vouched = activity::Entity::find()
        .filter(activity::Column::Kind.eq(super::sending::VOUCHED))
        .all(db)
        .await?;
    Ok(Loaded {
        vouched,
        roles,
        apps,
        people,
        interviews,
        messages,
        promises,
        offered,
        members,
        erasures,
        scores,
    })
}

/// The figures, from what was loaded: no I/O, so every rule here is tested on plain data.
fn compute(data: &Loaded, from: NaiveDate, to: NaiveDate, tz: Tz, at: DateTime<Utc>) -> Pulse {
    let Loaded {
        roles,
        apps,
        people,
        interviews,
        messages,
        promises,
        offered,
        members,
        erasures,
        scores,
        vouched,
    } = data;

    let titles: HashMap<i32, &role::Model> = roles.iter().map(|r| (r.id, r)).collect();
    let app_of: HashMap<i32, &application::Model> = apps.iter().map(|a| (a.id, a)).collect();
    let fact = |application_id: i32, detail: String| -> Option<Fact> {
        let a = app_of.get(&application_id)?;
        let c = people.get(&a.candidate_id)?;
        Some(Fact {
            role_id: Some(a.role_id),
            person: PulsePerson {
                candidate_id: c.id,
                name: c.full_name(),
                application_id: Some(a.id),
                role_id: Some(a.role_id),
                role_title: titles.get(&a.role_id).map(|r| r.title.clone()),
                detail,
                being_told: false,
            },
        })
    };
    let in_period = |d: NaiveDate| d >= from && d <= to;
    let today = local_date(at, tz);
    // A message that bounced never reached them: it thanked, told or decided nothing.
    let sent_on = |m: &message::Model| {
        m.sent_at
            .filter(|_| m.status != MessageStatus::Bounced)
            .map(|t| local_date(t, tz))
    };

    // Interviews per application, in order, to find the thank-you that answers each.
    let mut held: HashMap<i32, Vec<NaiveDate>> = HashMap::new();
    for i in interviews.iter() {
        held.entry(i.application_id).or_default().push(i.held_on);
    }
    for days in held.values_mut() {
        days.sort();
    }
    let mut thanks: HashMap<i32, Vec<NaiveDate>> = HashMap::new();
    for m in messages.iter() {
        if let (Some(Purpose::ThankYou), Some(d), Some(a)) =
            (m.purpose, sent_on(m), m.application_id)
        {
            thanks.entry(a).or_default().push(d);
        }
    }
    for days in thanks.values_mut() {
        days.sort();
    }

    let mut facts = Facts::default();
    for (app, days) in &held {
        for (k, &held_on) in days.iter().enumerate() {
            if !in_period(held_on) {
                continue;
            }
            let next = days.get(k + 1).copied();
            let thanked = thanks
                .get(app)
                .and_then(|t| {
                    t.iter()
                        .find(|&&d| d >= held_on && next.is_none_or(|n| d < n))
                })
                .copied();
            let wd = thanked.map(|d| working_days_between(held_on, d));
            let detail = match (thanked, wd) {
                (Some(d), Some(n)) => format!(
                    "Interviewed {}, thanked {} ({})",
                    short(held_on),
                    short(d),
                    if n == 0 {
                        "the same day".to_string()
                    } else {
                        plural(n, "working day")
                    }
                ),
                _ => format!("Interviewed {}, not thanked yet", short(held_on)),
            };
            if let Some(f) = fact(*app, detail) {
                facts.interviews.push((f, held_on, wd));
            }
        }
    }

    for r in promises.iter() {
        let Some(app) = r.application_id else {
            continue;
        };
        let rtz: Tz = r.time_zone.parse().unwrap_or(tz);
        let Ok(due) = day("due_local", r.due_local.get(..10).unwrap_or("")) else {
            continue;
        };
        if !in_period(due) {
            continue;
        }
        let (outcome, detail) = match r.done_at.map(|t| local_date(t, rtz)) {
            Some(done) if done <= due => (
                Promise::OnTime,
                format!("Promised news by {}, kept on {}", short(due), short(done)),
            ),
            Some(done) => (
                Promise::Late,
                format!(
                    "Promised news by {}, kept {} late",
                    short(due),
                    plural(working_days_between(due, done).max(1), "working day")
                ),
            ),
            None if due < today => (
                Promise::Missed,
                format!("Promised news by {}, still waiting", short(due)),
            ),
            None => (Promise::Open, format!("Promised news by {}", short(due))),
        };
        if let Some(f) = fact(app, detail) {
            facts.promises.push((f, due, outcome));
        }
    }

    // The first decision message of each application, if it went in the period.
    let mut first_decision: HashMap<i32, &message::Model> = HashMap::new();
    for m in messages.iter() {
        let is_decision = matches!(
            m.purpose,
            Some(Purpose::Rejection | Purpose::RunnerUp | Purpose::Offer)
        );
        if let (true, Some(_), Some(a)) = (is_decision, sent_on(m), m.application_id) {
            let e = first_decision.entry(a).or_insert(m);
            if m.sent_at < e.sent_at {
                *e = m;
            }
        }
    }
    for (app, m) in &first_decision {
        let sent = sent_on(m).expect("sent");
        if !in_period(sent) {
            continue;
        }
        let last = held
            .get(app)
            .and_then(|d| d.iter().rev().find(|&&h| h <= sent))
            .copied();
        let wd = last.map(|h| working_days_between(h, sent));
        let what = match m.purpose {
            Some(Purpose::Offer) => "Offer",
            Some(Purpose::RunnerUp) => "Runner-up message",
            _ => "Rejection",
        };
        let detail = match (last, wd) {
            (Some(h), Some(n)) => format!(
                "{what} sent {}, {} after the interview on {}",
                short(sent),
                plural(n, "working day"),
                short(h)
            ),
            _ => format!("{what} sent {} (no interview)", short(sent)),
        };
        if let Some(f) = fact(*app, detail) {
            facts.decisions.push((f, sent, wd));
        }
    }

    // Rejections: every one sent in the period.
    let mut told: HashSet<i32> = HashSet::new();
    let mut telling: HashSet<i32> = HashSet::new();
    for m in messages.iter() {
        let Some(p @ (Purpose::Rejection | Purpose::RunnerUp)) = m.purpose else {
            continue;
        };
        if super::decisions::tells(m) {
            told.extend(m.application_id);
        } else if super::decisions::is_telling(m) {
            telling.extend(m.application_id);
        }
        let (Some(sent), Some(app)) = (sent_on(m), m.application_id) else {
            continue;
        };
        if !in_period(sent) {
            continue;
        }
        let mut detail = format!(
            "{} sent {}",
            if p == Purpose::RunnerUp {
                "Runner-up message"
            } else {
                "Rejection"
            },
            short(sent)
        );
        detail.push_str(if m.feedback_given {
            ", with personal feedback"
        } else {
            ", without personal feedback"
        });
        if m.warnings_sent > 0 {
            detail.push_str(&format!(
                "; sent with {}",
                plural(m.warnings_sent as u32, "tone warning")
            ));
        }
        let since = held
            .get(&app)
            .and_then(|d| d.iter().rev().find(|&&h| h <= sent))
            .map(|h| working_days_between(*h, sent));
        if let Some(f) = fact(app, detail) {
            facts
                .rejections
                .push((f, sent, m.feedback_given, m.warnings_sent, since));
        }
    }

    // Hires in the period, and whether they came from the talent pool.
    for a in apps.iter().filter(|a| a.stage == Stage::Hired) {
        let on = local_date(a.stage_changed_at, tz);
        if !in_period(on) {
            continue;
        }
        let from_pool = members.iter().any(|m| {
            m.candidate_id == a.candidate_id
                && chrono::DateTime::parse_from_rfc3339(&m.joined_at)
                    .is_ok_and(|j| j.with_timezone(&Utc) < a.created_at)
        });
        let days = titles
            .get(&a.role_id)
            .map(|r| (on - r.opened_on).num_days().max(0))
            .unwrap_or(0);
        let detail = format!(
            "Hired {}, {} after the role opened{}",
            short(on),
            plural(days as u32, "day"),
            if from_pool {
                ", from the talent pool"
            } else {
                ""
            }
        );
        if let Some(f) = fact(a.id, detail) {
            facts.hires.push((f, from_pool, days));
        }
    }

    for a in apps.iter() {
        let stage = a.stage;
        if matches!(stage, Stage::Hired | Stage::Withdrawn) || told.contains(&a.id) {
            continue;
        }
        let role_done = titles
            .get(&a.role_id)
            .is_some_and(|r| r.status != RoleStatus::Open);
        if stage != Stage::Rejected && !role_done {
            continue;
        }
        let since = local_date(a.stage_changed_at, tz);
        let detail = if telling.contains(&a.id) {
            format!(
                "{} since {}; their message has not gone yet (see the Outbox)",
                stage.label(),
                short(since)
            )
        } else if stage == Stage::Rejected {
            format!("Rejected on {}, never told", short(since))
        } else {
            format!(
                "{} since {}; the role is no longer open",
                stage.label(),
                short(since)
            )
        };
        if let Some(mut f) = fact(a.id, detail) {
            f.person.being_told = telling.contains(&a.id);
            facts.left_waiting.push(f);
        }
    }

    for m in members {
        if m.status == PoolStatus::Expired {
            continue;
        }
        let last = DateTime::parse_from_rfc3339(&m.last_contact_at)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(at);
        let flags = PoolFlags {
            contacted_90: at - last <= chrono::Duration::days(90),
            overdue: m.contact_overdue,
            expiring: m.status == PoolStatus::Expiring,
        };
        let mut detail = format!(
            "Last contact {}, next check-in {}",
            short(local_date(last, tz)),
            m.next_contact_on
        );
        if let Some(e) = &m.consent_expires_on {
            detail.push_str(&format!("; consent until {e}"));
        }
        let f = Fact {
            role_id: m.role_id,
            person: PulsePerson {
                candidate_id: m.candidate_id,
                name: m.candidate_name.clone(),
                application_id: m.application_id,
                role_id: m.role_id,
                role_title: m.role_title.clone(),
                detail,
                being_told: false,
            },
        };
        facts.pool.push((f, flags));
    }

    for a in apps.iter() {
        if !in_period(local_date(a.created_at, tz)) {
            continue;
        }
        let stage = a.stage;
        let reached = match stage {
            Stage::Hired => Stage::Hired,
            Stage::Offer => Stage::Offer,
            _ if offered.contains(&a.id) => Stage::Offer,
            Stage::Finalist => Stage::Finalist,
            _ if a.place.is_some() => Stage::Finalist,
            Stage::Interviewed => Stage::Interviewed,
            _ if held.contains_key(&a.id) => Stage::Interviewed,
            _ => Stage::Applied,
        };
        let idx = FUNNEL.iter().position(|s| *s == reached).unwrap_or(0);
        facts.reached.push((a.role_id, idx));
    }

    let answered: HashMap<i32, &message::Model> = messages.iter().map(|m| (m.id, m)).collect();
    for r in scores.iter() {
        let (Some(score), Some(m)) = (r.score, r.message_ref.and_then(|m| answered.get(&m))) else {
            continue;
        };
        let got = local_date(r.received_at, tz);
        if !in_period(got) {
            continue;
        }
        if let Some(f) = m
            .application_id
            .and_then(|a| fact(a, format!("Scored us {score} of 5 on {}", short(got))))
        {
            facts.scores.push((f, score));
        }
    }

    for v in vouched.iter() {
        let on = local_date(v.at, tz);
        if !in_period(on) {
            continue;
        }
        let word = v.summary.split('"').nth(1).unwrap_or_default();
        let fact = match v.application_id {
            Some(a) => fact(
                a,
                format!("Said \"{word}\" is a name or a title on {}", short(on)),
            ),
            None => None,
        };
        facts.vouched.extend(fact);
    }

    // People in every figure by name: sorted once here, aggregated in order below.
    let order = |a: &Fact, b: &Fact| {
        (&a.person.name, &a.person.detail).cmp(&(&b.person.name, &b.person.detail))
    };
    facts.interviews.sort_by(|a, b| order(&a.0, &b.0));
    facts.promises.sort_by(|a, b| order(&a.0, &b.0));
    facts.decisions.sort_by(|a, b| order(&a.0, &b.0));
    facts.rejections.sort_by(|a, b| order(&a.0, &b.0));
    facts.hires.sort_by(|a, b| order(&a.0, &b.0));
    facts.left_waiting.sort_by(order);
    facts.pool.sort_by(|a, b| order(&a.0, &b.0));
    facts.scores.sort_by(|a, b| order(&a.0, &b.0));
    facts.vouched.sort_by(order);

    let mut sorted: Vec<&role::Model> = roles.iter().collect();
    sorted.sort_by(|a, b| {
        (a.status != RoleStatus::Open)
            .cmp(&(b.status != RoleStatus::Open))
            .then(a.title.to_lowercase().cmp(&b.title.to_lowercase()))
            .then(a.id.cmp(&b.id))
    });
    let mut scopes = vec![scope(&facts, None, "All roles".into(), None, from, to)];
    for r in sorted {
        scopes.push(scope(
            &facts,
            Some(r.id),
            r.title.clone(),
            Some(r.status),
            from,
            to,
        ));
    }

    let mut erased = ErasedCounts::default();
    for e in erasures
        .iter()
        .filter(|e| in_period(local_date(e.erased_at, tz)))
    {
        erased.candidates += 1;
        erased.applications += e.applications.max(0) as u32;
        erased.messages_sent += e.messages_sent.max(0) as u32;
    }

    Pulse {
        from: from.to_string(),
        to: to.to_string(),
        scopes,
        erased,
    }
}

fn month(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

fn scope(
    facts: &Facts,
    role_id: Option<i32>,
    title: String,
    status: Option<RoleStatus>,
    from: NaiveDate,
    to: NaiveDate,
) -> PulseScope {
    let ours = |f: &Fact| role_id.is_none() || f.role_id == role_id;
    let mut fig = PulseFigures::default();
    let add = |fig: &mut Figure, f: &Fact| {
        fig.count += 1;
        fig.people.push(f.person.clone());
    };
    let mut months: BTreeMap<String, MonthPoint> = BTreeMap::new();
    let mut d = from.with_day(1).expect("day 1");
    while d <= to {
        months.insert(
            month(d),
            MonthPoint {
                month: month(d),
                ..Default::default()
            },
        );
        d = d + chrono::Months::new(1);
    }
    fn at(months: &mut BTreeMap<String, MonthPoint>, d: NaiveDate) -> &mut MonthPoint {
        months.entry(month(d)).or_default()
    }

    for (f, held_on, wd) in facts.interviews.iter().filter(|x| ours(&x.0)) {
        add(&mut fig.interviews, f);
        match wd {
            Some(n) if *n <= 1 => {
                add(&mut fig.thanked_within_1, f);
                add(&mut fig.thanked_within_2, f);
            }
            Some(2) => add(&mut fig.thanked_within_2, f),
            Some(_) => add(&mut fig.thanked_later, f),
            None => add(&mut fig.not_thanked, f),
        }
        let p = at(&mut months, *held_on);
        p.interviews += 1;
        if wd.is_some_and(|n| n <= 2) {
            p.thanked_within_2 += 1;
        }
    }
    for (f, due, outcome) in facts.promises.iter().filter(|x| ours(&x.0)) {
        let p = at(&mut months, *due);
        match outcome {
            Promise::OnTime => {
                add(&mut fig.promises_on_time, f);
                p.promises_on_time += 1;
            }
            Promise::Late => {
                add(&mut fig.promises_late, f);
                p.promises_late += 1;
            }
            Promise::Missed => {
                add(&mut fig.promises_missed, f);
                p.promises_missed += 1;
            }
            Promise::Open => add(&mut fig.promises_open, f),
        }
    }
    let mut days: Vec<u32> = vec![];
    for (f, sent, wd) in facts.decisions.iter().filter(|x| ours(&x.0)) {
        add(&mut fig.decisions, f);
        days.extend(wd);
        at(&mut months, *sent).decisions += 1;
    }
    fig.median_days_to_decision = median(&mut days);
    for (f, sent, feedback, warnings, since) in facts.rejections.iter().filter(|x| ours(&x.0)) {
        add(&mut fig.rejections, f);
        if since.is_some_and(|d| d <= 5) {
            add(&mut fig.rejections_within_5, f);
        }
        if *warnings == 0 {
            add(&mut fig.rejections_no_overrides, f);
        }
        if *feedback {
            add(&mut fig.rejections_with_feedback, f);
            at(&mut months, *sent).rejections_with_feedback += 1;
        }
        if *warnings > 0 {
            add(&mut fig.warnings_sent_anyway, f);
        }
    }
    for f in facts.left_waiting.iter().filter(|f| ours(f)) {
        add(&mut fig.left_waiting, f);
    }
    for (f, flags) in facts.pool.iter().filter(|x| ours(&x.0)) {
        add(&mut fig.pool_members, f);
        if flags.contacted_90 {
            add(&mut fig.pool_contacted_90, f);
        }
        if flags.overdue {
            add(&mut fig.pool_overdue, f);
        }
        if flags.expiring {
            add(&mut fig.pool_expiring_30, f);
        }
    }

    for f in facts.vouched.iter().filter(|f| ours(f)) {
        add(&mut fig.names_vouched, f);
    }
    let (mut pool_days, mut other_days) = (vec![], vec![]);
    for (f, from_pool, days) in facts.hires.iter().filter(|x| ours(&x.0)) {
        add(&mut fig.hires, f);
        if *from_pool {
            add(&mut fig.pool_hires, f);
            pool_days.push(*days as u32);
        } else {
            other_days.push(*days as u32);
        }
    }
    fig.median_days_to_fill_pool = median(&mut pool_days);
    fig.median_days_to_fill_others = median(&mut other_days);
    let mut given = Vec::new();
    for (f, score) in facts.scores.iter().filter(|x| ours(&x.0)) {
        add(&mut fig.experience_scores, f);
        given.push(f64::from(*score));
    }
    fig.experience_average = (!given.is_empty())
        .then(|| (given.iter().sum::<f64>() / given.len() as f64 * 10.0).round() / 10.0);

    let mut counts = [0u32; FUNNEL.len()];
    for (r, idx) in &facts.reached {
        if role_id.is_none() || Some(*r) == role_id {
            for c in counts.iter_mut().take(idx + 1) {
                *c += 1;
            }
        }
    }
    PulseScope {
        role_id,
        title,
        status,
        answers: answers(&fig),
        figures: fig,
        funnel: FUNNEL
            .iter()
            .zip(counts)
            .map(|(s, count)| FunnelStep { stage: *s, count })
            .collect(),
        trend: months.into_values().collect(),
    }
}

/// The middle value (the mean of the two middle ones for an even count), to one decimal.
/// The guidance's pulse-check questions, answered in words from the figures.
pub fn answers(f: &PulseFigures) -> Vec<PulseAnswer> {
    let n = f.rejections.count;
    let waiting = match f.left_waiting.count {
        0 => String::new(),
        1 => " 1 person is still waiting for a final word.".into(),
        k => format!(" {k} people are still waiting for a final word."),
    };
    let rejecting = if n == 0 {
        format!("No rejection or runner-up message went in this period.{waiting}")
    } else {
        format!(
            "You sent {}: {} within 5 working days of the interview, {} with personal feedback, and {} with no tone warning overridden.{waiting}",
            plural(n, "rejection or runner-up message"),
            f.rejections_within_5.count,
            f.rejections_with_feedback.count,
            f.rejections_no_overrides.count,
        )
    };
    let pool = f.pool_members.count;
    let mut staying = if pool == 0 {
        "Nobody is in the talent pool yet: ask your 2nd and 3rd place whether you may keep their details.".to_string()
    } else {
        let overdue = match f.pool_overdue.count {
            0 => String::new(),
            1 => ", and 1 is overdue for a check-in".into(),
            k => format!(", and {k} are overdue for a check-in"),
        };
        format!(
            "{} in the talent pool with consent; {} heard from you in the last 90 days{overdue}.",
            if pool == 1 {
                "1 runner-up is".to_string()
            } else {
                format!("{pool} runner-ups are")
            },
            f.pool_contacted_90.count,
        )
    };
    let days = |d: Option<f64>| {
        d.map(|d| format!("{d} days"))
            .unwrap_or_else(|| "none to compare".into())
    };
    if f.pool_hires.count > 0 {
        staying.push_str(&format!(
            " {} of {} came from the talent pool: the role was filled in a median of {}, against {} for the others.",
            f.pool_hires.count,
            plural(f.hires.count, "hire"),
            days(f.median_days_to_fill_pool),
            days(f.median_days_to_fill_others),
        ));
    } else if f.hires.count == 1 {
        staying.push_str(" The hire in this period did not come from the talent pool.");
    } else if f.hires.count > 1 {
        staying.push_str(&format!(
            " None of the {} hires in this period came from the talent pool.",
            f.hires.count
        ));
    }
    vec![
        PulseAnswer {
            question: "What is your process for rejecting a candidate empathetically?".into(),
            answer: rejecting,
        },
        PulseAnswer {
            question: "How do you stay in touch with your runner-up candidates?".into(),
            answer: staying,
        },
    ]
}

fn median(v: &mut [u32]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    let m = if n % 2 == 1 {
        f64::from(v[n / 2])
    } else {
        (f64::from(v[n / 2 - 1]) + f64::from(v[n / 2])) / 2.0
    };
    Some((m * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5, 1, 3]), Some(3.0));
        assert_eq!(median(&mut [4, 1, 2, 9]), Some(3.0));
        assert_eq!(median(&mut [1, 2]), Some(1.5));
    }

    #[test]
    fn working_days_count_weekdays_only() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // Thursday 2026-03-05 → Friday 1, Monday 2; Friday → Monday is 1.
        assert_eq!(working_days_between(d("2026-03-05"), d("2026-03-05")), 0);
        assert_eq!(working_days_between(d("2026-03-05"), d("2026-03-06")), 1);
        assert_eq!(working_days_between(d("2026-03-05"), d("2026-03-09")), 2);
        assert_eq!(working_days_between(d("2026-03-06"), d("2026-03-09")), 1);
        assert_eq!(working_days_between(d("2026-03-06"), d("2026-03-07")), 0);
        assert_eq!(working_days_between(d("2026-03-09"), d("2026-03-05")), 0);
    }
}
