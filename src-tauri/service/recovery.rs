//! Start-up recovery (C9): when the database cannot be opened (damaged,
//! truncated, not a database), the start-up screen offers the newest
//! backups, and restoring one must never lose the damaged file. It works
//! without a [`Service`](super::Service) — there is none when the database
//! did not open.
//!
//! Restoring: the chosen backup is checked (SQLite integrity check, schema
//! not newer than ours), the damaged file and its `-wal` / `-shm` companions
//! are renamed aside to `<name>.corrupt-YYYYMMDD-HHMMSS` (UTC; a number is
//! added if that name exists, nothing is ever overwritten), and the backup is
//! copied into place through a temporary file and a rename. The caller then
//! opens the database again.

use super::backup::{list_backups, BackupInfo};
use crate::error::{AppError, Result};
use crate::store;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// How many backups the start-up screen offers.
pub const OFFERED: usize = 5;

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RecoverRequest {
    /// A backup's file name, as listed in the start-up status.
    pub name: String,
}

/// What a recovery did.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Recovered {
    /// The backup now in place.
    pub restored: String,
    /// Where the damaged file was kept (its companions get `-wal` / `-shm`).
    pub kept_aside: String,
}

/// The newest backups of `db_path` (at most [`OFFERED`]).
pub fn offered_backups(db_path: &Path) -> Vec<BackupInfo> {
    list_backups(db_path).into_iter().take(OFFERED).collect()
}

/// Puts the backup named `name` in place of the database at `db_path`,
/// keeping the current file aside under a new name. `stamp` is the UTC time
/// for that name (`YYYYMMDD-HHMMSS`).
pub fn restore_in_place(db_path: &Path, name: &str, stamp: &str) -> Result<Recovered> {
    let chosen = list_backups(db_path)
        .into_iter()
        .find(|b| b.name == name)
        .ok_or_else(|| AppError::NotFound(format!("找不到备份“{name}”。")))?;
    let backup = PathBuf::from(&chosen.path);
    store::check_file(&backup)?;
    let aside = free_name(db_path, stamp);
    // The damaged file and its companions (a stale WAL must not be replayed
    // onto the restored file) move aside; what moved is remembered, so a
    // failure further on can put it back — the database path is never left
    // empty (the next start would then make a new, empty database).
    let mut moved: Vec<(PathBuf, PathBuf)> = Vec::new();
    for ext in ["", "-wal", "-shm"] {
        let (from, to) = (with_suffix(db_path, ext), with_suffix(&aside, ext));
        if !from.exists() {
            continue;
        }
        if let Err(e) = std::fs::rename(&from, &to) {
            undo(&moved);
            return Err(AppError::InvalidInput(format!(
                "无法把损坏的文件另存为 {}：{e}。没有做任何改动。",
                to.display()
            )));
        }
        moved.push((from, to));
    }
    let tmp = with_suffix(db_path, ".restoring");
    let copied = std::fs::copy(&backup, &tmp)
        .and_then(|_| std::fs::File::open(&tmp)?.sync_all())
        .and_then(|_| std::fs::rename(&tmp, db_path));
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&tmp);
        undo(&moved);
        return Err(AppError::InvalidInput(format!("无法把备份复制到 {}：{e}。原文件已放回原处。", db_path.display())));
    }
    tracing::warn!(restored = %chosen.name, kept = %aside.display(), "database restored from a backup at start-up");
    Ok(Recovered { restored: chosen.name, kept_aside: aside.display().to_string() })
}

/// Puts files moved aside back where they were (best effort).
fn undo(moved: &[(PathBuf, PathBuf)]) {
    for (from, to) in moved.iter().rev() {
        if let Err(e) = std::fs::rename(to, from) {
            tracing::error!(file = %to.display(), "could not move a file back after a failed recovery: {e}");
        }
    }
}

/// The UTC time stamp in the name of a file kept aside (`20261204-013000`).
pub fn stamp(t: time::OffsetDateTime) -> String {
    let fmt = time::macros::format_description!("[year][month][day]-[hour][minute][second]");
    t.to_offset(time::UtcOffset::UTC).format(&fmt).unwrap_or_else(|_| "unknown".into())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// `<db>.corrupt-<stamp>`, or `-2`, `-3`… when that (or its WAL) exists.
fn free_name(db_path: &Path, stamp: &str) -> PathBuf {
    let base = with_suffix(db_path, &format!(".corrupt-{stamp}"));
    let taken = |p: &Path| p.exists() || with_suffix(p, "-wal").exists() || with_suffix(p, "-shm").exists();
    if !taken(&base) {
        return base;
    }
    (2u32..).map(|n| with_suffix(&base, &format!("-{n}"))).find(|p| !taken(p)).unwrap_or(base)
}

/// Whether start-up succeeded, and where the data is (the window's first
/// call; the LAN host answers it too, without the host's paths).
#[derive(Debug, Clone, Serialize)]
pub struct StartupStatus {
    pub ok: bool,
    pub db_path: String,
    /// The error's code when start-up failed (`db_damaged`, `db_too_new`…).
    pub code: Option<String>,
    pub message: Option<String>,
    /// When start-up failed: the newest backups of that database, offered
    /// for "用最近的备份恢复" (empty for a database from a newer app).
    pub backups: Vec<super::backup::BackupInfo>,
    /// Whether the page should report when it is ready (`LAWQUIZ_MEASURE=1`).
    pub measure: bool,
}
