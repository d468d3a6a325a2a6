//! Taking a contest (staff, C5). The clock is the backend's: the deadline is
//! stored when the attempt starts; answers after it (plus a 2 s grace) are
//! refused; an attempt left open past it is finalised by the backend; a
//! restarted app resumes with the time really left. The contest clock never
//! runs backwards: it is the latest of the wall clock, the wall clock at
//! start-up plus the monotonic time since, the latest time the attempt
//! was seen (kept to within [`SEEN_EVERY_MS`]), and a high-water mark
//! kept in the database (raised as the background finaliser ticks) — so
//! turning the PC's clock back buys no time, while the app runs or after
//! it was closed and started again.
//!
//! Finalising never stops at a bad attempt: each runs in its own savepoint
//! (and under `catch_unwind`) inside a write job of up to
//! [`FINALISE_BATCH`] attempts; one that fails is logged and skipped.

use super::api::OptionView;
use super::auth::Actor;
use super::bank_cache::BankSnapshot;
use super::clock::{self, Clock};
use super::contest_admin::{parse_stored, to_local};
use super::contest_api::{
    AnswerAck, AttemptItem, AttemptView, ContestAnswerRequest, ContestSpec, MarkRequest, OpenContest, SavedAnswer,
};
pub use super::finalise::canonical_row;
pub(crate) use super::finalise::finalise_many;
use super::finalise::Finaliser;
use super::Service;
use crate::core::contest::{accepts_answer, deadline, remaining_ms, GRACE_MS};
use crate::core::ids::{AttemptId, ContestId, EmployeeId};
use crate::core::paper::{draw_paper, total_points, PaperItem};
use crate::core::shown;
use crate::error::{AppError, Result};
use crate::store::{
    self,
    contests::{AttemptRow, AttemptState, ContestState},
};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;
use std::collections::HashSet;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use time::{Duration, OffsetDateTime};

/// Attempts finalised per write job (one commit, one WAL sync): closing a
/// contest of 10,000 takers is 20 commits, not 10,000.
pub const FINALISE_BATCH: usize = 500;

/// The `meta` key of the contest clock's high-water mark.
pub const CLOCK_HIGH_WATER: &str = "contest_clock_high_water";

/// How often (monotonic time) the high-water mark is written.
const HIGH_WATER_EVERY_MS: i64 = 5_000;

/// How stale an attempt's "last seen" may get before an answer moves it on.
/// The high-water mark is already as coarse as this, so writing it on every
/// answer (a second page rewritten per answer, at 5,000 answers a second)
/// would buy no time back from a turned-back clock.
pub const SEEN_EVERY_MS: i64 = HIGH_WATER_EVERY_MS;

/// The contest clock (see the module comment): cheap to clone into a
/// group-commit job.
#[derive(Clone)]
pub struct ContestClock {
    clock: Arc<dyn Clock>,
    wall0: OffsetDateTime,
    mono0: i64,
    /// The high-water mark (unix ms): never earlier than this.
    floor_ms: Arc<AtomicI64>,
    /// The monotonic time the mark was last written (`i64::MIN`: never).
    written_mono: Arc<AtomicI64>,
}

impl ContestClock {
    /// Starts counting now.
    pub fn new(clock: Arc<dyn Clock>) -> ContestClock {
        ContestClock {
            wall0: clock.now(),
            mono0: clock.monotonic_ms(),
            clock,
            floor_ms: Arc::new(AtomicI64::new(i64::MIN)),
            written_mono: Arc::new(AtomicI64::new(i64::MIN)),
        }
    }

    /// Raises the floor to `t` (the high-water mark read at start-up).
    pub fn raise_floor(&self, t: OffsetDateTime) {
        let ms = (t.unix_timestamp_nanos() / 1_000_000) as i64;
        self.floor_ms.fetch_max(ms, Ordering::Relaxed);
    }

