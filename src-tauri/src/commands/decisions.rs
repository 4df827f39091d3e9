//! Telling candidates the decision: drafts, the batch, and who is still waiting.

use super::prelude::*;

/// The rejection (or runner-up) message for an application, feedback prefilled from the
/// interview notes.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn decision_draft(state: State<'_, AppState>, application_id: i32) -> Res<DecisionDraft> {
    guarded(async move { decisions::draft(state.store()?, application_id).await }).await
}

/// Close applications with their decision messages, queued as one batch (or none).
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn send_decisions(
    state: State<'_, AppState>,
    requests: Vec<DecisionRequest>,
) -> Res<Vec<OutboxMessage>> {
    guarded(async move {
        let m = decisions::send(state.store()?, &state.keychain, requests).await?;
        state.outbox_wake.notify_one();
        Ok(m)
    })
    .await
}

/// Everyone in a role still without a final message.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn loose_ends(state: State<'_, AppState>, role_id: i32) -> Res<Vec<LooseEnd>> {
    guarded(async move { decisions::loose_ends(state.store()?, role_id).await }).await
}

/// 09:00 on the next working day in the owner's zone (RFC 3339, UTC).
#[tauri::command]
#[specta::specta]
#[instrument(skip(_state), err)]
pub async fn next_working_morning(_state: State<'_, AppState>, time_zone: String) -> Res<String> {
    guarded(async move {
        let tz = kindly_core::schedule::parse_zone("time_zone", &time_zone)?;
        Ok(kindly_core::clock::ts(
            kindly_core::schedule::next_working_morning(kindly_core::clock::now(), tz),
        ))
    })
    .await
}
