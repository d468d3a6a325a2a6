//! Tauri commands: thin adapters from the window to the service. The
//! commands the LAN host offers too are generated from the command table
//! (`commands::table`); the ones here are the window's own: start-up,
//! log-in in this window, the answer's async path, saving files, and (in
//! `hall`, `host`) the hall window and the LAN host's control.
//!
//! No command body runs on the async runtime's threads, which the in-app
//! LAN host (设置 → 作为主机) serves on: SQLite, argon2 and file writes go to
//! tokio's blocking pool ([`blocking`]); answers wait on the group-commit
//! writer without holding a thread; save dialogs answer through a callback.

use crate::error::{ApiError, AppError};
use crate::service::api::*;
use crate::service::auth::Actor;
use crate::service::recovery::{RecoverRequest, Recovered};
use crate::service::Service;
use crate::AppState;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use tauri::{AppHandle, Runtime, State};

pub(crate) type Res<T> = Result<T, ApiError>;

/// Runs `f` on tokio's blocking pool and waits for it without holding an
/// async thread.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> crate::error::Result<T> + Send + 'static,
) -> Res<T> {
    match tauri::async_runtime::spawn_blocking(f).await {
        Ok(r) => r.map_err(ApiError::from),
        Err(e) => Err(AppError::internal(format!("a window command's blocking call failed: {e}")).into()),
    }
}

/// The request as the page sent it (absent = `{}`), parsed here so that a
/// malformed one gets a Chinese message; serde's detail goes to the log.
pub fn parse_req<T: DeserializeOwned>(req: Option<serde_json::Value>) -> crate::error::Result<T> {
    serde_json::from_value(req.unwrap_or_else(|| serde_json::json!({}))).map_err(|e| {
        tracing::warn!("window request refused: {e}");
        AppError::InvalidInput("请求格式不正确，请刷新页面后重试。".into())
    })
}

/// The service and the caller behind `token`, checked on the blocking pool
/// (a session this process has not seen is looked up in the database).
pub(crate) async fn caller(state: &AppState, token: String) -> Res<(Arc<Service>, Actor)> {
    let svc = state.service()?;
    blocking(move || {
        let actor = svc.authenticate(&token)?;
        Ok((svc, actor))
    })
    .await
}

/// Where a log-in in this window comes from, as the audit log names it.
const LOCAL_SOURCE: &str = "本机窗口";

/// The window's own commands (the table's come from `table`), by name: the
/// command-table test checks the UI and docs/api.md against them.
pub const OWN_COMMANDS: &[&str] = &[
    "startup_status",
    "recover_from_backup",
    "ui_ready",
    "about",
    "setup_status",
    "setup_organizer",
    "login_staff",
    "login_code",
    "login_organizer",
    "set_my_pin",
    "logout",
    "contest_answer",
    "set_hall_step",
    "open_hall_screen",
    "close_hall_screen",
    "hall_fullscreen",
    "open_export_folder",
    "host_status",
    "set_host",
    "probe_host",
    "discover_hosts",
    "show_join",
    "show_buzz",
    "show_answer",
    "show_pick",
    "show_public",
    "oath_text",
];

#[tauri::command]
pub async fn startup_status(state: State<'_, AppState>) -> Res<StartupStatus> {
    Ok(state.status())
}

/// Start-up recovery (no session: there is no database to hold one): puts
/// a backup offered by `startup_status` in place of the damaged file.
#[tauri::command]
pub async fn recover_from_backup<R: Runtime>(app: AppHandle<R>, req: Option<serde_json::Value>) -> Res<Recovered> {
    let req: RecoverRequest = parse_req(req)?;
    match tauri::async_runtime::spawn_blocking(move || {
        use tauri::Manager;
        app.state::<AppState>().recover(&req.name)
    })
    .await
    {
        Ok(r) => r,
        Err(e) => Err(AppError::internal(format!("recovery failed: {e}")).into()),
    }
}

