//! Where exports went: the folder the save dialog opens in next time, and
//! the audit log entry for every file that left the app (saved on the host
//! PC, or downloaded by a browser from the LAN host).

use super::auth::Actor;
use super::Service;
use crate::error::Result;
use crate::store;

impl Service {
    /// Where the last export was saved (the save dialog opens there).
    pub fn last_export_dir(&self) -> Result<Option<String>> {
        self.db.read(|c| store::meta::get(c, "last_export_dir"))
    }

    /// Records a saved export: the folder for next time, and the audit log.
    pub fn exported(&self, actor: &Actor, path: &std::path::Path) -> Result<()> {
        actor.organizer()?;
        let now = self.now();
        self.db.transact(|tx| {
            if let Some(dir) = path.parent() {
                store::meta::set(tx, "last_export_dir", &dir.to_string_lossy())?;
            }
            store::audit::insert(
                tx,
                &now,
                &actor.audit_name(),
                "导出文件",
                &serde_json::json!({"file": path.to_string_lossy()}),
            )
        })
    }

    /// Records an export downloaded through the LAN host (a browser saved it).
    pub fn downloaded(&self, actor: &Actor, file_name: &str) -> Result<()> {
        actor.organizer()?;
        let now = self.now();
        self.db.transact(|tx| {
            store::audit::insert(
                tx,
                &now,
                &actor.audit_name(),
                "导出文件（浏览器下载）",
                &serde_json::json!({"file": file_name}),
            )
        })
    }
}
