//! Taking a contest (staff, C5). The clock is the backend's: the deadline is
//! stored when the attempt starts; answers after it (plus a 2 s grace) are
//! refused; an attempt left open past it is finalised by the backend; a
//! restarted app resumes with the time really left. The contest clock never
//! runs backwards: it is the latest of the wall clock, the wall clock at
//! start-up plus the monotonic time since, and the latest time the attempt
//! was seen — so turning the PC's clock back buys no time.

use super::api::OptionView;
use super::auth::Actor;
use super::clock::{self, Clock};
use super::contest_admin::{parse_stored, to_local};
use super::contest_api::{
    AnswerAck, AttemptItem, AttemptView, ContestAnswerRequest, ContestSpec, MarkRequest, OpenContest, SavedAnswer,
};
use super::Service;
use crate::core::chain;
use crate::core::contest::{accepts_answer, deadline, remaining_ms, GRACE_MS};
use crate::core::grading::{grade, points, Response, Verdict};
use crate::core::ids::{AttemptId, ContestId, EmployeeId};
use crate::core::paper::{draw_paper, total_points, PaperItem};
use crate::core::shown;
use crate::error::{AppError, Result};
use crate::store::{self, contests::AttemptRow};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;
use std::collections::HashMap;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

/// The contest clock (see the module comment): cheap to clone into a
/// group-commit job.
#[derive(Clone)]
pub struct ContestClock {
    clock: Arc<dyn Clock>,
    wall0: OffsetDateTime,
    mono0: i64,
}

impl ContestClock {
    /// Starts counting now.
    pub fn new(clock: Arc<dyn Clock>) -> ContestClock {
        ContestClock { wall0: clock.now(), mono0: clock.monotonic_ms(), clock }
    }

    /// The latest of the wall clock, start-up + monotonic time, and `seen`.
    pub fn now(&self, seen: Option<&str>) -> OffsetDateTime {
        let mono = self.wall0 + Duration::milliseconds(self.clock.monotonic_ms() - self.mono0);
        let mut now = self.clock.now().max(mono);
        if let Some(t) = seen.and_then(|s| parse_stored(s).ok()) {
            now = now.max(t);
        }
        now
    }
}

impl Service {
    /// The contest clock (see the module comment), at least `seen`.
    pub fn contest_now(&self, seen: Option<&str>) -> OffsetDateTime {
        self.contest_clock.now(seen)
    }

    /// Contests open now, with this person's attempts.
    pub fn open_contests(&self, actor: &Actor) -> Result<Vec<OpenContest>> {
        let me = actor.staff()?;
        let offset = self.settings()?.offset();
        let now = clock::format(self.contest_now(None));
        self.db.read(|c| {
            let mut out = Vec::new();
            for row in store::contests::list_contests(c)? {
                if row.state != "open" || row.closes_at.as_str() <= now.as_str() {
                    continue;
                }
                let spec: ContestSpec = serde_json::from_str(&row.rules)?;
                let attempts = store::contests::attempts_of(c, row.id, me)?;
                let open = attempts.iter().find(|a| a.state == "open").map(|a| a.id);
                let used = attempts.len() as u32;
                let started = row.opens_at.as_str() <= now.as_str();
                let why_not = if open.is_some() {
                    None
                } else if !started {
                    Some(format!("竞答将于 {} 开始。", to_local(&row.opens_at, offset).replace('T', " ")))
                } else if used >= spec.attempts_allowed {
                    Some("您的作答次数已经用完。".to_string())
                } else {
                    None
                };
                out.push(OpenContest {
                    id: row.id,
                    title: row.title.clone(),
                    opens_at: to_local(&row.opens_at, offset),
                    closes_at: to_local(&row.closes_at, offset),
                    time_limit_minutes: spec.time_limit_minutes,
                    question_count: spec.paper.iter().map(|r| r.count).sum(),
                    total_points: spec.paper.iter().map(|r| r.count * r.points).sum(),
                    pass_mark: spec.pass_mark,
                    attempts_allowed: spec.attempts_allowed,
                    attempts_used: used,
                    open_attempt: open,
                    last_attempt: attempts.iter().rev().find(|a| a.state != "open").map(|a| a.id),
                    can_start: why_not.is_none(),
                    why_not,
                });
            }
            Ok(out)
        })
    }

