//! The LAN host over real HTTP on 127.0.0.1 (a real axum server on a real
//! database file, driven by reqwest): log-in and sessions, staff isolation,
//! rate and body limits, late answers, idempotent resends, and a restart of
//! the host in the middle of a contest.

use crate::util::{add_employee, constitution_day_morning, first_organizer, TempDb};
use lawquiz::core::ids::ContestId;
use lawquiz::core::question::QType;
use lawquiz::host::{Host, HostConfig, Limits};
use lawquiz::service::auth::Actor;
use lawquiz::service::clock::ManualClock;
use lawquiz::service::Service;
use serde_json::{json, Value};
use std::sync::Arc;

/// A host on a free port over a fresh database with a clock the test moves.
struct TestHost {
    db: TempDb,
    clock: Arc<ManualClock>,
    svc: Arc<Service>,
    host: Option<Host>,
    base: String,
    http: reqwest::Client,
}

impl TestHost {
    async fn start(limits: Limits) -> TestHost {
        let db = TempDb::new();
        let clock = Arc::new(ManualClock::new(constitution_day_morning()));
        let svc =
            Arc::new(Service::with_db(lawquiz::store::open(&db.path).expect("open"), clock.clone()).expect("svc"));
        let mut t = TestHost { db, clock, svc, host: None, base: String::new(), http: reqwest::Client::new() };
        t.serve(limits).await;
        t
    }

    async fn serve(&mut self, limits: Limits) {
        let cfg = HostConfig { limits, ..HostConfig::new("127.0.0.1:0".parse().expect("addr")) };
        let host = Host::start(self.svc.clone(), cfg).await.expect("host starts");
        self.base = format!("http://{}", host.addr());
        self.host = Some(host);
    }

    /// POST /api/<name> with an optional bearer token: (status, JSON body).
    async fn post(&self, name: &str, token: Option<&str>, body: Value) -> (u16, Value) {
        let mut req = self.http.post(format!("{}/api/{name}", self.base)).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("request sent");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    fn organizer(&self) -> Actor {
        first_organizer(&self.svc)
    }

    fn employee(&self, org: &Actor, no: &str, name: &str) {
        add_employee(&self.svc, org, no, name, "办公室");
    }

    async fn login(&self, no: &str) -> String {
        let (status, body) = self.post("login_staff", None, json!({"staff_no": no, "pin": "2468"})).await;
        assert_eq!(status, 200, "{body}");
        body["token"].as_str().expect("token").to_string()
    }

    fn open_contest(&self, org: &Actor) -> ContestId {
        crate::util::lan_contest(&self.svc, org, 5, QType::Judge, crate::util::law("宪法"), 20)
    }

    async fn start_attempt(&self, token: &str, contest: ContestId) -> i64 {
        let (status, view) = self.post("start_attempt", Some(token), json!({"id": contest})).await;
        assert_eq!(status, 200, "{view}");
        assert!(!view.to_string().contains("\"answer\""), "no key in the paper");
        view["attempt_id"].as_i64().expect("attempt id")
    }

    /// 李明 (1001), logged in, with an attempt started in an open contest:
    /// (token, attempt id).
    async fn one_taker_started(&self) -> (String, i64) {
        let org = self.organizer();
        self.employee(&org, "1001", "李明");
        let contest = self.open_contest(&org);
        let t = self.login("1001").await;
        let attempt = self.start_attempt(&t, contest).await;
        (t, attempt)
    }

    fn answer_rows(&self, attempt: i64) -> Vec<(i64, String)> {
        self.svc
            .db()
            .read(|c| {
                let mut s =
                    c.prepare("SELECT position, response FROM answer WHERE attempt_id = ?1 ORDER BY position")?;
                let rows = s.query_map([attempt], |r| Ok((r.get(0)?, r.get(1)?)))?;
                Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
            })
            .expect("answers")
    }
}

fn judge(value: bool) -> Value {
    json!({"kind": "judge", "value": value})
}

/// Protects: calls need a live session; the UI and ping are open; a page of
/// another origin is refused (no CORS).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_are_required_and_other_origins_refused() {
    let h = TestHost::start(Limits::default()).await;
    let org = h.organizer();
    h.employee(&org, "1001", "李明");
    let (s, body) = h.post("home", None, json!({})).await;
    assert_eq!((s, body["code"].as_str()), (401, Some("unauthorized")));
    let (s, _) = h.post("home", Some("not-a-token"), json!({})).await;
    assert_eq!(s, 401);
    let (s, body) = h.post("login_staff", None, json!({"staff_no": "1001", "pin": "0000"})).await;
    assert_eq!((s, body["code"].as_str()), (400, Some("wrong_credentials")));
    let token = h.login("1001").await;
    let (s, me) = h.post("whoami", Some(&token), json!({})).await;
    assert_eq!((s, me["name"].as_str(), me["role"].as_str()), (200, Some("李明"), Some("staff")));
    let (s, _) = h.post("logout", Some(&token), json!({})).await;
    assert_eq!(s, 200);
    assert_eq!(h.post("whoami", Some(&token), json!({})).await.0, 401, "logged out");

