//! End to end, in the real window: contest day for staff and finding the
//! host without typing.
//!
//! A contest is open: 首页 shows it at the top (竞答进行中 · 截止 [开始答题],
//! then [继续答题] straight into the attempt); the result screen of a fail
//! is calm with 继续加油 and says when answers and ranks appear; 我的成绩 and
//! 错题本 are in the menu; practice feedback at 1024x768 keeps the question,
//! 您选 … and 正确答案 … with their text, 第 N / M 题 and 下一题 in view.
//! Then the organizer turns the host on: the panel says the name it is
//! announced under, the 会场连接说明 page shows the address, its QR code and
//! three steps, and 连接主机 on the login screen finds the host on its own.

use crate::browser::{chromium, start_chromedriver};
use crate::e2e::{
    answer_current, connect, current_question, log_in_organizer, log_in_staff, start_driver, ONE_AT_A_TIME,
};
use crate::util::{add_employee, bank, first_organizer, TempDb};
use crate::webdriver::{fill, fits_from_1024_to_1920, resize, settled, shot, text_of, wait_css};
use fantoccini::{Client, Locator};
use lawquiz::core::paper::DrawRule;
use lawquiz::core::practice::Scope;
use lawquiz::core::question::QType;
use lawquiz::service::api::*;
use lawquiz::service::Service;
use std::path::Path;
use std::time::Duration;

const UNIT: &str = "XX市司法局";

/// The organizer, 李明 (PIN 2468), the unit's name and an open contest
/// (from an hour ago to two hours on, pass mark 10 of 10), before the
/// window starts.
fn seeded_with_open_contest(db: &Path) {
    let svc = Service::open(db).expect("db");
    let org = first_organizer(&svc);
    add_employee(&svc, &org, "1001", "李明", "办公室");
    let mut s = svc.settings().expect("settings");
    s.issuing_unit = UNIT.into();
    svc.update_settings(&org, s).expect("unit");
    let now = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let local = |t: time::OffsetDateTime| t.format(&fmt).expect("format");
    let spec = ContestSpec {
        title: "2026年宪法日法治知识竞答".into(),
        opens_at: local(now - time::Duration::hours(1)),
        closes_at: local(now + time::Duration::hours(2)),
        time_limit_minutes: 30,
        attempts_allowed: 1,
        counting: Counting::Best,
        pass_mark: 10,
        review: ReviewRule::AfterClose,
        multi_scoring: Default::default(),
        paper: vec![DrawRule {
            count: 2,
            qtype: QType::Judge,
            scope: Scope { subject: crate::util::law("宪法"), part: None, chapter: None },
            difficulty: None,
            points: 5,
            pool: Default::default(),
        }],
        tiers: vec![lawquiz::core::contest::Tier::new("一等奖", 1)],
        lottery: None,
        library_during_attempt: false,
    };
    let c = svc.save_contest(&org, SaveContestRequest { id: None, spec }).expect("contest");
    svc.set_contest_state(&org, SetStateRequest { id: c.id, state: "open".into() }).expect("open");
}

