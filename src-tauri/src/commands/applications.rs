//! Applications: a candidate in a role, through the pipeline, with interviews.

use super::prelude::*;

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn add_application(
    state: State<'_, AppState>,
    candidate_id: i32,
    role_id: i32,
) -> Res<ApplicationView> {
    guarded(async move { applications::add(state.store()?, candidate_id, role_id).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
/// Move an application from the stage the window showed (`from`) to `stage`; if someone on
/// the team moved it meanwhile, a `conflict` on `stage` says where it is now.
pub async fn move_stage(
    state: State<'_, AppState>,
    application_id: i32,
    from: Option<Stage>,
    stage: Stage,
) -> Res<ApplicationView> {
    guarded(async move {
        applications::move_stage_from(state.store()?, application_id, from, stage).await
    })
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn set_place(
    state: State<'_, AppState>,
    application_id: i32,
    place: Option<i32>,
) -> Res<ApplicationView> {
    guarded(async move { applications::set_place(state.store()?, application_id, place).await })
        .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, notes), err)]
pub async fn add_interview(
    state: State<'_, AppState>,
    application_id: i32,
    held_on: String,
    notes: String,
) -> Res<ApplicationView> {
    guarded(async move {
        applications::add_interview(state.store()?, application_id, &held_on, &notes).await
    })
    .await
}
