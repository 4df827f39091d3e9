//! Shared by the benches that run on the test PostgreSQL server (`scripts/with-postgres.sh`).

use sea_orm::ConnectionTrait;

/// A new, empty database `name` on the server at `admin` (dropped first if a run left one),
/// by its address.
pub async fn new_database(admin: &str, name: &str) -> String {
    let conn = sea_orm::Database::connect(admin).await.unwrap();
    conn.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
        .await
        .unwrap();
    conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}
