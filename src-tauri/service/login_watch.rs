//! Watching failed log-ins: the host panel shows how many there were in the
//! last minutes, so an organizer sees at once when someone is guessing PINs
//! or codes. Each failed log-in is an audit row (action `登录失败`, with the
//! source address in its detail), written by the log-in use cases.

use super::clock;
use super::Service;
use crate::error::Result;
use rusqlite::params;

/// The audit action of a failed log-in.
pub const FAILED_LOGIN: &str = "登录失败";

impl Service {
    /// Failed log-ins in the last `minutes` minutes (by the service's clock;
    /// the `audit_by_action` index answers it without a table scan).
    pub fn failed_logins_since(&self, minutes: i64) -> Result<i64> {
        let since = clock::format(self.clock.now() - time::Duration::minutes(minutes.max(0)));
        self.db.read(|conn| {
            Ok(conn.query_row(
                "SELECT count(*) FROM audit_log WHERE action = ?1 AND at >= ?2",
                params![FAILED_LOGIN, since],
                |r| r.get(0),
            )?)
        })
    }
}
