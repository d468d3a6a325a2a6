//! The shell at every size: the real window at 1024x768 with 字号 特大, and
//! Chromium as a phone (390x844) at the LAN host's address, on every staff
//! screen (首页, 练习范围, 练习, 法条库, 关于, 竞答说明, 答题, 成绩, 我的成绩): nothing
//! scrolls sideways and no text breaks into one-character lines. During the
//! attempt the header is in exam mode (the name, the timer and 交卷 only),
//! answered tiles are filled with a ✓, 交卷 confirms with the unanswered and
//! marked counts, and the timer turns amber in the last 5 minutes and red
//! in the last minute (the attempt's deadline moved in the database).
//!
//! Screenshots land in target/e2e/shell-*.png.

use crate::browser::{start_chromedriver, start_host, ChromeDriver};
use crate::e2e::{connect, log_in_staff, start_driver, ONE_AT_A_TIME};
use crate::util::{add_employee, first_organizer, TempDb};
use crate::webdriver::{fits, fits_at, shot, text_of, touch_targets, wait_css};
use fantoccini::{Client, ClientBuilder, Locator};
use lawquiz::core::paper::DrawRule;
use lawquiz::core::practice::Scope;
use lawquiz::core::question::QType;
use lawquiz::service::contest_api::{ContestSpec, SaveContestRequest, SetStateRequest};
use lawquiz::service::Service;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// An organizer, 李明 (1001, PIN 2468) and a contest open now (30 minutes,
/// 6 questions).
fn seed(svc: &Service) {
    let org = first_organizer(svc);
    add_employee(svc, &org, "1001", "李明", "办公室");
    let local = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let rule = |count, qtype, subject| DrawRule {
        count,
        qtype,
        scope: Scope { subject, part: None, chapter: None },
        difficulty: None,
        points: 10,
        pool: Default::default(),
    };
    let spec = ContestSpec {
        title: "2026年宪法民法典知识有奖竞答".into(),
        opens_at: (local - time::Duration::hours(1)).format(&fmt).expect("time"),
        closes_at: (local + time::Duration::hours(3)).format(&fmt).expect("time"),
        time_limit_minutes: 30,
        attempts_allowed: 1,
        counting: Default::default(),
        pass_mark: 0,
        review: Default::default(),
        multi_scoring: Default::default(),
        paper: vec![
            rule(3, QType::Judge, crate::util::law("宪法")),
            rule(2, QType::Single, crate::util::law("民法典")),
            rule(1, QType::Multi, crate::util::law("民法典")),
        ],
        tiers: vec![],
        lottery: None,
        library_during_attempt: false,
    };
    let c = svc.save_contest(&org, SaveContestRequest { id: None, spec }).expect("contest");
    svc.set_contest_state(&org, SetStateRequest { id: c.id, state: "open".into() }).expect("open");
}

/// Moves the open attempt's deadline to `seconds` from now (the backend's
/// own clock then reports that little time left).
fn deadline_in(db: &Path, seconds: i64) {
    let conn = rusqlite::Connection::open(db).expect("db");
    conn.busy_timeout(Duration::from_secs(5)).expect("timeout");
    conn.execute(
        "UPDATE attempt SET deadline_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?1) WHERE state = 'open'",
        [format!("+{seconds} seconds")],
    )
    .expect("move the deadline");
}

async fn log_in(c: &Client) {
    log_in_staff(c, "1001").await;
}

/// What the header shows (innerText: only what is rendered).
async fn band_text(c: &Client) -> String {
    let t = c.execute("return document.getElementById('band').innerText;", vec![]).await.expect("band text");
    t.as_str().unwrap_or_default().to_string()
}

async fn go(c: &Client, hash: &str) {
    c.execute("location.hash = arguments[0];", vec![hash.into()]).await.expect("navigate");
}

