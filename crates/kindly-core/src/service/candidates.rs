//! Candidates: the people. Create, edit, delete, look one up with their applications and
//! timeline, and list them a page at a time (search, filter by role and stage, sort).

use super::application_view::{self, ApplicationView};
use super::{now, record, tags_from_json, tags_to_json, ts, Activity};
use crate::domain::{validate, Stage};
use crate::error::{CoreError, ErrorCode, Result};
use crate::store::entities::{activity, application, candidate, role};
use crate::store::Store;
use sea_orm::sea_query::{LikeExpr, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Candidate {
    pub id: i32,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub location: Option<String>,
    pub source: Option<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Goes up with every change; an edit names the one it started from.
    pub version: i32,
    /// Who changed it last, on a team ("Sam").
    pub updated_by: Option<String>,
}

/// What the candidate form sends. Blank optional text means none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CandidateInput {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub location: String,
    pub source: String,
    pub tags: Vec<String>,
    pub notes: String,
    /// The version the edit started from: if someone changed the candidate since, the save is
    /// a `conflict` on `version` and nothing is written. None (an import) skips the check.
    #[serde(default)]
    pub version: Option<i32>,
}

/// A save that met someone else's change, taken again on top of it: their change where only
/// they changed a field, the owner's where the owner did.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct Reapplied {
    /// The candidate as it is now, with the owner's edits on top, based on today's version.
    pub input: CandidateInput,
    /// The candidate as it is now: what the form compares against from here on.
    pub base: CandidateInput,
    /// Fields both changed; the owner's edit is kept in `input`.
    pub both_changed: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CandidateSort {
    /// Last name, then first name.
    #[default]
    Name,
    /// Most recently added first.
    Newest,
    /// Most recently changed first.
    Updated,
}

/// One page of the candidate list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct CandidateQuery {
    /// Words that must all appear in the name or email (any case).
    pub search: Option<String>,
    pub role_id: Option<i32>,
    pub stage: Option<Stage>,
    pub sort: CandidateSort,
    pub offset: u32,
    /// At most 500; 0 means 100.
    pub limit: u32,
}

