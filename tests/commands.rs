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

    let home = invoke(&webview, "home", json!({})).expect("home");
    assert_eq!(home["subjects"].as_array().map(Vec::len), Some(3));

    let q = invoke(&webview, "practice_next", json!({"req": {"subject": "民法典", "position": 0}})).expect("question");
    assert!(q.get("solution").is_none() && q.get("explanation").is_none(), "no key before answering");

    let fb = invoke(
        &webview,
        "practice_answer",
        json!({"req": {"question_id": q["id"], "response": {"kind": "judge", "value": true}}}),
    )
    .expect("feedback");
    assert!(fb["solution"].is_object() && fb["explanation"].is_string(), "the key arrives with the grading");

    let err = invoke(&webview, "practice_next", json!({"req": {"subject": "宪法", "position": 99999}}))
        .expect_err("past the end");
    assert_eq!(err["code"], "not_found");
    assert!(err["message"].as_str().is_some_and(|m| m.contains("题")), "Chinese message: {err}");
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
    let err = invoke(&webview, "home", json!({})).expect_err("no service");
    assert_eq!(err["code"], "startup_failed");
}
