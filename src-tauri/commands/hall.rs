//! The hall screen's window (会场大屏): its own borderless full-screen
//! window on the second display, the reveal step, F11 and Esc. Tauri
//! commands like the rest of `commands`, apart because only the desktop
//! app has windows.

use super::{blocking, caller, parse_req, Res};
use crate::error::{ApiError, AppError};
use crate::service::api::*;
use crate::service::auth::Actor;
use crate::AppState;
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use tauri::{AppHandle, Runtime, State};
use tauri::{LogicalSize, Manager, Monitor, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

/// The label of the hall window (the big screen the projector shows).
pub const HALL_WINDOW: &str = "hall";

/// Where the hall window went.
#[derive(Debug, Clone, Serialize)]
pub struct HallWindow {
    /// Whether it is on a display other than the organizer's window's.
    pub second_display: bool,
    /// That display's name, when the system gives one.
    pub monitor: Option<String>,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct FullscreenRequest {
    /// Full screen or not; None toggles (F11).
    pub on: Option<bool>,
}

/// Moves the hall to screen `step`, and tells the app's windows at once (the
/// hall window and the organizer's 大屏控制 redraw without waiting for their
/// 3-second refresh).
#[tauri::command]
pub async fn set_hall_step<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    token: String,
    req: Option<serde_json::Value>,
) -> Res<HallStep> {
    let req: HallStepRequest = parse_req(req)?;
    let (svc, a) = caller(&state, token).await?;
    let out = blocking(move || svc.set_hall_step(&a, &req)).await?;
    for w in app.webview_windows().values() {
        let _ = w.eval("window.dispatchEvent(new Event('lawquiz-hall-step'))");
    }
    Ok(out)
}

/// A display as (x, y, width, height), in physical pixels.
pub type DisplayArea = (i32, i32, u32, u32);

/// Which display the hall window goes to: one other than the organizer's
/// window's (the largest when there are several: the projector, not a
/// laptop's own screen), else the organizer's, else the first. Its index
/// in `all`, and whether it is another display than the organizer's.
pub fn hall_display(organizer: Option<DisplayArea>, all: &[DisplayArea]) -> Option<(usize, bool)> {
    let other = all
        .iter()
        .enumerate()
        .filter(|(_, a)| organizer.is_some_and(|o| **a != o))
        .max_by_key(|(i, a)| (u64::from(a.2) * u64::from(a.3), std::cmp::Reverse(*i)));
    if let Some((i, _)) = other {
        return Some((i, true));
    }
    let here = organizer.and_then(|o| all.iter().position(|a| *a == o));
    here.or((!all.is_empty()).then_some(0)).map(|i| (i, false))
}

fn window_error(e: tauri::Error) -> ApiError {
    AppError::InvalidInput(format!("无法打开大屏窗口：{e}")).into()
}

/// Opens the hall window on contest `id` (organizer only): its own window,
/// full screen, on the second display when there is one (else on the
/// organizer's). Opened again, it shows that contest and comes to the front.
/// The window carries the organizer's session (set before the page loads),
/// so it needs no log-in on the projected screen.
#[tauri::command]
pub async fn open_hall_screen<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    token: String,
    req: Option<serde_json::Value>,
) -> Res<HallWindow> {
    let req: ContestIdRequest = parse_req(req)?;
    let (svc, a) = caller(&state, token.clone()).await?;
    let hash = format!("#/screen/{}", req.id.0);
    let a = blocking(move || svc.hall_screen(&a, &req).map(|_| a)).await?; // an organizer, and the contest exists
    let area = |m: &Monitor| (m.position().x, m.position().y, m.size().width, m.size().height);
    let here = app.get_webview_window("main").and_then(|m| m.current_monitor().ok().flatten());
    let monitors = app.available_monitors().unwrap_or_default();
    let choice = hall_display(here.as_ref().map(area), &monitors.iter().map(area).collect::<Vec<_>>());
    let target =
        choice.and_then(|(i, _)| monitors.get(i).cloned()).or(here).or_else(|| app.primary_monitor().ok().flatten());
    let placed = HallWindow {
        second_display: choice.is_some_and(|(_, other)| other),
        monitor: target.as_ref().and_then(|m| m.name().cloned()),
    };
    if let Some(w) = app.get_webview_window(HALL_WINDOW) {
        let _ = w.eval(format!("location.hash = {};", serde_json::to_string(&hash).map_err(AppError::from)?));
        hall_full_screen(&w, true, target).map_err(window_error)?;
        w.set_focus().map_err(window_error)?;
        return Ok(placed);
    }
    let name = match &a {
        Actor::Organizer { name, .. } | Actor::Staff { name, .. } => name.clone(),
    };
    let session = serde_json::json!({ "token": token, "role": "organizer", "name": name }).to_string();
    let script = format!(
        "window.__LAWQUIZ_HALL__ = true; try {{ sessionStorage.setItem('lawquiz.session', {}); }} catch (e) {{}}",
        serde_json::to_string(&session).map_err(AppError::from)?
    );
    let mut builder = WebviewWindowBuilder::new(&app, HALL_WINDOW, WebviewUrl::App(format!("index.html{hash}").into()))
        .title("法治知识竞答 · 会场大屏")
        .decorations(false)
        .initialization_script(script);
    if let Some(m) = &target {
        let (p, size, scale) = (m.position(), m.size(), m.scale_factor());
        builder = builder
            .position(f64::from(p.x) / scale, f64::from(p.y) / scale)
            .inner_size(f64::from(size.width) / scale, f64::from(size.height) / scale);
    }
    let w = builder.build().map_err(window_error)?;
    hall_full_screen(&w, true, target).map_err(window_error)?;
    w.set_focus().map_err(window_error)?;
    Ok(placed)
}

