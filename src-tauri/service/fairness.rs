//! No key while an attempt is open (C10). While a person has a contest
//! attempt running, every route that would show a key, an explanation, a
//! basis quote or a verdict for any question — practice, the wrong-answer
//! book, the library's questions of an article, reviews of earlier attempts
//! — is refused for that person, in every session of theirs; the law texts
//! themselves too, unless the contest allows them (答题期间可查阅法条原文).
//! Attempts whose time ran out are finalised here rather than refused.

use super::contest_admin::parse_stored;
use super::contest_api::ContestSpec;
use super::Service;
use crate::core::contest::accepts_answer;
use crate::core::ids::EmployeeId;
use crate::error::{AppError, Result};
use crate::store;

/// The message every refused route gives (the UI shows it in place of the
/// practice screens).
pub const IN_PROGRESS: &str = "竞答进行中，练习和错题本暂停。交卷后即可继续练习。";

impl Service {
    /// The contests in which `me` has an attempt running now (their specs);
    /// attempts past their deadline are finalised on the way.
    fn running_attempts(&self, me: EmployeeId) -> Result<Vec<ContestSpec>> {
        let open = self.db.read(|c| store::contests::open_attempts_of(c, me))?;
        let mut running = Vec::new();
        for a in open {
            let now = self.contest_now(a.last_seen_at.as_deref());
            if accepts_answer(parse_stored(&a.deadline_at)?, now) {
                running.push(serde_json::from_str(&a.rules)?);
            } else {
                self.finalise_if_due(a.id)?;
            }
        }
        Ok(running)
    }

    /// Refuses while `me` has an attempt running.
    pub(crate) fn no_running_attempt(&self, me: EmployeeId) -> Result<()> {
        if self.running_attempts(me)?.is_empty() {
            Ok(())
        } else {
            Err(AppError::ContestInProgress(IN_PROGRESS.into()))
        }
    }

    /// Refuses the law texts while `me` has an attempt running in a contest
    /// that does not allow them.
    pub(crate) fn library_open_to(&self, me: EmployeeId) -> Result<()> {
        if self.running_attempts(me)?.iter().all(|s| s.library_during_attempt) {
            Ok(())
        } else {
            Err(AppError::ContestInProgress("竞答进行中，法条库暂停使用。交卷后即可继续查阅。".into()))
        }
    }
}
