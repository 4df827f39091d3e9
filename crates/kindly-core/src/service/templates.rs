//! Templates: the built-in one for each moment (editable, restorable), copies the owner makes,
//! and a preview that renders one for a real candidate exactly as they would receive it.

use super::{now, settings, ts};
use crate::domain::defaults::{default_for, Purpose};
use crate::domain::states::OfferStatus;
use crate::domain::template::{self, Rendered, Values};
use crate::domain::validate;
use crate::error::{CoreError, Result};
use crate::store::entities::{application, candidate, interview, offer, role, template as tpl};
use crate::store::Store;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Template {
    pub id: i32,
    pub purpose: Purpose,
    pub name: String,
    pub subject: String,
    pub body: String,
    /// The built-in template for its purpose: restorable, not deletable.
    pub builtin: bool,
    /// A built-in whose text differs from Kindly's default.
    pub edited: bool,
    pub updated_at: String,
    /// Goes up with every change; a save names the one it started from.
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct TemplateInput {
    pub name: String,
    pub subject: String,
    pub body: String,
}

/// Render a template's text (as saved, or as being edited) for a candidate and the role they
/// applied for, with the values only this message has (a follow-up date, feedback…).
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct PreviewRequest {
    pub subject: String,
    pub body: String,
    pub candidate_id: i32,
    pub role_id: Option<i32>,
    pub values: Values,
}

fn view(m: tpl::Model) -> Result<Template> {
    let purpose = m.purpose;
    let d = default_for(purpose);
    Ok(Template {
        id: m.id,
        purpose,
        edited: m.builtin && (m.subject != d.subject || m.body != d.body || m.name != d.name),
        name: m.name,
        subject: m.subject,
        body: m.body,
        builtin: m.builtin,
        updated_at: ts(m.updated_at),
        version: m.version,
    })
}

async fn load(store: &Store, id: i32) -> Result<tpl::Model> {
    tpl::Entity::find_by_id(id)
        .one(store.db())
        .await?
        .ok_or_else(|| CoreError::not_found("template", id))
}

/// Built-ins in the order of the follow-up, each followed by its copies.
pub async fn list(store: &Store) -> Result<Vec<Template>> {
    let mut all: Vec<Template> = tpl::Entity::find()
        .order_by_desc(tpl::Column::Builtin)
        .order_by_asc(tpl::Column::Name)
        .all(store.db())
        .await?
        .into_iter()
        .map(view)
        .collect::<Result<_>>()?;
    all.sort_by_key(|t| {
        (
            Purpose::ALL.iter().position(|p| *p == t.purpose),
            !t.builtin,
        )
    });
    Ok(all)
}

pub async fn get(store: &Store, id: i32) -> Result<Template> {
    view(load(store, id).await?)
}

fn clean(input: &TemplateInput) -> Result<TemplateInput> {
    let name = validate::required_line("name", &input.name, 120)?;
    let subject = validate::required_line("subject", &input.subject, 300)?;
    let body = validate::optional_text("body", &input.body, 20_000)?
        .ok_or_else(|| CoreError::invalid("body", "is required"))?;
    template::check(&subject, &body)?;
    Ok(TemplateInput {
        name,
        subject,
        body,
    })
}

pub async fn update(store: &Store, id: i32, input: TemplateInput) -> Result<Template> {
    update_from(store, id, None, input).await
}

/// Save a template edit started from `version`: if the template changed since (another window,
/// another desktop), nothing is saved and the error is a `conflict` on `version`.
pub async fn update_from(
    store: &Store,
    id: i32,
    version: Option<i32>,
    input: TemplateInput,
) -> Result<Template> {
    use sea_orm::sea_query::{Expr, ExprTrait};
    let c = clean(&input)?;
    let existing = load(store, id).await?;
    let res = tpl::Entity::update_many()
        .col_expr(tpl::Column::Name, Expr::value(c.name))
        .col_expr(tpl::Column::Subject, Expr::value(c.subject))
        .col_expr(tpl::Column::Body, Expr::value(c.body))
        .col_expr(tpl::Column::UpdatedAt, Expr::value(now()))
        .col_expr(tpl::Column::Version, Expr::col(tpl::Column::Version).add(1))
        .filter(tpl::Column::Id.eq(id))
        .filter(tpl::Column::Version.eq(version.unwrap_or(existing.version)))
        .exec(store.db())
        .await?;
    if res.rows_affected == 0 {
        return Err(super::changed_meanwhile("template"));
    }
    view(load(store, id).await?)
}

/// A copy to adapt, for the same moment of the follow-up.
pub async fn duplicate(store: &Store, id: i32) -> Result<Template> {
    let src = load(store, id).await?;
    let t = now();
    let copy = tpl::ActiveModel {
        purpose: Set(src.purpose),
        name: Set(format!("{} (copy)", src.name)),
        subject: Set(src.subject),
        body: Set(src.body),
        builtin: Set(false),
        created_at: Set(t),
        updated_at: Set(t),
        ..Default::default()
    }
    .insert(store.db())
    .await?;
    view(copy)
}

/// Put a built-in template back to Kindly's default text.
pub async fn restore_default(store: &Store, id: i32) -> Result<Template> {
    let m = load(store, id).await?;
    if !m.builtin {
        return Err(CoreError::invalid(
            "id",
            "only a built-in template has a default to restore; delete this copy instead",
        ));
    }
    let d = default_for(view(m.clone())?.purpose);
    let version = m.version + 1;
    let mut am: tpl::ActiveModel = m.into();
    am.version = Set(version);
    am.name = Set(d.name.into());
    am.subject = Set(d.subject.into());
    am.body = Set(d.body.into());
    am.updated_at = Set(now());
    view(am.update(store.db()).await?)
}

pub async fn delete(store: &Store, id: i32) -> Result<()> {
    let m = load(store, id).await?;
    if m.builtin {
        return Err(CoreError::invalid(
            "id",
            "a built-in template cannot be deleted; restore its default instead",
        ));
    }
    tpl::Entity::delete_by_id(id).exec(store.db()).await?;
    Ok(())
}

/// Everything a message to this candidate about this role can say: their names and address,
/// the role, the owner's profile, the date of their last interview, then the message's own
/// values (blank ones left out, so a blank never reaches a candidate).
pub async fn message_values(
    store: &Store,
    candidate_id: i32,
    role_id: Option<i32>,
    extra: &Values,
) -> Result<Values> {
    let c = candidate::Entity::find_by_id(candidate_id)
        .one(store.db())
        .await?
        .ok_or_else(|| CoreError::not_found("candidate", candidate_id))?;
    let profile = settings::profile(store).await?;
    values_for(store, c, role_id, &profile, extra).await
}

/// [`message_values`] for a candidate already loaded and the owner's profile, so a batch
/// reads the profile once.
pub async fn values_for(
    store: &Store,
    c: candidate::Model,
    role_id: Option<i32>,
    p: &settings::Profile,
    extra: &Values,
) -> Result<Values> {
    let candidate_id = c.id;
    let mut v = Values::new();
    let full = c.full_name();
    v.insert("candidate_first_name".into(), c.first_name);
    v.insert("candidate_last_name".into(), c.last_name);
    v.insert("candidate_full_name".into(), full);
    v.insert("candidate_email".into(), c.email);
    if let Some(role_id) = role_id {
        let r = role::Entity::find_by_id(role_id)
            .one(store.db())
            .await?
            .ok_or_else(|| {
                CoreError::invalid("role_id", format!("role {role_id} does not exist"))
            })?;
        v.insert("role_title".into(), r.title);
        let app = application::Entity::find()
            .filter(application::Column::CandidateId.eq(candidate_id))
            .filter(application::Column::RoleId.eq(role_id))
            .one(store.db())
            .await?;
        if let Some(app) = app {
            let last = interview::Entity::find()
                .filter(interview::Column::ApplicationId.eq(app.id))
                .order_by_desc(interview::Column::HeldOn)
                .one(store.db())
                .await?;
            if let Some(i) = last {
                v.insert(
                    "interview_date".into(),
                    i.held_on.format("%A %-d %B").to_string(),
                );
            }
            // The offer that is out: until when it is open, and the start it proposes.
            let offer = offer::Entity::find()
                .filter(offer::Column::ApplicationId.eq(app.id))
                .filter(offer::Column::Status.eq(OfferStatus::Extended))
                .order_by_desc(offer::Column::CreatedAt)
                .one(store.db())
                .await?;
            if let Some(o) = offer {
                v.insert(
                    "offer_open_until".into(),
                    o.expires_on.format("%A %-d %B").to_string(),
                );
                v.insert(
                    "start_date".into(),
                    o.start_date.format("%A %-d %B").to_string(),
                );
            }
        }
    }
    v.insert(
        "consent_months".into(),
        settings::desk(store).await?.consent_months.to_string(),
    );
    v.insert("company_name".into(), p.company_name.clone());
    v.insert("sender_name".into(), p.sender_name.clone());
    v.insert(
        "signature".into(),
        if p.signature.trim().is_empty() {
            p.sender_name.clone()
        } else {
            p.signature.clone()
        },
    );
    for (k, val) in extra {
        let val = val.trim();
        if val.is_empty() {
            continue;
        }
        // A date picked in the composer reads as a date in the message: "Friday 6 March".
        let shown = match chrono::NaiveDate::parse_from_str(val, "%Y-%m-%d") {
            Ok(d) => d.format("%A %-d %B").to_string(),
            Err(_) => val.to_string(),
        };
        v.insert(k.clone(), shown);
    }
    v.retain(|_, val| !val.trim().is_empty());
    Ok(v)
}

/// The message as the candidate would see it, or the strict error that stops it.
pub async fn preview(store: &Store, req: PreviewRequest) -> Result<Rendered> {
    let values = message_values(store, req.candidate_id, req.role_id, &req.values).await?;
    template::render(&req.subject, &req.body, &values)
}

/// Put back any built-in template that is missing (a new database, or a purpose added by
/// this version). Edited built-ins are left as the owner wrote them.
pub async fn seed_builtins(store: &Store) -> Result<()> {
    // One desktop at a time: two starting together on a team's server write them once.
    let txn = sea_orm::TransactionTrait::begin(store.db()).await?;
    crate::store::team_lock(&txn, crate::store::TeamLock::Seed).await?;
    use crate::domain::defaults::DEFAULTS;
    use crate::store::entities::template;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
    let builtins = template::Entity::find()
        .filter(template::Column::Builtin.eq(true))
        .all(&txn)
        .await?;
    let now = crate::clock::now();
    // A built-in still word for word an earlier version's text was never edited: bring it up
    // to date (an edited one stays as the owner wrote it).
    for t in builtins
        .iter()
        .filter(|t| crate::domain::defaults::retired_body(t.purpose, &t.body))
    {
        let mut am: template::ActiveModel = t.clone().into();
        am.body = Set(crate::domain::defaults::default_for(t.purpose).body.into());
        am.updated_at = Set(now);
        am.update(&txn).await?;
    }
    let present: Vec<crate::domain::defaults::Purpose> =
        builtins.into_iter().map(|t| t.purpose).collect();
    for d in DEFAULTS.iter().filter(|d| !present.contains(&d.purpose)) {
        template::ActiveModel {
            purpose: Set(d.purpose),
            name: Set(d.name.into()),
            subject: Set(d.subject.into()),
            body: Set(d.body.into()),
            builtin: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
