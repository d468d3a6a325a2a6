//! The live show (现场竞答), the organizer's side: set-up, start, the host's
//! actions and the oath step. Every change is one job of the group-commit
//! writer (one transaction: the move, its events and the audit entry
//! together) and is announced on the show bus after it is committed, so the
//! LAN host pushes the new state to the streams. The devices' side and the
//! views are in `show_live.rs`.

use super::show_api::*;
use crate::core::show::{self as rules, Phase, Step};
use crate::core::show_spec::{self, RoundSettings};
use crate::error::{AppError, Result};
use crate::store::show::{self as st, ItemRow as ItemDb, Live, NewEvent, ShowRow, TeamRow};
use crate::store::{self, audit};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// What the show side of the service keeps in memory: the bus the host
/// listens to, and the devices seen (token hash → device), so a buzz needs
/// no database read before the writer.
pub struct ShowHub {
    pub(super) bus: tokio::sync::broadcast::Sender<i64>,
    pub(super) devices: Mutex<HashMap<String, Device>>,
    /// Held while a buzz takes its time and joins the writer's queue, so
    /// the order of the times is the order of the places.
    pub(super) buzz_order: Mutex<()>,
}

impl Default for ShowHub {
    fn default() -> Self {
        ShowHub {
            bus: tokio::sync::broadcast::channel(4096).0,
            devices: Mutex::new(HashMap::new()),
            buzz_order: Mutex::new(()),
        }
    }
}

/// A device that joined a show with its code.
#[derive(Debug, Clone, PartialEq)]
pub struct Device {
    pub id: i64,
    pub show: i64,
    pub role: String,
    pub team: Option<i64>,
    pub name: String,
    pub revoked: bool,
}

/// A show's state as a job sees it.
pub(super) struct Ctx {
    pub row: ShowRow,
    pub spec: ShowSpec,
    pub teams: Vec<TeamRow>,
    pub item: Option<ItemDb>,
    pub phase: Phase,
}

impl Ctx {
    pub fn load(conn: &Connection, id: i64) -> Result<Ctx> {
        let row = st::get(conn, id)?;
        let spec: ShowSpec = serde_json::from_str(&row.spec)?;
        let teams = st::teams(conn, id)?;
        let item = match row.item_pos {
            Some(p) => Some(st::item_at(conn, id, p)?),
            None => None,
        };
        let phase = Phase::parse(&row.phase).unwrap_or(Phase::Setup);
        Ok(Ctx { row, spec, teams, item, phase })
    }

    pub fn round(&self) -> Option<&RoundSpec> {
        self.item.as_ref().and_then(|i| self.spec.rounds.get(i.round_pos as usize))
    }

    pub fn kind(&self) -> RoundKind {
        self.round().map_or(RoundKind::Buzz, |r| r.kind)
    }

    pub fn settings(&self) -> RoundSettings {
        self.round().map(RoundSpec::settings).unwrap_or_else(|| show_spec::RoundSpec::settings(&default_round()))
    }

    pub fn team_name(&self, team: Option<i64>) -> String {
        team.and_then(|t| self.teams.iter().find(|x| x.id == t)).map(|t| t.name.clone()).unwrap_or_default()
    }

    fn item(&self) -> Result<&ItemDb> {
        self.item.as_ref().ok_or_else(|| AppError::InvalidInput("竞答还没有开始。".into()))
    }

    fn running(&self) -> Result<()> {
        match self.row.state.as_str() {
            "running" => Ok(()),
            "setup" => Err(AppError::InvalidInput("竞答还没有开始。".into())),
            _ => Err(AppError::InvalidInput("竞答已经结束。".into())),
        }
    }
}

fn default_round() -> RoundSpec {
    RoundSpec {
        title: String::new(),
        kind: RoundKind::Buzz,
        points_right: None,
        points_wrong: None,
        foul_penalty: None,
        answer_seconds: None,
        risk_values: None,
        speed_seconds: None,
        count: None,
        rule: None,
        question_ids: vec![],
    }
}

/// The team answering the current item: the first buzz's (抢答) or the turn team's.
pub(super) fn answering_team(conn: &Connection, ctx: &Ctx) -> Result<Option<i64>> {
    let Some(item) = &ctx.item else { return Ok(None) };
    if ctx.kind() == RoundKind::Buzz {
        Ok(st::item_events(conn, item.id, "buzz")?.first().and_then(|e| e.team_id))
    } else {
        Ok(item.team_id)
    }
}

