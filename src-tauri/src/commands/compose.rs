//! Writing to a candidate: the tone check, the promised date, and queuing the message.

use super::prelude::*;

/// Queue one message for a candidate (it waits out the undo window or its schedule).
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn send_email(state: State<'_, AppState>, request: ComposeRequest) -> Res<OutboxMessage> {
    guarded(async move {
        let m = compose::send(state.store()?, &state.keychain, request).await?;
        state.outbox_wake.notify_one();
        Ok(m)
    })
    .await
}

/// Queue one message per candidate as a batch, or none if any cannot be written.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn send_batch(
    state: State<'_, AppState>,
    requests: Vec<ComposeRequest>,
) -> Res<Vec<OutboxMessage>> {
    guarded(async move {
        let m = compose::send_batch(state.store()?, &state.keychain, requests).await?;
        state.outbox_wake.notify_one();
        Ok(m)
    })
    .await
}

/// What the tone check finds in a message as it would be sent (empty for templates it does
/// not read).
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn check_tone(state: State<'_, AppState>, request: ComposeRequest) -> Res<Vec<Finding>> {
    guarded(async move { compose::check_tone(state.store()?, &request).await }).await
}

/// The date a thank-you promises news by, by default: 5 working days after the interview.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn default_follow_up_date(
    state: State<'_, AppState>,
    candidate_id: i32,
    role_id: Option<i32>,
) -> Res<String> {
    guarded(async move {
        let store = state.store()?;
        let days = settings::desk(store).await?.follow_up_working_days;
        compose::default_follow_up(store, candidate_id, role_id, days)
            .await
            .map(|d| d.format("%Y-%m-%d").to_string())
    })
    .await
}
