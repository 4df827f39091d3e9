//! Roles (openings): create, edit, close, and list with the number of applications per stage.

use super::{now, tags_from_json, tags_to_json, ts, StageCount};
use crate::domain::{validate, RoleStatus, Stage};
use crate::error::{CoreError, Result};
use crate::store::entities::{application, role};
use crate::store::Store;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Role {
    pub id: i32,
    pub title: String,
    pub department: Option<String>,
    pub location: Option<String>,
    pub tags: Vec<String>,
    pub status: RoleStatus,
    /// `YYYY-MM-DD`.
    pub opened_on: String,
    pub created_at: String,
    /// Applications per stage, only stages with at least one.
    pub stage_counts: Vec<StageCount>,
    /// Goes up with every change; a save names the one it started from.
    pub version: i32,
}

/// What the role form sends. Blank optional text means none; no `opened_on` means today.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct RoleInput {
    pub title: String,
    pub department: String,
    pub location: String,
    pub tags: Vec<String>,
    pub opened_on: Option<String>,
}

struct CleanRole {
    title: String,
    department: Option<String>,
    location: Option<String>,
    tags: Vec<String>,
    opened_on: Option<chrono::NaiveDate>,
}

fn clean(input: &RoleInput) -> Result<CleanRole> {
    Ok(CleanRole {
        title: validate::required_line("title", &input.title, 120)?,
        department: validate::optional_line("department", &input.department, 80)?,
        location: validate::optional_line("location", &input.location, 120)?,
        tags: validate::tags("tags", &input.tags)?,
        opened_on: match input.opened_on.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(d) => Some(validate::date("opened_on", d)?),
        },
    })
}

fn view(m: role::Model, counts: Vec<StageCount>) -> Result<Role> {
    Ok(Role {
        id: m.id,
        title: m.title,
        department: m.department,
        location: m.location,
        tags: tags_from_json(&m.tags),
        status: m.status,
        opened_on: m.opened_on.format("%Y-%m-%d").to_string(),
        created_at: ts(m.created_at),
        stage_counts: counts,
        version: m.version,
    })
}

#[derive(FromQueryResult)]
struct CountRow {
    role_id: i32,
    stage: Stage,
    n: i64,
}

async fn stage_counts(
    store: &Store,
    role_id: Option<i32>,
) -> Result<HashMap<i32, Vec<StageCount>>> {
    let mut q = application::Entity::find()
        .select_only()
        .column(application::Column::RoleId)
        .column(application::Column::Stage)
        .column_as(application::Column::Id.count(), "n")
        .group_by(application::Column::RoleId)
        .group_by(application::Column::Stage);
    if let Some(id) = role_id {
        q = q.filter(application::Column::RoleId.eq(id));
    }
    let rows = q.into_model::<CountRow>().all(store.db()).await?;
    let mut out: HashMap<i32, Vec<StageCount>> = HashMap::new();
    for r in rows {
        let stage = r.stage;
        out.entry(r.role_id).or_default().push(StageCount {
            stage,
            count: r.n as u32,
        });
    }
    for v in out.values_mut() {
        v.sort_by_key(|c| Stage::ALL.iter().position(|s| *s == c.stage));
    }
    Ok(out)
}

/// Every role, open ones first, newest first within a status.
pub async fn list(store: &Store) -> Result<Vec<Role>> {
    let roles = role::Entity::find()
        .order_by_desc(role::Column::OpenedOn)
        .order_by_desc(role::Column::Id)
        .all(store.db())
        .await?;
    let mut counts = stage_counts(store, None).await?;
    let mut out: Vec<Role> = roles
        .into_iter()
        .map(|r| {
            let c = counts.remove(&r.id).unwrap_or_default();
            view(r, c)
        })
        .collect::<Result<_>>()?;
    // Open roles first, then filled, then closed; newest first within each (a stable sort).
    out.sort_by_key(|r| match r.status {
        RoleStatus::Open => 0,
        RoleStatus::Filled => 1,
        RoleStatus::Closed => 2,
    });
    Ok(out)
}

pub async fn get(store: &Store, id: i32) -> Result<Role> {
    let m = role::Entity::find_by_id(id)
        .one(store.db())
        .await?
        .ok_or_else(|| CoreError::not_found("role", id))?;
    let c = stage_counts(store, Some(id))
        .await?
        .remove(&id)
        .unwrap_or_default();
    view(m, c)
}

pub async fn create(store: &Store, input: RoleInput) -> Result<Role> {
    let c = clean(&input)?;
    let t = now();
    let m = role::ActiveModel {
        title: Set(c.title),
        department: Set(c.department),
        location: Set(c.location),
        tags: Set(tags_to_json(&c.tags)),
        status: Set(RoleStatus::Open),
        opened_on: Set(c.opened_on.unwrap_or_else(|| t.date_naive())),
        created_at: Set(t),
        updated_at: Set(t),
        ..Default::default()
    }
    .insert(store.db())
    .await?;
    tracing::info!(role_id = m.id, "role created");
    view(m, vec![])
}

pub async fn update(store: &Store, id: i32, input: RoleInput) -> Result<Role> {
    update_from(store, id, None, input).await
}

/// Save a role edit started from `version`: if the role changed since (another window, another
/// desktop), nothing is saved and the error is a `conflict` on `version`.
pub async fn update_from(
    store: &Store,
    id: i32,
    version: Option<i32>,
    input: RoleInput,
) -> Result<Role> {
    use sea_orm::sea_query::{Expr, ExprTrait};
    let c = clean(&input)?;
    let existing = role::Entity::find_by_id(id)
        .one(store.db())
        .await?
        .ok_or_else(|| CoreError::not_found("role", id))?;
    let base = version.unwrap_or(existing.version);
    let res = role::Entity::update_many()
        .col_expr(role::Column::Title, Expr::value(c.title))
        .col_expr(role::Column::Department, Expr::value(c.department))
        .col_expr(role::Column::Location, Expr::value(c.location))
        .col_expr(role::Column::Tags, Expr::value(tags_to_json(&c.tags)))
        .col_expr(
            role::Column::OpenedOn,
            Expr::value(c.opened_on.unwrap_or(existing.opened_on)),
        )
        .col_expr(role::Column::UpdatedAt, Expr::value(now()))
        .col_expr(
            role::Column::Version,
            Expr::col(role::Column::Version).add(1),
        )
        .filter(role::Column::Id.eq(id))
        .filter(role::Column::Version.eq(base))
        .exec(store.db())
        .await?;
    if res.rows_affected == 0 {
        return Err(super::changed_meanwhile("role"));
    }
    get(store, id).await
}

/// Close, reopen or mark a role filled.
pub async fn set_status(store: &Store, id: i32, status: RoleStatus) -> Result<Role> {
    let existing = role::Entity::find_by_id(id)
        .one(store.db())
        .await?
        .ok_or_else(|| CoreError::not_found("role", id))?;
    let version = existing.version + 1;
    let mut am: role::ActiveModel = existing.into();
    am.status = Set(status);
    am.updated_at = Set(now());
    am.version = Set(version);
    am.update(store.db()).await?;
    get(store, id).await
}
