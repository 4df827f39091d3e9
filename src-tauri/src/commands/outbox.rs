//! The outbox: what was sent, what waits, and the owner's decisions about it.

use super::prelude::*;

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn list_outbox(
    state: State<'_, AppState>,
    statuses: Vec<MessageStatus>,
) -> Res<Vec<OutboxMessage>> {
    guarded(async move { outbox::list(state.store()?, &statuses).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn cancel_message(state: State<'_, AppState>, id: i32) -> Res<OutboxMessage> {
    guarded(async move { outbox::cancel(state.store()?, id).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn retry_message(state: State<'_, AppState>, id: i32) -> Res<OutboxMessage> {
    guarded(async move {
        let m = outbox::retry(state.store()?, id).await?;
        state.outbox_wake.notify_one();
        Ok(m)
    })
    .await
}

/// The owner confirms that a message of unknown fate did arrive.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn mark_message_sent(state: State<'_, AppState>, id: i32) -> Res<OutboxMessage> {
    guarded(async move { kindly_core::service::sending::mark_sent(state.store()?, id).await }).await
}

/// How many messages are waiting to go, and why they cannot, if the worker met a problem.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn outbox_health(state: State<'_, AppState>) -> Res<OutboxHealth> {
    guarded(async move { sending::health(state.store()?).await }).await
}

/// Try the waiting messages now, without spending an attempt on the wait.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn send_waiting_now(state: State<'_, AppState>) -> Res<u32> {
    guarded(async move {
        let n = sending::try_now(state.store()?).await?;
        state.outbox_wake.notify_one();
        Ok(n)
    })
    .await
}
