//! The hall screen end to end, in the real window under Xvfb (1920x1080):
//! the organizer opens the hall window from the results page; it comes up
//! full screen on the display with no control on it; during the contest it
//! shows the countdown and 已交卷 26 / 30, then (space) the live top 10
//! filling the height; after the close the reveal is driven by keys on the
//! hall window — one prize tier per screen, lowest first, the 20 优秀奖 over
//! two screens, the tier nobody reached skipped and no 空缺 said — with
//! names at least 7% of the screen's height; the organizer's 大屏控制 follows
//! the step; F11 and Esc leave and restore full screen. Screenshots of each
//! screen are saved as target/e2e/hall-*.png.

use crate::e2e::{connect, log_in_organizer, start_driver, ONE_AT_A_TIME};
use crate::practice::{as_shown, right_response, wrong_response};
use crate::util::{add_employee, bank, first_organizer};
use crate::webdriver::{fill, fits_from_1024_to_1920, press, resize, settled, shot, text_of, wait_css};
use fantoccini::{Client, Locator};
use lawquiz::core::contest::Tier;
use lawquiz::core::ids::ContestId;
use lawquiz::core::paper::{DrawRule, PaperItem};
use lawquiz::core::practice::Scope;
use lawquiz::core::question::QType;
use lawquiz::service::api::*;
use lawquiz::service::Service;
use std::path::Path;
use std::time::{Duration, Instant};

const SPACE: char = ' ';
const ESCAPE: char = '\u{E00C}';
const F11: char = '\u{E03B}';
const LEFT: char = '\u{E012}';

const SURNAMES: [&str; 10] = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
const GIVEN: [&str; 3] = ["建国", "秀英", "志强"];
const LONG_NAME: &str = "阿依古丽·买买提";
const DEPARTMENTS: [&str; 4] = ["办公室", "法规科", "政策研究室", "行政审批科"];

/// 30 active staff, 26 of whom handed in with scores spread out (so the
/// tiers fill: 一等奖 1, 二等奖 2, 三等奖 3, 优秀奖 20); 特等奖 needs a
/// score nobody reaches (full marks). The unit is 某某市司法局. Returns the contest.
fn seed(path: &Path) -> ContestId {
    let svc = Service::open(path).expect("seed database");
    let org = first_organizer(&svc);
    let mut settings = svc.settings().expect("settings");
    settings.issuing_unit = "某某市司法局".into();
    svc.update_settings(&org, settings).expect("unit saved");
    for i in 0..30 {
        // One long name (a winner's): set smaller to fit its card, never cut.
        let name = if i == 12 { LONG_NAME.to_string() } else { format!("{}{}", SURNAMES[i % 10], GIVEN[i / 10]) };
        add_employee(&svc, &org, &format!("{}", 2001 + i), &name, DEPARTMENTS[i % 4]);
    }
    let now = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let at = |t: time::OffsetDateTime| t.format(&fmt).expect("format");
    let rule = |count, qtype, subject, points| DrawRule {
        count,
        qtype,
        scope: Scope { subject, part: None, chapter: None },
        difficulty: None,
        points,
        pool: Default::default(),
    };
    let mut top = Tier::new("特等奖", 1);
    top.min_score = Some(80); // full marks: nobody gets every question right
    let spec = ContestSpec {
        title: "2026年国家宪法日宪法民法典知识竞赛".into(),
        opens_at: at(now - time::Duration::hours(1)),
        closes_at: at(now + time::Duration::hours(2)),
        time_limit_minutes: 30,
        attempts_allowed: 1,
        counting: Counting::Best,
        pass_mark: 0,
        review: ReviewRule::AfterClose,
        multi_scoring: Default::default(),
        paper: vec![
            rule(6, QType::Single, crate::util::law("宪法"), 10),
            rule(4, QType::Judge, crate::util::law("民法典"), 5),
        ],
        tiers: vec![
            top,
            Tier::new("一等奖", 1),
            Tier::new("二等奖", 2),
            Tier::new("三等奖", 3),
            Tier::new("优秀奖", 20),
        ],
        lottery: Some(LotteryRule { count: 3, min_score: 0 }),
        library_during_attempt: false,
    };
    let c = svc.save_contest(&org, SaveContestRequest { id: None, spec }).expect("contest saved");
    svc.set_contest_state(&org, SetStateRequest { id: c.id, state: "open".into() }).expect("opened");
    let bank = bank();
    for i in 0..26 {
        let login = svc
            .login_staff(
                StaffLoginRequest { staff_no: format!("{}", 2001 + i), pin: "2468".into(), new_pin: None },
                "127.0.0.1",
            )
            .expect("staff login");
        let who = svc.authenticate(&login.token).expect("session");
        let view = svc.start_attempt(&who, c.id).expect("attempt");
        let ids: Vec<String> = svc
            .db()
            .read(|conn| {
                let paper: String =
                    conn.query_row("SELECT paper FROM attempt WHERE id = ?1", [view.attempt_id], |r| r.get(0))?;
                let items: Vec<PaperItem> = serde_json::from_str(&paper)?;
                Ok(items.into_iter().map(|i| i.question_id.0).collect())
            })
            .expect("paper");
        // Nine right for the first takers, fewer for the later ones.
        let right = 9 - (i * 9 / 26).min(8);
        for (n, item) in view.items.iter().enumerate() {
            let q = bank.iter().find(|q| q.id.0 == ids[n]).expect("question in bank");
            let r = if n < right { right_response(q) } else { wrong_response(q) };
            let response = as_shown(q, &item.options, r);
            svc.contest_answer(
                &who,
                ContestAnswerRequest { attempt_id: view.attempt_id, position: item.position, response, seq: 0 },
            )
            .expect("answer");
        }
        // Distinct times used: equal scores still rank one after another.
        std::thread::sleep(Duration::from_millis(20 * (i as u64 + 1)));
        svc.submit_attempt(&who, view.attempt_id).expect("handed in");
    }
    c.id
}

