//! 今日复习 and offline 学时 over the LAN host's HTTP API (a real axum server
//! on 127.0.0.1): staff get their own review list, summary and 学时 by
//! source; the offline-study commands are the organizer's only; 今日复习,
//! like practice, is refused while a contest attempt runs (no key can leak
//! through it); the activities export downloads as a workbook.

use crate::util::{add_employee, constitution_day_morning, first_organizer, lan_contest, TempDb};
use lawquiz::core::question::QType;
use lawquiz::host::{Host, HostConfig};
use lawquiz::service::clock::ManualClock;
use lawquiz::service::Service;
use serde_json::{json, Value};
use std::sync::Arc;

async fn post(http: &reqwest::Client, base: &str, name: &str, token: Option<&str>, body: Value) -> (u16, Value) {
    let mut req = http.post(format!("{base}/api/{name}")).json(&body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("request sent");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_and_offline_study_over_http() {
    let db = TempDb::new();
    let clock = Arc::new(ManualClock::new(constitution_day_morning()));
    let svc = Arc::new(Service::with_db(lawquiz::store::open(&db.path).expect("open"), clock).expect("svc"));
    let org = first_organizer(&svc);
    add_employee(&svc, &org, "1001", "李明", "办公室");
    let host = Host::start(svc.clone(), HostConfig::new("127.0.0.1:0".parse().expect("addr"))).await.expect("host");
    let base = format!("http://{}", host.addr());
    let http = reqwest::Client::new();
    let (s, login) = post(&http, &base, "login_staff", None, json!({"staff_no": "1001", "pin": "2468"})).await;
    assert_eq!(s, 200, "{login}");
    let staff = login["token"].as_str().expect("token").to_string();

    let (s, summary) = post(&http, &base, "review_summary", Some(&staff), json!({})).await;
    assert_eq!((s, summary["due"].as_i64(), summary["streak"].as_i64()), (200, Some(0), Some(0)));
    let (s, set) = post(&http, &base, "review_set", Some(&staff), json!({})).await;
    assert_eq!((s, set["title"].as_str()), (200, Some("今日复习")));
    let (s, sources) = post(&http, &base, "my_study_sources", Some(&staff), json!({})).await;
    assert_eq!((s, sources["sources"][0]["source"].as_str()), (200, Some("在线学习")));
    for name in ["activities", "save_activity", "delete_activity", "study_statement", "export_activities"] {
        let (s, _) = post(&http, &base, name, Some(&staff), json!({})).await;
        assert!(s == 403 || s == 422 || s == 400, "{name} as staff: {s}");
        let (s, _) = post(&http, &base, name, None, json!({})).await;
        assert_eq!(s, 401, "{name} without a session");
    }
    let (s, _) = post(&http, &base, "activities", Some(&staff), json!({})).await;
    assert_eq!(s, 403, "staff cannot list the activities");

    // The organizer on the host PC records an activity and downloads the export.
    let (s, o) =
        post(&http, &base, "login_organizer", None, json!({"username": "admin", "password": "organizer-pass"})).await;
    assert_eq!(s, 200, "{o}");
    let org_token = o["token"].as_str().expect("token").to_string();
    let li = svc.people(&org).expect("people").employees[0].id;
    let req =
        json!({"kind": "集体学法", "title": "学习宪法", "held_on": "2026-12-01", "hours": 1.5, "attendees": [li]});
    let (s, row) = post(&http, &base, "save_activity", Some(&org_token), req).await;
    assert_eq!((s, row["hours"].as_f64()), (200, Some(1.5)), "{row}");
    let (_, sources) = post(&http, &base, "my_study_sources", Some(&staff), json!({})).await;
    assert_eq!(sources["total_hours_campaign"].as_f64(), Some(1.5));
    let file = http
        .post(format!("{base}/api/export_activities"))
        .bearer_auth(&org_token)
        .json(&json!({}))
        .send()
        .await
        .expect("download");
    assert_eq!(file.status().as_u16(), 200);
    assert_eq!(&file.bytes().await.expect("bytes")[..2], b"PK", "an .xlsx workbook");

    // During a contest attempt 今日复习 is refused, as practice is.
    let contest = lan_contest(&svc, &org, 3, QType::Judge, crate::util::law("宪法"), 10);
    let (s, view) = post(&http, &base, "start_attempt", Some(&staff), json!({"id": contest})).await;
    assert_eq!(s, 200, "{view}");
    let (s, body) = post(&http, &base, "review_set", Some(&staff), json!({})).await;
    assert_eq!((s, body["code"].as_str()), (403, Some("contest_in_progress")), "{body}");
}
