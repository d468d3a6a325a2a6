//! 今日复习: each person's FSRS memory state per question, the review log
//! (ratings and days, for the streak) and when a question was last shown.

use crate::core::ids::{EmployeeId, QuestionId};
use crate::core::review::{from_chrono, stamp as format, state_code, state_of, to_chrono};
use crate::error::Result;
use rs_fsrs::Card;
use rusqlite::{params, Connection, OptionalExtension};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

fn parse(s: &str) -> OffsetDateTime {
    OffsetDateTime::parse(s, &Rfc3339).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The stored memory state of one question for one person, with the content
/// hash it was reviewed under.
pub fn card(conn: &Connection, employee: EmployeeId, question: &QuestionId) -> Result<Option<(Card, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT due, stability, difficulty, elapsed_days, scheduled_days, reps, lapses, state, last_review, content_hash
             FROM review_card WHERE employee_id = ?1 AND question_id = ?2",
        )?
        .query_row(params![employee, question], |r| {
            Ok((
                Card {
                    due: to_chrono(parse(&r.get::<_, String>(0)?)),
                    stability: r.get(1)?,
                    difficulty: r.get(2)?,
                    elapsed_days: r.get(3)?,
                    scheduled_days: r.get(4)?,
                    reps: r.get(5)?,
                    lapses: r.get(6)?,
                    state: state_of(r.get(7)?),
                    last_review: to_chrono(parse(&r.get::<_, String>(8)?)),
                },
                r.get(9)?,
            ))
        })
        .optional()?)
}

/// Stores the memory state after a review.
pub fn put_card(conn: &Connection, employee: EmployeeId, question: &QuestionId, hash: &str, c: &Card) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO review_card (employee_id, question_id, content_hash, due, stability, difficulty, elapsed_days,
                                  scheduled_days, reps, lapses, state, last_review, question_rev)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
                 coalesce((SELECT rev FROM question_rev WHERE question_id = ?2), 0))
         ON CONFLICT (employee_id, question_id) DO UPDATE SET content_hash = excluded.content_hash,
           question_rev = excluded.question_rev,
           due = excluded.due, stability = excluded.stability, difficulty = excluded.difficulty,
           elapsed_days = excluded.elapsed_days, scheduled_days = excluded.scheduled_days, reps = excluded.reps,
           lapses = excluded.lapses, state = excluded.state, last_review = excluded.last_review",
    )?
    .execute(params![
        employee,
        question,
        hash,
        format(from_chrono(c.due)),
        c.stability,
        c.difficulty,
        c.elapsed_days,
        c.scheduled_days,
        c.reps,
        c.lapses,
        state_code(c.state),
        format(from_chrono(c.last_review)),
    ])?;
    Ok(())
}

/// Appends one review to the log.
pub fn log(
    conn: &Connection,
    employee: EmployeeId,
    question: &QuestionId,
    rating: i64,
    elapsed_ms: Option<i64>,
    at: &str,
    day: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO review_log (employee_id, question_id, rating, elapsed_ms, reviewed_at, day)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![employee, question, rating, elapsed_ms, at, day])?;
    Ok(())
}

/// The distinct local days (`YYYY-MM-DD`) with a review, newest first, at
/// most `limit`.
pub fn days(conn: &Connection, employee: EmployeeId, limit: i64) -> Result<Vec<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT DISTINCT day FROM review_log WHERE employee_id = ?1 ORDER BY day DESC LIMIT ?2")?;
    let rows = stmt.query_map(params![employee, limit], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Reviews the person made on a local day.
pub fn count_on(conn: &Connection, employee: EmployeeId, day: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM review_log WHERE employee_id = ?1 AND day = ?2")?
        .query_row(params![employee, day], |r| r.get(0))?)
}

