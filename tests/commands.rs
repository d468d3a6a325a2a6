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

/// Protects the 关于 screen's contract: `about` needs a session (any role)
/// and reports the version from Cargo.toml, where the data is, the law
/// texts' editions read from their 题注 and the bank's size.
#[test]
fn about_tells_a_logged_in_person_the_version_the_data_folder_and_the_editions() {
    let t = TempDb::new();
    let app = build_app(mock_builder(), DbChoice::Path(t.path.clone())).build(lawquiz::context()).expect("app builds");
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("webview");
    let err = invoke(&webview, "about", json!({"token": ""})).expect_err("no session");
    assert_eq!(err["code"], "unauthorized");
    let org = invoke(
        &webview,
        "setup_organizer",
        json!({"req": {"username": "admin", "display_name": "王主任", "password": "organizer-pass"}}),
    )
    .expect("organizer");
    let about = invoke(&webview, "about", json!({"token": org["token"]})).expect("about");
    assert_eq!(about["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(about["db_path"], t.path.display().to_string());
    assert_eq!(about["backup_dir"], t.dir.path().join("backups").display().to_string());
    assert_eq!(about["log_dir"], t.dir.path().join("logs").display().to_string());
    let editions: Vec<(&str, &str)> = about["laws"]
        .as_array()
        .expect("laws")
        .iter()
        .map(|l| (l["law"].as_str().unwrap_or(""), l["edition"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(editions[..2], [("宪法", "2018年修正"), ("民法典", "2020年5月28日通过，2021年1月1日起施行")]);
    assert!(editions.len() >= 14, "every shipped law, the packs too: {editions:?}");
    assert!(editions.contains(&("数据安全法", "2021年6月10日通过")), "{editions:?}");
    assert_eq!(
        (&about["laws"][0]["articles"], &about["laws"][0]["preamble"]),
        (&json!(143), &json!(true)),
        "宪法: 序言 + 143"
    );
    assert_eq!((&about["laws"][1]["articles"], &about["laws"][1]["preamble"]), (&json!(1260), &json!(false)));
    let total = about["bank_total"].as_i64().expect("bank size");
    let by_subject: i64 =
        about["bank_by_subject"].as_array().expect("subjects").iter().filter_map(|s| s["count"].as_i64()).sum();
    assert!(total >= 30 && by_subject == total, "the bank's size, split by subject: {about}");
}

/// Protects start-up recovery through the window: a damaged file's status
/// offers its backups, `recover_from_backup` puts one in place, and the very
/// same app then answers as ready (no restart).
#[test]
fn a_damaged_database_is_recovered_from_the_start_up_screen() {
    let t = TempDb::new();
    let backup = {
        let svc = t.service();
        let login = svc
            .setup_organizer(lawquiz::service::api::SetupOrganizerRequest {
                username: "admin".into(),
                display_name: "王主任".into(),
                password: "organizer-pass".into(),
            })
            .expect("organizer");
        let org = svc.authenticate(&login.token).expect("session");
        svc.backup_now(&org).expect("backup").name
    };
    std::fs::write(&t.path, b"not a database any more, the disk was full.............").expect("damage");
    let app = build_app(mock_builder(), DbChoice::Path(t.path.clone())).build(lawquiz::context()).expect("app builds");
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("webview");
    let status = invoke(&webview, "startup_status", json!({})).expect("status");
    assert_eq!(status["code"], "db_damaged");
    assert_eq!(status["backups"][0]["name"], backup.as_str(), "the newest backup first: {status}");
    let done = invoke(&webview, "recover_from_backup", json!({"req": {"name": backup}})).expect("recovered");
    assert!(done["kept_aside"].as_str().is_some_and(|p| p.contains(".corrupt-")), "{done}");
    let status = invoke(&webview, "startup_status", json!({})).expect("status");
    assert_eq!(status["ok"], true, "ready after the restore: {status}");
    let setup = invoke(&webview, "setup_status", json!({})).expect("setup");
    assert_eq!(setup["needs_organizer"], false, "the backup's organizer is there");
}

/// Protects the table's one invoke handler (`commands::table::dispatch`):
/// a call without a token is "no session" in Chinese (not Tauri's English
/// missing-key error), a malformed request is `invalid_input` in Chinese, a
/// null request is `{}`, and a name no adapter offers is still refused by
/// Tauri — the window's own commands answer behind the table's.
#[test]
fn the_table_handler_answers_in_chinese_and_passes_the_rest_on() {
    let t = TempDb::new();
    let app = build_app(mock_builder(), DbChoice::Path(t.path.clone())).build(lawquiz::context()).expect("app builds");
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("webview");
    let chinese =
        |e: &Value| e["message"].as_str().is_some_and(|m| m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));

    let err = invoke(&webview, "home", json!({})).expect_err("no token");
    assert_eq!(err["code"], "unauthorized", "{err}");
    assert!(chinese(&err), "{err}");

    let org = invoke(
        &webview,
        "setup_organizer",
        json!({"req": {"username": "admin", "display_name": "王主任", "password": "organizer-pass"}}),
    )
    .expect("an own command answers behind the table");
    let token = org["token"].clone();
    let err = invoke(&webview, "save_employee", json!({"token": token, "req": {"staff_no": 5}})).expect_err("bad req");
    assert_eq!(err["code"], "invalid_input", "{err}");
    assert!(chinese(&err), "{err}");
    let people = invoke(&webview, "people", json!({"token": token, "req": null})).expect("null req is {}");
    assert!(people.is_object(), "{people}");

    assert!(invoke(&webview, "no_such_command", json!({"token": token})).is_err(), "an unknown name is refused");
}