/// Switches the session to the window that is not `other`, once it exists.
async fn other_window(c: &Client, other: &fantoccini::wd::WindowHandle) -> fantoccini::wd::WindowHandle {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let handles = c.windows().await.expect("windows");
        if let Some(h) = handles.into_iter().find(|h| h != other) {
            c.switch_to_window(h.clone()).await.expect("switch to the hall window");
            return h;
        }
        assert!(Instant::now() < deadline, "the hall window opened");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn js(c: &Client, script: &str) -> serde_json::Value {
    c.execute(script, vec![]).await.unwrap_or_else(|e| panic!("script `{script}`: {e}"))
}

/// Waits until the hall shows step `step` (its data-step), returns the page kind.
async fn hall_at(c: &Client, step: u64) -> String {
    let css = format!("#hall[data-step='{step}']");
    let el = wait_css(c, &css).await;
    el.attr("data-page").await.expect("attr").unwrap_or_default()
}

/// What every hall screen holds to: nothing to click, nothing scrolls, no
/// vacancy announced, the banner with the unit and the day.
async fn check_hall_screen(c: &Client, what: &str) {
    let controls = js(
        c,
        "return [...document.querySelectorAll('button, a, input, select, textarea, [role=button]')]
           .filter((el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
             return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; })
           .map((el) => el.outerHTML.slice(0, 80));",
    )
    .await;
    assert_eq!(controls.as_array().map(Vec::len), Some(0), "{what}: no control visible on the hall: {controls}");
    let overflow = js(
        c,
        "return [document.documentElement.scrollHeight - innerHeight, document.documentElement.scrollWidth - innerWidth];",
    )
    .await;
    assert_eq!(overflow, serde_json::json!([0, 0]), "{what}: the hall screen does not scroll");
    let text = text_of(c, "#hall").await;
    assert!(!text.contains("空缺"), "{what}: no vacancy said to the hall: {text}");
    assert!(
        text.contains("某某市司法局") && text.contains("12·4") && text.contains("国家宪法日"),
        "{what}: the banner: {text}"
    );
}

/// The tier's names: each at least 7% of the screen's height (box and font).
async fn check_names(c: &Client, what: &str) -> Vec<String> {
    let sizes = js(
        c,
        "return [...document.querySelectorAll('.hall-name')].map((el) => [el.textContent,
           el.getBoundingClientRect().height, parseFloat(getComputedStyle(el).fontSize), innerHeight,
           el.getBoundingClientRect().bottom]);",
    )
    .await;
    let rows = sizes.as_array().expect("names").clone();
    assert!(!rows.is_empty(), "{what}: names on screen");
    let mut names = Vec::new();
    for r in rows {
        let (name, height, font, screen, bottom) = (
            r[0].as_str().unwrap_or_default().to_string(),
            r[1].as_f64().unwrap_or(0.0),
            r[2].as_f64().unwrap_or(0.0),
            r[3].as_f64().unwrap_or(1.0),
            r[4].as_f64().unwrap_or(0.0),
        );
        if name.chars().count() <= 4 {
            assert!(height >= 0.07 * screen, "{what}: {name} is {height:.0} px high on a {screen} px screen");
            assert!(font >= 0.07 * screen, "{what}: {name} is set in {font:.0} px on a {screen} px screen");
        }
        assert!(bottom <= screen, "{what}: {name} is on the screen (bottom {bottom:.0})");
        names.push(name);
    }
    names
}

