//! Hearing back: replies from the owner's inbox to the conversations Kindly started. A message
//! is Kindly's when its `In-Reply-To` / `References` name a Message-ID Kindly sent, or when it
//! comes from someone Kindly wrote to in the last 60 days. Only those are fetched whole and
//! stored (the text without the quoted history, attachment names only); the rest of the
//! owner's mail is looked at by its headers and never stored or logged.

use super::{mail, pool, record, reminders};
use crate::domain::validate;

/// Limits on what one message brings in: the stored text, the subject, how many attachment
/// names (each at most 255 bytes), and how many thread ids are kept to send on.
const MAX_TEXT_BYTES: usize = 64 * 1024;
const MAX_SUBJECT_BYTES: usize = 1024;
const MAX_ATTACHMENT_NAMES: usize = 100;
const MAX_REFERENCES: usize = 3;
use crate::domain::defaults::Purpose;
use crate::domain::replies::{self, ReadsAs};
use crate::domain::states::{ConsentMethod, ReplyKind};
use crate::error::{CoreError, Result};
use crate::mail::imap;
use crate::mail::inbound::{self, bare, HeardKind};
use crate::mail::outbox::MessageStatus;
use crate::secrets::Keychain;
use crate::store::entities::{candidate, mailbox_state, message, referee, reminder, reply};
use crate::store::Store;
use chrono::{DateTime, Utc};
use mail_parser::{Message, MessageParser, MimeHeaders};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use serde::Serialize;
use specta::Type;
use std::collections::{HashMap, HashSet};

const INBOX: &str = "INBOX";
/// How long after Kindly wrote to someone a message from them counts as a reply.
const REPLY_DAYS: i64 = 60;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
pub struct ScanReport {
    /// Messages stored by this look (replies, auto-replies, scores; none twice).
    pub stored: u32,
    /// Of those, replies written by a person: what the owner is told about.
    pub replies: u32,
    /// Sent messages a delivery report said did not arrive.
    pub bounced: u32,
    /// Whether the mailbox was read from its start (first look, or its UIDVALIDITY changed).
    pub from_start: bool,
}

/// A message Kindly sent that something in the inbox could answer.
#[derive(Clone)]
struct Sent {
    id: i32,
    candidate_id: Option<i32>,
    application_id: Option<i32>,
    purpose: Option<Purpose>,
    to_address: String,
    sent_at: Option<DateTime<Utc>>,
}

/// What Kindly sent that a reply could answer: its Message-IDs, and whom it wrote to lately.
struct Ours {
    sent: Vec<Sent>,
    ids: HashMap<String, usize>,
    people: HashMap<String, usize>,
}

impl Ours {
    async fn load(store: &Store, now: DateTime<Utc>) -> Result<Ours> {
        type Row = (
            i32,
            String,
            Option<i32>,
            Option<i32>,
            Option<Purpose>,
            String,
            Option<DateTime<Utc>>,
        );
        let rows = message::Entity::find()
            .filter(message::Column::Status.is_in([
                MessageStatus::Sent,
                MessageStatus::Unknown,
                MessageStatus::Bounced,
            ]))
            .select_only()
            .columns([
                message::Column::Id,
                message::Column::MessageId,
                message::Column::CandidateId,
                message::Column::ApplicationId,
                message::Column::Purpose,
                message::Column::ToAddress,
                message::Column::SentAt,
            ])
            .order_by_asc(message::Column::SentAt)
            .order_by_asc(message::Column::Id)
            .into_tuple::<Row>()
            .all(store.db())
            .await?;
        let recent = now - chrono::Duration::days(REPLY_DAYS);
        let mut ours = Ours {
            sent: Vec::with_capacity(rows.len()),
            ids: HashMap::new(),
            people: HashMap::new(),
        };
        for (id, mid, candidate_id, application_id, purpose, to, at) in rows {
            let i = ours.sent.len();
            ours.ids.insert(bare(&mid), i);
            // In send order: the latest message to an address is the one a reply answers.
            if at.is_some_and(|t| t >= recent) {
                ours.people.insert(to.to_lowercase(), i);
            }
            ours.sent.push(Sent {
                id,
                candidate_id,
                application_id,
                purpose,
                to_address: to.to_lowercase(),
                sent_at: at,
            });
        }
        Ok(ours)
    }

