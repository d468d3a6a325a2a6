//! Login rules that need no IO: the lockout after repeated wrong tries.

use time::{Duration, OffsetDateTime};

/// Wrong tries allowed before a login is locked.
pub const MAX_FAILS: u32 = 5;
/// How long a locked login stays locked.
pub const LOCK_SECS: i64 = 60;

/// Wrong-try bookkeeping for one login name (工号 or organizer user name).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Lockout {
    fails: u32,
    locked_until: Option<OffsetDateTime>,
}

impl Lockout {
    /// Seconds the login stays locked at `now`, or None when it may try.
    pub fn locked_for(&self, now: OffsetDateTime) -> Option<i64> {
        self.locked_until.filter(|until| *until > now).map(|until| (until - now).whole_seconds().max(1))
    }

    /// Records a wrong try; the fifth in a row locks the login for a minute.
    pub fn fail(&mut self, now: OffsetDateTime) {
        if self.locked_until.is_some_and(|u| u <= now) {
            *self = Lockout::default();
        }
        self.fails += 1;
        if self.fails >= MAX_FAILS {
            self.locked_until = Some(now + Duration::seconds(LOCK_SECS));
        }
    }

    /// Tries left before the lock.
    pub fn tries_left(&self) -> u32 {
        MAX_FAILS.saturating_sub(self.fails)
    }
}

/// A PIN is 4 to 8 digits.
pub fn valid_pin(pin: &str) -> bool {
    (4..=8).contains(&pin.len()) && pin.chars().all(|c| c.is_ascii_digit())
}

/// An organizer password has at least 8 characters.
pub fn valid_password(p: &str) -> bool {
    p.chars().count() >= 8
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn five_wrong_tries_lock_for_a_minute_then_it_opens_again() {
        let t = datetime!(2026-12-04 09:00 UTC);
        let mut l = Lockout::default();
        for i in 0..4 {
            l.fail(t);
            assert_eq!(l.locked_for(t), None, "try {} does not lock", i + 1);
        }
        assert_eq!(l.tries_left(), 1);
        l.fail(t);
        assert_eq!(l.locked_for(t), Some(60), "the fifth wrong try locks");
        assert_eq!(l.locked_for(t + Duration::seconds(59)), Some(1));
        assert_eq!(l.locked_for(t + Duration::seconds(60)), None, "a minute later it opens");
        l.fail(t + Duration::seconds(61));
        assert_eq!(l.locked_for(t + Duration::seconds(61)), None, "the count starts again after the lock");
        assert_eq!(l.tries_left(), 4);
    }

    #[test]
    fn pins_are_four_to_eight_digits() {
        assert!(valid_pin("1234") && valid_pin("12345678"));
        assert!(!valid_pin("123") && !valid_pin("12a4") && !valid_pin("123456789"));
    }
}
