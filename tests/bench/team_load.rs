//! `make bench`: a team of 3 desktops (3 processes, the core's `team_desk` example) on one
//! PostgreSQL server, each doing 500 random edits and stage moves on the same 60 people at
//! once. Afterwards: every acknowledged edit is in the notes (0 lost updates), and every
//! application's stage history is a chain of moves the pipeline allows (0 illegal stages).
//! Prints the p50 and p95 latency per operation, beside a lone desktop doing the same.

use kindly_core::domain::Stage;
use kindly_core::service::{applications, candidates, roles};
use kindly_core::store::entities::activity;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::BTreeSet;

#[path = "pg.rs"]
mod pg;

const DESKS: usize = 3;
const OPS: usize = 500;
const PEOPLE: usize = 60;

fn example(name: &str) -> std::path::PathBuf {
    let exe = std::env::current_exe().unwrap();
    let p = exe
        .parent()
        .and_then(|d| d.parent())
        .unwrap()
        .join("examples")
        .join(name);
    assert!(p.exists(), "{} is built by `make bench`", p.display());
    p
}

fn percentile(v: &mut [f64], p: usize) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return 0.0;
    }
    v[(v.len() * p).div_ceil(100).max(1) - 1]
}

struct Run {
    acknowledged: Vec<String>,
    edit_ms: Vec<f64>,
    move_ms: Vec<f64>,
    edit_conflicts: u64,
    move_conflicts: u64,
    moves: u64,
}

async fn run(url: &str, desks: usize) -> Run {
    let children: Vec<_> = (0..desks)
        .map(|i| {
            std::process::Command::new(example("team_desk"))
                .args([
                    url,
                    &format!("desk{i}"),
                    &OPS.to_string(),
                    &(0x9e37_79b9_7f4a_7c15u64 + i as u64 * 7919).to_string(),
                ])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut out = Run {
        acknowledged: vec![],
        edit_ms: vec![],
        move_ms: vec![],
        edit_conflicts: 0,
        move_conflicts: 0,
        moves: 0,
    };
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert!(o.status.success(), "a desktop failed");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let nums = |k: &str| -> Vec<f64> {
            v[k].as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect()
        };
        out.acknowledged.extend(
            v["acknowledged"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string()),
        );
        out.edit_ms.extend(nums("edit_ms"));
        out.move_ms.extend(nums("move_ms"));
        out.edit_conflicts += v["edit_conflicts"].as_u64().unwrap();
        out.move_conflicts += v["move_conflicts"].as_u64().unwrap();
        out.moves += v["moves"].as_u64().unwrap();
    }
    out
}

async fn seed(url: &str) -> kindly_core::Store {
    let store = kindly_core::Store::open_postgres(url).await.unwrap();
    let role = roles::create(
        &store,
        roles::RoleInput {
            title: "Barista".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    for i in 0..PEOPLE {
        let c = candidates::create(
            &store,
            candidates::CandidateInput {
                first_name: format!("P{i}"),
                last_name: "Bench".into(),
                email: format!("p{i}@example.org"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        applications::add(&store, c.id, role.id).await.unwrap();
    }
    store
}

/// Every application's stage changes, in order, each from where the last one left it and each
/// a move the pipeline allows. Returns how many transitions were checked and the illegal ones.
async fn illegal_stages(store: &kindly_core::Store) -> (usize, Vec<String>) {
    let label = |s: &str| Stage::ALL.into_iter().find(|x| x.label() == s);
    let entries = activity::Entity::find()
        .filter(activity::Column::Kind.eq("stage_changed"))
        .order_by_asc(activity::Column::Id)
        .all(store.db())
        .await
        .unwrap();
    let mut at: std::collections::HashMap<i32, Stage> = Default::default();
    let mut bad = vec![];
    for e in &entries {
        let rest = e
            .summary
            .strip_prefix("Moved from ")
            .or_else(|| e.summary.strip_prefix("Reopened from "))
            .unwrap();
        let (from, rest) = rest.split_once(" to ").unwrap();
        let to = rest.split(" for ").next().unwrap();
        let (from, to) = (label(from).unwrap(), label(to).unwrap());
        let app = e.application_id.unwrap();
        let was = *at.get(&app).unwrap_or(&Stage::Applied);
        if was != from || from.check_move(to).is_err() {
            bad.push(format!(
                "application {app}: at {was:?}, moved {from:?} -> {to:?}"
            ));
        }
        at.insert(app, to);
    }
    // And the applications are where their histories end.
    for (app, stage) in &at {
        let now = kindly_core::service::application_view::get(store, *app)
            .await
            .unwrap()
            .stage;
        if now != *stage {
            bad.push(format!(
                "application {app}: history ends at {stage:?}, it is at {now:?}"
            ));
        }
    }
    (entries.len(), bad)
}

async fn lost_updates(store: &kindly_core::Store, acknowledged: &[String]) -> usize {
    let mut present = BTreeSet::new();
    let page = candidates::list(
        store,
        candidates::CandidateQuery {
            limit: 500,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    for r in page.rows {
        let c = candidates::get(store, r.id).await.unwrap().candidate;
        for t in c.notes.unwrap_or_default().split_whitespace() {
            assert!(present.insert(t.to_string()), "{t} saved twice");
        }
    }
    acknowledged
        .iter()
        .filter(|t| !present.contains(*t))
        .count()
}

fn main() {
    let admin = std::env::var("KINDLY_TEST_PG_URL")
        .expect("KINDLY_TEST_PG_URL: `make bench` runs this beside a test PostgreSQL server");
    tauri::async_runtime::block_on(async {
        println!("{DESKS} desktops x {OPS} random edits and stage moves on {PEOPLE} people, one PostgreSQL server");
        for (desks, db) in [(1, "kindly_bench_alone"), (DESKS, "kindly_bench_team")] {
            let url = pg::new_database(&admin, db).await;
            let store = seed(&url).await;
            let t = std::time::Instant::now();
            let mut r = run(&url, desks).await;
            let took = t.elapsed();
            let lost = lost_updates(&store, &r.acknowledged).await;
            let (checked, illegal) = illegal_stages(&store).await;
            println!(
                "\n{desks} desktop(s): {} ops in {:.1} s; {} edits acknowledged ({} conflicts met and retried), {} moves ({} refused as conflicts)",
                desks * OPS,
                took.as_secs_f64(),
                r.acknowledged.len(),
                r.edit_conflicts,
                r.moves,
                r.move_conflicts
            );
            println!(
                "  edit p50 {:.2} ms, p95 {:.2} ms; stage move p50 {:.2} ms, p95 {:.2} ms",
                percentile(&mut r.edit_ms, 50),
                percentile(&mut r.edit_ms, 95),
                percentile(&mut r.move_ms, 50),
                percentile(&mut r.move_ms, 95)
            );
            println!(
                "  lost updates: {lost}; stage changes checked: {checked}, illegal: {}",
                illegal.len()
            );
            for b in illegal.iter().take(5) {
                println!("    {b}");
            }
            assert_eq!(lost, 0, "lost updates");
            assert!(illegal.is_empty(), "illegal stages");
        }
    });
}
