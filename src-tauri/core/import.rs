//! Importing questions from spreadsheet rows (C1): liberal in what it
//! accepts — the column names, type names, answer spellings and 判断 words
//! that Chinese exam systems write — and strict in what it keeps: every bad
//! row is reported with sheet, row, column and reason, and a file with any
//! bad row is not imported at all (the caller commits only an error-free
//! result).

use super::bank::{check_entry, RawBasis, RawQuestion};
use super::law::LawTexts;
use super::question::{AnswerKey, QType, Question};
use super::sheet::Sheet;
use super::text::stem_key;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};

/// One problem in an import: where (sheet, row as numbered in Excel,
/// column) and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportError {
    pub sheet: String,
    pub row: usize,
    pub column: String,
    pub reason: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.column.is_empty() {
            write!(f, "工作表“{}”第 {} 行：{}", self.sheet, self.row, self.reason)
        } else {
            write!(f, "工作表“{}”第 {} 行，“{}”列：{}", self.sheet, self.row, self.column, self.reason)
        }
    }
}

/// What reading a sheet produced.
#[derive(Debug, Default)]
pub struct ParsedQuestions {
    pub questions: Vec<(usize, Question)>,
    pub errors: Vec<ImportError>,
    /// Header cells that are not a known column (ignored).
    pub ignored_columns: Vec<String>,
    /// Rows that repeat a question already in the bank (same stem and answer).
    pub duplicates: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Col {
    Id,
    Type,
    Stem,
    Opt(u8),
    Answer,
    Explanation,
    Points,
    Difficulty,
    Law,
    Article,
    Quote,
    Tags,
    BasisLaw,
    Group,
    ContestOnly,
}

fn column_of(header: &str) -> Option<Col> {
    let h: String = header.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    let h = h.trim_end_matches(['：', ':']);
    Some(match h {
        "编号" | "题号" | "ID" | "试题编号" => Col::Id,
        "题型" | "题目类型" | "试题类型" | "类型" => Col::Type,
        "题干" | "题目" | "试题内容" | "题目内容" | "试题" | "问题" => Col::Stem,
        "答案" | "正确答案" | "标准答案" | "参考答案" => Col::Answer,
        "解析" | "答案解析" | "试题解析" | "题目解析" => Col::Explanation,
        "分值" | "分数" => Col::Points,
        "难度" | "难易程度" | "难易度" => Col::Difficulty,
        "法律" | "科目" | "所属法律" | "法律名称" => Col::Law,
        "条" | "条文" | "条号" | "法条" | "依据条文" => Col::Article,
        "依据原文" | "法条原文" | "依据" | "原文" => Col::Quote,
        "标签" | "知识点" | "分类" => Col::Tags,
        "依据法律" | "法条所属法律" => Col::BasisLaw,
        "分组" | "同题组" | "题组" => Col::Group,
        "竞赛专用" | "竞赛专用题" => Col::ContestOnly,
        _ => {
            let letter = h.strip_prefix("选项").or_else(|| h.strip_suffix("选项")).unwrap_or(h);
            match letter {
                "A" | "B" | "C" | "D" | "E" | "F" => Col::Opt(letter.as_bytes()[0] - b'A'),
                _ => return None,
            }
        }
    })
}

fn col_name(c: Col) -> String {
    match c {
        Col::Id => "编号".into(),
        Col::Type => "题型".into(),
        Col::Stem => "题干".into(),
        Col::Opt(i) => format!("选项{}", (b'A' + i) as char),
        Col::Answer => "答案".into(),
        Col::Explanation => "解析".into(),
        Col::Points => "分值".into(),
        Col::Difficulty => "难度".into(),
        Col::Law => "法律".into(),
        Col::Article => "条".into(),
        Col::Quote => "依据原文".into(),
        Col::Tags => "标签".into(),
        Col::BasisLaw => "依据法律".into(),
        Col::Group => "分组".into(),
        Col::ContestOnly => "竞赛专用".into(),
    }
}

/// Chinese or Arabic numerals (第一千二百六十条, 1260, 第33条) → number.
pub fn parse_article_number(s: &str) -> Option<u32> {
    let s = s.trim().trim_start_matches('第').trim_end_matches('条').trim();
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c).map(|d| d as u32);
    let (mut total, mut current) = (0u32, 0u32);
    let mut any = false;
    for c in s.chars() {
        any = true;
        if let Some(d) = digit(c) {
            current = d;
        } else {
            let unit = match c {
                '十' => 10,
                '百' => 100,
                '千' => 1000,
                '两' => {
                    current = 2;
                    continue;
                }
                _ => return None,
            };
            total += if current == 0 && unit == 10 { 10 } else { current * unit };
            current = 0;
        }
    }
    any.then_some(total + current)
}

