//! The commands the window calls. Each is one delegation to `kindly-core`; inputs are not
//! recorded in the logs (they hold people's details), only ids and the outcome.

use crate::AppState;
use kindly_core::domain::template::{self, Placeholder, Rendered};
use kindly_core::domain::tone::Finding;
use kindly_core::domain::{RoleStatus, Stage};
use kindly_core::mail::outbox::{self, MessageStatus, OutboxMessage};
use kindly_core::mail::smtp::SmtpSettings;
use kindly_core::sample::{self, SampleSummary};
use kindly_core::schedule::Snooze;
use kindly_core::service::applications::{self, ApplicationView};
use kindly_core::service::candidates::{
    self, Candidate, CandidateDetail, CandidateInput, CandidatePage, CandidateQuery,
};
use kindly_core::service::checks::{self, BackgroundCheck, CheckInput};
use kindly_core::service::compose::{self, ComposeRequest};
use kindly_core::service::csv_io::{self, Field, ImportOptions, ImportPreview, ImportReport};
use kindly_core::service::decisions::{self, DecisionDraft, DecisionRequest, LooseEnd};
use kindly_core::service::mail::{self, MailSetup, TestEmailSent};
use kindly_core::service::offers::{self, Accepted, Offer, OfferInput, WelcomePlan};
use kindly_core::service::pool::{self, Consent, ConsentInput, PoolInput, PoolMember, Suggestion};
use kindly_core::service::privacy::{self, RetentionItem};
use kindly_core::service::pulse::{self, Pulse, PulseQuery};
use kindly_core::service::references::{
    self, Referee, RefereeInput, ReferenceRecord, ReferenceRequest, ReferenceSummary,
};
use kindly_core::service::reminders::{self, Reminder, ReminderInput, TodayReminders};
use kindly_core::service::report::{self, ReportFormat};
use kindly_core::service::roles::{self, Role, RoleInput};
use kindly_core::service::settings::{self, DeskSettings, Profile};
use kindly_core::service::templates::{self, PreviewRequest, Template, TemplateInput};
use kindly_core::store::backup::{self, BackupCheck, BackupInfo};
use kindly_core::store::StoreInfo;
use kindly_core::CoreError;
use serde::Serialize;
use specta::Type;
use tauri::State;
use tracing::instrument;

type Res<T> = Result<T, CoreError>;

