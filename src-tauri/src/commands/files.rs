//! Files the owner chooses. The window never names a path: it asks for a native open or save
//! dialog for a purpose, and gets back a token for what the owner chose (and its name, to
//! show). The commands that read or write a file take that token, and Kindly looks up the
//! path it kept, refusing a token it did not issue or one issued for another purpose.

use super::prelude::*;
use std::path::PathBuf;

/// What a file is chosen for: each has its own filter, and a token works only for its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FilePurpose {
    /// A Kindly backup to restore (open).
    Backup,
    /// A CSV file of candidates to import (open).
    ImportCsv,
    /// A CSV export (save).
    ExportCsv,
    /// Everything held about a candidate, zipped (save).
    AccessExport,
    /// A pulse check as PNG (save).
    ReportPng,
    /// A pulse check as PDF (save).
    ReportPdf,
    /// Reminders as a calendar (save).
    Calendar,
    /// A mail server's own certificate to trust (open).
    Certificate,
}

impl FilePurpose {
    /// The dialog's filter: its name and extensions.
    pub fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            FilePurpose::Backup => ("Kindly backup", &["db"]),
            FilePurpose::ImportCsv => ("CSV", &["csv", "txt", "tsv"]),
            FilePurpose::ExportCsv => ("CSV", &["csv"]),
            FilePurpose::AccessExport => ("ZIP archive", &["zip"]),
            FilePurpose::ReportPng => ("PNG image", &["png"]),
            FilePurpose::ReportPdf => ("PDF document", &["pdf"]),
            FilePurpose::Calendar => ("Calendar", &["ics"]),
            FilePurpose::Certificate => ("Certificate (PEM)", &["pem", "crt", "cer"]),
        }
    }

    /// Whether the owner chooses where to save (otherwise, a file to open).
    pub fn saves(self) -> bool {
        !matches!(
            self,
            FilePurpose::Backup | FilePurpose::ImportCsv | FilePurpose::Certificate
        )
    }
}

/// What a native dialog is asked: open or save, for what, with which suggested name and
/// folder.
pub struct DialogRequest {
    pub purpose: FilePurpose,
    pub suggested_name: Option<String>,
    pub folder: Option<PathBuf>,
}

/// Shows a native dialog and waits for the owner's choice (`None`: cancelled).
pub type NativeDialog = std::sync::Arc<dyn Fn(DialogRequest) -> Option<PathBuf> + Send + Sync>;

/// A file the owner chose: the token the commands take, and its name to show.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PickedFile {
    pub token: String,
    pub name: String,
}

/// The files chosen in this session, by token.
#[derive(Default)]
pub struct Picked {
    next: u64,
    files: std::collections::HashMap<String, (FilePurpose, PathBuf)>,
    /// End-to-end tests answer the next dialogs here (WebDriver cannot reach a GTK dialog).
    /// Only debug builds fill it: `test_answer_dialogs` is refused in a release build.
    answers: std::collections::VecDeque<Option<String>>,
}

impl Picked {
    fn issue(&mut self, purpose: FilePurpose, path: PathBuf) -> PickedFile {
        self.next += 1;
        let token = format!("file-{}", self.next);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.files.insert(token.clone(), (purpose, path));
        PickedFile { token, name }
    }
}

/// The path behind a token issued for `purpose`, or a `validation` error on `file`.
pub(super) fn chosen(state: &AppState, token: &str, purpose: FilePurpose) -> Res<PathBuf> {
    let picked = state.picked.lock().unwrap_or_else(|p| p.into_inner());
    match picked.files.get(token) {
        Some((p, path)) if *p == purpose => Ok(path.clone()),
        _ => Err(CoreError::invalid(
            "file",
            "choose the file again: Kindly only opens or writes files you chose in its own dialog",
        )),
    }
}

async fn pick(state: &AppState, req: DialogRequest) -> Option<PickedFile> {
    let purpose = req.purpose;
    let scripted = {
        let mut picked = state.picked.lock().unwrap_or_else(|p| p.into_inner());
        if cfg!(debug_assertions) {
            picked.answers.pop_front()
        } else {
            None
        }
    };
    let path = match scripted {
        Some(answer) => answer.map(PathBuf::from),
        None => {
            // The dialog waits for the owner: off the async threads.
            let show = state.native_dialog.clone()?;
            tauri::async_runtime::spawn_blocking(move || show(req))
                .await
                .ok()
                .flatten()
        }
    }?;
    let mut picked = state.picked.lock().unwrap_or_else(|p| p.into_inner());
    Some(picked.issue(purpose, path))
}

