//! A plain browser at the host's address: Debian's Chromium, driven by its
//! chromedriver, takes a whole contest from the staff UI the LAN host serves
//! (log in, answer, submit, see the score). Midway the host stops answering
//! for a moment: the page shows 正在重新连接, keeps the answer, and saves it
//! once the host is back — stored once.
//!
//! Needs chromium and chromium-driver (make test installs them). Missing,
//! the test fails saying so: it never passes by skipping.

use crate::util::{add_employee, first_organizer, TempDb};
use crate::webdriver::{shot, text_of, wait_css};
use fantoccini::{Client, ClientBuilder, Locator};
use lawquiz::core::paper::DrawRule;
use lawquiz::core::practice::Scope;
use lawquiz::core::question::QType;
use lawquiz::host::{Host, HostConfig};
use lawquiz::service::contest_api::{ContestSpec, SaveContestRequest, SetStateRequest};
use lawquiz::service::Service;
use std::net::SocketAddr;
use std::process::{Child, Command};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// chromedriver on a free port, killed with the test.
pub struct ChromeDriver(Child, pub(crate) u16);

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

pub fn start_chromedriver() -> ChromeDriver {
    let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let port = free_port();
    let child = Command::new(&bin)
        .arg(format!("--port={port}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {bin}: {e}; run `make test` (it installs chromium-driver)"));
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not listen on {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
    ChromeDriver(child, port)
}

pub async fn chromium(driver: &ChromeDriver) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "chrome".into());
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--lang=zh-CN"],
        }),
    );
    ClientBuilder::native()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.1))
        .await
        .expect("a WebDriver session with Chromium")
}

/// An organizer, 李明 (1001, PIN 2468) and a contest open now: 3 判断 + 2 单选.
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
        points: 20,
        pool: Default::default(),
    };
    let spec = ContestSpec {
        title: "局域网浏览器竞答".into(),
        opens_at: (local - time::Duration::hours(1)).format(&fmt).expect("time"),
        closes_at: (local + time::Duration::hours(2)).format(&fmt).expect("time"),
        time_limit_minutes: 30,
        attempts_allowed: 1,
        counting: Default::default(),
        pass_mark: 0,
        review: Default::default(),
        multi_scoring: Default::default(),
        paper: vec![
            rule(3, QType::Judge, crate::util::law("宪法")),
            rule(2, QType::Single, crate::util::law("民法典")),
        ],
        tiers: vec![],
        lottery: None,
        library_during_attempt: false,
    };
    let c = svc.save_contest(&org, SaveContestRequest { id: None, spec }).expect("contest");
    svc.set_contest_state(&org, SetStateRequest { id: c.id, state: "open".into() }).expect("open");
}

pub(crate) async fn start_host(svc: Arc<Service>, listen: SocketAddr) -> Host {
    let cfg = HostConfig::new(listen);
    Host::start(svc, cfg).await.expect("host starts")
}

/// Picks the first option of the question on screen and waits for 已保存
/// (unless `offline`: then waits for the reconnecting banner).
async fn answer_first_option(c: &Client, offline: bool) {
    wait_css(c, ".take-panel .option").await.click().await.expect("pick");
    if offline {
        let banner = c
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::XPath("//*[@id='conn' and not(@hidden)]"))
            .await;
        assert!(banner.is_ok(), "the page says it is reconnecting");
        return;
    }
    let saved = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::XPath("//*[@id='save-state' and contains(., '已保存')]"))
        .await;
    assert!(saved.is_ok(), "每题保存后显示“已保存”");
}

async fn next(c: &Client) {
    if let Ok(b) = c.find(Locator::Css("#next")).await {
        b.click().await.expect("next");
    }
}

/// Protects C8 for browsers: a staff member with nothing but Chromium takes
/// the whole contest from the host, through a short loss of the host.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_takes_the_contest_from_the_host_through_a_reconnect() {
    let db = TempDb::new();
    let svc = Arc::new(Service::open(&db.path).expect("service"));
    seed(&svc);
    let host = start_host(svc.clone(), "127.0.0.1:0".parse().expect("addr")).await;
    let addr = host.addr();
    let driver = start_chromedriver();
    let c = chromium(&driver).await;

    c.goto(&format!("http://{addr}/")).await.expect("open the host's address");
    let staff_no = wait_css(&c, "input[name=staff_no]").await;
    staff_no.send_keys("1001").await.expect("工号");
    wait_css(&c, "input[name=pin]").await.send_keys("2468").await.expect("PIN");
    shot(&c, "browser-login").await;
    wait_css(&c, "#login-submit").await.click().await.expect("log in");
    wait_css(&c, "a[data-contest]").await.click().await.expect("enter the contest");
    wait_css(&c, "#start-attempt:not([disabled])").await.click().await.expect("start");
    let clock = text_of(&c, "#countdown").await;
    assert!(clock.starts_with("剩余 "), "the host's countdown shows: {clock}");

    answer_first_option(&c, false).await;
    next(&c).await;
    answer_first_option(&c, false).await;
    next(&c).await;

    // The host stops answering for a moment; the answer waits, in order.
    host.stop().await;
    answer_first_option(&c, true).await;
    shot(&c, "browser-reconnecting").await;
    let host = start_host(svc.clone(), addr).await;
    let back = c
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::XPath("//*[@id='save-state' and contains(., '已保存')]"))
        .await;
    assert!(back.is_ok(), "the answer given offline is saved once the host is back");
    assert!(c.find(Locator::XPath("//*[@id='conn' and @hidden]")).await.is_ok(), "the banner is gone");
    next(&c).await;
    answer_first_option(&c, false).await;
    next(&c).await;
    answer_first_option(&c, false).await;

    wait_css(&c, "#submit-attempt").await.click().await.expect("hand in");
    wait_css(&c, "#confirm-submit").await.click().await.expect("confirm");
    let score = text_of(&c, "#score").await;
    assert!(score.parse::<i64>().is_ok(), "the score shows: {score}");
    shot(&c, "browser-result").await;

    // What the page had acknowledged (已保存, the offline one after the
    // reconnect): one answer to each of positions 0–4, each its first
    // version. What is stored must be exactly that: a resend stored twice,
    // an answer stored under another position, or a page that sent no
    // version would each show here.
    let acknowledged: Vec<(i64, i64)> = (0..5).map(|p| (p, 1)).collect();
    let stored: Vec<(i64, i64)> = svc
        .db()
        .read(|conn| {
            let mut q = conn.prepare("SELECT position, seq FROM answer ORDER BY position, seq")?;
            let rows = q.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .expect("answers");
    assert_eq!(stored, acknowledged, "each acknowledged answer stored once, as its first version");
    c.close().await.expect("close the browser");
    host.stop().await;
}
