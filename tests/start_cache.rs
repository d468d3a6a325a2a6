//! The questions kept in memory for the start and the close (the bank
//! snapshot, keyed by the bank's revision): a question edited between two
//! starts is shown as edited, and a key edited before the close grades by
//! the edited key — the cache never serves a question older than the
//! database holds.

use crate::util::Fixture;
use lawquiz::core::grading::Response;
use lawquiz::core::ids::{AttemptId, ContestId};
use lawquiz::core::question::QType;
use lawquiz::service::api::*;
use lawquiz::service::auth::Actor;
use lawquiz::service::Service;

/// Every 宪法日常识 判断 question: the pool of the contests below.
const POOL: &str = "subject = '宪法日常识' AND qtype = 'judge' AND active = 1";

/// An open contest of `count` 宪法日常识 判断 questions, 5 points each.
fn open_contest(svc: &Service, org: &Actor, count: u32) -> ContestId {
    crate::util::lan_contest(svc, org, count, QType::Judge, crate::util::law("宪法日常识"), 5)
}

/// Runs `sql` on the database (an edit made outside the start/close path).
fn edit(svc: &Service, sql: &str) {
    svc.db().transact(|tx| Ok(tx.execute_batch(sql)?)).expect("edit");
}

fn pool_size(svc: &Service) -> u32 {
    svc.db()
        .read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM question WHERE {POOL}"), [], |r| r.get::<_, u32>(0))?))
        .expect("pool size")
}

/// Protects the start's question cache: the first start fills it; a stem
/// edited after that is what the next start shows (and what the first
/// person sees when the page reloads), never the cached text.
#[test]
fn a_question_edited_between_two_starts_is_shown_as_edited() {
    let f = Fixture::new();
    let org = f.organizer();
    let first = f.staff(&org, "6001", "甲", "办公室");
    let second = f.staff(&org, "6002", "乙", "办公室");
    let contest = open_contest(&f.svc, &org, 3);
    let before = f.svc.start_attempt(&first, contest).expect("the first start fills the cache");
    assert!(before.items.iter().all(|i| !i.stem.ends_with("（已修改）")));
    edit(&f.svc, &format!("UPDATE question SET stem = stem || '（已修改）' WHERE {POOL}"));
    let after = f.svc.start_attempt(&second, contest).expect("the second start");
    assert_eq!(after.items.len(), 3);
    for item in &after.items {
        assert!(item.stem.ends_with("（已修改）"), "the edited stem is shown: {}", item.stem);
    }
    let reloaded = f.svc.attempt(&first, before.attempt_id).expect("the first person's page reloads");
    for item in &reloaded.items {
        assert!(item.stem.ends_with("（已修改）"), "the reload shows the edited stem: {}", item.stem);
    }
}

/// Protects grading from the cache at the close: keys edited after the
/// cache was filled (every key made 对) grade the attempt, so an attempt
/// that answered 对 everywhere scores full marks; a stale cache would grade
/// it by the old keys (every key 错: zero).
#[test]
fn a_key_edited_before_the_close_grades_by_the_edited_key() {
    let f = Fixture::new();
    let org = f.organizer();
    let who = f.staff(&org, "6101", "丙", "财务处");
    let other = f.staff(&org, "6102", "丁", "财务处");
    let count = pool_size(&f.svc).min(5);
    assert!(count >= 2, "the shipped bank has 宪法日常识 判断 questions");
    edit(&f.svc, &format!(r#"UPDATE question SET answer_key = '{{"kind":"judge","value":false}}' WHERE {POOL}"#));
    let contest = open_contest(&f.svc, &org, count);
    let view = f.svc.start_attempt(&who, contest).expect("start: the cache holds the keys 错");
    f.svc.start_attempt(&other, contest).expect("another start, from the cache");
    for item in &view.items {
        let req = ContestAnswerRequest {
            attempt_id: view.attempt_id,
            position: item.position,
            response: Response::Judge { value: true },
            seq: 1,
        };
        f.svc.contest_answer(&who, req).expect("answer 对");
    }
    edit(&f.svc, &format!(r#"UPDATE question SET answer_key = '{{"kind":"judge","value":true}}' WHERE {POOL}"#));
    f.svc.set_contest_state(&org, SetStateRequest { id: contest, state: "closed".into() }).expect("close");
    let score = |id: AttemptId| -> (Option<i64>, i64, String) {
        f.svc
            .db()
            .read(|c| {
                Ok(c.query_row("SELECT score, max_score, state FROM attempt WHERE id = ?1", [id.0], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?)
            })
            .expect("the attempt")
    };
    let (got, max, state) = score(view.attempt_id);
    assert_eq!(state, "submitted");
    assert_eq!(got, Some(max), "graded by the edited keys: full marks");
    let right: i64 = f
        .svc
        .db()
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*) FROM answer WHERE attempt_id = ?1 AND verdict = 'right' AND points = 5",
                [view.attempt_id.0],
                |r| r.get(0),
            )?)
        })
        .expect("verdicts");
    assert_eq!(right, i64::from(count), "every answer's verdict and points were written");
}
