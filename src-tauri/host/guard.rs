//! The host's guards: log-in rate limits per 工号 and per address (bounded
//! tables), identifier lengths, request body and upload limits, the `Host`
//! header, and who may call what from where. (Sessions, roles and the
//! lockout after wrong PINs are the service's; these guard the network.)

use super::HostState;
use crate::error::AppError;
use crate::service::auth::Actor;
use axum::http::{HeaderMap, Uri};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::HashMapStateStore;
use governor::{Quota, RateLimiter};
use std::collections::HashSet;
use std::hash::Hash;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::OwnedSemaphorePermit;

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
    /// Import uploads being received or processed at once (past it: 503).
    pub uploads: usize,
    /// Open connections from one address at once (past it: 503). A PC's
    /// browser opens about six; the desktop client one or two.
    pub connections_per_address: usize,
    /// Open connections in total (past it: 503). Kept below the process's
    /// open-file limit, with room for the database and log files.
    pub connections_total: usize,
    /// Most keys one rate-limit table holds at once. Tables are pruned every
    /// 30 s; a table still full after pruning refuses new log-in tries (429)
    /// rather than grow.
    pub rate_limit_keys: usize,
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
            uploads: 2,
            connections_per_address: 256,
            connections_total: 16_384,
            rate_limit_keys: 65_536,
            request_timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(60),
        }
    }
}

/// Longest 工号 a log-in may name (characters).
pub const MAX_STAFF_NO_CHARS: usize = 32;
/// Longest organizer user name a log-in may name (characters).
pub const MAX_USERNAME_CHARS: usize = 64;
/// Longest one-time 登录码 (characters, dashes included).
pub const MAX_CODE_CHARS: usize = 32;

/// How often the rate-limit tables are pruned.
pub(crate) const PRUNE_EVERY: Duration = Duration::from_secs(30);

/// A keyed GCRA rate limiter (`governor`): per key, a burst of `per_minute`
/// tries, one more every `60 / per_minute` s. Each key's state is one
/// timestamp; `prune` drops every key whose state is back to "fresh", and
/// the table never holds more than `max_keys` keys.
pub(crate) struct RateTable<K: Hash + Eq + Clone, C: Clock = DefaultClock> {
    limiter: RateLimiter<K, HashMapStateStore<K>, C, NoOpMiddleware<C::Instant>>,
    clock: C,
    max_keys: usize,
    /// When a full table was last pruned on the spot (at most once a second:
    /// pruning walks the whole table).
    pruned_when_full: Mutex<Option<Instant>>,
}

impl<K: Hash + Eq + Clone> RateTable<K> {
    pub(crate) fn new(per_minute: u32, max_keys: usize) -> Self {
        Self::with_clock(per_minute, max_keys, DefaultClock::default())
    }
}

impl<K: Hash + Eq + Clone, C: Clock + Clone> RateTable<K, C> {
    pub(crate) fn with_clock(per_minute: u32, max_keys: usize, clock: C) -> Self {
        let burst = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        let limiter = RateLimiter::hashmap_with_clock(Quota::per_minute(burst), clock.clone());
        RateTable { limiter, clock, max_keys: max_keys.max(1), pruned_when_full: Mutex::new(None) }
    }

    /// Counts one try for `key`; Err with the seconds to wait when over.
    pub(crate) fn hit(&self, key: &K) -> Result<(), u64> {
        if self.limiter.len() >= self.max_keys {
            let mut last = self.pruned_when_full.lock().unwrap_or_else(|p| p.into_inner());
            if last.is_none_or(|t| t.elapsed() >= Duration::from_secs(1)) {
                *last = Some(Instant::now());
                self.prune();
            }
            if self.limiter.len() >= self.max_keys {
                return Err(60);
            }
        }
        self.limiter.check_key(key).map_err(|not_until| not_until.wait_time_from(self.clock.now()).as_secs().max(1))
    }

    /// Drops the keys whose limit is back to fresh and frees their room.
    pub(crate) fn prune(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }

