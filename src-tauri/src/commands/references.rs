//! References and background checks.

use super::prelude::*;

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn reference_summary(
    state: State<'_, AppState>,
    application_id: i32,
) -> Res<ReferenceSummary> {
    references::summary(state.store()?, application_id).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, input), err)]
pub async fn add_referee(
    state: State<'_, AppState>,
    application_id: i32,
    input: RefereeInput,
) -> Res<Referee> {
    references::add(state.store()?, application_id, input).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn delete_referee(state: State<'_, AppState>, id: i32) -> Res<()> {
    references::delete(state.store()?, id).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, record), err)]
pub async fn record_reference(
    state: State<'_, AppState>,
    id: i32,
    record: ReferenceRecord,
) -> Res<Referee> {
    references::record_answer(state.store()?, id, record, kindly_core::clock::now()).await
}

/// Email a reference request (only with the candidate's consent on record).
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn request_reference(
    state: State<'_, AppState>,
    request: ReferenceRequest,
) -> Res<OutboxMessage> {
    let m = references::request(
        state.store()?,
        &state.keychain,
        request,
        kindly_core::clock::now(),
    )
    .await?;
    state.outbox_wake.notify_one();
    Ok(m)
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, input), err)]
pub async fn save_background_check(
    state: State<'_, AppState>,
    application_id: i32,
    input: CheckInput,
) -> Res<BackgroundCheck> {
    checks::save(
        state.store()?,
        application_id,
        input,
        kindly_core::clock::now(),
    )
    .await
}
