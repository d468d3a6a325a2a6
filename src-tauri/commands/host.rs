//! The LAN host's commands in the organizer's window (作为主机, 连接主机):
//! its status, starting and stopping it, checking an address, finding hosts.

use super::{caller, Res};
use crate::AppState;
use tauri::State;

use crate::host::{HostControl, HostStatus, ProbeRequest, ProbeResult};
use crate::service::host_settings::HostSettings;

#[tauri::command]
pub async fn host_status(state: State<'_, AppState>, host: State<'_, HostControl>, token: String) -> Res<HostStatus> {
    let (svc, a) = caller(&state, &token)?;
    a.organizer()?;
    Ok(host.status(&svc).await?)
}

/// Saves the host settings and starts, restarts or stops the host.
#[tauri::command]
pub async fn set_host(
    state: State<'_, AppState>,
    host: State<'_, HostControl>,
    token: String,
    req: HostSettings,
) -> Res<HostStatus> {
    let (svc, a) = caller(&state, &token)?;
    let saved = svc.update_host_settings(&a, req)?;
    host.apply(svc.clone(), &saved).await?;
    Ok(host.status(&svc).await?)
}

/// Checks an address before the window connects to it (client mode).
#[tauri::command(async)]
pub fn probe_host(req: ProbeRequest) -> Res<ProbeResult> {
    Ok(crate::host::probe(&req.address)?)
}

/// 连接主机: the LawQuiz hosts announcing themselves on the LAN (mDNS),
/// after listening for about 3 seconds.
#[tauri::command(async)]
pub fn discover_hosts() -> Res<Vec<crate::host::discovery::FoundHost>> {
    Ok(crate::host::discovery::browse(crate::host::discovery::BROWSE_FOR)?)
}
