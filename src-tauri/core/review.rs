//! 今日复习 (spaced review): every practice answer is a review of the
//! question in the FSRS model (Free Spaced Repetition Scheduler, the
//! open-spaced-repetition project's `rs-fsrs` crate). This module holds the
//! pure rules around the crate: how an answer maps to a rating, the memory
//! state as stored, when a question is due today, the content hash that makes
//! an edited question start anew, and the streak. No clock: `now` is passed in.

use super::question::QType;
use chrono::{DateTime, TimeZone, Utc};
use rs_fsrs::{Card, Parameters, Rating, State, FSRS};
use sha2::{Digest, Sha256};
use time::{Date, OffsetDateTime, UtcOffset};

/// Seconds after which a right answer counts as slow (Hard) and under which
/// it counts as fast (Easy), per question type: reading a 判断 is quicker than
/// weighing four 多选 options.
pub fn thresholds(qtype: QType) -> (i64, i64) {
    match qtype {
        QType::Judge => (6, 20),
        QType::Single => (10, 30),
        QType::Multi => (15, 45),
        QType::Fill => (12, 40),
    }
}

/// The FSRS rating of one answer: wrong → Again; right but slower than the
/// type's slow threshold → Hard; right within the fast threshold → Easy;
/// otherwise (or when the time is unknown) → Good.
pub fn rating(correct: bool, qtype: QType, elapsed_ms: Option<i64>) -> Rating {
    if !correct {
        return Rating::Again;
    }
    let Some(ms) = elapsed_ms else { return Rating::Good };
    let (fast, slow) = thresholds(qtype);
    if ms > slow * 1000 {
        Rating::Hard
    } else if ms <= fast * 1000 {
        Rating::Easy
    } else {
        Rating::Good
    }
}

/// The rating's number as stored (1 Again … 4 Easy).
pub fn rating_code(r: Rating) -> i64 {
    r as i64
}

/// The scheduler this app uses: the crate's default weights and 90 % desired
/// retention, whole-day intervals (the long-term scheduler: a review is never
/// due again the same day, so 今日复习 ends), no fuzz (the same history always
/// gives the same schedule).
pub fn scheduler() -> FSRS {
    FSRS::new(Parameters { enable_short_term: false, enable_fuzz: false, ..Parameters::default() })
}

/// A question never reviewed: due at `now`.
pub fn new_card(now: DateTime<Utc>) -> Card {
    Card { due: now, last_review: now, ..Card::default() }
}

/// The memory state after reviewing `card` (None: never reviewed, or the
/// question changed) at `now` with `rating`.
pub fn review(card: Option<Card>, now: DateTime<Utc>, rating: Rating) -> Card {
    scheduler().next(card.unwrap_or_else(|| new_card(now)), now, rating).card
}

/// A stored state's `state` column.
pub fn state_code(s: State) -> i64 {
    s as i64
}

/// The state of a stored `state` column (unknown numbers: a new card).
pub fn state_of(code: i64) -> State {
    match code {
        1 => State::Learning,
        2 => State::Review,
        3 => State::Relearning,
        _ => State::New,
    }
}

/// `time` → `chrono` (the crate speaks chrono).
pub fn to_chrono(t: OffsetDateTime) -> DateTime<Utc> {
    let nanos = t.unix_timestamp_nanos();
    let secs = nanos.div_euclid(1_000_000_000) as i64;
    let sub = nanos.rem_euclid(1_000_000_000) as u32;
    Utc.timestamp_opt(secs, sub).single().unwrap_or_default()
}

/// `chrono` → `time`.
pub fn from_chrono(t: DateTime<Utc>) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(
        i128::from(t.timestamp()) * 1_000_000_000 + i128::from(t.timestamp_subsec_nanos()),
    )
    .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// A stored timestamp: RFC 3339 UTC with three decimals, as every table
/// keeps them (they sort as text).
pub fn stamp(t: OffsetDateTime) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    t.to_offset(UtcOffset::UTC).format(&fmt).unwrap_or_default()
}

/// The first instant of the local day after `now`: a question is due today
/// when its due time is before it.
pub fn end_of_today(now: OffsetDateTime, offset: UtcOffset) -> OffsetDateTime {
    let local = now.to_offset(offset);
    let next = local.date().next_day().unwrap_or(local.date());
    next.midnight().assume_offset(offset).to_offset(UtcOffset::UTC)
}

/// The content of a question that a review is about, from its stored
/// columns: type, stem, options and key. Editing any of them makes the old
/// memory state meaningless (the question starts anew); an edit to the
/// explanation, tags or basis does not.
pub fn content_hash(qtype: &str, stem: &str, options: &str, key: &str) -> String {
    let mut h = Sha256::new();
    for part in [qtype, stem, options, key] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    h.finalize().iter().take(12).map(|b| format!("{b:02x}")).collect()
}

