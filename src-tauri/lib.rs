//! LawQuiz (法治知识竞答): study the PRC Constitution and Civil Code all year,
//! and run the National Constitution Day prize quiz.
//!
//! The rooms (see docs/architecture.md): [`core`] pure rules, [`store`]
//! SQLite, [`service`] use cases, [`commands`] the window's adapters.

pub mod cli;
pub mod commands;
pub mod core;
pub mod error;
pub mod host;
pub mod paths;
pub mod service;
pub mod store;

use commands::StartupStatus;
use error::ApiError;
use service::Service;
use std::path::PathBuf;
use std::sync::Arc;
use tauri::{Builder, Manager, Runtime};

/// The app's state: a ready service, or why start-up failed (shown in the
/// window with the database path, never a panic).
pub enum AppState {
    Ready { service: Arc<Service> },
    Failed { db_path: PathBuf, message: String },
}

impl AppState {
    /// Opens the service on `db_path`, keeping the failure if there is one.
    pub fn open(db_path: Result<PathBuf, String>) -> AppState {
        let db_path = match db_path {
            Ok(p) => p,
            Err(message) => return AppState::Failed { db_path: PathBuf::new(), message },
        };
        match Service::open(&db_path) {
            Ok(service) => {
                tracing::info!(db = %db_path.display(), "database ready");
                let service = Arc::new(service);
                start_finaliser(service.clone());
                AppState::Ready { service }
            }
            Err(e) => {
                tracing::error!(db = %db_path.display(), "start-up failed: {e}");
                AppState::Failed { db_path, message: e.to_string() }
            }
        }
    }

    /// The shared service (the LAN host holds it too).
    pub fn service_arc(&self) -> Result<Arc<Service>, ApiError> {
        match self {
            AppState::Ready { service } => Ok(service.clone()),
            AppState::Failed { message, .. } => {
                Err(ApiError { code: "startup_failed".into(), message: message.clone() })
            }
        }
    }

    pub fn service(&self) -> Result<&Service, ApiError> {
        match self {
            AppState::Ready { service } => Ok(service),
            AppState::Failed { message, .. } => {
                Err(ApiError { code: "startup_failed".into(), message: message.clone() })
            }
        }
    }

    pub fn status(&self) -> StartupStatus {
        match self {
            AppState::Ready { service } => {
                StartupStatus { ok: true, db_path: service.db().path().display().to_string(), message: None }
            }
            AppState::Failed { db_path, message } => {
                StartupStatus { ok: false, db_path: db_path.display().to_string(), message: Some(message.clone()) }
            }
        }
    }
}

/// Which database the app opens.
pub enum DbChoice {
    /// `--db`, else `LAWQUIZ_DB`, else the OS app-data folder.
    FromEnvironment,
    /// This file (tests).
    Path(PathBuf),
}

fn start_finaliser(svc: Arc<Service>) {
    tauri::async_runtime::spawn(background(svc));
}

/// The background task: finalises attempts whose deadline has passed (the
/// person closed the app, or just stopped) once a second, and makes the
/// daily backup (checked every ten minutes, starting now). Runs on the
/// window's runtime, or on the `serve` command's.
pub async fn background(svc: Arc<Service>) {
    for tick in 0u64.. {
        if tick % 600 == 0 {
            let svc = svc.clone();
            match tokio::task::spawn_blocking(move || svc.daily_backup()).await {
                Ok(Ok(Some(b))) => tracing::info!(backup = %b.path, "daily backup written"),
                Ok(Err(e)) => tracing::warn!("daily backup failed: {e}"),
                _ => {}
            }
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        let svc = svc.clone();
        match tokio::task::spawn_blocking(move || svc.finalise_expired()).await {
            Ok(Ok(n)) if n > 0 => tracing::info!(attempts = n, "finalised expired attempts"),
            Ok(Err(e)) => tracing::warn!("finalising expired attempts failed: {e}"),
            _ => {}
        }
    }
}

/// Starts the LAN host when the organizer left it on (after a restart of
/// the host PC, staff reconnect and resume).
fn autostart_host<R: Runtime>(app: &tauri::App<R>) {
    let Some(state) = app.try_state::<AppState>() else { return };
    let Ok(svc) = state.service_arc() else { return };
    let handle = app.handle().clone();
    tauri::async_runtime::spawn(async move {
        if let Some(control) = handle.try_state::<host::HostControl>() {
            control.autostart(svc).await;
        }
    });
}

/// Registers state set-up and commands on `builder`; shared by [`run`] and
/// the command tests (which pass `tauri::test::mock_builder()`).
pub fn build_app<R: Runtime>(builder: Builder<R>, db: DbChoice) -> Builder<R> {
    let builder = builder.manage(host::HostControl::default());
    let builder = match db {
        DbChoice::Path(p) => builder.manage(AppState::open(Ok(p))).setup(|app| {
            autostart_host(app);
            Ok(())
        }),
        DbChoice::FromEnvironment => builder.setup(|app| {
            let db_path = paths::resolve_db_path(
                std::env::args().skip(1),
                std::env::var(paths::DB_ENV).ok(),
                app.path().app_data_dir().ok(),
            );
            app.manage(AppState::open(db_path));
            autostart_host(app);
            Ok(())
        }),
    };
    builder.plugin(tauri_plugin_dialog::init()).invoke_handler(tauri::generate_handler![
        commands::startup_status,
        commands::setup_status,
        commands::setup_organizer,
        commands::login_staff,
        commands::login_code,
        commands::login_organizer,
        commands::logout,
        commands::whoami,
        commands::home,
        commands::practice_scopes,
        commands::practice_start,
        commands::wrong_book_set,
        commands::practice_question,
        commands::practice_answer,
        commands::study_event,
        commands::my_study,
        commands::library_tree,
        commands::library_articles,
        commands::library_search,
        commands::article_questions,
        commands::people,
        commands::save_employee,
        commands::reset_pin,
        commands::issue_login_codes,
        commands::study_report,
        commands::get_settings,
        commands::update_settings,
        commands::audit_log,
        commands::contests,
        commands::save_contest,
        commands::contest_detail,
        commands::paper_pools,
        commands::preview_paper,
        commands::set_contest_state,
        commands::contest_results,
        commands::run_draw,
        commands::verify_draw,
        commands::big_screen,
        commands::open_contests,
        commands::start_attempt,
        commands::attempt,
        commands::contest_answer,
        commands::contest_mark,
        commands::submit_attempt,
        commands::attempt_result,
        commands::export_contest,
        commands::export_study,
        commands::export_questions,
        commands::download_template,
        commands::backups,
        commands::backup_now,
        commands::restore_backup,
        commands::preview_question_import,
        commands::import_questions,
        commands::preview_roster_import,
        commands::import_roster,
        commands::host_status,
        commands::set_host,
        commands::probe_host,
    ])
}

/// The app's compiled configuration, assets and capabilities (generic over the
/// runtime so the command tests run the real capabilities on the mock one).
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Starts the desktop app.
pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LAWQUIZ_LOG").unwrap_or_else(|_| "lawquiz=info".into()),
        )
        .init();
    if let Err(e) = build_app(tauri::Builder::default(), DbChoice::FromEnvironment).run(context()) {
        eprintln!("法治知识竞答无法启动窗口：{e}");
        std::process::exit(1);
    }
}
