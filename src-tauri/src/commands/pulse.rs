//! The pulse check, and saving it as a picture or a PDF.

use super::prelude::*;

/// The pulse check for a period: figures per role and overall, with the people behind them.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn pulse_check(state: State<'_, AppState>, query: PulseQuery) -> Res<Pulse> {
    guarded(async move { pulse::pulse(state.store()?, &query, kindly_core::clock::now()).await })
        .await
}

/// Save a view the window drew (an SVG) as a PNG or a PDF at the path the owner chose.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state, svg, file), err)]
pub async fn save_report(
    state: State<'_, AppState>,
    svg: String,
    format: ReportFormat,
    file: String,
) -> Res<()> {
    guarded(async move {
        let purpose = match format {
            ReportFormat::Png => super::files::FilePurpose::ReportPng,
            ReportFormat::Pdf => super::files::FilePurpose::ReportPdf,
        };
        let path = super::files::chosen(&state, &file, purpose)?;
        tauri::async_runtime::spawn_blocking(move || report::save(&svg, format, &path))
            .await
            .map_err(|e| {
                CoreError::new(
                    kindly_core::ErrorCode::Io,
                    format!("the file could not be written: {e}"),
                )
            })?
    })
    .await
}
