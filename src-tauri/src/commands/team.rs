//! Team mode from Settings: check a team's server, join it (optionally moving this computer's
//! data onto it first), or leave it. Joining and leaving restart Kindly on the other store.

use super::prelude::*;
use kindly_core::desktop::{self, TeamServer};
use kindly_core::secrets::Secret;
use kindly_core::service::team::{self, TableMoved, TeamCheck};

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
/// Connect to a team's server and say what is there (nothing is kept yet).
pub async fn check_team_server(server: TeamServer, password: String) -> Res<TeamCheck> {
    guarded(async move { team::check(&server, &password).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
/// Join a team's server: its password goes in the keychain, this computer remembers the
/// server, and Kindly restarts on it. With `move_data`, this computer's data is first copied
/// onto the (empty) server, checked by counting rows; the local file is kept as it was.
pub async fn join_team(
    state: State<'_, AppState>,
    server: TeamServer,
    password: String,
    move_data: bool,
) -> Res<Vec<TableMoved>> {
    guarded(async move {
        let url = team::url(&server)?;
        let there = team::open(&server, &password).await?;
        let moved = if move_data {
            team::move_data(state.store()?, &there).await?
        } else {
            vec![]
        };
        there.db().clone().close().await?;
        state
            .keychain
            .set_database_password(&url, Secret::new(password))
            .await?;
        desktop::set_team(&state.data_dir, Some(server))?;
        tracing::info!(moved = moved.len(), "joined a team server; restarting");
        state.restart.notify_one();
        Ok(moved)
    })
    .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
/// Work on this computer's own file again (the team's server keeps the team's data; the file
/// holds what it held before joining). Kindly restarts.
pub async fn leave_team(state: State<'_, AppState>) -> Res<()> {
    guarded(async move {
        desktop::set_team(&state.data_dir, None)?;
        tracing::info!("left the team server; restarting");
        state.restart.notify_one();
        Ok(())
    })
    .await
}
