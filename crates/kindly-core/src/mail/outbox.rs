//! The durable outbox. Every message is written to the database before any network I/O; a
//! worker sends what is due over one reused connection, retries what the server says to try
//! later, and marks what it refuses for good. A message is claimed (`sending`) before it goes
//! out and marked `sent` as soon as the server accepts it, so after a crash nothing is sent
//! twice: a message still `sending` at the next start may or may not have arrived, and is
//! shown as `unknown` for the owner to decide, never re-sent on its own.

use super::smtp::{self, Outgoing, SmtpSession};
use crate::domain::validate;
use crate::error::{CoreError, ErrorCode, Result};
use crate::secrets::Keychain;
use crate::service::{mail, record, settings, ts};
use crate::store::entities::message;
use crate::store::Store;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MessageStatus {
    /// Waiting for its time (undo window, schedule, or a retry's backoff).
    Queued,
    /// Handed to the server right now.
    Sending,
    Sent,
    /// Refused for good, or out of retries; `last_error` says why.
    Failed,
    /// Kindly stopped while sending it: it may or may not have arrived. The owner decides.
    Unknown,
    Cancelled,
}

impl MessageStatus {
    pub const ALL: [MessageStatus; 6] = [
        MessageStatus::Queued,
        MessageStatus::Sending,
        MessageStatus::Sent,
        MessageStatus::Failed,
        MessageStatus::Unknown,
        MessageStatus::Cancelled,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            MessageStatus::Queued => "queued",
            MessageStatus::Sending => "sending",
            MessageStatus::Sent => "sent",
            MessageStatus::Failed => "failed",
            MessageStatus::Unknown => "unknown",
            MessageStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> MessageStatus {
        MessageStatus::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .unwrap_or(MessageStatus::Unknown)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct OutboxMessage {
    pub id: i32,
    pub candidate_id: Option<i32>,
    pub application_id: Option<i32>,
    pub batch_id: Option<String>,
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub message_id: String,
    pub status: MessageStatus,
    pub attempts: i32,
    /// Not sent before this time (RFC 3339, UTC).
    pub send_after: String,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
}

impl From<message::Model> for OutboxMessage {
    fn from(m: message::Model) -> Self {
        OutboxMessage {
            id: m.id,
            candidate_id: m.candidate_id,
            application_id: m.application_id,
            batch_id: m.batch_id,
            to_name: m.to_name,
            to_address: m.to_address,
            subject: m.subject,
            body: m.body,
            message_id: m.message_id,
            status: MessageStatus::parse(&m.status),
            attempts: m.attempts,
            send_after: ts(m.not_before),
            last_error: m.last_error,
            created_at: ts(m.created_at),
            sent_at: m.sent_at.map(ts),
        }
    }
}

/// A message to queue, already rendered.
#[derive(Debug, Clone, Default)]
pub struct NewMessage {
    pub candidate_id: Option<i32>,
    pub application_id: Option<i32>,
    pub template_id: Option<i32>,
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    /// The date this message promises news by, in the owner's zone: once sent, it becomes a
    /// promised-follow-up reminder.
    pub promise: Option<(chrono::NaiveDate, String)>,
    /// What the message is for (its template's purpose), for the pulse check.
    pub purpose: Option<crate::mail::defaults::Purpose>,
    /// It carries personal feedback (a rejection or runner-up message).
    pub feedback_given: bool,
    /// Tone-check warnings the owner read and sends it with anyway.
    pub warnings_sent: i32,
}

/// How a batch is going, for the progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BatchProgress {
    pub batch_id: String,
    pub total: u32,
    pub sent: u32,
    pub failed: u32,
    /// Queued or sending.
    pub pending: u32,
}

/// What the worker tells the window.
pub trait OutboxEvents: Send + Sync {
    fn changed(&self) {}
    fn batch(&self, _progress: &BatchProgress) {}
}

pub struct NoEvents;
impl OutboxEvents for NoEvents {}

#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Wait before retry n (the last one repeats).
    pub backoff: Vec<Duration>,
    /// After this many attempts a temporary failure becomes a failure.
    pub max_attempts: i32,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        WorkerConfig {
            backoff: [30, 120, 600, 1800, 7200]
                .into_iter()
                .map(Duration::from_secs)
                .collect(),
            max_attempts: 6,
        }
    }
}

