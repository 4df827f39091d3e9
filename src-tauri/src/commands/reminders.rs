//! Reminders and the Today list, and their calendar export.

use super::prelude::*;

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn today_reminders(state: State<'_, AppState>) -> Res<TodayReminders> {
    guarded(async move { reminders::today(state.store()?, kindly_core::clock::now()).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn create_reminder(state: State<'_, AppState>, input: ReminderInput) -> Res<Reminder> {
    guarded(
        async move { reminders::create(state.store()?, input, kindly_core::clock::now()).await },
    )
    .await
}

/// Mark done; a repeating reminder returns its next one.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn complete_reminder(state: State<'_, AppState>, id: i32) -> Res<Option<Reminder>> {
    guarded(async move { reminders::complete(state.store()?, id, kindly_core::clock::now()).await })
        .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn snooze_reminder(state: State<'_, AppState>, id: i32, snooze: Snooze) -> Res<Reminder> {
    guarded(async move {
        reminders::snooze(state.store()?, id, snooze, kindly_core::clock::now()).await
    })
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn reschedule_reminder(
    state: State<'_, AppState>,
    id: i32,
    due_local: String,
) -> Res<Reminder> {
    guarded(async move {
        reminders::reschedule(state.store()?, id, &due_local, kindly_core::clock::now()).await
    })
    .await
}

/// Write open reminders as an .ics calendar to the path the owner chose in the save dialog.
#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn export_reminders_ics(state: State<'_, AppState>, file: String) -> Res<u32> {
    guarded(async move {
        let path = super::files::chosen(&state, &file, super::files::FilePurpose::Calendar)?;
        reminders::export_ics_to(
            state.store()?,
            &path.to_string_lossy(),
            kindly_core::clock::now(),
        )
        .await
    })
    .await
}
