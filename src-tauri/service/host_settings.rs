//! The organizer's "作为主机" settings (C8): whether this app serves the
//! contest over the LAN, on which address and port, and whether organizers
//! may work from other PCs. Starting and stopping the server is the host
//! adapter's job (`crate::host`); the choice is kept here so it survives a
//! restart of the host PC.

use super::auth::Actor;
use super::Service;
use crate::error::{AppError, Result};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// The default port: 1204, for 12月4日, National Constitution Day.
pub const DEFAULT_PORT: u16 = 1204;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostSettings {
    /// Serve the LAN when the app runs.
    pub enabled: bool,
    /// The address to listen on: "0.0.0.0" (every network card) or one
    /// address of this PC.
    pub bind: String,
    pub port: u16,
    /// Organizer log-ins from other PCs (off: organizers work on the host).
    #[serde(default)]
    pub allow_remote_organizer: bool,
    /// Names staff may use for this PC besides its addresses and
    /// `localhost` (e.g. `quiz.bureau.local`, when the office's DNS has
    /// one). A request naming any other host is refused: that stops a web
    /// page from reaching the host through DNS rebinding.
    #[serde(default)]
    pub host_names: Vec<String>,
}

impl Default for HostSettings {
    fn default() -> Self {
        HostSettings {
            enabled: false,
            bind: "0.0.0.0".into(),
            port: DEFAULT_PORT,
            allow_remote_organizer: false,
            host_names: vec![],
        }
    }
}

/// Most extra host names the organizer may list.
pub const MAX_HOST_NAMES: usize = 16;

impl HostSettings {
    /// The address as an IP, or a Chinese reason.
    pub fn bind_ip(&self) -> Result<IpAddr> {
        self.bind
            .trim()
            .parse()
            .map_err(|_| AppError::InvalidInput(format!("监听地址“{}”不是有效的 IP 地址。", self.bind)))
    }

    /// The extra host names as the `Host` check compares them: trimmed,
    /// lower case, without a trailing dot or a port, no empties or repeats.
    pub fn normalized_host_names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for n in &self.host_names {
            let n = n.trim().trim_end_matches('.').to_ascii_lowercase();
            if !n.is_empty() && !out.contains(&n) {
                out.push(n);
            }
        }
        out
    }

    fn validate(&self) -> Result<()> {
        self.bind_ip()?;
        let names = self.normalized_host_names();
        if names.len() > MAX_HOST_NAMES {
            return Err(AppError::InvalidInput(format!("主机名最多填写 {MAX_HOST_NAMES} 个。")));
        }
        for n in &names {
            let shaped = n.len() <= 253
                && n.split('.').all(|label| {
                    (1..=63).contains(&label.len())
                        && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                        && !label.starts_with('-')
                        && !label.ends_with('-')
                });
            if !shaped {
                return Err(AppError::InvalidInput(format!(
                    "主机名“{n}”的写法不对：只能用英文字母、数字、连字符和点（例如 quiz.bureau.local），不带端口和 http://。"
                )));
            }
        }
        if self.port < 1024 {
            return Err(AppError::InvalidInput(
                "端口应在 1024 到 65535 之间（小于 1024 的端口需要系统管理员权限）。".into(),
            ));
        }
        Ok(())
    }
}

const KEY: &str = "host";

impl Service {
    /// The host settings (defaults until the organizer saves some).
    pub fn host_settings(&self) -> Result<HostSettings> {
        self.stored_setting(KEY)
    }

    /// Saves the host settings (organizers only), with an audit entry.
    pub fn update_host_settings(&self, actor: &Actor, new: HostSettings) -> Result<HostSettings> {
        actor.organizer()?;
        new.validate()?;
        let new = HostSettings { host_names: new.normalized_host_names(), ..new };
        let action = if new.enabled { "开启主机服务" } else { "关闭主机服务" };
        self.store_setting(actor, KEY, action, new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Protects the extra host names: written any way, compared one way;
    /// a URL, a port or a space is refused with a reason; older saved
    /// settings (without the field) still read.
    #[test]
    fn host_names_are_normalized_and_checked() {
        let s = HostSettings {
            host_names: vec![" Quiz.Bureau.Local. ".into(), "quiz.bureau.local".into(), "".into()],
            ..HostSettings::default()
        };
        assert_eq!(s.normalized_host_names(), vec!["quiz.bureau.local".to_string()]);
        assert!(s.validate().is_ok());
        for bad in ["http://quiz", "quiz:1204", "my quiz", "-quiz", "a..b"] {
            let s = HostSettings { host_names: vec![bad.into()], ..HostSettings::default() };
            assert!(s.validate().is_err_and(|e| e.to_string().contains("主机名")), "{bad}");
        }
        let old: HostSettings =
            serde_json::from_str(r#"{"enabled":true,"bind":"0.0.0.0","port":1204}"#).expect("older settings read");
        assert!(old.host_names.is_empty());
    }
}
