//! The schema's history: one ordered list of migrations, tracked by
//! `PRAGMA user_version`. A database made by a newer app is refused; an older
//! one is backed up next to itself before it is migrated.

use crate::error::{AppError, Result};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// One step of the schema. `version` is the `user_version` after it runs.
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
    /// Work SQL cannot express, run after `sql` in the same transaction.
    pub code: Option<fn(&Connection) -> rusqlite::Result<()>>,
}

/// Every migration, in order. Append only: never edit a released one.
pub const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, name: "init", sql: include_str!("sql/0001_init.sql"), code: None },
    Migration { version: 2, name: "people_study", sql: include_str!("sql/0002_people_study.sql"), code: None },
    Migration { version: 3, name: "contests", sql: include_str!("sql/0003_contests.sql"), code: None },
    Migration { version: 4, name: "host", sql: include_str!("sql/0004_host.sql"), code: None },
    Migration { version: 5, name: "fair", sql: include_str!("sql/0005_fair.sql"), code: None },
    Migration { version: 6, name: "engine", sql: include_str!("sql/0006_engine.sql"), code: None },
    Migration { version: 7, name: "start", sql: include_str!("sql/0007_start.sql"), code: None },
    Migration { version: 8, name: "show", sql: include_str!("sql/0008_show.sql"), code: None },
    Migration { version: 9, name: "insight", sql: include_str!("sql/0009_insight.sql"), code: None },
    Migration { version: 10, name: "study_review", sql: include_str!("sql/0010_study_review.sql"), code: None },
    Migration { version: 11, name: "laws", sql: include_str!("sql/0011_laws.sql"), code: Some(drop_law_checks) },
    Migration {
        version: 12,
        name: "answer_by_attempt",
        sql: include_str!("sql/0012_answer_by_attempt.sql"),
        code: None,
    },
];

fn schema_error(msg: String) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR), Some(msg))
}

/// The CHECKs of schema 1 that name the two laws, by table.
const LAW_CHECKS: &[(&str, &str)] = &[
    ("law_article", "CHECK (law IN ('宪法', '民法典'))"),
    ("law_note", "CHECK (law IN ('宪法', '民法典'))"),
    ("question", "CHECK (subject IN ('宪法', '民法典', '宪法日常识'))"),
];

/// Schema 11: removes the CHECKs that fixed the laws, by SQLite's documented
/// procedure for dropping a constraint (ALTER TABLE, "other kinds of table
/// schema changes"): edit the stored CREATE statement under
/// writable_schema, bump schema_version, check integrity. No row is moved.
fn drop_law_checks(conn: &Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
    conn.pragma_update(None, "writable_schema", "ON")?;
    for (table, check) in LAW_CHECKS {
        let changed = conn.execute(
            "UPDATE sqlite_schema SET sql = replace(sql, ?1, '') WHERE type = 'table' AND name = ?2 AND instr(sql, ?1) > 0",
            [check, table],
        )?;
        if changed != 1 {
            conn.pragma_update(None, "writable_schema", "OFF")?;
            return Err(schema_error(format!("{table}: the CHECK to drop was not found")));
        }
    }
    conn.pragma_update(None, "schema_version", version + 1)?;
    conn.pragma_update(None, "writable_schema", "OFF")?;
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if ok != "ok" {
        return Err(schema_error(format!("integrity_check after dropping the CHECKs: {ok}")));
    }
    Ok(())
}

/// The schema version this build writes.
pub fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

pub fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings `conn` to the latest schema. `path` is the database file, used to
/// write a backup before migrating a database that already holds data.
pub fn migrate(conn: &Connection, path: Option<&Path>) -> Result<()> {
    migrate_to(conn, path, latest())
}

/// Migrates up to `target` (tests build databases of every earlier version).
pub fn migrate_to(conn: &Connection, path: Option<&Path>, target: i64) -> Result<()> {
    let found = user_version(conn)?;
    if found > latest() {
        return Err(AppError::DatabaseTooNew { found, supported: latest() });
    }
    if found >= target {
        return Ok(());
    }
    if found > 0 {
        if let Some(path) = path {
            backup_before_migration(conn, path, found)?;
        }
    }
    for m in MIGRATIONS.iter().filter(|m| m.version > found && m.version <= target) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(m.sql).and_then(|()| m.code.map_or(Ok(()), |code| code(&tx))).map_err(|e| {
            tracing::error!(version = m.version, name = m.name, "migration failed: {e}");
            AppError::Startup(format!("数据库升级到第 {} 版（{}）失败（详情已记入日志）。", m.version, m.name))
        })?;
        tx.pragma_update(None, "user_version", m.version)?;
        tx.commit()?;
        tracing::info!(version = m.version, name = m.name, "migrated");
    }
    Ok(())
}

/// Where the pre-migration backup of `path` at schema `version` goes.
pub fn backup_path(path: &Path, version: i64) -> PathBuf {
    let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "lawquiz.sqlite3".into());
    path.with_file_name(format!("{name}.v{version}-{stamp}.bak"))
}

fn backup_before_migration(conn: &Connection, path: &Path, version: i64) -> Result<()> {
    let dest = backup_path(path, version);
    conn.execute("VACUUM INTO ?1", [dest.to_string_lossy()])?;
    tracing::info!(backup = %dest.display(), "backup written before migration");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_versions_are_contiguous_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "migration {} is out of order", m.name);
        }
    }

    #[test]
    fn every_migration_applies_on_top_of_the_previous_ones() {
        let conn = Connection::open_in_memory().unwrap();
        for m in MIGRATIONS {
            migrate_to(&conn, None, m.version).unwrap_or_else(|e| panic!("migration {} failed: {e}", m.name));
            assert_eq!(user_version(&conn).unwrap(), m.version);
        }
    }

    #[test]
    fn a_database_from_a_newer_app_is_refused() {
        let conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", latest() + 1).unwrap();
        let err = migrate(&conn, None).unwrap_err();
        assert_eq!(err.code(), "db_too_new");
        assert!(err.to_string().contains("升级"), "message tells what to do: {err}");
    }
}
