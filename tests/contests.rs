//! Timed contests at the service layer on a real file, with a clock the
//! test moves: set-up and states, the backend deadline (grace, cap by the
//! close, clock turned back, restart), idempotent answers, no keys before
//! submission, finalising, ranking and tiers, review rules, the audited and
//! verifiable draw, and the hash chain catching a changed result.

use crate::practice::{as_shown, right_response, wrong_response};
use crate::util::{bank, Fixture};
use lawquiz::core::contest::Tier;
use lawquiz::core::grading::Response;
use lawquiz::core::ids::ContestId;
use lawquiz::core::paper::DrawRule;
use lawquiz::core::practice::Scope;
use lawquiz::core::question::{QType, Question};
use lawquiz::service::api::*;
use lawquiz::service::auth::Actor;
use std::collections::BTreeSet;
use time::Duration;

pub(crate) fn spec() -> ContestSpec {
    ContestSpec {
        title: "2026年宪法民法典知识有奖竞答".into(),
        opens_at: "2026-12-04T08:00".into(),
        closes_at: "2026-12-04T18:00".into(),
        time_limit_minutes: 30,
        attempts_allowed: 1,
        counting: Counting::Best,
        pass_mark: 20,
        review: ReviewRule::AfterClose,
        multi_scoring: Default::default(),
        paper: vec![
            DrawRule {
                count: 3,
                qtype: QType::Single,
                scope: Scope { subject: crate::util::law("宪法"), part: None, chapter: None },
                difficulty: None,
                points: 10,
                pool: Default::default(),
            },
            DrawRule {
                count: 2,
                qtype: QType::Judge,
                scope: Scope { subject: crate::util::law("民法典"), part: None, chapter: None },
                difficulty: None,
                points: 5,
                pool: Default::default(),
            },
        ],
        tiers: vec![Tier::new("一等奖", 1), Tier::new("二等奖", 1)],
        lottery: Some(LotteryRule { count: 1, min_score: 0 }),
        library_during_attempt: false,
    }
}

pub(crate) fn open_contest(f: &Fixture, org: &Actor, s: ContestSpec) -> ContestId {
    let c = f.svc.save_contest(org, SaveContestRequest { id: None, spec: s }).expect("contest saved");
    f.svc.set_contest_state(org, SetStateRequest { id: c.id, state: "open".into() }).expect("opened");
    c.id
}

fn question(id: &str) -> Question {
    bank().into_iter().find(|q| q.id.0 == id).expect("question in bank")
}

/// Answers every question of the attempt, right for the first `right` ones.
pub(crate) fn answer_all(f: &Fixture, who: &Actor, view: &AttemptView, right: usize) {
    let ids = paper_ids(f, view);
    for (i, item) in view.items.iter().enumerate() {
        let q = question(&ids[i]);
        let response = as_shown(&q, &item.options, if i < right { right_response(&q) } else { wrong_response(&q) });
        f.svc
            .contest_answer(
                who,
                ContestAnswerRequest { attempt_id: view.attempt_id, position: item.position, response, seq: 0 },
            )
            .expect("answer stored");
    }
}

/// The question ids of an attempt's paper, read from the database (the
/// staff payload has no ids a taker could look up).
fn paper_ids(f: &Fixture, view: &AttemptView) -> Vec<String> {
    f.svc
        .db()
        .read(|c| {
            let paper: String =
                c.query_row("SELECT paper FROM attempt WHERE id = ?1", [view.attempt_id], |r| r.get(0))?;
            let items: Vec<lawquiz::core::paper::PaperItem> = serde_json::from_str(&paper)?;
            Ok(items.into_iter().map(|i| i.question_id.0).collect())
        })
        .expect("paper")
}

#[test]
fn a_rule_the_bank_cannot_meet_is_refused_and_states_go_one_way() {
    let f = Fixture::new();
    let org = f.organizer();
    let mut s = spec();
    // 150 单选 of 宪法日常识: more than that small subject will ever hold
    // (宪法 alone has more 单选 than a rule may draw).
    s.paper[0].count = 150;
    s.paper[0].scope.subject = crate::util::law("宪法日常识");
    let err = f.svc.save_contest(&org, SaveContestRequest { id: None, spec: s }).expect_err("infeasible");
    assert!(err.to_string().contains("第 1 条出题规则要抽 150 题"), "says which rule and how many: {err}");
    let c = f.svc.save_contest(&org, SaveContestRequest { id: None, spec: spec() }).expect("saved");
    assert_eq!(c.question_count, 5);
    assert_eq!(c.total_points, 40);
    assert!(c.pools[0] >= 3 && c.pools[1] >= 2, "pool sizes shown: {:?}", c.pools);
    assert_eq!(f.svc.preview_paper(&org, c.id).expect("preview").len(), 5);
    let publish = f.svc.set_contest_state(&org, SetStateRequest { id: c.id, state: "published".into() });
    assert_eq!(publish.err().map(|e| e.code()), Some("invalid_input"), "draft cannot jump to published");
    f.svc.set_contest_state(&org, SetStateRequest { id: c.id, state: "open".into() }).expect("open");
    let edit = f.svc.save_contest(&org, SaveContestRequest { id: Some(c.id), spec: spec() });
    assert_eq!(edit.err().map(|e| e.code()), Some("invalid_input"), "an open contest's rules cannot change");
}

