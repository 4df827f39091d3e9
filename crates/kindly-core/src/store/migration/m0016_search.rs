use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0016_search"
    }
}

/// The search box finds a name or an address from any three letters in it without reading
/// every candidate: a trigram index of `search_key`. On SQLite an FTS5 table (`trigram`
/// tokenizer) kept by triggers, its text not stored twice (external content); on PostgreSQL a
/// `pg_trgm` GIN index, which the same `LIKE '%…%'` uses.
pub const FTS_TABLE: &str = "candidates_fts";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                    .await?;
                db.execute_unprepared(
                    "CREATE INDEX IF NOT EXISTS ix_candidates_search_trgm ON candidates \
                     USING gin (search_key gin_trgm_ops)",
                )
                .await?;
            }
            _ => {
                for sql in [
                    "CREATE VIRTUAL TABLE candidates_fts USING fts5(search_key, content='candidates', content_rowid='id', tokenize='trigram')",
                    "CREATE TRIGGER candidates_fts_insert AFTER INSERT ON candidates BEGIN \
                       INSERT INTO candidates_fts(rowid, search_key) VALUES (new.id, new.search_key); END",
                    "CREATE TRIGGER candidates_fts_delete AFTER DELETE ON candidates BEGIN \
                       INSERT INTO candidates_fts(candidates_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key); END",
                    "CREATE TRIGGER candidates_fts_update AFTER UPDATE OF search_key ON candidates BEGIN \
                       INSERT INTO candidates_fts(candidates_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key); \
                       INSERT INTO candidates_fts(rowid, search_key) VALUES (new.id, new.search_key); END",
                    "INSERT INTO candidates_fts(candidates_fts) VALUES ('rebuild')",
                ] {
                    db.execute_unprepared(sql).await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match db.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared("DROP INDEX IF EXISTS ix_candidates_search_trgm")
                    .await?;
            }
            _ => {
                for sql in [
                    "DROP TRIGGER IF EXISTS candidates_fts_insert",
                    "DROP TRIGGER IF EXISTS candidates_fts_delete",
                    "DROP TRIGGER IF EXISTS candidates_fts_update",
                    "DROP TABLE IF EXISTS candidates_fts",
                ] {
                    db.execute_unprepared(sql).await?;
                }
            }
        }
        Ok(())
    }
}
