//! The prize draw (C6): one valid draw per contest, run after the close among
//! those at or above the lottery score from an announced phrase; voided only
//! with a reason, every draw kept; each draw can be rerun and compared.

use super::auth::Actor;
use super::contest_api::{
    ContestSpec, DrawRequest, DrawView, VerifyDrawRequest, VerifyResult, VoidDrawRequest, Winner,
};
use super::contest_results::{eligible_for, ranking};
use super::Service;
use crate::core::ids::ContestId;
use crate::core::lottery;
use crate::error::{AppError, Result};
use crate::store;
use rusqlite::Connection;

/// The answer to a second draw while a valid one exists.
pub const REDRAW_REFUSED: &str = "已经抽过奖。如需重新抽奖，请先作废上一次抽奖并写明原因。";

/// A logged draw for the page; `seq` is its place among the contest's draws.
pub(super) fn draw_view(conn: &Connection, d: store::contests::DrawRow, seq: usize) -> Result<DrawView> {
    let eligible: Vec<String> = serde_json::from_str(&d.eligible)?;
    let winners: Vec<String> = serde_json::from_str(&d.winners)?;
    let people = store::people::list_employees(conn)?;
    let voided = d.voided_at.is_some();
    Ok(DrawView {
        id: d.id,
        seq: seq as u32,
        phrase: d.phrase,
        algorithm: d.algorithm,
        list_hash: d.list_hash,
        eligible_count: eligible.len(),
        winners: winners
            .into_iter()
            .map(|no| {
                let p = people.iter().find(|p| p.staff_no == no);
                Winner {
                    name: p.map(|p| p.name.clone()).unwrap_or_default(),
                    department: p.and_then(|p| p.department.clone()),
                    staff_no: no,
                }
            })
            .collect(),
        created_at: d.created_at,
        actor: d.actor,
        status: (if voided { "voided" } else { "valid" }).into(),
        status_name: (if voided { "已作废" } else { "有效" }).into(),
        voided_at: d.voided_at,
        void_reason: d.void_reason,
        voided_by: d.voided_by,
    })
}

/// Every draw of a contest, oldest first, numbered from 1.
pub(super) fn draw_views(conn: &Connection, id: ContestId) -> Result<Vec<DrawView>> {
    store::contests::draws(conn, id)?.into_iter().enumerate().map(|(i, d)| draw_view(conn, d, i + 1)).collect()
}

impl Service {
    /// Runs the lottery (C6) among those at or above the contest's lottery
    /// score, after the contest has closed; logs seed, list hash, algorithm
    /// and winners in the draw table and the audit log. Once: while a draw
    /// that is not voided exists, another is refused (void it first, with a
    /// reason), so nobody can draw until the result suits them.
    pub fn run_draw(&self, actor: &Actor, req: DrawRequest) -> Result<DrawView> {
        actor.organizer()?;
        let phrase = req.phrase.trim().to_string();
        if phrase.chars().count() < 2 {
            return Err(AppError::InvalidInput("请输入在现场宣布的抽奖口令（至少 2 个字）。".into()));
        }
        let now = self.now();
        self.db.transact(|tx| {
            let row = store::contests::get_contest(tx, req.id)?;
            if !row.state.is_over() {
                return Err(AppError::InvalidInput("竞答结束后才能抽奖。".into()));
            }
            let spec: ContestSpec = serde_json::from_str(&row.rules)?;
            let rule = spec.lottery.clone().ok_or_else(|| AppError::InvalidInput("这场竞答没有设置抽奖。".into()))?;
            let before = store::contests::draws(tx, req.id)?;
            if before.iter().any(|d| d.voided_at.is_none()) {
                return Err(AppError::InvalidInput(REDRAW_REFUSED.into()));
            }
            let eligible = eligible_for(&ranking(&store::contests::results(tx, req.id)?, &spec).rows, rule.min_score);
            if eligible.is_empty() {
                return Err(AppError::InvalidInput(format!("没有人达到 {} 分，无人可抽。", rule.min_score)));
            }
            let (sorted, list_hash) = lottery::sorted_list(eligible);
            let winners = lottery::draw(&phrase, &sorted, rule.count as usize);
            let d = store::contests::DrawRow {
                id: 0,
                phrase: phrase.clone(),
                algorithm: lottery::ALGORITHM.into(),
                list_hash: list_hash.clone(),
                eligible: serde_json::to_string(&sorted)?,
                winners: serde_json::to_string(&winners)?,
                created_at: now.clone(),
                actor: actor.audit_name(),
                voided_at: None,
                void_reason: None,
                voided_by: None,
            };
            let id = store::contests::insert_draw(tx, req.id, &d)?;
            store::audit::insert(
                tx,
                &now,
                &actor.audit_name(),
                "抽奖",
                &serde_json::json!({"contest": req.id.0, "draw": id, "seq": before.len() + 1, "seed_phrase": phrase,
                    "algorithm": lottery::ALGORITHM, "list_sha256": list_hash, "eligible": sorted.len(),
                    "winners": winners}),
            )?;
            draw_view(tx, store::contests::DrawRow { id, ..d }, before.len() + 1)
        })
    }

