//! The database's files in the data folder: the SQLite file, and a restored backup waiting to
//! be swapped in at the next start. Plain file work, before any connection is open.

use crate::error::Result;
use std::path::Path;

/// The SQLite database's name in the data folder.
pub const SQLITE_FILE: &str = "kindly.db";
/// A checked backup, staged to replace the database at the next start.
pub const PENDING_RESTORE: &str = "kindly.db.restore";

/// At start, before the database opens: swap in a staged restore. Returns whether it did.
pub fn apply_pending_restore(data_dir: &Path) -> Result<bool> {
    let staged = data_dir.join(PENDING_RESTORE);
    if !staged.is_file() {
        return Ok(false);
    }
    let db = data_dir.join(SQLITE_FILE);
    for ext in ["-wal", "-shm"] {
        let side = data_dir.join(format!("{SQLITE_FILE}{ext}"));
        if side.exists() {
            std::fs::remove_file(side)?;
        }
    }
    std::fs::rename(staged, db)?;
    Ok(true)
}