    let page = h.http.get(format!("{}/", h.base)).send().await.expect("index");
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.headers()["content-security-policy"].to_str().expect("csp").contains("connect-src 'self'"));
    assert!(page.text().await.expect("html").contains("法治知识竞答"));
    let ping: Value =
        h.http.get(format!("{}/api/ping", h.base)).send().await.expect("ping").json().await.expect("json");
    assert_eq!(ping["app"], "lawquiz");

    let evil = h
        .http
        .post(format!("{}/api/setup_status", h.base))
        .header("Origin", "http://evil.example")
        .json(&json!({}))
        .send()
        .await
        .expect("sent");
    assert_eq!(evil.status().as_u16(), 403);
    assert!(evil.headers().get("access-control-allow-origin").is_none());
}

/// Protects staff isolation: B cannot read, answer, mark, submit or see the
/// result of A's attempt, and staff cannot call organizer endpoints.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_reach_only_their_own_attempt() {
    let h = TestHost::start(Limits::default()).await;
    let org = h.organizer();
    h.employee(&org, "1001", "李明");
    h.employee(&org, "1002", "张华");
    let contest = h.open_contest(&org);
    let a = h.login("1001").await;
    let b = h.login("1002").await;
    let attempt_a = h.start_attempt(&a, contest).await;
    let id = json!({"attempt_id": attempt_a});
    for (name, body) in [
        ("attempt", id.clone()),
        ("contest_answer", json!({"attempt_id": attempt_a, "position": 0, "response": judge(true)})),
        ("contest_mark", json!({"attempt_id": attempt_a, "position": 0, "marked": true})),
        ("submit_attempt", id.clone()),
        ("attempt_result", id.clone()),
    ] {
        let (s, body) = h.post(name, Some(&b), body).await;
        assert_eq!((s, body["code"].as_str()), (403, Some("forbidden")), "{name} as another person");
    }
    assert!(h.answer_rows(attempt_a).is_empty(), "B wrote nothing into A's attempt");
    for name in ["people", "contests", "study_report", "audit_log", "backups", "export_questions"] {
        let (s, _) = h.post(name, Some(&a), json!({})).await;
        assert_eq!(s, 403, "{name} as staff");
    }
    // The organizer on the host PC (127.0.0.1) may.
    let (s, body) = h.post("login_organizer", None, json!({"username": "admin", "password": "organizer-pass"})).await;
    assert_eq!(s, 200, "{body}");
    let (s, people) = h.post("people", body["token"].as_str(), json!({})).await;
    assert_eq!(s, 200);
    assert_eq!(people["employees"].as_array().map(Vec::len), Some(2));
    let file = h
        .http
        .post(format!("{}/api/export_questions", h.base))
        .bearer_auth(body["token"].as_str().expect("token"))
        .json(&json!({}))
        .send()
        .await
        .expect("download");
    assert_eq!(file.status().as_u16(), 200);
    assert!(file.headers()["content-disposition"]
        .to_str()
        .expect("header")
        .starts_with("attachment; filename*=UTF-8''"));
    assert_eq!(&file.bytes().await.expect("bytes")[..2], b"PK", "an .xlsx workbook");
}

/// Protects the log-in rate limits (per address and per 工号) and the body
/// size limit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_in_tries_and_bodies_are_limited() {
    let limits = Limits { logins_per_address: 4, logins_per_account: 2, body_bytes: 4096, ..Limits::default() };
    let h = TestHost::start(limits).await;
    let org = h.organizer();
    h.employee(&org, "1001", "李明");
    let wrong = json!({"staff_no": "1001", "pin": "1111"});
    assert_eq!(h.post("login_staff", None, wrong.clone()).await.0, 400);
    assert_eq!(h.post("login_staff", None, wrong.clone()).await.0, 400);
    let (s, body) = h.post("login_staff", None, json!({"staff_no": "1001", "pin": "2468"})).await;
    assert_eq!((s, body["code"].as_str()), (429, Some("rate_limited")), "third try for one 工号 in a minute");
    assert!(body["message"].as_str().is_some_and(|m| m.contains("秒后再试")));
    h.employee(&org, "1002", "张华");
    assert_eq!(h.post("login_staff", None, json!({"staff_no": "1002", "pin": "2468"})).await.0, 200);
    let (s, _) = h.post("login_code", None, json!({"code": "AAAA-BBBB"})).await;
    assert_eq!(s, 429, "fifth try from one address in a minute");

    let token = h.svc.login_staff(
        lawquiz::service::api::StaffLoginRequest { staff_no: "1002".into(), pin: "2468".into(), new_pin: None },
        "127.0.0.1",
    );
    let token = token.expect("login in the service").token;
    let big = json!({"kind": "search", "query": "x".repeat(10_000)});
    let (s, body) = h.post("study_event", Some(&token), big).await;
    assert_eq!((s, body["code"].as_str()), (413, Some("too_large")));
}

