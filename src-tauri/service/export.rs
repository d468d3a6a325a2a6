//! Exports (C7): contest rankings, department tables and study hours as real
//! .xlsx workbooks (typed cells, a title row with the name and date, a frozen
//! header, column widths, one sheet per table) and as CSV (UTF-8 with BOM so
//! Excel on Chinese Windows opens it correctly).

use super::auth::Actor;
use super::Service;
use crate::core::ids::ContestId;
use crate::error::{AppError, Result};
use crate::store;
use rust_xlsxwriter::{DataValidation, Format, Workbook, XlsxError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Xlsx,
    Csv,
}

/// Which table a CSV holds (a workbook holds all of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportTable {
    #[default]
    Ranking,
    Departments,
    /// Every answer of every finished attempt.
    Answers,
    /// The prize tiers: places, floor, winners and vacancies (本奖项空缺).
    Prizes,
    /// Every prize draw with its status (有效 / 已作废, when, by whom, why).
    Draws,
    /// 试题分析: facility, discrimination, options and flags per question.
    Items,
    /// 部门薄弱: each department's share right per 编/章.
    Weakness,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ExportContestRequest {
    pub id: ContestId,
    pub format: ExportFormat,
    #[serde(default)]
    pub table: ExportTable,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ExportStudyRequest {
    pub format: ExportFormat,
}

/// A file to save: its suggested name and its bytes.
#[derive(Debug, Clone)]
pub struct ExportFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

/// One table: a sheet in a workbook, or a whole CSV file.
#[derive(Debug, Clone)]
pub struct Table {
    pub sheet: String,
    pub title: String,
    pub headers: Vec<&'static str>,
    pub widths: Vec<f64>,
    pub rows: Vec<Vec<Cell>>,
    /// Drop-down lists for columns (data validation), by column index.
    pub lists: Vec<(u16, Vec<&'static str>)>,
}

fn xlsx_err(e: XlsxError) -> AppError {
    AppError::InvalidInput(format!("生成 Excel 文件失败：{e}"))
}

/// A workbook with one sheet per table: title row (merged), header row
/// (frozen), then the rows with numbers as numbers.
pub fn workbook(tables: &[Table]) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let title_fmt = Format::new().set_bold().set_font_size(14);
    let head_fmt = Format::new().set_bold().set_background_color("#F3E9E9");
    for t in tables {
        let ws = wb.add_worksheet();
        ws.set_name(&t.sheet).map_err(xlsx_err)?;
        let last_col = (t.headers.len().max(1) - 1) as u16;
        if last_col > 0 {
            ws.merge_range(0, 0, 0, last_col, &t.title, &title_fmt).map_err(xlsx_err)?;
        } else {
            ws.write_string_with_format(0, 0, &t.title, &title_fmt).map_err(xlsx_err)?;
        }
        for (c, h) in t.headers.iter().enumerate() {
            ws.write_string_with_format(1, c as u16, *h, &head_fmt).map_err(xlsx_err)?;
            if let Some(w) = t.widths.get(c) {
                ws.set_column_width(c as u16, *w).map_err(xlsx_err)?;
            }
        }
        ws.set_freeze_panes(2, 0).map_err(xlsx_err)?;
        // Excel's inline list holds at most 255 characters: a longer list
        // (many imported laws) leaves the column free text.
        for (col, list) in t.lists.iter().filter(|(_, l)| l.iter().map(|s| s.chars().count() + 1).sum::<usize>() <= 255)
        {
            let dv = DataValidation::new().allow_list_strings(list).map_err(xlsx_err)?;
            ws.add_data_validation(2, *col, 10_000, *col, &dv).map_err(xlsx_err)?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r = r as u32 + 2;
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    Cell::Text(s) => ws.write_string(r, c as u16, s).map_err(xlsx_err)?,
                    Cell::Number(n) => ws.write_number(r, c as u16, *n).map_err(xlsx_err)?,
                    Cell::Empty => ws,
                };
            }
        }
    }
    wb.save_to_buffer().map_err(xlsx_err)
}