async fn css_of(c: &Client, css: &str, prop: &str) -> String {
    c.execute(
        "return getComputedStyle(document.querySelector(arguments[0]))[arguments[1]];",
        vec![css.into(), prop.into()],
    )
    .await
    .expect("computed style")
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Checks the screen: `fits_at` the window size when one is given (the real
/// window), else `fits` as it is and every control ≥ 44 px (the phone).
async fn check(c: &Client, size: Option<(u32, u32)>, name: &str) {
    match size {
        Some((w, h)) => fits_at(c, w, h, name).await,
        None => {
            fits(c, name).await;
            touch_targets(c, name).await;
        }
    }
}

/// Every staff screen, one after the other, each checked; then the exam
/// mode of the attempt, its timer colours and the result.
async fn walk_staff_screens(c: &Client, db: &Path, size: Option<(u32, u32)>, prefix: &str) {
    // 首页
    wait_css(c, ".hero h1").await;
    check(c, size, &format!("{prefix}-home")).await;
    // The header fits: the menu when it must, its links behind 菜单.
    let fit = c.execute("return document.getElementById('band').dataset.fit;", vec![]).await.expect("fit");
    if fit.as_str().is_some_and(|f| f.starts_with("menu")) {
        wait_css(c, "#menu-toggle").await.click().await.expect("open the menu");
        let menu = text_of(c, "#band-menu").await;
        for word in ["首页", "法条库", "关于", "退出", "特大"] {
            assert!(menu.contains(word), "the menu holds {word}: {menu}");
        }
        check(c, size, &format!("{prefix}-menu")).await;
        wait_css(c, "#menu-toggle").await.click().await.expect("close the menu");
    }

    // 练习范围 and 练习 (an answer given, the verdict and the article shown)
    go(c, "#/scopes/宪法").await;
    wait_css(c, "button[data-chapter]").await;
    check(c, size, &format!("{prefix}-scopes")).await;
    wait_css(c, "button[data-chapter]").await.click().await.expect("practise a chapter");
    wait_css(c, ".question[data-qid] .option, .question[data-qid] .fill-input").await;
    check(c, size, &format!("{prefix}-practice")).await;
    if let Ok(opt) = c.find(Locator::Css(".question .option")).await {
        opt.click().await.expect("pick");
    } else {
        crate::webdriver::fill(c, ".fill-input", "答案").await;
    }
    wait_css(c, "#submit:not([disabled])").await.click().await.expect("submit");
    wait_css(c, ".result").await;
    check(c, size, &format!("{prefix}-practice-answered")).await;

    // 法条库 (an article of 宪法) and 关于
    go(c, "#/library/宪法/33").await;
    wait_css(c, ".law-article.focus").await;
    check(c, size, &format!("{prefix}-library")).await;
    go(c, "#/about").await;
    wait_css(c, ".about").await;
    check(c, size, &format!("{prefix}-about")).await;

    // 竞答说明
    go(c, "#/").await;
    wait_css(c, "a[data-contest]").await.click().await.expect("enter the contest");
    wait_css(c, "#start-attempt:not([disabled])").await;
    check(c, size, &format!("{prefix}-contest-start")).await;
    wait_css(c, "#start-attempt").await.click().await.expect("start");

    // 答题 in exam mode: the name, the timer and 交卷, nothing else.
    wait_css(c, "#band #countdown").await;
    shot(c, &format!("{prefix}-exam-header")).await;
    let band = band_text(c).await;
    assert!(band.contains("李明") && band.contains("剩余") && band.contains("交卷"), "exam header: {band}");
    for gone in ["首页", "法条库", "关于", "退出", "字号"] {
        assert!(!band.contains(gone), "no {gone} in the exam header: {band}");
    }
    assert!(c.find(Locator::Css("#band a[href]")).await.is_err(), "no link in the exam header");
    assert!(c.find(Locator::Css("#band .nav-logout")).await.is_err(), "no 退出 during the attempt");
    assert_eq!(
        c.find(Locator::Css("#menu-toggle")).await.expect("toggle").is_displayed().await.ok(),
        Some(false),
        "no 菜单 in exam mode"
    );
    assert_eq!(wait_css(c, "#countdown").await.attr("data-phase").await.ok().flatten().as_deref(), Some("normal"));

    // Answer the first question: its tile is filled, with a ✓; mark the second.
    wait_css(c, ".take-panel .option").await.click().await.expect("pick");
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::XPath("//*[@id='save-state' and contains(., '已保存')]"))
        .await
        .expect("已保存");
    let tile = text_of(c, ".qcell[data-position='0']").await;
    assert!(tile.contains('✓'), "the answered tile shows a ✓: {tile}");
    let fill = css_of(c, ".qcell[data-position='0']", "backgroundColor").await;
    assert_eq!(fill, "rgb(29, 107, 53)", "the answered tile is filled");
    wait_css(c, "#next").await.click().await.expect("next");
    wait_css(c, "#mark[aria-pressed='false']").await.click().await.expect("mark");
    wait_css(c, ".qcell.marked[data-position='1']").await;
    check(c, size, &format!("{prefix}-attempt")).await;

    // 交卷 confirms with the unanswered and the marked.
    wait_css(c, "#submit-attempt").await.click().await.expect("hand in?");
    let unanswered = text_of(c, "#submit-unanswered").await;
    let flagged = text_of(c, "#submit-marked").await;
    assert!(unanswered.contains("还有 5 题没有作答"), "unanswered count: {unanswered}");
    assert!(flagged.contains("有 1 题标记") && flagged.contains("第 2 题"), "marked count: {flagged}");
    check(c, size, &format!("{prefix}-submit-dialog")).await;
    c.find(Locator::XPath("//dialog[@id='submit-dialog']//button[contains(., '继续答题')]"))
        .await
        .expect("继续答题")
        .click()
        .await
        .expect("back to the paper");

    // The last 5 minutes: amber; the last minute: red (the backend's time).
    deadline_in(db, 4 * 60);
    c.refresh().await.expect("reload");
    wait_css(c, "#countdown.warn").await;
    assert_eq!(css_of(c, "#countdown", "backgroundColor").await, "rgb(255, 217, 120)", "amber in the last 5 minutes");
    shot(c, &format!("{prefix}-timer-amber")).await;
    deadline_in(db, 50);
    c.refresh().await.expect("reload");
    wait_css(c, "#countdown.urgent").await;
    assert_eq!(css_of(c, "#countdown", "color").await, "rgb(179, 38, 30)", "red in the last minute");
    shot(c, &format!("{prefix}-timer-red")).await;

    // 成绩
    wait_css(c, "#submit-attempt").await.click().await.expect("hand in");
    wait_css(c, "#confirm-submit").await.click().await.expect("confirm");
    wait_css(c, "#score").await;
    check(c, size, &format!("{prefix}-result")).await;
    // 我的成绩 (the menu's newest staff screen)
    go(c, "#/my-results").await;
    wait_css(c, "#my-results, #my-results-empty").await;
    check(c, size, &format!("{prefix}-my-results")).await;
    let band = band_text(c).await;
    assert!(band.contains("首页") || c.find(Locator::Css("#menu-toggle")).await.is_ok(), "the menu is back: {band}");
}

/// The real window at 1024x768 with 字号 特大 on every staff screen.
#[tokio::test(flavor = "multi_thread")]
async fn every_staff_screen_fits_1024x768_at_xlarge_and_the_attempt_is_in_exam_mode() {
    let _one = ONE_AT_A_TIME.lock().await;
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("shell.sqlite3");
    seed(&Service::open(&db).expect("seed"));
    let _driver = start_driver(&db);
    let c = connect(&db).await;
    wait_css(&c, "html[data-ready='true']").await;
    log_in(&c).await;
    c.execute("document.querySelector(\".band .size-switch button[data-size='xlarge']\").click();", vec![])
        .await
        .expect("特大");
    wait_css(&c, "html[data-size='xlarge']").await;
    walk_staff_screens(&c, &db, Some((1024, 768)), "shell-xlarge").await;
    // And on a wide screen: the whole header on one line again.
    fits_at(&c, 1920, 1080, "shell-xlarge-my-results").await;
    go(&c, "#/").await;
    wait_css(&c, ".hero h1").await;
    fits_at(&c, 1920, 1080, "shell-xlarge-home").await;
    let fit = c.execute("return document.getElementById('band').dataset.fit;", vec![]).await.expect("fit");
    assert_eq!(fit.as_str(), Some("full"), "at 1920 px the header needs no menu");
    c.set_window_size(1280, 800).await.expect("resize back");
    c.close().await.expect("close session");
}

async fn phone(driver: &ChromeDriver) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "chrome".into());
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=zh-CN"],
            "mobileEmulation": {
                "deviceMetrics": { "width": 390, "height": 844, "pixelRatio": 2.0, "mobile": true, "touch": true },
                "userAgent": "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"
            },
        }),
    );
    ClientBuilder::native()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.1))
        .await
        .expect("a WebDriver session with Chromium as a phone")
}