/// Remembers when a question was shown to the person.
pub fn shown(conn: &Connection, employee: EmployeeId, question: &QuestionId, at: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO review_shown (employee_id, question_id, shown_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (employee_id, question_id) DO UPDATE SET shown_at = excluded.shown_at",
    )?
    .execute(params![employee, question, at])?;
    Ok(())
}

/// When the question was last shown to the person.
pub fn shown_at(conn: &Connection, employee: EmployeeId, question: &QuestionId) -> Result<Option<OffsetDateTime>> {
    let s: Option<String> = conn
        .prepare_cached("SELECT shown_at FROM review_shown WHERE employee_id = ?1 AND question_id = ?2")?
        .query_row(params![employee, question], |r| r.get(0))
        .optional()?;
    Ok(s.map(|s| parse(&s)))
}

/// 今日复习's list: the person's questions due before `before` (the end of
/// their local today), and those edited since their last review (they start
/// anew, so they are due now); the wrong-answer book's questions first, then
/// by due time. Only questions still open to practice.
///
/// Fast for thousands of reviews: SQL returns only the rows due or whose
/// content version moved (`question_rev`, kept by triggers); only those few
/// are hashed, and the wrong-answer book is read for the due ones alone.
pub fn due_today(conn: &Connection, employee: EmployeeId, before: &str) -> Result<Vec<QuestionId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.question_id, r.due, r.content_hash, r.question_rev IS NOT coalesce(v.rev, 0)
         FROM review_card r JOIN question q ON q.id = r.question_id
         LEFT JOIN question_rev v ON v.question_id = r.question_id
         WHERE r.employee_id = ?1 AND q.active = 1 AND (q.contest_only = 0 OR q.released_at IS NOT NULL)
           AND (r.due < ?2 OR r.question_rev IS NOT coalesce(v.rev, 0))",
    )?;
    let rows: Vec<(QuestionId, String, String, bool)> = stmt
        .query_map(params![employee, before], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut due: Vec<(QuestionId, String)> = Vec::with_capacity(rows.len());
    for (id, when, hash, moved) in rows {
        if moved && current_hash(conn, &id)? != hash {
            due.push((id, String::new())); // edited: due now, first among equals
        } else if when.as_str() < before {
            due.push((id, when));
        }
    }
    let book = in_book(conn, employee, due.iter().map(|(id, _)| id))?;
    let mut keyed: Vec<(bool, String, QuestionId)> =
        due.into_iter().map(|(id, when)| (!book.contains(&id), when, id)).collect();
    keyed.sort();
    Ok(keyed.into_iter().map(|(_, _, id)| id).collect())
}

/// Which of `ids` are in the person's wrong-answer book: a wrong answer among
/// the last [`RIGHT_STREAK_TO_LEAVE`] (the rule of `core::practice`).
fn in_book<'a>(
    conn: &Connection,
    employee: EmployeeId,
    ids: impl Iterator<Item = &'a QuestionId>,
) -> Result<std::collections::HashSet<QuestionId>> {
    use crate::core::practice::RIGHT_STREAK_TO_LEAVE;
    let mut stmt = conn.prepare_cached(
        "SELECT correct FROM practice_answer WHERE employee_id = ?1 AND question_id = ?2 ORDER BY id DESC LIMIT ?3",
    )?;
    let mut out = std::collections::HashSet::new();
    for id in ids {
        let last: Vec<bool> = stmt
            .query_map(params![employee, id, RIGHT_STREAK_TO_LEAVE as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if last.iter().any(|right| !right) {
            out.insert(id.clone());
        }
    }
    Ok(out)
}

/// The content hash of a question as stored now.
pub fn current_hash(conn: &Connection, question: &QuestionId) -> Result<String> {
    Ok(conn.prepare_cached("SELECT qtype, stem, options, answer_key FROM question WHERE id = ?1")?.query_row(
        [question],
        |r| {
            let (a, b, c, d): (String, String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            Ok(crate::core::review::content_hash(&a, &b, &c, &d))
        },
    )?)
}
