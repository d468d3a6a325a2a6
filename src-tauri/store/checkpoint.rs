//! WAL checkpoints, mostly off the writer. SQLite checkpoints inside the
//! commit that finds the WAL past 1,000 pages: that batch then also copies
//! the WAL back into the database file and syncs it, and every answer
//! queued behind it waits. While 10,000 takers handed in, those
//! checkpoints were a fifth of the group-commit writer's time
//! (docs/performance.md). So a thread of its own copies the WAL back every
//! [`INTERVAL`] on its own connection, with `PASSIVE` checkpoints: they
//! never wait for the writer or the readers, and the writer never waits
//! for them. The writer keeps SQLite's automatic checkpoint, which now
//! finds nearly every page already copied: it only copies the last few
//! and lets the WAL start over (a WAL that is only ever appended to grows
//! without end, and every write past its end costs the file system a new
//! block).

use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the thread copies the WAL back into the database file.
pub const INTERVAL: Duration = Duration::from_millis(100);

/// The checkpoint thread; dropping it stops the thread and waits for it.
pub struct Checkpointer {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts checkpointing the database at `path`; `None` (logged) when
    /// its connection or thread cannot be had: the writer's own automatic
    /// checkpoints then do all of it, as SQLite does by default.
    pub fn start(path: &Path) -> Option<Checkpointer> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = match Connection::open_with_flags(path, flags).and_then(|c| {
            c.busy_timeout(Duration::from_secs(5))?;
            Ok(c)
        }) {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!("the checkpoint connection could not be opened; the writer checkpoints alone: {e}");
                return None;
            }
        };
        let (stop, rx) = mpsc::channel::<()>();
        let spawned = std::thread::Builder::new().name("lawquiz-checkpoint".into()).spawn(move || loop {
            match rx.recv_timeout(INTERVAL) {
                Err(RecvTimeoutError::Timeout) => checkpoint(&conn),
                Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
            }
        });
        match spawned {
            Ok(t) => Some(Checkpointer { stop: Some(stop), thread: Some(t) }),
            Err(e) => {
                tracing::warn!("the checkpoint thread could not start; the writer checkpoints alone: {e}");
                None
            }
        }
    }
}

/// One passive checkpoint; a failure is logged and the next tick tries
/// again (the writer's own checkpoints go on meanwhile: nothing is lost).
fn checkpoint(conn: &Connection) {
    if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get::<_, i64>(0)) {
        tracing::warn!("WAL checkpoint failed, tried again in {} ms: {e}", INTERVAL.as_millis());
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::store;

    /// Protects the writer's commits: the WAL is copied back into the
    /// database file by the thread, not only by a commit that crosses
    /// SQLite's threshold of 1,000 pages. 400 rows of 4 KB stay below it,
    /// so without the thread the file would not grow until the close.
    #[test]
    fn the_thread_copies_the_wal_back_before_the_writer_would() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("c.sqlite3");
        let db = store::open(&path).expect("open");
        db.transact(|tx| Ok(tx.execute_batch("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB NOT NULL)")?))
            .expect("table");
        let before = std::fs::metadata(&path).expect("file").len();
        for i in 0..400 {
            db.write_grouped(move |tx| Ok(tx.execute("INSERT INTO t VALUES (?1, zeroblob(4000))", [i])?))
                .expect("write");
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::fs::metadata(&path).expect("file").len() < before + 400 * 4000 {
            assert!(std::time::Instant::now() < deadline, "the WAL was never copied back into the file");
            std::thread::sleep(super::INTERVAL);
        }
        let rows: i64 = db.read(|c| Ok(c.query_row("SELECT count(*) FROM t", [], |r| r.get(0))?)).expect("count");
        assert_eq!(rows, 400);
    }
}
