//! Candidates in and out as CSV. Import reads what spreadsheets and other hiring tools write
//! (UTF-8 with or without BOM, UTF-16, Windows-1252; comma, semicolon or tab; quoted fields
//! with line breaks), maps columns from their headers (the owner can correct it), reports
//! every bad row with its line and reason, and writes in one transaction. Export writes what
//! import reads back unchanged.

use super::candidates::{self, CandidateInput};
use super::{now, record, tags_from_json, tags_to_json};
use crate::domain::csv::{delimiter_name, parse, Parsed};
pub use crate::domain::csv::{detect, stage_from, Field};
use crate::domain::states::MessageStatus;
use crate::domain::{RoleStatus, Stage};
use crate::error::{CoreError, ErrorCode, Result};
use crate::store::entities::{application, candidate, message, role};
use crate::store::Store;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

/// One row as it will be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ImportRow {
    /// The line in the file where the row starts.
    pub line: u32,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub location: String,
    pub source: String,
    pub tags: Vec<String>,
    pub notes: String,
    pub role: Option<String>,
    pub stage: Option<Stage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RowProblem {
    pub line: u32,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ImportPreview {
    pub encoding: String,
    /// "comma", "semicolon" or "tab".
    pub delimiter: String,
    pub headers: Vec<String>,
    pub mapping: Vec<Option<Field>>,
    /// The first rows as they will be imported.
    pub sample: Vec<ImportRow>,
    /// Rows with data (the header not counted).
    pub total: u32,
    pub problems: Vec<RowProblem>,
    /// Rows whose email already belongs to a candidate in Kindly.
    pub duplicates: u32,
    /// Rows of people erased from Kindly earlier: the import leaves them out (add one by hand
    /// if they came back to you themselves).
    pub erased_earlier: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OnDuplicate {
    /// Leave the candidate already in Kindly as they are.
    Skip,
    /// Fill in what they lack and add the role, keeping what is there.
    Merge,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ImportOptions {
    pub mapping: Vec<Option<Field>>,
    pub on_duplicate: OnDuplicate,
    /// Import the good rows when some are bad (otherwise nothing is imported).
    pub good_rows_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ImportReport {
    pub created: u32,
    pub merged: u32,
    pub skipped: u32,
    pub bad_rows: u32,
    pub roles_created: u32,
    /// Rows left out because the person was erased earlier.
    pub erased_earlier: u32,
}

fn value<'a>(rec: &'a [String], mapping: &[Option<Field>], f: Field) -> &'a str {
    mapping
        .iter()
        .position(|m| *m == Some(f))
        .and_then(|i| rec.get(i))
        .map(String::as_str)
        .unwrap_or("")
}

/// Map one record to a row, or say what is wrong with it.
fn row(
    line: u32,
    rec: &[String],
    mapping: &[Option<Field>],
) -> std::result::Result<ImportRow, String> {
    let v = |f| value(rec, mapping, f).to_string();
    let (mut first, mut last) = (v(Field::FirstName), v(Field::LastName));
    if first.is_empty() && last.is_empty() {
        let full = v(Field::Name);
        match full.rsplit_once(' ') {
            Some((f, l)) => (first, last) = (f.trim().into(), l.trim().into()),
            None => first = full,
        }
    }
    let tags: Vec<String> = v(Field::Tags)
        .split([',', ';'])
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let input = CandidateInput {
        first_name: first.clone(),
        last_name: last.clone(),
        email: v(Field::Email),
        phone: v(Field::Phone),
        location: v(Field::Location),
        source: v(Field::Source),
        tags: tags.clone(),
        notes: v(Field::Notes),
        version: None,
    };
    candidates::clean(&input).map_err(|e| e.message)?;
    let role = Some(v(Field::Role)).filter(|r| !r.is_empty());
    let stage_text = v(Field::Stage);
    let stage = if stage_text.is_empty() {
        None
    } else {
        Some(stage_from(&stage_text).ok_or_else(|| {
            format!("stage: '{stage_text}' is not a stage Kindly knows (applied, interviewing, interviewed, finalist, offer, hired, rejected, withdrawn)")
        })?)
    };
    if stage.is_some() && role.is_none() {
        return Err("stage: a stage needs the role it is for".into());
    }
    Ok(ImportRow {
        line,
        first_name: input.first_name,
        last_name: input.last_name,
        email: input.email.trim().to_string(),
        phone: input.phone,
        location: input.location,
        source: input.source,
        tags,
        notes: input.notes,
        role,
        stage,
    })
}

/// Every row checked: the good ones, and each bad one with its line and reason. The same
/// email twice in the file is one candidate (in several roles), unless the role repeats.
fn rows(p: &Parsed, mapping: &[Option<Field>]) -> Result<(Vec<ImportRow>, Vec<RowProblem>)> {
    if !mapping.contains(&Some(Field::Email)) {
        return Err(CoreError::invalid(
            "mapping",
            "choose the column that holds the email address",
        ));
    }
    if !mapping.contains(&Some(Field::FirstName)) && !mapping.contains(&Some(Field::Name)) {
        return Err(CoreError::invalid(
            "mapping",
            "choose the column that holds the first name (or the full name)",
        ));
    }
    let mut good = vec![];
    let mut bad = vec![];
    let mut seen: HashMap<(String, Option<String>), u32> = HashMap::new();
    for (line, rec) in &p.records {
        match row(*line, rec, mapping) {
            Ok(r) => {
                let key = (
                    r.email.to_lowercase(),
                    r.role.as_ref().map(|x| x.to_lowercase()),
                );
                if let Some(first) = seen.get(&key) {
                    bad.push(RowProblem {
                        line: *line,
                        reason: format!("email: '{}' is already on line {first}", r.email),
                    });
                } else {
                    seen.insert(key, *line);
                    good.push(r);
                }
            }
            Err(reason) => bad.push(RowProblem {
                line: *line,
                reason,
            }),
        }
    }
    Ok((good, bad))
}

/// Read a file and show what importing it would do (nothing is written).
pub async fn preview(
    store: &Store,
    bytes: &[u8],
    mapping: Option<Vec<Option<Field>>>,
) -> Result<ImportPreview> {
    let p = parse(bytes)?;
    let mapping = match mapping {
        Some(m) if m.len() == p.headers.len() => m,
        Some(_) => {
            return Err(CoreError::invalid(
                "mapping",
                "the file's columns changed; choose the columns again",
            ))
        }
        None => detect(&p.headers),
    };
    if p.headers.len() < 2 && !mapping.contains(&Some(Field::Email)) {
        return Err(CoreError::invalid(
            "file",
            "this does not look like a CSV file of candidates: no columns were found",
        ));
    }
    let (good, problems) = rows(&p, &mapping)?;
    let existing: std::collections::HashSet<String> = candidate::Entity::find()
        .select_only()
        .column(candidate::Column::EmailNorm)
        .into_tuple::<String>()
        .all(store.db())
        .await?
        .into_iter()
        .collect();
    let duplicates = good
        .iter()
        .filter(|r| existing.contains(&r.email.to_lowercase()))
        .count() as u32;
    let ledger = super::ledger::ledger_hashes(store.db()).await?;
    let erased_earlier = good
        .iter()
        .filter(|r| {
            !existing.contains(&r.email.to_lowercase())
                && super::ledger::in_ledger(&ledger, &r.email)
        })
        .count() as u32;
    Ok(ImportPreview {
        encoding: p.encoding.into(),
        delimiter: delimiter_name(p.delimiter).into(),
        headers: p.headers.clone(),
        mapping,
        sample: good.iter().take(10).cloned().collect(),
        total: p.records.len() as u32,
        problems,
        duplicates,
        erased_earlier,
    })
}

/// Import in one transaction: all of it, or nothing (a failure or a cancel leaves the
/// database as it was). `progress(done, total)` is called as rows are written.
pub async fn import(
    store: &Store,
    bytes: &[u8],
    opts: ImportOptions,
    progress: &(dyn Fn(u32, u32) + Send + Sync),
    cancel: &AtomicBool,
) -> Result<ImportReport> {
    let p = parse(bytes)?;
    if opts.mapping.len() != p.headers.len() {
        return Err(CoreError::invalid(
            "mapping",
            "the file's columns changed; choose the columns again",
        ));
    }
    let (good, bad) = rows(&p, &opts.mapping)?;
    if !bad.is_empty() && !opts.good_rows_only {
        return Err(CoreError::invalid(
            "file",
            format!(
                "{} row{} have problems (the first: line {}, {}); import the good rows or fix the file",
                bad.len(),
                if bad.len() == 1 { "" } else { "s" },
                bad[0].line,
                bad[0].reason
            ),
        ));
    }
    let total = good.len() as u32;
    let txn = store.db().begin().await?;
    let mut roles: HashMap<String, i32> = role::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|r| (r.title.to_lowercase(), r.id))
        .collect();
    let mut people: HashMap<String, candidate::Model> = candidate::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|c| (c.email_norm.clone(), c))
        .collect();
    let mut in_role: std::collections::HashSet<(i32, i32)> = application::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|a| (a.candidate_id, a.role_id))
        .collect();
    let mut report = ImportReport {
        created: 0,
        merged: 0,
        skipped: 0,
        bad_rows: bad.len() as u32,
        roles_created: 0,
        erased_earlier: 0,
    };
    let ledger = super::ledger::ledger_hashes(&txn).await?;
    // New people and their applications are written in batches after the rows are read: a
    // candidate created by this import is known by their address until then, and their later
    // rows add roles, not duplicates.
    let mut new_people: Vec<(String, candidate::ActiveModel)> = Vec::new();
    let mut created_here: std::collections::HashSet<String> = Default::default();
    let mut new_apps: Vec<(Who, i32, Stage, String)> = Vec::new();
    let mut new_pairs: std::collections::HashSet<(String, i32)> = Default::default();
    let t = now();
    for (i, r) in good.iter().enumerate() {
        if i % 200 == 0 {
            if cancel.load(Ordering::Relaxed) {
                txn.rollback().await?;
                return Err(CoreError::new(
                    ErrorCode::Cancelled,
                    "The import was cancelled; nothing was imported.",
                ));
            }
            // Reading is half the work; writing the batches is the other half.
            progress(i as u32 / 2, total);
        }
        let norm = r.email.to_lowercase();
        let who = if created_here.contains(&norm) {
            Who::New(norm.clone())
        } else {
            match people.get(&norm).cloned() {
                Some(existing) => match opts.on_duplicate {
                    OnDuplicate::Skip => {
                        report.skipped += 1;
                        continue;
                    }
                    OnDuplicate::Merge => {
                        let mut am: candidate::ActiveModel = existing.clone().into();
                        let fill = |old: &Option<String>, new: &str| {
                            old.clone()
                                .filter(|o| !o.is_empty())
                                .or_else(|| Some(new.to_string()).filter(|n| !n.is_empty()))
                        };
                        am.phone = Set(fill(&existing.phone, &r.phone));
                        am.location = Set(fill(&existing.location, &r.location));
                        am.source = Set(fill(&existing.source, &r.source));
                        am.notes = Set(fill(&existing.notes, &r.notes));
                        let mut tags = tags_from_json(&existing.tags);
                        for tg in &r.tags {
                            if !tags.iter().any(|x| x.eq_ignore_ascii_case(tg)) {
                                tags.push(tg.clone());
                            }
                        }
                        am.tags = Set(tags_to_json(&tags));
                        am.updated_at = Set(t);
                        // An open form on this person meets the merge as a change, not over it.
                        am.version = Set(existing.version + 1);
                        am.updated_by = Set(crate::desktop::name());
                        let m = am.update(&txn).await?;
                        record(&txn, m.id, None, "imported", "Merged from an import".into())
                            .await?;
                        report.merged += 1;
                        people.insert(norm.clone(), m.clone());
                        Who::Existing(m.id)
                    }
                },
                None if super::ledger::in_ledger(&ledger, &r.email) => {
                    report.erased_earlier += 1;
                    continue;
                }
                None => {
                    let clean = candidates::clean(&CandidateInput {
                        first_name: r.first_name.clone(),
                        last_name: r.last_name.clone(),
                        email: r.email.clone(),
                        phone: r.phone.clone(),
                        location: r.location.clone(),
                        source: r.source.clone(),
                        tags: r.tags.clone(),
                        notes: r.notes.clone(),
                        version: None,
                    })?;
                    new_people.push((clean.email_norm(), clean.new_row(t)));
                    report.created += 1;
                    created_here.insert(norm.clone());
                    Who::New(norm.clone())
                }
            }
        };
        if let Some(title) = &r.role {
            let role_id = match roles.get(&title.to_lowercase()) {
                Some(id) => *id,
                None => {
                    let m = role::ActiveModel {
                        title: Set(title.clone()),
                        department: Set(None),
                        location: Set(None),
                        tags: Set("[]".into()),
                        status: Set(RoleStatus::Open),
                        opened_on: Set(t.date_naive()),
                        created_at: Set(t),
                        updated_at: Set(t),
                        ..Default::default()
                    }
                    .insert(&txn)
                    .await?;
                    report.roles_created += 1;
                    roles.insert(title.to_lowercase(), m.id);
                    m.id
                }
            };
            let fresh = match &who {
                Who::Existing(id) => in_role.insert((*id, role_id)),
                Who::New(n) => new_pairs.insert((n.clone(), role_id)),
            };
            if fresh {
                let stage = r.stage.unwrap_or(Stage::Applied);
                new_apps.push((who, role_id, stage, title.clone()));
            }
        }
    }
    let ids = insert_people(&txn, new_people, t, &|done| {
        progress(total / 2 + done.min(total) / 2, total)
    })
    .await?;
    insert_applications(&txn, new_apps, &ids, t).await?;
    if cancel.load(Ordering::Relaxed) {
        txn.rollback().await?;
        return Err(CoreError::new(
            ErrorCode::Cancelled,
            "The import was cancelled; nothing was imported.",
        ));
    }
    txn.commit().await?;
    progress(total, total);
    Ok(report)
}

