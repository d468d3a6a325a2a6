//! Finalising attempts: grade the answers, write the result into the
//! contest's hash chain, close the attempt. Runs inside writer jobs (a
//! hand-in, the close of a contest, the background finaliser), many attempts
//! per job, each in its own savepoint.
//!
//! Closing a contest of 10,000 takers finalises 10,000 attempts at once, so
//! what a batch can share is read once per batch (docs/performance.md): the
//! questions come from the bank kept in memory (when the writer's
//! transaction sees the same bank revision), each contest's rules are
//! parsed once, the chain's tail is carried from one attempt to the next,
//! and an attempt's verdicts are written by one statement.

use super::bank_cache::BankSnapshot;
use super::clock;
use super::contest_admin::parse_stored;
use super::contest_api::ContestSpec;
use crate::core::chain;
use crate::core::contest::GRACE_MS;
use crate::core::grading::{grade, points, Response, Verdict};
use crate::core::ids::{AttemptId, ContestId};
use crate::core::paper::PaperItem;
use crate::error::{AppError, Result};
use crate::store::{self, contests::AttemptState};
use rusqlite::Connection;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use time::{Duration, OffsetDateTime};

/// What one writer job's finalisations share.
pub(crate) struct Finaliser<'a> {
    bank: &'a BankSnapshot,
    /// Whether the job's transaction sees `bank`'s revision (read once).
    same_rev: Option<bool>,
    specs: HashMap<ContestId, ContestSpec>,
    /// Each contest's chain tail (sequence, hash) as of the last attempt
    /// finalised in this job.
    tails: HashMap<ContestId, (i64, String)>,
}

/// A result appended to a contest's chain: its new tail.
struct Link {
    contest: ContestId,
    seq: i64,
    hash: String,
}

impl<'a> Finaliser<'a> {
    pub(crate) fn new(bank: &'a BankSnapshot) -> Finaliser<'a> {
        Finaliser { bank, same_rev: None, specs: HashMap::new(), tails: HashMap::new() }
    }

    /// Finalises attempt `id` (see [`finalise_many`] for a batch) and keeps
    /// the chain's new tail; nothing when it is no longer open.
    pub(crate) fn finalise(&mut self, tx: &Connection, id: AttemptId, at: Option<OffsetDateTime>) -> Result<()> {
        if let Some(link) = self.finalise_in(tx, id, at)? {
            self.tails.insert(link.contest, (link.seq, link.hash));
        }
        Ok(())
    }

    /// Grades and closes attempt `id`: `submitted_at` = `at` (a hand-in) or
    /// the deadline (expired); the result is appended to the contest's
    /// hash chain, whose new tail is returned (kept by the caller only once
    /// this attempt's savepoint is released).
    fn finalise_in(&mut self, tx: &Connection, id: AttemptId, at: Option<OffsetDateTime>) -> Result<Option<Link>> {
        let a = store::contests::get_attempt(tx, id)?;
        if !a.state.is_open() {
            return Ok(None);
        }
        let same_rev = match self.same_rev {
            Some(v) => v,
            None => *self.same_rev.insert(self.bank.is_current(tx)?),
        };
        let multi_scoring = match self.specs.entry(a.contest_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.get().multi_scoring,
            std::collections::hash_map::Entry::Vacant(e) => {
                let contest = store::contests::get_contest(tx, a.contest_id)?;
                e.insert(serde_json::from_str::<ContestSpec>(&contest.rules)?).multi_scoring
            }
        };
        let started = parse_stored(&a.started_at)?;
        let dl = parse_stored(&a.deadline_at)?;
        let (state, end) = match at {
            Some(t) if t <= dl + Duration::milliseconds(GRACE_MS) => (AttemptState::Submitted, t.min(dl)),
            _ => (AttemptState::Expired, dl),
        };
        let paper: Vec<PaperItem> = serde_json::from_str(&a.paper)?;
        let answers: HashMap<u32, Response> = store::contests::answers(tx, id)?
            .into_iter()
            .filter_map(|(p, r)| serde_json::from_str(&r).ok().map(|r| (p, r)))
            .collect();
        let mut score: i64 = 0;
        let mut verdicts = Vec::with_capacity(answers.len());
        for (i, item) in paper.iter().enumerate() {
            let pos = i as u32;
            let Some(resp) = answers.get(&pos) else { continue };
            let q = self.bank.get(tx, same_rev, &item.question_id)?;
            let verdict = grade(&q, resp);
            let pts = points(verdict, item.points, multi_scoring);
            score += i64::from(pts);
            let v = match verdict {
                Verdict::Right => "right",
                Verdict::Partial => "partial",
                Verdict::Wrong => "wrong",
            };
            verdicts.push((pos, v, i64::from(pts)));
        }
        store::contests::grade_answers(tx, id, &verdicts)?;
        let time_used_ms = ((end - started).whole_milliseconds() as i64).max(0);
        let submitted_at = clock::format(end);
        let staff_no = store::people::get_employee(tx, a.employee_id)?.staff_no;
        let (seq, prev) = match self.tails.get(&a.contest_id) {
            Some(tail) => tail.clone(),
            None => store::contests::chain_tail(tx, a.contest_id)?,
        };
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
        )?;
        Ok(Some(Link { contest: a.contest_id, seq: seq + 1, hash }))
    }
}

/// Finalises each of `due` in its own savepoint, under `catch_unwind`: one
/// that fails (or panics) is undone alone and returned with its error; the
/// rest go on.
pub(crate) fn finalise_many(
    tx: &Connection,
    bank: &BankSnapshot,
    due: &[(AttemptId, Option<OffsetDateTime>)],
) -> Vec<(AttemptId, AppError)> {
    let mut fin = Finaliser::new(bank);
    let mut failed = Vec::new();
    for &(id, at) in due {
        if let Err(e) = exec_cached(tx, "SAVEPOINT fin") {
            failed.push((id, AppError::from(e)));
            continue;
        }
        let out = catch_unwind(AssertUnwindSafe(|| fin.finalise_in(tx, id, at)))
            .unwrap_or_else(|_| Err(AppError::internal(format!("finalising attempt {} panicked", id.0))));
        let end = match &out {
            Ok(_) => exec_cached(tx, "RELEASE fin"),
            Err(_) => exec_cached(tx, "ROLLBACK TO fin").and_then(|()| exec_cached(tx, "RELEASE fin")),
        };
        match (end, out) {
            (Err(e), _) => failed.push((id, AppError::from(e))),
            (Ok(()), Err(e)) => failed.push((id, e)),
            // Released: this attempt's link is now the chain's tail.
            (Ok(()), Ok(Some(link))) => {
                fin.tails.insert(link.contest, (link.seq, link.hash));
            }
            (Ok(()), Ok(None)) => {}
        }
    }
    failed
}

/// One statement through the connection's statement cache (the savepoint
/// statements run twice per attempt).
fn exec_cached(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.raw_execute().map(drop)
}

/// The text a result's hash covers.
pub fn canonical_row(id: AttemptId, staff_no: &str, score: i64, time_used_ms: i64, submitted_at: &str) -> String {
    format!("{}|{staff_no}|{score}|{time_used_ms}|{submitted_at}", id.0)
}
