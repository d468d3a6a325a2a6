//! Contest results (C5, C6, C7): a person's own result and review, the
//! ranking with prize tiers, the department table, the seeded prize draw with
//! its audit and verification, the hash-chain check, and the big screen.

use super::api::Solution;
use super::auth::Actor;
use super::contest_admin::parse_stored;
use super::contest_api::{
    AttemptResult, BigScreen, ContestResults, ContestSpec, Counting, DepartmentResult, DrawRequest, DrawView,
    EligibleList, RankingRow, ReviewItem, ReviewRule, TierSummary, TierWinners, VerifyDrawRequest, VerifyResult,
    VoidDrawRequest, VoidedDraw, Winner,
};
use super::practice::article_view;
use super::Service;
use crate::core::chain;
use crate::core::contest::{assign_tiers, rank, remaining_ms, Placed, Scored};
use crate::core::grading::{grade, points, Response, Verdict};
use crate::core::ids::{AttemptId, ContestId, EmployeeId};
use crate::core::lottery;
use crate::core::paper::PaperItem;
use crate::core::shown;
use crate::error::{AppError, Result};
use crate::store::{self, contests::ResultRow};
use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap};

/// The ranking and how its prize tiers were filled.
struct Ranked {
    rows: Vec<RankingRow>,
    tiers: Vec<TierSummary>,
}

/// 本奖项空缺 when nobody got the tier, 空缺 N 名 when some places are left.
fn vacancy_note(awarded: u32, vacant: u32) -> Option<String> {
    match (awarded, vacant) {
        (_, 0) => None,
        (0, _) => Some("本奖项空缺".into()),
        (_, n) => Some(format!("空缺 {n} 名")),
    }
}

/// One counted result per person (best or last attempt), ranked, with
/// tiers given only to those reaching each tier's floor.
fn ranking(rows: &[ResultRow], spec: &ContestSpec) -> Ranked {
    let mut per: BTreeMap<EmployeeId, &ResultRow> = BTreeMap::new();
    for r in rows {
        let better = match per.get(&r.employee_id) {
            None => true,
            Some(cur) => match spec.counting {
                Counting::Last => r.attempt_no > cur.attempt_no,
                Counting::Best => (r.score, -r.time_used_ms) > (cur.score, -cur.time_used_ms),
            },
        };
        if better {
            per.insert(r.employee_id, r);
        }
    }
    let scored: Vec<Scored<&ResultRow>> = per
        .values()
        .map(|r| Scored { key: *r, score: r.score, time_used_ms: r.time_used_ms, submitted_at: r.submitted_at.clone() })
        .collect();
    let ranked = rank(scored);
    let passed = |score: i64| score >= i64::from(spec.pass_mark);
    let placed: Vec<Placed> =
        ranked.iter().map(|(rank, s)| Placed { rank: *rank, score: s.score, passed: passed(s.score) }).collect();
    let awards = assign_tiers(&placed, &spec.tiers);
    let tiers = spec
        .tiers
        .iter()
        .enumerate()
        .map(|(t, tier)| {
            let awarded = awards.tier_of.iter().filter(|x| **x == Some(t)).count() as u32;
            TierSummary {
                name: tier.name.clone(),
                count: tier.count,
                min_score: tier.min_score,
                require_pass: tier.require_pass,
                floor: tier.floor_text(),
                awarded,
                vacant: awards.vacant[t],
                vacancy_note: vacancy_note(awarded, awards.vacant[t]),
            }
        })
        .collect();
    let rows = ranked
        .into_iter()
        .zip(awards.tier_of)
        .map(|((rank, s), tier)| RankingRow {
            rank,
            staff_no: s.key.staff_no.clone(),
            name: s.key.name.clone(),
            department: s.key.department.clone(),
            score: s.key.score,
            max_score: s.key.max_score,
            time_used_ms: s.key.time_used_ms,
            submitted_at: s.key.submitted_at.clone(),
            passed: passed(s.key.score),
            tier: tier.map(|t| spec.tiers[t].name.clone()),
        })
        .collect();
    Ranked { rows, tiers }
}

/// The 工号 of everyone whose counted result is at least `min_score`.
fn eligible_for(ranking: &[RankingRow], min_score: u32) -> Vec<String> {
    ranking.iter().filter(|r| r.score >= i64::from(min_score)).map(|r| r.staff_no.clone()).collect()
}

