//! Request and response types of every use case: what the UI sends and
//! receives, as JSON. The same types serve the Tauri commands and the LAN
//! host's HTTP API (`use service::api::*` brings every one of them, those of
//! the other use-case modules too). No type here that carries a question
//! before it is answered has a field for its answer key.

pub use super::about::AboutView;
pub use super::api_people::*;
pub use super::backup::{BackupInfo, RestoreRequest};
pub use super::certificates::{CertificateSheet, SaveCertificateSettingsRequest};
pub use super::contest_api::*;
pub use super::contest_only::{ContestOnlyCount, ContestOnlyRequest};
pub use super::export::{ExportContestRequest, ExportFile, ExportStudyRequest};
pub use super::hall::{HallScreen, HallStep, HallStepRequest};
pub use super::import::{ImportPreview, ImportRequest, ImportResult};
pub use super::insight::{
    AcceptSpellingRequest, BankQuestion, DepartmentWeaknessView, ItemAnalysis, QuestionIdRequest, RecommendRequest,
    Recommendation, RecommendationIdRequest, RetireRequest,
};
pub use super::laws::{
    ArticleChangeView, LawImportPreview, LawImportResult, LawSummary, LawsView, LineProblem, OutlineEntryView,
    SetAsideQuestion, StudyLawsRequest, TopicSummary,
};
pub use super::offline::{
    ActivitiesView, ActivityIdRequest, SaveActivityRequest, SignInPreview, StatementRequest, StudySources,
    StudyStatement,
};
pub use super::recovery::StartupStatus;
pub use super::roster::RosterPreview;
use super::settings::PinPolicy;
pub use super::settings::Settings;
pub use super::show_api::*;
pub use super::show_export::ShowCertificatesRequest;
use crate::core::grading::{Response, Verdict};
use crate::core::ids::{EmployeeId, QuestionId};
use crate::core::practice::{Filter, Order, Scope};
use crate::core::question::{QType, Subject};
use crate::core::text::Segment;
pub use crate::store::offline::ActivityRow;
use crate::store::practice::Progress;
use serde::{Deserialize, Serialize};

