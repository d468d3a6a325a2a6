//! Tauri commands: thin adapters from the window to the service. Each one
//! resolves the caller from the session token, calls one service function,
//! and returns its response or an `{code, message}` error. Commands that
//! touch SQLite are `async` so they run off the UI thread.

use crate::core::law::Law;
use crate::error::{ApiError, AppError};
use crate::service::about::AboutView;
use crate::service::api::*;
use crate::service::auth::Actor;
use crate::service::backup::BackupInfo;
use crate::service::certificates::{CertificateSheet, SaveCertificateSettingsRequest};
use crate::service::recovery::{RecoverRequest, Recovered};
use crate::service::settings::Settings;
use crate::service::Service;
use crate::store::audit::AuditRow;
use crate::store::people::EmployeeRow;
use crate::AppState;
use serde::Serialize;
use std::sync::Arc;
use tauri::State;

type Res<T> = Result<T, ApiError>;

/// Whether start-up succeeded, and where the data is.
#[derive(Debug, Clone, Serialize)]
pub struct StartupStatus {
    pub ok: bool,
    pub db_path: String,
    /// The error's code when start-up failed (`db_damaged`, `db_too_new`…).
    pub code: Option<String>,
    pub message: Option<String>,
    /// When start-up failed: the newest backups of that database, offered
    /// for "用最近的备份恢复" (empty for a database from a newer app).
    pub backups: Vec<BackupInfo>,
    /// Whether the page should report when it is ready (`LAWQUIZ_MEASURE=1`).
    pub measure: bool,
}

fn caller(state: &AppState, token: &str) -> Res<(Arc<Service>, Actor)> {
    let svc = state.service()?;
    let actor = svc.authenticate(token)?;
    Ok((svc, actor))
}

fn law(name: &str) -> Res<Law> {
    Law::parse(name).ok_or_else(|| AppError::InvalidInput(format!("没有名为“{name}”的法律。")).into())
}

#[tauri::command(async)]
pub fn startup_status(state: State<'_, AppState>) -> StartupStatus {
    state.status()
}

/// Start-up recovery (no session: there is no database to hold one): puts
/// a backup offered by `startup_status` in place of the damaged file.
#[tauri::command(async)]
pub fn recover_from_backup(state: State<'_, AppState>, req: RecoverRequest) -> Res<Recovered> {
    state.recover(&req.name)
}

