//! 学时 from offline study: organizers record an activity (集体学法,
//! 中心组学习, 培训班, 宪法日活动, 其他) with its date, hours and attendance —
//! ticked by hand or read from a sign-in sheet (all or nothing) — and every
//! attendee's ledger gains the hours with their source. Edits and deletions
//! are audited; nobody's total is stored, so the ledger recomputes at once.

use super::api::StudyReport;
use super::auth::Actor;
use super::export::ExportFile;
use super::import::ImportRequest;
use super::Service;
use crate::core::certificate::chinese_date;
use crate::core::ids::EmployeeId;
use crate::core::import::ImportError;
use crate::core::offline::{check_activity, parse_sign_in, ActivityKind, Person};
use crate::core::sheet;
use crate::core::study;
use crate::error::{AppError, Result};
use crate::store;
use crate::store::offline::ActivityRow;
use serde::{Deserialize, Serialize};

/// Creates (id None) or edits an activity, with its whole attendance.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SaveActivityRequest {
    #[serde(default)]
    pub id: Option<i64>,
    pub kind: ActivityKind,
    pub title: String,
    /// Local `YYYY-MM-DD`.
    pub held_on: String,
    pub hours: f64,
    pub attendees: Vec<EmployeeId>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ActivityIdRequest {
    pub id: i64,
}

/// The activities and the kinds to choose from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActivitiesView {
    pub kinds: Vec<ActivityKind>,
    pub activities: Vec<ActivityRow>,
}

/// Someone a sign-in sheet named.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SignedPerson {
    pub row: usize,
    pub id: EmployeeId,
    pub staff_no: String,
    pub name: String,
    pub department: Option<String>,
}

/// What a sign-in sheet says: the people (only when no row is bad: all or
/// nothing) or every bad row.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SignInPreview {
    pub file_name: String,
    pub people: Vec<SignedPerson>,
    pub errors: Vec<ImportError>,
    pub error_lines: Vec<String>,
    pub ignored_columns: Vec<String>,
}

/// One source of a person's 学时: 在线学习 (the app) or an offline kind.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SourceHours {
    pub source: String,
    pub hours_campaign: f64,
    pub hours_year: f64,
}

/// A person's 学时 by source (首页), with the totals the targets count.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StudySources {
    pub campaign_start: String,
    pub sources: Vec<SourceHours>,
    pub total_hours_campaign: f64,
    pub total_hours_year: f64,
    pub target_hours_campaign: f64,
    pub target_hours_year: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct StatementRequest {
    pub employee_id: EmployeeId,
    /// The calendar year; this year when absent.
    #[serde(default)]
    pub year: Option<i32>,
}

/// One line of a 学时证明: an activity attended.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StatementLine {
    pub held_on: String,
    pub kind: ActivityKind,
    pub title: String,
    pub hours: f64,
}

/// 学时证明: a person's year of 学时, in-app and offline, for printing on A4.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StudyStatement {
    pub unit: String,
    pub year: i32,
    pub staff_no: String,
    pub name: String,
    pub department: Option<String>,
    pub minutes_per_hour: u32,
    pub in_app_minutes: i64,
    pub in_app_hours: f64,
    pub lines: Vec<StatementLine>,
    pub offline_hours: f64,
    pub total_hours: f64,
    pub target_hours_year: f64,
    /// 二〇二六年十二月四日
    pub issued_on: String,
}

/// Hours to one decimal (sums of 0.1-step figures drift in binary).
pub fn tenths(h: f64) -> f64 {
    (h * 10.0).round() / 10.0
}

fn audit_detail(a: &ActivityRow) -> serde_json::Value {
    serde_json::json!({
        "activity": a.id, "kind": a.kind.name(), "title": a.title, "held_on": a.held_on,
        "hours": a.hours, "attendees": a.attendees.len(),
    })
}

