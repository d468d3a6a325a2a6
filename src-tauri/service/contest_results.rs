//! Contest results (C5, C6, C7): a person's own result and review, the
//! ranking with prize tiers, the department table, the hash-chain check, and
//! the big screen (the prize draw is `contest_draw`).

use super::api::Solution;
use super::auth::Actor;
use super::contest_admin::{parse_stored, to_local};
use super::contest_api::{
    AttemptResult, BigScreen, ContestResults, ContestSpec, Counting, DepartmentResult, EligibleList, MyResult,
    RankingRow, ReviewItem, ReviewRule, TierSummary, TierWinners, VoidedDraw,
};
use super::contest_draw::draw_views;
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
use crate::store::{self, contests::ContestState, contests::ResultRow};
use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap};

/// The ranking and how its prize tiers were filled.
pub(super) struct Ranked {
    pub(super) rows: Vec<RankingRow>,
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

/// The attempt that counts for each person: their best (score, then less
/// time) or their last, as the contest says. Ranking and item analysis
/// both use it.
pub(super) fn counted(rows: &[ResultRow], counting: Counting) -> BTreeMap<EmployeeId, &ResultRow> {
    let mut per: BTreeMap<EmployeeId, &ResultRow> = BTreeMap::new();
    for r in rows {
        let better = match per.get(&r.employee_id) {
            None => true,
            Some(cur) => match counting {
                Counting::Last => r.attempt_no > cur.attempt_no,
                Counting::Best => (r.score, -r.time_used_ms) > (cur.score, -cur.time_used_ms),
            },
        };
        if better {
            per.insert(r.employee_id, r);
        }
    }
    per
}

/// One counted result per person (best or last attempt), ranked, with
/// tiers given only to those reaching each tier's floor.
pub(super) fn ranking(rows: &[ResultRow], spec: &ContestSpec) -> Ranked {
    let per = counted(rows, spec.counting);
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
            certificate_no: None,
        })
        .collect();
    Ranked { rows, tiers }
}

