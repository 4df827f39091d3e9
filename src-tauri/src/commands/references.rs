//! References and background checks.

use super::prelude::*;

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn reference_summary(
    state: State<'_, AppState>,
    application_id: i32,
) -> Res<ReferenceSummary> {
    guarded(async move { references::summary(state.store()?, application_id).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, input), err)]
pub async fn add_referee(
    state: State<'_, AppState>,
    application_id: i32,
    input: RefereeInput,
) -> Res<Referee> {
    guarded(async move { references::add(state.store()?, application_id, input).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn delete_referee(state: State<'_, AppState>, id: i32) -> Res<()> {
    guarded(async move { references::delete(state.store()?, id).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, record), err)]
pub async fn record_reference(
    state: State<'_, AppState>,
    id: i32,
    record: ReferenceRecord,
) -> Res<Referee> {
    guarded(async move {
        references::record_answer(state.store()?, id, record, kindly_core::clock::now()).await
    })
    .await
}

/// Email a reference request (only with the candidate's consent on record).
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn request_reference(
    state: State<'_, AppState>,
    request: ReferenceRequest,
) -> Res<OutboxMessage> {
    guarded(async move {
        let m = references::request(
            state.store()?,
            &state.keychain,
            request,
            kindly_core::clock::now(),
        )
        .await?;
        state.outbox_wake.notify_one();
        Ok(m)
    })
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, input), err)]
pub async fn save_background_check(
    state: State<'_, AppState>,
    application_id: i32,
    input: CheckInput,
) -> Res<BackgroundCheck> {
    guarded(async move {
        checks::save(
            state.store()?,
            application_id,
            input,
            kindly_core::clock::now(),
        )
        .await
    })
    .await
}
