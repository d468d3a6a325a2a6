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
}

impl Default for HostSettings {
    fn default() -> Self {
        HostSettings { enabled: false, bind: "0.0.0.0".into(), port: DEFAULT_PORT, allow_remote_organizer: false }
    }
}

impl HostSettings {
    /// The address as an IP, or a Chinese reason.
    pub fn bind_ip(&self) -> Result<IpAddr> {
        self.bind
            .trim()
            .parse()
            .map_err(|_| AppError::InvalidInput(format!("监听地址“{}”不是有效的 IP 地址。", self.bind)))
    }

    fn validate(&self) -> Result<()> {
        self.bind_ip()?;
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
        let action = if new.enabled { "开启主机服务" } else { "关闭主机服务" };
        self.store_setting(actor, KEY, action, new)
    }
}
