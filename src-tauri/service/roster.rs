//! Importing the staff roster (C3) from .xlsx or CSV: 工号, 姓名, 部门 and an
//! optional 初始PIN per row; departments are created as needed; a re-import
//! updates people by 工号 and reports what changed. Every bad row is reported
//! with its row and column, and a file with any bad row changes nothing.

use super::api::SaveEmployeeRequest;
use super::auth::{hash_secret, Actor};
use super::import::ImportRequest;
use super::Service;
use crate::core::auth::valid_pin;
use crate::core::import::ImportError;
use crate::core::sheet::{self, Sheet};
use crate::error::{AppError, Result};
use crate::store;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RosterChange {
    pub row: usize,
    pub staff_no: String,
    pub name: String,
    /// "新增", or what changed ("姓名：张华 → 张小华", "部门：… → …", "设置初始PIN").
    pub change: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RosterPreview {
    pub file_name: String,
    pub rows: usize,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub changes: Vec<RosterChange>,
    pub errors: Vec<ImportError>,
    pub error_lines: Vec<String>,
    pub ignored_columns: Vec<String>,
}

struct RosterRow {
    row: usize,
    staff_no: String,
    name: String,
    department: String,
    pin: Option<String>,
}

fn read_sheet(req: &ImportRequest) -> Result<Sheet> {
    let lower = req.file_name.to_lowercase();
    if lower.ends_with(".xlsx") {
        sheet::read_xlsx(&req.bytes)
            .map_err(|e| AppError::InvalidInput(e.0))?
            .into_iter()
            .next()
            .ok_or_else(|| AppError::InvalidInput("工作簿里没有工作表。".into()))
    } else if lower.ends_with(".csv") || lower.ends_with(".txt") {
        sheet::read_csv(&req.file_name, &req.bytes).map_err(|e| AppError::InvalidInput(e.0))
    } else {
        Err(AppError::InvalidInput("人员名单只能导入 .xlsx 或 .csv 文件。".into()))
    }
}

fn parse(s: &Sheet) -> (Vec<RosterRow>, Vec<ImportError>, Vec<String>) {
    let (mut rows, mut errors, mut ignored) = (Vec::new(), Vec::new(), Vec::new());
    let err = |row: usize, column: &str, reason: String| ImportError {
        sheet: s.name.clone(),
        row,
        column: column.into(),
        reason,
    };
    // The header is the first row naming 工号 (a title row above it, as in
    // the template, is skipped).
    let header_at = s.rows.iter().take(5).position(|r| r.iter().any(|h| h == "工号")).unwrap_or(0);
    let Some(header) = s.rows.get(header_at) else {
        errors.push(err(1, "", "文件是空的".into()));
        return (rows, errors, ignored);
    };
    let mut cols: HashMap<&str, usize> = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let key = match h.chars().filter(|c| !c.is_whitespace()).collect::<String>().as_str() {
            "工号" | "职工号" | "员工号" | "编号" => "工号",
            "姓名" | "名字" => "姓名",
            "部门" | "处室" | "科室" | "单位" | "所在部门" => "部门",
            "初始PIN" | "PIN" | "初始密码" | "密码" => "PIN",
            other => {
                if !other.is_empty() {
                    ignored.push(h.clone());
                }
                continue;
            }
        };
        cols.entry(key).or_insert(i);
    }
    for needed in ["工号", "姓名"] {
        if !cols.contains_key(needed) {
            errors.push(err(header_at + 1, needed, format!("表头里找不到“{needed}”列")));
        }
    }
    if !errors.is_empty() {
        return (rows, errors, ignored);
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, r) in s.rows.iter().enumerate().skip(header_at + 1) {
        let row = i + 1;
        if r.iter().all(|c| c.is_empty()) {
            continue;
        }
        let get = |k: &str| cols.get(k).and_then(|&c| r.get(c)).cloned().unwrap_or_default();
        let (staff_no, name, department, pin) = (get("工号"), get("姓名"), get("部门"), get("PIN"));
        let before = errors.len();
        if staff_no.is_empty() || staff_no.chars().any(char::is_whitespace) || staff_no.chars().count() > 32 {
            errors.push(err(row, "工号", "工号不能为空，不能有空格，最多 32 个字符".into()));
        } else if let Some(first) = seen.insert(staff_no.clone(), row) {
            errors.push(err(row, "工号", format!("工号 {staff_no} 与第 {first} 行重复")));
        }
        if name.is_empty() || name.chars().count() > 40 {
            errors.push(err(row, "姓名", "姓名不能为空，最多 40 个字符".into()));
        }
        if !pin.is_empty() && !valid_pin(&pin) {
            errors.push(err(row, "初始PIN", "初始 PIN 应为 4 到 8 位数字".into()));
        }
        if errors.len() == before {
            rows.push(RosterRow { row, staff_no, name, department, pin: (!pin.is_empty()).then_some(pin) });
        }
    }
    (rows, errors, ignored)
}

