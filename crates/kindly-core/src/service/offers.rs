//! Offers: extended with terms, a proposed start and an expiry (a reminder comes before it
//! expires), then accepted, declined or withdrawn. An acceptance hires the candidate, fills
//! the role, starts the welcome plan and lists who in the role still waits for news.

use super::application_view::{self, latest_offer, offer_view, ApplicationView, CheckStatus};
pub use super::application_view::{Offer, OfferStatus};
use super::applications;
use super::decisions::{self, LooseEnd};
use super::reminders::{self, Planned, Reminder, ReminderKind};
use super::{now, record, settings};
use crate::domain::{validate, RoleStatus, Stage};
use crate::error::{CoreError, ErrorCode, Result};
use crate::schedule;
use crate::store::entities::{application, candidate, offer, role};
use crate::store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct OfferInput {
    pub terms: String,
    /// `YYYY-MM-DD`.
    pub start_date: String,
    /// `YYYY-MM-DD`, today or later.
    pub expires_on: String,
    /// The owner's IANA zone.
    pub time_zone: String,
    /// The owner read what is not in yet (references, the background check) and extends the
    /// offer anyway; the choice goes on the timeline.
    #[serde(default)]
    pub go_ahead: bool,
}

/// What the guidance expects before an offer, for one finalist: references in (how many, with
/// both ratings) and the background check. Missing items are a warning, never a block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct OfferReadiness {
    pub application_id: i32,
    /// Referees asked, and those whose answer is recorded.
    pub references_asked: u32,
    pub references_received: u32,
    /// 1 to 5, over the references that rated it.
    pub technical_average: Option<f32>,
    pub interpersonal_average: Option<f32>,
    pub background_check: Option<CheckStatus>,
    /// What is not in yet, one sentence each; empty when ready.
    pub missing: Vec<String>,
}

/// What an acceptance set in motion.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Accepted {
    pub application: ApplicationView,
    pub candidate_name: String,
    pub role_title: String,
    /// Every step of the new hire's welcome plan, each a reminder.
    pub welcome_plan: Vec<Reminder>,
    /// Everyone else in the role still without a final message.
    pub loose_ends: Vec<LooseEnd>,
}

/// A hire's welcome plan, while any step is still to do.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct WelcomePlan {
    pub offer_id: i32,
    pub application_id: i32,
    pub candidate_id: i32,
    pub candidate_name: String,
    pub role_title: String,
    pub start_date: String,
    pub steps: Vec<Reminder>,
}

fn source(offer_id: i32) -> String {
    format!("offer:{offer_id}")
}

async fn load<C: ConnectionTrait>(db: &C, id: i32) -> Result<offer::Model> {
    offer::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| CoreError::not_found("offer", id))
}

async fn names<C: ConnectionTrait>(db: &C, a: &application::Model) -> Result<(String, String)> {
    let c = candidate::Entity::find_by_id(a.candidate_id)
        .one(db)
        .await?
        .ok_or_else(|| CoreError::not_found("candidate", a.candidate_id))?;
    let r = role::Entity::find_by_id(a.role_id)
        .one(db)
        .await?
        .ok_or_else(|| CoreError::not_found("role", a.role_id))?;
    Ok((c.full_name(), r.title))
}

fn long_date(d: NaiveDate) -> String {
    d.format("%A %-d %B %Y").to_string()
}

