//! `make bench` (close): closing a contest that 10,000 people have started
//! and not handed in (target < 2 s). Closing sets the contest's state in the
//! writer, then finalises every open attempt (grades its answers, writes its
//! result row into the hash chain), many attempts per commit. Measured from
//! the organizer's `set_contest_state(closed)` until it returns with every
//! attempt finalised, on a real SQLite file (WAL, synchronous = FULL).
//!
//! The 10,000 attempts (each with 10 answers) are made once, through the
//! service, into a template file; each measured close runs on a fresh copy.

use criterion::Criterion;
use lawquiz::core::grading::Response;
use lawquiz::core::ids::ContestId;
use lawquiz::core::paper::DrawRule;
use lawquiz::core::practice::Scope;
use lawquiz::core::question::QType;
use lawquiz::service::api::*;
use lawquiz::service::auth::Actor;
use lawquiz::service::clock::ManualClock;
use lawquiz::service::Service;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

const NAME: &str = "close a contest with 10,000 open attempts (target < 2 s)";
const TAKERS: usize = 10_000;
const THREADS: usize = 32;

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(time::macros::datetime!(2026-12-04 01:30 UTC)))
}

fn organizer(svc: &Service) -> Actor {
    let login = svc
        .login_organizer(
            OrganizerLoginRequest { username: "admin".into(), password: "organizer-pass".into() },
            "127.0.0.1",
        )
        .expect("organizer login");
    svc.authenticate(&login.token).expect("session")
}

/// The template: an open contest of 50 questions, TAKERS staff who each
/// started it and answered 10 questions. Returns the contest's id.
fn make_template(path: &Path) -> ContestId {
    let svc = Arc::new(Service::with_db(lawquiz::store::open(path).expect("open"), clock()).expect("service"));
    svc.setup_organizer(SetupOrganizerRequest {
        username: "admin".into(),
        display_name: "王主任".into(),
        password: "organizer-pass".into(),
    })
    .expect("organizer");
    let org = organizer(&svc);
    let csv: String = std::iter::once("工号,姓名,部门\n".to_string())
        .chain((0..TAKERS).map(|i| format!("{},职工{i},第{}科\n", 10_000 + i, i % 20 + 1)))
        .collect();
    let roster = ImportRequest { file_name: "名单.csv".into(), bytes: csv.into_bytes(), contest_only: false };
    svc.import_roster(&org, &roster).expect("roster");
    let rule = |count, qtype, subject| DrawRule {
        count,
        qtype,
        scope: Scope { subject, part: None, chapter: None },
        difficulty: None,
        points: 2,
        pool: Default::default(),
    };
    let spec = ContestSpec {
        title: "bench close".into(),
        opens_at: "2026-12-04T08:00".into(),
        closes_at: "2026-12-04T18:00".into(),
        time_limit_minutes: 120,
        attempts_allowed: 1,
        counting: Counting::Best,
        pass_mark: 60,
        review: ReviewRule::AfterClose,
        multi_scoring: Default::default(),
        paper: vec![
            rule(20, QType::Single, lawquiz::core::law::Law::new("民法典").expect("law")),
            rule(10, QType::Single, lawquiz::core::law::Law::new("宪法").expect("law")),
            rule(10, QType::Judge, lawquiz::core::law::Law::new("民法典").expect("law")),
            rule(10, QType::Judge, lawquiz::core::law::Law::new("宪法").expect("law")),
        ],
        tiers: vec![],
        lottery: None,
        library_during_attempt: false,
    };
    let c = svc.save_contest(&org, SaveContestRequest { id: None, spec }).expect("contest");
    svc.set_contest_state(&org, SetStateRequest { id: c.id, state: "open".into() }).expect("open");
    let codes = svc.issue_login_codes(&org, &[]).expect("codes");
    let codes: Vec<String> = codes.into_iter().map(|r| r.code).collect();
    let contest = c.id;
    // Many threads at once, so their writes share group commits.
    std::thread::scope(|s| {
        for chunk in codes.chunks(TAKERS.div_ceil(THREADS)) {
            let svc = svc.clone();
            s.spawn(move || {
                for code in chunk {
                    let login = svc.login_code(code, "127.0.0.2").expect("code login");
                    let who = svc.authenticate(&login.token).expect("session");
                    let view = svc.start_attempt(&who, contest).expect("start");
                    for item in view.items.iter().take(10) {
                        let response = match item.qtype {
                            QType::Judge => Response::Judge { value: true },
                            _ => Response::Choice { keys: vec![1] },
                        };
                        let req = ContestAnswerRequest {
                            attempt_id: view.attempt_id,
                            position: item.position,
                            response,
                            seq: 1,
                        };
                        svc.contest_answer(&who, req).expect("answer");
                    }
                }
            });
        }
    });
    contest
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let template = dir.path().join("template.sqlite3");
    let made = Instant::now();
    let contest = make_template(&template);
    eprintln!("template: {TAKERS} open attempts in {:.1} s", made.elapsed().as_secs_f64());
    let mut c = Criterion::default().sample_size(10).measurement_time(Duration::from_secs(60)).configure_from_args();
    let mut n = 0;
    c.bench_function(NAME, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                let path = dir.path().join(format!("close-{n}.sqlite3"));
                std::fs::copy(&template, &path).expect("copy");
                let wal = template.with_extension("sqlite3-wal");
                if wal.exists() {
                    std::fs::copy(&wal, path.with_extension("sqlite3-wal")).expect("copy the WAL");
                }
                let svc = Service::with_db(lawquiz::store::open(&path).expect("open"), clock()).expect("service");
                let org = organizer(&svc);
                let t = Instant::now();
                let view = svc
                    .set_contest_state(&org, SetStateRequest { id: contest, state: "closed".into() })
                    .expect("close");
                total += t.elapsed();
                assert_eq!(view.state, "closed");
                drop(svc);
                let _ = std::fs::remove_file(&path);
            }
            total
        })
    });
    c.final_summary();
}