    /// The message of Kindly's this answers, if it is a reply: the one its thread headers
    /// name, unless it comes from the address of another person Kindly wrote to, whose
    /// reply it then is (a thread header is anyone's to copy; it never makes one person's
    /// words another's).
    fn answered(&self, m: &Message) -> Option<&Sent> {
        let from = m
            .from()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .map(str::to_lowercase);
        let own = from.as_ref().and_then(|f| self.people.get(f).copied());
        let named = thread_ids(m)
            .into_iter()
            .find_map(|id| self.ids.get(&id).copied());
        let i = match (named, own) {
            (Some(n), Some(o)) if self.sent[n].to_address != self.sent[o].to_address => o,
            (Some(n), _) => n,
            (None, o) => o?,
        };
        self.sent.get(i)
    }

    /// The message a delivery report is about, and whether the report proves it: it names a
    /// message Kindly sent in the last [`BOUNCE_DAYS`] days (its Message-ID, in the report or
    /// the returned headers). By the failed address alone it is only a hint.
    fn bounced(&self, b: &inbound::Bounce, now: DateTime<Utc>) -> Option<(&Sent, bool)> {
        let named = b
            .original_id
            .as_ref()
            .and_then(|id| self.ids.get(id).copied())
            .filter(|&i| {
                self.sent[i]
                    .sent_at
                    .is_some_and(|t| t >= now - chrono::Duration::days(BOUNCE_DAYS))
            });
        if let Some(i) = named {
            return Some((&self.sent[i], true));
        }
        let i = self.people.get(b.recipient.as_ref()?).copied()?;
        Some((&self.sent[i], false))
    }
}

/// The Message-IDs a message names as what it answers: `In-Reply-To`, then `References`
/// (newest last, so read from the end).
fn thread_ids(m: &Message) -> Vec<String> {
    let list = |h: &mail_parser::HeaderValue| {
        h.as_text_list()
            .map(|l| l.iter().map(|x| bare(x)).collect::<Vec<_>>())
            .or_else(|| h.as_text().map(|t| vec![bare(t)]))
            .unwrap_or_default()
    };
    let mut ids = list(m.in_reply_to());
    ids.extend(list(m.references()).into_iter().rev());
    ids
}

/// What one message in the inbox turned out to be.
enum Found {
    /// A reply, how its words read, and whether it came from the address Kindly wrote to.
    Reply(Box<reply::ActiveModel>, ReadsAs, bool),
    Bounce {
        message_id: i32,
        diagnostic: String,
        at: DateTime<Utc>,
        /// The report names the message (see [`Ours::bounced`]).
        proven: bool,
    },
}

/// A delivery report proves a bounce only for a message sent this recently.
const BOUNCE_DAYS: i64 = 30;
/// The most of a server's words kept from a delivery report.
const DIAGNOSTIC_BYTES: usize = 300;

/// Whether a Message-ID (without its brackets) is one Kindly may copy into the headers it
/// sends: `left@right`, printable ASCII, no brackets, short enough for one header line.
fn valid_id(id: &str) -> bool {
    id.len() <= 250
        && id
            .split_once('@')
            .is_some_and(|(l, r)| !l.is_empty() && !r.is_empty())
        && id
            .chars()
            .all(|c| c.is_ascii_graphic() && c != '<' && c != '>')
}

