//! Roles: the jobs being hired for.

use super::prelude::*;

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn list_roles(state: State<'_, AppState>) -> Res<Vec<Role>> {
    guarded(async move { roles::list(state.store()?).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn get_role(state: State<'_, AppState>, id: i32) -> Res<Role> {
    guarded(async move { roles::get(state.store()?, id).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn create_role(state: State<'_, AppState>, input: RoleInput) -> Res<Role> {
    guarded(async move { roles::create(state.store()?, input).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, input), err)]
/// Save a role edit started from `version`; if it changed since, a `conflict` on `version`.
pub async fn update_role(
    state: State<'_, AppState>,
    id: i32,
    version: Option<i32>,
    input: RoleInput,
) -> Res<Role> {
    guarded(async move { roles::update_from(state.store()?, id, version, input).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn set_role_status(state: State<'_, AppState>, id: i32, status: RoleStatus) -> Res<Role> {
    guarded(async move { roles::set_status(state.store()?, id, status).await }).await
}

/// The role's follow-up board: everyone interviewed, each step of the guidance, what is left.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn role_board(state: State<'_, AppState>, role_id: i32, time_zone: String) -> Res<Board> {
    guarded(async move {
        board::board(
            state.store()?,
            role_id,
            &time_zone,
            kindly_core::clock::now(),
        )
        .await
    })
    .await
}
