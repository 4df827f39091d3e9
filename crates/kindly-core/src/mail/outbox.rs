//! The durable outbox: messages written to the database before any network I/O, and the moves
//! between their states. A message is claimed (`sending`) before it goes out and marked
//! `sent` as soon as the server accepts it, so after a crash nothing is sent twice: a message
//! still `sending` at the next start may or may not have arrived, and is shown as `unknown`
//! for the owner to decide, never re-sent on its own. The worker that sends them, and what a
//! sent message sets in motion, are `service::sending`.

use super::inbound::bare;
use super::smtp::{self, Outgoing};
use crate::clock::ts;
pub use crate::domain::states::MessageStatus;
use crate::domain::states::ReplyKind;
use crate::domain::validate;
use crate::error::{CoreError, ErrorCode, Result};
use crate::store::entities::{message, reply};
use crate::store::Store;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use specta::Type;

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
    /// A copy is in the owner's Sent folder.
    pub copied_to_sent: bool,
    /// Why no copy could be saved in the Sent folder (the message itself went).
    pub copy_warning: Option<String>,
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
            status: m.status,
            attempts: m.attempts,
            send_after: ts(m.not_before),
            last_error: m.last_error,
            created_at: ts(m.created_at),
            sent_at: m.sent_at.map(ts),
            copied_to_sent: m.copied_at.is_some(),
            copy_warning: m.copy_warning,
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
    pub purpose: Option<crate::domain::defaults::Purpose>,
    /// It carries personal feedback (a rejection or runner-up message).
    pub feedback_given: bool,
    /// Tone-check warnings the owner read and sends it with anyway.
    pub warnings_sent: i32,
    /// Words the owner said are a name or a title, which the tone check would otherwise have
    /// blocked on: written on the timeline when the message is queued.
    pub vouched_names: Vec<String>,
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

pub(crate) fn new_batch_id() -> String {
    format!("b{}", crate::clock::unique_token())
}

/// [`enqueue`] inside the caller's transaction, so a decision and its message are written
/// together or not at all.
/// A thread's `References` keeps at most this many Message-IDs (the first and the latest).
const THREAD_IDS: usize = 10;

/// The `References` a message continuing this one's thread carries: this one's own
/// references, then its Message-ID (appended, never prepended), at most `THREAD_IDS`.
fn continue_thread(refs: Option<&str>, id: &str) -> String {
    let mut ids: Vec<String> = refs
        .unwrap_or_default()
        .split_whitespace()
        .map(|x| format!("<{}>", bare(x)))
        .collect();
    ids.push(format!("<{}>", bare(id)));
    if ids.len() > THREAD_IDS {
        let keep_from = ids.len() - (THREAD_IDS - 1);
        let first = ids[0].clone();
        ids = std::iter::once(first)
            .chain(ids[keep_from..].iter().cloned())
            .collect();
    }
    ids.join(" ")
}

/// The thread a new message to `address` continues: the latest reply they wrote
/// (`In-Reply-To`, `References`), if they ever replied.
pub(crate) async fn thread_for<C: ConnectionTrait>(
    db: &C,
    address: &str,
) -> Result<Option<(String, String)>> {
    let r = reply::Entity::find()
        .filter(reply::Column::FromAddress.eq(address.to_lowercase()))
        .filter(reply::Column::Kind.ne(ReplyKind::AutoReply))
        .order_by_desc(reply::Column::ReceivedAt)
        .order_by_desc(reply::Column::Id)
        .one(db)
        .await?;
    Ok(r.filter(|r| !r.rfc_message_id.starts_with("uid-"))
        .map(|r| {
            (
                format!("<{}>", r.rfc_message_id),
                continue_thread(r.thread_references.as_deref(), &r.rfc_message_id),
            )
        }))
}

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
        // Someone who wrote back gets the next message in their thread.
        let thread = thread_for(txn, &to_address).await?;
        let (in_reply_to, references) = thread.clone().unzip();
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
            in_reply_to: in_reply_to.as_deref().unwrap_or_default(),
            references: references.as_deref().unwrap_or_default(),
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
            status: Set(MessageStatus::Queued),
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
            purpose: Set(m.purpose),
            feedback_given: Set(m.feedback_given),
            warnings_sent: Set(m.warnings_sent),
            in_reply_to: Set(in_reply_to),
            thread_references: Set(references),
            created_by: Set(crate::desktop::name()),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        out.push(saved.into());
    }
    Ok(out)
}

pub(crate) async fn load(store: &Store, id: i32) -> Result<message::Model> {
    message::Entity::find_by_id(id)
        .one(store.db())
        .await?
        .ok_or_else(|| CoreError::not_found("message", id))
}