impl Service {
    fn plan_roster(&self, req: &ImportRequest) -> Result<(Vec<RosterRow>, RosterPreview)> {
        let s = read_sheet(req)?;
        let (rows, errors, ignored_columns) = parse(&s);
        let people = self.db.read(store::people::list_employees)?;
        let mut changes = Vec::new();
        let (mut added, mut updated, mut unchanged) = (0, 0, 0);
        for r in &rows {
            match people.iter().find(|p| p.staff_no == r.staff_no) {
                None => {
                    added += 1;
                    changes.push(RosterChange {
                        row: r.row,
                        staff_no: r.staff_no.clone(),
                        name: r.name.clone(),
                        change: "新增".into(),
                    });
                }
                Some(p) => {
                    let mut what = Vec::new();
                    if p.name != r.name {
                        what.push(format!("姓名：{} → {}", p.name, r.name));
                    }
                    let dept = p.department.clone().unwrap_or_default();
                    if !r.department.is_empty() && dept != r.department {
                        what.push(format!("部门：{} → {}", if dept.is_empty() { "无" } else { &dept }, r.department));
                    }
                    if !p.active {
                        what.push("重新启用".into());
                    }
                    if r.pin.is_some() {
                        what.push("设置初始PIN".into());
                    }
                    if what.is_empty() {
                        unchanged += 1;
                    } else {
                        updated += 1;
                        changes.push(RosterChange {
                            row: r.row,
                            staff_no: r.staff_no.clone(),
                            name: r.name.clone(),
                            change: what.join("；"),
                        });
                    }
                }
            }
        }
        let preview = RosterPreview {
            file_name: req.file_name.clone(),
            rows: rows.len(),
            added,
            updated,
            unchanged,
            changes,
            error_lines: errors.iter().map(ToString::to_string).collect(),
            errors,
            ignored_columns,
        };
        Ok((rows, preview))
    }

    /// What importing this roster would change (nothing is kept).
    pub fn preview_roster_import(&self, actor: &Actor, req: &ImportRequest) -> Result<RosterPreview> {
        actor.organizer()?;
        Ok(self.plan_roster(req)?.1)
    }

    /// Imports the roster all-or-nothing, in one transaction.
    pub fn import_roster(&self, actor: &Actor, req: &ImportRequest) -> Result<RosterPreview> {
        actor.organizer()?;
        let (rows, preview) = self.plan_roster(req)?;
        if !preview.errors.is_empty() {
            return Err(AppError::InvalidInput(format!(
                "名单有 {} 处错误，没有导入任何人。{}",
                preview.errors.len(),
                preview.error_lines.iter().take(5).cloned().collect::<Vec<_>>().join("；")
            )));
        }
        let hashes: Vec<Option<String>> =
            rows.iter().map(|r| r.pin.as_deref().map(hash_secret).transpose()).collect::<Result<_>>()?;
        let now = self.now();
        let people = self.db.read(store::people::list_employees)?;
        self.db.transact(|tx| {
            for (r, hash) in rows.iter().zip(&hashes) {
                let existing = people.iter().find(|p| p.staff_no == r.staff_no);
                let department = if r.department.is_empty() {
                    existing.and_then(|p| p.department.clone()).unwrap_or_default()
                } else {
                    r.department.clone()
                };
                let req = SaveEmployeeRequest {
                    id: existing.map(|p| p.id),
                    staff_no: r.staff_no.clone(),
                    name: r.name.clone(),
                    department,
                    active: true,
                    pin: None,
                };
                let id = Self::save_employee_in(tx, &req, hash.as_deref(), &now)?;
                if hash.is_some() {
                    self.end_sessions_of(tx, "staff", id.0)?; // a new PIN ends the old sessions
                }
            }
            store::audit::insert(
                tx,
                &now,
                &actor.audit_name(),
                "导入人员名单",
                &serde_json::json!({"file": req.file_name, "added": preview.added, "updated": preview.updated}),
            )
        })?;
        Ok(preview)
    }
}
