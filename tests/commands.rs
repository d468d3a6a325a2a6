//! The Tauri commands through the real IPC layer on the mock runtime: the
//! request shape the UI sends, and errors as {code, message}.

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
fn commands_answer_the_ui_and_errors_carry_a_code() {
    let t = TempDb::new();
    let app = build_app(mock_builder(), DbChoice::Path(t.path.clone())).build(lawquiz::context()).expect("app builds");
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("webview");

    let status = invoke(&webview, "startup_status", json!({})).expect("status");
    assert_eq!(status["ok"], true, "start-up succeeded: {status}");
    let setup = invoke(&webview, "setup_status", json!({})).expect("setup");
    assert_eq!(setup["needs_organizer"], true);

    let org = invoke(
        &webview,
        "setup_organizer",
        json!({"req": {"username": "admin", "display_name": "王主任", "password": "organizer-pass"}}),
    )
    .expect("organizer");
    let org_token = org["token"].as_str().expect("token").to_string();
    assert_eq!(org_token.len(), 64, "a 256-bit token");
    invoke(
        &webview,
        "save_employee",
        json!({"token": org_token, "req": {"staff_no": "1001", "name": "李明", "department": "办公室", "pin": "2468"}}),
    )
    .expect("employee");

    let staff = invoke(&webview, "login_staff", json!({"req": {"staff_no": "1001", "pin": "2468"}})).expect("login");
    let token = staff["token"].as_str().expect("token").to_string();
    let home = invoke(&webview, "home", json!({"token": token})).expect("home");
    assert_eq!(home["subjects"].as_array().map(Vec::len), Some(3));
    assert_eq!(home["name"], "李明");

    let set = invoke(&webview, "practice_start", json!({"token": token, "req": {"scope": {"subject": "民法典"}}}))
        .expect("set");
    let id = set["ids"][0].clone();
    let q = invoke(&webview, "practice_question", json!({"token": token, "req": {"id": id}})).expect("question");
    assert!(q.get("solution").is_none() && q.get("explanation").is_none(), "no key before answering");
    let fb = invoke(
        &webview,
        "practice_answer",
        json!({"token": token, "req": {"question_id": id, "response": {"kind": "judge", "value": true}}}),
    )
    .expect("feedback");
    assert!(fb["solution"].is_object() && fb["explanation"].is_string(), "the key arrives with the grading");

    let err =
        invoke(&webview, "practice_question", json!({"token": token, "req": {"id": "nope"}})).expect_err("unknown");
    assert_eq!(err["code"], "not_found");
    assert!(err["message"].as_str().is_some_and(|m| m.contains("题")), "Chinese message: {err}");
    let err = invoke(&webview, "people", json!({"token": token})).expect_err("staff asks for people");
    assert_eq!(err["code"], "forbidden");
    let err = invoke(&webview, "home", json!({"token": "forged"})).expect_err("no session");
    assert_eq!(err["code"], "unauthorized");
}

#[test]
fn a_database_that_cannot_open_is_reported_to_the_window() {
    let t = TempDb::new();
    std::fs::write(&t.path, b"not a database, definitely not a database.......").expect("write");
    let app = build_app(mock_builder(), DbChoice::Path(t.path.clone()))
        .build(lawquiz::context())
        .expect("app builds even when the database fails");
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("webview");
    let status = invoke(&webview, "startup_status", json!({})).expect("status");
    assert_eq!(status["ok"], false);
    assert!(status["db_path"].as_str().is_some_and(|p| p.ends_with("lawquiz.sqlite3")), "names the file: {status}");
    let err = invoke(&webview, "setup_status", json!({})).expect_err("no service");
    assert_eq!(err["code"], "startup_failed");
}
