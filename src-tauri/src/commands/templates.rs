//! Templates: the messages Kindly writes from, and their preview.

use super::prelude::*;

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn list_templates(state: State<'_, AppState>) -> Res<Vec<Template>> {
    templates::list(state.store()?).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, input), err)]
pub async fn update_template(
    state: State<'_, AppState>,
    id: i32,
    input: TemplateInput,
) -> Res<Template> {
    templates::update(state.store()?, id, input).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn duplicate_template(state: State<'_, AppState>, id: i32) -> Res<Template> {
    templates::duplicate(state.store()?, id).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn restore_template(state: State<'_, AppState>, id: i32) -> Res<Template> {
    templates::restore_default(state.store()?, id).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn delete_template(state: State<'_, AppState>, id: i32) -> Res<()> {
    templates::delete(state.store()?, id).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn preview_template(
    state: State<'_, AppState>,
    request: PreviewRequest,
) -> Res<Rendered> {
    templates::preview(state.store()?, request).await
}

#[tauri::command]
#[specta::specta]
pub fn list_placeholders() -> Vec<Placeholder> {
    template::placeholders()
}
