//! The store: one sea-orm connection to SQLite (the embedded default) or PostgreSQL (a team's
//! shared server), migrated at open.

pub mod backup;
pub mod entities;
pub mod files;
pub mod live;
pub mod migration;

use crate::error::{CoreError, ErrorCode, Result};
use migration::Migrator;
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, SqlxSqliteConnector, Statement,
    TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use serde::Serialize;
use specta::Type;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The database file's name inside the data directory.
pub use files::SQLITE_FILE;

/// Where the data lives, as shown in Settings (never a password).
#[derive(Debug, Clone, Serialize, Type)]
pub struct StoreInfo {
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// The SQLite file, or the PostgreSQL server and database without credentials.
    pub location: String,
    /// The copy made before the last migration, if one was needed.
    pub backup_before_migration: Option<String>,
}

#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    info: StoreInfo,
    /// The application name its server connections carry (the desktop's id), so the changes
    /// it announces are told from other desktops'.
    announces_as: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("info", &self.info).finish()
    }
}

impl Store {
    /// Open (creating if needed) the SQLite database in `data_dir`, or PostgreSQL when
    /// `database_url` is given.
    pub async fn open(data_dir: &Path, database_url: Option<&str>) -> Result<Store> {
        Store::open_with(data_dir, database_url, None).await
    }

    /// `open`, with the team server's password (from the keychain).
    pub async fn open_with(
        data_dir: &Path,
        database_url: Option<&str>,
        database_password: Option<&str>,
    ) -> Result<Store> {
        match database_url {
            Some(url) if !url.trim().is_empty() => {
                Store::open_postgres_with(url, database_password).await
            }
            _ => {
                // The data folder and its files are the owner's alone.
                crate::file::private_dir(data_dir)?;
                if files::apply_pending_restore(data_dir)? {
                    tracing::info!("a restored backup was swapped in");
                }
                Store::open_sqlite(&data_dir.join(SQLITE_FILE)).await
            }
        }
    }

