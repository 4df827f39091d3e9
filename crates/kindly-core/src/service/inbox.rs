//! Hearing back: replies from the owner's inbox to the conversations Kindly started. A message
//! is Kindly's when its `In-Reply-To` / `References` name a Message-ID Kindly sent, or when it
//! comes from someone Kindly wrote to in the last 60 days. Only those are fetched whole and
//! stored (the text without the quoted history, attachment names only); the rest of the
//! owner's mail is looked at by its headers and never stored or logged.

use super::mail;
use crate::error::Result;
use crate::mail::outbox::MessageStatus;
use crate::secrets::Keychain;
use crate::store::entities::{mailbox_state, message, reply};
use crate::store::Store;
use chrono::{DateTime, Utc};
use mail_parser::{Message, MessageParser, MimeHeaders};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, TransactionTrait,
};
use serde::Serialize;
use specta::Type;
use std::collections::{HashMap, HashSet};

const INBOX: &str = "INBOX";
/// How long after Kindly wrote to someone a message from them counts as a reply.
const REPLY_DAYS: i64 = 60;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
pub struct ScanReport {
    /// Replies stored by this look (none twice).
    pub stored: u32,
    /// Whether the mailbox was read from its start (first look, or its UIDVALIDITY changed).
    pub from_start: bool,
}

/// A Message-ID without its angle brackets, as mail-parser gives them.
fn bare(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string()
}

/// What Kindly sent that a reply could answer: its Message-IDs, and whom it wrote to lately.
struct Ours {
    ids: HashMap<String, (i32, Option<i32>)>,
    people: HashMap<String, (i32, Option<i32>)>,
}

impl Ours {
    async fn load(store: &Store, now: DateTime<Utc>) -> Result<Ours> {
        let sent = message::Entity::find()
            .filter(message::Column::Status.is_in([MessageStatus::Sent, MessageStatus::Unknown]))
            .select_only()
            .columns([
                message::Column::Id,
                message::Column::MessageId,
                message::Column::CandidateId,
                message::Column::ToAddress,
                message::Column::SentAt,
            ])
            .into_tuple::<(i32, String, Option<i32>, String, Option<DateTime<Utc>>)>()
            .all(store.db())
            .await?;
        let recent = now - chrono::Duration::days(REPLY_DAYS);
        let mut ours = Ours {
            ids: HashMap::new(),
            people: HashMap::new(),
        };
        for (id, mid, cand, to, at) in sent {
            ours.ids.insert(bare(&mid), (id, cand));
            if at.is_some_and(|t| t >= recent) {
                ours.people.insert(to.to_lowercase(), (id, cand));
            }
        }
        Ok(ours)
    }

    /// The message of Kindly's this answers (and its candidate), if it is a reply.
    fn answered(&self, m: &Message) -> Option<(i32, Option<i32>)> {
        let named = [m.in_reply_to(), m.references()]
            .into_iter()
            .flat_map(|h| {
                h.as_text_list()
                    .map(|l| l.iter().map(|x| x.to_string()).collect::<Vec<_>>())
                    .or_else(|| h.as_text().map(|t| vec![t.to_string()]))
                    .unwrap_or_default()
            })
            .find_map(|id| self.ids.get(&bare(&id)).copied());
        named.or_else(|| {
            let from = m.from()?.first()?.address()?.to_lowercase();
            self.people.get(&from).copied()
        })
    }
}

/// The reply's own words: the lines before the quoted history ("On … wrote:", "> …", an
/// "Original Message" line), trimmed.
pub fn without_quote(text: &str) -> String {
    let mut kept = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        let starts_quote = t.starts_with('>')
            || (t.starts_with("On ") && t.ends_with("wrote:"))
            || t.starts_with("-----Original Message-----")
            || t.starts_with("________________________________");
        if starts_quote {
            break;
        }
        kept.push(line.trim_end());
    }
    kept.join("\n").trim().to_string()
}