/// Whether the element's box lies inside the viewport (nothing to scroll).
async fn in_view(c: &Client, css: &str) -> bool {
    let js = "const r = document.querySelector(arguments[0]).getBoundingClientRect();
              return r.top >= 0 && r.bottom <= window.innerHeight;";
    c.execute(js, vec![css.into()]).await.expect("measure").as_bool().unwrap_or(false)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// Protects 首页's contest card, the result screen, 我的成绩 / 错题本 in the
/// menu, practice feedback in view at 1024x768, the 作为主机 panel, the
/// 会场连接说明 page and 连接主机 finding the host (screenshots of each).
#[tokio::test(flavor = "multi_thread")]
async fn contest_day_for_staff_and_the_host_found_without_typing() {
    let _one = ONE_AT_A_TIME.lock().await;
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("staff-lan.sqlite3");
    seeded_with_open_contest(&db);
    let bank = bank();
    let _driver = start_driver(&db);
    let c = connect(&db).await;
    wait_css(&c, "html[data-ready='true']").await;

    // 首页: the open contest at the top, above the fold even at 1024x768.
    log_in_staff(&c, "1001").await;
    let card = text_of(&c, "#contest-now").await;
    assert!(card.contains("竞答进行中") && card.contains("截止") && card.contains("开始答题"), "{card}");
    resize(&c, 1024, 768).await;
    assert!(in_view(&c, "#contest-now a[data-contest]").await, "开始答题 is above the fold at 1024x768");
    shot(&c, "staff-home-contest-1024x768").await;
    c.set_window_size(1280, 800).await.expect("resize");
    let menu = text_of(&c, "#nav").await;
    assert!(menu.contains("错题本") && menu.contains("我的成绩"), "the menu: {menu}");
    shot(&c, "staff-home-contest").await;

    // Start, leave, and 首页 says 继续答题 and goes straight back in.
    wait_css(&c, "#contest-now a[data-contest]").await.click().await.expect("开始答题");
    wait_css(&c, "#start-attempt:not([disabled])").await.click().await.expect("start");
    wait_css(&c, "#submit-attempt").await;
    c.execute("location.hash = '#/';", vec![]).await.expect("home");
    let card = text_of(&c, "#contest-now").await;
    assert!(card.contains("继续答题"), "an attempt in progress: {card}");
    shot(&c, "staff-home-contest-continue").await;
    wait_css(&c, "#contest-now a[data-contest]").await.click().await.expect("继续答题");
    wait_css(&c, "#submit-attempt").await.click().await.expect("hand in");
    wait_css(&c, "#confirm-submit").await.click().await.expect("confirm");

    // The result of a fail: calm, 继续加油, when answers and ranks appear.
    wait_css(&c, "#score").await;
    wait_css(&c, "#result.is-fail").await;
    let cheer = text_of(&c, "#result-cheer").await;
    assert!(cheer.contains("继续加油"), "{cheer}");
    let when = text_of(&c, "#result-when").await;
    assert!(when.contains("竞答结束后公布答案") && when.contains("公布成绩后显示名次"), "{when}");
    let colour =
        c.execute("return getComputedStyle(document.querySelector('#verdict')).color;", vec![]).await.expect("colour");
    assert_ne!(colour.as_str(), Some("rgb(164, 37, 28)"), "未及格 is not in the error red");
    assert!(
        c.find(Locator::Css("#result-home")).await.is_ok() && c.find(Locator::Css("#result-practice")).await.is_ok()
    );
    shot(&c, "staff-result-fail").await;
    fits_from_1024_to_1920(&c, "staff-result-fail").await;

    // 我的成绩 and 错题本 from the menu.
    wait_css(&c, "a.nav-link[href='#/my-results']").await.click().await.expect("我的成绩");
    let mine = text_of(&c, "#my-results").await;
    assert!(mine.contains("2026年宪法日法治知识竞答") && mine.contains("未及格") && mine.contains("待公布"), "{mine}");
    shot(&c, "staff-my-results").await;
    wait_css(&c, "a.nav-link[href='#/wrong-book']").await.click().await.expect("错题本");
    let empty = text_of(&c, "#wrong-book-empty").await;
    assert!(empty.contains("错题本是空的"), "{empty}");
    shot(&c, "staff-wrong-book-empty").await;

    // A pass (green), then a prize once published (gold). For the picture
    // only, the stored result is changed behind the app's back (full marks,
    // then the contest published): the screen reads them as they are.
    let attempt: i64 = {
        let conn = rusqlite::Connection::open(&db).expect("db");
        conn.busy_timeout(Duration::from_secs(5)).expect("timeout");
        conn.execute("UPDATE attempt SET score = 10", []).expect("full marks");
        conn.query_row("SELECT id FROM attempt", [], |r| r.get(0)).expect("attempt")
    };
    c.execute(&format!("location.hash = '#/result/{attempt}';"), vec![]).await.expect("result");
    wait_css(&c, "#result.is-pass").await;
    let cheer = text_of(&c, "#result-cheer").await;
    assert!(cheer.contains("恭喜") && !cheer.contains("继续加油"), "{cheer}");
    let colour =
        c.execute("return getComputedStyle(document.querySelector('#verdict')).color;", vec![]).await.expect("colour");
    assert_eq!(colour.as_str(), Some("rgb(29, 107, 53)"), "及格 in green");
    shot(&c, "staff-result-pass").await;
    {
        let conn = rusqlite::Connection::open(&db).expect("db");
        conn.busy_timeout(Duration::from_secs(5)).expect("timeout");
        conn.execute("UPDATE contest SET state = 'published'", []).expect("published");
    }
    c.execute("location.hash = '#/';", vec![]).await.expect("home");
    wait_css(&c, ".hero h1").await;
    c.execute(&format!("location.hash = '#/result/{attempt}';"), vec![]).await.expect("result");
    wait_css(&c, "#result.is-prize").await;
    let cheer = text_of(&c, "#result-cheer").await;
    assert!(cheer.contains("一等奖"), "{cheer}");
    assert!(c.find(Locator::Css("#result-when")).await.is_err(), "nothing left to promise once published");
    shot(&c, "staff-result-prize").await;

    // Practice feedback at 1024x768: a choice question answered wrong.
    c.set_window_size(1024, 768).await.expect("resize");
    wait_css(&c, "a.nav-link[href='#/']").await.click().await.expect("home");
    wait_css(&c, "a[data-subject='宪法']").await.click().await.expect("宪法");
    wait_css(&c, "button[data-chapter]").await.click().await.expect("first chapter");
    let mut answered = None;
    for _ in 0..30 {
        let q = current_question(&c, &bank).await;
        let choice = matches!(q.qtype, QType::Single | QType::Multi);
        let q = answer_current(&c, &bank, !choice).await;
        wait_css(&c, "#next").await;
        if choice {
            answered = Some(q);
            break;
        }
        wait_css(&c, "#next").await.click().await.expect("next");
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while current_question(&c, &bank).await.id == q.id {
            assert!(std::time::Instant::now() < deadline, "Enter did not go on to the next question within 20 s");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    let q = answered.expect("a choice question in the first chapter");
    wait_css(&c, "#my-choice").await;
    settled(&c).await;
    let mine = text_of(&c, "#my-choice").await;
    let key = text_of(&c, "#right-answer").await;
    let letter_and_text = |s: &str, prefix: &str| {
        s.strip_prefix(prefix).is_some_and(|rest| {
            rest.chars().next().is_some_and(|l| "ABCDEF".contains(l)) && rest.contains('：') && rest.len() > 6
        })
    };
    assert!(letter_and_text(&mine, "您选 "), "您选 A：<text>: {mine}");
    assert!(letter_and_text(&key, "正确答案 "), "正确答案 C：<text>: {key}");
    assert!(q.options.iter().any(|o| key.contains(o.as_str())), "the key's option text: {key}");
    let counter = text_of(&c, "#practice-next .counter").await;
    assert!(counter.starts_with("第 ") && counter.contains(" / ") && counter.ends_with(" 题"), "{counter}");
    for css in ["#stem", "#my-choice", "#right-answer", "#practice-next .counter", "#next"] {
        assert!(in_view(&c, css).await, "{css} is in view at 1024x768 without scrolling");
    }
    assert!(in_view(&c, ".option.is-wrong").await, "the person's own choice stays in view");
    shot(&c, "staff-practice-feedback-1024x768").await;
    c.set_window_size(1280, 800).await.expect("resize");
    wait_css(&c, ".nav-logout").await.click().await.expect("log out");

    // The organizer turns the host on: the announced name, one port.
    log_in_organizer(&c).await;
    wait_css(&c, "#admin-tab-settings").await.click().await.expect("settings");
    let port = free_port();
    wait_css(&c, "#host-advanced summary").await.click().await.expect("高级");
    fill(&c, "#host input[name='port']", &port.to_string()).await;
    wait_css(&c, "#host-on").await.click().await.expect("on");
    let running = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::XPath("//*[@id='host-state' and contains(., '运行中')]"))
        .await;
    assert!(running.is_ok(), "the host runs");
    let announced = text_of(&c, "#host-announced").await;
    assert!(announced.contains(&format!("{UNIT}竞答主机")), "{announced}");
    let panel = text_of(&c, "#host").await;
    assert!(!panel.contains("1204") || port == 1204, "no other port in the hints: {panel}");
    c.execute("document.getElementById('host').scrollIntoView();", vec![]).await.expect("scroll");
    shot(&c, "host-panel").await;
    wait_css(&c, "#host-advanced summary").await.click().await.expect("高级");
    let advanced = text_of(&c, "#host-advanced").await;
    assert!(advanced.contains(&format!("主机现在使用端口 {port}")), "the running port in the hint: {advanced}");
    assert!(advanced.contains("监听地址") && advanced.contains("网卡和地址"), "network details under 高级: {advanced}");
    shot(&c, "host-panel-advanced").await;

    // 会场连接说明: address, QR code, three steps.
    wait_css(&c, "#host-sheet-link").await.click().await.expect("connection sheet");
    let address = text_of(&c, "#sheet-address").await;
    assert!(address.ends_with(&format!(":{port}")), "{address}");
    let qr = wait_css(&c, ".conn-sheet-qr").await.attr("src").await.expect("attr").unwrap_or_default();
    assert!(qr.starts_with("data:image/svg+xml"), "a QR code");
    let steps = c.find_all(Locator::Css("#sheet-steps li")).await.expect("steps");
    assert_eq!(steps.len(), 3);
    let sheet = text_of(&c, "#conn-sheet").await;
    assert!(sheet.contains(&format!("{UNIT}竞答主机")) && sheet.contains("连接主机"), "{sheet}");
    shot(&c, "host-connection-sheet").await;
    fits_from_1024_to_1920(&c, "host-connection-sheet").await;

    // 连接主机 finds it without typing.
    wait_css(&c, ".nav-logout").await.click().await.expect("log out");
    wait_css(&c, "#mode-host").await.click().await.expect("连接主机");
    let found = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::XPath(&format!("//*[@id='found-hosts' and contains(., '{UNIT}竞答主机')]")))
        .await;
    assert!(found.is_ok(), "连接主机 lists the host found on the LAN");
    let list = text_of(&c, "#found-hosts").await;
    assert!(list.contains("找到") && list.contains(&format!(":{port}")), "{list}");
    shot(&c, "client-connect-found").await;
    c.close().await.expect("close");
}

/// The widest element box on the page beyond the viewport's right edge
/// (0: nothing of `css` pokes out sideways).
async fn overflow_of(c: &Client, css: &str) -> f64 {
    let js = "let worst = 0; for (const el of document.querySelectorAll(arguments[0])) {
                const r = el.getBoundingClientRect(); worst = Math.max(worst, r.right - window.innerWidth, -r.left);
              } return worst;";
    c.execute(js, vec![css.into()]).await.expect("measure").as_f64().unwrap_or(0.0)
}

