//! The one error type of the back end, and its `{code, message}` form at the
//! boundary. The UI switches on `code`; `message` is a Chinese sentence that
//! says what happened and what to do, shown to the person as is.

use crate::core::bank::BankError;
use crate::core::law::LawFileError;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    InvalidInput(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    Locked(String),
    /// The person has a contest attempt open: practice, the wrong-answer
    /// book, reviews and (unless the contest allows it) the law texts wait.
    #[error("{0}")]
    ContestInProgress(String),
    #[error("{0}")]
    WrongCredentials(String),
    #[error("{0}")]
    PinNotSet(String),
    #[error("{0}")]
    RateLimited(String),
    #[error("{0}")]
    TooLarge(String),
    /// (host) a capacity limit is reached for now: too many connections or
    /// uploads at once. Try again shortly.
    #[error("{0}")]
    Busy(String),
    #[error("数据库是由更新版本的程序创建的（数据库版本 {found}，本程序支持到 {supported}），请升级本程序后再打开。")]
    DatabaseTooNew { found: i64, supported: i64 },
    #[error("数据库文件 {path} 已损坏或不完整，无法打开（{reason}）。这个文件没有被改动；可以用最近的备份恢复，或把文件交给技术人员检查。")]
    DatabaseDamaged { path: String, reason: String },
    #[error("数据库出错：{0}")]
    Database(#[from] rusqlite::Error),
    #[error("读写文件出错：{0}")]
    Io(#[from] std::io::Error),
    #[error("内置题库有 {} 处错误，第一处：{}", .0.len(), .0.first().map(ToString::to_string).unwrap_or_default())]
    BankInvalid(Vec<BankError>),
    #[error("内置法律文本有 {} 处错误，第一处：{}", .0.len(), .0.first().map(ToString::to_string).unwrap_or_default())]
    LawTextInvalid(Vec<LawFileError>),
    #[error("数据格式错误：{0}")]
    Json(#[from] serde_json::Error),
    /// Only for start-up: the app could not get going at all.
    #[error("程序启动失败：{0}")]
    Startup(String),
    /// A failure the person cannot fix: a panic, a stopped writer, an
    /// unexpected database error. The detail (for the log, never shown)
    /// is kept here; the message is a Chinese sentence.
    #[error("{INTERNAL_MESSAGE}")]
    Internal(String),
}

/// What a person reads when the disk is full (the database or a file).
pub const DISK_FULL: &str = "磁盘空间已满，这一步没有完成，已保存的内容不受影响。请清理这台电脑的磁盘后重试。";

/// What a person reads for an [`AppError::Internal`].
pub const INTERNAL_MESSAGE: &str = "程序内部出错，这一步没有完成（已记入日志）。请重试；如果一再出现，请联系管理员。";

impl AppError {
    /// The stable code the UI switches on.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound(_) => "not_found",
            AppError::InvalidInput(_) => "invalid_input",
            AppError::Unauthorized(_) => "unauthorized",
            AppError::Forbidden(_) => "forbidden",
            AppError::Locked(_) => "locked",
            AppError::ContestInProgress(_) => "contest_in_progress",
            AppError::WrongCredentials(_) => "wrong_credentials",
            AppError::PinNotSet(_) => "pin_not_set",
            AppError::RateLimited(_) => "rate_limited",
            AppError::TooLarge(_) => "too_large",
            AppError::Busy(_) => "busy",
            AppError::DatabaseTooNew { .. } => "db_too_new",
            AppError::DatabaseDamaged { .. } => "db_damaged",
            AppError::Database(_) => "database",
            AppError::Io(_) => "io",
            AppError::BankInvalid(_) => "bank_invalid",
            AppError::LawTextInvalid(_) => "law_text_invalid",
            AppError::Json(_) => "bad_data",
            AppError::Startup(_) => "startup_failed",
            AppError::Internal(_) => "internal",
        }
    }

    /// An internal error with `detail` for the log (logged here, once).
    pub fn internal(detail: impl Into<String>) -> AppError {
        let detail = detail.into();
        tracing::error!("internal error: {detail}");
        AppError::Internal(detail)
    }

    /// The sentence a person sees: SQLite's and serde's own (English)
    /// messages stay in the log.
    pub fn public_message(&self) -> String {
        match self {
            AppError::Database(rusqlite::Error::SqliteFailure(f, _)) if f.code == rusqlite::ErrorCode::DiskFull => {
                DISK_FULL.into()
            }
            AppError::Database(_) => {
                "数据库读写出错，这一步没有完成（详情已记入日志）。请重试；如果一再出现，请联系管理员。".into()
            }
            AppError::Io(e) if e.kind() == std::io::ErrorKind::StorageFull => DISK_FULL.into(),
            AppError::Io(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                "没有权限读写这个文件或文件夹，这一步没有完成（详情已记入日志）。请换一个位置，或联系管理员。".into()
            }
            AppError::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
                "找不到要读写的文件或文件夹，这一步没有完成（详情已记入日志）。".into()
            }
            AppError::Io(_) => {
                "读写文件出错，这一步没有完成（详情已记入日志）。请重试；如果一再出现，请联系管理员。".into()
            }
            AppError::Json(_) => "数据格式错误，这一步没有完成（详情已记入日志）。请联系管理员。".into(),
            AppError::Internal(_) => INTERNAL_MESSAGE.into(),
            other => other.to_string(),
        }
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// The error as the UI and the LAN host's HTTP API receive it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match &e {
            AppError::Database(d) => tracing::error!(code = e.code(), "database error: {d}"),
            AppError::Json(d) => tracing::error!(code = e.code(), "data error: {d}"),
            AppError::Internal(d) => tracing::error!(code = e.code(), "internal error: {d}"),
            _ => tracing::warn!(code = e.code(), "{e}"),
        }
        ApiError { code: e.code().to_string(), message: e.public_message() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Protects "a full disk mid-contest reads as a full disk, in Chinese":
    /// never 程序启动失败, never the OS's English.
    #[test]
    fn a_full_disk_and_file_errors_read_as_chinese_sentences() {
        let full = AppError::Database(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            Some("database or disk is full".into()),
        ));
        assert_eq!(full.public_message(), DISK_FULL);
        let io = AppError::Io(std::io::Error::new(std::io::ErrorKind::StorageFull, "No space left on device"));
        assert_eq!(io.public_message(), DISK_FULL);
        for kind in [std::io::ErrorKind::PermissionDenied, std::io::ErrorKind::NotFound, std::io::ErrorKind::Other] {
            let m = AppError::Io(std::io::Error::new(kind, "os error text")).public_message();
            assert!(!m.contains("os error") && m.contains("这一步没有完成"), "{m}");
        }
        assert_ne!(full.code(), "startup_failed");
    }
}
