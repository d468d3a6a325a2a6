//! Group commit: many small writes (contest answers from thousands of PCs)
//! share one transaction and one WAL sync. Each write is a job; one writer
//! thread takes the first waiting job, gathers whatever else arrives within
//! the batch window (or until the batch is full), runs each job in its own
//! savepoint — so one refused answer never undoes another — commits once,
//! and only then tells each caller its result. An answer is acknowledged
//! only after the commit that holds it is durable.
//!
//! The writer cannot die: each job runs under `catch_unwind` inside its
//! savepoint, so a panic undoes that job alone, is logged, and its caller
//! gets [`AppError::Internal`]; the next job runs as usual, and no
//! transaction is ever left open on the write connection.

use crate::error::{AppError, Result};
use rusqlite::Connection;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the writer waits for more jobs after the first of a batch, and
/// the largest batch. Measured with `make bench-host` (docs/performance.md):
/// with synchronous = FULL the WAL sync itself is the natural window — jobs
/// that arrive while one batch syncs form the next — so no extra wait is
/// needed by default.
#[derive(Debug, Clone, Copy)]
pub struct GroupConfig {
    pub window: Duration,
    pub max_batch: usize,
}

impl Default for GroupConfig {
    fn default() -> Self {
        GroupConfig { window: Duration::ZERO, max_batch: 512 }
    }
}

impl GroupConfig {
    /// The default, or `LAWQUIZ_GROUP_WINDOW_US` (microseconds; a tuning knob
    /// for measurements, documented in docs/performance.md).
    pub fn from_env() -> GroupConfig {
        let mut c = GroupConfig::default();
        if let Some(us) = std::env::var("LAWQUIZ_GROUP_WINDOW_US").ok().and_then(|v| v.trim().parse::<u64>().ok()) {
            c.window = Duration::from_micros(us.min(100_000));
        }
        c
    }
}

/// What to do once the batch's commit has succeeded (`Ok`) or failed.
type Done = Box<dyn FnOnce(Result<(), String>) + Send>;

/// One queued write: run it inside the batch's transaction, or fail it
/// without running (the batch could not begin, the writer is gone). `run`
/// sets `broken` when its savepoint could not be undone, so the batch is
/// rolled back as a whole instead of committing a half-undone job.
trait Job: Send {
    fn run(self: Box<Self>, conn: &Connection, broken: &mut bool) -> Done;
    fn fail(self: Box<Self>, why: String);
}

struct Typed<F, R> {
    f: F,
    reply: R,
}

impl<T, F, R> Job for Typed<F, R>
where
    T: Send + 'static,
    F: FnOnce(&Connection) -> Result<T> + Send + 'static,
    R: FnOnce(Result<T>) + Send + 'static,
{
    fn run(self: Box<Self>, conn: &Connection, broken: &mut bool) -> Done {
        let out = in_savepoint(conn, self.f, broken);
        let reply = self.reply;
        Box::new(move |commit: Result<(), String>| {
            reply(commit.map_err(failed).and(out));
        })
    }

    fn fail(self: Box<Self>, why: String) {
        (self.reply)(Err(failed(why)));
    }
}

/// The batch's transaction failed: every job in it is unsaved.
fn failed(why: String) -> AppError {
    AppError::internal(format!("group commit failed: {why}"))
}

/// The handle that queues jobs for the writer thread. Dropping it ends the
/// thread and waits for it, so when a `Db` is gone its write connection is
/// closed too (SQLite then folds the WAL back into the file).
pub struct GroupCommit {
    tx: Mutex<Option<Sender<Box<dyn Job>>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for GroupCommit {
    fn drop(&mut self) {
        self.tx.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(t) = self.thread.take() {
            if t.thread().id() != std::thread::current().id() {
                let _ = t.join();
            }
        }
    }
}

impl GroupCommit {
    /// Starts the writer thread over the shared write connection.
    pub fn start(conn: Arc<Mutex<Connection>>, config: GroupConfig) -> GroupCommit {
        let (tx, rx) = mpsc::channel::<Box<dyn Job>>();
        let spawned =
            std::thread::Builder::new().name("lawquiz-group-commit".into()).spawn(move || run(conn, rx, config));
        match spawned {
            Ok(t) => GroupCommit { tx: Mutex::new(Some(tx)), thread: Some(t) },
            Err(e) => {
                // Without the thread, jobs fail with a clear error (see `submit`).
                tracing::error!("group-commit writer could not start: {e}");
                GroupCommit { tx: Mutex::new(None), thread: None }
            }
        }
    }