    /// The latest of the wall clock, start-up + monotonic time, the
    /// high-water mark, and `seen`.
    pub fn now(&self, seen: Option<&str>) -> OffsetDateTime {
        let mono = self.wall0 + Duration::milliseconds(self.clock.monotonic_ms() - self.mono0);
        let mut now = self.clock.now().max(mono);
        let floor = self.floor_ms.load(Ordering::Relaxed);
        if floor != i64::MIN {
            if let Ok(t) = OffsetDateTime::from_unix_timestamp_nanos(i128::from(floor) * 1_000_000) {
                now = now.max(t);
            }
        }
        if let Some(t) = seen.and_then(|s| parse_stored(s).ok()) {
            now = now.max(t);
        }
        now
    }

    /// True (once per [`HIGH_WATER_EVERY_MS`]) when the mark is due to be
    /// written.
    fn high_water_due(&self) -> bool {
        let mono = self.clock.monotonic_ms();
        let last = self.written_mono.load(Ordering::Relaxed);
        if last != i64::MIN && mono.saturating_sub(last) < HIGH_WATER_EVERY_MS {
            return false;
        }
        self.written_mono.compare_exchange(last, mono, Ordering::Relaxed, Ordering::Relaxed).is_ok()
    }
}

/// True when an attempt last seen at `seen` should be marked seen `now`:
/// never seen, or at least [`SEEN_EVERY_MS`] ago (timestamps sort as text,
/// see [`clock::format`]).
fn seen_is_stale(seen: Option<&str>, now: OffsetDateTime) -> bool {
    let due = clock::format(now - Duration::milliseconds(SEEN_EVERY_MS));
    seen.is_none_or(|s| s <= due.as_str())
}

/// Attempts that could not be finalised (logged once; not retried every
/// second until the app restarts).
#[derive(Default)]
pub struct Unfinalisable(Mutex<HashSet<AttemptId>>);

impl Unfinalisable {
    fn contains(&self, id: AttemptId) -> bool {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).contains(&id)
    }

    pub(crate) fn insert(&self, id: AttemptId) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).insert(id);
    }
}

impl Service {
    /// The contest clock (see the module comment), at least `seen`.
    pub fn contest_now(&self, seen: Option<&str>) -> OffsetDateTime {
        self.contest_clock.now(seen)
    }

    /// Reads the clock's high-water mark from the database (start-up).
    pub(crate) fn load_clock_high_water(&self) -> Result<()> {
        if let Some(t) = self.db.read(|c| store::meta::get(c, CLOCK_HIGH_WATER))? {
            match parse_stored(&t) {
                Ok(t) => self.contest_clock.raise_floor(t),
                Err(_) => tracing::error!("the contest clock's high-water mark {t:?} is unreadable; ignored"),
            }
        }
        Ok(())
    }

    /// Writes the contest clock's "now" as its high-water mark (never
    /// lowering it), at most once every few seconds.
    pub fn record_clock_high_water(&self) -> Result<()> {
        if !self.contest_clock.high_water_due() {
            return Ok(());
        }
        let now = clock::format(self.contest_now(None));
        self.db.write_grouped(move |tx| {
            let stored = store::meta::get(tx, CLOCK_HIGH_WATER)?;
            if stored.as_deref().is_none_or(|s| s < now.as_str()) {
                store::meta::set(tx, CLOCK_HIGH_WATER, &now)?;
            }
            Ok(())
        })
    }