// ---- log-in ----

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SetupStatus {
    /// No organizer account yet: the app asks for one first.
    pub needs_organizer: bool,
    pub pin_policy: PinPolicy,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SetupOrganizerRequest {
    pub username: String,
    pub display_name: String,
    pub password: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct StaffLoginRequest {
    pub staff_no: String,
    #[serde(default)]
    pub pin: String,
    /// The PIN to set at a first login (when the organizer lets staff choose).
    #[serde(default)]
    pub new_pin: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct CodeLoginRequest {
    pub code: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct OrganizerLoginRequest {
    pub username: String,
    pub password: String,
}

/// Who is logged in (for the window after a reload).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WhoAmI {
    pub role: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LoginResponse {
    /// Sent with every later call.
    pub token: String,
    /// "staff" or "organizer".
    pub role: String,
    pub name: String,
    /// Logged in with a one-time code (or an organizer's initial PIN) under
    /// the 首次登录自设 policy: the person should choose their PIN now.
    pub must_set_pin: bool,
}

/// A staff member chooses a PIN (`old_pin` needed once they have their own).
#[derive(Debug, Clone, Deserialize)]
pub struct SetPinRequest {
    #[serde(default)]
    pub old_pin: Option<String>,
    pub new_pin: String,
}

// ---- home and practice ----

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HomeView {
    pub app_version: String,
    pub name: String,
    pub subjects: Vec<SubjectCard>,
    /// Questions in the wrong-answer book.
    pub wrong_book: i64,
    pub study: MyStudy,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SubjectCard {
    pub subject: Subject,
    pub title: String,
    pub blurb: String,
    pub total: i64,
    pub done: i64,
    pub right: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScopeTree {
    pub subject: Subject,
    pub title: String,
    pub progress: Progress,
    /// 编 (None for the 宪法, which has none), each with its 章.
    pub parts: Vec<PartScope>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PartScope {
    pub part: Option<String>,
    pub progress: Progress,
    pub chapters: Vec<ChapterScope>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ChapterScope {
    pub chapter: Option<String>,
    pub progress: Progress,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SubjectRequest {
    pub subject: Subject,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PracticeStartRequest {
    pub scope: Scope,
    #[serde(default)]
    pub order: Order,
    #[serde(default)]
    pub filter: Filter,
}

/// A practice run: question ids in the order to ask them (no answers).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PracticeSet {
    pub title: String,
    pub ids: Vec<QuestionId>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct QuestionRequest {
    pub id: QuestionId,
}

/// A question as shown before it is answered: no key, no explanation.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuestionView {
    pub id: QuestionId,
    pub subject: Subject,
    pub qtype: QType,
    pub qtype_name: String,
    pub difficulty: u8,
    pub stem: String,
    /// Options in display order; `id` is what a response sends back.
    pub options: Vec<OptionView>,
    /// Where the question sits in the law: 编 / 章 / 节.
    pub location: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OptionView {
    pub id: u8,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct PracticeAnswerRequest {
    pub question_id: QuestionId,
    pub response: Response,
}

/// The grading of one practice answer: the first payload that carries the key.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Feedback {
    pub verdict: Verdict,
    pub correct: bool,
    pub solution: Solution,
    pub explanation: String,
    pub article: Option<ArticleView>,
    /// Whether the question is (still) in the wrong-answer book.
    pub in_wrong_book: bool,
    /// 今日复习: when this question comes back (local `YYYY-MM-DD`) and in
    /// how many days, by the FSRS schedule this answer made.
    pub next_review_on: String,
    pub next_review_in_days: i64,
}

/// The correct answer, in the terms the question was shown in.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Solution {
    Choice { keys: Vec<u8> },
    Judge { value: bool },
    Fill { answer: String, accepted: Vec<String> },
}

/// An article (or 题注) with the basis quotes marked.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ArticleView {
    pub law: String,
    pub law_title: String,
    /// None for the 题注.
    pub article: Option<u32>,
    pub label: String,
    /// 编 / 分编 / 章 / 节, present ones only.
    pub location: Vec<String>,
    pub segments: Vec<Segment>,
}

// ---- law library ----

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct LawRequest {
    pub law: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ArticlesRequest {
    pub law: String,
    pub from: u32,
    pub to: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ArticleRequest {
    pub law: String,
    pub article: u32,
}

/// One heading of a law's outline; depth 0 编, 1 分编, 2 章, 3 节.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LibraryNode {
    pub depth: u8,
    pub name: String,
    pub first: u32,
    pub last: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LibraryArticle {
    pub law: String,
    pub article: u32,
    pub label: String,
    pub location: Vec<String>,
    pub question_count: i64,
    pub segments: Vec<Segment>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SearchRequest {
    pub query: String,
    /// 宪法 or 民法典; both when absent.
    #[serde(default)]
    pub law: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SearchResult {
    pub query: String,
    pub total: i64,
    pub hits: Vec<SearchHit>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SearchHit {
    pub law: String,
    /// The law's full title, to name the hit (《中华人民共和国数据安全法》).
    pub law_title: String,
    pub article: u32,
    pub label: String,
    pub location: Vec<String>,
    /// The article text with every occurrence of the query marked.
    pub segments: Vec<Segment>,
}

/// A question citing an article: its stem only.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ArticleQuestion {
    pub id: QuestionId,
    pub subject: Subject,
    pub qtype_name: String,
    pub stem: String,
}

// ---- study hours ----

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct StudyEventRequest {
    /// practice / library / contest
    pub kind: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MyStudy {
    pub minutes_year: i64,
    pub hours_year: f64,
    pub minutes_campaign: i64,
    pub hours_campaign: f64,
    pub target_hours_year: f64,
    pub target_hours_campaign: f64,
    pub minutes_per_hour: u32,
    /// First day of the campaign (本期), local `YYYY-MM-DD`.
    pub campaign_start: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StudyReport {
    pub minutes_per_hour: u32,
    pub target_hours_campaign: f64,
    pub target_hours_year: f64,
    pub campaign_since: String,
    /// First day of the campaign (本期), local `YYYY-MM-DD`.
    pub campaign_start: String,
    pub people: Vec<PersonStudy>,
    pub departments: Vec<DepartmentStudy>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PersonStudy {
    pub employee_id: EmployeeId,
    pub staff_no: String,
    pub name: String,
    pub department: Option<String>,
    pub minutes_campaign: i64,
    pub hours_campaign: f64,
    pub hours_year: f64,
    pub answered: i64,
    pub accuracy: Option<f64>,
    /// Against the campaign target: the total, in-app and offline.
    pub below_target: bool,
    /// 学时 from offline study (service/offline.rs); `hours_*` above are
    /// the app's, `total_hours_*` both.
    pub offline_hours_campaign: f64,
    pub offline_hours_year: f64,
    pub total_hours_campaign: f64,
    pub total_hours_year: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DepartmentStudy {
    pub name: String,
    pub staff: i64,
    pub avg_hours_campaign: f64,
    pub below_target: i64,
    pub answered: i64,
    pub accuracy: Option<f64>,
}

// ---- people ----

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PeopleView {
    pub employees: Vec<Employee>,
    pub departments: Vec<Department>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SaveEmployeeRequest {
    /// Absent to add (or update by 工号).
    #[serde(default)]
    pub id: Option<EmployeeId>,
    pub staff_no: String,
    pub name: String,
    #[serde(default)]
    pub department: String,
    #[serde(default = "yes")]
    pub active: bool,
    /// A new PIN set by the organizer; absent or empty keeps the current one.
    #[serde(default)]
    pub pin: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct EmployeeIdRequest {
    pub id: EmployeeId,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct LoginCodesRequest {
    /// Empty for every active employee.
    #[serde(default)]
    pub ids: Vec<EmployeeId>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LoginCodeRow {
    pub staff_no: String,
    pub name: String,
    pub department: Option<String>,
    pub code: String,
}

/// 今日复习 on 首页: questions due today (wrong-answer book's first when
/// served), reviews made today and the streak (days in a row with a review).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReviewSummary {
    pub due: i64,
    pub reviewed_today: i64,
    pub streak: i64,
}

/// Which import template to download.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct TemplateRequest {
    /// "questions" or "roster"
    pub kind: String,
}
