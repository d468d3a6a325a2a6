//! Where exports went: the folder the save dialog opens in next time, and
//! the audit log entry for every file that left the app (saved on the host
//! PC, or downloaded by a browser from the LAN host).

use super::auth::Actor;
use super::Service;
use crate::error::{AppError, Result};
use crate::store;
use std::path::{Path, PathBuf};

impl Service {
    /// Where the last export was saved (the save dialog opens there).
    pub fn last_export_dir(&self) -> Result<Option<String>> {
        self.db.read(|c| store::meta::get(c, "last_export_dir"))
    }

    /// The folder the save dialog opens in: where the last export went when
    /// that folder still exists and is not a temporary one, else the
    /// person's 文档, else 桌面, else the home folder.
    pub fn export_start_dir(&self) -> Result<Option<PathBuf>> {
        let last = self.last_export_dir()?.map(PathBuf::from);
        Ok(start_dir(last, &std::env::temp_dir(), dirs::document_dir(), dirs::desktop_dir(), dirs::home_dir()))
    }

    /// The folder holding `path`, when `path` is a file this app exported on
    /// this PC (recorded in the audit log) and it is still there: the only
    /// folders 打开所在文件夹 opens.
    pub fn export_folder(&self, actor: &Actor, path: &str) -> Result<PathBuf> {
        actor.organizer()?;
        let recorded = self.db.read(|c| {
            Ok(c.query_row(
                "SELECT EXISTS (SELECT 1 FROM audit_log WHERE action = '导出文件' AND json_extract(detail, '$.file') = ?1)",
                [path],
                |r| r.get::<_, bool>(0),
            )?)
        })?;
        let file = Path::new(path);
        if !recorded || !file.is_absolute() {
            return Err(AppError::Forbidden("只能打开本程序导出的文件所在的文件夹".into()));
        }
        match file.parent() {
            Some(dir) if file.is_file() && dir.is_dir() => Ok(dir.to_path_buf()),
            _ => Err(AppError::NotFound("这个文件已经不在原来的位置了".into())),
        }
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

/// The save dialog's first folder (see `Service::export_start_dir`).
fn start_dir(
    last: Option<PathBuf>,
    temp: &Path,
    documents: Option<PathBuf>,
    desktop: Option<PathBuf>,
    home: Option<PathBuf>,
) -> Option<PathBuf> {
    let temp = temp.canonicalize().unwrap_or_else(|_| temp.to_path_buf());
    let usable = |p: &PathBuf| p.is_dir() && !p.canonicalize().unwrap_or_else(|_| p.clone()).starts_with(&temp);
    last.filter(usable).or_else(|| [documents, desktop, home].into_iter().flatten().find(|p| p.is_dir()))
}

#[cfg(test)]
mod tests {
    use super::start_dir;

    #[test]
    fn the_save_dialog_opens_in_documents_unless_the_last_folder_is_a_real_one() {
        let tmp = tempfile::tempdir().expect("tmp");
        let temp = tmp.path().join("tmp");
        let docs = tmp.path().join("文档");
        let desk = tmp.path().join("桌面");
        let home = tmp.path().join("home");
        let last = tmp.path().join("导出");
        for d in [&temp, &docs, &desk, &home, &last] {
            std::fs::create_dir_all(d).expect("dir");
        }
        let inside_temp = temp.join("x");
        std::fs::create_dir_all(&inside_temp).expect("dir");
        let all = || (Some(docs.clone()), Some(desk.clone()), Some(home.clone()));
        let (d, k, h) = all();
        assert_eq!(start_dir(Some(last.clone()), &temp, d, k, h), Some(last.clone()), "the last real folder");
        let (d, k, h) = all();
        assert_eq!(start_dir(Some(inside_temp), &temp, d, k, h), Some(docs.clone()), "never a temporary folder");
        let (d, k, h) = all();
        assert_eq!(
            start_dir(Some(tmp.path().join("gone")), &temp, d, k, h),
            Some(docs.clone()),
            "a folder since removed"
        );
        assert_eq!(
            start_dir(None, &temp, None, Some(desk.clone()), Some(home.clone())),
            Some(desk),
            "桌面 without 文档"
        );
        assert_eq!(
            start_dir(None, &temp, Some(tmp.path().join("none")), None, Some(home.clone())),
            Some(home),
            "home last"
        );
    }
}
