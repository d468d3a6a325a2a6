//! Study time (学时): how an activity event adds to a person's active time.
//!
//! The UI sends an event when the person acts (answers, turns a page) and a
//! heartbeat at most every 30 s while they keep using the keyboard or mouse.
//! The backend adds the time since the previous event only when that gap is
//! at most [`MAX_GAP_SECS`]; a longer gap means the person was away, and that
//! time is not counted. Time is split at local midnight so days add up.

use time::{Duration, OffsetDateTime, UtcOffset};

/// A gap longer than this (2 minutes) without any event is idle time.
pub const MAX_GAP_SECS: i64 = 120;

/// What one event does to the person's open study session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// First event, or after an idle gap (or a clock that went back): a new
    /// session starts and nothing is counted.
    Start,
    /// Within the gap on the same day: add these seconds to the session.
    Extend { secs: i64 },
    /// Within the gap across local midnight: add to the old session up to
    /// midnight, and start a new one holding the rest.
    Split { before_midnight: i64, after_midnight: i64 },
}

/// Decides how the event at `now` counts, given the session's last event.
pub fn step(last: Option<OffsetDateTime>, now: OffsetDateTime, offset: UtcOffset) -> Step {
    let Some(last) = last else { return Step::Start };
    let gap = (now - last).whole_seconds();
    if !(0..=MAX_GAP_SECS).contains(&gap) {
        return Step::Start;
    }
    let (l, n) = (last.to_offset(offset), now.to_offset(offset));
    if l.date() == n.date() {
        return Step::Extend { secs: gap };
    }
    let midnight = n.replace_time(time::Time::MIDNIGHT);
    Step::Split { before_midnight: (midnight - l).whole_seconds(), after_midnight: (n - midnight).whole_seconds() }
}

/// 学时 from seconds, given the minutes one 学时 takes (default 45), to one
/// decimal place, rounded down so nobody is credited time not yet studied.
pub fn study_hours(seconds: i64, minutes_per_hour: u32) -> f64 {
    let per = f64::from(minutes_per_hour.max(1)) * 60.0;
    ((seconds.max(0) as f64 / per) * 10.0).floor() / 10.0
}

/// Start of the calendar year of `now` in `offset`, as UTC.
pub fn year_start(now: OffsetDateTime, offset: UtcOffset) -> OffsetDateTime {
    let local = now.to_offset(offset);
    local
        .replace_date(time::Date::from_calendar_date(local.year(), time::Month::January, 1).unwrap_or(local.date()))
        .replace_time(time::Time::MIDNIGHT)
        .to_offset(UtcOffset::UTC)
}

/// Whole minutes in `seconds`.
pub fn minutes(seconds: i64) -> i64 {
    Duration::seconds(seconds.max(0)).whole_minutes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{datetime, offset};

    const CN: UtcOffset = offset!(+8);

    #[test]
    fn the_first_event_starts_a_session_and_counts_nothing() {
        assert_eq!(step(None, datetime!(2026-12-04 09:00 +8), CN), Step::Start);
    }

    #[test]
    fn events_within_two_minutes_add_the_gap() {
        let t = datetime!(2026-12-04 09:00 +8);
        assert_eq!(step(Some(t), t + Duration::seconds(30), CN), Step::Extend { secs: 30 });
        assert_eq!(step(Some(t), t + Duration::seconds(120), CN), Step::Extend { secs: 120 });
    }

    #[test]
    fn a_gap_over_two_minutes_is_idle_and_not_counted() {
        let t = datetime!(2026-12-04 09:00 +8);
        assert_eq!(step(Some(t), t + Duration::seconds(121), CN), Step::Start);
    }

    #[test]
    fn a_clock_that_went_back_counts_nothing() {
        let t = datetime!(2026-12-04 09:00 +8);
        assert_eq!(step(Some(t), t - Duration::seconds(10), CN), Step::Start);
    }

    #[test]
    fn time_across_local_midnight_is_split_between_the_days() {
        let last = datetime!(2026-12-04 23:59:30 +8);
        let now = datetime!(2026-12-05 00:00:20 +8);
        assert_eq!(step(Some(last), now, CN), Step::Split { before_midnight: 30, after_midnight: 20 });
        // The same instants in UTC are on one UTC day but two Beijing days.
        assert_eq!(
            step(Some(last.to_offset(UtcOffset::UTC)), now.to_offset(UtcOffset::UTC), CN),
            Step::Split { before_midnight: 30, after_midnight: 20 }
        );
    }

    #[test]
    fn hours_round_down_to_a_tenth() {
        assert_eq!(study_hours(45 * 60, 45), 1.0);
        assert_eq!(study_hours(45 * 60 - 1, 45), 0.9);
        assert_eq!(study_hours(90 * 60, 45), 2.0);
        assert_eq!(study_hours(60 * 60, 60), 1.0);
    }

    #[test]
    fn the_year_starts_at_local_new_year() {
        assert_eq!(year_start(datetime!(2026-06-01 12:00 UTC), CN), datetime!(2025-12-31 16:00 UTC));
    }
}