/// A candidate's application as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ApplicationBrief {
    pub application_id: i32,
    pub role_id: i32,
    pub role_title: String,
    pub stage: Stage,
    pub place: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CandidateRow {
    pub id: i32,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub location: Option<String>,
    pub tags: Vec<String>,
    pub applications: Vec<ApplicationBrief>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct CandidatePage {
    /// How many candidates match, on every page.
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<CandidateRow>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct CandidateDetail {
    pub candidate: Candidate,
    pub applications: Vec<ApplicationView>,
    /// Newest first.
    pub timeline: Vec<Activity>,
    /// The file name the access export is offered under ("Ana Lopez - what we hold.zip"),
    /// safe to put in a save dialog whatever the name holds.
    pub export_file_name: String,
}

pub const MAX_PAGE: u32 = 500;

pub(crate) struct Clean {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub location: Option<String>,
    pub source: Option<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
}

impl Clean {
    pub fn email_norm(&self) -> String {
        self.email.to_lowercase()
    }
    pub fn search_key(&self) -> String {
        search_key(&self.first_name, &self.last_name, &self.email)
    }
    /// The row for a new candidate, created at `t`.
    pub fn new_row(&self, t: chrono::DateTime<chrono::Utc>) -> candidate::ActiveModel {
        candidate::ActiveModel {
            first_name: Set(self.first_name.clone()),
            last_name: Set(self.last_name.clone()),
            email: Set(self.email.clone()),
            email_norm: Set(self.email_norm()),
            phone: Set(self.phone.clone()),
            location: Set(self.location.clone()),
            source: Set(self.source.clone()),
            tags: Set(tags_to_json(&self.tags)),
            notes: Set(self.notes.clone()),
            search_key: Set(self.search_key()),
            created_at: Set(t),
            updated_at: Set(t),
            updated_by: Set(crate::desktop::name()),
            ..Default::default()
        }
    }
}

pub fn search_key(first: &str, last: &str, email: &str) -> String {
    format!("{first} {last} {email}").to_lowercase()
}

pub(crate) fn clean(i: &CandidateInput) -> Result<Clean> {
    Ok(Clean {
        first_name: validate::required_line("first_name", &i.first_name, 100)?,
        last_name: validate::optional_line("last_name", &i.last_name, 100)?.unwrap_or_default(),
        email: validate::email("email", &i.email)?,
        phone: validate::phone("phone", &i.phone)?,
        location: validate::optional_line("location", &i.location, 120)?,
        source: validate::optional_line("source", &i.source, 80)?,
        tags: validate::tags("tags", &i.tags)?,
        notes: validate::optional_text("notes", &i.notes, 20_000)?,
    })
}

impl From<candidate::Model> for Candidate {
    fn from(m: candidate::Model) -> Self {
        Candidate {
            id: m.id,
            first_name: m.first_name,
            last_name: m.last_name,
            email: m.email,
            phone: m.phone,
            location: m.location,
            source: m.source,
            tags: tags_from_json(&m.tags),
            notes: m.notes,
            created_at: ts(m.created_at),
            updated_at: ts(m.updated_at),
            version: m.version,
            updated_by: m.updated_by,
        }
    }
}

impl Candidate {
    /// The form's input for this candidate as it is, based on its version.
    pub fn as_input(&self) -> CandidateInput {
        CandidateInput {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone().unwrap_or_default(),
            location: self.location.clone().unwrap_or_default(),
            source: self.source.clone().unwrap_or_default(),
            tags: self.tags.clone(),
            notes: self.notes.clone().unwrap_or_default(),
            version: Some(self.version),
        }
    }
}

async fn email_taken<C: ConnectionTrait>(db: &C, norm: &str, except: Option<i32>) -> Result<()> {
    let mut q = candidate::Entity::find().filter(candidate::Column::EmailNorm.eq(norm));
    if let Some(id) = except {
        q = q.filter(candidate::Column::Id.ne(id));
    }
    if let Some(other) = q.one(db).await? {
        return Err(CoreError::conflict(
            "email",
            format!(
                "'{}' already belongs to {} {}",
                other.email, other.first_name, other.last_name
            )
            .trim_end()
            .to_string(),
        ));
    }
    Ok(())
}

/// Add a candidate. Someone erased earlier (their email is in the erasure ledger) is refused
/// with `needs_confirmation` on `email`, unless `re_add_erased`: the owner was told and
/// decided they came back (a new application, say); their timeline says so.
pub async fn create(store: &Store, input: CandidateInput) -> Result<Candidate> {
    create_checked(store, input, false).await
}

/// `create`, with the owner's answer about a person erased earlier.
pub async fn create_checked(
    store: &Store,
    input: CandidateInput,
    re_add_erased: bool,
) -> Result<Candidate> {
    let c = clean(&input)?;
    let txn = store.db().begin().await?;
    email_taken(&txn, &c.email_norm(), None).await?;
    let erased = super::ledger::erased_earlier(&txn, &c.email).await?;
    if let (Some(when), false) = (erased, re_add_erased) {
        return Err(CoreError {
            code: ErrorCode::NeedsConfirmation,
            field: Some("email".into()),
            message: format!(
                "Someone with this email was erased from Kindly on {}, at their request or under your retention policy. Add them again only if they came back to you themselves (a new application, say).",
                when.format("%-d %B %Y")
            ),
        });
    }
    let m = c.new_row(now()).insert(&txn).await?;
    record(
        &txn,
        m.id,
        None,
        "candidate_created",
        if erased.is_some() {
            "Added to Kindly again: someone with this email was erased earlier, and you chose to add them".into()
        } else {
            "Added to Kindly".into()
        },
    )
    .await?;
    txn.commit().await?;
    tracing::info!(candidate_id = m.id, "candidate created");
    Ok(m.into())
}

/// Save an edit. When `input.version` is given and someone changed the candidate since (another
/// window, another desktop), nothing is written: the error is a `conflict` on `version` that
/// says who changed what, and [`reapply`] puts the edit on top of their change.
pub async fn update(store: &Store, id: i32, input: CandidateInput) -> Result<Candidate> {
    let c = clean(&input)?;
    let txn = store.db().begin().await?;
    let old = candidate::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| CoreError::not_found("candidate", id))?;
    if let Some(base) = input.version.filter(|v| *v != old.version) {
        let e = changed_since(&txn, &old, base).await?;
        txn.rollback().await?;
        return Err(e);
    }
    email_taken(&txn, &c.email_norm(), Some(id)).await?;
    let new_tags = tags_to_json(&c.tags);
    let changed = changed_fields(&old, &c, &new_tags);
    if changed.is_empty() {
        txn.rollback().await?;
        return Ok(old.into());
    }
    // Written only over the version read: on a server another desktop may have saved between
    // the read and this write, and its save is not overwritten.
    use sea_orm::sea_query::{Expr, ExprTrait};
    let res = candidate::Entity::update_many()
        .col_expr(
            candidate::Column::FirstName,
            Expr::value(c.first_name.clone()),
        )
        .col_expr(
            candidate::Column::LastName,
            Expr::value(c.last_name.clone()),
        )
        .col_expr(candidate::Column::Email, Expr::value(c.email.clone()))
        .col_expr(candidate::Column::EmailNorm, Expr::value(c.email_norm()))
        .col_expr(candidate::Column::Phone, Expr::value(c.phone.clone()))
        .col_expr(candidate::Column::Location, Expr::value(c.location.clone()))
        .col_expr(candidate::Column::Source, Expr::value(c.source.clone()))
        .col_expr(candidate::Column::Tags, Expr::value(new_tags))
        .col_expr(candidate::Column::Notes, Expr::value(c.notes.clone()))
        .col_expr(candidate::Column::SearchKey, Expr::value(c.search_key()))
        .col_expr(candidate::Column::UpdatedAt, Expr::value(now()))
        .col_expr(
            candidate::Column::UpdatedBy,
            Expr::value(crate::desktop::name()),
        )
        .col_expr(
            candidate::Column::Version,
            Expr::col(candidate::Column::Version).add(1),
        )
        .filter(candidate::Column::Id.eq(id))
        .filter(candidate::Column::Version.eq(old.version))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        txn.rollback().await?;
        let now_row = candidate::Entity::find_by_id(id)
            .one(store.db())
            .await?
            .ok_or_else(|| CoreError::not_found("candidate", id))?;
        return Err(changed_since(store.db(), &now_row, old.version).await?);
    }
    record(
        &txn,
        id,
        None,
        "candidate_updated",
        format!("Updated {}", changed.join(", ")),
    )
    .await?;
    let m = candidate::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| CoreError::not_found("candidate", id))?;
    txn.commit().await?;
    Ok(m.into())
}

