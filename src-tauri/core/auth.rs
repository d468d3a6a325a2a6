//! Login rules that need no IO: the lockout after repeated wrong tries, and
//! which PINs are too easy to guess.

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
    last_fail: Option<OffsetDateTime>,
}

/// A lockout entry untouched this long (and not locked) is forgotten: the
/// table stays bounded however many distinct names are tried.
pub const FORGET_SECS: i64 = 600;

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
        self.last_fail = Some(now);
        if self.fails >= MAX_FAILS {
            self.locked_until = Some(now + Duration::seconds(LOCK_SECS));
        }
    }

    /// Whether the entry can be dropped at `now`: not locked, and its last
    /// wrong try long enough ago.
    pub fn stale(&self, now: OffsetDateTime) -> bool {
        self.locked_for(now).is_none() && self.last_fail.is_none_or(|t| now - t >= Duration::seconds(FORGET_SECS))
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

/// A PIN anyone would try first: one digit repeated (000000), a run up or
/// down (1234, 654321), a repeated pair or triple (121212, 123123), a
/// mirrored one (123321), or one of the well-known favourites.
pub fn weak_pin(pin: &str) -> bool {
    const FAVOURITES: &[&str] = &[
        "112233",
        "11223344",
        "520520",
        "5201314",
        "1314520",
        "147258",
        "147258369",
        "159753",
        "789456",
        "456789",
        "666888",
        "888888",
        "168168",
        "123123",
        "321321",
        "2580",
        "0852",
        "1472",
        "1379",
        "7758521",
        "102030",
    ];
    let d: Vec<i16> = pin.bytes().map(|b| i16::from(b) - i16::from(b'0')).collect();
    if d.len() < 2 {
        return true;
    }
    let all_same = d.iter().all(|&x| x == d[0]);
    let step = |k: i16| d.windows(2).all(|w| (w[1] - w[0]).rem_euclid(10) == k.rem_euclid(10));
    let period = |n: usize| d.len() > n && d.len() % n == 0 && d.iter().enumerate().all(|(i, &x)| x == d[i % n]);
    let mirrored = d.len() >= 4 && d.iter().eq(d.iter().rev());
    all_same || step(1) || step(-1) || period(2) || period(3) || mirrored || FAVOURITES.contains(&pin)
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

    /// Protects "refuse the most common PINs": the ones an attacker tries
    /// first are refused, ordinary ones pass.
    #[test]
    fn common_pins_are_weak_and_ordinary_ones_are_not() {
        for p in ["123456", "000000", "111111", "1234", "654321", "121212", "123123", "123321", "5201314", "9012"] {
            assert!(weak_pin(p), "{p} is weak");
        }
        for p in ["2468", "395172", "80417", "73915820"] {
            assert!(!weak_pin(p), "{p} is fine");
        }
    }

    /// Protects the bounded lockout table: an entry is forgotten ten minutes
    /// after its last wrong try, never while it is locked.
    #[test]
    fn an_entry_goes_stale_after_ten_quiet_minutes_but_not_while_locked() {
        let t = datetime!(2026-12-04 09:00 UTC);
        let mut l = Lockout::default();
        l.fail(t);
        assert!(!l.stale(t + Duration::seconds(599)));
        assert!(l.stale(t + Duration::seconds(600)));
        for _ in 0..5 {
            l.fail(t);
        }
        assert!(!l.stale(t + Duration::seconds(30)), "locked entries stay");
    }

    #[test]
    fn pins_are_four_to_eight_digits() {
        assert!(valid_pin("1234") && valid_pin("12345678"));
        assert!(!valid_pin("123") && !valid_pin("12a4") && !valid_pin("123456789"));
    }
}
