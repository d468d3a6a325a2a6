//! The JSON API: `POST /api/<name>` with the request as the JSON body and
//! `Authorization: Bearer <token>`; the answer is the service's response as
//! JSON, or `{code, message}` with an HTTP status. Every route is a thin
//! adapter over the same service function, with the same request and
//! response types, as the Tauri command of the same name (docs/api.md).
//! Blocking service calls run on tokio's blocking pool; answers go to the
//! group-commit writer and wait without holding a thread.

use super::guard::{bearer, same_origin, Account};
use super::{assets, HostState};
use crate::error::{ApiError, AppError, Result};
use crate::service::api::*;
use crate::service::auth::Actor;
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

pub(crate) type St = Arc<HostState>;

/// An error as the API sends it: `{code, message}` with a fitting status.
pub(crate) struct HttpError(AppError);

impl From<AppError> for HttpError {
    fn from(e: AppError) -> Self {
        HttpError(e)
    }
}

impl From<HttpError> for AppError {
    fn from(e: HttpError) -> Self {
        e.0
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

pub(super) type Res<T> = std::result::Result<T, HttpError>;

/// Reads the body up to `limit` bytes.
pub(super) async fn read_body(body: Body, limit: usize) -> Res<Bytes> {
    axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| HttpError(AppError::TooLarge(format!("请求内容太大（上限 {} KB）。", limit / 1024))))
}

pub(super) fn parse<T: DeserializeOwned>(body: &[u8]) -> Res<T> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
    serde_json::from_slice(body).map_err(|e| {
        // serde's (English) detail goes to the log, not to the person.
        tracing::warn!("request body refused: {e}");
        HttpError(AppError::InvalidInput("请求格式不正确，请刷新页面后重试。".into()))
    })
}

/// Runs a blocking service call on tokio's blocking pool, at a lower CPU
/// priority than the answers (see [`answers_first`]).
pub(super) async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Res<T> {
    let f = move || {
        answers_first();
        f()
    };
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r.map_err(HttpError),
        Err(e) => Err(HttpError(AppError::internal(format!("a blocking service call failed: {e}")))),
    }
}

/// [`blocking`], with the response also serialised there: a start's
/// 50-question view is tens of kilobytes of JSON, and serialising it on
/// the runtime's workers (which carry the answers) took 7 % of the host's
/// CPU at the start of a 10,000-taker contest (docs/performance-start.md).
pub(super) async fn blocking_json<T: Serialize + Send + 'static>(
    f: impl FnOnce() -> Result<T> + Send + 'static,
) -> Res<JsonBody> {
    blocking(move || to_json(&f()?)).await.map(JsonBody)
}

/// A response body already serialised as JSON (see [`blocking_json`]).
pub(super) struct JsonBody(Vec<u8>);

impl IntoResponse for JsonBody {
    fn into_response(self) -> Response {
        ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], self.0).into_response()
    }
}

/// Answers first: the thread running a blocking service call (a log-in, a
/// start, a page's view, an export…) gets a lower CPU priority (15 nicer than the process)
/// than the threads that carry answers (the runtime's workers and the
/// group-commit writer), once per thread. At the start of a contest the
/// host is CPU-bound — 1,000 log-ins and starts a second beside the answers
/// of those already in (docs/performance.md) — and without this the
/// answers waited behind the starts; a start may take a little longer
/// (its target is 1 s), an answer may not (20 ms). On an idle PC the
/// priority changes nothing. Linux gives each thread its own nice value;
/// elsewhere this does nothing.
fn answers_first() {
    #[cfg(target_os = "linux")]
    {
        thread_local!(static LOWERED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
        if !LOWERED.with(|l| l.replace(true)) {
            // SAFETY: plain system calls on the calling thread, no pointers.
            let done = unsafe {
                let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
                let now = libc::getpriority(libc::PRIO_PROCESS, tid);
                libc::setpriority(libc::PRIO_PROCESS, tid, (now + REQUEST_NICE).min(19))
            };
            if done != 0 {
                tracing::debug!("could not lower a request thread's priority: {}", std::io::Error::last_os_error());
            }
        }
    }
}

/// How much nicer than the process the threads running blocking service
/// calls are: 15 (CFS weight 36 against 1,024) halved the answers over 20 ms
/// at the start of a 10,000-taker contest against 5, and starts still took
/// p99 196 ms (docs/performance.md).
#[cfg(target_os = "linux")]
const REQUEST_NICE: libc::c_int = 15;

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
    let actor = st.actor(headers, peer).await?;
    Ok((actor, parse(&read_body(body, limit).await?)?))
}

/// A route for a logged-in caller: `f(service, actor, request)`. With
/// `upload`, the route takes a file (organizers only, checked first).
pub(crate) fn authed<Req, Resp, F>(upload: bool, f: F) -> MethodRouter<St>
where
    Req: DeserializeOwned + Send + 'static,
    Resp: Serialize + Send + 'static,
    F: Fn(&Service, &Actor, Req) -> Result<Resp> + Copy + Send + Sync + 'static,
{
    authed_erased(
        upload,
        Arc::new(move |svc: &Service, actor: &Actor, body: &[u8]| {
            let req: Req = parse(body).map_err(|e| e.0)?;
            to_json(&f(svc, actor, req)?)
        }),
    )
}

/// A table command with its types erased: the request's bytes in, the
/// response's JSON out. Only this small closure is built per command; the
/// async handler around it ([`authed_erased`]) is one for all, so the
/// binary holds one copy of axum's handler and tokio's blocking-task
/// machinery instead of one per route.
type JsonCall = Arc<dyn Fn(&Service, &Actor, &[u8]) -> Result<Vec<u8>> + Send + Sync>;

