//! The talent pool: runner-ups (and anyone the owner chooses) kept warm, only with their
//! consent on record and only until it expires; a stay-in-touch cadence that any contact
//! resets; and the members who fit a role that opens.

use super::reminders::{self, Planned, ReminderKind};
use super::{now, record, settings, tags_from_json, ts};
pub use crate::domain::states::{ConsentKind, ConsentMethod};
use crate::domain::validate;
use crate::error::{CoreError, ErrorCode, Result};
use crate::schedule;
use crate::store::entities::{
    activity, application, candidate, consent, message, pool_member, role,
};
use crate::store::Store;
use chrono::{DateTime, Months, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, SqlErr, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::{HashMap, HashSet};

/// Consent expiring within this many days is listed for renewal.
pub const EXPIRING_DAYS: i64 = 30;

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ConsentInput {
    pub candidate_id: i32,
    /// Required for consent to contact references (it is for one application).
    pub application_id: Option<i32>,
    pub kind: ConsentKind,
    /// `YYYY-MM-DD`, not in the future.
    pub given_on: String,
    pub method: ConsentMethod,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Consent {
    pub id: i32,
    pub candidate_id: i32,
    pub application_id: Option<i32>,
    pub kind: ConsentKind,
    pub given_on: String,
    pub method: ConsentMethod,
    /// Talent-pool consent ends on this day.
    pub expires_on: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PoolStatus {
    Active,
    /// Consent ends within 30 days: ask to renew it.
    Expiring,
    /// Consent has ended: out of the pool and out of suggestions until it is renewed.
    Expired,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PoolMember {
    pub id: i32,
    pub candidate_id: i32,
    pub candidate_name: String,
    pub email: String,
    pub application_id: Option<i32>,
    /// The role they were placed in, when they came from one.
    pub role_id: Option<i32>,
    pub role_title: Option<String>,
    pub place: Option<i32>,
    pub joined_at: String,
    pub consent_given_on: Option<String>,
    pub consent_expires_on: Option<String>,
    pub last_contact_at: String,
    /// `YYYY-MM-DD`: when the next check-in is due.
    pub next_contact_on: String,
    pub contact_overdue: bool,
    pub status: PoolStatus,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct PoolInput {
    pub candidate_id: i32,
    pub application_id: Option<i32>,
    /// How and when they agreed.
    pub given_on: String,
    pub method: ConsentMethod,
    pub notes: String,
    /// The owner's IANA zone, for the stay-in-touch reminders.
    pub time_zone: String,
}

/// A pool member who fits an open role, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Suggestion {
    pub member: PoolMember,
    pub similarity: u32,
    /// "Same words in the title: barista", "Shared tags: coffee"…
    pub reasons: Vec<String>,
}

fn consent_view(m: consent::Model) -> Consent {
    Consent {
        id: m.id,
        candidate_id: m.candidate_id,
        application_id: m.application_id,
        kind: m.kind,
        given_on: m.given_on.format("%Y-%m-%d").to_string(),
        method: m.method,
        expires_on: m.expires_on.map(|d| d.format("%Y-%m-%d").to_string()),
        notes: m.notes,
    }
}

async fn insert_consent<C: ConnectionTrait>(
    db: &C,
    input: &ConsentInput,
    consent_months: u32,
    at: DateTime<Utc>,
) -> Result<consent::Model> {
    let given_on = validate::date("given_on", &input.given_on)?;
    if given_on > at.date_naive() + chrono::Days::new(1) {
        return Err(CoreError::invalid("given_on", "is in the future"));
    }
    let notes = validate::optional_text("notes", &input.notes, 2000)?;
    candidate::Entity::find_by_id(input.candidate_id)
        .one(db)
        .await?
        .ok_or_else(|| CoreError::not_found("candidate", input.candidate_id))?;
    let expires_on = match input.kind {
        ConsentKind::TalentPool => Some(
            given_on
                .checked_add_months(Months::new(consent_months))
                .unwrap_or(given_on),
        ),
        ConsentKind::References => {
            let Some(app_id) = input.application_id else {
                return Err(CoreError::invalid(
                    "application_id",
                    "consent to contact references is for one application",
                ));
            };
            let a = application::Entity::find_by_id(app_id)
                .one(db)
                .await?
                .ok_or_else(|| CoreError::not_found("application", app_id))?;
            if a.candidate_id != input.candidate_id {
                return Err(CoreError::invalid(
                    "application_id",
                    "that application belongs to someone else",
                ));
            }
            None
        }
    };
    let m = consent::ActiveModel {
        candidate_id: Set(input.candidate_id),
        application_id: Set(input.application_id),
        kind: Set(input.kind),
        given_on: Set(given_on),
        method: Set(input.method),
        expires_on: Set(expires_on),
        notes: Set(notes),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let what = match input.kind {
        ConsentKind::TalentPool => format!(
            "Consent to stay in touch, given {} ({}), until {}",
            given_on.format("%-d %B %Y"),
            input.method.to_string().replace('_', " "),
            expires_on
                .map(|d| d.format("%-d %B %Y").to_string())
                .unwrap_or_default()
        ),
        ConsentKind::References => format!(
            "Consent to contact references, given {} ({})",
            given_on.format("%-d %B %Y"),
            input.method.to_string().replace('_', " ")
        ),
    };
    record(
        db,
        input.candidate_id,
        input.application_id,
        "consent",
        what,
    )
    .await?;
    Ok(m)
}

/// Record a consent (a renewal is a new one: the latest decides).
pub async fn record_consent(
    store: &Store,
    input: ConsentInput,
    at: DateTime<Utc>,
) -> Result<Consent> {
    let months = settings::desk(store).await?.consent_months;
    let txn = store.db().begin().await?;
    let m = insert_consent(&txn, &input, months, at).await?;
    txn.commit().await?;
    Ok(consent_view(m))
}

/// The latest talent-pool consent of each candidate.
pub(crate) async fn pool_consents<C: ConnectionTrait>(
    db: &C,
    candidate_ids: Vec<i32>,
) -> Result<HashMap<i32, consent::Model>> {
    let mut out = HashMap::new();
    for c in consent::Entity::find()
        .filter(consent::Column::CandidateId.is_in(candidate_ids))
        .filter(consent::Column::Kind.eq(ConsentKind::TalentPool))
        .order_by_asc(consent::Column::Id)
        .all(db)
        .await?
    {
        out.insert(c.candidate_id, c);
    }
    Ok(out)
}

/// Does this candidate have talent-pool consent that has not ended by `today`?
pub(crate) async fn has_pool_consent<C: ConnectionTrait>(
    db: &C,
    candidate_id: i32,
    today: NaiveDate,
) -> Result<bool> {
    Ok(pool_consents(db, vec![candidate_id])
        .await?
        .get(&candidate_id)
        .and_then(|c| c.expires_on)
        .is_some_and(|e| e >= today))
}

/// The consent to contact references for an application, if given.
pub async fn references_consent<C: ConnectionTrait>(
    db: &C,
    application_id: i32,
) -> Result<Option<Consent>> {
    Ok(consent::Entity::find()
        .filter(consent::Column::ApplicationId.eq(application_id))
        .filter(consent::Column::Kind.eq(ConsentKind::References))
        .order_by_desc(consent::Column::Id)
        .one(db)
        .await?
        .map(consent_view))
}

fn source(member_id: i32) -> String {
    format!("pool:{member_id}")
}

/// The next check-in: a stay-in-touch reminder `cadence` days after the last contact.
async fn plan_check_in<C: ConnectionTrait>(
    db: &C,
    m: &pool_member::Model,
    name: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    reminders::complete_from_in(db, &source(m.id), ReminderKind::StayInTouch, at).await?;
    let tz = schedule::parse_zone("time_zone", &m.time_zone)?;
    let day = schedule::local_date(m.last_contact_at, tz)
        + chrono::Days::new(m.cadence_days.max(1) as u64);
    reminders::insert_in(
        db,
        Planned {
            title: format!("Check in with {name}"),
            kind: ReminderKind::StayInTouch,
            candidate_id: Some(m.candidate_id),
            role_id: None,
            application_id: m.application_id,
            local: schedule::morning_local(day),
            tz,
            source: source(m.id),
        },
        at,
    )
    .await?;
    Ok(())
}

/// The talent-pool change another desktop made first (`kind` is its timeline entry), and who
/// made it.
async fn pool_changed_meanwhile<C: ConnectionTrait>(
    db: &C,
    c: &candidate::Model,
    kind: &str,
) -> Result<CoreError> {
    let by = activity::Entity::find()
        .filter(activity::Column::CandidateId.eq(c.id))
        .filter(activity::Column::Kind.eq(kind))
        .order_by_desc(activity::Column::Id)
        .one(db)
        .await?
        .and_then(|e| e.actor)
        .map(|w| format!(" by {w}"))
        .unwrap_or_default();
    let what = if kind == "pool_left" {
        "taken out of"
    } else {
        "added to"
    };
    Ok(CoreError::conflict(
        "candidate_id",
        format!(
            "{} was already {what} the talent pool{by}; nothing was changed.",
            c.full_name()
        ),
    ))
}

/// Add someone to the talent pool with the consent they gave (recorded in the same step).
pub async fn add(store: &Store, input: PoolInput, at: DateTime<Utc>) -> Result<PoolMember> {
    let desk = settings::desk(store).await?;
    let tz = schedule::parse_zone("time_zone", &input.time_zone)?;
    let txn = store.db().begin().await?;
    let c = candidate::Entity::find_by_id(input.candidate_id)
        .one(&txn)
        .await?
        .ok_or_else(|| CoreError::not_found("candidate", input.candidate_id))?;
    let existing = pool_member::Entity::find()
        .filter(pool_member::Column::CandidateId.eq(c.id))
        .one(&txn)
        .await?;
    if existing.as_ref().is_some_and(|m| m.left_at.is_none()) {
        return Err(pool_changed_meanwhile(&txn, &c, "pool_joined").await?);
    }
    if let Some(app_id) = input.application_id {
        let a = application::Entity::find_by_id(app_id)
            .one(&txn)
            .await?
            .ok_or_else(|| CoreError::not_found("application", app_id))?;
        if a.candidate_id != c.id {
            return Err(CoreError::invalid(
                "application_id",
                "that application belongs to someone else",
            ));
        }
    }
    let consent = ConsentInput {
        candidate_id: c.id,
        application_id: input.application_id,
        kind: ConsentKind::TalentPool,
        given_on: input.given_on.clone(),
        method: input.method,
        notes: input.notes.clone(),
    };
    insert_consent(&txn, &consent, desk.consent_months, at).await?;
    let t = now();
    let m = match existing {
        // Back after leaving: only while they are still out. A desktop that added them a moment
        // ago wins, and this is refused rather than planned twice.
        Some(old) => {
            let res = pool_member::Entity::update_many()
                .col_expr(
                    pool_member::Column::ApplicationId,
                    Expr::value(input.application_id),
                )
                .col_expr(pool_member::Column::JoinedAt, Expr::value(t))
                .col_expr(
                    pool_member::Column::CadenceDays,
                    Expr::value(desk.stay_in_touch_days as i32),
                )
                .col_expr(
                    pool_member::Column::TimeZone,
                    Expr::value(tz.name().to_string()),
                )
                .col_expr(pool_member::Column::LastContactAt, Expr::value(at))
                .col_expr(
                    pool_member::Column::LeftAt,
                    Expr::value(None::<DateTime<Utc>>),
                )
                .col_expr(pool_member::Column::LeftReason, Expr::value(None::<String>))
                .col_expr(pool_member::Column::UpdatedAt, Expr::value(t))
                .filter(pool_member::Column::Id.eq(old.id))
                .filter(pool_member::Column::LeftAt.is_not_null())
                .exec(&txn)
                .await?;
            if res.rows_affected == 0 {
                return Err(pool_changed_meanwhile(&txn, &c, "pool_joined").await?);
            }
            pool_member::Entity::find_by_id(old.id)
                .one(&txn)
                .await?
                .ok_or_else(|| CoreError::not_found("pool member", old.id))?
        }
        None => {
            let inserted = pool_member::ActiveModel {
                candidate_id: Set(c.id),
                application_id: Set(input.application_id),
                joined_at: Set(t),
                cadence_days: Set(desk.stay_in_touch_days as i32),
                time_zone: Set(tz.name().to_string()),
                last_contact_at: Set(at),
                left_at: Set(None),
                left_reason: Set(None),
                created_at: Set(t),
                updated_at: Set(t),
                ..Default::default()
            }
            .insert(&txn)
            .await;
            match inserted {
                Ok(m) => m,
                // Another desktop added them between the check above and this insert (one row
                // per person is the table's rule): theirs stands.
                Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                    drop(txn);
                    return Err(pool_changed_meanwhile(store.db(), &c, "pool_joined").await?);
                }
                Err(e) => return Err(e.into()),
            }
        }
    };
    plan_check_in(&txn, &m, &c.full_name(), at).await?;
    record(
        &txn,
        c.id,
        input.application_id,
        "pool_joined",
        "Joined the talent pool".into(),
    )
    .await?;
    txn.commit().await?;
    member(store, c.id, at)
        .await?
        .ok_or_else(|| CoreError::not_found("pool member", m.id))
}

async fn views(
    store: &Store,
    members: Vec<pool_member::Model>,
    at: DateTime<Utc>,
) -> Result<Vec<PoolMember>> {
    let ids: Vec<i32> = members.iter().map(|m| m.candidate_id).collect();
    let people: HashMap<i32, candidate::Model> = candidate::Entity::find()
        .filter(candidate::Column::Id.is_in(ids.clone()))
        .all(store.db())
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let consents = pool_consents(store.db(), ids).await?;
    let apps: HashMap<i32, application::Model> = application::Entity::find()
        .filter(application::Column::Id.is_in(members.iter().filter_map(|m| m.application_id)))
        .all(store.db())
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let roles: HashMap<i32, role::Model> = role::Entity::find()
        .filter(role::Column::Id.is_in(apps.values().map(|a| a.role_id)))
        .all(store.db())
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let mut out = vec![];
    for m in members {
        let Some(c) = people.get(&m.candidate_id) else {
            continue;
        };
        let tz = schedule::parse_zone("time_zone", &m.time_zone).unwrap_or(chrono_tz::UTC);
        let today = schedule::local_date(at, tz);
        let consent = consents.get(&m.candidate_id);
        let expires = consent.and_then(|c| c.expires_on);
        let status = match expires {
            Some(e) if e < today => PoolStatus::Expired,
            None => PoolStatus::Expired,
            Some(e) if (e - today).num_days() <= EXPIRING_DAYS => PoolStatus::Expiring,
            Some(_) => PoolStatus::Active,
        };
        let next = schedule::local_date(m.last_contact_at, tz)
            + chrono::Days::new(m.cadence_days.max(1) as u64);
        let app = m.application_id.and_then(|id| apps.get(&id));
        out.push(PoolMember {
            id: m.id,
            candidate_id: c.id,
            candidate_name: c.full_name(),
            email: c.email.clone(),
            application_id: m.application_id,
            role_id: app.map(|a| a.role_id),
            role_title: app
                .and_then(|a| roles.get(&a.role_id))
                .map(|r| r.title.clone()),
            place: app.and_then(|a| a.place),
            joined_at: ts(m.joined_at),
            consent_given_on: consent.map(|c| c.given_on.format("%Y-%m-%d").to_string()),
            consent_expires_on: expires.map(|d| d.format("%Y-%m-%d").to_string()),
            last_contact_at: ts(m.last_contact_at),
            next_contact_on: next.format("%Y-%m-%d").to_string(),
            contact_overdue: next < today && status != PoolStatus::Expired,
            status,
        });
    }
    Ok(out)
}

/// Everyone in the pool (expired consent included, so it can be renewed or the details
/// erased), by name.
pub async fn list(store: &Store, at: DateTime<Utc>) -> Result<Vec<PoolMember>> {
    let members = pool_member::Entity::find()
        .filter(pool_member::Column::LeftAt.is_null())
        .all(store.db())
        .await?;
    let mut v = views(store, members, at).await?;
    v.sort_by(|a, b| a.candidate_name.cmp(&b.candidate_name));
    Ok(v)
}

/// This candidate's place in the pool, if they are in it.
pub async fn member(
    store: &Store,
    candidate_id: i32,
    at: DateTime<Utc>,
) -> Result<Option<PoolMember>> {
    let m = pool_member::Entity::find()
        .filter(pool_member::Column::CandidateId.eq(candidate_id))
        .filter(pool_member::Column::LeftAt.is_null())
        .all(store.db())
        .await?;
    Ok(views(store, m, at).await?.into_iter().next())
}

/// Expired consent ends the stay-in-touch reminders: nobody is chased without consent.
pub async fn sweep(store: &Store, at: DateTime<Utc>) -> Result<u32> {
    let mut n = 0;
    for m in list(store, at).await? {
        if m.status == PoolStatus::Expired {
            reminders::complete_from_in(store.db(), &source(m.id), ReminderKind::StayInTouch, at)
                .await?;
            n += 1;
        }
    }
    Ok(n)
}

/// A contact with a pool member (a message sent to them, or one the owner logs): the cadence
/// starts again from now.
pub(crate) async fn contacted_in<C: ConnectionTrait>(
    db: &C,
    c: &candidate::Model,
    at: DateTime<Utc>,
) -> Result<bool> {
    let candidate_id = c.id;
    let Some(m) = pool_member::Entity::find()
        .filter(pool_member::Column::CandidateId.eq(candidate_id))
        .filter(pool_member::Column::LeftAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    let name = c.full_name();
    let mut am: pool_member::ActiveModel = m.into();
    am.last_contact_at = Set(at);
    am.updated_at = Set(at);
    let m = am.update(db).await?;
    if has_pool_consent(db, candidate_id, at.date_naive()).await? {
        plan_check_in(db, &m, &name, at).await?;
    }
    Ok(true)
}

/// The owner talked to a pool member another way (a call, a coffee): log it.
pub async fn log_contact(
    store: &Store,
    candidate_id: i32,
    note: &str,
    at: DateTime<Utc>,
) -> Result<PoolMember> {
    let note = validate::optional_line("note", note, 300)?;
    let txn = store.db().begin().await?;
    let c = candidate::Entity::find_by_id(candidate_id)
        .one(&txn)
        .await?
        .ok_or_else(|| CoreError::not_found("candidate", candidate_id))?;
    if !contacted_in(&txn, &c, at).await? {
        return Err(CoreError::invalid(
            "candidate_id",
            "they are not in the talent pool",
        ));
    }
    record(
        &txn,
        candidate_id,
        None,
        "pool_contact",
        match note {
            Some(n) => format!("In touch: {n}"),
            None => "In touch".into(),
        },
    )
    .await?;
    txn.commit().await?;
    member(store, candidate_id, at)
        .await?
        .ok_or_else(|| CoreError::not_found("pool member", candidate_id))
}

/// Take someone out of the pool (they asked, or the owner decided).
pub async fn leave(
    store: &Store,
    candidate_id: i32,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    let reason = validate::optional_line("reason", reason, 300)?;
    let txn = store.db().begin().await?;
    let m = pool_member::Entity::find()
        .filter(pool_member::Column::CandidateId.eq(candidate_id))
        .one(&txn)
        .await?
        .ok_or_else(|| CoreError::invalid("candidate_id", "they are not in the talent pool"))?;
    // Only if they are still in: two desktops taking the same person out at once leave one
    // entry on the timeline, and the second is told who did it.
    let res = pool_member::Entity::update_many()
        .col_expr(pool_member::Column::LeftAt, Expr::value(Some(at)))
        .col_expr(pool_member::Column::LeftReason, Expr::value(reason.clone()))
        .col_expr(pool_member::Column::UpdatedAt, Expr::value(at))
        .filter(pool_member::Column::Id.eq(m.id))
        .filter(pool_member::Column::LeftAt.is_null())
        .exec(&txn)
        .await?;
    if m.left_at.is_some() || res.rows_affected == 0 {
        let c = candidate::Entity::find_by_id(candidate_id)
            .one(&txn)
            .await?
            .ok_or_else(|| CoreError::not_found("candidate", candidate_id))?;
        return Err(pool_changed_meanwhile(&txn, &c, "pool_left").await?);
    }
    reminders::complete_from_in(&txn, &source(m.id), ReminderKind::StayInTouch, at).await?;
    record(
        &txn,
        candidate_id,
        None,
        "pool_left",
        match reason {
            Some(r) => format!("Left the talent pool: {r}"),
            None => "Left the talent pool".into(),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

const STOP_WORDS: &[&str] = &[
    "and", "the", "for", "with", "of", "a", "an", "to", "in", "at",
];

fn title_words(t: &str) -> HashSet<String> {
    t.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.len() > 1 && !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

fn lower_set(v: Vec<String>) -> HashSet<String> {
    v.into_iter().map(|s| s.trim().to_lowercase()).collect()
}

/// How alike two roles are: shared title words (3 each), shared tags (2 each), the same
/// department (1), with the reasons in words.
pub fn similarity(open: &role::Model, past: &role::Model) -> (u32, Vec<String>) {
    let mut score = 0;
    let mut reasons = vec![];
    let mut words: Vec<String> = title_words(&open.title)
        .intersection(&title_words(&past.title))
        .cloned()
        .collect();
    words.sort();
    if !words.is_empty() {
        score += 3 * words.len() as u32;
        reasons.push(format!("Title: {}", words.join(", ")));
    }
    let mut tags: Vec<String> = lower_set(tags_from_json(&open.tags))
        .intersection(&lower_set(tags_from_json(&past.tags)))
        .filter(|t| !t.is_empty())
        .cloned()
        .collect();
    tags.sort();
    if !tags.is_empty() {
        score += 2 * tags.len() as u32;
        reasons.push(format!("Tags: {}", tags.join(", ")));
    }
    let dept = |r: &role::Model| {
        r.department
            .as_deref()
            .map(|d| d.trim().to_lowercase())
            .filter(|d| !d.is_empty())
    };
    if let (Some(a), Some(b)) = (dept(open), dept(past)) {
        if a == b {
            score += 1;
            reasons.push(format!(
                "Department: {}",
                past.department.clone().unwrap_or_default()
            ));
        }
    }
    (score, reasons)
}

/// Pool members (consent current) from past roles like this one: most alike first, then
/// 2nd place before 3rd, the more recent role, the more recent contact.
pub async fn suggestions(
    store: &Store,
    role_id: i32,
    at: DateTime<Utc>,
) -> Result<Vec<Suggestion>> {
    let open = role::Entity::find_by_id(role_id)
        .one(store.db())
        .await?
        .ok_or_else(|| CoreError::not_found("role", role_id))?;
    let members = list(store, at).await?;
    let past_ids: Vec<i32> = members.iter().filter_map(|m| m.role_id).collect();
    let past: HashMap<i32, role::Model> = role::Entity::find()
        .filter(role::Column::Id.is_in(past_ids))
        .all(store.db())
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    // Someone already in this role is not a suggestion for it.
    let in_role: HashSet<i32> = application::Entity::find()
        .filter(application::Column::RoleId.eq(role_id))
        .all(store.db())
        .await?
        .into_iter()
        .map(|a| a.candidate_id)
        .collect();
    let mut out: Vec<(Suggestion, NaiveDate)> = members
        .into_iter()
        .filter(|m| m.status != PoolStatus::Expired && !in_role.contains(&m.candidate_id))
        .filter_map(|m| {
            let p = past.get(&m.role_id?)?;
            if p.id == role_id {
                return None;
            }
            let (similarity, reasons) = similarity(&open, p);
            (similarity > 0).then_some((
                Suggestion {
                    member: m,
                    similarity,
                    reasons,
                },
                p.opened_on,
            ))
        })
        .collect();
    out.sort_by(|(a, a_opened), (b, b_opened)| {
        b.similarity
            .cmp(&a.similarity)
            .then(
                a.member
                    .place
                    .unwrap_or(9)
                    .cmp(&b.member.place.unwrap_or(9)),
            )
            .then(b_opened.cmp(a_opened))
            .then(b.member.last_contact_at.cmp(&a.member.last_contact_at))
            .then(a.member.candidate_name.cmp(&b.member.candidate_name))
    });
    Ok(out.into_iter().map(|(s, _)| s).collect())
}

/// The candidate this message was written to, or `None` when it went to someone else (one
/// of their references).
pub(crate) async fn recipient<C: ConnectionTrait>(
    db: &C,
    m: &message::Model,
) -> Result<Option<candidate::Model>> {
    let Some(id) = m.candidate_id else {
        return Ok(None);
    };
    Ok(candidate::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|c| c.email_norm == m.to_address.trim().to_lowercase()))
}

/// Consent is needed before anything is sent that relies on it.
pub(crate) fn consent_required(what: &str) -> CoreError {
    CoreError::new(ErrorCode::ConsentRequired, what.to_string())
}