/// The item's judgment that stands (not undone).
pub(super) fn standing_judgment(conn: &Connection, item: i64) -> Result<Option<st::EventRow>> {
    Ok(st::item_events(conn, item, "judge")?.into_iter().rev().find(|e| e.undone_by.is_none()))
}

/// Moves the show to `phase` on its current item, with the phase's clock
/// fields, and logs it.
pub(super) fn move_to(conn: &Connection, ctx: &mut Ctx, phase: Phase, now: i64) -> Result<()> {
    let s = ctx.settings();
    let mut l: Live = ctx.row.live();
    l.phase = phase.as_str().into();
    l.phase_started_at_ms = now;
    match phase {
        Phase::Question => {
            l.shown_at_ms = Some(now);
            l.deadline_ms = None;
        }
        Phase::Open => {
            l.open_at_ms = Some(now);
            l.deadline_ms = None;
        }
        Phase::Answering => l.deadline_ms = Some(now + i64::from(s.answer_seconds) * 1000),
        Phase::Speed => {
            // from the turn's title card: the turn's clock starts
            if ctx.phase == Phase::Intro {
                l.deadline_ms = Some(now + i64::from(s.speed_seconds) * 1000);
            }
            l.shown_at_ms = Some(now);
        }
        Phase::Podium => {
            l.state = "finished".into();
            l.deadline_ms = None;
        }
        _ => l.deadline_ms = None,
    }
    st::set_live(conn, ctx.row.id, &l)?;
    st::insert_event(
        conn,
        ctx.row.id,
        &NewEvent {
            at_ms: now,
            kind: "phase",
            item: ctx.item.as_ref().map(|i| i.id),
            data: json!({"phase": phase.as_str()}),
            ..Default::default()
        },
    )?;
    ctx.row.state = l.state.clone();
    ctx.row.phase = l.phase.clone();
    ctx.row.deadline_ms = l.deadline_ms;
    ctx.row.open_at_ms = l.open_at_ms;
    ctx.row.shown_at_ms = l.shown_at_ms;
    ctx.row.phase_started_at_ms = now;
    ctx.phase = phase;
    Ok(())
}

/// Makes `next` the current item (the one before is done) and enters its
/// first phase; None: the show is over (podium).
pub(super) fn enter_item(conn: &Connection, ctx: &mut Ctx, next: Option<ItemDb>, now: i64) -> Result<()> {
    if let Some(cur) = &ctx.item {
        if cur.state == "current" {
            st::set_item_state(conn, cur.id, "done")?;
        }
    }
    let Some(next) = next else {
        return finish(conn, ctx, now);
    };
    st::set_item_state(conn, next.id, "current")?;
    let round = ctx.spec.rounds.get(next.round_pos as usize).cloned().unwrap_or_else(default_round);
    let per_team = round.per_team(ctx.teams.len());
    let block = rules::starts_block(round.kind, next.round_index as usize, per_team);
    let phase = rules::start_phase(round.kind, block);
    let mut l = ctx.row.live();
    l.item_pos = Some(next.position);
    l.open_at_ms = None;
    l.shown_at_ms = None;
    l.deadline_ms = None;
    st::set_live(conn, ctx.row.id, &l)?;
    ctx.row.item_pos = Some(next.position);
    ctx.item = Some(next);
    ctx.phase = Phase::Setup; // entering fresh: no carried-over clock
    move_to(conn, ctx, phase, now)
}

fn finish(conn: &Connection, ctx: &mut Ctx, now: i64) -> Result<()> {
    move_to(conn, ctx, Phase::Podium, now)?;
    st::set_finished(conn, ctx.row.id, &super::clock::format(ms_to_time(now)))?;
    st::insert_event(conn, ctx.row.id, &NewEvent { at_ms: now, kind: "finish", ..Default::default() })?;
    Ok(())
}

pub(super) fn ms_to_time(ms: i64) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

