//! Importing questions (C1) from .xlsx, CSV (UTF-8 or GB18030) and JSON:
//! a preview first (counts by type, the first rows, every error, the
//! duplicates that will be skipped), then an all-or-nothing import in one
//! transaction that refuses a file with any bad row.

use super::auth::Actor;
use super::Service;
use crate::core::bank::{check_entry, RawQuestion};
use crate::core::import::{duplicate_key, parse_questions, ImportError, ParsedQuestions};
use crate::core::law::LawTexts;
use crate::core::sheet;
use crate::error::{AppError, Result};
use crate::store;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// A file chosen in the window: its name (the extension picks the reader)
/// and its bytes.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ImportRequest {
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// Import every question as 竞赛专用 (kept out of practice until a
    /// published contest has used it).
    #[serde(default)]
    pub contest_only: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PreviewRow {
    pub row: usize,
    pub qtype_name: String,
    pub stem: String,
    pub has_basis: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImportPreview {
    pub file_name: String,
    pub format: String,
    pub ready: usize,
    pub by_type: BTreeMap<String, usize>,
    pub without_basis: usize,
    pub first_rows: Vec<PreviewRow>,
    pub errors: Vec<ImportError>,
    pub error_lines: Vec<String>,
    pub duplicates: Vec<usize>,
    pub ignored_columns: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImportResult {
    pub imported: usize,
    pub skipped_duplicates: usize,
}

/// Largest file accepted (a 10,000-question workbook is about 1 MB).
const MAX_BYTES: usize = 20 * 1024 * 1024;

fn parse_json(bytes: &[u8], laws: &LawTexts, existing: &HashSet<String>) -> Result<ParsedQuestions> {
    let (text, _) = sheet::decode_text(bytes);
    let items: Vec<serde_json::Value> = serde_json::from_str(&text).map_err(|e| {
        tracing::warn!("question import: JSON refused: {e}");
        AppError::InvalidInput(format!(
            "JSON 文件第 {} 行第 {} 列格式不正确：应为题目对象组成的数组。",
            e.line(),
            e.column()
        ))
    })?;
    let mut out = ParsedQuestions::default();
    let mut seen = HashSet::new();
    for (i, item) in items.into_iter().enumerate() {
        let row = i + 1;
        let err = |reason: String| ImportError { sheet: "JSON".into(), row, column: String::new(), reason };
        let raw: RawQuestion = match serde_json::from_value(item) {
            Ok(r) => r,
            Err(e) => {
                out.errors.push(err(format!("字段错误：{e}")));
                continue;
            }
        };
        match check_entry(raw, laws, false) {
            Ok(q) => {
                let key = duplicate_key(&q);
                if existing.contains(&key) {
                    out.duplicates.push(row);
                } else if !seen.insert(key) {
                    out.errors.push(err("与本文件前面的题目重复".into()));
                } else {
                    out.questions.push((row, q));
                }
            }
            Err((_, reasons)) => out.errors.extend(reasons.into_iter().map(err)),
        }
    }
    Ok(out)
}

impl Service {
    fn parse_import(&self, req: &ImportRequest) -> Result<(String, ParsedQuestions)> {
        if req.bytes.is_empty() {
            return Err(AppError::InvalidInput("文件是空的。".into()));
        }
        if req.bytes.len() > MAX_BYTES {
            return Err(AppError::InvalidInput("文件太大（超过 20 MB）。".into()));
        }
        // Checked against the laws as they are in this database (imported
        // laws and new editions included).
        let laws = self.db.read(store::law::load_texts)?;
        let existing: HashSet<String> = self.db.read(store::questions::all_active)?.iter().map(duplicate_key).collect();
        let lower = req.file_name.to_lowercase();
        let (format, mut parsed) = if lower.ends_with(".xlsx") {
            let sheets = sheet::read_xlsx(&req.bytes).map_err(|e| AppError::InvalidInput(e.0))?;
            let first =
                sheets.into_iter().next().ok_or_else(|| AppError::InvalidInput("工作簿里没有工作表。".into()))?;
            ("xlsx", parse_questions(&first, &laws, &existing))
        } else if lower.ends_with(".csv") || lower.ends_with(".txt") {
            let s = sheet::read_csv(&req.file_name, &req.bytes).map_err(|e| AppError::InvalidInput(e.0))?;
            ("csv", parse_questions(&s, &laws, &existing))
        } else if lower.ends_with(".json") {
            ("json", parse_json(&req.bytes, &laws, &existing)?)
        } else {
            return Err(AppError::InvalidInput("只能导入 .xlsx、.csv 或 .json 文件。".into()));
        };
        // An id already used in the bank would overwrite another question.
        let mut clashes = Vec::new();
        self.db.read(|c| {
            for (row, q) in &parsed.questions {
                // A set-aside question may be replaced: that is how it is fixed.
                if store::questions::exists(c, &q.id)? && !store::questions::is_set_aside(c, &q.id)? {
                    clashes.push(ImportError {
                        sheet: format.into(),
                        row: *row,
                        column: "编号".into(),
                        reason: format!("编号 {} 已被题库中的另一道题使用", q.id),
                    });
                }
            }
            Ok(())
        })?;
        parsed.errors.extend(clashes);
        Ok((format.to_string(), parsed))
    }

    /// What importing this file would do (nothing is kept).
    pub fn preview_question_import(&self, actor: &Actor, req: &ImportRequest) -> Result<ImportPreview> {
        actor.organizer()?;
        let (format, p) = self.parse_import(req)?;
        let mut by_type = BTreeMap::new();
        for (_, q) in &p.questions {
            *by_type.entry(q.qtype.name().to_string()).or_insert(0) += 1;
        }
        Ok(ImportPreview {
            file_name: req.file_name.clone(),
            format,
            ready: p.questions.len(),
            without_basis: p.questions.iter().filter(|(_, q)| q.basis.is_none()).count(),
            first_rows: p
                .questions
                .iter()
                .take(10)
                .map(|(row, q)| PreviewRow {
                    row: *row,
                    qtype_name: q.qtype.name().into(),
                    stem: q.stem.clone(),
                    has_basis: q.basis.is_some(),
                })
                .collect(),
            error_lines: p.errors.iter().map(ToString::to_string).collect(),
            errors: p.errors,
            duplicates: p.duplicates,
            ignored_columns: p.ignored_columns,
            by_type,
        })
    }

    /// Imports the file all-or-nothing: any bad row and nothing is kept.
    pub fn import_questions(&self, actor: &Actor, req: &ImportRequest) -> Result<ImportResult> {
        actor.organizer()?;
        let (_, p) = self.parse_import(req)?;
        if !p.errors.is_empty() {
            let first: Vec<String> = p.errors.iter().take(5).map(ToString::to_string).collect();
            return Err(AppError::InvalidInput(format!(
                "文件有 {} 处错误，没有导入任何题目。{}",
                p.errors.len(),
                first.join("；")
            )));
        }
        let now = self.now();
        let n = p.questions.len();
        self.db.transact(|tx| {
            let laws = store::law::load_texts(tx)?;
            for (_, q) in &p.questions {
                let mut q = q.clone();
                q.contest_only |= req.contest_only;
                store::questions::insert_imported(tx, &q, &laws, &now)?;
            }
            store::audit::insert(
                tx,
                &now,
                &actor.audit_name(),
                "导入题目",
                &serde_json::json!({"file": req.file_name, "imported": n, "skipped_duplicates": p.duplicates.len(),
                    "contest_only": req.contest_only}),
            )
        })?;
        Ok(ImportResult { imported: n, skipped_duplicates: p.duplicates.len() })
    }
}
