//! Logging: what the app and the LAN host did, on stderr as before and in
//! a daily log file in the `logs/` folder beside the database
//! (`lawquiz.YYYY-MM-DD.log`, the newest 14 kept), so an organizer or the IT
//! department can see afterwards what happened on the day: the host
//! starting, refused connections and log-in bursts, finalised attempts,
//! backups. `LAWQUIZ_LOG` sets the filter (default `lawquiz=info`).
//! 关于 shows the folder.

use std::path::{Path, PathBuf};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

/// Log files kept (one a day).
pub const KEEP_FILES: usize = 14;

/// The log folder of the database at `db_path`: `logs/` beside it.
pub fn log_dir_for(db_path: &Path) -> PathBuf {
    db_path.parent().unwrap_or(Path::new(".")).join("logs")
}

/// Keeps the log file's writer thread; dropping it writes out what is left.
pub struct LogGuard {
    _worker: Option<tracing_appender::non_blocking::WorkerGuard>,
}

/// Starts logging to stderr and, when `dir` is given and can be created,
/// to the daily file there. Does nothing if logging was already set up (a
/// second call in one process, as in tests).
pub fn init(dir: Option<&Path>) -> LogGuard {
    let filter = || EnvFilter::try_from_env("LAWQUIZ_LOG").unwrap_or_else(|_| "lawquiz=info".into());
    use std::io::IsTerminal;
    let colour = std::io::stderr().is_terminal();
    let stderr = fmt::layer().with_ansi(colour).with_writer(std::io::stderr).with_filter(filter());
    let mut problem = None;
    let file = dir.and_then(|dir| match appender(dir) {
        Ok(a) => Some(a),
        Err(e) => {
            problem = Some(format!("日志文件夹 {} 无法使用：{e}；日志只输出到标准错误。", dir.display()));
            None
        }
    });
    let (file_layer, guard) = match file {
        Some(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            (Some(fmt::layer().with_ansi(false).with_writer(writer).with_filter(filter())), Some(guard))
        }
        None => (None, None),
    };
    if tracing_subscriber::registry().with(stderr).with(file_layer).try_init().is_ok() {
        if let Some(p) = problem {
            tracing::warn!("{p}");
        }
    }
    LogGuard { _worker: guard }
}

fn appender(dir: &Path) -> Result<tracing_appender::rolling::RollingFileAppender, String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("lawquiz")
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(dir)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Protects where the log is: beside the database, as 关于 says.
    #[test]
    fn the_log_folder_is_beside_the_database() {
        assert_eq!(log_dir_for(Path::new("/data/lawquiz.sqlite3")), PathBuf::from("/data/logs"));
        let dir = tempfile::tempdir().expect("temp");
        assert!(appender(&dir.path().join("logs")).is_ok());
        assert!(dir.path().join("logs").is_dir());
    }
}
