//! Writing to candidates: a template rendered strictly for each person, then queued in the
//! outbox (with a short undo window, or at a scheduled time).

use super::{mail, settings, templates};
use crate::domain::tone::{self, Finding, MessageKind, Severity, ToneInput};
use crate::error::ErrorCode;
use crate::error::{CoreError, Result};
use crate::mail::defaults::Purpose;
use crate::mail::outbox::{self, NewMessage, OutboxMessage};
use crate::mail::template::{self, Rendered, Values};
use crate::store::entities::interview;
use crate::store::entities::{application, candidate};
use crate::store::Store;
use chrono::{DateTime, Utc};
use sea_orm::QueryOrder;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use specta::Type;

/// How long a single message waits before it goes, so "Undo" can stop it.
pub const UNDO_WINDOW: chrono::Duration = chrono::Duration::seconds(10);

/// One message to one candidate: the template text (as edited in the composer), the role it
/// is about, the message's own values, and optionally when to send it.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ComposeRequest {
    pub candidate_id: i32,
    pub role_id: Option<i32>,
    pub template_id: Option<i32>,
    pub subject: String,
    pub body: String,
    pub values: Values,
    /// RFC 3339; empty for "now" (after the undo window).
    pub send_at: Option<String>,
    /// The owner read the tone check's warnings and sends anyway.
    pub acknowledge_warnings: bool,
    /// The owner's IANA time zone: a thank-you's or an update's `follow_up_date`
    /// (`YYYY-MM-DD`) becomes a promise due in it.
    pub time_zone: Option<String>,
}

