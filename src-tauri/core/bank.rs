//! The shipped bank's file format (TOML, documented in questions/README.md)
//! and its validation.
//!
//! Validation never stops at the first problem: every bad entry of every file
//! is reported with file, entry id and reason, so one run of the tests (or one
//! start of the app) tells a bank editor everything there is to fix.

use super::ids::QuestionId;
use super::law::{ArticleRef, Law, LawTexts};
use super::question::{AnswerKey, Basis, QType, Question, Subject};
use super::text::{find_quote, stem_key, strip_ws};
use serde::Deserialize;
use std::collections::HashMap;

/// The bank files embedded at build time (path relative to the repo,
/// content): the two laws' bank, then the law packs' questions.
pub static EMBEDDED: super::embedded::Embedded = include!(concat!(env!("OUT_DIR"), "/bank_files.rs"));

/// One problem in the bank: where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file} [{id}]：{reason}")]
pub struct BankError {
    pub file: String,
    pub id: String,
    pub reason: String,
}

#[derive(Debug, Deserialize)]
struct RawFile {
    #[serde(default)]
    question: Vec<toml::Table>,
}

/// One question as written in a bank file (or built by an importer).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: String,
    pub law: String,
    #[serde(rename = "type")]
    pub qtype: String,
    pub difficulty: i64,
    pub tags: Vec<String>,
    pub stem: String,
    pub options: Option<Vec<String>>,
    pub answer: String,
    pub accepted: Option<Vec<String>>,
    pub explanation: String,
    pub basis: Option<RawBasis>,
    /// Same-fact group key (optional).
    pub group: Option<String>,
    /// Reserved for prize contests (optional, default false).
    pub contest_only: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBasis {
    pub law: String,
    pub article: toml::Value,
    pub quotes: Vec<String>,
}

/// Shortest quote accepted, in characters without whitespace: shorter quotes
/// prove nothing.
const MIN_QUOTE_CHARS: usize = 4;
/// Longest 填空 answer: blanks ask for a word, a number or a name.
const MAX_FILL_CHARS: usize = 20;

/// Parses and validates bank files against the law texts. Returns every
/// question, or every problem found.
pub fn parse_bank(files: &[(&str, &str)], laws: &LawTexts) -> Result<Vec<Question>, Vec<BankError>> {
    let (questions, errors) = check_files(files, laws);
    if errors.is_empty() {
        Ok(questions)
    } else {
        Err(errors)
    }
}

/// Like [`parse_bank`], but returns the valid questions and the problems side
/// by side (the bank report counts both).
pub fn check_files(files: &[(&str, &str)], laws: &LawTexts) -> (Vec<Question>, Vec<BankError>) {
    let mut errors = Vec::new();
    let mut questions: Vec<(String, Question)> = Vec::new();
    for (file, content) in files {
        let raw: RawFile = match toml::from_str(content) {
            Ok(r) => r,
            Err(e) => {
                errors.push(BankError {
                    file: file.to_string(),
                    id: "-".into(),
                    reason: format!("TOML 格式错误：{e}"),
                });
                continue;
            }
        };
        for (i, table) in raw.question.into_iter().enumerate() {
            let fallback_id = table
                .get("id")
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .unwrap_or_else(|| format!("第{}题", i + 1));
            let entry: RawQuestion = match toml::Value::Table(table).try_into() {
                Ok(q) => q,
                Err(e) => {
                    errors.push(BankError {
                        file: file.to_string(),
                        id: fallback_id,
                        reason: format!("字段错误：{e}"),
                    });
                    continue;
                }
            };
            match check_entry(entry, laws, true) {
                Ok(q) => questions.push((file.to_string(), q)),
                Err((id, reasons)) => errors.extend(reasons.into_iter().map(|reason| BankError {
                    file: file.to_string(),
                    id: id.clone(),
                    reason,
                })),
            }
        }
    }
    let mut ids: HashMap<&str, &str> = HashMap::new();
    let mut stems: HashMap<String, &str> = HashMap::new();
    for (file, q) in &questions {
        if let Some(other) = ids.insert(q.id.as_str(), file) {
            errors.push(BankError {
                file: file.clone(),
                id: q.id.0.clone(),
                reason: format!("题目编号重复（另见 {other}）"),
            });
        }
        if let Some(other) = stems.insert(stem_key(&q.stem), q.id.as_str()) {
            errors.push(BankError {
                file: file.clone(), id: q.id.0.clone(), reason: format!("题干与 {other} 重复")
            });
        }
    }
    (questions.into_iter().map(|(_, q)| q).collect(), errors)
}

