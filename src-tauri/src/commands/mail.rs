//! The owner's mail server: settings, the password in the keychain, a test email.

use super::prelude::*;

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn get_mail_setup(state: State<'_, AppState>) -> Res<MailSetup> {
    guarded(async move { mail::setup(state.store()?, &state.keychain).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn save_smtp_settings(
    state: State<'_, AppState>,
    settings: SmtpSettings,
) -> Res<SmtpSettings> {
    guarded(async move {
        let saved = mail::save_smtp_settings(state.store()?, settings).await?;
        try_waiting_now(&state).await;
        Ok(saved)
    })
    .await
}

/// After the owner changes their mail settings, what waits on a failed try goes at once, and
/// the inbox is looked at with the new settings.
async fn try_waiting_now(state: &AppState) {
    if let Ok(store) = state.store() {
        if let Err(e) = sending::try_now(store).await {
            tracing::warn!(code = ?e.code, "could not make the waiting messages due");
        }
    }
    state.outbox_wake.notify_one();
    state.inbox_wake.notify_one();
}

/// The password goes straight to the keychain; it is never stored elsewhere or returned.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn set_smtp_password(state: State<'_, AppState>, password: String) -> Res<()> {
    guarded(async move {
        mail::set_password(state.store()?, &state.keychain, password).await?;
        try_waiting_now(&state).await;
        Ok(())
    })
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn remove_smtp_password(state: State<'_, AppState>) -> Res<()> {
    guarded(async move { mail::remove_password(state.store()?, &state.keychain).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn send_test_email(state: State<'_, AppState>) -> Res<TestEmailSent> {
    guarded(async move { mail::send_test_email(state.store()?, &state.keychain).await }).await
}

/// What Kindly knows about the mail of an address: the provider and its settings.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn suggest_mail_settings(
    state: State<'_, AppState>,
    address: String,
) -> Res<kindly_core::service::mail::MailSuggestion> {
    guarded(async move { mail::suggest(&address, state.dns_server, &mail::USUAL_PORTS).await })
        .await
}

/// Sign in with Google or Microsoft for these settings: the provider's page opens in the
/// system browser, and Kindly waits (up to five minutes, or until cancelled) for the answer.
/// The grant goes to the keychain; the window only learns who is signed in.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn sign_in_with_provider(
    state: State<'_, AppState>,
    settings: SmtpSettings,
) -> Res<MailSetup> {
    guarded(async move {
        let endpoints = state.oauth_test_url.as_ref().map(|base| {
            let name = match settings.sign_in {
                kindly_core::mail::smtp::SignIn::OauthMicrosoft => "Microsoft",
                _ => "Google",
            };
            kindly_core::domain::providers::OAuthEndpoints {
                name: name.into(),
                auth_url: format!("{base}/authorize"),
                token_url: format!("{base}/token"),
                revoke_url: format!("{base}/revoke"),
                scopes: vec!["mail".into()],
                extra: vec![],
            }
        });
        let open = |url: &str| state.open_url(url);
        let r = tokio::select! {
            r = mail::sign_in(state.store()?, &state.keychain, settings, endpoints, open) => r,
            _ = state.sign_in_cancel.notified() => Err(CoreError::new(
                kindly_core::ErrorCode::Cancelled,
                "Sign-in was cancelled, so nothing changed.",
            )),
        };
        if r.is_ok() {
            if let Ok(store) = state.store() {
                sending::forget_problem(store, kindly_core::ErrorCode::OauthSigninNeeded).await?;
            }
            try_waiting_now(&state).await;
        }
        r
    })
    .await
}

/// Stop waiting for a sign-in in the browser.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all)]
pub async fn cancel_sign_in(state: State<'_, AppState>) -> Res<()> {
    guarded(async move {
        state.sign_in_cancel.notify_waiters();
        Ok(())
    })
    .await
}

/// Sign out of Google or Microsoft: the grant is given back and removed from the keychain.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn sign_out_of_provider(state: State<'_, AppState>) -> Res<MailSetup> {
    guarded(async move { mail::sign_out(state.store()?, &state.keychain).await }).await
}

/// The client IDs Kindly signs in with (Settings → Advanced).
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn save_oauth_clients(
    state: State<'_, AppState>,
    clients: mail::OAuthClients,
) -> Res<mail::OAuthClients> {
    guarded(async move { mail::save_oauth_clients(state.store()?, clients).await }).await
}

/// Open a provider's help page (where an app password is made) in the system browser. Only
/// the pages in Kindly's provider table open, never an address from the page.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn open_provider_help(state: State<'_, AppState>, provider_id: String) -> Res<()> {
    guarded(async move {
        let url = kindly_core::domain::providers::all()
            .iter()
            .find(|p| p.id == provider_id)
            .map(|p| p.app_password_url.clone())
            .filter(|u| u.starts_with("https://"))
            .ok_or_else(|| CoreError::invalid("provider_id", "has no help page"))?;
        state.open_url(&url)
    })
    .await
}
