//! The live show's request and response types (docs/api.md, "Live show").
//! No type a device or the big screen receives has a field for the key
//! before the reveal: `ShowPublic.reveal` is filled only in the reveal and
//! scoreboard phases, and only `ShowConsole` (organizer) carries `key`.

use super::api::ArticleView;
use crate::core::ids::QuestionId;
pub use crate::core::show::Phase;
pub use crate::core::show_spec::{RoundKind, RoundSpec, ShowRule, ShowSpec, TeamSpec};
use serde::{Deserialize, Serialize};

// ---- organizer ----

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ShowIdRequest {
    pub id: i64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ShowSaveRequest {
    #[serde(default)]
    pub id: Option<i64>,
    pub spec: ShowSpec,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ShowAction {
    Next,
    OpenBuzz,
    Judge { right: bool },
    PickValue { value: i64 },
    Reveal,
    Scoreboard,
    Replace { reason: String },
    Correct { team: i64, delta: i64, reason: String },
    Undo,
    Finish,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ShowActionRequest {
    pub id: i64,
    pub action: ShowAction,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ShowRevokeRequest {
    pub id: i64,
    pub device: i64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ShowOathStepRequest {
    pub id: i64,
    pub step: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ShowSummary {
    pub id: i64,
    pub title: String,
    pub state: String,
    pub code: String,
    pub teams: usize,
    pub rounds: usize,
    pub created_at: String,
    pub finished_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScreenToken {
    pub token: String,
    pub path: String,
}

/// The answer of the current question: the console's only, or public from the reveal.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ShowKey {
    /// Option ids (bank indices; 判断: 1 正确, 0 错误).
    pub answer: Vec<u8>,
    /// "B", "A、C", "正确" — in the letters the options are shown with.
    pub answer_text: String,
    pub explanation: String,
    pub article: Option<ArticleView>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ItemRow {
    pub id: i64,
    pub position: i64,
    pub round: i64,
    pub number: i64,
    pub team: Option<i64>,
    pub question_id: QuestionId,
    pub stem: String,
    pub risk_value: Option<i64>,
    pub state: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ShowEvent {
    pub id: i64,
    pub at_ms: i64,
    /// RFC 3339 UTC.
    pub at: String,
    pub kind: String,
    pub team: Option<i64>,
    pub item: Option<i64>,
    pub points: i64,
    pub undone: bool,
    /// A Chinese line for the log view.
    pub text: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DeviceRow {
    pub id: i64,
    pub role: String,
    pub team: Option<i64>,
    pub name: String,
    pub address: String,
    pub joined_at_ms: i64,
    pub revoked: bool,
}

/// The organizer's console: the public view plus the key, the items, the log.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ShowConsole {
    pub id: i64,
    pub spec: ShowSpec,
    pub state: String,
    pub code: String,
    pub public: ShowPublic,
    pub key: Option<ShowKey>,
    pub items: Vec<ItemRow>,
    pub log: Vec<ShowEvent>,
    pub devices: Vec<DeviceRow>,
}

// ---- devices ----

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ShowJoinRequest {
    pub code: String,
    pub role: String,
    #[serde(default)]
    pub team: Option<i64>,
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ShowJoined {
    pub device_token: String,
    pub device_id: i64,
    pub role: String,
    pub team: Option<TeamPublic>,
    pub show: ShowPublic,
    /// An audience device's answer to the current item, if it gave one.
    pub my_answer: Option<Vec<u8>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct DeviceRequest {
    pub device_token: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct TokenRequest {
    pub token: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BuzzAck {
    pub accepted: bool,
    pub foul: bool,
    pub won: bool,
    pub place: Option<usize>,
    pub ms_after_open: Option<i64>,
    pub message: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ShowAnswerRequest {
    pub device_token: String,
    pub item: i64,
    pub choice: Vec<u8>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ShowAnswerAck {
    pub counted: bool,
    /// Team answers: auto-judged at once. Audience: None until the reveal.
    pub correct: Option<bool>,
    /// The item's audience answers with this one.
    pub counted_as: Option<i64>,
    pub message: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ShowPickRequest {
    pub device_token: String,
    pub value: i64,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct OathRequest {
    #[serde(default)]
    pub show: Option<i64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OathText {
    pub title: String,
    pub lines: Vec<String>,
    pub source: String,
    pub leader_note: String,
    pub unit_name: String,
    pub date_text: String,
}

// ---- the public view (devices, big screen, stream) ----

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TeamPublic {
    pub id: i64,
    pub position: i64,
    pub name: String,
    pub colour: String,
    pub department: Option<String>,
    pub score: i64,
    pub devices: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RoundPublic {
    pub position: i64,
    pub title: String,
    pub kind: RoundKind,
    pub kind_name: String,
    pub points_right: i64,
    pub points_wrong: i64,
    pub foul_penalty: i64,
    pub answer_seconds: u32,
    pub risk_values: Vec<i64>,
    pub speed_seconds: u32,
    pub items: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ItemPublic {
    pub id: i64,
    pub position: i64,
    pub number: i64,
    pub team: Option<i64>,
    pub risk_value: Option<i64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ShowOption {
    pub id: u8,
    pub text: String,
}

/// A question as the stage shows it: never its key.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ShowQuestion {
    pub qtype: String,
    pub qtype_name: String,
    pub stem: String,
    pub options: Vec<ShowOption>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BuzzPublic {
    pub team: i64,
    pub place: usize,
    pub ms_after_open: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FoulPublic {
    pub team: i64,
    pub at_ms: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct JudgmentPublic {
    pub team: i64,
    pub right: bool,
    pub points: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OptionCount {
    pub option: u8,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AudienceFast {
    pub name: String,
    pub ms: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AudienceTop {
    pub name: String,
    pub correct: u32,
    pub ms: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct AudiencePublic {
    pub joined: i64,
    pub answered: i64,
    /// From the reveal on.
    pub distribution: Option<Vec<OptionCount>>,
    /// From the reveal on: the five fastest correct answers.
    pub fastest: Option<Vec<AudienceFast>>,
    pub top: Vec<AudienceTop>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PodiumPlace {
    pub place: usize,
    pub team: TeamPublic,
}

/// What every device and the big screen see.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ShowPublic {
    pub show_id: i64,
    pub title: String,
    pub unit_name: String,
    pub code: String,
    pub state: String,
    pub phase: Phase,
    pub phase_name: String,
    /// Grows with every committed change of the show.
    pub version: i64,
    /// The host's clock when the view was built (ms since the epoch).
    pub server_ms: i64,
    pub deadline_ms: Option<i64>,
    /// `deadline_ms` − the host's now when sent.
    pub remaining_ms: Option<i64>,
    pub round: Option<RoundPublic>,
    pub item: Option<ItemPublic>,
    pub question: Option<ShowQuestion>,
    pub teams: Vec<TeamPublic>,
    pub turn_team: Option<i64>,
    pub buzzes: Vec<BuzzPublic>,
    pub fouls: Vec<FoulPublic>,
    pub judgment: Option<JudgmentPublic>,
    /// Only in the reveal and scoreboard phases.
    pub reveal: Option<ShowKey>,
    pub audience: AudiencePublic,
    pub oath_step: i64,
    pub podium: Option<Vec<PodiumPlace>>,
}
