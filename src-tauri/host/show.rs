//! The live show on the LAN (现场竞答): its routes (thin adapters over the
//! same service functions as the Tauri commands) and its push stream.
//!
//! - A buzz, once its small request is read, takes its time under the one
//!   lock that queues it for the group-commit writer (so times and places
//!   come in the same order: the host's receive order) and awaits the
//!   commit without holding a thread; answers take their time on arrival.
//! - Devices are rate-limited per device and per address (keyed GCRA
//!   tables as for log-ins), joins per address; the service caps devices
//!   per show and per team.
//! - `GET /api/show_stream?token=…` is Server-Sent Events: the service
//!   announces every committed change on a tokio broadcast channel; one
//!   task builds the show's public view once per change (coalescing
//!   bursts) into a `watch` channel, and every stream sends the newest one
//!   with its own `remaining_ms` (audience phones: a new phase at once,
//!   changes within it at most once a second). A revoked device's stream
//!   ends.

use super::guard::{canonical, same_origin, RateTable};
use super::routes::{blocking, open, parse, read_body, Res};
use super::HostState;
use crate::error::AppError;
use crate::service::auth::Actor;
use crate::service::show::Device;
use crate::service::show_api::*;
use crate::service::show_live::device_hash;
use axum::body::Body;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, watch};

type St = Arc<HostState>;

/// Device requests (buzz, answer, pick) per device per minute: a held-down
/// key or a script gets a burst, then two a second.
const PER_DEVICE_PER_MINUTE: u32 = 120;
/// Device requests per address per minute (a PC with several browser tabs).
const PER_ADDRESS_PER_MINUTE: u32 = 1200;
/// Joins per address per minute.
const JOINS_PER_MINUTE: u32 = 30;
/// The stream's keep-alive comment.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// An audience phone gets a new phase or item at once, and other changes
/// (the live answer count, scores, joins) at most this often: 500 phones
/// following every answer of 500 would be 250,000 events a question
/// (measured with `make bench-show`: docs/performance.md).
const AUDIENCE_EVERY: Duration = Duration::from_secs(1);

/// One show's newest state, built once per change for every stream.
pub(crate) struct Frame {
    /// `ShowPublic` as JSON with `"remaining_ms":null` (each stream fills it in).
    json: String,
    deadline_ms: Option<i64>,
    revoked: HashSet<String>,
    /// State, phase, item and oath step: a change of these is sent to
    /// every stream at once.
    stage: String,
}

/// The show side of the host: the streams' channels and the device limits.
pub(crate) struct ShowHost {
    shows: Mutex<HashMap<i64, watch::Sender<Arc<Frame>>>>,
    per_device: RateTable<i64>,
    per_address: RateTable<IpAddr>,
    joins: RateTable<IpAddr>,
}

impl ShowHost {
    pub(crate) fn new(max_keys: usize) -> ShowHost {
        ShowHost {
            shows: Mutex::new(HashMap::new()),
            per_device: RateTable::new(PER_DEVICE_PER_MINUTE, max_keys),
            per_address: RateTable::new(PER_ADDRESS_PER_MINUTE, max_keys),
            joins: RateTable::new(JOINS_PER_MINUTE, max_keys),
        }
    }

    pub(crate) fn prune(&self) {
        self.per_device.prune();
        self.per_address.prune();
        self.joins.prune();
    }

    fn device_try(&self, device: i64, peer: SocketAddr) -> Result<(), AppError> {
        let too_many = |wait: u64| AppError::RateLimited(format!("操作太频繁，请 {wait} 秒后再试。"));
        self.per_address.hit(&canonical(peer.ip())).map_err(too_many)?;
        self.per_device.hit(&device).map_err(too_many)
    }
}

/// Builds a show's frame (on the blocking pool: it reads the database).
async fn build_frame(st: &St, id: i64) -> Result<Frame, AppError> {
    let svc = st.svc.clone();
    blocking(move || {
        let mut view = svc.show_public_of(id)?;
        view.remaining_ms = None;
        let revoked = svc.show_revoked(id)?.into_iter().collect();
        let stage = format!(
            "{}/{}/{}/{}",
            view.state,
            view.phase.as_str(),
            view.item.as_ref().map_or(0, |i| i.id),
            view.oath_step
        );
        Ok(Frame { json: serde_json::to_string(&view)?, deadline_ms: view.deadline_ms, revoked, stage })
    })
    .await
    .map_err(AppError::from)
}