/// Letters of a choice answer written as "AB", "A,B", "A、B", "a b".
fn parse_letters(s: &str) -> Option<String> {
    let mut letters: Vec<char> = s
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | '、' | ';' | '；' | ' ' | '/'))
        .map(|c| super::text::fold_width(c).to_ascii_uppercase())
        .collect();
    if letters.is_empty() || letters.iter().any(|c| !('A'..='F').contains(c)) {
        return None;
    }
    letters.sort_unstable();
    letters.dedup();
    Some(letters.into_iter().collect())
}

fn parse_judge(s: &str) -> Option<&'static str> {
    match s.trim().to_uppercase().as_str() {
        "对" | "正确" | "√" | "✓" | "✔" | "T" | "TRUE" | "是" | "Y" | "YES" => Some("对"),
        "错" | "错误" | "×" | "✗" | "✘" | "X" | "F" | "FALSE" | "否" | "N" | "NO" => Some("错"),
        _ => None,
    }
}

fn parse_difficulty(s: &str) -> Option<i64> {
    match s.trim() {
        "" | "2" | "中" | "中等" | "一般" => Some(2),
        "1" | "易" | "简单" | "容易" | "基础" => Some(1),
        "3" | "难" | "困难" | "较难" => Some(3),
        _ => None,
    }
}

/// The id an imported question gets when the file has none: stable for the
/// same stem, so importing the same file twice finds the duplicate.
pub fn generated_id(stem: &str) -> String {
    let h: String = Sha256::digest(stem_key(stem).as_bytes()).iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("imp-{h}")
}

/// The key duplicates are found by: normalised stem and answer.
pub fn duplicate_key(q: &Question) -> String {
    let answer = match &q.key {
        AnswerKey::Choice { keys } => {
            let mut texts: Vec<String> =
                keys.iter().filter_map(|k| q.options.get(*k as usize)).map(|o| stem_key(o)).collect();
            texts.sort();
            texts.join("|")
        }
        AnswerKey::Judge { value } => value.to_string(),
        AnswerKey::Fill { answer, .. } => stem_key(answer),
    };
    format!("{}#{answer}", stem_key(&q.stem))
}

