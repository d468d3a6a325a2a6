//! What a question is, independent of where it is stored or how it is shown.

use super::ids::QuestionId;
use super::law::{ArticleRef, Law};
use serde::{Deserialize, Serialize};

/// The subject a question belongs to and is practised under: a law (宪法,
/// 数据安全法 …) or a topic (宪法日常识, whose questions cite several laws).
/// Both are rows of the same list (see [`super::law::LawInfo`]).
pub type Subject = Law;

/// The four question types of C1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QType {
    /// 单选
    Single,
    /// 多选
    Multi,
    /// 判断
    Judge,
    /// 填空
    Fill,
}

impl QType {
    pub const ALL: [QType; 4] = [QType::Single, QType::Multi, QType::Judge, QType::Fill];

    pub fn name(self) -> &'static str {
        match self {
            QType::Single => "单选",
            QType::Multi => "多选",
            QType::Judge => "判断",
            QType::Fill => "填空",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            QType::Single => "single",
            QType::Multi => "multi",
            QType::Judge => "judge",
            QType::Fill => "fill",
        }
    }

    pub fn from_code(s: &str) -> Option<QType> {
        QType::ALL.into_iter().find(|t| t.code() == s)
    }

    /// Accepts the names Chinese exam systems use (单选, 单选题, 单项选择题 …).
    pub fn parse(s: &str) -> Option<QType> {
        let s = s.trim().trim_end_matches('题');
        match s {
            "单选" | "单项选择" | "单选择" | "单项选" => Some(QType::Single),
            "多选" | "多项选择" | "多选择" | "多项选" | "不定项选择" => Some(QType::Multi),
            "判断" | "是非" => Some(QType::Judge),
            "填空" => Some(QType::Fill),
            _ => None,
        }
    }
}

/// The correct answer. Choice keys are indices into the question's options as
/// written (before any shuffling for display).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AnswerKey {
    Choice { keys: Vec<u8> },
    Judge { value: bool },
    Fill { answer: String, accepted: Vec<String> },
}

/// The law text a question rests on, with verbatim quotes that prove its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basis {
    pub law: Law,
    pub article: ArticleRef,
    pub quotes: Vec<String>,
}

/// One question with its key. Never sent to the UI as is: the service turns it
/// into a key-less view until the person has answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: QuestionId,
    pub subject: Subject,
    pub qtype: QType,
    pub difficulty: u8,
    pub tags: Vec<String>,
    pub stem: String,
    pub options: Vec<String>,
    pub key: AnswerKey,
    pub explanation: String,
    pub basis: Option<Basis>,
    /// Same-fact group: a paper never draws two questions of one group.
    pub group: Option<String>,
    /// 竞赛专用: kept out of practice until a published contest used it.
    pub contest_only: bool,
}

/// Letters for option positions: A, B, C …
pub fn option_letter(i: usize) -> char {
    (b'A' + (i as u8 % 26)) as char
}
