//! What only the embedded SQLite file has: pragmas, persistence, the copy before a
//! migration, and refusing a database from a newer Kindly.

use kindly_core::service::candidates::{self, CandidateInput, CandidateQuery};
use kindly_core::{ErrorCode, Store};
use sea_orm::{ConnectionTrait, Statement};

async fn pragma(store: &Store, name: &str) -> String {
    let row = store
        .db()
        .query_one_raw(Statement::from_string(
            store.backend(),
            format!("PRAGMA {name}"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0)
        .map(|v| v.to_string())
        .or_else(|_| row.try_get_by_index::<String>(0))
        .unwrap()
}

#[tokio::test]
async fn every_connection_has_wal_foreign_keys_a_busy_timeout_and_an_untrusted_schema() {
    let dir = tempfile::tempdir().unwrap();
    let store = kindly_core::open(dir.path(), None).await.unwrap();
    // Several checks, so more than one pooled connection is likely used.
    for _ in 0..6 {
        assert_eq!(pragma(&store, "journal_mode").await, "wal");
        assert_eq!(pragma(&store, "foreign_keys").await, "1");
        assert_eq!(pragma(&store, "busy_timeout").await, "5000");
        assert_eq!(pragma(&store, "trusted_schema").await, "0");
        assert_eq!(pragma(&store, "secure_delete").await, "1");
    }
    assert!(dir.path().join("kindly.db").exists());
}

#[tokio::test]
async fn data_survives_a_reopen_and_a_new_file_needs_no_copy() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = kindly_core::open(dir.path(), None).await.unwrap();
        assert!(store.info().backup_before_migration.is_none());
        candidates::create(
            &store,
            CandidateInput {
                first_name: "Hana".into(),
                email: "hana@example.com".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        store.db().clone().close().await.unwrap();
    }
    let store = kindly_core::open(dir.path(), None).await.unwrap();
    let page = candidates::list(&store, CandidateQuery::default())
        .await
        .unwrap();
    assert_eq!(page.rows[0].first_name, "Hana");
    assert!(
        store.info().backup_before_migration.is_none(),
        "nothing to migrate, no copy"
    );
}

#[tokio::test]
async fn an_existing_file_is_copied_aside_before_migrating() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kindly.db");
    {
        // A database from before Kindly's first migration, holding something of the owner's.
        let pool =
            sea_orm::sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=rwc", file.display()))
                .await
                .unwrap();
        sea_orm::sqlx::query("CREATE TABLE notes_from_before (t TEXT)")
            .execute(&pool)
            .await
            .unwrap();
        sea_orm::sqlx::query("INSERT INTO notes_from_before VALUES ('keep me')")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }
    let store = kindly_core::open(dir.path(), None).await.unwrap();
    let copy = store
        .info()
        .backup_before_migration
        .clone()
        .expect("a copy");
    assert!(copy.contains("kindly.db.before-m0001_initial"), "{copy}");
    let pool = sea_orm::sqlx::SqlitePool::connect(&format!("sqlite://{copy}?mode=ro"))
        .await
        .unwrap();
    let (t,): (String,) = sea_orm::sqlx::query_as("SELECT t FROM notes_from_before")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(t, "keep me");
    let (n,): (i64,) =
        sea_orm::sqlx::query_as("SELECT COUNT(*) FROM sqlite_master WHERE name = 'candidates'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(n, 0, "the copy is from before the migration");
}

#[tokio::test]
async fn a_database_from_a_newer_kindly_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = kindly_core::open(dir.path(), None).await.unwrap();
        store
            .db()
            .execute_unprepared(
                "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m9999_from_the_future', 0)",
            )
            .await
            .unwrap();
        store.db().clone().close().await.unwrap();
    }
    let file = dir.path().join("kindly.db");
    let before = std::fs::read(&file).unwrap();
    let e = kindly_core::open(dir.path(), None).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::DatabaseTooNew);
    assert!(
        e.message.contains("newer version of Kindly"),
        "{}",
        e.message
    );
    assert!(e.message.contains("m9999_from_the_future"));
    assert_eq!(std::fs::read(&file).unwrap(), before);
    let copies = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains(".bak")
        })
        .count();
    assert_eq!(copies, 0);
}

#[tokio::test]
async fn builtin_templates_are_seeded_once_and_edits_survive_a_reopen() {
    use kindly_core::service::templates;
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let store = kindly_core::open(dir.path(), None).await.unwrap();
        let t = templates::list(&store).await.unwrap().remove(0);
        templates::update(
            &store,
            t.id,
            templates::TemplateInput {
                name: "Mine".into(),
                subject: t.subject.clone(),
                body: t.body.clone(),
            },
        )
        .await
        .unwrap();
        store.db().clone().close().await.unwrap();
        t.id
    };
    let store = kindly_core::open(dir.path(), None).await.unwrap();
    let all = templates::list(&store).await.unwrap();
    assert_eq!(all.len(), kindly_core::domain::defaults::DEFAULTS.len());
    assert_eq!(templates::get(&store, id).await.unwrap().name, "Mine");
}
