//! Templates: the messages Kindly writes from, and their preview.

use super::prelude::*;

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn list_templates(state: State<'_, AppState>) -> Res<Vec<Template>> {
    guarded(async move { templates::list(state.store()?).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, input), err)]
/// Save a template edit started from `version`; if it changed since, a `conflict` on
/// `version`.
pub async fn update_template(
    state: State<'_, AppState>,
    id: i32,
    version: Option<i32>,
    input: TemplateInput,
) -> Res<Template> {
    guarded(async move { templates::update_from(state.store()?, id, version, input).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn duplicate_template(state: State<'_, AppState>, id: i32) -> Res<Template> {
    guarded(async move { templates::duplicate(state.store()?, id).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn restore_template(state: State<'_, AppState>, id: i32) -> Res<Template> {
    guarded(async move { templates::restore_default(state.store()?, id).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn delete_template(state: State<'_, AppState>, id: i32) -> Res<()> {
    guarded(async move { templates::delete(state.store()?, id).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn preview_template(
    state: State<'_, AppState>,
    request: PreviewRequest,
) -> Res<Rendered> {
    guarded(async move { templates::preview(state.store()?, request).await }).await
}

#[tauri::command]
#[specta::specta]
pub fn list_placeholders() -> Vec<Placeholder> {
    template::placeholders()
}