/// [`authed`]'s handler. The session and, for an upload (up to 48 MB), the
/// organizer and a free upload slot (held until the import is done) are
/// checked before a byte of the body is read — a staff token gets its 403
/// at once; the body is parsed, the service called and the response
/// serialised on the blocking pool.
fn authed_erased(upload: bool, call: JsonCall) -> MethodRouter<St> {
    post(
        move |State(st): State<St>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap, body: Body| async move {
            let svc = st.svc.clone();
            same_origin(&headers)?;
            let actor = st.actor(&headers, peer).await?;
            let (limit, slot) = if upload {
                (st.cfg.limits.upload_bytes, Some(st.upload_slot(&actor)?))
            } else {
                (st.cfg.limits.body_bytes, None)
            };
            let bytes = read_body(body, limit).await?;
            blocking(move || {
                let _slot = slot; // until the import is done, even if the client has gone
                call(&svc, &actor, &bytes)
            })
            .await
            .map(JsonBody)
        },
    )
}

fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(|e| AppError::internal(format!("a response could not be serialised: {e}")))
}

/// A route for a logged-in caller that also needs where the request came
/// from (the audit log names the address): `f(service, actor, request, peer)`.
fn authed_from<Req, Resp, F>(f: F) -> MethodRouter<St>
where
    Req: DeserializeOwned + Send + 'static,
    Resp: Serialize + Send + 'static,
    F: Fn(&Service, &Actor, Req, SocketAddr) -> Result<Resp> + Copy + Send + Sync + 'static,
{
    post(
        move |State(st): State<St>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap, body: Body| async move {
            let (actor, req): (Actor, Req) = caller(&st, peer, &headers, body, st.cfg.limits.body_bytes).await?;
            let svc = st.svc.clone();
            blocking_json(move || f(&svc, &actor, req, peer)).await
        },
    )
}

/// The host's `GET` routes: `ping` (what 连接主机 checks) and the live
/// show's event stream (server-sent events).
pub const GET_ROUTES: &[&str] = &["ping", "show_stream"];

/// The host's own `POST` routes (the table's come from `host::table`), by name:
/// the command-table test checks the UI and docs/api.md against them.
pub const OWN_ROUTES: &[&str] = &[
    "show_join",
    "show_public",
    "oath_text",
    "show_buzz",
    "show_answer",
    "show_pick",
    "startup_status",
    "setup_status",
    "setup_organizer",
    "login_staff",
    "login_code",
    "login_organizer",
    "logout",
    "about",
    "set_my_pin",
    "contest_answer",
];

/// A JSON route for any caller, logged in or not (start-up, log-in).
pub(super) fn open<Req, Resp, F>(f: F) -> MethodRouter<St>
where
    Req: DeserializeOwned + Send + 'static,
    Resp: Serialize + Send + 'static,
    F: Fn(&HostState, SocketAddr, Req) -> Result<Resp> + Copy + Send + Sync + 'static,
{
    post(
        move |State(st): State<St>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap, body: Body| async move {
            same_origin(&headers)?;
            let req: Req = parse(&read_body(body, st.cfg.limits.body_bytes).await?)?;
            blocking_json(move || f(&st, peer, req)).await
        },
    )
}

/// A file download for an organizer: the export the window would save.
pub(crate) fn download<Req, F>(f: F) -> MethodRouter<St>
where
    Req: DeserializeOwned + Send + 'static,
    F: Fn(&Service, &Actor, Req) -> Result<ExportFile> + Copy + Send + Sync + 'static,
{
    download_erased(Arc::new(move |svc: &Service, actor: &Actor, body: &[u8]| {
        let req: Req = parse(body).map_err(|e| e.0)?;
        f(svc, actor, req)
    }))
}

/// An export with its request type erased (see [`JsonCall`]).
type FileCall = Arc<dyn Fn(&Service, &Actor, &[u8]) -> Result<ExportFile> + Send + Sync>;

fn download_erased(call: FileCall) -> MethodRouter<St> {
    post(
        move |State(st): State<St>, ConnectInfo(peer): ConnectInfo<SocketAddr>, headers: HeaderMap, body: Body| async move {
            same_origin(&headers)?;
            let actor = st.actor(&headers, peer).await?;
            let bytes = read_body(body, st.cfg.limits.body_bytes).await?;
            let svc = st.svc.clone();
            let file = blocking(move || {
                let file = call(&svc, &actor, &bytes)?;
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
            "/api/set_my_pin",
            authed_from(|s, a, r: SetPinRequest, from| s.set_my_pin(a, r, &from.ip().to_string())),
        )
        .route("/api/contest_answer", post(contest_answer))
        // the live show's own (devices, the stream)
        .merge(super::show::routes());
    let api = super::table::routes(api);
    let timeout = state.cfg.limits.request_timeout;
    let host_check = axum::middleware::from_fn_with_state(state.clone(), known_host);
    api.method_not_allowed_fallback(|| async {
        let body = ApiError {
            code: "invalid_input".into(),
            message: "这个接口不接受这种请求方式，请刷新页面后重试。".into(),
        };
        (StatusCode::METHOD_NOT_ALLOWED, Json(body)).into_response()
    })
    .fallback(|uri: Uri, headers: HeaderMap| async move {
        if uri.path().starts_with("/api/") {
            HttpError(AppError::NotFound(format!("没有这个接口：{}", uri.path()))).into_response()
        } else {
            assets::serve(uri.path(), assets::accepts_gzip(&headers))
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
    fn startup_status(&self) -> StartupStatus {
        StartupStatus {
            ok: true,
            db_path: String::new(), // the host's files are not the clients' business
            code: None,
            message: None,
            backups: vec![],
            measure: false,
        }
    }
}
