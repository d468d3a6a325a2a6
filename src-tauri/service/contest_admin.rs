//! Contests for organizers (C5): set-up with paper rules checked against the
//! bank, a preview paper, and the states draft → open → closed → published,
//! each enforcing what may still change.

use super::auth::Actor;
use super::contest_api::{ContestSpec, ContestView, PreviewItem, SaveContestRequest, SetStateRequest};
use super::contest_take::{finalise_many, FINALISE_BATCH};
use super::{clock, Service};
use crate::core::ids::ContestId;
use crate::core::paper::{self, draw_paper};
use crate::error::{AppError, Result};
use crate::store::{
    self,
    contests::{ContestRow, ContestState},
};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;
use time::{OffsetDateTime, UtcOffset};

/// The name organizers see for a state as the API spells it.
pub fn state_name(state: &str) -> &'static str {
    ContestState::parse(state).map_or("未知", ContestState::name)
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
    // Checked: the number of rules is not bounded by anything else here.
    let total: u32 = spec
        .paper
        .iter()
        .try_fold(0u32, |sum, r| sum.checked_add(r.count * r.points))
        .ok_or_else(|| AppError::InvalidInput("出题规则太多，满分超出了范围。".into()))?;
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
            state: row.state.as_str().to_string(),
            state_name: row.state.name().into(),
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
                state: ContestState::Draft,
                created_at: now.clone(),
            };
            let action = match req.id {
                Some(id) => {
                    let old = store::contests::get_contest(tx, id)?;
                    if old.state != ContestState::Draft {
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

    /// Moves a contest on: draft → open → closed → published. The change is
    /// a job of the group-commit writer, checked and made in one go, so a
    /// start or an answer (writer jobs too) is wholly before it or after
    /// it. Closing sets `closed` first and, in the same transaction,
    /// finalises the first batch of attempts still open (as handed in now);
    /// the rest follow in batches — none can be answered any more, and a
    /// close cut short is finished by the background finaliser.
    pub fn set_contest_state(&self, actor: &Actor, req: SetStateRequest) -> Result<ContestView> {
        actor.organizer()?;
        let id = req.id;
        let to = ContestState::parse(&req.state)
            .ok_or_else(|| AppError::InvalidInput(format!("没有“{}”这个竞答状态。", req.state)))?;
        let now = self.now();
        let who = actor.audit_name();
        let clock = self.contest_clock.clone();
        // The questions for grading the first batch, kept in memory (the
        // job checks that its transaction sees the same bank revision).
        let bank = self.bank_snapshot_now()?;
        let (rest, failed) = self.db.write_grouped(move |tx| {
            let row = store::contests::get_contest(tx, id)?;
            if !row.state.may_become(to) {
                return Err(AppError::InvalidInput(format!(
                    "竞答现在是“{}”，不能改为“{}”。顺序是：草稿 → 已开放 → 已结束 → 已公布成绩。",
                    row.state.name(),
                    to.name()
                )));
            }
            store::contests::set_state(tx, id, to)?;
            // Published: the 竞赛专用 questions this contest used become
            // practice questions (nobody can gain from them any more).
            let released = if to == ContestState::Published {
                let ids = store::contests::paper_question_ids(tx, id)?;
                store::questions::release(tx, &ids, &now)?
            } else {
                0
            };
            store::audit::insert(
                tx,
                &now,
                &who,
                &format!("竞答改为{}", to.name()),
                &serde_json::json!({"contest": id.0, "title": row.title, "released_questions": released}),
            )?;
            if to != ContestState::Closed {
                return Ok((Vec::new(), Vec::new()));
            }
            let at = clock.now(None);
            let mut open: Vec<_> = store::contests::open_attempts(tx, id)?.into_iter().map(|a| (a, Some(at))).collect();
            let rest = open.split_off(open.len().min(FINALISE_BATCH));
            Ok((rest, finalise_many(tx, &bank, &open)))
        })?;
        for (attempt, e) in failed {
            tracing::error!(attempt = attempt.0, "attempt could not be finalised at the close, skipped: {e}");
            self.unfinalisable.insert(attempt);
        }
        self.finalise_batches(rest);
        self.db.read(|c| self.contest_view(c, &store::contests::get_contest(c, id)?))
    }
}
