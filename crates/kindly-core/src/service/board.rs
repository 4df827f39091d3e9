//! The role's follow-up board: the guidance's sequence after the interviews on one screen. A
//! row for each person interviewed, a column for each step (thanked, news promised by, the
//! decision, told, runner-up consent, references, the background check, the offer, the
//! welcome plan), each cell its state in words with the next action, and one sentence that
//! says what is left for the role. Read in a few queries for the whole role.

use super::application_view::offer_view;
use super::decisions;
use crate::domain::defaults::Purpose;
use crate::domain::states::{CheckStatus, ConsentKind, MessageStatus, OfferStatus, ReminderKind};
use crate::domain::Stage;
use crate::error::{CoreError, Result};
use crate::schedule::{self, local_date, working_days_between};
use crate::store::entities::{
    application, background_check, candidate, consent, interview, message, offer, referee,
    reminder, role,
};
use crate::store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::{HashMap, HashSet};

/// A step of the follow-up, in the guidance's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Thanked,
    NewsBy,
    Decision,
    Told,
    RunnerUpConsent,
    References,
    BackgroundCheck,
    Offer,
    Welcome,
}

/// How a step stands for one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CellState {
    /// Done.
    Done,
    /// Under way, and not late: a date ahead, an answer awaited.
    Waiting,
    /// Late: a promised date passed, someone left without a word.
    Late,
    /// Yours to do now.
    ToDo,
    /// Not a step for this person (yet).
    NotNeeded,
}

/// The next action a cell holds, as one click.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum NextAction {
    DraftThankYou,
    NeedMoreTime,
    Reject,
    /// The runner-up message: thanks, feedback, and an invitation to stay in touch.
    RunnerUpMessage,
    AskConsent,
    RequestReference,
    StartCheck,
    ExtendOffer,
    WelcomePlan,
}

