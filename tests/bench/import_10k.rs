//! `make bench`: import 10,000 candidates from a CSV file (with roles and stages, a quoted
//! field with a line break in every tenth row) into a temp SQLite file; the time to preview it
//! and to import it in one transaction, median of 5 runs on fresh databases. Beside it, the
//! floor: the same rows the import wrote (candidates, applications, roles, timeline entries),
//! inserted with rusqlite prepared statements in one transaction into a fresh Kindly database
//! (same schema, indexes and search triggers). Target: the import within 3x the floor. Then
//! the pulse check over those 10,000 applications.

use kindly_core::service::csv_io;
use kindly_core::service::pulse::{self, PulseQuery};
use std::time::{Duration, Instant};

#[path = "people.rs"]
mod people;

const N: usize = 10_000;
const RUNS: usize = 5;

const WRITTEN: [&str; 4] = ["roles", "candidates", "applications", "activities"];

/// A table's name, its columns, and its rows.
type Table = (String, Vec<String>, Vec<Vec<rusqlite::types::Value>>);

/// Every row the import wrote, table by table, as rusqlite values.
fn rows_written(db: &std::path::Path) -> Vec<Table> {
    let conn = rusqlite::Connection::open(db).unwrap();
    WRITTEN
        .iter()
        .map(|t| {
            let mut st = conn.prepare(&format!("SELECT * FROM {t}")).unwrap();
            let cols: Vec<String> = st.column_names().iter().map(|c| c.to_string()).collect();
            let n = cols.len();
            let rows = st
                .query_map([], |r| {
                    (0..n)
                        .map(|i| r.get::<_, rusqlite::types::Value>(i))
                        .collect()
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            (t.to_string(), cols, rows)
        })
        .collect()
}

/// The floor: those rows inserted with prepared statements in one transaction into a fresh
/// Kindly database (its schema, indexes and triggers). Returns the time and the rows written.
async fn raw_insert(rows: &[Table]) -> (Duration, usize) {
    let dir = tempfile::tempdir().unwrap();
    let store = kindly_core::open(dir.path(), None).await.unwrap();
    // A fresh database holds only the built-in templates and settings; nothing in these tables.
    store.close().await.unwrap();
    let mut conn = rusqlite::Connection::open(dir.path().join("kindly.db")).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    let t = Instant::now();
    let txn = conn.transaction().unwrap();
    let mut n = 0;
    for (table, cols, data) in rows {
        let marks = vec!["?"; cols.len()].join(", ");
        let mut st = txn
            .prepare(&format!(
                "INSERT INTO {table} ({}) VALUES ({marks})",
                cols.join(", ")
            ))
            .unwrap();
        for r in data {
            st.execute(rusqlite::params_from_iter(r.iter())).unwrap();
            n += 1;
        }
    }
    txn.commit().unwrap();
    (t.elapsed(), n)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let csv = people::csv(N);
    let (mut previews, mut imports, mut pulses, mut floors) = (vec![], vec![], vec![], vec![]);
    let mut written = 0;
    for _ in 0..RUNS {
        let dir = tempfile::tempdir().unwrap();
        let store = kindly_core::open(dir.path(), None).await.unwrap();
        let t = Instant::now();
        let p = csv_io::preview(&store, csv.as_bytes(), None).await.unwrap();
        previews.push(t.elapsed());
        assert!(
            p.problems.is_empty(),
            "{:?}",
            &p.problems[..3.min(p.problems.len())]
        );
        let t = Instant::now();
        let r = people::import(&store, &csv, p.mapping).await;
        imports.push(t.elapsed());
        assert_eq!(r.created as usize, N);
        let rows = rows_written(&dir.path().join("kindly.db"));
        let (floor, n) = raw_insert(&rows).await;
        floors.push(floor);
        written = n;
        // The pulse check over everyone just imported (this year, every role).
        let today = chrono::Utc::now().date_naive();
        let q = PulseQuery {
            from: format!("{}-01-01", today.format("%Y")),
            to: today.to_string(),
            time_zone: "UTC".into(),
        };
        let t = Instant::now();
        let p = pulse::pulse(&store, &q, chrono::Utc::now()).await.unwrap();
        pulses.push(t.elapsed());
        assert_eq!(p.scopes[0].funnel[0].count as usize, N);
    }
    println!("import of {N} CSV rows (median of {RUNS}, fresh SQLite file each):");
    println!(
        "  preview (read, decode, map, check every row): {:>7.1} ms",
        median(previews).as_secs_f64() * 1e3
    );
    let (import, floor) = (median(imports), median(floors));
    println!(
        "  import (one transaction, with roles and applications): {:>7.1} ms",
        import.as_secs_f64() * 1e3
    );
    println!(
        "  floor: the same {written} rows, rusqlite prepared inserts: {:>7.1} ms",
        floor.as_secs_f64() * 1e3
    );
    let ratio = import.as_secs_f64() / floor.as_secs_f64();
    println!(
        "  import / floor: {ratio:.1}x (target 3x): {}",
        if ratio <= 3.0 { "met" } else { "NOT met" }
    );
    println!(
        "  pulse check over them (all roles and each):          {:>7.1} ms",
        median(pulses).as_secs_f64() * 1e3
    );
}