fn valid_id(id: &str) -> bool {
    (3..=40).contains(&id.len())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
}

/// True when the text points at an option by letter ("A项", "选项B", "（C）",
/// "答案为D"), which is meaningless once options are shuffled.
pub fn mentions_option_letter(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let is_letter = |c: char| ('A'..='F').contains(&c) || ('Ａ'..='Ｆ').contains(&c);
    chars.iter().enumerate().any(|(i, &c)| {
        if !is_letter(c) {
            return false;
        }
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let prev2: String = chars[i.saturating_sub(2)..i].iter().collect();
        matches!(next, Some('项') | Some('选'))
            || (matches!(prev, Some('(') | Some('（')) && matches!(next, Some(')') | Some('）')))
            || prev2.ends_with("选项")
            || prev2 == "答案"
            || prev2 == "案为"
            || prev2 == "案是"
            || prev == Some('选') && !prev2.ends_with("选项")
    })
}

/// An article number, "题注", "序言", or the label of a law's special
/// article (附件, 誓词).
fn parse_article_ref(v: &toml::Value, law: Law, laws: &LawTexts) -> Option<ArticleRef> {
    match v {
        toml::Value::Integer(n) if (0..=100_000).contains(n) => Some(ArticleRef::Article(*n as u32)),
        toml::Value::String(s) if s == "题注" => Some(ArticleRef::TitleNote),
        toml::Value::String(s) if s == "序言" => Some(ArticleRef::Article(0)),
        toml::Value::String(s) => laws.article_by_label(law, s).map(ArticleRef::Article),
        _ => None,
    }
}

/// Parses the letters of a choice answer ("ACD") into option indices; `None`
/// when a letter is not an option or the letters are not in order.
fn parse_letters(answer: &str, n_options: usize) -> Option<Vec<u8>> {
    let keys: Vec<u8> = answer
        .chars()
        .map(|c| {
            let i = (c as u32).checked_sub('A' as u32)?;
            (i < n_options as u32).then_some(i as u8)
        })
        .collect::<Option<_>>()?;
    let ascending = keys.windows(2).all(|w| w[0] < w[1]);
    (!keys.is_empty() && ascending).then_some(keys)
}