/// Read one fetched message: a reply (or auto-reply or score) to something Kindly sent, a
/// report that something Kindly sent bounced, or nothing of Kindly's.
fn read(
    raw: &[u8],
    uid: u32,
    uid_validity: u32,
    ours: &Ours,
    asks_score: &HashSet<i32>,
    referees: &HashMap<(i32, String), i32>,
    now: DateTime<Utc>,
) -> Option<Found> {
    let m = MessageParser::default().parse(raw)?;
    let date = m
        .date()
        .and_then(|d| DateTime::from_timestamp(d.to_timestamp(), 0))
        .unwrap_or(now);
    let heard = inbound::hear(&m);
    if let Some(b) = heard.bounce {
        let (sent, proven) = ours.bounced(&b, now)?;
        return Some(Found::Bounce {
            message_id: sent.id,
            diagnostic: validate::arrived(&b.diagnostic, DIAGNOSTIC_BYTES, false),
            at: date,
            proven,
        });
    }
    if inbound::is_delivery_report(&m) {
        // A delay or a delivery receipt is nobody's reply.
        return None;
    }
    let sent = ours.answered(&m)?;
    let rfc_id = m
        .message_id()
        .map(bare)
        .filter(|id| valid_id(id))
        .unwrap_or_else(|| format!("uid-{uid_validity}-{uid}@{INBOX}"));
    let from = m.from().and_then(|a| a.first());
    let from_address = from
        .and_then(|a| a.address())
        .unwrap_or_default()
        .to_lowercase();
    let (text, reading) = (heard.text, heard.reads_as);
    let score = heard
        .score
        .filter(|_| heard.kind == HeardKind::Reply && asks_score.contains(&sent.id));
    let kind = if heard.kind != HeardKind::Reply {
        ReplyKind::AutoReply
    } else if score.is_some() {
        ReplyKind::Score
    } else {
        ReplyKind::Reply
    };
    let referee_id = match (sent.purpose, sent.application_id) {
        (Some(Purpose::ReferenceSupervisor | Purpose::ReferenceColleague), Some(app)) => referees
            .get(&(app, from_address.clone()))
            .or_else(|| referees.get(&(app, sent.to_address.clone())))
            .copied(),
        _ => None,
    };
    let references = {
        let mut ids: Vec<String> = thread_ids(&m).into_iter().filter(|i| valid_id(i)).collect();
        // The newest few: enough to thread, and within one header line when sent on.
        ids.truncate(MAX_REFERENCES);
        ids.reverse();
        // Oldest first, as the header carries them; the In-Reply-To was read first above.
        let refs: Vec<String> = ids.iter().map(|i| format!("<{i}>")).collect();
        let mut seen = HashSet::new();
        refs.into_iter()
            .filter(|x| seen.insert(x.clone()))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let attachments: Vec<String> = m
        .attachments()
        .filter_map(|a| a.attachment_name())
        .take(MAX_ATTACHMENT_NAMES)
        .map(|n| validate::arrived(n, 255, false))
        .collect();
    let from_wrote_to = from_address == sent.to_address;
    Some(Found::Reply(
        Box::new(reply::ActiveModel {
            message_ref: Set(Some(sent.id)),
            candidate_id: Set(sent.candidate_id),
            rfc_message_id: Set(rfc_id),
            from_address: Set(from_address),
            from_name: Set(validate::arrived(
                from.and_then(|a| a.name()).unwrap_or_default(),
                200,
                false,
            )),
            subject: Set(validate::arrived(
                m.subject().unwrap_or_default(),
                MAX_SUBJECT_BYTES,
                false,
            )),
            received_at: Set(date),
            text: Set(validate::arrived(&text, MAX_TEXT_BYTES, true)),
            attachments: Set(serde_json::to_string(&attachments).unwrap_or_else(|_| "[]".into())),
            // Nothing to read on Today but what a person wrote.
            read_at: Set((kind != ReplyKind::Reply).then_some(now)),
            created_at: Set(now),
            kind: Set(kind),
            score: Set(score),
            referee_id: Set(referee_id),
            thread_references: Set((!references.is_empty()).then_some(references)),
            ..Default::default()
        }),
        reading,
        from_wrote_to,
    ))
}

/// Whether a fetched header says the message may be Kindly's: a reply to it, or a report of a
/// failed delivery, multipart or plain (only its body says which message bounced).
fn maybe_ours(ours: &Ours, head: &[u8]) -> bool {
    MessageParser::default()
        .parse_headers(head)
        .is_some_and(|m| inbound::may_be_bounce(&m) || ours.answered(&m).is_some())
}

/// Look at the inbox for new replies and delivery reports, and store what they say with how
/// far it has read, in one transaction: after a restart or a kill, no reply is lost or stored
/// twice. `zone` is the owner's (a request about someone's data is due on a day there). `None`
/// while no IMAP server is set up.
pub async fn scan(store: &Store, keychain: &Keychain, zone: &str) -> Result<Option<ScanReport>> {
    let r = look(store, keychain, zone).await;
    super::sending::note_reading(store, r.as_ref().err()).await?;
    r
}

async fn look(store: &Store, keychain: &Keychain, zone: &str) -> Result<Option<ScanReport>> {
    let zone = crate::schedule::parse_zone("time_zone", zone)?;
    let Some(s) = mail::smtp_settings(store).await? else {
        return Ok(None);
    };
    if s.imap_host.is_empty() {
        return Ok(None);
    }
    let secret = mail::secret_for(keychain, &s, crate::secrets::Service::Imap, false).await?;
    let now = crate::clock::now();
    let ours = Ours::load(store, now).await?;
    let since = mailbox_state::Entity::find_by_id(INBOX.to_string())
        .one(store.db())
        .await?
        .map(|m| (m.uid_validity as u32, m.last_uid as u32));
    let fetched = imap::fetch_new(&s, secret.as_ref(), INBOX, since, |head| {
        maybe_ours(&ours, head)
    })
    .await?;
    let from_start = since.is_none_or(|(v, _)| v != fetched.uid_validity);
    file(store, &ours, &fetched, from_start, zone, now)
        .await
        .map(Some)
}

/// File messages read from a mailbox, as a look at the inbox does: each is read (reply,
/// auto-reply, score, delivery report, or nothing of Kindly's) and what it says is stored with
/// how far the mailbox was read, in one transaction. Also what the window's tests deliver
/// mail through.
pub async fn deliver(store: &Store, raw: Vec<u8>, zone: &str) -> Result<ScanReport> {
    let zone = crate::schedule::parse_zone("time_zone", zone)?;
    let now = crate::clock::now();
    let ours = Ours::load(store, now).await?;
    let (validity, last) = mailbox_state::Entity::find_by_id(INBOX.to_string())
        .one(store.db())
        .await?
        .map_or((1, 0), |m| (m.uid_validity as u32, m.last_uid as u32));
    let fetched = imap::Fetched {
        uid_validity: validity,
        last_uid: last + 1,
        wanted: vec![(last + 1, raw)],
    };
    file(store, &ours, &fetched, false, zone, now).await
}

async fn file(
    store: &Store,
    ours: &Ours,
    fetched: &imap::Fetched,
    from_start: bool,
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<ScanReport> {
    // What the matched messages need: which asked for a score, and the references asked.
    let asks_score: HashSet<i32> = if fetched.wanted.is_empty() {
        HashSet::new()
    } else {
        message::Entity::find()
            .filter(message::Column::Body.contains(replies::SCORE_QUESTION))
            .select_only()
            .column(message::Column::Id)
            .into_tuple::<i32>()
            .all(store.db())
            .await?
            .into_iter()
            .collect()
    };
    let referees: HashMap<(i32, String), i32> = if fetched.wanted.is_empty() {
        HashMap::new()
    } else {
        referee::Entity::find()
            .filter(referee::Column::Email.is_not_null())
            .all(store.db())
            .await?
            .into_iter()
            .filter_map(|r| Some(((r.application_id, r.email?.to_lowercase()), r.id)))
            .collect()
    };
    let mut seen = HashSet::new();
    let mut found = Vec::new();
    for (uid, raw) in &fetched.wanted {
        // A message no reader copes with is skipped, never the look: a panic here would stop
        // every later look at the same message. Only the place is logged, never the mail.
        let heard = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            read(
                raw,
                *uid,
                fetched.uid_validity,
                ours,
                &asks_score,
                &referees,
                now,
            )
        }))
        .unwrap_or_else(|_| {
            tracing::warn!(uid, "a message could not be read; it was skipped");
            None
        });
        match heard {
            // The same reply twice in one look (a copy in the inbox) is stored once.
            Some(Found::Reply(r, _, _)) if !seen.insert(r.rfc_message_id.clone().unwrap()) => {}
            Some(f) => found.push(f),
            None => {}
        }
    }

    let txn = store.db().begin().await?;
    let mut report = ScanReport {
        from_start,
        ..Default::default()
    };
    for f in found {
        match f {
            Found::Reply(r, reading, from_wrote_to) => {
                let kind = r.kind.clone().unwrap();
                let referee_id = r.referee_id.clone().unwrap();
                let candidate_id = r.candidate_id.clone().unwrap();
                let received = r.received_at.clone().unwrap();
                let inserted = reply::Entity::insert(*r)
                    .on_conflict(
                        sea_orm::sea_query::OnConflict::column(reply::Column::RfcMessageId)
                            .do_nothing()
                            .to_owned(),
                    )
                    .try_insert()
                    .exec(&txn)
                    .await?;
                let sea_orm::TryInsertResult::Inserted(inserted) = inserted else {
                    continue;
                };
                report.stored += 1;
                if kind == ReplyKind::Reply {
                    report.replies += 1;
                    if let (Some(c), None) = (candidate_id, referee_id) {
                        privacy_request(
                            &txn,
                            PrivacyAsk {
                                reply_id: inserted.last_insert_id,
                                candidate_id: c,
                                reading,
                                received,
                            },
                            zone,
                            now,
                        )
                        .await?;
                    }
                    // A referee who answered is not chased again: only an answer from the
                    // referee's own address ends the chase (anyone can write "glowing").
                    if let (Some(id), true) = (referee_id, from_wrote_to) {
                        reminders::complete_from_in(
                            &txn,
                            &format!("referee:{id}"),
                            reminders::ReminderKind::ReferenceChase,
                            now,
                        )
                        .await?;
                    }
                }
            }
            Found::Bounce {
                message_id,
                diagnostic,
                at,
                proven: true,
            } => {
                if mark_bounced(&txn, message_id, &diagnostic, at).await? {
                    report.bounced += 1;
                }
            }
            Found::Bounce {
                message_id,
                diagnostic,
                proven: false,
                ..
            } => {
                may_not_have_arrived(&txn, message_id, &diagnostic).await?;
            }
        }
    }
    mailbox_state::Entity::insert(mailbox_state::ActiveModel {
        mailbox: Set(INBOX.into()),
        uid_validity: Set(i64::from(fetched.uid_validity)),
        last_uid: Set(i64::from(fetched.last_uid)),
        updated_at: Set(now),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::column(mailbox_state::Column::Mailbox)
            .update_columns([
                mailbox_state::Column::UidValidity,
                mailbox_state::Column::LastUid,
                mailbox_state::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(&txn)
    .await?;
    txn.commit().await?;
    tracing::info!(
        stored = report.stored,
        replies = report.replies,
        bounced = report.bounced,
        from_start,
        "inbox looked at"
    );
    Ok(report)
}

/// A person's request about their data, from a reply that reads as one.
struct PrivacyAsk {
    reply_id: i32,
    candidate_id: i32,
    reading: ReadsAs,
    received: DateTime<Utc>,
}

/// A reply that asks to erase their data, or for a copy of it, puts the request on Today as a
/// reminder due on its answer date (in the same transaction as the reply); erasing them or
/// exporting their data answers it.
async fn privacy_request<C: ConnectionTrait>(
    db: &C,
    ask: PrivacyAsk,
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<()> {
    let (what, asks) = match ask.reading {
        ReadsAs::Erase => ("to erase their data", "erase"),
        ReadsAs::Access => ("for a copy of their data", "access"),
        _ => return Ok(()),
    };
    let Some(c) = candidate::Entity::find_by_id(ask.candidate_id)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let by = crate::schedule::answer_by(ask.received, zone);
    reminders::insert_in(
        db,
        reminders::Planned {
            title: format!("Answer {}'s request {what}", c.full_name()),
            kind: reminders::ReminderKind::PrivacyRequest,
            candidate_id: Some(c.id),
            role_id: None,
            application_id: None,
            local: by.and_time(
                chrono::NaiveTime::from_hms_opt(
                    crate::schedule::MORNING.0,
                    crate::schedule::MORNING.1,
                    0,
                )
                .expect("valid"),
            ),
            tz: zone,
            source: format!("{asks}:reply:{}", ask.reply_id),
        },
        now,
    )
    .await?;
    Ok(())
}

/// A sent message did not arrive: it is `bounced`, with the server's words, on the
/// candidate's timeline; the promise of news it kept is open again. Once: a second report
/// about it changes nothing.
async fn mark_bounced<C: ConnectionTrait>(
    db: &C,
    id: i32,
    diagnostic: &str,
    at: DateTime<Utc>,
) -> Result<bool> {
    let moved = message::Entity::update_many()
        .col_expr(message::Column::Status, Expr::value(MessageStatus::Bounced))
        .col_expr(message::Column::LastError, Expr::value(diagnostic))
        .col_expr(message::Column::BouncedAt, Expr::value(at))
        .col_expr(message::Column::UpdatedAt, Expr::value(crate::clock::now()))
        .filter(message::Column::Id.eq(id))
        .filter(message::Column::Status.is_in([MessageStatus::Sent, MessageStatus::Unknown]))
        .exec(db)
        .await?;
    if moved.rows_affected == 0 {
        return Ok(false);
    }
    let m = message::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| CoreError::not_found("message", id))?;
    if let (Some(app), Some(sent)) = (m.application_id, m.sent_at) {
        // The promises this message kept when it went (kept in the same moment).
        reminder::Entity::update_many()
            .col_expr(
                reminder::Column::DoneAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                reminder::Column::UpdatedAt,
                Expr::value(crate::clock::now()),
            )
            .filter(reminder::Column::ApplicationId.eq(app))
            .filter(reminder::Column::Kind.eq(reminders::ReminderKind::PromisedFollowUp))
            .filter(reminder::Column::DoneAt.gte(sent - chrono::Duration::seconds(5)))
            .filter(reminder::Column::DoneAt.lte(sent + chrono::Duration::seconds(60)))
            .exec(db)
            .await?;
    }
    if let Some(c) = m.candidate_id {
        record(
            db,
            c,
            m.application_id,
            "bounced",
            format!(
                "“{}” to {} did not arrive. The server said: “{diagnostic}”",
                m.subject, m.to_address
            ),
        )
        .await?;
    }
    Ok(true)
}

/// A delivery report names the address of a message Kindly sent, but not the message: anyone
/// can write one, so the message stays as it is and no promise opens again; the timeline says
/// to check.
async fn may_not_have_arrived<C: ConnectionTrait>(db: &C, id: i32, diagnostic: &str) -> Result<()> {
    let Some(m) = message::Entity::find_by_id(id).one(db).await? else {
        return Ok(());
    };
    if let Some(c) = m.candidate_id {
        record(
            db,
            c,
            m.application_id,
            "bounce_unproven",
            format!(
                "A delivery report says mail to {} may not have arrived, but it names no message Kindly sent: check with them another way before you rely on it. It said: “{diagnostic}”",
                m.to_address
            ),
        )
        .await?;
    }
    Ok(())
}

/// An idle connection is re-issued after this long (servers may drop one after 29 minutes).
pub const IDLE_FOR: std::time::Duration = std::time::Duration::from_secs(28 * 60);

/// Wait until new mail arrives in the inbox (IDLE), at most `IDLE_FOR`. `NoIdle` when the
/// server cannot (or no IMAP server is set up): the caller looks again on a timer.
pub async fn wait_for_mail(store: &Store, keychain: &Keychain) -> Result<imap::Waited> {
    let Some(s) = mail::smtp_settings(store).await? else {
        return Ok(imap::Waited::NoIdle);
    };
    if s.imap_host.is_empty() {
        return Ok(imap::Waited::NoIdle);
    }
    let secret = mail::secret_for(keychain, &s, crate::secrets::Service::Imap, false).await?;
    let since = mailbox_state::Entity::find_by_id(INBOX.to_string())
        .one(store.db())
        .await?
        .map(|m| (m.uid_validity as u32, m.last_uid as u32));
    imap::wait_for_new(&s, secret.as_ref(), INBOX, since, IDLE_FOR).await
}

/// A reply as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Reply {
    pub id: i32,
    pub candidate_id: Option<i32>,
    /// Who wrote: the candidate, the referee, else the reply's From.
    pub name: String,
    pub from_address: String,
    pub subject: String,
    /// RFC 3339
    pub received_at: String,
    /// The day it arrived (`YYYY-MM-DD`, UTC): the date a consent it gives is recorded with.
    pub received_on: String,
    pub text: String,
    pub attachments: Vec<String>,
    pub read: bool,
    pub kind: ReplyKind,
    /// For a `score`: the number from 1 to 5.
    pub score: Option<i32>,
    /// What Kindly's message it answers was for (runner-up, offer, reference request…).
    pub answers: Option<Purpose>,
    pub application_id: Option<i32>,
    /// The reference it answers.
    pub referee_id: Option<i32>,
    /// It answers a message that asked to keep their details (runner-up, stay in touch,
    /// consent renewal): **Record consent** is offered.
    pub asks_consent: bool,
    /// How their words read: a yes is suggested first, a wish to be removed offers leaving
    /// the pool or erasure. Only a suggestion: nothing is recorded without the owner's click.
    pub reads_as: ReadsAs,
    /// Consent was recorded from this reply.
    pub consent_recorded: bool,
    /// The address Kindly wrote to, when the reply came from another one ("from another
    /// address: …"): consent from it, or an erasure, asks the owner to confirm it is theirs.
    pub wrote_to: Option<String>,
}

fn asks_consent(p: Option<Purpose>) -> bool {
    matches!(
        p,
        Some(Purpose::RunnerUp | Purpose::StayInTouch | Purpose::ConsentRenewal)
    )
}

async fn view(store: &Store, rows: Vec<reply::Model>) -> Result<Vec<Reply>> {
    use crate::store::entities::consent;
    let ids: Vec<i32> = rows.iter().filter_map(|r| r.candidate_id).collect();
    let names: HashMap<i32, String> = candidate::Entity::find()
        .filter(candidate::Column::Id.is_in(ids.clone()))
        .all(store.db())
        .await?
        .into_iter()
        .map(|c| (c.id, c.full_name()))
        .collect();
    let referee_names: HashMap<i32, String> = referee::Entity::find()
        .filter(referee::Column::Id.is_in(rows.iter().filter_map(|r| r.referee_id)))
        .all(store.db())
        .await?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
    type Answered = (Option<Purpose>, Option<i32>, String);
    let answered: HashMap<i32, Answered> = message::Entity::find()
        .filter(message::Column::Id.is_in(rows.iter().filter_map(|r| r.message_ref)))
        .select_only()
        .columns([
            message::Column::Id,
            message::Column::Purpose,
            message::Column::ApplicationId,
            message::Column::ToAddress,
        ])
        .into_tuple::<(i32, Option<Purpose>, Option<i32>, String)>()
        .all(store.db())
        .await?
        .into_iter()
        .map(|(id, p, a, to)| (id, (p, a, to)))
        .collect();
    let consent_from: HashSet<i32> = consent::Entity::find()
        .filter(consent::Column::CandidateId.is_in(ids))
        .all(store.db())
        .await?
        .into_iter()
        .filter_map(|c| c.notes.as_deref().and_then(reply_of_note))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let (answers, application_id, to) = r
                .message_ref
                .and_then(|m| answered.get(&m).cloned())
                .unwrap_or((None, None, String::new()));
            let wrote_to =
                (!to.is_empty() && !to.eq_ignore_ascii_case(&r.from_address)).then_some(to);
            let name = r
                .referee_id
                .and_then(|id| referee_names.get(&id).cloned())
                .or_else(|| r.candidate_id.and_then(|c| names.get(&c).cloned()))
                .unwrap_or_else(|| {
                    if r.from_name.is_empty() {
                        r.from_address.clone()
                    } else {
                        r.from_name.clone()
                    }
                });
            Reply {
                id: r.id,
                candidate_id: r.candidate_id,
                name,
                from_address: r.from_address,
                subject: r.subject,
                received_at: crate::clock::ts(r.received_at),
                received_on: r.received_at.date_naive().format("%Y-%m-%d").to_string(),
                reads_as: if r.kind == ReplyKind::Reply {
                    replies::reads_as(&r.text)
                } else {
                    ReadsAs::Other
                },
                text: r.text,
                attachments: serde_json::from_str(&r.attachments).unwrap_or_default(),
                read: r.read_at.is_some(),
                kind: r.kind,
                score: r.score,
                answers,
                application_id,
                referee_id: r.referee_id,
                asks_consent: r.kind == ReplyKind::Reply
                    && r.referee_id.is_none()
                    && asks_consent(answers),
                consent_recorded: consent_from.contains(&r.id),
                wrote_to,
            }
        })
        .collect())
}