impl NextAction {
    fn label(self) -> &'static str {
        match self {
            NextAction::DraftThankYou => "Draft thank-you",
            NextAction::NeedMoreTime => "Need more time",
            NextAction::Reject => "Reject…",
            NextAction::RunnerUpMessage => "Runner-up message…",
            NextAction::AskConsent => "Ask consent",
            NextAction::RequestReference => "Request reference",
            NextAction::StartCheck => "Start the check",
            NextAction::ExtendOffer => "Extend offer…",
            NextAction::WelcomePlan => "Welcome plan",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct BoardCell {
    pub step: Step,
    pub state: CellState,
    /// The state in words: "Thanked Tue 3 Mar", "By Fri 6 Mar: late".
    pub text: String,
    pub action: Option<NextAction>,
    pub action_label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct BoardRow {
    pub application_id: i32,
    pub candidate_id: i32,
    pub candidate_name: String,
    pub stage: Stage,
    pub place: Option<i32>,
    /// One per column, in the columns' order.
    pub cells: Vec<BoardCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct BoardColumn {
    pub step: Step,
    pub title: String,
    /// Why the step matters, in Kindly's words, from the guidance.
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Board {
    pub role_id: i32,
    pub role_title: String,
    /// What is left for the role, in one sentence.
    pub summary: String,
    pub columns: Vec<BoardColumn>,
    /// Everyone interviewed, furthest along first.
    pub rows: Vec<BoardRow>,
}

const COLUMNS: [(Step, &str, &str); 9] = [
    (Step::Thanked, "Thanked", "Take the lead: thank them for their time soon after the interview, and say when they will hear from you. Few employers do, and it is the first promise of the follow-up."),
    (Step::NewsBy, "News by", "A date you promised is a date they are counting on. Keep it, or write before it to say you need a few more days."),
    (Step::Decision, "Decision", "Decide once the interviews and your notes are in: your first choice, and your 2nd and 3rd."),
    (Step::Told, "Told", "Everyone who interviewed hears the decision from you, kindly, with one or two specific points of feedback. They gave you their time, effort and heart."),
    (Step::RunnerUpConsent, "Runner-up consent", "Your 2nd and 3rd place may be the people you hire next. With their consent you can reconnect when a similar role opens, and save yourself a whole search."),
    (Step::References, "References", "Before an offer, speak to previous supervisors and colleagues about their technical skills and how they work with others."),
    (Step::BackgroundCheck, "Background check", "For the person you mean to hire, the background check comes before the offer, unless an agency does it for you."),
    (Step::Offer, "Offer", "Make the offer with its terms and the date it is open until, and keep your runner-ups warm until the answer is yes."),
    (Step::Welcome, "Welcome plan", "When the offer is accepted, celebrate, then set the welcome plan in motion so their first day is ready for them."),
];

fn cell(
    step: Step,
    state: CellState,
    text: impl Into<String>,
    action: Option<NextAction>,
) -> BoardCell {
    BoardCell {
        step,
        state,
        text: text.into(),
        action,
        action_label: action.map(|a| a.label().to_string()),
    }
}

fn short(d: NaiveDate) -> String {
    d.format("%a %-d %b").to_string()
}

/// Everything the board reads for one role, loaded in bulk.
struct Loaded {
    apps: Vec<application::Model>,
    people: HashMap<i32, candidate::Model>,
    held: HashMap<i32, NaiveDate>,
    messages: HashMap<i32, Vec<message::Model>>,
    reminders: HashMap<i32, Vec<reminder::Model>>,
    referees: HashMap<i32, Vec<referee::Model>>,
    checks: HashMap<i32, CheckStatus>,
    offers: HashMap<i32, offer::Model>,
    consent_until: HashMap<i32, Option<NaiveDate>>,
}

fn group<T>(rows: Vec<T>, key: impl Fn(&T) -> Option<i32>) -> HashMap<i32, Vec<T>> {
    let mut out: HashMap<i32, Vec<T>> = HashMap::new();
    for r in rows {
        if let Some(k) = key(&r) {
            out.entry(k).or_default().push(r);
        }
    }
    out
}

async fn load(store: &Store, role_id: i32, today: NaiveDate) -> Result<Loaded> {
    let db = store.db();
    let apps = application::Entity::find()
        .filter(application::Column::RoleId.eq(role_id))
        .all(db)
        .await?;
    let ids: Vec<i32> = apps.iter().map(|a| a.id).collect();
    let people: HashMap<i32, candidate::Model> = candidate::Entity::find()
        .filter(candidate::Column::Id.is_in(apps.iter().map(|a| a.candidate_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    // The latest interview held by today, per application.
    let mut held = HashMap::new();
    for i in interview::Entity::find()
        .filter(interview::Column::ApplicationId.is_in(ids.clone()))
        .filter(interview::Column::HeldOn.lte(today))
        .order_by_asc(interview::Column::HeldOn)
        .all(db)
        .await?
    {
        held.insert(i.application_id, i.held_on);
    }
    let messages = group(
        message::Entity::find()
            .filter(message::Column::ApplicationId.is_in(ids.clone()))
            .order_by_asc(message::Column::Id)
            .all(db)
            .await?,
        |m| m.application_id,
    );
    let reminders = group(
        reminder::Entity::find()
            .filter(reminder::Column::ApplicationId.is_in(ids.clone()))
            .filter(
                reminder::Column::Kind
                    .is_in([ReminderKind::PromisedFollowUp, ReminderKind::WelcomeStep]),
            )
            .order_by_asc(reminder::Column::Id)
            .all(db)
            .await?,
        |r| r.application_id,
    );
    let referees = group(
        referee::Entity::find()
            .filter(referee::Column::ApplicationId.is_in(ids.clone()))
            .all(db)
            .await?,
        |r| Some(r.application_id),
    );
    let checks = background_check::Entity::find()
        .filter(background_check::Column::ApplicationId.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.application_id, c.status))
        .collect();
    let mut offers = HashMap::new();
    for o in offer::Entity::find()
        .filter(offer::Column::ApplicationId.is_in(ids))
        .order_by_asc(offer::Column::Id)
        .all(db)
        .await?
    {
        offers.insert(o.application_id, o);
    }
    let mut consent_until = HashMap::new();
    for c in consent::Entity::find()
        .filter(consent::Column::CandidateId.is_in(people.keys().copied()))
        .filter(consent::Column::Kind.eq(ConsentKind::TalentPool))
        .order_by_asc(consent::Column::Id)
        .all(db)
        .await?
    {
        consent_until.insert(c.candidate_id, c.expires_on);
    }
    Ok(Loaded {
        apps,
        people,
        held,
        messages,
        reminders,
        referees,
        checks,
        offers,
        consent_until,
    })
}

/// The board for a role, with dates read in the owner's zone.
pub async fn board(
    store: &Store,
    role_id: i32,
    time_zone: &str,
    at: DateTime<Utc>,
) -> Result<Board> {
    let tz = schedule::parse_zone("time_zone", time_zone)?;
    let r = role::Entity::find_by_id(role_id)
        .one(store.db())
        .await?
        .ok_or_else(|| CoreError::not_found("role", role_id))?;
    let today = local_date(at, tz);
    let data = load(store, role_id, today).await?;
    // Who would be burnt by a "no" now: the hold-back, one rule, in decisions.
    let mut held_back = HashSet::new();
    for a in data.apps.iter().filter(|a| matches!(a.place, Some(2 | 3))) {
        if decisions::hold_back(store, a, at).await?.is_some() {
            held_back.insert(a.id);
        }
    }
    // After a declined offer, the next finalist by place is the next choice.
    let someone_chosen = data.apps.iter().any(|a| {
        matches!(a.stage, Stage::Offer | Stage::Hired)
            || (a.stage == Stage::Finalist && a.place == Some(1))
    });
    let next_choice = (!someone_chosen)
        .then(|| {
            data.apps
                .iter()
                .filter(|a| a.stage == Stage::Finalist && a.place.is_some())
                .min_by_key(|a| a.place)
                .map(|a| a.id)
        })
        .flatten();
    let interviewed = |a: &application::Model| {
        data.held.contains_key(&a.id)
            || matches!(
                a.stage,
                Stage::Interviewed | Stage::Finalist | Stage::Offer | Stage::Hired
            )
    };
    let mut rows: Vec<BoardRow> = data
        .apps
        .iter()
        .filter(|a| interviewed(a))
        .filter_map(|a| {
            let c = data.people.get(&a.candidate_id)?;
            Some(row(
                a,
                c,
                &data,
                (held_back.contains(&a.id), next_choice == Some(a.id)),
                (today, at),
                tz,
            ))
        })
        .collect();
    let progress = |s: Stage| match s {
        Stage::Hired => 0,
        Stage::Offer => 1,
        Stage::Finalist => 2,
        Stage::Interviewed => 3,
        Stage::Interviewing | Stage::Applied => 4,
        Stage::Rejected => 5,
        Stage::Withdrawn => 6,
    };
    rows.sort_by(|x, y| {
        (progress(x.stage), x.place.unwrap_or(9), &x.candidate_name).cmp(&(
            progress(y.stage),
            y.place.unwrap_or(9),
            &y.candidate_name,
        ))
    });
    Ok(Board {
        role_id,
        role_title: r.title,
        summary: summary(&rows, &data),
        columns: COLUMNS
            .iter()
            .map(|(step, title, why)| BoardColumn {
                step: *step,
                title: (*title).into(),
                why: (*why).into(),
            })
            .collect(),
        rows,
    })
}

fn row(
    a: &application::Model,
    c: &candidate::Model,
    d: &Loaded,
    (held_back, next_choice): (bool, bool),
    (today, at): (NaiveDate, DateTime<Utc>),
    tz: chrono_tz::Tz,
) -> BoardRow {
    let none = vec![];
    let msgs = d.messages.get(&a.id).unwrap_or(&none);
    let sent_on = |m: &message::Model| m.sent_at.map(|t| local_date(t, tz));
    let pending = |m: &&message::Model| {
        matches!(
            m.status,
            MessageStatus::Queued | MessageStatus::Sending | MessageStatus::Unknown
        )
    };
    let open = a.stage.is_open();
    let chosen =
        matches!(a.stage, Stage::Offer | Stage::Hired) || a.place == Some(1) || next_choice;
    let runner_up = matches!(a.place, Some(2 | 3)) && !next_choice;
    let interview = d.held.get(&a.id).copied();

    // Thanked.
    let thanks = of(msgs, &[Purpose::ThankYou]);
    let thanked = thanks
        .clone()
        .filter(|m| m.status == MessageStatus::Sent)
        .filter_map(sent_on)
        .min();
    let thanked = match (thanked, thanks.clone().any(|m| pending(&m))) {
        (Some(on), _) => cell(
            Step::Thanked,
            CellState::Done,
            format!("Thanked {}", short(on)),
            None,
        ),
        (None, true) => cell(Step::Thanked, CellState::Waiting, "On its way", None),
        (None, false) if !open => cell(Step::Thanked, CellState::NotNeeded, "Not thanked", None),
        (None, false) => {
            let late = interview.is_some_and(|i| working_days_between(i, today) > 2);
            cell(
                Step::Thanked,
                if late {
                    CellState::Late
                } else {
                    CellState::ToDo
                },
                if late {
                    "Not thanked yet: over 2 working days"
                } else {
                    "Not thanked yet"
                },
                Some(NextAction::DraftThankYou),
            )
        }
    };

    // The news promised by a date.
    let promises: Vec<&reminder::Model> = d
        .reminders
        .get(&a.id)
        .map(|v| {
            v.iter()
                .filter(|r| r.kind == ReminderKind::PromisedFollowUp)
                .collect()
        })
        .unwrap_or_default();
    let promise_day = |r: &reminder::Model| {
        NaiveDate::parse_from_str(r.due_local.get(..10).unwrap_or(""), "%Y-%m-%d").ok()
    };
    let news = match promises.last() {
        None if open => cell(
            Step::NewsBy,
            CellState::ToDo,
            "No date promised",
            Some(NextAction::DraftThankYou),
        ),
        None => cell(Step::NewsBy, CellState::NotNeeded, "No date promised", None),
        Some(r) => {
            let by = promise_day(r).map(short).unwrap_or_default();
            match r.done_at {
                Some(done) => {
                    let kept = local_date(done, tz);
                    let late = promise_day(r).is_some_and(|p| kept > p);
                    cell(
                        Step::NewsBy,
                        CellState::Done,
                        format!(
                            "By {by}: kept {}{}",
                            short(kept),
                            if late { ", late" } else { "" }
                        ),
                        None,
                    )
                }
                None if promise_day(r).is_some_and(|p| p < today) => cell(
                    Step::NewsBy,
                    CellState::Late,
                    format!("By {by}: late"),
                    Some(NextAction::NeedMoreTime),
                ),
                None => cell(
                    Step::NewsBy,
                    CellState::Waiting,
                    format!("By {by}"),
                    Some(NextAction::NeedMoreTime),
                ),
            }
        }
    };

    // The decision.
    let place = |p: i32| match p {
        1 => "1st",
        2 => "2nd",
        _ => "3rd",
    };
    let decision = match a.stage {
        Stage::Hired => cell(Step::Decision, CellState::Done, "Hired", None),
        Stage::Offer => cell(Step::Decision, CellState::Done, "First choice: offer", None),
        Stage::Finalist => match a.place {
            Some(p) => cell(
                Step::Decision,
                CellState::Done,
                format!("Finalist, {} place", place(p)),
                None,
            ),
            None => cell(
                Step::Decision,
                CellState::ToDo,
                "Finalist, no place yet",
                None,
            ),
        },
        Stage::Rejected => cell(Step::Decision, CellState::Done, "Not this time", None),
        Stage::Withdrawn => cell(Step::Decision, CellState::NotNeeded, "Withdrew", None),
        _ => cell(Step::Decision, CellState::ToDo, "Not decided", None),
    };

    // Told, with feedback or not.
    let finals = of(
        msgs,
        &[Purpose::Rejection, Purpose::RunnerUp, Purpose::RoleFilled],
    );
    let told = finals
        .clone()
        .filter(|m| m.status == MessageStatus::Sent)
        .last();
    let told = match told {
        Some(m) => cell(
            Step::Told,
            CellState::Done,
            format!(
                "Told {}, {}",
                sent_on(m).map(short).unwrap_or_default(),
                if m.feedback_given {
                    "with feedback"
                } else {
                    "without feedback"
                }
            ),
            None,
        ),
        None if finals.clone().any(|m| pending(&m)) => {
            cell(Step::Told, CellState::Waiting, "On its way", None)
        }
        None if matches!(a.stage, Stage::Hired | Stage::Withdrawn) => {
            cell(Step::Told, CellState::NotNeeded, "—", None)
        }
        None if matches!(a.stage, Stage::Offer) => {
            cell(Step::Told, CellState::NotNeeded, "Offer out", None)
        }
        None if held_back => cell(
            Step::Told,
            CellState::Waiting,
            "Wait: the offer is open",
            Some(NextAction::Reject),
        ),
        None if next_choice => cell(Step::Told, CellState::NotNeeded, "Your next choice", None),
        None if a.stage == Stage::Rejected => cell(
            Step::Told,
            CellState::Late,
            "Not told yet",
            Some(NextAction::Reject),
        ),
        None if runner_up => cell(
            Step::Told,
            CellState::ToDo,
            "Not told yet",
            Some(NextAction::RunnerUpMessage),
        ),
        None => cell(
            Step::Told,
            CellState::ToDo,
            "Not told yet",
            Some(NextAction::Reject),
        ),
    };

    // Runner-up consent.
    let consent = d.consent_until.get(&c.id).copied().flatten();
    let asked = of(msgs, &[Purpose::RunnerUp, Purpose::ConsentRenewal])
        .any(|m| m.status == MessageStatus::Sent);
    let runner = match consent {
        Some(until) if until >= today => cell(
            Step::RunnerUpConsent,
            CellState::Done,
            format!("In the pool until {}", short(until)),
            None,
        ),
        _ if !runner_up => cell(Step::RunnerUpConsent, CellState::NotNeeded, "—", None),
        _ if asked => cell(
            Step::RunnerUpConsent,
            CellState::Waiting,
            "Asked; no answer yet",
            None,
        ),
        _ if held_back => cell(
            Step::RunnerUpConsent,
            CellState::Waiting,
            "Ask once the offer is accepted",
            None,
        ),
        _ => cell(
            Step::RunnerUpConsent,
            CellState::ToDo,
            "Not asked",
            Some(NextAction::AskConsent),
        ),
    };

    // References.
    let refs = d.referees.get(&a.id).map(Vec::as_slice).unwrap_or(&[]);
    let answered: Vec<&referee::Model> = refs.iter().filter(|r| r.answered_at.is_some()).collect();
    let avg = |f: fn(&referee::Model) -> Option<i32>| {
        let v: Vec<i32> = answered.iter().filter_map(|r| f(r)).collect();
        (!v.is_empty()).then(|| v.iter().sum::<i32>() as f32 / v.len() as f32)
    };
    let fmt = |x: Option<f32>| x.map(|x| format!("{x:.1}")).unwrap_or_else(|| "–".into());
    let references = if !answered.is_empty() {
        let (t, i) = (avg(|r| r.technical_rating), avg(|r| r.interpersonal_rating));
        let both = t.is_some() && i.is_some();
        cell(
            Step::References,
            if both {
                CellState::Done
            } else {
                CellState::Waiting
            },
            format!(
                "{} of {} in · technical {} · with others {}",
                answered.len(),
                refs.len(),
                fmt(t),
                fmt(i)
            ),
            (!both).then_some(NextAction::RequestReference),
        )
    } else if !refs.is_empty() {
        cell(
            Step::References,
            CellState::Waiting,
            format!("{} asked, none in", refs.len()),
            None,
        )
    } else if matches!(a.stage, Stage::Finalist | Stage::Offer) {
        cell(
            Step::References,
            CellState::ToDo,
            "None asked",
            Some(NextAction::RequestReference),
        )
    } else {
        cell(Step::References, CellState::NotNeeded, "—", None)
    };

    // The background check, for the one they mean to hire.
    let check = match d.checks.get(&a.id) {
        Some(CheckStatus::Clear) => cell(Step::BackgroundCheck, CellState::Done, "Clear", None),
        Some(CheckStatus::NeedsReview) => cell(
            Step::BackgroundCheck,
            CellState::ToDo,
            "Needs your review",
            None,
        ),
        Some(s) if s.pending() => cell(
            Step::BackgroundCheck,
            CellState::Waiting,
            "Not back yet",
            None,
        ),
        _ if chosen && a.stage != Stage::Hired => cell(
            Step::BackgroundCheck,
            CellState::ToDo,
            "Not started",
            Some(NextAction::StartCheck),
        ),
        _ => cell(Step::BackgroundCheck, CellState::NotNeeded, "—", None),
    };

    // The offer.
    let offer = match d.offers.get(&a.id).map(|o| offer_view(o.clone(), at)) {
        Some(o) => {
            let until = NaiveDate::parse_from_str(&o.expires_on, "%Y-%m-%d")
                .map(short)
                .unwrap_or_default();
            match o.status {
                OfferStatus::Extended => cell(
                    Step::Offer,
                    CellState::Waiting,
                    format!("Out, open until {until}"),
                    None,
                ),
                OfferStatus::Accepted => cell(Step::Offer, CellState::Done, "Accepted", None),
                OfferStatus::Declined => cell(Step::Offer, CellState::NotNeeded, "Declined", None),
                OfferStatus::Withdrawn => {
                    cell(Step::Offer, CellState::NotNeeded, "Withdrawn", None)
                }
                OfferStatus::Expired => cell(
                    Step::Offer,
                    CellState::Late,
                    format!("Expired {until}"),
                    Some(NextAction::ExtendOffer),
                ),
            }
        }
        None if next_choice => cell(
            Step::Offer,
            CellState::ToDo,
            "Next choice: not made",
            Some(NextAction::ExtendOffer),
        ),
        None if a.stage == Stage::Finalist && a.place == Some(1) => cell(
            Step::Offer,
            CellState::ToDo,
            "Not made",
            Some(NextAction::ExtendOffer),
        ),
        None => cell(Step::Offer, CellState::NotNeeded, "—", None),
    };

    // The welcome plan.
    let steps: Vec<&reminder::Model> = d
        .reminders
        .get(&a.id)
        .map(|v| {
            v.iter()
                .filter(|r| r.kind == ReminderKind::WelcomeStep)
                .collect()
        })
        .unwrap_or_default();
    let done = steps.iter().filter(|r| r.done_at.is_some()).count();
    let welcome = if a.stage == Stage::Hired && !steps.is_empty() {
        cell(
            Step::Welcome,
            if done == steps.len() {
                CellState::Done
            } else {
                CellState::Waiting
            },
            format!("{done} of {} done", steps.len()),
            (done < steps.len()).then_some(NextAction::WelcomePlan),
        )
    } else {
        cell(Step::Welcome, CellState::NotNeeded, "—", None)
    };

    BoardRow {
        application_id: a.id,
        candidate_id: c.id,
        candidate_name: c.full_name(),
        stage: a.stage,
        place: a.place,
        cells: vec![
            thanked, news, decision, told, runner, references, check, offer, welcome,
        ],
    }
}

/// What is left for the role, in one sentence: who waits for news, whose promise is late,
/// whose references are not in, the offer that is out, the welcome plan.
fn summary(rows: &[BoardRow], d: &Loaded) -> String {
    let first = |r: &BoardRow| {
        d.people
            .get(&r.candidate_id)
            .map(|c| c.first_name.clone())
            .unwrap_or_default()
    };
    let mut parts: Vec<String> = vec![];
    let waiting = rows
        .iter()
        .filter(|r| {
            matches!(
                cell_at(r, Step::Told).state,
                CellState::ToDo | CellState::Late
            )
        })
        .count();
    let held = rows
        .iter()
        .filter(|r| cell_at(r, Step::Told).text.starts_with("Wait"))
        .count();
    for r in rows {
        if cell_at(r, Step::Offer).text.starts_with("Next choice") {
            parts.push(format!(
                "{} is your next choice: extend an offer when you are ready",
                first(r)
            ));
        }
    }
    if waiting > 0 {
        parts.push(if waiting == 1 {
            "1 person is waiting for news".into()
        } else {
            format!("{waiting} people are waiting for news")
        });
    }
    let late: Vec<String> = rows
        .iter()
        .filter(|r| cell_at(r, Step::NewsBy).state == CellState::Late)
        .map(first)
        .collect();
    if !late.is_empty() {
        parts.push(format!("the date you promised {} has passed", join(&late)));
    }
    let refs: Vec<String> = rows
        .iter()
        .filter(|r| {
            matches!(
                cell_at(r, Step::References).state,
                CellState::ToDo | CellState::Waiting
            )
        })
        .map(first)
        .collect();
    if !refs.is_empty() {
        parts.push(format!("{}'s references are not in", join(&refs)));
    }
    for r in rows {
        let o = cell_at(r, Step::Offer);
        if o.state == CellState::Waiting {
            let open = o.text.strip_prefix("Out, ").unwrap_or(&o.text);
            parts.push(format!("{}'s offer is {open}", first(r)));
        }
    }
    if held > 0 {
        parts.push(if held == 1 {
            "1 runner-up waits for the offer's answer".into()
        } else {
            format!("{held} runner-ups wait for the offer's answer")
        });
    }
    for r in rows {
        let w = cell_at(r, Step::Welcome);
        if w.state == CellState::Waiting {
            parts.push(format!("{}'s welcome plan: {}", first(r), w.text));
        }
    }
    if rows.is_empty() {
        return "Nobody has been interviewed for this role yet.".into();
    }
    if parts.is_empty() {
        return "Nothing is left for this role: everyone has heard from you.".into();
    }
    let s = parts.join("; ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => format!("{}{}.", f.to_uppercase(), c.as_str()),
        None => s,
    }
}

/// The messages of these purposes, oldest first.
fn of<'a>(
    msgs: &'a [message::Model],
    p: &'a [Purpose],
) -> impl Iterator<Item = &'a message::Model> + Clone + 'a {
    msgs.iter()
        .filter(move |m| m.purpose.is_some_and(|x| p.contains(&x)))
}

fn cell_at(r: &BoardRow, s: Step) -> &BoardCell {
    r.cells
        .iter()
        .find(|c| c.step == s)
        .expect("every row has every step")
}

fn join(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