/// Checks one entry; every problem is listed. The shipped bank requires a
/// basis; imported questions may have none.
pub fn check_entry(q: RawQuestion, laws: &LawTexts, require_basis: bool) -> Result<Question, (String, Vec<String>)> {
    let mut why: Vec<String> = Vec::new();
    if !valid_id(&q.id) {
        why.push("编号只能由小写字母、数字和 - 组成，长 3 到 40 个字符".into());
    }
    let subject = laws.resolve(&q.law);
    if subject.is_none() {
        why.push(format!("没有名为“{}”的法律或专题", q.law));
    }
    let qtype = match q.qtype.as_str() {
        "单选" => Some(QType::Single),
        "多选" => Some(QType::Multi),
        "判断" => Some(QType::Judge),
        "填空" => Some(QType::Fill),
        other => {
            why.push(format!("题型“{other}”不是 单选 / 多选 / 判断 / 填空"));
            None
        }
    };
    if !(1..=3).contains(&q.difficulty) {
        why.push(format!("难度 {} 不在 1 到 3 之间", q.difficulty));
    }
    if q.tags.is_empty() || q.tags.iter().any(|t| t.trim().is_empty()) {
        why.push("至少要有一个非空标签".into());
    }
    if q.stem.trim().is_empty() {
        why.push("题干为空".into());
    }
    if q.explanation.trim().is_empty() {
        why.push("解析为空".into());
    } else if mentions_option_letter(&q.explanation) {
        why.push("解析提到了选项字母，选项会打乱顺序，请改为引用选项内容".into());
    }
    let options = q.options.clone().unwrap_or_default();
    let key = match qtype {
        Some(t @ (QType::Single | QType::Multi)) => {
            if !(2..=6).contains(&options.len()) {
                why.push(format!("选择题需要 2 到 6 个选项，现有 {} 个", options.len()));
            }
            if options.iter().any(|o| o.trim().is_empty()) {
                why.push("有空选项".into());
            }
            let mut seen = std::collections::HashSet::new();
            if !options.iter().all(|o| seen.insert(stem_key(o))) {
                why.push("有重复的选项".into());
            }
            if options.iter().any(|o| o.contains("以上都") || o.contains("以上均") || o.contains("以上全")) {
                why.push("不使用“以上都对/以上都不对”之类的选项".into());
            }
            match parse_letters(q.answer.trim(), options.len()) {
                None => {
                    why.push(format!("答案“{}”应为按顺序排列的选项字母，且每个字母都有对应选项", q.answer));
                    None
                }
                Some(keys) if t == QType::Single && keys.len() != 1 => {
                    why.push("单选题只能有一个答案".into());
                    None
                }
                Some(keys) if t == QType::Multi && keys.len() < 2 => {
                    why.push("多选题至少要有两个正确答案".into());
                    None
                }
                Some(keys) => Some(AnswerKey::Choice { keys }),
            }
        }
        Some(QType::Judge) => {
            if q.options.is_some() {
                why.push("判断题不写选项".into());
            }
            match q.answer.trim() {
                "对" => Some(AnswerKey::Judge { value: true }),
                "错" => Some(AnswerKey::Judge { value: false }),
                other => {
                    why.push(format!("判断题答案“{other}”应为 对 或 错"));
                    None
                }
            }
        }
        Some(QType::Fill) => {
            if q.options.is_some() {
                why.push("填空题不写选项".into());
            }
            if q.stem.matches("____").count() != 1 || q.stem.contains("_____") {
                why.push("填空题题干要有且只有一个空：____".into());
            }
            let n = strip_ws(&q.answer).chars().count();
            if n == 0 || n > MAX_FILL_CHARS {
                why.push(format!("填空题答案应为 1 到 {MAX_FILL_CHARS} 个字"));
            }
            Some(AnswerKey::Fill {
                answer: q.answer.trim().to_string(),
                accepted: q.accepted.clone().unwrap_or_default(),
            })
        }
        None => None,
    };
    if q.accepted.is_some() && qtype != Some(QType::Fill) {
        why.push("只有填空题可以写 accepted".into());
    }
    let basis = match &q.basis {
        Some(b) => check_basis(b, subject, laws, &mut why),
        None if require_basis => {
            why.push("缺少法条依据（basis）".into());
            None
        }
        None => None,
    };
    match (subject, qtype, key, why.is_empty()) {
        (Some(subject), Some(qtype), Some(key), true) => Ok(Question {
            id: QuestionId(q.id),
            subject,
            qtype,
            difficulty: q.difficulty as u8,
            tags: q.tags,
            stem: q.stem.trim().to_string(),
            options: options.into_iter().map(|o| o.trim().to_string()).collect(),
            key,
            explanation: q.explanation.trim().to_string(),
            basis,
            group: q.group.as_deref().map(str::trim).filter(|g| !g.is_empty()).map(str::to_string),
            contest_only: q.contest_only.unwrap_or(false),
        }),
        _ => Err((q.id, why)),
    }
}

