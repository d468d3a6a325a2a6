//! Log-in sessions, kept so they survive a restart (the LAN host PC may
//! restart mid-contest). Only SHA-256 of a token is stored.

use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub role: String,
    pub person_id: i64,
    pub name: String,
    pub created_at: String,
}

pub fn insert(conn: &Connection, token_hash: &str, s: &SessionRow) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO session (token_hash, role, person_id, name, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![token_hash, s.role, s.person_id, s.name, s.created_at])?;
    Ok(())
}

pub fn get(conn: &Connection, token_hash: &str) -> Result<Option<SessionRow>> {
    Ok(conn
        .prepare_cached("SELECT role, person_id, name, created_at FROM session WHERE token_hash = ?1")?
        .query_row([token_hash], |r| {
            Ok(SessionRow { role: r.get(0)?, person_id: r.get(1)?, name: r.get(2)?, created_at: r.get(3)? })
        })
        .optional()?)
}

pub fn delete(conn: &Connection, token_hash: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM session WHERE token_hash = ?1")?.execute([token_hash])?;
    Ok(())
}

/// Removes every session (after a restore), or those created before `before`.
pub fn delete_all(conn: &Connection, before: Option<&str>) -> Result<()> {
    match before {
        Some(b) => conn.execute("DELETE FROM session WHERE created_at < ?1", [b])?,
        None => conn.execute("DELETE FROM session", [])?,
    };
    Ok(())
}

/// Ends every kept session of one person (PIN reset, deactivated, role
/// changed).
pub fn delete_person(conn: &Connection, role: &str, person_id: i64) -> Result<()> {
    conn.execute("DELETE FROM session WHERE role = ?1 AND person_id = ?2", params![role, person_id])?;
    Ok(())
}