/// Move a message from one status to another, only if it is still in `from`, inside the
/// caller's transaction. Returns the message as it is now, and whether it moved.
pub(crate) async fn transition_in<C: ConnectionTrait>(
    txn: &C,
    id: i32,
    from: &[MessageStatus],
    to: MessageStatus,
    not_before: Option<DateTime<Utc>>,
) -> Result<(message::Model, bool)> {
    let mut up = message::Entity::update_many()
        .col_expr(message::Column::Status, Expr::value(to))
        .col_expr(message::Column::UpdatedAt, Expr::value(crate::clock::now()));
    if let Some(nb) = not_before {
        up = up.col_expr(message::Column::NotBefore, Expr::value(nb));
    }
    if to == MessageStatus::Sent {
        up = up.col_expr(message::Column::SentAt, Expr::value(crate::clock::now()));
    }
    let res = up
        .filter(message::Column::Id.eq(id))
        .filter(message::Column::Status.is_in(from.iter().copied()))
        .exec(txn)
        .await?;
    let m = message::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or_else(|| CoreError::not_found("message", id))?;
    Ok((m, res.rows_affected > 0))
}

/// Why a message could not move: it is no longer where the owner saw it.
pub(crate) fn moved_on(m: &message::Model, to: MessageStatus) -> CoreError {
    CoreError::new(
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
    )
}

