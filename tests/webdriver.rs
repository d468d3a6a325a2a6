//! WebDriver helpers shared by the end-to-end tests (the real window via
//! tauri-driver) and the browser test (Chromium via chromedriver).

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, Locator};
use std::path::Path;
use std::time::Duration;

pub async fn wait_css(c: &Client, css: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("waiting for `{css}`: {e}"))
}

/// Saves what the screen shows as target/e2e/NAME.png, for people to look
/// at (not an assertion). The real window is captured from the X display
/// (ImageMagick's `import`): WebKitWebDriver's own screenshot can hang for
/// good when WebKit's accelerated compositing is off, as the app runs on
/// Linux. A browser session (Chromium, headless) uses WebDriver's.
pub async fn shot(c: &Client, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{name}.png"));
    let headless = std::env::var_os("DISPLAY").is_none();
    let is_chrome = c
        .capabilities()
        .and_then(|caps| caps.get("browserName").and_then(|b| b.as_str()).map(|b| b.contains("chrome")))
        .unwrap_or(false);
    if headless || is_chrome {
        if let Ok(png) = c.screenshot().await {
            let _ = std::fs::write(&path, png);
        }
        return;
    }
    let grab = tokio::process::Command::new("import").args(["-window", "root"]).arg(&path).status();
    match tokio::time::timeout(Duration::from_secs(10), grab).await {
        Ok(Ok(s)) if s.success() => {}
        other => eprintln!("screenshot {name} not saved ({other:?}); `import` comes with imagemagick"),
    }
}

pub async fn press(c: &Client, key: char) {
    let actions =
        KeyActions::new("keyboard".into()).then(KeyAction::Down { value: key }).then(KeyAction::Up { value: key });
    c.perform_actions(actions).await.expect("key press");
}

pub const ENTER: char = '\u{E007}';

pub async fn text_of(c: &Client, css: &str) -> String {
    wait_css(c, css).await.text().await.unwrap_or_else(|e| panic!("text of `{css}`: {e}"))
}

/// Waits (at most 20 s) until the element at `css` exists and its text
/// contains `needle`, and returns that text: for a screen that re-renders
/// after an action, where the text of the screen before would still match
/// the selector.
pub async fn text_until(c: &Client, css: &str, needle: &str) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let mut last = String::new();
    while std::time::Instant::now() < deadline {
        if let Ok(el) = c.find(Locator::Css(css)).await {
            if let Ok(t) = el.text().await {
                if t.contains(needle) {
                    return t;
                }
                last = t;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("waiting for `{css}` to contain {needle:?}; it says {last:?}");
}

pub async fn fill(c: &Client, css: &str, value: &str) {
    let el = wait_css(c, css).await;
    el.clear().await.ok();
    el.send_keys(value).await.unwrap_or_else(|e| panic!("typing into `{css}`: {e}"));
}

/// The page's viewport width (CSS pixels).
async fn viewport_width(c: &Client) -> i64 {
    c.execute("return window.innerWidth;", vec![]).await.expect("measure").as_i64().unwrap_or(-1)
}

/// Resizes the window to W x H and waits (up to 10 s) until the page has
/// the new size: its viewport width changed, or is W already.
pub async fn resize(c: &Client, w: u32, h: u32) {
    let before = viewport_width(c).await;
    c.set_window_size(w, h).await.expect("resize");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let now = viewport_width(c).await;
        if now != before || now == i64::from(w) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the page did not take the size {w}x{h}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    settled(c).await;
}

/// Waits until the page has laid out and painted what it shows now: two
/// animation frames (bounded by the session's script timeout), not a fixed time.
pub async fn settled(c: &Client) {
    c.execute_async(
        "const done = arguments[arguments.length - 1];
         requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
        vec![],
    )
    .await
    .expect("two animation frames");
}

/// Asserts the screen on show needs no horizontal scrolling at 1024x768 or
/// at 1920x1080 (saving NAME-WxH.png of each), then restores 1280x800.
pub async fn fits_from_1024_to_1920(c: &Client, name: &str) {
    for (w, h) in [(1024u32, 768u32), (1920, 1080)] {
        let before = viewport_width(c).await;
        c.set_window_size(w, h).await.expect("resize");
        // Wait for the page to have the new size (reading scrollWidth then
        // lays it out), not for a fixed time.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let now = viewport_width(c).await;
            if now != before || now == i64::from(w) {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "{name}: the page did not take the size {w}x{h}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let overflow = c
            .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", vec![])
            .await
            .expect("measure");
        assert_eq!(overflow.as_i64(), Some(0), "{name}: no horizontal scrolling at {w}x{h}");
        shot(c, &format!("{name}-{w}x{h}")).await;
    }
    c.set_window_size(1280, 800).await.expect("resize back");
}

/// Texts on screen broken into one-character lines (首/页): a text node of
/// two characters or more with at least two lines narrower than 1.6 em.
const ONE_CHARACTER_LINES: &str = r#"
const bad = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const t = walker.currentNode;
  const text = t.textContent.trim();
  if ([...text].length < 2) continue;
  const el = t.parentElement;
  if (!el || el.closest('[hidden], .visually-hidden, .file-input, dialog:not([open])')) continue;
  const cs = getComputedStyle(el);
  if (cs.display === 'none' || cs.visibility === 'hidden') continue;
  const r = document.createRange();
  r.selectNodeContents(t);
  const lines = [...r.getClientRects()].filter((x) => x.width > 0.5);
  if (lines.length < 2) continue;
  const em = parseFloat(cs.fontSize);
  if (lines.filter((x) => x.width < 1.6 * em).length >= 2) bad.push(text.slice(0, 24));
}
return bad;
"#;

/// Asserts the screen on show fits the window as it is: no horizontal
/// scrolling and no text in one-character lines; saves NAME.png.
pub async fn fits(c: &Client, name: &str) {
    settled(c).await;
    let overflow = c
        .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", vec![])
        .await
        .expect("measure");
    shot(c, name).await;
    assert_eq!(overflow.as_i64(), Some(0), "{name}: no horizontal scrolling");
    let bad = c.execute(ONE_CHARACTER_LINES, vec![]).await.expect("measure lines");
    assert_eq!(bad.as_array().map(|a| a.len()), Some(0), "{name}: texts in one-character lines: {bad}");
}

/// `fits` at a window of W x H (saving NAME-WxH.png).
pub async fn fits_at(c: &Client, w: u32, h: u32, name: &str) {
    resize(c, w, h).await;
    fits(c, &format!("{name}-{w}x{h}")).await;
}

/// Controls a finger must hit that are smaller than 44 px high (text
/// links inside sentences are not counted).
const SMALL_TARGETS: &str = r#"
const bad = [];
for (const el of document.querySelectorAll('button, .btn, .nav-link, .tab, .choice, .menu-toggle, select, input:not([type=radio]):not([type=checkbox]):not([type=file])')) {
  if (el.closest('[hidden], dialog:not([open]), .legend-cell') || el.classList.contains('legend-cell')) continue;
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  if (r.height < 43.5) bad.push(`${el.tagName.toLowerCase()}.${el.className} “${(el.textContent || '').trim().slice(0, 12)}” ${Math.round(r.height)}px`);
}
return bad;
"#;

/// Asserts every control on screen is at least 44 px high (touch targets).
pub async fn touch_targets(c: &Client, name: &str) {
    let bad = c.execute(SMALL_TARGETS, vec![]).await.expect("measure targets");
    assert_eq!(bad.as_array().map(|a| a.len()), Some(0), "{name}: controls under 44 px: {bad}");
}