/// The fields an edit changes, as the timeline names them.
fn changed_fields(old: &candidate::Model, c: &Clean, new_tags: &str) -> Vec<&'static str> {
    let mut changed: Vec<&str> = Vec::new();
    if old.first_name != c.first_name || old.last_name != c.last_name {
        changed.push("name");
    }
    if old.email != c.email {
        changed.push("email");
    }
    if old.phone != c.phone {
        changed.push("phone");
    }
    if old.location != c.location {
        changed.push("location");
    }
    if old.source != c.source {
        changed.push("source");
    }
    if old.tags != new_tags {
        changed.push("tags");
    }
    if old.notes != c.notes {
        changed.push("notes");
    }
    changed
}

/// The conflict an edit based on version `base` meets: who changed the candidate since, and
/// what (from the timeline entries of the changes it missed).
async fn changed_since<C: ConnectionTrait>(
    db: &C,
    now_row: &candidate::Model,
    base: i32,
) -> Result<CoreError> {
    let missed = u64::try_from((now_row.version - base).clamp(1, 20)).unwrap_or(1);
    let entries = activity::Entity::find()
        .filter(activity::Column::CandidateId.eq(now_row.id))
        .filter(activity::Column::Kind.eq("candidate_updated"))
        .order_by_desc(activity::Column::Id)
        .limit(missed)
        .all(db)
        .await?;
    let mut what: Vec<String> = Vec::new();
    for e in &entries {
        for f in e.summary.trim_start_matches("Updated ").split(", ") {
            if !what.iter().any(|w| w == f) {
                what.push(f.to_string());
            }
        }
    }
    let who = now_row
        .updated_by
        .clone()
        .or_else(|| entries.iter().find_map(|e| e.actor.clone()));
    let what = if what.is_empty() {
        String::new()
    } else {
        format!(" ({})", what.join(", "))
    };
    let message = match who {
        Some(who) => format!(
            "{who} changed this candidate{what} after you opened it. Reload to see their change; your edits are kept to check and save again."
        ),
        None => format!(
            "This candidate was changed{what} in another window after you opened it. Reload to see that change; your edits are kept to check and save again."
        ),
    };
    Ok(CoreError {
        code: ErrorCode::Conflict,
        field: Some("version".into()),
        message,
    })
}