/// The page reports a screen rendered and painted (only asked for, and only
/// printed, under `LAWQUIZ_MEASURE=1`; see `measure`).
#[tauri::command]
pub fn ui_ready(req: UiReadyRequest) {
    if let Some(line) = crate::measure::ready_line(&req.screen, req.page_ms) {
        eprintln!("{line}");
    }
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct UiReadyRequest {
    pub screen: String,
    pub page_ms: f64,
}

#[tauri::command(async)]
pub fn about(state: State<'_, AppState>, token: String) -> Res<AboutView> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.about(&a)?)
}

#[tauri::command(async)]
pub fn setup_status(state: State<'_, AppState>) -> Res<SetupStatus> {
    Ok(state.service()?.setup_status()?)
}

#[tauri::command(async)]
pub fn setup_organizer(state: State<'_, AppState>, req: SetupOrganizerRequest) -> Res<LoginResponse> {
    Ok(state.service()?.setup_organizer(req)?)
}

#[tauri::command(async)]
pub fn login_staff(state: State<'_, AppState>, req: StaffLoginRequest) -> Res<LoginResponse> {
    Ok(state.service()?.login_staff(req, LOCAL_SOURCE)?)
}

#[tauri::command(async)]
pub fn login_code(state: State<'_, AppState>, req: CodeLoginRequest) -> Res<LoginResponse> {
    Ok(state.service()?.login_code(&req.code, LOCAL_SOURCE)?)
}

#[tauri::command(async)]
pub fn login_organizer(state: State<'_, AppState>, req: OrganizerLoginRequest) -> Res<LoginResponse> {
    Ok(state.service()?.login_organizer(req, LOCAL_SOURCE)?)
}

/// Where a log-in in this window comes from, as the audit log names it.
const LOCAL_SOURCE: &str = "本机窗口";

#[tauri::command(async)]
pub fn set_my_pin(state: State<'_, AppState>, token: String, req: SetPinRequest) -> Res<()> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.set_my_pin(&a, req, LOCAL_SOURCE)?)
}

#[tauri::command(async)]
pub fn logout(state: State<'_, AppState>, token: String) -> Res<()> {
    state.service()?.logout(&token);
    Ok(())
}

#[tauri::command(async)]
pub fn whoami(state: State<'_, AppState>, token: String) -> Res<WhoAmI> {
    let (_, a) = caller(&state, &token)?;
    Ok(WhoAmI { role: a.role().into(), name: a.name().into() })
}

#[tauri::command(async)]
pub fn home(state: State<'_, AppState>, token: String) -> Res<HomeView> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.home(&a)?)
}

#[tauri::command(async)]
pub fn practice_scopes(state: State<'_, AppState>, token: String, req: SubjectRequest) -> Res<ScopeTree> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.practice_scopes(&a, req.subject)?)
}

#[tauri::command(async)]
pub fn practice_start(state: State<'_, AppState>, token: String, req: PracticeStartRequest) -> Res<PracticeSet> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.practice_start(&a, req)?)
}

#[tauri::command(async)]
pub fn wrong_book_set(state: State<'_, AppState>, token: String) -> Res<PracticeSet> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.wrong_book_set(&a)?)
}

#[tauri::command(async)]
pub fn practice_question(state: State<'_, AppState>, token: String, req: QuestionRequest) -> Res<QuestionView> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.practice_question(&a, req)?)
}

#[tauri::command(async)]
pub fn practice_answer(state: State<'_, AppState>, token: String, req: PracticeAnswerRequest) -> Res<Feedback> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.practice_answer(&a, req)?)
}

#[tauri::command(async)]
pub fn study_event(state: State<'_, AppState>, token: String, req: StudyEventRequest) -> Res<()> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.study_event(&a, req)?)
}

#[tauri::command(async)]
pub fn my_study(state: State<'_, AppState>, token: String) -> Res<MyStudy> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.my_study(&a)?)
}

#[tauri::command(async)]
pub fn library_tree(state: State<'_, AppState>, token: String, req: LawRequest) -> Res<Vec<LibraryNode>> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.library_tree(&a, law(&req.law)?)?)
}

#[tauri::command(async)]
pub fn library_articles(state: State<'_, AppState>, token: String, req: ArticlesRequest) -> Res<Vec<LibraryArticle>> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.library_articles(&a, law(&req.law)?, req.from, req.to)?)
}

#[tauri::command(async)]
pub fn library_search(state: State<'_, AppState>, token: String, req: SearchRequest) -> Res<SearchResult> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.library_search(&a, req)?)
}

#[tauri::command(async)]
pub fn article_questions(state: State<'_, AppState>, token: String, req: ArticleRequest) -> Res<Vec<ArticleQuestion>> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.article_questions(&a, law(&req.law)?, req.article)?)
}

#[tauri::command(async)]
pub fn people(state: State<'_, AppState>, token: String) -> Res<PeopleView> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.people(&a)?)
}

#[tauri::command(async)]
pub fn save_employee(state: State<'_, AppState>, token: String, req: SaveEmployeeRequest) -> Res<EmployeeRow> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.save_employee(&a, req)?)
}

#[tauri::command(async)]
pub fn reset_pin(state: State<'_, AppState>, token: String, req: EmployeeIdRequest) -> Res<EmployeeRow> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.reset_pin(&a, req.id)?)
}

#[tauri::command(async)]
pub fn issue_login_codes(state: State<'_, AppState>, token: String, req: LoginCodesRequest) -> Res<Vec<LoginCodeRow>> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.issue_login_codes(&a, &req.ids)?)
}

#[tauri::command(async)]
pub fn study_report(state: State<'_, AppState>, token: String) -> Res<StudyReport> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.study_report(&a)?)
}

#[tauri::command(async)]
pub fn get_settings(state: State<'_, AppState>, token: String) -> Res<Settings> {
    let (svc, _) = caller(&state, &token)?;
    Ok(svc.settings()?)
}

#[tauri::command(async)]
pub fn update_settings(state: State<'_, AppState>, token: String, req: Settings) -> Res<Settings> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.update_settings(&a, req)?)
}

#[tauri::command(async)]
pub fn audit_log(state: State<'_, AppState>, token: String) -> Res<Vec<AuditRow>> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.audit_log(&a, 500)?)
}

// ---- contests: organizer ----

#[tauri::command(async)]
pub fn contests(state: State<'_, AppState>, token: String) -> Res<Vec<ContestView>> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.contests(&a)?)
}

#[tauri::command(async)]
pub fn save_contest(state: State<'_, AppState>, token: String, req: SaveContestRequest) -> Res<ContestView> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.save_contest(&a, req)?)
}

#[tauri::command(async)]
pub fn paper_pools(state: State<'_, AppState>, token: String, req: PoolsRequest) -> Res<Vec<usize>> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.paper_pools(&a, &req.rules)?)
}

#[tauri::command(async)]
pub fn contest_detail(state: State<'_, AppState>, token: String, req: ContestIdRequest) -> Res<ContestView> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.contest(&a, req.id)?)
}

#[tauri::command(async)]
pub fn preview_paper(state: State<'_, AppState>, token: String, req: ContestIdRequest) -> Res<Vec<PreviewItem>> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.preview_paper(&a, req.id)?)
}

#[tauri::command(async)]
pub fn set_contest_state(state: State<'_, AppState>, token: String, req: SetStateRequest) -> Res<ContestView> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.set_contest_state(&a, req)?)
}

#[tauri::command(async)]
pub fn contest_results(state: State<'_, AppState>, token: String, req: ContestIdRequest) -> Res<ContestResults> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.contest_results(&a, req.id)?)
}

#[tauri::command(async)]
pub fn certificates(state: State<'_, AppState>, token: String, req: ContestIdRequest) -> Res<CertificateSheet> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.certificates(&a, req.id)?)
}

#[tauri::command(async)]
pub fn save_certificate_settings(
    state: State<'_, AppState>,
    token: String,
    req: SaveCertificateSettingsRequest,
) -> Res<CertificateSheet> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.save_certificate_settings(&a, req)?)
}

