//! The JSON API: `POST /api/<name>` with the request as the JSON body and
//! `Authorization: Bearer <token>`; the answer is the service's response as
//! JSON, or `{code, message}` with an HTTP status. Every route is a thin
//! adapter over the same service function, with the same request and
//! response types, as the Tauri command of the same name (docs/api.md).
//! Blocking service calls run on tokio's blocking pool; answers go to the
//! group-commit writer and wait without holding a thread.

use super::guard::{bearer, same_origin, Account};
use super::{assets, HostState};
use crate::core::law::Law;
use crate::error::{ApiError, AppError, Result};
use crate::service::api::*;
use crate::service::auth::Actor;
use crate::service::backup::RestoreRequest;
use crate::service::certificates::SaveCertificateSettingsRequest;
use crate::service::contest_only::ContestOnlyRequest;
use crate::service::export::{ExportContestRequest, ExportFile, ExportStudyRequest};
use crate::service::hall::HallStepRequest;
use crate::service::import::ImportRequest;
use crate::service::settings::Settings;
use crate::service::Service;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::sync::Arc;

type St = Arc<HostState>;

/// An error as the API sends it: `{code, message}` with a fitting status.
pub(crate) struct HttpError(AppError);

impl From<AppError> for HttpError {
    fn from(e: AppError) -> Self {
        HttpError(e)
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let status = match &self.0 {
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) | AppError::ContestInProgress(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Locked(_) => StatusCode::LOCKED,
            AppError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::InvalidInput(_) | AppError::Json(_) | AppError::WrongCredentials(_) | AppError::PinNotSet(_) => {
                StatusCode::BAD_REQUEST
            }
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        (status, Json(ApiError::from(self.0))).into_response()
    }
}

type Res<T> = std::result::Result<T, HttpError>;

/// A request with no fields (an empty body is `{}`).
#[derive(Deserialize)]
struct Empty {}

/// Reads the body up to `limit` bytes.
async fn read_body(body: Body, limit: usize) -> Res<Bytes> {
    axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| HttpError(AppError::TooLarge(format!("请求内容太大（上限 {} KB）。", limit / 1024))))
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Res<T> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
    serde_json::from_slice(body).map_err(|e| {
        // serde's (English) detail goes to the log, not to the person.
        tracing::warn!("request body refused: {e}");
        HttpError(AppError::InvalidInput("请求格式不正确，请刷新页面后重试。".into()))
    })
}

/// Runs a blocking service call on tokio's blocking pool.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Res<T> {
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r.map_err(HttpError),
        Err(e) => Err(HttpError(AppError::internal(format!("a blocking service call failed: {e}")))),
    }
}

