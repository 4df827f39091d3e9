//! Reference checks for a finalist or an offer: who to ask, the candidate's consent first,
//! the request email (chased if there is no answer), what each reference said in a
//! structured record, and a summary side by side. Notes that touch on protected
//! characteristics are flagged with the tone check's rules.

use super::pool::{self, references_consent, Consent};
use super::reminders::{self, Planned, ReminderKind};
use super::{applications, compose, now, record, settings, templates, ts};
use crate::domain::defaults::Purpose;
pub use crate::domain::states::{Relationship, WorkAgain};
use crate::domain::template::{self, Values};
use crate::domain::tone::{self, Finding};
use crate::domain::{validate, Stage};
use crate::error::{CoreError, ErrorCode, Result};
use crate::mail::outbox::{self, NewMessage, OutboxMessage};
use crate::schedule;
use crate::secrets::Keychain;
use crate::store::entities::{candidate, referee};
use crate::store::Store;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct RefereeInput {
    pub name: String,
    pub relationship: Relationship,
    pub company: String,
    pub email: String,
    pub phone: String,
    /// "2019–2023 at the Harbour Café"
    pub worked_together: String,
}

/// What a reference said.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ReferenceRecord {
    /// 1 to 5.
    pub technical_rating: Option<i32>,
    pub technical_notes: String,
    /// 1 to 5.
    pub interpersonal_rating: Option<i32>,
    pub interpersonal_notes: String,
    pub strengths: String,
    pub growth: String,
    pub work_again: Option<WorkAgain>,
    pub concerns: String,
    pub call_notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Referee {
    pub id: i32,
    pub application_id: i32,
    pub name: String,
    pub relationship: Relationship,
    pub company: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub worked_together: Option<String>,
    pub requested_at: Option<String>,
    pub answered_at: Option<String>,
    pub record: ReferenceRecord,
    /// Notes that touch on protected characteristics.
    pub flags: Vec<Finding>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ReferenceSummary {
    pub application_id: i32,
    pub consent: Option<Consent>,
    pub referees: Vec<Referee>,
    /// Averages over the references that gave a rating.
    pub technical_average: Option<f32>,
    pub interpersonal_average: Option<f32>,
    pub work_again_yes: u32,
    pub work_again_no: u32,
    pub work_again_unsure: u32,
}

/// A reference request, written from a template (supervisor or colleague).
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ReferenceRequest {
    pub referee_id: i32,
    pub template_id: i32,
    pub subject: String,
    pub body: String,
    /// RFC 3339; empty for now (after the undo window).
    pub send_at: Option<String>,
    pub time_zone: String,
}

fn text(s: Option<String>) -> String {
    s.unwrap_or_default()
}

fn view(m: referee::Model) -> Referee {
    let record = ReferenceRecord {
        technical_rating: m.technical_rating,
        technical_notes: text(m.technical_notes),
        interpersonal_rating: m.interpersonal_rating,
        interpersonal_notes: text(m.interpersonal_notes),
        strengths: text(m.strengths),
        growth: text(m.growth),
        work_again: m.work_again,
        concerns: text(m.concerns),
        call_notes: text(m.call_notes),
    };
    let all = [
        &record.technical_notes,
        &record.interpersonal_notes,
        &record.strengths,
        &record.growth,
        &record.concerns,
        &record.call_notes,
    ]
    .map(String::as_str)
    .join("\n");
    Referee {
        id: m.id,
        application_id: m.application_id,
        name: m.name,
        relationship: m.relationship,
        company: m.company,
        email: m.email,
        phone: m.phone,
        worked_together: m.worked_together,
        requested_at: m.requested_at.map(ts),
        answered_at: m.answered_at.map(ts),
        flags: tone::protected_characteristics(&all),
        record,
    }
}

async fn load(store: &Store, id: i32) -> Result<referee::Model> {
    referee::Entity::find_by_id(id)
        .one(store.db())
        .await?
        .ok_or_else(|| CoreError::not_found("reference", id))
}

struct Clean {
    name: String,
    company: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    worked_together: Option<String>,
}

fn clean(i: &RefereeInput) -> Result<Clean> {
    let email = match i.email.trim() {
        "" => None,
        e => Some(validate::email("email", e)?),
    };
    let phone = validate::phone("phone", &i.phone)?;
    if email.is_none() && phone.is_none() {
        return Err(CoreError::invalid(
            "email",
            "add an email address or a phone number to reach them",
        ));
    }
    Ok(Clean {
        name: validate::required_line("name", &i.name, 120)?,
        company: validate::optional_line("company", &i.company, 120)?,
        email,
        phone,
        worked_together: validate::optional_line("worked_together", &i.worked_together, 200)?,
    })
}

/// Name a reference for an application at the finalist or offer stage.
pub async fn add(store: &Store, application_id: i32, input: RefereeInput) -> Result<Referee> {
    let c = clean(&input)?;
    let a = applications::load(store.db(), application_id).await?;
    let stage = a.stage;
    if !matches!(stage, Stage::Finalist | Stage::Offer) {
        return Err(CoreError::new(
            ErrorCode::ForbiddenTransition,
            format!(
                "References are checked for finalists and offers; this application is {}.",
                stage.label()
            ),
        ));
    }
    let t = now();
    let txn = store.db().begin().await?;
    let m = referee::ActiveModel {
        application_id: Set(application_id),
        name: Set(c.name.clone()),
        relationship: Set(input.relationship),
        company: Set(c.company),
        email: Set(c.email),
        phone: Set(c.phone),
        worked_together: Set(c.worked_together),
        created_at: Set(t),
        updated_at: Set(t),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    record(
        &txn,
        a.candidate_id,
        Some(application_id),
        "reference_added",
        format!("Reference added: {}", c.name),
    )
    .await?;
    txn.commit().await?;
    Ok(view(m))
}

pub async fn update(store: &Store, id: i32, input: RefereeInput) -> Result<Referee> {
    let c = clean(&input)?;
    let mut am: referee::ActiveModel = load(store, id).await?.into();
    am.name = Set(c.name);
    am.relationship = Set(input.relationship);
    am.company = Set(c.company);
    am.email = Set(c.email);
    am.phone = Set(c.phone);
    am.worked_together = Set(c.worked_together);
    am.updated_at = Set(now());
    Ok(view(am.update(store.db()).await?))
}

pub async fn delete(store: &Store, id: i32) -> Result<()> {
    let m = load(store, id).await?;
    let txn = store.db().begin().await?;
    reminders::complete_from_in(&txn, &source(id), ReminderKind::ReferenceChase, now()).await?;
    referee::Entity::delete_by_id(m.id).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}

fn source(id: i32) -> String {
    format!("referee:{id}")
}

fn rating(field: &str, r: Option<i32>) -> Result<Option<i32>> {
    match r {
        Some(n) if !(1..=5).contains(&n) => Err(CoreError::invalid(
            field,
            format!("{n} is not a rating; use 1 (weak) to 5 (excellent)"),
        )),
        r => Ok(r),
    }
}

/// Write down what the reference said; an answer stops the chase.
pub async fn record_answer(
    store: &Store,
    id: i32,
    r: ReferenceRecord,
    at: DateTime<Utc>,
) -> Result<Referee> {
    let technical = rating("technical_rating", r.technical_rating)?;
    let interpersonal = rating("interpersonal_rating", r.interpersonal_rating)?;
    let long = |f: &str, v: &str| validate::optional_text(f, v, 5000);
    let m = load(store, id).await?;
    let txn = store.db().begin().await?;
    let mut am: referee::ActiveModel = m.clone().into();
    am.technical_rating = Set(technical);
    am.technical_notes = Set(long("technical_notes", &r.technical_notes)?);
    am.interpersonal_rating = Set(interpersonal);
    am.interpersonal_notes = Set(long("interpersonal_notes", &r.interpersonal_notes)?);
    am.strengths = Set(long("strengths", &r.strengths)?);
    am.growth = Set(long("growth", &r.growth)?);
    am.work_again = Set(r.work_again);
    am.concerns = Set(long("concerns", &r.concerns)?);
    am.call_notes = Set(long("call_notes", &r.call_notes)?);
    am.answered_at = Set(Some(m.answered_at.unwrap_or(at)));
    am.updated_at = Set(at);
    let saved = am.update(&txn).await?;
    reminders::complete_from_in(&txn, &source(id), ReminderKind::ReferenceChase, at).await?;
    if m.answered_at.is_none() {
        let a = applications::load(&txn, m.application_id).await?;
        record(
            &txn,
            a.candidate_id,
            Some(m.application_id),
            "reference_answered",
            format!("Reference from {} recorded", m.name),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(view(saved))
}

/// Email a reference request, only with the candidate's consent on record; a reminder chases
/// it if there is no answer in the set number of days.
pub async fn request(
    store: &Store,
    keychain: &Keychain,
    r: ReferenceRequest,
    at: DateTime<Utc>,
) -> Result<OutboxMessage> {
    let m = load(store, r.referee_id).await?;
    let a = applications::load(store.db(), m.application_id).await?;
    if references_consent(store.db(), a.id).await?.is_none() {
        return Err(pool::consent_required(
            "Record the candidate's consent to contact their references before asking them.",
        ));
    }
    let Some(to) = m.email.clone() else {
        return Err(CoreError::invalid(
            "email",
            format!("{} has no email address; call them instead", m.name),
        ));
    };
    let purpose = templates::get(store, r.template_id).await?.purpose;
    if !matches!(
        purpose,
        Purpose::ReferenceSupervisor | Purpose::ReferenceColleague
    ) {
        return Err(CoreError::invalid(
            "template_id",
            "choose a reference request template",
        ));
    }
    let tz = schedule::parse_zone("time_zone", &r.time_zone)?;
    let send_after = compose::when(r.send_at.as_deref())?;
    let c = candidate::Entity::find_by_id(a.candidate_id)
        .one(store.db())
        .await?
        .ok_or_else(|| CoreError::not_found("candidate", a.candidate_id))?;
    let profile = settings::profile(store).await?;
    let mut extra = Values::new();
    extra.insert("reference_name".into(), m.name.clone());
    let values = templates::values_for(store, c, Some(a.role_id), &profile, &extra).await?;
    let rendered = template::render(&r.subject, &r.body, &values)?;
    let chase_days = settings::desk(store).await?.reference_chase_days;
    let from = super::sending::sender(store, keychain).await?;
    let txn = store.db().begin().await?;
    let sent = outbox::enqueue_in(
        &txn,
        &from,
        vec![NewMessage {
            candidate_id: Some(a.candidate_id),
            application_id: Some(a.id),
            template_id: Some(r.template_id),
            to_name: m.name.clone(),
            to_address: to,
            subject: rendered.subject,
            body: rendered.body,
            purpose: Some(purpose),
            ..Default::default()
        }],
        send_after,
        false,
    )
    .await?
    .remove(0);
    reminders::complete_from_in(&txn, &source(m.id), ReminderKind::ReferenceChase, at).await?;
    if m.answered_at.is_none() {
        let day = schedule::local_date(send_after, tz) + chrono::Days::new(chase_days.into());
        reminders::insert_in(
            &txn,
            Planned {
                title: format!("Chase the reference from {}", m.name),
                kind: ReminderKind::ReferenceChase,
                candidate_id: Some(a.candidate_id),
                role_id: Some(a.role_id),
                application_id: Some(a.id),
                local: schedule::morning_local(day),
                tz,
                source: source(m.id),
            },
            at,
        )
        .await?;
    }
    let mut am: referee::ActiveModel = m.clone().into();
    am.requested_at = Set(Some(at));
    am.updated_at = Set(at);
    am.update(&txn).await?;
    record(
        &txn,
        a.candidate_id,
        Some(a.id),
        "reference_requested",
        format!("Reference requested from {}", m.name),
    )
    .await?;
    txn.commit().await?;
    Ok(sent)
}

/// Every reference for an application, side by side, with the consent and the averages.
pub async fn summary(store: &Store, application_id: i32) -> Result<ReferenceSummary> {
    applications::load(store.db(), application_id).await?;
    let referees: Vec<Referee> = referee::Entity::find()
        .filter(referee::Column::ApplicationId.eq(application_id))
        .order_by_asc(referee::Column::Id)
        .all(store.db())
        .await?
        .into_iter()
        .map(view)
        .collect();
    let avg = |f: fn(&Referee) -> Option<i32>| {
        let v: Vec<i32> = referees.iter().filter_map(f).collect();
        (!v.is_empty()).then(|| v.iter().sum::<i32>() as f32 / v.len() as f32)
    };
    let count = |w: WorkAgain| {
        referees
            .iter()
            .filter(|r| r.record.work_again == Some(w))
            .count() as u32
    };
    Ok(ReferenceSummary {
        application_id,
        consent: references_consent(store.db(), application_id).await?,
        technical_average: avg(|r| r.record.technical_rating),
        interpersonal_average: avg(|r| r.record.interpersonal_rating),
        work_again_yes: count(WorkAgain::Yes),
        work_again_no: count(WorkAgain::No),
        work_again_unsure: count(WorkAgain::Unsure),
        referees,
    })
}