async fn transition(
    store: &Store,
    id: i32,
    from: &[MessageStatus],
    to: MessageStatus,
    not_before: Option<DateTime<Utc>>,
) -> Result<OutboxMessage> {
    let (m, moved) = transition_in(store.db(), id, from, to, not_before).await?;
    if !moved {
        return Err(moved_on(&m, to));
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

/// Messages, newest first, optionally only some statuses.
pub async fn list(store: &Store, statuses: &[MessageStatus]) -> Result<Vec<OutboxMessage>> {
    let mut q = message::Entity::find();
    if !statuses.is_empty() {
        q = q.filter(message::Column::Status.is_in(statuses.iter().copied()));
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
    status: MessageStatus,
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
        match r.status {
            // A bounce comes later: the server did take it.
            MessageStatus::Sent | MessageStatus::Bounced => p.sent += n,
            MessageStatus::Queued | MessageStatus::Sending => p.pending += n,
            MessageStatus::Failed | MessageStatus::Unknown | MessageStatus::Cancelled => {
                p.failed += n
            }
        }
    }
    Ok(p)
}

/// How long a desktop holds a message it is sending, unless renewed.
pub const LEASE: std::time::Duration = std::time::Duration::from_secs(120);

/// When a lease taken now for `lease` runs out.
pub fn lease_end(lease: std::time::Duration) -> DateTime<Utc> {
    crate::clock::now() + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::MAX)
}

/// Hold a message this desktop is sending a while longer. A failure is logged: the send goes
/// on, and at worst another desktop shows it as "Needs your decision" (never sends it).
pub async fn renew_lease(store: &Store, id: i32, lease: std::time::Duration) {
    let r = message::Entity::update_many()
        .col_expr(
            message::Column::LeaseUntil,
            Expr::value(Some(lease_end(lease))),
        )
        .filter(message::Column::Id.eq(id))
        .filter(message::Column::Status.eq(MessageStatus::Sending))
        .filter(message::Column::ClaimedBy.eq(crate::desktop::id()))
        .exec(store.db())
        .await;
    if let Err(e) = r {
        tracing::warn!(error = %e, "could not renew a sending lease");
    }
}

const STOPPED_HERE: &str =
    "Kindly stopped while sending this message; it may or may not have arrived.";
const STOPPED_ELSEWHERE: &str =
    "The Kindly desktop sending this message stopped before the server answered; it may or may not have arrived.";

async fn mark_unknown(store: &Store, which: sea_orm::Condition, why: &str) -> Result<u64> {
    let res = message::Entity::update_many()
        .col_expr(message::Column::Status, Expr::value(MessageStatus::Unknown))
        .col_expr(message::Column::LastError, Expr::value(why))
        .col_expr(message::Column::UpdatedAt, Expr::value(crate::clock::now()))
        .col_expr(message::Column::ClaimedBy, Expr::value(None::<String>))
        .col_expr(
            message::Column::LeaseUntil,
            Expr::value(None::<DateTime<Utc>>),
        )
        .filter(message::Column::Status.eq(MessageStatus::Sending))
        .filter(which)
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

/// At start: a message this desktop was sending when it stopped (or one with no lease, from
/// before leases) was interrupted; it becomes `unknown`, for the owner to decide. Messages
/// other desktops of the team are sending now are left alone.
pub async fn recover_after_crash(store: &Store) -> Result<u64> {
    let mine = sea_orm::Condition::any()
        .add(message::Column::ClaimedBy.eq(crate::desktop::id()))
        .add(message::Column::ClaimedBy.is_null())
        .add(message::Column::LeaseUntil.is_null());
    let here = mark_unknown(store, mine, STOPPED_HERE).await?;
    Ok(here + recover_expired(store).await?)
}

/// A message whose sending desktop's lease ran out (it stopped, or lost the server): it becomes
/// `unknown`, "Needs your decision" for anyone on the team, and is never sent again on its own.
pub async fn recover_expired(store: &Store) -> Result<u64> {
    let expired =
        sea_orm::Condition::all().add(message::Column::LeaseUntil.lt(crate::clock::now()));
    mark_unknown(store, expired, STOPPED_ELSEWHERE).await
}

/// Why a message waits for the owner after a restore: it was waiting to go when the backup
/// was made, and may have gone out since.
pub const WAITING_AT_BACKUP: &str =
    "This message was waiting to go when the backup was made. It may have gone out after that: send it, or drop it.";

/// After a restore: what was `queued` or `sending` in the backup waits for the owner, never
/// sent on its own. Returns how many.
pub async fn hold_after_restore<C: sea_orm::ConnectionTrait>(db: &C) -> Result<u64> {
    let res = message::Entity::update_many()
        .col_expr(message::Column::Status, Expr::value(MessageStatus::Unknown))
        .col_expr(message::Column::LastError, Expr::value(WAITING_AT_BACKUP))
        .col_expr(message::Column::UpdatedAt, Expr::value(crate::clock::now()))
        .filter(message::Column::Status.is_in([MessageStatus::Queued, MessageStatus::Sending]))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

fn held_after_restore() -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(message::Column::Status.eq(MessageStatus::Unknown))
        .add(message::Column::LastError.eq(WAITING_AT_BACKUP))
}

/// How many messages wait for the owner since a restore.
pub async fn waiting_since_restore(store: &Store) -> Result<u64> {
    Ok(message::Entity::find()
        .filter(held_after_restore())
        .count(store.db())
        .await?)
}

/// The owner's answer for every message waiting since a restore: send them now, or drop them.
/// Returns how many it changed.
pub async fn settle_restored(store: &Store, send: bool) -> Result<u64> {
    let now = crate::clock::now();
    let mut q = message::Entity::update_many()
        .col_expr(message::Column::UpdatedAt, Expr::value(now))
        .filter(held_after_restore());
    q = if send {
        q.col_expr(message::Column::Status, Expr::value(MessageStatus::Queued))
            .col_expr(message::Column::NotBefore, Expr::value(now))
            .col_expr(
                message::Column::LastError,
                Expr::value(Option::<String>::None),
            )
    } else {
        q.col_expr(
            message::Column::Status,
            Expr::value(MessageStatus::Cancelled),
        )
    };
    let res = q.exec(store.db()).await?;
    tracing::info!(
        count = res.rows_affected,
        send,
        "messages from before a restore settled"
    );
    Ok(res.rows_affected)
}

pub async fn due_count(store: &Store) -> Result<u64> {
    Ok(message::Entity::find()
        .filter(message::Column::Status.eq(MessageStatus::Queued))
        .filter(message::Column::NotBefore.lte(crate::clock::now()))
        .count(store.db())
        .await?)
}

/// The earliest time a queued message becomes due, if any.
pub async fn next_due(store: &Store) -> Result<Option<DateTime<Utc>>> {
    Ok(message::Entity::find()
        .filter(message::Column::Status.eq(MessageStatus::Queued))
        .order_by_asc(message::Column::NotBefore)
        .one(store.db())
        .await?
        .map(|m| m.not_before))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_thread_grows_at_its_end_and_stays_short() {
        assert_eq!(super::continue_thread(None, "a@x"), "<a@x>");
        assert_eq!(
            super::continue_thread(Some("<a@x> <b@x>"), "<c@x>"),
            "<a@x> <b@x> <c@x>"
        );
        let long: Vec<String> = (0..20).map(|i| format!("<{i}@x>")).collect();
        let t = super::continue_thread(Some(&long.join(" ")), "new@x");
        let ids: Vec<&str> = t.split(' ').collect();
        assert_eq!(ids.len(), super::THREAD_IDS);
        assert_eq!(ids[0], "<0@x>");
        assert_eq!(ids[ids.len() - 1], "<new@x>");
        assert_eq!(ids[ids.len() - 2], "<19@x>");
    }
}
