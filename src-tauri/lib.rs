//! LawQuiz (法治知识竞答): study the PRC Constitution and Civil Code all year,
//! and run the National Constitution Day prize quiz.
//!
//! The rooms (see docs/architecture.md): [`core`] pure rules, [`store`]
//! SQLite, [`service`] use cases, [`commands`] the window's adapters.

pub mod cli;
pub mod command_table;
pub mod commands;
pub mod core;
pub mod error;
pub mod host;
pub mod logging;
pub mod measure;
pub mod paths;
pub mod service;
pub mod store;

use error::{ApiError, AppError};
use service::api::StartupStatus;
use service::recovery::{self, Recovered};
use service::Service;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use tauri::{Builder, Manager, Runtime};

/// The app's state: a ready service, or why start-up failed (shown in the
/// window with the database path, never a panic). Behind a lock because a
/// failed start can be repaired in place: restoring a backup from the
/// start-up screen re-opens the database and the state becomes ready, with
/// no restart of the window (see [`AppState::recover`]).
pub struct AppState {
    inner: RwLock<Opened>,
}

enum Opened {
    Ready { service: Arc<Service> },
    Failed { db_path: PathBuf, code: String, message: String },
}

impl AppState {
    /// Opens the service on `db_path`, keeping the failure if there is one.
    pub fn open(db_path: Result<PathBuf, String>) -> AppState {
        AppState { inner: RwLock::new(Self::try_open(db_path)) }
    }