    /// Voids a draw (organizer only) so the lottery may be drawn again: the
    /// reason (at least 4 characters) is required; the draw stays on record
    /// with when, by whom and why, and the audit log says so (作废抽奖).
    pub fn void_draw(&self, actor: &Actor, req: VoidDrawRequest) -> Result<DrawView> {
        actor.organizer()?;
        let reason = req.reason.trim().to_string();
        let len = reason.chars().count();
        if len < 4 {
            return Err(AppError::InvalidInput("请写明作废这次抽奖的原因（至少 4 个字）。".into()));
        }
        if len > 200 {
            return Err(AppError::InvalidInput("作废原因最多 200 个字。".into()));
        }
        let now = self.now();
        self.db.transact(|tx| {
            store::contests::get_contest(tx, req.id)?;
            let draws = store::contests::draws(tx, req.id)?;
            let (i, d) = draws
                .iter()
                .enumerate()
                .find(|(_, d)| d.id == req.draw_id)
                .ok_or_else(|| AppError::NotFound("找不到这次抽奖记录".into()))?;
            if !store::contests::void_draw(tx, req.id, d.id, &now, &reason, &actor.audit_name())? {
                return Err(AppError::InvalidInput("这次抽奖已经作废了。".into()));
            }
            let winners: Vec<String> = serde_json::from_str(&d.winners)?;
            store::audit::insert(
                tx,
                &now,
                &actor.audit_name(),
                "作废抽奖",
                &serde_json::json!({"contest": req.id.0, "draw": d.id, "seq": i + 1, "seed_phrase": d.phrase,
                    "reason": reason, "drawn_at": d.created_at, "winners": winners}),
            )?;
            let again = store::contests::draws(tx, req.id)?.into_iter().find(|x| x.id == d.id);
            draw_view(tx, again.ok_or_else(|| AppError::NotFound("找不到这次抽奖记录".into()))?, i + 1)
        })
    }

    /// Re-runs a logged draw from its phrase and list and compares.
    pub fn verify_draw(&self, actor: &Actor, req: VerifyDrawRequest) -> Result<VerifyResult> {
        actor.organizer()?;
        self.db.read(|c| {
            let d = store::contests::draws(c, req.id)?
                .into_iter()
                .find(|d| d.id == req.draw_id)
                .ok_or_else(|| AppError::NotFound("找不到这次抽奖记录".into()))?;
            let eligible: Vec<String> = serde_json::from_str(&d.eligible)?;
            let logged: Vec<String> = serde_json::from_str(&d.winners)?;
            let (sorted, hash) = lottery::sorted_list(eligible);
            let again = lottery::draw(&d.phrase, &sorted, logged.len());
            Ok(VerifyResult { same_winners: again == logged, same_list: hash == d.list_hash, winners: again })
        })
    }
}
