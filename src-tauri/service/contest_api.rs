//! Request and response types of the contest use cases (part of the JSON
//! API; re-exported by `api`). Nothing that carries a contest question
//! before submission has a field for its key.

use super::api::{ArticleView, OptionView, Solution};
use crate::core::contest::Tier;
use crate::core::grading::{MultiScoring, Response, Verdict};
use crate::core::ids::{AttemptId, ContestId};
use crate::core::paper::DrawRule;
use crate::core::question::QType;
use serde::{Deserialize, Serialize};

/// Which attempt counts when several are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    #[default]
    Best,
    Last,
}

/// When staff may see the answers of their submitted attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewRule {
    AfterSubmit,
    #[default]
    AfterClose,
    Never,
}

/// A lottery of `count` prizes among those scoring at least `min_score`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotteryRule {
    pub count: u32,
    pub min_score: u32,
}

fn one() -> u32 {
    1
}

/// Everything the organizer sets for a contest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContestSpec {
    pub title: String,
    /// Local time, "YYYY-MM-DDTHH:MM" (the organizer's time zone setting).
    pub opens_at: String,
    pub closes_at: String,
    pub time_limit_minutes: u32,
    #[serde(default = "one")]
    pub attempts_allowed: u32,
    #[serde(default)]
    pub counting: Counting,
    #[serde(default)]
    pub pass_mark: u32,
    #[serde(default)]
    pub review: ReviewRule,
    #[serde(default)]
    pub multi_scoring: MultiScoring,
    pub paper: Vec<DrawRule>,
    #[serde(default)]
    pub tiers: Vec<Tier>,
    #[serde(default)]
    pub lottery: Option<LotteryRule>,
    /// 答题期间可查阅法条原文: the law texts (never questions or keys) stay
    /// readable during an attempt. Off unless the organizer turns it on.
    #[serde(default)]
    pub library_during_attempt: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SaveContestRequest {
    #[serde(default)]
    pub id: Option<ContestId>,
    pub spec: ContestSpec,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PoolsRequest {
    pub rules: Vec<DrawRule>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ContestIdRequest {
    pub id: ContestId,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SetStateRequest {
    pub id: ContestId,
    /// open / closed / published
    pub state: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ContestView {
    pub id: ContestId,
    pub state: String,
    pub state_name: String,
    pub spec: ContestSpec,
    /// How many questions each paper rule can draw from.
    pub pools: Vec<usize>,
    pub question_count: u32,
    pub total_points: u32,
    pub participants: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PreviewItem {
    pub qtype_name: String,
    pub stem: String,
    pub points: u32,
}

// ---- staff ----

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OpenContest {
    pub id: ContestId,
    pub title: String,
    pub opens_at: String,
    pub closes_at: String,
    pub time_limit_minutes: u32,
    pub question_count: u32,
    pub total_points: u32,
    pub pass_mark: u32,
    pub attempts_allowed: u32,
    pub attempts_used: u32,
    /// An attempt in progress (resume it).
    pub open_attempt: Option<AttemptId>,
    /// The latest finished attempt (to see its result).
    pub last_attempt: Option<AttemptId>,
    pub can_start: bool,
    pub why_not: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AttemptItem {
    pub position: u32,
    pub qtype: QType,
    pub qtype_name: String,
    pub stem: String,
    pub options: Vec<OptionView>,
    pub points: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SavedAnswer {
    pub position: u32,
    pub response: Response,
}

/// An attempt in progress: the paper (no keys), what was answered, and the
/// time left by the backend's clock.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AttemptView {
    pub attempt_id: AttemptId,
    pub contest_id: ContestId,
    pub title: String,
    pub state: String,
    pub remaining_ms: i64,
    pub total_points: u32,
    pub items: Vec<AttemptItem>,
    pub answers: Vec<SavedAnswer>,
    pub marked: Vec<u32>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct AttemptIdRequest {
    pub attempt_id: AttemptId,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ContestAnswerRequest {
    pub attempt_id: AttemptId,
    pub position: u32,
    pub response: Response,
}

/// Sent once the answer is durable; `remaining_ms` re-syncs the countdown.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AnswerAck {
    pub position: u32,
    pub saved: bool,
    pub remaining_ms: i64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct MarkRequest {
    pub attempt_id: AttemptId,
    pub position: u32,
    pub marked: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReviewItem {
    pub position: u32,
    pub qtype_name: String,
    pub stem: String,
    pub options: Vec<OptionView>,
    pub response: Option<Response>,
    pub solution: Solution,
    pub verdict: Verdict,
    pub points: u32,
    pub max_points: u32,
    pub explanation: String,
    pub article: Option<ArticleView>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AttemptResult {
    pub attempt_id: AttemptId,
    pub contest_id: ContestId,
    pub title: String,
    pub state: String,
    pub score: i64,
    pub max_score: i64,
    pub time_used_ms: i64,
    pub passed: bool,
    pub published: bool,
    pub rank: Option<u32>,
    pub participants: Option<u32>,
    pub tier: Option<String>,
    /// Why the review is not shown yet (or None when it is).
    pub review_note: Option<String>,
    pub review: Option<Vec<ReviewItem>>,
}

// ---- organizer results ----

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RankingRow {
    pub rank: u32,
    pub staff_no: String,
    pub name: String,
    pub department: Option<String>,
    pub score: i64,
    pub max_score: i64,
    pub time_used_ms: i64,
    pub submitted_at: String,
    pub passed: bool,
    pub tier: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DepartmentResult {
    pub name: String,
    pub staff: i64,
    pub participants: i64,
    pub participation_rate: f64,
    pub average_score: f64,
    pub pass_rate: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Winner {
    pub staff_no: String,
    pub name: String,
    pub department: Option<String>,
}

/// One logged draw. A contest has at most one valid draw; a voided one
/// stays on record with when, by whom and why.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DrawView {
    pub id: i64,
    /// Which draw of the contest this is (1 for the first).
    pub seq: u32,
    pub phrase: String,
    pub algorithm: String,
    pub list_hash: String,
    pub eligible_count: usize,
    pub winners: Vec<Winner>,
    pub created_at: String,
    pub actor: String,
    /// "valid" or "voided".
    pub status: String,
    /// 有效 or 已作废.
    pub status_name: String,
    pub voided_at: Option<String>,
    pub void_reason: Option<String>,
    pub voided_by: Option<String>,
}

/// A prize tier with how it was filled: places given and places vacant
/// (nobody eligible reached them).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TierSummary {
    pub name: String,
    pub count: u32,
    pub min_score: Option<u32>,
    pub require_pass: bool,
    /// The floor in words (≥ 95 分，须及格), or None without one.
    pub floor: Option<String>,
    /// How many people got it (ties can make this more than `count`).
    pub awarded: u32,
    pub vacant: u32,
    /// 本奖项空缺 (nobody), 空缺 N 名 (some places), or None (all given).
    pub vacancy_note: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ContestResults {
    pub contest: ContestView,
    pub ranking: Vec<RankingRow>,
    pub departments: Vec<DepartmentResult>,
    /// Every draw, oldest first, voided ones included.
    pub draws: Vec<DrawView>,
    /// The prize tiers with their winners counted and vacancies.
    pub tiers: Vec<TierSummary>,
    /// Attempt rows whose stored hash no longer matches (changed afterwards).
    pub tampered: Vec<String>,
    /// Who a draw would be among, shown before drawing: count and SHA-256
    /// of the sorted 工号 list (None without a lottery rule).
    pub eligible: Option<EligibleList>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EligibleList {
    pub count: usize,
    pub list_hash: String,
    pub min_score: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct DrawRequest {
    pub id: ContestId,
    pub phrase: String,
}

/// Voids a draw so that the lottery may be drawn again; the reason is
/// required (at least 4 characters) and kept with the draw.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct VoidDrawRequest {
    pub id: ContestId,
    pub draw_id: i64,
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct VerifyDrawRequest {
    pub id: ContestId,
    pub draw_id: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct VerifyResult {
    pub same_winners: bool,
    pub same_list: bool,
    pub winners: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TierWinners {
    pub tier: String,
    pub people: Vec<RankingRow>,
    /// Places nobody eligible reached (本奖项空缺 when `people` is empty).
    pub vacant: u32,
    pub vacancy_note: Option<String>,
}

/// A voided draw as the big screen mentions it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct VoidedDraw {
    pub seq: u32,
    pub reason: String,
    pub voided_at: String,
}

/// The projector screen: live top 10, then winners by tier.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BigScreen {
    pub title: String,
    pub state: String,
    pub state_name: String,
    pub closes_in_ms: i64,
    pub participants: usize,
    pub top: Vec<RankingRow>,
    pub tiers: Vec<TierWinners>,
    /// The valid draw only (None before the draw, or while every draw so
    /// far has been voided).
    pub lottery: Option<DrawView>,
    /// Earlier draws that were voided, oldest first.
    pub voided_draws: Vec<VoidedDraw>,
    /// What the screen says about them: 第 1 次抽奖已作废（原因：…），以本次为准
    /// (or …，等待重新抽奖 while there is no valid draw).
    pub lottery_note: Option<String>,
}