/// Whether the hall window is full screen (kept here: without a window
/// manager, as under Xvfb, the system never reports the state back).
static HALL_FULL: AtomicBool = AtomicBool::new(false);

/// Full screen on: borderless and covering the whole display `on_monitor`
/// (or the one the window is on), then the system's full screen on top (a
/// window manager takes away its panels). Off: a normal 1280×800 window in
/// the middle of the display, with its title bar.
fn hall_full_screen<R: Runtime>(w: &WebviewWindow<R>, on: bool, on_monitor: Option<Monitor>) -> tauri::Result<()> {
    if on {
        let m = match on_monitor {
            Some(m) => Some(m),
            None => w.current_monitor()?,
        };
        w.set_decorations(false)?;
        if let Some(m) = m {
            w.set_position(*m.position())?;
            w.set_size(*m.size())?;
        }
        w.set_fullscreen(true)?;
    } else {
        w.set_fullscreen(false)?;
        w.set_decorations(true)?;
        w.set_size(LogicalSize::new(1280.0, 800.0))?;
        w.center()?;
    }
    HALL_FULL.store(on, Ordering::SeqCst);
    Ok(())
}

/// Closes the hall window (退出大屏 on the organizer's window).
#[tauri::command]
pub async fn close_hall_screen<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, token: String) -> Res<bool> {
    let (_, a) = caller(&state, token).await?;
    a.organizer()?;
    match app.get_webview_window(HALL_WINDOW) {
        Some(w) => {
            w.close().map_err(window_error)?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// F11 and Esc in the hall window: full screen on, off or toggled, for the
/// calling window only (the hall; any other window is left as it is).
/// Returns whether it is full screen now.
#[tauri::command]
pub async fn hall_fullscreen<R: Runtime>(window: WebviewWindow<R>, req: Option<serde_json::Value>) -> Res<bool> {
    let req: FullscreenRequest = parse_req(req)?;
    if window.label() != HALL_WINDOW {
        return Ok(false);
    }
    let now = HALL_FULL.load(Ordering::SeqCst);
    let want = req.on.unwrap_or(!now);
    if want != now {
        hall_full_screen(&window, want, None).map_err(window_error)?;
    }
    Ok(want)
}