/// For a form open on a candidate since `version`: if someone changed them since (another
/// desktop of the team), what the conflict on saving would say; none while it is current.
pub async fn changed_since_version(store: &Store, id: i32, version: i32) -> Result<Option<String>> {
    let now_row = candidate::Entity::find_by_id(id)
        .one(store.db())
        .await?
        .ok_or_else(|| CoreError::not_found("candidate", id))?;
    if now_row.version == version {
        return Ok(None);
    }
    Ok(Some(
        changed_since(store.db(), &now_row, version).await?.message,
    ))
}

/// Take an edit that met a conflict again, on top of the candidate as it is now: each field the
/// owner changed (from `base`, what the form started from) keeps the owner's value; every other
/// field takes the newer one. Nothing is saved: the form shows the result to check and save.
pub async fn reapply(
    store: &Store,
    id: i32,
    base: CandidateInput,
    mine: CandidateInput,
) -> Result<Reapplied> {
    let now_row = candidate::Entity::find_by_id(id)
        .one(store.db())
        .await?
        .ok_or_else(|| CoreError::not_found("candidate", id))?;
    let theirs = Candidate::from(now_row).as_input();
    let mut out = theirs.clone();
    let mut both = Vec::new();
    macro_rules! field {
        ($f:ident) => {
            if mine.$f != base.$f {
                if theirs.$f != base.$f && theirs.$f != mine.$f {
                    both.push(stringify!($f).to_string());
                }
                out.$f = mine.$f.clone();
            }
        };
    }
    field!(first_name);
    field!(last_name);
    field!(email);
    field!(phone);
    field!(location);
    field!(source);
    field!(tags);
    field!(notes);
    Ok(Reapplied {
        input: out,
        base: theirs,
        both_changed: both,
    })
}

/// Delete a candidate with their applications, interviews and timeline.
pub async fn delete(store: &Store, id: i32) -> Result<()> {
    let res = candidate::Entity::delete_by_id(id).exec(store.db()).await?;
    if res.rows_affected == 0 {
        return Err(CoreError::not_found("candidate", id));
    }
    tracing::info!(candidate_id = id, "candidate deleted");
    Ok(())
}

pub async fn get(store: &Store, id: i32) -> Result<CandidateDetail> {
    let m = candidate::Entity::find_by_id(id)
        .one(store.db())
        .await?
        .ok_or_else(|| CoreError::not_found("candidate", id))?;
    let apps = application_view::for_candidate(store, id).await?;
    let timeline = activity::Entity::find()
        .filter(activity::Column::CandidateId.eq(id))
        .order_by_desc(activity::Column::At)
        .order_by_desc(activity::Column::Id)
        .all(store.db())
        .await?
        .into_iter()
        .map(Activity::from)
        .collect();
    let export_file_name = crate::file::safe_name(
        &format!("{} {} - what we hold", m.first_name, m.last_name),
        "zip",
    );
    Ok(CandidateDetail {
        candidate: m.into(),
        applications: apps,
        timeline,
        export_file_name,
    })
}