/// A person an imported row is about: already in Kindly, or created by this import (known by
/// their address until written).
enum Who {
    Existing(i32),
    New(String),
}

/// Rows per INSERT statement when an import writes in batches.
const BATCH: usize = 500;

/// Write the people an import creates, in batches, each with its "Imported" timeline entry.
/// Returns their ids by address.
async fn insert_people<C: sea_orm::ConnectionTrait>(
    txn: &C,
    people: Vec<(String, candidate::ActiveModel)>,
    t: chrono::DateTime<chrono::Utc>,
    written: &(dyn Fn(u32) + Send + Sync),
) -> Result<HashMap<String, i32>> {
    use sea_orm::sea_query::Query;
    use sea_orm::QueryTrait;
    let mut ids = HashMap::with_capacity(people.len());
    let mut it = people.into_iter().peekable();
    while it.peek().is_some() {
        let rows: Vec<candidate::ActiveModel> = it.by_ref().take(BATCH).map(|(_, m)| m).collect();
        // RETURNING the address with the id: the order RETURNING gives rows in is not promised.
        let mut q = candidate::Entity::insert_many(rows).into_query();
        q.returning(
            Query::returning().columns([candidate::Column::Id, candidate::Column::EmailNorm]),
        );
        let st = txn.get_database_backend().build(&q);
        let mut batch = Vec::with_capacity(BATCH);
        for row in txn.query_all_raw(st).await? {
            let id: i32 = row.try_get("", "id")?;
            ids.insert(row.try_get::<String>("", "email_norm")?, id);
            batch.push(activity_row(
                id,
                None,
                "imported",
                "Imported from a CSV file".into(),
                t,
            ));
        }
        crate::store::entities::activity::Entity::insert_many(batch)
            .exec(txn)
            .await?;
        written(ids.len() as u32);
    }
    Ok(ids)
}