fn read_sheet(req: &ImportRequest) -> Result<sheet::Sheet> {
    let lower = req.file_name.to_lowercase();
    if req.bytes.len() > 5 * 1024 * 1024 {
        return Err(AppError::InvalidInput("签到表太大（最多 5 MB）。".into()));
    }
    if lower.ends_with(".xlsx") {
        sheet::read_xlsx(&req.bytes)
            .map_err(|e| AppError::InvalidInput(e.0))?
            .into_iter()
            .next()
            .ok_or_else(|| AppError::InvalidInput("工作簿里没有工作表。".into()))
    } else if lower.ends_with(".csv") || lower.ends_with(".txt") {
        sheet::read_csv(&req.file_name, &req.bytes).map_err(|e| AppError::InvalidInput(e.0))
    } else {
        Err(AppError::InvalidInput("签到表只能导入 .xlsx 或 .csv 文件。".into()))
    }
}

impl Service {
    /// Local `YYYY-MM-DD` bounds: (year start, year end, campaign start).
    fn offline_bounds(&self, s: &super::settings::Settings, year: Option<i32>) -> (i32, String, String, String) {
        let today = self.clock.now().to_offset(s.offset()).date();
        let y = year.unwrap_or(today.year());
        let campaign = s.campaign_start.clone().unwrap_or_else(|| format!("{y:04}-01-01"));
        (y, format!("{y:04}-01-01"), format!("{y:04}-12-31"), campaign)
    }

    /// Every activity with its attendance, newest first.
    pub fn activities(&self, actor: &Actor) -> Result<ActivitiesView> {
        actor.organizer()?;
        let activities = self.db.read(store::offline::list)?;
        Ok(ActivitiesView { kinds: ActivityKind::ALL.to_vec(), activities })
    }

    /// Records a new activity or edits one (its fields and its whole
    /// attendance), audited; the attendees' ledgers follow at once.
    pub fn save_activity(&self, actor: &Actor, req: SaveActivityRequest) -> Result<ActivityRow> {
        actor.organizer()?;
        let title = req.title.trim().to_string();
        check_activity(&title, &req.held_on, req.hours).map_err(AppError::InvalidInput)?;
        let now = self.now();
        let who = actor.audit_name();
        self.db.transact(|tx| {
            let people = store::people::list_employees(tx)?;
            for id in &req.attendees {
                if !people.iter().any(|p| p.id == *id) {
                    return Err(AppError::InvalidInput(format!("参加人员里有不存在的人员（#{}）。", id.0)));
                }
            }
            let (id, action, before) = match req.id {
                None => {
                    (store::offline::insert(tx, req.kind, &title, &req.held_on, req.hours, &now)?, "新增线下学习", None)
                }
                Some(id) => {
                    let before = store::offline::get(tx, id)?
                        .ok_or_else(|| AppError::NotFound("没有找到这次学习活动。".into()))?;
                    store::offline::update(tx, id, req.kind, &title, &req.held_on, req.hours, &now)?;
                    (id, "修改线下学习", Some(before))
                }
            };
            store::offline::set_attendance(tx, id, &req.attendees)?;
            let after = store::offline::get(tx, id)?.ok_or_else(|| AppError::internal("activity vanished"))?;
            let mut detail = audit_detail(&after);
            if let Some(b) = before {
                detail["before"] = audit_detail(&b);
            }
            store::audit::insert(tx, &now, &who, action, &detail)?;
            Ok(after)
        })
    }

    /// Deletes an activity and its attendance, audited.
    pub fn delete_activity(&self, actor: &Actor, id: i64) -> Result<()> {
        actor.organizer()?;
        let now = self.now();
        let who = actor.audit_name();
        self.db.transact(|tx| {
            let before =
                store::offline::get(tx, id)?.ok_or_else(|| AppError::NotFound("没有找到这次学习活动。".into()))?;
            store::offline::delete(tx, id)?;
            store::audit::insert(tx, &now, &who, "删除线下学习", &audit_detail(&before))
        })
    }