/// What is in, and what is not yet, before an offer to this application.
pub async fn readiness(store: &Store, application_id: i32) -> Result<OfferReadiness> {
    let refs = super::references::summary(store, application_id).await?;
    let received = refs
        .referees
        .iter()
        .filter(|r| r.answered_at.is_some())
        .count() as u32;
    let check = application_view::get(store, application_id)
        .await?
        .background_check
        .map(|c| c.status);
    let mut missing = vec![];
    if received == 0 {
        missing.push(if refs.referees.is_empty() {
            "No reference has been asked for yet.".to_string()
        } else {
            "No reference is in yet.".to_string()
        });
    } else {
        if refs.technical_average.is_none() {
            missing.push("No reference has rated their technical skills yet.".to_string());
        }
        if refs.interpersonal_average.is_none() {
            missing.push("No reference has said how they work with others yet.".to_string());
        }
    }
    match check {
        None | Some(CheckStatus::NotStarted) => {
            missing.push("The background check has not started.".to_string())
        }
        Some(s) if s.pending() => missing.push("The background check is not back yet.".to_string()),
        Some(CheckStatus::NeedsReview) => {
            missing.push("The background check needs your review.".to_string())
        }
        Some(_) => {}
    }
    Ok(OfferReadiness {
        application_id,
        references_asked: refs.referees.len() as u32,
        references_received: received,
        technical_average: refs.technical_average,
        interpersonal_average: refs.interpersonal_average,
        background_check: check,
        missing,
    })
}

