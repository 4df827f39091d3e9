//! The commands the window calls, one file per feature as in `kindly_core::service`. Each is
//! one delegation to `kindly-core`; inputs are not recorded in the logs (they hold people's
//! details), only ids and the outcome, and errors by their code and field.

/// What every command file uses: the state, the core's services and types, and the result.
mod prelude {
    pub(super) use crate::AppState;
    pub(super) use kindly_core::domain::template::{self, Placeholder, Rendered};
    pub(super) use kindly_core::domain::tone::Finding;
    pub(super) use kindly_core::domain::{RoleStatus, Stage};
    pub(super) use kindly_core::mail::outbox::{self, MessageStatus, OutboxMessage};
    pub(super) use kindly_core::mail::smtp::SmtpSettings;
    pub(super) use kindly_core::sample::{self, SampleSummary};
    pub(super) use kindly_core::schedule::Snooze;
    pub(super) use kindly_core::service::applications::{self, ApplicationView};
    pub(super) use kindly_core::service::board::{self, Board};
    pub(super) use kindly_core::service::candidates::{
        self, Candidate, CandidateDetail, CandidateInput, CandidatePage, CandidateQuery, Reapplied,
    };
    pub(super) use kindly_core::service::checks::{self, BackgroundCheck, CheckInput};
    pub(super) use kindly_core::service::compose::{self, ComposeRequest};
    pub(super) use kindly_core::service::csv_io::{
        self, Field, ImportOptions, ImportPreview, ImportReport,
    };
    pub(super) use kindly_core::service::decisions::{
        self, DecisionDraft, DecisionRequest, LooseEnd,
    };
    pub(super) use kindly_core::service::mail::{self, MailSetup, TestEmailSent};
    pub(super) use kindly_core::service::offers::{
        self, Accepted, Offer, OfferInput, OfferReadiness, WelcomePlan,
    };
    pub(super) use kindly_core::service::pool::{
        self, Consent, ConsentInput, PoolInput, PoolMember, Suggestion,
    };
    pub(super) use kindly_core::service::privacy::{self, RetentionItem};
    pub(super) use kindly_core::service::pulse::{self, Pulse, PulseQuery};
    pub(super) use kindly_core::service::references::{
        self, Referee, RefereeInput, ReferenceRecord, ReferenceRequest, ReferenceSummary,
    };
    pub(super) use kindly_core::service::reminders::{
        self, Reminder, ReminderInput, TodayReminders,
    };
    pub(super) use kindly_core::service::report::{self, ReportFormat};
    pub(super) use kindly_core::service::restore::RestoreReport;
    pub(super) use kindly_core::service::roles::{self, Role, RoleInput};
    pub(super) use kindly_core::service::sending::{self, OutboxHealth};
    pub(super) use kindly_core::service::settings::{self, DeskSettings, Profile};
    pub(super) use kindly_core::service::templates::{
        self, PreviewRequest, Template, TemplateInput,
    };
    pub(super) use kindly_core::store::backup::{self, BackupInfo, HeldCopy};
    pub(super) use kindly_core::store::StoreInfo;
    pub(super) use kindly_core::CoreError;
    pub(super) use serde::Serialize;
    pub(super) use specta::Type;
    pub(super) use tauri::State;
    pub(super) use tracing::instrument;
    pub(super) type Res<T> = Result<T, CoreError>;

    /// Set by `test_fail_next` (development builds only).
    pub(super) static FAIL_NEXT: std::sync::atomic::AtomicBool =
        std::sync::atomic::AtomicBool::new(false);

    /// Every command runs inside this: a panic in it becomes the `internal` error the window
    /// shows ("your data is safe"), instead of a call that never answers. What panicked is
    /// logged by its location, never its message (it may quote what was typed).
    pub(super) async fn guarded<T>(work: impl std::future::Future<Output = Res<T>>) -> Res<T> {
        use futures_util::FutureExt;
        let work = async move {
            // A development build's end-to-end test can arm this (`test_fail_next`), so the
            // next command the window calls fails inside, through the window's own code.
            if cfg!(debug_assertions) && FAIL_NEXT.swap(false, std::sync::atomic::Ordering::SeqCst)
            {
                panic!("a test asked Kindly to fail inside the next command");
            }
            work.await
        };
        match std::panic::AssertUnwindSafe(work).catch_unwind().await {
            Ok(r) => r,
            Err(_) => {
                tracing::error!("a command failed inside Kindly (a panic)");
                Err(CoreError::new(
                    kindly_core::ErrorCode::Internal,
                    "Something went wrong inside Kindly; your data is safe. Try again; if it keeps happening, restart Kindly.",
                ))
            }
        }
    }
}

use prelude::*;

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
    /// What the messages need from the profile that is still blank (`company_name`,
    /// `signature`…): the window asks for it before the first message.
    pub profile_missing: Vec<String>,
    /// The person at this computer, written on the timeline when a team shares a server.
    pub desktop_name: Option<String>,
    /// The team's server this computer joined, if any.
    pub team: Option<kindly_core::desktop::TeamServer>,
    /// Parts of Kindly working in the background that keep failing ("outbox", "inbox"…).
    pub stopped_parts: Vec<String>,
}
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn app_info(state: State<'_, AppState>) -> Res<AppInfo> {
    guarded(async move {
        let (store, is_empty, profile_missing) = match state.store() {
            Ok(s) => (
                Some(s.info().clone()),
                kindly_core::service::candidates::count_all(s).await? == 0,
                kindly_core::service::settings::missing_for_messages(
                    &kindly_core::service::settings::profile(s).await?,
                ),
            ),
            Err(_) => (None, false, vec![]),
        };
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            data_dir: state.data_dir.display().to_string(),
            log_dir: state.log_dir.display().to_string(),
            store,
            store_error: state.store_error().cloned(),
            is_empty,
            time_zone: state.time_zone.clone(),
            profile_missing,
            desktop_name: kindly_core::desktop::name(),
            team: kindly_core::desktop::current().team,
            stopped_parts: state
                .stopped_parts
                .lock()
                .map(|p| p.clone())
                .unwrap_or_default(),
        })
    })
    .await
}
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn load_sample_data(state: State<'_, AppState>) -> Res<SampleSummary> {
    guarded(async move { sample::load(state.store()?).await }).await
}

mod applications;
mod background;
mod candidates;
mod compose;
mod csv;
mod decisions;
pub mod files;
mod inbox;
mod mail;
mod offers;
mod outbox;
mod pool;
mod privacy;
mod pulse;
mod references;
mod reminders;
mod roles;
mod settings;
mod team;
mod templates;
mod updates;

pub use applications::*;
pub use background::*;
pub use candidates::*;
pub use compose::*;
pub use csv::*;
pub use decisions::*;
pub use files::*;
pub use inbox::*;
pub use mail::*;
pub use offers::*;
pub use outbox::*;
pub use pool::*;
pub use privacy::*;
pub use pulse::*;
pub use references::*;
pub use reminders::*;
pub use roles::*;
pub use settings::*;
pub use team::*;
pub use templates::*;
pub use updates::*;