    /// SQLite with WAL, a busy timeout and foreign keys, set on every pooled connection.
    pub async fn open_sqlite(path: &Path) -> Result<Store> {
        let existed = path.metadata().map(|m| m.len() > 0).unwrap_or(false);
        crate::file::create_private(path)?;
        for ext in ["-wal", "-shm"] {
            let mut side = path.as_os_str().to_owned();
            side.push(ext);
            crate::file::make_private(Path::new(&side))?;
        }
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true)
            // 32 MiB of page cache per connection (SQLite's default is 2 MiB): a search scans
            // the whole candidates table, and with the small cache that scan evicted the pages
            // the next query needed (measured: the list page went from 9 to 44 ms at 100,000).
            .pragma("cache_size", "-32768")
            // An erased candidate's details are overwritten on disk, not just unlinked.
            .pragma("secure_delete", "ON")
            // A trigger or view in a file Kindly did not write (a restored backup) may not call
            // functions with side effects.
            .pragma("trusted_schema", "OFF");
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(opts)
            .await
            .map_err(|e| {
                CoreError::new(
                    ErrorCode::Database,
                    format!("could not open the database {}: {e}", path.display()),
                )
            })?;
        let db = SqlxSqliteConnector::from_sqlx_sqlite_pool(pool);
        let mut store = Store {
            db,
            announces_as: String::new(),
            info: StoreInfo {
                backend: "sqlite".into(),
                location: path.display().to_string(),
                backup_before_migration: None,
            },
        };
        let backup = if existed {
            Some(path.to_path_buf())
        } else {
            None
        };
        store.migrate(backup).await?;
        Ok(store)
    }

    pub async fn open_postgres(url: &str) -> Result<Store> {
        Store::open_postgres_with(url, None).await
    }

    /// PostgreSQL with the password from the keychain (`password`), never from the address
    /// in a release build; TLS verified against the host name unless the server is on this
    /// computer.
    pub async fn open_postgres_with(url: &str, password: Option<&str>) -> Result<Store> {
        let pg = postgres_options(url, password, cfg!(debug_assertions))?;
        let announces_as = pg.get_application_name().unwrap_or_default().to_string();
        // One attempt first: a server that refuses or cannot be found is said at once, not
        // after the pool's retries run out.
        let unreachable = |e: &dyn std::fmt::Display| {
            CoreError::new(
                ErrorCode::Database,
                format!(
                    "could not connect to the PostgreSQL server {}: {e}",
                    redact_url(url)
                ),
            )
        };
        {
            use sea_orm::sqlx::Connection as _;
            let first = tokio::time::timeout(
                Duration::from_secs(10),
                sea_orm::sqlx::postgres::PgConnection::connect_with(&pg),
            )
            .await
            .map_err(|e| unreachable(&e))?
            .map_err(|e| unreachable(&e))?;
            let _ = first.close().await;
        }
        let pool = sea_orm::sqlx::postgres::PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(pg)
            .await;
        let db = pool
            .map(sea_orm::SqlxPostgresConnector::from_sqlx_postgres_pool)
            .map_err(|e| {
                CoreError::new(
                    ErrorCode::Database,
                    format!(
                        "could not connect to the PostgreSQL server {}: {e}",
                        redact_url(url)
                    ),
                )
            })?;
        let mut store = Store {
            db,
            announces_as,
            info: StoreInfo {
                backend: "postgres".into(),
                location: redact_url(url),
                backup_before_migration: None,
            },
        };
        store.migrate(None).await?;
        Ok(store)
    }

    /// Close the connections; on SQLite the write-ahead log is folded into the file first.
    pub async fn close(self) -> Result<()> {
        if self.backend() == DatabaseBackend::Sqlite {
            self.db
                .execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
                .await?;
        }
        self.db.close().await?;
        Ok(())
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn info(&self) -> &StoreInfo {
        &self.info
    }

    /// The name this store's changes are announced under on a team's server.
    pub fn announces_as(&self) -> &str {
        &self.announces_as
    }

    pub fn backend(&self) -> DatabaseBackend {
        self.db.get_database_backend()
    }

    /// Names of the migrations already applied, empty for a new database.
    async fn applied_versions<C: ConnectionTrait>(db: &C) -> Result<Vec<String>> {
        let backend = db.get_database_backend();
        let exists_sql = match backend {
            DatabaseBackend::Postgres => {
                "SELECT 1 AS x FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'seaql_migrations'"
            }
            _ => "SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'seaql_migrations'",
        };
        let exists = db
            .query_one_raw(Statement::from_string(backend, exists_sql))
            .await?
            .is_some();
        if !exists {
            return Ok(vec![]);
        }
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT version FROM seaql_migrations ORDER BY version",
            ))
            .await?;
        rows.iter()
            .map(|r| r.try_get::<String>("", "version").map_err(CoreError::from))
            .collect()
    }

    /// Apply pending migrations. A database with a migration this binary does not know was
    /// written by a newer Kindly and is refused untouched. An existing SQLite file is copied
    /// aside (a consistent `VACUUM INTO` copy) before anything changes.
    async fn migrate(&mut self, sqlite_file: Option<PathBuf>) -> Result<()> {
        if self.backend() == DatabaseBackend::Postgres {
            // Several desktops may start at once against the team's server: one migrates, in
            // one transaction under an advisory lock; the others wait and find it done.
            let txn = self.db.begin().await?;
            team_lock(&txn, TeamLock::Migrate).await?;
            let pending = Store::check_migrations(&Store::applied_versions(&txn).await?)?;
            if !pending.is_empty() {
                Migrator::up(&txn, None).await?;
                tracing::info!(applied = pending.len(), "database migrated");
            }
            txn.commit().await?;
            return Ok(());
        }
        let applied = Store::applied_versions(&self.db).await?;
        let pending = Store::check_migrations(&applied)?;
        if pending.is_empty() {
            return Ok(());
        }
        if let Some(file) = sqlite_file {
            let stamp = crate::clock::now().format("%Y%m%dT%H%M%SZ");
            let name = format!(
                "{}.before-{}.{stamp}.bak",
                file.file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or(SQLITE_FILE),
                pending[0]
            );
            // A second start within the same second (after a migration that failed) gets a
            // copy of its own rather than failing on the first one's name.
            let mut copy = file.with_file_name(&name);
            let mut n = 1;
            while copy.exists() {
                n += 1;
                copy = file.with_file_name(format!("{name}.{n}"));
            }
            let quoted = copy.display().to_string().replace('\'', "''");
            self.db
                .execute_unprepared(&format!("VACUUM INTO '{quoted}'"))
                .await?;
            crate::file::make_private(&copy)?;
            tracing::info!("copied the database aside before migrating");
            self.info.backup_before_migration = Some(copy.display().to_string());
        }
        // All pending migrations and their records commit together. SQLite's DDL is
        // transactional, but sea-orm-migration wraps only PostgreSQL's: a crash halfway through
        // a migration left a half-made schema that no later start could migrate ("table
        // consents already exists"), and the owner's file would not open.
        let txn = self.db.begin().await?;
        Migrator::up(&txn, None).await?;
        txn.commit().await?;
        tracing::info!(applied = pending.len(), "database migrated");
        Ok(())
    }

    /// The migrations still to apply; an error if the database has one this binary does not
    /// know (a newer Kindly wrote it).
    fn check_migrations(applied: &[String]) -> Result<Vec<String>> {
        let known: Vec<String> = Migrator::migrations()
            .iter()
            .map(|m| m.name().to_string())
            .collect();
        if let Some(unknown) = applied.iter().find(|v| !known.contains(v)) {
            return Err(CoreError::new(
                ErrorCode::DatabaseTooNew,
                format!(
                    "This database was last used by a newer version of Kindly (it has the change '{unknown}', which this version does not know). Update Kindly to open it; nothing was changed."
                ),
            ));
        }
        Ok(known.into_iter().filter(|k| !applied.contains(k)).collect())
    }
}