/// What every logged-in route checks first: the origin, the session (and,
/// for organizers, the place), then the body within `limit`, parsed.
async fn caller<Req: DeserializeOwned>(
    st: &HostState,
    peer: SocketAddr,
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Res<(Actor, Req)> {
    same_origin(headers)?;
    let actor = st.actor(headers, peer)?;
    Ok((actor, parse(&read_body(body, limit).await?)?))
}

/// What an upload route checks before a byte of its (up to 48 MB) body is
/// read: the origin, the session, that the caller is an organizer in the
/// organizer's place, and a free upload slot (held until the import is
/// done). A staff token gets its 403 at once, with the body unread.
async fn uploader<Req: DeserializeOwned>(
    st: &HostState,
    peer: SocketAddr,
    headers: &HeaderMap,
    body: Body,
) -> Res<(Actor, Req, tokio::sync::OwnedSemaphorePermit)> {
    same_origin(headers)?;
    let actor = st.actor(headers, peer)?;
    let slot = st.upload_slot(&actor)?;
    let req = parse(&read_body(body, st.cfg.limits.upload_bytes).await?)?;
    Ok((actor, req, slot))
}

/// A route for a logged-in caller: `f(service, actor, request)`. With
/// `upload`, the route takes a file (organizers only, checked first).
fn authed<Req, Resp, F>(upload: bool, f: F) -> MethodRouter<St>
where
    Req: DeserializeOwned + Send + 'static,
    Resp: Serialize + Send + 'static,
    F: Fn(&Service, &Actor, Req) -> Result<Resp> + Copy + Send + Sync + 'static,
{
    post(
        move |State(st): State<St>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap, body: Body| async move {
            let svc = st.svc.clone();
            if upload {
                let (actor, req, slot): (Actor, Req, _) = uploader(&st, peer, &headers, body).await?;
                return Res::Ok(Json(
                    blocking(move || {
                        let _slot = slot; // until the import is done, even if the client has gone
                        f(&svc, &actor, req)
                    })
                    .await?,
                ));
            }
            let (actor, req): (Actor, Req) = caller(&st, peer, &headers, body, st.cfg.limits.body_bytes).await?;
            Res::Ok(Json(blocking(move || f(&svc, &actor, req)).await?))
        },
    )
}

/// A JSON route for any caller, logged in or not (start-up, log-in).
fn open<Req, Resp, F>(f: F) -> MethodRouter<St>
where
    Req: DeserializeOwned + Send + 'static,
    Resp: Serialize + Send + 'static,
    F: Fn(&HostState, SocketAddr, Req) -> Result<Resp> + Copy + Send + Sync + 'static,
{
    post(
        move |State(st): State<St>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap, body: Body| async move {
            same_origin(&headers)?;
            let req: Req = parse(&read_body(body, st.cfg.limits.body_bytes).await?)?;
            Res::Ok(Json(blocking(move || f(&st, peer, req)).await?))
        },
    )
}

/// A file download for an organizer: the export the window would save.
fn download<Req, F>(f: F) -> MethodRouter<St>
where
    Req: DeserializeOwned + Send + 'static,
    F: Fn(&Service, &Actor, Req) -> Result<ExportFile> + Copy + Send + Sync + 'static,
{
    post(
        move |State(st): State<St>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap, body: Body| async move {
            let (actor, req): (Actor, Req) = caller(&st, peer, &headers, body, st.cfg.limits.body_bytes).await?;
            let svc = st.svc.clone();
            let file = blocking(move || {
                let file = f(&svc, &actor, req)?;
                svc.downloaded(&actor, &file.file_name)?;
                Ok(file)
            })
            .await?;
            let mut res = (StatusCode::OK, file.bytes).into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
            let disposition = format!("attachment; filename*=UTF-8''{}", super::percent_encode(&file.file_name));
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            Res::Ok(res)
        },
    )
}

fn law(name: &str) -> Result<Law> {
    Law::parse(name).ok_or_else(|| AppError::InvalidInput(format!("没有名为“{name}”的法律。")))
}

/// What a client learns before logging in: that this is a LawQuiz host.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Ping {
    pub app: String,
    pub name: String,
    pub version: String,
}

