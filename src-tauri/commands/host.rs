//! The LAN host's commands in the organizer's window (作为主机, 连接主机):
//! its status, starting and stopping it, checking an address, finding hosts.

use super::{blocking, caller, parse_req, Res};
use crate::AppState;
use tauri::State;

use crate::host::{HostControl, HostStatus, ProbeRequest, ProbeResult};
use crate::service::host_settings::HostSettings;

#[tauri::command]
pub async fn host_status(state: State<'_, AppState>, host: State<'_, HostControl>, token: String) -> Res<HostStatus> {
    let (svc, a) = caller(&state, token).await?;
    a.organizer()?;
    Ok(host.status(&svc).await?)
}

/// Saves the host settings and starts, restarts or stops the host.
#[tauri::command]
pub async fn set_host(
    state: State<'_, AppState>,
    host: State<'_, HostControl>,
    token: String,
    req: Option<serde_json::Value>,
) -> Res<HostStatus> {
    let req: HostSettings = parse_req(req)?;
    let (svc, a) = caller(&state, token).await?;
    let saved = {
        let svc = svc.clone();
        blocking(move || svc.update_host_settings(&a, req)).await?
    };
    host.apply(svc.clone(), &saved).await?;
    Ok(host.status(&svc).await?)
}

/// Checks an address before the window connects to it (client mode).
#[tauri::command]
pub async fn probe_host(req: Option<serde_json::Value>) -> Res<ProbeResult> {
    let req: ProbeRequest = parse_req(req)?;
    blocking(move || crate::host::probe(&req.address)).await
}

/// 连接主机: the LawQuiz hosts announcing themselves on the LAN (mDNS),
/// after listening for about 3 seconds.
#[tauri::command]
pub async fn discover_hosts() -> Res<Vec<crate::host::discovery::FoundHost>> {
    blocking(|| crate::host::discovery::browse(crate::host::discovery::BROWSE_FOR)).await
}
