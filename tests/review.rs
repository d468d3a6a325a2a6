//! 今日复习 (FSRS) on a real database file with a clock the test moves: the
//! due list after a known history agrees with the rs-fsrs crate's own
//! scheduler, the wrong-answer book comes first, an edited question starts
//! anew, the streak, and no review while a contest attempt runs.

use crate::practice::{right_response, shown_for_practice, wrong_response};
use crate::util::{practice_bank, Fixture};
use lawquiz::core::ids::{EmployeeId, QuestionId};
use lawquiz::core::question::{QType, Question};
use lawquiz::service::api::PracticeAnswerRequest;
use lawquiz::service::auth::Actor;
use lawquiz::service::clock::Clock;
use rs_fsrs::{Card, Parameters, Rating, FSRS};
use time::{Duration, OffsetDateTime};

/// Shows `q`, waits `secs` on the test clock, answers right or wrong.
fn answer_after(f: &Fixture, who: &Actor, q: &Question, right: bool, secs: i64) {
    let response = shown_for_practice(f, who, q, if right { right_response(q) } else { wrong_response(q) });
    f.clock.advance(Duration::seconds(secs));
    let fb = f.svc.practice_answer(who, PracticeAnswerRequest { question_id: q.id.clone(), response }).expect("graded");
    assert_eq!(fb.correct, right);
}

fn judges(n: usize) -> Vec<Question> {
    practice_bank().into_iter().filter(|q| q.qtype == QType::Judge).take(n).collect()
}

/// The crate's scheduler with the settings the app documents (whole days,
/// no fuzz, default weights): called here, never copied numbers.
fn crate_scheduler() -> FSRS {
    FSRS::new(Parameters { enable_short_term: false, enable_fuzz: false, ..Parameters::default() })
}

fn chrono_of(t: OffsetDateTime) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(t.unix_timestamp(), t.nanosecond()).expect("in range")
}

/// The crate's card after `reviews` (time, rating), from a new card.
fn crate_card(reviews: &[(OffsetDateTime, Rating)]) -> Card {
    let s = crate_scheduler();
    let mut card: Option<Card> = None;
    for &(t, r) in reviews {
        let now = chrono_of(t);
        let c = card.take().unwrap_or(Card { due: now, last_review: now, ..Card::default() });
        card = Some(s.next(c, now, r).card);
    }
    card.expect("reviewed")
}

/// End of the local (Beijing) day of `t`.
fn end_of_day(t: OffsetDateTime) -> OffsetDateTime {
    let cn = time::macros::offset!(+8);
    let d = t.to_offset(cn).date().next_day().expect("a next day");
    d.midnight().assume_offset(cn)
}

#[test]
fn the_due_list_after_a_known_history_is_the_crates_schedule() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let qs = judges(3);
    let t0 = f.clock.now();
    // q0 wrong (Again), q1 right in 15 s (Good), q2 right in 3 s (Easy).
    answer_after(&f, &me, &qs[0], false, 15);
    let a0 = f.clock.now();
    answer_after(&f, &me, &qs[1], true, 15);
    let a1 = f.clock.now();
    answer_after(&f, &me, &qs[2], true, 3);
    let a2 = f.clock.now();
    let mut history: Vec<Vec<(OffsetDateTime, Rating)>> =
        vec![vec![(a0, Rating::Again)], vec![(a1, Rating::Good)], vec![(a2, Rating::Easy)]];
    assert!(f.svc.review_set(&me).expect("set").ids.is_empty(), "nothing is due again the day it was reviewed");

    // Walk 40 days; on each day compare the list with the crate's due dates,
    // and on day 10 review whatever is due (right, 15 s: Good).
    let mut days_with_due = 0;
    for day in 1..=40 {
        f.clock.set(t0 + Duration::days(day));
        let now = f.clock.now();
        let expected: Vec<QuestionId> = qs
            .iter()
            .zip(&history)
            .filter(|(_, h)| chrono_of(end_of_day(now)) > crate_card(h).due)
            .map(|(q, _)| q.id.clone())
            .collect();
        let mut got = f.svc.review_set(&me).expect("set").ids;
        // The wrong-answer book's q0 leads while it is due; compare as sets
        // and check the lead separately.
        if got.contains(&qs[0].id) {
            assert_eq!(got[0], qs[0].id, "day {day}: the wrong-answer book first");
        }
        got.sort();
        let mut expected_sorted = expected.clone();
        expected_sorted.sort();
        assert_eq!(got, expected_sorted, "day {day}");
        days_with_due += usize::from(!got.is_empty());
        assert_eq!(f.svc.review_summary(&me).expect("summary").due, expected.len() as i64);
        if day == 10 {
            for (q, h) in qs.iter().zip(history.iter_mut()) {
                if expected.contains(&q.id) {
                    answer_after(&f, &me, q, true, 15);
                    h.push((f.clock.now(), Rating::Good));
                }
            }
            assert!(history.iter().any(|h| h.len() == 2), "the walk reviews something on day 10");
        }
    }
    assert!(days_with_due > 10, "the walk sees questions fall due ({days_with_due} days)");
}