fn check_basis(b: &RawBasis, subject: Option<Subject>, laws: &LawTexts, why: &mut Vec<String>) -> Option<Basis> {
    let Some(law) = laws.resolve(&b.law).filter(|l| laws.info(*l).is_some_and(|i| !i.is_topic())) else {
        why.push(format!("依据的法律“{}”不在法律库中", b.law));
        return None;
    };
    // A question of a law cites that law; a topic's questions cite any law.
    let same_law = match subject.and_then(|s| laws.info(s)) {
        Some(info) if !info.is_topic() => info.law == law,
        _ => true,
    };
    if !same_law {
        why.push(format!("题目属于{}，依据却是《{}》", subject.map(Subject::name).unwrap_or("?"), law.name()));
    }
    let Some(article) = parse_article_ref(&b.article, law, laws) else {
        why.push(format!("依据条文“{}”应为条号、\"序言\"、\"题注\" 或该法的附件、誓词", b.article));
        return None;
    };
    let Some(text) = laws.text_of(law, article) else {
        why.push(format!("《{}》没有第 {} 条", law.name(), b.article));
        return None;
    };
    if b.quotes.is_empty() {
        why.push("依据原文（quotes）不能为空".into());
    }
    for quote in &b.quotes {
        if strip_ws(quote).chars().count() < MIN_QUOTE_CHARS {
            why.push(format!("依据原文“{quote}”太短，至少 {MIN_QUOTE_CHARS} 个字"));
        } else if find_quote(text, quote).is_none() {
            why.push(format!("依据原文“{quote}”不在《{}》该条原文中", law.name()));
        }
    }
    Some(Basis { law, article, quotes: b.quotes.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn laws() -> LawTexts {
        LawTexts::embedded().expect("embedded law texts")
    }

    const GOOD: &str = r#"
[[question]]
id = "t-001"
law = "宪法"
type = "单选"
difficulty = 1
tags = ["根本制度"]
stem = "中华人民共和国的根本制度是（　）。"
options = ["社会主义制度", "人民代表大会制度", "民族区域自治制度", "基层群众自治制度"]
answer = "A"
explanation = "根据《宪法》第一条，社会主义制度是中华人民共和国的根本制度。"
basis = { law = "宪法", article = 1, quotes = ["社会主义制度是中华人民共和国的根本制度。"] }

[[question]]
id = "t-002"
law = "宪法日常识"
type = "填空"
difficulty = 1
tags = ["宪法历史"]
stem = "现行宪法于1982年____第五届全国人民代表大会第五次会议通过。"
answer = "12月4日"
accepted = ["十二月四日"]
explanation = "根据《宪法》题注，现行宪法于1982年12月4日通过。"
basis = { law = "宪法", article = "题注", quotes = ["1982年12月4日第五届全国人民代表大会第五次会议通过"] }
"#;

    #[test]
    fn a_good_file_parses_with_keys_and_basis() {
        let qs = parse_bank(&[("good.toml", GOOD)], &laws()).expect("good file");
        assert_eq!(qs.len(), 2);
        assert_eq!(qs[0].key, AnswerKey::Choice { keys: vec![0] });
        assert_eq!(qs[1].basis.as_ref().map(|b| b.article), Some(ArticleRef::TitleNote));
    }

    #[test]
    fn every_bad_entry_is_reported_with_file_id_and_reason() {
        let bad = GOOD
            .replace("answer = \"A\"", "answer = \"E\"")
            .replace("第五届全国人民代表大会第五次会议通过\"]", "第五届全国人大第五次会议通过\"]");
        let errs = parse_bank(&[("bad.toml", &bad)], &laws()).unwrap_err();
        assert!(
            errs.iter().any(|e| e.id == "t-001" && e.reason.contains("答案")),
            "answer letter without option: {errs:?}"
        );
        assert!(errs.iter().any(|e| e.id == "t-002" && e.reason.contains("不在")), "quote not verbatim: {errs:?}");
        assert!(errs.iter().all(|e| e.file == "bad.toml"));
    }

    #[test]
    fn duplicate_ids_and_stems_are_refused() {
        let errs = parse_bank(&[("a.toml", GOOD), ("b.toml", GOOD)], &laws()).unwrap_err();
        assert!(errs.iter().any(|e| e.reason.contains("编号重复")));
        assert!(errs.iter().any(|e| e.reason.contains("题干")));
    }

    #[test]
    fn a_missing_article_and_a_wrong_law_are_refused() {
        let bad = GOOD.replace("article = 1,", "article = 999,");
        let errs = parse_bank(&[("x.toml", &bad)], &laws()).unwrap_err();
        assert!(errs.iter().any(|e| e.reason.contains("没有第 999 条")), "{errs:?}");
        let bad = GOOD.replacen("law = \"宪法\"\ntype", "law = \"民法典\"\ntype", 1);
        let errs = parse_bank(&[("x.toml", &bad)], &laws()).unwrap_err();
        assert!(errs.iter().any(|e| e.reason.contains("依据却是")), "{errs:?}");
    }

    #[test]
    fn unknown_keys_and_toml_errors_are_reported_not_panicked() {
        let errs = parse_bank(&[("x.toml", "[[question]]\nid = \"t-1\"\nfoo = 1\n")], &laws()).unwrap_err();
        assert_eq!(errs[0].id, "t-1");
        let errs = parse_bank(&[("y.toml", "[[question]\n")], &laws()).unwrap_err();
        assert!(errs[0].reason.contains("TOML"));
    }

    #[test]
    fn option_letters_in_explanations_are_detected() {
        for s in ["A项正确", "选项B错误", "故选C。", "答案为D", "（A）说法"] {
            assert!(mentions_option_letter(s), "{s}");
        }
        for s in ["根据《宪法》第一条", "A股市场", "选举权"] {
            assert!(!mentions_option_letter(s), "{s}");
        }
    }

    #[test]
    fn choice_letters_must_exist_and_be_ordered() {
        assert_eq!(parse_letters("ACD", 4), Some(vec![0, 2, 3]));
        assert_eq!(parse_letters("E", 4), None);
        assert_eq!(parse_letters("CA", 4), None);
        assert_eq!(parse_letters("", 4), None);
    }
}
