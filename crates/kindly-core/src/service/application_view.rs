//! How an application reads in the window: its role, stage and interviews, with its latest
//! offer and its background check. One read model under the actions that change them
//! (`applications`, `offers`, `checks`), so each of those can answer with the whole view and
//! none of them needs another.

use super::{now, ts};
pub use crate::domain::states::{CheckStatus, OfferStatus};
use crate::domain::Stage;
use crate::error::{CoreError, Result};
use crate::schedule;
use crate::store::entities::{application, background_check as bc, interview, offer, role};
use crate::store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Interview {
    pub id: i32,
    /// `YYYY-MM-DD`.
    pub held_on: String,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ApplicationView {
    pub id: i32,
    pub candidate_id: i32,
    pub role_id: i32,
    pub role_title: String,
    pub stage: Stage,
    /// 1st, 2nd or 3rd, for finalists (kept after a decision).
    pub place: Option<i32>,
    /// Where this application may move next.
    pub next_stages: Vec<Stage>,
    pub stage_changed_at: String,
    /// Oldest first.
    pub interviews: Vec<Interview>,
    /// Why it was closed, when it was rejected or withdrawn with a reason.
    pub decision_reason: Option<String>,
    /// The latest offer, if one was extended.
    pub offer: Option<Offer>,
    pub background_check: Option<BackgroundCheck>,
}

pub(crate) async fn view<C: ConnectionTrait>(
    db: &C,
    a: application::Model,
) -> Result<ApplicationView> {
    let role_title = role::Entity::find_by_id(a.role_id)
        .one(db)
        .await?
        .map(|r| r.title)
        .unwrap_or_default();
    let interviews = interview::Entity::find()
        .filter(interview::Column::ApplicationId.eq(a.id))
        .order_by_asc(interview::Column::HeldOn)
        .order_by_asc(interview::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|i| Interview {
            id: i.id,
            held_on: i.held_on.format("%Y-%m-%d").to_string(),
            notes: i.notes,
        })
        .collect();
    let stage = a.stage;
    let offer = latest_offer(db, a.id, now()).await?;
    Ok(ApplicationView {
        id: a.id,
        candidate_id: a.candidate_id,
        role_id: a.role_id,
        role_title,
        stage,
        place: a.place,
        next_stages: stage.next_stages(),
        stage_changed_at: ts(a.stage_changed_at),
        interviews,
        decision_reason: a.decision_reason,
        offer,
        background_check: check_for(db, a.id).await?,
    })
}

pub async fn get(store: &Store, id: i32) -> Result<ApplicationView> {
    let a = load(store.db(), id).await?;
    view(store.db(), a).await
}

pub async fn for_candidate(store: &Store, candidate_id: i32) -> Result<Vec<ApplicationView>> {
    let apps = application::Entity::find()
        .filter(application::Column::CandidateId.eq(candidate_id))
        .order_by_desc(application::Column::CreatedAt)
        .order_by_desc(application::Column::Id)
        .all(store.db())
        .await?;
    let mut out = Vec::with_capacity(apps.len());
    for a in apps {
        out.push(view(store.db(), a).await?);
    }
    Ok(out)
}

pub(crate) async fn load<C: ConnectionTrait>(db: &C, id: i32) -> Result<application::Model> {
    application::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| CoreError::not_found("application", id))
}

// The offer, as it reads today.

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Offer {
    pub id: i32,
    pub application_id: i32,
    pub terms: String,
    /// `YYYY-MM-DD`: proposed, then agreed on acceptance.
    pub start_date: String,
    /// `YYYY-MM-DD`: the offer stands until the end of this day in the owner's zone.
    pub expires_on: String,
    pub status: OfferStatus,
    pub reason: Option<String>,
    pub decided_at: Option<String>,
    pub created_at: String,
}

/// End of the expiry day in the offer's zone.
fn expires_at(m: &offer::Model) -> DateTime<Utc> {
    let tz = schedule::parse_zone("time_zone", &m.time_zone).unwrap_or(chrono_tz::UTC);
    let next = m.expires_on.succ_opt().unwrap_or(m.expires_on);
    schedule::to_utc(next.and_hms_opt(0, 0, 0).expect("midnight"), tz)
}

pub(crate) fn offer_view(m: offer::Model, at: DateTime<Utc>) -> Offer {
    // Expired is never stored: an offer still extended after its day reads as expired.
    let status = if m.status == OfferStatus::Extended && at >= expires_at(&m) {
        OfferStatus::Expired
    } else {
        m.status
    };
    Offer {
        id: m.id,
        application_id: m.application_id,
        terms: m.terms,
        start_date: m.start_date.format("%Y-%m-%d").to_string(),
        expires_on: m.expires_on.format("%Y-%m-%d").to_string(),
        status,
        reason: m.reason,
        decided_at: m.decided_at.map(ts),
        created_at: ts(m.created_at),
    }
}

/// The latest offer on an application.
pub(crate) async fn latest_offer<C: ConnectionTrait>(
    db: &C,
    application_id: i32,
    at: DateTime<Utc>,
) -> Result<Option<Offer>> {
    Ok(offer::Entity::find()
        .filter(offer::Column::ApplicationId.eq(application_id))
        .order_by_desc(offer::Column::Id)
        .one(db)
        .await?
        .map(|m| offer_view(m, at)))
}

// The background check.

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BackgroundCheck {
    pub id: i32,
    pub application_id: i32,
    pub provider: String,
    pub requested_on: Option<String>,
    pub status: CheckStatus,
    pub completed_on: Option<String>,
    pub notes: Option<String>,
    pub updated_at: String,
}

fn day(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

pub(crate) fn check_view(m: bc::Model) -> BackgroundCheck {
    BackgroundCheck {
        id: m.id,
        application_id: m.application_id,
        provider: m.provider,
        requested_on: day(m.requested_on),
        status: m.status,
        completed_on: day(m.completed_on),
        notes: m.notes,
        updated_at: ts(m.updated_at),
    }
}

pub(crate) async fn check_for<C: ConnectionTrait>(
    db: &C,
    application_id: i32,
) -> Result<Option<BackgroundCheck>> {
    Ok(bc::Entity::find()
        .filter(bc::Column::ApplicationId.eq(application_id))
        .one(db)
        .await?
        .map(check_view))
}
