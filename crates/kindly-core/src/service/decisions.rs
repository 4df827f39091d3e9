//! Decisions: the message that closes an application (an empathetic rejection, or a
//! runner-up message for 2nd and 3rd place), for one candidate or many at once, and the loose
//! ends a role still has: everyone not yet told.

use super::applications;
use super::compose::{self, ComposeRequest};
use super::{record, templates};
use crate::domain::defaults::Purpose;
use crate::domain::template::Values;
use crate::domain::{validate, Stage};
use crate::error::{CoreError, ErrorCode, Result};
use crate::mail::outbox::{MessageStatus, OutboxMessage};
use crate::secrets::Keychain;
use crate::store::entities::{application, candidate, interview, message, role};
use crate::store::Store;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::{HashMap, HashSet};

/// A decision message ready for the owner to make personal.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct DecisionDraft {
    pub application_id: i32,
    pub candidate_id: i32,
    pub candidate_name: String,
    pub role_id: i32,
    pub role_title: String,
    pub stage: crate::domain::Stage,
    pub place: Option<i32>,
    /// `rejection`, or `runner_up` for 2nd and 3rd place.
    pub purpose: Purpose,
    pub template_id: i32,
    pub subject: String,
    pub body: String,
    /// The message's own values: `feedback` starts from the interview notes.
    pub values: Values,
    /// The interview notes, oldest first, to turn into feedback.
    pub interview_notes: Vec<String>,
    /// Why this message should wait, when it should: an offer to someone else in the role is
    /// open, and this finalist is placed 2nd or 3rd ("Your offer to Ana is open until Friday
    /// 13 March; if Ana declines, Ben may be your next choice."). Sending needs `tell_anyway`.
    pub hold_back: Option<String>,
}

/// One decision to send: the application it closes, why (for the owner's records, never
/// sent), and the message.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct DecisionRequest {
    pub application_id: i32,
    pub reason: String,
    pub message: ComposeRequest,
    /// The owner read the hold-back (an offer to someone else is open) and tells them anyway.
    #[serde(default)]
    pub tell_anyway: bool,
}

/// Someone in a role who has not had a final message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct LooseEnd {
    pub application_id: i32,
    pub candidate_id: i32,
    pub candidate_name: String,
    pub stage: crate::domain::Stage,
    pub place: Option<i32>,
    /// The message they should get.
    pub purpose: Purpose,
    /// Their message is written and waiting to go (or may have gone: see the Outbox).
    pub being_told: bool,
}

/// 2nd and 3rd place get the runner-up message; someone never interviewed hears the role is
/// filled (no thanks for an interview they never had); everyone else, the rejection.
fn purpose_for(place: Option<i32>, interviewed: bool) -> Purpose {
    match place {
        Some(2 | 3) => Purpose::RunnerUp,
        _ if !interviewed => Purpose::RoleFilled,
        _ => Purpose::Rejection,
    }
}

/// A stage only reached through an interview (Interviewing may still be waiting for one).
fn past_interview(stage: Stage) -> bool {
    matches!(
        stage,
        Stage::Interviewed | Stage::Finalist | Stage::Offer | Stage::Hired
    )
}

/// Whether the application had an interview, or reached a stage that needs one.
async fn interviewed(store: &Store, a: &application::Model) -> Result<bool> {
    if past_interview(a.stage) {
        return Ok(true);
    }
    Ok(interview::Entity::find()
        .filter(interview::Column::ApplicationId.eq(a.id))
        .filter(interview::Column::HeldOn.lte(crate::clock::now().date_naive()))
        .one(store.db())
        .await?
        .is_some())
}