/// The watch channel of show `id`, made (with its first frame) when no
/// stream follows it yet.
async fn channel(st: &St, id: i64) -> Result<watch::Receiver<Arc<Frame>>, AppError> {
    if let Some(tx) = st.show.shows.lock().unwrap_or_else(|p| p.into_inner()).get(&id) {
        return Ok(tx.subscribe());
    }
    let frame = Arc::new(build_frame(st, id).await?);
    let mut map = st.show.shows.lock().unwrap_or_else(|p| p.into_inner());
    let tx = map.entry(id).or_insert_with(|| watch::channel(frame).0);
    Ok(tx.subscribe())
}

/// The task that turns "show N changed" into new frames: every notice
/// waiting is taken at once (a burst of 500 audience answers is one
/// rebuild, not 500), and a show nobody follows is dropped.
pub(crate) async fn refresh_frames(st: std::sync::Weak<HostState>, mut rx: broadcast::Receiver<i64>) {
    loop {
        let mut ids: HashSet<i64> = HashSet::new();
        match rx.recv().await {
            Ok(id) => {
                ids.insert(id);
            }
            Err(broadcast::error::RecvError::Lagged(_)) => {}
            Err(broadcast::error::RecvError::Closed) => break,
        }
        let Some(st) = st.upgrade() else { break };
        let mut lagged = ids.is_empty();
        loop {
            match rx.try_recv() {
                Ok(id) => {
                    ids.insert(id);
                }
                Err(broadcast::error::TryRecvError::Lagged(_)) => lagged = true,
                Err(_) => break,
            }
        }
        let followed: Vec<i64> = {
            let mut map = st.show.shows.lock().unwrap_or_else(|p| p.into_inner());
            map.retain(|_, tx| tx.receiver_count() > 0);
            map.keys().copied().filter(|id| lagged || ids.contains(id)).collect()
        };
        for id in followed {
            match build_frame(&st, id).await {
                Ok(frame) => {
                    if let Some(tx) = st.show.shows.lock().unwrap_or_else(|p| p.into_inner()).get(&id) {
                        tx.send_replace(Arc::new(frame));
                    }
                }
                Err(e) => tracing::warn!(show = id, "show frame not rebuilt: {e}"),
            }
        }
    }
}

/// Who follows a stream.
enum Follower {
    /// `throttled`: an audience phone (see [`AUDIENCE_EVERY`]).
    Device {
        hash: String,
        throttled: bool,
    },
    Organizer {
        actor: Actor,
    },
}

#[derive(Deserialize)]
struct StreamQuery {
    token: String,
    #[serde(default)]
    show: Option<i64>,
}

/// `GET /api/show_stream?token=…` (organizers add `&show=ID`).
async fn show_stream(
    State(st): State<St>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(q): Query<StreamQuery>,
) -> Res<impl IntoResponse> {
    same_origin(&headers)?;
    let svc = st.svc.clone();
    let token = q.token.clone();
    let device = blocking(move || Ok(svc.show_device(&token).ok())).await?;
    let (show, follower) = match device {
        Some(d) => (d.show, Follower::Device { hash: device_hash(&q.token), throttled: d.role == "audience" }),
        None => {
            let svc = st.svc.clone();
            let token = q.token.clone();
            let actor = blocking(move || svc.authenticate(&token)).await?;
            actor.organizer()?;
            st.organizer_place(peer)?;
            let show = q.show.ok_or_else(|| AppError::InvalidInput("请指定竞答（show）。".into()))?;
            (show, Follower::Organizer { actor })
        }
    };
    let rx = channel(&st, show).await?;
    let start = (rx, None::<(Instant, String)>, st, follower, show);
    let stream = futures_util::stream::unfold(start, |(mut rx, last, st, f, show)| async move {
        let throttled = matches!(f, Follower::Device { throttled: true, .. });
        if last.is_some() && rx.changed().await.is_err() {
            return None;
        }
        let frame = loop {
            let frame = rx.borrow_and_update().clone();
            let Some((sent, _)) = last.as_ref().filter(|(_, stage)| throttled && frame.stage == *stage) else {
                break frame;
            };
            let left = AUDIENCE_EVERY.saturating_sub(sent.elapsed());
            if left.is_zero() {
                break frame;
            }
            match tokio::time::timeout(left, rx.changed()).await {
                Ok(Ok(())) => continue, // newer: a new stage goes at once
                Ok(Err(_)) => return None,
                Err(_) => break rx.borrow_and_update().clone(), // the second is up: the newest
            }
        };
        let data = match &f {
            Follower::Device { hash, .. } => {
                if frame.revoked.contains(hash) {
                    return None;
                }
                let remaining = frame.deadline_ms.map(|d| (d - st.svc.now_ms()).max(0));
                let value = remaining.map_or("null".to_string(), |r| r.to_string());
                frame.json.replacen("\"remaining_ms\":null", &format!("\"remaining_ms\":{value}"), 1)
            }
            Follower::Organizer { actor } => {
                let (svc, actor) = (st.svc.clone(), actor.clone());
                match blocking(move || svc.show_get(&actor, show)).await {
                    Ok(c) => serde_json::to_string(&c).unwrap_or_default(),
                    Err(_) => return None, // the session ended
                }
            }
        };
        let event = Event::default().event("state").data(data);
        let last = Some((Instant::now(), frame.stage.clone()));
        Some((Ok::<_, Infallible>(event), (rx, last, st, f, show)))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)))
}

