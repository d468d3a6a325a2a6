//! 今日复习 (spaced review): every practice answer is an FSRS review of the
//! question (core/review.rs has the rules); this is where an answer updates
//! the person's memory state, where the due list becomes a practice run, and
//! the numbers 首页 shows (due today, streak).

use super::api::{PracticeSet, ReviewSummary};
use super::auth::Actor;
use super::Service;
use crate::core::ids::{EmployeeId, QuestionId};
use crate::core::question::QType;
use crate::core::review::{self, end_of_today, rating, rating_code, stamp, to_chrono};
use crate::error::Result;
use crate::store;
use rusqlite::Connection;
use time::{Date, OffsetDateTime, UtcOffset};

/// An answer given more than this long after the question was shown has no
/// meaningful time taken (the person was away): it is rated on right/wrong.
pub const MAX_TIMED_MS: i64 = 30 * 60 * 1000;

fn day_of(t: OffsetDateTime, offset: UtcOffset) -> Date {
    t.to_offset(offset).date()
}

fn day_text(d: Date) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    d.format(&fmt).unwrap_or_default()
}

/// Records one practice answer as a review: the rating from right/wrong and
/// the time since the question was shown, the new memory state (from a new
/// card when the question was never reviewed or was edited since), and the
/// log row the streak counts. Runs in the answer's transaction. Returns the
/// next review's local day and how many days from today that is.
pub fn record(
    conn: &Connection,
    me: EmployeeId,
    question: &QuestionId,
    qtype: QType,
    correct: bool,
    at: OffsetDateTime,
    offset: UtcOffset,
) -> Result<(String, i64)> {
    let elapsed_ms = store::review::shown_at(conn, me, question)?
        .map(|shown| (at - shown).whole_milliseconds() as i64)
        .filter(|ms| (0..=MAX_TIMED_MS).contains(ms));
    let r = rating(correct, qtype, elapsed_ms);
    let hash = store::review::current_hash(conn, question)?;
    let card = store::review::card(conn, me, question)?.filter(|(_, h)| *h == hash).map(|(c, _)| c);
    let next = review::review(card, to_chrono(at), r);
    store::review::put_card(conn, me, question, &hash, &next)?;
    store::review::log(conn, me, question, rating_code(r), elapsed_ms, &stamp(at), &day_text(day_of(at, offset)))?;
    let due_day = day_of(review::from_chrono(next.due), offset);
    Ok((day_text(due_day), (due_day - day_of(at, offset)).whole_days()))
}

impl Service {
    /// 今日复习 as a practice run: the questions due today, the wrong-answer
    /// book's first. Answered through practice_question / practice_answer.
    pub fn review_set(&self, actor: &Actor) -> Result<PracticeSet> {
        let me = actor.staff()?;
        self.no_running_attempt(me)?;
        let before = stamp(end_of_today(self.clock.now(), self.settings()?.offset()));
        let ids = self.db.read(|conn| store::review::due_today(conn, me, &before))?;
        Ok(PracticeSet { title: "今日复习".into(), ids })
    }

    /// What 首页 shows of 今日复习: due today, reviewed today, the streak.
    pub fn review_summary(&self, actor: &Actor) -> Result<ReviewSummary> {
        let me = actor.staff()?;
        let offset = self.settings()?.offset();
        let now = self.clock.now();
        let before = stamp(end_of_today(now, offset));
        let today = day_of(now, offset);
        self.db.read(|conn| {
            let due = store::review::due_today(conn, me, &before)?.len() as i64;
            let fmt = time::macros::format_description!("[year]-[month]-[day]");
            // The streak cannot be longer than the days with a review; a year
            // and a bit is enough to read.
            let days: Vec<Date> =
                store::review::days(conn, me, 400)?.iter().filter_map(|d| Date::parse(d, &fmt).ok()).collect();
            Ok(ReviewSummary {
                due,
                reviewed_today: store::review::count_on(conn, me, &day_text(today))?,
                streak: review::streak(&days, today),
            })
        })
    }
}
