//! The contest engine under faults: a panicking write job, request input at
//! the edge of its type, a start racing the close, a PC clock turned back
//! while the app was closed, a damaged attempt, and answers arriving out of
//! order. Each test names the promise it protects.

use crate::util::{constitution_day_morning, Fixture};
use lawquiz::core::contest::Tier;
use lawquiz::core::grading::Response;
use lawquiz::core::ids::{AttemptId, ContestId, EmployeeId};
use lawquiz::core::paper::DrawRule;
use lawquiz::core::practice::Scope;
use lawquiz::core::question::QType;
use lawquiz::service::api::*;
use lawquiz::service::auth::Actor;
use lawquiz::service::clock::ManualClock;
use lawquiz::service::Service;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use time::Duration;

/// 5 questions, 30 minutes, one attempt each; open 08:00–18:00 on the
/// fixture's day (its clock says 09:00).
fn spec() -> ContestSpec {
    let rule = |count, qtype, subject| DrawRule {
        count,
        qtype,
        scope: Scope { subject, part: None, chapter: None },
        difficulty: None,
        points: 10,
        pool: Default::default(),
    };
    ContestSpec {
        title: "引擎测试竞答".into(),
        opens_at: "2026-12-04T08:00".into(),
        closes_at: "2026-12-04T18:00".into(),
        time_limit_minutes: 30,
        attempts_allowed: 1,
        counting: Counting::Best,
        pass_mark: 20,
        review: ReviewRule::AfterClose,
        multi_scoring: Default::default(),
        paper: vec![
            rule(3, QType::Single, crate::util::law("宪法")),
            rule(2, QType::Judge, crate::util::law("民法典")),
        ],
        tiers: vec![Tier::new("一等奖", 1)],
        lottery: None,
        library_during_attempt: false,
    }
}

fn open_contest(f: &Fixture, org: &Actor) -> ContestId {
    let c = f.svc.save_contest(org, SaveContestRequest { id: None, spec: spec() }).expect("contest saved");
    f.svc.set_contest_state(org, SetStateRequest { id: c.id, state: "open".into() }).expect("opened");
    c.id
}

fn close(svc: &Service, org: &Actor, id: ContestId) {
    svc.set_contest_state(org, SetStateRequest { id, state: "closed".into() }).expect("closed");
}

/// `n` employees added straight to the table (no PIN hashing: a test of
/// many takers, not of log-in), as staff actors.
fn many_staff(f: &Fixture, n: usize) -> Vec<Actor> {
    f.svc
        .db()
        .transact(|tx| {
            let mut out = Vec::with_capacity(n);
            for i in 0..n {
                let no = format!("{}", 50_000 + i);
                tx.execute(
                    "INSERT INTO employee (staff_no, name, created_at) VALUES (?1, ?2, '2026-12-01T00:00:00.000Z')",
                    [&no, &format!("职工{no}")],
                )?;
                out.push(Actor::Staff { id: EmployeeId(tx.last_insert_rowid()), name: format!("职工{no}") });
            }
            Ok(out)
        })
        .expect("staff")
}

/// Two different answers a question of this type accepts (display ids).
fn two_answers(item: &AttemptItem) -> (Response, Response) {
    match item.qtype {
        QType::Judge => (Response::Judge { value: true }, Response::Judge { value: false }),
        QType::Fill => (Response::Fill { text: "甲".into() }, Response::Fill { text: "乙".into() }),
        QType::Single | QType::Multi => (Response::Choice { keys: vec![0] }, Response::Choice { keys: vec![1] }),
    }
}

fn answer(item: &AttemptItem, attempt: AttemptId, response: Response, seq: u32) -> ContestAnswerRequest {
    ContestAnswerRequest { attempt_id: attempt, position: item.position, response, seq }
}

fn attempt_states(svc: &Service, contest: ContestId) -> (i64, i64) {
    svc.db()
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*), count(*) FILTER (WHERE state = 'open') FROM attempt WHERE contest_id = ?1",
                [contest.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .expect("count")
}

fn state_of(svc: &Service, attempt: AttemptId) -> String {
    svc.db()
        .read(|c| Ok(c.query_row("SELECT state FROM attempt WHERE id = ?1", [attempt.0], |r| r.get(0))?))
        .expect("state")
}

