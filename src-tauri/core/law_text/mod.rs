//! Law texts as published by 国家法律法规数据库 (flk.npc.gov.cn), read into
//! articles: the title, the 题注 (adoption and amendment lines) and its latest
//! date (the edition), the 编 / 分编 / 章 / 节 headings, and the articles in
//! Chinese numerals over several paragraphs, with the layout's quirks (an
//! appendix after the last article, the 宪法修正案's articles numbered across
//! five texts and the articles the 2018 amendment quotes inside its
//! 第五十二条, the 宪法宣誓 oath).
//!
//! Pure: bytes or text in, data or every problem (with its line) out. The
//! store and the service decide what to keep; an import is all or nothing.
//!
//! - [`decode`]: a file's bytes (.md / .txt in UTF-8 or GB18030, .docx) → text.
//! - [`parse`]: text → [`ParsedLaw`] or every [`Problem`].
//! - [`outline`]: the 编 / 分编 / 章 / 节 tree with article counts (import preview).
//! - [`merge_amendments`]: the five 宪法修正案 texts → one law.
//! - [`diff`]: a new edition against the old, per article.

mod amend;
mod decode;
mod diff;
pub mod numerals;
mod outline;
mod parse;

pub use amend::merge_amendments;
pub use decode::decode;
pub use diff::{diff, ArticleChange, Change};
pub use outline::{outline, OutlineEntry};
pub use parse::parse;

use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of text a law is; shown and stored as the Chinese word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LawKind {
    /// 宪法
    #[serde(rename = "宪法")]
    Constitution,
    /// 宪法修正案
    #[serde(rename = "宪法修正案")]
    Amendment,
    /// 法律
    #[serde(rename = "法律")]
    Law,
    /// 决定 (as the 宪法宣誓 decision and its oath)
    #[serde(rename = "决定")]
    Decision,
}

impl LawKind {
    pub const ALL: [LawKind; 4] = [LawKind::Constitution, LawKind::Amendment, LawKind::Law, LawKind::Decision];

    pub fn name(self) -> &'static str {
        match self {
            LawKind::Constitution => "宪法",
            LawKind::Amendment => "宪法修正案",
            LawKind::Law => "法律",
            LawKind::Decision => "决定",
        }
    }

    pub fn parse(s: &str) -> Option<LawKind> {
        LawKind::ALL.into_iter().find(|k| k.name() == s.trim())
    }
}

/// One article as the app stores it: `label` 第一条 (or 序言 / 附件 / 誓词),
/// headings as "第一编　总则" (numeral, one U+3000, the name without spaces),
/// `text` the paragraphs joined by "\n". `line` is where it starts (1-based).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedArticle {
    pub number: u32,
    pub label: String,
    pub part: Option<String>,
    pub subpart: Option<String>,
    pub chapter: Option<String>,
    pub section: Option<String>,
    pub text: String,
    pub line: usize,
}

/// A whole law text, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedLaw {
    /// 中华人民共和国数据安全法
    pub title: String,
    /// 数据安全法; 宪法修正案 for every amendment; 宪法宣誓誓词
    pub short: String,
    pub kind: LawKind,
    /// The 题注 lines, trimmed, joined by "\n".
    pub note: String,
    /// The version's date, ISO (2021-06-10): the latest date in the 题注;
    /// empty when the 题注 has no date.
    pub edition: String,
    pub articles: Vec<ParsedArticle>,
}

/// A problem with a text, by line (1-based; 0 = the whole text), in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub line: usize,
    pub reason: String,
}

impl Problem {
    pub fn new(line: usize, reason: impl Into<String>) -> Problem {
        Problem { line, reason: reason.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "全文：{}", self.reason)
        } else {
            write!(f, "第 {} 行：{}", self.line, self.reason)
        }
    }
}

impl std::error::Error for Problem {}

/// The short name of a title: without 中华人民共和国 and without an amendment's
/// year (中华人民共和国宪法修正案（1988年） → 宪法修正案).
pub fn short_name(title: &str) -> String {
    let t = strip_year_suffix(title).unwrap_or(title);
    t.strip_prefix("中华人民共和国").filter(|s| !s.is_empty()).unwrap_or(t).to_string()
}

/// "中华人民共和国宪法修正案（1988年）" → Some("中华人民共和国宪法修正案").
fn strip_year_suffix(title: &str) -> Option<&str> {
    year_suffix(title).map(|(head, _)| head)
}

/// The year of a title that ends "（1988年）" (or "(1988年)").
pub(crate) fn year_suffix(title: &str) -> Option<(&str, u32)> {
    let t = title.strip_suffix('）').or_else(|| title.strip_suffix(')'))?;
    let t = t.strip_suffix('年')?;
    let digits: String = t.chars().rev().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() != 4 {
        return None;
    }
    let t = &t[..t.len() - 4];
    let head = t.strip_suffix('（').or_else(|| t.strip_suffix('('))?;
    let year: u32 = digits.chars().rev().collect::<String>().parse().ok()?;
    Some((head, year))
}

/// Whitespace removed: how quotes and article texts are compared.
pub(crate) fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_by_their_chinese_names() {
        for k in LawKind::ALL {
            assert_eq!(LawKind::parse(k.name()), Some(k));
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.name()));
        }
        assert_eq!(LawKind::parse("条例"), None);
    }

    #[test]
    fn short_names_drop_the_state_name_and_an_amendments_year() {
        assert_eq!(short_name("中华人民共和国数据安全法"), "数据安全法");
        assert_eq!(short_name("中华人民共和国宪法修正案（1988年）"), "宪法修正案");
        assert_eq!(short_name("宪法宣誓誓词"), "宪法宣誓誓词");
        assert_eq!(short_name("中华人民共和国"), "中华人民共和国");
        assert_eq!(year_suffix("中华人民共和国宪法修正案（2018年）"), Some(("中华人民共和国宪法修正案", 2018)));
        assert_eq!(year_suffix("某法（18年）"), None);
    }

    /// Problems read as the import preview shows them.
    #[test]
    fn problems_display_with_their_line() {
        assert_eq!(Problem::new(12, "条文编号不连续").to_string(), "第 12 行：条文编号不连续");
        assert_eq!(Problem::new(0, "没有条文").to_string(), "全文：没有条文");
    }
}

#[cfg(test)]
mod parse_tests;
