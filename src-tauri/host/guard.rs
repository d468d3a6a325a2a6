//! The host's guards: log-in rate limits per 工号 and per address, request
//! body limits, and who may call what from where. (Sessions, roles and the
//! lockout after wrong PINs are the service's; these guard the network.)

use super::HostState;
use crate::error::AppError;
use crate::service::auth::Actor;
use axum::http::HeaderMap;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The host's limits. Defaults suit a LAN where each PC has its own address.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Log-in tries per address per minute (any account).
    pub logins_per_address: u32,
    /// Log-in tries per 工号 (or organizer name) per minute, from anywhere.
    pub logins_per_account: u32,
    /// Largest JSON request body.
    pub body_bytes: usize,
    /// Largest import upload (a question bank or roster file, as JSON).
    pub upload_bytes: usize,
    /// A request that takes longer is answered with 408.
    pub request_timeout: Duration,
    /// How long a client may take to send a request's headers — also how
    /// long an idle kept-alive connection stays open.
    pub header_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            logins_per_address: 60,
            logins_per_account: 10,
            body_bytes: 64 * 1024,
            upload_bytes: 48 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(60),
        }
    }
}

/// Fixed one-minute windows of counts per key.
struct RateLimiter {
    per_minute: u32,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    fn new(per_minute: u32) -> RateLimiter {
        RateLimiter { per_minute, windows: Mutex::new(HashMap::new()) }
    }

    /// Counts one try for `key`; Err with the seconds to wait when over.
    fn hit(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut map = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            map.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(60));
        }
        let entry = map.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= Duration::from_secs(60) {
            *entry = (now, 0);
        }
        if entry.1 >= self.per_minute {
            let wait = 60u64.saturating_sub(now.duration_since(entry.0).as_secs()).max(1);
            return Err(wait);
        }
        entry.1 += 1;
        Ok(())
    }
}

pub(crate) struct Guard {
    by_address: RateLimiter,
    by_account: RateLimiter,
}

impl Guard {
    pub(crate) fn new(limits: &Limits) -> Guard {
        Guard {
            by_address: RateLimiter::new(limits.logins_per_address),
            by_account: RateLimiter::new(limits.logins_per_account),
        }
    }
}

fn too_many(wait: u64) -> AppError {
    AppError::RateLimited(format!("登录尝试过于频繁，请 {wait} 秒后再试。"))
}

impl HostState {
    /// Whether `peer` is this PC.
    pub(crate) fn is_local(&self, peer: SocketAddr) -> bool {
        is_local_ip(peer.ip(), &self.local_ips)
    }

    /// Refuses organizer work from other PCs unless the organizer allowed it.
    pub(crate) fn organizer_place(&self, peer: SocketAddr) -> Result<(), AppError> {
        if self.cfg.allow_remote_organizer || self.is_local(peer) {
            Ok(())
        } else {
            Err(AppError::Forbidden(
                "管理功能只能在主机电脑上使用（可在主机的“设置 → 作为主机”中允许其他电脑登录管理员）。".into(),
            ))
        }
    }

    /// Counts a log-in try from `peer` for `account`.
    pub(crate) fn login_try(&self, peer: SocketAddr, account: Option<&str>) -> Result<(), AppError> {
        self.guard.by_address.hit(&peer.ip().to_string()).map_err(too_many)?;
        if let Some(account) = account {
            self.guard.by_account.hit(account.trim()).map_err(too_many)?;
        }
        Ok(())
    }

    /// The caller, from `Authorization: Bearer <token>`; organizers only
    /// from the host PC (unless allowed).
    pub(crate) fn actor(&self, headers: &HeaderMap, peer: SocketAddr) -> Result<Actor, AppError> {
        let actor = self.svc.authenticate(bearer(headers))?;
        if matches!(actor, Actor::Organizer { .. }) {
            self.organizer_place(peer)?;
        }
        Ok(actor)
    }
}

/// The session token of `Authorization: Bearer <token>` ("" without one).
pub(crate) fn bearer(headers: &HeaderMap) -> &str {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("")
        .trim()
}

/// Whether `ip` is one of this PC's addresses (loopback included; an IPv4
/// address seen as IPv6-mapped counts as itself).
fn is_local_ip(ip: IpAddr, local: &std::collections::HashSet<IpAddr>) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    };
    ip.is_loopback() || local.contains(&ip)
}

/// Refuses a browser request made by a page of another origin (the API has
/// no CORS: only pages the host served may call it).
pub(crate) fn same_origin(headers: &HeaderMap) -> Result<(), AppError> {
    let Some(origin) = headers.get(axum::http::header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return Ok(()); // not a cross-site browser request (curl, same-origin GET)
    };
    let host = headers.get(axum::http::header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    if origin == format!("http://{host}") {
        Ok(())
    } else {
        Err(AppError::Forbidden("不接受来自其他网站的请求。".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Protects the per-minute window: the (n+1)-th try is refused with a wait.
    #[test]
    fn the_limiter_refuses_past_its_count() {
        let l = RateLimiter::new(3);
        assert!((0..3).all(|_| l.hit("10.0.0.5").is_ok()));
        assert!(l.hit("10.0.0.5").is_err_and(|w| (1..=60).contains(&w)));
        assert!(l.hit("10.0.0.6").is_ok(), "another key has its own window");
    }

    /// Protects "organizer calls only from the host PC": loopback and this
    /// PC's own addresses are local, another PC on the LAN is not.
    #[test]
    fn only_this_pcs_addresses_are_local() {
        let local: std::collections::HashSet<IpAddr> = ["192.168.1.20".parse().expect("ip")].into_iter().collect();
        assert!(is_local_ip("127.0.0.1".parse().expect("ip"), &local));
        assert!(is_local_ip("::1".parse().expect("ip"), &local));
        assert!(is_local_ip("192.168.1.20".parse().expect("ip"), &local));
        assert!(is_local_ip("::ffff:192.168.1.20".parse().expect("ip"), &local));
        assert!(!is_local_ip("192.168.1.21".parse().expect("ip"), &local));
    }

    /// Protects "no CORS for other origins": only the host's own pages call it.
    #[test]
    fn only_the_hosts_own_origin_is_accepted() {
        let mut h = HeaderMap::new();
        h.insert(axum::http::header::HOST, "192.168.1.20:1204".parse().expect("header"));
        assert!(same_origin(&h).is_ok());
        h.insert(axum::http::header::ORIGIN, "http://192.168.1.20:1204".parse().expect("header"));
        assert!(same_origin(&h).is_ok());
        h.insert(axum::http::header::ORIGIN, "http://evil.example".parse().expect("header"));
        assert!(same_origin(&h).is_err());
    }
}
