//! Sending: the worker that hands due messages to the owner's server over one reused
//! connection, retries what the server says to try later and marks what it refuses for good;
//! and what a message that went out sets in motion (its timeline entry, the promises it keeps,
//! the stay-in-touch cadence it restarts).

use super::{mail, pool, record, reminders, settings};
use crate::error::{CoreError, ErrorCode, Result};
use crate::mail::outbox::{
    self, batch_progress, load, BatchProgress, MessageStatus, NewMessage, OutboxMessage,
};
use crate::mail::smtp::{self, Outgoing, SendFailure, SmtpSession};
use crate::secrets::Keychain;
use crate::store::entities::message;
use crate::store::Store;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::time::Duration;

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
    /// How long each step of a send may wait for the server. A message whose text went and
    /// got no answer in time "Needs your decision".
    pub send_timeout: Duration,
    /// The window the per-minute pace counts over (a minute; tests shorten it).
    pub pace_window: Duration,
    /// Set to stop before the next message (a restore is about to replace the database):
    /// the message being sent finishes, and nothing more starts.
    pub stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// How long this desktop holds a message it is sending; renewed every third of it while
    /// the send goes on. Another desktop recovers a `sending` message only once it ran out.
    pub lease: Duration,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        WorkerConfig {
            backoff: [30, 120, 600, 1800, 7200]
                .into_iter()
                .map(Duration::from_secs)
                .collect(),
            max_attempts: 6,
            send_timeout: crate::mail::smtp::TIMEOUT,
            pace_window: Duration::from_secs(60),
            stop: Default::default(),
            lease: outbox::LEASE,
        }
    }
}

/// Write messages to the outbox, in one transaction, checked so that each can be built.
/// Nothing touches the network here.
pub async fn enqueue(
    store: &Store,
    keychain: &Keychain,
    messages: Vec<NewMessage>,
    send_after: DateTime<Utc>,
    as_batch: bool,
) -> Result<Vec<OutboxMessage>> {
    let from = sender(store, keychain).await?;
    let txn = store.db().begin().await?;
    let out = enqueue_in(&txn, &from, messages, send_after, as_batch).await?;
    txn.commit().await?;
    Ok(out)
}

/// Write messages to the outbox inside the caller's transaction. A word the owner vouched for
/// as a name or a title, so the tone check let the message go, is written on the candidate's
/// timeline in the same transaction (the pulse check counts these).
pub(crate) async fn enqueue_in<C: ConnectionTrait>(
    txn: &C,
    from: &str,
    messages: Vec<NewMessage>,
    send_after: DateTime<Utc>,
    as_batch: bool,
) -> Result<Vec<OutboxMessage>> {
    let vouched: Vec<(Option<i32>, Option<i32>, Vec<String>)> = messages
        .iter()
        .map(|m| (m.candidate_id, m.application_id, m.vouched_names.clone()))
        .collect();
    let out = outbox::enqueue_in(txn, from, messages, send_after, as_batch).await?;
    for (candidate, application, names) in vouched {
        let Some(candidate) = candidate else { continue };
        for n in names {
            record(
                txn,
                candidate,
                application,
                VOUCHED,
                format!("You told the tone check that \"{n}\" is a name, a place or a title, and sent the message with it"),
            )
            .await?;
        }
    }
    Ok(out)
}

/// The timeline entry of a word the owner vouched for as a name.
pub(crate) const VOUCHED: &str = "tone_name_vouched";

/// The address messages are sent from; `mail_not_set_up` while nothing could send them.
pub(crate) async fn sender(store: &Store, keychain: &Keychain) -> Result<String> {
    Ok(mail::ready(store, keychain).await?.from_address)
}

/// The owner confirms a message of unknown fate did arrive: it counts as sent, and keeps
/// promises as the worker's send would.
pub async fn mark_sent(store: &Store, id: i32) -> Result<OutboxMessage> {
    let txn = store.db().begin().await?;
    let to = MessageStatus::Sent;
    let (m, moved) = outbox::transition_in(&txn, id, &[MessageStatus::Unknown], to, None).await?;
    if !moved {
        return Err(outbox::moved_on(&m, to));
    }
    on_sent(&txn, &m, crate::clock::now()).await?;
    txn.commit().await?;
    Ok(m.into())
}

