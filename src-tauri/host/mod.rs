//! The LAN host (C8): the organizer's app serves the UI and the JSON API
//! over HTTP (axum on the app's tokio runtime) so staff take the contest on
//! their own PCs, in the desktop app's client mode or a plain browser.
//! Handlers are thin adapters over the same service functions, with the
//! same request and response types, as the Tauri commands (see `routes`).
//! The deadline is the host's: clients only display it.

mod assets;
mod conns;
mod control;
pub mod discovery;
mod guard;
mod routes;
mod table;
pub use routes::{GET_ROUTES, OWN_ROUTES};
mod show;

pub use control::{probe, HostControl, HostStatus, ProbeRequest, ProbeResult, FAILED_LOGIN_MINUTES};
pub use guard::{Limits, MAX_CODE_CHARS, MAX_STAFF_NO_CHARS, MAX_USERNAME_CHARS};
pub use routes::Ping;

use crate::error::{AppError, Result};
use crate::service::host_settings::HostSettings;
use crate::service::Service;
use serde::Serialize;
use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How the host runs: where it listens and its guards.
#[derive(Debug, Clone)]
pub struct HostConfig {
    pub listen: SocketAddr,
    /// Organizer sessions from other PCs (otherwise only from the host PC).
    pub allow_remote_organizer: bool,
    /// Names this host is reached by besides its addresses and `localhost`
    /// (lower case), for the `Host` check.
    pub host_names: Vec<String>,
    pub limits: Limits,
    /// The name to announce the host under on the LAN (mDNS / DNS-SD),
    /// "XX局竞答主机"; None: not announced (tests).
    pub announce_as: Option<String>,
}

impl HostConfig {
    /// The configuration the organizer chose in 设置.
    pub fn from_settings(s: &HostSettings) -> Result<HostConfig> {
        Ok(HostConfig {
            listen: SocketAddr::new(s.bind_ip()?, s.port),
            allow_remote_organizer: s.allow_remote_organizer,
            host_names: s.normalized_host_names(),
            limits: Limits::default(),
            announce_as: None,
        })
    }

    /// Listening on `listen` with the default guards (tests, `serve`).
    pub fn new(listen: SocketAddr) -> HostConfig {
        HostConfig {
            listen,
            allow_remote_organizer: false,
            host_names: vec![],
            limits: Limits::default(),
            announce_as: None,
        }
    }
}

/// Shared by every request: the service and the guards.
pub(crate) struct HostState {
    svc: Arc<Service>,
    cfg: HostConfig,
    /// This PC's own addresses: a request from one of them is "on the host".
    local_ips: guard::LocalIps,
    /// The port actually listened on (a `Host` may name it).
    port: u16,
    guard: guard::Guard,
    /// Import uploads in progress (`Limits::uploads`).
    uploads: Arc<tokio::sync::Semaphore>,
    /// The live show's streams and device limits.
    show: show::ShowHost,
}

/// A running host; [`Host::stop`] ends it.
pub struct Host {
    addr: SocketAddr,
    state: Arc<HostState>,
    conns: Arc<conns::Conns>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
    /// The LAN announcement (withdrawn when the host stops).
    announcer: Option<discovery::Announcer>,
    /// Why the host could not be announced (it still serves).
    announce_error: Option<String>,
}

impl Host {
    /// Binds `cfg.listen` and serves until stopped. Must be called on a tokio
    /// runtime (the app's, or the `serve` command's).
    pub async fn start(svc: Arc<Service>, cfg: HostConfig) -> Result<Host> {
        let listener = tokio::net::TcpListener::bind(cfg.listen).await.map_err(|e| {
            AppError::InvalidInput(format!(
                "无法在 {} 上提供服务：{e}。端口可能已被其他程序占用，请换一个端口。",
                cfg.listen
            ))
        })?;
        let addr = listener.local_addr()?;
        let open_files = conns::raise_open_file_limit();
        let total = conns::total_cap(cfg.limits.connections_total, open_files);
        let conns = conns::Conns::new(cfg.limits.connections_per_address, total);
        let state = Arc::new(HostState {
            guard: guard::Guard::new(&cfg.limits),
            uploads: Arc::new(tokio::sync::Semaphore::new(cfg.limits.uploads.max(1))),
            local_ips: guard::LocalIps::new(local_ips()),
            show: show::ShowHost::new(cfg.limits.rate_limit_keys),
            port: addr.port(),
            svc,
            cfg,
        });
        tokio::spawn(prune_regularly(Arc::downgrade(&state)));
        tokio::spawn(show::refresh_frames(Arc::downgrade(&state), state.svc.show_subscribe()));
        let (announcer, announce_error) = match state.cfg.announce_as.as_deref() {
            None => (None, None),
            Some(name) => match discovery::Announcer::start(name, addr, env!("CARGO_PKG_VERSION")) {
                Ok(a) => (Some(a), None),
                Err(e) => {
                    tracing::warn!("LAN host not announced: {e}");
                    (None, Some(e.to_string()))
                }
            },
        };
        let header_timeout = state.cfg.limits.header_timeout;
        let app = routes::router(state.clone());
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, app, header_timeout, conns.clone(), rx));
        tracing::info!(
            %addr,
            per_address = state.cfg.limits.connections_per_address,
            total,
            open_files = ?open_files,
            "LAN host listening"
        );
        Ok(Host { addr, state, conns, shutdown: Some(tx), task, announcer, announce_error })
    }

    /// Keys the log-in rate-limit tables hold now (addresses + accounts).
    pub fn rate_limit_keys(&self) -> usize {
        self.state.guard.keys()
    }

    /// Connections open now.
    pub fn open_connections(&self) -> usize {
        self.conns.open()
    }

    /// The address actually bound (the port is chosen by the OS for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The name the host is announced under on the LAN, if it is.
    pub fn announced_as(&self) -> Option<&str> {
        self.announcer.as_ref().map(|a| a.name())
    }

    /// Why the announcement failed, if it did.
    pub fn announce_error(&self) -> Option<&str> {
        self.announce_error.as_deref()
    }

    /// Stops accepting, lets requests in flight finish (at most 5 s).
    pub async fn stop(mut self) {
        if let Some(a) = self.announcer.take() {
            // Withdrawing sends a goodbye and waits for it (at most 1 s).
            let _ = tokio::task::spawn_blocking(move || drop(a)).await;
        }
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if tokio::time::timeout(Duration::from_secs(6), &mut self.task).await.is_err() {
            self.task.abort();
        }
        tracing::info!(addr = %self.addr, "LAN host stopped");
    }
}

