//! The live show's tables (migration 7): shows, teams, items, the event
//! log, devices and the audience's answers.

use super::not_found;
use crate::core::ids::QuestionId;
use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension, Row};

#[derive(Debug, Clone, PartialEq)]
pub struct ShowRow {
    pub id: i64,
    pub title: String,
    pub unit_name: String,
    pub spec: String,
    pub state: String,
    pub code: String,
    pub seed: i64,
    pub item_pos: Option<i64>,
    pub phase: String,
    pub phase_started_at_ms: i64,
    pub deadline_ms: Option<i64>,
    pub open_at_ms: Option<i64>,
    pub shown_at_ms: Option<i64>,
    pub oath_step: i64,
    pub version: i64,
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
}

const SHOW_COLS: &str = "id, title, unit_name, spec, state, code, seed, item_pos, phase, phase_started_at_ms,
    deadline_ms, open_at_ms, shown_at_ms, oath_step, version, created_at, started_at, finished_at";

fn show_row(r: &Row<'_>) -> rusqlite::Result<ShowRow> {
    Ok(ShowRow {
        id: r.get(0)?,
        title: r.get(1)?,
        unit_name: r.get(2)?,
        spec: r.get(3)?,
        state: r.get(4)?,
        code: r.get(5)?,
        seed: r.get(6)?,
        item_pos: r.get(7)?,
        phase: r.get(8)?,
        phase_started_at_ms: r.get(9)?,
        deadline_ms: r.get(10)?,
        open_at_ms: r.get(11)?,
        shown_at_ms: r.get(12)?,
        oath_step: r.get(13)?,
        version: r.get(14)?,
        created_at: r.get(15)?,
        started_at: r.get(16)?,
        finished_at: r.get(17)?,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<ShowRow> {
    conn.prepare_cached(&format!("SELECT {SHOW_COLS} FROM show WHERE id = ?1"))?
        .query_row([id], show_row)
        .map_err(not_found("找不到这场现场竞答"))
}

/// The show a code opens (not a finished one).
pub fn by_code(conn: &Connection, code: &str) -> Result<Option<ShowRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {SHOW_COLS} FROM show WHERE code = ?1 AND state <> 'finished'"))?
        .query_row([code], show_row)
        .optional()?)
}

pub fn list(conn: &Connection) -> Result<Vec<ShowRow>> {
    let mut stmt = conn.prepare(&format!("SELECT {SHOW_COLS} FROM show ORDER BY id DESC"))?;
    let rows = stmt.query_map([], show_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn code_taken(conn: &Connection, code: &str) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM show WHERE code = ?1 AND state <> 'finished')", [code], |r| {
        r.get(0)
    })?)
}

