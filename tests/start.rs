//! The start of a contest and what runs beside it: the paper draw's cached
//! bank metadata follows every change to the bank, a code log-in and its
//! session are one commit (kept across a restart), and a backup taken while
//! answers are written neither stops them nor copies a half state.

use crate::util::{add_employee, Fixture};
use lawquiz::core::grading::Response;
use lawquiz::core::paper::{DrawRule, Pool};
use lawquiz::core::practice::Scope;
use lawquiz::core::question::QType;
use lawquiz::error::AppError;
use lawquiz::service::api::*;
use lawquiz::service::contest_only::ContestOnlyRequest;
use lawquiz::service::Service;

fn judge_rule(pool: Pool, count: u32) -> DrawRule {
    DrawRule {
        count,
        qtype: QType::Judge,
        scope: Scope { subject: crate::util::law("宪法日常识"), part: None, chapter: None },
        difficulty: None,
        points: 5,
        pool,
    }
}

fn open_contest(svc: &Service, org: &lawquiz::service::auth::Actor, rule: DrawRule) -> lawquiz::core::ids::ContestId {
    let spec = ContestSpec {
        title: "开考".into(),
        opens_at: "2026-12-04T08:00".into(),
        closes_at: "2026-12-04T18:00".into(),
        time_limit_minutes: 20,
        attempts_allowed: 1,
        counting: Default::default(),
        pass_mark: 0,
        review: Default::default(),
        multi_scoring: Default::default(),
        paper: vec![rule],
        tiers: vec![],
        lottery: None,
        library_during_attempt: false,
    };
    let c = svc.save_contest(org, SaveContestRequest { id: None, spec }).expect("contest");
    svc.set_contest_state(org, SetStateRequest { id: c.id, state: "open".into() }).expect("open");
    c.id
}

/// Protects the metadata cache of the paper draw: a start after the bank
/// changed (here: every 宪法日常识 判断 reserved as 竞赛专用) draws from the
/// changed bank, never from what the cache held for the first start.
#[test]
fn a_start_after_a_bank_change_draws_from_the_changed_bank() {
    let f = Fixture::new();
    let org = f.organizer();
    let first = f.staff(&org, "3001", "甲", "办公室");
    let second = f.staff(&org, "3002", "乙", "办公室");
    let contest = open_contest(&f.svc, &org, judge_rule(Pool::Practice, 1));
    f.svc.start_attempt(&first, contest).expect("the first start warms the cache");
    let req = ContestOnlyRequest {
        scope: Scope { subject: crate::util::law("宪法日常识"), part: None, chapter: None },
        qtype: Some(QType::Judge),
        on: true,
    };
    f.svc.set_contest_only(&org, req).expect("reserve");
    match f.svc.start_attempt(&second, contest) {
        Err(AppError::InvalidInput(m)) => assert!(m.contains("出卷失败"), "{m}"),
        other => panic!("the practice pool is empty now, the draw must fail: {other:?}"),
    }
}

/// Protects the one-commit code log-in: the code is used up and the session
/// kept in the same commit, so the token survives a restart and the code
/// works once.
#[test]
fn a_code_log_in_is_kept_across_a_restart_and_the_code_is_used_up() {
    let f = Fixture::new();
    let org = f.organizer();
    add_employee(&f.svc, &org, "4001", "丙", "财务处");
    let codes = f.svc.issue_login_codes(&org, &[]).expect("codes");
    let code = codes.iter().find(|c| c.staff_no == "4001").expect("a code").code.clone();
    let login = f.svc.login_code(&code, "127.0.0.9").expect("code log-in");
    assert_eq!(login.role, "staff");
    let again = f.svc.login_code(&code, "127.0.0.9");
    assert!(matches!(again, Err(AppError::WrongCredentials(_))), "a code works once: {again:?}");
    let restarted = f.db.service();
    let who = restarted.authenticate(&login.token).expect("the kept session after a restart");
    assert_eq!(who.name(), "丙");
}

/// Protects backups beside the answers: backups taken while another thread
/// stores answers all succeed, every answer is stored, and each backup is a
/// whole database (integrity check) at the current schema.
#[test]
fn backups_taken_while_answers_are_stored_stop_nothing() {
    let f = Fixture::new();
    let org = f.organizer();
    let who = f.staff(&org, "5001", "丁", "办公室");
    let contest = open_contest(&f.svc, &org, judge_rule(Pool::Any, 5));
    let view = f.svc.start_attempt(&who, contest).expect("start");
    let svc = &f.svc;
    let backups = std::thread::scope(|s| {
        s.spawn(|| {
            for round in 0..200u32 {
                for item in &view.items {
                    let req = ContestAnswerRequest {
                        attempt_id: view.attempt_id,
                        position: item.position,
                        response: Response::Judge { value: round % 2 == 0 },
                        seq: round + 1,
                    };
                    svc.contest_answer(&who, req).expect("an answer during a backup");
                }
            }
        });
        (0..3).map(|_| svc.backup_now(&org).expect("a backup during the answers")).collect::<Vec<_>>()
    });
    for b in &backups {
        let version = lawquiz::store::check_file(std::path::Path::new(&b.path)).expect("a whole backup");
        assert_eq!(version, lawquiz::store::migrations::latest());
    }
    let stored = svc.attempt(&who, view.attempt_id).expect("attempt");
    assert_eq!(stored.answers.len(), view.items.len(), "every position answered");
    assert!(stored.answers.iter().all(|a| a.seq == 200), "the last answer of each position stored");
}
