//! The two laws as data: articles with their 编 / 分编 / 章 / 节, parsed from the
//! JSONL files under questions/law/, and the 题注 (title notes).

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One of the two laws whose text ships with the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Law {
    #[serde(rename = "宪法")]
    Constitution,
    #[serde(rename = "民法典")]
    CivilCode,
}

impl Law {
    pub const ALL: [Law; 2] = [Law::Constitution, Law::CivilCode];

    /// The short name used in the data and the UI: 宪法 / 民法典.
    pub fn name(self) -> &'static str {
        match self {
            Law::Constitution => "宪法",
            Law::CivilCode => "民法典",
        }
    }

    /// The full title, as printed.
    pub fn title(self) -> &'static str {
        match self {
            Law::Constitution => "中华人民共和国宪法",
            Law::CivilCode => "中华人民共和国民法典",
        }
    }

    pub fn parse(s: &str) -> Option<Law> {
        match s.trim() {
            "宪法" | "中华人民共和国宪法" => Some(Law::Constitution),
            "民法典" | "中华人民共和国民法典" => Some(Law::CivilCode),
            _ => None,
        }
    }
}

/// Which text a basis points at: a numbered article (0 = the 宪法 序言) or the
/// 题注, the note under the title with the adoption and amendment dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ArticleRef {
    Article(u32),
    TitleNote,
}

impl ArticleRef {
    /// As stored in SQLite: the article number, or NULL for the 题注.
    pub fn number(self) -> Option<u32> {
        match self {
            ArticleRef::Article(n) => Some(n),
            ArticleRef::TitleNote => None,
        }
    }
}

/// One article of a law, with where it sits in the law's structure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub law: Law,
    pub article: u32,
    pub label: String,
    pub part: Option<String>,
    pub subpart: Option<String>,
    pub chapter: Option<String>,
    pub section: Option<String>,
    pub text: String,
}

#[derive(Debug, Deserialize)]
struct TitleNoteRow {
    law: Law,
    text: String,
}

/// Both laws in memory, for validating the bank and seeding the store.
#[derive(Debug, Default)]
pub struct LawTexts {
    articles: HashMap<(Law, u32), Article>,
    order: Vec<(Law, u32)>,
    title_notes: HashMap<Law, String>,
}

/// A line of a law file that could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{file} 第 {line} 行：{reason}")]
pub struct LawFileError {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

impl LawTexts {
    /// Parses the article files (JSONL, one article per line) and the title
    /// notes file. Every bad line is reported, not just the first.
    pub fn parse(article_files: &[(&str, &str)], titles: (&str, &str)) -> Result<Self, Vec<LawFileError>> {
        let mut me = LawTexts::default();
        let mut errors = Vec::new();
        for (file, content) in article_files {
            for (i, line) in content.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
                match serde_json::from_str::<Article>(line) {
                    Ok(a) => {
                        let key = (a.law, a.article);
                        if me.articles.insert(key, a).is_some() {
                            errors.push(LawFileError {
                                file: file.to_string(),
                                line: i + 1,
                                reason: "条文编号重复".into(),
                            });
                        } else {
                            me.order.push(key);
                        }
                    }
                    Err(e) => errors.push(LawFileError { file: file.to_string(), line: i + 1, reason: e.to_string() }),
                }
            }
        }
        let (file, content) = titles;
        for (i, line) in content.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            match serde_json::from_str::<TitleNoteRow>(line) {
                Ok(t) => {
                    me.title_notes.insert(t.law, t.text);
                }
                Err(e) => errors.push(LawFileError { file: file.to_string(), line: i + 1, reason: e.to_string() }),
            }
        }
        if errors.is_empty() {
            Ok(me)
        } else {
            Err(errors)
        }
    }

    /// The law texts that ship inside the binary.
    pub fn embedded() -> Result<Self, Vec<LawFileError>> {
        Self::parse(
            &[
                ("questions/law/constitution.jsonl", EMBEDDED_CONSTITUTION),
                ("questions/law/civil-code.jsonl", EMBEDDED_CIVIL_CODE),
            ],
            ("questions/law/titles.jsonl", EMBEDDED_TITLES),
        )
    }

    pub fn article(&self, law: Law, article: u32) -> Option<&Article> {
        self.articles.get(&(law, article))
    }

    pub fn title_note(&self, law: Law) -> Option<&str> {
        self.title_notes.get(&law).map(String::as_str)
    }

    /// The text a basis points at, if it exists.
    pub fn text_of(&self, law: Law, r: ArticleRef) -> Option<&str> {
        match r {
            ArticleRef::Article(n) => self.article(law, n).map(|a| a.text.as_str()),
            ArticleRef::TitleNote => self.title_note(law),
        }
    }

    /// Articles in file order (宪法 then 民法典, each by number).
    pub fn articles(&self) -> impl Iterator<Item = &Article> {
        self.order.iter().filter_map(|k| self.articles.get(k))
    }

    pub fn title_notes(&self) -> impl Iterator<Item = (Law, &str)> {
        self.title_notes.iter().map(|(l, t)| (*l, t.as_str()))
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

/// A law's edition, read from its 题注: when it was adopted, last amended
/// and took effect (dates as written, e.g. "2018年3月11日").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Edition {
    pub adopted: Option<String>,
    pub amended: Option<String>,
    pub effective: Option<String>,
}