fn departments(conn: &Connection, ranking: &[RankingRow]) -> Result<Vec<DepartmentResult>> {
    let mut out = Vec::new();
    for (name, staff) in store::contests::staff_per_department(conn)? {
        let rows: Vec<&RankingRow> =
            ranking.iter().filter(|r| r.department.as_deref().unwrap_or("（未分部门）") == name).collect();
        let n = rows.len() as f64;
        out.push(DepartmentResult {
            name,
            staff,
            participants: rows.len() as i64,
            participation_rate: if staff > 0 { n / staff as f64 } else { 0.0 },
            average_score: if n > 0.0 { rows.iter().map(|r| r.score as f64).sum::<f64>() / n } else { 0.0 },
            pass_rate: if n > 0.0 { rows.iter().filter(|r| r.passed).count() as f64 / n } else { 0.0 },
        });
    }
    out.sort_by(|a, b| b.participation_rate.total_cmp(&a.participation_rate).then(a.name.cmp(&b.name)));
    Ok(out)
}

/// A logged draw for the page; `seq` is its place among the contest's draws.
fn draw_view(conn: &Connection, d: store::contests::DrawRow, seq: usize) -> Result<DrawView> {
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
fn draw_views(conn: &Connection, id: ContestId) -> Result<Vec<DrawView>> {
    store::contests::draws(conn, id)?.into_iter().enumerate().map(|(i, d)| draw_view(conn, d, i + 1)).collect()
}

pub const REDRAW_REFUSED: &str = "已经抽过奖。如需重新抽奖，请先作废上一次抽奖并写明原因。";

impl Service {
    /// A person's result; rank when published; review per the contest's rule.
    pub fn attempt_result(&self, actor: &Actor, id: AttemptId) -> Result<AttemptResult> {
        let me = actor.staff()?;
        self.finalise_if_due(id)?;
        // The review of an earlier attempt shows keys: not while another runs.
        self.no_running_attempt(me)?;
        self.db.read(|c| {
            let a = store::contests::get_attempt(c, id)?;
            if a.employee_id != me {
                return Err(AppError::Forbidden("只能查看自己的答卷。".into()));
            }
            if a.state == "open" {
                return Err(AppError::InvalidInput("这份答卷还没有交卷。".into()));
            }
            let contest = store::contests::get_contest(c, a.contest_id)?;
            let spec: ContestSpec = serde_json::from_str(&contest.rules)?;
            let published = contest.state == "published";
            let (rank, participants, tier) = if published {
                let r = ranking(&store::contests::results(c, a.contest_id)?, &spec).rows;
                let mine = r.iter().find(|row| {
                    row.staff_no == store::people::get_employee(c, me).map(|e| e.staff_no).unwrap_or_default()
                });
                (mine.map(|m| m.rank), Some(r.len() as u32), mine.and_then(|m| m.tier.clone()))
            } else {
                (None, None, None)
            };
            let closed = matches!(contest.state.as_str(), "closed" | "published");
            let (review_note, review) = match spec.review {
                ReviewRule::Never => (Some("本场竞答不公布答案。".to_string()), None),
                ReviewRule::AfterClose if !closed => (Some("竞答结束后可以查看答案和解析。".to_string()), None),
                _ => (None, Some(self.review(c, &a.paper, id, &spec)?)),
            };
            Ok(AttemptResult {
                attempt_id: id,
                contest_id: a.contest_id,
                title: contest.title,
                state: a.state,
                score: a.score.unwrap_or(0),
                max_score: a.max_score,
                time_used_ms: a.time_used_ms.unwrap_or(0),
                passed: a.score.unwrap_or(0) >= i64::from(spec.pass_mark),
                published,
                rank,
                participants,
                tier,
                review_note,
                review,
            })
        })
    }

    fn review(&self, c: &Connection, paper: &str, id: AttemptId, spec: &ContestSpec) -> Result<Vec<ReviewItem>> {
        let paper: Vec<PaperItem> = serde_json::from_str(paper)?;
        let answers: HashMap<u32, Response> = store::contests::answers(c, id)?
            .into_iter()
            .filter_map(|(p, r)| serde_json::from_str(&r).ok().map(|r| (p, r)))
            .collect();
        paper
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let q = store::questions::get(c, &item.question_id)?;
                let stored = answers.get(&(i as u32));
                let verdict = stored.map_or(Verdict::Wrong, |r| grade(&q, r));
                // Answers and keys in the positions this person saw.
                let order = &item.option_order;
                let response = stored.map(|r| shown::response_to_shown(order, r));
                let solution = match super::practice::solution_of(&q) {
                    Solution::Choice { keys } => Solution::Choice { keys: shown::keys_to_shown(order, &keys) },
                    other => other,
                };
                Ok(ReviewItem {
                    position: i as u32,
                    qtype_name: q.qtype.name().into(),
                    stem: q.stem.clone(),
                    options: super::contest_take::shown_options(&q.options, order),
                    points: points(verdict, item.points, spec.multi_scoring),
                    max_points: item.points,
                    response,
                    verdict,
                    solution,
                    explanation: q.explanation.clone(),
                    article: article_view(c, &q)?,
                })
            })
            .collect()
    }

    /// Ranking, department table, draws and the hash-chain check.
    pub fn contest_results(&self, actor: &Actor, id: ContestId) -> Result<ContestResults> {
        actor.organizer()?;
        self.db.read(|c| {
            let row = store::contests::get_contest(c, id)?;
            let spec: ContestSpec = serde_json::from_str(&row.rules)?;
            let rows = store::contests::results(c, id)?;
            let Ranked { rows: ranking, tiers } = ranking(&rows, &spec);
            let canon: Vec<String> = rows
                .iter()
                .map(|r| {
                    super::contest_take::canonical_row(
                        r.attempt_id,
                        &r.staff_no,
                        r.score,
                        r.time_used_ms,
                        &r.submitted_at,
                    )
                })
                .collect();
            let bad = chain::verify(canon.iter().map(String::as_str).zip(rows.iter().map(|r| r.result_hash.as_str())));
            let tampered = bad.into_iter().map(|i| format!("{}（{}）", rows[i].name, rows[i].staff_no)).collect();
            let draws = draw_views(c, id)?;
            let eligible = spec.lottery.as_ref().map(|l| {
                let (sorted, list_hash) = lottery::sorted_list(eligible_for(&ranking, l.min_score));
                EligibleList { count: sorted.len(), list_hash, min_score: l.min_score }
            });
            Ok(ContestResults {
                eligible,
                contest: self.contest_view(c, &row)?,
                departments: departments(c, &ranking)?,
                ranking,
                draws,
                tiers,
                tampered,
            })
        })
    }

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
            if !matches!(row.state.as_str(), "closed" | "published") {
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

    /// The projector screen (organizer session): live top 10, then winners.
    pub fn big_screen(&self, actor: &Actor, id: ContestId) -> Result<BigScreen> {
        actor.organizer()?;
        let now = self.contest_now(None);
        self.db.read(|c| {
            let row = store::contests::get_contest(c, id)?;
            let spec: ContestSpec = serde_json::from_str(&row.rules)?;
            let Ranked { rows: ranking, tiers: summary } = ranking(&store::contests::results(c, id)?, &spec);
            let tiers = summary
                .into_iter()
                .map(|t| TierWinners {
                    people: ranking.iter().filter(|r| r.tier.as_deref() == Some(t.name.as_str())).cloned().collect(),
                    tier: t.name,
                    vacant: t.vacant,
                    vacancy_note: t.vacancy_note,
                })
                .collect();
            let draws = draw_views(c, id)?;
            // Only the valid draw is shown (the latest, should an older
            // database hold several from before draws could be voided).
            let lottery = draws.iter().rev().find(|d| d.voided_at.is_none()).cloned();
            let voided_draws: Vec<VoidedDraw> = draws
                .iter()
                .filter_map(|d| {
                    Some(VoidedDraw {
                        seq: d.seq,
                        reason: d.void_reason.clone().unwrap_or_default(),
                        voided_at: d.voided_at.clone()?,
                    })
                })
                .collect();
            let lottery_note = (!voided_draws.is_empty()).then(|| {
                let said: Vec<String> =
                    voided_draws.iter().map(|v| format!("第 {} 次抽奖已作废（原因：{}）", v.seq, v.reason)).collect();
                let then = if lottery.is_some() { "以本次为准" } else { "等待重新抽奖" };
                format!("{}，{then}", said.join("；"))
            });
            Ok(BigScreen {
                title: row.title.clone(),
                state: row.state.clone(),
                state_name: super::contest_admin::state_name(&row.state).into(),
                closes_in_ms: if row.state == "open" { remaining_ms(parse_stored(&row.closes_at)?, now) } else { 0 },
                participants: ranking.len(),
                top: ranking.iter().take(10).cloned().collect(),
                tiers,
                lottery,
                voided_draws,
                lottery_note,
            })
        })
    }
}
