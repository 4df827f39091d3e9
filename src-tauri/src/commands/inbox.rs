//! Replies from the owner's inbox: on the candidate's page and on Today.

use super::prelude::*;
use kindly_core::service::inbox::{self, BouncedAddress, Reply};
use kindly_core::service::pool::PoolMember;

/// A candidate's replies, newest first.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn candidate_replies(state: State<'_, AppState>, candidate_id: i32) -> Res<Vec<Reply>> {
    guarded(async move { inbox::for_candidate(state.store()?, candidate_id).await }).await
}

/// Replies not read yet, for Today.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn unread_replies(state: State<'_, AppState>) -> Res<Vec<Reply>> {
    guarded(async move { inbox::unread(state.store()?).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn mark_reply_read(state: State<'_, AppState>, id: i32) -> Res<()> {
    guarded(async move { inbox::mark_read(state.store()?, id).await }).await
}

/// **Record consent** from a reply to a runner-up, stay-in-touch or consent-renewal message:
/// they join the talent pool (or renew), "email reply", on the reply's date. A reply from
/// another address than the one Kindly wrote to needs `sender_confirmed` (the owner's
/// confirmation in a dialog that says why).
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn record_consent_from_reply(
    state: State<'_, AppState>,
    reply_id: i32,
    time_zone: String,
    sender_confirmed: bool,
) -> Res<PoolMember> {
    guarded(async move {
        inbox::record_consent(
            state.store()?,
            reply_id,
            &time_zone,
            sender_confirmed,
            kindly_core::clock::now(),
        )
        .await
    })
    .await
}

/// Whether the candidate's address bounced, when and why.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn candidate_bounce(
    state: State<'_, AppState>,
    candidate_id: i32,
) -> Res<Option<BouncedAddress>> {
    guarded(async move { inbox::bounced_address(state.store()?, candidate_id).await }).await
}