    /// Contests open now, with this person's attempts.
    pub fn open_contests(&self, actor: &Actor) -> Result<Vec<OpenContest>> {
        let me = actor.staff()?;
        let offset = self.settings()?.offset();
        let now = clock::format(self.contest_now(None));
        self.db.read(|c| {
            let mut out = Vec::new();
            for row in store::contests::list_contests(c)? {
                if row.state != ContestState::Open || row.closes_at.as_str() <= now.as_str() {
                    continue;
                }
                let spec: ContestSpec = serde_json::from_str(&row.rules)?;
                let attempts = store::contests::attempts_of(c, row.id, me)?;
                let open = attempts.iter().find(|a| a.state.is_open()).map(|a| a.id);
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
                    last_attempt: attempts.iter().rev().find(|a| !a.state.is_open()).map(|a| a.id),
                    can_start: why_not.is_none(),
                    why_not,
                    started,
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
            let metas = self.question_metas(c)?;
            let paper = draw_paper(&spec.paper, &metas, &mut ChaCha8Rng::seed_from_u64(seed as u64))
                .map_err(|e| AppError::InvalidInput(format!("出卷失败：{e}。请联系管理员。")));
            // The page's items, from the questions kept in memory (read on
            // this same connection's view of the bank), so a start reads no
            // question from SQLite.
            let items = match &paper {
                Ok(paper) => Some(attempt_items(c, self.bank_snapshot(c)?.as_ref(), true, paper)?),
                Err(_) => None,
            };
            Ok((row, spec, paper, items))
        })?;
        let (title, items) = (drawn.0.title.clone(), drawn.3.clone());
        let started = self.db.write_grouped(move |tx| {
            let (_, spec, paper, _) = drawn;
            let row = store::contests::get_contest(tx, contest)?;
            let attempts = store::contests::attempts_of(tx, contest, me)?;
            // The contest's state is read here, in the writer: a close
            // (which sets it in the writer too) is either before this job,
            // and this start is refused, or after it, and the close
            // finalises the attempt made here.
            if row.state != ContestState::Open {
                return Err(AppError::Forbidden("这场竞答现在没有开放。".into()));
            }
            if let Some(open) = attempts.iter().find(|a| a.state.is_open()) {
                return Ok(Started::Resumed(open.id));
            }
            if now.as_str() >= row.closes_at.as_str() {
                return Err(AppError::Forbidden("这场竞答现在没有开放。".into()));
            }
            if now.as_str() < row.opens_at.as_str() {
                return Err(AppError::Forbidden("这场竞答还没有开始。".into()));
            }
            if attempts.len() as u32 >= spec.attempts_allowed {
                return Err(AppError::Forbidden("您的作答次数已经用完。".into()));
            }
            let paper = paper?;
            let dl = clock::format(deadline(at, row.time_limit_s, parse_stored(&row.closes_at)?));
            let max_score = i64::from(total_points(&paper));
            let id = store::contests::insert_attempt(
                tx,
                &AttemptRow {
                    id: AttemptId(0),
                    contest_id: contest,
                    employee_id: me,
                    attempt_no: attempts.len() as i64 + 1,
                    seed,
                    started_at: now.clone(),
                    deadline_at: dl.clone(),
                    submitted_at: None,
                    score: None,
                    max_score,
                    time_used_ms: None,
                    state: AttemptState::Open,
                    paper: serde_json::to_string(&paper)?,
                    last_seen_at: Some(now.clone()),
                },
            )?;
            Ok(Started::New { id, deadline_at: dl, max_score, seen: now })
        })?;
        match (started, items) {
            // A new attempt: no answers, no marks yet; the view is what
            // `attempt` would read back, built without reading it back.
            (Started::New { id, deadline_at, max_score, seen }, Some(items)) => Ok(AttemptView {
                attempt_id: id,
                contest_id: contest,
                title,
                state: AttemptState::Open.as_str().to_string(),
                remaining_ms: remaining_ms(parse_stored(&deadline_at)?, self.contest_now(Some(&seen))),
                total_points: max_score as u32,
                items,
                answers: Vec::new(),
                marked: Vec::new(),
            }),
            (Started::New { id, .. }, None) | (Started::Resumed(id), _) => self.attempt(actor, id),
        }
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
            let items = attempt_items(c, self.bank_snapshot(c)?.as_ref(), true, &paper)?;
            // Stored in bank indices; shown as the positions this person saw.
            let answers = store::contests::answers_with_seq(c, id)?
                .into_iter()
                .filter_map(|(position, r, seq)| {
                    let order = &paper.get(position as usize)?.option_order;
                    serde_json::from_str(&r).ok().map(|response| SavedAnswer {
                        position,
                        response: shown::response_to_shown(order, &response),
                        seq,
                    })
                })
                .collect();
            let now = self.contest_now(a.last_seen_at.as_deref());
            let remaining = if a.state.is_open() { remaining_ms(parse_stored(&a.deadline_at)?, now) } else { 0 };
            Ok(AttemptView {
                attempt_id: a.id,
                contest_id: a.contest_id,
                title: contest.title,
                state: a.state.as_str().to_string(),
                remaining_ms: remaining,
                total_points: a.max_score as u32,
                items,
                answers,
                marked: store::contests::marks(c, id)?,
            })
        })
    }

    /// Stores one answer durably (the same position again replaces it, so a
    /// resent answer is never doubled; an older version — lower `seq` —
    /// never replaces a newer one). Refused after the deadline + grace, and
    /// once the contest is no longer open.
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
            if !a.state.is_open() {
                return Err(AppError::Forbidden("这份答卷已经交卷，不能再修改。".into()));
            }
            // Read in the writer, as the close sets it: no answer after it.
            if store::contests::contest_state(tx, a.contest_id)? != ContestState::Open {
                return Err(AppError::Forbidden("这场竞答已经结束，这个答案没有保存；答卷已交卷。".into()));
            }
            let now = clock.now(a.last_seen_at.as_deref());
            let dl = parse_stored(&a.deadline_at)?;
            if !accepts_answer(dl, now) {
                return Ok(None);
            }
            let item = crate::core::paper::paper_item(&a.paper, req.position as usize)?
                .ok_or_else(|| AppError::InvalidInput(format!("答卷里没有第 {} 题。", u64::from(req.position) + 1)))?;
            // The page answers in display positions; the store keeps bank indices.
            let response = shown::to_bank(&item.option_order, &req.response)
                .ok_or_else(|| AppError::InvalidInput("答案里有这道题没有的选项。".into()))?;
            let at = clock::format(now);
            store::contests::upsert_answer(
                tx,
                &store::contests::NewAnswer {
                    attempt: a.id,
                    position: req.position,
                    question: &item.question_id,
                    response: &serde_json::to_string(&response)?,
                    at: &at,
                    seq: req.seq,
                },
            )?;
            if seen_is_stale(a.last_seen_at.as_deref(), now) {
                store::contests::touch(tx, a.id, &at)?;
            }
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
    /// Only a position on the paper.
    pub fn contest_mark(&self, actor: &Actor, req: MarkRequest) -> Result<()> {
        let me = actor.staff()?;
        // A job of the group-commit writer, like every change to an attempt.
        self.db.write_grouped(move |tx| {
            let a = owned_attempt(tx, me, req.attempt_id)?;
            if !a.state.is_open() {
                return Ok(());
            }
            let paper: Vec<PaperItem> = serde_json::from_str(&a.paper)?;
            if req.position as usize >= paper.len() {
                return Err(AppError::InvalidInput(format!("答卷里没有第 {} 题。", u64::from(req.position) + 1)));
            }
            store::contests::set_mark(tx, a.id, req.position, req.marked)
        })
    }

    /// Hands in the attempt now.
    pub fn submit_attempt(&self, actor: &Actor, id: AttemptId) -> Result<super::contest_api::AttemptResult> {
        let a = self.db.read(|c| self.own_attempt(c, actor, id))?;
        if a.state.is_open() {
            let now = self.contest_now(a.last_seen_at.as_deref());
            self.finalise(id, Some(now))?;
        }
        self.attempt_result(actor, id)
    }

    /// Finalises `id` if it is open and past its deadline (+ grace).
    pub fn finalise_if_due(&self, id: AttemptId) -> Result<()> {
        let a = self.db.read(|c| store::contests::get_attempt(c, id))?;
        if a.state.is_open() {
            let now = self.contest_now(a.last_seen_at.as_deref());
            if !accepts_answer(parse_stored(&a.deadline_at)?, now) {
                self.finalise(id, None)?;
            }
        }
        Ok(())
    }

    /// Finalises every open attempt whose deadline has passed, and every
    /// attempt left open in a contest that is over (a close cut short), in
    /// batches of [`FINALISE_BATCH`] per commit (the app's background task,
    /// and start-up after the app was closed). A bad attempt is logged and
    /// skipped; a failed batch is logged and the next one still runs. Also
    /// writes the clock's high-water mark (at most every few seconds).
    pub fn finalise_expired(&self) -> Result<usize> {
        if let Err(e) = self.record_clock_high_water() {
            tracing::error!("the contest clock's high-water mark could not be written: {e}");
        }
        let now = self.contest_now(None);
        let before = clock::format(now - Duration::milliseconds(GRACE_MS));
        let due: Vec<(AttemptId, Option<OffsetDateTime>)> = self
            .db
            .read(|c| store::contests::open_due(c, &before))?
            .into_iter()
            .filter(|(id, _)| !self.unfinalisable.contains(*id))
            .map(|(id, over)| (id, over.then_some(now)))
            .collect();
        Ok(self.finalise_batches(due))
    }

    /// Finalises `due` in write jobs of [`FINALISE_BATCH`]; the number done.
    pub(crate) fn finalise_batches(&self, due: Vec<(AttemptId, Option<OffsetDateTime>)>) -> usize {
        let mut done = 0;
        for chunk in due.chunks(FINALISE_BATCH) {
            let chunk = chunk.to_vec();
            let n = chunk.len();
            let bank = match self.bank_snapshot_now() {
                Ok(bank) => bank,
                Err(e) => {
                    tracing::error!(attempts = n, "a batch of attempts could not be finalised: {e}");
                    continue;
                }
            };
            match self.db.write_grouped(move |tx| Ok(finalise_many(tx, &bank, &chunk))) {
                Ok(failed) => {
                    done += n - failed.len();
                    for (id, e) in failed {
                        tracing::error!(attempt = id.0, "attempt could not be finalised, skipped: {e}");
                        self.unfinalisable.insert(id);
                    }
                }
                Err(e) => tracing::error!(attempts = n, "a batch of attempts could not be finalised: {e}"),
            }
        }
        done
    }

    /// Grades and closes an attempt: `submitted_at` = `at` (a hand-in) or the
    /// deadline (expired); appends the result to the contest's hash chain.
    fn finalise(&self, id: AttemptId, at: Option<OffsetDateTime>) -> Result<()> {
        // Thousands hand in at the close: the write joins a group commit.
        let bank = self.bank_snapshot_now()?;
        self.db.write_grouped(move |tx| Finaliser::new(&bank).finalise(tx, id, at).map(drop))
    }
}

/// What `start_attempt`'s writer job did.
enum Started {
    /// A new attempt, with what its view needs.
    New { id: AttemptId, deadline_at: String, max_score: i64, seen: String },
    /// The person's attempt already in progress.
    Resumed(AttemptId),
}

/// The page's items of `paper`: questions without keys, options in this
/// person's order. From `bank` when `same_rev` (the caller checked that
/// `conn` sees its revision), otherwise read from `conn`.
fn attempt_items(
    conn: &Connection,
    bank: &BankSnapshot,
    same_rev: bool,
    paper: &[PaperItem],
) -> Result<Vec<AttemptItem>> {
    paper
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let q = bank.get(conn, same_rev, &p.question_id)?;
            Ok(AttemptItem {
                position: i as u32,
                qtype: q.qtype,
                qtype_name: q.qtype.name().into(),
                stem: q.stem.clone(),
                options: shown_options(&q.options, &p.option_order),
                points: p.points,
            })
        })
        .collect()
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
