//! The fair contest (C10) over real HTTP on loopback, as a hostile staff
//! member with a browser console or curl would try it: keys through any
//! route while the attempt runs (from a second session too), a burst of
//! wrong codes from one PC while another logs in, claiming a PIN with a 工号
//! alone, and tokens that outlive 重置 PIN or 停用. Linux routes all of
//! 127/8 to loopback, so 127.0.0.2 and 127.0.0.3 are two PCs.

use crate::util::{add_employee, constitution_day_morning, first_organizer, TempDb};
use lawquiz::core::question::QType;
use lawquiz::host::{Host, HostConfig, Limits};
use lawquiz::service::api::SaveEmployeeRequest;
use lawquiz::service::clock::ManualClock;
use lawquiz::service::Service;
use serde_json::{json, Value};
use std::net::IpAddr;
use std::sync::Arc;

struct Hall {
    _db: TempDb,
    svc: Arc<Service>,
    _host: Host,
    base: String,
}

impl Hall {
    async fn open() -> Hall {
        let db = TempDb::new();
        let clock = Arc::new(ManualClock::new(constitution_day_morning()));
        let svc = Arc::new(Service::with_db(lawquiz::store::open(&db.path).expect("open"), clock).expect("svc"));
        let cfg = HostConfig { limits: Limits::default(), ..HostConfig::new("127.0.0.1:0".parse().expect("addr")) };
        let host = Host::start(svc.clone(), cfg).await.expect("host");
        let base = format!("http://{}", host.addr());
        Hall { _db: db, svc, _host: host, base }
    }

    /// POST /api/<name> from the PC at `from`: (status, JSON body).
    async fn post(&self, from: &str, name: &str, token: Option<&str>, body: Value) -> (u16, Value) {
        let ip: IpAddr = from.parse().expect("ip");
        let http = reqwest::Client::builder().local_address(ip).build().expect("client");
        let mut req = http.post(format!("{}/api/{name}", self.base)).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("sent");
        (res.status().as_u16(), res.json().await.unwrap_or(Value::Null))
    }

    async fn login(&self, from: &str, no: &str) -> String {
        let (s, body) = self.post(from, "login_staff", None, json!({"staff_no": no, "pin": "2468"})).await;
        assert_eq!(s, 200, "{body}");
        body["token"].as_str().expect("token").to_string()
    }
}

fn organizer(svc: &Service) -> lawquiz::service::auth::Actor {
    first_organizer(svc)
}

/// Protects "no key while an attempt is open" where the attack happens: over
/// HTTP, from the person's second PC, every route that shows a key, a basis
/// or a verdict answers 403 contest_in_progress until the hand-in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_route_gives_a_key_while_the_attempt_runs_from_any_session() {
    let hall = Hall::open().await;
    let org = organizer(&hall.svc);
    add_employee(&hall.svc, &org, "1001", "李明", "办公室");
    let contest = crate::util::lan_contest(&hall.svc, &org, 3, QType::Single, crate::util::law("民法典"), 10);

    let taking = hall.login("127.0.0.2", "1001").await;
    let console = hall.login("127.0.0.3", "1001").await;
    let (s, view) = hall.post("127.0.0.2", "start_attempt", Some(&taking), json!({"id": contest})).await;
    assert_eq!(s, 200, "{view}");
    // The paper's option ids are display positions 0..n, in order.
    for item in view["items"].as_array().expect("items") {
        let ids: Vec<i64> =
            item["options"].as_array().expect("options").iter().map(|o| o["id"].as_i64().expect("id")).collect();
        assert_eq!(ids, (0..ids.len() as i64).collect::<Vec<_>>(), "ids are positions");
    }
    let q = "mf-zz-001";
    let routes = [
        ("practice_start", json!({"scope": {"subject": "民法典"}})),
        ("practice_question", json!({"id": q})),
        ("practice_answer", json!({"question_id": q, "response": {"kind": "choice", "keys": [0]}})),
        ("wrong_book_set", json!({})),
        ("article_questions", json!({"law": "民法典", "article": 1})),
        ("library_tree", json!({"law": "宪法"})),
        ("library_articles", json!({"law": "宪法", "from": 1, "to": 5})),
        ("library_search", json!({"query": "人格权"})),
    ];
    for token in [&taking, &console] {
        for (route, body) in &routes {
            let (s, res) = hall.post("127.0.0.3", route, Some(token), body.clone()).await;
            assert_eq!((s, res["code"].as_str()), (403, Some("contest_in_progress")), "{route}: {res}");
            assert!(!res.to_string().contains("solution") && !res.to_string().contains("explanation"), "{route}");
        }
    }
    let attempt = view["attempt_id"].as_i64().expect("attempt");
    let (s, _) = hall.post("127.0.0.2", "submit_attempt", Some(&taking), json!({"attempt_id": attempt})).await;
    assert_eq!(s, 200);
    let (s, res) = hall.post("127.0.0.3", "library_tree", Some(&console), json!({"law": "宪法"})).await;
    assert_eq!(s, 200, "open again after the hand-in: {res}");
}

/// Protects "a wrong code never blocks another person's right code": one PC
/// guessing codes is locked; another PC's right code logs in at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_wrong_codes_from_one_pc_never_blocks_another() {
    let hall = Hall::open().await;
    let org = organizer(&hall.svc);
    add_employee(&hall.svc, &org, "1001", "李明", "办公室");
    let row = hall.svc.people(&org).expect("people").employees.into_iter().next().expect("row");
    let code = hall.svc.issue_login_codes(&org, &[row.id]).expect("codes")[0].code.clone();
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(hall.post("127.0.0.2", "login_code", None, json!({"code": "AAAA-BBBB"})).await.0);
    }
    assert_eq!(statuses[0], 400);
    assert_eq!(*statuses.last().expect("last"), 423, "the guessing PC is locked: {statuses:?}");
    let (s, body) = hall.post("127.0.0.3", "login_code", None, json!({"code": code})).await;
    assert_eq!(s, 200, "the right code from another PC logs in: {body}");
    assert_eq!(body["must_set_pin"], json!(false), "1001 has a PIN (the organizer's): not asked again");
}

