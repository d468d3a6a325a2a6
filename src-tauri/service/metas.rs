//! The questions' metadata as the paper draw needs it, kept in memory while
//! the bank does not change: at the start of a contest thousands of people
//! start within seconds, and each start used to read every question.

use super::Service;
use crate::core::paper::QuestionMeta;
use crate::error::Result;
use crate::store;
use rusqlite::Connection;
use std::sync::{Arc, Mutex};

/// The cached metadata and the bank revision it was read at.
#[derive(Default)]
pub(crate) struct MetaCache(Mutex<Option<(String, Arc<Vec<QuestionMeta>>)>>);

impl Service {
    /// Every active question's metadata, as of `conn`'s view of the bank.
    /// The revision (bumped by a trigger on every change to a question) is
    /// read first, so a cached list is never newer than its revision says
    /// and a change made meanwhile only costs one more read.
    pub(crate) fn question_metas(&self, conn: &Connection) -> Result<Arc<Vec<QuestionMeta>>> {
        let rev = store::meta::get(conn, "bank_rev")?.unwrap_or_default();
        {
            let cache = self.metas.0.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((at, metas)) = cache.as_ref() {
                if *at == rev {
                    return Ok(metas.clone());
                }
            }
        }
        let metas = Arc::new(store::contests::question_metas(conn)?);
        *self.metas.0.lock().unwrap_or_else(|p| p.into_inner()) = Some((rev, metas.clone()));
        Ok(metas)
    }
}