/// What a desktop holds the team's server for while it does it, one desktop at a time.
#[derive(Debug, Clone, Copy)]
pub enum TeamLock {
    /// Migrating the schema.
    Migrate = 0x4b69_6e01,
    /// Writing the built-in templates.
    Seed = 0x4b69_6e02,
}

/// Take a team-wide lock for the rest of the caller's transaction (PostgreSQL's
/// `pg_advisory_xact_lock`); SQLite's single writer already is one.
pub async fn team_lock<C: ConnectionTrait>(txn: &C, what: TeamLock) -> Result<()> {
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({})", what as i64))
            .await?;
    }
    Ok(())
}

/// Whether a database host is this computer (a name, an address or a Unix socket folder).
fn is_local_host(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.is_empty()
        || h.starts_with('/')
        || h.eq_ignore_ascii_case("localhost")
        || h.parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Whether a database address carries a password (`postgres://user:secret@host/db`).
fn url_has_password(url: &str) -> bool {
    url.split_once("://")
        .map(|(_, rest)| rest.split(['/', '?']).next().unwrap_or(""))
        .and_then(|authority| authority.rsplit_once('@'))
        .is_some_and(|(userinfo, _)| userinfo.contains(':'))
}

/// The connection to a team's PostgreSQL server: TLS with the certificate checked against the
/// host name (`verify-full`) unless the server is on this computer, whatever the address
/// asks; the password from `password` (the keychain). An address with a password in it is
/// refused unless `allow_url_password` (development builds and tests).
pub fn postgres_options(
    url: &str,
    password: Option<&str>,
    allow_url_password: bool,
) -> Result<sea_orm::sqlx::postgres::PgConnectOptions> {
    use sea_orm::sqlx::postgres::{PgConnectOptions, PgSslMode};
    use sea_orm::sqlx::ConnectOptions as _;
    if url_has_password(url) && !allow_url_password {
        return Err(CoreError::invalid(
            "database_url",
            "the database password goes in the keychain, not in the server's address",
        ));
    }
    let mut opts: PgConnectOptions = url.parse().map_err(|e| {
        CoreError::invalid(
            "database_url",
            format!("'{}' is not a PostgreSQL address ({e})", redact_url(url)),
        )
    })?;
    if let Some(p) = password.filter(|p| !p.is_empty()) {
        opts = opts.password(p);
    } else if !allow_url_password {
        // Not PGPASSWORD either: in a release build the keychain is the only place.
        opts = opts.password("");
    }
    let local = opts.get_socket().is_some() || is_local_host(opts.get_host());
    if !local {
        opts = opts.ssl_mode(PgSslMode::VerifyFull);
    }
    // Its changes are announced under this desktop's id, so it can tell them from others'.
    Ok(opts
        .application_name(&crate::desktop::application_name())
        .disable_statement_logging())
}

/// `postgres://user:secret@host:5432/db` → `postgres://host:5432/db`.
pub fn redact_url(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let after_at = rest.rsplit_once('@').map(|(_, h)| h).unwrap_or(rest);
            let no_query = after_at.split('?').next().unwrap_or(after_at);
            format!("{scheme}://{no_query}")
        }
        None => "(a database URL)".into(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_remote_team_server_is_always_verified_tls_and_its_password_not_in_the_address() {
        use sea_orm::sqlx::postgres::PgSslMode;
        for url in [
            "postgres://kindly@db.example.com/hiring",
            "postgres://kindly@db.example.com/hiring?sslmode=disable",
            "postgres://kindly@10.0.0.5:5432/hiring?sslmode=prefer",
        ] {
            let o = super::postgres_options(url, Some("pw"), false).unwrap();
            assert!(matches!(o.get_ssl_mode(), PgSslMode::VerifyFull), "{url}");
        }
        for url in [
            "postgres://kindly@127.0.0.1:5432/hiring",
            "postgres://kindly@localhost/hiring?sslmode=disable",
            "postgres://kindly@[::1]:5432/hiring",
        ] {
            let o = super::postgres_options(url, None, false).unwrap();
            assert!(!matches!(o.get_ssl_mode(), PgSslMode::VerifyFull), "{url}");
        }
        let e = super::postgres_options("postgres://kindly:s3cret@db.example.com/h", None, false)
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("database_url"));
        assert!(!e.message.contains("s3cret"));
        // Development builds and tests may use an address with a password (a local server).
        assert!(super::postgres_options("postgres://k:p@127.0.0.1/h", None, true).is_ok());
        assert!(!super::url_has_password(
            "postgres://k@db.example.com/h?password=x@y"
        ));
    }

    #[test]
    fn urls_lose_their_credentials() {
        assert_eq!(
            super::redact_url("postgres://kindly:s3cret@db.local:5432/hiring?sslmode=require"),
            "postgres://db.local:5432/hiring"
        );
        assert_eq!(
            super::redact_url("postgres://127.0.0.1:5432/x"),
            "postgres://127.0.0.1:5432/x"
        );
    }
}