/// Write the applications an import creates, in batches, each with its timeline entry.
async fn insert_applications<C: sea_orm::ConnectionTrait>(
    txn: &C,
    apps: Vec<(Who, i32, Stage, String)>,
    ids: &HashMap<String, i32>,
    t: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    use sea_orm::sea_query::Query;
    use sea_orm::QueryTrait;
    let mut it = apps.into_iter().peekable();
    while it.peek().is_some() {
        let chunk: Vec<(i32, i32, Stage, String)> = it
            .by_ref()
            .take(BATCH)
            .map(|(who, role_id, stage, title)| {
                let cid = match who {
                    Who::Existing(id) => id,
                    Who::New(n) => ids[&n],
                };
                (cid, role_id, stage, title)
            })
            .collect();
        let rows = chunk
            .iter()
            .map(|(cid, role_id, stage, _)| application::ActiveModel {
                candidate_id: Set(*cid),
                role_id: Set(*role_id),
                stage: Set(*stage),
                place: Set(None),
                stage_changed_at: Set(t),
                decision_reason: Set(None),
                created_at: Set(t),
                updated_at: Set(t),
                ..Default::default()
            });
        let mut q = application::Entity::insert_many(rows).into_query();
        q.returning(Query::returning().columns([
            application::Column::Id,
            application::Column::CandidateId,
            application::Column::RoleId,
        ]));
        let st = txn.get_database_backend().build(&q);
        let mut made: HashMap<(i32, i32), i32> = HashMap::with_capacity(chunk.len());
        for row in txn.query_all_raw(st).await? {
            made.insert(
                (
                    row.try_get("", "candidate_id")?,
                    row.try_get("", "role_id")?,
                ),
                row.try_get("", "id")?,
            );
        }
        let entries = chunk.into_iter().map(|(cid, role_id, stage, title)| {
            activity_row(
                cid,
                Some(made[&(cid, role_id)]),
                "application_created",
                format!("Imported as {} for {title}", stage.label()),
                t,
            )
        });
        crate::store::entities::activity::Entity::insert_many(entries)
            .exec(txn)
            .await?;
    }
    Ok(())
}

