//! Backups of the SQLite database: a consistent copy while the app is in use (`VACUUM INTO`),
//! a daily one that keeps the last N, and a restore that checks the chosen file, keeps the
//! current database aside and swaps the file in at the next start. With PostgreSQL the
//! server's own backups apply, and Kindly says so instead of pretending.

pub use super::files::PENDING_RESTORE;
use super::migration::Migrator;
use super::Store;
use crate::error::{CoreError, ErrorCode, Result};
use chrono::{DateTime, Utc};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sea_orm::sqlx::Row;
use sea_orm::{ConnectionTrait, DatabaseBackend};
use sea_orm_migration::MigratorTrait;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::path::{Path, PathBuf};

/// A restore waiting for the next start.
const PREFIX: &str = "kindly-";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BackupInfo {
    pub path: String,
    pub name: String,
    /// Size in KiB.
    pub kib: u32,
    /// RFC 3339, UTC.
    pub created_at: String,
}

pub fn backup_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

pub(crate) fn unsupported() -> CoreError {
    CoreError::new(
        ErrorCode::Unsupported,
        "Kindly is using a shared PostgreSQL server: its own backups (pg_dump, or your host's) apply, and Kindly does not make or restore copies of it.",
    )
}

/// When a backup was made: the time in its name (Kindly's clock when it wrote it), or else the
/// file's modification time.
fn info(path: &Path) -> Option<BackupInfo> {
    let meta = path.metadata().ok()?;
    let name = path.file_name()?.to_string_lossy().into_owned();
    let stamped = name
        .strip_prefix(PREFIX)
        .and_then(|n| n.strip_suffix(".db"))
        .and_then(|t| chrono::NaiveDateTime::parse_from_str(t, "%Y%m%d-%H%M%S%.3f").ok())
        .map(|t| t.and_utc());
    let created: DateTime<Utc> = match stamped {
        Some(t) => t,
        None => meta.modified().ok()?.into(),
    };
    Some(BackupInfo {
        path: path.display().to_string(),
        name,
        kib: meta.len().div_ceil(1024).min(u32::MAX as u64) as u32,
        created_at: crate::clock::ts(created),
    })
}

/// Kindly's own backups in the folder, newest first.
pub fn list(dir: &Path) -> Vec<BackupInfo> {
    let mut v: Vec<BackupInfo> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(".db"))
        })
        .filter_map(|p| info(&p))
        .collect();
    // The name carries the time, so it sorts as time does.
    v.sort_by(|a, b| b.name.cmp(&a.name));
    v
}

/// The copies Kindly keeps besides the backups: the database as it was before a restore
/// (in the backups folder) and before a migration (beside the database).
fn side_copies(data_dir: &Path) -> Vec<PathBuf> {
    let named = |dir: &Path, keep: &dyn Fn(&str) -> bool| -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(keep))
            .collect()
    };
    let before_migration = format!("{}.before-", super::SQLITE_FILE);
    let mut v = named(&backup_dir(data_dir), &|n| {
        n.starts_with(ASIDE) && n.ends_with(".db")
    });
    v.extend(named(data_dir, &|n| {
        n.starts_with(&before_migration) && n.ends_with(".bak")
    }));
    v
}

/// When a copy was made: the time in its name (Kindly's clock when it wrote it), or else the
/// file's modification time.
fn made_at(path: &Path) -> Option<DateTime<Utc>> {
    let name = path.file_name()?.to_str()?;
    let parse = |t: &str, f: &str| chrono::NaiveDateTime::parse_from_str(t, f).ok();
    let stamped = if let Some(rest) = name.strip_prefix(PREFIX).or(name.strip_prefix(ASIDE)) {
        rest.strip_suffix(".db")
            .and_then(|t| parse(t, "%Y%m%d-%H%M%S%.3f").or_else(|| parse(t, "%Y%m%d-%H%M%S")))
    } else {
        // kindly.db.before-<migration>.<stamp>.bak
        name.strip_suffix(".bak")
            .and_then(|n| n.rsplit_once('.'))
            .and_then(|(_, t)| parse(t, "%Y%m%dT%H%M%SZ"))
    };
    match stamped {
        Some(t) => Some(t.and_utc()),
        None => path.metadata().ok()?.modified().ok().map(Into::into),
    }
}

/// Side copies live as long as the backups do: `keep` days after they were made.
fn rotate_side_copies(data_dir: &Path, keep: usize, at: DateTime<Utc>) {
    let days = chrono::Duration::days(keep.max(1) as i64);
    for p in side_copies(data_dir) {
        if made_at(&p).is_some_and(|t| t + days <= at) {
            match std::fs::remove_file(&p) {
                Ok(()) => tracing::info!("an old side copy of the database was removed"),
                Err(e) => tracing::warn!(error = %e, "an old side copy could not be removed"),
            }
        }
    }
}

