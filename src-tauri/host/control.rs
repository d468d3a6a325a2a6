//! Turning the host on and off from the organizer's settings, and what the
//! settings screen shows about it (the address staff should use, as text
//! and as a QR code). Also the client side's check that an address really
//! is a LawQuiz host before the window goes there.

use super::{interfaces, qr_data_url, staff_urls, Host, HostConfig, Interface};
use crate::error::{AppError, Result};
use crate::service::host_settings::HostSettings;
use crate::service::Service;
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

/// The running host, if any (one per app).
#[derive(Default)]
pub struct HostControl {
    running: tokio::sync::Mutex<Option<Host>>,
    error: std::sync::Mutex<Option<String>>,
}

/// What the "作为主机" panel shows.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HostStatus {
    pub settings: HostSettings,
    pub running: bool,
    /// The addresses staff should open (one per network card).
    pub urls: Vec<String>,
    /// A QR code of the first address, as an image `data:` URL.
    pub qr: Option<String>,
    /// This PC's network cards, for choosing the address to listen on.
    pub interfaces: Vec<Interface>,
    /// Why the host could not start (port taken, address gone).
    pub error: Option<String>,
    /// Failed log-ins (any account, any address) in the last
    /// [`FAILED_LOGIN_MINUTES`] minutes: "最近 10 分钟登录失败 N 次".
    pub failed_logins: i64,
    /// The minutes `failed_logins` counts over.
    pub failed_login_minutes: i64,
    /// The port the running host listens on (every hint names this one).
    pub port: Option<u16>,
    /// The name the host is announced under on the LAN ("XX局竞答主机").
    pub announced_as: Option<String>,
    /// Why the LAN announcement did not start (the host still serves).
    pub announce_error: Option<String>,
}

/// The window the host panel counts failed log-ins over.
pub const FAILED_LOGIN_MINUTES: i64 = 10;

impl HostControl {
    /// Stops the running host, then starts it again when `s.enabled`.
    pub async fn apply(&self, svc: Arc<Service>, s: &HostSettings) -> Result<()> {
        let mut running = self.running.lock().await;
        if let Some(h) = running.take() {
            h.stop().await;
        }
        self.set_error(None);
        if !s.enabled {
            return Ok(());
        }
        let mut cfg = HostConfig::from_settings(s)?;
        // Announced under the unit's name (a settings read error only costs the name).
        let unit = svc.settings().map(|s| s.issuing_unit).unwrap_or_default();
        cfg.announce_as = Some(super::discovery::instance_name(&unit));
        match Host::start(svc, cfg).await {
            Ok(h) => {
                *running = Some(h);
                Ok(())
            }
            Err(e) => {
                self.set_error(Some(e.to_string()));
                Err(e)
            }
        }
    }

    /// Starts the host at app start when the organizer left it on.
    pub async fn autostart(&self, svc: Arc<Service>) {
        match svc.host_settings() {
            Ok(s) if s.enabled => {
                if let Err(e) = self.apply(svc, &s).await {
                    tracing::warn!("LAN host did not start: {e}");
                }
            }
            Ok(_) => {}
            Err(e) => tracing::warn!("host settings unreadable: {e}"),
        }
    }

    pub async fn status(&self, svc: &Service) -> Result<HostStatus> {
        let settings = svc.host_settings()?;
        let failed_logins = svc.failed_logins_since(FAILED_LOGIN_MINUTES)?;
        let running = self.running.lock().await;
        let urls = running.as_ref().map(|h| staff_urls(h.addr())).unwrap_or_default();
        Ok(HostStatus {
            qr: urls.first().and_then(|u| qr_data_url(u)),
            running: running.is_some(),
            urls,
            interfaces: interfaces(),
            error: self.error.lock().unwrap_or_else(|p| p.into_inner()).clone(),
            failed_logins,
            failed_login_minutes: FAILED_LOGIN_MINUTES,
            port: running.as_ref().map(|h| h.addr().port()),
            announced_as: running.as_ref().and_then(|h| h.announced_as().map(str::to_string)),
            announce_error: running.as_ref().and_then(|h| h.announce_error().map(str::to_string)),
            settings,
        })
    }