fn activity_row(
    candidate_id: i32,
    application_id: Option<i32>,
    kind: &str,
    summary: String,
    t: chrono::DateTime<chrono::Utc>,
) -> crate::store::entities::activity::ActiveModel {
    crate::store::entities::activity::ActiveModel {
        candidate_id: Set(candidate_id),
        application_id: Set(application_id),
        kind: Set(kind.to_string()),
        summary: Set(summary),
        at: Set(t),
        actor: Set(crate::desktop::name()),
        ..Default::default()
    }
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(vec![])
}

/// Write one row, each cell guarded so a spreadsheet never runs it as a formula.
fn write_row<I, T>(w: &mut csv::Writer<Vec<u8>>, row: I) -> csv::Result<()>
where
    I: IntoIterator<Item = T>,
    T: AsRef<str>,
{
    w.write_record(
        row.into_iter()
            .map(|c| crate::domain::csv::guarded(c.as_ref()).into_owned()),
    )
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<String> {
    let bytes = w
        .into_inner()
        .map_err(|e| CoreError::new(ErrorCode::Io, format!("could not write the CSV: {e}")))?;
    Ok(String::from_utf8(bytes).unwrap_or_default())
}

fn io(e: csv::Error) -> CoreError {
    CoreError::new(ErrorCode::Io, format!("could not write the CSV: {e}"))
}

/// Candidates with their roles and stages: one row per application (one row without a role
/// for someone in none). Import reads it back to the same candidates, roles and stages.
pub async fn export_candidates(store: &Store) -> Result<String> {
    let roles: HashMap<i32, String> = role::Entity::find()
        .all(store.db())
        .await?
        .into_iter()
        .map(|r| (r.id, r.title))
        .collect();
    let mut apps: HashMap<i32, Vec<application::Model>> = HashMap::new();
    for a in application::Entity::find()
        .order_by_asc(application::Column::Id)
        .all(store.db())
        .await?
    {
        apps.entry(a.candidate_id).or_default().push(a);
    }
    let mut w = writer();
    write_row(
        &mut w,
        [
            "First name",
            "Last name",
            "Email",
            "Phone",
            "Location",
            "Source",
            "Tags",
            "Notes",
            "Role",
            "Stage",
        ],
    )
    .map_err(io)?;
    for c in candidate::Entity::find()
        .order_by_asc(candidate::Column::Id)
        .all(store.db())
        .await?
    {
        let base = [
            c.first_name.clone(),
            c.last_name.clone(),
            c.email.clone(),
            c.phone.clone().unwrap_or_default(),
            c.location.clone().unwrap_or_default(),
            c.source.clone().unwrap_or_default(),
            tags_from_json(&c.tags).join(", "),
            c.notes.clone().unwrap_or_default(),
        ];
        let mine = apps.remove(&c.id).unwrap_or_default();
        if mine.is_empty() {
            let mut row = base.to_vec();
            row.extend([String::new(), String::new()]);
            write_row(&mut w, &row).map_err(io)?;
        }
        for a in mine {
            let mut row = base.to_vec();
            row.push(roles.get(&a.role_id).cloned().unwrap_or_default());
            row.push(a.stage.label().to_string());
            write_row(&mut w, &row).map_err(io)?;
        }
    }
    finish(w)
}

/// Applications: who, which role, where they are, their place, since when.
pub async fn export_applications(store: &Store) -> Result<String> {
    let roles: HashMap<i32, String> = role::Entity::find()
        .all(store.db())
        .await?
        .into_iter()
        .map(|r| (r.id, r.title))
        .collect();
    let people: HashMap<i32, candidate::Model> = candidate::Entity::find()
        .all(store.db())
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut w = writer();
    write_row(
        &mut w,
        [
            "Email",
            "First name",
            "Last name",
            "Role",
            "Stage",
            "Place",
            "Since",
            "Reason",
        ],
    )
    .map_err(io)?;
    for a in application::Entity::find()
        .order_by_asc(application::Column::Id)
        .all(store.db())
        .await?
    {
        let Some(c) = people.get(&a.candidate_id) else {
            continue;
        };
        write_row(
            &mut w,
            [
                c.email.clone(),
                c.first_name.clone(),
                c.last_name.clone(),
                roles.get(&a.role_id).cloned().unwrap_or_default(),
                a.stage.label().to_string(),
                a.place.map(|p| p.to_string()).unwrap_or_default(),
                super::ts(a.stage_changed_at),
                a.decision_reason.clone().unwrap_or_default(),
            ],
        )
        .map_err(io)?;
    }
    finish(w)
}

/// The message log: every message, newest last.
pub async fn export_messages(store: &Store) -> Result<String> {
    let mut w = writer();
    write_row(
        &mut w,
        ["To", "Email", "Subject", "Status", "Queued", "Sent", "Body"],
    )
    .map_err(io)?;
    for m in message::Entity::find()
        .filter(message::Column::Status.ne(MessageStatus::Cancelled))
        .order_by_asc(message::Column::Id)
        .all(store.db())
        .await?
    {
        write_row(
            &mut w,
            [
                m.to_name,
                m.to_address,
                m.subject,
                m.status.to_string(),
                super::ts(m.created_at),
                m.sent_at.map(super::ts).unwrap_or_default(),
                m.body,
            ],
        )
        .map_err(io)?;
    }
    finish(w)
}

/// Write text to `path` through a `.part` file, so a crash never leaves half a file.
pub fn write_file(path: &std::path::Path, text: &str) -> Result<()> {
    crate::file::write_atomically(path, text.as_bytes())
}
