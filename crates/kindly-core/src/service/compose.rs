//! Writing to candidates: a template rendered strictly for each person, then queued in the
//! outbox (with a short undo window, or at a scheduled time).

use super::{mail, settings, templates};
use crate::domain::defaults::Purpose;
use crate::domain::template::{self, Values};
use crate::domain::tone::{self, Finding, MessageKind, Severity, ToneInput};
use crate::error::ErrorCode;
use crate::error::{CoreError, Result};
use crate::mail::outbox::{NewMessage, OutboxMessage};
use crate::secrets::Keychain;
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
    /// Words the owner said are a name, a place or a title in this message (a blocking
    /// finding's excerpt written like one: "Grace", "St Mary's Church"). Wording about the
    /// person is never excused by it.
    #[serde(default)]
    pub vouched_names: Vec<String>,
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
    let today = crate::clock::now().date_naive();
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

async fn latest_interview(store: &Store, application_id: i32) -> Result<Option<chrono::NaiveDate>> {
    Ok(interview::Entity::find()
        .filter(interview::Column::ApplicationId.eq(application_id))
        .order_by_desc(interview::Column::HeldOn)
        .one(store.db())
        .await?
        .map(|i| i.held_on))
}

async fn last_interview(
    store: &Store,
    candidate_id: i32,
    role_id: Option<i32>,
) -> Result<Option<chrono::NaiveDate>> {
    let Some(role_id) = role_id else {
        return Ok(None);
    };
    match application::Entity::find()
        .filter(application::Column::CandidateId.eq(candidate_id))
        .filter(application::Column::RoleId.eq(role_id))
        .one(store.db())
        .await?
    {
        Some(app) => latest_interview(store, app.id).await,
        None => Ok(None),
    }
}

/// What every message of one send shares: read once, not once per message.
pub(crate) struct Shared {
    profile: settings::Profile,
    /// Where replies go (the reply-to, or the send-from address).
    reply_to: String,
}

pub(crate) async fn shared(store: &Store) -> Result<Shared> {
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
    Ok(Shared {
        profile: settings::profile(store).await?,
        reply_to,
    })
}

/// One message ready to queue, and what the tone check found in it.
pub(crate) struct Prepared {
    pub message: NewMessage,
    pub findings: Vec<Finding>,
}

/// Render the message for its candidate, read it with the tone check when its template is one
/// the check reads (rejection, runner-up, update), and note the promise a thank-you or an
/// update makes. Each record is read once.
pub(crate) async fn prepare(store: &Store, r: &ComposeRequest, sh: &Shared) -> Result<Prepared> {
    let c = candidate::Entity::find_by_id(r.candidate_id)
        .one(store.db())
        .await?
        .ok_or_else(|| CoreError::not_found("candidate", r.candidate_id))?;
    let purpose = match r.template_id {
        Some(id) => Some(templates::get(store, id).await?.purpose),
        None => None,
    };
    let application = match r.role_id {
        Some(role_id) => {
            application::Entity::find()
                .filter(application::Column::CandidateId.eq(r.candidate_id))
                .filter(application::Column::RoleId.eq(role_id))
                .one(store.db())
                .await?
        }
        None => None,
    };
    let (first, name, email) = (c.first_name.clone(), c.full_name(), c.email.clone());
    let values = templates::values_for(store, c, r.role_id, &sh.profile, &r.values).await?;
    let rendered = template::render(&r.subject, &r.body, &values)?;

    let kind = match purpose {
        Some(Purpose::Rejection) => Some(MessageKind::Rejection),
        Some(Purpose::RoleFilled) => Some(MessageKind::RoleFilled),
        Some(Purpose::RunnerUp) => Some(MessageKind::RunnerUp),
        Some(Purpose::Update) => Some(MessageKind::Update),
        _ => None,
    };
    let vouched = vouched_names(&r.vouched_names)?;
    let (findings, vouched_used) = match kind {
        None => (vec![], vec![]),
        Some(kind) => {
            let last_interview = match &application {
                Some(app) => latest_interview(store, app.id).await?,
                None => None,
            };
            let input = ToneInput {
                kind,
                body: &rendered.body,
                candidate_first_name: &first,
                role_title: values.get("role_title").map(String::as_str),
                feedback: r.values.get("feedback").map(String::as_str),
                last_interview,
                today: crate::clock::now().date_naive(),
                consent_on_record: super::pool::has_pool_consent(
                    store.db(),
                    r.candidate_id,
                    crate::clock::now().date_naive(),
                )
                .await?,
                signature: values.get("signature").map(String::as_str).unwrap_or(""),
                business: &sh.profile.company_name,
                reply_to: &sh.reply_to,
                names: &[&name, &sh.profile.sender_name],
                vouched: &vouched,
            };
            (tone::check(&input), vouched_used(&input))
        }
    };

    // A thank-you or an update with a follow-up date promises news by that date.
    let promise = match (purpose, r.values.get("follow_up_date")) {
        (Some(Purpose::ThankYou | Purpose::Update), Some(d)) => {
            match chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d") {
                Ok(date) => {
                    crate::domain::validate::in_years("follow_up_date", date)?;
                    let zone = r.time_zone.clone().unwrap_or_else(|| "UTC".into());
                    crate::schedule::parse_zone("time_zone", &zone)?;
                    Some((date, zone))
                }
                Err(_) => None,
            }
        }
        _ => None,
    };

    // Personal feedback: the owner wrote some and it is in the message as sent.
    let feedback_given = matches!(purpose, Some(Purpose::Rejection | Purpose::RunnerUp))
        && r.values
            .get("feedback")
            .map(|f| f.trim())
            .is_some_and(|f| !f.is_empty() && rendered.body.contains(f));
    let warnings_sent = findings
        .iter()
        .filter(|f| f.severity != Severity::Blocking)
        .count() as i32;

    Ok(Prepared {
        message: NewMessage {
            candidate_id: Some(r.candidate_id),
            application_id: application.map(|a| a.id),
            template_id: r.template_id,
            to_name: name,
            to_address: email,
            subject: rendered.subject,
            body: rendered.body,
            promise,
            purpose,
            feedback_given,
            warnings_sent,
            vouched_names: vouched_used,
        },
        findings,
    })
}

