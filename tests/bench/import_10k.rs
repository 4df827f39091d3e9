//! `make bench`: import 10,000 candidates from a CSV file (with roles and stages, a quoted
//! field with a line break in every tenth row) into a temp SQLite file; the time to preview it
//! and to import it in one transaction, median of 5 runs on fresh databases. The issue asks
//! for "a few seconds". Then the pulse check over those 10,000 applications.

use kindly_core::service::csv_io::{self, ImportOptions, OnDuplicate};
use kindly_core::service::pulse::{self, PulseQuery};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

const N: usize = 10_000;
const RUNS: usize = 5;

fn file() -> String {
    let roles = ["Barista", "Line Cook", "Shop Assistant", "Delivery Driver"];
    let stages = [
        "Applied",
        "Interview",
        "Interviewed",
        "Shortlisted",
        "Rejected",
    ];
    let mut s = String::from("First name,Last name,Email,Phone,Job,Status,Notes\r\n");
    for i in 0..N {
        let notes = if i % 10 == 0 {
            "\"Met at the market,\r\nvery keen\"".to_string()
        } else {
            String::new()
        };
        s += &format!(
            "Person{i},Surname{},person{i}@example.org,+44 7700 9{:05},{},{},{notes}\r\n",
            i % 97,
            i,
            roles[i % roles.len()],
            stages[i % stages.len()]
        );
    }
    s
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let csv = file();
    let (mut previews, mut imports, mut pulses) = (vec![], vec![], vec![]);
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
        let r = csv_io::import(
            &store,
            csv.as_bytes(),
            ImportOptions {
                mapping: p.mapping,
                on_duplicate: OnDuplicate::Skip,
                good_rows_only: false,
            },
            &|_, _| {},
            &AtomicBool::new(false),
        )
        .await
        .unwrap();
        imports.push(t.elapsed());
        assert_eq!(r.created as usize, N);
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
    println!(
        "  import (one transaction, with roles and applications): {:>7.1} ms",
        median(imports).as_secs_f64() * 1e3
    );
    println!(
        "  pulse check over them (all roles and each):          {:>7.1} ms",
        median(pulses).as_secs_f64() * 1e3
    );
}