/// Ask the owner for a file to open, for `purpose`; `None` when they cancel.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn pick_open(
    state: State<'_, AppState>,
    purpose: FilePurpose,
) -> Res<Option<PickedFile>> {
    guarded(async move {
        if purpose.saves() {
            return Err(CoreError::invalid(
                "purpose",
                "this is a file Kindly saves, not opens",
            ));
        }
        let folder = (purpose == FilePurpose::Backup)
            .then(|| kindly_core::store::backup::backup_dir(&state.data_dir));
        Ok(pick(
            state.inner(),
            DialogRequest {
                purpose,
                suggested_name: None,
                folder,
            },
        )
        .await)
    })
    .await
}

/// The certificate the owner chose (`token` from `pick_open` with `certificate`), as the PEM
/// text Settings keeps: at most 64 KB, read once, checked to hold a certificate. The mail
/// settings keep this text, never the path.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn read_certificate(state: State<'_, AppState>, token: String) -> Res<String> {
    guarded(async move {
        use std::io::Read;
        let path = chosen(&state, &token, FilePurpose::Certificate)?;
        let limit = kindly_core::mail::smtp::MAX_CA_PEM_BYTES as u64;
        let mut text = String::new();
        std::fs::File::open(&path)
            .and_then(|f| f.take(limit + 1).read_to_string(&mut text))
            .map_err(|_| CoreError::invalid("ca_pem", "that file cannot be read as text"))?;
        kindly_core::mail::smtp::trusted_certificates(&text)?;
        Ok(text)
    })
    .await
}

/// Ask the owner where to save, for `purpose`, suggesting `suggested_name` (made safe);
/// `None` when they cancel.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state, suggested_name), err)]
pub async fn pick_save(
    state: State<'_, AppState>,
    purpose: FilePurpose,
    suggested_name: String,
) -> Res<Option<PickedFile>> {
    guarded(async move {
        if !purpose.saves() {
            return Err(CoreError::invalid(
                "purpose",
                "this is a file Kindly opens, not saves",
            ));
        }
        let ext = purpose.filter().1[0];
        let stem = suggested_name
            .strip_suffix(&format!(".{ext}"))
            .unwrap_or(&suggested_name);
        let name = kindly_core::file::safe_name(stem, ext);
        Ok(pick(
            state.inner(),
            DialogRequest {
                purpose,
                suggested_name: Some(name),
                folder: None,
            },
        )
        .await)
    })
    .await
}

/// End-to-end tests only: the answers the next dialogs give (a path, or `null` for
/// "cancelled"). Refused in a release build, where only the owner answers a dialog.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn test_answer_dialogs(
    state: State<'_, AppState>,
    answers: Vec<Option<String>>,
) -> Res<()> {
    guarded(async move {
        if !cfg!(debug_assertions) {
            return Err(CoreError::new(
                kindly_core::ErrorCode::Unsupported,
                "Dialogs are answered by the owner in this build.",
            ));
        }
        let mut picked = state.picked.lock().unwrap_or_else(|p| p.into_inner());
        picked.answers.extend(answers);
        Ok(())
    })
    .await
}

/// End-to-end tests only: the next command the window calls fails inside Kindly (a panic), so
/// the test sees what the owner would, through the window's own code. Refused in a release
/// build.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn test_fail_next() -> Res<()> {
    development_build_only()?;
    super::prelude::FAIL_NEXT.store(true, std::sync::atomic::Ordering::SeqCst);
    Ok(())
}

/// End-to-end and command tests only: fail inside Kindly (a panic), to show the window stays
/// usable and says so. Refused in a release build.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn test_fail_inside() -> Res<()> {
    development_build_only()?;
    guarded::<()>(async { panic!("a test asked Kindly to fail inside a command") }).await
}

/// The test hooks that make Kindly fail answer this in a release build.
fn development_build_only() -> Res<()> {
    if cfg!(debug_assertions) {
        Ok(())
    } else {
        Err(CoreError::new(
            kindly_core::ErrorCode::Unsupported,
            "Only a development build can be asked to fail.",
        ))
    }
}
