//! Test stores: a temp SQLite file, or a fresh database on the PostgreSQL server that
//! `make test` starts (its admin URL in `KINDLY_TEST_PG_URL`).

use kindly_core::Store;
use sea_orm::{ConnectionTrait, Database};

pub struct TestStore {
    pub store: Store,
    // Kept alive so the SQLite file outlives the test.
    pub _dir: Option<tempfile::TempDir>,
}

pub async fn sqlite() -> TestStore {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), None).await.unwrap();
    assert_eq!(store.info().backend, "sqlite");
    TestStore {
        store,
        _dir: Some(dir),
    }
}

#[allow(dead_code)] // not every test binary runs on PostgreSQL
pub async fn postgres() -> TestStore {
    let admin = std::env::var("KINDLY_TEST_PG_URL").expect(
        "KINDLY_TEST_PG_URL is not set: run the tests with `make test`, which starts a PostgreSQL server, or point it at one (postgres://user@127.0.0.1:port/db)",
    );
    let name = format!(
        "kindly_t_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    let conn = Database::connect(admin.as_str()).await.unwrap();
    conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    let store = Store::open_postgres(&format!("{base}/{name}"))
        .await
        .unwrap();
    assert_eq!(store.info().backend, "postgres");
    TestStore { store, _dir: None }
}

/// Run `$body` (an async fn taking `&Store`) once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let t = $crate::common::sqlite().await;
                    super::$name(&t.store).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let t = $crate::common::postgres().await;
                    super::$name(&t.store).await;
                }
            )*
        }
    };
}
