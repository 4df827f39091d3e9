//! Offers, acceptance and the welcome plan.

use super::prelude::*;

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, input), err)]
pub async fn extend_offer(
    state: State<'_, AppState>,
    application_id: i32,
    input: OfferInput,
) -> Res<Offer> {
    guarded(async move {
        offers::extend(
            state.store()?,
            application_id,
            input,
            kindly_core::clock::now(),
        )
        .await
    })
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn accept_offer(
    state: State<'_, AppState>,
    offer_id: i32,
    start_date: Option<String>,
) -> Res<Accepted> {
    guarded(async move {
        offers::accept(
            state.store()?,
            offer_id,
            start_date.as_deref(),
            kindly_core::clock::now(),
        )
        .await
    })
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, reason), err)]
pub async fn decline_offer(
    state: State<'_, AppState>,
    offer_id: i32,
    reason: String,
) -> Res<ApplicationView> {
    guarded(async move {
        offers::decline(state.store()?, offer_id, &reason, kindly_core::clock::now()).await
    })
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, reason), err)]
pub async fn withdraw_offer(
    state: State<'_, AppState>,
    offer_id: i32,
    reason: String,
) -> Res<ApplicationView> {
    guarded(async move {
        offers::withdraw(state.store()?, offer_id, &reason, kindly_core::clock::now()).await
    })
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn welcome_plans(state: State<'_, AppState>) -> Res<Vec<WelcomePlan>> {
    guarded(async move { offers::welcome_plans(state.store()?, kindly_core::clock::now()).await })
        .await
}

/// What the guidance expects before an offer (references, the background check), and what is
/// not in yet.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn offer_readiness(
    state: State<'_, AppState>,
    application_id: i32,
) -> Res<OfferReadiness> {
    guarded(async move { offers::readiness(state.store()?, application_id).await }).await
}