fn new_batch_id() -> String {
    format!("b{}", crate::clock::unique_token())
}

/// Write messages to the outbox, in one transaction, checked so that each can be built.
/// Nothing touches the network here.
pub async fn enqueue(
    store: &Store,
    messages: Vec<NewMessage>,
    send_after: DateTime<Utc>,
    as_batch: bool,
) -> Result<Vec<OutboxMessage>> {
    let from = sender(store).await?;
    let txn = store.db().begin().await?;
    let out = enqueue_in(&txn, &from, messages, send_after, as_batch).await?;
    txn.commit().await?;
    Ok(out)
}

/// The address messages are sent from (a placeholder until mail is set up: the message is
/// kept and goes once it is).
pub(crate) async fn sender(store: &Store) -> Result<String> {
    Ok(mail::smtp_settings(store)
        .await?
        .map(|s| s.from_address)
        .unwrap_or_else(|| "outbox@kindly.invalid".into()))
}

/// [`enqueue`] inside the caller's transaction, so a decision and its message are written
/// together or not at all.
pub(crate) async fn enqueue_in<C: sea_orm::ConnectionTrait>(
    txn: &C,
    from: &str,
    messages: Vec<NewMessage>,
    send_after: DateTime<Utc>,
    as_batch: bool,
) -> Result<Vec<OutboxMessage>> {
    if messages.is_empty() {
        return Err(CoreError::invalid("messages", "there is nothing to send"));
    }
    let batch_id = (as_batch || messages.len() > 1).then(new_batch_id);
    let now = crate::clock::now();
    let mut out = Vec::with_capacity(messages.len());
    for m in messages {
        let to_address = validate::email("to", &m.to_address)?;
        let message_id = smtp::new_message_id(from);
        // Build it once now, so bad headers are refused here and not at send time.
        smtp::build(&Outgoing {
            from_name: "",
            from_address: from,
            reply_to: "",
            to_name: &m.to_name,
            to_address: &to_address,
            subject: &m.subject,
            body: &m.body,
            message_id: &message_id,
        })?;
        let saved = message::ActiveModel {
            candidate_id: Set(m.candidate_id),
            application_id: Set(m.application_id),
            template_id: Set(m.template_id),
            batch_id: Set(batch_id.clone()),
            to_name: Set(m.to_name),
            to_address: Set(to_address),
            subject: Set(m.subject),
            body: Set(m.body),
            message_id: Set(message_id),
            status: Set(MessageStatus::Queued.as_str().into()),
            attempts: Set(0),
            not_before: Set(send_after),
            last_error: Set(None),
            error_code: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            sent_at: Set(None),
            promise_date: Set(m
                .promise
                .as_ref()
                .map(|(d, _)| d.format("%Y-%m-%d").to_string())),
            promise_zone: Set(m.promise.map(|(_, z)| z)),
            purpose: Set(m.purpose.map(|p| p.as_str().to_string())),
            feedback_given: Set(m.feedback_given),
            warnings_sent: Set(m.warnings_sent),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        out.push(saved.into());
    }
    Ok(out)
}

async fn load(store: &Store, id: i32) -> Result<message::Model> {
    message::Entity::find_by_id(id)
        .one(store.db())
        .await?
        .ok_or_else(|| CoreError::not_found("message", id))
}

/// Move a message from one status to another, only if it is still in `from`.
async fn transition(
    store: &Store,
    id: i32,
    from: &[MessageStatus],
    to: MessageStatus,
    not_before: Option<DateTime<Utc>>,
) -> Result<OutboxMessage> {
    let mut up = message::Entity::update_many()
        .col_expr(message::Column::Status, Expr::value(to.as_str()))
        .col_expr(message::Column::UpdatedAt, Expr::value(crate::clock::now()));
    if let Some(nb) = not_before {
        up = up.col_expr(message::Column::NotBefore, Expr::value(nb));
    }
    if to == MessageStatus::Sent {
        up = up.col_expr(message::Column::SentAt, Expr::value(crate::clock::now()));
    }
    let txn = store.db().begin().await?;
    let res = up
        .filter(message::Column::Id.eq(id))
        .filter(message::Column::Status.is_in(from.iter().map(|s| s.as_str())))
        .exec(&txn)
        .await?;
    let m = message::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| CoreError::not_found("message", id))?;
    // The owner confirming it arrived keeps promises as the worker's send would.
    if res.rows_affected > 0 && to == MessageStatus::Sent {
        crate::service::on_sent(&txn, &m, crate::clock::now()).await?;
    }
    txn.commit().await?;
    if res.rows_affected == 0 {
        return Err(CoreError::new(
            ErrorCode::Conflict,
            format!(
                "This message is {} now, so it cannot be {}.",
                m.status,
                match to {
                    MessageStatus::Cancelled => "cancelled",
                    MessageStatus::Queued => "sent again",
                    _ => "changed",
                }
            ),
        ));
    }
    Ok(m.into())
}