/// A message went out (the server accepted it, or the owner confirmed it arrived), inside the
/// transaction that records it: a message to the candidate keeps the promises made to them
/// about that application and restarts their stay-in-touch cadence. A message to one of
/// their references does neither.
pub(crate) async fn on_sent<C: ConnectionTrait>(
    db: &C,
    m: &message::Model,
    at: DateTime<Utc>,
) -> Result<()> {
    let Some(c) = pool::recipient(db, m).await? else {
        return Ok(());
    };
    reminders::keep_promises(db, m, at).await?;
    pool::contacted_in(db, &c, at).await?;
    Ok(())
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
pub struct DrainReport {
    pub sent: u32,
    pub failed: u32,
    pub retrying: u32,
    /// Sent without the server's answer: "Needs your decision".
    pub unknown: u32,
}

fn is_temporary(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::SmtpTemporary | ErrorCode::SmtpTimeout | ErrorCode::SmtpConnect
    )
}

/// Why messages cannot go right now (the server is down, the password was refused…), for
/// the Outbox's banner, Today and one desktop notification. Kept until the server takes a
/// message again, or nothing is waiting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SendProblem {
    pub code: ErrorCode,
    /// What went wrong, in the owner's words (it may quote the server).
    pub message: String,
    /// What to do about it.
    pub fix: String,
    /// Whether the fix is in Settings (the window offers to go there).
    pub in_settings: bool,
    /// When the worker first met it (RFC 3339).
    pub since: String,
}

/// The Outbox at a glance: how many messages are waiting to go, and why, if they cannot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct OutboxHealth {
    /// Queued messages whose time has come, or that have been tried and are waiting to try
    /// again.
    pub waiting: u32,
    pub problem: Option<SendProblem>,
    /// Why replies cannot be read, when the fix is the owner's (the server in Settings is not
    /// the one the password was given for, a refused sign-in): shown beside the Outbox's.
    pub reading: Option<SendProblem>,
}

const PROBLEM_KEY: &str = "outbox.problem";
/// Why the inbox cannot be read, kept the same way (see [`note_reading`]).
const READING_KEY: &str = "inbox.problem";

/// The fix for what stops the worker, and whether it is in Settings.
fn fix_for(code: ErrorCode) -> (&'static str, bool) {
    match code {
        ErrorCode::MailNotSetUp => ("Set up your email in Settings.", true),
        ErrorCode::OauthSigninNeeded => (
            "Sign in again in Settings; the waiting messages go then, each once.",
            true,
        ),
        ErrorCode::SmtpAuth => (
            "Check the username and password in Settings (some providers need an app password).",
            true,
        ),
        ErrorCode::SmtpTls => (
            "Check the security setting and port in Settings, or the certificate your server uses.",
            true,
        ),
        ErrorCode::MailServerChanged => (
            "Enter your password again (or sign in again) in Settings for the server now named there; the waiting messages go then, each once.",
            true,
        ),
        ErrorCode::KeychainUnavailable => (
            "Unlock your system keychain (it holds the password); Kindly tries again on its own.",
            false,
        ),
        _ => (
            "Kindly keeps trying on its own. Check your internet connection, or the server name and port in Settings.",
            true,
        ),
    }
}

/// How many messages are waiting to go, and why they cannot, if the worker met a problem.
pub async fn health(store: &Store) -> Result<OutboxHealth> {
    use sea_orm::{Condition, PaginatorTrait};
    let waiting = message::Entity::find()
        .filter(message::Column::Status.eq(MessageStatus::Queued))
        .filter(
            Condition::any()
                .add(message::Column::NotBefore.lte(crate::clock::now()))
                .add(message::Column::ErrorCode.is_not_null()),
        )
        .count(store.db())
        .await? as u32;
    let problem = if waiting == 0 {
        None
    } else {
        stored_problem(store, PROBLEM_KEY).await?
    };
    let reading = stored_problem(store, READING_KEY).await?;
    Ok(OutboxHealth {
        waiting,
        problem,
        reading,
    })
}

/// What a worker last met, as kept for the window ("" when nothing).
async fn stored_problem(store: &Store, key: &str) -> Result<Option<SendProblem>> {
    Ok(serde_json::from_str(&settings::get_key(store, key).await?).ok())
}

async fn clear_problem(store: &Store, key: &str) -> Result<()> {
    if settings::get_key(store, key).await?.is_empty() {
        return Ok(());
    }
    settings::put_all(store, vec![(key.into(), String::new())]).await
}