/// A thank-you or an update with a `follow_up_date` promises news by that date.
async fn promise_of(
    store: &Store,
    r: &ComposeRequest,
) -> Result<Option<(chrono::NaiveDate, String)>> {
    let Some(id) = r.template_id else {
        return Ok(None);
    };
    if !matches!(
        templates::get(store, id).await?.purpose,
        Purpose::ThankYou | Purpose::Update
    ) {
        return Ok(None);
    }
    let Some(date) = r
        .values
        .get("follow_up_date")
        .and_then(|d| chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
    else {
        return Ok(None);
    };
    let zone = r.time_zone.clone().unwrap_or_else(|| "UTC".into());
    crate::schedule::parse_zone("time_zone", &zone)?;
    Ok(Some((date, zone)))
}

/// The date to promise by default: `working_days` working days after the last interview
/// (or after today, when there is none).
pub async fn default_follow_up(
    store: &Store,
    candidate_id: i32,
    role_id: Option<i32>,
    working_days: u32,
) -> Result<chrono::NaiveDate> {
    use chrono::Datelike;
    let today = Utc::now().date_naive();
    let mut d = last_interview(store, candidate_id, role_id)
        .await?
        .unwrap_or(today)
        .max(today - chrono::Days::new(60));
    let mut left = working_days;
    while left > 0 {
        d = d.succ_opt().unwrap_or(d);
        if !matches!(d.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun) {
            left -= 1;
        }
    }
    Ok(d.max(today))
}

/// Which tone rules read a message written from this template, if any.
async fn tone_kind(store: &Store, template_id: Option<i32>) -> Result<Option<MessageKind>> {
    let Some(id) = template_id else {
        return Ok(None);
    };
    Ok(match templates::get(store, id).await?.purpose {
        Purpose::Rejection => Some(MessageKind::Rejection),
        Purpose::RunnerUp => Some(MessageKind::RunnerUp),
        Purpose::Update => Some(MessageKind::Update),
        _ => None,
    })
}

async fn last_interview(
    store: &Store,
    candidate_id: i32,
    role_id: Option<i32>,
) -> Result<Option<chrono::NaiveDate>> {
    let Some(role_id) = role_id else {
        return Ok(None);
    };
    let Some(app) = application::Entity::find()
        .filter(application::Column::CandidateId.eq(candidate_id))
        .filter(application::Column::RoleId.eq(role_id))
        .one(store.db())
        .await?
    else {
        return Ok(None);
    };
    Ok(interview::Entity::find()
        .filter(interview::Column::ApplicationId.eq(app.id))
        .order_by_desc(interview::Column::HeldOn)
        .one(store.db())
        .await?
        .map(|i| i.held_on))
}

/// What the tone check finds in this message as it would be sent (nothing for the templates
/// it does not read: thank-you, offer, welcome, references).
pub async fn check_tone(store: &Store, r: &ComposeRequest) -> Result<Vec<Finding>> {
    let Some(kind) = tone_kind(store, r.template_id).await? else {
        return Ok(vec![]);
    };
    let profile = settings::profile(store).await?;
    let (m, _) = render_for(store, r, &profile).await?;
    let first = candidate::Entity::find_by_id(r.candidate_id)
        .one(store.db())
        .await?
        .map(|c| c.first_name)
        .unwrap_or_default();
    let role_title = match r.role_id {
        Some(id) => crate::store::entities::role::Entity::find_by_id(id)
            .one(store.db())
            .await?
            .map(|x| x.title),
        None => None,
    };
    let reply_to = mail::smtp_settings(store)
        .await?
        .map(|s| {
            if s.reply_to.is_empty() {
                s.from_address
            } else {
                s.reply_to
            }
        })
        .unwrap_or_default();
    let signature = if profile.signature.trim().is_empty() {
        profile.sender_name.clone()
    } else {
        profile.signature.clone()
    };
    Ok(tone::check(&ToneInput {
        kind,
        body: &m.body,
        candidate_first_name: &first,
        role_title: role_title.as_deref(),
        feedback: r.values.get("feedback").map(String::as_str),
        last_interview: last_interview(store, r.candidate_id, r.role_id).await?,
        today: Utc::now().date_naive(),
        consent_on_record: false,
        signature: &signature,
        reply_to: &reply_to,
    }))
}

/// Refuse a message the tone check blocks, and one whose warnings the owner has not read.
async fn gate(store: &Store, r: &ComposeRequest) -> Result<()> {
    let findings = check_tone(store, r).await?;
    if let Some(b) = findings.iter().find(|f| f.severity == Severity::Blocking) {
        return Err(CoreError::new(
            ErrorCode::ToneBlocked,
            b.explanation.clone(),
        ));
    }
    if !findings.is_empty() && !r.acknowledge_warnings {
        return Err(CoreError::new(
            ErrorCode::NeedsConfirmation,
            format!(
                "The tone check has {} warning{}; read them, then send anyway or change the message.",
                findings.len(),
                if findings.len() == 1 { "" } else { "s" }
            ),
        ));
    }
    Ok(())
}

async fn render_for(
    store: &Store,
    r: &ComposeRequest,
    profile: &settings::Profile,
) -> Result<(NewMessage, Rendered)> {
    let c = candidate::Entity::find_by_id(r.candidate_id)
        .one(store.db())
        .await?
        .ok_or_else(|| CoreError::not_found("candidate", r.candidate_id))?;
    let (id, email) = (c.id, c.email.clone());
    let name = format!("{} {}", c.first_name, c.last_name)
        .trim()
        .to_string();
    let values = templates::values_for(store, c, r.role_id, profile, &r.values).await?;
    let rendered = template::render(&r.subject, &r.body, &values)?;
    let application_id = match r.role_id {
        Some(role_id) => application::Entity::find()
            .filter(application::Column::CandidateId.eq(r.candidate_id))
            .filter(application::Column::RoleId.eq(role_id))
            .one(store.db())
            .await?
            .map(|a| a.id),
        None => None,
    };
    let promise = promise_of(store, r).await?;
    Ok((
        NewMessage {
            candidate_id: Some(id),
            application_id,
            template_id: r.template_id,
            to_name: name,
            to_address: email,
            subject: rendered.subject.clone(),
            body: rendered.body.clone(),
            promise,
        },
        rendered,
    ))
}

fn when(send_at: Option<&str>) -> Result<DateTime<Utc>> {
    match send_at.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(Utc::now() + UNDO_WINDOW),
        Some(s) => {
            let t = DateTime::parse_from_rfc3339(s)
                .map_err(|_| {
                    CoreError::invalid("send_at", format!("'{s}' is not a date and time"))
                })?
                .with_timezone(&Utc);
            if t < Utc::now() - chrono::Duration::minutes(1) {
                return Err(CoreError::invalid("send_at", "is in the past"));
            }
            Ok(t)
        }
    }
}

/// Queue one message. It waits out the undo window (or its schedule) before it goes.
pub async fn send(store: &Store, r: ComposeRequest) -> Result<OutboxMessage> {
    let at = when(r.send_at.as_deref())?;
    let profile = settings::profile(store).await?;
    let (m, _) = render_for(store, &r, &profile).await?;
    gate(store, &r).await?;
    Ok(outbox::enqueue(store, vec![m], at, false).await?.remove(0))
}

/// Queue many messages as one batch: every one is rendered first, and if any cannot be,
/// nothing is queued and the error names the candidate.
pub async fn send_batch(
    store: &Store,
    requests: Vec<ComposeRequest>,
) -> Result<Vec<OutboxMessage>> {
    if requests.is_empty() {
        return Err(CoreError::invalid("requests", "there is nothing to send"));
    }
    let mut msgs = Vec::with_capacity(requests.len());
    let mut at = Utc::now();
    let profile = settings::profile(store).await?;
    for r in &requests {
        at = at.max(when(r.send_at.as_deref())?);
        let named = |e: CoreError| CoreError {
            message: format!("{} (for candidate {})", e.message, r.candidate_id),
            ..e
        };
        let (m, _) = render_for(store, r, &profile).await.map_err(named)?;
        gate(store, r).await.map_err(named)?;
        msgs.push(m);
    }
    outbox::enqueue(store, msgs, at, true).await
}