/// The note a consent recorded from a reply carries, naming the reply.
fn consent_note(reply_id: i32, on: &str) -> String {
    format!("By email reply of {on} (reply {reply_id})")
}

fn reply_of_note(note: &str) -> Option<i32> {
    note.strip_prefix("By email reply of ")?
        .split_once("(reply ")?
        .1
        .strip_suffix(')')?
        .parse()
        .ok()
}

/// A candidate's replies (and their referees'), newest first.
pub async fn for_candidate(store: &Store, candidate_id: i32) -> Result<Vec<Reply>> {
    let rows = reply::Entity::find()
        .filter(reply::Column::CandidateId.eq(candidate_id))
        .order_by_desc(reply::Column::ReceivedAt)
        .order_by_desc(reply::Column::Id)
        .all(store.db())
        .await?;
    view(store, rows).await
}

/// Replies written by a person and not read yet, oldest first (Today's "Replies to read").
pub async fn unread(store: &Store) -> Result<Vec<Reply>> {
    let rows = reply::Entity::find()
        .filter(reply::Column::ReadAt.is_null())
        .filter(reply::Column::Kind.eq(ReplyKind::Reply))
        .order_by_asc(reply::Column::ReceivedAt)
        .all(store.db())
        .await?;
    view(store, rows).await
}