/// Protects "a writer that cannot die": a write job that panics (any bug in
/// a use case, injected here through the writer's public API) is undone
/// alone and answered with the `internal` error in Chinese; the writer then
/// answers the next answer, and other writes do not find a transaction
/// left open. (Before: the panic killed the writer thread with `BEGIN
/// IMMEDIATE` open, and every later answer failed until a restart.)
#[test]
fn a_panicking_job_is_answered_alone_and_the_writer_goes_on() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let id = open_contest(&f, &org);
    let view = f.svc.start_attempt(&me, id).expect("started");
    let db = f.svc.db();

    let err = db
        .write_grouped(|c| -> lawquiz::error::Result<()> {
            c.execute("INSERT INTO meta (key, value) VALUES ('half-written', 'x')", [])?;
            panic!("injected panic inside a write job")
        })
        .expect_err("the panicking job fails");
    let item = view.items[0].clone();
    let next = f.svc.contest_answer(&me, answer(&item, view.attempt_id, two_answers(&item).0, 1));
    assert!(next.is_ok(), "the writer answers the next job: {next:?}");
    assert_eq!(err.code(), "internal");
    let shown = lawquiz::error::ApiError::from(err);
    assert!(!shown.message.contains("panic"), "the detail stays in the log: {}", shown.message);
    assert!(shown.message.contains("程序内部出错"), "a Chinese sentence: {}", shown.message);

    // Many jobs at once, one of them panicking: the rest are stored.
    std::thread::scope(|s| {
        let svc = &f.svc;
        let me = &me;
        let item = &item;
        let answers: Vec<_> = (2..=9u32)
            .map(|seq| {
                s.spawn(move || {
                    let (a, _) = two_answers(item);
                    svc.contest_answer(me, answer(item, view.attempt_id, a, seq))
                })
            })
            .collect();
        let bad =
            s.spawn(move || db.write_grouped(|_| -> lawquiz::error::Result<()> { panic!("second injected panic") }));
        for a in answers {
            a.join().expect("thread").expect("an answer beside a panicking job is stored");
        }
        assert_eq!(bad.join().expect("thread").expect_err("panicked").code(), "internal");
    });

    let (_, b) = two_answers(&item);
    let ack = f.svc.contest_answer(&me, answer(&item, view.attempt_id, b, 100)).expect("the writer still answers");
    assert!(ack.saved);
    // A use case's own transaction: fails if BEGIN IMMEDIATE was left open.
    let half: i64 = db
        .transact(|tx| Ok(tx.query_row("SELECT count(*) FROM meta WHERE key = 'half-written'", [], |r| r.get(0))?))
        .expect("a transaction can begin");
    assert_eq!(half, 0, "the panicking job's write was undone");
    f.svc.submit_attempt(&me, view.attempt_id).expect("hand-in through the writer");
}

/// Protects "arithmetic on request input is checked": the largest
/// position a request can carry (4294967295) is refused with a message
/// naming it, for an answer and for a mark — never a panic, never a row
/// for a question the paper does not have. (Before: the mark was stored.)
#[test]
fn the_largest_position_is_refused() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let id = open_contest(&f, &org);
    let view = f.svc.start_attempt(&me, id).expect("started");
    let req = ContestAnswerRequest {
        attempt_id: view.attempt_id,
        position: u32::MAX,
        response: Response::Judge { value: true },
        seq: u32::MAX,
    };
    let err = f.svc.contest_answer(&me, req).expect_err("no such question");
    assert_eq!(err.code(), "invalid_input");
    assert!(err.to_string().contains("第 4294967296 题"), "names the position: {err}");
    let mark = f.svc.contest_mark(&me, MarkRequest { attempt_id: view.attempt_id, position: u32::MAX, marked: true });
    assert_eq!(mark.err().map(|e| e.code()), Some("invalid_input"), "a mark for a question the paper lacks");
    let rows: i64 =
        f.svc.db().read(|c| Ok(c.query_row("SELECT count(*) FROM attempt_mark", [], |r| r.get(0))?)).expect("marks");
    assert_eq!(rows, 0);
    let again = f.svc.contest_answer(&me, answer(&view.items[0], view.attempt_id, two_answers(&view.items[0]).0, 1));
    assert!(again.is_ok(), "the writer carries on: {again:?}");
}