/// Extend an offer to a finalist (or renew one at the offer stage after an earlier offer
/// expired or was withdrawn).
pub async fn extend(
    store: &Store,
    application_id: i32,
    input: OfferInput,
    at: DateTime<Utc>,
) -> Result<Offer> {
    let terms = validate::optional_text("terms", &input.terms, 4000)?.ok_or_else(|| {
        CoreError::invalid("terms", "say what you are offering (pay, hours, role)")
    })?;
    let start_date = validate::date("start_date", &input.start_date)?;
    let expires_on = validate::date("expires_on", &input.expires_on)?;
    let tz = schedule::parse_zone("time_zone", &input.time_zone)?;
    let today = schedule::local_date(at, tz);
    if expires_on < today {
        return Err(CoreError::invalid(
            "expires_on",
            format!("{} is in the past", long_date(expires_on)),
        ));
    }
    let desk = settings::desk(store).await?;
    // What the guidance expects first: a warning the owner reads, then may go ahead.
    let ready = readiness(store, application_id).await?;
    let txn = store.db().begin().await?;
    // Held: two desktops extending an offer at once make one offer, not two.
    let mut a = applications::load_held(&txn, application_id).await?;
    let stage = a.stage;
    match stage {
        Stage::Finalist => a = applications::move_in(&txn, a, Stage::Offer, None).await?,
        Stage::Offer => {
            if let Some(o) = latest_offer(&txn, application_id, at).await? {
                if o.status == OfferStatus::Extended {
                    return Err(CoreError::conflict(
                        "application_id",
                        format!(
                            "an offer extended on {} is still open until {}; record its answer or withdraw it first",
                            &o.created_at[..10],
                            o.expires_on
                        ),
                    ));
                }
            }
        }
        other => {
            return Err(CoreError::new(
                ErrorCode::ForbiddenTransition,
                format!(
                    "An offer goes to a finalist; this application is {}.",
                    other.label()
                ),
            ))
        }
    }
    if !ready.missing.is_empty() && !input.go_ahead {
        return Err(CoreError {
            field: Some("go_ahead".into()),
            ..CoreError::new(
                ErrorCode::NeedsConfirmation,
                format!(
                    "Before an offer, the guidance expects references and the background check. {} Extend it anyway, or wait.",
                    ready.missing.join(" ")
                ),
            )
        });
    }
    let (name, role_title) = names(&txn, &a).await?;
    let t = now();
    let m = offer::ActiveModel {
        application_id: Set(application_id),
        terms: Set(terms),
        start_date: Set(start_date),
        expires_on: Set(expires_on),
        time_zone: Set(tz.name().to_string()),
        status: Set(OfferStatus::Extended),
        reason: Set(None),
        decided_at: Set(None),
        created_at: Set(t),
        updated_at: Set(t),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // The reminder comes the chosen number of days before, at 09:00 (today at the latest).
    let remind_on = (expires_on - chrono::Days::new(desk.offer_reminder_days.into())).max(today);
    reminders::insert_in(
        &txn,
        Planned {
            title: format!("Offer to {name} expires {}", expires_on.format("%A %-d %B")),
            kind: ReminderKind::OfferExpiry,
            candidate_id: Some(a.candidate_id),
            role_id: Some(a.role_id),
            application_id: Some(application_id),
            local: schedule::morning_local(remind_on),
            tz,
            source: source(m.id),
        },
        t,
    )
    .await?;
    if !ready.missing.is_empty() {
        record(
            &txn,
            a.candidate_id,
            Some(application_id),
            "offer_without_checks",
            format!(
                "You chose to make the offer before everything was in: {}",
                ready.missing.join(" ")
            ),
        )
        .await?;
    }
    record(
        &txn,
        a.candidate_id,
        Some(application_id),
        "offer_extended",
        format!(
            "Offer extended for {role_title}: start {}, open until {}",
            long_date(start_date),
            long_date(expires_on)
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(offer_view(m, at))
}

/// The offer must still be waiting for an answer (an expired one can still be declined or
/// withdrawn, not accepted).
fn open_offer(m: &offer::Model, at: DateTime<Utc>, accepting: bool) -> Result<()> {
    match offer_view(m.clone(), at).status {
        OfferStatus::Extended => Ok(()),
        OfferStatus::Expired if !accepting => Ok(()),
        OfferStatus::Expired => Err(CoreError::conflict(
            "offer_id",
            format!(
                "this offer expired at the end of {}; extend a new one to record an acceptance",
                long_date(m.expires_on)
            ),
        )),
        s => Err(CoreError::conflict(
            "offer_id",
            format!("this offer was already {}", m.status)
                + if s == OfferStatus::Accepted {
                    ""
                } else {
                    "; extend a new one if things changed"
                },
        )),
    }
}

/// The candidate said yes: hired, the role filled, the welcome plan started.
pub async fn accept(
    store: &Store,
    offer_id: i32,
    start_date: Option<&str>,
    at: DateTime<Utc>,
) -> Result<Accepted> {
    let start = match start_date.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(validate::date("start_date", s)?),
        None => None,
    };
    let desk = settings::desk(store).await?;
    let txn = store.db().begin().await?;
    let o = load(&txn, offer_id).await?;
    open_offer(&o, at, true)?;
    let tz = schedule::parse_zone("time_zone", &o.time_zone)?;
    let start = start.unwrap_or(o.start_date);
    // Held, then the offer checked again: one desktop records the answer, the other is told.
    let a = applications::load_held(&txn, o.application_id).await?;
    open_offer(&load(&txn, offer_id).await?, at, true)?;
    let a = applications::move_in(&txn, a, Stage::Hired, None).await?;
    let (name, role_title) = names(&txn, &a).await?;
    let t = now();
    let mut am: offer::ActiveModel = o.into();
    am.status = Set(OfferStatus::Accepted);
    am.start_date = Set(start);
    am.decided_at = Set(Some(t));
    am.updated_at = Set(t);
    am.update(&txn).await?;
    role::Entity::update_many()
        .col_expr(
            role::Column::Status,
            sea_orm::sea_query::Expr::value(RoleStatus::Filled),
        )
        .col_expr(role::Column::UpdatedAt, sea_orm::sea_query::Expr::value(t))
        .filter(role::Column::Id.eq(a.role_id))
        .exec(&txn)
        .await?;
    reminders::complete_from_in(&txn, &source(offer_id), ReminderKind::OfferExpiry, t).await?;
    for step in &desk.welcome_plan {
        let day = if step.days_from_start >= 0 {
            start + chrono::Days::new(step.days_from_start as u64)
        } else {
            start - chrono::Days::new(step.days_from_start.unsigned_abs() as u64)
        };
        reminders::insert_in(
            &txn,
            Planned {
                title: step.title.clone(),
                kind: ReminderKind::WelcomeStep,
                candidate_id: Some(a.candidate_id),
                role_id: Some(a.role_id),
                application_id: Some(a.id),
                local: schedule::morning_local(day),
                tz,
                source: source(offer_id),
            },
            t,
        )
        .await?;
    }
    record(
        &txn,
        a.candidate_id,
        Some(a.id),
        "offer_accepted",
        format!(
            "Accepted the offer for {role_title}; starts {}",
            long_date(start)
        ),
    )
    .await?;
    let application = application_view::view(&txn, a.clone()).await?;
    txn.commit().await?;
    Ok(Accepted {
        application,
        candidate_name: name,
        role_title,
        welcome_plan: reminders::from_sources(store, vec![source(offer_id)], at)
            .await?
            .into_iter()
            .filter(|r| r.kind == ReminderKind::WelcomeStep)
            .collect(),
        loose_ends: decisions::loose_ends(store, a.role_id).await?,
    })
}

fn reason(field: &str, r: &str, what: &str) -> Result<String> {
    validate::optional_line(field, r, 300)?
        .ok_or_else(|| CoreError::invalid(field, format!("say why the offer was {what}")))
}

/// The candidate said no: the application is withdrawn, with their reason.
pub async fn decline(
    store: &Store,
    offer_id: i32,
    why: &str,
    at: DateTime<Utc>,
) -> Result<ApplicationView> {
    let why = reason("reason", why, "declined")?;
    answer(store, offer_id, OfferStatus::Declined, why, at).await
}

/// The owner takes the offer back: the application returns to the finalists.
pub async fn withdraw(
    store: &Store,
    offer_id: i32,
    why: &str,
    at: DateTime<Utc>,
) -> Result<ApplicationView> {
    let why = reason("reason", why, "withdrawn")?;
    answer(store, offer_id, OfferStatus::Withdrawn, why, at).await
}

async fn answer(
    store: &Store,
    offer_id: i32,
    status: OfferStatus,
    why: String,
    at: DateTime<Utc>,
) -> Result<ApplicationView> {
    let txn = store.db().begin().await?;
    let o = load(&txn, offer_id).await?;
    let a = applications::load_held(&txn, o.application_id).await?;
    // Checked after the hold: an answer another desktop recorded a moment ago stands.
    let o = load(&txn, offer_id).await?;
    open_offer(&o, at, false)?;
    let (to, summary) = match status {
        OfferStatus::Declined => (Stage::Withdrawn, format!("Declined the offer: {why}")),
        _ => (Stage::Finalist, format!("Offer withdrawn: {why}")),
    };
    let a = if a.stage == Stage::Offer {
        let reason = (to == Stage::Withdrawn).then(|| format!("declined the offer: {why}"));
        applications::move_in(&txn, a, to, reason).await?
    } else {
        a
    };
    let t = now();
    let mut am: offer::ActiveModel = o.into();
    am.status = Set(status);
    am.reason = Set(Some(why));
    am.decided_at = Set(Some(t));
    am.updated_at = Set(t);
    am.update(&txn).await?;
    reminders::complete_from_in(&txn, &source(offer_id), ReminderKind::OfferExpiry, t).await?;
    record(&txn, a.candidate_id, Some(a.id), "offer_answered", summary).await?;
    let v = application_view::view(&txn, a).await?;
    txn.commit().await?;
    Ok(v)
}

/// Welcome plans with a step still to do, soonest start first.
pub async fn welcome_plans(store: &Store, at: DateTime<Utc>) -> Result<Vec<WelcomePlan>> {
    let accepted = offer::Entity::find()
        .filter(offer::Column::Status.eq(OfferStatus::Accepted))
        .order_by_asc(offer::Column::StartDate)
        .all(store.db())
        .await?;
    let mut out = vec![];
    for o in accepted {
        let steps: Vec<Reminder> = reminders::from_sources(store, vec![source(o.id)], at)
            .await?
            .into_iter()
            .filter(|r| r.kind == ReminderKind::WelcomeStep)
            .collect();
        if steps.iter().all(|s| s.done_at.is_some()) {
            continue;
        }
        let Some(a) = application::Entity::find_by_id(o.application_id)
            .one(store.db())
            .await?
        else {
            continue;
        };
        let (candidate_name, role_title) = names(store.db(), &a).await?;
        out.push(WelcomePlan {
            offer_id: o.id,
            application_id: a.id,
            candidate_id: a.candidate_id,
            candidate_name,
            role_title,
            start_date: o.start_date.format("%Y-%m-%d").to_string(),
            steps,
        });
    }
    Ok(out)
}