/// Scores the answering team for the current item and moves on: 限时速答 to
/// the turn's next question (or the scoreboard), others to `judged`.
pub(super) fn judge(conn: &Connection, ctx: &mut Ctx, right: bool, now: i64, device: Option<i64>) -> Result<i64> {
    let item = ctx.item()?.clone();
    let judged = standing_judgment(conn, item.id)?.is_some();
    if !rules::may_judge(ctx.phase, judged) {
        return Err(AppError::InvalidInput(match ctx.phase {
            Phase::Judged => "本题已判定；如需更改，请先撤销。".into(),
            p => format!("现在（{}）不能判定对错。", p.name()),
        }));
    }
    let team = answering_team(conn, ctx)?.ok_or_else(|| AppError::InvalidInput("还没有队伍抢到答题权。".into()))?;
    let points = rules::judge_points(&ctx.settings(), ctx.kind(), right, item.risk_value);
    st::insert_event(
        conn,
        ctx.row.id,
        &NewEvent {
            at_ms: now,
            kind: "judge",
            team: Some(team),
            item: Some(item.id),
            device,
            points,
            scoring: true,
            data: json!({"right": right}),
        },
    )?;
    if ctx.phase == Phase::Speed {
        speed_next(conn, ctx, now)?;
    } else if ctx.phase == Phase::Answering {
        move_to(conn, ctx, Phase::Judged, now)?;
    } else {
        st::bump(conn, ctx.row.id)?;
    }
    Ok(points)
}

/// 限时速答: the turn's next question, or the scoreboard when the time is
/// up or the turn's questions ran out (the rest are skipped).
fn speed_next(conn: &Connection, ctx: &mut Ctx, now: i64) -> Result<()> {
    let item = ctx.item()?.clone();
    let next = st::next_pending(conn, ctx.row.id, item.position)?
        .filter(|n| n.round_pos == item.round_pos && n.team_id == item.team_id);
    match next {
        Some(n) if rules::speed_open(now, ctx.row.deadline_ms) => {
            st::set_item_state(conn, item.id, "done")?;
            st::set_item_state(conn, n.id, "current")?;
            let mut l = ctx.row.live();
            l.item_pos = Some(n.position);
            l.shown_at_ms = Some(now);
            st::set_live(conn, ctx.row.id, &l)?;
            ctx.row.item_pos = Some(n.position);
            ctx.row.shown_at_ms = Some(now);
            ctx.item = Some(n);
            Ok(())
        }
        _ => {
            st::skip_block(conn, ctx.row.id, item.round_pos, item.team_id)?;
            move_to(conn, ctx, Phase::Scoreboard, now)
        }
    }
}