#[tauri::command(async)]
pub fn run_draw(state: State<'_, AppState>, token: String, req: DrawRequest) -> Res<DrawView> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.run_draw(&a, req)?)
}

#[tauri::command(async)]
pub fn void_draw(state: State<'_, AppState>, token: String, req: VoidDrawRequest) -> Res<DrawView> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.void_draw(&a, req)?)
}

#[tauri::command(async)]
pub fn verify_draw(state: State<'_, AppState>, token: String, req: VerifyDrawRequest) -> Res<VerifyResult> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.verify_draw(&a, req)?)
}

#[tauri::command(async)]
pub fn big_screen(state: State<'_, AppState>, token: String, req: ContestIdRequest) -> Res<BigScreen> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.big_screen(&a, req.id)?)
}

// ---- contests: staff ----

#[tauri::command(async)]
pub fn open_contests(state: State<'_, AppState>, token: String) -> Res<Vec<OpenContest>> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.open_contests(&a)?)
}

/// 我的成绩: the caller's own handed-in attempts (staff only, no keys).
#[tauri::command(async)]
pub fn my_results(state: State<'_, AppState>, token: String) -> Res<Vec<MyResult>> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.my_results(&a)?)
}

#[tauri::command(async)]
pub fn start_attempt(state: State<'_, AppState>, token: String, req: ContestIdRequest) -> Res<AttemptView> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.start_attempt(&a, req.id)?)
}