/// What a look at the inbox met: a problem only the owner can fix is kept for the window
/// until a look succeeds; anything else (the network, a busy server) is tried again quietly.
pub(crate) async fn note_reading(store: &Store, outcome: Option<&CoreError>) -> Result<()> {
    match outcome {
        Some(e)
            if matches!(
                e.code,
                ErrorCode::MailServerChanged
                    | ErrorCode::OauthSigninNeeded
                    | ErrorCode::SmtpAuth
                    | ErrorCode::SmtpTls
            ) =>
        {
            remember_problem(store, READING_KEY, e).await
        }
        Some(_) => Ok(()),
        None => clear_problem(store, READING_KEY).await,
    }
}

/// The owner fixed something (or asks to try now): messages waiting after a failed try are
/// due at once. Their attempts are not touched. Returns how many.
pub async fn try_now(store: &Store) -> Result<u32> {
    let r = message::Entity::update_many()
        .col_expr(message::Column::NotBefore, Expr::value(crate::clock::now()))
        .filter(message::Column::Status.eq(MessageStatus::Queued))
        .filter(message::Column::ErrorCode.is_not_null())
        .filter(message::Column::NotBefore.gt(crate::clock::now()))
        .exec(store.db())
        .await?;
    Ok(r.rows_affected as u32)
}

/// The owner fixed what stopped the worker (signed in again, say): the banner goes now, not
/// only after the next message goes. If it is not fixed, the next try says so again.
pub async fn forget_problem(store: &Store, code: ErrorCode) -> Result<()> {
    for key in [PROBLEM_KEY, READING_KEY] {
        if stored_problem(store, key)
            .await?
            .is_some_and(|p| p.code == code)
        {
            clear_problem(store, key).await?;
        }
    }
    Ok(())
}

async fn remember_problem(store: &Store, key: &str, e: &CoreError) -> Result<()> {
    let (fix, in_settings) = fix_for(e.code);
    let before = stored_problem(store, key)
        .await?
        .filter(|p| p.code == e.code);
    let p = SendProblem {
        code: e.code,
        message: e.message.clone(),
        fix: fix.into(),
        in_settings,
        since: before.map_or_else(|| crate::clock::ts(crate::clock::now()), |p| p.since),
    };
    let json = serde_json::to_string(&p)
        .map_err(|e| CoreError::new(ErrorCode::Database, e.to_string()))?;
    settings::put_all(store, vec![(key.into(), json)]).await
}

/// Send everything that is due now, over one connection (reopened if the server drops it).
/// A problem with the server itself (no settings, keychain, authentication, TLS, the server
/// down) stops the run with that error, leaves the messages queued, and is kept for the
/// window ([`health`]) until the server takes a message again.
pub async fn drain(
    store: &Store,
    keychain: &Keychain,
    cfg: &WorkerConfig,
    events: &dyn OutboxEvents,
) -> Result<DrainReport> {
    let mut copies = Vec::new();
    let r = drain_due(store, keychain, cfg, events, &mut copies).await;
    // What went is copied to Sent even when the run stopped on a later message.
    if !copies.is_empty() {
        copy_to_sent(store, keychain, copies).await?;
        events.changed();
    }
    match &r {
        Err(e) if e.code != ErrorCode::Database => remember_problem(store, PROBLEM_KEY, e).await?,
        Ok(report) if report.sent > 0 || report.failed > 0 => {
            clear_problem(store, PROBLEM_KEY).await?
        }
        _ => {}
    }
    r
}

enum Limit {
    Go,
    /// The per-minute pace: wait this long first.
    Wait(Duration),
    /// The daily cap is reached: nothing more goes before this moment.
    Tomorrow(DateTime<Utc>),
}

/// Whether the next message may go now under the account's limits (0: none): at most
/// `daily_cap` in any 24 hours, at most `per_minute` in any pace window.
async fn limit(store: &Store, s: &smtp::SmtpSettings, cfg: &WorkerConfig) -> Result<Limit> {
    let now = crate::clock::now();
    // When the n-th newest message sent since `since` went: if there is one, n went in the
    // window, and the window has room again once that one leaves it. One row, not the window.
    let nth_newest = |since: DateTime<Utc>, n: u32| async move {
        Ok::<_, CoreError>(
            message::Entity::find()
                .filter(message::Column::SentAt.gt(since))
                .filter(
                    message::Column::Status.is_in([MessageStatus::Sent, MessageStatus::Unknown]),
                )
                .order_by_desc(message::Column::SentAt)
                .offset(u64::from(n - 1))
                .limit(1)
                .one(store.db())
                .await?
                .and_then(|m| m.sent_at),
        )
    };
    if s.daily_cap > 0 {
        let day = chrono::Duration::hours(24);
        if let Some(oldest) = nth_newest(now - day, s.daily_cap).await? {
            return Ok(Limit::Tomorrow(oldest + day));
        }
    }
    if s.per_minute > 0 {
        let window = chrono::Duration::from_std(cfg.pace_window).unwrap_or_default();
        if let Some(oldest) = nth_newest(now - window, s.per_minute).await? {
            let wait = (oldest + window - now).to_std().unwrap_or_default();
            return Ok(Limit::Wait(wait + Duration::from_millis(5)));
        }
    }
    Ok(Limit::Go)
}

