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

pub async fn shot(c: &Client, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e");
    let _ = std::fs::create_dir_all(&dir);
    if let Ok(png) = c.screenshot().await {
        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
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

pub async fn fill(c: &Client, css: &str, value: &str) {
    let el = wait_css(c, css).await;
    el.clear().await.ok();
    el.send_keys(value).await.unwrap_or_else(|e| panic!("typing into `{css}`: {e}"));
}