/// Stop a message that has not started sending (undo, or a scheduled one).
pub async fn cancel(store: &Store, id: i32) -> Result<OutboxMessage> {
    transition(
        store,
        id,
        &[MessageStatus::Queued],
        MessageStatus::Cancelled,
        None,
    )
    .await
}

/// Send a failed message, or one whose fate is unknown, again (the owner's decision).
pub async fn retry(store: &Store, id: i32) -> Result<OutboxMessage> {
    transition(
        store,
        id,
        &[MessageStatus::Failed, MessageStatus::Unknown],
        MessageStatus::Queued,
        Some(crate::clock::now()),
    )
    .await
}

/// The owner confirms a message of unknown fate did arrive.
pub async fn mark_sent(store: &Store, id: i32) -> Result<OutboxMessage> {
    transition(
        store,
        id,
        &[MessageStatus::Unknown],
        MessageStatus::Sent,
        None,
    )
    .await
}

/// Messages, newest first, optionally only some statuses.
pub async fn list(store: &Store, statuses: &[MessageStatus]) -> Result<Vec<OutboxMessage>> {
    let mut q = message::Entity::find();
    if !statuses.is_empty() {
        q = q.filter(message::Column::Status.is_in(statuses.iter().map(|s| s.as_str())));
    }
    Ok(q.order_by_desc(message::Column::CreatedAt)
        .order_by_desc(message::Column::Id)
        .limit(500)
        .all(store.db())
        .await?
        .into_iter()
        .map(Into::into)
        .collect())
}

#[derive(sea_orm::FromQueryResult)]
struct StatusCount {
    status: String,
    n: i64,
}

pub async fn batch_progress(store: &Store, batch_id: &str) -> Result<BatchProgress> {
    let rows = message::Entity::find()
        .select_only()
        .column(message::Column::Status)
        .column_as(message::Column::Id.count(), "n")
        .filter(message::Column::BatchId.eq(batch_id))
        .group_by(message::Column::Status)
        .into_model::<StatusCount>()
        .all(store.db())
        .await?;
    let mut p = BatchProgress {
        batch_id: batch_id.to_string(),
        total: 0,
        sent: 0,
        failed: 0,
        pending: 0,
    };
    for r in rows {
        let n = r.n as u32;
        p.total += n;
        match MessageStatus::parse(&r.status) {
            MessageStatus::Sent => p.sent += n,
            MessageStatus::Queued | MessageStatus::Sending => p.pending += n,
            MessageStatus::Failed | MessageStatus::Unknown | MessageStatus::Cancelled => {
                p.failed += n
            }
        }
    }
    Ok(p)
}