/// Everything due waits for `at`, with the reason the Outbox shows. Attempts are untouched.
async fn defer_all_due(store: &Store, at: DateTime<Utc>, cap: u32) -> Result<()> {
    let reason = format!(
        "Your provider allows {cap} messages a day from your account, and that many went in the last 24 hours. This one goes at {} (UTC) on its own.",
        at.format("%H:%M on %-d %b")
    );
    message::Entity::update_many()
        .col_expr(message::Column::NotBefore, Expr::value(at))
        .col_expr(message::Column::LastError, Expr::value(Some(reason)))
        .filter(message::Column::Status.eq(MessageStatus::Queued))
        .filter(message::Column::NotBefore.lte(crate::clock::now()))
        .exec(store.db())
        .await?;
    Ok(())
}

/// Save a copy of each message that went in the owner's Sent folder. A copy that cannot be
/// saved is a warning on its message; the message itself went, and is never sent again.
async fn copy_to_sent(
    store: &Store,
    keychain: &Keychain,
    copies: Vec<(i32, Vec<u8>)>,
) -> Result<()> {
    let (ids, raws): (Vec<i32>, Vec<Vec<u8>>) = copies.into_iter().unzip();
    let outcome = match mail::smtp_settings(store).await? {
        None => vec![Some("Mail is no longer set up.".to_string()); ids.len()],
        Some(s) => match mail::secret_for(keychain, &s, crate::secrets::Service::Imap, false).await
        {
            Ok(secret) => crate::mail::imap::append_to_sent(&s, secret.as_ref(), &raws).await,
            Err(e) => vec![Some(e.message); ids.len()],
        },
    };
    for (id, warning) in ids.into_iter().zip(outcome) {
        let q = message::Entity::update_many().filter(message::Column::Id.eq(id));
        let q = match &warning {
            None => q
                .col_expr(message::Column::CopiedAt, Expr::value(crate::clock::now()))
                .col_expr(message::Column::CopyWarning, Expr::value(None::<String>)),
            Some(w) => q.col_expr(
                message::Column::CopyWarning,
                Expr::value(Some(format!("No copy in your Sent folder: {w}"))),
            ),
        };
        q.exec(store.db()).await?;
    }
    Ok(())
}

