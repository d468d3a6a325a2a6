//! The store: SQLite through rusqlite. One function opens a connection
//! ([`open`]); one ordered list of migrations shapes the schema; one module per
//! table group holds the SQL. Use cases run in one transaction each through
//! [`Db::transact`].

pub mod audit;
pub mod contests;
pub mod group;
pub mod insight;
pub mod law;
pub mod meta;
pub mod migrations;
pub mod offline;
pub mod people;
pub mod practice;
pub mod questions;
pub mod review;
pub mod sessions;
pub mod settings;
pub mod show;
pub mod study;

use crate::error::{AppError, Result};
use rusqlite::{Connection, OpenFlags, Transaction};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// How long a writer waits for another connection's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Prepared statements kept per connection (the hot paths of a contest use
/// a few dozen; rusqlite's default is 16).
const STATEMENT_CACHE: usize = 128;

/// Read connections beside the one writer (WAL: readers never wait for it).
const READERS: usize = 3;

/// The database of one LawQuiz installation: one write connection (use
/// cases' transactions, and the group-commit writer for answers) and a few
/// read-only connections, so reads never queue behind a commit's sync.
pub struct Db {
    conn: Arc<Mutex<Connection>>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
    group: group::GroupCommit,
    path: PathBuf,
}

/// Opens (creating if needed) the database at `path`, sets it up and migrates
/// it to the current schema. The only place a connection is configured.
///
/// A file SQLite finds damaged (not a database, a malformed or truncated
/// image) is reported as [`AppError::DatabaseDamaged`] naming the file. SQLite
/// checks page 1 and the file size against the header on the first statement
/// (`PRAGMA journal_mode`), before anything is written, so a damaged file is
/// never changed by a failed open.
pub fn open(path: &Path) -> Result<Db> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let opened = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(AppError::from)
    .and_then(|conn| {
        configure(&conn)?;
        migrations::migrate(&conn, Some(path))?;
        Ok(conn)
    });
    let conn = opened.map_err(|e| damaged(path, e))?;
    let mut readers = Vec::with_capacity(READERS);
    for _ in 0..READERS {
        let r = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        r.busy_timeout(BUSY_TIMEOUT)?;
        r.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        r.pragma_update(None, "foreign_keys", "ON")?;
        tune_reads(&r)?;
        // A read connection that tried to write would be a bug: refuse it.
        r.pragma_update(None, "query_only", "ON")?;
        readers.push(Mutex::new(r));
    }
    Ok(Db::new(conn, readers, path.to_path_buf()))
}

/// Turns SQLite's "not a database" / "malformed" / short-read errors about
/// `path` into [`AppError::DatabaseDamaged`]; other errors pass through.
pub fn damaged(path: &Path, e: AppError) -> AppError {
    use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase, SystemIoFailure};
    let AppError::Database(rusqlite::Error::SqliteFailure(f, msg)) = &e else { return e };
    if !matches!(f.code, NotADatabase | DatabaseCorrupt | SystemIoFailure) {
        return e;
    }
    let reason = match f.code {
        NotADatabase => "不是 SQLite 数据库文件".to_string(),
        DatabaseCorrupt => "文件内容已损坏或被截断".to_string(),
        _ => format!("读取文件出错：{}", msg.clone().unwrap_or_else(|| f.to_string())),
    };
    AppError::DatabaseDamaged { path: path.display().to_string(), reason }
}

/// An in-memory database for unit tests (same set-up and schema).
pub fn open_in_memory() -> Result<Db> {
    let conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrations::migrate(&conn, None)?;
    Ok(Db::new(conn, Vec::new(), PathBuf::from(":memory:")))
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
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", synchronous())?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    tune_reads(conn)?;
    // A file that is not a database fails here, with SQLite's own reason.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
    Ok(())
}

/// Page reads, measured at the start of a 10,000-taker contest
/// (docs/performance.md): in WAL mode a read connection drops its whole
/// page cache whenever another connection has committed, i.e. before
/// nearly every read while answers stream in, so each read paid a `pread`
/// and a page allocation per page touched. Memory-mapping the file (up to
/// 256 MB of address space, not memory: pages are shared with the OS cache)
/// lets those reads use the OS cache in place; the write connection, whose
/// cache stays valid, gets 16 MB instead of SQLite's default 2 MB (it is
/// filled only as pages are used, so an idle app is no bigger).
fn tune_reads(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "mmap_size", 256i64 * 1024 * 1024)?;
    conn.pragma_update(None, "cache_size", -16_000i64)?;
    Ok(())
}

/// FULL, unless `LAWQUIZ_SYNCHRONOUS=NORMAL` (a measurement knob for
/// `make bench-host`, documented in docs/performance.md; never the default).
fn synchronous() -> &'static str {
    match std::env::var("LAWQUIZ_SYNCHRONOUS").ok().as_deref().map(str::trim) {
        Some(v) if v.eq_ignore_ascii_case("NORMAL") => "NORMAL",
        _ => "FULL",
    }
}

