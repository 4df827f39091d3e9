//! Errors that cross to the UI as `{ code, message, field }`.
//!
//! A code exists only when the UI acts on it: `validation` highlights `field`, `not_found`
//! returns to a list, `conflict` points at the existing record, `forbidden_transition`
//! explains the pipeline, `database_too_new` tells the owner to update Kindly.

use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Input was refused; `field` names which one.
    Validation,
    /// The record does not exist (any more).
    NotFound,
    /// The input clashes with a record that exists (a duplicate email, say).
    Conflict,
    /// The pipeline does not allow this stage move.
    ForbiddenTransition,
    /// The database was written by a newer Kindly.
    DatabaseTooNew,
    /// The database could not be opened, read or written.
    Database,
    /// A file could not be read or written.
    Io,
    /// The OS keychain is missing, locked or refused access; the rest of the app still works.
    KeychainUnavailable,
    /// The mail server refused the username or password.
    SmtpAuth,
    /// The mail server's certificate is not trusted, or TLS could not be set up.
    SmtpTls,
    /// The mail server could not be reached (refused, unknown host, network down).
    SmtpConnect,
    /// The mail server did not answer in time.
    SmtpTimeout,
    /// The mail server refused this message for good (a 5xx answer).
    SmtpRejected,
    /// The mail server asked to try again later (a 4xx answer, a dropped connection).
    SmtpTemporary,
    /// Allowed, but only if the owner confirms (a reminder due in the past, say).
    NeedsConfirmation,
    /// The tone check found something that must change before this message can go.
    ToneBlocked,
    /// The candidate's consent is not on record (or has expired): record it first.
    ConsentRequired,
    /// Not possible with this kind of database (a backup of a shared PostgreSQL server).
    Unsupported,
    /// The owner stopped it; nothing was changed.
    Cancelled,
    /// No mail server (or no password for it) is set up, so nothing can be sent; nothing was
    /// queued. The window offers Settings.
    MailNotSetUp,
    /// The settings name a server other than the one the password or sign-in was given for
    /// (typed, changed by a teammate, or restored): no secret is released there, and nothing
    /// is sent or read until the owner enters the password or signs in again for it.
    MailServerChanged,
    /// The OAuth grant (Sign in with Google / Microsoft) was removed or expired: the owner
    /// signs in again. Waiting messages keep their tries.
    OauthSigninNeeded,
    /// An update's signature does not match the key built into Kindly (or names another
    /// version): it was not installed, and this version keeps running.
    UpdateUnverified,
    /// No update could be looked for or fetched: no address is set, the server did not answer,
    /// or this copy can't replace itself (run from a source checkout).
    UpdateUnavailable,
    /// Kindly itself failed (a bug): nothing was changed by the step that failed, and the
    /// window stays usable.
    Internal,
}

/// An error as the window shows it: a code, a message for the owner and the field it is about.
///
/// The message often quotes what was typed (a name, an address) or what a server answered, so
/// it is for the owner's eyes only: `Display` (what logs and `#[instrument(err)]` write) is the
/// code and the field, never the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CoreError {
    pub code: ErrorCode,
    pub message: String,
    /// The input field the error is about, for `validation` and `conflict`.
    pub field: Option<String>,
}

impl CoreError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
        }
    }

    /// `field: problem`, e.g. `email: 'ana@' is not an address`.
    pub fn invalid(field: &str, problem: impl std::fmt::Display) -> Self {
        Self {
            code: ErrorCode::Validation,
            message: format!("{field}: {problem}"),
            field: Some(field.to_string()),
        }
    }

    pub fn conflict(field: &str, problem: impl std::fmt::Display) -> Self {
        Self {
            code: ErrorCode::Conflict,
            message: format!("{field}: {problem}"),
            field: Some(field.to_string()),
        }
    }

    pub fn not_found(what: &str, id: i32) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} {id} does not exist"))
    }
}

impl std::fmt::Display for CoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.code)?;
        if let Some(field) = &self.field {
            write!(f, " ({field})")?;
        }
        Ok(())
    }
}

impl std::error::Error for CoreError {}

/// What kind of database error this is, for the log: the driver's text can quote values.
fn db_err_kind(e: &sea_orm::DbErr) -> &'static str {
    use sea_orm::DbErr;
    match e {
        DbErr::ConnectionAcquire(_) => "connection_acquire",
        DbErr::Conn(_) => "connection",
        DbErr::Exec(_) => "exec",
        DbErr::Query(_) => "query",
        DbErr::RecordNotFound(_) => "record_not_found",
        DbErr::Type(_) => "type",
        DbErr::Json(_) => "json",
        DbErr::Migration(_) => "migration",
        DbErr::RecordNotInserted => "record_not_inserted",
        DbErr::RecordNotUpdated => "record_not_updated",
        _ => "other",
    }
}

/// The column each stored enum (`stored!`) is read from, to name it when the database holds a
/// value this Kindly does not know. `store`'s tests read a wrong value from every one.
pub const STORED_IN: &[(&str, &str)] = &[
    ("Stage", "applications.stage"),
    ("RoleStatus", "roles.status"),
    ("Purpose", "templates.purpose or messages.purpose"),
    ("MessageStatus", "messages.status"),
    ("ReminderKind", "reminders.kind"),
    ("RepeatUnit", "reminders.repeat_unit"),
    ("OfferStatus", "offers.status"),
    ("CheckStatus", "background_checks.status"),
    ("ConsentKind", "consents.kind"),
    ("ConsentMethod", "consents.method"),
    ("Relationship", "referees.relationship"),
    ("WorkAgain", "referees.work_again"),
    ("Security", "settings (smtp.security)"),
];

/// `unexpected value for Stage enum: promoted` (sea-orm's words) as the column and the value.
fn unknown_stored_value(e: &sea_orm::DbErr) -> Option<String> {
    let text = e.to_string();
    let rest = &text[text.find("unexpected value for ")? + "unexpected value for ".len()..];
    let (name, value) = rest.split_once(" enum: ")?;
    let column = STORED_IN.iter().find(|(n, _)| *n == name)?.1;
    Some(format!(
        "the database holds '{value}' in {column}, which this version of Kindly does not know"
    ))
}

impl From<sea_orm::DbErr> for CoreError {
    fn from(e: sea_orm::DbErr) -> Self {
        tracing::error!(kind = db_err_kind(&e), "database error");
        match unknown_stored_value(&e) {
            Some(why) => Self::new(ErrorCode::Database, why),
            None => Self::new(ErrorCode::Database, format!("database error: {e}")),
        }
    }
}

impl From<sea_orm::TransactionError<CoreError>> for CoreError {
    fn from(e: sea_orm::TransactionError<CoreError>) -> Self {
        match e {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(inner) => inner,
        }
    }
}

impl From<std::io::Error> for CoreError {
    fn from(e: std::io::Error) -> Self {
        Self::new(ErrorCode::Io, format!("file error: {e}"))
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
