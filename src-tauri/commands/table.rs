//! The window's commands of the command table (`crate::command_table`):
//! one Tauri command per entry. Each body runs on tokio's blocking pool,
//! never on the async threads that the in-app LAN host serves on: the
//! session check (which may read the database), the service call, and for
//! an export the file's bytes. The request arrives as JSON and is parsed
//! here, so a malformed one gets a Chinese message rather than Tauri's own.

use super::{blocking, parse_req, save_file, Res};
use crate::error::{AppError, Result};
use crate::service::api::*;
use crate::service::auth::Actor;
use crate::service::Service;
use crate::AppState;
use tauri::{AppHandle, Runtime, State};

macro_rules! window_command {
    (file $name:ident($req:ty) -> $resp:ty = |$s:pat_param, $a:pat_param, $r:pat_param| $body:expr) => {
        #[tauri::command]
        pub async fn $name<R: Runtime>(
            app: AppHandle<R>,
            state: State<'_, AppState>,
            token: String,
            req: Option<serde_json::Value>,
        ) -> Res<Option<String>> {
            let svc = state.service()?;
            let (svc, actor, file) = blocking(move || {
                let actor = svc.authenticate(&token)?;
                let file = {
                    let $s: &Service = &svc;
                    let $a = &actor;
                    let $r: $req = parse_req(req)?;
                    $body?
                };
                Ok((svc, actor, file))
            })
            .await?;
            save_file(app, svc, actor, file).await
        }
    };
    ($kind:ident $name:ident($req:ty) -> $resp:ty = |$s:pat_param, $a:pat_param, $r:pat_param| $body:expr) => {
        #[tauri::command]
        pub async fn $name(state: State<'_, AppState>, token: String, req: Option<serde_json::Value>) -> Res<Json> {
            run(&state, token, req, |$s: &Service, $a: &Actor, req: Option<serde_json::Value>| {
                let $r: $req = parse_req(req)?;
                let out: $resp = $body?;
                to_json(&out)
            })
            .await
        }
    };
}

/// A response already serialised (the page receives the same JSON).
pub type Json = Box<serde_json::value::RawValue>;

/// One table command with its types erased: the request in, the response's
/// JSON out. Only this small function is built per command; the session
/// check and the trip to the blocking pool ([`run`]) are one for all, so the
/// binary holds one copy of tokio's blocking-task machinery and of Tauri's
/// response path instead of one per command.
type Call = fn(&Service, &Actor, Option<serde_json::Value>) -> Result<Json>;

/// Checks the session and runs `call` on the blocking pool.
async fn run(state: &AppState, token: String, req: Option<serde_json::Value>, call: Call) -> Res<Json> {
    let svc = state.service()?;
    blocking(move || {
        let actor = svc.authenticate(&token)?;
        call(&svc, &actor, req)
    })
    .await
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<Json> {
    serde_json::value::to_raw_value(value)
        .map_err(|e| AppError::internal(format!("a response could not be serialised: {e}")))
}

macro_rules! window_commands {
    ($($kind:ident $name:ident($req:ty) -> $resp:ty = |$s:pat_param, $a:pat_param, $r:pat_param| $body:expr;)*) => {
        $( window_command!($kind $name($req) -> $resp = |$s, $a, $r| $body); )*
    };
}

crate::for_each_command!(window_commands);