/// Protects the staff pages of this part on a phone (Chromium at 390x844,
/// the host's pages): 首页's contest card, the result screen and 我的成绩
/// fit the width (their own boxes; the header is the header's business).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_phone_the_contest_card_the_result_and_my_results_fit() {
    let db = TempDb::new();
    seeded_with_open_contest(&db.path);
    let svc = std::sync::Arc::new(Service::open(&db.path).expect("service"));
    let host = lawquiz::host::Host::start(svc, lawquiz::host::HostConfig::new("127.0.0.1:0".parse().expect("addr")))
        .await
        .expect("host");
    let driver = start_chromedriver();
    let c = chromium(&driver).await;
    c.set_window_size(390, 844).await.expect("phone size");
    c.goto(&format!("http://{}/", host.addr())).await.expect("open the host");
    log_in_staff(&c, "1001").await;
    let card = text_of(&c, "#contest-now").await;
    assert!(card.contains("竞答进行中") && card.contains("开始答题"), "{card}");
    assert!(in_view(&c, "#contest-now a[data-contest]").await, "开始答题 above the fold on a phone");
    shot(&c, "phone-home-contest-390x844").await;
    assert!(overflow_of(&c, "#contest-now, #contest-now *").await <= 0.5, "the card fits 390 px");
    wait_css(&c, "#contest-now a[data-contest]").await.click().await.expect("开始答题");
    wait_css(&c, "#start-attempt:not([disabled])").await.click().await.expect("start");
    wait_css(&c, "#submit-attempt").await.click().await.expect("hand in");
    wait_css(&c, "#confirm-submit").await.click().await.expect("confirm");
    wait_css(&c, "#result.is-fail").await;
    shot(&c, "phone-result-390x844").await;
    assert!(overflow_of(&c, "#result, #result *").await <= 0.5, "the result fits 390 px");
    c.execute("location.hash = '#/my-results';", vec![]).await.expect("我的成绩");
    wait_css(&c, "#my-results").await;
    shot(&c, "phone-my-results-390x844").await;
    assert!(overflow_of(&c, "#my-results, #my-results *").await <= 0.5, "我的成绩 fits 390 px");
    c.close().await.expect("close");
    host.stop().await;
}
