//! End-to-end, the first run: a new install creates the organizer, who adds
//! people, imports a roster and a question file (a bad row shown with where
//! and why), backs up; a person without a PIN logs in with the printed
//! one-time code (a 工号 alone claims nothing) and chooses a PIN (a common
//! one refused).

use crate::e2e::{connect, start_driver, wait_text, ONE_AT_A_TIME};
use crate::webdriver::{fill, shot, text_of, wait_css};
use fantoccini::Locator;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn a_new_install_creates_the_organizer_who_adds_a_person_who_logs_in_with_a_code_and_chooses_a_pin() {
    let _one = ONE_AT_A_TIME.lock().await;
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("first-run.sqlite3");
    let _driver = start_driver(&db);
    let c = connect(&db).await;

    wait_css(&c, "html[data-ready='true']").await;
    fill(&c, "input[name='display_name']", "王主任").await;
    fill(&c, "input[name='password']", "organizer-pass").await;
    fill(&c, "input[name='password2']", "organizer-pass").await;
    shot(&c, "setup").await;
    wait_css(&c, "#setup-submit").await.click().await.expect("create organizer");

    wait_css(&c, "#admin-tab-people").await.click().await.expect("people tab");
    wait_css(&c, "#add-employee").await.click().await.expect("add person");
    fill(&c, "input[name='staff_no']", "2001").await;
    fill(&c, "input[name='name']", "张华").await;
    fill(&c, "input[name='department']", "法规科").await;
    wait_css(&c, "#emp-save").await.click().await.expect("save");
    let row = text_of(&c, "#people-table tbody tr").await;
    assert!(row.contains("2001") && row.contains("张华") && row.contains("法规科"), "the new person is listed: {row}");
    shot(&c, "admin-people").await;

    // 人员 → 从文件导入名单: preview, then import.
    let roster = tmp.path().join("名单.csv");
    let (gbk, _, _) = encoding_rs::GB18030.encode("工号,姓名,部门\n3001,孙立,办公室\n3002,周敏,政策法规处\n");
    std::fs::write(&roster, gbk).expect("roster");
    wait_css(&c, "#roster-file").await.send_keys(&roster.to_string_lossy()).await.expect("choose the roster");
    wait_css(&c, "#roster-confirm:not([disabled])").await.click().await.expect("import the roster");
    wait_text(&c, "table", "周敏").await;

    // 题库导入: a file with a deliberate error is previewed with its row and
    // column and cannot be imported; the fixed file imports.
    let bad = tmp.path().join("题库-有错.csv");
    let good = tmp.path().join("题库.csv");
    let header = "题型,题干,选项A,选项B,选项C,选项D,答案,解析,难度,法律\n";
    std::fs::write(&bad, format!("{header}单选,导入测试题：宪法规定首都是（　）。,北京,上海,南京,西安,E,根据《宪法》第一百四十三条。,1,宪法\n")).expect("bad");
    std::fs::write(&good, format!("{header}单选,导入测试题：宪法规定首都是（　）。,北京,上海,南京,西安,A,根据《宪法》第一百四十三条。,1,宪法\n")).expect("good");
    wait_css(&c, "#admin-tab-bank").await.click().await.expect("bank tab");
    wait_css(&c, "#import-file").await.send_keys(&bad.to_string_lossy()).await.expect("choose the bad file");
    let errors = text_of(&c, "#import-errors").await;
    assert!(
        errors.contains("第 2 行") && errors.contains("答案") && errors.contains("E"),
        "the error says where and why: {errors}"
    );
    assert!(c.find(Locator::Css("#import-confirm[disabled]")).await.is_ok(), "a file with errors cannot be imported");
    shot(&c, "admin-import-error").await;
    wait_css(&c, "#import-file").await.send_keys(&good.to_string_lossy()).await.expect("choose the fixed file");
    wait_css(&c, "#import-confirm:not([disabled])").await.click().await.expect("import");
    let done = text_of(&c, "#import-done").await;
    assert!(done.contains("导入 1 题"), "imported: {done}");

    // 设置 → 数据备份: a backup on demand appears in the list.
    wait_css(&c, "#admin-tab-settings").await.click().await.expect("settings tab");
    wait_css(&c, "#backup-now").await.click().await.expect("back up now");
    wait_text(&c, "table", "手动").await;
    shot(&c, "admin-settings").await;

    // 人员 → 打印登录码: the person's one-time code, read off the slip.
    wait_css(&c, "#admin-tab-people").await.click().await.expect("people tab");
    c.execute("window.confirm = () => true;", vec![]).await.expect("auto-confirm");
    wait_css(&c, "#issue-codes").await.click().await.expect("issue codes");
    let slip = c
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath("//div[@class='code-slip'][contains(., '工号 2001')]//div[@class='slip-code']"))
        .await
        .expect("the slip of 2001");
    let code = slip.text().await.expect("code text");

    // Knowing the 工号 claims nothing: no PIN yet answers as a wrong PIN.
    c.execute("location.hash = '#/admin';", vec![]).await.expect("admin");
    wait_css(&c, ".nav-logout").await.click().await.expect("log out");
    fill(&c, "input[name='staff_no']", "2001").await;
    wait_css(&c, "#login-submit").await.click().await.expect("try without a PIN");
    let msg = text_of(&c, ".alert").await;
    assert!(msg.contains("工号或 PIN 不正确"), "one answer for no PIN and a wrong one: {msg}");

    // The code logs in once; the person chooses a PIN (a common one is refused).
    wait_css(&c, "#tab-code").await.click().await.expect("code tab");
    fill(&c, "input[name='code']", &code).await;
    wait_css(&c, "#code-submit").await.click().await.expect("log in with the code");
    fill(&c, "input[name='new_pin']", "123456").await;
    fill(&c, "input[name='new_pin2']", "123456").await;
    wait_css(&c, "#set-pin-submit").await.click().await.expect("try a common PIN");
    let msg = text_of(&c, "#set-pin-form .alert").await;
    assert!(msg.contains("容易被猜到"), "a common PIN is refused with the reason: {msg}");
    shot(&c, "choose-pin").await;
    fill(&c, "input[name='new_pin']", "135790").await;
    fill(&c, "input[name='new_pin2']", "135790").await;
    wait_css(&c, "#set-pin-submit").await.click().await.expect("set PIN");
    let hello = text_of(&c, ".hero h1").await;
    assert!(hello.contains("张华"), "logged in with the chosen PIN: {hello}");
    c.close().await.expect("close session");
}
