//! End to end, in the real window: the LAN host and client mode (C8).
//!
//! The organizer turns on 作为主机 in 设置 and sees the address staff should
//! use, as text and as a QR code; the same address answers over HTTP. Then,
//! on the login screen, 连接主机 with that address: the window opens the
//! host's pages (served over HTTP, talking to the host with fetch), a staff
//! member logs in there (关于 shows the editions, not the host's folders),
//! and 断开，改为本机使用 brings the window back.

use crate::e2e::{connect, log_in_organizer, log_in_staff, seeded_db, start_driver, ONE_AT_A_TIME};
use crate::webdriver::{fill, fits_from_1024_to_1920, shot, text_of, wait_css};
use fantoccini::Locator;
use std::time::Duration;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// Waits until the window's address has a port that satisfies `arrived`: looking for
/// elements while a page is being replaced fails with "unload".
async fn wait_for_navigation(c: &fantoccini::Client, arrived: impl Fn(Option<u16>) -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let url = c.current_url().await.ok();
        if url.as_ref().is_some_and(|u| arrived(u.port())) {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "the window did not go where expected: {url:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Protects the organizer's host switch and the desktop client mode.
#[tokio::test(flavor = "multi_thread")]
async fn the_organizer_hosts_and_a_desktop_client_connects_and_comes_back() {
    let _one = ONE_AT_A_TIME.lock().await;
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("host.sqlite3");
    seeded_db(&db);
    let _driver = start_driver(&db);
    let c = connect(&db).await;

    // 设置 → 作为主机: on, on a free port.
    log_in_organizer(&c).await;
    wait_css(&c, "#admin-tab-settings").await.click().await.expect("settings");
    let port = free_port();
    // The port is a network detail: under 高级.
    wait_css(&c, "#host-advanced summary").await.click().await.expect("open 高级");
    fill(&c, "#host input[name='port']", &port.to_string()).await;
    wait_css(&c, "#host-on").await.click().await.expect("turn the host on");
    let state = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::XPath("//*[@id='host-state' and contains(., '运行中')]"))
        .await;
    assert!(state.is_ok(), "the panel says the host runs");
    let urls = text_of(&c, "#host").await;
    assert!(urls.contains(&format!(":{port}/")), "the address staff should use is shown: {urls}");
    let qr = wait_css(&c, "img.host-qr").await.attr("src").await.expect("attr").unwrap_or_default();
    assert!(qr.starts_with("data:image/svg+xml"), "a QR code of the address");
    shot(&c, "host-settings").await;
    c.execute("document.getElementById('host').scrollIntoView();", vec![]).await.expect("scroll");
    fits_from_1024_to_1920(&c, "host-settings").await;
    let ping = reqwest::get(format!("http://127.0.0.1:{port}/api/ping")).await.expect("the host answers");
    assert_eq!(ping.status().as_u16(), 200);
    wait_css(&c, ".nav-logout").await.click().await.expect("log out");

    // The login screen offers 连接主机; the window goes to the host.
    wait_css(&c, "#mode-host").await.click().await.expect("连接主机");
    // The LAN search (about 3 s) ends with a list or "没有找到主机".
    wait_css(&c, "#found-hosts, #found-none").await;
    fill(&c, "#host-address", "127.0.0.1:1").await;
    wait_css(&c, "#connect-submit").await.click().await.expect("connect");
    let refused = text_of(&c, ".alert").await;
    assert!(refused.contains("无法连接主机"), "a wrong address says why: {refused}");
    shot(&c, "client-connect").await;
    fill(&c, "#host-address", &format!("127.0.0.1:{port}")).await;
    wait_css(&c, "#connect-submit").await.click().await.expect("connect");
    wait_for_navigation(&c, |p| p == Some(port)).await;
    let note = text_of(&c, ".host-note").await;
    assert!(note.contains(&format!("127.0.0.1:{port}")), "the page says which host: {note}");
    let url = c.current_url().await.expect("url");
    assert_eq!(url.port(), Some(port), "the window shows the host's pages: {url}");
    shot(&c, "client-login").await;
    log_in_staff(&c, "1001").await;
    let hello = text_of(&c, ".hero h1").await;
    assert!(hello.contains("李明"), "logged in on the host: {hello}");
    shot(&c, "client-home").await;
    // 关于 through the host: the editions, but not the host PC's folders.
    wait_css(&c, "a.nav-link[href='#/about']").await.click().await.expect("关于");
    wait_css(&c, ".about").await;
    let about = text_of(&c, "#app").await;
    assert!(about.contains("2018年修正") && about.contains("（在主机上）"), "关于 over the LAN: {about}");
    assert!(!about.contains(&db.display().to_string()), "no host path over the LAN: {about}");
    shot(&c, "client-about").await;

    // And back to 本机使用.
    wait_css(&c, ".nav-logout").await.click().await.expect("log out");
    wait_css(&c, "#back-local").await.click().await.expect("back to local");
    wait_for_navigation(&c, |p| p != Some(port)).await;
    wait_css(&c, "#mode-local[aria-selected='true']").await;
    c.close().await.expect("close");
}