    /// Starts an attempt (or returns the one in progress): draws its paper
    /// from a fresh seed and stores the deadline.
    pub fn start_attempt(&self, actor: &Actor, contest: ContestId) -> Result<AttemptView> {
        let me = actor.staff()?;
        let at = self.contest_now(None);
        let now = clock::format(at);
        // The paper is drawn on a read connection, outside the writer; the
        // write (checks and insert) joins a group commit, so thousands of
        // people starting at once share WAL syncs with the answers.
        let seed: i64 = rand::random::<i64>() & i64::MAX;
        let drawn = self.db.read(|c| {
            let row = store::contests::get_contest(c, contest)?;
            let spec: ContestSpec = serde_json::from_str(&row.rules)?;
            let metas = store::contests::question_metas(c)?;
            let paper = draw_paper(&spec.paper, &metas, &mut ChaCha8Rng::seed_from_u64(seed as u64))
                .map_err(|e| AppError::InvalidInput(format!("出卷失败：{e}。请联系管理员。")));
            Ok((row, spec, paper))
        })?;
        let id = self.db.write_grouped(move |tx| {
            let (_, spec, paper) = drawn;
            let row = store::contests::get_contest(tx, contest)?;
            let attempts = store::contests::attempts_of(tx, contest, me)?;
            if let Some(open) = attempts.iter().find(|a| a.state == "open") {
                return Ok(open.id);
            }
            if row.state != "open" || now.as_str() >= row.closes_at.as_str() {
                return Err(AppError::Forbidden("这场竞答现在没有开放。".into()));
            }
            if now.as_str() < row.opens_at.as_str() {
                return Err(AppError::Forbidden("这场竞答还没有开始。".into()));
            }
            if attempts.len() as u32 >= spec.attempts_allowed {
                return Err(AppError::Forbidden("您的作答次数已经用完。".into()));
            }
            let paper = paper?;
            let dl = deadline(at, row.time_limit_s, parse_stored(&row.closes_at)?);
            store::contests::insert_attempt(
                tx,
                &AttemptRow {
                    id: AttemptId(0),
                    contest_id: contest,
                    employee_id: me,
                    attempt_no: attempts.len() as i64 + 1,
                    seed,
                    started_at: now.clone(),
                    deadline_at: clock::format(dl),
                    submitted_at: None,
                    score: None,
                    max_score: i64::from(total_points(&paper)),
                    time_used_ms: None,
                    state: "open".into(),
                    paper: serde_json::to_string(&paper)?,
                    last_seen_at: Some(now.clone()),
                },
            )
        })?;
        self.attempt(actor, id)
    }

    fn own_attempt(&self, conn: &Connection, actor: &Actor, id: AttemptId) -> Result<AttemptRow> {
        owned_attempt(conn, actor.staff()?, id)
    }

    /// The attempt in progress: questions without keys, answers so far, time
    /// left. An attempt past its deadline is finalised first.
    pub fn attempt(&self, actor: &Actor, id: AttemptId) -> Result<AttemptView> {
        self.finalise_if_due(id)?;
        self.db.read(|c| {
            let a = self.own_attempt(c, actor, id)?;
            let contest = store::contests::get_contest(c, a.contest_id)?;
            let paper: Vec<PaperItem> = serde_json::from_str(&a.paper)?;
            let mut items = Vec::with_capacity(paper.len());
            for (i, p) in paper.iter().enumerate() {
                let q = store::questions::get(c, &p.question_id)?;
                let options = shown_options(&q.options, &p.option_order);
                items.push(AttemptItem {
                    position: i as u32,
                    qtype: q.qtype,
                    qtype_name: q.qtype.name().into(),
                    stem: q.stem,
                    options,
                    points: p.points,
                });
            }
            // Stored in bank indices; shown as the positions this person saw.
            let answers = store::contests::answers(c, id)?
                .into_iter()
                .filter_map(|(position, r)| {
                    let order = &paper.get(position as usize)?.option_order;
                    serde_json::from_str(&r)
                        .ok()
                        .map(|response| SavedAnswer { position, response: shown::response_to_shown(order, &response) })
                })
                .collect();
            let now = self.contest_now(a.last_seen_at.as_deref());
            let remaining = if a.state == "open" { remaining_ms(parse_stored(&a.deadline_at)?, now) } else { 0 };
            Ok(AttemptView {
                attempt_id: a.id,
                contest_id: a.contest_id,
                title: contest.title,
                state: a.state,
                remaining_ms: remaining,
                total_points: a.max_score as u32,
                items,
                answers,
                marked: store::contests::marks(c, id)?,
            })
        })
    }

