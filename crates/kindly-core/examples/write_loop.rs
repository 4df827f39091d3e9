//! Used by the kill tests: open the store in a data dir and save candidates (each with an
//! application, an interview and a timeline entry, as the window would) one transaction at a
//! time, printing `saved N` after each commit, until killed. `write_loop DATA_DIR PREFIX`
use kindly_core::service::{applications, candidates, roles};
use std::io::Write;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: write_loop DATA_DIR PREFIX");
    let prefix = args.next().expect("usage: write_loop DATA_DIR PREFIX");
    let store = kindly_core::open(std::path::Path::new(&dir), None)
        .await
        .unwrap();
    let role = match roles::list(&store).await.unwrap().into_iter().next() {
        Some(r) => r,
        None => roles::create(
            &store,
            roles::RoleInput {
                title: "Barista".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap(),
    };
    let mut out = std::io::stdout().lock();
    for i in 0.. {
        let c = candidates::create(
            &store,
            candidates::CandidateInput {
                first_name: format!("{prefix}{i}"),
                last_name: "Kill".into(),
                email: format!("{prefix}{i}@example.org"),
                notes: "x".repeat(2000),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let a = applications::add(&store, c.id, role.id).await.unwrap();
        applications::add_interview(&store, a.id, "2026-11-20", "Calm and kind")
            .await
            .unwrap();
        // Reported only once the last write committed, as the window is told "saved".
        writeln!(out, "saved {prefix}{i}").unwrap();
        out.flush().unwrap();
    }
}