/// The owner has read it: it leaves Today.
pub async fn mark_read(store: &Store, id: i32) -> Result<()> {
    let r = reply::Entity::update_many()
        .col_expr(reply::Column::ReadAt, Expr::value(crate::clock::now()))
        .filter(reply::Column::Id.eq(id))
        .exec(store.db())
        .await?;
    if r.rows_affected == 0 {
        return Err(CoreError::not_found("reply", id));
    }
    Ok(())
}

/// **Record consent** from a reply that answers a request to keep their details: they join
/// the talent pool (or renew their consent) with the method "email reply" and the reply's
/// date. Only on the owner's click; the reply is then read.
pub async fn record_consent(
    store: &Store,
    reply_id: i32,
    time_zone: &str,
    sender_confirmed: bool,
    at: DateTime<Utc>,
) -> Result<pool::PoolMember> {
    let r = reply::Entity::find_by_id(reply_id)
        .one(store.db())
        .await?
        .ok_or_else(|| CoreError::not_found("reply", reply_id))?;
    let v = view(store, vec![r.clone()]).await?.remove(0);
    if let (Some(to), false) = (&v.wrote_to, sender_confirmed) {
        // Anyone can put a thread's headers on a message: consent from another address is
        // the owner's call, made knowingly.
        return Err(CoreError::conflict(
            "sender",
            format!(
                "this reply came from {}, not from {to}, the address you wrote to. Record their consent only if you know this address is theirs.",
                v.from_address
            ),
        ));
    }
    let candidate_id = match (v.asks_consent, v.candidate_id) {
        (true, Some(c)) => c,
        _ => {
            return Err(CoreError::invalid(
                "reply_id",
                "this reply does not answer a request to keep their details",
            ))
        }
    };
    if v.consent_recorded {
        return Err(CoreError::conflict(
            "reply_id",
            "consent was already recorded from this reply",
        ));
    }
    // The reply's date, never later than today (a sender's clock can run ahead).
    let on = r
        .received_at
        .min(at)
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let notes = consent_note(reply_id, &on);
    let member = match pool::member(store, candidate_id, at).await? {
        Some(_) => {
            pool::record_consent(
                store,
                pool::ConsentInput {
                    candidate_id,
                    application_id: None,
                    kind: crate::domain::states::ConsentKind::TalentPool,
                    given_on: on,
                    method: ConsentMethod::EmailReply,
                    notes,
                },
                at,
            )
            .await?;
            pool::member(store, candidate_id, at)
                .await?
                .ok_or_else(|| CoreError::not_found("pool member", candidate_id))?
        }
        None => {
            pool::add(
                store,
                pool::PoolInput {
                    candidate_id,
                    application_id: v.application_id,
                    given_on: on,
                    method: ConsentMethod::EmailReply,
                    notes,
                    time_zone: time_zone.to_string(),
                },
                at,
            )
            .await?
        }
    };
    mark_read(store, reply_id).await?;
    Ok(member)
}

