//! Used by the kill test: open the store in a data dir and look at the inbox once, as the
//! app does. Writes `scan-started` in the data dir before the look and `scan-done` after its
//! transaction committed, so the test knows where its kill landed. `scan_inbox DATA_DIR`
use kindly_core::secrets::Keychain;

#[tokio::main]
async fn main() {
    let dir = std::env::args().nth(1).expect("usage: scan_inbox DATA_DIR");
    let dir = std::path::Path::new(&dir);
    let store = kindly_core::open(dir, None).await.unwrap();
    let keychain = Keychain::from_env("kindly-test");
    std::fs::write(dir.join("scan-started"), b"").unwrap();
    let r = kindly_core::service::inbox::scan(&store, &keychain, "UTC")
        .await
        .unwrap()
        .expect("an IMAP server is set up");
    std::fs::write(dir.join("scan-done"), b"").unwrap();
    println!("stored {}", r.stored);
}