    fn set_error(&self, e: Option<String>) {
        *self.error.lock().unwrap_or_else(|p| p.into_inner()) = e;
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ProbeRequest {
    /// "192.168.1.20", "192.168.1.20:1204" or "http://192.168.1.20:1204/".
    pub address: String,
}

/// A host that answered: the address the window should open.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ProbeResult {
    pub url: String,
    pub version: String,
}

/// A network error in words the person at the PC can act on.
fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        ConnectionRefused => "主机拒绝连接（这个端口上没有程序在提供服务）".into(),
        TimedOut | WouldBlock => "3 秒内没有回应".into(),
        ConnectionReset | ConnectionAborted => "连接被中断".into(),
        NotFound => "地址无法解析".into(),
        _ => format!("网络错误（{e}）"),
    }
}

/// Checks that `address` is a LawQuiz host (GET /api/ping within 3 s).
pub fn probe(address: &str) -> Result<ProbeResult> {
    let hostport =
        address.trim().trim_start_matches("http://").trim_end_matches('/').split('/').next().unwrap_or("").to_string();
    if hostport.is_empty() || hostport.contains(char::is_whitespace) {
        return Err(AppError::InvalidInput("请输入主机地址，例如 192.168.1.20:1204。".into()));
    }
    let hostport = if hostport.contains(':') {
        hostport
    } else {
        format!("{hostport}:{}", super::super::service::host_settings::DEFAULT_PORT)
    };
    let unreachable = |why: String| {
        AppError::InvalidInput(format!(
            "无法连接主机 {hostport}：{why}。请确认主机上的法治知识竞答已开启“作为主机”，两台电脑在同一网络，且主机防火墙放行了该端口。"
        ))
    };
    let addr: SocketAddr = hostport
        .to_socket_addrs()
        .map_err(|e| unreachable(io_reason(&e)))?
        .next()
        .ok_or_else(|| unreachable("地址无法解析".into()))?;
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(3)).map_err(|e| unreachable(io_reason(&e)))?;
    s.set_read_timeout(Some(Duration::from_secs(3)))?;
    s.write_all(format!("GET /api/ping HTTP/1.0\r\nHost: {hostport}\r\n\r\n").as_bytes())
        .map_err(|e| unreachable(io_reason(&e)))?;
    let mut buf = Vec::new();
    s.take(64 * 1024).read_to_end(&mut buf).map_err(|e| unreachable(io_reason(&e)))?;
    let text = String::from_utf8_lossy(&buf);
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("");
    let ping: Option<super::routes::Ping> =
        serde_json::from_str(body).ok().filter(|p: &super::routes::Ping| p.app == "lawquiz");
    let Some(ping) = ping else {
        // A LawQuiz host that refused: a name it does not know (the Host
        // check), or its connection cap. Its own words say what to do.
        let refusal: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
        if let ("forbidden" | "busy", Some(message)) =
            (refusal["code"].as_str().unwrap_or(""), refusal["message"].as_str())
        {
            return Err(AppError::InvalidInput(format!("主机 {hostport} 拒绝了连接：{message}")));
        }
        return Err(unreachable("这个地址上不是法治知识竞答主机".into()));
    };
    Ok(ProbeResult { url: format!("http://{hostport}/"), version: ping.version })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Protects the 连接主机 message: a closed port is said in Chinese.
    #[test]
    fn a_closed_port_is_explained() {
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("port").port();
        let msg = probe(&format!("127.0.0.1:{port}")).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains("主机拒绝连接") && msg.contains("作为主机"), "{msg}");
        assert!(probe("  ").is_err_and(|e| e.to_string().contains("请输入主机地址")));
    }

    /// Protects the 连接主机 message when a host refuses the name it was
    /// reached by (the Host check) or is full: the host's own reason.
    #[test]
    fn a_refusing_host_is_explained_in_its_own_words() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let server = std::thread::spawn(move || {
            let (mut s, _) = listener.accept().expect("accept");
            let mut buf = [0u8; 1024];
            let _ = s.read(&mut buf);
            let body = r#"{"code":"forbidden","message":"请求使用的主机名不是本主机的地址，已拒绝。"}"#;
            let reply = format!("HTTP/1.1 403 Forbidden\r\nContent-Length: {}\r\n\r\n{body}", body.len());
            let _ = s.write_all(reply.as_bytes());
        });
        let msg = probe(&format!("127.0.0.1:{port}")).err().map(|e| e.to_string()).unwrap_or_default();
        let _ = server.join();
        assert!(msg.contains("拒绝了连接") && msg.contains("主机名不是本主机的地址"), "{msg}");
    }
}