/// What Settings and the first-run screen show.
#[derive(Debug, Clone, Serialize, Type)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub log_dir: String,
    pub store: Option<StoreInfo>,
    /// Why the database could not be opened, if it could not.
    pub store_error: Option<CoreError>,
    /// No candidates yet: the UI offers sample data.
    pub is_empty: bool,
    /// The owner's IANA time zone, from the OS (reminders are in it).
    pub time_zone: String,
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn app_info(state: State<'_, AppState>) -> Res<AppInfo> {
    let (store, is_empty) = match state.store() {
        Ok(s) => (Some(s.info().clone()), candidates::count_all(s).await? == 0),
        Err(_) => (None, false),
    };
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: state.data_dir.display().to_string(),
        log_dir: state.log_dir.display().to_string(),
        store,
        store_error: state.store_error().cloned(),
        is_empty,
        time_zone: state.time_zone.clone(),
    })
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn load_sample_data(state: State<'_, AppState>) -> Res<SampleSummary> {
    sample::load(state.store()?).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn list_roles(state: State<'_, AppState>) -> Res<Vec<Role>> {
    roles::list(state.store()?).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn get_role(state: State<'_, AppState>, id: i32) -> Res<Role> {
    roles::get(state.store()?, id).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn create_role(state: State<'_, AppState>, input: RoleInput) -> Res<Role> {
    roles::create(state.store()?, input).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, input), err)]
pub async fn update_role(state: State<'_, AppState>, id: i32, input: RoleInput) -> Res<Role> {
    roles::update(state.store()?, id, input).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn set_role_status(state: State<'_, AppState>, id: i32, status: RoleStatus) -> Res<Role> {
    roles::set_status(state.store()?, id, status).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn list_candidates(
    state: State<'_, AppState>,
    query: CandidateQuery,
) -> Res<CandidatePage> {
    candidates::list(state.store()?, query).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn get_candidate(state: State<'_, AppState>, id: i32) -> Res<CandidateDetail> {
    candidates::get(state.store()?, id).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn create_candidate(state: State<'_, AppState>, input: CandidateInput) -> Res<Candidate> {
    candidates::create(state.store()?, input).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, input), err)]
pub async fn update_candidate(
    state: State<'_, AppState>,
    id: i32,
    input: CandidateInput,
) -> Res<Candidate> {
    candidates::update(state.store()?, id, input).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn delete_candidate(state: State<'_, AppState>, id: i32) -> Res<()> {
    candidates::delete(state.store()?, id).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn add_application(
    state: State<'_, AppState>,
    candidate_id: i32,
    role_id: i32,
) -> Res<ApplicationView> {
    applications::add(state.store()?, candidate_id, role_id).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn move_stage(
    state: State<'_, AppState>,
    application_id: i32,
    stage: Stage,
) -> Res<ApplicationView> {
    applications::move_stage(state.store()?, application_id, stage).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn set_place(
    state: State<'_, AppState>,
    application_id: i32,
    place: Option<i32>,
) -> Res<ApplicationView> {
    applications::set_place(state.store()?, application_id, place).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, notes), err)]
pub async fn add_interview(
    state: State<'_, AppState>,
    application_id: i32,
    held_on: String,
    notes: String,
) -> Res<ApplicationView> {
    applications::add_interview(state.store()?, application_id, &held_on, &notes).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn list_templates(state: State<'_, AppState>) -> Res<Vec<Template>> {
    templates::list(state.store()?).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, input), err)]
pub async fn update_template(
    state: State<'_, AppState>,
    id: i32,
    input: TemplateInput,
) -> Res<Template> {
    templates::update(state.store()?, id, input).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn duplicate_template(state: State<'_, AppState>, id: i32) -> Res<Template> {
    templates::duplicate(state.store()?, id).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn restore_template(state: State<'_, AppState>, id: i32) -> Res<Template> {
    templates::restore_default(state.store()?, id).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn delete_template(state: State<'_, AppState>, id: i32) -> Res<()> {
    templates::delete(state.store()?, id).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn preview_template(
    state: State<'_, AppState>,
    request: PreviewRequest,
) -> Res<Rendered> {
    templates::preview(state.store()?, request).await
}

#[tauri::command]
#[specta::specta]
pub fn list_placeholders() -> Vec<Placeholder> {
    template::placeholders()
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn get_profile(state: State<'_, AppState>) -> Res<Profile> {
    settings::profile(state.store()?).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn save_profile(state: State<'_, AppState>, profile: Profile) -> Res<Profile> {
    settings::save_profile(state.store()?, profile).await
}

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
    mail::save_smtp_settings(state.store()?, settings).await
}

/// The password goes straight to the keychain; it is never stored elsewhere or returned.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn set_smtp_password(state: State<'_, AppState>, password: String) -> Res<()> {
    mail::set_password(&state.keychain, password).await
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

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn list_outbox(
    state: State<'_, AppState>,
    statuses: Vec<MessageStatus>,
) -> Res<Vec<OutboxMessage>> {
    outbox::list(state.store()?, &statuses).await
}

/// Queue one message for a candidate (it waits out the undo window or its schedule).
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn send_email(state: State<'_, AppState>, request: ComposeRequest) -> Res<OutboxMessage> {
    let m = compose::send(state.store()?, request).await?;
    state.outbox_wake.notify_one();
    Ok(m)
}

/// Queue one message per candidate as a batch, or none if any cannot be written.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn send_batch(
    state: State<'_, AppState>,
    requests: Vec<ComposeRequest>,
) -> Res<Vec<OutboxMessage>> {
    let m = compose::send_batch(state.store()?, requests).await?;
    state.outbox_wake.notify_one();
    Ok(m)
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn cancel_message(state: State<'_, AppState>, id: i32) -> Res<OutboxMessage> {
    outbox::cancel(state.store()?, id).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn retry_message(state: State<'_, AppState>, id: i32) -> Res<OutboxMessage> {
    let m = outbox::retry(state.store()?, id).await?;
    state.outbox_wake.notify_one();
    Ok(m)
}

/// The owner confirms that a message of unknown fate did arrive.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn mark_message_sent(state: State<'_, AppState>, id: i32) -> Res<OutboxMessage> {
    kindly_core::service::sending::mark_sent(state.store()?, id).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn today_reminders(state: State<'_, AppState>) -> Res<TodayReminders> {
    reminders::today(state.store()?, kindly_core::clock::now()).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn create_reminder(state: State<'_, AppState>, input: ReminderInput) -> Res<Reminder> {
    reminders::create(state.store()?, input, kindly_core::clock::now()).await
}

/// Mark done; a repeating reminder returns its next one.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn complete_reminder(state: State<'_, AppState>, id: i32) -> Res<Option<Reminder>> {
    reminders::complete(state.store()?, id, kindly_core::clock::now()).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn snooze_reminder(state: State<'_, AppState>, id: i32, snooze: Snooze) -> Res<Reminder> {
    reminders::snooze(state.store()?, id, snooze, kindly_core::clock::now()).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn reschedule_reminder(
    state: State<'_, AppState>,
    id: i32,
    due_local: String,
) -> Res<Reminder> {
    reminders::reschedule(state.store()?, id, &due_local, kindly_core::clock::now()).await
}

/// Write open reminders as an .ics calendar to the path the owner chose in the save dialog.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn export_reminders_ics(state: State<'_, AppState>, path: String) -> Res<u32> {
    reminders::export_ics_to(state.store()?, &path, kindly_core::clock::now()).await
}

/// What the tone check finds in a message as it would be sent (empty for templates it does
/// not read).
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn check_tone(state: State<'_, AppState>, request: ComposeRequest) -> Res<Vec<Finding>> {
    compose::check_tone(state.store()?, &request).await
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
    let store = state.store()?;
    let days = settings::desk(store).await?.follow_up_working_days;
    compose::default_follow_up(store, candidate_id, role_id, days)
        .await
        .map(|d| d.format("%Y-%m-%d").to_string())
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn get_desk_settings(state: State<'_, AppState>) -> Res<DeskSettings> {
    settings::desk(state.store()?).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn save_desk_settings(
    state: State<'_, AppState>,
    settings: DeskSettings,
) -> Res<DeskSettings> {
    kindly_core::service::settings::save_desk(state.store()?, settings).await
}

/// The rejection (or runner-up) message for an application, feedback prefilled from the
/// interview notes.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn decision_draft(state: State<'_, AppState>, application_id: i32) -> Res<DecisionDraft> {
    decisions::draft(state.store()?, application_id).await
}

/// Close applications with their decision messages, queued as one batch (or none).
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn send_decisions(
    state: State<'_, AppState>,
    requests: Vec<DecisionRequest>,
) -> Res<Vec<OutboxMessage>> {
    let m = decisions::send(state.store()?, requests).await?;
    state.outbox_wake.notify_one();
    Ok(m)
}

/// Everyone in a role still without a final message.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn loose_ends(state: State<'_, AppState>, role_id: i32) -> Res<Vec<LooseEnd>> {
    decisions::loose_ends(state.store()?, role_id).await
}

/// 09:00 on the next working day in the owner's zone (RFC 3339, UTC).
#[tauri::command]
#[specta::specta]
#[instrument(skip(_state), err)]
pub async fn next_working_morning(_state: State<'_, AppState>, time_zone: String) -> Res<String> {
    let tz = kindly_core::schedule::parse_zone("time_zone", &time_zone)?;
    Ok(kindly_core::clock::ts(
        kindly_core::schedule::next_working_morning(kindly_core::clock::now(), tz),
    ))
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, input), err)]
pub async fn extend_offer(
    state: State<'_, AppState>,
    application_id: i32,
    input: OfferInput,
) -> Res<Offer> {
    offers::extend(
        state.store()?,
        application_id,
        input,
        kindly_core::clock::now(),
    )
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
    offers::accept(
        state.store()?,
        offer_id,
        start_date.as_deref(),
        kindly_core::clock::now(),
    )
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
    offers::decline(state.store()?, offer_id, &reason, kindly_core::clock::now()).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, reason), err)]
pub async fn withdraw_offer(
    state: State<'_, AppState>,
    offer_id: i32,
    reason: String,
) -> Res<ApplicationView> {
    offers::withdraw(state.store()?, offer_id, &reason, kindly_core::clock::now()).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn welcome_plans(state: State<'_, AppState>) -> Res<Vec<WelcomePlan>> {
    offers::welcome_plans(state.store()?, kindly_core::clock::now()).await
}

/// Everyone in the talent pool (expired consent included, for renewal or erasure).
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn talent_pool(state: State<'_, AppState>) -> Res<Vec<PoolMember>> {
    let store = state.store()?;
    let now = kindly_core::clock::now();
    pool::sweep(store, now).await?;
    pool::list(store, now).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn pool_member(state: State<'_, AppState>, candidate_id: i32) -> Res<Option<PoolMember>> {
    pool::member(state.store()?, candidate_id, kindly_core::clock::now()).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn add_to_pool(state: State<'_, AppState>, input: PoolInput) -> Res<PoolMember> {
    pool::add(state.store()?, input, kindly_core::clock::now()).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn record_consent(state: State<'_, AppState>, input: ConsentInput) -> Res<Consent> {
    pool::record_consent(state.store()?, input, kindly_core::clock::now()).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, note), err)]
pub async fn log_pool_contact(
    state: State<'_, AppState>,
    candidate_id: i32,
    note: String,
) -> Res<PoolMember> {
    pool::log_contact(
        state.store()?,
        candidate_id,
        &note,
        kindly_core::clock::now(),
    )
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, reason), err)]
pub async fn leave_pool(state: State<'_, AppState>, candidate_id: i32, reason: String) -> Res<()> {
    pool::leave(
        state.store()?,
        candidate_id,
        &reason,
        kindly_core::clock::now(),
    )
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
    pool::suggestions(state.store()?, role_id, kindly_core::clock::now()).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn reference_summary(
    state: State<'_, AppState>,
    application_id: i32,
) -> Res<ReferenceSummary> {
    references::summary(state.store()?, application_id).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, input), err)]
pub async fn add_referee(
    state: State<'_, AppState>,
    application_id: i32,
    input: RefereeInput,
) -> Res<Referee> {
    references::add(state.store()?, application_id, input).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn delete_referee(state: State<'_, AppState>, id: i32) -> Res<()> {
    references::delete(state.store()?, id).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, record), err)]
pub async fn record_reference(
    state: State<'_, AppState>,
    id: i32,
    record: ReferenceRecord,
) -> Res<Referee> {
    references::record_answer(state.store()?, id, record, kindly_core::clock::now()).await
}

/// Email a reference request (only with the candidate's consent on record).
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn request_reference(
    state: State<'_, AppState>,
    request: ReferenceRequest,
) -> Res<OutboxMessage> {
    let m = references::request(state.store()?, request, kindly_core::clock::now()).await?;
    state.outbox_wake.notify_one();
    Ok(m)
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, input), err)]
pub async fn save_background_check(
    state: State<'_, AppState>,
    application_id: i32,
    input: CheckInput,
) -> Res<BackgroundCheck> {
    checks::save(
        state.store()?,
        application_id,
        input,
        kindly_core::clock::now(),
    )
    .await
}

/// Candidates due (or nearly due) for deletion under the retention policy.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn retention_list(state: State<'_, AppState>) -> Res<Vec<RetentionItem>> {
    privacy::retention_list(state.store()?, kindly_core::clock::now()).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, reason), err)]
