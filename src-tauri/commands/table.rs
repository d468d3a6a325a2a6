//! The window's commands of the command table (`crate::command_table`):
//! one Tauri command per entry. Each body runs on tokio's blocking pool,
//! never on the async threads that the in-app LAN host serves on: the
//! session check (which may read the database), the service call, and for
//! an export the file's bytes. The request arrives as JSON and is parsed
//! here, so a malformed one gets a Chinese message rather than Tauri's own.

use super::{blocking, parse_req, save_file, Res};
use crate::service::api::*;
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
        pub async fn $name(state: State<'_, AppState>, token: String, req: Option<serde_json::Value>) -> Res<$resp> {
            let svc = state.service()?;
            blocking(move || {
                let actor = svc.authenticate(&token)?;
                let $s: &Service = &svc;
                let $a = &actor;
                let $r: $req = parse_req(req)?;
                Ok($body?)
            })
            .await
        }
    };
}

macro_rules! window_commands {
    ($($kind:ident $name:ident($req:ty) -> $resp:ty = |$s:pat_param, $a:pat_param, $r:pat_param| $body:expr;)*) => {
        $( window_command!($kind $name($req) -> $resp = |$s, $a, $r| $body); )*
    };
}

crate::for_each_command!(window_commands);