/// A copy of the database that still holds someone, and when Kindly removes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct HeldCopy {
    pub name: String,
    /// RFC 3339, UTC.
    pub made_at: String,
    /// When it is removed at the latest, as backups rotate (RFC 3339, UTC).
    pub removed_by: String,
}

/// Every backup and side copy that holds the candidate `candidate_id`, oldest first: what an
/// erasure cannot reach until the copies rotate out (each is read, not guessed from its date).
pub async fn copies_holding(
    data_dir: &Path,
    candidate_id: i32,
    keep: usize,
) -> Result<Vec<HeldCopy>> {
    let days = chrono::Duration::days(keep.max(1) as i64);
    let mut files: Vec<PathBuf> = list(&backup_dir(data_dir))
        .into_iter()
        .map(|b| PathBuf::from(b.path))
        .collect();
    files.extend(side_copies(data_dir));
    let mut out = vec![];
    for f in files {
        let Some(made) = made_at(&f) else { continue };
        if holds(&f, candidate_id).await {
            out.push((
                made,
                HeldCopy {
                    name: f
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    made_at: crate::clock::ts(made),
                    removed_by: crate::clock::ts(made + days),
                },
            ));
        }
    }
    out.sort_by_key(|(t, _)| *t);
    Ok(out.into_iter().map(|(_, c)| c).collect())
}

/// Whether a database file has a candidate with this id (a file that cannot be read: no).
async fn holds(path: &Path, candidate_id: i32) -> bool {
    let opts = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .immutable(true)
        .pragma("trusted_schema", "OFF");
    let Ok(pool) = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts)
        .await
    else {
        return false;
    };
    let found = sea_orm::sqlx::query("SELECT 1 FROM candidates WHERE id = ?")
        .bind(candidate_id)
        .fetch_optional(&pool)
        .await
        .map(|r| r.is_some())
        .unwrap_or(false);
    pool.close().await;
    found
}

/// A consistent copy of the whole database into `path` (it must not exist).
pub async fn copy_to(store: &Store, path: &Path) -> Result<()> {
    if store.backend() != DatabaseBackend::Sqlite {
        return Err(unsupported());
    }
    let target = path.display().to_string().replace('\'', "''");
    store
        .db()
        .execute_unprepared(&format!("VACUUM INTO '{target}'"))
        .await?;
    crate::file::make_private(path)?;
    Ok(())
}

/// Back up now, keeping the newest `keep` backups in `dir`.
pub async fn backup_now(
    store: &Store,
    dir: &Path,
    keep: usize,
    at: DateTime<Utc>,
) -> Result<BackupInfo> {
    if store.backend() != DatabaseBackend::Sqlite {
        return Err(unsupported());
    }
    crate::file::private_dir(dir)?;
    let name = format!("{PREFIX}{}.db", at.format("%Y%m%d-%H%M%S%.3f"));
    let path = dir.join(&name);
    copy_to(store, &path).await?;
    for old in list(dir).into_iter().skip(keep.max(1)) {
        let _ = std::fs::remove_file(&old.path);
    }
    if let Some(data_dir) = dir.parent() {
        rotate_side_copies(data_dir, keep, at);
    }
    info(&path).ok_or_else(|| CoreError::new(ErrorCode::Io, format!("{name} was not written")))
}

/// The automatic daily backup: made when none exists from today (UTC).
pub async fn daily(
    store: &Store,
    dir: &Path,
    keep: usize,
    at: DateTime<Utc>,
) -> Result<Option<BackupInfo>> {
    if store.backend() != DatabaseBackend::Sqlite {
        return Ok(None);
    }
    let today = format!("{PREFIX}{}", at.format("%Y%m%d"));
    if list(dir).iter().any(|b| b.name.starts_with(&today)) {
        return Ok(None);
    }
    backup_now(store, dir, keep, at).await.map(Some)
}

/// What a chosen file holds, once it passed the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BackupCheck {
    pub candidates: u32,
    pub migrations: u32,
}

fn not_a_backup(path: &Path, why: impl std::fmt::Display) -> CoreError {
    CoreError::new(
        ErrorCode::Database,
        format!(
            "{} is not a sound Kindly backup ({why}); nothing was changed.",
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ),
    )
}