#[test]
fn an_edited_question_starts_anew_and_is_due_at_once() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let q = &judges(1)[0];
    answer_after(&f, &me, q, true, 3); // Easy: due in days
    f.clock.advance(Duration::days(1));
    assert!(f.svc.review_set(&me).expect("set").ids.is_empty(), "an easy question is not due tomorrow");

    // The bank changes the stem (as a re-import of the bank would).
    let conn = rusqlite::Connection::open(&f.db.path).expect("open");
    conn.execute("UPDATE question SET stem = stem || '（修订）' WHERE id = ?1", [&q.id.0]).expect("edit");
    assert_eq!(f.svc.review_set(&me).expect("set").ids, vec![q.id.clone()], "the edited question is due now");

    // Answering it starts from a new card: the crate's first review, not the second.
    let before = f.clock.now();
    answer_after(&f, &me, q, true, 15);
    let expected = crate_card(&[(before + Duration::seconds(15), Rating::Good)]);
    let (reps, due): (i64, String) = conn
        .query_row("SELECT reps, due FROM review_card WHERE question_id = ?1", [&q.id.0], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("card");
    assert_eq!(reps, 1, "the old reviews do not count");
    let due = OffsetDateTime::parse(&due, &time::format_description::well_known::Rfc3339).expect("time");
    assert_eq!(chrono_of(due).timestamp(), expected.due.timestamp());
}

#[test]
fn an_explanation_edit_or_an_undone_edit_keeps_the_schedule() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let q = &judges(1)[0];
    answer_after(&f, &me, q, true, 3);
    f.clock.advance(Duration::days(1));
    let conn = rusqlite::Connection::open(&f.db.path).expect("open");
    conn.execute("UPDATE question SET explanation = explanation || '。' WHERE id = ?1", [&q.id.0]).expect("edit");
    assert!(f.svc.review_set(&me).expect("set").ids.is_empty(), "only stem, options and key reset a question");
    // A stem edited and then put back is the same question: the schedule stands.
    conn.execute("UPDATE question SET stem = stem || '（修订）' WHERE id = ?1", [&q.id.0]).expect("edit");
    conn.execute("UPDATE question SET stem = replace(stem, '（修订）', '') WHERE id = ?1", [&q.id.0]).expect("undo");
    assert!(f.svc.review_set(&me).expect("set").ids.is_empty(), "an edit undone is no edit");
}

#[test]
fn ratings_come_from_right_wrong_and_the_time_taken() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let qs = judges(4);
    answer_after(&f, &me, &qs[0], false, 3);
    answer_after(&f, &me, &qs[1], true, 60); // slower than 20 s: Hard
    answer_after(&f, &me, &qs[2], true, 12); // between 6 and 20 s: Good
    answer_after(&f, &me, &qs[3], true, 4); // within 6 s: Easy
    let conn = rusqlite::Connection::open(&f.db.path).expect("open");
    let ratings: Vec<(String, i64, i64)> = conn
        .prepare("SELECT question_id, rating, elapsed_ms FROM review_log ORDER BY id")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let want = [(1, 3000), (2, 60_000), (3, 12_000), (4, 4000)];
    for ((q, (rating, ms)), got) in qs.iter().zip(want).zip(&ratings) {
        assert_eq!(got, &(q.id.0.clone(), rating, ms));
    }
}