    /// Reads a sign-in sheet (.xlsx, or CSV in UTF-8 or GB18030) against the
    /// roster. Nothing is kept: the page ticks the people it names, and only
    /// when no row is bad.
    pub fn preview_sign_in(&self, actor: &Actor, req: &ImportRequest) -> Result<SignInPreview> {
        actor.organizer()?;
        let s = read_sheet(req)?;
        let roster = self.db.read(store::people::list_employees)?;
        let people: Vec<Person> = roster
            .iter()
            .map(|p| Person {
                id: p.id,
                staff_no: p.staff_no.clone(),
                name: p.name.clone(),
                department: p.department.clone(),
                active: p.active,
            })
            .collect();
        let r = parse_sign_in(&s, &people);
        let signed = if r.errors.is_empty() {
            r.people
                .iter()
                .filter_map(|(row, id)| {
                    roster.iter().find(|p| p.id == *id).map(|p| SignedPerson {
                        row: *row,
                        id: p.id,
                        staff_no: p.staff_no.clone(),
                        name: p.name.clone(),
                        department: p.department.clone(),
                    })
                })
                .collect()
        } else {
            vec![]
        };
        Ok(SignInPreview {
            file_name: req.file_name.clone(),
            people: signed,
            error_lines: r.errors.iter().map(ToString::to_string).collect(),
            errors: r.errors,
            ignored_columns: r.ignored_columns,
        })
    }

    /// The person's 学时 by source this campaign and this year: 在线学习
    /// (the app's measured time) and each offline kind they attended.
    pub fn my_study_sources(&self, actor: &Actor) -> Result<StudySources> {
        let me = actor.staff()?;
        let s = self.settings()?;
        let app = self.my_study(actor)?;
        let (_, year_from, year_to, campaign_from) = self.offline_bounds(&s, None);
        let (year, campaign) = self.db.read(|c| {
            Ok((
                store::offline::hours_by_kind(c, me, &year_from, &year_to)?,
                store::offline::hours_by_kind(c, me, &campaign_from, "9999-12-31")?,
            ))
        })?;
        let mut sources = vec![SourceHours {
            source: "在线学习".into(),
            hours_campaign: app.hours_campaign,
            hours_year: app.hours_year,
        }];
        for kind in ActivityKind::ALL {
            let y = year.iter().find(|(k, _)| *k == kind).map_or(0.0, |(_, h)| *h);
            let c = campaign.iter().find(|(k, _)| *k == kind).map_or(0.0, |(_, h)| *h);
            if y > 0.0 || c > 0.0 {
                sources.push(SourceHours {
                    source: kind.name().into(),
                    hours_campaign: tenths(c),
                    hours_year: tenths(y),
                });
            }
        }
        Ok(StudySources {
            campaign_start: app.campaign_start,
            total_hours_campaign: tenths(sources.iter().map(|s| s.hours_campaign).sum()),
            total_hours_year: tenths(sources.iter().map(|s| s.hours_year).sum()),
            sources,
            target_hours_campaign: s.target_hours_campaign,
            target_hours_year: s.target_hours_year,
        })
    }

    /// Adds each person's offline hours to the 学时 report: in-app and
    /// offline apart, the total against the target.
    pub(crate) fn split_report(&self, r: &mut StudyReport) -> Result<()> {
        let s = self.settings()?;
        let (_, year_from, year_to, campaign_from) = self.offline_bounds(&s, None);
        let (year, campaign) = self.db.read(|c| {
            Ok((
                store::offline::hours_by_person(c, &year_from, &year_to)?,
                store::offline::hours_by_person(c, &campaign_from, "9999-12-31")?,
            ))
        })?;
        for p in &mut r.people {
            let find = |list: &[(EmployeeId, f64)]| list.iter().find(|(e, _)| *e == p.employee_id).map_or(0.0, |x| x.1);
            p.offline_hours_campaign = tenths(find(&campaign));
            p.offline_hours_year = tenths(find(&year));
            p.total_hours_campaign = tenths(p.hours_campaign + p.offline_hours_campaign);
            p.total_hours_year = tenths(p.hours_year + p.offline_hours_year);
            p.below_target = p.total_hours_campaign < s.target_hours_campaign;
        }
        Ok(())
    }

