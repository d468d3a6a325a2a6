//! Contests, attempts, contest answers, marks and prize draws.

use super::not_found;
use crate::core::ids::{AttemptId, ContestId, EmployeeId, QuestionId};
use crate::core::paper::QuestionMeta;
use crate::core::question::{QType, Subject};
pub use crate::core::states::{AttemptState, ContestState};
use crate::error::{AppError, Result};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, Row};

// The states are stored as the same strings as before (no migration).
impl ToSql for ContestState {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for ContestState {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = value.as_str()?;
        ContestState::parse(s).ok_or_else(|| FromSqlError::Other(format!("unknown contest state {s:?}").into()))
    }
}

impl ToSql for AttemptState {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for AttemptState {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = value.as_str()?;
        AttemptState::parse(s).ok_or_else(|| FromSqlError::Other(format!("unknown attempt state {s:?}").into()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContestRow {
    pub id: ContestId,
    pub title: String,
    pub opens_at: String,
    pub closes_at: String,
    pub time_limit_s: i64,
    pub rules: String,
    pub state: ContestState,
    pub created_at: String,
}

fn contest_row(r: &Row<'_>) -> rusqlite::Result<ContestRow> {
    Ok(ContestRow {
        id: r.get(0)?,
        title: r.get(1)?,
        opens_at: r.get(2)?,
        closes_at: r.get(3)?,
        time_limit_s: r.get(4)?,
        rules: r.get(5)?,
        state: r.get(6)?,
        created_at: r.get(7)?,
    })
}

const CONTEST_COLS: &str = "id, title, opens_at, closes_at, time_limit_s, rules, state, created_at";

pub fn insert_contest(conn: &Connection, c: &ContestRow) -> Result<ContestId> {
    conn.prepare_cached(
        "INSERT INTO contest (title, opens_at, closes_at, time_limit_s, rules, state, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        c.title,
        c.opens_at,
        c.closes_at,
        c.time_limit_s,
        c.rules,
        ContestState::Draft,
        c.created_at
    ])?;
    Ok(ContestId(conn.last_insert_rowid()))
}

pub fn update_contest(conn: &Connection, c: &ContestRow) -> Result<()> {
    conn.prepare_cached(
        "UPDATE contest SET title = ?2, opens_at = ?3, closes_at = ?4, time_limit_s = ?5, rules = ?6 WHERE id = ?1",
    )?
    .execute(params![c.id, c.title, c.opens_at, c.closes_at, c.time_limit_s, c.rules])?;
    Ok(())
}

pub fn set_state(conn: &Connection, id: ContestId, state: ContestState) -> Result<()> {
    conn.prepare_cached("UPDATE contest SET state = ?2 WHERE id = ?1")?.execute(params![id, state])?;
    Ok(())
}

/// The state of a contest alone (checked inside each write job).
pub fn contest_state(conn: &Connection, id: ContestId) -> Result<ContestState> {
    conn.prepare_cached("SELECT state FROM contest WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .map_err(not_found("找不到这场竞答"))
}

pub fn get_contest(conn: &Connection, id: ContestId) -> Result<ContestRow> {
    conn.prepare_cached(&format!("SELECT {CONTEST_COLS} FROM contest WHERE id = ?1"))?
        .query_row([id], contest_row)
        .map_err(not_found("找不到这场竞答"))
}

pub fn list_contests(conn: &Connection) -> Result<Vec<ContestRow>> {
    let mut stmt = conn.prepare(&format!("SELECT {CONTEST_COLS} FROM contest ORDER BY opens_at DESC, id DESC"))?;
    let rows = stmt.query_map([], contest_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every active question, sorted by id (a stable order for seeded drawing).
pub fn question_metas(conn: &Connection) -> Result<Vec<QuestionMeta>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, subject, qtype, part, chapter, difficulty, json_array_length(options), grp,
                contest_only = 1 AND released_at IS NULL
         FROM question WHERE active = 1 ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        let subject: Subject = r.get(1)?;
        let qtype: String = r.get(2)?;
        Ok(QuestionMeta {
            id: r.get(0)?,
            subject,
            qtype: QType::from_code(&qtype).unwrap_or(QType::Single),
            part: r.get(3)?,
            chapter: r.get(4)?,
            difficulty: r.get(5)?,
            n_options: r.get(6)?,
            group: r.get(7)?,
            contest_only: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRow {
    pub id: AttemptId,
    pub contest_id: ContestId,
    pub employee_id: EmployeeId,
    pub attempt_no: i64,
    pub seed: i64,
    pub started_at: String,
    pub deadline_at: String,
    pub submitted_at: Option<String>,
    pub score: Option<i64>,
    pub max_score: i64,
    pub time_used_ms: Option<i64>,
    pub state: AttemptState,
    pub paper: String,
    pub last_seen_at: Option<String>,
}

const ATTEMPT_COLS: &str = "id, contest_id, employee_id, attempt_no, seed, started_at, deadline_at, submitted_at,
    score, max_score, time_used_ms, state, paper, last_seen_at";

fn attempt_row(r: &Row<'_>) -> rusqlite::Result<AttemptRow> {
    Ok(AttemptRow {
        id: r.get(0)?,
        contest_id: r.get(1)?,
        employee_id: r.get(2)?,
        attempt_no: r.get(3)?,
        seed: r.get(4)?,
        started_at: r.get(5)?,
        deadline_at: r.get(6)?,
        submitted_at: r.get(7)?,
        score: r.get(8)?,
        max_score: r.get(9)?,
        time_used_ms: r.get(10)?,
        state: r.get(11)?,
        paper: r.get(12)?,
        last_seen_at: r.get(13)?,
    })
}

pub fn insert_attempt(conn: &Connection, a: &AttemptRow) -> Result<AttemptId> {
    conn.prepare_cached(
        "INSERT INTO attempt (contest_id, employee_id, attempt_no, seed, started_at, deadline_at, max_score, state, paper, last_seen_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?5)",
    )?
    .execute(params![
        a.contest_id,
        a.employee_id,
        a.attempt_no,
        a.seed,
        a.started_at,
        a.deadline_at,
        a.max_score,
        AttemptState::Open,
        a.paper
    ])?;
    Ok(AttemptId(conn.last_insert_rowid()))
}

pub fn get_attempt(conn: &Connection, id: AttemptId) -> Result<AttemptRow> {
    conn.prepare_cached(&format!("SELECT {ATTEMPT_COLS} FROM attempt WHERE id = ?1"))?
        .query_row([id], attempt_row)
        .map_err(not_found("找不到这次答题记录"))
}

pub fn attempts_of(conn: &Connection, contest: ContestId, employee: EmployeeId) -> Result<Vec<AttemptRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ATTEMPT_COLS} FROM attempt WHERE contest_id = ?1 AND employee_id = ?2 ORDER BY attempt_no"
    ))?;
    let rows = stmt.query_map(params![contest, employee], attempt_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Open attempts whose deadline is before `before` (finalise them).
pub fn open_past(conn: &Connection, before: &str) -> Result<Vec<AttemptId>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM attempt WHERE state = ?2 AND deadline_at < ?1 ORDER BY id")?;
    let rows = stmt.query_map(params![before, AttemptState::Open], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Open attempts to finalise: those whose deadline is before `before`, and
/// every one of a contest that is over (closed or published) — left open
/// only if the close was cut short. `true` for the latter.
pub fn open_due(conn: &Connection, before: &str) -> Result<Vec<(AttemptId, bool)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, c.state IN (?3, ?4) FROM attempt a JOIN contest c ON c.id = a.contest_id
         WHERE a.state = ?2 AND (a.deadline_at < ?1 OR c.state IN (?3, ?4)) ORDER BY a.id",
    )?;
    let rows = stmt
        .query_map(params![before, AttemptState::Open, ContestState::Closed, ContestState::Published], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Open attempts of a contest.
pub fn open_attempts(conn: &Connection, contest: ContestId) -> Result<Vec<AttemptId>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM attempt WHERE contest_id = ?1 AND state = ?2 ORDER BY id")?;
    let rows = stmt.query_map(params![contest, AttemptState::Open], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn touch(conn: &Connection, id: AttemptId, seen: &str) -> Result<()> {
    conn.prepare_cached("UPDATE attempt SET last_seen_at = max(coalesce(last_seen_at, ''), ?2) WHERE id = ?1")?
        .execute(params![id, seen])?;
    Ok(())
}

/// The last link of a contest's result chain: (sequence, hash).
pub fn chain_tail(conn: &Connection, contest: ContestId) -> Result<(i64, String)> {
    Ok(conn
        .prepare_cached(
            "SELECT chain_seq, result_hash FROM attempt WHERE contest_id = ?1 AND chain_seq IS NOT NULL
             ORDER BY chain_seq DESC LIMIT 1",
        )?
        .query_row([contest], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, String::new())))
}

pub struct Finish<'a> {
    pub state: AttemptState,
    pub submitted_at: &'a str,
    pub score: i64,
    pub time_used_ms: i64,
    pub chain_seq: i64,
    pub result_hash: &'a str,
}

pub fn finish_attempt(conn: &Connection, id: AttemptId, f: &Finish<'_>) -> Result<()> {
    let n = conn.prepare_cached(
        "UPDATE attempt SET state = ?2, submitted_at = ?3, score = ?4, time_used_ms = ?5, chain_seq = ?6, result_hash = ?7
         WHERE id = ?1 AND state = ?8",
    )?
    .execute(params![id, f.state, f.submitted_at, f.score, f.time_used_ms, f.chain_seq, f.result_hash, AttemptState::Open])?;
    if n == 0 {
        return Err(AppError::InvalidInput("这次答题已经交卷了。".into()));
    }
    Ok(())
}

/// One answer to store: `seq` is the page's version of this position's
/// answer (0 from pages that predate it).
pub struct NewAnswer<'a> {
    pub attempt: AttemptId,
    pub position: u32,
    pub question: &'a QuestionId,
    pub response: &'a str,
    pub at: &'a str,
    pub seq: u32,
}

/// Stores an answer; a re-answer of the same position replaces it only if
/// it is not older (`seq` not lower), so a resend that arrives after a
/// newer answer never overwrites it. Equal `seq` replaces: pages that send
/// no `seq` (0) keep "the last one wins", and a resend of the same
/// version carries the same answer. True when this answer is the stored one.
pub fn upsert_answer(conn: &Connection, a: &NewAnswer<'_>) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT INTO answer (attempt_id, position, question_id, response, answered_at, seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (attempt_id, position) DO UPDATE
             SET response = excluded.response, answered_at = excluded.answered_at, seq = excluded.seq
             WHERE excluded.seq >= answer.seq",
        )?
        .execute(params![a.attempt, a.position, a.question, a.response, a.at, a.seq])?;
    Ok(n == 1)
}

/// (position, response JSON) of every answer of an attempt.
pub fn answers(conn: &Connection, attempt: AttemptId) -> Result<Vec<(u32, String)>> {
    Ok(answers_with_seq(conn, attempt)?.into_iter().map(|(p, r, _)| (p, r)).collect())
}

/// (position, response JSON, seq) of every answer of an attempt.
pub fn answers_with_seq(conn: &Connection, attempt: AttemptId) -> Result<Vec<(u32, String, u32)>> {
    let mut stmt =
        conn.prepare_cached("SELECT position, response, seq FROM answer WHERE attempt_id = ?1 ORDER BY position")?;
    let rows = stmt.query_map([attempt], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Writes an attempt's verdicts, (position, verdict, points) each: one
/// cached statement per answer, each a search of the primary key. (One
/// `UPDATE … FROM json_each` for the lot was tried: SQLite evaluated the
/// JSON for every pair of answer and verdict, 2,500 extractions for a
/// 50-question paper, and it was 37 % of the writer's time while takers
/// handed in; docs/performance.md.)
pub fn grade_answers(conn: &Connection, attempt: AttemptId, verdicts: &[(u32, &str, i64)]) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("UPDATE answer SET verdict = ?3, points = ?4 WHERE attempt_id = ?1 AND position = ?2")?;
    for (position, verdict, points) in verdicts {
        stmt.execute(params![attempt, position, verdict, points])?;
    }
    Ok(())
}

pub fn set_mark(conn: &Connection, attempt: AttemptId, position: u32, marked: bool) -> Result<()> {
    if marked {
        conn.prepare_cached("INSERT OR IGNORE INTO attempt_mark (attempt_id, position) VALUES (?1, ?2)")?
            .execute(params![attempt, position])?;
    } else {
        conn.prepare_cached("DELETE FROM attempt_mark WHERE attempt_id = ?1 AND position = ?2")?
            .execute(params![attempt, position])?;
    }
    Ok(())
}

pub fn marks(conn: &Connection, attempt: AttemptId) -> Result<Vec<u32>> {
    let mut stmt = conn.prepare_cached("SELECT position FROM attempt_mark WHERE attempt_id = ?1 ORDER BY position")?;
    let rows = stmt.query_map([attempt], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A finished attempt with the person, for rankings and exports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultRow {
    pub attempt_id: AttemptId,
    pub employee_id: EmployeeId,
    pub staff_no: String,
    pub name: String,
    pub department: Option<String>,
    pub attempt_no: i64,
    pub score: i64,
    pub max_score: i64,
    pub time_used_ms: i64,
    pub submitted_at: String,
    pub state: AttemptState,
    pub chain_seq: i64,
    pub result_hash: String,
}

pub fn results(conn: &Connection, contest: ContestId) -> Result<Vec<ResultRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.employee_id, e.staff_no, e.name, d.name, a.attempt_no, a.score, a.max_score, a.time_used_ms,
                a.submitted_at, a.state, a.chain_seq, a.result_hash
         FROM attempt a JOIN employee e ON e.id = a.employee_id LEFT JOIN department d ON d.id = e.department_id
         WHERE a.contest_id = ?1 AND a.state IN ('submitted', 'expired') ORDER BY a.chain_seq",
    )?;
    let rows = stmt.query_map([contest], |r| {
        Ok(ResultRow {
            attempt_id: r.get(0)?,
            employee_id: r.get(1)?,
            staff_no: r.get(2)?,
            name: r.get(3)?,
            department: r.get(4)?,
            attempt_no: r.get(5)?,
            score: r.get(6)?,
            max_score: r.get(7)?,
            time_used_ms: r.get(8)?,
            submitted_at: r.get(9)?,
            state: r.get(10)?,
            chain_seq: r.get(11)?,
            result_hash: r.get(12)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub struct DrawRow {
    pub id: i64,
    pub phrase: String,
    pub algorithm: String,
    pub list_hash: String,
    pub eligible: String,
    pub winners: String,
    pub created_at: String,
    pub actor: String,
    /// Set when the draw was voided (with the reason and who voided it).
    pub voided_at: Option<String>,
    pub void_reason: Option<String>,
    pub voided_by: Option<String>,
}

pub fn insert_draw(conn: &Connection, contest: ContestId, d: &DrawRow) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO prize_draw (contest_id, phrase, algorithm, list_hash, eligible, winners, created_at, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        contest,
        d.phrase,
        d.algorithm,
        d.list_hash,
        d.eligible,
        d.winners,
        d.created_at,
        d.actor
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn draws(conn: &Connection, contest: ContestId) -> Result<Vec<DrawRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, phrase, algorithm, list_hash, eligible, winners, created_at, actor, voided_at, void_reason, voided_by
         FROM prize_draw WHERE contest_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([contest], |r| {
        Ok(DrawRow {
            id: r.get(0)?,
            phrase: r.get(1)?,
            algorithm: r.get(2)?,
            list_hash: r.get(3)?,
            eligible: r.get(4)?,
            winners: r.get(5)?,
            created_at: r.get(6)?,
            actor: r.get(7)?,
            voided_at: r.get(8)?,
            void_reason: r.get(9)?,
            voided_by: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks a draw of `contest` voided; false when there is no such draw not
/// yet voided (the row is never deleted).
pub fn void_draw(conn: &Connection, contest: ContestId, draw: i64, at: &str, reason: &str, by: &str) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE prize_draw SET voided_at = ?3, void_reason = ?4, voided_by = ?5
             WHERE contest_id = ?1 AND id = ?2 AND voided_at IS NULL",
        )?
        .execute(params![contest, draw, at, reason, by])?;
    Ok(n == 1)
}

/// Active employees per department: (department, staff) for participation.
pub fn staff_per_department(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(d.name, '（未分部门）'), count(*) FROM employee e LEFT JOIN department d ON d.id = e.department_id
         WHERE e.active = 1 GROUP BY 1 ORDER BY 1",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One answer of a finished attempt, with the person and the question, for
/// the per-person export.
pub struct AnswerRow {
    pub staff_no: String,
    pub name: String,
    pub department: Option<String>,
    pub attempt_no: i64,
    pub position: u32,
    pub question_id: QuestionId,
    pub response: String,
    pub verdict: Option<String>,
    pub points: Option<i64>,
    pub answered_at: String,
}

pub fn answer_rows(conn: &Connection, contest: ContestId) -> Result<Vec<AnswerRow>> {
    let mut stmt = conn.prepare(
        "SELECT e.staff_no, e.name, d.name, a.attempt_no, ans.position, ans.question_id, ans.response, ans.verdict,
                ans.points, ans.answered_at
         FROM answer ans JOIN attempt a ON a.id = ans.attempt_id JOIN employee e ON e.id = a.employee_id
         LEFT JOIN department d ON d.id = e.department_id
         WHERE a.contest_id = ?1 AND a.state IN ('submitted', 'expired')
         ORDER BY e.staff_no, a.attempt_no, ans.position",
    )?;
    let rows = stmt.query_map([contest], |r| {
        Ok(AnswerRow {
            staff_no: r.get(0)?,
            name: r.get(1)?,
            department: r.get(2)?,
            attempt_no: r.get(3)?,
            position: r.get(4)?,
            question_id: r.get(5)?,
            response: r.get(6)?,
            verdict: r.get(7)?,
            points: r.get(8)?,
            answered_at: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An open attempt of one person, with what deciding "running" needs.
#[derive(Debug, Clone)]
pub struct OpenAttempt {
    pub id: AttemptId,
    pub deadline_at: String,
    pub last_seen_at: Option<String>,
    /// The contest's rules (JSON ContestSpec).
    pub rules: String,
}

/// Every open attempt of `employee`, in any contest.
pub fn open_attempts_of(conn: &Connection, employee: EmployeeId) -> Result<Vec<OpenAttempt>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.deadline_at, a.last_seen_at, c.rules FROM attempt a JOIN contest c ON c.id = a.contest_id
         WHERE a.employee_id = ?1 AND a.state = 'open'",
    )?;
    let rows = stmt.query_map([employee], |r| {
        Ok(OpenAttempt { id: r.get(0)?, deadline_at: r.get(1)?, last_seen_at: r.get(2)?, rules: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The question ids on every paper of a contest (to release its 竞赛专用
/// questions when it is published).
pub fn paper_question_ids(conn: &Connection, contest: ContestId) -> Result<Vec<QuestionId>> {
    let mut stmt = conn.prepare_cached("SELECT paper FROM attempt WHERE contest_id = ?1")?;
    let mut ids = std::collections::BTreeSet::new();
    for paper in stmt.query_map([contest], |r| r.get::<_, String>(0))? {
        let items: Vec<crate::core::paper::PaperItem> = serde_json::from_str(&paper?)?;
        ids.extend(items.into_iter().map(|i| i.question_id));
    }
    Ok(ids.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Protects "no migration": the states go in and come out of SQLite as
    /// the strings the database always held, and a string the app does not
    /// know is an error (never a panic, never a guess).
    #[test]
    fn states_are_stored_as_their_old_strings() {
        let c = Connection::open_in_memory().expect("db");
        for s in ContestState::ALL {
            let text: String = c.query_row("SELECT ?1", [s], |r| r.get(0)).expect("to sql");
            assert_eq!(text, s.as_str());
            assert_eq!(c.query_row("SELECT ?1", [s.as_str()], |r| r.get::<_, ContestState>(0)).expect("from"), s);
        }
        for s in AttemptState::ALL {
            assert_eq!(c.query_row("SELECT ?1", [s], |r| r.get::<_, AttemptState>(0)).expect("round trip"), s);
        }
        assert!(c.query_row("SELECT 'paused'", [], |r| r.get::<_, ContestState>(0)).is_err());
        assert!(c.query_row("SELECT 'Open'", [], |r| r.get::<_, AttemptState>(0)).is_err());
    }
}