/// At start: a message still `sending` was interrupted; it becomes `unknown`.
pub async fn recover_after_crash(store: &Store) -> Result<u64> {
    let res = message::Entity::update_many()
        .col_expr(
            message::Column::Status,
            Expr::value(MessageStatus::Unknown.as_str()),
        )
        .col_expr(
            message::Column::LastError,
            Expr::value(
                "Kindly stopped while sending this message; it may or may not have arrived.",
            ),
        )
        .col_expr(message::Column::UpdatedAt, Expr::value(crate::clock::now()))
        .filter(message::Column::Status.eq(MessageStatus::Sending.as_str()))
        .exec(store.db())
        .await?;
    if res.rows_affected > 0 {
        tracing::warn!(
            count = res.rows_affected,
            "messages of unknown fate after a stop"
        );
    }
    Ok(res.rows_affected)
}

pub async fn due_count(store: &Store) -> Result<u64> {
    Ok(message::Entity::find()
        .filter(message::Column::Status.eq(MessageStatus::Queued.as_str()))
        .filter(message::Column::NotBefore.lte(crate::clock::now()))
        .count(store.db())
        .await?)
}

/// The earliest time a queued message becomes due, if any.
pub async fn next_due(store: &Store) -> Result<Option<DateTime<Utc>>> {
    Ok(message::Entity::find()
        .filter(message::Column::Status.eq(MessageStatus::Queued.as_str()))
        .order_by_asc(message::Column::NotBefore)
        .one(store.db())
        .await?
        .map(|m| m.not_before))
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
pub struct DrainReport {
    pub sent: u32,
    pub failed: u32,
    pub retrying: u32,
}

fn is_temporary(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::SmtpTemporary | ErrorCode::SmtpTimeout | ErrorCode::SmtpConnect
    )
}

