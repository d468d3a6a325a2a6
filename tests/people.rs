//! People and log-in at the service layer: hashing, PIN policies, one-time
//! codes, the lockout, and that staff cannot call organizer use cases.

use crate::util::Fixture;
use lawquiz::service::api::{
    OrganizerLoginRequest, SaveEmployeeRequest, SetPinRequest, SetupOrganizerRequest, StaffLoginRequest,
};
use lawquiz::service::settings::{PinPolicy, Settings};
use lawquiz::store;
use time::Duration;

fn login(f: &Fixture, staff_no: &str, pin: &str) -> Result<String, lawquiz::error::AppError> {
    f.svc
        .login_staff(StaffLoginRequest { staff_no: staff_no.into(), pin: pin.into(), new_pin: None }, "127.0.0.1")
        .map(|l| l.token)
}

#[test]
fn the_first_organizer_is_created_once_and_logs_in_with_the_password() {
    let f = Fixture::new();
    assert!(f.svc.setup_status().expect("status").needs_organizer, "a new install asks for an organizer");
    f.organizer();
    assert!(!f.svc.setup_status().expect("status").needs_organizer);
    let again = f.svc.setup_organizer(SetupOrganizerRequest {
        username: "x".into(),
        display_name: "x".into(),
        password: "another-pass".into(),
    });
    assert_eq!(again.err().map(|e| e.code()), Some("forbidden"), "no second 'first' organizer");
    let ok = f.svc.login_organizer(
        OrganizerLoginRequest { username: "admin".into(), password: "organizer-pass".into() },
        "127.0.0.1",
    );
    assert_eq!(ok.expect("login").role, "organizer");
    let bad = f.svc.login_organizer(
        OrganizerLoginRequest { username: "admin".into(), password: "wrong-pass".into() },
        "127.0.0.1",
    );
    assert_eq!(bad.err().map(|e| e.code()), Some("wrong_credentials"));
}

#[test]
fn pins_and_passwords_are_stored_only_as_argon2_hashes() {
    let f = Fixture::new();
    let org = f.organizer();
    f.staff(&org, "1001", "李明", "办公室");
    f.svc
        .db()
        .read(|c| {
            let pin: String = c.query_row("SELECT pin_hash FROM employee WHERE staff_no = '1001'", [], |r| r.get(0))?;
            let pw: String = c.query_row("SELECT password_hash FROM organizer", [], |r| r.get(0))?;
            assert!(pin.starts_with("$argon2id$") && !pin.contains("2468"), "PIN hash: {pin}");
            assert!(pw.starts_with("$argon2id$") && !pw.contains("organizer-pass"), "password hash: {pw}");
            Ok(())
        })
        .expect("read");
}

#[test]
fn five_wrong_pins_lock_the_login_for_a_minute() {
    let f = Fixture::new();
    let org = f.organizer();
    f.staff(&org, "1001", "李明", "办公室");
    for i in 1..=4 {
        let e = login(&f, "1001", "0000").expect_err("wrong PIN");
        assert_eq!(e.code(), "wrong_credentials");
        assert!(e.to_string().contains(&format!("还可以再试 {} 次", 5 - i)), "says the tries left: {e}");
    }
    let e = login(&f, "1001", "0000").expect_err("fifth wrong PIN");
    assert_eq!(e.code(), "locked");
    assert!(e.to_string().contains("60 秒"), "says how long: {e}");
    assert_eq!(login(&f, "1001", "2468").expect_err("locked even with the right PIN").code(), "locked");
    f.clock.advance(Duration::seconds(61));
    assert!(login(&f, "1001", "2468").is_ok(), "a minute later the right PIN works");
    assert!(login(&f, "1002", "2468").is_err(), "another 工号 is its own login");
}