/// The candidate's address bounced: when, and what the server said (the latest report about
/// a message to the address they have now).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct BouncedAddress {
    pub address: String,
    /// RFC 3339
    pub bounced_at: String,
    pub diagnostic: String,
}

pub async fn bounced_address(store: &Store, candidate_id: i32) -> Result<Option<BouncedAddress>> {
    let Some(c) = candidate::Entity::find_by_id(candidate_id)
        .one(store.db())
        .await?
    else {
        return Err(CoreError::not_found("candidate", candidate_id));
    };
    let m = message::Entity::find()
        .filter(message::Column::CandidateId.eq(candidate_id))
        .filter(message::Column::Status.eq(MessageStatus::Bounced))
        .order_by_desc(message::Column::BouncedAt)
        .all(store.db())
        .await?
        .into_iter()
        .find(|m| m.to_address.eq_ignore_ascii_case(&c.email));
    Ok(m.map(|m| BouncedAddress {
        address: m.to_address,
        bounced_at: crate::clock::ts(m.bounced_at.or(m.sent_at).unwrap_or(m.updated_at)),
        diagnostic: m.last_error.unwrap_or_default(),
    }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_consent_note_names_its_reply() {
        let n = super::consent_note(42, "2026-03-03");
        assert_eq!(super::reply_of_note(&n), Some(42));
        assert_eq!(super::reply_of_note("Said yes on the phone"), None);
    }
}
