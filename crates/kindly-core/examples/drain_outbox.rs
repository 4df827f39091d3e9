//! Used by the crash tests: open the store in a data dir (or the team's server in
//! `KINDLY_DATABASE_URL`, as the desktop whose id is kept in that data dir), recover from an
//! earlier stop, and send everything due, as the app's worker does.
//! `drain_outbox DATA_DIR [--loop]`: with `--loop`, keep sending until killed (a desktop that
//! stays up); `KINDLY_LEASE_MS` shortens the sending lease.
use kindly_core::mail::outbox;
use kindly_core::secrets::Keychain;
use kindly_core::service::sending::{self, NoEvents, WorkerConfig};
use std::time::Duration;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: drain_outbox DATA_DIR [--loop]");
    let keep_going = args.next().as_deref() == Some("--loop");
    let dir = std::path::Path::new(&dir);
    std::fs::create_dir_all(dir).unwrap();
    kindly_core::desktop::load(dir).unwrap();
    let url = std::env::var("KINDLY_DATABASE_URL").ok();
    let store = kindly_core::open(dir, url.as_deref()).await.unwrap();
    let keychain = Keychain::from_env("kindly-test");
    let mut cfg = WorkerConfig::default();
    if let Some(ms) = std::env::var("KINDLY_LEASE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        cfg.lease = Duration::from_millis(ms);
    }
    outbox::recover_after_crash(&store).await.unwrap();
    loop {
        let report = sending::drain(&store, &keychain, &cfg, &NoEvents)
            .await
            .unwrap();
        println!(
            "sent {} failed {} retrying {}",
            report.sent, report.failed, report.retrying
        );
        if !keep_going {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
