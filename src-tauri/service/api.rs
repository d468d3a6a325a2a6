//! Request and response types of every use case: what the UI sends and
//! receives, as JSON. The same types serve the Tauri commands and the HTTP
//! API. No type here that carries a question before it is answered has a
//! field for its answer key.

use crate::core::grading::{Response, Verdict};
use crate::core::ids::QuestionId;
use crate::core::question::{QType, Subject};
use crate::core::text::Segment;
use serde::{Deserialize, Serialize};

/// What the home screen shows.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HomeView {
    pub app_version: String,
    pub subjects: Vec<SubjectCard>,
}

/// One practice subject on the home screen, with this person's progress.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SubjectCard {
    pub subject: Subject,
    pub title: String,
    pub blurb: String,
    pub total: i64,
    pub done: i64,
    pub right: i64,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct PracticeNextRequest {
    pub subject: Subject,
    /// 0-based position in the subject's sequential order.
    pub position: u32,
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
    pub position: u32,
    pub total: u32,
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
