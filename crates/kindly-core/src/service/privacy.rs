//! The owner's duties to the people in Kindly: keep their details only as long as needed
//! (a retention list the owner reviews; nothing is deleted without them), erase a candidate
//! completely, and give a candidate everything held about them.

use super::{candidates, ledger, now, record, settings, ts};
use crate::domain::states::MessageStatus;
use crate::domain::{validate, Stage};
use crate::error::{CoreError, ErrorCode, Result};
use crate::store::entities::{
    activity, application, background_check, candidate, consent, erasure, interview, message,
    offer, pool_member, referee, reminder, reply, retention_hold, role,
};
use crate::store::Store;
use chrono::{DateTime, Months, NaiveDate, Utc};
use sea_orm::sea_query::ExprTrait;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait,
    QueryFilter, QueryOrder, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use specta::Type;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RetentionStatus {
    /// Past the retention period: review and erase, or keep longer with a reason.
    Due,
    /// Due within the grace period.
    Upcoming,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RetentionItem {
    pub candidate_id: i32,
    pub candidate_name: String,
    /// "Rejected for Barista", "Withdrawn from Cook"…
    pub why: String,
    /// `YYYY-MM-DD`: the final decision (or when they were added, with no application).
    pub decided_on: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    pub status: RetentionStatus,
    /// Set when the owner chose to keep them longer.
    pub hold_reason: Option<String>,
}

/// Candidates due (or nearly due) for deletion: not hired, no open application, not in the
/// talent pool with consent; the final decision older than the retention period, or kept
/// longer until the date the owner chose.
pub async fn retention_list(store: &Store, at: DateTime<Utc>) -> Result<Vec<RetentionItem>> {
    let desk = settings::desk(store).await?;
    let today = at.date_naive();
    let horizon = today + chrono::Days::new(desk.retention_grace_days.into());
    let apps = application::Entity::find().all(store.db()).await?;
    let mut by_candidate: HashMap<i32, Vec<application::Model>> = HashMap::new();
    for a in apps {
        by_candidate.entry(a.candidate_id).or_default().push(a);
    }
    let roles: HashMap<i32, String> = role::Entity::find()
        .all(store.db())
        .await?
        .into_iter()
        .map(|r| (r.id, r.title))
        .collect();
    let mut holds: HashMap<i32, retention_hold::Model> = HashMap::new();
    for h in retention_hold::Entity::find()
        .order_by_asc(retention_hold::Column::Id)
        .all(store.db())
        .await?
    {
        holds.insert(h.candidate_id, h);
    }
    let pool: HashMap<i32, pool_member::Model> = pool_member::Entity::find()
        .filter(pool_member::Column::LeftAt.is_null())
        .all(store.db())
        .await?
        .into_iter()
        .map(|m| (m.candidate_id, m))
        .collect();
    // The latest talent-pool consent of every pool member, read once.
    let consent_ends: HashMap<i32, Option<NaiveDate>> =
        super::pool::pool_consents(store.db(), pool.keys().copied().collect())
            .await?
            .into_iter()
            .map(|(id, c)| (id, c.expires_on))
            .collect();
    let mut out = vec![];
    for c in candidate::Entity::find().all(store.db()).await? {
        let apps = by_candidate.remove(&c.id).unwrap_or_default();
        let mut stages = vec![];
        for a in &apps {
            stages.push(a.stage);
        }
        if stages.iter().any(|s| s.is_open() && *s != Stage::Hired)
            || stages.contains(&Stage::Hired)
        {
            continue;
        }
        let consent_end = pool
            .contains_key(&c.id)
            .then(|| consent_ends.get(&c.id).copied().flatten())
            .flatten();
        if consent_end.is_some_and(|end| end >= today) {
            continue;
        }
        let last = apps.iter().max_by_key(|a| a.stage_changed_at);
        let decided: NaiveDate = last
            .map_or(c.created_at, |a| a.stage_changed_at)
            .date_naive();
        let why = match last {
            Some(a) => format!(
                "{} for {}",
                a.stage.label(),
                roles.get(&a.role_id).cloned().unwrap_or_default()
            ),
            None => "Never put forward for a role".into(),
        };
        let mut due = decided
            .checked_add_months(Months::new(desk.retention_months))
            .unwrap_or(decided);
        // A talent-pool member whose consent ended is due from the end of that consent.
        if let Some(end) = consent_end {
            due = Ord::max(due, end);
        }
        let hold = holds.get(&c.id);
        if let Some(h) = hold {
            due = Ord::max(due, h.until);
        }
        if due > horizon {
            continue;
        }
        out.push(RetentionItem {
            candidate_id: c.id,
            candidate_name: c.full_name(),
            why,
            decided_on: decided.format("%Y-%m-%d").to_string(),
            due_on: due.format("%Y-%m-%d").to_string(),
            status: if due <= today {
                RetentionStatus::Due
            } else {
                RetentionStatus::Upcoming
            },
            hold_reason: hold.filter(|h| h.until >= due).map(|h| h.reason.clone()),
        });
    }
    out.sort_by(|a, b| {
        a.due_on
            .cmp(&b.due_on)
            .then(a.candidate_name.cmp(&b.candidate_name))
    });
    Ok(out)
}

/// Keep someone's details longer than the policy, until a date, for a recorded reason.
pub async fn keep_longer(
    store: &Store,
    candidate_id: i32,
    until: &str,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    let until = validate::date("until", until)?;
    if until <= at.date_naive() {
        return Err(CoreError::invalid("until", "must be after today"));
    }
    let reason = validate::optional_line("reason", reason, 300)?.ok_or_else(|| {
        CoreError::invalid("reason", "say why they are kept longer; it is recorded")
    })?;
    let txn = store.db().begin().await?;
    candidate::Entity::find_by_id(candidate_id)
        .one(&txn)
        .await?
        .ok_or_else(|| CoreError::not_found("candidate", candidate_id))?;
    retention_hold::ActiveModel {
        candidate_id: Set(candidate_id),
        until: Set(until),
        reason: Set(reason.clone()),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    record(
        &txn,
        candidate_id,
        None,
        "retention_hold",
        format!("Kept until {}: {reason}", until.format("%-d %B %Y")),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Erase a candidate: every trace of their personal data goes in one transaction (profile,
/// applications, interviews, messages, references and their notes, reminders, consents,
/// timeline). What remains is a count for the figures and a line in the erasure ledger (their
/// id and a salted hash of their email), so a restored backup or an import cannot bring them
/// back unnoticed. On SQLite the freed pages are overwritten (`secure_delete`) and the
/// write-ahead log is emptied.
pub async fn erase(store: &Store, candidate_id: i32, at: DateTime<Utc>) -> Result<()> {
    let txn = store.db().begin().await?;
    erase_in(&txn, candidate_id, at, true).await?;
    txn.commit().await?;
    checkpoint(store).await?;
    tracing::info!(candidate_id, "candidate erased");
    Ok(())
}

/// The erasure inside a transaction; `ledger` writes its line (a re-applied erasure has one).
async fn erase_in<C: ConnectionTrait>(
    txn: &C,
    candidate_id: i32,
    at: DateTime<Utc>,
    ledger: bool,
) -> Result<()> {
    let person = candidate::Entity::find_by_id(candidate_id)
        .one(txn)
        .await?
        .ok_or_else(|| CoreError::not_found("candidate", candidate_id))?;
    let sending = message::Entity::find()
        .filter(message::Column::CandidateId.eq(candidate_id))
        .filter(message::Column::Status.eq(MessageStatus::Sending))
        .one(txn)
        .await?;
    if sending.is_some() {
        return Err(CoreError::conflict(
            "candidate_id",
            "a message to them is being sent right now; try again in a minute",
        ));
    }
    let apps = application::Entity::find()
        .filter(application::Column::CandidateId.eq(candidate_id))
        .all(txn)
        .await?;
    if ledger {
        let sent = message::Entity::find()
            .filter(message::Column::CandidateId.eq(candidate_id))
            .filter(message::Column::Status.eq(MessageStatus::Sent))
            .all(txn)
            .await?
            .len();
        erasure::ActiveModel {
            erased_at: Set(at),
            applications: Set(apps.len() as i32),
            final_stages: Set(serde_json::to_string(
                &apps.iter().map(|a| a.stage).collect::<Vec<_>>(),
            )
            .unwrap_or_else(|_| "[]".into())),
            messages_sent: Set(sent as i32),
            candidate_id: Set(Some(candidate_id)),
            email_hash: Set(Some(ledger::email_hash(txn, &person.email).await?)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    // Reminders that name them in their title but hang off an application only.
    let app_ids: Vec<i32> = apps.iter().map(|a| a.id).collect();
    reminder::Entity::delete_many()
        .filter(
            reminder::Column::CandidateId
                .eq(candidate_id)
                .or(reminder::Column::ApplicationId.is_in(app_ids)),
        )
        .exec(txn)
        .await?;
    // Their replies from the inbox.
    reply::Entity::delete_many()
        .filter(reply::Column::CandidateId.eq(candidate_id))
        .exec(txn)
        .await?;
    // The rest goes with the candidate (foreign keys cascade). A database that refuses the
    // delete (a trigger that ignores it) must not report an erasure that did not happen.
    let gone = candidate::Entity::delete_by_id(candidate_id)
        .exec(txn)
        .await?;
    if gone.rows_affected != 1 {
        return Err(CoreError::new(
            ErrorCode::Database,
            "The database did not delete this person's details; nothing was erased. Restore a backup Kindly made, or ask for help.",
        ));
    }
    Ok(())
}

/// Empty SQLite's write-ahead log, so erased pages are gone from it too. A reader holding the
/// log makes the checkpoint "busy": it is tried again for a few seconds, then reported.
async fn checkpoint(store: &Store) -> Result<()> {
    if store.backend() != DatabaseBackend::Sqlite {
        return Ok(());
    }
    for attempt in 0..20 {
        let row = store
            .db()
            .query_one_raw(sea_orm::Statement::from_string(
                DatabaseBackend::Sqlite,
                "PRAGMA wal_checkpoint(TRUNCATE)",
            ))
            .await?;
        let busy: i32 = row
            .as_ref()
            .and_then(|r| r.try_get_by_index::<i32>(0).ok())
            .unwrap_or(1);
        if busy == 0 {
            return Ok(());
        }
        tracing::debug!(attempt, "write-ahead log busy; checkpoint again");
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    Err(CoreError::new(
        ErrorCode::Database,
        "The person was erased, but the database's write-ahead log could not be emptied yet (something else is reading it). Kindly empties it at the next start.",
    ))
}

/// Carry the erasure ledger into another database (a restored backup) and erase again
/// everyone in it that the ledger names: the ledger and its salt replace the other's, since
/// this one is the newer record. Returns how many people were erased again.
pub async fn reapply_ledger(from: &Store, into: &Store) -> Result<u32> {
    use crate::store::entities::setting;
    let rows = erasure::Entity::find().all(from.db()).await?;
    let salt = ledger::salt(from.db()).await?;
    let txn = into.db().begin().await?;
    let theirs_salt = ledger::stored_salt(&txn).await?;
    // Their own ledger lines stay when they were written with the same salt (a backup of this
    // same database); lines from another salt cannot be read and are replaced.
    let keep_theirs = theirs_salt.as_deref() == Some(salt.as_str());
    let theirs = erasure::Entity::find().all(&txn).await?;
    erasure::Entity::delete_many().exec(&txn).await?;
    setting::Entity::delete_by_id(ledger::SALT_KEY.to_string())
        .exec(&txn)
        .await?;
    setting::ActiveModel {
        key: Set(ledger::SALT_KEY.to_string()),
        value: Set(salt.clone()),
        updated_at: Set(now()),
    }
    .insert(&txn)
    .await?;
    let mut seen = std::collections::HashSet::new();
    let mut hashes = std::collections::HashSet::new();
    let lines = rows
        .into_iter()
        .chain(theirs.into_iter().filter(|_| keep_theirs));
    for e in lines {
        let key = (e.erased_at, e.candidate_id, e.email_hash.clone());
        if !seen.insert(key) {
            continue;
        }
        if let Some(h) = &e.email_hash {
            hashes.insert(h.clone());
        }
        erasure::ActiveModel {
            erased_at: Set(e.erased_at),
            applications: Set(e.applications),
            final_stages: Set(e.final_stages),
            messages_sent: Set(e.messages_sent),
            candidate_id: Set(e.candidate_id),
            email_hash: Set(e.email_hash),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let mut again = 0u32;
    if !hashes.is_empty() {
        let people = candidate::Entity::find().all(&txn).await?;
        for p in people {
            if hashes.contains(&ledger::hash_with(&salt, &p.email)) {
                erase_in(&txn, p.id, now(), false).await?;
                again += 1;
            }
        }
    }
    txn.commit().await?;
    if again > 0 {
        checkpoint(into).await?;
        tracing::info!(count = again, "erased again after a restore");
    }
    Ok(again)
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// What stands in for a referee's words when they are left out of an access export.
pub const WITHHELD: &str =
    "Withheld: given in confidence as a reference (the confidential-references exemption).";

/// Everything Kindly holds about one candidate, as data. What referees said is included only
/// when the owner chooses: it was given in confidence, and a confidential reference may be
/// left out of an answer to an access request.
pub async fn access_data(
    store: &Store,
    candidate_id: i32,
    include_references: bool,
) -> Result<Value> {
    let detail = candidates::get(store, candidate_id).await?;
    let app_ids: Vec<i32> = detail.applications.iter().map(|a| a.id).collect();
    let db = store.db();
    let messages: Vec<Value> = message::Entity::find()
        .filter(message::Column::CandidateId.eq(candidate_id))
        .order_by_asc(message::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            json!({ "to": m.to_address, "to_name": m.to_name, "subject": m.subject, "body": m.body,
                    "status": m.status, "created_at": ts(m.created_at), "sent_at": m.sent_at.map(ts) })
        })
        .collect();
    let interviews: Vec<Value> = interview::Entity::find()
        .filter(interview::Column::ApplicationId.is_in(app_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|i| json!({ "application_id": i.application_id, "held_on": i.held_on.to_string(), "notes": i.notes }))
        .collect();
    let offers: Vec<Value> = offer::Entity::find()
        .filter(offer::Column::ApplicationId.is_in(app_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| json!({ "application_id": o.application_id, "terms": o.terms, "start_date": o.start_date.to_string(),
                         "expires_on": o.expires_on.to_string(), "status": o.status, "reason": o.reason }))
        .collect();
    let references: Vec<Value> = referee::Entity::find()
        .filter(referee::Column::ApplicationId.is_in(app_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            if include_references {
                json!({ "name": r.name, "relationship": r.relationship, "company": r.company,
                        "technical_rating": r.technical_rating, "technical_notes": r.technical_notes,
                        "interpersonal_rating": r.interpersonal_rating, "interpersonal_notes": r.interpersonal_notes,
                        "strengths": r.strengths, "growth": r.growth, "work_again": r.work_again,
                        "concerns": r.concerns, "call_notes": r.call_notes })
            } else {
                json!({ "name": r.name, "relationship": r.relationship, "company": r.company,
                        "what_they_said": WITHHELD })
            }
        })
        .collect();
    let checks: Vec<Value> = background_check::Entity::find()
        .filter(background_check::Column::ApplicationId.is_in(app_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| json!({ "provider": c.provider, "status": c.status, "requested_on": c.requested_on.map(|d| d.to_string()),
                         "completed_on": c.completed_on.map(|d| d.to_string()), "notes": c.notes }))
        .collect();
    let consents: Vec<Value> = consent::Entity::find()
        .filter(consent::Column::CandidateId.eq(candidate_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| {
            json!({ "kind": c.kind, "given_on": c.given_on.to_string(), "method": c.method,
                         "expires_on": c.expires_on.map(|d| d.to_string()), "notes": c.notes })
        })
        .collect();
    let reminders: Vec<Value> = reminder::Entity::find()
        .filter(reminder::Column::CandidateId.eq(candidate_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| json!({ "title": r.title, "kind": r.kind, "due": r.due_local, "done_at": r.done_at.map(ts) }))
        .collect();
    let timeline: Vec<Value> = activity::Entity::find()
        .filter(activity::Column::CandidateId.eq(candidate_id))
        .order_by_asc(activity::Column::At)
        .all(db)
        .await?
        .into_iter()
        .map(|a| json!({ "at": ts(a.at), "what": a.summary }))
        .collect();
    Ok(json!({
        "candidate": serde_json::to_value(&detail.candidate).unwrap_or(Value::Null),
        "applications": serde_json::to_value(&detail.applications).unwrap_or(Value::Null),
        "interviews": interviews,
        "messages": messages,
        "offers": offers,
        "references": references,
        "background_checks": checks,
        "consents": consents,
        "reminders": reminders,
        "timeline": timeline,
        "exported_at": ts(now()),
    }))
}

/// A readable page of the same data: a heading per section, a table per list.
fn html(data: &Value) -> String {
    let c = &data["candidate"];
    let name = format!(
        "{} {}",
        c["first_name"].as_str().unwrap_or(""),
        c["last_name"].as_str().unwrap_or("")
    );
    let mut out = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>What we hold about {0}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:860px;margin:2em auto;line-height:1.45}}\
         table{{border-collapse:collapse;width:100%;margin-bottom:1.5em}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;white-space:pre-wrap}}</style>\
         </head><body><h1>What we hold about {0}</h1><p>Exported {1}.</p>",
        esc(name.trim()),
        esc(data["exported_at"].as_str().unwrap_or(""))
    );
    let section = |title: &str, v: &Value| -> String {
        let rows: Vec<&serde_json::Map<String, Value>> = match v {
            Value::Array(a) => a.iter().filter_map(|x| x.as_object()).collect(),
            Value::Object(o) => vec![o],
            _ => vec![],
        };
        let mut s = format!("<h2>{}</h2>", esc(title));
        if rows.is_empty() {
            return s + "<p>None.</p>";
        }
        let keys: Vec<&String> = rows[0].keys().collect();
        s += "<table><tr>";
        for k in &keys {
            s += &format!("<th>{}</th>", esc(&k.replace('_', " ")));
        }
        s += "</tr>";
        for r in rows {
            s += "<tr>";
            for k in &keys {
                let cell = match r.get(*k) {
                    Some(Value::String(t)) => t.clone(),
                    Some(Value::Null) | None => String::new(),
                    Some(other) => other.to_string(),
                };
                s += &format!("<td>{}</td>", esc(&cell));
            }
            s += "</tr>";
        }
        s + "</table>"
    };
    for (title, key) in [
        ("Your details", "candidate"),
        ("Applications", "applications"),
        ("Interviews", "interviews"),
        ("Messages", "messages"),
        ("Offers", "offers"),
        ("References", "references"),
        ("Background checks", "background_checks"),
        ("Consents", "consents"),
        ("Reminders", "reminders"),
        ("History", "timeline"),
    ] {
        out += &section(title, &data[key]);
    }
    out + "</body></html>"
}

/// Write the access-request export (a readable HTML page and a JSON file, zipped) to `path`.
pub async fn export_access(
    store: &Store,
    candidate_id: i32,
    include_references: bool,
    path: &Path,
) -> Result<()> {
    let data = access_data(store, candidate_id, include_references).await?;
    let json = serde_json::to_string_pretty(&data).unwrap_or_default();
    crate::file::write_with(path, |f| {
        let zipped = |e: zip::result::ZipError| std::io::Error::other(e.to_string());
        let mut z = zip::ZipWriter::new(f);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("index.html", opts).map_err(zipped)?;
        z.write_all(html(&data).as_bytes())?;
        z.start_file("data.json", opts).map_err(zipped)?;
        z.write_all(json.as_bytes())?;
        z.finish().map_err(zipped)?;
        Ok(())
    })?;
    answer_access_requests(store, candidate_id).await
}

/// Their data went out: the requests for a copy of it (from their replies) are answered.
async fn answer_access_requests(store: &Store, candidate_id: i32) -> Result<()> {
    use crate::store::entities::reminder;
    use sea_orm::sea_query::Expr;
    let at = crate::clock::now();
    reminder::Entity::update_many()
        .col_expr(reminder::Column::DoneAt, Expr::value(at))
        .col_expr(reminder::Column::UpdatedAt, Expr::value(at))
        .filter(reminder::Column::CandidateId.eq(candidate_id))
        .filter(reminder::Column::Kind.eq(super::reminders::ReminderKind::PrivacyRequest))
        .filter(reminder::Column::Source.starts_with("access:"))
        .filter(reminder::Column::DoneAt.is_null())
        .exec(store.db())
        .await?;
    Ok(())
}

/// For the figures: how many candidates were erased.
pub async fn erased_count<C: ConnectionTrait>(db: &C) -> Result<u64> {
    use sea_orm::PaginatorTrait;
    Ok(erasure::Entity::find().count(db).await?)
}
