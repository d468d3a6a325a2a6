//! Contests for organizers (C5): set-up with paper rules checked against the
//! bank, a preview paper, and the states draft → open → closed → published,
//! each enforcing what may still change.

use super::auth::Actor;
use super::contest_api::{ContestSpec, ContestView, PreviewItem, SaveContestRequest, SetStateRequest};
use super::{clock, Service};
use crate::core::ids::ContestId;
use crate::core::paper::{self, draw_paper};
use crate::error::{AppError, Result};
use crate::store::{self, contests::ContestRow};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;
use time::{OffsetDateTime, UtcOffset};

pub fn state_name(state: &str) -> &'static str {
    match state {
        "draft" => "草稿",
        "open" => "已开放",
        "closed" => "已结束",
        "published" => "已公布成绩",
        _ => "未知",
    }
}

/// "YYYY-MM-DDTHH:MM" in the local zone → UTC.
pub fn parse_local(s: &str, offset: UtcOffset) -> Result<OffsetDateTime> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let t = time::PrimitiveDateTime::parse(s.trim(), &fmt)
        .map_err(|_| AppError::InvalidInput(format!("时间“{s}”应写成 2026-12-04T09:00 的样子。")))?;
    Ok(t.assume_offset(offset).to_offset(UtcOffset::UTC))
}

/// Stored UTC text → "YYYY-MM-DDTHH:MM" local.
pub fn to_local(stored: &str, offset: UtcOffset) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    OffsetDateTime::parse(stored, &time::format_description::well_known::Rfc3339)
        .ok()
        .and_then(|t| t.to_offset(offset).format(&fmt).ok())
        .unwrap_or_else(|| stored.to_string())
}

pub fn parse_stored(s: &str) -> Result<OffsetDateTime> {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map_err(|_| AppError::InvalidInput(format!("数据库里的时间“{s}”无法识别。")))
}

fn validate(spec: &ContestSpec) -> Result<()> {
    if spec.title.trim().is_empty() || spec.title.chars().count() > 60 {
        return Err(AppError::InvalidInput("请填写竞答名称（最多 60 个字）。".into()));
    }
    if !(1..=600).contains(&spec.time_limit_minutes) {
        return Err(AppError::InvalidInput("答题时间应在 1 到 600 分钟之间。".into()));
    }
    if !(1..=20).contains(&spec.attempts_allowed) {
        return Err(AppError::InvalidInput("允许作答次数应在 1 到 20 之间。".into()));
    }
    if spec.paper.is_empty() {
        return Err(AppError::InvalidInput("请至少添加一条出题规则。".into()));
    }
    for (i, r) in spec.paper.iter().enumerate() {
        if r.count == 0 || r.count > 200 || r.points == 0 || r.points > 100 {
            return Err(AppError::InvalidInput(format!(
                "第 {} 条出题规则：题数应为 1 到 200，每题分值应为 1 到 100。",
                i + 1
            )));
        }
        if r.difficulty.is_some_and(|d| !(1..=3).contains(&d)) {
            return Err(AppError::InvalidInput(format!("第 {} 条出题规则：难度应为 1、2 或 3。", i + 1)));
        }
    }
    let total: u32 = spec.paper.iter().map(|r| r.count * r.points).sum();
    for t in &spec.tiers {
        if t.name.trim().is_empty() || t.count == 0 {
            return Err(AppError::InvalidInput("奖项要有名称，名额至少 1 个。".into()));
        }
        if let Some(m) = t.min_score.filter(|m| *m > total) {
            return Err(AppError::InvalidInput(format!(
                "“{}”的最低分 {m} 分高于满分 {total} 分，没有人能得到这个奖项。",
                t.name.trim()
            )));
        }
    }
    if spec.lottery.as_ref().is_some_and(|l| l.count == 0) {
        return Err(AppError::InvalidInput("抽奖名额至少 1 个。".into()));
    }
    Ok(())
}

impl Service {
    pub(crate) fn contest_view(&self, conn: &Connection, row: &ContestRow) -> Result<ContestView> {
        let spec: ContestSpec = serde_json::from_str(&row.rules)?;
        let metas = store::contests::question_metas(conn)?;
        let participants: i64 = store::contests::results(conn, row.id)?
            .iter()
            .map(|r| r.employee_id)
            .collect::<std::collections::HashSet<_>>()
            .len() as i64;
        Ok(ContestView {
            id: row.id,
            state: row.state.clone(),
            state_name: state_name(&row.state).into(),
            pools: paper::pool_sizes(&spec.paper, &metas),
            question_count: spec.paper.iter().map(|r| r.count).sum(),
            total_points: spec.paper.iter().map(|r| r.count * r.points).sum(),
            participants,
            spec,
        })
    }