/// Protects "no PIN can be claimed with a 工号": the old first-log-in call
/// is refused, with the same answer as for a 工号 that does not exist.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_staff_number_alone_claims_no_pin_and_learns_nothing() {
    let hall = Hall::open().await;
    let org = organizer(&hall.svc);
    hall.svc
        .save_employee(
            &org,
            SaveEmployeeRequest {
                id: None,
                staff_no: "2001".into(),
                name: "张华".into(),
                department: "法规科".into(),
                active: true,
                pin: None,
            },
        )
        .expect("saved without a PIN");
    let (s, claim) =
        hall.post("127.0.0.2", "login_staff", None, json!({"staff_no": "2001", "pin": "", "new_pin": "135790"})).await;
    let (s2, unknown) = hall.post("127.0.0.3", "login_staff", None, json!({"staff_no": "9999", "pin": ""})).await;
    assert_eq!((s, claim["code"].as_str()), (400, Some("wrong_credentials")), "{claim}");
    assert_eq!((s2, &unknown["message"]), (400, &claim["message"]), "the same answer for an unknown 工号");
    let (s, _) = hall.post("127.0.0.4", "login_staff", None, json!({"staff_no": "2001", "pin": "135790"})).await;
    assert_eq!(s, 400, "no PIN was set by the claim");
}

/// Protects "sessions follow the account" over HTTP: after 重置 PIN and
/// after 停用, the old token answers 401.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_dies_with_a_pin_reset_and_with_deactivation() {
    let hall = Hall::open().await;
    let org = organizer(&hall.svc);
    add_employee(&hall.svc, &org, "1001", "李明", "办公室");
    add_employee(&hall.svc, &org, "1002", "王芳", "办公室");
    let a = hall.login("127.0.0.2", "1001").await;
    let b = hall.login("127.0.0.3", "1002").await;
    for t in [&a, &b] {
        assert_eq!(hall.post("127.0.0.2", "whoami", Some(t), json!({})).await.0, 200);
    }
    let people = hall.svc.people(&org).expect("people").employees;
    let one = people.iter().find(|e| e.staff_no == "1001").expect("1001");
    hall.svc.reset_pin(&org, one.id).expect("reset");
    assert_eq!(hall.post("127.0.0.2", "whoami", Some(&a), json!({})).await.0, 401, "dead after 重置 PIN");
    let two = people.iter().find(|e| e.staff_no == "1002").expect("1002");
    let req = SaveEmployeeRequest {
        id: Some(two.id),
        staff_no: "1002".into(),
        name: "王芳".into(),
        department: "办公室".into(),
        active: false,
        pin: None,
    };
    hall.svc.save_employee(&org, req).expect("停用");
    let (s, body) = hall.post("127.0.0.3", "open_contests", Some(&b), json!({})).await;
    assert_eq!(s, 401, "dead after 停用: {body}");
}

/// Protects 改 PIN over the LAN (a browser had no route for it): a staff
/// member changes their own PIN with the old one, from their PC, and the
/// audit log names that PC; a wrong old PIN, an organizer's token and no
/// session are refused, and the old PIN stops working.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pin_is_changed_over_the_lan_only_with_the_old_one() {
    let hall = Hall::open().await;
    let org = organizer(&hall.svc);
    add_employee(&hall.svc, &org, "1001", "李明", "办公室");
    let token = hall.login("127.0.0.7", "1001").await;
    let wrong = json!({"old_pin": "1357", "new_pin": "395172"});
    let (s, body) = hall.post("127.0.0.7", "set_my_pin", Some(&token), wrong).await;
    assert_eq!((s, body["code"].as_str()), (400, Some("wrong_credentials")), "{body}");
    let (s, _) = hall.post("127.0.0.7", "set_my_pin", None, json!({"new_pin": "395172"})).await;
    assert_eq!(s, 401, "no session");
    let org_token = {
        let (s, body) = hall
            .post("127.0.0.1", "login_organizer", None, json!({"username": "admin", "password": "organizer-pass"}))
            .await;
        assert_eq!(s, 200, "{body}");
        body["token"].as_str().expect("token").to_string()
    };
    let (s, _) = hall.post("127.0.0.1", "set_my_pin", Some(&org_token), json!({"new_pin": "395172"})).await;
    assert_eq!(s, 403, "an organizer has no PIN to set");
    let right = json!({"old_pin": "2468", "new_pin": "395172"});
    let (s, body) = hall.post("127.0.0.7", "set_my_pin", Some(&token), right).await;
    assert_eq!(s, 200, "{body}");
    let (s, _) = hall.post("127.0.0.8", "login_staff", None, json!({"staff_no": "1001", "pin": "2468"})).await;
    assert_eq!(s, 400, "the old PIN no longer works");
    let (s, _) = hall.post("127.0.0.8", "login_staff", None, json!({"staff_no": "1001", "pin": "395172"})).await;
    assert_eq!(s, 200, "the new PIN does");
    let log = hall.svc.audit_log(&org, 50).expect("audit");
    assert!(log.iter().any(|r| r.detail.contains("127.0.0.7")), "the audit log names the PC");
}