pub async fn keep_longer(
    state: State<'_, AppState>,
    candidate_id: i32,
    until: String,
    reason: String,
) -> Res<()> {
    privacy::keep_longer(
        state.store()?,
        candidate_id,
        &until,
        &reason,
        kindly_core::clock::now(),
    )
    .await
}

/// Erase every trace of a candidate's personal data (the window asks first).
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn erase_candidate(state: State<'_, AppState>, candidate_id: i32) -> Res<()> {
    privacy::erase(state.store()?, candidate_id, kindly_core::clock::now()).await
}

/// Everything held about one candidate, zipped (HTML + JSON), at the path the owner chose.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state, path), err)]
pub async fn export_candidate_data(
    state: State<'_, AppState>,
    candidate_id: i32,
    path: String,
) -> Res<()> {
    privacy::export_access(state.store()?, candidate_id, std::path::Path::new(&path)).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn list_backups(state: State<'_, AppState>) -> Res<Vec<BackupInfo>> {
    state.store()?;
    Ok(backup::list(&backup::backup_dir(&state.data_dir)))
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn backup_now(state: State<'_, AppState>) -> Res<BackupInfo> {
    let store = state.store()?;
    let keep = settings::desk(store).await?.backups_kept as usize;
    backup::backup_now(
        store,
        &backup::backup_dir(&state.data_dir),
        keep,
        kindly_core::clock::now(),
    )
    .await
}

/// Check a backup file and swap it in: the current database is kept aside and the app
/// restarts to open the restored one.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state, path), err)]
pub async fn restore_backup(state: State<'_, AppState>, path: String) -> Res<BackupCheck> {
    let checked = backup::stage_restore(
        state.store()?,
        &state.data_dir,
        std::path::Path::new(&path),
        kindly_core::clock::now(),
    )
    .await?;
    tracing::info!("restore staged; restarting");
    state.restart.notify_one();
    Ok(checked)
}

fn read_file(path: &str) -> Res<Vec<u8>> {
    std::fs::read(path).map_err(|e| {
        CoreError::new(
            kindly_core::ErrorCode::Io,
            format!("could not read {path}: {e}"),
        )
    })
}

/// What importing the chosen CSV file would do (nothing is written).
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn preview_import(
    state: State<'_, AppState>,
    path: String,
    mapping: Option<Vec<Option<Field>>>,
) -> Res<ImportPreview> {
    csv_io::preview(state.store()?, &read_file(&path)?, mapping).await
}

/// Import the chosen CSV file in one transaction, telling the window how it goes.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn import_candidates(
    state: State<'_, AppState>,
    path: String,
    options: ImportOptions,
) -> Res<ImportReport> {
    let bytes = read_file(&path)?;
    state
        .import_cancel
        .store(false, std::sync::atomic::Ordering::Relaxed);
    let progress = state.import_progress.clone();
    csv_io::import(
        state.store()?,
        &bytes,
        options,
        &move |d, t| progress(d, t),
        &state.import_cancel,
    )
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn cancel_import(state: State<'_, AppState>) -> Res<()> {
    state
        .import_cancel
        .store(true, std::sync::atomic::Ordering::Relaxed);
    Ok(())
}

#[derive(Debug, Clone, Copy, serde::Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    Candidates,
    Applications,
    Messages,
}

/// Write a CSV (UTF-8, a header row) to the path the owner chose in the save dialog.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state, path), err)]
pub async fn export_csv(state: State<'_, AppState>, kind: ExportKind, path: String) -> Res<()> {
    let store = state.store()?;
    let text = match kind {
        ExportKind::Candidates => csv_io::export_candidates(store).await?,
        ExportKind::Applications => csv_io::export_applications(store).await?,
        ExportKind::Messages => csv_io::export_messages(store).await?,
    };
    csv_io::write_file(std::path::Path::new(&path), &text)
}

/// The pulse check for a period: figures per role and overall, with the people behind them.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn pulse_check(state: State<'_, AppState>, query: PulseQuery) -> Res<Pulse> {
    pulse::pulse(state.store()?, &query, kindly_core::clock::now()).await
}

/// Save a view the window drew (an SVG) as a PNG or a PDF at the path the owner chose.
#[tauri::command]
#[specta::specta]
#[instrument(skip(svg, path), err)]
pub async fn save_report(svg: String, format: ReportFormat, path: String) -> Res<()> {
    tauri::async_runtime::spawn_blocking(move || {
        report::save(&svg, format, std::path::Path::new(&path))
    })
    .await
    .map_err(|e| {
        CoreError::new(
            kindly_core::ErrorCode::Io,
            format!("the file could not be written: {e}"),
        )
    })?
}