/// Reads the question rows of one sheet. `existing` holds the duplicate keys
/// of the bank: such rows are reported as duplicates and skipped.
pub fn parse_questions(sheet: &Sheet, laws: &LawTexts, existing: &HashSet<String>) -> ParsedQuestions {
    let mut out = ParsedQuestions::default();
    // The header is the first row naming 题型 and 题干 (a title row above it,
    // as in the app's own exports and templates, is skipped).
    let header_at = sheet
        .rows
        .iter()
        .take(5)
        .position(|r| {
            let cols: Vec<Col> = r.iter().filter_map(|h| column_of(h)).collect();
            cols.contains(&Col::Type) && cols.contains(&Col::Stem)
        })
        .unwrap_or(0);
    let Some(header) = sheet.rows.get(header_at) else {
        out.errors.push(ImportError {
            sheet: sheet.name.clone(),
            row: 1,
            column: String::new(),
            reason: "文件是空的".into(),
        });
        return out;
    };
    let mut cols: BTreeMap<Col, usize> = BTreeMap::new();
    for (i, h) in header.iter().enumerate() {
        match column_of(h) {
            Some(c) if !cols.contains_key(&c) => {
                cols.insert(c, i);
            }
            _ if !h.trim().is_empty() => out.ignored_columns.push(h.clone()),
            _ => {}
        }
    }
    for needed in [Col::Type, Col::Stem, Col::Answer] {
        if !cols.contains_key(&needed) {
            out.errors.push(ImportError {
                sheet: sheet.name.clone(),
                row: header_at + 1,
                column: col_name(needed),
                reason: format!("表头里找不到“{}”列（可写作：题型 / 题干、题目 / 答案、正确答案）", col_name(needed)),
            });
        }
    }
    if !out.errors.is_empty() {
        return out;
    }
    let mut seen: HashSet<String> = HashSet::new();
    for (i, row) in sheet.rows.iter().enumerate().skip(header_at + 1) {
        let row_no = i + 1;
        let get = |c: Col| cols.get(&c).and_then(|&i| row.get(i)).map(String::as_str).unwrap_or("");
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut errs: Vec<(Col, String)> = Vec::new();
        let qtype = QType::parse(get(Col::Type));
        if qtype.is_none() {
            errs.push((Col::Type, format!("题型“{}”无法识别，应为 单选 / 多选 / 判断 / 填空", get(Col::Type))));
        }
        let options: Vec<String> = (0..6u8).map(|k| get(Col::Opt(k)).to_string()).collect();
        let n_opts = options.iter().rposition(|o| !o.is_empty()).map_or(0, |p| p + 1);
        let options: Vec<String> = options.into_iter().take(n_opts).collect();
        let answer_cell = get(Col::Answer);
        let answer = match qtype {
            Some(QType::Single | QType::Multi) => match parse_letters(answer_cell) {
                Some(l) => {
                    if let Some(bad) = l.chars().find(|c| (*c as usize - 'A' as usize) >= n_opts) {
                        errs.push((Col::Answer, format!("答案 {bad} 没有对应的选项")));
                    }
                    if qtype == Some(QType::Multi) && l.len() < 2 {
                        errs.push((Col::Answer, "多选题至少要有两个正确答案".into()));
                    }
                    if qtype == Some(QType::Single) && l.len() != 1 {
                        errs.push((Col::Answer, "单选题只能有一个答案".into()));
                    }
                    l
                }
                None => {
                    errs.push((Col::Answer, format!("答案“{answer_cell}”应为选项字母，如 A 或 ABD")));
                    String::new()
                }
            },
            Some(QType::Judge) => match parse_judge(answer_cell) {
                Some(v) => v.to_string(),
                None => {
                    errs.push((Col::Answer, format!("判断题答案“{answer_cell}”应为 对/错、正确/错误、√/× 等")));
                    String::new()
                }
            },
            _ => answer_cell.to_string(),
        };
        let (answer, accepted) = if qtype == Some(QType::Fill) {
            let mut parts = answer.split(['|', '；', ';']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
            let first = parts.next().unwrap_or_default();
            (first, Some(parts.collect::<Vec<_>>()))
        } else {
            (answer, None)
        };
        let difficulty = parse_difficulty(get(Col::Difficulty)).unwrap_or_else(|| {
            errs.push((Col::Difficulty, format!("难度“{}”应为 1、2、3 或 易、中、难", get(Col::Difficulty))));
            2
        });
        // Any law's short name, full title or alias, or a topic; an empty
        // column is the manifest's first topic (宪法日常识).
        let first_topic = laws.infos().iter().find(|i| i.is_topic()).map(|i| i.law.name().to_string());
        let law = match get(Col::Law) {
            "" => first_topic.clone().unwrap_or_default(),
            l => match laws.resolve(l) {
                Some(found) => found.name().to_string(),
                None => {
                    errs.push((Col::Law, format!("法律“{l}”不在法律库中（可写法律简称或全称，或 宪法日常识）")));
                    l.to_string()
                }
            },
        };
        let law_is_topic = laws.resolve(&law).and_then(|l| laws.info(l)).is_some_and(|i| i.is_topic());
        // A topic's question without a 依据法律 cites the constitution.
        let constitution = laws.infos().iter().find(|i| i.kind == "宪法").map(|i| i.law.name().to_string());
        let basis = match (get(Col::Article), get(Col::Quote)) {
            ("", "") => None,
            (a, q) => {
                let article = match a {
                    "序言" | "题注" | "附件" | "誓词" => toml::Value::String(a.to_string()),
                    _ => match parse_article_number(a) {
                        Some(n) => toml::Value::Integer(i64::from(n)),
                        None => {
                            errs.push((Col::Article, format!("条号“{a}”无法识别，可写 33、第33条 或 第三十三条")));
                            toml::Value::Integer(0)
                        }
                    },
                };
                let basis_law = match get(Col::BasisLaw) {
                    "" if law_is_topic => constitution.clone().unwrap_or_default(),
                    "" => law.clone(),
                    l => l.to_string(),
                };
                let quotes =
                    q.split(['|', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect();
                Some(RawBasis { law: basis_law, article, quotes })
            }
        };
        let group = match get(Col::Group) {
            "" => None,
            g if g.chars().count() > 40 => {
                errs.push((Col::Group, "分组名最多 40 个字".into()));
                None
            }
            g => Some(g.to_string()),
        };
        let contest_only = match get(Col::ContestOnly) {
            "" | "否" | "0" | "N" | "n" | "false" | "FALSE" => None,
            "是" | "1" | "Y" | "y" | "true" | "TRUE" | "√" => Some(true),
            other => {
                errs.push((Col::ContestOnly, format!("“{other}”应为 是 或 否")));
                None
            }
        };
        let tags: Vec<String> = get(Col::Tags)
            .split([',', '，', '、', ';', '；'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let stem = get(Col::Stem).to_string();
        let id = match get(Col::Id) {
            "" => generated_id(&stem),
            id => id.to_lowercase(),
        };
        let explanation = match get(Col::Explanation) {
            "" => "（本题未提供解析）".to_string(),
            e => e.to_string(),
        };
        let raw = RawQuestion {
            id,
            law,
            qtype: qtype.map(|t| t.name().to_string()).unwrap_or_default(),
            difficulty,
            tags: if tags.is_empty() { vec!["导入".into()] } else { tags },
            stem: if qtype == Some(QType::Fill) && !stem.contains("____") {
                stem.replace("（　）", "____").replace("()", "____")
            } else {
                stem
            },
            options: matches!(qtype, Some(QType::Single | QType::Multi)).then_some(options),
            answer,
            accepted,
            explanation,
            basis,
            group,
            contest_only,
        };
        if errs.is_empty() {
            match check_entry(raw, laws, false) {
                Ok(q) => {
                    let key = duplicate_key(&q);
                    if existing.contains(&key) {
                        out.duplicates.push(row_no);
                    } else if !seen.insert(key) {
                        errs.push((Col::Stem, "与本文件前面某一行的题目重复".into()));
                    } else {
                        out.questions.push((row_no, q));
                    }
                }
                Err((_, reasons)) => {
                    for r in reasons {
                        let col = if r.contains("依据原文") || r.contains("依据的法律") {
                            Col::Quote
                        } else if r.contains("没有第") || r.contains("依据条文") {
                            Col::Article
                        } else if r.contains("选项") {
                            Col::Opt(0)
                        } else if r.contains("答案") {
                            Col::Answer
                        } else if r.contains("编号") {
                            Col::Id
                        } else if r.contains("解析") {
                            Col::Explanation
                        } else {
                            Col::Stem
                        };
                        errs.push((col, r));
                    }
                }
            }
        }
        for (c, reason) in errs {
            out.errors.push(ImportError { sheet: sheet.name.clone(), row: row_no, column: col_name(c), reason });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_numbers_in_chinese_and_arabic() {
        for (s, n) in [
            ("33", 33),
            ("第33条", 33),
            ("第三十三条", 33),
            ("十条", 10),
            ("第一百零八条", 108),
            ("第一千二百六十条", 1260),
            ("第十七条", 17),
        ] {
            assert_eq!(parse_article_number(s), Some(n), "{s}");
        }
        assert_eq!(parse_article_number("第三x条"), None);
        assert_eq!(parse_article_number(""), None);
    }

    #[test]
    fn answers_are_read_as_exam_systems_write_them() {
        for s in ["AB", "A,B", "A、B", "a b", "ＡＢ", "B，A"] {
            assert_eq!(parse_letters(s).as_deref(), Some("AB"), "{s}");
        }
        assert_eq!(parse_letters("AG"), None);
        for (s, v) in [
            ("对", "对"),
            ("正确", "对"),
            ("√", "对"),
            ("T", "对"),
            ("是", "对"),
            ("错", "错"),
            ("错误", "错"),
            ("×", "错"),
            ("F", "错"),
            ("否", "错"),
        ] {
            assert_eq!(parse_judge(s), Some(v), "{s}");
        }
    }

    #[test]
    fn column_names_in_their_common_variants() {
        assert_eq!(column_of("题目"), Some(Col::Stem));
        assert_eq!(column_of("试题内容"), Some(Col::Stem));
        assert_eq!(column_of("正确答案"), Some(Col::Answer));
        assert_eq!(column_of("选项A"), Some(Col::Opt(0)));
        assert_eq!(column_of("F"), Some(Col::Opt(5)));
        assert_eq!(column_of("出题人"), None);
    }
}
