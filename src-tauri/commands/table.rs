//! The window's commands of the command table (`crate::command_table`),
//! answered by one invoke handler ([`dispatch`]) rather than one Tauri
//! command each: per command only a small function is built (parse the
//! request, call the service, serialise the response); the session check,
//! the trip to tokio's blocking pool and Tauri's response path exist once,
//! not once per command (they were most of the binary's growth: Tauri's
//! async response path and tokio's task machinery, instantiated for each
//! command's own future type).
//!
//! Each body runs on the blocking pool, never on the async threads that the
//! in-app LAN host serves on: the session check (which may read the
//! database), the service call, and for an export the file's bytes. The
//! request arrives as JSON and is parsed here, so a malformed one gets a
//! Chinese message rather than Tauri's own. The page calls them as before:
//! `invoke(name, { token, req })`, and receives the same JSON.

use super::{blocking, parse_req, save_file, Res};
use crate::error::{AppError, Result};
use crate::service::api::*;
use crate::service::auth::Actor;
use crate::service::Service;
use crate::AppState;
use std::future::Future;
use std::pin::Pin;
use tauri::ipc::{Invoke, InvokeBody, InvokeError, InvokeResponseBody};
use tauri::{AppHandle, Manager, Runtime};

/// How a table command answers: JSON, or a file the person saves.
#[derive(Clone, Copy)]
enum Call {
    /// The response, serialised.
    Json(fn(&Service, &Actor, Option<serde_json::Value>) -> Result<String>),
    /// An export: the window asks where to save it.
    File(fn(&Service, &Actor, Option<serde_json::Value>) -> Result<ExportFile>),
}

macro_rules! window_call {
    (file $req:ty => $resp:ty, |$s:pat_param, $a:pat_param, $r:pat_param| $body:expr) => {
        Call::File(|$s: &Service, $a: &Actor, req: Option<serde_json::Value>| {
            let $r: $req = parse_req(req)?;
            $body
        })
    };
    ($kind:ident $req:ty => $resp:ty, |$s:pat_param, $a:pat_param, $r:pat_param| $body:expr) => {
        Call::Json(|$s: &Service, $a: &Actor, req: Option<serde_json::Value>| {
            let $r: $req = parse_req(req)?;
            let out: $resp = $body?;
            to_json(&out)
        })
    };
}

macro_rules! window_calls {
    ($($kind:ident $name:ident($req:ty) -> $resp:ty = |$s:pat_param, $a:pat_param, $r:pat_param| $body:expr;)*) => {
        /// The table's commands as the window answers them, by name.
        static CALLS: &[(&str, Call)] = &[
            $( (stringify!($name), window_call!($kind $req => $resp, |$s, $a, $r| $body)), )*
        ];
    };
}

crate::for_each_command!(window_calls);

fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| AppError::internal(format!("a response could not be serialised: {e}")))
}

/// What the window's answer to a command is, once serialised.
type Answer = Pin<Box<dyn Future<Output = std::result::Result<InvokeResponseBody, InvokeError>> + Send>>;

/// Answers `invoke` when it names a table command; otherwise passes it to
/// `own` (the window's own commands). True when a command answered.
pub fn dispatch<R: Runtime>(invoke: Invoke<R>, own: impl FnOnce(Invoke<R>) -> bool) -> bool {
    let Some(call) = CALLS.iter().find(|(name, _)| *name == invoke.message.command()).map(|(_, c)| *c) else {
        return own(invoke);
    };
    let Invoke { message, resolver, .. } = invoke;
    let app = message.webview().app_handle().clone();
    // `{ token, req }`: a missing token is no session (the service says so
    // in Chinese), a missing or null req is `{}`.
    let (token, req) = match message.payload() {
        InvokeBody::Json(args) => (
            args.get("token").and_then(|t| t.as_str()).unwrap_or_default().to_string(),
            args.get("req").filter(|r| !r.is_null()).cloned(),
        ),
        InvokeBody::Raw(_) => (String::new(), None),
    };
    let answer: Answer = Box::pin(async move {
        let out = match call {
            Call::Json(f) => run(&app, token, req, f).await,
            Call::File(f) => run_file(app, token, req, f).await,
        };
        out.map(InvokeResponseBody::Json).map_err(InvokeError::from)
    });
    resolver.respond_async_serialized(answer);
    true
}

/// Checks the session and runs a JSON command on the blocking pool.
async fn run<R: Runtime>(
    app: &AppHandle<R>,
    token: String,
    req: Option<serde_json::Value>,
    f: fn(&Service, &Actor, Option<serde_json::Value>) -> Result<String>,
) -> Res<String> {
    let svc = app.state::<AppState>().service()?;
    blocking(move || {
        let actor = svc.authenticate(&token)?;
        f(&svc, &actor, req)
    })
    .await
}

/// Checks the session, makes the export on the blocking pool, and asks
/// where to save it: the path saved to, or null when the person cancelled.
async fn run_file<R: Runtime>(
    app: AppHandle<R>,
    token: String,
    req: Option<serde_json::Value>,
    f: fn(&Service, &Actor, Option<serde_json::Value>) -> Result<ExportFile>,
) -> Res<String> {
    let svc = app.state::<AppState>().service()?;
    let (svc, actor, file) = blocking(move || {
        let actor = svc.authenticate(&token)?;
        let file = f(&svc, &actor, req)?;
        Ok((svc, actor, file))
    })
    .await?;
    let saved = save_file(app, svc, actor, file).await?;
    Ok(to_json(&saved)?)
}