#[tauri::command(async)]
pub fn attempt(state: State<'_, AppState>, token: String, req: AttemptIdRequest) -> Res<AttemptView> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.attempt(&a, req.attempt_id)?)
}

#[tauri::command(async)]
pub fn contest_answer(state: State<'_, AppState>, token: String, req: ContestAnswerRequest) -> Res<AnswerAck> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.contest_answer(&a, req)?)
}

#[tauri::command(async)]
pub fn contest_mark(state: State<'_, AppState>, token: String, req: MarkRequest) -> Res<()> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.contest_mark(&a, req)?)
}

#[tauri::command(async)]
pub fn submit_attempt(state: State<'_, AppState>, token: String, req: AttemptIdRequest) -> Res<AttemptResult> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.submit_attempt(&a, req.attempt_id)?)
}

#[tauri::command(async)]
pub fn attempt_result(state: State<'_, AppState>, token: String, req: AttemptIdRequest) -> Res<AttemptResult> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.attempt_result(&a, req.attempt_id)?)
}

// ---- exports ----

use crate::service::export::{ExportContestRequest, ExportFile, ExportStudyRequest};
use tauri::{AppHandle, Runtime};

/// Asks where to save `file` (opening in the last export folder, or 文档 /
/// 桌面 / home when there is none or it was a temporary one), writes
/// it, and records it. None when the organizer cancels. Started with
/// `--export-dir PATH` (or `LAWQUIZ_EXPORT_DIR`) — scripted set-ups, the
/// end-to-end tests — files go to that folder without asking.
fn save_with_dialog<R: Runtime>(
    app: &AppHandle<R>,
    svc: &Service,
    actor: &Actor,
    file: ExportFile,
) -> Res<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    if let Some(dir) =
        crate::paths::export_dir(std::env::args().skip(1), std::env::var(crate::paths::EXPORT_DIR_ENV).ok())
    {
        let path = dir.join(&file.file_name);
        std::fs::write(&path, &file.bytes).map_err(AppError::from)?;
        svc.exported(actor, &path)?;
        return Ok(Some(path.display().to_string()));
    }
    let ext = file.file_name.rsplit('.').next().unwrap_or("").to_string();
    let kind = if ext == "xlsx" { "Excel 工作簿" } else { "CSV 文件（Excel 可打开）" };
    let mut dialog =
        app.dialog().file().set_title("保存导出文件").set_file_name(&file.file_name).add_filter(kind, &[&ext]);
    if let Some(dir) = svc.export_start_dir()? {
        dialog = dialog.set_directory(dir);
    }
    let Some(chosen) = dialog.blocking_save_file() else { return Ok(None) };
    let path = chosen.into_path().map_err(|e| AppError::InvalidInput(format!("无法使用这个保存位置：{e}")))?;
    std::fs::write(&path, &file.bytes).map_err(AppError::from)?;
    svc.exported(actor, &path)?;
    Ok(Some(path.display().to_string()))
}

#[tauri::command(async)]
pub fn export_contest<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    token: String,
    req: ExportContestRequest,
) -> Res<Option<String>> {
    let (svc, a) = caller(&state, &token)?;
    let file = svc.export_contest(&a, &req)?;
    save_with_dialog(&app, &svc, &a, file)
}

#[tauri::command(async)]
pub fn export_study<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    token: String,
    req: ExportStudyRequest,
) -> Res<Option<String>> {
    let (svc, a) = caller(&state, &token)?;
    let file = svc.export_study(&a, &req)?;
    save_with_dialog(&app, &svc, &a, file)
}

#[derive(Debug, serde::Deserialize)]
pub struct OpenFolderRequest {
    pub path: String,
}

/// 打开所在文件夹: shows the folder of a file this app exported (checked
/// against the audit log) in the system's file manager.
#[tauri::command(async)]
pub fn open_export_folder(state: State<'_, AppState>, token: String, req: OpenFolderRequest) -> Res<()> {
    let (svc, a) = caller(&state, &token)?;
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
}