/// The 工号 of everyone whose counted result is at least `min_score`.
pub(super) fn eligible_for(ranking: &[RankingRow], min_score: u32) -> Vec<String> {
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

/// "2026-12-04T11:00" (local) → "12月4日 11:00"; anything else as it is.
pub fn month_day_time(local: &str) -> String {
    let parts = local.split(['T', ' ']).collect::<Vec<_>>();
    let date: Vec<&str> = parts.first().map(|d| d.split('-').collect()).unwrap_or_default();
    match (date.as_slice(), parts.get(1)) {
        ([_, m, d], Some(hm)) => match (m.parse::<u32>(), d.parse::<u32>()) {
            (Ok(m), Ok(d)) => format!("{m}月{d}日 {hm}"),
            _ => local.to_string(),
        },
        _ => local.to_string(),
    }
}

/// When a person will see the answers and their rank, in words, from the
/// contest's review rule and state (None: shown already, or now).
/// `closes` is the local close time, "2026-12-04T11:00".
pub fn publication_notes(rule: ReviewRule, state: ContestState, closes: &str) -> (Option<String>, Option<String>) {
    let closed = state.is_over();
    let when = month_day_time(closes);
    let answers = match rule {
        ReviewRule::Never => Some("本场竞答不公布答案。".to_string()),
        ReviewRule::AfterSubmit => None,
        ReviewRule::AfterClose if closed => None,
        ReviewRule::AfterClose => Some(format!("竞答结束后公布答案：{when} 截止后可在这里查看答案和解析。")),
    };
    let rank = match state {
        ContestState::Published => None,
        ContestState::Closed => Some("竞答已结束，公布成绩后显示名次。".to_string()),
        ContestState::Draft | ContestState::Open => {
            Some(format!("公布成绩后显示名次：竞答 {when} 截止，组织者公布成绩后可在这里查看。"))
        }
    };
    (answers, rank)
}

/// Which of a person's finished attempts counts (as [`ranking`] picks it).
fn counted_attempt(attempts: &[&store::contests::AttemptRow], counting: Counting) -> Option<AttemptId> {
    let mut best: Option<&store::contests::AttemptRow> = None;
    for a in attempts {
        let better = match best {
            None => true,
            Some(cur) => match counting {
                Counting::Last => a.attempt_no > cur.attempt_no,
                Counting::Best => {
                    let key = |x: &store::contests::AttemptRow| (x.score.unwrap_or(0), -x.time_used_ms.unwrap_or(0));
                    key(a) > key(cur)
                }
            },
        };
        if better {
            best = Some(a);
        }
    }
    best.map(|a| a.id)
}

impl Service {
    /// A person's result; rank when published; review per the contest's rule.
    pub fn attempt_result(&self, actor: &Actor, id: AttemptId) -> Result<AttemptResult> {
        let me = actor.staff()?;
        self.finalise_if_due(id)?;
        // The review of an earlier attempt shows keys: not while another runs.
        self.no_running_attempt(me)?;
        let offset = self.settings()?.offset();
        self.db.read(|c| {
            let a = store::contests::get_attempt(c, id)?;
            if a.employee_id != me {
                return Err(AppError::Forbidden("只能查看自己的答卷。".into()));
            }
            if a.state.is_open() {
                return Err(AppError::InvalidInput("这份答卷还没有交卷。".into()));
            }
            let contest = store::contests::get_contest(c, a.contest_id)?;
            let spec: ContestSpec = serde_json::from_str(&contest.rules)?;
            let published = contest.state == ContestState::Published;
            let (rank, participants, tier) = if published {
                let r = ranking(&store::contests::results(c, a.contest_id)?, &spec).rows;
                let mine = r.iter().find(|row| {
                    row.staff_no == store::people::get_employee(c, me).map(|e| e.staff_no).unwrap_or_default()
                });
                (mine.map(|m| m.rank), Some(r.len() as u32), mine.and_then(|m| m.tier.clone()))
            } else {
                (None, None, None)
            };
            let closed = contest.state.is_over();
            let closes_local = to_local(&contest.closes_at, offset);
            let (answers_when, rank_when) = publication_notes(spec.review, contest.state, &closes_local);
            let (review_note, review) = match spec.review {
                ReviewRule::Never => (Some("本场竞答不公布答案。".to_string()), None),
                ReviewRule::AfterClose if !closed => (Some("竞答结束后可以查看答案和解析。".to_string()), None),
                _ => (None, Some(self.review(c, &a.paper, id, &spec)?)),
            };
            Ok(AttemptResult {
                attempt_id: id,
                contest_id: a.contest_id,
                title: contest.title,
                state: a.state.as_str().to_string(),
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
                pass_mark: spec.pass_mark,
                closes_at: closes_local.replace('T', " "),
                answers_when,
                rank_when,
            })
        })
    }

    /// 我的成绩: every attempt this person handed in (or that timed out),
    /// newest contest first, with the rank once the results are published.
    /// Staff only, their own attempts, no keys.
    pub fn my_results(&self, actor: &Actor) -> Result<Vec<MyResult>> {
        let me = actor.staff()?;
        let offset = self.settings()?.offset();
        for a in self.db.read(|c| store::contests::open_attempts_of(c, me))? {
            self.finalise_if_due(a.id)?;
        }
        self.db.read(|c| {
            let staff_no = store::people::get_employee(c, me)?.staff_no;
            let mut out = Vec::new();
            for contest in store::contests::list_contests(c)? {
                let all = store::contests::attempts_of(c, contest.id, me)?;
                let done: Vec<&store::contests::AttemptRow> = all.iter().filter(|a| !a.state.is_open()).collect();
                if done.is_empty() {
                    continue;
                }
                let spec: ContestSpec = serde_json::from_str(&contest.rules)?;
                let published = contest.state == ContestState::Published;
                let (rank, participants, tier) = if published {
                    let rows = ranking(&store::contests::results(c, contest.id)?, &spec).rows;
                    let mine = rows.iter().find(|r| r.staff_no == staff_no);
                    (mine.map(|m| m.rank), Some(rows.len() as u32), mine.and_then(|m| m.tier.clone()))
                } else {
                    (None, None, None)
                };
                let counted = counted_attempt(&done, spec.counting);
                for a in done.iter().rev() {
                    let score = a.score.unwrap_or(0);
                    out.push(MyResult {
                        attempt_id: a.id,
                        contest_id: contest.id,
                        title: contest.title.clone(),
                        attempt_no: a.attempt_no,
                        submitted_at: a
                            .submitted_at
                            .as_deref()
                            .map(|t| to_local(t, offset).replace('T', " "))
                            .unwrap_or_default(),
                        score,
                        max_score: a.max_score,
                        pass_mark: spec.pass_mark,
                        passed: score >= i64::from(spec.pass_mark),
                        rank,
                        participants,
                        tier: tier.clone(),
                        counted: counted == Some(a.id),
                        contest_state: contest.state.as_str().to_string(),
                    });
                }
            }
            Ok(out)
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
            let Ranked { rows: mut ranking, tiers } = ranking(&rows, &spec);
            super::certificates::number_certificates(&mut ranking, &spec, id);
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
                state: row.state.as_str().to_string(),
                state_name: row.state.name().into(),
                closes_in_ms: if row.state == ContestState::Open {
                    remaining_ms(parse_stored(&row.closes_at)?, now)
                } else {
                    0
                },
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The close time as staff read it on the result screen.
    #[test]
    fn close_times_read_as_month_day_and_time() {
        assert_eq!(month_day_time("2026-12-04T11:00"), "12月4日 11:00");
        assert_eq!(month_day_time("2026-01-09 08:30"), "1月9日 08:30");
        assert_eq!(month_day_time("不是时间"), "不是时间");
    }

    /// Protects 成绩's promise of when answers and ranks appear: from the
    /// review rule and the contest's state, with the close time.
    #[test]
    fn publication_notes_follow_the_review_rule_and_the_state() {
        let (answers, rank) = publication_notes(ReviewRule::AfterClose, ContestState::Open, "2026-12-04T11:00");
        assert!(answers.as_deref().is_some_and(|a| a.contains("竞答结束后公布答案") && a.contains("12月4日 11:00")));
        assert!(rank.as_deref().is_some_and(|r| r.contains("公布成绩后显示名次") && r.contains("11:00")));
        let (answers, rank) = publication_notes(ReviewRule::AfterClose, ContestState::Closed, "2026-12-04T11:00");
        assert_eq!(answers, None);
        assert!(rank.is_some_and(|r| r.contains("公布成绩后显示名次")));
        assert_eq!(
            publication_notes(ReviewRule::AfterClose, ContestState::Published, "2026-12-04T11:00"),
            (None, None)
        );
        assert_eq!(publication_notes(ReviewRule::AfterSubmit, ContestState::Open, "2026-12-04T11:00").0, None);
        assert!(publication_notes(ReviewRule::Never, ContestState::Published, "x")
            .0
            .is_some_and(|a| a.contains("不公布答案")));
    }

    fn attempt(id: i64, no: i64, score: i64, ms: i64) -> store::contests::AttemptRow {
        store::contests::AttemptRow {
            id: AttemptId(id),
            contest_id: ContestId(1),
            employee_id: EmployeeId(1),
            attempt_no: no,
            seed: 0,
            started_at: String::new(),
            deadline_at: String::new(),
            submitted_at: None,
            score: Some(score),
            max_score: 100,
            time_used_ms: Some(ms),
            state: store::contests::AttemptState::Submitted,
            paper: String::new(),
            last_seen_at: None,
        }
    }

    /// 我的成绩 marks the attempt the ranking counts: the best (faster on a
    /// tie, the earlier when both tie) or the last.
    #[test]
    fn the_counted_attempt_is_the_rankings() {
        let (a, b, c) = (attempt(1, 1, 80, 600_000), attempt(2, 2, 90, 900_000), attempt(3, 3, 90, 500_000));
        let all = vec![&a, &b, &c];
        assert_eq!(counted_attempt(&all, Counting::Best), Some(AttemptId(3)));
        assert_eq!(counted_attempt(&all[..2], Counting::Best), Some(AttemptId(2)));
        assert_eq!(counted_attempt(&all[..2], Counting::Last), Some(AttemptId(2)));
        assert_eq!(counted_attempt(&[&a], Counting::Last), Some(AttemptId(1)));
        assert_eq!(counted_attempt(&[], Counting::Best), None);
    }
}