/// Protects "closing is race-free": the close sets `closed` in the writer
/// and finalises in the same job, so with many people starting while an
/// organizer closes, no attempt is left open once the close returns, none
/// is created after it, and an answer to the closed contest is refused.
/// (Before: attempts started while the close was finalising ran on.)
#[test]
fn starts_during_the_close_leave_no_attempt_open() {
    let f = Fixture::new();
    let org = f.organizer();
    let id = open_contest(&f, &org);
    let staff = many_staff(&f, 420);
    let (early, late) = staff.split_at(120);
    let mut first = None;
    for who in early {
        first.get_or_insert((who.clone(), f.svc.start_attempt(who, id).expect("started before the close")));
    }
    let threads = 6;
    let go = Barrier::new(threads + 1);
    let closed = AtomicBool::new(false);
    let after_close = AtomicUsize::new(0);
    let (total, open) = std::thread::scope(|s| {
        for t in 0..threads {
            let (svc, go, closed, after_close) = (&f.svc, &go, &closed, &after_close);
            let mine: Vec<&Actor> = late.iter().skip(t).step_by(threads).collect();
            s.spawn(move || {
                go.wait();
                for who in mine {
                    let was_closed = closed.load(Ordering::SeqCst);
                    if svc.start_attempt(who, id).is_ok() && was_closed {
                        after_close.fetch_add(1, Ordering::SeqCst);
                    }
                }
            });
        }
        go.wait();
        std::thread::sleep(std::time::Duration::from_millis(5));
        close(&f.svc, &org, id);
        let now = attempt_states(&f.svc, id);
        closed.store(true, Ordering::SeqCst);
        now
    });
    assert_eq!(open, 0, "no attempt left open when the close returns ({total} attempts)");
    assert_eq!(after_close.load(Ordering::SeqCst), 0, "no start succeeds after the close returned");
    assert_eq!(attempt_states(&f.svc, id), (total, 0), "no attempt created after the close");
    let (who, view) = first.expect("an early attempt");
    let late_answer =
        f.svc.contest_answer(&who, answer(&view.items[0], view.attempt_id, two_answers(&view.items[0]).0, 1));
    assert_eq!(late_answer.err().map(|e| e.code()), Some("forbidden"), "no answer to a closed contest");
}

/// Protects the clock's high-water mark: after a restart with the PC's
/// clock turned back 10 minutes (while the app was closed), an attempt has
/// no more time than before the restart. (Before: the only floor after a
/// restart was the attempt's last activity, so the 5 minutes since it
/// were given back.)
#[test]
fn a_clock_turned_back_across_a_restart_gives_no_time() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let id = open_contest(&f, &org);
    let view = f.svc.start_attempt(&me, id).expect("started");
    assert_eq!(view.remaining_ms, 30 * 60 * 1000);
    f.clock.advance(Duration::minutes(5));
    // The background finaliser's tick (once a second in the app).
    f.svc.finalise_expired().expect("tick");
    let before = f.svc.attempt(&me, view.attempt_id).expect("view").remaining_ms;
    assert_eq!(before, 25 * 60 * 1000);
    let Fixture { db, svc, .. } = f;
    drop(svc);

    let turned_back = Arc::new(ManualClock::new(constitution_day_morning() + Duration::minutes(5 - 10)));
    let svc = Service::with_db(lawquiz::store::open(&db.path).expect("reopen"), turned_back).expect("service");
    let after = svc.attempt(&me, view.attempt_id).expect("resume").remaining_ms;
    assert!(after <= before, "turning the clock back while the app was closed gave time: {after} > {before}");
    let left = svc.open_contests(&me).expect("list");
    assert_eq!(left[0].open_attempt, Some(view.attempt_id));
    // The turned-back clock's ticks never lower the mark.
    let mark = |svc: &Service| {
        svc.db().read(|c| lawquiz::store::meta::get(c, lawquiz::service::contest_take::CLOCK_HIGH_WATER)).expect("mark")
    };
    let kept = mark(&svc);
    svc.finalise_expired().expect("tick");
    assert!(mark(&svc) >= kept, "the high-water mark went down");
}

/// Protects "finalisation never stops": an attempt whose stored paper is
/// damaged is logged and skipped; the app still opens, the other expired
/// attempt is finalised, and the contest still closes. (Before: the first
/// bad attempt stopped the loop, and at start-up `Service::open` failed.)
#[test]
fn a_damaged_attempt_does_not_stop_finalisation() {
    let f = Fixture::new();
    let org = f.organizer();
    let a = f.staff(&org, "1001", "李明", "办公室");
    let b = f.staff(&org, "1002", "王芳", "办公室");
    let c = f.staff(&org, "1003", "张伟", "办公室");
    let id = open_contest(&f, &org);
    let bad = f.svc.start_attempt(&a, id).expect("a");
    let good = f.svc.start_attempt(&b, id).expect("b");
    f.svc
        .db()
        .transact(|tx| Ok(tx.execute("UPDATE attempt SET paper = 'not a paper' WHERE id = ?1", [bad.attempt_id.0])?))
        .expect("damage");
    let Fixture { db, svc, .. } = f;
    drop(svc);

    // 40 minutes later: both deadlines passed while the app was closed.
    let later = Arc::new(ManualClock::new(constitution_day_morning() + Duration::minutes(40)));
    let svc = Service::with_db(lawquiz::store::open(&db.path).expect("reopen"), later.clone())
        .expect("the app opens despite a damaged attempt");
    assert_eq!(state_of(&svc, good.attempt_id), "expired", "the good attempt is finalised");
    assert_eq!(state_of(&svc, bad.attempt_id), "open", "the damaged one is skipped (and logged)");
    assert!(svc.finalise_expired().is_ok(), "the background task carries on");

    let third = svc.start_attempt(&c, id).expect("c starts");
    close(&svc, &org, id);
    assert_eq!(state_of(&svc, third.attempt_id), "submitted", "the close finalised the rest");
}