/// Protects C5: "Answer keys never reach the UI before the attempt is
/// submitted" — the attempt payload has only key-less fields.
#[test]
fn the_attempt_payload_carries_no_key() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let id = open_contest(&f, &org, spec());
    let view = f.svc.start_attempt(&me, id).expect("started");
    let json = serde_json::to_value(&view).expect("json");
    for item in json["items"].as_array().expect("items") {
        let keys: BTreeSet<&str> = item.as_object().expect("item").keys().map(String::as_str).collect();
        assert_eq!(keys, ["options", "points", "position", "qtype", "qtype_name", "stem"].into());
    }
    let top: BTreeSet<&str> = json.as_object().expect("view").keys().map(String::as_str).collect();
    assert_eq!(
        top,
        ["answers", "attempt_id", "contest_id", "items", "marked", "remaining_ms", "state", "title", "total_points"]
            .into()
    );
    // The seed stored with the attempt regenerates exactly the paper it shows.
    let (seed, stored): (i64, String) = f
        .svc
        .db()
        .read(|c| {
            Ok(c.query_row("SELECT seed, paper FROM attempt WHERE id = ?1", [view.attempt_id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?)
        })
        .expect("seed");
    let metas = f.svc.db().read(lawquiz::store::contests::question_metas).expect("metas");
    let again = lawquiz::core::paper::draw_paper(
        &spec().paper,
        &metas,
        &mut <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(seed as u64),
    )
    .expect("regenerated");
    assert_eq!(serde_json::to_string(&again).expect("json"), stored, "the paper regenerates from its seed");
    let contests = serde_json::to_value(f.svc.open_contests(&me).expect("list")).expect("json").to_string();
    assert!(!contests.contains("solution") && !contests.contains("explanation"));
    assert_eq!(view.remaining_ms, 30 * 60 * 1000, "the whole limit at the start");
}

#[test]
fn answers_are_stored_once_and_refused_after_the_deadline_and_grace() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let id = open_contest(&f, &org, spec());
    let view = f.svc.start_attempt(&me, id).expect("started");
    let ids = paper_ids(&f, &view);
    let q = question(&ids[0]);
    for _ in 0..3 {
        f.svc
            .contest_answer(
                &me,
                ContestAnswerRequest {
                    attempt_id: view.attempt_id,
                    position: 0,
                    response: as_shown(&q, &view.items[0].options, wrong_response(&q)),
                    seq: 0,
                },
            )
            .expect("resend");
    }
    let ack = f
        .svc
        .contest_answer(
            &me,
            ContestAnswerRequest {
                attempt_id: view.attempt_id,
                position: 0,
                response: as_shown(&q, &view.items[0].options, right_response(&q)),
                seq: 0,
            },
        )
        .expect("change of mind");
    assert!(ack.saved);
    let rows: i64 = f
        .svc
        .db()
        .read(
            |c| Ok(c.query_row("SELECT count(*) FROM answer WHERE attempt_id = ?1", [view.attempt_id], |r| r.get(0))?),
        )
        .expect("count");
    assert_eq!(rows, 1, "a resent answer is stored once");
    f.clock.advance(Duration::minutes(30) + Duration::milliseconds(1500));
    f.svc
        .contest_answer(
            &me,
            ContestAnswerRequest {
                attempt_id: view.attempt_id,
                position: 1,
                response: Response::Judge { value: true },
                seq: 0,
            },
        )
        .expect("within the 2 s grace");
    f.clock.advance(Duration::seconds(1));
    let late = f
        .svc
        .contest_answer(
            &me,
            ContestAnswerRequest {
                attempt_id: view.attempt_id,
                position: 2,
                response: Response::Judge { value: true },
                seq: 0,
            },
        )
        .expect_err("late");
    assert_eq!(late.code(), "forbidden");
    let result = f.svc.attempt_result(&me, view.attempt_id).expect("finalised by the backend");
    assert_eq!(result.state, "expired");
    assert_eq!(result.time_used_ms, 30 * 60 * 1000, "time used stops at the deadline");
    assert!(
        result.score >= i64::from(view.items[0].points),
        "the stored right answer counts: {} < {}",
        result.score,
        view.items[0].points
    );
}

