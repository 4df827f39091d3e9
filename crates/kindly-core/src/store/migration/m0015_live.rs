use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0015_live"
    }
}

/// On a team's PostgreSQL server, every change to what the windows show is announced on the
/// `kindly_changes` channel: the table and the desktop that made it (its connections carry the
/// desktop's id as their application name), so the other desktops refresh within a second.
/// Once per statement, not per row: an import of 10,000 people is one announcement. SQLite
/// has one desktop and nothing to announce.
pub const TABLES: &[&str] = &[
    "candidates",
    "applications",
    "roles",
    "activities",
    "messages",
    "reminders",
    "templates",
    "interviews",
    "offers",
    "replies",
    "pool_members",
    "referees",
    "background_checks",
    "consents",
    "settings",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        if db.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        db.execute_unprepared(
            "CREATE OR REPLACE FUNCTION kindly_announce() RETURNS trigger AS $$
             BEGIN
               PERFORM pg_notify('kindly_changes', TG_TABLE_NAME || ' ' || current_setting('application_name'));
               RETURN NULL;
             END $$ LANGUAGE plpgsql",
        )
        .await?;
        // Every name must be a table: a wrong one fails here rather than go unheard.
        for t in TABLES {
            db.execute_unprepared(&format!(
                "CREATE TRIGGER kindly_announce_{t} AFTER INSERT OR UPDATE OR DELETE ON {t} \
                 FOR EACH STATEMENT EXECUTE FUNCTION kindly_announce()"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        if db.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        for t in TABLES {
            db.execute_unprepared(&format!(
                "DROP TRIGGER IF EXISTS kindly_announce_{t} ON {t}"
            ))
            .await?;
        }
        db.execute_unprepared("DROP FUNCTION IF EXISTS kindly_announce()")
            .await?;
        Ok(())
    }
}