// ---- backups ----

use crate::service::backup::RestoreRequest;

#[tauri::command(async)]
pub fn backups(state: State<'_, AppState>, token: String) -> Res<Vec<BackupInfo>> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.backups(&a)?)
}

#[tauri::command(async)]
pub fn backup_now(state: State<'_, AppState>, token: String) -> Res<BackupInfo> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.backup_now(&a)?)
}

#[tauri::command(async)]
pub fn restore_backup(state: State<'_, AppState>, token: String, req: RestoreRequest) -> Res<BackupInfo> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.restore_backup(&a, &req)?)
}

// ---- imports ----

use crate::service::import::{ImportPreview, ImportRequest, ImportResult};

#[tauri::command(async)]
pub fn preview_question_import(state: State<'_, AppState>, token: String, req: ImportRequest) -> Res<ImportPreview> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.preview_question_import(&a, &req)?)
}

#[tauri::command(async)]
pub fn import_questions(state: State<'_, AppState>, token: String, req: ImportRequest) -> Res<ImportResult> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.import_questions(&a, &req)?)
}

use crate::service::contest_only::{ContestOnlyCount, ContestOnlyRequest};

#[tauri::command(async)]
pub fn contest_only_summary(state: State<'_, AppState>, token: String) -> Res<Vec<ContestOnlyCount>> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.contest_only_summary(&a)?)
}

#[tauri::command(async)]
pub fn set_contest_only(
    state: State<'_, AppState>,
    token: String,
    req: ContestOnlyRequest,
) -> Res<Vec<ContestOnlyCount>> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.set_contest_only(&a, req)?)
}

use crate::service::roster::RosterPreview;

#[tauri::command(async)]
pub fn preview_roster_import(state: State<'_, AppState>, token: String, req: ImportRequest) -> Res<RosterPreview> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.preview_roster_import(&a, &req)?)
}

#[tauri::command(async)]
pub fn import_roster(state: State<'_, AppState>, token: String, req: ImportRequest) -> Res<RosterPreview> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.import_roster(&a, &req)?)
}

#[tauri::command(async)]
pub fn export_questions<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    token: String,
) -> Res<Option<String>> {
    let (svc, a) = caller(&state, &token)?;
    let file = svc.export_questions(&a)?;
    save_with_dialog(&app, &svc, &a, file)
}

#[tauri::command(async)]
pub fn download_template<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    token: String,
    req: TemplateRequest,
) -> Res<Option<String>> {
    let (svc, a) = caller(&state, &token)?;
    let file = svc.template(&a, &req.kind)?;
    save_with_dialog(&app, &svc, &a, file)
}

// ---- LAN host ----

use crate::host::{HostControl, HostStatus, ProbeRequest, ProbeResult};
use crate::service::host_settings::HostSettings;

#[tauri::command]
pub async fn host_status(state: State<'_, AppState>, host: State<'_, HostControl>, token: String) -> Res<HostStatus> {
    let (svc, a) = caller(&state, &token)?;
    a.organizer()?;
    Ok(host.status(&svc).await?)
}

/// Saves the host settings and starts, restarts or stops the host.
#[tauri::command]
pub async fn set_host(
    state: State<'_, AppState>,
    host: State<'_, HostControl>,
    token: String,
    req: HostSettings,
) -> Res<HostStatus> {
    let (svc, a) = caller(&state, &token)?;
    let saved = svc.update_host_settings(&a, req)?;
    host.apply(svc.clone(), &saved).await?;
    Ok(host.status(&svc).await?)
}

/// Checks an address before the window connects to it (client mode).
#[tauri::command(async)]
pub fn probe_host(req: ProbeRequest) -> Res<ProbeResult> {
    Ok(crate::host::probe(&req.address)?)
}

