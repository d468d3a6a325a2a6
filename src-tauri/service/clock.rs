//! The wall clock, behind a trait so tests can fix it.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub trait Clock: Send + Sync {
    /// The wall clock (can be changed by whoever sits at the PC).
    fn now(&self) -> OffsetDateTime;
    /// A monotonic clock in milliseconds from an arbitrary start: never runs
    /// backwards, whatever happens to the wall clock.
    fn monotonic_ms(&self) -> i64;
}

/// The system's UTC clock.
pub struct SystemClock;

fn process_start() -> std::time::Instant {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    *START.get_or_init(std::time::Instant::now)
}

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }

    fn monotonic_ms(&self) -> i64 {
        process_start().elapsed().as_millis() as i64
    }
}

/// A clock that always says the same instant (tests).
pub struct FixedClock(pub OffsetDateTime);

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        self.0
    }

    fn monotonic_ms(&self) -> i64 {
        0
    }
}

/// Timestamps are stored as RFC 3339 text in UTC with exactly three decimals
/// (`2026-12-04T01:30:00.000Z`), so they sort as text.
pub fn format(t: OffsetDateTime) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    let utc = t.to_offset(time::UtcOffset::UTC);
    utc.format(&fmt).unwrap_or_else(|_| utc.format(&Rfc3339).unwrap_or_default())
}

/// A clock tests can move (study time, lockouts, contests). Moving it back
/// changes the wall clock only, as turning back a PC's clock would: its
/// monotonic time only moves forward.
pub struct ManualClock(std::sync::Mutex<(OffsetDateTime, i64)>);

impl ManualClock {
    pub fn new(t: OffsetDateTime) -> Self {
        ManualClock(std::sync::Mutex::new((t, 0)))
    }

    pub fn set(&self, t: OffsetDateTime) {
        let mut g = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let forward = ((t - g.0).whole_milliseconds() as i64).max(0);
        *g = (t, g.1 + forward);
    }

    pub fn advance(&self, d: time::Duration) {
        let mut g = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let t = g.0 + d;
        let forward = (d.whole_milliseconds() as i64).max(0);
        *g = (t, g.1 + forward);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).0
    }

    fn monotonic_ms(&self) -> i64 {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).1
    }
}
