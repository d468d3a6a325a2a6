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
    #[error("程序启动失败：{0}")]
    Startup(String),
}

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
            AppError::DatabaseTooNew { .. } => "db_too_new",
            AppError::DatabaseDamaged { .. } => "db_damaged",
            AppError::Database(_) => "database",
            AppError::Io(_) => "io",
            AppError::BankInvalid(_) => "bank_invalid",
            AppError::LawTextInvalid(_) => "law_text_invalid",
            AppError::Json(_) => "bad_data",
            AppError::Startup(_) => "startup_failed",
        }
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// The error as the UI (and, later, the HTTP API) receives it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        tracing::warn!(code = e.code(), "{e}");
        ApiError { code: e.code().to_string(), message: e.to_string() }
    }
}
