//! Practice answers: every answer a person gives while practising, and what
//! follows from them (progress per scope, the wrong-answer book).

use crate::core::grading::Response;
use crate::core::ids::{EmployeeId, QuestionId};
use crate::core::practice::{in_wrong_book, Scope};
use crate::error::Result;
use rusqlite::{params, Connection};
use std::collections::{BTreeMap, HashSet};

pub fn insert_answer(
    conn: &Connection,
    employee: EmployeeId,
    question: &QuestionId,
    response: &Response,
    correct: bool,
    now: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO practice_answer (employee_id, question_id, response, correct, answered_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![employee, question, serde_json::to_string(response)?, correct, now],
    )?;
    Ok(())
}

/// Progress in one group of questions: total, answered at least once, and
/// latest answer right.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Progress {
    pub total: i64,
    pub done: i64,
    pub right: i64,
}

/// (编, 章, progress) of one chapter.
pub type ChapterProgress = (Option<String>, Option<String>, Progress);

/// Progress of one person per (编, 章) of a subject, in law order.
pub fn progress_by_chapter(conn: &Connection, employee: EmployeeId, subject: &str) -> Result<Vec<ChapterProgress>> {
    let mut stmt = conn.prepare_cached(
        "WITH latest AS (
             SELECT question_id, correct, row_number() OVER (PARTITION BY question_id ORDER BY id DESC) AS n
             FROM practice_answer WHERE employee_id = ?1)
         SELECT q.part, q.chapter, count(*), count(l.question_id), coalesce(sum(l.correct), 0)
         FROM question q LEFT JOIN latest l ON l.question_id = q.id AND l.n = 1
         WHERE q.subject = ?2 AND q.active = 1 AND (q.contest_only = 0 OR q.released_at IS NOT NULL)
         GROUP BY q.part, q.chapter ORDER BY min(q.sort_key)",
    )?;
    let rows = stmt.query_map(params![employee, subject], |r| {
        Ok((r.get(0)?, r.get(1)?, Progress { total: r.get(2)?, done: r.get(3)?, right: r.get(4)? }))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Ids of the active questions in `scope`, in sequential order.
pub fn ids_in_scope(conn: &Connection, scope: &Scope) -> Result<Vec<QuestionId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM question WHERE subject = ?1 AND active = 1
           AND (contest_only = 0 OR released_at IS NOT NULL)
           AND (?2 IS NULL OR part IS ?2) AND (?3 IS NULL OR chapter IS ?3)
         ORDER BY sort_key, id",
    )?;
    let rows = stmt.query_map(params![scope.subject.name(), scope.part, scope.chapter], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Ids of every active question in `scope` (竞赛专用 ones included),
/// optionally of one type: what the organizer's bank tools act on.
pub fn ids_in_scope_all(
    conn: &Connection,
    scope: &Scope,
    qtype: Option<crate::core::question::QType>,
) -> Result<Vec<QuestionId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM question WHERE subject = ?1 AND active = 1
           AND (?2 IS NULL OR part IS ?2) AND (?3 IS NULL OR chapter IS ?3) AND (?4 IS NULL OR qtype = ?4)
         ORDER BY sort_key, id",
    )?;
    let rows = stmt
        .query_map(params![scope.subject.name(), scope.part, scope.chapter, qtype.map(|t| t.code())], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One person's answers to one question, oldest first (true = right).
pub fn history(conn: &Connection, employee: EmployeeId, question: &QuestionId) -> Result<Vec<bool>> {
    let mut stmt = conn.prepare_cached(
        "SELECT correct FROM practice_answer WHERE employee_id = ?1 AND question_id = ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![employee, question], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every question the person has answered.
pub fn answered(conn: &Connection, employee: EmployeeId) -> Result<HashSet<QuestionId>> {
    let mut stmt = conn.prepare_cached("SELECT DISTINCT question_id FROM practice_answer WHERE employee_id = ?1")?;
    let rows = stmt.query_map([employee], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The person's wrong-answer book (错题本): questions whose history says so.
pub fn wrong_book(conn: &Connection, employee: EmployeeId) -> Result<HashSet<QuestionId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.question_id, p.correct FROM practice_answer p JOIN question q ON q.id = p.question_id
         WHERE p.employee_id = ?1 AND q.active = 1 AND (q.contest_only = 0 OR q.released_at IS NOT NULL)
         ORDER BY p.id",
    )?;
    let mut history: BTreeMap<QuestionId, Vec<bool>> = BTreeMap::new();
    let rows = stmt.query_map([employee], |r| Ok((r.get::<_, QuestionId>(0)?, r.get::<_, bool>(1)?)))?;
    for row in rows {
        let (q, right) = row?;
        history.entry(q).or_default().push(right);
    }
    Ok(history.into_iter().filter(|(_, h)| in_wrong_book(h)).map(|(q, _)| q).collect())
}

/// Remembers the option order a person was shown for a practice question
/// (the page only knows display positions).
pub fn set_view(conn: &Connection, employee: EmployeeId, question: &QuestionId, order: &[u8]) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO practice_view (employee_id, question_id, option_order) VALUES (?1, ?2, ?3)
         ON CONFLICT (employee_id, question_id) DO UPDATE SET option_order = excluded.option_order",
    )?
    .execute(params![employee, question, serde_json::to_string(order)?])?;
    Ok(())
}

/// The option order last shown to a person for a question.
pub fn view(conn: &Connection, employee: EmployeeId, question: &QuestionId) -> Result<Option<Vec<u8>>> {
    use rusqlite::OptionalExtension;
    let s: Option<String> = conn
        .prepare_cached("SELECT option_order FROM practice_view WHERE employee_id = ?1 AND question_id = ?2")?
        .query_row(params![employee, question], |r| r.get(0))
        .optional()?;
    Ok(match s {
        Some(s) => Some(serde_json::from_str(&s)?),
        None => None,
    })
}
