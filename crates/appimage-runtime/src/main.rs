//! The program at the front of Kindly's AppImage (a type 2 AppImage: this ELF file, then a
//! squashfs image of the AppDir right after its last byte).
//!
//! The usual runtime mounts the image with FUSE, which many machines lack and which needs a
//! binary we can't build from the package registries. This one never mounts: it unpacks the
//! image once into the user's cache (`$XDG_CACHE_HOME/kindly/appimage/<image key>`), keeps it
//! there for the next start, and replaces itself with the AppDir's `AppRun`. So the process the
//! desktop (or tauri-driver) started *is* Kindly, and signals reach it directly.
//!
//! Flags, as the standard runtime spells them:
//! - `--appimage-extract-and-run ARGS…` (or `APPIMAGE_EXTRACT_AND_RUN=1`): what a plain start
//!   does here too; the flag is taken out before Kindly sees its arguments.
//! - `--appimage-extract`: unpack into `./squashfs-root` and stop.
//! - `--appimage-offset`: print where the image starts.
//!
//! The image is the owner's own file, but it is still read as untrusted: a path that climbs out
//! (`..`) or runs through a symbolic link is refused, so unpacking writes only inside its folder.

use std::collections::HashSet;
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::os::unix::fs::{symlink, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, SystemTime};

use backhand::{FilesystemReader, InnerNode};

/// Unpacked images not started for this long are removed when another starts.
const KEEP_UNUSED: Duration = Duration::from_secs(14 * 24 * 3600);

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kindly (AppImage): {e}");
            ExitCode::from(127)
        }
    }
}

fn run() -> io::Result<ExitCode> {
    let me = fs::canonicalize("/proc/self/exe")?;
    let mut args: Vec<OsString> = std::env::args_os().collect();
    let argv0 = if args.is_empty() {
        OsString::from("kindly")
    } else {
        args.remove(0)
    };
    let offset = image_offset(&me)?;
    match args.first().and_then(|a| a.to_str()) {
        Some("--appimage-offset") => {
            println!("{offset}");
            return Ok(ExitCode::SUCCESS);
        }
        Some("--appimage-extract") => {
            let into = PathBuf::from("squashfs-root");
            if into.exists() {
                return Err(io::Error::other(
                    "squashfs-root already exists here; move it away first",
                ));
            }
            unpack(&me, offset, &into)?;
            println!("{}", into.display());
            return Ok(ExitCode::SUCCESS);
        }
        Some("--appimage-extract-and-run") => {
            args.remove(0);
        }
        Some(flag) if flag.starts_with("--appimage-") => {
            return Err(io::Error::other(format!(
                "{flag} is not something this AppImage's runtime does \
                 (it knows --appimage-extract-and-run, --appimage-extract and --appimage-offset)"
            )));
        }
        _ => {}
    }
    let appdir = unpacked(&me, offset)?;
    let owd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let err = Command::new(appdir.join("AppRun"))
        .args(&args)
        .env("APPIMAGE", &me)
        .env("APPDIR", &appdir)
        .env("ARGV0", &argv0)
        .env("OWD", owd)
        .exec();
    Err(io::Error::other(format!("could not start AppRun: {err}")))
}

/// Where the squashfs image starts: right after the ELF file's section header table, the last
/// thing a linker writes.
fn image_offset(me: &Path) -> io::Result<u64> {
    let mut head = [0u8; 64];
    File::open(me)?.read_exact(&mut head)?;
    if &head[..4] != b"\x7fELF" || head[4] != 2 || head[5] != 1 {
        return Err(io::Error::other("not a 64-bit little-endian ELF file"));
    }
    let shoff = u64::from_le_bytes(head[0x28..0x30].try_into().expect("8 bytes"));
    let shentsize = u16::from_le_bytes([head[0x3a], head[0x3b]]) as u64;
    let shnum = u16::from_le_bytes([head[0x3c], head[0x3d]]) as u64;
    let offset = shoff + shentsize * shnum;
    let mut magic = [0u8; 4];
    let mut f = File::open(me)?;
    f.seek(SeekFrom::Start(offset))?;
    f.read_exact(&mut magic)
        .map_err(|_| io::Error::other("no image after the runtime: this file was cut short"))?;
    if &magic != b"hsqs" {
        return Err(io::Error::other(
            "no squashfs image after the runtime: this file is damaged",
        ));
    }
    Ok(offset)
}

/// The unpacked AppDir for this image, unpacking it first if this image was never started.
fn unpacked(me: &Path, offset: u64) -> io::Result<PathBuf> {
    let root = cache_root()?;
    let key = image_key(me, offset)?;
    let dir = root.join(&key);
    if dir.join("AppRun").exists() {
        // Seen as used: the pruning below keeps what was started lately.
        let _ = File::open(&dir).and_then(|d| d.set_modified(SystemTime::now()));
        return Ok(dir);
    }
    fs::create_dir_all(&root)?;
    fs::set_permissions(&root, fs::Permissions::from_mode(0o700))?;
    // Unpack beside, then rename: two starts at once never see half an AppDir.
    let partial = root.join(format!(".{key}.{}", std::process::id()));
    let _ = fs::remove_dir_all(&partial);
    unpack(me, offset, &partial)?;
    match fs::rename(&partial, &dir) {
        Ok(()) => {}
        Err(_) if dir.join("AppRun").exists() => {
            let _ = fs::remove_dir_all(&partial);
        }
        Err(e) => {
            let _ = fs::remove_dir_all(&partial);
            return Err(e);
        }
    }
    prune(&root, &key);
    Ok(dir)
}

