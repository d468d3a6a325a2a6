//! The live show's workbook (same look as the other exports): the final
//! standings, every event with its time, the audience ranking and every
//! item with its question and outcome.

use super::auth::Actor;
use super::export::{safe_name, text, workbook, Cell, ExportFile, Table};
use super::Service;
use crate::core::show::{self as rules, AudienceRecord};
use crate::error::Result;
use crate::store::show as st;

fn num(n: i64) -> Cell {
    Cell::Number(n as f64)
}

impl Service {
    pub fn show_export(&self, actor: &Actor, id: i64) -> Result<ExportFile> {
        let console = self.show_get(actor, id)?;
        let day = self.today_local()?;
        let title = console.spec.title.clone();
        let p = &console.public;
        let pairs: Vec<(i64, i64)> = p.teams.iter().map(|t| (t.id, t.score)).collect();
        let places = rules::podium(&pairs);
        let standings = Table {
            sheet: "总成绩".into(),
            title: format!("{title} 总成绩（{day}）"),
            headers: vec!["名次", "队名", "部门", "队员", "得分"],
            widths: vec![8.0, 20.0, 20.0, 40.0, 10.0],
            rows: places
                .iter()
                .filter_map(|(tid, place)| {
                    let t = p.teams.iter().find(|t| t.id == *tid)?;
                    let members = console.spec.teams.get(t.position as usize).map(|s| s.members.join("、"));
                    Some(vec![
                        num(*place as i64),
                        text(t.name.clone()),
                        text(t.department.clone().unwrap_or_default()),
                        text(members.unwrap_or_default()),
                        num(t.score),
                    ])
                })
                .collect(),
            lists: vec![],
        };
        let team_name = |t: Option<i64>| t.and_then(|t| p.teams.iter().find(|x| x.id == t)).map(|t| t.name.clone());
        let item_no = |i: Option<i64>| i.and_then(|i| console.items.iter().find(|x| x.id == i)).map(|x| x.position + 1);
        let (events, records, answers) = self.db.read(|c| {
            Ok((
                super::show_view::all_event_lines(c, id)?,
                st::audience_records(c, id, i64::MAX)?,
                st::all_answers(c, id)?,
            ))
        })?;
        let log = Table {
            sheet: "过程记录".into(),
            title: format!("{title} 过程记录（时间为 UTC）"),
            headers: vec!["序号", "时间", "毫秒时间戳", "类型", "队", "题号", "分数变化", "已撤销", "说明"],
            widths: vec![8.0, 26.0, 16.0, 12.0, 16.0, 8.0, 10.0, 8.0, 50.0],
            rows: events
                .iter()
                .map(|e| {
                    vec![
                        num(e.id),
                        text(e.at.clone()),
                        num(e.at_ms),
                        text(e.kind.clone()),
                        team_name(e.team).map_or(Cell::Empty, text),
                        item_no(e.item).map_or(Cell::Empty, num),
                        num(e.points),
                        text(if e.undone { "是" } else { "" }),
                        text(e.text.clone()),
                    ]
                })
                .collect(),
            lists: vec![],
        };
        let names: std::collections::HashMap<i64, (String, i64)> =
            records.iter().map(|(d, n, _, _, answered)| (*d, (n.clone(), *answered))).collect();
        let ranked = rules::audience_ranking(
            records
                .iter()
                .map(|(d, _, correct, ms, _)| AudienceRecord { device: *d, correct: *correct as u32, ms: *ms })
                .collect(),
        );
        let audience = Table {
            sheet: "观众排名".into(),
            title: format!("{title} 观众排名（答对多者在前，同数用时少者在前）"),
            headers: vec!["名次", "观众", "答题数", "答对数", "答对用时（秒）"],
            widths: vec![8.0, 20.0, 10.0, 10.0, 16.0],
            rows: ranked
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let (name, answered) = names.get(&r.device).cloned().unwrap_or_default();
                    vec![
                        num(i as i64 + 1),
                        text(name),
                        num(answered),
                        num(i64::from(r.correct)),
                        Cell::Number((r.ms as f64 / 10.0).round() / 100.0),
                    ]
                })
                .collect(),
            lists: vec![],
        };
        let items = Table {
            sheet: "题目".into(),
            title: format!("{title} 题目"),
            headers: vec!["题号", "轮次", "本轮第几题", "队", "题目编号", "题干", "风险分值", "状态", "观众作答数"],
            widths: vec![8.0, 16.0, 10.0, 16.0, 16.0, 60.0, 10.0, 10.0, 12.0],
            rows: console
                .items
                .iter()
                .map(|i| {
                    let round = console.spec.rounds.get(i.round as usize).map(|r| r.title.clone()).unwrap_or_default();
                    let n = answers.iter().filter(|a| a.0 == i.position).count() as i64;
                    let state = match i.state.as_str() {
                        "done" => "已答",
                        "current" => "进行中",
                        "skipped" => "未答（时间到）",
                        _ => "未用",
                    };
                    vec![
                        num(i.position + 1),
                        text(round),
                        num(i.number),
                        team_name(i.team).map_or(Cell::Empty, text),
                        text(i.question_id.0.clone()),
                        text(i.stem.clone()),
                        i.risk_value.map_or(Cell::Empty, num),
                        text(state),
                        num(n),
                    ]
                })
                .collect(),
            lists: vec![],
        };
        Ok(ExportFile {
            file_name: safe_name(&format!("{title}_现场竞答_{day}.xlsx")),
            bytes: workbook(&[standings, log, audience, items])?,
        })
    }
}