/// Send everything that is due now, over one connection (reopened if the server drops it).
/// A problem with the server itself (no settings, keychain, authentication, TLS) stops the
/// run with that error and leaves the messages queued.
pub async fn drain(
    store: &Store,
    keychain: &Keychain,
    cfg: &WorkerConfig,
    events: &dyn OutboxEvents,
) -> Result<DrainReport> {
    let mut report = DrainReport::default();
    let mut session: Option<SmtpSession> = None;
    // Progress goes to the window a few times a second, not after every message.
    let mut progress_at: std::collections::HashMap<String, std::time::Instant> = Default::default();
    let mut setup: Option<(smtp::SmtpSettings, Option<crate::secrets::Secret>, String)> = None;
    loop {
        let due = message::Entity::find()
            .filter(message::Column::Status.eq(MessageStatus::Queued.as_str()))
            .filter(message::Column::NotBefore.lte(crate::clock::now()))
            .order_by_asc(message::Column::NotBefore)
            .order_by_asc(message::Column::Id)
            .limit(100)
            .all(store.db())
            .await?;
        if due.is_empty() {
            break;
        }
        if setup.is_none() {
            let s = mail::smtp_settings(store).await?.ok_or_else(|| {
                CoreError::invalid(
                    "host",
                    "no mail server is set up yet; add yours in Settings",
                )
            })?;
            let pw = if s.username.is_empty() {
                None
            } else {
                keychain.smtp_password().await?
            };
            let from_name = settings::profile(store).await?.sender_name;
            setup = Some((s, pw, from_name));
        }
        let (s, pw, from_name) = setup.as_ref().expect("set above");
        for m in due {
            // Claim it: only one sender, and a cancelled message stays cancelled.
            let claimed = message::Entity::update_many()
                .col_expr(
                    message::Column::Status,
                    Expr::value(MessageStatus::Sending.as_str()),
                )
                .col_expr(
                    message::Column::Attempts,
                    Expr::col(message::Column::Attempts).add(1),
                )
                .col_expr(message::Column::UpdatedAt, Expr::value(crate::clock::now()))
                .filter(message::Column::Id.eq(m.id))
                .filter(message::Column::Status.eq(MessageStatus::Queued.as_str()))
                .exec(store.db())
                .await?;
            if claimed.rows_affected == 0 {
                continue;
            }
            let attempts = m.attempts + 1;
            let built = smtp::build(&Outgoing {
                from_name,
                from_address: &s.from_address,
                reply_to: &s.reply_to,
                to_name: &m.to_name,
                to_address: &m.to_address,
                subject: &m.subject,
                body: &m.body,
                message_id: &m.message_id,
            });
            let result = match built {
                Err(e) => Err(e),
                Ok(email) => {
                    if session.as_ref().is_none_or(|x| x.is_broken()) {
                        match SmtpSession::open(s, pw.as_ref()).await {
                            Ok(x) => session = Some(x),
                            Err(e) => {
                                // The server, not this message: put it back and stop.
                                requeue(store, &m, attempts, cfg, &e, !is_temporary(e.code))
                                    .await?;
                                events.changed();
                                return Err(e);
                            }
                        }
                    }
                    session.as_mut().expect("opened above").send(&email).await
                }
            };
            match result {
                Ok(()) => {
                    let txn = store.db().begin().await?;
                    message::Entity::update_many()
                        .col_expr(
                            message::Column::Status,
                            Expr::value(MessageStatus::Sent.as_str()),
                        )
                        .col_expr(message::Column::SentAt, Expr::value(crate::clock::now()))
                        .col_expr(message::Column::UpdatedAt, Expr::value(crate::clock::now()))
                        .col_expr(message::Column::LastError, Expr::value(None::<String>))
                        .filter(message::Column::Id.eq(m.id))
                        .exec(&txn)
                        .await?;
                    if let Some(cid) = m.candidate_id {
                        record(
                            &txn,
                            cid,
                            m.application_id,
                            "message_sent",
                            format!("Email sent: “{}”", m.subject),
                        )
                        .await?;
                    }
                    crate::service::on_sent(&txn, &m, crate::clock::now()).await?;
                    txn.commit().await?;
                    report.sent += 1;
                }
                Err(e) if is_temporary(e.code) && attempts < cfg.max_attempts => {
                    requeue(store, &m, attempts, cfg, &e, false).await?;
                    report.retrying += 1;
                }
                Err(e) => {
                    fail(store, m.id, &e).await?;
                    report.failed += 1;
                }
            }
            if let Some(b) = &m.batch_id {
                let due = progress_at
                    .get(b)
                    .is_none_or(|t| t.elapsed() >= Duration::from_millis(250));
                if due {
                    events.batch(&batch_progress(store, b).await?);
                    events.changed();
                    progress_at.insert(b.clone(), std::time::Instant::now());
                }
            } else {
                events.changed();
            }
        }
    }
    if let Some(x) = session {
        x.close().await;
    }
    for b in progress_at.keys() {
        events.batch(&batch_progress(store, b).await?);
    }
    if report != DrainReport::default() {
        events.changed();
    }
    Ok(report)
}

async fn requeue(
    store: &Store,
    m: &message::Model,
    attempts: i32,
    cfg: &WorkerConfig,
    e: &CoreError,
    hold: bool,
) -> Result<()> {
    let wait = cfg
        .backoff
        .get((attempts as usize).saturating_sub(1))
        .or(cfg.backoff.last())
        .copied()
        .unwrap_or(Duration::from_secs(60));
    let mut am: message::ActiveModel = load(store, m.id).await?.into();
    am.status = Set(MessageStatus::Queued.as_str().into());
    if hold {
        // A settings problem: this attempt does not count against the message.
        am.attempts = Set(m.attempts);
    }
    am.not_before = Set(crate::clock::now() + wait);
    am.last_error = Set(Some(e.message.clone()));
    am.error_code = Set(Some(format!("{:?}", e.code)));
    am.updated_at = Set(crate::clock::now());
    am.update(store.db()).await?;
    Ok(())
}

async fn fail(store: &Store, id: i32, e: &CoreError) -> Result<()> {
    let mut am: message::ActiveModel = load(store, id).await?.into();
    am.status = Set(MessageStatus::Failed.as_str().into());
    am.last_error = Set(Some(e.message.clone()));
    am.error_code = Set(Some(format!("{:?}", e.code)));
    am.updated_at = Set(crate::clock::now());
    am.update(store.db()).await?;
    Ok(())
}
