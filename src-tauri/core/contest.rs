//! Contest rules that need no IO: the deadline arithmetic of the backend
//! clock, ranking with its written tie-break, and prize tiers.
//!
//! Ranking (docs/api.md, contests): score descending, then time used ascending (the
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

/// A prize tier: a name (一等奖), how many places it has, and the floor a
/// person must reach to take one of them. Both floors default to none, so a
/// contest stored before they existed keeps its meaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub name: String,
    pub count: u32,
    /// The lowest counted score that may win this tier (一等奖 ≥ 95 分).
    #[serde(default)]
    pub min_score: Option<u32>,
    /// Whether only a passed result (score ≥ the contest's pass mark) may win.
    #[serde(default)]
    pub require_pass: bool,
}

impl Tier {
    /// A tier with no floor (anyone ranked high enough takes it).
    pub fn new(name: impl Into<String>, count: u32) -> Tier {
        Tier { name: name.into(), count, min_score: None, require_pass: false }
    }

    /// Whether a result with this score (and pass) reaches the tier's floor.
    pub fn admits(&self, score: i64, passed: bool) -> bool {
        (passed || !self.require_pass) && self.min_score.is_none_or(|m| score >= i64::from(m))
    }

    /// The floor in words (≥ 95 分，须及格), or None without one.
    pub fn floor_text(&self) -> Option<String> {
        match (self.min_score, self.require_pass) {
            (None, false) => None,
            (None, true) => Some("须及格".into()),
            (Some(m), false) => Some(format!("≥ {m} 分")),
            (Some(m), true) => Some(format!("≥ {m} 分，须及格")),
        }
    }
}

/// A ranked row as prize tiers see it: its rank, score and whether it passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub rank: u32,
    pub score: i64,
    pub passed: bool,
}

/// The outcome of [`assign_tiers`]: each row's tier (None: no prize) and
/// each tier's places left vacant because nobody eligible reached them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Awards {
    pub tier_of: Vec<Option<usize>>,
    pub vacant: Vec<u32>,
}