/// Protects "no PIN can be set by someone who only knows a 工号" (C10):
/// without a PIN the 工号 log-in answers exactly as for a wrong PIN; the
/// person logs in with a one-time code in hand, is asked to choose a PIN,
/// and a common one is refused. Under the organizer policy staff choose none.
#[test]
fn a_first_pin_needs_a_code_in_hand_and_cannot_be_claimed_with_a_staff_number() {
    let f = Fixture::new();
    let org = f.organizer();
    let save = |f: &Fixture, no: &str| {
        f.svc
            .save_employee(
                &org,
                SaveEmployeeRequest {
                    id: None,
                    staff_no: no.into(),
                    name: "张华".into(),
                    department: "法规科".into(),
                    active: true,
                    pin: None,
                },
            )
            .expect("saved")
    };
    let e = save(&f, "2001");
    let try_from = |no: &str, source: &str| {
        f.svc
            .login_staff(StaffLoginRequest { staff_no: no.into(), pin: "2580".into(), new_pin: None }, source)
            .expect_err("refused")
    };
    let no_pin = try_from("2001", "127.0.0.7");
    let unknown = try_from("9999", "127.0.0.8");
    assert_eq!((no_pin.code(), unknown.code()), ("wrong_credentials", "wrong_credentials"));
    assert_eq!(no_pin.to_string(), unknown.to_string(), "one answer: nobody learns which 工号 exist");
    let claim = f.svc.login_staff(
        StaffLoginRequest { staff_no: "2001".into(), pin: String::new(), new_pin: Some("135790".into()) },
        "127.0.0.9",
    );
    assert_eq!(claim.err().map(|e| e.code()), Some("wrong_credentials"), "a 工号 alone claims nothing");
    assert!(login(&f, "2001", "135790").is_err(), "and no PIN was set");

    let code = f.svc.issue_login_codes(&org, &[e.id]).expect("codes")[0].code.clone();
    let first = f.svc.login_code(&code, "127.0.0.9").expect("code log-in");
    assert!(first.must_set_pin, "asked to choose a PIN");
    let me = f.svc.authenticate(&first.token).expect("session");
    let weak = f.svc.set_my_pin(&me, SetPinRequest { old_pin: None, new_pin: "123456".into() }, "127.0.0.9");
    assert_eq!(weak.err().map(|e| e.code()), Some("invalid_input"), "a common PIN is refused");
    let short = f.svc.set_my_pin(&me, SetPinRequest { old_pin: None, new_pin: "12".into() }, "127.0.0.9");
    assert_eq!(short.err().map(|e| e.code()), Some("invalid_input"), "a PIN is 4-8 digits");
    f.svc.set_my_pin(&me, SetPinRequest { old_pin: None, new_pin: "395172".into() }, "127.0.0.9").expect("chosen");
    assert!(login(&f, "2001", "395172").is_ok(), "the chosen PIN works afterwards");
    let change = f.svc.set_my_pin(&me, SetPinRequest { old_pin: None, new_pin: "480261".into() }, "127.0.0.9");
    assert_eq!(change.err().map(|e| e.code()), Some("wrong_credentials"), "changing it needs the old PIN");
    let audited = f.svc.audit_log(&org, 50).expect("audit");
    assert!(audited.iter().any(|r| r.action == "设置 PIN" && r.detail.contains("127.0.0.9")), "PIN set audited");
    assert!(audited.iter().any(|r| r.action == "登录失败" && r.detail.contains("127.0.0.9")), "failure audited");

    // Under the organizer policy, staff cannot choose their own.
    f.svc.update_settings(&org, Settings { pin_policy: PinPolicy::Organizer, ..Settings::default() }).expect("policy");
    let e2 = save(&f, "2002");
    let code = f.svc.issue_login_codes(&org, &[e2.id]).expect("codes")[0].code.clone();
    let l = f.svc.login_code(&code, "127.0.0.9").expect("code log-in");
    assert!(!l.must_set_pin);
    let me2 = f.svc.authenticate(&l.token).expect("session");
    let chosen = f.svc.set_my_pin(&me2, SetPinRequest { old_pin: None, new_pin: "395172".into() }, "127.0.0.9");
    assert_eq!(chosen.err().map(|e| e.code()), Some("forbidden"));
}

#[test]
fn a_login_code_works_once() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let codes = f.svc.issue_login_codes(&org, &[]).expect("codes");
    assert_eq!(codes.len(), 1);
    let code = &codes[0].code;
    assert_eq!(code.len(), 9, "printed as XXXX-XXXX");
    let login =
        f.svc.login_code(&code.to_lowercase().replace('-', " "), "127.0.0.1").expect("the code logs in, however typed");
    assert_eq!(login.name, "李明");
    assert_eq!(f.svc.login_code(code, "127.0.0.1").err().map(|e| e.code()), Some("wrong_credentials"), "used up");
    let _ = me;
}

