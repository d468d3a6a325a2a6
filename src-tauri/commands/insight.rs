//! Item analysis, retiring questions, department weakness and 推荐练习:
//! thin adapters over `service::insight` (the same names as the HTTP
//! routes).

use super::{caller, Res};
use crate::service::api::{ContestIdRequest, PracticeSet};
use crate::service::insight::{
    AcceptSpellingRequest, BankQuestion, DepartmentWeaknessView, ItemAnalysis, QuestionIdRequest, RecommendRequest,
    Recommendation, RecommendationIdRequest, RetireRequest,
};
use crate::AppState;
use tauri::State;

#[tauri::command(async)]
pub fn item_analysis(state: State<'_, AppState>, token: String, req: ContestIdRequest) -> Res<ItemAnalysis> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.item_analysis(&a, req.id)?)
}

#[tauri::command(async)]
pub fn bank_question(state: State<'_, AppState>, token: String, req: QuestionIdRequest) -> Res<BankQuestion> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.bank_question(&a, &req.id)?)
}

#[tauri::command(async)]
pub fn retire_question(state: State<'_, AppState>, token: String, req: RetireRequest) -> Res<BankQuestion> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.retire_question(&a, &req)?)
}

#[tauri::command(async)]
pub fn department_weakness(
    state: State<'_, AppState>,
    token: String,
    req: ContestIdRequest,
) -> Res<DepartmentWeaknessView> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.department_weakness(&a, req.id)?)
}

#[tauri::command(async)]
pub fn recommend_practice(state: State<'_, AppState>, token: String, req: RecommendRequest) -> Res<Recommendation> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.recommend_practice(&a, &req)?)
}

#[tauri::command(async)]
pub fn my_recommendations(state: State<'_, AppState>, token: String) -> Res<Vec<Recommendation>> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.my_recommendations(&a)?)
}

#[tauri::command(async)]
pub fn recommended_set(state: State<'_, AppState>, token: String, req: RecommendationIdRequest) -> Res<PracticeSet> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.recommended_set(&a, req.id)?)
}

#[tauri::command(async)]
pub fn accept_spelling(state: State<'_, AppState>, token: String, req: AcceptSpellingRequest) -> Res<BankQuestion> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.accept_spelling(&a, &req)?)
}