/// The tier of each ranked row (in rank order). Tiers fill in order by
/// rank. People tied with the last place of a tier all get that tier; the
/// places they take beyond it come off the following tiers, so the number
/// of prizes given never exceeds the total unless a tie forces it.
///
/// A tier's floor (`min_score`, `require_pass`) is checked for each person
/// it would take: once the next person in rank order is below the floor, the
/// tier's remaining places stay vacant (they never pass to someone lower and
/// never roll over to the next tier), and the next tier carries on from that
/// person with its own floor. People tied in rank have the same score, so a
/// tie never straddles a floor.
pub fn assign_tiers(rows: &[Placed], tiers: &[Tier]) -> Awards {
    let mut tier_of = vec![None; rows.len()];
    let mut vacant = vec![0; tiers.len()];
    let mut i = 0;
    let mut owed: i64 = 0;
    for (t, tier) in tiers.iter().enumerate() {
        let mut places = tier.count as i64 - owed;
        owed = 0;
        if places <= 0 {
            owed = -places;
            continue;
        }
        while places > 0 && i < rows.len() && tier.admits(rows[i].score, rows[i].passed) {
            tier_of[i] = Some(t);
            i += 1;
            places -= 1;
            // Everyone tied with the one just placed gets the same tier.
            while i < rows.len() && rows[i].rank == rows[i - 1].rank {
                tier_of[i] = Some(t);
                i += 1;
                if places > 0 {
                    places -= 1;
                } else {
                    owed += 1;
                }
            }
        }
        // Places left when someone was there but below the floor, or when
        // nobody was left at all, are vacant.
        vacant[t] = places.max(0) as u32;
    }
    Awards { tier_of, vacant }
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

    /// Rows all far above any floor, from ranks alone (the tie rules).
    fn placed(ranks: &[u32]) -> Vec<Placed> {
        ranks.iter().map(|&rank| Placed { rank, score: 100 - i64::from(rank), passed: true }).collect()
    }

    fn tier(name: &str, count: u32, min_score: Option<u32>, require_pass: bool) -> Tier {
        Tier { name: name.into(), count, min_score, require_pass }
    }

    #[test]
    fn tiers_fill_by_rank_and_ties_at_a_boundary_share_the_higher_tier() {
        let tiers = vec![Tier::new("一等奖", 1), Tier::new("二等奖", 2)];
        let of = |ranks: &[u32]| assign_tiers(&placed(ranks), &tiers).tier_of;
        assert_eq!(of(&[1, 2, 3, 4]), vec![Some(0), Some(1), Some(1), None]);
        // Two tied for first: both 一等奖, one place comes off 二等奖.
        assert_eq!(of(&[1, 1, 3, 4]), vec![Some(0), Some(0), Some(1), None]);
        // A tie at the last 二等奖 place: both get it.
        assert_eq!(of(&[1, 2, 3, 3, 5]), vec![Some(0), Some(1), Some(1), Some(1), None]);
        assert_eq!(of(&[]), Vec::<Option<usize>>::new());
        // Places the ties took are not vacant; places nobody was there for are.
        assert_eq!(assign_tiers(&placed(&[1, 1, 3, 4]), &tiers).vacant, vec![0, 0]);
        assert_eq!(assign_tiers(&placed(&[1, 2]), &tiers).vacant, vec![0, 1]);
    }

    /// Protects contests stored before floors existed: a tier read from
    /// `{name, count}` has no floor, so their results do not change.
    #[test]
    fn a_stored_tier_without_floors_reads_as_no_floor() {
        let t: Tier = serde_json::from_str(r#"{"name": "一等奖", "count": 3}"#).expect("old tier");
        assert_eq!(t, Tier::new("一等奖", 3));
        assert!(t.admits(0, false));
        assert_eq!(t.floor_text(), None);
        assert_eq!(tier("一等奖", 1, Some(95), true).floor_text().as_deref(), Some("≥ 95 分，须及格"));
    }

    /// Protects issue 12 ("prize tiers ignore the score"): the one person
    /// who took a contest, scored 2 of 110 and failed, got 一等奖. With a
    /// pass or a score required, the tier stays vacant instead.
    #[test]
    fn a_lone_failing_taker_gets_no_prize_from_a_tier_with_a_floor() {
        let lone = [Placed { rank: 1, score: 2, passed: false }];
        for first in
            [tier("一等奖", 1, None, true), tier("一等奖", 1, Some(95), false), tier("一等奖", 1, Some(95), true)]
        {
            let a = assign_tiers(&lone, &[first.clone(), tier("二等奖", 2, None, true)]);
            assert_eq!(a.tier_of, vec![None], "{first:?} must not go to a failed 2 of 110");
            assert_eq!(a.vacant, vec![1, 2], "every place stays vacant and is counted");
        }
        // Without a floor (a contest stored before floors existed) it is as before.
        assert_eq!(assign_tiers(&lone, &[Tier::new("一等奖", 1)]).tier_of, vec![Some(0)]);
    }

    /// Protects the floor rule: a tier takes people in rank order only while
    /// they reach its floor; its other places stay vacant (never given to
    /// someone lower, never added to the next tier), and the next tier goes
    /// on from the first person below the floor with its own floor.
    #[test]
    fn a_floor_leaves_places_vacant_and_the_next_tier_carries_on() {
        let rows = [
            Placed { rank: 1, score: 98, passed: true },
            Placed { rank: 2, score: 90, passed: true },
            Placed { rank: 3, score: 86, passed: true },
            Placed { rank: 4, score: 70, passed: true },
            Placed { rank: 5, score: 50, passed: false },
        ];
        let tiers =
            [tier("一等奖", 3, Some(95), true), tier("二等奖", 3, Some(85), true), tier("三等奖", 5, None, true)];
        let a = assign_tiers(&rows, &tiers);
        assert_eq!(a.tier_of, vec![Some(0), Some(1), Some(1), Some(2), None]);
        assert_eq!(a.vacant, vec![2, 1, 4], "空缺 2 名, 空缺 1 名, 空缺 4 名");
        // A floor on a lower tier only: the higher tiers fill as before.
        let a = assign_tiers(&rows, &[Tier::new("一等奖", 1), tier("二等奖", 10, Some(80), false)]);
        assert_eq!(a.tier_of, vec![Some(0), Some(1), Some(1), None, None]);
        assert_eq!(a.vacant, vec![0, 8]);
    }

    /// Protects the tie rules at a floor: people tied exactly at the floor
    /// all reach it and all get the tier (the extra place comes off the next
    /// tier, as without floors); a score one below the floor never does.
    #[test]
    fn ties_at_a_floor_all_reach_it_and_one_below_does_not() {
        let rows = [
            Placed { rank: 1, score: 95, passed: true },
            Placed { rank: 1, score: 95, passed: true },
            Placed { rank: 3, score: 94, passed: true },
            Placed { rank: 4, score: 60, passed: true },
        ];
        let tiers = [tier("一等奖", 1, Some(95), false), tier("二等奖", 2, Some(90), false)];
        let a = assign_tiers(&rows, &tiers);
        assert_eq!(a.tier_of, vec![Some(0), Some(0), Some(1), None], "both at 95 share 一等奖; 94 is 二等奖");
        assert_eq!(a.vacant, vec![0, 0], "the tie took 二等奖's second place: nothing vacant");
        // The same with a floor of 96: nobody reaches 一等奖; the tie at 95 is
        // 二等奖 together, and 94 is left without a place.
        let tiers = [tier("一等奖", 1, Some(96), false), tier("二等奖", 1, Some(90), false)];
        let a = assign_tiers(&rows, &tiers);
        assert_eq!(a.tier_of, vec![Some(1), Some(1), None, None]);
        assert_eq!(a.vacant, vec![1, 0]);
    }
}