/// Protects versioned answers: a resend of an older answer (lower `seq`)
/// that reaches the writer after a newer one does not overwrite it; a newer
/// one does; the stored version comes back with the attempt (so a reloaded
/// page numbers on from it). (Before: the last to arrive won.)
#[test]
fn an_old_resend_does_not_overwrite_a_newer_answer() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let id = open_contest(&f, &org);
    let view = f.svc.start_attempt(&me, id).expect("started");
    let item = &view.items[0];
    let (first, second) = two_answers(item);
    let stored = |svc: &Service| {
        let v = svc.attempt(&me, view.attempt_id).expect("view");
        let a = v.answers.iter().find(|a| a.position == item.position).expect("answered").clone();
        (a.response, a.seq)
    };
    f.svc.contest_answer(&me, answer(item, view.attempt_id, first.clone(), 2)).expect("newer");
    let ack = f.svc.contest_answer(&me, answer(item, view.attempt_id, second.clone(), 1)).expect("older, late");
    assert!(ack.saved, "acknowledged: a newer answer is stored");
    assert_eq!(stored(&f.svc), (first.clone(), 2), "the late resend did not overwrite the newer answer");
    f.svc.contest_answer(&me, answer(item, view.attempt_id, second.clone(), 3)).expect("newest");
    f.svc.contest_answer(&me, answer(item, view.attempt_id, second.clone(), 3)).expect("resend of the same");
    assert_eq!(stored(&f.svc), (second, 3));
    // Over the LAN the field may be missing (a page from before): 0.
    let old: ContestAnswerRequest = serde_json::from_value(serde_json::json!({
        "attempt_id": view.attempt_id, "position": 1, "response": {"kind": "judge", "value": true}
    }))
    .expect("an old page's request");
    assert_eq!(old.seq, 0);
}

/// Protects the close against being cut short: if the app stops after the
/// close set `closed` but before every batch of attempts was handed in, the
/// background finaliser hands in the rest (as of its tick), whatever their
/// deadlines.
#[test]
fn attempts_left_open_in_a_closed_contest_are_handed_in_by_the_finaliser() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let id = open_contest(&f, &org);
    let view = f.svc.start_attempt(&me, id).expect("started");
    // The close's first job committed; the process stopped before the rest.
    f.svc
        .db()
        .transact(|tx| Ok(tx.execute("UPDATE contest SET state = 'closed' WHERE id = ?1", [id.0])?))
        .expect("closed behind the app's back");
    f.clock.advance(Duration::minutes(3));
    assert_eq!(f.svc.finalise_expired().expect("tick"), 1);
    assert_eq!(state_of(&f.svc, view.attempt_id), "submitted", "handed in, not left to run for 27 more minutes");
    let result = f.svc.attempt_result(&me, view.attempt_id).expect("result");
    assert_eq!(result.time_used_ms, 3 * 60 * 1000, "time used stops at the tick that handed it in");
}

/// Protects the answer's write staying one page: an attempt's "last seen"
/// moves with its answers only once it is [`SEEN_EVERY_MS`] old (the
/// high-water mark is that coarse already), and it does move then — so a
/// clock turned back after a restart still finds a floor at most that old.
#[test]
fn last_seen_moves_with_answers_every_few_seconds_not_every_answer() {
    use lawquiz::service::contest_take::SEEN_EVERY_MS;
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let id = open_contest(&f, &org);
    let view = f.svc.start_attempt(&me, id).expect("started");
    let seen = || {
        f.svc
            .db()
            .read(|c| {
                Ok(c.query_row("SELECT last_seen_at FROM attempt WHERE id = ?1", [view.attempt_id.0], |r| {
                    r.get::<_, String>(0)
                })?)
            })
            .expect("last seen")
    };
    let at_start = seen();
    let item = &view.items[0];
    let (one, two) = two_answers(item);
    f.clock.advance(Duration::milliseconds(SEEN_EVERY_MS - 1_000));
    f.svc.contest_answer(&me, answer(item, view.attempt_id, one, 1)).expect("answered");
    assert_eq!(seen(), at_start, "an answer within {SEEN_EVERY_MS} ms of the last mark rewrote the attempt");
    f.clock.advance(Duration::milliseconds(1_000));
    f.svc.contest_answer(&me, answer(item, view.attempt_id, two, 2)).expect("answered again");
    let moved = seen();
    assert!(moved > at_start, "an answer {SEEN_EVERY_MS} ms later left last seen at {moved}");
    assert_eq!(
        moved,
        lawquiz::service::clock::format(constitution_day_morning() + Duration::milliseconds(SEEN_EVERY_MS))
    );
}