/// No name runs out of its card (a long one is set smaller).
async fn assert_names_fit(c: &Client, what: &str) {
    let cut = js(
        c,
        "return [...document.querySelectorAll('.hall-name')].filter((el) => {
           const n = el.getBoundingClientRect(), card = el.parentElement.getBoundingClientRect();
           return n.left < card.left || n.right > card.right; }).map((el) => el.textContent);",
    )
    .await;
    assert_eq!(cut, serde_json::json!([]), "{what}: every name fits its card");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_hall_screen_full_screen_driven_by_keys_one_tier_per_screen() {
    let _one = ONE_AT_A_TIME.lock().await;
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("hall.sqlite3");
    let id = seed(&db);
    let _driver = start_driver(&db);
    let c = connect(&db).await;
    wait_css(&c, "html[data-ready='true']").await;
    log_in_organizer(&c).await;
    wait_css(&c, "#new-contest").await;
    let main = c.window().await.expect("main window");

    // The results page: 打开大屏 is its primary action; 大屏控制 beside it.
    c.execute(&format!("location.hash = '#/results/{}';", id.0), vec![]).await.expect("results");
    let panel = text_of(&c, "#hall-control").await;
    assert!(panel.contains("大屏控制") && panel.contains("空格"), "the control panel explains the keys: {panel}");
    wait_css(&c, "#open-hall.btn-primary").await.click().await.expect("open the hall");

    // The hall window: full screen on the (only) display, 1920x1080.
    let hall = other_window(&c, &main).await;
    wait_css(&c, "#hall[data-page='countdown']").await;
    let rect = c.get_window_rect().await.expect("rect");
    assert_eq!((rect.2, rect.3), (1920, 1080), "the hall window covers the display: {rect:?}");
    assert_eq!(js(&c, "return [innerWidth, innerHeight];").await, serde_json::json!([1920, 1080]), "the page fills it");

    // During the contest: the countdown and 已交卷 26 / 30.
    let clock = text_of(&c, ".hall-clock").await;
    assert!(clock.len() >= 5 && clock.contains(':'), "a big countdown: {clock}");
    let submitted = text_of(&c, "#hall-submitted").await;
    assert!(submitted.replace(' ', "").contains("已交卷26/30"), "handed in of expected: {submitted}");
    let clock_px = js(&c, "return document.querySelector('.hall-clock').getBoundingClientRect().height;").await;
    assert!(clock_px.as_f64().unwrap_or(0.0) >= 0.2 * 1080.0, "the countdown is big: {clock_px}");
    check_hall_screen(&c, "countdown").await;
    shot(&c, "hall-1-countdown").await;

    // Space: the live top 10, its rows filling the height.
    press(&c, SPACE).await;
    assert_eq!(hall_at(&c, 1).await, "board");
    let rows = js(
        &c,
        "const r = [...document.querySelectorAll('#screen-top .hall-row:not(.head)')];
         return [r.length, r.length ? r[r.length - 1].getBoundingClientRect().bottom : 0];",
    )
    .await;
    assert_eq!(rows[0], 10, "ten places on the live board");
    assert!(rows[1].as_f64().unwrap_or(0.0) >= 0.85 * 1080.0, "the top 10 fills the height: {rows}");
    check_hall_screen(&c, "live board").await;
    shot(&c, "hall-2-live-board").await;

    // The organizer closes the contest and draws the lottery on their window.
    c.switch_to_window(main.clone()).await.expect("back to the organizer");
    c.execute("window.confirm = () => true; location.hash = '#/admin/contests';", vec![]).await.expect("contests");
    wait_css(&c, "button[data-advance]").await.click().await.expect("close the contest");
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::XPath("//*[contains(@class, 'contest-row') and contains(., '已结束')]"))
        .await
        .expect("closed");
    c.execute(&format!("location.hash = '#/results/{}';", id.0), vec![]).await.expect("results");
    fill(&c, "#draw-phrase", "法治同行2026").await;
    wait_css(&c, "#run-draw").await.click().await.expect("draw");
    wait_css(&c, ".draw-card").await;
    let now = text_of(&c, "#hall-now").await;
    assert!(now.contains("第 1 /") && now.contains("封面"), "the panel shows the hall's screen: {now}");

    // Back on the hall: the cover, then the reveal by space, one tier a screen.
    c.switch_to_window(hall.clone()).await.expect("to the hall");
    let deadline = Instant::now() + Duration::from_secs(20);
    while js(&c, "return document.getElementById('hall').dataset.page;").await != "cover" {
        assert!(Instant::now() < deadline, "the hall moves to the cover after the close");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    check_hall_screen(&c, "cover").await;
    shot(&c, "hall-3-cover").await;
    let mut seen: Vec<String> = Vec::new();
    let mut winners = 0;
    let mut long_name_shown = false;
    for step in 1.. {
        press(&c, SPACE).await;
        let kind = hall_at(&c, step).await;
        let what = format!("screen {step} ({kind})");
        check_hall_screen(&c, &what).await;
        match kind.as_str() {
            "tier" => {
                let heading = text_of(&c, "#hall-tier h2").await;
                let names = check_names(&c, &what).await;
                assert_names_fit(&c, &what).await;
                winners += names.len();
                long_name_shown |= names.iter().any(|n| n == LONG_NAME);
                assert_eq!(
                    js(&c, "return document.querySelectorAll('.hall-tier').length;").await,
                    1,
                    "{what}: one tier a screen"
                );
                seen.push(heading);
            }
            "lottery" => {
                let names = check_names(&c, &what).await;
                assert_eq!(names.len(), 3, "{what}: three lottery winners");
                seen.push("幸运抽奖".into());
            }
            other => {
                assert_eq!(other, "board", "{what}: the reveal ends on the top 10");
                seen.push("成绩榜".into());
            }
        }
        shot(&c, &format!("hall-{}-{kind}", 3 + step)).await;
        if kind == "board" {
            break;
        }
    }
    assert_eq!(
        seen,
        ["优秀奖（1/2）", "优秀奖（2/2）", "三等奖", "二等奖", "一等奖", "幸运抽奖", "成绩榜"],
        "lowest tier first, 优秀奖 over two screens, 特等奖 (nobody reached it) skipped"
    );
    assert_eq!(winners, 26, "every winner was shown once");
    assert!(long_name_shown, "the long name was among the winners");
    // Past the end, space stays on the last screen.
    press(&c, SPACE).await;
    // Nothing may change: give the key its round trip, then look.
    settled(&c).await;
    assert_eq!(hall_at(&c, 7).await, "board");
    // ← goes back one.
    press(&c, LEFT).await;
    assert_eq!(hall_at(&c, 6).await, "lottery");

    // The organizer's panel follows the hall's step.
    c.switch_to_window(main.clone()).await.expect("to the organizer");
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath("//*[@id='hall-now' and contains(., '第 7 /') and contains(., '幸运抽奖')]"))
        .await
        .expect("the panel shows the step taken on the hall");
    wait_css(&c, "#hall-next").await.click().await.expect("揭晓下一项 from the organizer");
    c.switch_to_window(hall.clone()).await.expect("to the hall");
    assert_eq!(hall_at(&c, 7).await, "board", "the organizer's 揭晓下一项 moves the hall");

    // Esc leaves full screen (the contest stays as it is), F11 restores it.
    press(&c, ESCAPE).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while c.get_window_rect().await.expect("rect").2 >= 1920 {
        assert!(Instant::now() < deadline, "Esc left full screen");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(hall_at(&c, 7).await, "board", "the hall still shows its screen");
    press(&c, F11).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while c.get_window_rect().await.expect("rect").2 < 1920 {
        assert!(Instant::now() < deadline, "F11 went back to full screen");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // 退出大屏 on the organizer's window closes the hall window.
    c.switch_to_window(main.clone()).await.expect("to the organizer");
    wait_css(&c, "#hall-close").await.click().await.expect("close the hall");
    let deadline = Instant::now() + Duration::from_secs(10);
    while c.windows().await.expect("windows").len() > 1 {
        assert!(Instant::now() < deadline, "the hall window closed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let state = text_of(&c, ".tag").await;
    assert!(state.contains("已结束"), "the contest is untouched: {state}");
    c.execute("window.scrollTo(0, 0);", vec![]).await.expect("top");
    shot(&c, "hall-control-panel").await;
    fits_from_1024_to_1920(&c, "hall-results-page").await;

    // The same page on a 4:3 projector (1024x768), in the organizer's own
    // window: the fullest screen (12 names) still fits, names ≥ 7% high; Esc
    // there goes back to the results page.
    c.set_window_size(1024, 768).await.expect("resize");
    c.execute(&format!("location.hash = '#/screen/{}';", id.0), vec![]).await.expect("the screen route");
    assert_eq!(hall_at(&c, 7).await, "board", "the step is kept by the backend");
    for _ in 0..6 {
        press(&c, LEFT).await;
    }
    assert_eq!(hall_at(&c, 1).await, "tier");
    settled(&c).await;
    assert_eq!(check_names(&c, "4:3").await.len(), 12, "twelve names on the first 优秀奖 screen");
    assert_names_fit(&c, "4:3").await;
    check_hall_screen(&c, "4:3").await;
    shot(&c, "hall-1024x768-tier").await;
    press(&c, ESCAPE).await;
    wait_css(&c, "#hall-control").await;
    c.set_window_size(1280, 800).await.expect("resize back");
    c.close().await.expect("close session");
}

/// The LAN host's page in Chromium (a hall PC that is not the host): the
/// organizer's 打开大屏 opens the hall in a new browser window, the page
/// fills the window with no control on it, space steps it, F11 takes it to
/// full screen through the Fullscreen API and Esc back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_on_the_host_shows_the_hall_full_window_with_f11() {
    use crate::browser::{chromium, start_chromedriver};
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("hall-browser.sqlite3");
    let id = seed(&db);
    let svc = std::sync::Arc::new(Service::open(&db).expect("service"));
    let host = lawquiz::host::Host::start(svc, lawquiz::host::HostConfig::new("127.0.0.1:0".parse().expect("addr")))
        .await
        .expect("host starts");
    let driver = start_chromedriver();
    let c = chromium(&driver).await;
    c.set_window_size(1920, 1080).await.expect("size");
    c.goto(&format!("http://{}/", host.addr())).await.expect("the host's address");
    log_in_organizer(&c).await;
    wait_css(&c, "#new-contest").await;
    let main = c.window().await.expect("main window");
    c.execute(&format!("location.hash = '#/results/{}';", id.0), vec![]).await.expect("results");
    wait_css(&c, "#hall-control").await;
    wait_css(&c, "#open-hall").await.click().await.expect("open the hall");
    other_window(&c, &main).await;
    assert_eq!(hall_at(&c, 0).await, "countdown");
    resize(&c, 1920, 1080).await;
    let submitted = text_of(&c, "#hall-submitted").await;
    assert!(submitted.replace(' ', "").contains("已交卷26/30"), "handed in of expected: {submitted}");
    check_hall_screen(&c, "browser countdown").await;
    shot(&c, "hall-browser-countdown").await;
    press(&c, SPACE).await;
    assert_eq!(hall_at(&c, 1).await, "board");
    check_hall_screen(&c, "browser board").await;

    press(&c, F11).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while js(&c, "return !!document.fullscreenElement;").await != true {
        assert!(Instant::now() < deadline, "F11 asked the browser for full screen");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    press(&c, ESCAPE).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while js(&c, "return !!document.fullscreenElement;").await != false {
        assert!(Instant::now() < deadline, "Esc left full screen");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(hall_at(&c, 1).await, "board", "Esc leaves the hall where it was");
    shot(&c, "hall-browser-board").await;
    c.close().await.expect("close the browser");
    host.stop().await;
}