    /// Stores one answer durably (the same position again replaces it, so a
    /// resent answer is never doubled). Refused after the deadline + grace.
    /// The write goes through the group-commit writer: acknowledged only
    /// once the batch holding it is committed.
    pub fn contest_answer(&self, actor: &Actor, req: ContestAnswerRequest) -> Result<AnswerAck> {
        let id = req.attempt_id;
        let out = self.db.write_grouped(self.answer_job(actor, req)?)?;
        self.answer_outcome(id, out)
    }

    /// [`Service::contest_answer`] for the LAN host: waits for the group
    /// commit without holding a thread.
    pub async fn contest_answer_async(&self, actor: &Actor, req: ContestAnswerRequest) -> Result<AnswerAck> {
        let id = req.attempt_id;
        let out = self.db.write_grouped_async(self.answer_job(actor, req)?).await?;
        self.answer_outcome(id, out)
    }

    /// The write of one answer, run inside a group-commit batch: `None` when
    /// the time is up.
    fn answer_job(
        &self,
        actor: &Actor,
        req: ContestAnswerRequest,
    ) -> Result<impl FnOnce(&Connection) -> Result<Option<AnswerAck>> + Send + 'static> {
        let me = actor.staff()?;
        let clock = self.contest_clock.clone();
        Ok(move |tx: &Connection| {
            let a = owned_attempt(tx, me, req.attempt_id)?;
            if a.state != "open" {
                return Err(AppError::Forbidden("这份答卷已经交卷，不能再修改。".into()));
            }
            let now = clock.now(a.last_seen_at.as_deref());
            let dl = parse_stored(&a.deadline_at)?;
            if !accepts_answer(dl, now) {
                return Ok(None);
            }
            let paper: Vec<PaperItem> = serde_json::from_str(&a.paper)?;
            let item = paper
                .get(req.position as usize)
                .ok_or_else(|| AppError::InvalidInput(format!("答卷里没有第 {} 题。", u64::from(req.position) + 1)))?;
            // The page answers in display positions; the store keeps bank indices.
            let response = shown::to_bank(&item.option_order, &req.response)
                .ok_or_else(|| AppError::InvalidInput("答案里有这道题没有的选项。".into()))?;
            let at = clock::format(now);
            store::contests::upsert_answer(
                tx,
                a.id,
                req.position,
                &item.question_id,
                &serde_json::to_string(&response)?,
                &at,
            )?;
            store::contests::touch(tx, a.id, &at)?;
            Ok(Some(AnswerAck { position: req.position, saved: true, remaining_ms: remaining_ms(dl, now) }))
        })
    }

    fn answer_outcome(&self, id: AttemptId, out: Option<AnswerAck>) -> Result<AnswerAck> {
        match out {
            Some(ack) => Ok(ack),
            None => {
                self.finalise_if_due(id)?;
                Err(AppError::Forbidden("答题时间已到，这个答案没有保存；答卷已自动交卷。".into()))
            }
        }
    }

    /// Marks or unmarks a question for review (a reminder for the person).
    pub fn contest_mark(&self, actor: &Actor, req: MarkRequest) -> Result<()> {
        self.db.transact(|tx| {
            let a = self.own_attempt(tx, actor, req.attempt_id)?;
            if a.state != "open" {
                return Ok(());
            }
            store::contests::set_mark(tx, a.id, req.position, req.marked)
        })
    }

    /// Hands in the attempt now.
    pub fn submit_attempt(&self, actor: &Actor, id: AttemptId) -> Result<super::contest_api::AttemptResult> {
        let a = self.db.read(|c| self.own_attempt(c, actor, id))?;
        if a.state == "open" {
            let now = self.contest_now(a.last_seen_at.as_deref());
            self.finalise(id, Some(now))?;
        }
        self.attempt_result(actor, id)
    }

    /// Finalises `id` if it is open and past its deadline (+ grace).
    pub fn finalise_if_due(&self, id: AttemptId) -> Result<()> {
        let a = self.db.read(|c| store::contests::get_attempt(c, id))?;
        if a.state == "open" {
            let now = self.contest_now(a.last_seen_at.as_deref());
            if !accepts_answer(parse_stored(&a.deadline_at)?, now) {
                self.finalise(id, None)?;
            }
        }
        Ok(())
    }

    /// Finalises every open attempt whose deadline has passed (the app's
    /// background task, and start-up after the app was closed).
    pub fn finalise_expired(&self) -> Result<usize> {
        let before = clock::format(self.contest_now(None) - Duration::milliseconds(GRACE_MS));
        let due = self.db.read(|c| store::contests::open_past(c, &before))?;
        for id in &due {
            self.finalise(*id, None)?;
        }
        Ok(due.len())
    }

    /// Finalises every open attempt of a contest (when it is closed).
    pub(crate) fn finalise_contest(&self, contest: ContestId) -> Result<()> {
        let open = self.db.read(|c| store::contests::open_attempts(c, contest))?;
        let now = self.contest_now(None);
        for id in open {
            self.finalise(id, Some(now))?;
        }
        Ok(())
    }

    /// Grades and closes an attempt: `submitted_at` = `at` (a hand-in) or the
    /// deadline (expired); appends the result to the contest's hash chain.
    fn finalise(&self, id: AttemptId, at: Option<OffsetDateTime>) -> Result<()> {
        // Thousands hand in at the close: the write joins a group commit.
        self.db.write_grouped(move |tx| {
            let a = store::contests::get_attempt(tx, id)?;
            if a.state != "open" {
                return Ok(());
            }
            let contest = store::contests::get_contest(tx, a.contest_id)?;
            let spec: ContestSpec = serde_json::from_str(&contest.rules)?;
            let started = parse_stored(&a.started_at)?;
            let dl = parse_stored(&a.deadline_at)?;
            let (state, end) = match at {
                Some(t) if t <= dl + Duration::milliseconds(GRACE_MS) => ("submitted", t.min(dl)),
                _ => ("expired", dl),
            };
            let paper: Vec<PaperItem> = serde_json::from_str(&a.paper)?;
            let answers: HashMap<u32, Response> = store::contests::answers(tx, id)?
                .into_iter()
                .filter_map(|(p, r)| serde_json::from_str(&r).ok().map(|r| (p, r)))
                .collect();
            let mut score: i64 = 0;
            for (i, item) in paper.iter().enumerate() {
                let pos = i as u32;
                let Some(resp) = answers.get(&pos) else { continue };
                let q = store::questions::get(tx, &item.question_id)?;
                let verdict = grade(&q, resp);
                let pts = points(verdict, item.points, spec.multi_scoring);
                score += i64::from(pts);
                let v = match verdict {
                    Verdict::Right => "right",
                    Verdict::Partial => "partial",
                    Verdict::Wrong => "wrong",
                };
                store::contests::grade_answer(tx, id, pos, v, i64::from(pts))?;
            }
            let time_used_ms = ((end - started).whole_milliseconds() as i64).max(0);
            let submitted_at = clock::format(end);
            let staff_no = store::people::get_employee(tx, a.employee_id)?.staff_no;
            let (seq, prev) = store::contests::chain_tail(tx, a.contest_id)?;
            let canonical = canonical_row(a.id, &staff_no, score, time_used_ms, &submitted_at);
            let hash = chain::link(&prev, &canonical);
            store::contests::finish_attempt(
                tx,
                id,
                &store::contests::Finish {
                    state,
                    submitted_at: &submitted_at,
                    score,
                    time_used_ms,
                    chain_seq: seq + 1,
                    result_hash: &hash,
                },
            )
        })
    }
}

/// A question's options in the order this person sees them, each with its
/// display position as its id (never its index in the bank).
pub fn shown_options(texts: &[String], order: &[u8]) -> Vec<OptionView> {
    order
        .iter()
        .enumerate()
        .map(|(pos, &k)| OptionView { id: pos as u8, text: texts.get(k as usize).cloned().unwrap_or_default() })
        .collect()
}

/// The attempt `id`, if it is `me`'s; staff reach only their own.
fn owned_attempt(conn: &Connection, me: EmployeeId, id: AttemptId) -> Result<AttemptRow> {
    let a = store::contests::get_attempt(conn, id)?;
    if a.employee_id != me {
        return Err(AppError::Forbidden("只能查看自己的答卷。".into()));
    }
    Ok(a)
}

/// The text a result's hash covers.
pub fn canonical_row(id: AttemptId, staff_no: &str, score: i64, time_used_ms: i64, submitted_at: &str) -> String {
    format!("{}|{staff_no}|{score}|{time_used_ms}|{submitted_at}", id.0)
}
