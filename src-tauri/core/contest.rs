//! Contest rules that need no IO: the deadline arithmetic of the backend
//! clock, ranking with its written tie-break, and prize tiers.
//!
//! Ranking (DESIGN.md C5): score descending, then time used ascending (the
//! backend's clock), then submission time ascending; rows equal on all three
//! share a rank, and the next rank skips (competition ranking 1, 1, 3).

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

/// Answers arriving this long after the deadline are still taken (network
/// and UI latency); later ones are refused.
pub const GRACE_MS: i64 = 2_000;

/// The deadline of an attempt started at `start`: the time limit, but never
/// past the contest's close.
pub fn deadline(start: OffsetDateTime, limit_secs: i64, closes_at: OffsetDateTime) -> OffsetDateTime {
    (start + Duration::seconds(limit_secs)).min(closes_at)
}

/// Milliseconds left before `deadline` at `now` (0 once it has passed).
pub fn remaining_ms(deadline: OffsetDateTime, now: OffsetDateTime) -> i64 {
    ((deadline - now).whole_milliseconds() as i64).max(0)
}

/// Whether an answer given at `now` is still accepted.
pub fn accepts_answer(deadline: OffsetDateTime, now: OffsetDateTime) -> bool {
    now <= deadline + Duration::milliseconds(GRACE_MS)
}

/// One submitted result, as ranking sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scored<K> {
    pub key: K,
    pub score: i64,
    pub time_used_ms: i64,
    /// RFC 3339 UTC text with fixed width, so it orders as text.
    pub submitted_at: String,
}

/// Sorts `rows` by the written tie-break and gives each its rank.
pub fn rank<K: Clone>(mut rows: Vec<Scored<K>>) -> Vec<(u32, Scored<K>)> {
    rows.sort_by(|a, b| {
        b.score.cmp(&a.score).then(a.time_used_ms.cmp(&b.time_used_ms)).then(a.submitted_at.cmp(&b.submitted_at))
    });
    let mut out: Vec<(u32, Scored<K>)> = Vec::with_capacity(rows.len());
    for (i, row) in rows.into_iter().enumerate() {
        let rank = match out.last() {
            Some((r, prev))
                if prev.score == row.score
                    && prev.time_used_ms == row.time_used_ms
                    && prev.submitted_at == row.submitted_at =>
            {
                *r
            }
            _ => i as u32 + 1,
        };
        out.push((rank, row));
    }
    out
}

/// A prize tier: a name (一等奖) and how many places it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub name: String,
    pub count: u32,
}

/// The tier of each ranked row (None: no prize). Tiers fill in order by
/// rank. People tied with the last place of a tier all get that tier; the
/// places they take beyond it come off the following tiers, so the number
/// of prizes given never exceeds the total unless a tie forces it.
pub fn assign_tiers(ranks: &[u32], tiers: &[Tier]) -> Vec<Option<usize>> {
    let mut out = vec![None; ranks.len()];
    let mut i = 0;
    let mut owed: i64 = 0;
    for (t, tier) in tiers.iter().enumerate() {
        let mut places = tier.count as i64 - owed;
        owed = 0;
        if places <= 0 {
            owed = -places;
            continue;
        }
        while places > 0 && i < ranks.len() {
            out[i] = Some(t);
            i += 1;
            places -= 1;
            // Everyone tied with the one just placed gets the same tier.
            while i < ranks.len() && ranks[i] == ranks[i - 1] {
                out[i] = Some(t);
                i += 1;
                if places > 0 {
                    places -= 1;
                } else {
                    owed += 1;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn s(key: u32, score: i64, time: i64, at: &str) -> Scored<u32> {
        Scored { key, score, time_used_ms: time, submitted_at: at.into() }
    }

    #[test]
    fn the_deadline_is_the_limit_capped_by_the_close() {
        let start = datetime!(2026-12-04 09:00 UTC);
        assert_eq!(deadline(start, 1800, datetime!(2026-12-04 18:00 UTC)), datetime!(2026-12-04 09:30 UTC));
        assert_eq!(deadline(start, 1800, datetime!(2026-12-04 09:10 UTC)), datetime!(2026-12-04 09:10 UTC));
    }

    #[test]
    fn answers_are_taken_until_two_seconds_after_the_deadline() {
        let d = datetime!(2026-12-04 09:30 UTC);
        assert!(accepts_answer(d, d + Duration::milliseconds(2000)));
        assert!(!accepts_answer(d, d + Duration::milliseconds(2001)));
        assert_eq!(remaining_ms(d, d - Duration::seconds(90)), 90_000);
        assert_eq!(remaining_ms(d, d + Duration::seconds(5)), 0);
    }

    #[test]
    fn ranking_is_score_then_time_used_then_submission_and_ties_share() {
        let rows = vec![
            s(1, 90, 600_000, "2026-12-04T01:10:00.000Z"),
            s(2, 95, 900_000, "2026-12-04T01:15:00.000Z"),
            s(3, 90, 500_000, "2026-12-04T01:20:00.000Z"),
            s(4, 90, 600_000, "2026-12-04T01:05:00.000Z"),
            s(5, 90, 600_000, "2026-12-04T01:05:00.000Z"),
            s(6, 80, 100_000, "2026-12-04T01:01:00.000Z"),
        ];
        let ranked: Vec<(u32, u32)> = rank(rows).into_iter().map(|(r, s)| (r, s.key)).collect();
        assert_eq!(ranked, vec![(1, 2), (2, 3), (3, 4), (3, 5), (5, 1), (6, 6)]);
    }

    #[test]
    fn tiers_fill_by_rank_and_ties_at_a_boundary_share_the_higher_tier() {
        let tiers = vec![Tier { name: "一等奖".into(), count: 1 }, Tier { name: "二等奖".into(), count: 2 }];
        assert_eq!(assign_tiers(&[1, 2, 3, 4], &tiers), vec![Some(0), Some(1), Some(1), None]);
        // Two tied for first: both 一等奖, one place comes off 二等奖.
        assert_eq!(assign_tiers(&[1, 1, 3, 4], &tiers), vec![Some(0), Some(0), Some(1), None]);
        // A tie at the last 二等奖 place: both get it.
        assert_eq!(assign_tiers(&[1, 2, 3, 3, 5], &tiers), vec![Some(0), Some(1), Some(1), Some(1), None]);
        assert_eq!(assign_tiers(&[], &tiers), Vec::<Option<usize>>::new());
    }
}