pub fn insert(conn: &Connection, title: &str, unit: &str, spec: &str, code: &str, now: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO show (title, unit_name, spec, code, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![title, unit, spec, code, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update_spec(conn: &Connection, id: i64, title: &str, unit: &str, spec: &str) -> Result<()> {
    conn.execute(
        "UPDATE show SET title = ?2, unit_name = ?3, spec = ?4, version = version + 1 WHERE id = ?1",
        params![id, title, unit, spec],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM show WHERE id = ?1", [id])?;
    Ok(())
}

/// The moving parts of a running show, written together.
#[derive(Debug, Clone, PartialEq)]
pub struct Live {
    pub state: String,
    pub item_pos: Option<i64>,
    pub phase: String,
    pub phase_started_at_ms: i64,
    pub deadline_ms: Option<i64>,
    pub open_at_ms: Option<i64>,
    pub shown_at_ms: Option<i64>,
}

impl ShowRow {
    pub fn live(&self) -> Live {
        Live {
            state: self.state.clone(),
            item_pos: self.item_pos,
            phase: self.phase.clone(),
            phase_started_at_ms: self.phase_started_at_ms,
            deadline_ms: self.deadline_ms,
            open_at_ms: self.open_at_ms,
            shown_at_ms: self.shown_at_ms,
        }
    }
}

pub fn set_live(conn: &Connection, id: i64, l: &Live) -> Result<()> {
    conn.prepare_cached(
        "UPDATE show SET state = ?2, item_pos = ?3, phase = ?4, phase_started_at_ms = ?5, deadline_ms = ?6,
                open_at_ms = ?7, shown_at_ms = ?8, version = version + 1 WHERE id = ?1",
    )?
    .execute(params![
        id,
        l.state,
        l.item_pos,
        l.phase,
        l.phase_started_at_ms,
        l.deadline_ms,
        l.open_at_ms,
        l.shown_at_ms
    ])?;
    Ok(())
}

pub fn set_started(conn: &Connection, id: i64, seed: i64, now: &str) -> Result<()> {
    conn.execute("UPDATE show SET seed = ?2, started_at = ?3 WHERE id = ?1", params![id, seed, now])?;
    Ok(())
}

pub fn set_finished(conn: &Connection, id: i64, now: &str) -> Result<()> {
    conn.execute("UPDATE show SET finished_at = ?2 WHERE id = ?1", params![id, now])?;
    Ok(())
}

pub fn set_oath_step(conn: &Connection, id: i64, step: i64) -> Result<()> {
    conn.execute("UPDATE show SET oath_step = ?2, version = version + 1 WHERE id = ?1", params![id, step])?;
    Ok(())
}

/// A change that is not a move (an answer counted, a device joined).
pub fn bump(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("UPDATE show SET version = version + 1 WHERE id = ?1")?.execute([id])?;
    Ok(())
}

// ---- teams ----

#[derive(Debug, Clone, PartialEq)]
pub struct TeamRow {
    pub id: i64,
    pub position: i64,
    pub name: String,
    pub colour: String,
    pub department: Option<String>,
    pub members: String,
}

pub fn teams(conn: &Connection, show: i64) -> Result<Vec<TeamRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, position, name, colour, department, members FROM show_team WHERE show_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([show], |r| {
        Ok(TeamRow {
            id: r.get(0)?,
            position: r.get(1)?,
            name: r.get(2)?,
            colour: r.get(3)?,
            department: r.get(4)?,
            members: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Sets a show's teams by position, keeping each position's id (devices
/// that joined before a change stay with their team); teams past the new
/// count go, with their devices.
pub fn replace_teams(conn: &Connection, show: i64, teams: &[(String, String, Option<String>, String)]) -> Result<()> {
    for (i, (name, colour, dept, members)) in teams.iter().enumerate() {
        let n = conn.execute(
            "UPDATE show_team SET name = ?3, colour = ?4, department = ?5, members = ?6 WHERE show_id = ?1 AND position = ?2",
            params![show, i as i64, name, colour, dept, members],
        )?;
        if n == 0 {
            conn.execute(
                "INSERT INTO show_team (show_id, position, name, colour, department, members) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![show, i as i64, name, colour, dept, members],
            )?;
        }
    }
    let gone = "SELECT id FROM show_team WHERE show_id = ?1 AND position >= ?2";
    conn.execute(&format!("DELETE FROM show_device WHERE team_id IN ({gone})"), params![show, teams.len() as i64])?;
    conn.execute("DELETE FROM show_team WHERE show_id = ?1 AND position >= ?2", params![show, teams.len() as i64])?;
    Ok(())
}

// ---- items ----

#[derive(Debug, Clone, PartialEq)]
pub struct ItemRow {
    pub id: i64,
    pub position: i64,
    pub round_pos: i64,
    pub round_index: i64,
    pub team_id: Option<i64>,
    pub question_id: QuestionId,
    pub option_order: String,
    pub risk_value: Option<i64>,
    pub state: String,
}

const ITEM_COLS: &str = "id, position, round_pos, round_index, team_id, question_id, option_order, risk_value, state";

fn item_row(r: &Row<'_>) -> rusqlite::Result<ItemRow> {
    Ok(ItemRow {
        id: r.get(0)?,
        position: r.get(1)?,
        round_pos: r.get(2)?,
        round_index: r.get(3)?,
        team_id: r.get(4)?,
        question_id: r.get(5)?,
        option_order: r.get(6)?,
        risk_value: r.get(7)?,
        state: r.get(8)?,
    })
}

pub fn items(conn: &Connection, show: i64) -> Result<Vec<ItemRow>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {ITEM_COLS} FROM show_item WHERE show_id = ?1 ORDER BY position"))?;
    let rows = stmt.query_map([show], item_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn item_at(conn: &Connection, show: i64, position: i64) -> Result<ItemRow> {
    conn.prepare_cached(&format!("SELECT {ITEM_COLS} FROM show_item WHERE show_id = ?1 AND position = ?2"))?
        .query_row([show, position], item_row)
        .map_err(not_found("找不到这道题"))
}

#[allow(clippy::too_many_arguments)]
pub fn insert_item(
    conn: &Connection,
    show: i64,
    position: i64,
    round_pos: i64,
    round_index: i64,
    team: Option<i64>,
    question: &QuestionId,
    option_order: &str,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO show_item (show_id, position, round_pos, round_index, team_id, question_id, option_order)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![show, position, round_pos, round_index, team, question, option_order],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn set_item_state(conn: &Connection, item: i64, state: &str) -> Result<()> {
    conn.prepare_cached("UPDATE show_item SET state = ?2 WHERE id = ?1")?.execute(params![item, state])?;
    Ok(())
}

pub fn set_risk_value(conn: &Connection, item: i64, value: i64) -> Result<()> {
    conn.execute("UPDATE show_item SET risk_value = ?2 WHERE id = ?1", params![item, value])?;
    Ok(())
}

pub fn set_question(conn: &Connection, item: i64, q: &QuestionId, option_order: &str) -> Result<()> {
    conn.execute(
        "UPDATE show_item SET question_id = ?2, option_order = ?3 WHERE id = ?1",
        params![item, q, option_order],
    )?;
    Ok(())
}

/// The first pending item after `position` (the show's order).
pub fn next_pending(conn: &Connection, show: i64, position: i64) -> Result<Option<ItemRow>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {ITEM_COLS} FROM show_item WHERE show_id = ?1 AND position > ?2 AND state = 'pending'
             ORDER BY position LIMIT 1"
        ))?
        .query_row([show, position], item_row)
        .optional()?)
}

/// Marks the rest of a speed turn skipped (the time ran out).
pub fn skip_block(conn: &Connection, show: i64, round_pos: i64, team: Option<i64>) -> Result<()> {
    conn.execute(
        "UPDATE show_item SET state = 'skipped' WHERE show_id = ?1 AND round_pos = ?2 AND team_id IS ?3 AND state = 'pending'",
        params![show, round_pos, team],
    )?;
    Ok(())
}

// ---- events ----

#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub id: i64,
    pub at_ms: i64,
    pub kind: String,
    pub team_id: Option<i64>,
    pub item_id: Option<i64>,
    pub device_id: Option<i64>,
    pub points: i64,
    pub scoring: bool,
    pub undone_by: Option<i64>,
    pub data: String,
}

const EVENT_COLS: &str = "id, at_ms, kind, team_id, item_id, device_id, points, scoring, undone_by, data";

fn event_row(r: &Row<'_>) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        id: r.get(0)?,
        at_ms: r.get(1)?,
        kind: r.get(2)?,
        team_id: r.get(3)?,
        item_id: r.get(4)?,
        device_id: r.get(5)?,
        points: r.get(6)?,
        scoring: r.get(7)?,
        undone_by: r.get(8)?,
        data: r.get(9)?,
    })
}

/// A new event; `scoring` ones count for the scores and may be undone.
#[derive(Debug, Clone, Default)]
pub struct NewEvent<'a> {
    pub at_ms: i64,
    pub kind: &'a str,
    pub team: Option<i64>,
    pub item: Option<i64>,
    pub device: Option<i64>,
    pub points: i64,
    pub scoring: bool,
    pub data: serde_json::Value,
}

pub fn insert_event(conn: &Connection, show: i64, e: &NewEvent<'_>) -> Result<i64> {
    let data = if e.data.is_null() { "{}".to_string() } else { e.data.to_string() };
    conn.prepare_cached(
        "INSERT INTO show_event (show_id, at_ms, kind, team_id, item_id, device_id, points, scoring, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![show, e.at_ms, e.kind, e.team, e.item, e.device, e.points, e.scoring, data])?;
    Ok(conn.last_insert_rowid())
}

/// Every scoring event of a show, in order.
pub fn scoring_events(conn: &Connection, show: i64) -> Result<Vec<EventRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLS} FROM show_event WHERE show_id = ?1 AND scoring = 1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([show], event_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// An item's events of one kind, in order.
pub fn item_events(conn: &Connection, item: i64, kind: &str) -> Result<Vec<EventRow>> {
    let mut stmt = conn
        .prepare_cached(&format!("SELECT {EVENT_COLS} FROM show_event WHERE item_id = ?1 AND kind = ?2 ORDER BY id"))?;
    let rows = stmt.query_map(params![item, kind], event_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The newest `limit` events, newest first (`limit` None: all, oldest first).
pub fn events(conn: &Connection, show: i64, limit: Option<i64>) -> Result<Vec<EventRow>> {
    let sql = match limit {
        Some(_) => format!("SELECT {EVENT_COLS} FROM show_event WHERE show_id = ?1 ORDER BY id DESC LIMIT ?2"),
        None => format!("SELECT {EVENT_COLS} FROM show_event WHERE show_id = ?1 AND ?2 < 0 ORDER BY id"),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![show, limit.unwrap_or(-1)], event_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn mark_undone(conn: &Connection, event: i64, by: i64) -> Result<()> {
    conn.execute("UPDATE show_event SET undone_by = ?2 WHERE id = ?1", params![event, by])?;
    Ok(())
}

// ---- devices ----

#[derive(Debug, Clone, PartialEq)]
pub struct DeviceRow {
    pub id: i64,
    pub show_id: i64,
    pub role: String,
    pub team_id: Option<i64>,
    pub name: String,
    pub address: String,
    pub joined_at_ms: i64,
    pub revoked: bool,
}

const DEVICE_COLS: &str = "id, show_id, role, team_id, name, address, joined_at_ms, revoked";

fn device_row(r: &Row<'_>) -> rusqlite::Result<DeviceRow> {
    Ok(DeviceRow {
        id: r.get(0)?,
        show_id: r.get(1)?,
        role: r.get(2)?,
        team_id: r.get(3)?,
        name: r.get(4)?,
        address: r.get(5)?,
        joined_at_ms: r.get(6)?,
        revoked: r.get(7)?,
    })
}

pub fn device_by_hash(conn: &Connection, hash: &str) -> Result<Option<DeviceRow>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {DEVICE_COLS} FROM show_device WHERE token_hash = ?1"))?
        .query_row([hash], device_row)
        .optional()?)
}

pub fn devices(conn: &Connection, show: i64) -> Result<Vec<DeviceRow>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {DEVICE_COLS} FROM show_device WHERE show_id = ?1 ORDER BY id"))?;
    let rows = stmt.query_map([show], device_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Devices of a role (and team) not revoked.
pub fn count_devices(conn: &Connection, show: i64, role: &str, team: Option<i64>) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM show_device WHERE show_id = ?1 AND role = ?2 AND revoked = 0
               AND (?3 IS NULL OR team_id = ?3)",
        )?
        .query_row(params![show, role, team], |r| r.get(0))?)
}

/// Team devices not revoked, per team.
pub fn team_device_counts(conn: &Connection, show: i64) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT team_id, count(*) FROM show_device WHERE show_id = ?1 AND role = 'team' AND revoked = 0 GROUP BY team_id",
    )?;
    let rows = stmt.query_map([show], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[allow(clippy::too_many_arguments)]
pub fn insert_device(
    conn: &Connection,
    show: i64,
    hash: &str,
    role: &str,
    team: Option<i64>,
    name: &str,
    address: &str,
    at_ms: i64,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO show_device (show_id, token_hash, role, team_id, name, address, joined_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![show, hash, role, team, name, address, at_ms])?;
    Ok(conn.last_insert_rowid())
}

pub fn revoke_device(conn: &Connection, show: i64, device: i64) -> Result<Option<String>> {
    let hash: Option<String> = conn
        .query_row("SELECT token_hash FROM show_device WHERE id = ?1 AND show_id = ?2", [device, show], |r| r.get(0))
        .optional()?;
    conn.execute("UPDATE show_device SET revoked = 1 WHERE id = ?1 AND show_id = ?2", [device, show])?;
    Ok(hash)
}

/// The token hashes of a show's revoked devices.
pub fn revoked_hashes(conn: &Connection, show: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT token_hash FROM show_device WHERE show_id = ?1 AND revoked = 1")?;
    let rows = stmt.query_map([show], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---- audience answers ----

/// (device, name, correct, ms of the correct ones, answered).
pub type AudienceRow = (i64, String, i64, i64, i64);
/// (item position, device name, choice, ms, correct).
pub type AnswerRow = (i64, String, String, i64, bool);

/// Stores an audience answer unless the device answered this item already
/// (the first counts): true when stored.
pub fn insert_answer(
    conn: &Connection,
    item: i64,
    device: i64,
    choice: &str,
    at_ms: i64,
    ms: i64,
    correct: bool,
) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO show_answer (item_id, device_id, choice, at_ms, ms, correct) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![item, device, choice, at_ms, ms, correct])?;
    Ok(n == 1)
}

pub fn answer_count(conn: &Connection, item: i64) -> Result<i64> {
    Ok(conn.prepare_cached("SELECT count(*) FROM show_answer WHERE item_id = ?1")?.query_row([item], |r| r.get(0))?)
}

pub fn my_answer(conn: &Connection, item: i64, device: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT choice FROM show_answer WHERE item_id = ?1 AND device_id = ?2")?
        .query_row([item, device], |r| r.get(0))
        .optional()?)
}

/// Each distinct choice (as stored JSON) with its count.
pub fn choices(conn: &Connection, item: i64) -> Result<Vec<(String, i64)>> {
    let mut stmt =
        conn.prepare_cached("SELECT choice, count(*) FROM show_answer WHERE item_id = ?1 GROUP BY choice")?;
    let rows = stmt.query_map([item], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The fastest correct answers of an item: (name, ms).
pub fn fastest(conn: &Connection, item: i64, limit: i64) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.name, a.ms FROM show_answer a JOIN show_device d ON d.id = a.device_id
         WHERE a.item_id = ?1 AND a.correct = 1 ORDER BY a.ms, a.at_ms, a.device_id LIMIT ?2",
    )?;
    let rows = stmt.query_map([item, limit], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Per audience device of the show, counting revealed items only:
/// (device, name, correct, ms of the correct ones, answered).
pub fn audience_records(conn: &Connection, show: i64, revealed_up_to: i64) -> Result<Vec<AudienceRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.name, coalesce(sum(a.correct), 0), coalesce(sum(CASE WHEN a.correct = 1 THEN a.ms END), 0), count(a.item_id)
         FROM show_device d
         JOIN show_answer a ON a.device_id = d.id
         JOIN show_item i ON i.id = a.item_id
         WHERE d.show_id = ?1 AND d.role = 'audience' AND i.position <= ?2
         GROUP BY d.id",
    )?;
    let rows =
        stmt.query_map([show, revealed_up_to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every answer of the show (export): (item position, device name, choice, ms, correct).
pub fn all_answers(conn: &Connection, show: i64) -> Result<Vec<AnswerRow>> {
    let mut stmt = conn.prepare(
        "SELECT i.position, d.name, a.choice, a.ms, a.correct FROM show_answer a
         JOIN show_item i ON i.id = a.item_id JOIN show_device d ON d.id = a.device_id
         WHERE i.show_id = ?1 ORDER BY i.position, a.at_ms",
    )?;
    let rows = stmt.query_map([show], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