/// Look at the inbox for new replies, store them with how far it has read, in one
/// transaction: after a restart or a kill, no reply is lost or stored twice. `None` while no
/// IMAP server is set up.
pub async fn scan(store: &Store, keychain: &Keychain) -> Result<Option<ScanReport>> {
    let Some(s) = mail::smtp_settings(store).await? else {
        return Ok(None);
    };
    if s.imap_host.is_empty() {
        return Ok(None);
    }
    let secret = mail::secret_for(keychain, &s, false).await?;
    let now = crate::clock::now();
    let ours = Ours::load(store, now).await?;
    let since = mailbox_state::Entity::find_by_id(INBOX.to_string())
        .one(store.db())
        .await?
        .map(|m| (m.uid_validity as u32, m.last_uid as u32));
    let parser = MessageParser::default();
    let fetched = crate::mail::imap::fetch_new(&s, secret.as_ref(), INBOX, since, |head| {
        parser
            .parse_headers(head)
            .is_some_and(|m| ours.answered(&m).is_some())
    })
    .await?;
    let from_start = since.is_none_or(|(v, _)| v != fetched.uid_validity);
    let mut seen = HashSet::new();
    let mut rows = Vec::new();
    for (uid, raw) in &fetched.wanted {
        let Some(m) = parser.parse(raw.as_slice()) else {
            continue;
        };
        let Some((message_ref, candidate_id)) = ours.answered(&m) else {
            continue;
        };
        let rfc_id = m
            .message_id()
            .map(bare)
            .unwrap_or_else(|| format!("uid-{}-{uid}@{INBOX}", fetched.uid_validity));
        if !seen.insert(rfc_id.clone()) {
            continue;
        }
        let from = m.from().and_then(|a| a.first());
        let attachments: Vec<String> = m
            .attachments()
            .filter_map(|a| a.attachment_name().map(str::to_string))
            .collect();
        rows.push(reply::ActiveModel {
            message_ref: Set(Some(message_ref)),
            candidate_id: Set(candidate_id),
            rfc_message_id: Set(rfc_id),
            from_address: Set(from
                .and_then(|a| a.address())
                .unwrap_or_default()
                .to_lowercase()),
            from_name: Set(from.and_then(|a| a.name()).unwrap_or_default().to_string()),
            subject: Set(m.subject().unwrap_or_default().to_string()),
            received_at: Set(m
                .date()
                .and_then(|d| DateTime::from_timestamp(d.to_timestamp(), 0))
                .unwrap_or(now)),
            text: Set(without_quote(&m.body_text(0).unwrap_or_default())),
            attachments: Set(serde_json::to_string(&attachments).unwrap_or_else(|_| "[]".into())),
            read_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        });
    }
    let txn = store.db().begin().await?;
    let mut stored = 0;
    for r in rows {
        let inserted = reply::Entity::insert(r)
            .on_conflict(
                sea_orm::sea_query::OnConflict::column(reply::Column::RfcMessageId)
                    .do_nothing()
                    .to_owned(),
            )
            .try_insert()
            .exec(&txn)
            .await?;
        if matches!(inserted, sea_orm::TryInsertResult::Inserted(_)) {
            stored += 1;
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
    tracing::info!(stored, from_start, "inbox looked at");
    Ok(Some(ScanReport { stored, from_start }))
}

/// A reply as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Reply {
    pub id: i32,
    pub candidate_id: Option<i32>,
    /// Their name, for lists (from the candidate, else the reply's From).
    pub name: String,
    pub from_address: String,
    pub subject: String,
    /// RFC 3339
    pub received_at: String,
    pub text: String,
    pub attachments: Vec<String>,
    pub read: bool,
}

async fn view(store: &Store, rows: Vec<reply::Model>) -> Result<Vec<Reply>> {
    use crate::store::entities::candidate;
    let ids: Vec<i32> = rows.iter().filter_map(|r| r.candidate_id).collect();
    let names: HashMap<i32, String> = candidate::Entity::find()
        .filter(candidate::Column::Id.is_in(ids))
        .all(store.db())
        .await?
        .into_iter()
        .map(|c| (c.id, c.full_name()))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| Reply {
            id: r.id,
            candidate_id: r.candidate_id,
            name: r
                .candidate_id
                .and_then(|c| names.get(&c).cloned())
                .unwrap_or_else(|| {
                    if r.from_name.is_empty() {
                        r.from_address.clone()
                    } else {
                        r.from_name.clone()
                    }
                }),
            from_address: r.from_address,
            subject: r.subject,
            received_at: crate::clock::ts(r.received_at),
            text: r.text,
            attachments: serde_json::from_str(&r.attachments).unwrap_or_default(),
            read: r.read_at.is_some(),
        })
        .collect())
}

/// A candidate's replies, newest first.
pub async fn for_candidate(store: &Store, candidate_id: i32) -> Result<Vec<Reply>> {
    use sea_orm::QueryOrder;
    let rows = reply::Entity::find()
        .filter(reply::Column::CandidateId.eq(candidate_id))
        .order_by_desc(reply::Column::ReceivedAt)
        .all(store.db())
        .await?;
    view(store, rows).await
}

/// Replies not read yet, oldest first (Today's "Replies to read").
pub async fn unread(store: &Store) -> Result<Vec<Reply>> {
    use sea_orm::QueryOrder;
    let rows = reply::Entity::find()
        .filter(reply::Column::ReadAt.is_null())
        .order_by_asc(reply::Column::ReceivedAt)
        .all(store.db())
        .await?;
    view(store, rows).await
}

/// The owner has read it: it leaves Today.
pub async fn mark_read(store: &Store, id: i32) -> Result<()> {
    use sea_orm::sea_query::Expr;
    let r = reply::Entity::update_many()
        .col_expr(reply::Column::ReadAt, Expr::value(crate::clock::now()))
        .filter(reply::Column::Id.eq(id))
        .exec(store.db())
        .await?;
    if r.rows_affected == 0 {
        return Err(crate::error::CoreError::not_found("reply", id));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_quoted_history_is_left_out() {
        let text = "Yes, please keep my details.\n\nThanks,\nAna\n\nOn Mon, 2 Mar 2026, Maria wrote:\n> Hi Ana,\n> would you like to stay in touch?";
        assert_eq!(
            super::without_quote(text),
            "Yes, please keep my details.\n\nThanks,\nAna"
        );
        assert_eq!(super::without_quote("> only a quote"), "");
    }
}
