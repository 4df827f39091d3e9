//! Used by the kill tests: import a CSV file into the store in a data dir (one transaction),
//! printing `progress D/T` as rows are written (so a test knows its kill landed mid-import)
//! and `imported N` once it committed. `import_file DATA_DIR FILE`
use kindly_core::service::csv_io::{self, ImportOptions, OnDuplicate};
use std::sync::atomic::AtomicBool;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: import_file DATA_DIR FILE");
    let file = args.next().expect("usage: import_file DATA_DIR FILE");
    let bytes = std::fs::read(file).unwrap();
    let store = kindly_core::open(std::path::Path::new(&dir), None)
        .await
        .unwrap();
    let p = csv_io::preview(&store, &bytes, None).await.unwrap();
    let r = csv_io::import(
        &store,
        &bytes,
        ImportOptions {
            mapping: p.mapping,
            on_duplicate: OnDuplicate::Skip,
            good_rows_only: false,
        },
        &|done, total| {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "progress {done}/{total}");
            let _ = out.flush();
        },
        &AtomicBool::new(false),
    )
    .await
    .unwrap();
    println!("imported {}", r.created);
}