/// The staff member's answer: the group-commit write, awaited.
async fn contest_answer(
    State(st): State<St>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Res<Json<AnswerAck>> {
    let (actor, req): (Actor, ContestAnswerRequest) =
        caller(&st, peer, &headers, body, st.cfg.limits.body_bytes).await?;
    Ok(Json(st.svc.contest_answer_async(&actor, req).await?))
}

/// The `Host` check, before anything else (API and pages alike).
async fn known_host(State(st): State<St>, req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    match st.check_host(req.headers(), req.uri()) {
        Ok(()) => next.run(req).await,
        Err(e) => {
            let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
            let host = req.headers().get(header::HOST).map(|h| String::from_utf8_lossy(h.as_bytes()).into_owned());
            tracing::warn!(peer = peer.unwrap_or_default(), host = host.unwrap_or_default(), "foreign Host refused");
            HttpError(e).into_response()
        }
    }
}

pub(crate) fn router(state: St) -> Router {
    let api = Router::new()
        .route(
            "/api/ping",
            get(|| async {
                Json(Ping {
                    app: "lawquiz".into(),
                    name: "法治知识竞答".into(),
                    version: env!("CARGO_PKG_VERSION").into(),
                })
            }),
        )
        // start-up and log-in
        .route("/api/startup_status", open(|st, _, _: Empty| Ok(st.startup_status())))
        .route("/api/setup_status", open(|st, _, _: Empty| st.svc.setup_status()))
        .route(
            "/api/setup_organizer",
            open(|st, peer, req: SetupOrganizerRequest| {
                st.organizer_place(peer)?;
                st.svc.setup_organizer(req)
            }),
        )
        .route(
            "/api/login_staff",
            open(|st, peer, req: StaffLoginRequest| {
                st.login_try(peer, Account::Staff(&req.staff_no))?;
                st.svc.login_staff(req, &peer.ip().to_string())
            }),
        )
        .route(
            "/api/login_code",
            open(|st, peer, req: CodeLoginRequest| {
                st.login_try(peer, Account::Code(&req.code))?;
                st.svc.login_code(&req.code, &peer.ip().to_string())
            }),
        )
        .route(
            "/api/login_organizer",
            open(|st, peer, req: OrganizerLoginRequest| {
                st.organizer_place(peer)?;
                st.login_try(peer, Account::Organizer(&req.username))?;
                st.svc.login_organizer(req, &peer.ip().to_string())
            }),
        )
        .route(
            "/api/logout",
            post(|State(st): State<St>, headers: HeaderMap| async move {
                same_origin(&headers)?;
                let token = bearer(&headers).to_string();
                // Removing the kept session waits for a commit: off the runtime's threads.
                blocking(move || {
                    st.svc.logout(&token);
                    Ok(())
                })
                .await?;
                Res::Ok(Json(()))
            }),
        )
        .route(
            "/api/about",
            // Over the LAN the host PC's folders are nobody's business: the
            // same view, with the paths left out.
            authed(false, |s, a, _: Empty| {
                s.about(a).map(|mut v| {
                    v.db_path = "（在主机上）".into();
                    v.backup_dir = "（在主机上）".into();
                    v.log_dir = "（在主机上）".into();
                    v
                })
            }),
        )
        .route(
            "/api/whoami",
            authed(false, |_, a, _: Empty| Ok(WhoAmI { role: a.role().into(), name: a.name().into() })),
        )
        // staff: home, practice, study, library
        .route("/api/home", authed(false, |s, a, _: Empty| s.home(a)))
        .route("/api/practice_scopes", authed(false, |s, a, r: SubjectRequest| s.practice_scopes(a, r.subject)))
        .route("/api/practice_start", authed(false, |s, a, r: PracticeStartRequest| s.practice_start(a, r)))
        .route("/api/wrong_book_set", authed(false, |s, a, _: Empty| s.wrong_book_set(a)))
        .route("/api/review_set", authed(false, |s, a, _: Empty| s.review_set(a)))
        .route("/api/review_summary", authed(false, |s, a, _: Empty| s.review_summary(a)))
        .route("/api/practice_question", authed(false, |s, a, r: QuestionRequest| s.practice_question(a, r)))
        .route("/api/practice_answer", authed(false, |s, a, r: PracticeAnswerRequest| s.practice_answer(a, r)))
        .route("/api/study_event", authed(false, |s, a, r: StudyEventRequest| s.study_event(a, r)))
        .route("/api/my_study", authed(false, |s, a, _: Empty| s.my_study(a)))
        .route("/api/library_tree", authed(false, |s, a, r: LawRequest| s.library_tree(a, law(&r.law)?)))
        .route(
            "/api/library_articles",
            authed(false, |s, a, r: ArticlesRequest| s.library_articles(a, law(&r.law)?, r.from, r.to)),
        )
        .route("/api/library_search", authed(false, |s, a, r: SearchRequest| s.library_search(a, r)))
        .route(
            "/api/article_questions",
            authed(false, |s, a, r: ArticleRequest| s.article_questions(a, law(&r.law)?, r.article)),
        )
        // contests: staff
        .route("/api/open_contests", authed(false, |s, a, _: Empty| s.open_contests(a)))
        .route("/api/my_results", authed(false, |s, a, _: Empty| s.my_results(a)))
        .route("/api/start_attempt", authed(false, |s, a, r: ContestIdRequest| s.start_attempt(a, r.id)))
        .route("/api/attempt", authed(false, |s, a, r: AttemptIdRequest| s.attempt(a, r.attempt_id)))
        .route("/api/contest_answer", post(contest_answer))
        .route("/api/contest_mark", authed(false, |s, a, r: MarkRequest| s.contest_mark(a, r)))
        .route("/api/submit_attempt", authed(false, |s, a, r: AttemptIdRequest| s.submit_attempt(a, r.attempt_id)))
        .route("/api/attempt_result", authed(false, |s, a, r: AttemptIdRequest| s.attempt_result(a, r.attempt_id)))
        // organizer (the service checks the role; the guard, the place)
        .route("/api/people", authed(false, |s, a, _: Empty| s.people(a)))
        .route("/api/save_employee", authed(false, |s, a, r: SaveEmployeeRequest| s.save_employee(a, r)))
        .route("/api/reset_pin", authed(false, |s, a, r: EmployeeIdRequest| s.reset_pin(a, r.id)))
        .route("/api/issue_login_codes", authed(false, |s, a, r: LoginCodesRequest| s.issue_login_codes(a, &r.ids)))
        .route("/api/study_report", authed(false, |s, a, _: Empty| s.study_report(a)))
        // 学时 from offline study (service/offline.rs)
        .route("/api/activities", authed(false, |s, a, _: Empty| s.activities(a)))
        .route(
            "/api/save_activity",
            authed(false, |s, a, r: crate::service::offline::SaveActivityRequest| s.save_activity(a, r)),
        )
        .route(
            "/api/delete_activity",
            authed(false, |s, a, r: crate::service::offline::ActivityIdRequest| s.delete_activity(a, r.id)),
        )
        .route("/api/preview_sign_in", authed(true, |s, a, r: ImportRequest| s.preview_sign_in(a, &r)))
        .route("/api/my_study_sources", authed(false, |s, a, _: Empty| s.my_study_sources(a)))
        .route(
            "/api/study_statement",
            authed(false, |s, a, r: crate::service::offline::StatementRequest| s.study_statement(a, &r)),
        )
        .route("/api/export_activities", download(|s, a, _: Empty| s.export_activities(a)))
        .route("/api/get_settings", authed(false, |s, _, _: Empty| s.settings()))
        .route("/api/update_settings", authed(false, |s, a, r: Settings| s.update_settings(a, r)))
        .route("/api/audit_log", authed(false, |s, a, _: Empty| s.audit_log(a, 500)))
        .route("/api/contests", authed(false, |s, a, _: Empty| s.contests(a)))
        .route("/api/save_contest", authed(false, |s, a, r: SaveContestRequest| s.save_contest(a, r)))
        .route("/api/contest_detail", authed(false, |s, a, r: ContestIdRequest| s.contest(a, r.id)))
        .route("/api/paper_pools", authed(false, |s, a, r: PoolsRequest| s.paper_pools(a, &r.rules)))
        .route("/api/preview_paper", authed(false, |s, a, r: ContestIdRequest| s.preview_paper(a, r.id)))
        .route("/api/set_contest_state", authed(false, |s, a, r: SetStateRequest| s.set_contest_state(a, r)))
        .route("/api/contest_results", authed(false, |s, a, r: ContestIdRequest| s.contest_results(a, r.id)))
        .route("/api/certificates", authed(false, |s, a, r: ContestIdRequest| s.certificates(a, r.id)))
        .route(
            "/api/save_certificate_settings",
            authed(false, |s, a, r: SaveCertificateSettingsRequest| s.save_certificate_settings(a, r)),
        )
        .route("/api/run_draw", authed(false, |s, a, r: DrawRequest| s.run_draw(a, r)))
        .route("/api/void_draw", authed(false, |s, a, r: VoidDrawRequest| s.void_draw(a, r)))
        .route("/api/verify_draw", authed(false, |s, a, r: VerifyDrawRequest| s.verify_draw(a, r)))
        .route("/api/big_screen", authed(false, |s, a, r: ContestIdRequest| s.big_screen(a, r.id)))
        .route("/api/hall_screen", authed(false, |s, a, r: ContestIdRequest| s.hall_screen(a, &r)))
        .route("/api/set_hall_step", authed(false, |s, a, r: HallStepRequest| s.set_hall_step(a, &r)))
        .route("/api/backups", authed(false, |s, a, _: Empty| s.backups(a)))
        .route("/api/backup_now", authed(false, |s, a, _: Empty| s.backup_now(a)))
        .route("/api/restore_backup", authed(false, |s, a, r: RestoreRequest| s.restore_backup(a, &r)))
        .route("/api/preview_question_import", authed(true, |s, a, r: ImportRequest| s.preview_question_import(a, &r)))
        .route("/api/import_questions", authed(true, |s, a, r: ImportRequest| s.import_questions(a, &r)))
        .route("/api/contest_only_summary", authed(false, |s, a, _: Empty| s.contest_only_summary(a)))
        .route("/api/set_contest_only", authed(false, |s, a, r: ContestOnlyRequest| s.set_contest_only(a, r)))
        .route("/api/preview_roster_import", authed(true, |s, a, r: ImportRequest| s.preview_roster_import(a, &r)))
        .route("/api/import_roster", authed(true, |s, a, r: ImportRequest| s.import_roster(a, &r)))
        // exports: the file itself, for the browser to save
        .route("/api/export_contest", download(|s, a, r: ExportContestRequest| s.export_contest(a, &r)))
        .route("/api/export_study", download(|s, a, r: ExportStudyRequest| s.export_study(a, &r)))
        .route("/api/export_questions", download(|s, a, _: Empty| s.export_questions(a)))
        .route("/api/download_template", download(|s, a, r: TemplateRequest| s.template(a, &r.kind)));
    let timeout = state.cfg.limits.request_timeout;
    let host_check = axum::middleware::from_fn_with_state(state.clone(), known_host);
    api.fallback(|uri: Uri| async move {
        if uri.path().starts_with("/api/") {
            HttpError(AppError::NotFound(format!("没有这个接口：{}", uri.path()))).into_response()
        } else {
            assets::serve(uri.path())
        }
    })
    .with_state(state)
    .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
    .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ))
    .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    ))
    .layer(host_check)
}

impl HostState {
    /// The host's start-up status (it is running, so it started).
    fn startup_status(&self) -> crate::commands::StartupStatus {
        crate::commands::StartupStatus {
            ok: true,
            db_path: String::new(), // the host's files are not the clients' business
            code: None,
            message: None,
            backups: vec![],
            measure: false,
        }
    }
}