/// A device request's first steps: the origin, the body, the device (from
/// memory; after a restart, the database on the blocking pool), its limits.
async fn device_call<Req: serde::de::DeserializeOwned>(
    st: &St,
    peer: SocketAddr,
    headers: &HeaderMap,
    body: Body,
    token_of: impl Fn(&Req) -> &str,
) -> Res<(Device, Req)> {
    same_origin(headers)?;
    let req: Req = parse(&read_body(body, st.cfg.limits.body_bytes).await?)?;
    let token = token_of(&req).to_string();
    let device = match st.svc.show_device_cached(&token) {
        Some(d) if !d.revoked => d,
        _ => {
            let svc = st.svc.clone();
            blocking(move || svc.show_device(&token)).await?
        }
    };
    st.show.device_try(device.id, peer)?;
    Ok((device, req))
}

async fn show_buzz(
    State(st): State<St>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Res<Json<BuzzAck>> {
    let (device, _req): (Device, DeviceRequest) =
        device_call(&st, peer, &headers, body, |r: &DeviceRequest| r.device_token.as_str()).await?;
    // The time is taken as the job joins the writer's queue (one lock).
    Ok(Json(st.svc.show_buzz_async(device).await?))
}

async fn show_answer(
    State(st): State<St>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Res<Json<ShowAnswerAck>> {
    let at = st.svc.now_ms();
    let (device, req): (Device, ShowAnswerRequest) =
        device_call(&st, peer, &headers, body, |r: &ShowAnswerRequest| r.device_token.as_str()).await?;
    Ok(Json(st.svc.show_answer_async(device, req, at).await?))
}

async fn show_pick(
    State(st): State<St>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Res<Json<ShowPublic>> {
    let (device, req): (Device, ShowPickRequest) =
        device_call(&st, peer, &headers, body, |r: &ShowPickRequest| r.device_token.as_str()).await?;
    let _ = device;
    let svc = st.svc.clone();
    Ok(Json(blocking(move || svc.show_pick(req)).await?))
}

pub(super) fn routes() -> Router<St> {
    Router::new()
        .route(
            "/api/show_join",
            open(|st, peer, req: ShowJoinRequest| {
                st.show
                    .joins
                    .hit(&canonical(peer.ip()))
                    .map_err(|wait| AppError::RateLimited(format!("加入太频繁，请 {wait} 秒后再试。")))?;
                st.svc.show_join(req, &canonical(peer.ip()).to_string())
            }),
        )
        .route("/api/show_public", open(|st, _, req: TokenRequest| st.svc.show_public(&req.token)))
        .route("/api/oath_text", open(|st, _, req: OathRequest| st.svc.oath_text(req)))
        .route("/api/show_buzz", post(show_buzz))
        .route("/api/show_answer", post(show_answer))
        .route("/api/show_pick", post(show_pick))
        .route("/api/show_stream", get(show_stream))
}
