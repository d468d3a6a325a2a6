//! The audit log: every organizer change, who, what and when.

use crate::error::Result;
use rusqlite::{params, Connection};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

pub fn insert(conn: &Connection, at: &str, actor: &str, action: &str, detail: &serde_json::Value) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, detail) VALUES (?1, ?2, ?3, ?4)",
        params![at, actor, action, detail.to_string()],
    )?;
    Ok(())
}

/// The newest entries first.
pub fn list(conn: &Connection, limit: u32) -> Result<Vec<AuditRow>> {
    let mut stmt = conn.prepare("SELECT id, at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?1")?;
    let rows = stmt.query_map([limit], |r| {
        Ok(AuditRow { id: r.get(0)?, at: r.get(1)?, actor: r.get(2)?, action: r.get(3)?, detail: r.get(4)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
