//! `make bench` (answer): storing one contest answer durably (target ≤ 5 ms
//! p99) through the service's `contest_answer` — the same call the window
//! and the LAN host make — on a real SQLite file (WAL, synchronous = FULL,
//! so every answer is an fsync'd commit) in a temporary folder, one answer
//! per iteration. Criterion gives the median; the p99 comes from a second
//! loop that times 10,000 single calls (see `p99`).

#[path = "support/p99.rs"]
mod p99;

use criterion::Criterion;
use lawquiz::core::grading::Response;
use lawquiz::core::paper::DrawRule;
use lawquiz::core::practice::Scope;
use lawquiz::core::question::QType;
use lawquiz::service::api::*;
use lawquiz::service::auth::Actor;
use lawquiz::service::clock::ManualClock;
use lawquiz::service::Service;
use std::hint::black_box;
use std::sync::Arc;

const NAME: &str = "store one answer durably (target ≤ 5 ms p99)";

/// A service on a new file in `dir`, with an open contest and one staff
/// member's attempt of 50 questions.
fn attempt(dir: &std::path::Path) -> (Service, Actor, AttemptView) {
    let clock = Arc::new(ManualClock::new(time::macros::datetime!(2026-12-04 01:00 UTC)));
    let db = lawquiz::store::open(&dir.join("bench.sqlite3")).expect("open");
    let svc = Service::with_db(db, clock).expect("service");
    let login = svc
        .setup_organizer(SetupOrganizerRequest {
            username: "admin".into(),
            display_name: "王主任".into(),
            password: "organizer-pass".into(),
        })
        .expect("organizer");
    let org = svc.authenticate(&login.token).expect("session");
    svc.save_employee(
        &org,
        SaveEmployeeRequest {
            id: None,
            staff_no: "1001".into(),
            name: "李明".into(),
            department: "办公室".into(),
            active: true,
            pin: Some("2468".into()),
        },
    )
    .expect("staff");
    let rule = |count, qtype, subject| DrawRule {
        count,
        qtype,
        scope: Scope { subject, part: None, chapter: None },
        difficulty: None,
        points: 2,
        pool: Default::default(),
    };
    let spec = ContestSpec {
        title: "bench".into(),
        opens_at: "2026-12-04T08:00".into(),
        closes_at: "2026-12-04T18:00".into(),
        time_limit_minutes: 120,
        attempts_allowed: 1,
        counting: Counting::Best,
        pass_mark: 60,
        review: ReviewRule::AfterClose,
        multi_scoring: Default::default(),
        paper: vec![
            rule(15, QType::Single, lawquiz::core::law::Law::new("宪法").expect("law")),
            rule(15, QType::Single, lawquiz::core::law::Law::new("民法典").expect("law")),
            rule(10, QType::Judge, lawquiz::core::law::Law::new("民法典").expect("law")),
            rule(10, QType::Judge, lawquiz::core::law::Law::new("宪法").expect("law")),
        ],
        tiers: vec![],
        lottery: None,
        library_during_attempt: false,
    };
    let c = svc.save_contest(&org, SaveContestRequest { id: None, spec }).expect("contest");
    svc.set_contest_state(&org, SetStateRequest { id: c.id, state: "open".into() }).expect("open");
    let staff = svc
        .login_staff(StaffLoginRequest { staff_no: "1001".into(), pin: "2468".into(), new_pin: None }, "127.0.0.1")
        .expect("login");
    let who = svc.authenticate(&staff.token).expect("session");
    let view = svc.start_attempt(&who, c.id).expect("attempt");
    (svc, who, view)
}

/// The i-th answer: a question of the paper, a response that changes every
/// round (so each call really writes).
fn request(view: &AttemptView, i: usize) -> ContestAnswerRequest {
    let item = &view.items[i % view.items.len()];
    let round = i / view.items.len();
    let response = match item.qtype {
        QType::Judge => Response::Judge { value: round % 2 == 0 },
        _ => Response::Choice { keys: vec![(round % item.options.len().max(1)) as u8 + 1] },
    };
    ContestAnswerRequest { attempt_id: view.attempt_id, position: item.position, response, seq: 0 }
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (svc, who, view) = attempt(dir.path());
    let mut c = Criterion::default().configure_from_args();
    let mut i = 0usize;
    c.bench_function(NAME, |b| {
        b.iter(|| {
            i += 1;
            black_box(svc.contest_answer(&who, request(&view, i)).expect("stored"))
        })
    });
    let mut j = 0usize;
    p99::single_calls(NAME, 10_000, || {
        j += 1;
        black_box(svc.contest_answer(&who, request(&view, j)).expect("stored"));
    });
    c.final_summary();
}