    fn try_open(db_path: Result<PathBuf, String>) -> Opened {
        let db_path = match db_path {
            Ok(p) => p,
            Err(message) => return Opened::Failed { db_path: PathBuf::new(), code: "startup_failed".into(), message },
        };
        match Service::open(&db_path) {
            Ok(service) => {
                tracing::info!(db = %db_path.display(), "database ready");
                let service = Arc::new(service);
                start_finaliser(service.clone());
                Opened::Ready { service }
            }
            Err(e) => {
                tracing::error!(db = %db_path.display(), "start-up failed: {e}");
                Opened::Failed { db_path, code: e.code().into(), message: e.to_string() }
            }
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Opened> {
        // Nothing panics while holding this lock; a poisoned one is still whole.
        self.inner.read().unwrap_or_else(|p| p.into_inner())
    }

    pub fn service(&self) -> Result<Arc<Service>, ApiError> {
        match &*self.read() {
            Opened::Ready { service } => Ok(service.clone()),
            Opened::Failed { message, .. } => Err(ApiError { code: "startup_failed".into(), message: message.clone() }),
        }
    }

    pub fn status(&self) -> StartupStatus {
        let measure = measure::enabled();
        match &*self.read() {
            Opened::Ready { service } => StartupStatus {
                ok: true,
                db_path: service.db().path().display().to_string(),
                code: None,
                message: None,
                backups: vec![],
                measure,
            },
            Opened::Failed { db_path, code, message } => StartupStatus {
                ok: false,
                db_path: db_path.display().to_string(),
                code: Some(code.clone()),
                message: Some(message.clone()),
                // A newer app's file is not repaired with an older backup.
                backups: if db_path.as_os_str().is_empty() || code == "db_too_new" {
                    vec![]
                } else {
                    recovery::offered_backups(db_path)
                },
                measure,
            },
        }
    }

    /// Start-up recovery: puts the backup `name` in place of a database that
    /// failed to open (the damaged file is kept aside, never overwritten) and
    /// opens it again. Refused when the database is open, or was made by a
    /// newer app (upgrading is the fix there).
    pub fn recover(&self, name: &str) -> Result<Recovered, ApiError> {
        let mut inner = self.inner.write().unwrap_or_else(|p| p.into_inner());
        let db_path = match &*inner {
            Opened::Ready { .. } => {
                return Err(AppError::InvalidInput("数据库已经正常打开，不需要从备份恢复。".into()).into())
            }
            Opened::Failed { code, .. } if code == "db_too_new" => {
                return Err(AppError::InvalidInput(
                    "数据库是由更新版本的程序创建的：请升级本程序，而不是用旧的备份替换它。".into(),
                )
                .into())
            }
            Opened::Failed { db_path, .. } if db_path.as_os_str().is_empty() => {
                return Err(AppError::InvalidInput("还没有确定数据库文件，无法恢复。".into()).into())
            }
            Opened::Failed { db_path, .. } => db_path.clone(),
        };
        let stamp = recovery::stamp(time::OffsetDateTime::now_utc());
        let done = recovery::restore_in_place(&db_path, name, &stamp)?;
        *inner = Self::try_open(Ok(db_path));
        match &*inner {
            Opened::Ready { .. } => Ok(done),
            Opened::Failed { message, .. } => Err(AppError::Startup(format!(
                "备份已放回原处（损坏的文件另存为 {}），但仍然无法打开：{message}",
                done.kept_aside
            ))
            .into()),
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
    let task = tauri::async_runtime::spawn(background(svc));
    tauri::async_runtime::spawn(async move {
        // The loop never ends: its handle only ever returns a panic.
        if let Err(e) = task.await {
            tracing::error!("the background task (finaliser, daily backup) stopped: {e}");
        }
    });
}

/// The background task: finalises attempts whose deadline has passed (the
/// person closed the app, or just stopped) once a second — which also keeps
/// the contest clock's high-water mark — and makes the
/// daily backup (checked every ten minutes, starting now). Runs on the
/// window's runtime, or on the `serve` command's. Each step runs on the
/// blocking pool: its failures and panics are logged and the loop goes on.
pub async fn background(svc: Arc<Service>) {
    for tick in 0u64.. {
        if tick % 600 == 0 {
            let svc = svc.clone();
            match tokio::task::spawn_blocking(move || svc.daily_backup()).await {
                Ok(Ok(Some(b))) => tracing::info!(backup = %b.path, "daily backup written"),
                Ok(Ok(None)) => {}
                Ok(Err(e)) => tracing::error!("daily backup failed: {e:?}"),
                // A panic (or a cancelled task): logged, and the loop goes on.
                Err(e) => tracing::error!("daily backup task failed: {e}"),
            }
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        let svc = svc.clone();
        match tokio::task::spawn_blocking(move || svc.finalise_expired()).await {
            Ok(Ok(0)) => {}
            Ok(Ok(n)) => tracing::info!(attempts = n, "finalised expired attempts"),
            Ok(Err(e)) => tracing::error!("finalising expired attempts failed: {e:?}"),
            Err(e) => tracing::error!("the finaliser task failed: {e}"),
        }
    }
}

/// Starts the LAN host when the organizer left it on (after a restart of
/// the host PC, staff reconnect and resume).
fn autostart_host<R: Runtime>(app: &tauri::App<R>) {
    let Some(state) = app.try_state::<AppState>() else { return };
    let Ok(svc) = state.service() else { return };
    let handle = app.handle().clone();
    tauri::async_runtime::spawn(async move {
        if let Some(control) = handle.try_state::<host::HostControl>() {
            control.autostart(svc).await;
        }
    });
}

/// Closing the organizer's window closes the hall screen too (the app ends
/// with its last window; a projected screen alone could not be left).
fn close_hall_with_main<R: Runtime>(window: &tauri::Window<R>, event: &tauri::WindowEvent) {
    if window.label() == "main" && matches!(event, tauri::WindowEvent::Destroyed) {
        if let Some(hall) = window.app_handle().get_webview_window(commands::HALL_WINDOW) {
            let _ = hall.close();
        }
    }
}

/// The window's own commands (`commands::OWN_COMMANDS`, in the same order);
/// the table's are answered by `commands::table::dispatch` first.
fn own_commands<R: Runtime>(invoke: tauri::ipc::Invoke<R>) -> bool {
    let handler: &dyn Fn(tauri::ipc::Invoke<R>) -> bool = &tauri::generate_handler![
        commands::startup_status,
        commands::recover_from_backup,
        commands::ui_ready,
        commands::about,
        commands::setup_status,
        commands::setup_organizer,
        commands::login_staff,
        commands::login_code,
        commands::login_organizer,
        commands::set_my_pin,
        commands::logout,
        commands::contest_answer,
        commands::hall::set_hall_step,
        commands::hall::open_hall_screen,
        commands::hall::close_hall_screen,
        commands::hall::hall_fullscreen,
        commands::open_export_folder,
        commands::host::host_status,
        commands::host::set_host,
        commands::host::probe_host,
        commands::host::discover_hosts,
        commands::show::show_join,
        commands::show::show_buzz,
        commands::show::show_answer,
        commands::show::show_pick,
        commands::show::show_public,
        commands::show::oath_text,
    ];
    handler(invoke)
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
    let builder = builder.on_window_event(close_hall_with_main);
    builder
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(|invoke: tauri::ipc::Invoke<R>| commands::table::dispatch(invoke, own_commands))
}

/// The app's compiled configuration, assets and capabilities (generic over the
/// runtime so the command tests run the real capabilities on the mock one).
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// Linux: turns off WebKitGTK's accelerated compositing mode unless the
/// environment already decides (`WEBKIT_DISABLE_COMPOSITING_MODE` set) or
/// `LAWQUIZ_WEBKIT_COMPOSITING=1` asks to keep WebKit's default. Our pages
/// are static forms and lists with no animation that needs a GPU layer tree,
/// and compositing costs ~100 MB of PSS idle on 首页 (GL tiles and the
/// software GL stack on PCs without a usable GPU driver, common on 信创
/// machines; measured in docs/performance.md). Called before any thread
/// exists, as setting the environment requires.
#[cfg(target_os = "linux")]
fn quiet_webkit_compositing() {
    let keep = std::env::var("LAWQUIZ_WEBKIT_COMPOSITING").is_ok_and(|v| v == "1");
    if !keep && std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

/// Starts the desktop app.
pub fn run() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        // GTK would panic; say what is wrong instead.
        eprintln!(
            "法治知识竞答需要图形桌面才能打开窗口：没有找到显示器（DISPLAY 未设置）。\n\
             在没有显示器的电脑上可以用命令行：lawquiz serve（作为局域网主机）、lawquiz backup、lawquiz import、lawquiz export；lawquiz --help 查看用法。"
        );
        std::process::exit(1);
    }
    #[cfg(target_os = "linux")]
    quiet_webkit_compositing();
    // The same database the window will open (Tauri's app-data folder is
    // the OS data folder + the identifier), so the log sits beside it.
    let db = paths::resolve_db_path(std::env::args().skip(1), std::env::var(paths::DB_ENV).ok(), paths::app_data_dir());
    let _log = logging::init(db.ok().map(|p| logging::log_dir_for(&p)).as_deref());
    if let Err(e) = build_app(tauri::Builder::default(), DbChoice::FromEnvironment).run(context()) {
        eprintln!("法治知识竞答无法启动窗口：{e}");
        std::process::exit(1);
    }
}