    /// Creates a contest (as a draft) or edits a draft.
    pub fn save_contest(&self, actor: &Actor, req: SaveContestRequest) -> Result<ContestView> {
        actor.organizer()?;
        let spec = req.spec;
        validate(&spec)?;
        let offset = self.settings()?.offset();
        let opens = parse_local(&spec.opens_at, offset)?;
        let closes = parse_local(&spec.closes_at, offset)?;
        if closes <= opens {
            return Err(AppError::InvalidInput("结束时间要晚于开始时间。".into()));
        }
        let now = self.now();
        self.db.transact(|tx| {
            let metas = store::contests::question_metas(tx)?;
            for (i, (rule, pool)) in spec.paper.iter().zip(paper::pool_sizes(&spec.paper, &metas)).enumerate() {
                if pool < rule.count as usize {
                    return Err(AppError::InvalidInput(format!(
                        "第 {} 条出题规则要抽 {} 题，题库里只有 {} 道符合条件的题。",
                        i + 1,
                        rule.count,
                        pool
                    )));
                }
            }
            draw_paper(&spec.paper, &metas, &mut ChaCha8Rng::seed_from_u64(0))
                .map_err(|e| AppError::InvalidInput(format!("{e}（几条规则合在一起抽不够题）。")))?;
            let mut row = ContestRow {
                id: req.id.unwrap_or(ContestId(0)),
                title: spec.title.trim().to_string(),
                opens_at: clock::format(opens),
                closes_at: clock::format(closes),
                time_limit_s: i64::from(spec.time_limit_minutes) * 60,
                rules: serde_json::to_string(&spec)?,
                state: "draft".into(),
                created_at: now.clone(),
            };
            let action = match req.id {
                Some(id) => {
                    let old = store::contests::get_contest(tx, id)?;
                    if old.state != "draft" {
                        return Err(AppError::InvalidInput(
                            "只有草稿状态的竞答可以修改；已开放的竞答不能再改规则。".into(),
                        ));
                    }
                    store::contests::update_contest(tx, &row)?;
                    "修改竞答"
                }
                None => {
                    row.id = store::contests::insert_contest(tx, &row)?;
                    "创建竞答"
                }
            };
            store::audit::insert(
                tx,
                &now,
                &actor.audit_name(),
                action,
                &serde_json::json!({"contest": row.id.0, "title": row.title}),
            )?;
            let row = store::contests::get_contest(tx, row.id)?;
            self.contest_view(tx, &row)
        })
    }

    /// How many questions each rule could draw from (the set-up screen's
    /// live counts).
    pub fn paper_pools(&self, actor: &Actor, rules: &[paper::DrawRule]) -> Result<Vec<usize>> {
        actor.organizer()?;
        self.db.read(|c| Ok(paper::pool_sizes(rules, &store::contests::question_metas(c)?)))
    }

    pub fn contests(&self, actor: &Actor) -> Result<Vec<ContestView>> {
        actor.organizer()?;
        self.db.read(|c| store::contests::list_contests(c)?.iter().map(|r| self.contest_view(c, r)).collect())
    }

    pub fn contest(&self, actor: &Actor, id: ContestId) -> Result<ContestView> {
        actor.organizer()?;
        self.db.read(|c| self.contest_view(c, &store::contests::get_contest(c, id)?))
    }

    /// A sample paper drawn by the rules (a fresh seed each time).
    pub fn preview_paper(&self, actor: &Actor, id: ContestId) -> Result<Vec<PreviewItem>> {
        actor.organizer()?;
        self.db.read(|c| {
            let row = store::contests::get_contest(c, id)?;
            let spec: ContestSpec = serde_json::from_str(&row.rules)?;
            let metas = store::contests::question_metas(c)?;
            let items = draw_paper(&spec.paper, &metas, &mut ChaCha8Rng::seed_from_u64(rand::random()))
                .map_err(|e| AppError::InvalidInput(e.to_string()))?;
            items
                .iter()
                .map(|it| {
                    let q = store::questions::get(c, &it.question_id)?;
                    Ok(PreviewItem { qtype_name: q.qtype.name().into(), stem: q.stem, points: it.points })
                })
                .collect()
        })
    }

    /// Moves a contest on: draft → open → closed → published (closing also
    /// finalises every attempt still open).
    pub fn set_contest_state(&self, actor: &Actor, req: SetStateRequest) -> Result<ContestView> {
        actor.organizer()?;
        let now = self.now();
        let allowed = |from: &str, to: &str| {
            matches!((from, to), ("draft", "open") | ("open", "closed") | ("closed", "published"))
        };
        if req.state == "closed" {
            self.finalise_contest(req.id)?;
        }
        self.db.transact(|tx| {
            let row = store::contests::get_contest(tx, req.id)?;
            if !allowed(&row.state, &req.state) {
                return Err(AppError::InvalidInput(format!(
                    "竞答现在是“{}”，不能改为“{}”。顺序是：草稿 → 已开放 → 已结束 → 已公布成绩。",
                    state_name(&row.state),
                    state_name(&req.state)
                )));
            }
            store::contests::set_state(tx, req.id, &req.state)?;
            // Published: the 竞赛专用 questions this contest used become
            // practice questions (nobody can gain from them any more).
            let released = if req.state == "published" {
                let ids = store::contests::paper_question_ids(tx, req.id)?;
                store::questions::release(tx, &ids, &now)?
            } else {
                0
            };
            store::audit::insert(
                tx,
                &now,
                &actor.audit_name(),
                &format!("竞答改为{}", state_name(&req.state)),
                &serde_json::json!({"contest": req.id.0, "title": row.title, "released_questions": released}),
            )?;
            let row = store::contests::get_contest(tx, req.id)?;
            self.contest_view(tx, &row)
        })
    }
}
