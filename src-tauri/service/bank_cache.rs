//! The active questions, kept in memory while the bank does not change (the
//! same revision as `metas`: `bank_rev`, bumped by triggers on every insert,
//! update or delete of a question). At the start of a contest thousands of
//! people start within seconds and each start shows 50 questions; at the
//! close thousands of attempts are graded. Both used to read (and parse)
//! every question of every paper from SQLite; the profile of the start
//! (docs/performance-start.md) had those reads as the largest share of a start.
//!
//! A cached question is used only when the connection at hand sees the same
//! revision the cache was read at, so a changed question is read anew by
//! the very next start or grading. A question that is not active any more
//! (retired after a paper was drawn) is not in the cache and is read from
//! the store, as before.

use super::Service;
use crate::core::ids::QuestionId;
use crate::core::question::Question;
use crate::error::Result;
use crate::store;
use rusqlite::Connection;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The active questions by id, as of one bank revision.
pub(crate) struct BankSnapshot {
    rev: String,
    by_id: HashMap<QuestionId, Arc<Question>>,
}

impl BankSnapshot {
    /// Question `id` as `conn` sees it: from memory when `conn` sees this
    /// snapshot's revision (`same_rev`, read once by the caller with
    /// [`bank_rev`]), otherwise from the store.
    pub(crate) fn get(&self, conn: &Connection, same_rev: bool, id: &QuestionId) -> Result<Arc<Question>> {
        if same_rev {
            if let Some(q) = self.by_id.get(id) {
                return Ok(q.clone());
            }
        }
        Ok(Arc::new(store::questions::get(conn, id)?))
    }

    /// True when `conn` sees the revision this snapshot was read at.
    pub(crate) fn is_current(&self, conn: &Connection) -> Result<bool> {
        Ok(bank_rev(conn)? == self.rev)
    }
}

/// The bank's revision as `conn` sees it.
pub(crate) fn bank_rev(conn: &Connection) -> Result<String> {
    Ok(store::meta::get(conn, "bank_rev")?.unwrap_or_default())
}

/// The cached snapshot, if any.
#[derive(Default)]
pub(crate) struct BankCache(Mutex<Option<Arc<BankSnapshot>>>);

impl Service {
    /// The active questions as of `conn`'s view of the bank. The revision is
    /// read first, so a cached snapshot is never newer than its revision
    /// says (a change made meanwhile only costs one more read later).
    pub(crate) fn bank_snapshot(&self, conn: &Connection) -> Result<Arc<BankSnapshot>> {
        let rev = bank_rev(conn)?;
        {
            let cache = self.bank.0.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(snap) = cache.as_ref().filter(|s| s.rev == rev) {
                return Ok(snap.clone());
            }
        }
        let by_id = store::questions::all_active(conn)?.into_iter().map(|q| (q.id.clone(), Arc::new(q))).collect();
        let snap = Arc::new(BankSnapshot { rev, by_id });
        *self.bank.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(snap.clone());
        Ok(snap)
    }

    /// [`Service::bank_snapshot`] on a read connection (for a writer job to
    /// take along; the job checks the revision again in its transaction).
    pub(crate) fn bank_snapshot_now(&self) -> Result<Arc<BankSnapshot>> {
        self.db.read(|c| self.bank_snapshot(c))
    }
}
