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

fn unsupported() -> CoreError {
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
    std::fs::create_dir_all(dir)?;
    let name = format!("{PREFIX}{}.db", at.format("%Y%m%d-%H%M%S%.3f"));
    let path = dir.join(&name);
    copy_to(store, &path).await?;
    for old in list(dir).into_iter().skip(keep.max(1)) {
        let _ = std::fs::remove_file(&old.path);
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

/// Restore `file`: check it, keep a copy of the current database in the backup folder, and
/// place the file to be swapped in at the next start (the app restarts to finish).
pub async fn stage_restore(
    store: &Store,
    data_dir: &Path,
    file: &Path,
    at: DateTime<Utc>,
) -> Result<BackupCheck> {
    if store.backend() != DatabaseBackend::Sqlite {
        return Err(unsupported());
    }
    let checked = check(file).await?;
    let dir = backup_dir(data_dir);
    std::fs::create_dir_all(&dir)?;
    let aside = dir.join(format!("before-restore-{}.db", at.format("%Y%m%d-%H%M%S")));
    copy_to(store, &aside).await?;
    crate::file::copy_atomically(file, &data_dir.join(PENDING_RESTORE))?;
    Ok(checked)
}