/// Protects C3: the organizer's screens are guarded in the service, not only
/// by hiding buttons.
#[test]
fn staff_cannot_call_organizer_use_cases() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let forbidden = |r: Result<(), lawquiz::error::AppError>| assert_eq!(r.err().map(|e| e.code()), Some("forbidden"));
    forbidden(f.svc.people(&me).map(drop));
    forbidden(f.svc.study_report(&me).map(drop));
    forbidden(f.svc.audit_log(&me, 10).map(drop));
    forbidden(f.svc.issue_login_codes(&me, &[]).map(drop));
    forbidden(f.svc.update_settings(&me, Settings::default()).map(drop));
    forbidden(f.svc.reset_pin(&me, lawquiz::core::ids::EmployeeId(1)).map(drop));
    forbidden(
        f.svc
            .save_employee(
                &me,
                SaveEmployeeRequest {
                    id: None,
                    staff_no: "9".into(),
                    name: "x".into(),
                    department: String::new(),
                    active: true,
                    pin: None,
                },
            )
            .map(drop),
    );
    // And organizers do not practise as staff.
    forbidden(f.svc.home(&org).map(drop));
    assert_eq!(f.svc.authenticate("not-a-token").err().map(|e| e.code()), Some("unauthorized"));
}

#[test]
fn every_organizer_change_is_in_the_audit_log() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let _ = me;
    f.svc.issue_login_codes(&org, &[]).expect("codes");
    f.svc.update_settings(&org, Settings::default()).expect("settings");
    let log = f.svc.audit_log(&org, 50).expect("log");
    let actions: Vec<&str> = log.iter().map(|r| r.action.as_str()).collect();
    for a in ["创建管理员账号", "添加人员", "发放登录码", "修改设置"] {
        assert!(actions.contains(&a), "audit has {a}: {actions:?}");
    }
    assert!(log.iter().all(|r| r.actor.contains("王主任")), "who did it");
    assert!(log.iter().all(|r| r.at.starts_with("2026-12-04T01:00")), "when");
}

#[test]
fn employees_keep_their_staff_number_and_departments_are_created_as_needed() {
    let f = Fixture::new();
    let org = f.organizer();
    let e = f
        .svc
        .save_employee(
            &org,
            SaveEmployeeRequest {
                id: None,
                staff_no: " 3001 ".into(),
                name: "赵敏".into(),
                department: "政策法规处".into(),
                active: true,
                pin: None,
            },
        )
        .expect("saved");
    assert_eq!(e.staff_no, "3001", "trimmed");
    assert_eq!(e.department.as_deref(), Some("政策法规处"));
    let moved = f
        .svc
        .save_employee(
            &org,
            SaveEmployeeRequest {
                id: Some(e.id),
                staff_no: "3001".into(),
                name: "赵敏".into(),
                department: "办公室".into(),
                active: false,
                pin: None,
            },
        )
        .expect("edited");
    assert!(!moved.active, "deactivated");
    let depts = f.svc.people(&org).expect("people").departments;
    assert_eq!(depts.len(), 2);
    assert!(login(&f, "3001", "1234").is_err(), "a deactivated person cannot log in");
    let rows = f.svc.db().read(store::people::list_employees).expect("rows");
    assert_eq!(rows.len(), 1, "editing never duplicates a person");
}

/// Protects kept sessions: after a restart (a new service on the same file)
/// a token still works for 12 hours after its log-in, never after a
/// log-out, and the file holds only a hash of it.
#[test]
fn sessions_survive_a_restart_for_twelve_hours_and_end_at_log_out() {
    let f = Fixture::new();
    let org = f.organizer();
    f.staff(&org, "1001", "李明", "办公室");
    let kept = login(&f, "1001", "2468").expect("login");
    let ended = login(&f, "1001", "2468").expect("login");
    f.svc.logout(&ended);
    let stored: Vec<String> = f
        .svc
        .db()
        .read(|c| {
            let mut s = c.prepare("SELECT token_hash FROM session")?;
            let rows = s.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<Vec<String>>>()?)
        })
        .expect("sessions");
    assert!(!stored.is_empty() && stored.iter().all(|h| h != &kept && h != &ended), "only hashes are kept");

    let reopen =
        |clock| lawquiz::service::Service::with_db(store::open(&f.db.path).expect("reopen"), clock).expect("service");
    f.clock.advance(Duration::hours(11));
    let svc = reopen(f.clock.clone());
    assert_eq!(svc.authenticate(&kept).expect("kept session").name(), "李明");
    assert_eq!(svc.authenticate(&ended).err().map(|e| e.code()), Some("unauthorized"), "logged out stays out");
    assert_eq!(svc.authenticate(&"ab".repeat(32)).err().map(|e| e.code()), Some("unauthorized"));
    f.clock.advance(Duration::hours(2));
    let svc = reopen(f.clock.clone());
    assert_eq!(svc.authenticate(&kept).err().map(|e| e.code()), Some("unauthorized"), "13 hours after log-in");
}