    pub(crate) fn len(&self) -> usize {
        self.limiter.len()
    }
}

pub(crate) struct Guard {
    by_address: RateTable<IpAddr>,
    by_account: RateTable<String>,
}

impl Guard {
    pub(crate) fn new(limits: &Limits) -> Guard {
        Guard {
            by_address: RateTable::new(limits.logins_per_address, limits.rate_limit_keys),
            by_account: RateTable::new(limits.logins_per_account, limits.rate_limit_keys),
        }
    }

    pub(crate) fn prune(&self) {
        self.by_address.prune();
        self.by_account.prune();
    }

    /// Keys held by the rate-limit tables (addresses + accounts).
    pub(crate) fn keys(&self) -> usize {
        self.by_address.len() + self.by_account.len()
    }
}

/// What a log-in try names, checked for length before anything is counted.
pub(crate) enum Account<'a> {
    Staff(&'a str),
    Organizer(&'a str),
    /// A one-time code: counted per address only (a code names nobody).
    Code(&'a str),
}

impl Account<'_> {
    /// The rate-limit key of the account (None for codes), or 400 when the
    /// identifier is longer than any real one.
    fn key(&self) -> Result<Option<String>, AppError> {
        let (value, max, what) = match self {
            Account::Staff(v) => (v.trim(), MAX_STAFF_NO_CHARS, "工号"),
            Account::Organizer(v) => (v.trim(), MAX_USERNAME_CHARS, "用户名"),
            Account::Code(v) => (v.trim(), MAX_CODE_CHARS, "登录码"),
        };
        if value.chars().count() > max {
            return Err(AppError::InvalidInput(format!("{what}太长（最多 {max} 个字符），请检查后重新输入。")));
        }
        Ok(match self {
            Account::Staff(_) => Some(format!("staff:{value}")),
            Account::Organizer(_) => Some(format!("organizer:{value}")),
            Account::Code(_) => None,
        })
    }
}

fn too_many(wait: u64) -> AppError {
    AppError::RateLimited(format!("登录尝试过于频繁，请 {wait} 秒后再试。"))
}

/// This PC's addresses, looked up again (at most every 10 s) when a request
/// names one not seen at start: a PC that got a new address from DHCP while
/// the host runs is still itself.
pub(crate) struct LocalIps {
    ips: RwLock<HashSet<IpAddr>>,
    looked: Mutex<Instant>,
}

impl LocalIps {
    pub(crate) fn new(ips: HashSet<IpAddr>) -> LocalIps {
        LocalIps { ips: RwLock::new(ips), looked: Mutex::new(Instant::now()) }
    }

    pub(crate) fn contains(&self, ip: IpAddr) -> bool {
        if is_local_ip(ip, &self.ips.read().unwrap_or_else(|p| p.into_inner())) {
            return true;
        }
        let mut looked = self.looked.lock().unwrap_or_else(|p| p.into_inner());
        if looked.elapsed() < Duration::from_secs(10) {
            return false;
        }
        *looked = Instant::now();
        let fresh = super::local_ips();
        let hit = is_local_ip(ip, &fresh);
        *self.ips.write().unwrap_or_else(|p| p.into_inner()) = fresh;
        hit
    }
}

impl HostState {
    /// Whether `peer` is this PC.
    pub(crate) fn is_local(&self, peer: SocketAddr) -> bool {
        self.local_ips.contains(peer.ip())
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

    /// Counts a log-in try from `peer` naming `account`: the identifier's
    /// length first (too long: 400, nothing counted), then the address, then
    /// the account.
    pub(crate) fn login_try(&self, peer: SocketAddr, account: Account<'_>) -> Result<(), AppError> {
        let key = account.key()?;
        let refused = |wait| {
            tracing::warn!(peer = %peer.ip(), "log-in rate limit reached");
            too_many(wait)
        };
        self.guard.by_address.hit(&canonical(peer.ip())).map_err(refused)?;
        if let Some(key) = key {
            self.guard.by_account.hit(&key).map_err(refused)?;
        }
        Ok(())
    }

    /// The caller, from `Authorization: Bearer <token>`; organizers only
    /// from the host PC (unless allowed).
    /// The caller behind the request's session token (looked up in the
    /// database on the blocking pool when memory does not know it: never on
    /// the async threads), and for an organizer, the place checked.
    pub(crate) async fn actor(&self, headers: &HeaderMap, peer: SocketAddr) -> Result<Actor, AppError> {
        let token = bearer(headers);
        let actor = match self.svc.authenticate_in_memory(token) {
            Some(known) => known?,
            None => {
                let (svc, token) = (self.svc.clone(), token.to_string());
                tokio::task::spawn_blocking(move || svc.authenticate(&token))
                    .await
                    .map_err(|e| AppError::internal(format!("the session check failed: {e}")))??
            }
        };
        if matches!(actor, Actor::Organizer { .. }) {
            self.organizer_place(peer)?;
        }
        Ok(actor)
    }

    /// Before an upload's body is read: the caller must be an organizer
    /// (whose place `actor` has checked), and one of the upload slots free.
    pub(crate) fn upload_slot(&self, actor: &Actor) -> Result<OwnedSemaphorePermit, AppError> {
        if !matches!(actor, Actor::Organizer { .. }) {
            return Err(AppError::Forbidden("只有管理员可以导入题目或人员名单。".into()));
        }
        self.uploads.clone().try_acquire_owned().map_err(|_| {
            AppError::Busy(format!("主机正在接收另外 {} 个导入文件，请等它们完成后再试。", self.cfg.limits.uploads))
        })
    }

    /// Refuses a request whose `Host` is not this PC: one of its addresses
    /// (with or without the listening port), `localhost`, or a name the
    /// organizer configured. A page of another site that got its name to
    /// point here (DNS rebinding) sends its own name, and is refused.
    pub(crate) fn check_host(&self, headers: &HeaderMap, uri: &Uri) -> Result<(), AppError> {
        let value = match headers.get(axum::http::header::HOST) {
            Some(v) => v.to_str().ok(),
            None => uri.authority().map(|a| a.as_str()),
        };
        let known = value
            .and_then(split_host)
            .is_some_and(|(name, port)| port.is_none_or(|p| p == self.port) && self.known_host_name(name));
        if known {
            Ok(())
        } else {
            Err(AppError::Forbidden(
                "请求使用的主机名不是本主机的地址，已拒绝。请用主机“设置 → 作为主机”页面上显示的地址访问。".into(),
            ))
        }
    }

    fn known_host_name(&self, name: &str) -> bool {
        if let Ok(ip) = name.parse::<IpAddr>() {
            return self.local_ips.contains(ip);
        }
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        name == "localhost" || self.cfg.host_names.contains(&name)
    }
}

/// The name and port of a `Host` value: `192.168.1.20:1204`, `[::1]:1204`,
/// `localhost`. None when it is not of that shape.
fn split_host(value: &str) -> Option<(&str, Option<u16>)> {
    let value = value.trim();
    let (name, rest) = if let Some(v6) = value.strip_prefix('[') {
        let (inside, rest) = v6.split_once(']')?;
        (inside.split('%').next().unwrap_or(inside), rest)
    } else {
        let name = value.split(':').next().unwrap_or(value);
        (name, &value[name.len()..])
    };
    let port = match rest.strip_prefix(':') {
        Some(p) => Some(p.parse::<u16>().ok()?),
        None if rest.is_empty() => None,
        None => return None,
    };
    (!name.is_empty()).then_some((name, port))
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

/// An IPv4 address seen as IPv6-mapped is itself.
pub(crate) fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

/// Whether `ip` is one of this PC's addresses (loopback included).
fn is_local_ip(ip: IpAddr, local: &HashSet<IpAddr>) -> bool {
    let ip = canonical(ip);
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
    use governor::clock::FakeRelativeClock;

    /// Protects the per-key limit: a burst of n, then refused with a wait,
    /// and another key has its own allowance.
    #[test]
    fn the_limiter_refuses_past_its_count() {
        let l: RateTable<String, _> = RateTable::with_clock(3, 100, FakeRelativeClock::default());
        let key = "10.0.0.5".to_string();
        assert!((0..3).all(|_| l.hit(&key).is_ok()));
        assert!(l.hit(&key).is_err_and(|w| (1..=60).contains(&w)));
        assert!(l.hit(&"10.0.0.6".to_string()).is_ok(), "another key has its own allowance");
    }

    /// Protects bounded memory under any number of distinct tries: 100,000
    /// distinct keys never make a table hold more than its cap, and after
    /// the tries stop, pruning empties it (and gives the room back).
    #[test]
    fn rate_tables_stay_bounded_over_100000_distinct_keys() {
        let clock = FakeRelativeClock::default();
        let cap = 5_000;
        let t: RateTable<String, _> = RateTable::with_clock(10, cap, clock.clone());
        let mut refused = 0;
        for i in 0..100_000u32 {
            if t.hit(&format!("staff:{i:032}")).is_err() {
                refused += 1;
            }
            assert!(t.len() <= cap, "at try {i}: {} keys", t.len());
            if i % 1_000 == 999 {
                clock.advance(Duration::from_secs(1)); // the tries go on for 100 s
            }
            if i % 3_000 == 2_999 {
                t.prune(); // what the host's 30 s timer does
            }
        }
        assert!(refused > 0, "a full table refused rather than grew");
        clock.advance(Duration::from_secs(61));
        t.prune();
        assert_eq!(t.len(), 0, "nothing kept once every key is fresh again");
        assert!(t.hit(&"staff:1001".to_string()).is_ok(), "and the table works as new");
    }

    /// Protects "organizer calls only from the host PC": loopback and this
    /// PC's own addresses are local, another PC on the LAN is not.
    #[test]
    fn only_this_pcs_addresses_are_local() {
        let local: HashSet<IpAddr> = ["192.168.1.20".parse().expect("ip")].into_iter().collect();
        assert!(is_local_ip("127.0.0.1".parse().expect("ip"), &local));
        assert!(is_local_ip("::1".parse().expect("ip"), &local));
        assert!(is_local_ip("192.168.1.20".parse().expect("ip"), &local));
        assert!(is_local_ip("::ffff:192.168.1.20".parse().expect("ip"), &local));
        assert!(!is_local_ip("192.168.1.21".parse().expect("ip"), &local));
    }

    /// Protects the `Host` check's parsing: names, IPv4, bracketed IPv6,
    /// with or without a port; anything else is not a host.
    #[test]
    fn host_values_split_into_name_and_port() {
        assert_eq!(split_host("192.168.1.20:1204"), Some(("192.168.1.20", Some(1204))));
        assert_eq!(split_host("localhost"), Some(("localhost", None)));
        assert_eq!(split_host("[::1]:1204"), Some(("::1", Some(1204))));
        assert_eq!(split_host("[fe80::1%25eth0]"), Some(("fe80::1", None)));
        assert_eq!(split_host("quiz.example:99999"), None);
        assert_eq!(split_host("a:b:c"), None);
        assert_eq!(split_host(":1204"), None);
        assert_eq!(split_host("[::1]x"), None);
    }

    /// Protects the identifier caps: longer than any real 工号, user name or
    /// code is refused before it is counted.
    #[test]
    fn identifiers_are_length_checked() {
        assert!(Account::Staff(&"1".repeat(MAX_STAFF_NO_CHARS)).key().is_ok());
        assert!(Account::Staff(&"1".repeat(MAX_STAFF_NO_CHARS + 1)).key().is_err());
        assert!(Account::Staff(&"工".repeat(MAX_STAFF_NO_CHARS)).key().is_ok(), "characters, not bytes");
        assert!(Account::Organizer(&"a".repeat(MAX_USERNAME_CHARS + 1)).key().is_err());
        assert!(Account::Code(&"A".repeat(MAX_CODE_CHARS + 1)).key().is_err());
        assert_eq!(Account::Code("ABCD-EFGH").key().ok(), Some(None));
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