    /// 学时证明 of one person for a year: in-app time and every offline
    /// activity attended, with the unit and the date of issue.
    pub fn study_statement(&self, actor: &Actor, req: &StatementRequest) -> Result<StudyStatement> {
        actor.organizer()?;
        let s = self.settings()?;
        let (year, from, to, _) = self.offline_bounds(&s, req.year);
        let now = self.clock.now().to_offset(s.offset());
        if !(2000..=now.year()).contains(&year) {
            return Err(AppError::InvalidInput(format!("年份应在 2000 到 {} 之间。", now.year())));
        }
        let since = time::Date::from_calendar_date(year, time::Month::January, 1)
            .map_err(|e| AppError::InvalidInput(e.to_string()))?
            .midnight()
            .assume_offset(s.offset());
        let until = since.replace_year(year + 1).map_err(|e| AppError::InvalidInput(e.to_string()))?;
        let (person, seconds, lines) = self.db.read(|c| {
            let p = store::people::get_employee(c, req.employee_id)?;
            let secs = store::offline::app_seconds_between(
                c,
                req.employee_id,
                &super::clock::format(since),
                &super::clock::format(until),
            )?;
            Ok((p, secs, store::offline::attended(c, req.employee_id, &from, &to)?))
        })?;
        let lines: Vec<StatementLine> = lines
            .into_iter()
            .map(|a| StatementLine { held_on: a.held_on, kind: a.kind, title: a.title, hours: a.hours })
            .collect();
        let in_app_hours = study::study_hours(seconds, s.minutes_per_hour);
        let offline_hours = tenths(lines.iter().map(|l| l.hours).sum());
        Ok(StudyStatement {
            unit: s.issuing_unit.clone(),
            year,
            staff_no: person.staff_no,
            name: person.name,
            department: person.department,
            minutes_per_hour: s.minutes_per_hour,
            in_app_minutes: study::minutes(seconds),
            in_app_hours,
            offline_hours,
            total_hours: tenths(in_app_hours + offline_hours),
            lines,
            target_hours_year: s.target_hours_year,
            issued_on: chinese_date(now.year(), now.month() as u8, now.day()),
        })
    }

    /// The activities and their attendance as a workbook (two sheets), in
    /// the layout of the other exports.
    pub fn export_activities(&self, actor: &Actor) -> Result<ExportFile> {
        use super::export::{workbook, Cell, Table};
        let view = self.activities(actor)?;
        let people = self.db.read(store::people::list_employees)?;
        let day = self.today_local()?;
        let text = |s: &str| Cell::Text(s.to_string());
        let list = Table {
            sheet: "学习活动".into(),
            title: format!("线下学习活动（{day}）"),
            headers: vec!["日期", "类别", "活动名称", "学时", "参加人数"],
            widths: vec![12.0, 12.0, 40.0, 8.0, 10.0],
            rows: view
                .activities
                .iter()
                .map(|a| {
                    vec![
                        text(&a.held_on),
                        text(a.kind.name()),
                        text(&a.title),
                        Cell::Number(a.hours),
                        Cell::Number(a.attendees.len() as f64),
                    ]
                })
                .collect(),
            lists: vec![],
        };
        let mut rows = Vec::new();
        for a in &view.activities {
            for id in &a.attendees {
                let Some(p) = people.iter().find(|p| p.id == *id) else { continue };
                rows.push(vec![
                    text(&a.held_on),
                    text(a.kind.name()),
                    text(&a.title),
                    text(&p.staff_no),
                    text(&p.name),
                    p.department.as_deref().map_or(Cell::Empty, text),
                    Cell::Number(a.hours),
                ]);
            }
        }
        let attendance = Table {
            sheet: "参加人员".into(),
            title: format!("线下学习 · 参加人员及学时（{day}）"),
            headers: vec!["日期", "类别", "活动名称", "工号", "姓名", "部门", "学时"],
            widths: vec![12.0, 12.0, 40.0, 12.0, 10.0, 18.0, 8.0],
            rows,
            lists: vec![],
        };
        Ok(ExportFile { file_name: format!("线下学习-{day}.xlsx"), bytes: workbook(&[list, attendance])? })
    }
}
