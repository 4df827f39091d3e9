//! Reminders: promises and tasks with a due date in the owner's time zone. What is due is
//! computed from the database whenever it is asked, so a reminder that fell due while Kindly
//! was closed shows as overdue at the next start.

use super::{now, ts};
pub use crate::domain::states::ReminderKind;
use crate::domain::validate;
use crate::error::{CoreError, ErrorCode, Result};
use crate::schedule::{self, Bucket, RepeatUnit, Snooze};
use crate::store::entities::{candidate, reminder};
use crate::store::Store;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize, Deserialize, Type)]
pub struct ReminderInput {
    pub title: String,
    pub kind: ReminderKind,
    pub candidate_id: Option<i32>,
    pub role_id: Option<i32>,
    pub application_id: Option<i32>,
    /// `YYYY-MM-DDTHH:MM` in `time_zone`.
    pub due_local: String,
    /// The owner's IANA time zone.
    pub time_zone: String,
    /// Repeat every N days or months after each completion.
    pub repeat_every: Option<i32>,
    pub repeat_unit: Option<RepeatUnit>,
    /// A due date in the past is accepted only when the owner confirms it.
    pub confirm_past: bool,
    /// What created it (`message:12`), if not the owner by hand.
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Reminder {
    pub id: i32,
    pub title: String,
    pub kind: ReminderKind,
    pub candidate_id: Option<i32>,
    pub candidate_name: Option<String>,
    pub application_id: Option<i32>,
    pub due_local: String,
    pub time_zone: String,
    /// When it shows as due: its due time, or the end of a snooze (RFC 3339, UTC).
    pub due_at: String,
    pub snoozed: bool,
    pub repeat_every: Option<i32>,
    pub repeat_unit: Option<RepeatUnit>,
    pub done_at: Option<String>,
    pub bucket: Bucket,
    pub source: Option<String>,
}

/// The Today view's reminders, in the owner's calendar.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
pub struct TodayReminders {
    pub overdue: Vec<Reminder>,
    pub today: Vec<Reminder>,
    /// The next 7 days.
    pub week: Vec<Reminder>,
    /// Requests about someone's data due later than that: on Today from the day they came.
    pub requests: Vec<Reminder>,
}

struct Clean {
    title: String,
    tz: chrono_tz::Tz,
    local: chrono::NaiveDateTime,
    due_at: DateTime<Utc>,
    repeat: Option<(i32, RepeatUnit)>,
}

fn clean(i: &ReminderInput, at: DateTime<Utc>) -> Result<Clean> {
    let title = validate::required_line("title", &i.title, 200)?;
    let tz = schedule::parse_zone("time_zone", &i.time_zone)?;
    let local = schedule::parse_local("due_local", &i.due_local)?;
    let repeat = match (i.repeat_every, i.repeat_unit) {
        (None, _) => None,
        (Some(n), _) if n <= 0 => {
            return Err(CoreError::invalid(
                "repeat_every",
                format!("{n} is not an interval; repeat every 1 or more days or months"),
            ))
        }
        (Some(_), None) => return Err(CoreError::invalid("repeat_unit", "choose days or months")),
        (Some(n), Some(u)) => Some((n, u)),
    };
    let due_at = schedule::to_utc(local, tz);
    if due_at < at && !i.confirm_past {
        return Err(CoreError {
            code: ErrorCode::NeedsConfirmation,
            message: format!(
                "due_local: {} is in the past; confirm to add it as overdue",
                schedule::format_local(local)
            ),
            field: Some("due_local".into()),
        });
    }
    Ok(Clean {
        title,
        tz,
        local,
        due_at,
        repeat,
    })
}

fn view(m: reminder::Model, names: &HashMap<i32, String>, at: DateTime<Utc>) -> Reminder {
    let tz = schedule::parse_zone("time_zone", &m.time_zone).unwrap_or(chrono_tz::UTC);
    let effective = m.snoozed_until.map_or(m.due_at, |s| s.max(m.due_at));
    Reminder {
        id: m.id,
        title: m.title,
        kind: m.kind,
        candidate_name: m.candidate_id.and_then(|c| names.get(&c).cloned()),
        candidate_id: m.candidate_id,
        application_id: m.application_id,
        due_local: m.due_local,
        time_zone: m.time_zone,
        due_at: ts(effective),
        snoozed: m.snoozed_until.is_some_and(|s| s > m.due_at),
        repeat_every: m.repeat_every,
        repeat_unit: m.repeat_unit,
        done_at: m.done_at.map(ts),
        bucket: schedule::bucket(effective, at, tz),
        source: m.source,
    }
}

async fn names(store: &Store, ids: impl Iterator<Item = i32>) -> Result<HashMap<i32, String>> {
    let ids: Vec<i32> = ids.collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(candidate::Entity::find()
        .filter(candidate::Column::Id.is_in(ids))
        .all(store.db())
        .await?
        .into_iter()
        .map(|c| (c.id, c.full_name()))
        .collect())
}

async fn load(store: &Store, id: i32) -> Result<reminder::Model> {
    reminder::Entity::find_by_id(id)
        .one(store.db())
        .await?
        .ok_or_else(|| CoreError::not_found("reminder", id))
}

async fn one(store: &Store, m: reminder::Model, at: DateTime<Utc>) -> Result<Reminder> {
    let n = names(store, m.candidate_id.into_iter()).await?;
    Ok(view(m, &n, at))
}

pub async fn create(store: &Store, input: ReminderInput, at: DateTime<Utc>) -> Result<Reminder> {
    let c = clean(&input, at)?;
    let t = now();
    let m = reminder::ActiveModel {
        title: Set(c.title),
        kind: Set(input.kind),
        candidate_id: Set(input.candidate_id),
        role_id: Set(input.role_id),
        application_id: Set(input.application_id),
        due_local: Set(schedule::format_local(c.local)),
        time_zone: Set(c.tz.name().to_string()),
        due_at: Set(c.due_at),
        repeat_every: Set(c.repeat.map(|r| r.0)),
        repeat_unit: Set(c.repeat.map(|r| r.1)),
        snoozed_until: Set(None),
        done_at: Set(None),
        source: Set(input.source),
        created_at: Set(t),
        updated_at: Set(t),
        ..Default::default()
    }
    .insert(store.db())
    .await?;
    one(store, m, at).await
}

/// Every open reminder, soonest first.
pub async fn open(store: &Store, at: DateTime<Utc>) -> Result<Vec<Reminder>> {
    let rows = reminder::Entity::find()
        .filter(reminder::Column::DoneAt.is_null())
        .order_by_asc(reminder::Column::DueAt)
        .order_by_asc(reminder::Column::Id)
        .all(store.db())
        .await?;
    let n = names(store, rows.iter().filter_map(|r| r.candidate_id)).await?;
    let mut out: Vec<Reminder> = rows.into_iter().map(|m| view(m, &n, at)).collect();
    out.sort_by(|a, b| a.due_at.cmp(&b.due_at).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// Overdue, due today and due in the next 7 days, in the owner's calendar.
pub async fn today(store: &Store, at: DateTime<Utc>) -> Result<TodayReminders> {
    let mut t = TodayReminders::default();
    for r in open(store, at).await? {
        match r.bucket {
            Bucket::Overdue => t.overdue.push(r),
            Bucket::Today => t.today.push(r),
            Bucket::Week => t.week.push(r),
            Bucket::Later if r.kind == ReminderKind::PrivacyRequest => t.requests.push(r),
            Bucket::Later => {}
        }
    }
    Ok(t)
}

/// Mark done. A repeating reminder gets its next one, counted from now (the completion),
/// which is returned.
pub async fn complete(store: &Store, id: i32, at: DateTime<Utc>) -> Result<Option<Reminder>> {
    let m = load(store, id).await?;
    if m.done_at.is_some() {
        return Err(CoreError::new(
            ErrorCode::Conflict,
            "This reminder is already done.",
        ));
    }
    let txn = store.db().begin().await?;
    let mut am: reminder::ActiveModel = m.clone().into();
    am.done_at = Set(Some(at));
    am.updated_at = Set(now());
    am.update(&txn).await?;
    let next = match (m.repeat_every, m.repeat_unit) {
        (Some(n), Some(unit)) if n > 0 => {
            let tz = schedule::parse_zone("time_zone", &m.time_zone)?;
            let original = schedule::parse_local("due_local", &m.due_local)?;
            let local = schedule::next_after_completion(original, at, tz, n as u32, unit);
            let t = now();
            let next = reminder::ActiveModel {
                title: Set(m.title.clone()),
                kind: Set(m.kind),
                candidate_id: Set(m.candidate_id),
                role_id: Set(m.role_id),
                application_id: Set(m.application_id),
                due_local: Set(schedule::format_local(local)),
                time_zone: Set(m.time_zone.clone()),
                due_at: Set(schedule::to_utc(local, tz)),
                repeat_every: Set(m.repeat_every),
                repeat_unit: Set(m.repeat_unit),
                snoozed_until: Set(None),
                done_at: Set(None),
                source: Set(Some(format!("reminder:{}", m.id))),
                created_at: Set(t),
                updated_at: Set(t),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            Some(next)
        }
        _ => None,
    };
    txn.commit().await?;
    match next {
        Some(n) => Ok(Some(one(store, n, at).await?)),
        None => Ok(None),
    }
}

pub async fn snooze(store: &Store, id: i32, how: Snooze, at: DateTime<Utc>) -> Result<Reminder> {
    let m = load(store, id).await?;
    let tz = schedule::parse_zone("time_zone", &m.time_zone)?;
    let until = schedule::snooze_until(&how, at, tz)?;
    let mut am: reminder::ActiveModel = m.into();
    am.snoozed_until = Set(Some(until));
    am.updated_at = Set(now());
    let m = am.update(store.db()).await?;
    one(store, m, at).await
}

/// Move the due date (and clear any snooze).
pub async fn reschedule(
    store: &Store,
    id: i32,
    due_local: &str,
    at: DateTime<Utc>,
) -> Result<Reminder> {
    let m = load(store, id).await?;
    let tz = schedule::parse_zone("time_zone", &m.time_zone)?;
    let local = schedule::parse_local("due_local", due_local)?;
    let due = schedule::to_utc(local, tz);
    if due < at {
        return Err(CoreError::invalid("due_local", "is in the past"));
    }
    let mut am: reminder::ActiveModel = m.into();
    am.due_local = Set(schedule::format_local(local));
    am.due_at = Set(due);
    am.snoozed_until = Set(None);
    am.updated_at = Set(now());
    let m = am.update(store.db()).await?;
    one(store, m, at).await
}

/// A message went to a candidate about an application: every open promise to them about it is
/// kept (done now), and if this message itself promises a date, that promise is recorded.
pub(crate) async fn keep_promises<C: sea_orm::ConnectionTrait>(
    db: &C,
    m: &crate::store::entities::message::Model,
    at: DateTime<Utc>,
) -> Result<()> {
    use sea_orm::sea_query::Expr;
    if let Some(app) = m.application_id {
        reminder::Entity::update_many()
            .col_expr(reminder::Column::DoneAt, Expr::value(at))
            .col_expr(reminder::Column::UpdatedAt, Expr::value(at))
            .filter(reminder::Column::ApplicationId.eq(app))
            .filter(reminder::Column::Kind.eq(ReminderKind::PromisedFollowUp))
            .filter(reminder::Column::DoneAt.is_null())
            .exec(db)
            .await?;
    }
    let (Some(date), Some(zone)) = (&m.promise_date, &m.promise_zone) else {
        return Ok(());
    };
    let tz = schedule::parse_zone("time_zone", zone)?;
    let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map_err(|_| CoreError::invalid("follow_up_date", format!("'{date}' is not a date")))?;
    let local = day.and_time(
        chrono::NaiveTime::from_hms_opt(schedule::MORNING.0, schedule::MORNING.1, 0)
            .expect("valid"),
    );
    let name = if m.to_name.is_empty() {
        &m.to_address
    } else {
        &m.to_name
    };
    insert_in(
        db,
        Planned {
            title: format!("News promised to {name}"),
            kind: ReminderKind::PromisedFollowUp,
            candidate_id: m.candidate_id,
            role_id: None,
            application_id: m.application_id,
            local,
            tz,
            source: format!("message:{}", m.id),
        },
        at,
    )
    .await?;
    Ok(())
}

/// A reminder Kindly makes itself (a promise, an offer's expiry, a welcome-plan step): no
/// confirmation for a past time, it is simply due.
pub(crate) struct Planned {
    pub title: String,
    pub kind: ReminderKind,
    pub candidate_id: Option<i32>,
    pub role_id: Option<i32>,
    pub application_id: Option<i32>,
    pub local: chrono::NaiveDateTime,
    pub tz: chrono_tz::Tz,
    pub source: String,
}

pub(crate) async fn insert_in<C: sea_orm::ConnectionTrait>(
    db: &C,
    p: Planned,
    at: DateTime<Utc>,
) -> Result<reminder::Model> {
    Ok(reminder::ActiveModel {
        title: Set(p.title),
        kind: Set(p.kind),
        candidate_id: Set(p.candidate_id),
        role_id: Set(p.role_id),
        application_id: Set(p.application_id),
        due_local: Set(schedule::format_local(p.local)),
        time_zone: Set(p.tz.name().to_string()),
        due_at: Set(schedule::to_utc(p.local, p.tz)),
        repeat_every: Set(None),
        repeat_unit: Set(None),
        snoozed_until: Set(None),
        done_at: Set(None),
        source: Set(Some(p.source)),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Mark done every open reminder of this kind that `source` created (an offer's expiry
/// reminder once the offer is answered).
pub(crate) async fn complete_from_in<C: sea_orm::ConnectionTrait>(
    db: &C,
    source: &str,
    kind: ReminderKind,
    at: DateTime<Utc>,
) -> Result<()> {
    use sea_orm::sea_query::Expr;
    reminder::Entity::update_many()
        .col_expr(reminder::Column::DoneAt, Expr::value(at))
        .col_expr(reminder::Column::UpdatedAt, Expr::value(at))
        .filter(reminder::Column::Source.eq(source))
        .filter(reminder::Column::Kind.eq(kind))
        .filter(reminder::Column::DoneAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// The reminders created by these sources (done or not), soonest first.
pub async fn from_sources(
    store: &Store,
    sources: Vec<String>,
    at: DateTime<Utc>,
) -> Result<Vec<Reminder>> {
    if sources.is_empty() {
        return Ok(vec![]);
    }
    let rows = reminder::Entity::find()
        .filter(reminder::Column::Source.is_in(sources))
        .order_by_asc(reminder::Column::DueAt)
        .order_by_asc(reminder::Column::Id)
        .all(store.db())
        .await?;
    let n = names(store, rows.iter().filter_map(|r| r.candidate_id)).await?;
    Ok(rows.into_iter().map(|m| view(m, &n, at)).collect())
}

/// This database's own id, made once: part of every exported UID, so two Kindly databases
/// never clash in one calendar and the same reminder always has the same UID.
async fn install_id(store: &Store) -> Result<String> {
    use crate::store::entities::setting;
    const KEY: &str = "install.id";
    if let Some(s) = setting::Entity::find_by_id(KEY.to_string())
        .one(store.db())
        .await?
    {
        return Ok(s.value);
    }
    let id = crate::clock::unique_token().replace('.', "");
    super::settings::put_all(store, vec![(KEY.to_string(), id.clone())]).await?;
    Ok(id)
}

/// Open reminders as an `.ics` calendar.
pub async fn export_ics(store: &Store, at: DateTime<Utc>) -> Result<String> {
    let install = install_id(store).await?;
    let open = open(store, at).await?;
    let descriptions: Vec<String> = open
        .iter()
        .map(|r| match &r.candidate_name {
            Some(n) => format!("Kindly reminder about {n}"),
            None => "Kindly reminder".to_string(),
        })
        .collect();
    let events: Vec<crate::ics::IcsEvent> = open
        .iter()
        .zip(&descriptions)
        .map(|(r, d)| crate::ics::IcsEvent {
            uid: format!("kindly-reminder-{}@{install}", r.id),
            start: DateTime::parse_from_rfc3339(&r.due_at)
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or(at),
            summary: &r.title,
            description: d,
        })
        .collect();
    Ok(crate::ics::calendar(&events, at))
}

/// When a reminder shows as due: its due time, or the end of its snooze.
fn shows_due(r: &Reminder) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(&r.due_at)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// What the desktop says of the reminders at `at`, from one read of them: how many are due
/// (the tray's count) and which fell due since the last look at `since` (the notification).
#[derive(Debug, Clone, Default)]
pub struct DueNow {
    pub due: usize,
    pub newly: Vec<Reminder>,
}

pub async fn due_now(store: &Store, since: DateTime<Utc>, at: DateTime<Utc>) -> Result<DueNow> {
    let open = open(store, at).await?;
    let due = open
        .iter()
        .filter(|r| shows_due(r).is_some_and(|t| t <= at))
        .count();
    let newly = open
        .into_iter()
        .filter(|r| shows_due(r).is_some_and(|t| t > since && t <= at))
        .collect();
    Ok(DueNow { due, newly })
}

/// The reminders that fell due after `since` and by `at`.
pub async fn newly_due(
    store: &Store,
    since: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<Vec<Reminder>> {
    Ok(due_now(store, since, at).await?.newly)
}

/// Write the open reminders as an `.ics` file at `path` (absolute), replacing it only once the
/// new file is complete. Returns how many events it holds.
pub async fn export_ics_to(store: &Store, path: &str, at: DateTime<Utc>) -> Result<u32> {
    let target = std::path::PathBuf::from(path.trim());
    if !target.is_absolute() || target.file_name().is_none() {
        return Err(CoreError::invalid(
            "path",
            format!("'{path}' is not a file path"),
        ));
    }
    let ics = export_ics(store, at).await?;
    let events = ics.matches("BEGIN:VEVENT").count() as u32;
    crate::file::write_atomically(&target, ics.as_bytes())?;
    Ok(events)
}
