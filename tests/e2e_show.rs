//! 现场竞答 end to end: the real window is the host console (under Xvfb,
//! 1920x1080, its LAN host on loopback), Chromium is the big screen
//! (1920x1080) and the phones (390x844, Chromium's device emulation): two
//! team buzzers and one audience member.
//!
//! The organizer sets the show up in the window (管理 → 现场竞答: two
//! rounds deleted, one 抢答 round kept), opens the big screen's address in
//! Chromium, lights the oath phrase by phrase from the console's keyboard,
//! starts, and plays one 抢答 question from opening to scoreboard: the
//! question on the big screen with no key, a team that buzzes before the
//! opening told it fouled, O opens buzzing, the other team buzzes and wins
//! (its name in its colour on the big screen, the buzz with its
//! milliseconds after the opening on the console), R marks it right, the
//! reveal shows the article with the quote highlighted and the audience's
//! answers, the scoreboard shows the 10 points; then the podium.
//! Screenshots: target/e2e/show-*.png.

use crate::browser::{start_chromedriver, ChromeDriver};
use crate::e2e::{connect, log_in_organizer, start_driver, ONE_AT_A_TIME};
use crate::util::first_organizer;
use crate::webdriver::{fill, fits, fits_from_1024_to_1920, press, shot, touch_targets, wait_css};
use fantoccini::{Client, ClientBuilder};
use lawquiz::service::host_settings::HostSettings;
use lawquiz::service::Service;
use std::path::Path;
use std::time::{Duration, Instant};

const UNIT: &str = "某某市司法局";
const TITLE: &str = "2026年国家宪法日现场知识竞答";
const SPACE: char = ' ';
const RIGHT: char = '\u{E014}';

/// The organizer, the unit's name and the LAN host left on (loopback, a
/// free port), so the window serves the browsers as soon as it starts.
fn seed(db: &Path) -> u16 {
    let svc = Service::open(db).expect("db");
    let org = first_organizer(&svc);
    let mut s = svc.settings().expect("settings");
    s.issuing_unit = UNIT.into();
    svc.update_settings(&org, s).expect("unit");
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
    let on = HostSettings { enabled: true, bind: "127.0.0.1".into(), port, ..HostSettings::default() };
    svc.update_host_settings(&org, on).expect("host on");
    port
}

/// Chromium: the projector's browser (1920x1080) or a phone (390x844 with
/// device emulation: a touch screen, a phone's user agent).
async fn browser(driver: &ChromeDriver, phone: bool) -> Client {
    let mut opts = serde_json::json!({
        "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1920,1080", "--hide-scrollbars", "--lang=zh-CN"],
    });
    // Device emulation fixes the page's size exactly (a headless window's
    // own size leaves room for a frame it does not draw).
    opts["mobileEmulation"] = if phone {
        serde_json::json!({
            "deviceMetrics": { "width": 390, "height": 844, "pixelRatio": 1.0, "touch": true, "mobile": true },
            "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
        })
    } else {
        serde_json::json!({ "deviceMetrics": { "width": 1920, "height": 1080, "pixelRatio": 1.0, "touch": false, "mobile": false } })
    };
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "chrome".into());
    caps.insert("goog:chromeOptions".into(), opts);
    let c = ClientBuilder::native()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.1))
        .await
        .expect("a WebDriver session with Chromium");
    if !phone {
        let inner = js(&c, "return [innerWidth, innerHeight];").await;
        assert_eq!(inner, serde_json::json!([1920, 1080]), "the big screen's page is 1920x1080");
    }
    c
}

async fn js(c: &Client, script: &str) -> serde_json::Value {
    c.execute(script, vec![]).await.unwrap_or_else(|e| panic!("script `{script}`: {e}"))
}