/// Days in a row with at least one review, ending today (or yesterday, when
/// today has no review yet: the streak is not lost until the day ends).
/// `days` are the distinct local days with a review, any order.
pub fn streak(days: &[Date], today: Date) -> i64 {
    let set: std::collections::HashSet<Date> = days.iter().copied().collect();
    let mut day = if set.contains(&today) {
        today
    } else {
        match today.previous_day() {
            Some(d) if set.contains(&d) => d,
            _ => return 0,
        }
    };
    let mut n = 1;
    while let Some(prev) = day.previous_day() {
        if !set.contains(&prev) {
            break;
        }
        n += 1;
        day = prev;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime, offset};

    #[test]
    fn wrong_is_again_slow_is_hard_fast_is_easy_otherwise_good() {
        assert_eq!(rating(false, QType::Judge, Some(1000)), Rating::Again);
        assert_eq!(rating(false, QType::Single, None), Rating::Again);
        assert_eq!(rating(true, QType::Judge, Some(6_000)), Rating::Easy);
        assert_eq!(rating(true, QType::Judge, Some(6_001)), Rating::Good);
        assert_eq!(rating(true, QType::Judge, Some(20_000)), Rating::Good);
        assert_eq!(rating(true, QType::Judge, Some(20_001)), Rating::Hard);
        assert_eq!(rating(true, QType::Multi, Some(40_000)), Rating::Good, "多选 is given longer");
        assert_eq!(rating(true, QType::Multi, Some(46_000)), Rating::Hard);
        assert_eq!(rating(true, QType::Fill, None), Rating::Good, "unknown time");
    }

    #[test]
    fn the_hash_changes_with_the_stem_options_or_key_only() {
        let h = content_hash("single", "题干", "[\"甲\",\"乙\"]", "{\"kind\":\"choice\",\"keys\":[0]}");
        assert_eq!(h, content_hash("single", "题干", "[\"甲\",\"乙\"]", "{\"kind\":\"choice\",\"keys\":[0]}"));
        assert_ne!(h, content_hash("single", "题干。", "[\"甲\",\"乙\"]", "{\"kind\":\"choice\",\"keys\":[0]}"));
        assert_ne!(h, content_hash("single", "题干", "[\"甲\",\"丙\"]", "{\"kind\":\"choice\",\"keys\":[0]}"));
        assert_ne!(h, content_hash("single", "题干", "[\"甲\",\"乙\"]", "{\"kind\":\"choice\",\"keys\":[1]}"));
        assert_ne!(content_hash("ab", "c", "", ""), content_hash("a", "bc", "", ""), "parts are separated");
    }

    #[test]
    fn the_day_ends_at_local_midnight() {
        let now = datetime!(2026-12-04 23:30 +8);
        assert_eq!(end_of_today(now, offset!(+8)), datetime!(2026-12-05 00:00 +8));
        assert_eq!(end_of_today(datetime!(2026-12-04 16:30 UTC), offset!(+8)), datetime!(2026-12-06 00:00 +8));
    }

    #[test]
    fn times_survive_the_trip_through_chrono() {
        let t = datetime!(2026-12-04 09:15:30.123 UTC);
        assert_eq!(from_chrono(to_chrono(t)), t);
    }

    #[test]
    fn streak_counts_days_in_a_row_up_to_today_or_yesterday() {
        let today = date!(2026 - 12 - 04);
        assert_eq!(streak(&[], today), 0);
        assert_eq!(streak(&[date!(2026 - 12 - 04)], today), 1);
        assert_eq!(streak(&[date!(2026 - 12 - 02), date!(2026 - 12 - 03), date!(2026 - 12 - 04)], today), 3);
        assert_eq!(streak(&[date!(2026 - 12 - 02), date!(2026 - 12 - 03)], today), 2, "today not yet reviewed");
        assert_eq!(streak(&[date!(2026 - 12 - 01), date!(2026 - 12 - 02)], today), 0, "a day missed");
        assert_eq!(streak(&[date!(2026 - 11 - 30), date!(2026 - 12 - 02), date!(2026 - 12 - 04)], today), 1);
    }

    #[test]
    fn a_wrong_answer_is_due_sooner_than_an_easy_one() {
        let now = to_chrono(datetime!(2026-12-04 09:00 UTC));
        let again = review(None, now, Rating::Again);
        let easy = review(None, now, Rating::Easy);
        assert!(again.due < easy.due);
        assert!(again.due > now, "whole-day intervals: not due again the same instant");
    }
}
