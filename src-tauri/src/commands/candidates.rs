//! Candidates: the people, listed, looked up, added, edited and deleted.

use super::prelude::*;

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
pub async fn list_candidates(
    state: State<'_, AppState>,
    query: CandidateQuery,
) -> Res<CandidatePage> {
    guarded(async move { candidates::list(state.store()?, query).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn get_candidate(state: State<'_, AppState>, id: i32) -> Res<CandidateDetail> {
    guarded(async move { candidates::get(state.store()?, id).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip_all, err)]
/// Add a candidate; someone erased earlier only when the owner chose to add them again.
pub async fn create_candidate(
    state: State<'_, AppState>,
    input: CandidateInput,
    re_add_erased: bool,
) -> Res<Candidate> {
    guarded(async move { candidates::create_checked(state.store()?, input, re_add_erased).await })
        .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, input), err)]
pub async fn update_candidate(
    state: State<'_, AppState>,
    id: i32,
    input: CandidateInput,
) -> Res<Candidate> {
    guarded(async move { candidates::update(state.store()?, id, input).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, base, mine), err)]
/// After a `conflict` on `version`: the owner's edit (`mine`, begun from `base`) taken again
/// on top of the candidate as it is now, for the form to show and save.
pub async fn reapply_candidate_edit(
    state: State<'_, AppState>,
    id: i32,
    base: CandidateInput,
    mine: CandidateInput,
) -> Res<Reapplied> {
    guarded(async move { candidates::reapply(state.store()?, id, base, mine).await }).await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
/// For an open form: what changed since the version it was opened at, if anything (another
/// desktop saved meanwhile); said before the owner saves, not after.
pub async fn candidate_changed_since(
    state: State<'_, AppState>,
    id: i32,
    version: i32,
) -> Res<Option<String>> {
    guarded(async move { candidates::changed_since_version(state.store()?, id, version).await })
        .await
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err)]
pub async fn delete_candidate(state: State<'_, AppState>, id: i32) -> Res<()> {
    guarded(async move { candidates::delete(state.store()?, id).await }).await
}
