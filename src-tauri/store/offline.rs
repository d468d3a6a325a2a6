//! Offline study activities and their attendance. Nobody's hours are
//! stored: a person's offline 学时 are summed from the activities they
//! attended whenever asked, so an edit or a deletion is in every figure at
//! once (the ledger recomputes by construction).

use crate::core::ids::EmployeeId;
use crate::core::offline::ActivityKind;
use crate::error::{AppError, Result};
use rusqlite::{params, Connection, OptionalExtension};

/// One activity as stored, with who attended.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ActivityRow {
    pub id: i64,
    pub kind: ActivityKind,
    pub title: String,
    pub held_on: String,
    pub hours: f64,
    pub attendees: Vec<EmployeeId>,
    pub updated_at: String,
}

fn kind_of(s: String) -> rusqlite::Result<ActivityKind> {
    ActivityKind::from_name(&s).ok_or_else(|| rusqlite::Error::InvalidColumnType(1, s, rusqlite::types::Type::Text))
}

pub fn insert(conn: &Connection, kind: ActivityKind, title: &str, held_on: &str, hours: f64, now: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO study_activity (kind, title, held_on, hours, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![kind.name(), title, held_on, hours, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update(
    conn: &Connection,
    id: i64,
    kind: ActivityKind,
    title: &str,
    held_on: &str,
    hours: f64,
    now: &str,
) -> Result<()> {
    let n = conn.execute(
        "UPDATE study_activity SET kind = ?2, title = ?3, held_on = ?4, hours = ?5, updated_at = ?6 WHERE id = ?1",
        params![id, kind.name(), title, held_on, hours, now],
    )?;
    if n == 0 {
        return Err(AppError::NotFound("没有找到这次学习活动。".into()));
    }
    Ok(())
}

pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM study_attendance WHERE activity_id = ?1", [id])?;
    if conn.execute("DELETE FROM study_activity WHERE id = ?1", [id])? == 0 {
        return Err(AppError::NotFound("没有找到这次学习活动。".into()));
    }
    Ok(())
}

/// Replaces the activity's attendance with `people`.
pub fn set_attendance(conn: &Connection, id: i64, people: &[EmployeeId]) -> Result<()> {
    conn.execute("DELETE FROM study_attendance WHERE activity_id = ?1", [id])?;
    let mut stmt =
        conn.prepare_cached("INSERT OR IGNORE INTO study_attendance (activity_id, employee_id) VALUES (?1, ?2)")?;
    for p in people {
        stmt.execute(params![id, p])?;
    }
    Ok(())
}

fn attendees(conn: &Connection, id: i64) -> Result<Vec<EmployeeId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.employee_id FROM study_attendance a JOIN employee e ON e.id = a.employee_id
         WHERE a.activity_id = ?1 ORDER BY e.staff_no",
    )?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<ActivityRow>> {
    let row = conn
        .query_row("SELECT id, kind, title, held_on, hours, updated_at FROM study_activity WHERE id = ?1", [id], |r| {
            Ok(ActivityRow {
                id: r.get(0)?,
                kind: kind_of(r.get(1)?)?,
                title: r.get(2)?,
                held_on: r.get(3)?,
                hours: r.get(4)?,
                attendees: vec![],
                updated_at: r.get(5)?,
            })
        })
        .optional()?;
    match row {
        None => Ok(None),
        Some(mut a) => {
            a.attendees = attendees(conn, a.id)?;
            Ok(Some(a))
        }
    }
}

/// Every activity, newest first.
pub fn list(conn: &Connection) -> Result<Vec<ActivityRow>> {
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM study_activity ORDER BY held_on DESC, id DESC")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(a) = get(conn, id)? {
            out.push(a);
        }
    }
    Ok(out)
}

/// A person's offline hours per kind for activities held on or after
/// `since` (local `YYYY-MM-DD`) and on or before `until`.
pub fn hours_by_kind(
    conn: &Connection,
    employee: EmployeeId,
    since: &str,
    until: &str,
) -> Result<Vec<(ActivityKind, f64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.kind, sum(s.hours) FROM study_attendance a JOIN study_activity s ON s.id = a.activity_id
         WHERE a.employee_id = ?1 AND s.held_on >= ?2 AND s.held_on <= ?3 GROUP BY s.kind",
    )?;
    let rows = stmt.query_map(params![employee, since, until], |r| Ok((kind_of(r.get(0)?)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every person's offline hours for activities held in `since..=until`.
pub fn hours_by_person(conn: &Connection, since: &str, until: &str) -> Result<Vec<(EmployeeId, f64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.employee_id, sum(s.hours) FROM study_attendance a JOIN study_activity s ON s.id = a.activity_id
         WHERE s.held_on >= ?1 AND s.held_on <= ?2 GROUP BY a.employee_id",
    )?;
    let rows = stmt.query_map(params![since, until], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The activities one person attended in `since..=until`, oldest first.
pub fn attended(conn: &Connection, employee: EmployeeId, since: &str, until: &str) -> Result<Vec<ActivityRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.kind, s.title, s.held_on, s.hours, s.updated_at
         FROM study_attendance a JOIN study_activity s ON s.id = a.activity_id
         WHERE a.employee_id = ?1 AND s.held_on >= ?2 AND s.held_on <= ?3 ORDER BY s.held_on, s.id",
    )?;
    let rows = stmt.query_map(params![employee, since, until], |r| {
        Ok(ActivityRow {
            id: r.get(0)?,
            kind: kind_of(r.get(1)?)?,
            title: r.get(2)?,
            held_on: r.get(3)?,
            hours: r.get(4)?,
            attendees: vec![],
            updated_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Seconds a person studied in the app in sessions started in
/// `since..until` (stored timestamps): one year's in-app time.
pub fn app_seconds_between(conn: &Connection, employee: EmployeeId, since: &str, until: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(sum(active_seconds), 0) FROM study_session
         WHERE employee_id = ?1 AND started_at >= ?2 AND started_at < ?3",
        params![employee, since, until],
        |r| r.get(0),
    )?)
}