/// Open a file read-only and check it: SQLite's integrity check passes, it is a Kindly
/// database, and no change in it is newer than this version of Kindly.
pub async fn check(path: &Path) -> Result<BackupCheck> {
    if !path.is_file() {
        return Err(not_a_backup(path, "no such file"));
    }
    let opts = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .immutable(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts)
        .await
        .map_err(|e| not_a_backup(path, e))?;
    let result = async {
        let rows = sea_orm::sqlx::query("PRAGMA integrity_check")
            .fetch_all(&pool)
            .await
            .map_err(|e| not_a_backup(path, e))?;
        let first: String = rows
            .first()
            .map(|r| r.try_get::<String, _>(0).unwrap_or_default())
            .unwrap_or_default();
        if rows.len() != 1 || first != "ok" {
            return Err(not_a_backup(path, format!("integrity check: {first}")));
        }
        let versions: Vec<String> = sea_orm::sqlx::query("SELECT version FROM seaql_migrations")
            .fetch_all(&pool)
            .await
            .map_err(|_| not_a_backup(path, "it is not a Kindly database"))?
            .iter()
            .map(|r| r.try_get::<String, _>(0).unwrap_or_default())
            .collect();
        let known: Vec<String> = Migrator::migrations()
            .iter()
            .map(|m| m.name().to_string())
            .collect();
        if let Some(newer) = versions.iter().find(|v| !known.contains(v)) {
            return Err(CoreError::new(
                ErrorCode::DatabaseTooNew,
                format!("This backup was made by a newer version of Kindly (it has the change '{newer}'). Update Kindly to restore it; nothing was changed."),
            ));
        }
        let candidates: i64 = sea_orm::sqlx::query("SELECT COUNT(*) FROM candidates")
            .fetch_one(&pool)
            .await
            .and_then(|r| r.try_get(0))
            .map_err(|_| not_a_backup(path, "it has no candidates table"))?;
        Ok(BackupCheck {
            candidates: candidates as u32,
            migrations: versions.len() as u32,
        })
    }
    .await;
    pool.close().await;
    result
}

/// A backup rebuilt into a database Kindly made, waiting in the data folder to be checked by
/// the service (the ledger, the outbox) and then staged.
pub struct Rebuilt {
    /// The rebuilt database (migrated all the way).
    pub path: PathBuf,
    /// Things in the file that Kindly did not make, left out.
    pub left_out: u32,
}

/// Check `file` and rebuild it at `<data>/kindly.db.restore.building`: only Kindly's tables
/// and columns are copied into a freshly migrated database, so anything else in the file (a
/// trigger, a view) never runs and is left behind.
pub async fn rebuild_backup(data_dir: &Path, file: &Path) -> Result<Rebuilt> {
    let checked = check(file).await?;
    let building = data_dir.join(format!("{PENDING_RESTORE}.building"));
    let source = data_dir.join(format!("{PENDING_RESTORE}.source"));
    remove_with_sides(&building);
    remove_with_sides(&source);
    // Read a private copy, so nothing (a WAL file beside it) touches the owner's file.
    let result = async {
        crate::file::copy_atomically(file, &source)?;
        rebuild(&source, &building, checked.migrations as usize)
            .await
            .map_err(|e| match e.code {
                ErrorCode::DatabaseTooNew => e,
                _ => not_a_backup(file, e.message),
            })
    }
    .await;
    remove_with_sides(&source);
    match result {
        Ok(left_out) => Ok(Rebuilt {
            path: building,
            left_out,
        }),
        Err(e) => {
            remove_with_sides(&building);
            Err(e)
        }
    }
}

/// Remove a database file and its side files, if there.
pub fn remove_with_sides(p: &Path) {
    for ext in ["", "-wal", "-shm", "-journal"] {
        let mut f = p.as_os_str().to_owned();
        f.push(ext);
        let _ = std::fs::remove_file(PathBuf::from(f));
    }
}

/// Stage a rebuilt backup: keep a copy of the current database aside in the backup folder and
/// place the rebuilt one to be swapped in at the next start.
pub async fn stage_rebuilt(
    store: &Store,
    data_dir: &Path,
    rebuilt: &Rebuilt,
    at: DateTime<Utc>,
) -> Result<()> {
    let dir = backup_dir(data_dir);
    crate::file::private_dir(&dir)?;
    let aside = dir.join(format!("{ASIDE}{}.db", at.format("%Y%m%d-%H%M%S%.3f")));
    copy_to(store, &aside).await?;
    crate::file::copy_atomically(&rebuilt.path, &data_dir.join(PENDING_RESTORE))?;
    crate::file::make_private(&data_dir.join(PENDING_RESTORE))?;
    remove_with_sides(&rebuilt.path);
    Ok(())
}

/// A side copy made before a restore.
const ASIDE: &str = "before-restore-";

/// Migrate a new database at `target` to the `applied` first migrations (the backup's), copy
/// in the columns Kindly's tables have from the same tables in `source`, check it, and
/// migrate it the rest of the way. Returns how many things in `source` were left out.
async fn rebuild(source: &Path, target: &Path, applied: usize) -> Result<u32> {
    let opts = SqliteConnectOptions::new()
        .filename(target)
        .create_if_missing(true)
        .foreign_keys(false)
        .pragma("trusted_schema", "OFF");
    // One connection: the attached file belongs to it.
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts)
        .await
        .map_err(|e| CoreError::new(ErrorCode::Database, e.to_string()))?;
    let db = sea_orm::SqlxSqliteConnector::from_sqlx_sqlite_pool(pool);
    let result = copy_known(&db, source, applied).await;
    let _ = db.close().await;
    result
}

