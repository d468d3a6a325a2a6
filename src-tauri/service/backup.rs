//! Backups (C9): on demand, daily while the app is used (the last 14
//! automatic ones are kept), and before every migration (store). Restoring
//! checks the backup's integrity first and saves the current data as a
//! backup before replacing it. Finding the backups of a database needs only
//! its path ([`list_backups`]), so start-up recovery can offer them when the
//! database itself cannot be opened (see `recovery`).

use super::auth::Actor;
use super::{clock, Service};
use crate::error::{AppError, Result};
use crate::store;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Automatic daily backups kept.
pub const KEEP_DAILY: usize = 14;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BackupInfo {
    pub name: String,
    pub path: String,
    pub bytes: u64,
    /// "daily", "manual", "before-restore", or "migration" (written next to
    /// the database before a schema upgrade).
    pub kind: String,
    /// When the file was last written (RFC 3339, UTC), if the OS says.
    pub modified: Option<String>,
}

/// The folder backups go to: `backups/` next to the database file.
pub fn backup_dir_for(db_path: &Path) -> PathBuf {
    db_path.parent().unwrap_or(Path::new(".")).join("backups")
}

/// The kind in a backup's name: `lawquiz-<kind>-YYYYMMDD-HHMMSS.sqlite3`
/// (the kind may itself hold a dash: `before-restore`).
fn kind_of(name: &str) -> Option<&str> {
    let stem = name.strip_prefix("lawquiz-")?.strip_suffix(".sqlite3")?;
    let mut parts = stem.rsplitn(3, '-');
    let (_time, _date, kind) = (parts.next()?, parts.next()?, parts.next()?);
    Some(kind).filter(|k| !k.is_empty())
}

/// Every backup of the database at `db_path`, newest first: the files in
/// its backups folder, and the copies written before a migration next to
/// it (`lawquiz.sqlite3.v2-1764810000.bak`). Unreadable folders list nothing.
pub fn list_backups(db_path: &Path) -> Vec<BackupInfo> {
    let info = |e: &std::fs::DirEntry, name: String, kind: &str| {
        let meta = e.metadata().ok();
        let modified = meta.as_ref().and_then(|m| m.modified().ok()).map(|t| clock::format(t.into()));
        BackupInfo {
            path: e.path().display().to_string(),
            name,
            bytes: meta.map_or(0, |m| m.len()),
            kind: kind.into(),
            modified,
        }
    };
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(backup_dir_for(db_path)) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(kind) = kind_of(&name) {
                out.push(info(&e, name.clone(), kind));
            }
        }
    }
    let db_name = db_path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!("{db_name}.v");
    if let Ok(entries) =
        std::fs::read_dir(db_path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")))
    {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if !db_name.is_empty() && name.starts_with(&prefix) && name.ends_with(".bak") {
                out.push(info(&e, name, "migration"));
            }
        }
    }
    // Newest first; the name (which carries a time stamp) breaks ties.
    out.sort_by(|a, b| b.modified.cmp(&a.modified).then_with(|| b.name.cmp(&a.name)));
    out
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RestoreRequest {
    pub name: String,
}

impl Service {
    /// The folder backups go to: `backups/` next to the database file.
    pub fn backup_dir(&self) -> PathBuf {
        backup_dir_for(self.db.path())
    }

    /// Local date and time for file names (the organizer's time zone).
    fn stamp(&self) -> String {
        let fmt = time::macros::format_description!("[year][month][day]-[hour][minute][second]");
        let offset = self.settings().map(|s| s.offset()).unwrap_or(time::UtcOffset::UTC);
        self.clock.now().to_offset(offset).format(&fmt).unwrap_or_else(|_| "backup".into())
    }

    fn write_backup(&self, kind: &str) -> Result<BackupInfo> {
        let name = format!("lawquiz-{kind}-{}.sqlite3", self.stamp());
        let path = self.backup_dir().join(&name);
        self.db.backup_to(&path)?;
        let meta = std::fs::metadata(&path).ok();
        let modified = meta.as_ref().and_then(|m| m.modified().ok()).map(|t| clock::format(t.into()));
        Ok(BackupInfo {
            name,
            path: path.display().to_string(),
            bytes: meta.map_or(0, |m| m.len()),
            kind: kind.into(),
            modified,
        })
    }

    /// A backup now (the organizer's 备份 button, or the CLI).
    pub fn backup_now(&self, actor: &Actor) -> Result<BackupInfo> {
        actor.organizer()?;
        let info = self.write_backup("manual")?;
        let now = self.now();
        self.db.transact(|tx| {
            store::audit::insert(tx, &now, &actor.audit_name(), "备份数据", &serde_json::json!({"file": info.name}))
        })?;
        Ok(info)
    }

    /// The daily backup: made once a day while the app runs; keeps the last
    /// [`KEEP_DAILY`]. Returns the new backup, if one was due.
    pub fn daily_backup(&self) -> Result<Option<BackupInfo>> {
        let today = format!("lawquiz-daily-{}", &self.stamp()[..8]);
        let existing = self.list_files()?;
        if existing.iter().any(|b| b.name.starts_with(&today)) {
            return Ok(None);
        }
        let info = self.write_backup("daily")?;
        let mut daily: Vec<BackupInfo> = self.list_files()?.into_iter().filter(|b| b.kind == "daily").collect();
        daily.sort_by(|a, b| b.name.cmp(&a.name));
        for old in daily.into_iter().skip(KEEP_DAILY) {
            let _ = std::fs::remove_file(&old.path);
        }
        Ok(Some(info))
    }

    fn list_files(&self) -> Result<Vec<BackupInfo>> {
        Ok(list_backups(self.db.path()))
    }

    /// A backup to a file of the caller's choosing (the command line).
    pub fn backup_to(&self, actor: &Actor, dest: &Path) -> Result<u64> {
        actor.organizer()?;
        if dest.exists() {
            return Err(AppError::InvalidInput(format!("{} 已经存在，不会覆盖；请换一个文件名。", dest.display())));
        }
        self.db.backup_to(dest)?;
        let now = self.now();
        self.db.transact(|tx| {
            store::audit::insert(
                tx,
                &now,
                &actor.audit_name(),
                "备份数据",
                &serde_json::json!({"file": dest.to_string_lossy()}),
            )
        })?;
        Ok(std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0))
    }

    /// Backups, newest first.
    pub fn backups(&self, actor: &Actor) -> Result<Vec<BackupInfo>> {
        actor.organizer()?;
        self.list_files()
    }

    /// Restores a backup by name: checks it, keeps the current data as a
    /// "before-restore" backup, replaces the database, and ends every session
    /// (people log in again against the restored data).
    pub fn restore_backup(&self, actor: &Actor, req: &RestoreRequest) -> Result<BackupInfo> {
        actor.organizer()?;
        let chosen = self
            .list_files()?
            .into_iter()
            .find(|b| b.name == req.name)
            .ok_or_else(|| AppError::NotFound(format!("找不到备份 {}", req.name)))?;
        store::check_file(Path::new(&chosen.path))?;
        let safety = self.write_backup("before-restore")?;
        self.db.restore_from(Path::new(&chosen.path))?;
        let now = clock::format(self.clock.now());
        self.db.transact(|tx| {
            store::audit::insert(
                tx,
                &now,
                &actor.audit_name(),
                "从备份恢复",
                &serde_json::json!({"restored": chosen.name, "saved_current_as": safety.name}),
            )
        })?;
        self.end_all_sessions();
        Ok(safety)
    }
}
