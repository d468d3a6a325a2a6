//! End to end, in the real window: a staff member's 今日复习 session (首页's
//! card with the due count and the streak, the wrong-answer book's question
//! first, the card after the session), then the organizer records a 集体学法
//! with an imported sign-in sheet (a bad sheet ticks nobody and says where)
//! and the staff member's 学时 rise on 首页, by source. Screenshots of
//! 今日复习 and of 学时 by source at 1024x768 and 1920x1080.

use crate::e2e::{
    answer_current, connect, current_question, log_in_organizer, log_in_staff, start_driver, ONE_AT_A_TIME,
};
use crate::review::seed_due_history;
use crate::util::{add_employee, first_organizer, practice_bank};
use crate::webdriver::{fill, fits_from_1024_to_1920, press, shot, text_of, wait_css, ENTER};
use fantoccini::{Client, Locator};
use lawquiz::core::question::QType;
use lawquiz::service::Service;
use std::time::Duration;

/// Waits until `css`'s text contains `want`.
async fn wait_for_text(c: &Client, css: &str, want: &str) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(el) = c.find(Locator::Css(css)).await {
            let t = el.text().await.unwrap_or_default();
            if t.contains(want) {
                return t;
            }
            assert!(std::time::Instant::now() < deadline, "`{css}` never said “{want}”: {t}");
        }
        assert!(std::time::Instant::now() < deadline, "`{css}` never appeared");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Protects 今日复习 from 首页 to the end of the session, and offline 学时
