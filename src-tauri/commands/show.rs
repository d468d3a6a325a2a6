//! The live show's own commands in the window (现场竞答): what a device does
//! (join, buzz, answer, pick a risk value, read the public view) and the
//! oath's text. The organizer's show commands are in the command table.
//! Bodies run on the blocking pool, like every command.

use super::{blocking, parse_req, Res};
use crate::service::api::*;
use crate::AppState;
use tauri::State;

/// Devices in the window (the hall window's big screen uses `show_public`).
#[tauri::command]
pub async fn show_join(state: State<'_, AppState>, req: Option<serde_json::Value>) -> Res<ShowJoined> {
    let svc = state.service()?;
    blocking(move || svc.show_join(parse_req(req)?, "本机")).await
}

#[tauri::command]
pub async fn show_buzz(state: State<'_, AppState>, req: Option<serde_json::Value>) -> Res<BuzzAck> {
    let svc = state.service()?;
    blocking(move || svc.show_buzz(parse_req(req)?)).await
}

#[tauri::command]
pub async fn show_answer(state: State<'_, AppState>, req: Option<serde_json::Value>) -> Res<ShowAnswerAck> {
    let svc = state.service()?;
    blocking(move || svc.show_answer(parse_req(req)?)).await
}

#[tauri::command]
pub async fn show_pick(state: State<'_, AppState>, req: Option<serde_json::Value>) -> Res<ShowPublic> {
    let svc = state.service()?;
    blocking(move || svc.show_pick(parse_req(req)?)).await
}

#[tauri::command]
pub async fn show_public(state: State<'_, AppState>, req: Option<serde_json::Value>) -> Res<ShowPublic> {
    let svc = state.service()?;
    blocking(move || {
        let req: TokenRequest = parse_req(req)?;
        svc.show_public(&req.token)
    })
    .await
}

#[tauri::command]
pub async fn oath_text(state: State<'_, AppState>, req: Option<serde_json::Value>) -> Res<OathText> {
    let svc = state.service()?;
    blocking(move || svc.oath_text(parse_req(req)?)).await
}
