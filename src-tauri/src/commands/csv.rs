//! Candidates in and out of spreadsheets (CSV).

use super::prelude::*;

fn read_file(state: &AppState, file: &str) -> Res<Vec<u8>> {
    let path = super::files::chosen(state, file, super::files::FilePurpose::ImportCsv)?;
    kindly_core::domain::csv::read_import_file(&path)
}

/// What importing the chosen CSV file would do (nothing is written).
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn preview_import(
    state: State<'_, AppState>,
    file: String,
    mapping: Option<Vec<Option<Field>>>,
) -> Res<ImportPreview> {
    guarded(
        async move { csv_io::preview(state.store()?, &read_file(&state, &file)?, mapping).await },
    )
    .await
}

/// Import the chosen CSV file in one transaction, telling the window how it goes.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn import_candidates(
    state: State<'_, AppState>,
    file: String,
    options: ImportOptions,
) -> Res<ImportReport> {
    guarded(async move {
        let bytes = read_file(&state, &file)?;
        state
            .import_cancel
            .store(false, std::sync::atomic::Ordering::Relaxed);
        let progress = state.import_progress.clone();
        csv_io::import(
            state.store()?,
            &bytes,
            options,
            &move |d, t| progress(d, t),
            &state.import_cancel,
        )
        .await
    })
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn cancel_import(state: State<'_, AppState>) -> Res<()> {
    guarded(async move {
        state
            .import_cancel
            .store(true, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    })
    .await
}

#[derive(Debug, Clone, Copy, serde::Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    Candidates,
    Applications,
    Messages,
}

/// Write a CSV (UTF-8, a header row) to the path the owner chose in the save dialog.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state, file), err)]
pub async fn export_csv(state: State<'_, AppState>, kind: ExportKind, file: String) -> Res<()> {
    guarded(async move {
        let path = super::files::chosen(&state, &file, super::files::FilePurpose::ExportCsv)?;
        let store = state.store()?;
        let text = match kind {
            ExportKind::Candidates => csv_io::export_candidates(store).await?,
            ExportKind::Applications => csv_io::export_applications(store).await?,
            ExportKind::Messages => csv_io::export_messages(store).await?,
        };
        csv_io::write_file(&path, &text)
    })
    .await
}