/// 连接主机: the LawQuiz hosts announcing themselves on the LAN (mDNS),
/// after listening for about 3 seconds.
#[tauri::command(async)]
pub fn discover_hosts() -> Res<Vec<crate::host::discovery::FoundHost>> {
    Ok(crate::host::discovery::browse(crate::host::discovery::BROWSE_FOR)?)
}

// ---- the hall screen (会场大屏) ----

use crate::service::hall::{HallScreen, HallStep, HallStepRequest};
use std::sync::atomic::{AtomicBool, Ordering};
use tauri::{LogicalSize, Manager, Monitor, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

/// The label of the hall window (the big screen the projector shows).
pub const HALL_WINDOW: &str = "hall";

/// Where the hall window went.
#[derive(Debug, Clone, Serialize)]
pub struct HallWindow {
    /// Whether it is on a display other than the organizer's window's.
    pub second_display: bool,
    /// That display's name, when the system gives one.
    pub monitor: Option<String>,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct FullscreenRequest {
    /// Full screen or not; None toggles (F11).
    pub on: Option<bool>,
}

#[tauri::command(async)]
pub fn hall_screen(state: State<'_, AppState>, token: String, req: ContestIdRequest) -> Res<HallScreen> {
    let (svc, a) = caller(&state, &token)?;
    Ok(svc.hall_screen(&a, &req)?)
}

/// Moves the hall to screen `step`, and tells the app's windows at once (the
/// hall window and the organizer's 大屏控制 redraw without waiting for their
/// 3-second refresh).
#[tauri::command(async)]
pub fn set_hall_step<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    token: String,
    req: HallStepRequest,
) -> Res<HallStep> {
    let (svc, a) = caller(&state, &token)?;
    let out = svc.set_hall_step(&a, &req)?;
    for w in app.webview_windows().values() {
        let _ = w.eval("window.dispatchEvent(new Event('lawquiz-hall-step'))");
    }
    Ok(out)
}

/// A display as (x, y, width, height), in physical pixels.
pub type DisplayArea = (i32, i32, u32, u32);

/// Which display the hall window goes to: one other than the organizer's
/// window's (the largest when there are several: the projector, not a
/// laptop's own screen), else the organizer's, else the first. Its index
/// in `all`, and whether it is another display than the organizer's.
pub fn hall_display(organizer: Option<DisplayArea>, all: &[DisplayArea]) -> Option<(usize, bool)> {
    let other = all
        .iter()
        .enumerate()
        .filter(|(_, a)| organizer.is_some_and(|o| **a != o))
        .max_by_key(|(i, a)| (u64::from(a.2) * u64::from(a.3), std::cmp::Reverse(*i)));
    if let Some((i, _)) = other {
        return Some((i, true));
    }
    let here = organizer.and_then(|o| all.iter().position(|a| *a == o));
    here.or((!all.is_empty()).then_some(0)).map(|i| (i, false))
}

fn window_error(e: tauri::Error) -> ApiError {
    AppError::InvalidInput(format!("无法打开大屏窗口：{e}")).into()
}

/// Opens the hall window on contest `id` (organizer only): its own window,
/// full screen, on the second display when there is one (else on the
/// organizer's). Opened again, it shows that contest and comes to the front.
/// The window carries the organizer's session (set before the page loads),
/// so it needs no log-in on the projected screen.
#[tauri::command(async)]
pub fn open_hall_screen<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    token: String,
    req: ContestIdRequest,
) -> Res<HallWindow> {
    let (svc, a) = caller(&state, &token)?;
    svc.hall_screen(&a, &req)?; // an organizer, and the contest exists
    let hash = format!("#/screen/{}", req.id.0);
    let area = |m: &Monitor| (m.position().x, m.position().y, m.size().width, m.size().height);
    let here = app.get_webview_window("main").and_then(|m| m.current_monitor().ok().flatten());
    let monitors = app.available_monitors().unwrap_or_default();
    let choice = hall_display(here.as_ref().map(area), &monitors.iter().map(area).collect::<Vec<_>>());
    let target =
        choice.and_then(|(i, _)| monitors.get(i).cloned()).or(here).or_else(|| app.primary_monitor().ok().flatten());
    let placed = HallWindow {
        second_display: choice.is_some_and(|(_, other)| other),
        monitor: target.as_ref().and_then(|m| m.name().cloned()),
    };
    if let Some(w) = app.get_webview_window(HALL_WINDOW) {
        let _ = w.eval(format!("location.hash = {};", serde_json::to_string(&hash).map_err(AppError::from)?));
        hall_full_screen(&w, true, target).map_err(window_error)?;
        w.set_focus().map_err(window_error)?;
        return Ok(placed);
    }
    let name = match &a {
        Actor::Organizer { name, .. } | Actor::Staff { name, .. } => name.clone(),
    };
    let session = serde_json::json!({ "token": token, "role": "organizer", "name": name }).to_string();
    let script = format!(
        "window.__LAWQUIZ_HALL__ = true; try {{ sessionStorage.setItem('lawquiz.session', {}); }} catch (e) {{}}",
        serde_json::to_string(&session).map_err(AppError::from)?
    );
    let mut builder = WebviewWindowBuilder::new(&app, HALL_WINDOW, WebviewUrl::App(format!("index.html{hash}").into()))
        .title("法治知识竞答 · 会场大屏")
        .decorations(false)
        .initialization_script(script);
    if let Some(m) = &target {
        let (p, size, scale) = (m.position(), m.size(), m.scale_factor());
        builder = builder
            .position(f64::from(p.x) / scale, f64::from(p.y) / scale)
            .inner_size(f64::from(size.width) / scale, f64::from(size.height) / scale);
    }
    let w = builder.build().map_err(window_error)?;
    hall_full_screen(&w, true, target).map_err(window_error)?;
    w.set_focus().map_err(window_error)?;
    Ok(placed)
}