/// The page reports a screen rendered and painted (only asked for, and only
/// printed, under `LAWQUIZ_MEASURE=1`; see `measure`).
#[tauri::command]
pub fn ui_ready(req: Option<serde_json::Value>) -> Res<()> {
    let req: UiReadyRequest = parse_req(req)?;
    if let Some(line) = crate::measure::ready_line(&req.screen, req.page_ms) {
        eprintln!("{line}");
    }
    Ok(())
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct UiReadyRequest {
    pub screen: String,
    pub page_ms: f64,
}

#[tauri::command]
pub async fn about(state: State<'_, AppState>, token: String) -> Res<AboutView> {
    let (svc, a) = caller(&state, token).await?;
    blocking(move || svc.about(&a)).await
}

#[tauri::command]
pub async fn setup_status(state: State<'_, AppState>) -> Res<SetupStatus> {
    let svc = state.service()?;
    blocking(move || svc.setup_status()).await
}

#[tauri::command]
pub async fn setup_organizer(state: State<'_, AppState>, req: Option<serde_json::Value>) -> Res<LoginResponse> {
    let svc = state.service()?;
    blocking(move || svc.setup_organizer(parse_req(req)?)).await
}

#[tauri::command]
pub async fn login_staff(state: State<'_, AppState>, req: Option<serde_json::Value>) -> Res<LoginResponse> {
    let svc = state.service()?;
    blocking(move || svc.login_staff(parse_req(req)?, LOCAL_SOURCE)).await
}

#[tauri::command]
pub async fn login_code(state: State<'_, AppState>, req: Option<serde_json::Value>) -> Res<LoginResponse> {
    let svc = state.service()?;
    blocking(move || {
        let req: CodeLoginRequest = parse_req(req)?;
        svc.login_code(&req.code, LOCAL_SOURCE)
    })
    .await
}

#[tauri::command]
pub async fn login_organizer(state: State<'_, AppState>, req: Option<serde_json::Value>) -> Res<LoginResponse> {
    let svc = state.service()?;
    blocking(move || svc.login_organizer(parse_req(req)?, LOCAL_SOURCE)).await
}

#[tauri::command]
pub async fn set_my_pin(state: State<'_, AppState>, token: String, req: Option<serde_json::Value>) -> Res<()> {
    let (svc, a) = caller(&state, token).await?;
    blocking(move || svc.set_my_pin(&a, parse_req(req)?, LOCAL_SOURCE)).await
}

#[tauri::command]
pub async fn logout(state: State<'_, AppState>, token: String) -> Res<()> {
    let svc = state.service()?;
    blocking(move || {
        svc.logout(&token);
        Ok(())
    })
    .await
}

/// The answer: queued for the group-commit writer, awaited without holding
/// a thread (as the LAN host does).
#[tauri::command]
pub async fn contest_answer(
    state: State<'_, AppState>,
    token: String,
    req: Option<serde_json::Value>,
) -> Res<AnswerAck> {
    let req: ContestAnswerRequest = parse_req(req)?;
    let (svc, a) = caller(&state, token).await?;
    Ok(svc.contest_answer_async(&a, req).await?)
}

// ---- saving files ----

/// Asks where to save `file` (opening in the last export folder, or 文档 /
/// 桌面 / home when there is none or it was a temporary one), writes
/// it, and records it. None when the organizer cancels. Started with
/// `--export-dir PATH` (or `LAWQUIZ_EXPORT_DIR`) — scripted set-ups, the
/// end-to-end tests — files go to that folder without asking. The dialog
/// answers through a callback; the file is written on the blocking pool.
pub(crate) async fn save_file<R: Runtime>(
    app: AppHandle<R>,
    svc: Arc<Service>,
    actor: Actor,
    file: ExportFile,
) -> Res<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    if let Some(dir) =
        crate::paths::export_dir(std::env::args().skip(1), std::env::var(crate::paths::EXPORT_DIR_ENV).ok())
    {
        return blocking(move || write_export(&svc, &actor, &dir.join(&file.file_name), &file.bytes).map(Some)).await;
    }
    let ext = file.file_name.rsplit('.').next().unwrap_or("").to_string();
    let kind = if ext == "xlsx" { "Excel 工作簿" } else { "CSV 文件（Excel 可打开）" };
    let start = {
        let svc = svc.clone();
        blocking(move || svc.export_start_dir()).await?
    };
    let mut dialog =
        app.dialog().file().set_title("保存导出文件").set_file_name(&file.file_name).add_filter(kind, &[&ext]);
    if let Some(dir) = start {
        dialog = dialog.set_directory(dir);
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    dialog.save_file(move |chosen| {
        let _ = tx.send(chosen);
    });
    let Some(chosen) = rx.await.ok().flatten() else { return Ok(None) };
    let path = chosen.into_path().map_err(|e| AppError::InvalidInput(format!("无法使用这个保存位置：{e}")))?;
    blocking(move || write_export(&svc, &actor, &path, &file.bytes).map(Some)).await
}

fn write_export(svc: &Service, actor: &Actor, path: &std::path::Path, bytes: &[u8]) -> crate::error::Result<String> {
    std::fs::write(path, bytes)?;
    svc.exported(actor, path)?;
    Ok(path.display().to_string())
}

#[derive(Debug, serde::Deserialize)]
pub struct OpenFolderRequest {
    pub path: String,
}

/// 打开所在文件夹: shows the folder of a file this app exported (checked
/// against the audit log) in the system's file manager.
#[tauri::command]
pub async fn open_export_folder(state: State<'_, AppState>, token: String, req: Option<serde_json::Value>) -> Res<()> {
    let (svc, a) = caller(&state, token).await?;
    blocking(move || {
        let req: OpenFolderRequest = parse_req(req)?;
        let dir = svc.export_folder(&a, &req.path)?;
        let opener = if cfg!(target_os = "windows") {
            "explorer"
        } else if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        // The child is left to run on its own; reaping it in a thread keeps
        // no zombie behind.
        let mut child = std::process::Command::new(opener)
            .arg(&dir)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map_err(|e| AppError::InvalidInput(format!("无法打开文件夹（{}）：{e}", dir.display())))?;
        std::thread::spawn(move || {
            let _ = child.wait();
        });
        Ok(())
    })
    .await
}

pub mod hall;
pub mod host;
pub mod show;
pub mod table;
pub use hall::HALL_WINDOW;
