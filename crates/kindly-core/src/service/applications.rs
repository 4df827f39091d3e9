//! Applications: a candidate in a role, moving through the pipeline, with interviews and a
//! finalist's place.

pub(crate) use super::application_view::load;
use super::application_view::view;
pub use super::application_view::{ApplicationView, Interview};
use super::{now, record};
use crate::domain::{validate, RoleStatus, Stage};
use crate::error::{CoreError, ErrorCode, Result};
use crate::store::entities::{activity, application, candidate, interview, role};
use crate::store::Store;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};

fn place_label(p: i32) -> &'static str {
    match p {
        1 => "1st",
        2 => "2nd",
        _ => "3rd",
    }
}

/// Put a candidate forward for a role, at `applied`.
pub async fn add(store: &Store, candidate_id: i32, role_id: i32) -> Result<ApplicationView> {
    let txn = store.db().begin().await?;
    candidate::Entity::find_by_id(candidate_id)
        .one(&txn)
        .await?
        .ok_or_else(|| CoreError::not_found("candidate", candidate_id))?;
    let r = role::Entity::find_by_id(role_id)
        .one(&txn)
        .await?
        .ok_or_else(|| CoreError::invalid("role_id", format!("role {role_id} does not exist")))?;
    if r.status != RoleStatus::Open {
        return Err(CoreError::invalid(
            "role_id",
            format!("'{}' is {}; reopen it to add candidates", r.title, r.status),
        ));
    }
    let dup = application::Entity::find()
        .filter(application::Column::CandidateId.eq(candidate_id))
        .filter(application::Column::RoleId.eq(role_id))
        .one(&txn)
        .await?;
    if dup.is_some() {
        return Err(CoreError::conflict(
            "role_id",
            format!("this candidate is already in '{}'", r.title),
        ));
    }
    let t = now();
    let a = application::ActiveModel {
        candidate_id: Set(candidate_id),
        role_id: Set(role_id),
        stage: Set(Stage::Applied),
        place: Set(None),
        stage_changed_at: Set(t),
        created_at: Set(t),
        updated_at: Set(t),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    record(
        &txn,
        candidate_id,
        Some(a.id),
        "application_created",
        format!("Applied for {}", r.title),
    )
    .await?;
    let v = view(&txn, a).await?;
    txn.commit().await?;
    Ok(v)
}

/// Move an application to another stage, if the pipeline allows it.
pub async fn move_stage(store: &Store, id: i32, to: Stage) -> Result<ApplicationView> {
    move_stage_from(store, id, None, to).await
}

/// Move an application from the stage the owner saw (`from`) to another. If it is at another
/// stage by now (someone on the team moved it), nothing changes and the error says where it is.
pub async fn move_stage_from(
    store: &Store,
    id: i32,
    from: Option<Stage>,
    to: Stage,
) -> Result<ApplicationView> {
    let txn = store.db().begin().await?;
    let a = load(&txn, id).await?;
    if let Some(seen) = from.filter(|f| *f != a.stage) {
        txn.rollback().await?;
        return Err(moved_meanwhile(store.db(), &a, seen).await?);
    }
    let a = move_in(&txn, a, to, None).await?;
    let v = view(&txn, a).await?;
    txn.commit().await?;
    Ok(v)
}

/// Move an application inside the caller's transaction, with its timeline entry; a reason
/// is kept when it closes (rejected or withdrawn).
pub(crate) async fn move_in<C: ConnectionTrait>(
    txn: &C,
    a: application::Model,
    to: Stage,
    reason: Option<String>,
) -> Result<application::Model> {
    let id = a.id;
    let from = a.stage;
    from.check_move(to)?;
    let candidate_id = a.candidate_id;
    let role_title = role::Entity::find_by_id(a.role_id)
        .one(txn)
        .await?
        .map(|r| r.title)
        .unwrap_or_default();
    let keeps_place = matches!(
        to,
        Stage::Finalist | Stage::Offer | Stage::Hired | Stage::Rejected | Stage::Withdrawn
    );
    let t = now();
    // Only from the stage it was read at: a desktop that moved it in between wins, and this
    // move is refused rather than written over theirs.
    let mut up = application::Entity::update_many()
        .col_expr(application::Column::Stage, Expr::value(to))
        .col_expr(application::Column::StageChangedAt, Expr::value(t))
        .col_expr(application::Column::UpdatedAt, Expr::value(t))
        .col_expr(
            application::Column::DecisionReason,
            Expr::value(if to.is_closed() { reason.clone() } else { None }),
        )
        .col_expr(
            application::Column::Version,
            Expr::col(application::Column::Version).add(1),
        );
    if !keeps_place {
        up = up.col_expr(application::Column::Place, Expr::value(None::<i32>));
    }
    let res = up
        .filter(application::Column::Id.eq(id))
        .filter(application::Column::Stage.eq(from))
        .exec(txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(moved_meanwhile(txn, &load(txn, id).await?, from).await?);
    }
    let a = load(txn, id).await?;
    let verb = if from.is_closed() {
        "Reopened"
    } else {
        "Moved"
    };
    let because = match reason.as_deref().filter(|_| to.is_closed()) {
        Some(r) => format!(" ({r})"),
        None => String::new(),
    };
    record(
        txn,
        candidate_id,
        Some(id),
        "stage_changed",
        format!(
            "{verb} from {} to {} for {role_title}{because}",
            from.label(),
            to.label()
        ),
    )
    .await?;
    touch_candidate(txn, candidate_id).await?;
    Ok(a)
}

/// Hold an application for a change inside the caller's transaction: its version goes up only
/// if it is still the one read (`a`). A second desktop deciding about the same application at
/// the same moment waits for the first, then finds the version gone and gets the conflict.
pub(crate) async fn hold<C: ConnectionTrait>(txn: &C, a: &application::Model) -> Result<()> {
    let res = application::Entity::update_many()
        .col_expr(
            application::Column::Version,
            Expr::col(application::Column::Version).add(1),
        )
        .filter(application::Column::Id.eq(a.id))
        .filter(application::Column::Version.eq(a.version))
        .exec(txn)
        .await?;
    if res.rows_affected == 0 {
        let now_at = load(txn, a.id).await?;
        if now_at.stage != a.stage {
            return Err(moved_meanwhile(txn, &now_at, a.stage).await?);
        }
        return Err(CoreError {
            code: ErrorCode::Conflict,
            field: Some("application_id".into()),
            message: "Someone on your team changed this application a moment ago; nothing was changed. Look again and decide from where it is now.".into(),
        });
    }
    Ok(())
}

/// Load an application inside the caller's transaction and hold it (see [`hold`]): what the
/// caller then checks cannot change under it, on any desktop, until it commits.
pub(crate) async fn load_held<C: ConnectionTrait>(txn: &C, id: i32) -> Result<application::Model> {
    let a = load(txn, id).await?;
    hold(txn, &a).await?;
    load(txn, id).await
}

/// The conflict when an application is no longer at the stage the owner saw: where it is now,
/// and who moved it (the latest stage change on its timeline).
pub(crate) async fn moved_meanwhile<C: ConnectionTrait>(
    db: &C,
    now_at: &application::Model,
    seen: Stage,
) -> Result<CoreError> {
    let who = activity::Entity::find()
        .filter(activity::Column::ApplicationId.eq(now_at.id))
        .filter(activity::Column::Kind.eq("stage_changed"))
        .order_by_desc(activity::Column::Id)
        .one(db)
        .await?
        .and_then(|e| e.actor);
    let by = who.map(|w| format!(" by {w}")).unwrap_or_default();
    Ok(CoreError {
        code: ErrorCode::Conflict,
        field: Some("stage".into()),
        message: format!(
            "This application was moved from {} to {}{by} after you looked; nothing was changed. Look again and decide from where it is now.",
            seen.label(),
            now_at.stage.label()
        ),
    })
}

/// Give a finalist their place (1st, 2nd, 3rd), or clear it.
pub async fn set_place(store: &Store, id: i32, place: Option<i32>) -> Result<ApplicationView> {
    let place = place.map(|p| validate::place("place", p)).transpose()?;
    let txn = store.db().begin().await?;
    let a = load(&txn, id).await?;
    let stage = a.stage;
    if place.is_some() && stage != Stage::Finalist {
        return Err(CoreError::invalid(
            "place",
            format!("only a finalist has a place; this application is {}", stage),
        ));
    }
    if a.place == place {
        txn.rollback().await?;
        return view(store.db(), a).await;
    }
    let candidate_id = a.candidate_id;
    let mut am: application::ActiveModel = a.into();
    am.place = Set(place);
    am.updated_at = Set(now());
    let a = am.update(&txn).await?;
    let summary = match place {
        Some(p) => format!("Placed {} among the finalists", place_label(p)),
        None => "Place cleared".to_string(),
    };
    record(&txn, candidate_id, Some(id), "place_set", summary).await?;
    let v = view(&txn, a).await?;
    txn.commit().await?;
    Ok(v)
}

/// Record an interview that took place (or is booked) on a date.
pub async fn add_interview(
    store: &Store,
    id: i32,
    held_on: &str,
    notes: &str,
) -> Result<ApplicationView> {
    let held_on = validate::date("held_on", held_on)?;
    let notes = validate::optional_text("notes", notes, 20_000)?;
    let txn = store.db().begin().await?;
    let mut a = load(&txn, id).await?;
    interview::ActiveModel {
        application_id: Set(id),
        held_on: Set(held_on),
        notes: Set(notes),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    record(
        &txn,
        a.candidate_id,
        Some(id),
        "interview_recorded",
        format!("Interview on {}", held_on.format("%-d %B %Y")),
    )
    .await?;
    // An interview that took place moves them on to Interviewed; one booked ahead, to
    // Interviewing. Never back, and never out of a later stage.
    let today = crate::clock::now().date_naive();
    let to = if held_on <= today {
        Stage::Interviewed
    } else {
        Stage::Interviewing
    };
    if a.stage == Stage::Applied {
        a = move_in(&txn, a, Stage::Interviewing, None).await?;
    }
    if a.stage == Stage::Interviewing && to == Stage::Interviewed {
        a = move_in(&txn, a, to, None).await?;
    }
    touch_candidate(&txn, a.candidate_id).await?;
    let v = view(&txn, a).await?;
    txn.commit().await?;
    Ok(v)
}

pub(crate) async fn touch_candidate<C: ConnectionTrait>(db: &C, id: i32) -> Result<()> {
    candidate::Entity::update_many()
        .col_expr(
            candidate::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now()),
        )
        .filter(candidate::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
