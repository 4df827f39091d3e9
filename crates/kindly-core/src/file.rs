//! Writing a file the owner (or Kindly) relies on: all of it or none of it. The bytes go to
//! `<name>.part` beside the target, reach the disk, and are renamed over it; on any failure the
//! `.part` is removed and the error names the file. The one place Kindly does this.

use crate::error::{CoreError, ErrorCode, Result};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Make a folder (and its parents) that only the owner's account can open: 0700 on Linux and
/// macOS. A folder that exists is narrowed too.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Narrow a file Kindly wrote (a database, a backup) to the owner's account: 0600 on Linux and
/// macOS. A file that is not there is fine.
pub fn make_private(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Create `path` empty and private if it is not there (so SQLite, which gives its side files
/// the database's permissions, never makes a readable one).
pub fn create_private(path: &Path) -> std::io::Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path).map(|_| ())?;
    make_private(path)
}

/// A file name made from text someone typed (a candidate's name): letters, digits, spaces and
/// `- _ . , ' ( )` stay; anything else (a slash, a control or direction character) becomes
/// `-`; no leading dot; at most 80 characters; never empty.
pub fn safe_name(stem: &str, ext: &str) -> String {
    let mut out = String::new();
    for c in stem.chars() {
        let keep =
            c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | ',' | '\'' | '(' | ')');
        let c = if keep { c } else { '-' };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    let trimmed: String = out
        .trim_start_matches(['.', ' ', '-'])
        .trim_end_matches([' ', '.'])
        .chars()
        .take(80)
        .collect();
    let stem = if trimmed.is_empty() {
        "kindly"
    } else {
        &trimmed
    };
    format!("{stem}.{ext}")
}

fn part_of(path: &Path) -> PathBuf {
    let mut part = path.as_os_str().to_owned();
    part.push(".part");
    PathBuf::from(part)
}

/// Fill a new file through `fill`, then put it in place of `path` in one step.
pub fn write_with(path: &Path, fill: impl FnOnce(&mut File) -> std::io::Result<()>) -> Result<()> {
    let part = part_of(path);
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        open.mode(0o600);
    }
    let written = open.open(&part).and_then(|mut f| {
        fill(&mut f)?;
        f.sync_all()
    });
    written
        .and_then(|()| std::fs::rename(&part, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&part);
            CoreError::new(
                ErrorCode::Io,
                format!("{} could not be saved: {e}", path.display()),
            )
        })
}

/// Write `bytes` as the whole of `path`, or leave it as it was.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, |f| f.write_all(bytes))
}

/// Copy `from` to `to`, so that `to` is either the whole copy or not there.
pub fn copy_atomically(from: &Path, to: &Path) -> Result<()> {
    let mut src = File::open(from).map_err(|e| {
        CoreError::new(
            ErrorCode::Io,
            format!("{} could not be read: {e}", from.display()),
        )
    })?;
    write_with(to, |f| std::io::copy(&mut src, f).map(|_| ()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_names_from_typed_text_cannot_leave_the_folder() {
        assert_eq!(
            safe_name("Ana López - what we hold", "zip"),
            "Ana López - what we hold.zip"
        );
        assert_eq!(safe_name("../../etc/passwd", "zip"), "etc-passwd.zip");
        assert_eq!(safe_name("Ana\u{202E}piz.exe", "zip"), "Ana-piz.exe.zip");
        assert_eq!(safe_name("a/b\\c\nd", "csv"), "a-b-c-d.csv");
        assert_eq!(safe_name("...", "zip"), "kindly.zip");
        assert_eq!(safe_name(&"x".repeat(300), "zip").len(), 84);
    }

    #[test]
    fn a_failed_write_leaves_neither_the_file_nor_a_part() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.png");
        let e = write_with(&path, |f| {
            f.write_all(b"half")?;
            Err(std::io::Error::other("the disk is full"))
        })
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::Io);
        assert!(e
            .message
            .contains("report.png could not be saved: the disk is full"));
        assert!(!path.exists());
        assert!(!dir.path().join("report.png.part").exists());

        write_atomically(&path, b"whole").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"whole");
        copy_atomically(&path, &dir.path().join("copy.png")).unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("copy.png")).unwrap(),
            b"whole"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "no .part left behind: {names:?}");
    }
}