/// Waits (20 s at most) until `script` returns something truthy; returns it.
async fn until(c: &Client, script: &str, what: &str) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let v = c.execute(script, vec![]).await.unwrap_or(serde_json::Value::Null);
        let truthy = match &v {
            serde_json::Value::Null => false,
            serde_json::Value::Bool(b) => *b,
            serde_json::Value::String(s) => !s.is_empty(),
            serde_json::Value::Number(n) => n.as_f64() != Some(0.0),
            _ => true,
        };
        if truthy {
            return v;
        }
        assert!(Instant::now() < deadline, "waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The text of the first element matching `css`, read in one script once
/// it exists (pages redraw on every pushed state: a node found in an
/// earlier step may be gone).
async fn text(c: &Client, css: &str) -> String {
    let script =
        format!("const e = document.querySelector({}); return e ? e.innerText : null;", serde_json::json!(css));
    until(c, &script, css).await.as_str().unwrap_or_default().to_string()
}

/// Clicks the element matching `css`, finding it again if a redraw
/// replaced it between finding and clicking (20 s at most).
async fn click(c: &Client, css: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let el = wait_css(c, css).await;
        match el.click().await {
            Ok(()) => return,
            Err(e) => assert!(Instant::now() < deadline, "clicking `{css}`: {e}"),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the console shows phase `phase`.
async fn console_at(c: &Client, phase: &str) {
    wait_css(c, &format!("#show-phase[data-phase='{phase}']")).await;
}

/// Waits until the big screen shows page `page` (its data-page).
async fn screen_at(c: &Client, page: &str) {
    wait_css(c, &format!("#show-screen[data-page='{page}']")).await;
}

/// What every big-screen page holds to: nothing to click, nothing scrolls,
/// the unit's name and the join code in the banner.
async fn check_screen(c: &Client, code: &str, what: &str) {
    let controls = js(
        c,
        "return [...document.querySelectorAll('button, a, input, select, textarea')]
           .filter((el) => el.getBoundingClientRect().width > 0).length;",
    )
    .await;
    assert_eq!(controls, serde_json::json!(0), "{what}: no control on the big screen");
    let overflow = js(
        c,
        "return [document.documentElement.scrollHeight - innerHeight, document.documentElement.scrollWidth - innerWidth];",
    )
    .await;
    assert_eq!(overflow, serde_json::json!([0, 0]), "{what}: the big screen does not scroll");
    let below = js(
        c,
        "return [...document.querySelectorAll('#show-screen *')]
           .filter((el) => !el.closest('.show-article') && el.getBoundingClientRect().bottom > innerHeight + 1)
           .map((el) => el.className || el.tagName);",
    )
    .await;
    assert_eq!(below, serde_json::json!([]), "{what}: everything within the screen's height");
    let banner = text(c, ".show-banner").await;
    assert!(banner.contains(UNIT) && banner.contains(code), "{what}: the banner names the unit and the code: {banner}");
}

/// A phone joins: its page at `url`, a name, 加入.
async fn join(c: &Client, url: &str, name: &str) {
    c.goto(url).await.expect("open the join page");
    wait_css(c, "#join-name").await;
    let inner = js(c, "return [innerWidth, innerHeight];").await;
    assert_eq!(inner, serde_json::json!([390, 844]), "a phone's page (a viewport meta tag, no zooming out)");
    fill(c, "#join-name", name).await;
    click(c, "#join-go").await;
}

/// Protects the live show's journey across the window, the big screen and
/// the phones: the console drives, the screen and the phones follow the
/// backend's state, buzzing is fair (a foul before the opening, the first
/// buzz after it wins), the key stays off the big screen until the reveal.
#[tokio::test(flavor = "multi_thread")]
async fn a_buzz_question_from_the_opening_to_the_scoreboard_with_the_oath_first() {
    let _one = ONE_AT_A_TIME.lock().await;
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("show.sqlite3");
    let port = seed(&db);
    let _driver = start_driver(&db);
    let c = connect(&db).await;
    wait_css(&c, "html[data-ready='true']").await;
    log_in_organizer(&c).await;
    wait_css(&c, "#new-contest").await;
    c.set_window_rect(0, 0, 1920, 1080).await.expect("the window fills the display");

    // Set-up in the window: one 抢答 round (the default's 必答 and 风险题 deleted).
    click(&c, "#admin-tab-show").await;
    click(&c, "#new-show").await;
    fill(&c, "input[name='show_title']", TITLE).await;
    fill(&c, "input[name='unit_name']", UNIT).await;
    click(&c, ".show-round-edit[data-round='2'] .round-delete").await;
    click(&c, ".show-round-edit[data-round='0'] .round-delete").await;
    let kinds = js(
        &c,
        "return [...document.querySelectorAll('.show-round-edit select[name^=round_kind]')].map((s) => s.value);",
    )
    .await;
    assert_eq!(kinds, serde_json::json!(["buzz"]), "one 抢答 round left");
    click(&c, "#show-save").await;
    click(&c, "#show-list a[data-show]").await;

    // The console: the big screen's address and the join code.
    wait_css(&c, "#show-console").await;
    click(&c, "#show-open-screen").await;
    let screen_url = text(&c, "#show-screen-url").await;
    assert!(
        screen_url.starts_with(&format!("http://127.0.0.1:{port}/#/show-screen?t=")),
        "the big screen's address on the host: {screen_url}"
    );
    let code = text(&c, "#show-join-code").await;
    assert!(code.len() == 6 && code.chars().all(|ch| ch.is_ascii_digit()), "a 6-digit join code: {code}");
    let team_urls =
        js(&c, "return [...document.querySelectorAll('.show-team-links .show-url')].map((e) => e.textContent);").await;
    let team_urls: Vec<String> =
        team_urls.as_array().expect("team links").iter().map(|v| v.as_str().unwrap_or_default().to_string()).collect();
    assert!(team_urls.len() >= 2, "a join address per team: {team_urls:?}");

    let chrome = start_chromedriver();
    let screen = browser(&chrome, false).await;
    screen.goto(&screen_url).await.expect("open the big screen");
    screen_at(&screen, "waiting").await;
    check_screen(&screen, &code, "the cover").await;

    // The oath, lit phrase by phrase from the console's keyboard (→).
    for step in 1..=4 {
        press(&c, RIGHT).await;
        wait_css(&c, &format!("#show-oath-card[data-step='{step}']")).await;
    }
    screen_at(&screen, "oath").await;
    wait_css(&screen, "#show-oath[data-step='4']").await;
    let lit = js(&screen, "return document.querySelectorAll('.show-oath-line.lit').length;").await;
    assert_eq!(lit, serde_json::json!(4), "four phrases lit");
    let oath = text(&screen, "#show-oath").await;
    assert!(oath.starts_with("宪法宣誓") && oath.contains("我宣誓"), "the oath's title and text: {oath}");
    assert!(oath.contains(UNIT) && oath.contains("二〇"), "the unit and the date in Chinese: {oath}");
    let source = text(&screen, "#oath-source").await;
    assert!(!source.is_empty(), "the source line");
    check_screen(&screen, &code, "the oath").await;
    shot(&screen, "show-oath").await;
    click(&c, "#oath-close").await;
    screen_at(&screen, "waiting").await;

    // Two phones join as teams, one as audience.
    let phone_a = browser(&chrome, true).await;
    let phone_b = browser(&chrome, true).await;
    join(&phone_a, &team_urls[0], "张三").await;
    phone_b.goto(&team_urls[1]).await.expect("open the join page");
    wait_css(&phone_b, "#join-name").await;
    touch_targets(&phone_b, "show-join").await;
    fits(&phone_b, "show-join-390x844").await;
    join(&phone_b, &team_urls[1], "李四").await;
    let band_a = text(&phone_a, "#team-band").await;
    let band_b = text(&phone_b, "#team-band").await;
    assert!(band_a.contains("第一队") && band_b.contains("第二队"), "each phone shows its team: {band_a} / {band_b}");
    let colour = js(&phone_a, "return getComputedStyle(document.getElementById('team-band')).backgroundColor;").await;
    assert_eq!(colour, serde_json::json!("rgb(198, 40, 40)"), "the team's band in its colour (team-1)");
    let aud_window = phone_a.new_window(true).await.expect("a second tab");
    let team_tab = phone_a.window().await.expect("tab");
    phone_a.switch_to_window(aud_window.handle.clone()).await.expect("audience tab");
    join(&phone_a, &format!("http://127.0.0.1:{port}/#/show-join?code={code}"), "王观众").await;
    wait_css(&phone_a, "#aud-status").await;

    // Start: the round's title card, then the question (buzzing not open).
    click(&c, "#show-start").await;
    console_at(&c, "intro").await;
    screen_at(&screen, "intro").await;
    press(&c, SPACE).await;
    console_at(&c, "question").await;
    screen_at(&screen, "question").await;
    let stem = text(&screen, "#show-stem").await;
    let console_stem = text(&c, "#show-console-stem").await;
    assert_eq!(stem, console_stem, "the big screen shows the console's question");
    let key = text(&c, "#show-key").await;
    assert!(key.starts_with("答案："), "the console shows the key: {key}");
    let screen_text = text(&screen, "#show-screen").await;
    assert!(!screen_text.contains("正确答案"), "no key on the big screen before the reveal");

    // The audience answers; team B buzzes too soon: a foul, told on its phone.
    click(&phone_a, "#answers .show-answer").await;
    until(&phone_a, "return document.getElementById('aud-status').textContent.includes('已提交');", "已提交").await;
    touch_targets(&phone_a, "show-audience").await;
    fits(&phone_a, "show-audience-390x844").await;
    click(&phone_b, "#buzz:not([disabled])").await;
    wait_css(&phone_b, "#foul-note").await;
    let status_b = text(&phone_b, "#team-status").await;
    assert!(status_b.contains("犯规"), "the early buzzer is told it fouled: {status_b}");
    touch_targets(&phone_b, "show-team-foul").await;
    fits(&phone_b, "show-team-foul-390x844").await;
    wait_css(&screen, "#show-foul").await;

    // O opens buzzing; team A buzzes first and wins the right to answer.
    phone_a.switch_to_window(team_tab).await.expect("team tab");
    press(&c, 'o').await;
    console_at(&c, "open").await;
    wait_css(&screen, "#show-open").await;
    until(
        &phone_a,
        "return document.getElementById('team-status').textContent.includes('抢答开始');",
        "抢答开始 on the phone",
    )
    .await;
    touch_targets(&phone_a, "show-team").await;
    fits(&phone_a, "show-team-390x844").await;
    click(&phone_a, "#buzz:not([disabled])").await;
    console_at(&c, "answering").await;
    let buzzes = text(&c, "#show-buzzes").await;
    assert!(
        buzzes.contains("第一队") && buzzes.contains("开放后") && buzzes.contains("毫秒"),
        "the buzz order with ms: {buzzes}"
    );
    let winner_text = text(&screen, "#show-buzzed").await;
    assert!(winner_text.contains("第一队"), "the big screen names the first buzzer: {winner_text}");
    let winner_colour =
        js(&screen, "return getComputedStyle(document.getElementById('show-buzzed')).backgroundColor;").await;
    assert_eq!(winner_colour, serde_json::json!("rgb(198, 40, 40)"), "in its colour (team-1)");
    until(&phone_a, "return document.getElementById('team-status').textContent.includes('抢到');", "抢到 on the phone")
        .await;
    wait_css(&phone_a, "#answers .show-answer").await;
    touch_targets(&phone_a, "show-team-answering").await;
    fits(&phone_a, "show-team-answering-390x844").await;
    check_screen(&screen, &code, "the question").await;
    shot(&screen, "show-screen-question").await;
    // A long question (a 民法典 case with long options) is set smaller to fit.
    js(
        &screen,
        "document.getElementById('show-stem').textContent += '甲与乙签订房屋买卖合同，约定甲将其所有的一套房屋以二百万元的价格出卖给乙，乙支付首付款后，甲又将该房屋出卖给丙并办理了过户登记。';
         for (const o of document.querySelectorAll('.show-option-text')) o.textContent += '，并请求人民法院撤销甲与丙之间的房屋买卖合同';
         window.dispatchEvent(new Event('resize'));",
    )
    .await;
    check_screen(&screen, &code, "a long question").await;
    shot(&screen, "show-screen-long-question").await;
    shot(&c, "show-console").await;
    fits_from_1024_to_1920(&c, "show-console").await;

    // R: right. Then the reveal and the scoreboard.
    press(&c, 'r').await;
    console_at(&c, "judged").await;
    wait_css(&screen, "#show-verdict.right").await;
    press(&c, SPACE).await;
    console_at(&c, "reveal").await;
    screen_at(&screen, "reveal").await;
    let key_on_screen = text(&screen, "#show-key").await;
    assert!(key_on_screen.starts_with("正确答案"), "the key after the reveal: {key_on_screen}");
    wait_css(&screen, "#show-reveal .show-article mark").await;
    let dist = text(&screen, "#show-dist").await;
    assert!(dist.contains("观众作答 1 人"), "the audience's answers counted: {dist}");
    check_screen(&screen, &code, "the reveal").await;
    shot(&screen, "show-screen-reveal").await;
    phone_a.switch_to_window(aud_window.handle.clone()).await.expect("audience tab");
    let verdict = text(&phone_a, "#aud-status").await;
    assert!(verdict.contains("答对了") || verdict.contains("答错了"), "the audience sees its verdict: {verdict}");
    press(&c, SPACE).await;
    console_at(&c, "scoreboard").await;
    screen_at(&screen, "scoreboard").await;
    let first_row = text(&screen, ".show-board-row").await;
    assert!(
        first_row.contains("第一队") && first_row.contains("10"),
        "the scoreboard shows the 10 points: {first_row}"
    );
    check_screen(&screen, &code, "the scoreboard").await;
    shot(&screen, "show-screen-scoreboard").await;

    // The end: the podium.
    click(&c, "#show-finish").await;
    click(&c, "#ask-ok").await;
    screen_at(&screen, "podium").await;
    let podium = text(&screen, ".show-step.first").await;
    assert!(podium.contains("第一队") && podium.contains("冠军"), "the winner on the podium: {podium}");
    check_screen(&screen, &code, "the podium").await;
    shot(&screen, "show-screen-podium").await;

    // Afterwards: the winners' certificates, on the contest's sheet.
    c.set_window_rect(0, 0, 1920, 1080).await.expect("the window fills the display");
    click(&c, "#show-certificates").await;
    wait_css(&c, ".certificate").await;
    let certs = text(&c, "#sheets").await;
    assert!(certs.contains("第一队") && certs.contains("团体第一名"), "the winning team's certificate: {certs}");
    shot(&c, "show-certificates").await;

    for b in [phone_a, phone_b, screen] {
        b.close().await.expect("close Chromium");
    }
    c.close().await.expect("close the window");
}