#[test]
fn the_streak_counts_days_in_a_row_with_a_review() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let qs = judges(5);
    assert_eq!(f.svc.review_summary(&me).expect("summary").streak, 0);
    for q in &qs[..3] {
        answer_after(&f, &me, q, true, 10);
        f.clock.advance(Duration::days(1));
    }
    let s = f.svc.review_summary(&me).expect("summary");
    assert_eq!((s.streak, s.reviewed_today), (3, 0), "today not yet reviewed: the streak still stands");
    answer_after(&f, &me, &qs[3], true, 10);
    assert_eq!(f.svc.review_summary(&me).expect("summary").streak, 4);
    f.clock.advance(Duration::days(2));
    assert_eq!(f.svc.review_summary(&me).expect("summary").streak, 0, "a day without a review ends it");
}

/// A review history that makes `questions` due now for `employee` (each
/// reviewed Good `days_ago` days ago by the crate's scheduler, the first
/// one answered wrong before, so it is in the wrong-answer book), with a
/// review on each of the `streak_days` days before today. Written through
/// the store, as practice_answer would leave it, for screens that need a
/// history older than the test (the end-to-end test, on the system clock).
pub fn seed_due_history(
    svc: &lawquiz::service::Service,
    employee: EmployeeId,
    questions: &[Question],
    days_ago: i64,
    streak_days: i64,
) {
    use lawquiz::core::review::{review, stamp, to_chrono};
    let now = OffsetDateTime::now_utc();
    let cn = time::macros::offset!(+8);
    svc.db()
        .transact(|tx| {
            for (i, q) in questions.iter().enumerate() {
                let at = now - Duration::days(days_ago);
                if i == 0 {
                    tx.execute(
                        "INSERT INTO practice_answer (employee_id, question_id, response, correct, answered_at)
                         VALUES (?1, ?2, '{}', 0, ?3)",
                        rusqlite::params![employee, q.id, stamp(at - Duration::minutes(5))],
                    )?;
                }
                tx.execute(
                    "INSERT INTO practice_answer (employee_id, question_id, response, correct, answered_at)
                     VALUES (?1, ?2, '{}', 1, ?3)",
                    rusqlite::params![employee, q.id, stamp(at)],
                )?;
                let card = review(None, to_chrono(at), Rating::Good);
                assert!(card.due <= to_chrono(now), "seeded reviews are due by now");
                let hash = lawquiz::store::review::current_hash(tx, &q.id)?;
                lawquiz::store::review::put_card(tx, employee, &q.id, &hash, &card)?;
            }
            for d in 1..=streak_days {
                let at = now - Duration::days(d);
                let day = at.to_offset(cn).date().to_string();
                lawquiz::store::review::log(tx, employee, &questions[0].id, 3, Some(12_000), &stamp(at), &day)?;
            }
            Ok(())
        })
        .expect("seed history");
}

#[test]
fn the_feedback_says_when_the_question_comes_back_by_the_crates_schedule() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let q = &judges(1)[0];
    let response = shown_for_practice(&f, &me, q, right_response(q));
    f.clock.advance(Duration::seconds(15)); // Good
    let at = f.clock.now();
    let fb = f.svc.practice_answer(&me, PracticeAnswerRequest { question_id: q.id.clone(), response }).expect("graded");
    let due = crate_card(&[(at, Rating::Good)]).due;
    let cn = time::macros::offset!(+8);
    let due_day = OffsetDateTime::from_unix_timestamp(due.timestamp()).expect("time").to_offset(cn).date();
    assert_eq!(fb.next_review_on, due_day.to_string());
    assert_eq!(fb.next_review_in_days, (due_day - at.to_offset(cn).date()).whole_days());
    assert!(fb.next_review_in_days >= 1, "whole days: not again today");
}