/// Prunes the rate-limit tables every 30 s while the host runs, so keys
/// whose limit is back to fresh do not stay in memory.
async fn prune_regularly(state: std::sync::Weak<HostState>) {
    let mut tick = tokio::time::interval(guard::PRUNE_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        tick.tick().await;
        let Some(state) = state.upgrade() else { break };
        state.guard.prune();
        state.show.prune();
    }
}

/// The accept loop: HTTP/1.1 with keep-alive and the header timeout
/// (hyper's own, which `axum::serve` does not set: a PC that connects and
/// says nothing, or a deliberately slow one, cannot hold a connection for
/// ever), connections counted per address and in total (past a cap: 503
/// and closed), each request tagged with its peer address; on shutdown,
/// connections finish what is in flight (at most 5 s).
async fn serve(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    header_timeout: Duration,
    conns: Arc<conns::Conns>,
    mut stop: oneshot::Receiver<()>,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::Service as _;
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(header_timeout).keep_alive(true);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait, do not spin.
                    tracing::warn!("LAN host accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let slot = match conns.admit(peer.ip()) {
            Ok(slot) => slot,
            Err(why) => {
                conns.refuse(stream, peer.ip(), why);
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let svc = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
            let mut app = app.clone();
            async move { app.call(req.map(axum::body::Body::new)).await }
        });
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), svc));
        tokio::spawn(async move {
            let _slot = slot; // counted until the connection ends
            if let Err(e) = conn.await {
                tracing::debug!("LAN host connection ended: {e}");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(Duration::from_secs(5), graceful.shutdown()).await.is_err() {
        tracing::warn!("LAN host: connections still open after 5 s, closing them");
    }
}

/// Every address of this PC (and loopback).
fn local_ips() -> HashSet<IpAddr> {
    let mut ips: HashSet<IpAddr> = if_addrs::get_if_addrs().unwrap_or_default().into_iter().map(|i| i.ip()).collect();
    ips.insert(IpAddr::from([127, 0, 0, 1]));
    ips.insert(IpAddr::from(std::net::Ipv6Addr::LOCALHOST));
    ips
}

/// One network card of this PC, for the "监听地址" choice.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Interface {
    pub name: String,
    pub ip: String,
}

/// This PC's IPv4 LAN addresses (no loopback), private ranges first.
pub fn interfaces() -> Vec<Interface> {
    let mut out: Vec<(bool, Interface)> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter(|i| !i.is_loopback())
        .filter_map(|i| match i.ip() {
            IpAddr::V4(v4) => Some((!v4.is_private(), Interface { name: i.name.clone(), ip: v4.to_string() })),
            IpAddr::V6(_) => None,
        })
        .collect();
    out.sort_by(|a, b| (a.0, &a.1.ip).cmp(&(b.0, &b.1.ip)));
    out.into_iter().map(|(_, i)| i).collect()
}

/// The addresses staff should open, for a host listening on `addr`.
pub fn staff_urls(addr: SocketAddr) -> Vec<String> {
    let ips: Vec<String> = if addr.ip().is_unspecified() {
        interfaces().into_iter().map(|i| i.ip).collect()
    } else {
        vec![addr.ip().to_string()]
    };
    let ips = if ips.is_empty() { vec!["127.0.0.1".to_string()] } else { ips };
    ips.into_iter().map(|ip| format!("http://{ip}:{}/", addr.port())).collect()
}

/// A QR code of `text` as an SVG `data:` URL (the window shows it as an image).
pub fn qr_data_url(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(220, 220)
        .quiet_zone(true)
        .dark_color(qrcode::render::svg::Color("#1f2933"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build();
    Some(format!("data:image/svg+xml;charset=utf-8,{}", percent_encode(&svg)))
}

/// Percent-encodes everything but unreserved ASCII (RFC 3986).
pub(crate) fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file name of a download (Chinese) survives the header encoding.
    #[test]
    fn percent_encoding_keeps_unreserved_and_encodes_utf8() {
        assert_eq!(percent_encode("a-b_c.d~"), "a-b_c.d~");
        assert_eq!(percent_encode("排名 1"), "%E6%8E%92%E5%90%8D%201");
    }

    /// A host on every card offers one address per card; a host bound to one
    /// address offers exactly that one.
    #[test]
    fn staff_urls_follow_the_bound_address() {
        let one: SocketAddr = "192.168.1.20:1204".parse().expect("addr");
        assert_eq!(staff_urls(one), vec!["http://192.168.1.20:1204/".to_string()]);
        let all: SocketAddr = "0.0.0.0:1204".parse().expect("addr");
        assert!(staff_urls(all).iter().all(|u| u.starts_with("http://") && u.ends_with(":1204/")));
        assert!(qr_data_url("http://192.168.1.20:1204/").is_some_and(|u| u.starts_with("data:image/svg+xml")));
    }
}