/// Certificates of the teams placed in the first `team_places` and of the
/// first `audience` audience phones: the existing certificate sheet (the
/// organizer's wording, unit, date and 套打 layout), numbered
/// `YEAR-S<show>-<seq>` so they never clash with a contest's numbers.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct ShowCertificatesRequest {
    pub id: i64,
    /// Teams placed 1 … this (ties share a place); default 3.
    #[serde(default)]
    pub team_places: Option<usize>,
    /// The best audience phones; default 3.
    #[serde(default)]
    pub audience: Option<usize>,
}

const PLACE_NAMES: [&str; 12] = [
    "第一名",
    "第二名",
    "第三名",
    "第四名",
    "第五名",
    "第六名",
    "第七名",
    "第八名",
    "第九名",
    "第十名",
    "第十一名",
    "第十二名",
];

impl Service {
    pub fn show_certificates(
        &self,
        actor: &Actor,
        req: &ShowCertificatesRequest,
    ) -> Result<super::certificates::CertificateSheet> {
        use crate::core::certificate::{self, Fields};
        let console = self.show_get(actor, req.id)?;
        if console.state != "finished" {
            return Err(crate::error::AppError::InvalidInput("现场竞答结束后才能打印证书。".into()));
        }
        let settings = self.settings()?;
        let cs = self.certificate_settings()?;
        let date = self.clock.now().to_offset(settings.offset()).date();
        let unit = certificate::tidy(&settings.issuing_unit);
        let title = console.spec.title.clone();
        let fill = |name: &str, dept: &str, tier: &str| {
            certificate::fill(
                &cs.template,
                &Fields { name, department: dept, unit: &unit, year: date.year(), tier, contest: &title },
            )
        };
        let mut out = Vec::new();
        let p = &console.public;
        let pairs: Vec<(i64, i64)> = p.teams.iter().map(|t| (t.id, t.score)).collect();
        for (tid, place) in rules::podium(&pairs) {
            if place > req.team_places.unwrap_or(3).min(12) {
                continue;
            }
            let Some(t) = p.teams.iter().find(|t| t.id == tid) else { continue };
            let tier = format!("团体{}", PLACE_NAMES[place - 1]);
            let dept = t.department.clone().unwrap_or_default();
            let mut w = fill(&t.name, &dept, &tier);
            // A team is no 同志: 红队同志： reads wrong, 红队： does not.
            w.salutation = w.salutation.replacen("同志", "", 1);
            out.push((place as u32, t.name.clone(), t.department.clone(), tier, w));
        }
        let records = self.db.read(|c| st::audience_records(c, req.id, i64::MAX))?;
        let names: std::collections::HashMap<i64, String> = records.iter().map(|r| (r.0, r.1.clone())).collect();
        let ranked = rules::audience_ranking(
            records
                .iter()
                .filter(|r| r.2 > 0)
                .map(|(d, _, correct, ms, _)| AudienceRecord { device: *d, correct: *correct as u32, ms: *ms })
                .collect(),
        );
        for (i, r) in ranked.iter().take(req.audience.unwrap_or(3).min(50)).enumerate() {
            let name = names.get(&r.device).cloned().unwrap_or_default();
            let tier = format!("观众答题{}", PLACE_NAMES.get(i).copied().unwrap_or("优胜"));
            let w = fill(&name, "", &tier);
            out.push((i as u32 + 1, name, None, tier, w));
        }
        let certificates = out
            .into_iter()
            .enumerate()
            .map(|(seq, (rank, name, department, tier, w))| super::certificates::Certificate {
                number: format!("{}-S{:02}-{:03}", date.year(), req.id, seq + 1),
                rank,
                staff_no: String::new(),
                name: certificate::tidy(&name),
                department,
                tier,
                salutation: w.salutation,
                body: w.body,
            })
            .collect();
        let iso = format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day());
        Ok(super::certificates::CertificateSheet {
            contest_id: crate::core::ids::ContestId(req.id),
            title: console.spec.title.clone(),
            issuing_unit: unit.clone(),
            issue_date: iso.clone(),
            date_text: certificate::chinese_date(date.year(), u8::from(date.month()), date.day()),
            date_set: false,
            close_date: iso,
            template: cs.template.clone(),
            default_template: certificate::DEFAULT_TEMPLATE.into(),
            placeholders: certificate::PLACEHOLDERS.iter().map(|p| p.to_string()).collect(),
            overlay: cs.overlay,
            default_overlay: Default::default(),
            certificates,
        })
    }
}