impl Edition {
    /// Reads the dates of a 题注: the first date is the adoption; when the
    /// note says 修正 the last date is the latest amendment; a date followed
    /// by 起施行 is the entry into force.
    pub fn from_note(note: &str) -> Edition {
        let dates = dates_in(note);
        let effective = dates.iter().find(|(_, end)| note[*end..].starts_with("起施行")).map(|(d, _)| d.clone());
        let amended = note.contains("修正").then(|| dates.last().map(|(d, _)| d.clone())).flatten();
        Edition { adopted: dates.first().map(|(d, _)| d.clone()), amended, effective }
    }

    /// The short label: "2018年修正", or "2020年5月28日通过，2021年1月1日起施行".
    pub fn label(&self) -> String {
        if let Some(a) = &self.amended {
            let year = a.split('年').next().unwrap_or(a);
            return format!("{year}年修正");
        }
        match (&self.adopted, &self.effective) {
            (Some(a), Some(e)) => format!("{a}通过，{e}起施行"),
            (Some(a), None) => format!("{a}通过"),
            _ => String::new(),
        }
    }
}

/// Every "YYYY年M月D日" in `text`, with the byte offset just after it.
fn dates_in(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let rest = &text[start..];
        let Some(pos) = rest.find(|c: char| c.is_ascii_digit()) else { break };
        let at = start + pos;
        match date_at(&text[at..]) {
            Some(len) => {
                out.push((text[at..at + len].to_string(), at + len));
                start = at + len;
            }
            None => start = at + text[at..].find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len() - at),
        }
    }
    out
}

/// The byte length of a date "YYYY年M月D日" at the start of `s`.
fn date_at(s: &str) -> Option<usize> {
    let mut len = 0;
    for (min, max, unit) in [(4, 4, '年'), (1, 2, '月'), (1, 2, '日')] {
        let digits = s[len..].chars().take_while(char::is_ascii_digit).count();
        if digits < min || digits > max || !s[len + digits..].starts_with(unit) {
            return None;
        }
        len += digits + unit.len_utf8();
    }
    Some(len)
}

pub const EMBEDDED_CONSTITUTION: &str = include_str!("../../questions/law/constitution.jsonl");
pub const EMBEDDED_CIVIL_CODE: &str = include_str!("../../questions/law/civil-code.jsonl");
pub const EMBEDDED_TITLES: &str = include_str!("../../questions/law/titles.jsonl");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_texts_have_every_article() {
        let t = LawTexts::embedded().expect("embedded law texts parse");
        assert_eq!(t.len(), 144 + 1260, "序言 + 143 articles + 1260 articles");
        assert!(t.article(Law::Constitution, 0).is_some(), "the 序言 is article 0");
        assert!(t.article(Law::CivilCode, 1260).is_some());
        assert!(t.title_note(Law::Constitution).is_some_and(|n| n.contains("1982年12月4日")));
    }

    #[test]
    fn the_editions_come_from_the_title_notes() {
        let t = LawTexts::embedded().expect("embedded law texts parse");
        let c = Edition::from_note(t.title_note(Law::Constitution).expect("宪法 题注"));
        assert_eq!(c.adopted.as_deref(), Some("1982年12月4日"));
        assert_eq!(c.amended.as_deref(), Some("2018年3月11日"), "the fifth amendment is the latest");
        assert_eq!(c.label(), "2018年修正");
        let m = Edition::from_note(t.title_note(Law::CivilCode).expect("民法典 题注"));
        assert_eq!(m.amended, None);
        assert_eq!(m.label(), "2020年5月28日通过，2021年1月1日起施行");
        assert_eq!(Edition::from_note("没有日期").label(), "", "no dates, no label");
    }

    #[test]
    fn every_bad_line_is_reported() {
        let bad = "{\"law\":\"宪法\"}\nnot json\n";
        let errs = LawTexts::parse(&[("x.jsonl", bad)], ("t.jsonl", "")).unwrap_err();
        assert_eq!(errs.iter().map(|e| e.line).collect::<Vec<_>>(), vec![1, 2]);
    }
}
