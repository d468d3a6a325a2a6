//! Start-up measurement for `make measure-app` (docs/performance.md). With
//! `LAWQUIZ_MEASURE=1` in the environment the start-up status tells the page
//! to report each screen once it is rendered and painted, and the backend
//! prints one machine-readable line per report on stderr:
//!
//! `LAWQUIZ_READY screen=login main_ms=412.3 page_ms=230.1`
//!
//! `main_ms` is the time since `main()` began, `page_ms` the page's own
//! `performance.now()`. The measuring script times launch-to-line itself, so
//! the figure also covers what happens before `main()` (loading WebKitGTK).
//! Without the variable nothing is asked, reported or printed: production
//! start-up has no measurement path and no automatic log-in.

use std::sync::OnceLock;
use std::time::Instant;

pub const ENV: &str = "LAWQUIZ_MEASURE";

static START: OnceLock<Instant> = OnceLock::new();

/// Called first thing in `main()`.
pub fn mark_start() {
    START.get_or_init(Instant::now);
}

/// Whether this run measures (`LAWQUIZ_MEASURE=1`).
pub fn enabled() -> bool {
    std::env::var(ENV).is_ok_and(|v| v == "1")
}

/// The line printed for a screen that is ready; None when not measuring.
/// The screen name is reduced to `[a-z0-9_-]` so the line stays parseable.
pub fn ready_line(screen: &str, page_ms: f64) -> Option<String> {
    if !enabled() {
        return None;
    }
    let screen: String =
        screen.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').take(32).collect();
    let main_ms = START.get().map_or(f64::NAN, |s| s.elapsed().as_secs_f64() * 1000.0);
    let page_ms = if page_ms.is_finite() { page_ms } else { f64::NAN };
    Some(format!("LAWQUIZ_READY screen={screen} main_ms={main_ms:.1} page_ms={page_ms:.1}"))
}
