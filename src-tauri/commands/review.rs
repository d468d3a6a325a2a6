//! 今日复习's commands (service/review.rs): thin adapters, like the rest.

use super::{caller, Res};
use crate::service::api::{PracticeSet, ReviewSummary};
use crate::AppState;
use tauri::State;

#[tauri::command(async)]
pub fn review_set(state: State<'_, AppState>, token: String) -> Res<PracticeSet> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.review_set(&a)?)
}

#[tauri::command(async)]
pub fn review_summary(state: State<'_, AppState>, token: String) -> Res<ReviewSummary> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.review_summary(&a)?)
}