/// One host action inside the writer's transaction.
pub(super) fn act(
    conn: &Connection,
    ctx: &mut Ctx,
    action: &ShowAction,
    now: i64,
    who: &str,
    now_s: &str,
) -> Result<()> {
    let id = ctx.row.id;
    match action {
        ShowAction::Finish => {
            ctx.running()?;
            finish(conn, ctx, now)?;
            audit::insert(conn, now_s, who, "结束现场竞答", &json!({"show": id, "title": ctx.row.title}))?;
            return Ok(());
        }
        ShowAction::Correct { team, delta, reason } => {
            if ctx.row.state == "setup" {
                return Err(AppError::InvalidInput("竞答还没有开始。".into()));
            }
            rules::check_correction(*delta, reason).map_err(|e| AppError::InvalidInput(e.into()))?;
            let name = ctx.team_name(Some(*team));
            if name.is_empty() {
                return Err(AppError::InvalidInput("没有这个参赛队。".into()));
            }
            st::insert_event(
                conn,
                id,
                &NewEvent {
                    at_ms: now,
                    kind: "correction",
                    team: Some(*team),
                    item: ctx.item.as_ref().map(|i| i.id),
                    points: *delta,
                    scoring: true,
                    data: json!({"reason": reason.trim()}),
                    ..Default::default()
                },
            )?;
            st::bump(conn, id)?;
            audit::insert(
                conn,
                now_s,
                who,
                "更正现场竞答分数",
                &json!({"show": id, "team": name, "delta": delta, "reason": reason.trim()}),
            )?;
            return Ok(());
        }
        ShowAction::Undo => {
            if ctx.row.state == "setup" {
                return Err(AppError::InvalidInput("竞答还没有开始。".into()));
            }
            let events = st::scoring_events(conn, id)?;
            let core: Vec<rules::ScoreEvent> = events
                .iter()
                .filter_map(|e| {
                    Some(rules::ScoreEvent {
                        id: e.id,
                        team: e.team_id?,
                        points: e.points,
                        undone: e.undone_by.is_some(),
                    })
                })
                .collect();
            let target =
                rules::undo_target(&core).ok_or_else(|| AppError::InvalidInput("没有可以撤销的计分。".into()))?;
            let ev = events.iter().find(|e| e.id == target).cloned();
            let undo = st::insert_event(
                conn,
                id,
                &NewEvent { at_ms: now, kind: "undo", data: json!({"target": target}), ..Default::default() },
            )?;
            st::mark_undone(conn, target, undo)?;
            st::bump(conn, id)?;
            let (kind, team, points) = ev.map(|e| (e.kind, e.team_id, e.points)).unwrap_or_default();
            audit::insert(
                conn,
                now_s,
                who,
                "撤销现场竞答计分",
                &json!({"show": id, "event": target, "kind": kind, "team": ctx.team_name(team), "points": points}),
            )?;
            return Ok(());
        }
        _ => {}
    }
    ctx.running()?;
    let item = ctx.item()?.clone();
    match action {
        ShowAction::Next => {
            let judged = standing_judgment(conn, item.id)?.is_some();
            let speed_over = ctx.phase == Phase::Speed && {
                let more = st::next_pending(conn, id, item.position)?
                    .is_some_and(|n| n.round_pos == item.round_pos && n.team_id == item.team_id);
                !more || !rules::speed_open(now, ctx.row.deadline_ms)
            };
            let state = rules::ItemState { kind: ctx.kind(), picked: item.risk_value.is_some(), judged, speed_over };
            match rules::next_step(ctx.phase, state).map_err(|e| AppError::InvalidInput(e.into()))? {
                Step::To(Phase::Scoreboard) if ctx.phase == Phase::Speed => {
                    st::skip_block(conn, id, item.round_pos, item.team_id)?;
                    move_to(conn, ctx, Phase::Scoreboard, now)
                }
                Step::To(p) => move_to(conn, ctx, p, now),
                Step::PassQuestion => {
                    st::insert_event(
                        conn,
                        id,
                        &NewEvent {
                            at_ms: now,
                            kind: "pass",
                            team: item.team_id,
                            item: Some(item.id),
                            ..Default::default()
                        },
                    )?;
                    speed_next(conn, ctx, now)
                }
                Step::NextItem => {
                    let next = st::next_pending(conn, id, item.position)?;
                    let ending = next.is_none();
                    enter_item(conn, ctx, next, now)?;
                    if ending {
                        audit::insert(conn, now_s, who, "结束现场竞答", &json!({"show": id, "title": ctx.row.title}))?;
                    }
                    Ok(())
                }
            }
        }
        ShowAction::OpenBuzz => {
            if ctx.kind() != RoundKind::Buzz || ctx.phase != Phase::Question {
                return Err(AppError::InvalidInput("只有抢答题出题后才能开始抢答。".into()));
            }
            move_to(conn, ctx, Phase::Open, now)
        }
        ShowAction::Judge { right } => judge(conn, ctx, *right, now, None).map(|_| ()),
        ShowAction::PickValue { value } => pick(conn, ctx, *value, now, None),
        ShowAction::Reveal => {
            if !rules::may_reveal(ctx.phase) {
                return Err(AppError::InvalidInput(format!("现在（{}）不能公布答案。", ctx.phase.name())));
            }
            move_to(conn, ctx, Phase::Reveal, now)
        }
        ShowAction::Scoreboard => {
            if !rules::may_show_scoreboard(ctx.phase) {
                return Err(AppError::InvalidInput(format!("现在（{}）不能显示比分。", ctx.phase.name())));
            }
            if ctx.phase == Phase::Speed {
                st::skip_block(conn, id, item.round_pos, item.team_id)?;
            }
            move_to(conn, ctx, Phase::Scoreboard, now)
        }
        ShowAction::Replace { reason } => replace(conn, ctx, reason, now, who, now_s),
        ShowAction::Correct { .. } | ShowAction::Undo | ShowAction::Finish => Ok(()),
    }
}

