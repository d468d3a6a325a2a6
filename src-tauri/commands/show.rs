//! The live show's Tauri commands (现场竞答): thin adapters over the same
//! service functions, with the same types, as the LAN host's routes.

use super::{caller, save_with_dialog, Res};
use crate::service::show_api::*;
use crate::AppState;
use tauri::{AppHandle, Runtime, State};

#[tauri::command(async)]
pub fn show_list(state: State<'_, AppState>, token: String) -> Res<Vec<ShowSummary>> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.show_list(&a)?)
}

#[tauri::command(async)]
pub fn show_get(state: State<'_, AppState>, token: String, req: ShowIdRequest) -> Res<ShowConsole> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.show_get(&a, req.id)?)
}

#[tauri::command(async)]
pub fn show_save(state: State<'_, AppState>, token: String, req: ShowSaveRequest) -> Res<ShowConsole> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.show_save(&a, req)?)
}

#[tauri::command(async)]
pub fn show_delete(state: State<'_, AppState>, token: String, req: ShowIdRequest) -> Res<()> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.show_delete(&a, req.id)?)
}

#[tauri::command(async)]
pub fn show_start(state: State<'_, AppState>, token: String, req: ShowIdRequest) -> Res<ShowConsole> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.show_start(&a, req.id)?)
}

#[tauri::command(async)]
pub fn show_action(state: State<'_, AppState>, token: String, req: ShowActionRequest) -> Res<ShowConsole> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.show_action(&a, req)?)
}

#[tauri::command(async)]
pub fn show_screen_token(state: State<'_, AppState>, token: String, req: ShowIdRequest) -> Res<ScreenToken> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.show_screen_token(&a, req.id)?)
}

#[tauri::command(async)]
pub fn show_revoke(state: State<'_, AppState>, token: String, req: ShowRevokeRequest) -> Res<()> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.show_revoke(&a, req)?)
}

#[tauri::command(async)]
pub fn show_oath_step(state: State<'_, AppState>, token: String, req: ShowOathStepRequest) -> Res<ShowConsole> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.show_oath_step(&a, req)?)
}

/// The show's workbook through the save dialog (the saved path, or None).
#[tauri::command(async)]
pub fn show_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    token: String,
    req: ShowIdRequest,
) -> Res<Option<String>> {
    let (svc, a) = caller(&state, &token)?;
    let file = svc.show_export(&a, req.id)?;
    save_with_dialog(&app, &svc, &a, file)
}

/// Devices in the window (the hall window's big screen uses `show_public`).
#[tauri::command(async)]
pub fn show_join(state: State<'_, AppState>, req: ShowJoinRequest) -> Res<ShowJoined> {
    Ok(state.service()?.show_join(req, "本机")?)
}

#[tauri::command(async)]
pub fn show_buzz(state: State<'_, AppState>, req: DeviceRequest) -> Res<BuzzAck> {
    Ok(state.service()?.show_buzz(req)?)
}

#[tauri::command(async)]
pub fn show_answer(state: State<'_, AppState>, req: ShowAnswerRequest) -> Res<ShowAnswerAck> {
    Ok(state.service()?.show_answer(req)?)
}

#[tauri::command(async)]
pub fn show_pick(state: State<'_, AppState>, req: ShowPickRequest) -> Res<ShowPublic> {
    Ok(state.service()?.show_pick(req)?)
}

#[tauri::command(async)]
pub fn show_public(state: State<'_, AppState>, req: TokenRequest) -> Res<ShowPublic> {
    Ok(state.service()?.show_public(&req.token)?)
}

#[tauri::command(async)]
pub fn oath_text(state: State<'_, AppState>, req: Option<OathRequest>) -> Res<OathText> {
    Ok(state.service()?.oath_text(req.unwrap_or_default())?)
}

#[tauri::command(async)]
pub fn show_certificates(
    state: State<'_, AppState>,
    token: String,
    req: crate::service::show_export::ShowCertificatesRequest,
) -> Res<crate::service::certificates::CertificateSheet> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.show_certificates(&a, &req)?)
}
