//! The host's routes of the command table (`crate::command_table`):
//! `POST /api/<name>` for each entry, through the same guards as every
//! logged-in route (`routes::authed`, `routes::download`).

use super::routes::{authed, download, St};
use crate::service::api::*;
use crate::service::auth::Actor;
use crate::service::Service;
use axum::Router;

macro_rules! http_route {
    (authed $req:ty => |$s:pat_param, $a:pat_param, $r:pat_param| $body:expr) => {
        authed(false, |$s: &Service, $a: &Actor, $r: $req| $body)
    };
    (upload $req:ty => |$s:pat_param, $a:pat_param, $r:pat_param| $body:expr) => {
        authed(true, |$s: &Service, $a: &Actor, $r: $req| $body)
    };
    (file $req:ty => |$s:pat_param, $a:pat_param, $r:pat_param| $body:expr) => {
        download(|$s: &Service, $a: &Actor, $r: $req| $body)
    };
}

macro_rules! http_routes {
    ($($kind:ident $name:ident($req:ty) -> $resp:ty = |$s:pat_param, $a:pat_param, $r:pat_param| $body:expr;)*) => {
        /// Adds the table's routes to `api`.
        pub(crate) fn routes(api: Router<St>) -> Router<St> {
            api $( .route(concat!("/api/", stringify!($name)), http_route!($kind $req => |$s, $a, $r| $body)) )*
        }
    };
}

crate::for_each_command!(http_routes);
