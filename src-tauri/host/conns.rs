//! Open connections, counted per client address and in total. Each open
//! socket holds a file descriptor until it closes (or the header timeout
//! cuts it off), so one PC opening sockets and saying nothing could use up
//! the process's open-file limit and make the host refuse everyone. Past
//! either cap a connection gets a minimal `503` with `{code: "busy"}` and
//! is closed; the counts drop as connections end, so one address flooding
//! the host stops only itself.

use super::guard::canonical;
use crate::error::ApiError;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

/// File descriptors kept free for everything but client sockets: the
/// database and its WAL, backups, log files, the listener, refusals.
pub(crate) const FD_HEADROOM: u64 = 256;

/// Refusals being written at once; past it a refused socket is just closed.
const REFUSING_AT_ONCE: usize = 32;

/// The connection counts and their caps.
pub(crate) struct Conns {
    per_address: usize,
    total: usize,
    open: Mutex<Open>,
    refusing: Arc<Semaphore>,
    /// When a refusal was last logged (seconds since the Unix epoch): one
    /// line per 10 s, not one per refused socket.
    last_logged: AtomicU64,
}

#[derive(Default)]
struct Open {
    by_address: HashMap<IpAddr, usize>,
    total: usize,
}

/// Why a connection was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    Address(usize),
    Total(usize),
}

/// One admitted connection; dropping it (the connection ended) frees it.
pub(crate) struct Slot {
    conns: Arc<Conns>,
    ip: IpAddr,
}

impl Conns {
    pub(crate) fn new(per_address: usize, total: usize) -> Arc<Conns> {
        Arc::new(Conns {
            per_address: per_address.max(1),
            total: total.max(1),
            open: Mutex::new(Open::default()),
            refusing: Arc::new(Semaphore::new(REFUSING_AT_ONCE)),
            last_logged: AtomicU64::new(0),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Open> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Counts a new connection from `ip`, or says which cap it is past.
    pub(crate) fn admit(self: &Arc<Self>, ip: IpAddr) -> Result<Slot, Refusal> {
        let ip = canonical(ip);
        let mut open = self.lock();
        if open.total >= self.total {
            return Err(Refusal::Total(self.total));
        }
        let n = open.by_address.entry(ip).or_insert(0);
        if *n >= self.per_address {
            return Err(Refusal::Address(self.per_address));
        }
        *n += 1;
        open.total += 1;
        Ok(Slot { conns: self.clone(), ip })
    }

    /// Open connections now (all addresses).
    pub(crate) fn open(&self) -> usize {
        self.lock().total
    }

    /// Answers a refused connection with the 503 and closes it, off the
    /// accept loop; when many are being refused at once, just closes it.
    pub(crate) fn refuse(&self, stream: TcpStream, peer: IpAddr, why: Refusal) {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        let last = self.last_logged.load(Ordering::Relaxed);
        if now >= last + 10
            && self.last_logged.compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed).is_ok()
        {
            tracing::warn!(%peer, ?why, "LAN host: connection cap reached, refusing connections");
        }
        let Ok(permit) = self.refusing.clone().try_acquire_owned() else {
            return; // dropped: closed
        };
        tokio::spawn(async move {
            let _permit = permit;
            write_busy(stream, why).await;
        });
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.conns.lock();
        open.total = open.total.saturating_sub(1);
        if let Some(n) = open.by_address.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                open.by_address.remove(&self.ip);
            }
        }
    }
}

/// The 503 response a refused connection gets (then the host closes it).
pub(crate) fn busy_response(why: Refusal) -> Vec<u8> {
    let message = match why {
        Refusal::Address(n) => format!(
            "这台电脑与主机之间的连接太多（上限 {n} 个），主机暂时不接受新的连接。请关闭多余的页面或程序，稍后再试。"
        ),
        Refusal::Total(n) => format!("主机当前的连接已满（上限 {n} 个），请稍后再试。"),
    };
    let body = serde_json::to_string(&ApiError { code: "busy".into(), message }).unwrap_or_default();
    format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nRetry-After: 5\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Writes the 503, then reads what the client sent (for at most a second)
/// before closing, so the client reads the answer rather than a reset.
async fn write_busy(mut stream: TcpStream, why: Refusal) {
    let _ = stream.set_nodelay(true);
    let sent = tokio::time::timeout(Duration::from_secs(1), stream.write_all(&busy_response(why))).await;
    if !matches!(sent, Ok(Ok(()))) {
        return;
    }
    let _ = stream.shutdown().await;
    let mut buf = [0u8; 4096];
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let mut left = 64 * 1024usize;
        while left > 0 {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => left = left.saturating_sub(n),
            }
        }
    })
    .await;
}

/// Raises the process's soft open-file limit to its hard limit (Linux and
/// other Unix; nothing to do on Windows) and returns the soft limit now in
/// force, if known.
pub(crate) fn raise_open_file_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        let mut lim = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit/setrlimit only read and write the struct passed.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } != 0 {
            return None;
        }
        if lim.rlim_cur < lim.rlim_max {
            let mut want = lim;
            // An unlimited hard limit (macOS) is not accepted as a soft one.
            want.rlim_cur = if lim.rlim_max == libc::RLIM_INFINITY { 1 << 20 } else { lim.rlim_max };
            // SAFETY: as above.
            if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &want) } == 0 {
                lim = want;
            }
        }
        #[allow(clippy::unnecessary_cast)] // rlim_t is not u64 on every Unix
        Some(lim.rlim_cur as u64)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The total cap in force: the wanted one, kept `FD_HEADROOM` below the
/// open-file limit when that is known.
pub(crate) fn total_cap(wanted: usize, open_file_limit: Option<u64>) -> usize {
    match open_file_limit {
        Some(limit) => wanted.min(limit.saturating_sub(FD_HEADROOM).max(16) as usize),
        None => wanted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Protects the counts: each cap holds, and an ended connection frees
    /// its place (the per-address table forgets addresses with none open).
    #[test]
    fn caps_hold_and_closing_frees_the_place() {
        let c = Conns::new(2, 3);
        let a: IpAddr = "10.0.0.2".parse().expect("ip");
        let b: IpAddr = "::ffff:10.0.0.3".parse().expect("ip");
        let a1 = c.admit(a).expect("first");
        let _a2 = c.admit(a).expect("second");
        assert_eq!(c.admit(a).err(), Some(Refusal::Address(2)));
        let _b1 = c.admit(b).expect("another address");
        assert_eq!(c.admit("10.0.0.4".parse().expect("ip")).err(), Some(Refusal::Total(3)));
        drop(a1);
        assert_eq!(c.open(), 2);
        assert!(c.admit(a).is_ok(), "a place was freed");
        assert!(c.lock().by_address.len() <= 2);
    }

    /// Protects the headroom under the open-file limit.
    #[test]
    fn the_total_cap_stays_below_the_open_file_limit() {
        assert_eq!(total_cap(4096, Some(1024)), 1024 - FD_HEADROOM as usize);
        assert_eq!(total_cap(4096, Some(1 << 20)), 4096);
        assert_eq!(total_cap(4096, None), 4096);
        let text = String::from_utf8(busy_response(Refusal::Address(256))).expect("utf-8");
        assert!(text.starts_with("HTTP/1.1 503 ") && text.contains(r#""code":"busy""#), "{text}");
    }
}