/// The words the owner vouched for that this message needed: without each one, the check
/// would block on it as written like a name.
fn vouched_used(input: &ToneInput) -> Vec<String> {
    input
        .vouched
        .iter()
        .filter(|v| {
            let others: Vec<&str> = input.vouched.iter().copied().filter(|o| o != *v).collect();
            tone::check(&ToneInput {
                vouched: &others,
                ..input.clone()
            })
            .iter()
            .any(|f| {
                f.name_or_title
                    && f.excerpt
                        .as_deref()
                        .is_some_and(|e| e.to_lowercase() == v.to_lowercase())
            })
        })
        .map(|v| v.to_string())
        .collect()
}

/// The words the owner vouched for as names, checked: at most 20, each a short phrase.
fn vouched_names(list: &[String]) -> Result<Vec<&str>> {
    if list.len() > 20 {
        return Err(CoreError::invalid(
            "vouched_names",
            "at most 20 words can be vouched for in one message",
        ));
    }
    list.iter()
        .map(|n| {
            let n = n.trim();
            if n.is_empty() || n.chars().count() > 80 || n.contains(['\n', '\r']) {
                Err(CoreError::invalid(
                    "vouched_names",
                    "each one is a word or a short name from the message, on one line",
                ))
            } else {
                Ok(n)
            }
        })
        .collect()
}

/// What the tone check finds in this message as it would be sent (nothing for the templates
/// it does not read: thank-you, offer, welcome, references).
pub async fn check_tone(store: &Store, r: &ComposeRequest) -> Result<Vec<Finding>> {
    Ok(prepare(store, r, &shared(store).await?).await?.findings)
}

/// Refuse a message the tone check blocks, and one whose warnings the owner has not read.
pub(crate) fn gate(p: &Prepared, acknowledged: bool) -> Result<()> {
    if let Some(b) = p.findings.iter().find(|f| f.severity == Severity::Blocking) {
        return Err(CoreError::new(
            ErrorCode::ToneBlocked,
            b.explanation.clone(),
        ));
    }
    if !p.findings.is_empty() && !acknowledged {
        let n = p.findings.len();
        return Err(CoreError::new(
            ErrorCode::NeedsConfirmation,
            format!(
                "The tone check has {n} warning{}; read them, then send anyway or change the message.",
                if n == 1 { "" } else { "s" }
            ),
        ));
    }
    Ok(())
}

pub(crate) fn when(send_at: Option<&str>) -> Result<DateTime<Utc>> {
    match send_at.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(crate::clock::now() + UNDO_WINDOW),
        Some(s) => {
            let t = crate::domain::validate::instant("send_at", s)?;
            if t < crate::clock::now() - chrono::Duration::minutes(1) {
                return Err(CoreError::invalid("send_at", "is in the past"));
            }
            Ok(t)
        }
    }
}

/// Queue one message. It waits out the undo window (or its schedule) before it goes.
pub async fn send(store: &Store, keychain: &Keychain, r: ComposeRequest) -> Result<OutboxMessage> {
    let at = when(r.send_at.as_deref())?;
    let p = prepare(store, &r, &shared(store).await?).await?;
    gate(&p, r.acknowledge_warnings)?;
    Ok(
        super::sending::enqueue(store, keychain, vec![p.message], at, false)
            .await?
            .remove(0),
    )
}

/// Queue many messages as one batch: every one is rendered and checked first, and if any
/// cannot be sent, nothing is queued and the error names the candidate.
pub async fn send_batch(
    store: &Store,
    keychain: &Keychain,
    requests: Vec<ComposeRequest>,
) -> Result<Vec<OutboxMessage>> {
    if requests.is_empty() {
        return Err(CoreError::invalid("requests", "there is nothing to send"));
    }
    let sh = shared(store).await?;
    let mut msgs = Vec::with_capacity(requests.len());
    let mut at = crate::clock::now();
    for r in &requests {
        at = at.max(when(r.send_at.as_deref())?);
        let named = |e: CoreError| CoreError {
            message: format!("{} (for candidate {})", e.message, r.candidate_id),
            ..e
        };
        let p = prepare(store, r, &sh).await.map_err(named)?;
        gate(&p, r.acknowledge_warnings).map_err(named)?;
        msgs.push(p.message);
    }
    super::sending::enqueue(store, keychain, msgs, at, true).await
}
