//! The store: SQLite through rusqlite. One function opens a connection
//! ([`open`]); one ordered list of migrations shapes the schema; one module per
//! table group holds the SQL. Use cases run in one transaction each through
//! [`Db::transact`].

pub mod audit;
pub mod contests;
pub mod law;
pub mod meta;
pub mod migrations;
pub mod people;
pub mod practice;
pub mod questions;
pub mod settings;
pub mod study;

use crate::error::{AppError, Result};
use rusqlite::{Connection, OpenFlags, Transaction};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// How long a writer waits for another connection's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The database of one LawQuiz installation.
pub struct Db {
    conn: Mutex<Connection>,
    path: PathBuf,
}

/// Opens (creating if needed) the database at `path`, sets it up and migrates
/// it to the current schema. The only place a connection is configured.
pub fn open(path: &Path) -> Result<Db> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    configure(&conn)?;
    migrations::migrate(&conn, Some(path))?;
    Ok(Db { conn: Mutex::new(conn), path: path.to_path_buf() })
}

/// An in-memory database for unit tests (same set-up and schema).
pub fn open_in_memory() -> Result<Db> {
    let conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrations::migrate(&conn, None)?;
    Ok(Db { conn: Mutex::new(conn), path: PathBuf::from(":memory:") })
}

/// Connection settings, chosen once:
/// - WAL: readers never block the writer, and a crash mid-write leaves the
///   file consistent (the WAL is replayed or discarded on next open).
/// - synchronous = FULL: in WAL mode NORMAL is already safe against the app
///   being killed, but can lose the last commits on power loss; an answer the
///   UI has shown as "已保存" must survive a power cut too, so each commit
///   syncs the WAL. (Measured cost: see docs/architecture.md.)
/// - foreign_keys = ON: the schema's references are enforced.
/// - busy_timeout: a second connection (backup, CLI) waits instead of failing.
fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // A file that is not a database fails here, with SQLite's own reason.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
    Ok(())
}

impl Db {
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a half transaction
        // (rusqlite rolls back on drop), so a poisoned lock is still usable.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` in one transaction: committed when it returns Ok, rolled back
    /// when it returns Err (or panics).
    pub fn transact<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f` with the connection for reads.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.lock();
        f(&conn)
    }
}

/// Maps "no row" to a NotFound with a Chinese message.
pub(crate) fn not_found(what: impl Into<String>) -> impl FnOnce(rusqlite::Error) -> AppError {
    let what = what.into();
    move |e| match e {
        rusqlite::Error::QueryReturnedNoRows => AppError::NotFound(what),
        other => AppError::Database(other),
    }
}
