//! Tauri commands: thin adapters from the window to the service. Each one
//! takes the request, calls one service function, and returns its response or
//! an `{code, message}` error. Commands that touch SQLite are `async` so they
//! run off the UI thread.

use crate::error::ApiError;
use crate::service::api::{Feedback, HomeView, PracticeAnswerRequest, PracticeNextRequest, QuestionView};
use crate::AppState;
use serde::Serialize;
use tauri::State;

/// Whether start-up succeeded, and where the data is.
#[derive(Debug, Clone, Serialize)]
pub struct StartupStatus {
    pub ok: bool,
    pub db_path: String,
    pub message: Option<String>,
}

#[tauri::command]
pub fn startup_status(state: State<'_, AppState>) -> StartupStatus {
    state.status()
}

#[tauri::command(async)]
pub fn home(state: State<'_, AppState>) -> Result<HomeView, ApiError> {
    Ok(state.service()?.home()?)
}

#[tauri::command(async)]
pub fn practice_next(state: State<'_, AppState>, req: PracticeNextRequest) -> Result<QuestionView, ApiError> {
    Ok(state.service()?.practice_next(req)?)
}

#[tauri::command(async)]
pub fn practice_answer(state: State<'_, AppState>, req: PracticeAnswerRequest) -> Result<Feedback, ApiError> {
    Ok(state.service()?.practice_answer(req)?)
}