/// The first column of each row, as text.
async fn texts(
    db: &sea_orm::DatabaseConnection,
    sql: &str,
    values: Vec<sea_orm::Value>,
) -> Result<Vec<String>> {
    Ok(db
        .query_all_raw(sea_orm::Statement::from_sql_and_values(
            DatabaseBackend::Sqlite,
            sql,
            values,
        ))
        .await?
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap_or_default())
        .collect())
}

async fn copy_known(
    db: &sea_orm::DatabaseConnection,
    source: &Path,
    applied: usize,
) -> Result<u32> {
    Migrator::up(db, Some(applied as u32)).await?;
    let mut ours = texts(db, "SELECT version FROM main.seaql_migrations", vec![]).await?;
    ours.sort();
    let quoted = source.display().to_string().replace('\'', "''");
    db.execute_unprepared(&format!("ATTACH DATABASE '{quoted}' AS bk"))
        .await?;
    let theirs = texts(
        db,
        "SELECT version FROM bk.seaql_migrations ORDER BY version",
        vec![],
    )
    .await?;
    if ours != theirs {
        return Err(CoreError::new(
            ErrorCode::Database,
            "its changes are not the ones Kindly makes, in order",
        ));
    }
    let objects = |schema: &str| {
        let sql = format!(
            "SELECT type || char(31) || name FROM {schema}.sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        );
        async move { texts(db, &sql, vec![]).await }
    };
    let mine = objects("main").await?;
    let backup = objects("bk").await?;
    let mut left_out = backup.iter().filter(|o| !mine.contains(o)).count() as u32;
    let ident = |n: &str| format!("\"{}\"", n.replace('"', "\"\""));
    let columns = |schema: &'static str, table: &str| {
        let table = table.to_string();
        async move {
            texts(
                db,
                &format!("SELECT name FROM pragma_table_info(?, '{schema}')"),
                vec![table.into()],
            )
            .await
        }
    };
    for object in &mine {
        let Some(table) = object.strip_prefix("table\u{1f}") else {
            continue;
        };
        // The search index is derived from the candidates: rebuilt below, never copied (a
        // crafted backup's index would answer searches with what is not there).
        let fts = super::migration::m0016_search::FTS_TABLE;
        if table == "seaql_migrations" || table == fts || table.starts_with(&format!("{fts}_")) {
            continue;
        }
        if !backup.contains(object) {
            return Err(CoreError::new(
                ErrorCode::Database,
                format!("it has no table '{table}'"),
            ));
        }
        let want = columns("main", table).await?;
        let have = columns("bk", table).await?;
        left_out += have.iter().filter(|c| !want.contains(c)).count() as u32;
        let common: Vec<String> = want
            .iter()
            .filter(|c| have.contains(c))
            .map(|c| ident(c))
            .collect();
        if common.is_empty() {
            continue;
        }
        let list = common.join(", ");
        db.execute_unprepared(&format!(
            "INSERT INTO main.{t} ({list}) SELECT {list} FROM bk.{t}",
            t = ident(table)
        ))
        .await?;
    }
    // Ids are never reused: an erased person's id stays retired.
    let sequences = |schema: &'static str| async move {
        texts(
            db,
            &format!("SELECT name FROM {schema}.sqlite_master WHERE name = 'sqlite_sequence'"),
            vec![],
        )
        .await
        .map(|v| !v.is_empty())
    };
    if sequences("main").await? && sequences("bk").await? {
        db.execute_unprepared(
            "DELETE FROM main.sqlite_sequence; \
             INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM bk.sqlite_sequence \
             WHERE name IN (SELECT name FROM main.sqlite_master WHERE type = 'table')",
        )
        .await?;
    }
    db.execute_unprepared("DETACH DATABASE bk").await?;
    let fts = super::migration::m0016_search::FTS_TABLE;
    if mine.iter().any(|o| o == &format!("table\u{1f}{fts}")) {
        db.execute_unprepared(&format!("INSERT INTO {fts}({fts}) VALUES ('rebuild')"))
            .await?;
    }
    let broken = db
        .query_all_raw(sea_orm::Statement::from_string(
            DatabaseBackend::Sqlite,
            "PRAGMA foreign_key_check",
        ))
        .await?;
    if !broken.is_empty() {
        return Err(CoreError::new(
            ErrorCode::Database,
            format!("{} rows point at records that are not there", broken.len()),
        ));
    }
    Migrator::up(db, None).await?;
    Ok(left_out)
}
