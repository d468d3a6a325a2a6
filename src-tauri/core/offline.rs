//! 学时 from study outside the app: an activity (集体学法, 中心组学习 …) with
//! its date and hours, and who attended it. The rules here are pure: what a
//! valid activity is, and how a sign-in sheet (签到表) becomes people —
//! matched by 工号, or by 姓名 + 部门 when the sheet has no 工号 — with every
//! bad row reported by sheet, row and column, and nothing kept when any row
//! is bad.

use super::ids::EmployeeId;
use super::import::ImportError;
use super::sheet::Sheet;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// The kinds of offline study an organizer records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ActivityKind {
    #[serde(rename = "集体学法")]
    GroupStudy,
    #[serde(rename = "中心组学习")]
    CentralGroup,
    #[serde(rename = "培训班")]
    Training,
    #[serde(rename = "宪法日活动")]
    ConstitutionDay,
    #[serde(rename = "其他")]
    Other,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 5] = [
        ActivityKind::GroupStudy,
        ActivityKind::CentralGroup,
        ActivityKind::Training,
        ActivityKind::ConstitutionDay,
        ActivityKind::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ActivityKind::GroupStudy => "集体学法",
            ActivityKind::CentralGroup => "中心组学习",
            ActivityKind::Training => "培训班",
            ActivityKind::ConstitutionDay => "宪法日活动",
            ActivityKind::Other => "其他",
        }
    }

    pub fn from_name(s: &str) -> Option<ActivityKind> {
        ActivityKind::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// The most hours one activity may give (a full day of training).
pub const MAX_HOURS: f64 = 24.0;

/// Checks an activity's fields; the first problem, in Chinese.
pub fn check_activity(title: &str, held_on: &str, hours: f64) -> Result<(), String> {
    let title_len = title.trim().chars().count();
    if title_len == 0 || title_len > 100 {
        return Err("请填写活动名称（最多 100 个字）。".into());
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    if time::Date::parse(held_on, &fmt).is_err() {
        return Err("日期应为 年-月-日，例如 2026-12-04。".into());
    }
    if !hours.is_finite() || hours <= 0.0 || hours > MAX_HOURS {
        return Err(format!("学时应大于 0，最多 {MAX_HOURS} 学时。"));
    }
    if (hours * 10.0).fract().abs() > 1e-9 {
        return Err("学时最多保留一位小数，例如 1.5。".into());
    }
    Ok(())
}

/// Someone a sign-in sheet can name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: EmployeeId,
    pub staff_no: String,
    pub name: String,
    pub department: Option<String>,
    pub active: bool,
}

/// What reading a sign-in sheet produced: the people it names (each once,
/// with the row that first named them) or the errors.
#[derive(Debug, Default, PartialEq)]
pub struct SignIn {
    pub people: Vec<(usize, EmployeeId)>,
    pub errors: Vec<ImportError>,
    pub ignored_columns: Vec<String>,
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Reads a sign-in sheet: a header row (within the first five rows) with
/// 工号 and/or 姓名 (+ 部门); each later row names one person. A row with a
/// 工号 is matched by it (a 姓名 beside it must agree); a row without is
/// matched by 姓名, and by 部门 too when two people share the name. A
/// person signed twice counts once. Rows without 工号, 姓名 and 部门 (blank,
/// or only a 序号) are skipped.
pub fn parse_sign_in(sheet: &Sheet, people: &[Person]) -> SignIn {
    let mut out = SignIn::default();
    let err = |row: usize, column: &str, reason: String| ImportError {
        sheet: sheet.name.clone(),
        row,
        column: column.into(),
        reason,
    };
    let is_header = |r: &Vec<String>| r.iter().any(|h| matches!(squash(h).as_str(), "工号" | "职工号" | "姓名"));
    let Some(header_at) = sheet.rows.iter().take(5).position(is_header) else {
        let reason = if sheet.rows.is_empty() {
            "文件是空的"
        } else {
            "前 5 行里找不到表头（需要“工号”或“姓名”列）"
        };
        out.errors.push(err(1, "", reason.into()));
        return out;
    };
    let mut cols: HashMap<&str, usize> = HashMap::new();
    for (i, h) in sheet.rows[header_at].iter().enumerate() {
        let key = match squash(h).as_str() {
            "工号" | "职工号" | "员工号" | "编号" => "工号",
            "姓名" | "名字" => "姓名",
            "部门" | "处室" | "科室" | "所在部门" | "单位" => "部门",
            "" => continue,
            _ => {
                out.ignored_columns.push(h.clone());
                continue;
            }
        };
        cols.entry(key).or_insert(i);
    }
    let by_no: HashMap<&str, &Person> = people.iter().map(|p| (p.staff_no.as_str(), p)).collect();
    let mut seen: BTreeSet<EmployeeId> = BTreeSet::new();
    for (i, r) in sheet.rows.iter().enumerate().skip(header_at + 1) {
        let row = i + 1;
        if r.iter().all(|c| c.is_empty()) {
            continue;
        }
        let get = |k: &str| cols.get(k).and_then(|&c| r.get(c)).map(|s| squash(s)).unwrap_or_default();
        let (no, name, dept) = (get("工号"), get("姓名"), get("部门"));
        if no.is_empty() && name.is_empty() && dept.is_empty() {
            // A numbered line of the sheet nobody signed (序号 only).
            continue;
        }
        let found: Result<&Person, ImportError> = if !no.is_empty() {
            match by_no.get(no.as_str()) {
                None => Err(err(row, "工号", format!("没有工号为 {no} 的人员，请先在“人员”中添加"))),
                Some(p) if !name.is_empty() && squash(&p.name) != name => {
                    Err(err(row, "姓名", format!("工号 {no} 是{}，不是{name}", p.name)))
                }
                Some(p) => Ok(p),
            }
        } else if !name.is_empty() {
            let same: Vec<&Person> = people.iter().filter(|p| squash(&p.name) == name).collect();
            let in_dept: Vec<&Person> = if dept.is_empty() {
                same.clone()
            } else {
                same.iter().copied().filter(|p| p.department.as_deref().map(squash).as_deref() == Some(&dept)).collect()
            };
            match (same.len(), in_dept.len()) {
                (0, _) => Err(err(row, "姓名", format!("人员名单里没有{name}"))),
                (_, 1) => Ok(in_dept[0]),
                (_, 0) => Err(err(row, "部门", format!("{dept}没有叫{name}的人员"))),
                _ if dept.is_empty() => Err(err(row, "部门", format!("有 {} 位{name}，请填写部门或工号", same.len()))),
                _ => Err(err(row, "工号", format!("{dept}有 {} 位{name}，请填写工号", in_dept.len()))),
            }
        } else {
            Err(err(row, "", "这一行既没有工号也没有姓名".into()))
        };
        match found {
            Err(e) => out.errors.push(e),
            Ok(p) if !p.active => {
                out.errors.push(err(row, "工号", format!("{}（{}）已停用，不能记学时", p.name, p.staff_no)))
            }
            Ok(p) => {
                if seen.insert(p.id) {
                    out.people.push((row, p.id));
                }
            }
        }
    }
    if out.errors.is_empty() && out.people.is_empty() {
        out.errors.push(err(header_at + 1, "", "签到表里没有人员".into()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people() -> Vec<Person> {
        let p = |id, no: &str, name: &str, dept: &str, active| Person {
            id: EmployeeId(id),
            staff_no: no.into(),
            name: name.into(),
            department: Some(dept.into()),
            active,
        };
        vec![
            p(1, "1001", "李明", "办公室", true),
            p(2, "1002", "王芳", "政策法规处", true),
            p(3, "1003", "王芳", "办公室", true),
            p(4, "1004", "张伟", "办公室", false),
        ]
    }

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "签到表".into(), rows: rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
        }
    }

    #[test]
    fn people_are_matched_by_staff_no_or_by_name_and_department() {
        let s = sheet(&[
            &["2026年12月集体学法签到表"],
            &["序号", "工号", "姓名", "部门", "签名"],
            &["1", "1001", "李明", "办公室", "李明"],
            &["2", "", "王芳", "政策法规处", ""],
            &["3", "", "", "", ""],
            &["4", "1001", "", "", ""],
        ]);
        let r = parse_sign_in(&s, &people());
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(r.people, vec![(3, EmployeeId(1)), (4, EmployeeId(2))], "李明 signed twice counts once");
        assert_eq!(r.ignored_columns, vec!["序号".to_string(), "签名".to_string()]);
    }

    #[test]
    fn every_bad_row_is_reported_with_row_and_column() {
        let s = sheet(&[
            &["工号", "姓名", "部门"],
            &["9999", "李明", "办公室"],
            &["1001", "王芳", ""],
            &["", "王芳", ""],
            &["", "赵六", ""],
            &["", "李明", "人事处"],
            &["1004", "张伟", "办公室"],
            &["", "", "办公室"],
        ]);
        let r = parse_sign_in(&s, &people());
        let got: Vec<String> = r.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            vec![
                "工作表“签到表”第 2 行，“工号”列：没有工号为 9999 的人员，请先在“人员”中添加",
                "工作表“签到表”第 3 行，“姓名”列：工号 1001 是李明，不是王芳",
                "工作表“签到表”第 4 行，“部门”列：有 2 位王芳，请填写部门或工号",
                "工作表“签到表”第 5 行，“姓名”列：人员名单里没有赵六",
                "工作表“签到表”第 6 行，“部门”列：人事处没有叫李明的人员",
                "工作表“签到表”第 7 行，“工号”列：张伟（1004）已停用，不能记学时",
                "工作表“签到表”第 8 行：这一行既没有工号也没有姓名",
            ]
        );
    }

    #[test]
    fn a_sheet_without_a_header_or_people_is_refused() {
        let r = parse_sign_in(&sheet(&[&["签到"], &["李明"]]), &people());
        assert_eq!(r.errors[0].reason, "前 5 行里找不到表头（需要“工号”或“姓名”列）");
        let r = parse_sign_in(&sheet(&[&["工号", "姓名"]]), &people());
        assert_eq!(r.errors[0].reason, "签到表里没有人员");
        assert!(r.people.is_empty());
    }

    #[test]
    fn activities_need_a_title_a_date_and_sensible_hours() {
        assert!(check_activity("学习民法典合同编", "2026-12-04", 2.0).is_ok());
        assert!(check_activity("学习", "2026-12-04", 1.5).is_ok());
        assert!(check_activity(" ", "2026-12-04", 2.0).is_err());
        assert!(check_activity("学习", "2026/12/04", 2.0).is_err());
        assert!(check_activity("学习", "2026-12-04", 0.0).is_err());
        assert!(check_activity("学习", "2026-12-04", 25.0).is_err());
        assert!(check_activity("学习", "2026-12-04", 1.25).is_err());
        assert!(check_activity("学习", "2026-12-04", f64::NAN).is_err());
    }

    #[test]
    fn kinds_round_trip_by_their_chinese_names() {
        for k in ActivityKind::ALL {
            assert_eq!(ActivityKind::from_name(k.name()), Some(k));
            assert_eq!(serde_json::to_string(&k).expect("json"), format!("\"{}\"", k.name()));
        }
    }
}