fn cache_root() -> io::Result<PathBuf> {
    let base = match std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()) {
        Some(v) => PathBuf::from(v),
        None => PathBuf::from(
            std::env::var_os("HOME")
                .ok_or_else(|| io::Error::other("neither XDG_CACHE_HOME nor HOME is set"))?,
        )
        .join(".cache"),
    };
    Ok(base.join("kindly").join("appimage"))
}

/// Names an image by its squashfs superblock (its size and the time it was made) and a hash of
/// its first and last MiB: a different build never reuses another's folder, and nothing has to
/// read the whole file at every start.
fn image_key(me: &Path, offset: u64) -> io::Result<String> {
    let mut f = File::open(me)?;
    let len = f.metadata()?.len();
    let mut sample = Vec::with_capacity(2 << 20);
    f.seek(SeekFrom::Start(offset))?;
    (&mut f).take(1 << 20).read_to_end(&mut sample)?;
    f.seek(SeekFrom::Start(len.saturating_sub(1 << 20).max(offset)))?;
    f.take(1 << 20).read_to_end(&mut sample)?;
    if sample.len() < 96 {
        return Err(io::Error::other("the image after the runtime is cut short"));
    }
    // FNV-1a, 64 bits: a name, not a defence (the signature of an update is checked elsewhere).
    let hash = sample.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    });
    let mkfs_time = u32::from_le_bytes(sample[8..12].try_into().expect("superblock"));
    let bytes_used = u64::from_le_bytes(sample[40..48].try_into().expect("superblock"));
    Ok(format!("{mkfs_time:08x}-{bytes_used:x}-{hash:016x}"))
}

/// Removes unpacked images nobody started for a while (never the one starting now).
fn prune(root: &Path, keep: &str) {
    let Ok(entries) = fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_str() == Some(keep) {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > KEEP_UNUSED);
        if stale {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Unpacks the image into `into`, which must not exist yet.
fn unpack(me: &Path, offset: u64, into: &Path) -> io::Result<()> {
    let reader = BufReader::new(File::open(me)?);
    let fs_reader = FilesystemReader::from_reader_with_offset(reader, offset)
        .map_err(|e| io::Error::other(format!("the image can't be read: {e}")))?;
    fs::create_dir(into)?;
    let mut links: HashSet<PathBuf> = HashSet::new();
    let mut dirs: Vec<(PathBuf, u32)> = Vec::new();
    for node in fs_reader.files() {
        let Some(rel) = inside(&node.fullpath) else {
            return Err(io::Error::other("the image names a path outside itself"));
        };
        if rel.as_os_str().is_empty() {
            continue;
        }
        if rel.ancestors().skip(1).any(|a| links.contains(a)) {
            return Err(io::Error::other(
                "the image puts a file behind a symbolic link",
            ));
        }
        let path = into.join(&rel);
        let mode = u32::from(node.header.permissions) & 0o7777;
        match &node.inner {
            InnerNode::Dir(_) => {
                fs::create_dir_all(&path)?;
                dirs.push((path, mode | 0o700));
            }
            InnerNode::File(file) => {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent)?;
                }
                let mut out = File::create(&path)?;
                let mut data = fs_reader.file(file).reader();
                io::copy(&mut data, &mut out)?;
                out.set_permissions(fs::Permissions::from_mode(mode))?;
            }
            InnerNode::Symlink(link) => {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent)?;
                }
                symlink(&link.link, &path)?;
                links.insert(rel);
            }
            // An AppDir has no devices, pipes or sockets; they are left out.
            _ => {}
        }
    }
    // Directory modes last, so a read-only folder doesn't stop its own files being written.
    for (path, mode) in dirs.into_iter().rev() {
        fs::set_permissions(path, fs::Permissions::from_mode(mode))?;
    }
    Ok(())
}

/// The node's path below the image's root, or None if it climbs out.
fn inside(full: &Path) -> Option<PathBuf> {
    let mut rel = PathBuf::new();
    for c in full.components() {
        match c {
            Component::RootDir | Component::CurDir => {}
            Component::Normal(n) => rel.push(n),
            Component::ParentDir | Component::Prefix(_) => return None,
        }
    }
    Some(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_that_climbs_out_is_not_inside() {
        assert_eq!(
            inside(Path::new("/usr/bin")),
            Some(PathBuf::from("usr/bin"))
        );
        assert_eq!(inside(Path::new("/")), Some(PathBuf::new()));
        assert_eq!(inside(Path::new("/usr/../../etc/passwd")), None);
    }
}
