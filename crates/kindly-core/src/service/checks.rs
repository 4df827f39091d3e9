//! Background checks: one per application, only at the offer stage or for the chosen
//! finalist (1st place), with a reminder when one stays pending too long.

pub use super::application_view::{BackgroundCheck, CheckStatus};
use super::reminders::{self, Planned, ReminderKind};
use super::{applications, now, record, settings};
use crate::domain::{validate, Stage};
use crate::error::{CoreError, ErrorCode, Result};
use crate::schedule;
use crate::store::entities::background_check as bc;
use crate::store::Store;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct CheckInput {
    pub provider: String,
    /// `YYYY-MM-DD`; needed once it is requested.
    pub requested_on: String,
    pub status: CheckStatus,
    /// `YYYY-MM-DD`; needed once it is clear or needs review.
    pub completed_on: String,
    pub notes: String,
    /// The owner's IANA zone, for the reminder.
    pub time_zone: String,
}

fn optional_date(field: &str, s: &str) -> Result<Option<NaiveDate>> {
    match s.trim() {
        "" => Ok(None),
        d => validate::date(field, d).map(Some),
    }
}

/// Start or update the background check of an application.
pub async fn save(
    store: &Store,
    application_id: i32,
    input: CheckInput,
    at: DateTime<Utc>,
) -> Result<BackgroundCheck> {
    let provider = validate::required_line("provider", &input.provider, 120)?;
    let requested_on = optional_date("requested_on", &input.requested_on)?;
    let completed_on = optional_date("completed_on", &input.completed_on)?;
    let notes = validate::optional_text("notes", &input.notes, 5000)?;
    let tz = schedule::parse_zone("time_zone", &input.time_zone)?;
    if input.status != CheckStatus::NotStarted && requested_on.is_none() {
        return Err(CoreError::invalid(
            "requested_on",
            "say when it was requested",
        ));
    }
    if input.status.done() && completed_on.is_none() {
        return Err(CoreError::invalid(
            "completed_on",
            "say when it was completed",
        ));
    }
    if let (Some(r), Some(c)) = (requested_on, completed_on) {
        if c < r {
            return Err(CoreError::invalid(
                "completed_on",
                "is before the date it was requested",
            ));
        }
    }
    let days = settings::desk(store).await?.background_check_days;
    let txn = store.db().begin().await?;
    let a = applications::load(&txn, application_id).await?;
    let stage = a.stage;
    let allowed = stage == Stage::Offer
        || stage == Stage::Hired
        || (stage == Stage::Finalist && a.place == Some(1));
    if !allowed {
        return Err(CoreError::new(
            ErrorCode::ForbiddenTransition,
            "A background check is only for the chosen candidate: at the offer stage, or the finalist placed 1st.",
        ));
    }
    let t = now();
    let existing = bc::Entity::find()
        .filter(bc::Column::ApplicationId.eq(application_id))
        .one(&txn)
        .await?;
    let was = existing.as_ref().map(|m| m.status);
    let mut am: bc::ActiveModel = match existing {
        Some(m) => m.into(),
        None => bc::ActiveModel {
            application_id: Set(application_id),
            created_at: Set(t),
            ..Default::default()
        },
    };
    am.provider = Set(provider.clone());
    am.requested_on = Set(requested_on);
    am.status = Set(input.status);
    am.completed_on = Set(completed_on);
    am.notes = Set(notes);
    am.updated_at = Set(t);
    let m = am.save(&txn).await?;
    let id = m.id.clone().unwrap();
    let source = format!("check:{id}");
    reminders::complete_from_in(&txn, &source, ReminderKind::BackgroundCheck, at).await?;
    if input.status.pending() {
        if let Some(r) = requested_on {
            reminders::insert_in(
                &txn,
                Planned {
                    title: format!("Background check ({provider}) still pending"),
                    kind: ReminderKind::BackgroundCheck,
                    candidate_id: Some(a.candidate_id),
                    role_id: Some(a.role_id),
                    application_id: Some(application_id),
                    local: schedule::morning_local(r + chrono::Days::new(days.into())),
                    tz,
                    source,
                },
                at,
            )
            .await?;
        }
    }
    if was != Some(input.status) {
        record(
            &txn,
            a.candidate_id,
            Some(application_id),
            "background_check",
            format!(
                "Background check ({provider}): {}",
                input.status.to_string().replace('_', " ")
            ),
        )
        .await?;
    }
    txn.commit().await?;
    super::application_view::check_for(store.db(), application_id)
        .await?
        .ok_or_else(|| CoreError::not_found("background check", id))
}
