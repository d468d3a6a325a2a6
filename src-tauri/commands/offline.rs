//! 学时 from offline study (service/offline.rs): thin adapters, like the rest.

use super::{caller, save_with_dialog, Res};
use crate::service::import::ImportRequest;
use crate::service::offline::*;
use crate::store::offline::ActivityRow;
use crate::AppState;
use tauri::{AppHandle, Runtime, State};

#[tauri::command(async)]
pub fn activities(state: State<'_, AppState>, token: String) -> Res<ActivitiesView> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.activities(&a)?)
}

#[tauri::command(async)]
pub fn save_activity(state: State<'_, AppState>, token: String, req: SaveActivityRequest) -> Res<ActivityRow> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.save_activity(&a, req)?)
}

#[tauri::command(async)]
pub fn delete_activity(state: State<'_, AppState>, token: String, req: ActivityIdRequest) -> Res<()> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.delete_activity(&a, req.id)?)
}

#[tauri::command(async)]
pub fn preview_sign_in(state: State<'_, AppState>, token: String, req: ImportRequest) -> Res<SignInPreview> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.preview_sign_in(&a, &req)?)
}

#[tauri::command(async)]
pub fn my_study_sources(state: State<'_, AppState>, token: String) -> Res<StudySources> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.my_study_sources(&a)?)
}

#[tauri::command(async)]
pub fn study_statement(state: State<'_, AppState>, token: String, req: StatementRequest) -> Res<StudyStatement> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.study_statement(&a, &req)?)
}

#[tauri::command(async)]
pub fn export_activities<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    token: String,
) -> Res<Option<String>> {
    let (svc, a) = caller(&state, &token)?;
    let file = svc.export_activities(&a)?;
    save_with_dialog(&app, &svc, &a, file)
}