/// A CSV field: quoted when needed; text starting with = + - @ gets a
/// leading apostrophe so a spreadsheet never evaluates it as a formula.
fn csv_field(cell: &Cell) -> String {
    let s = match cell {
        Cell::Text(s) if s.starts_with(['=', '+', '-', '@']) => format!("'{s}"),
        Cell::Text(s) => s.clone(),
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Cell::Number(n) => format!("{n}"),
        Cell::Empty => String::new(),
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A CSV file: UTF-8 with BOM, the header row, then the rows (CRLF).
pub fn csv(t: &Table) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    out.push_str(&t.headers.iter().map(|h| csv_field(&Cell::Text(h.to_string()))).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for row in &t.rows {
        out.push_str(&row.iter().map(csv_field).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// Characters a file name must not contain on Windows or Linux.
pub(super) fn safe_name(s: &str) -> String {
    s.chars().map(|c| if "\\/:*?\"<>|".contains(c) || c.is_control() { '_' } else { c }).collect()
}

pub(super) fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// A number cell rounded to `decimals` places (rates and averages).
fn rounded(x: f64, decimals: i32) -> Cell {
    let f = 10f64.powi(decimals);
    Cell::Number((x * f).round() / f)
}

fn opt_text(s: &Option<String>) -> Cell {
    s.as_ref().map_or(Cell::Empty, |s| Cell::Text(s.clone()))
}

impl Service {
    pub(super) fn today_local(&self) -> Result<String> {
        let offset = self.settings()?.offset();
        let fmt = time::macros::format_description!("[year][month][day]");
        self.clock.now().to_offset(offset).format(&fmt).map_err(|e| AppError::InvalidInput(e.to_string()))
    }

    /// A contest's ranking and department table as a workbook, or one of
    /// them as CSV. File names carry the contest and the date.
    pub fn export_contest(&self, actor: &Actor, req: &ExportContestRequest) -> Result<ExportFile> {
        let r = self.contest_results(actor, req.id)?;
        let day = self.today_local()?;
        let title = &r.contest.spec.title;
        let ranking = Table {
            sheet: "排名".into(),
            title: format!("{title} · 排名（{day}）"),
            headers: vec![
                "名次",
                "工号",
                "姓名",
                "部门",
                "得分",
                "满分",
                "用时（秒）",
                "交卷时间",
                "是否及格",
                "奖项",
                "证书编号",
            ],
            widths: vec![6.0, 12.0, 10.0, 18.0, 8.0, 8.0, 10.0, 24.0, 10.0, 10.0, 16.0],
            rows: r
                .ranking
                .iter()
                .map(|x| {
                    vec![
                        Cell::Number(f64::from(x.rank)),
                        text(&x.staff_no),
                        text(&x.name),
                        opt_text(&x.department),
                        Cell::Number(x.score as f64),
                        Cell::Number(x.max_score as f64),
                        Cell::Number((x.time_used_ms as f64 / 1000.0).round()),
                        text(&x.submitted_at),
                        text(if x.passed { "是" } else { "否" }),
                        opt_text(&x.tier),
                        opt_text(&x.certificate_no),
                    ]
                })
                .collect(),
            lists: vec![],
        };
        let departments = Table {
            sheet: "部门统计".into(),
            title: format!("{title} · 部门统计（{day}）"),
            headers: vec!["部门", "在职人数", "参赛人数", "参与率", "平均分", "及格率"],
            widths: vec![18.0, 10.0, 10.0, 10.0, 10.0, 10.0],
            rows: r
                .departments
                .iter()
                .map(|d| {
                    vec![
                        text(&d.name),
                        Cell::Number(d.staff as f64),
                        Cell::Number(d.participants as f64),
                        rounded(d.participation_rate, 3),
                        rounded(d.average_score, 1),
                        rounded(d.pass_rate, 3),
                    ]
                })
                .collect(),
            lists: vec![],
        };
        let prizes = Table {
            sheet: "奖项".into(),
            title: format!("{title} · 奖项（{day}）"),
            headers: vec!["奖项", "名额", "获奖条件", "获奖人数", "空缺名额", "说明", "获奖人"],
            widths: vec![10.0, 6.0, 16.0, 8.0, 8.0, 14.0, 50.0],
            rows: r
                .tiers
                .iter()
                .map(|t| {
                    let people: Vec<String> = r
                        .ranking
                        .iter()
                        .filter(|x| x.tier.as_deref() == Some(t.name.as_str()))
                        .map(|x| format!("{}（{}）", x.name, x.staff_no))
                        .collect();
                    vec![
                        text(&t.name),
                        Cell::Number(f64::from(t.count)),
                        text(t.floor.clone().unwrap_or_else(|| "按名次".into())),
                        Cell::Number(f64::from(t.awarded)),
                        Cell::Number(f64::from(t.vacant)),
                        text(t.vacancy_note.clone().unwrap_or_else(|| "满额".into())),
                        text(people.join("、")),
                    ]
                })
                .collect(),
            lists: vec![],
        };
        let draws = Table {
            sheet: "抽奖记录".into(),
            title: format!("{title} · 抽奖记录（{day}，时间为 UTC）"),
            headers: vec![
                "第几次",
                "状态",
                "口令",
                "算法",
                "名单人数",
                "名单 SHA-256",
                "中奖人",
                "抽奖时间",
                "抽奖人",
                "作废时间",
                "作废人",
                "作废原因",
            ],
            widths: vec![7.0, 8.0, 20.0, 16.0, 8.0, 66.0, 40.0, 24.0, 10.0, 24.0, 10.0, 30.0],
            rows: r
                .draws
                .iter()
                .map(|d| {
                    let winners: Vec<String> =
                        d.winners.iter().map(|w| format!("{}（{}）", w.name, w.staff_no)).collect();
                    vec![
                        Cell::Number(f64::from(d.seq)),
                        text(&d.status_name),
                        text(&d.phrase),
                        text(&d.algorithm),
                        Cell::Number(d.eligible_count as f64),
                        text(&d.list_hash),
                        text(winners.join("、")),
                        text(&d.created_at),
                        text(&d.actor),
                        opt_text(&d.voided_at),
                        opt_text(&d.voided_by),
                        opt_text(&d.void_reason),
                    ]
                })
                .collect(),
            lists: vec![],
        };
        let answers = self.answers_table(title, &day, req.id)?;
        let items = super::export_insight::items_table(&self.item_analysis(actor, req.id)?, title, &day);
        let [weak, weak_detail, missed] =
            super::export_insight::weakness_tables(&self.department_weakness(actor, req.id)?, title, &day);
        let base = safe_name(title);
        Ok(match (req.format, req.table) {
            (ExportFormat::Xlsx, _) => ExportFile {
                file_name: format!("{base}-成绩-{day}.xlsx"),
                bytes: workbook(&[ranking, departments, prizes, draws, answers, items, weak, weak_detail, missed])?,
            },
            (ExportFormat::Csv, ExportTable::Items) => {
                ExportFile { file_name: format!("{base}-试题分析-{day}.csv"), bytes: csv(&items) }
            }
            (ExportFormat::Csv, ExportTable::Weakness) => {
                ExportFile { file_name: format!("{base}-部门薄弱-{day}.csv"), bytes: csv(&weak) }
            }
            (ExportFormat::Csv, ExportTable::Prizes) => {
                ExportFile { file_name: format!("{base}-奖项-{day}.csv"), bytes: csv(&prizes) }
            }
            (ExportFormat::Csv, ExportTable::Draws) => {
                ExportFile { file_name: format!("{base}-抽奖记录-{day}.csv"), bytes: csv(&draws) }
            }
            (ExportFormat::Csv, ExportTable::Answers) => {
                ExportFile { file_name: format!("{base}-答题明细-{day}.csv"), bytes: csv(&answers) }
            }
            (ExportFormat::Csv, ExportTable::Ranking) => {
                ExportFile { file_name: format!("{base}-排名-{day}.csv"), bytes: csv(&ranking) }
            }
            (ExportFormat::Csv, ExportTable::Departments) => {
                ExportFile { file_name: format!("{base}-部门统计-{day}.csv"), bytes: csv(&departments) }
            }
        })
    }

    /// Every answer of a contest: who, which question, what they answered,
    /// the key, right or wrong, points and when.
    fn answers_table(&self, title: &str, day: &str, id: ContestId) -> Result<Table> {
        use crate::core::grading::Response;
        use crate::core::question::AnswerKey;
        let rows = self.db.read(|c| {
            let mut out = Vec::new();
            for a in store::contests::answer_rows(c, id)? {
                let q = store::questions::get(c, &a.question_id)?;
                let opts = |keys: &[u8]| {
                    keys.iter().filter_map(|k| q.options.get(*k as usize)).cloned().collect::<Vec<_>>().join("；")
                };
                let given = match serde_json::from_str::<Response>(&a.response) {
                    Ok(Response::Choice { keys }) => opts(&keys),
                    Ok(Response::Judge { value }) => (if value { "对" } else { "错" }).into(),
                    Ok(Response::Fill { text }) => text,
                    Err(_) => String::new(),
                };
                let key = match &q.key {
                    AnswerKey::Choice { keys } => opts(keys),
                    AnswerKey::Judge { value } => (if *value { "对" } else { "错" }).into(),
                    AnswerKey::Fill { answer, .. } => answer.clone(),
                };
                let verdict = match a.verdict.as_deref() {
                    Some("right") => "对",
                    Some("partial") => "部分正确",
                    _ => "错",
                };
                out.push(vec![
                    text(&a.staff_no),
                    text(&a.name),
                    opt_text(&a.department),
                    Cell::Number(a.attempt_no as f64),
                    Cell::Number(f64::from(a.position) + 1.0),
                    text(q.qtype.name()),
                    text(&q.stem),
                    text(given),
                    text(key),
                    text(verdict),
                    Cell::Number(a.points.unwrap_or(0) as f64),
                    text(&a.answered_at),
                ]);
            }
            Ok(out)
        })?;
        Ok(Table {
            sheet: "答题明细".into(),
            title: format!("{title} · 答题明细（{day}）"),
            headers: vec![
                "工号",
                "姓名",
                "部门",
                "第几次",
                "题号",
                "题型",
                "题干",
                "作答",
                "正确答案",
                "对错",
                "得分",
                "作答时间",
            ],
            widths: vec![12.0, 10.0, 16.0, 7.0, 6.0, 6.0, 50.0, 24.0, 24.0, 8.0, 6.0, 24.0],
            rows,
            lists: vec![],
        })
    }

    /// The study-hours report per person and department.
    pub fn export_study(&self, actor: &Actor, req: &ExportStudyRequest) -> Result<ExportFile> {
        let r = self.study_report(actor)?;
        let day = self.today_local()?;
        let people = Table {
            sheet: "按人员".into(),
            title: format!(
                "学时统计 · 按人员（每 {} 分钟计 1 学时，本期目标 {} 学时，{day}）",
                r.minutes_per_hour, r.target_hours_campaign
            ),
            // 在线 = measured in the app, 线下 = offline activities attended
            // (service/offline.rs), 合计 = both; 是否达标 counts the total.
            headers: vec![
                "工号",
                "姓名",
                "部门",
                "本期在线分钟",
                "本期在线学时",
                "本期线下学时",
                "本期合计学时",
                "全年在线学时",
                "全年线下学时",
                "全年合计学时",
                "练习题数",
                "正确率",
                "是否达标",
            ],
            widths: vec![12.0, 10.0, 18.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0, 12.0, 10.0, 10.0, 10.0],
            rows: r
                .people
                .iter()
                .map(|p| {
                    vec![
                        text(&p.staff_no),
                        text(&p.name),
                        opt_text(&p.department),
                        Cell::Number(p.minutes_campaign as f64),
                        Cell::Number(p.hours_campaign),
                        Cell::Number(p.offline_hours_campaign),
                        Cell::Number(p.total_hours_campaign),
                        Cell::Number(p.hours_year),
                        Cell::Number(p.offline_hours_year),
                        Cell::Number(p.total_hours_year),
                        Cell::Number(p.answered as f64),
                        p.accuracy.map_or(Cell::Empty, |a| rounded(a, 3)),
                        text(if p.below_target { "未达标" } else { "已达标" }),
                    ]
                })
                .collect(),
            lists: vec![],
        };
        let depts = Table {
            sheet: "按部门".into(),
            title: format!("学时统计 · 按部门（{day}）"),
            // 人均学时: the average of each person's 本期合计学时.
            headers: vec!["部门", "人数", "人均学时", "未达标人数", "练习题数", "正确率"],
            widths: vec![18.0, 8.0, 10.0, 12.0, 10.0, 10.0],
            rows: r
                .departments
                .iter()
                .map(|d| {
                    vec![
                        text(&d.name),
                        Cell::Number(d.staff as f64),
                        Cell::Number(d.avg_hours_campaign),
                        Cell::Number(d.below_target as f64),
                        Cell::Number(d.answered as f64),
                        d.accuracy.map_or(Cell::Empty, |a| rounded(a, 3)),
                    ]
                })
                .collect(),
            lists: vec![],
        };
        Ok(match req.format {
            ExportFormat::Xlsx => {
                ExportFile { file_name: format!("学时统计-{day}.xlsx"), bytes: workbook(&[people, depts])? }
            }
            ExportFormat::Csv => ExportFile { file_name: format!("学时统计-{day}.csv"), bytes: csv(&people) },
        })
    }
}
