//! Finding the host without typing: the host announces itself on the LAN
//! with mDNS / DNS-SD (`_lawquiz._tcp.local.`, the instance named after the
//! unit: "XX局竞答主机", TXT with the port and the version), and 连接主机
//! browses for a few seconds and lists what answered. Both sides use the
//! `mdns-sd` crate's daemon (its own thread; no async runtime needed).
//!
//! Discovery only offers addresses: the window still checks the one chosen
//! with [`super::probe`] (is a LawQuiz host answering there?) before going.

use crate::error::{AppError, Result};
use mdns_sd::{ServiceDaemon, ServiceEvent, ServiceInfo};
use serde::Serialize;
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

/// The DNS-SD service type every LawQuiz host announces.
pub const SERVICE_TYPE: &str = "_lawquiz._tcp.local.";

/// How long 连接主机 listens for hosts by default.
pub const BROWSE_FOR: Duration = Duration::from_secs(3);

/// A DNS label (the instance name) holds at most 63 bytes.
const MAX_INSTANCE_BYTES: usize = 63;

/// The name a host announces: the issuing unit + 竞答主机 ("XX局竞答主机"),
/// or 法治知识竞答主机 when no unit is set; cut (on a character) to fit a
/// DNS label.
pub fn instance_name(unit: &str) -> String {
    const SUFFIX: &str = "竞答主机";
    let unit = unit.trim();
    if unit.is_empty() {
        return format!("法治知识{SUFFIX}");
    }
    let room = MAX_INSTANCE_BYTES - SUFFIX.len();
    let mut cut = String::new();
    for ch in unit.chars() {
        if cut.len() + ch.len_utf8() > room {
            break;
        }
        cut.push(ch);
    }
    format!("{cut}{SUFFIX}")
}

/// This PC's mDNS host name ("lawquiz-pc-01.local."): the OS name in
/// letters, digits and '-', or `lawquiz-host` when it has none of those.
pub fn mdns_host_name(os_name: &str) -> String {
    let clean: String = os_name
        .trim()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let clean: String = clean.chars().take(40).collect();
    if clean.is_empty() {
        "lawquiz-host.local.".into()
    } else {
        format!("lawquiz-{clean}.local.")
    }
}

/// The OS's name for this PC, as well as it can be read without a crate.
fn os_host_name() -> String {
    std::env::var("COMPUTERNAME")
        .or_else(|_| std::fs::read_to_string("/proc/sys/kernel/hostname"))
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .or_else(|_| std::env::var("HOSTNAME"))
        .unwrap_or_default()
}

/// The announcement of a running host; dropping it withdraws it (a
/// "goodbye" so browsers forget the host at once) and stops the daemon.
pub struct Announcer {
    daemon: ServiceDaemon,
    fullname: String,
    name: String,
}

/// The variable that keeps mDNS on loopback (the tests set it: they announce
/// and browse on this machine only, never on its network cards).
pub const LOOPBACK_ONLY_ENV: &str = "LAWQUIZ_MDNS_LOOPBACK_ONLY";

/// An mDNS daemon: on every interface, or only on 127.0.0.1 when
/// `LAWQUIZ_MDNS_LOOPBACK_ONLY=1`.
fn new_daemon() -> Result<ServiceDaemon> {
    let daemon = ServiceDaemon::new().map_err(mdns_error)?;
    if std::env::var(LOOPBACK_ONLY_ENV).is_ok_and(|v| v == "1") {
        daemon.disable_interface(mdns_sd::IfKind::All).map_err(mdns_error)?;
        daemon.enable_interface(mdns_sd::IfKind::LoopbackV4).map_err(mdns_error)?;
    }
    Ok(daemon)
}

impl Announcer {
    /// Announces a host listening on `listen` (every card when it is
    /// 0.0.0.0: the daemon follows the PC's addresses) under `name`.
    pub fn start(name: &str, listen: SocketAddr, version: &str) -> Result<Announcer> {
        Self::start_with(new_daemon()?, name, listen, version)
    }