/// Whether the hall window is full screen (kept here: without a window
/// manager, as under Xvfb, the system never reports the state back).
static HALL_FULL: AtomicBool = AtomicBool::new(false);

/// Full screen on: borderless and covering the whole display `on_monitor`
/// (or the one the window is on), then the system's full screen on top (a
/// window manager takes away its panels). Off: a normal 1280×800 window in
/// the middle of the display, with its title bar.
fn hall_full_screen<R: Runtime>(w: &WebviewWindow<R>, on: bool, on_monitor: Option<Monitor>) -> tauri::Result<()> {
    if on {
        let m = match on_monitor {
            Some(m) => Some(m),
            None => w.current_monitor()?,
        };
        w.set_decorations(false)?;
        if let Some(m) = m {
            w.set_position(*m.position())?;
            w.set_size(*m.size())?;
        }
        w.set_fullscreen(true)?;
    } else {
        w.set_fullscreen(false)?;
        w.set_decorations(true)?;
        w.set_size(LogicalSize::new(1280.0, 800.0))?;
        w.center()?;
    }
    HALL_FULL.store(on, Ordering::SeqCst);
    Ok(())
}

/// Closes the hall window (退出大屏 on the organizer's window).
#[tauri::command(async)]
pub fn close_hall_screen<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, token: String) -> Res<bool> {
    let (_, a) = caller(&state, &token)?;
    a.organizer()?;
    match app.get_webview_window(HALL_WINDOW) {
        Some(w) => {
            w.close().map_err(window_error)?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// F11 and Esc in the hall window: full screen on, off or toggled, for the
/// calling window only (the hall; any other window is left as it is).
/// Returns whether it is full screen now.
#[tauri::command(async)]
pub fn hall_fullscreen<R: Runtime>(window: WebviewWindow<R>, req: FullscreenRequest) -> Res<bool> {
    if window.label() != HALL_WINDOW {
        return Ok(false);
    }
    let now = HALL_FULL.load(Ordering::SeqCst);
    let want = req.on.unwrap_or(!now);
    if want != now {
        hall_full_screen(&window, want, None).map_err(window_error)?;
    }
    Ok(want)
}