/// `%word%` with the LIKE wildcards in the word taken literally.
fn like_contains(word: &str) -> LikeExpr {
    let escaped = word
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// How a search is answered. Each word must appear in the name or address. First the index
/// is asked which candidates have the words it can take (SQLite's FTS5 trigram index: words of
/// three letters or more; PostgreSQL's `pg_trgm` index, which serves `LIKE`: every word), at
/// most `BROAD` of them. When fewer have them, the page and its count read only those rows,
/// and the index is not asked again. What nearly everyone has ("@example", "com") is cheaper to
/// match by reading the table once: that search is `LIKE '%word%'` for every word.
#[derive(Debug, Clone, Default)]
pub struct SearchPlan {
    /// The words `ids` was found by.
    pub indexed: Vec<String>,
    /// Every candidate who has all the indexed words, when fewer than `BROAD` do.
    pub ids: Option<Vec<i32>>,
    backend: Option<sea_orm::DatabaseBackend>,
}

/// Words the index finds together in this many candidates or more are matched by reading the
/// table.
const BROAD: u64 = 10_000;

/// The distinct words of a search, lower-cased.
fn search_words(q: &CandidateQuery) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in q.search.as_deref().unwrap_or_default().split_whitespace() {
        let word = word.to_lowercase();
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words
}

/// The index's question for a search (which candidates have all the words it can take), with
/// those words; `None` when it can take none of them. Public so `make bench` can time the same
/// SQL without Kindly.
pub fn search_probe(
    q: &CandidateQuery,
    backend: sea_orm::DatabaseBackend,
) -> Option<(Vec<String>, sea_orm::Statement)> {
    let mut words = search_words(q);
    if backend == sea_orm::DatabaseBackend::Sqlite {
        words.retain(|w| w.chars().count() >= 3);
    }
    if words.is_empty() {
        return None;
    }
    // All the words together: "ana" and "lopez" are each in thousands of names, both together
    // in a few hundred.
    // The ids come back as one row of text: row by row, the driver's hand-over cost more than
    // the index's lookup.
    let statement = if backend == sea_orm::DatabaseBackend::Sqlite {
        let fts = crate::store::migration::m0016_search::FTS_TABLE;
        sea_orm::Statement::from_sql_and_values(
            backend,
            format!(
                "SELECT group_concat(rowid) AS ids FROM \
                 (SELECT rowid FROM {fts} WHERE {fts} MATCH ? LIMIT {BROAD})"
            ),
            [fts_phrases(&words).into()],
        )
    } else {
        let mut sel = candidate::Entity::find()
            .select_only()
            .column(candidate::Column::Id);
        for w in &words {
            sel = sel.filter(candidate::Column::SearchKey.like(like_contains(w)));
        }
        let inner = sea_orm::QueryTrait::build(&sel, backend);
        // Planned apart from the LIMIT (a materialised CTE), so the planner reads the trigram
        // index for a rare word instead of scanning the table in the hope of stopping early.
        sea_orm::Statement {
            sql: format!(
                "WITH m AS MATERIALIZED ({}) SELECT string_agg(id::text, ',') AS ids FROM \
                 (SELECT id FROM m LIMIT {BROAD}) AS s",
                inner.sql
            ),
            ..inner
        }
    };
    Some((words, statement))
}

pub async fn search_plan(store: &Store, q: &CandidateQuery) -> Result<SearchPlan> {
    let backend = store.backend();
    let Some((words, probe)) = search_probe(q, backend) else {
        return Ok(SearchPlan::default());
    };
    let found: Option<String> = match store.db().query_one_raw(probe).await? {
        Some(row) => row.try_get("", "ids")?,
        None => None,
    };
    let ids: Vec<i32> = found
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .filter(|id| !id.is_empty())
        .map(|id| {
            id.parse()
                .map_err(|_| CoreError::new(ErrorCode::Database, "the search index gave a bad id"))
        })
        .collect::<Result<_>>()?;
    Ok(if (ids.len() as u64) < BROAD {
        SearchPlan {
            indexed: words,
            ids: Some(ids),
            backend: Some(backend),
        }
    } else {
        SearchPlan::default()
    })
}

/// `candidates.id` is one of `ids`, as one bound value (a statement the driver prepares once,
/// whatever the number of ids). sea-query numbers `$1` in place on PostgreSQL, and takes `?` on
/// SQLite.
fn id_among(
    ids: &[i32],
    backend: Option<sea_orm::DatabaseBackend>,
) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::Expr;
    let list = ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    match backend {
        Some(sea_orm::DatabaseBackend::Postgres) => Expr::cust_with_values(
            "\"candidates\".\"id\" = ANY(string_to_array($1, ',')::int4[])",
            [list],
        ),
        _ => Expr::cust_with_values(
            "\"candidates\".\"id\" IN (SELECT value FROM json_each(?))",
            [format!("[{list}]")],
        ),
    }
}

