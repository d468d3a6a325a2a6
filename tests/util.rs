//! Fixtures shared by the integration tests.

#![allow(dead_code)]

use lawquiz::core::bank::{parse_bank, EMBEDDED};
use lawquiz::core::law::LawTexts;
use lawquiz::core::question::Question;
use lawquiz::service::api::{SaveEmployeeRequest, SetupOrganizerRequest, StaffLoginRequest};
use lawquiz::service::auth::Actor;
use lawquiz::service::clock::ManualClock;
use lawquiz::service::Service;
use std::path::PathBuf;
use std::sync::Arc;

/// A database file in its own temporary folder, removed when dropped.
pub struct TempDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TempDb {
    pub fn new() -> TempDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("lawquiz.sqlite3");
        TempDb { dir, path }
    }

    /// A service on this file (opens, migrates, loads the shipped content).
    pub fn service(&self) -> Service {
        Service::open(&self.path).expect("service opens on a fresh file")
    }
}

pub fn law_texts() -> LawTexts {
    LawTexts::embedded().expect("embedded law texts parse")
}

/// The shipped bank, parsed (panics with every error if it is invalid).
pub fn bank() -> Vec<Question> {
    parse_bank(&EMBEDDED.inflate().expect("the embedded bank").list(), &law_texts()).unwrap_or_else(|errs| {
        let list: Vec<String> = errs.iter().map(ToString::to_string).collect();
        panic!("the shipped bank has {} errors:\n{}", errs.len(), list.join("\n"))
    })
}

/// The shipped questions open to practice: the bank without its 竞赛专用
/// questions, which practice does not show until a published contest used them.
pub fn practice_bank() -> Vec<Question> {
    bank().into_iter().filter(|q| !q.contest_only).collect()
}

/// Whitespace removed, as quotes are compared.
pub fn strip_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A service on a real file with a clock the test moves, and builders for
/// the people a test needs.
pub struct Fixture {
    pub db: TempDb,
    pub svc: Service,
    pub clock: Arc<ManualClock>,
}

/// 2026-12-04 09:00 Beijing time.
pub fn constitution_day_morning() -> time::OffsetDateTime {
    time::macros::datetime!(2026-12-04 01:00 UTC)
}

impl Fixture {
    pub fn new() -> Fixture {
        let db = TempDb::new();
        let clock = Arc::new(ManualClock::new(constitution_day_morning()));
        let store = lawquiz::store::open(&db.path).expect("open");
        let svc = Service::with_db(store, clock.clone()).expect("service");
        Fixture { db, svc, clock }
    }

    /// Creates the first organizer (password "organizer-pass") and returns them.
    pub fn organizer(&self) -> Actor {
        first_organizer(&self.svc)
    }

    /// Adds an employee with a PIN (through the organizer) and logs them in.
    pub fn staff(&self, org: &Actor, staff_no: &str, name: &str, dept: &str) -> Actor {
        add_employee(&self.svc, org, staff_no, name, dept);
        let login = self
            .svc
            .login_staff(
                StaffLoginRequest { staff_no: staff_no.into(), pin: "2468".into(), new_pin: None },
                "127.0.0.1",
            )
            .expect("staff login");
        self.svc.authenticate(&login.token).expect("session")
    }
}

impl Fixture {
    /// A new session token of an employee whose PIN is 2468.
    pub fn token_of(&self, staff_no: &str) -> String {
        self.svc
            .login_staff(
                StaffLoginRequest { staff_no: staff_no.into(), pin: "2468".into(), new_pin: None },
                "127.0.0.1",
            )
            .expect("staff login")
            .token
    }

    /// Another session of an employee already added (a second PC).
    pub fn staff_session(&self, staff_no: &str) -> Actor {
        let token = self.token_of(staff_no);
        self.svc.authenticate(&token).expect("session")
    }
}

/// The first organizer of a new database: admin / organizer-pass, 王主任.
pub fn first_organizer(svc: &Service) -> Actor {
    let login = svc
        .setup_organizer(SetupOrganizerRequest {
            username: "admin".into(),
            display_name: "王主任".into(),
            password: "organizer-pass".into(),
        })
        .expect("first organizer");
    svc.authenticate(&login.token).expect("session")
}

/// Adds an active employee whose PIN is 2468.
pub fn add_employee(svc: &Service, org: &Actor, staff_no: &str, name: &str, dept: &str) {
    svc.save_employee(
        org,
        SaveEmployeeRequest {
            id: None,
            staff_no: staff_no.into(),
            name: name.into(),
            department: dept.into(),
            active: true,
            pin: Some("2468".into()),
        },
    )
    .expect("employee saved");
}

/// A LAN contest open 08:00–18:00 on 12·4 (20 minutes, one attempt, no
/// prizes) with one paper rule: `count` questions of `qtype` from `subject`.
pub fn lan_contest(
    svc: &Service,
    org: &Actor,
    count: u32,
    qtype: lawquiz::core::question::QType,
    subject: lawquiz::core::question::Subject,
    points: u32,
) -> lawquiz::core::ids::ContestId {
    use lawquiz::service::contest_api::{ContestSpec, SaveContestRequest, SetStateRequest};
    let spec = ContestSpec {
        title: "局域网竞答".into(),
        opens_at: "2026-12-04T08:00".into(),
        closes_at: "2026-12-04T18:00".into(),
        time_limit_minutes: 20,
        attempts_allowed: 1,
        counting: Default::default(),
        pass_mark: 0,
        review: Default::default(),
        multi_scoring: Default::default(),
        paper: vec![lawquiz::core::paper::DrawRule {
            count,
            qtype,
            scope: lawquiz::core::practice::Scope { subject, part: None, chapter: None },
            difficulty: None,
            points,
            pool: Default::default(),
        }],
        tiers: vec![],
        lottery: None,
        library_during_attempt: false,
    };
    let c = svc.save_contest(org, SaveContestRequest { id: None, spec }).expect("contest");
    svc.set_contest_state(org, SetStateRequest { id: c.id, state: "open".into() }).expect("open");
    c.id
}

/// A law (or topic) by its short name, for building rules and scopes.
pub fn law(name: &str) -> lawquiz::core::law::Law {
    lawquiz::core::law::Law::new(name).expect("a law name")
}