/// The decision message for an application: the built-in rejection (or runner-up) template,
/// with feedback prefilled from the interview notes.
pub async fn draft(store: &Store, application_id: i32) -> Result<DecisionDraft> {
    let a = applications::load(store.db(), application_id).await?;
    let stage = a.stage;
    if stage == Stage::Hired {
        return Err(CoreError::new(
            ErrorCode::ForbiddenTransition,
            "This candidate was hired; a rejection does not go to the person who got the job.",
        ));
    }
    let c = candidate::Entity::find_by_id(a.candidate_id)
        .one(store.db())
        .await?
        .ok_or_else(|| CoreError::not_found("candidate", a.candidate_id))?;
    let r = role::Entity::find_by_id(a.role_id)
        .one(store.db())
        .await?
        .ok_or_else(|| CoreError::not_found("role", a.role_id))?;
    let purpose = purpose_for(a.place, interviewed(store, &a).await?);
    let t = templates::list(store)
        .await?
        .into_iter()
        .find(|t| t.purpose == purpose)
        .ok_or_else(|| CoreError::not_found("template", 0))?;
    let notes: Vec<String> = interview::Entity::find()
        .filter(interview::Column::ApplicationId.eq(a.id))
        .order_by_asc(interview::Column::HeldOn)
        .all(store.db())
        .await?
        .into_iter()
        .filter_map(|i| i.notes)
        .filter(|n| !n.trim().is_empty())
        .collect();
    let mut values = Values::new();
    values.insert("feedback".into(), notes.join("\n"));
    let mut body = t.body;
    if super::settings::desk(store).await?.ask_experience_score {
        body = format!(
            "{}\n\n{}",
            body.trim_end(),
            crate::domain::replies::SCORE_QUESTION
        );
    }
    Ok(DecisionDraft {
        application_id: a.id,
        candidate_id: c.id,
        candidate_name: c.full_name(),
        role_id: r.id,
        role_title: r.title,
        stage,
        place: a.place,
        purpose,
        template_id: t.id,
        subject: t.subject,
        body,
        values,
        interview_notes: notes,
        hold_back: hold_back(store, &a, crate::clock::now()).await?,
    })
}