#[test]
fn the_deadline_is_capped_by_the_close_and_a_clock_turned_back_buys_nothing() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let mut s = spec();
    s.closes_at = "2026-12-04T09:10".into(); // the fixture clock is 09:00
    let id = open_contest(&f, &org, s);
    let view = f.svc.start_attempt(&me, id).expect("started");
    assert_eq!(view.remaining_ms, 10 * 60 * 1000, "10 minutes to the close, not 30");
    f.clock.advance(Duration::minutes(5));
    let at_5 = f.svc.attempt(&me, view.attempt_id).expect("view").remaining_ms;
    assert_eq!(at_5, 5 * 60 * 1000);
    f.clock.advance(Duration::minutes(-60));
    let back = f.svc.attempt(&me, view.attempt_id).expect("view").remaining_ms;
    assert!(back <= at_5, "turning the clock back gives no time: {back} > {at_5}");
}

#[test]
fn a_restarted_app_resumes_with_the_time_really_left_and_finalises_what_expired() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let other = f.staff(&org, "1002", "张华", "法规科");
    let id = open_contest(&f, &org, spec());
    let mine = f.svc.start_attempt(&me, id).expect("mine");
    let theirs = f.svc.start_attempt(&other, id).expect("theirs");
    answer_all(&f, &me, &mine, 1);
    drop(f.svc);

    // 12 minutes later the app starts again on the same file.
    let clock = std::sync::Arc::new(lawquiz::service::clock::ManualClock::new(
        crate::util::constitution_day_morning() + Duration::minutes(12),
    ));
    let svc = lawquiz::service::Service::with_db(lawquiz::store::open(&f.db.path).expect("reopen"), clock.clone())
        .expect("service");
    let me = svc
        .authenticate(
            &svc.login_staff(
                StaffLoginRequest { staff_no: "1001".into(), pin: "2468".into(), new_pin: None },
                "127.0.0.1",
            )
            .expect("login")
            .token,
        )
        .expect("session");
    let resumed = svc.attempt(&me, mine.attempt_id).expect("resume");
    assert_eq!(resumed.remaining_ms, 18 * 60 * 1000, "30 minutes minus the 12 that passed");
    assert_eq!(resumed.answers.len(), 5, "every acknowledged answer is there");
    drop(svc);

    // 40 minutes after the start: both deadlines passed while the app was closed.
    let clock = std::sync::Arc::new(lawquiz::service::clock::ManualClock::new(
        crate::util::constitution_day_morning() + Duration::minutes(40),
    ));
    let svc =
        lawquiz::service::Service::with_db(lawquiz::store::open(&f.db.path).expect("reopen"), clock).expect("service");
    let states: Vec<String> = svc
        .db()
        .read(|c| {
            let mut st = c.prepare("SELECT state FROM attempt WHERE id IN (?1, ?2) ORDER BY id")?;
            let rows = st.query_map([mine.attempt_id.0, theirs.attempt_id.0], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .expect("states");
    assert_eq!(states, vec!["expired", "expired"], "finalised at start-up");
}

#[test]
fn ranking_tiers_review_draw_and_the_hash_chain() {
    let f = Fixture::new();
    let org = f.organizer();
    let a = f.staff(&org, "1001", "李明", "办公室");
    let b = f.staff(&org, "1002", "张华", "办公室");
    let c = f.staff(&org, "1003", "赵敏", "法规科");
    f.staff(&org, "1004", "钱进", "法规科");
    let id = open_contest(&f, &org, spec());
    for (who, right, minutes) in [(&a, 5, 10), (&b, 3, 5), (&c, 5, 12)] {
        let v = f.svc.start_attempt(who, id).expect("start");
        answer_all(&f, who, &v, right);
        f.clock.advance(Duration::minutes(minutes));
        let r = f.svc.submit_attempt(who, v.attempt_id).expect("submit");
        assert_eq!(r.review, None, "no review before the close");
        assert!(r.review_note.is_some());
        assert_eq!(r.rank, None, "no rank before publishing");
        f.clock.advance(Duration::minutes(-minutes));
    }
    // B cannot read A's attempt; staff cannot see the results.
    let a_attempt = f.svc.open_contests(&a).expect("list")[0].last_attempt.expect("a's attempt");
    assert_eq!(f.svc.attempt_result(&b, a_attempt).err().map(|e| e.code()), Some("forbidden"));
    assert_eq!(f.svc.contest_results(&a, id).err().map(|e| e.code()), Some("forbidden"));

    f.svc.set_contest_state(&org, SetStateRequest { id, state: "closed".into() }).expect("close");
    let res = f.svc.contest_results(&org, id).expect("results");
    let order: Vec<(&str, u32)> = res.ranking.iter().map(|r| (r.staff_no.as_str(), r.rank)).collect();
    assert_eq!(order, vec![("1001", 1), ("1003", 2), ("1002", 3)], "score, then time used");
    assert_eq!((res.ranking[0].score, res.ranking[1].score), (40, 40), "all right");
    assert!(res.ranking[2].score < 40, "two wrong answers cost points");
    assert_eq!(res.ranking[0].tier.as_deref(), Some("一等奖"));
    assert_eq!(res.ranking[1].tier.as_deref(), Some("二等奖"));
    assert_eq!(res.ranking[2].tier, None);
    let office = res.departments.iter().find(|d| d.name == "办公室").expect("办公室");
    assert_eq!((office.staff, office.participants), (2, 2));
    let law = res.departments.iter().find(|d| d.name == "法规科").expect("法规科");
    assert_eq!(law.participation_rate, 0.5);
    assert!(res.tampered.is_empty());
    let shown = res.eligible.clone().expect("the eligible list is shown before the draw");

    // The draw: logged, audited, verifiable.
    let draw = f.svc.run_draw(&org, DrawRequest { id, phrase: "宪法日快乐".into() }).expect("draw");
    assert_eq!((draw.eligible_count, draw.winners.len(), draw.algorithm.as_str()), (3, 1, "lawquiz-draw-v1"));
    assert_eq!(draw.list_hash, shown.list_hash, "the list drawn from is the list shown");
    let v = f.svc.verify_draw(&org, VerifyDrawRequest { id, draw_id: draw.id }).expect("verify");
    assert!(v.same_winners && v.same_list);
    let log = f.svc.audit_log(&org, 10).expect("audit");
    assert!(log
        .iter()
        .any(|r| r.action == "抽奖" && r.detail.contains("宪法日快乐") && r.detail.contains(&draw.list_hash)));

    // After the close the review shows; after publishing, the rank.
    f.svc.set_contest_state(&org, SetStateRequest { id, state: "published".into() }).expect("publish");
    let r = f.svc.attempt_result(&a, a_attempt).expect("result");
    assert_eq!((r.rank, r.tier.as_deref(), r.passed), (Some(1), Some("一等奖"), true));
    let review = r.review.expect("review after the close");
    assert_eq!(review.len(), 5);
    assert!(review.iter().all(|i| i.article.is_some()), "each question with its article");

    // A result changed behind the app's back is caught by the chain.
    f.svc
        .db()
        .transact(|c| Ok(c.execute("UPDATE attempt SET score = 99 WHERE id = ?1", [a_attempt])?))
        .expect("tamper");
    let res = f.svc.contest_results(&org, id).expect("results");
    assert_eq!(res.tampered, vec!["李明（1001）".to_string()]);
    let screen = f.svc.big_screen(&org, id).expect("big screen");
    assert_eq!(screen.tiers.len(), 2);
    assert_eq!(screen.lottery.map(|l| l.winners.len()), Some(1));
}

#[test]
fn attempts_allowed_and_staff_only_see_their_own() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let id = open_contest(&f, &org, spec());
    let v = f.svc.start_attempt(&me, id).expect("start");
    let again = f.svc.start_attempt(&me, id).expect("resume instead of a second attempt");
    assert_eq!(again.attempt_id, v.attempt_id);
    f.svc.submit_attempt(&me, v.attempt_id).expect("submit");
    let list = f.svc.open_contests(&me).expect("list");
    assert!(!list[0].can_start && list[0].why_not.as_deref() == Some("您的作答次数已经用完。"));
    assert_eq!(f.svc.start_attempt(&me, id).err().map(|e| e.code()), Some("forbidden"));
    assert_eq!(f.svc.contests(&me).err().map(|e| e.code()), Some("forbidden"), "staff cannot list contests for set-up");
    assert_eq!(f.svc.open_contests(&org).err().map(|e| e.code()), Some("forbidden"));
}

/// A closed contest with three results, for the export tests: departments
/// 办公室 and one named like a formula.
pub struct ContestFixture {
    pub f: Fixture,
    pub org: Actor,
    pub id: ContestId,
}

pub fn finished_contest() -> ContestFixture {
    let f = Fixture::new();
    let org = f.organizer();
    let people = [
        f.staff(&org, "1001", "李明", "办公室"),
        f.staff(&org, "1002", "张华", "=SUM(A1)"),
        f.staff(&org, "1003", "赵敏", "办公室"),
    ];
    let id = open_contest(&f, &org, spec());
    for (i, who) in people.iter().enumerate() {
        let v = f.svc.start_attempt(who, id).expect("start");
        answer_all(&f, who, &v, 5 - i);
        f.clock.advance(Duration::minutes(3));
        f.svc.submit_attempt(who, v.attempt_id).expect("submit");
    }
    f.svc.set_contest_state(&org, SetStateRequest { id, state: "closed".into() }).expect("close");
    ContestFixture { f, org, id }
}