/// Chromium as a 390x844 phone at the LAN host's address, every staff screen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_staff_screen_fits_a_phone_at_the_hosts_address() {
    let db = TempDb::new();
    let svc = Arc::new(Service::open(&db.path).expect("service"));
    seed(&svc);
    let host = start_host(svc.clone(), "127.0.0.1:0".parse().expect("addr")).await;
    let driver = start_chromedriver();
    let c = phone(&driver).await;
    c.goto(&format!("http://{}/", host.addr())).await.expect("open the host's address");
    let width = c.execute("return document.documentElement.clientWidth;", vec![]).await.expect("width");
    assert_eq!(width.as_i64(), Some(390), "a phone's width");
    check(&c, None, "shell-phone-login").await;
    log_in(&c).await;
    walk_staff_screens(&c, &db.path, None, "shell-phone").await;

    // 特大 on the phone, chosen from the menu: the screens still fit.
    go(&c, "#/").await;
    wait_css(&c, ".hero h1").await;
    wait_css(&c, "#menu-toggle").await.click().await.expect("menu");
    wait_css(&c, "#band-menu .size-switch button[data-size='xlarge']").await.click().await.expect("特大");
    wait_css(&c, "html[data-size='xlarge']").await;
    check(&c, None, "shell-phone-xlarge-menu").await;
    wait_css(&c, "#menu-toggle").await.click().await.expect("close the menu");
    for (hash, ready, name) in [
        ("#/", ".hero h1", "home"),
        ("#/scopes/民法典", "button[data-chapter]", "scopes"),
        ("#/library/民法典/1", ".law-article.focus", "library"),
        ("#/about", ".about", "about"),
    ] {
        go(&c, hash).await;
        wait_css(&c, ready).await;
        check(&c, None, &format!("shell-phone-xlarge-{name}")).await;
    }
    c.close().await.expect("close the browser");
    host.stop().await;
}
