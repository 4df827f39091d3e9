//! Replies from the owner's inbox: on the candidate's page and on Today.

use super::prelude::*;
use kindly_core::service::inbox::{self, Reply};

/// A candidate's replies, newest first.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn candidate_replies(state: State<'_, AppState>, candidate_id: i32) -> Res<Vec<Reply>> {
    inbox::for_candidate(state.store()?, candidate_id).await
}

/// Replies not read yet, for Today.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn unread_replies(state: State<'_, AppState>) -> Res<Vec<Reply>> {
    inbox::unread(state.store()?).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn mark_reply_read(state: State<'_, AppState>, id: i32) -> Res<()> {
    inbox::mark_read(state.store()?, id).await
}