/// Protects the connection timeout: a client that opens a connection and
/// never finishes its headers is cut off (no slow-loris hold on the host).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_sends_no_headers_is_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let limits = Limits { header_timeout: std::time::Duration::from_secs(1), ..Limits::default() };
    let h = TestHost::start(limits).await;
    let addr = h.base.trim_start_matches("http://").to_string();
    let mut slow = tokio::net::TcpStream::connect(&addr).await.expect("connect");
    slow.write_all(b"POST /api/home HTTP/1.1\r\nHost: x\r\n").await.expect("half a request");
    let mut buf = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), slow.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "the host closed the connection within seconds");
    let text = String::from_utf8_lossy(&buf);
    assert!(buf.is_empty() || text.starts_with("HTTP/1.1 408"), "closed, or told so: {text}");
    // The host still serves everyone else.
    assert_eq!(h.post("setup_status", None, json!({})).await.0, 200);
}

/// Protects the host's deadline and idempotent answers: resending an answer
/// stores it once (the last one wins); after the deadline + grace it is
/// refused and the attempt handed in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resends_store_once_and_late_answers_are_refused() {
    let h = TestHost::start(Limits::default()).await;
    let (t, attempt) = h.one_taker_started().await;
    let answer = json!({"attempt_id": attempt, "position": 2, "response": judge(true)});
    for _ in 0..3 {
        let (s, ack) = h.post("contest_answer", Some(&t), answer.clone()).await;
        assert_eq!((s, ack["saved"].as_bool()), (200, Some(true)), "{ack}");
    }
    let changed = json!({"attempt_id": attempt, "position": 2, "response": judge(false)});
    assert_eq!(h.post("contest_answer", Some(&t), changed).await.0, 200);
    assert_eq!(h.answer_rows(attempt), vec![(2, r#"{"kind":"judge","value":false}"#.to_string())]);

    h.clock.advance(time::Duration::minutes(20) + time::Duration::seconds(3));
    let late = json!({"attempt_id": attempt, "position": 3, "response": judge(true)});
    let (s, body) = h.post("contest_answer", Some(&t), late).await;
    assert_eq!((s, body["code"].as_str()), (403, Some("forbidden")));
    assert!(body["message"].as_str().is_some_and(|m| m.contains("时间已到")));
    assert_eq!(h.answer_rows(attempt).len(), 1, "the late answer was not stored");
    let (s, view) = h.post("attempt", Some(&t), json!({"attempt_id": attempt})).await;
    assert_eq!((s, view["state"].as_str()), (200, Some("expired")));
}

/// Protects "the host PC restarts mid-contest": sessions are kept, attempts
/// resume with their answers and the time really left; the deadline holds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_host_resumes_attempts_with_the_deadline_held() {
    let mut h = TestHost::start(Limits::default()).await;
    let (t, attempt) = h.one_taker_started().await;
    for p in 0..3 {
        let a = json!({"attempt_id": attempt, "position": p, "response": judge(p % 2 == 0)});
        assert_eq!(h.post("contest_answer", Some(&t), a).await.0, 200);
    }

    // The host goes down: server stopped, service and database closed.
    if let Some(host) = h.host.take() {
        host.stop().await;
    }
    let dead = h.http.post(format!("{}/api/whoami", h.base)).send().await;
    assert!(dead.is_err(), "nothing listens any more");
    h.clock.advance(time::Duration::minutes(5));
    h.svc = Arc::new(
        Service::with_db(lawquiz::store::open(&h.db.path).expect("reopen"), h.clock.clone()).expect("svc again"),
    );
    h.serve(Limits::default()).await;

    // The session was kept: the same page carries on without a new log-in.
    let (s, me) = h.post("whoami", Some(&t), json!({})).await;
    assert_eq!((s, me["name"].as_str()), (200, Some("李明")));
    let (s, opens) = h.post("open_contests", Some(&t), json!({})).await;
    assert_eq!(s, 200);
    assert_eq!(opens[0]["open_attempt"].as_i64(), Some(attempt), "the attempt is offered to resume");
    let (s, view) = h.post("attempt", Some(&t), json!({"attempt_id": attempt})).await;
    assert_eq!((s, view["state"].as_str()), (200, Some("open")));
    assert_eq!(view["answers"].as_array().map(Vec::len), Some(3), "answers survived");
    let left = view["remaining_ms"].as_i64().expect("remaining");
    assert_eq!(left, 15 * 60 * 1000, "20 minutes minus the 5 the host was down");
    let a = json!({"attempt_id": attempt, "position": 3, "response": judge(true)});
    assert_eq!(h.post("contest_answer", Some(&t), a).await.0, 200);
    let (s, result) = h.post("submit_attempt", Some(&t), json!({"attempt_id": attempt})).await;
    assert_eq!(s, 200, "{result}");
    assert_eq!(h.answer_rows(attempt).len(), 4);
}

/// Protects "作为主机" surviving a restart of the host PC: with the setting
/// left on, the app starts serving again by itself; turned off, it stops.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_host_starts_again_by_itself_when_left_on() {
    use lawquiz::host::HostControl;
    use lawquiz::service::host_settings::HostSettings;
    let h = TestHost::start(Limits::default()).await;
    let org = h.organizer();
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
    let on = HostSettings { enabled: true, bind: "127.0.0.1".into(), port, ..HostSettings::default() };
    h.svc.update_host_settings(&org, on.clone()).expect("saved");
    let control = HostControl::default();
    control.autostart(h.svc.clone()).await;
    let status = control.status(&h.svc).await.expect("status");
    assert!(status.running && status.error.is_none(), "{status:?}");
    assert_eq!(status.urls, vec![format!("http://127.0.0.1:{port}/")]);
    let ping = h.http.get(format!("http://127.0.0.1:{port}/api/ping")).send().await.expect("ping");
    assert_eq!(ping.status().as_u16(), 200);
    // A second host on a taken port says so instead of failing silently.
    let other = HostControl::default();
    assert!(other.apply(h.svc.clone(), &on).await.is_err());
    let err = other.status(&h.svc).await.expect("status").error.unwrap_or_default();
    assert!(err.contains("端口"), "the reason names the port: {err}");
    let off = HostSettings { enabled: false, ..on };
    control.apply(h.svc.clone(), &off).await.expect("stopped");
    assert!(!control.status(&h.svc).await.expect("status").running);
    assert!(h.http.get(format!("http://127.0.0.1:{port}/api/ping")).send().await.is_err(), "nothing listens");
    let audit = h.svc.audit_log(&org, 10).expect("audit");
    assert!(audit.iter().any(|r| r.action == "开启主机服务"));
}

