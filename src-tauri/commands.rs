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

pub mod hall;
pub mod host;
pub mod offline;
pub mod review;
pub use hall::HALL_WINDOW;
