//! 今日复习 and offline 学时 through the real Tauri IPC layer (mock
//! runtime): the request shapes ui/api.js sends reach the service.

use crate::util::TempDb;
use lawquiz::{build_app, DbChoice};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;

fn invoke(webview: &tauri::WebviewWindow<tauri::test::MockRuntime>, cmd: &str, body: Value) -> Result<Value, Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().expect("json response"))
}

#[test]
fn review_and_offline_study_commands_take_the_pages_requests() {
    let t = TempDb::new();
    let app = build_app(mock_builder(), DbChoice::Path(t.path.clone())).build(lawquiz::context()).expect("app builds");
    let w = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("webview");
    let org = invoke(
        &w,
        "setup_organizer",
        json!({"req": {"username": "admin", "display_name": "王主任", "password": "organizer-pass"}}),
    )
    .expect("organizer");
    let org = org["token"].as_str().expect("token").to_string();
    let emp = invoke(
        &w,
        "save_employee",
        json!({"token": org, "req": {"staff_no": "1001", "name": "李明", "department": "办公室", "pin": "2468"}}),
    )
    .expect("employee");
    let staff = invoke(&w, "login_staff", json!({"req": {"staff_no": "1001", "pin": "2468"}})).expect("login");
    let staff = staff["token"].as_str().expect("token").to_string();

    let summary = invoke(&w, "review_summary", json!({"token": staff})).expect("summary");
    assert_eq!((summary["due"].as_i64(), summary["streak"].as_i64()), (Some(0), Some(0)));
    let set = invoke(&w, "review_set", json!({"token": staff})).expect("set");
    assert_eq!(set["title"], "今日复习");

    let sheet: Vec<u8> = "工号,姓名\n1001,李明\n".bytes().collect();
    let p = invoke(&w, "preview_sign_in", json!({"token": org, "req": {"file_name": "签到.csv", "bytes": sheet}}))
        .expect("sign-in");
    assert_eq!(p["people"][0]["id"], emp["id"]);
    // The app runs on the system clock: the activity is held today (local).
    let today = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8)).date().to_string();
    let row = invoke(
        &w,
        "save_activity",
        json!({"token": org, "req": {"id": null, "kind": "培训班", "title": "民法典专题培训", "held_on": today,
               "hours": 3, "attendees": [emp["id"]]}}),
    )
    .expect("saved");
    assert_eq!(row["kind"], "培训班");
    let list = invoke(&w, "activities", json!({"token": org})).expect("list");
    assert_eq!(list["activities"].as_array().map(Vec::len), Some(1));
    let st = invoke(&w, "study_statement", json!({"token": org, "req": {"employee_id": emp["id"], "year": null}}))
        .expect("statement");
    assert_eq!(st["lines"][0]["title"], "民法典专题培训");
    let sources = invoke(&w, "my_study_sources", json!({"token": staff})).expect("sources");
    assert_eq!(sources["sources"][1]["source"], "培训班");
    let err = invoke(&w, "activities", json!({"token": staff})).expect_err("staff");
    assert_eq!(err["code"], "forbidden");
    invoke(&w, "delete_activity", json!({"token": org, "req": {"id": row["id"]}})).expect("deleted");
    let sources = invoke(&w, "my_study_sources", json!({"token": staff})).expect("sources");
    assert_eq!(sources["total_hours_campaign"].as_f64(), Some(0.0), "the ledger follows the deletion");
}
