//! Every message a person can read is Chinese. Over real HTTP, every route of
//! the LAN host (the command table and the host's own) is called the ways a
//! confused page or a hostile one would: with no session, with a body that is
//! not JSON, with fields of the wrong type, with a staff session on every
//! route, and with an organizer session on an empty or out-of-range request.
//! Every refusal must be `{code, message}` with a Chinese sentence and no
//! English from SQLite, serde, axum or Rust itself.

use crate::util::{add_employee, constitution_day_morning, first_organizer, TempDb};
use lawquiz::core::question::QType;
use lawquiz::host::{Host, HostConfig, Limits};
use lawquiz::service::clock::ManualClock;
use lawquiz::service::Service;
use serde_json::{json, Value};
use std::sync::Arc;

/// English words a library might leak (serde's "missing field", axum's
/// "Failed to deserialize", SQLite's "no such table", Rust's "called
/// `Option::unwrap()`"…). Words the UI itself uses are allowed, and so are
/// words of the request itself that the message quotes back (没有“nothing”…).
fn english_in(message: &str, request: &str) -> Option<String> {
    const ALLOWED: &[&str] = &["PIN", "CSV", "Excel", "xlsx", "UTF", "GB18030", "HTTP", "SQLite", "LawQuiz", "WAL"];
    let mut word = String::new();
    for c in message.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphabetic() {
            word.push(c);
            continue;
        }
        if word.len() >= 4 && !ALLOWED.iter().any(|a| a.eq_ignore_ascii_case(&word)) && !request.contains(&word) {
            return Some(word);
        }
        word.clear();
    }
    None
}

fn chinese(message: &str) -> bool {
    message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// (status, body text) of POST /api/<name>.
async fn post(http: &reqwest::Client, base: &str, name: &str, token: Option<&str>, body: String) -> (u16, String) {
    let mut req = http.post(format!("{base}/api/{name}")).header("Content-Type", "application/json").body(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("request sent");
    (res.status().as_u16(), res.text().await.unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_refusal_over_http_is_a_chinese_sentence() {
    let db = TempDb::new();
    let clock = Arc::new(ManualClock::new(constitution_day_morning()));
    let svc = Arc::new(Service::with_db(lawquiz::store::open(&db.path).expect("open"), clock).expect("svc"));
    let org = first_organizer(&svc);
    add_employee(&svc, &org, "6001", "戊", "办公室");
    crate::util::lan_contest(&svc, &org, 5, QType::Judge, crate::util::law("宪法"), 20);
    // Generous log-in limits: this test is about the words, not the lockout.
    let limits = Limits { logins_per_address: 100_000, logins_per_account: 100_000, ..Limits::default() };
    let host = Host::start(svc.clone(), HostConfig { limits, ..HostConfig::new("127.0.0.1:0".parse().expect("addr")) })
        .await
        .expect("host starts");
    let base = format!("http://{}", host.addr());
    let http = reqwest::Client::new();
    let login = |body: Value, name: &'static str| {
        let (http, base) = (http.clone(), base.clone());
        async move {
            let (status, text) = post(&http, &base, name, None, body.to_string()).await;
            assert_eq!(status, 200, "{name}: {text}");
            serde_json::from_str::<Value>(&text).expect("json")["token"].as_str().expect("token").to_string()
        }
    };
    let staff = login(json!({"staff_no": "6001", "pin": "2468"}), "login_staff").await;
    let organizer = login(json!({"username": "admin", "password": "organizer-pass"}), "login_organizer").await;

    let mut routes: Vec<&str> =
        lawquiz::command_table::TABLE.iter().chain(lawquiz::host::OWN_ROUTES).copied().collect();
    routes.retain(|r| *r != "logout"); // logout would end the sessions used here
                                       // Every route, GET ones included, refuses the wrong method in Chinese.
    routes.extend(lawquiz::host::GET_ROUTES);
    let wrong_types = json!({"id": "x", "attempt_id": [1], "law": 7, "position": -1, "kind": {}, "ids": "all",
        "scope": 3, "rules": "x", "file_name": 1, "bytes": "x", "code": 5, "staff_no": [], "pin": {}, "query": 9,
        "state": 1, "phrase": [], "draw_id": "x", "name": 2, "format": 1, "new_pin": 1});
    let out_of_range = json!({"id": 999_999, "attempt_id": 999_999, "law": "刑法", "article": 99_999, "from": 5,
        "to": 1, "position": 4_294_967_295u64, "kind": "nothing", "ids": [999_999], "name": "../../etc/passwd",
        "query": "", "state": "nothing", "draw_id": 999_999, "phrase": "", "reason": "", "format": "pdf"});
    let cases: Vec<(&str, Option<&str>, String)> = vec![
        ("no session", None, "{}".into()),
        ("not JSON", Some(&staff), "{\"id\": ".into()),
        ("wrong types (staff)", Some(&staff), wrong_types.to_string()),
        ("empty (staff)", Some(&staff), "{}".into()),
        ("wrong types (organizer)", Some(&organizer), wrong_types.to_string()),
        ("out of range (organizer)", Some(&organizer), out_of_range.to_string()),
    ];
    let mut refusals = 0;
    let mut problems = Vec::new();
    for route in &routes {
        for (case, token, body) in &cases {
            let (status, text) = post(&http, &base, route, *token, body.clone()).await;
            if status < 400 {
                continue;
            }
            refusals += 1;
            let Ok(v) = serde_json::from_str::<Value>(&text) else {
                problems.push(format!("{route} ({case}): {status} is not JSON: {text}"));
                continue;
            };
            let (code, message) = (v["code"].as_str().unwrap_or(""), v["message"].as_str().unwrap_or(""));
            if code.is_empty() || !chinese(message) {
                problems.push(format!("{route} ({case}): {status} without a Chinese message: {text}"));
            } else if let Some(word) = english_in(message, body) {
                problems.push(format!("{route} ({case}): English ({word}) in: {message}"));
            }
        }
    }
    assert!(problems.is_empty(), "{} refusals not in Chinese:\n{}", problems.len(), problems.join("\n"));
    assert!(refusals > routes.len() * 3, "the cases were refused ({refusals} refusals over {} routes)", routes.len());
    // The event stream without a valid token is refused in Chinese.
    let res = http.get(format!("{base}/api/show_stream?token=nothing")).send().await.expect("sent");
    let status = res.status().as_u16();
    let text = res.text().await.unwrap_or_default();
    assert!(status >= 400 && chinese(&text), "{status} {text}");
    // An unknown route is refused in Chinese too.
    let (status, text) = post(&http, &base, "no_such_command", Some(&staff), "{}".into()).await;
    assert_eq!(status, 404);
    assert!(
        chinese(&text)
            && english_in(
                serde_json::from_str::<Value>(&text).expect("json")["message"].as_str().unwrap_or(""),
                "/api/no_such_command"
            )
            .is_none(),
        "{text}"
    );
}

/// The window's commands get their request as JSON and parse it themselves:
/// a malformed one is a Chinese `invalid_input`, never Tauri's English
/// "invalid args `req` for command …".
#[test]
fn a_malformed_window_request_is_refused_in_chinese() {
    let e = lawquiz::commands::parse_req::<lawquiz::service::api::ContestIdRequest>(Some(json!({"id": "x"})))
        .expect_err("refused");
    let api = lawquiz::error::ApiError::from(e);
    assert_eq!(api.code, "invalid_input");
    assert!(chinese(&api.message) && english_in(&api.message, "").is_none(), "{}", api.message);
    let none = lawquiz::commands::parse_req::<lawquiz::service::api::Empty>(None).expect("absent is {}");
    let _ = none;
}
