//! Practice answers: every answer a person gives while practising.

use crate::core::grading::Response;
use crate::core::ids::{EmployeeId, QuestionId};
use crate::core::question::Subject;
use crate::error::Result;
use rusqlite::{params, Connection};

pub fn insert_answer(
    conn: &Connection,
    employee: Option<EmployeeId>,
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

/// Progress of one person in one subject: (questions answered at least once,
/// questions whose latest answer was right).
pub fn progress(conn: &Connection, employee: Option<EmployeeId>, subject: Subject) -> Result<(i64, i64)> {
    let mut stmt = conn.prepare_cached(
        "WITH latest AS (
             SELECT p.question_id, p.correct,
                    row_number() OVER (PARTITION BY p.question_id ORDER BY p.id DESC) AS n
             FROM practice_answer p JOIN question q ON q.id = p.question_id
             WHERE p.employee_id IS ?1 AND q.subject = ?2 AND q.active = 1)
         SELECT count(*), coalesce(sum(correct), 0) FROM latest WHERE n = 1",
    )?;
    Ok(stmt.query_row(params![employee, subject.name()], |r| Ok((r.get(0)?, r.get(1)?)))?)
}