    /// Queues `f`; `reply` receives its result after the commit.
    pub fn submit<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T> + Send + 'static,
        reply: impl FnOnce(Result<T>) + Send + 'static,
    ) {
        let job: Box<dyn Job> = Box::new(Typed { f, reply });
        let sent = match &*self.tx.lock().unwrap_or_else(|p| p.into_inner()) {
            Some(tx) => tx.send(job).map_err(|e| e.0),
            None => Err(job),
        };
        if let Err(job) = sent {
            job.fail("the writer thread is not running".into());
        }
    }
}

/// Runs one job in its own savepoint, under `catch_unwind`: an error or a
/// panic undoes this job alone; a panic is logged and answered with
/// [`AppError::Internal`], and the writer carries on with the next job.
fn in_savepoint<T>(conn: &Connection, f: impl FnOnce(&Connection) -> Result<T>, broken: &mut bool) -> Result<T> {
    if let Err(e) = exec_cached(conn, "SAVEPOINT job") {
        return Err(AppError::internal(format!("SAVEPOINT failed: {e}")));
    }
    let out = match catch_unwind(AssertUnwindSafe(|| f(conn))) {
        Ok(out) => out,
        Err(panic) => Err(AppError::internal(format!("a group-commit job panicked: {}", panic_text(&*panic)))),
    };
    match out {
        Ok(v) => match exec_cached(conn, "RELEASE job") {
            Ok(()) => Ok(v),
            Err(e) => {
                undo(conn, broken);
                Err(AppError::internal(format!("RELEASE failed: {e}")))
            }
        },
        Err(e) => {
            undo(conn, broken);
            Err(e)
        }
    }
}

/// Runs one statement through the connection's statement cache: the
/// savepoint statements run twice per job, and parsing them each time
/// (`execute_batch`) was a visible share of the writer's time in the
/// profile of the start (docs/performance-start.md).
fn exec_cached(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.raw_execute().map(drop)
}

/// Rolls the current job back to its savepoint; if even that fails the
/// batch is marked broken (rolled back whole, every caller told).
fn undo(conn: &Connection, broken: &mut bool) {
    if let Err(e) = exec_cached(conn, "ROLLBACK TO job").and_then(|()| exec_cached(conn, "RELEASE job")) {
        tracing::error!("group commit: a job could not be rolled back to its savepoint: {e}");
        *broken = true;
    }
}

/// The message of a panic payload (`panic!` with a literal or a format).
fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