async fn drain_due(
    store: &Store,
    keychain: &Keychain,
    cfg: &WorkerConfig,
    events: &dyn OutboxEvents,
    copies: &mut Vec<(i32, Vec<u8>)>,
) -> Result<DrainReport> {
    let mut report = DrainReport::default();
    let mut session: Option<SmtpSession> = None;
    // Progress goes to the window a few times a second, not after every message.
    let mut progress_at: std::collections::HashMap<String, std::time::Instant> = Default::default();
    let mut setup: Option<(smtp::SmtpSettings, String)> = None;
    // A desktop of the team that stopped while sending: its messages need a decision.
    if outbox::recover_expired(store).await? > 0 {
        events.changed();
    }
    loop {
        if cfg.stop.load(std::sync::atomic::Ordering::SeqCst) {
            return Ok(report);
        }
        let due = message::Entity::find()
            .filter(message::Column::Status.eq(MessageStatus::Queued))
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
            let s = mail::smtp_settings(store)
                .await?
                .ok_or_else(mail::not_set_up)?;
            let from_name = settings::profile(store).await?.sender_name;
            setup = Some((s, from_name));
        }
        let (s, from_name) = setup.as_ref().expect("set above");
        for m in due {
            if cfg.stop.load(std::sync::atomic::Ordering::SeqCst) {
                tracing::info!("sending stopped for a restore");
                return Ok(report);
            }
            // The provider's limits: a short wait keeps the pace; a full day waits for the
            // next one, shown in the Outbox with the time it goes.
            match limit(store, s, cfg).await? {
                Limit::Go => {}
                Limit::Wait(d) => tokio::time::sleep(d).await,
                Limit::Tomorrow(at) => {
                    defer_all_due(store, at, s.daily_cap).await?;
                    events.changed();
                    break;
                }
            }
            // Claim it: only one sender (on a team, one desktop, named with its lease), and a
            // cancelled message stays cancelled.
            let claimed = message::Entity::update_many()
                .col_expr(message::Column::Status, Expr::value(MessageStatus::Sending))
                .col_expr(
                    message::Column::Attempts,
                    Expr::col(message::Column::Attempts).add(1),
                )
                .col_expr(message::Column::UpdatedAt, Expr::value(crate::clock::now()))
                .col_expr(
                    message::Column::ClaimedBy,
                    Expr::value(Some(crate::desktop::id())),
                )
                .col_expr(
                    message::Column::LeaseUntil,
                    Expr::value(Some(outbox::lease_end(cfg.lease))),
                )
                .filter(message::Column::Id.eq(m.id))
                .filter(message::Column::Status.eq(MessageStatus::Queued))
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
                in_reply_to: m.in_reply_to.as_deref().unwrap_or_default(),
                references: m.thread_references.as_deref().unwrap_or_default(),
            });
            let mut raw = None;
            let result = match built {
                Err(e) => Err(SendFailure {
                    error: e,
                    maybe_delivered: false,
                }),
                Ok(email) => {
                    if session.as_ref().is_none_or(|x| x.is_broken()) {
                        match mail::open_session(keychain, s).await {
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
                    let x = session.as_mut().expect("opened above");
                    let r = {
                        // The lease is renewed while the server takes its time.
                        let send = x.send(&email, cfg.send_timeout);
                        tokio::pin!(send);
                        loop {
                            tokio::select! {
                                r = &mut send => break r,
                                _ = tokio::time::sleep(cfg.lease / 3) => {
                                    outbox::renew_lease(store, m.id, cfg.lease).await;
                                }
                            }
                        }
                    };
                    if x.is_broken() {
                        // A timeout or a dropped connection: the next message gets a new one.
                        session = None;
                    }
                    if s.sent_copy {
                        raw = Some(email.formatted());
                    }
                    r
                }
            };
            match result {
                Ok(()) => {
                    if let Some(raw) = raw {
                        copies.push((m.id, raw));
                    }
                    let txn = store.db().begin().await?;
                    message::Entity::update_many()
                        .col_expr(message::Column::Status, Expr::value(MessageStatus::Sent))
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
                    on_sent(&txn, &m, crate::clock::now()).await?;
                    txn.commit().await?;
                    report.sent += 1;
                }
                Err(f) if f.maybe_delivered => {
                    // The text went and no answer came: it may have arrived. The owner decides
                    // (it arrived / send it again); it is never sent again on its own.
                    unconfirmed(store, m.id, &f.error).await?;
                    report.unknown += 1;
                }
                Err(SendFailure { error: e, .. })
                    if is_temporary(e.code) && attempts < cfg.max_attempts =>
                {
                    requeue(store, &m, attempts, cfg, &e, false).await?;
                    report.retrying += 1;
                }
                Err(SendFailure { error: e, .. }) => {
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
    am.status = Set(MessageStatus::Queued);
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

/// Leave a message in `status` (failed, or of unknown fate) with the reason the owner reads.
async fn settle(
    store: &Store,
    id: i32,
    status: MessageStatus,
    reason: String,
    e: &CoreError,
) -> Result<()> {
    let mut am: message::ActiveModel = load(store, id).await?.into();
    am.status = Set(status);
    am.last_error = Set(Some(reason));
    am.error_code = Set(Some(format!("{:?}", e.code)));
    am.updated_at = Set(crate::clock::now());
    am.update(store.db()).await?;
    Ok(())
}

async fn unconfirmed(store: &Store, id: i32, e: &CoreError) -> Result<()> {
    let reason = format!(
        "{} It may or may not have arrived: check your Sent folder, then say which.",
        e.message
    );
    settle(store, id, MessageStatus::Unknown, reason, e).await
}

async fn fail(store: &Store, id: i32, e: &CoreError) -> Result<()> {
    settle(store, id, MessageStatus::Failed, e.message.clone(), e).await
}