/// from the sign-in sheet to 首页's sources.
#[tokio::test(flavor = "multi_thread")]
async fn a_review_session_and_offline_hours_reach_home() {
    let _one = ONE_AT_A_TIME.lock().await;
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("study.sqlite3");
    let due: Vec<_> = practice_bank().into_iter().filter(|q| q.qtype == QType::Judge).take(4).collect();
    {
        let svc = Service::open(&db).expect("db");
        let org = first_organizer(&svc);
        add_employee(&svc, &org, "1001", "李明", "办公室");
        add_employee(&svc, &org, "1002", "王芳", "办公室");
        let mut s = svc.settings().expect("settings");
        s.issuing_unit = "XX市司法局".into();
        svc.update_settings(&org, s).expect("unit");
        let li = svc.people(&org).expect("people").employees.iter().find(|e| e.staff_no == "1001").expect("李明").id;
        seed_due_history(&svc, li, &due, 6, 2);
    }
    let bank = practice_bank();
    let _driver = start_driver(&db);
    let c = connect(&db).await;
    wait_css(&c, "html[data-ready='true']").await;

    // 首页: 4 due, a 2-day streak; the card fits from 1024 to 1920.
    log_in_staff(&c, "1001").await;
    assert_eq!(text_of(&c, "#review-due strong").await, "4");
    assert_eq!(text_of(&c, "#review-streak strong").await, "2");
    c.execute("document.querySelector('#review-card').scrollIntoView({ block: 'center' });", vec![])
        .await
        .expect("scroll");
    fits_from_1024_to_1920(&c, "review-home").await;

    // The session: the wrong-answer book's question first, then the rest;
    // keys only (1-4 and Enter) on the first.
    wait_css(&c, "#review-start").await.click().await.expect("开始复习");
    let first = current_question(&c, &bank).await;
    assert_eq!(first.id, due[0].id, "the wrong-answer book's question comes first");
    let counter = text_of(&c, ".practice-top .counter").await;
    assert!(counter.contains("今日复习") && counter.contains("第 1 / 4 题"), "{counter}");
    fits_from_1024_to_1920(&c, "review-question").await;
    answer_current(&c, &bank, false).await;
    wait_css(&c, "#feedback .practice-verdict").await;
    let next = text_of(&c, "#next-review").await;
    assert!(next.contains("天后") && next.contains("今日复习"), "when it comes back: {next}");
    fits_from_1024_to_1920(&c, "review-feedback").await;
    press(&c, ENTER).await;
    for _ in 1..4 {
        wait_css(&c, "#submit").await;
        answer_current(&c, &bank, true).await;
        wait_css(&c, "#next").await;
        press(&c, ENTER).await;
    }
    wait_css(&c, ".done-card").await;
    c.execute("location.hash = '#/';", vec![]).await.expect("home");
    wait_for_text(&c, "#review-today strong", "4").await;
    assert_eq!(text_of(&c, "#review-streak strong").await, "3", "today's reviews extend the streak");
    assert!(text_of(&c, "#review-status").await.contains("今日复习已完成"), "all done for today");
    c.execute("document.querySelector('#review-card').scrollIntoView({ block: 'center' });", vec![])
        .await
        .expect("scroll");
    shot(&c, "review-home-done").await;
    let before = text_of(&c, "#study-line").await;
    assert!(!before.contains("线下学习"), "no offline study yet: {before}");
    wait_css(&c, ".nav-logout").await.click().await.expect("log out");

    // The organizer records a 集体学法: a bad sheet first (nobody ticked,
    // the row and column named), then the right one.
    log_in_organizer(&c).await;
    wait_css(&c, "#admin-tab-offline").await.click().await.expect("线下学习");
    wait_css(&c, "#add-activity").await.click().await.expect("记录线下学习");
    fill(&c, "input[name='title']", "学习民法典合同编").await;
    fill(&c, "input[name='hours']", "2").await;
    let bad = tmp.path().join("签到表-有误.csv");
    std::fs::write(&bad, "工号,姓名,部门\n1001,李明,办公室\n1009,赵六,办公室\n").expect("bad sheet");
    wait_css(&c, "#sign-in-file").await.send_keys(&bad.to_string_lossy()).await.expect("choose the bad sheet");
    let errors = text_of(&c, "#sign-in-errors").await;
    assert!(errors.contains("第 3 行") && errors.contains("工号") && errors.contains("1009"), "{errors}");
    assert_eq!(text_of(&c, "#attend-count").await, "已勾选 0 人", "a bad sheet ticks nobody");
    let (gbk, _, _) = encoding_rs::GB18030.encode("姓名,部门,签名\n李明,办公室,李明\n");
    let good = tmp.path().join("签到表.csv");
    std::fs::write(&good, &gbk).expect("sheet");
    wait_css(&c, "#sign-in-file").await.send_keys(&good.to_string_lossy()).await.expect("choose the sheet");
    assert!(text_of(&c, "#sign-in-ok").await.contains("李明"));
    assert_eq!(text_of(&c, "#attend-count").await, "已勾选 1 人");
    fits_from_1024_to_1920(&c, "offline-editor").await;
    wait_css(&c, "#activity-save").await.click().await.expect("保存");
    let row = text_of(&c, "#activities-table tbody tr").await;
    assert!(row.contains("集体学法") && row.contains("学习民法典合同编"), "{row}");
    fits_from_1024_to_1920(&c, "offline-list").await;

    // The 学时证明 of 李明 for this year.
    wait_css(&c, "#open-statement").await.click().await.expect("学时证明");
    let st = text_of(&c, "#statement").await;
    assert!(st.contains("学时证明") && st.contains("李明") && st.contains("学习民法典合同编"), "{st}");
    shot(&c, "study-statement").await;
    c.execute("location.hash = '#/admin';", vec![]).await.expect("admin");
    wait_css(&c, ".nav-logout").await.click().await.expect("log out");

    // 李明's 学时 rose by 2, shown by source.
    log_in_staff(&c, "1001").await;
    let sources = text_of(&c, "#study-sources").await;
    assert!(sources.contains("在线学习") && sources.contains("集体学法"), "{sources}");
    let group = text_of(&c, "#study-sources li[data-source='集体学法'] strong").await;
    assert_eq!(group, "2");
    assert!(text_of(&c, "#study-line").await.contains("线下学习 2 学时"));
    c.execute("document.querySelector('.study-card').scrollIntoView({ block: 'center' });", vec![])
        .await
        .expect("scroll");
    fits_from_1024_to_1920(&c, "study-sources").await;
}