/// Protects the answer path's lookup of one item of the stored paper: over
/// HTTP, a position just past the paper and the largest position a request
/// can carry are refused with a 400 and a Chinese message, nothing is
/// stored, and the writer goes on storing the next valid answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn positions_past_the_paper_are_refused_over_http() {
    let h = TestHost::start(Limits::default()).await;
    let (t, attempt) = h.one_taker_started().await;
    let (s, view) = h.post("attempt", Some(&t), json!({"attempt_id": attempt})).await;
    assert_eq!(s, 200, "{view}");
    let len = view["items"].as_array().map_or(0, Vec::len) as u64;
    assert!(len > 0, "the paper has items");
    for position in [len, u64::from(u32::MAX)] {
        let answer = json!({"attempt_id": attempt, "position": position, "response": judge(true)});
        let (s, body) = h.post("contest_answer", Some(&t), answer).await;
        assert_eq!((s, body["code"].as_str()), (400, Some("invalid_input")), "position {position}: {body}");
        assert!(body["message"].as_str().is_some_and(|m| m.contains("答卷里没有第")), "{body}");
    }
    assert!(h.answer_rows(attempt).is_empty(), "nothing stored");
    let last = view["items"][len as usize - 1].clone();
    let response = match last["qtype"].as_str() {
        Some("judge") => judge(true),
        Some("fill") => json!({"kind": "fill", "text": "答案"}),
        _ => json!({"kind": "choice", "keys": [0]}),
    };
    let ok = json!({"attempt_id": attempt, "position": len - 1, "response": response});
    let (s, ack) = h.post("contest_answer", Some(&t), ok).await;
    assert_eq!((s, ack["saved"].as_bool()), (200, Some(true)), "{ack}");
    assert_eq!(h.answer_rows(attempt).len(), 1);
}