    fn start_with(daemon: ServiceDaemon, name: &str, listen: SocketAddr, version: &str) -> Result<Announcer> {
        let port = listen.port().to_string();
        let props = [("app", "lawquiz"), ("port", port.as_str()), ("version", version), ("path", "/")];
        let host = mdns_host_name(&os_host_name());
        let info = if listen.ip().is_unspecified() {
            ServiceInfo::new(SERVICE_TYPE, name, &host, (), listen.port(), &props[..]).map(|i| i.enable_addr_auto())
        } else {
            ServiceInfo::new(SERVICE_TYPE, name, &host, listen.ip(), listen.port(), &props[..])
        }
        .map_err(mdns_error)?;
        let fullname = info.get_fullname().to_string();
        daemon.register(info).map_err(mdns_error)?;
        tracing::info!(%fullname, %listen, "LAN host announced (mDNS)");
        Ok(Announcer { daemon, fullname, name: name.to_string() })
    }

    /// The instance name announced ("XX局竞答主机").
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for Announcer {
    fn drop(&mut self) {
        if let Ok(done) = self.daemon.unregister(&self.fullname) {
            // The goodbye packet goes out before the daemon stops.
            let _ = done.recv_timeout(Duration::from_secs(1));
        }
        let _ = self.daemon.shutdown();
    }
}

fn mdns_error(e: mdns_sd::Error) -> AppError {
    AppError::InvalidInput(format!("局域网广播（mDNS）不可用：{e}"))
}

/// A host that answered the browse.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct FoundHost {
    /// The announced name: "XX局竞答主机".
    pub name: String,
    /// "192.168.1.20:1204": what 连接 probes and remembers.
    pub address: String,
    pub port: u16,
    pub version: String,
}

/// The address to offer among those a host announced: a private IPv4 (the
/// office LAN) first, then any other IPv4, loopback last; IPv6 only when
/// there is no IPv4 (in brackets, with the port).
pub fn best_address(ips: &[IpAddr], port: u16) -> Option<String> {
    let rank = |ip: &IpAddr| match ip {
        IpAddr::V4(v4) if v4.is_private() => 0,
        IpAddr::V4(v4) if v4.is_link_local() => 2,
        IpAddr::V4(v4) if v4.is_loopback() => 3,
        IpAddr::V4(_) => 1,
        IpAddr::V6(v6) if v6.is_loopback() => 5,
        IpAddr::V6(_) => 4,
    };
    let best = ips.iter().min_by_key(|ip| (rank(ip), **ip))?;
    Some(SocketAddr::new(*best, port).to_string())
}

/// The instance name of a full DNS-SD name
/// ("XX局竞答主机._lawquiz._tcp.local." → "XX局竞答主机"), unescaped.
pub fn instance_of(fullname: &str) -> String {
    let name = fullname.strip_suffix(SERVICE_TYPE).unwrap_or(fullname).trim_end_matches('.');
    name.replace("\\.", ".").replace("\\\\", "\\")
}

/// Listens for LawQuiz hosts for `wait` and lists those that answered, by
/// name (one entry per announced instance).
pub fn browse(wait: Duration) -> Result<Vec<FoundHost>> {
    browse_with(&new_daemon()?, wait, true)
}

