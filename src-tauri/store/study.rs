//! Study sessions: active study time per person, measured by the backend.

use crate::core::ids::EmployeeId;
use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};

/// The person's latest session: (id, last event time).
pub fn latest(conn: &Connection, employee: EmployeeId) -> Result<Option<(i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT id, last_event_at FROM study_session WHERE employee_id = ?1 ORDER BY id DESC LIMIT 1",
            [employee],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

pub fn start(conn: &Connection, employee: EmployeeId, kind: &str, at: &str, secs: i64) -> Result<i64> {
    conn.execute(
        "INSERT INTO study_session (employee_id, kind, started_at, last_event_at, active_seconds) VALUES (?1, ?2, ?3, ?3, ?4)",
        params![employee, kind, at, secs],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn extend(conn: &Connection, session: i64, at: &str, secs: i64) -> Result<()> {
    conn.execute(
        "UPDATE study_session SET last_event_at = ?2, active_seconds = active_seconds + ?3 WHERE id = ?1",
        params![session, at, secs],
    )?;
    Ok(())
}

/// Seconds studied by one person in sessions started at or after `since`.
pub fn seconds_since(conn: &Connection, employee: EmployeeId, since: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(active_seconds), 0) FROM study_session WHERE employee_id = ?1 AND started_at >= ?2",
        params![employee, since],
        |r| r.get(0),
    )?)
}

/// One row per active employee: seconds studied since `since`, practice
/// answers and right answers since `since`.
pub struct PersonTotals {
    pub employee: EmployeeId,
    pub seconds: i64,
    pub answered: i64,
    pub right: i64,
}

pub fn totals_since(conn: &Connection, since: &str) -> Result<Vec<PersonTotals>> {
    let mut stmt = conn.prepare(
        "SELECT e.id,
                (SELECT coalesce(sum(s.active_seconds), 0) FROM study_session s
                  WHERE s.employee_id = e.id AND s.started_at >= ?1),
                (SELECT count(*) FROM practice_answer p WHERE p.employee_id = e.id AND p.answered_at >= ?1),
                (SELECT coalesce(sum(p.correct), 0) FROM practice_answer p WHERE p.employee_id = e.id AND p.answered_at >= ?1)
         FROM employee e WHERE e.active = 1 ORDER BY e.staff_no",
    )?;
    let rows = stmt.query_map([since], |r| {
        Ok(PersonTotals { employee: r.get(0)?, seconds: r.get(1)?, answered: r.get(2)?, right: r.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