fn run(conn: Arc<Mutex<Connection>>, rx: Receiver<Box<dyn Job>>, config: GroupConfig) {
    let mut batch: Vec<Box<dyn Job>> = Vec::with_capacity(config.max_batch);
    while let Ok(first) = rx.recv() {
        batch.push(first);
        let until = Instant::now() + config.window;
        while batch.len() < config.max_batch {
            let next = if config.window.is_zero() {
                rx.try_recv().map_err(|_| RecvTimeoutError::Timeout)
            } else {
                rx.recv_timeout(until.saturating_duration_since(Instant::now()))
            };
            match next {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        // Nothing below may end the thread: a panic outside the jobs'
        // own guards (a reply, the commit) is logged, the transaction is
        // never left open, and the callers of a lost batch get an
        // internal error when their reply is dropped.
        let step = catch_unwind(AssertUnwindSafe(|| {
            let began = Instant::now();
            let jobs = batch.len();
            let (dones, commit) = {
                let c = conn.lock().unwrap_or_else(|p| p.into_inner());
                let locked = began.elapsed();
                let out = run_batch(&c, &mut batch);
                end_open_transaction(&c);
                slow_batch(jobs, locked, began.elapsed());
                out
            };
            for done in dones {
                done(commit.clone());
            }
        }));
        if let Err(panic) = step {
            tracing::error!("group-commit writer: a batch panicked outside its jobs: {}", panic_text(&*panic));
            batch.clear();
            end_open_transaction(&conn.lock().unwrap_or_else(|p| p.into_inner()));
        }
    }
}

/// A batch slower than this is logged: every answer in it waited that long.
const SLOW_BATCH: Duration = Duration::from_millis(100);

/// Logs a batch that took longer than [`SLOW_BATCH`] (waiting for the write
/// connection, then its jobs and the commit), so a stall on the day can be
/// told from a slow network.
fn slow_batch(jobs: usize, waited_for_connection: Duration, total: Duration) {
    if total >= SLOW_BATCH {
        tracing::warn!(
            jobs,
            waited_for_connection_ms = waited_for_connection.as_millis() as u64,
            total_ms = total.as_millis() as u64,
            "group commit: a slow batch"
        );
    }
}

/// `BEGIN IMMEDIATE` is never left open on the write connection.
fn end_open_transaction(conn: &Connection) {
    if !conn.is_autocommit() {
        tracing::error!("group-commit writer: a transaction was left open; rolling it back");
        let _ = conn.execute_batch("ROLLBACK");
    }
}

/// Runs the batch in one transaction; the commit's outcome goes to every job.
fn run_batch(conn: &Connection, batch: &mut Vec<Box<dyn Job>>) -> (Vec<Done>, Result<(), String>) {
    if let Err(e) = conn.execute_batch("BEGIN IMMEDIATE") {
        for job in batch.drain(..) {
            job.fail(e.to_string());
        }
        return (Vec::new(), Err(e.to_string()));
    }
    let mut broken = false;
    let dones: Vec<Done> = batch.drain(..).map(|job| job.run(conn, &mut broken)).collect();
    if broken {
        let _ = conn.execute_batch("ROLLBACK");
        return (dones, Err("a job could not be undone alone; the batch was rolled back".into()));
    }
    let committing = Instant::now();
    let commit = conn.execute_batch("COMMIT");
    if committing.elapsed() >= SLOW_BATCH / 2 {
        tracing::warn!(
            jobs = dones.len(),
            commit_ms = committing.elapsed().as_millis() as u64,
            "group commit: a slow commit"
        );
    }
    let commit = match commit {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e.to_string())
        }
    };
    (dones, commit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store;

    /// Protects group commit's promises: jobs from many threads share
    /// batches, a job that fails is undone alone (its savepoint), and every
    /// caller gets its own result only after the commit.
    #[test]
    fn a_failing_job_is_undone_alone_and_the_rest_commit() {
        let db = store::open_in_memory().expect("db");
        db.transact(|tx| Ok(tx.execute_batch("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)")?))
            .expect("table");
        let db = Arc::new(db);
        let handles: Vec<_> = (0..40)
            .map(|k| {
                let db = db.clone();
                std::thread::spawn(move || {
                    db.write_grouped(move |c| {
                        c.execute("INSERT INTO t (k, v) VALUES (?1, 'x')", [k])?;
                        if k == 13 {
                            return Err(AppError::InvalidInput("refused".into()));
                        }
                        Ok(k)
                    })
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().expect("thread")).collect();
        assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 39);
        assert!(matches!(results[13], Err(AppError::InvalidInput(_))));
        let (n, has13): (i64, i64) = db
            .read(|c| {
                Ok(c.query_row("SELECT count(*), count(*) FILTER (WHERE k = 13) FROM t", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?)
            })
            .expect("count");
        assert_eq!((n, has13), (39, 0));
    }

    /// Protects "a writer that cannot die": a panicking job is undone alone,
    /// answered with an internal error, and the writer answers the next job;
    /// no transaction is left open on the write connection.
    #[test]
    fn a_panicking_job_is_answered_and_the_writer_goes_on() {
        let db = store::open_in_memory().expect("db");
        db.transact(|tx| Ok(tx.execute_batch("CREATE TABLE t (k INTEGER PRIMARY KEY)")?)).expect("table");
        let err = db
            .write_grouped(|c| -> Result<()> {
                c.execute("INSERT INTO t (k) VALUES (1)", [])?;
                panic!("injected")
            })
            .expect_err("panicked");
        assert!(matches!(err, AppError::Internal(_)), "{err:?}");
        assert_eq!(db.write_grouped(|c| Ok(c.execute("INSERT INTO t (k) VALUES (2)", [])?)).expect("next job"), 1);
        let keys: Vec<i64> = db
            .transact(|tx| {
                let mut st = tx.prepare("SELECT k FROM t ORDER BY k")?;
                let rows = st.query_map([], |r| r.get(0))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            })
            .expect("a transaction begins: none was left open");
        assert_eq!(keys, vec![2]);
    }
}
