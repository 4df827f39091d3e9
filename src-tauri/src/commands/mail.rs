//! The owner's mail server: settings, the password in the keychain, a test email.

use super::prelude::*;

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn get_mail_setup(state: State<'_, AppState>) -> Res<MailSetup> {
    mail::setup(state.store()?, &state.keychain).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn save_smtp_settings(
    state: State<'_, AppState>,
    settings: SmtpSettings,
) -> Res<SmtpSettings> {
    let saved = mail::save_smtp_settings(state.store()?, settings).await?;
    try_waiting_now(&state).await;
    Ok(saved)
}

/// After the owner changes their mail settings, what waits on a failed try goes at once.
async fn try_waiting_now(state: &AppState) {
    if let Ok(store) = state.store() {
        if let Err(e) = sending::try_now(store).await {
            tracing::warn!(code = ?e.code, "could not make the waiting messages due");
        }
    }
    state.outbox_wake.notify_one();
}

/// The password goes straight to the keychain; it is never stored elsewhere or returned.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn set_smtp_password(state: State<'_, AppState>, password: String) -> Res<()> {
    mail::set_password(&state.keychain, password).await?;
    try_waiting_now(&state).await;
    Ok(())
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn remove_smtp_password(state: State<'_, AppState>) -> Res<()> {
    mail::remove_password(&state.keychain).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn send_test_email(state: State<'_, AppState>) -> Res<TestEmailSent> {
    mail::send_test_email(state.store()?, &state.keychain).await
}

/// What Kindly knows about the mail of an address: the provider and its settings.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn suggest_mail_settings(
    state: State<'_, AppState>,
    address: String,
) -> Res<kindly_core::service::mail::MailSuggestion> {
    mail::suggest(&address, state.dns_server).await
}