/// Words as FTS5 phrases, all required: each quoted, so what was typed is text, never syntax.
fn fts_phrases(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A query Kindly can answer: a search of at most 200 characters, a page of at most `MAX_PAGE`.
fn check_query(q: &CandidateQuery) -> Result<()> {
    if q.search.as_deref().is_some_and(|s| s.chars().count() > 200) {
        return Err(CoreError::invalid(
            "search",
            "is longer than 200 characters",
        ));
    }
    page_limit(q.limit).map(|_| ())
}

/// The candidates a query matches: those the plan found through the index, and each other
/// word (short, or every word of a broad search) with `LIKE '%word%'`.
pub fn filtered(q: &CandidateQuery, plan: &SearchPlan) -> Result<Select<candidate::Entity>> {
    check_query(q)?;
    let mut sel = candidate::Entity::find();
    if let Some(ids) = &plan.ids {
        sel = sel.filter(id_among(ids, plan.backend));
    }
    for word in search_words(q) {
        if plan.ids.is_none() || !plan.indexed.contains(&word) {
            sel = sel.filter(candidate::Column::SearchKey.like(like_contains(&word)));
        }
    }
    if q.role_id.is_some() || q.stage.is_some() {
        let mut sub = Query::select();
        sub.column(application::Column::CandidateId)
            .from(application::Entity);
        if let Some(r) = q.role_id {
            sub.and_where(application::Column::RoleId.eq(r));
        }
        if let Some(s) = q.stage {
            sub.and_where(application::Column::Stage.eq(s));
        }
        sel = sel.filter(candidate::Column::Id.in_subquery(sub.to_owned()));
    }
    Ok(sel)
}

pub fn sorted(sel: Select<candidate::Entity>, sort: CandidateSort) -> Select<candidate::Entity> {
    match sort {
        CandidateSort::Name => sel
            .order_by_asc(candidate::Column::LastName)
            .order_by_asc(candidate::Column::FirstName)
            .order_by_asc(candidate::Column::Id),
        CandidateSort::Newest => sel
            .order_by_desc(candidate::Column::CreatedAt)
            .order_by_desc(candidate::Column::Id),
        CandidateSort::Updated => sel
            .order_by_desc(candidate::Column::UpdatedAt)
            .order_by_desc(candidate::Column::Id),
    }
}

pub fn page_limit(limit: u32) -> Result<u32> {
    match limit {
        0 => Ok(100),
        l if l > MAX_PAGE => Err(CoreError::invalid(
            "limit",
            format!("{l} is more than {MAX_PAGE} rows per page"),
        )),
        l => Ok(l),
    }
}

/// The statements behind one page: the filtered select (counted as a subquery) and the
/// sorted, paged select. Public so `make bench` can time the same SQL without Kindly.
pub fn page_selects(
    q: &CandidateQuery,
    plan: &SearchPlan,
) -> Result<(Select<candidate::Entity>, Select<candidate::Entity>)> {
    let limit = page_limit(q.limit)?;
    let sel = filtered(q, plan)?;
    // Only what a row of the list shows.
    let page = sorted(sel.clone(), q.sort)
        .select_only()
        .columns([
            candidate::Column::Id,
            candidate::Column::FirstName,
            candidate::Column::LastName,
            candidate::Column::Email,
            candidate::Column::Location,
            candidate::Column::Tags,
        ])
        .offset(q.offset as u64)
        .limit(limit as u64);
    Ok((sel, page))
}

/// A candidate as a row of the list reads them.
#[derive(sea_orm::FromQueryResult)]
struct Listed {
    id: i32,
    first_name: String,
    last_name: String,
    email: String,
    location: Option<String>,
    tags: String,
}

/// The applications (with role titles) of the candidates on a page: only what the list shows.
pub fn briefs_select(ids: &[i32]) -> Select<application::Entity> {
    application::Entity::find()
        .select_only()
        .columns([
            application::Column::Id,
            application::Column::CandidateId,
            application::Column::RoleId,
            application::Column::Stage,
            application::Column::Place,
        ])
        .column_as(role::Column::Title, "role_title")
        .left_join(role::Entity)
        .filter(application::Column::CandidateId.is_in(ids.iter().copied()))
        .order_by_desc(application::Column::UpdatedAt)
}

#[derive(sea_orm::FromQueryResult)]
struct Brief {
    id: i32,
    candidate_id: i32,
    role_id: i32,
    stage: Stage,
    place: Option<i32>,
    role_title: Option<String>,
}

/// Whether the plan's ids are exactly the matches (no filter or other word narrows them).
pub fn counted_by_plan(q: &CandidateQuery, plan: &SearchPlan) -> bool {
    plan.ids.is_some()
        && q.role_id.is_none()
        && q.stage.is_none()
        && search_words(q).iter().all(|w| plan.indexed.contains(w))
}

/// One page of candidates: the count of all matches, and only this page's rows read.
pub async fn list(store: &Store, q: CandidateQuery) -> Result<CandidatePage> {
    // Checked before the index is asked anything.
    check_query(&q)?;
    let plan = search_plan(store, &q).await?;
    let (sel, page) = page_selects(&q, &plan)?;
    let total = match &plan.ids {
        // Nobody has the words: nothing more to read.
        Some(ids) if ids.is_empty() => {
            return Ok(CandidatePage {
                total: 0,
                offset: q.offset,
                rows: vec![],
            })
        }
        // A search of indexed words alone: the index already found every match.
        Some(ids) if counted_by_plan(&q, &plan) => ids.len() as u64,
        _ => sel.count(store.db()).await?,
    };
    let page = page.into_model::<Listed>().all(store.db()).await?;
    let ids: Vec<i32> = page.iter().map(|c| c.id).collect();
    let mut briefs = briefs_for(store, &ids).await?;
    let rows = page
        .into_iter()
        .map(|c| CandidateRow {
            applications: briefs.remove(&c.id).unwrap_or_default(),
            id: c.id,
            first_name: c.first_name,
            last_name: c.last_name,
            email: c.email,
            location: c.location,
            tags: tags_from_json(&c.tags),
        })
        .collect();
    Ok(CandidatePage {
        total: total as u32,
        offset: q.offset,
        rows,
    })
}

async fn briefs_for(
    store: &Store,
    ids: &[i32],
) -> Result<std::collections::HashMap<i32, Vec<ApplicationBrief>>> {
    let mut out: std::collections::HashMap<i32, Vec<ApplicationBrief>> = Default::default();
    if ids.is_empty() {
        return Ok(out);
    }
    for a in briefs_select(ids)
        .into_model::<Brief>()
        .all(store.db())
        .await?
    {
        out.entry(a.candidate_id)
            .or_default()
            .push(ApplicationBrief {
                application_id: a.id,
                role_id: a.role_id,
                role_title: a.role_title.unwrap_or_default(),
                stage: a.stage,
                place: a.place,
            });
    }
    Ok(out)
}

/// How many candidates there are at all (for the first-run offer of sample data).
pub async fn count_all(store: &Store) -> Result<u64> {
    Ok(candidate::Entity::find().count(store.db()).await?)
}