/// While an offer to someone else in the role is out and unanswered, a finalist placed 2nd or
/// 3rd may yet be the next choice: telling them "no" now would burn them. Says why, in words.
pub(crate) async fn hold_back(
    store: &Store,
    a: &application::Model,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<Option<String>> {
    if a.stage != Stage::Finalist || !matches!(a.place, Some(2 | 3)) {
        return Ok(None);
    }
    let offered = application::Entity::find()
        .filter(application::Column::RoleId.eq(a.role_id))
        .filter(application::Column::Stage.eq(Stage::Offer))
        .filter(application::Column::Id.ne(a.id))
        .all(store.db())
        .await?;
    for o in offered {
        let Some(offer) = super::application_view::latest_offer(store.db(), o.id, at).await? else {
            continue;
        };
        if offer.status != crate::domain::states::OfferStatus::Extended {
            continue;
        }
        let first = |id: i32| async move {
            Ok::<String, CoreError>(
                candidate::Entity::find_by_id(id)
                    .one(store.db())
                    .await?
                    .map(|c| c.first_name)
                    .unwrap_or_default(),
            )
        };
        let (them, this) = (first(o.candidate_id).await?, first(a.candidate_id).await?);
        let until = chrono::NaiveDate::parse_from_str(&offer.expires_on, "%Y-%m-%d")
            .map(|d| d.format("%A %-d %B").to_string())
            .unwrap_or(offer.expires_on);
        return Ok(Some(format!(
            "Your offer to {them} is open until {until}; if {them} declines, {this} may be your next choice."
        )));
    }
    Ok(None)
}

/// Send decisions: every message is rendered and read by the tone check first; if any
/// cannot go, nothing happens and the error names the candidate. Otherwise, in one
/// transaction, each application is closed as rejected (with its reason) and the messages
/// are queued as one batch.
pub async fn send(
    store: &Store,
    keychain: &Keychain,
    requests: Vec<DecisionRequest>,
) -> Result<Vec<OutboxMessage>> {
    if requests.is_empty() {
        return Err(CoreError::invalid("requests", "there is nothing to send"));
    }
    let mut seen = HashSet::new();
    let sh = compose::shared(store).await?;
    let ids = requests.iter().map(|r| r.application_id).collect();
    let already_told: HashSet<i32> = final_messages(store.db(), ids)
        .await?
        .into_iter()
        .filter_map(|m| m.application_id)
        .collect();
    let mut at = crate::clock::now();
    let mut ready = Vec::with_capacity(requests.len());
    for r in &requests {
        if !seen.insert(r.application_id) {
            return Err(CoreError::invalid(
                "application_id",
                format!("application {} is in the list twice", r.application_id),
            ));
        }
        let a = applications::load(store.db(), r.application_id).await?;
        let who = candidate::Entity::find_by_id(a.candidate_id)
            .one(store.db())
            .await?
            .map(|c| c.full_name())
            .unwrap_or_default();
        let named = |e: CoreError| CoreError {
            message: format!("{who}: {}", e.message),
            ..e
        };
        let reason = validate::optional_line("reason", &r.reason, 300).map_err(named)?;
        if r.message.candidate_id != a.candidate_id || r.message.role_id != Some(a.role_id) {
            return Err(named(CoreError::invalid(
                "role_id",
                "the message is not about this application's candidate and role",
            )));
        }
        let stage = a.stage;
        if !(stage.is_open() || stage == Stage::Rejected) {
            return Err(named(CoreError::new(
                ErrorCode::ForbiddenTransition,
                format!(
                    "this application is {}; a decision message closes an open one",
                    stage.label()
                ),
            )));
        }
        if stage == Stage::Rejected && already_told.contains(&a.id) {
            return Err(named(CoreError::conflict(
                "application_id",
                "they have already been sent a decision, or one is on its way; see the Outbox",
            )));
        }
        let purpose = match r.message.template_id {
            Some(id) => Some(templates::get(store, id).await?.purpose),
            None => None,
        };
        if !purpose.is_some_and(|p| FINAL_PURPOSES.contains(&p)) {
            return Err(named(CoreError::invalid(
                "template_id",
                "choose a rejection or runner-up template for a decision",
            )));
        }
        let held = hold_back(store, &a, crate::clock::now()).await?;
        if let Some(why) = &held {
            if !r.tell_anyway {
                return Err(named(CoreError {
                    field: Some("tell_anyway".into()),
                    ..CoreError::new(
                        ErrorCode::NeedsConfirmation,
                        format!("{why} Wait for the answer, or tell them anyway."),
                    )
                }));
            }
        }
        at = at.max(compose::when(r.message.send_at.as_deref()).map_err(named)?);
        let p = compose::prepare(store, &r.message, &sh)
            .await
            .map_err(named)?;
        compose::gate(&p, r.message.acknowledge_warnings).map_err(named)?;
        ready.push((a, stage, reason, p.message, held));
    }
    let from = super::sending::sender(store, keychain).await?;
    let txn = store.db().begin().await?;
    let mut msgs = Vec::with_capacity(ready.len());
    for (a, stage, reason, msg, held) in ready {
        // Checked again inside the transaction, holding the application: a desktop that closed
        // the loop on the same person a moment ago has told them, and this one does not.
        let a = applications::load(&txn, a.id).await?;
        if a.stage != stage {
            return Err(applications::moved_meanwhile(&txn, &a, stage).await?);
        }
        applications::hold(&txn, &a).await?;
        if stage == Stage::Rejected && !final_messages(&txn, vec![a.id]).await?.is_empty() {
            let who = candidate::Entity::find_by_id(a.candidate_id)
                .one(&txn)
                .await?
                .map(|c| c.full_name())
                .unwrap_or_default();
            return Err(CoreError::conflict(
                "application_id",
                format!(
                    "{who} has already been sent a decision, or one is on its way; see the Outbox"
                ),
            ));
        }
        let a = applications::load(&txn, a.id).await?;
        if let Some(why) = held {
            record(
                &txn,
                a.candidate_id,
                Some(a.id),
                "told_while_offer_open",
                format!("Told anyway, while an offer was open: {why}"),
            )
            .await?;
        }
        if stage == Stage::Rejected {
            if let Some(reason) = &reason {
                let id = a.id;
                let mut am: application::ActiveModel = a.clone().into();
                am.decision_reason = sea_orm::ActiveValue::Set(Some(reason.clone()));
                sea_orm::ActiveModelTrait::update(am, &txn).await?;
                record(
                    &txn,
                    a.candidate_id,
                    Some(id),
                    "decision_reason",
                    format!("Reason recorded: {reason}"),
                )
                .await?;
            }
        } else {
            applications::move_in(&txn, a, Stage::Rejected, reason).await?;
        }
        msgs.push(msg);
    }
    let n = msgs.len();
    let out = super::sending::enqueue_in(&txn, &from, msgs, at, n > 1).await?;
    txn.commit().await?;
    Ok(out)
}

/// A final message (rejection or runner-up) the server accepted, or the owner confirmed
/// arrived: the candidate counts as told.
pub(crate) fn tells(m: &message::Model) -> bool {
    is_final(m) && m.status == MessageStatus::Sent
}

/// A final message queued, going, or of unknown fate: the candidate is being told. They do
/// not count as told yet, and no second decision may go to them.
pub(crate) fn is_telling(m: &message::Model) -> bool {
    is_final(m) && PENDING.contains(&m.status)
}

fn is_final(m: &message::Model) -> bool {
    m.purpose.is_some_and(|p| FINAL_PURPOSES.contains(&p))
}

const FINAL_PURPOSES: [Purpose; 3] = [Purpose::Rejection, Purpose::RunnerUp, Purpose::RoleFilled];
const PENDING: [MessageStatus; 3] = [
    MessageStatus::Queued,
    MessageStatus::Sending,
    MessageStatus::Unknown,
];

/// The final messages to the applications among `ids` that went or are going (cancelled and
/// failed ones do not count).
async fn final_messages<C: sea_orm::ConnectionTrait>(
    db: &C,
    ids: Vec<i32>,
) -> Result<Vec<message::Model>> {
    Ok(message::Entity::find()
        .filter(message::Column::ApplicationId.is_in(ids))
        .filter(message::Column::Purpose.is_in(FINAL_PURPOSES))
        .all(db)
        .await?
        .into_iter()
        .filter(|m| tells(m) || is_telling(m))
        .collect())
}

/// Everyone in a role not yet told (not hired, not withdrawn, and no rejection or runner-up
/// message the server accepted), placed finalists first. Those whose message is queued, going
/// or of unknown fate are among them, marked as being told.
pub async fn loose_ends(store: &Store, role_id: i32) -> Result<Vec<LooseEnd>> {
    let apps = application::Entity::find()
        .filter(application::Column::RoleId.eq(role_id))
        .all(store.db())
        .await?;
    let ids: Vec<i32> = apps.iter().map(|a| a.id).collect();
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sent = final_messages(store.db(), ids).await?;
    let told: HashSet<i32> = sent
        .iter()
        .filter(|m| tells(m))
        .filter_map(|m| m.application_id)
        .collect();
    let telling: HashSet<i32> = sent
        .iter()
        .filter(|m| is_telling(m))
        .filter_map(|m| m.application_id)
        .collect();
    let waiting: Vec<application::Model> = apps
        .into_iter()
        .filter(|a| !told.contains(&a.id))
        .filter(|a| !matches!(a.stage, Stage::Hired | Stage::Withdrawn))
        .collect();
    let interviewed_ids: HashSet<i32> = interview::Entity::find()
        .filter(interview::Column::ApplicationId.is_in(waiting.iter().map(|a| a.id)))
        .filter(interview::Column::HeldOn.lte(crate::clock::now().date_naive()))
        .all(store.db())
        .await?
        .into_iter()
        .map(|i| i.application_id)
        .collect();
    let people: HashMap<i32, candidate::Model> = candidate::Entity::find()
        .filter(candidate::Column::Id.is_in(waiting.iter().map(|a| a.candidate_id)))
        .all(store.db())
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut out: Vec<LooseEnd> = waiting
        .into_iter()
        .filter_map(|a| {
            let c = people.get(&a.candidate_id)?;
            Some(LooseEnd {
                application_id: a.id,
                candidate_id: a.candidate_id,
                candidate_name: c.full_name(),
                stage: a.stage,
                place: a.place,
                purpose: purpose_for(
                    a.place,
                    interviewed_ids.contains(&a.id) || past_interview(a.stage),
                ),
                being_told: telling.contains(&a.id),
            })
        })
        .collect();
    // Furthest along first; the rejected-but-never-told after everyone still open.
    let progress = |s: Stage| match s {
        Stage::Offer => 5,
        Stage::Finalist => 4,
        Stage::Interviewed => 3,
        Stage::Interviewing => 2,
        Stage::Applied => 1,
        _ => 0,
    };
    out.sort_by(|x, y| {
        x.place
            .unwrap_or(9)
            .cmp(&y.place.unwrap_or(9))
            .then(progress(y.stage).cmp(&progress(x.stage)))
            .then(x.candidate_name.cmp(&y.candidate_name))
    });
    Ok(out)
}