impl Db {
    fn new(conn: Connection, readers: Vec<Mutex<Connection>>, path: PathBuf) -> Db {
        let conn = Arc::new(Mutex::new(conn));
        let group = group::GroupCommit::start(conn.clone(), group::GroupConfig::from_env());
        Db { conn, readers, next_reader: AtomicUsize::new(0), group, path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a half transaction
        // (rusqlite rolls back on drop), so a poisoned lock is still usable.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A read connection: a free one if there is one, else the next in turn
    /// (the writer itself for an in-memory database).
    fn reader(&self) -> MutexGuard<'_, Connection> {
        if self.readers.is_empty() {
            return self.lock();
        }
        let start = self.next_reader.fetch_add(1, Ordering::Relaxed);
        for i in 0..self.readers.len() {
            if let Ok(c) = self.readers[(start + i) % self.readers.len()].try_lock() {
                return c;
            }
        }
        self.readers[start % self.readers.len()].lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues a small write for the group-commit writer (see [`group`]) and
    /// waits until the batch holding it is durable.
    pub fn write_grouped<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        self.group.submit(f, move |r| {
            let _ = tx.send(r);
        });
        rx.recv().map_err(|_| AppError::internal("the group-commit writer dropped a reply"))?
    }

    /// [`Db::write_grouped`] for async callers (the LAN host): the task
    /// waits without holding a thread.
    pub async fn write_grouped_async<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        self.submit_grouped(f).await
    }

    /// Queues the job at once and calls `reply` with its result once the
    /// batch holding it is committed (or failed).
    pub fn queue_grouped<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T> + Send + 'static,
        reply: impl FnOnce(Result<T>) + Send + 'static,
    ) {
        self.group.submit(f, reply);
    }

    /// Queues the job at once (before the call returns: the queue's order
    /// is the order of the calls) and gives the future of its result.
    pub fn submit_grouped<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T> + Send + 'static,
    ) -> impl std::future::Future<Output = Result<T>> + Send + 'static {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.group.submit(f, move |r| {
            let _ = tx.send(r);
        });
        async move { rx.await.map_err(|_| AppError::internal("the group-commit writer dropped a reply"))? }
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

    /// Runs `f` on a read connection (in one read transaction, so it sees
    /// one consistent state).
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let conn = self.reader();
        // Cached statements: every read begins and ends with these.
        conn.prepare_cached("BEGIN")?.raw_execute()?;
        let out = f(&conn);
        let _ = conn.prepare_cached("COMMIT").and_then(|mut s| s.raw_execute());
        out
    }
}

impl Db {
    /// Writes a consistent copy of the database to `dest` through SQLite's
    /// online backup API, from a read connection in one step (one read
    /// transaction: a snapshot), so the writer and the answers it commits
    /// never wait for a backup. Written to a temporary name first and then
    /// renamed: a backup file is either whole or absent.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let partial = dest.with_extension("partial");
        {
            let mut to = Connection::open(&partial)?;
            let from = self.reader();
            let backup = rusqlite::backup::Backup::new(&from, &mut to)?;
            // -1: every page in one step, within one read transaction.
            match backup.step(-1)? {
                rusqlite::backup::StepResult::Done => {}
                other => return Err(AppError::internal(format!("the backup did not finish: {other:?}"))),
            }
        }
        std::fs::rename(&partial, dest)?;
        Ok(())
    }

    /// Replaces the whole database with the contents of `src` (SQLite's
    /// online backup API, so the file stays consistent), then migrates it.
    pub fn restore_from(&self, src: &Path) -> Result<()> {
        let from = Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let mut conn = self.lock();
        {
            let backup = rusqlite::backup::Backup::new(&from, &mut conn)?;
            backup.run_to_completion(256, Duration::from_millis(0), None)?;
        }
        migrations::migrate(&conn, Some(&self.path))?;
        Ok(())
    }
}

/// Checks that `path` is an intact LawQuiz database this app can open:
/// SQLite's integrity check passes and its schema is not newer than ours.
pub fn check_file(path: &Path) -> Result<i64> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| {
        tracing::warn!(file = %path.display(), "backup cannot be opened: {e}");
        AppError::InvalidInput("备份文件无法打开（详情已记入日志）。".into())
    })?;
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|e| {
        tracing::warn!(file = %path.display(), "backup integrity check failed: {e}");
        AppError::InvalidInput("备份文件已损坏（详情已记入日志）。".into())
    })?;
    if ok != "ok" {
        return Err(AppError::InvalidInput(format!("备份文件已损坏：{ok}")));
    }
    let version = migrations::user_version(&conn)?;
    if version > migrations::latest() {
        return Err(AppError::DatabaseTooNew { found: version, supported: migrations::latest() });
    }
    if version < 1 {
        return Err(AppError::InvalidInput("这不是法治知识竞答的数据库备份。".into()));
    }
    Ok(version)
}

/// Maps "no row" to a NotFound with a Chinese message.
pub(crate) fn not_found(what: impl Into<String>) -> impl FnOnce(rusqlite::Error) -> AppError {
    let what = what.into();
    move |e| match e {
        rusqlite::Error::QueryReturnedNoRows => AppError::NotFound(what),
        other => AppError::Database(other),
    }
}
