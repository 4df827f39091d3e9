//! Used by the crash test: open the store in a data dir, recover from an earlier stop, and
//! send everything due, as the app's worker does. `drain_outbox DATA_DIR`
use kindly_core::mail::outbox;
use kindly_core::secrets::Keychain;
use kindly_core::service::sending::{self, NoEvents, WorkerConfig};

#[tokio::main]
async fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: drain_outbox DATA_DIR");
    let store = kindly_core::open(std::path::Path::new(&dir), None)
        .await
        .unwrap();
    let keychain = Keychain::from_env("kindly-test");
    outbox::recover_after_crash(&store).await.unwrap();
    let report = sending::drain(&store, &keychain, &WorkerConfig::default(), &NoEvents)
        .await
        .unwrap();
    println!(
        "sent {} failed {} retrying {}",
        report.sent, report.failed, report.retrying
    );
}