fn browse_with(daemon: &ServiceDaemon, wait: Duration, shutdown: bool) -> Result<Vec<FoundHost>> {
    let events = daemon.browse(SERVICE_TYPE).map_err(mdns_error)?;
    let deadline = Instant::now() + wait;
    let mut found: BTreeMap<String, FoundHost> = BTreeMap::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match events.recv_timeout(left) {
            Ok(ServiceEvent::ServiceResolved(s)) => {
                if s.get_property_val_str("app").is_some_and(|a| a != "lawquiz") {
                    continue;
                }
                let ips: Vec<IpAddr> = s.get_addresses().iter().map(|ip| ip.to_ip_addr()).collect();
                let Some(address) = best_address(&ips, s.get_port()) else { continue };
                let name = instance_of(s.get_fullname());
                let version = s.get_property_val_str("version").unwrap_or("").to_string();
                found.insert(s.get_fullname().to_string(), FoundHost { name, address, port: s.get_port(), version });
            }
            Ok(ServiceEvent::ServiceRemoved(_, fullname)) => {
                found.remove(&fullname);
            }
            Ok(_) => {}
            Err(_) => break, // the time is up (or the daemon stopped)
        }
    }
    let _ = daemon.stop_browse(SERVICE_TYPE);
    if shutdown {
        let _ = daemon.shutdown();
    }
    let mut out: Vec<FoundHost> = found.into_values().collect();
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The announced name is the unit's + 竞答主机, and fits a DNS label
    /// however long the unit's name (never cut inside a character).
    #[test]
    fn the_instance_name_is_the_units_and_fits_a_label() {
        assert_eq!(instance_name("XX市司法局"), "XX市司法局竞答主机");
        assert_eq!(instance_name("  "), "法治知识竞答主机");
        let long = instance_name(&"很长的单位名称".repeat(10));
        assert!(long.len() <= MAX_INSTANCE_BYTES && long.ends_with("竞答主机"), "{long}");
        assert!(long.starts_with("很长的单位名称"));
    }

    #[test]
    fn the_mdns_host_name_is_plain_ascii() {
        assert_eq!(mdns_host_name("PC-01\n"), "lawquiz-pc-01.local.");
        assert_eq!(mdns_host_name("办公室 电脑"), "lawquiz-host.local.");
        assert_eq!(mdns_host_name("my_pc.example"), "lawquiz-my-pc-example.local.");
    }

    /// 连接主机 offers the office-LAN address before loopback or IPv6.
    #[test]
    fn the_best_address_is_the_lan_ipv4() {
        let ips: Vec<IpAddr> =
            ["127.0.0.1", "fe80::1", "192.168.1.20", "10.0.0.5"].iter().map(|s| s.parse().expect("ip")).collect();
        assert_eq!(best_address(&ips, 1204).as_deref(), Some("10.0.0.5:1204"));
        assert_eq!(best_address(&ips[..2], 1300).as_deref(), Some("127.0.0.1:1300"), "IPv4 before IPv6");
        assert_eq!(best_address(&ips[1..2], 1300).as_deref(), Some("[fe80::1]:1300"));
        assert_eq!(best_address(&[], 1204), None);
    }

    #[test]
    fn the_instance_is_read_back_from_the_full_name() {
        assert_eq!(instance_of("XX局竞答主机._lawquiz._tcp.local."), "XX局竞答主机");
        assert_eq!(instance_of("a\\.b._lawquiz._tcp.local."), "a.b");
    }

    /// The announce and browse code paths with the crate's own daemons in
    /// this one process, on loopback (the two-process check is
    /// tests/discovery.rs).
    #[test]
    fn an_announced_host_is_found_by_a_browse() {
        let name = format!("测试{}", std::process::id());
        let listen: SocketAddr = "127.0.0.1:41204".parse().expect("addr");
        let announcer = match Announcer::start(&instance_name(&name), listen, "9.9.9") {
            Ok(a) => a,
            Err(e) => panic!("announce failed: {e}"),
        };
        let mut seen = Vec::new();
        for _ in 0..3 {
            seen = browse(Duration::from_secs(3)).expect("browse");
            if seen.iter().any(|h| h.name == announcer.name()) {
                break;
            }
        }
        let me = seen.iter().find(|h| h.name == announcer.name());
        assert!(me.is_some_and(|h| h.port == 41204 && h.version == "9.9.9"), "{seen:?}");
        drop(announcer);
    }
}
