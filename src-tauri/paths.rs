//! Where the database lives: `--db PATH` on the command line, else the
//! `LAWQUIZ_DB` environment variable, else `lawquiz.sqlite3` in the OS
//! app-data folder (e.g. ~/.local/share/cn.gov.lawquiz on Linux,
//! %APPDATA%\cn.gov.lawquiz on Windows).

use std::path::PathBuf;

pub const DB_FILE_NAME: &str = "lawquiz.sqlite3";
pub const EXPORT_DIR_ENV: &str = "LAWQUIZ_EXPORT_DIR";

/// A folder exports go to without a save dialog: `--export-dir PATH` on the
/// command line, else `LAWQUIZ_EXPORT_DIR` (scripted set-ups, the tests).
pub fn export_dir(args: impl IntoIterator<Item = String>, env: Option<String>) -> Option<PathBuf> {
    let mut args = args.into_iter();
    while let Some(a) = args.next() {
        if a == "--export-dir" {
            return args.next().filter(|p| !p.trim().is_empty()).map(PathBuf::from);
        }
        if let Some(p) = a.strip_prefix("--export-dir=") {
            return (!p.trim().is_empty()).then(|| PathBuf::from(p));
        }
    }
    env.filter(|p| !p.trim().is_empty()).map(PathBuf::from)
}
pub const DB_ENV: &str = "LAWQUIZ_DB";

/// The app's identifier (tauri.conf.json): its data folder's name.
pub const APP_ID: &str = "cn.gov.lawquiz";

/// The OS app-data folder of the app, as Tauri's `app_data_dir` gives it
/// (the OS data folder + the identifier), for code that runs without Tauri.
pub fn app_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join(APP_ID))
}

/// Picks the database path from the arguments (without the program name), the
/// environment value and the default folder, in that order of precedence.
pub fn resolve_db_path(
    args: impl IntoIterator<Item = String>,
    env: Option<String>,
    default_dir: Option<PathBuf>,
) -> Result<PathBuf, String> {
    let mut args = args.into_iter();
    while let Some(a) = args.next() {
        if a == "--db" {
            return match args.next() {
                Some(p) if !p.trim().is_empty() => Ok(PathBuf::from(p)),
                _ => Err("参数 --db 后面要跟数据库文件的路径".into()),
            };
        }
        if let Some(p) = a.strip_prefix("--db=") {
            return if p.trim().is_empty() {
                Err("参数 --db= 后面要跟数据库文件的路径".into())
            } else {
                Ok(PathBuf::from(p))
            };
        }
    }
    if let Some(p) = env.filter(|p| !p.trim().is_empty()) {
        return Ok(PathBuf::from(p));
    }
    default_dir.map(|d| d.join(DB_FILE_NAME)).ok_or_else(|| "找不到本机的应用数据目录，请用 --db 指定数据库文件".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn command_line_beats_environment_beats_default() {
        let dir = Some(PathBuf::from("/data"));
        assert_eq!(resolve_db_path(s(&["--db", "/a.db"]), Some("/b.db".into()), dir.clone()), Ok("/a.db".into()));
        assert_eq!(resolve_db_path(s(&["--db=/c.db"]), None, dir.clone()), Ok("/c.db".into()));
        assert_eq!(resolve_db_path(s(&[]), Some("/b.db".into()), dir.clone()), Ok("/b.db".into()));
        assert_eq!(resolve_db_path(s(&[]), None, dir), Ok(PathBuf::from("/data").join(DB_FILE_NAME)));
    }

    #[test]
    fn an_export_folder_from_the_command_line_or_the_environment() {
        assert_eq!(export_dir(s(&["--export-dir", "/out"]), Some("/env".into())), Some("/out".into()));
        assert_eq!(export_dir(s(&["--db", "/x"]), Some("/env".into())), Some("/env".into()));
        assert_eq!(export_dir(s(&[]), None), None);
    }

    #[test]
    fn a_missing_value_is_an_error_not_a_silent_default() {
        assert!(resolve_db_path(s(&["--db"]), None, Some("/d".into())).is_err());
        assert!(resolve_db_path(s(&[]), None, None).is_err());
    }
}