/// 风险题: the turn team's value (by the host, or the team's device).
pub(super) fn pick(conn: &Connection, ctx: &mut Ctx, value: i64, now: i64, device: Option<i64>) -> Result<()> {
    let item = ctx.item()?.clone();
    if ctx.kind() != RoundKind::Risk || ctx.phase != Phase::Pick {
        return Err(AppError::InvalidInput("现在不是选择风险题分值的时候。".into()));
    }
    let values = ctx.settings().risk_values;
    if !values.contains(&value) {
        let list: Vec<String> = values.iter().map(i64::to_string).collect();
        return Err(AppError::InvalidInput(format!("分值只能是 {} 之一。", list.join(" / "))));
    }
    st::set_risk_value(conn, item.id, value)?;
    st::insert_event(
        conn,
        ctx.row.id,
        &NewEvent {
            at_ms: now,
            kind: "pick",
            team: item.team_id,
            item: Some(item.id),
            device,
            data: json!({"value": value}),
            ..Default::default()
        },
    )?;
    st::bump(conn, ctx.row.id)?;
    if let Some(i) = ctx.item.as_mut() {
        i.risk_value = Some(value);
    }
    Ok(())
}

fn replace(conn: &Connection, ctx: &mut Ctx, reason: &str, now: i64, who: &str, now_s: &str) -> Result<()> {
    let item = ctx.item()?.clone();
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(AppError::InvalidInput("请填写换题原因（最多 200 字）。".into()));
    }
    let buzzes = st::item_events(conn, item.id, "buzz")?.len();
    if !rules::may_replace(ctx.phase, buzzes) {
        return Err(AppError::InvalidInput("已经有队伍抢答或作答，不能再换题。".into()));
    }
    let metas = store::contests::question_metas(conn)?;
    let items = st::items(conn, ctx.row.id)?;
    let mut used: HashSet<_> = items.iter().map(|i| i.question_id.clone()).collect();
    for e in st::events(conn, ctx.row.id, None)?.iter().filter(|e| e.kind == "replace") {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&e.data) {
            if let Some(old) = v["old"].as_str() {
                used.insert(crate::core::ids::QuestionId(old.to_string()));
            }
        }
    }
    let groups: HashSet<String> =
        metas.iter().filter(|m| used.contains(&m.id)).filter_map(|m| m.group.clone()).collect();
    let current =
        metas.iter().find(|m| m.id == item.question_id).ok_or_else(|| AppError::NotFound("找不到本题".into()))?;
    let rule = ctx.round().and_then(|r| r.rule.clone());
    let mut rng = ChaCha8Rng::seed_from_u64(rand::rng().random());
    let (q, order) = show_spec::draw_replacement(rule.as_ref(), current, &metas, &used, &groups, &mut rng)
        .ok_or_else(|| AppError::InvalidInput("题库里没有符合本轮规则、未用过的题可以替换。".into()))?;
    let order_json = serde_json::to_string(&order)?;
    st::set_question(conn, item.id, &q.id, &order_json)?;
    st::insert_event(
        conn,
        ctx.row.id,
        &NewEvent {
            at_ms: now,
            kind: "replace",
            item: Some(item.id),
            data: json!({"old": item.question_id.0, "new": q.id.0, "reason": reason}),
            ..Default::default()
        },
    )?;
    // A shown question starts its clock again; the audience answers of the old one no longer count.
    conn.execute("DELETE FROM show_answer WHERE item_id = ?1", [item.id])?;
    let phase = ctx.phase;
    move_to(conn, ctx, phase, now)?;
    audit::insert(
        conn,
        now_s,
        who,
        "现场竞答换题",
        &json!({"show": ctx.row.id, "item": item.position + 1, "old": item.question_id.0, "new": q.id.0, "reason": reason}),
    )
}

/// A random 6-digit code no live show uses.
pub(super) fn new_code(conn: &Connection) -> Result<String> {
    let mut rng = rand::rng();
    for _ in 0..100 {
        let code = format!("{:06}", rng.random_range(0..1_000_000));
        if !st::code_taken(conn, &code)? {
            return Ok(code);
        }
    }
    Err(AppError::internal("no free show code after 100 tries"))
}
