//! What the app can do, one function per user action. Each takes the [`Store`], validates its
//! input, writes what belongs together in one transaction (with its timeline entry), and
//! returns the view the UI shows.

pub mod application_view;
pub mod applications;
pub mod board;
pub mod candidates;
pub mod checks;
pub mod compose;
pub mod csv_io;
pub mod decisions;
pub mod inbox;
pub mod ledger;
pub mod mail;
pub mod offers;
pub mod pool;
pub mod privacy;
pub mod pulse;
pub mod references;
pub mod reminders;
pub mod report;
pub mod restore;
pub mod roles;
pub mod sending;
pub mod settings;
pub mod team;
pub mod templates;

use crate::domain::Stage;
use crate::error::Result;
use crate::store::entities::activity;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};
use serde::{Deserialize, Serialize};
use specta::Type;

pub use crate::store::Store;

/// One entry of a candidate's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Activity {
    pub id: i32,
    pub application_id: Option<i32>,
    pub kind: String,
    pub summary: String,
    /// RFC 3339, UTC.
    pub at: String,
    /// Who did it, on a team ("Sam"); none on a desktop of one.
    pub actor: Option<String>,
}

/// How many applications of a role are at one stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct StageCount {
    pub stage: Stage,
    pub count: u32,
}

pub(crate) use crate::clock::now;
pub use crate::clock::ts;

pub(crate) fn tags_to_json(tags: &[String]) -> String {
    serde_json::to_string(tags).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn tags_from_json(s: &str) -> Vec<String> {
    serde_json::from_str(s).unwrap_or_default()
}

/// The conflict a save meets when the record it was based on (`what`: "role", "template") was
/// changed since, in another window or on another desktop of the team. Nothing was saved.
pub(crate) fn changed_meanwhile(what: &str) -> crate::error::CoreError {
    crate::error::CoreError {
        code: crate::error::ErrorCode::Conflict,
        field: Some("version".into()),
        message: format!(
            "This {what} was changed in another window or on another desktop after you opened it, so nothing was saved. Reload it to see the change, then make yours again."
        ),
    }
}

/// Record an activity on a candidate's timeline, inside the caller's transaction.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    candidate_id: i32,
    application_id: Option<i32>,
    kind: &str,
    summary: String,
) -> Result<()> {
    activity::ActiveModel {
        candidate_id: Set(candidate_id),
        application_id: Set(application_id),
        kind: Set(kind.to_string()),
        summary: Set(summary),
        at: Set(now()),
        actor: Set(crate::desktop::name()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

impl From<activity::Model> for Activity {
    fn from(m: activity::Model) -> Self {
        Activity {
            id: m.id,
            application_id: m.application_id,
            kind: m.kind,
            summary: m.summary,
            at: ts(m.at),
            actor: m.actor,
        }
    }
}
