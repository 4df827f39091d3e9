//! The talent pool: consent, staying in touch, and reconnecting.

use super::prelude::*;

/// Everyone in the talent pool (expired consent included, for renewal or erasure).
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn talent_pool(state: State<'_, AppState>) -> Res<Vec<PoolMember>> {
    guarded(async move {
        let store = state.store()?;
        let now = kindly_core::clock::now();
        pool::sweep(store, now).await?;
        pool::list(store, now).await
    })
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn pool_member(state: State<'_, AppState>, candidate_id: i32) -> Res<Option<PoolMember>> {
    guarded(
        async move { pool::member(state.store()?, candidate_id, kindly_core::clock::now()).await },
    )
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn add_to_pool(state: State<'_, AppState>, input: PoolInput) -> Res<PoolMember> {
    guarded(async move { pool::add(state.store()?, input, kindly_core::clock::now()).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn record_consent(state: State<'_, AppState>, input: ConsentInput) -> Res<Consent> {
    guarded(
        async move { pool::record_consent(state.store()?, input, kindly_core::clock::now()).await },
    )
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, note), err)]
pub async fn log_pool_contact(
    state: State<'_, AppState>,
    candidate_id: i32,
    note: String,
) -> Res<PoolMember> {
    guarded(async move {
        pool::log_contact(
            state.store()?,
            candidate_id,
            &note,
            kindly_core::clock::now(),
        )
        .await
    })
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, reason), err)]
pub async fn leave_pool(state: State<'_, AppState>, candidate_id: i32, reason: String) -> Res<()> {
    guarded(async move {
        pool::leave(
            state.store()?,
            candidate_id,
            &reason,
            kindly_core::clock::now(),
        )
        .await
    })
    .await
}

/// Pool members from past roles like this one, best fit first.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn reconnect_suggestions(
    state: State<'_, AppState>,
    role_id: i32,
) -> Res<Vec<Suggestion>> {
    guarded(
        async move { pool::suggestions(state.store()?, role_id, kindly_core::clock::now()).await },
    )
    .await
}
