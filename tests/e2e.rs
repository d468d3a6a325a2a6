//! End to end, in the real window: the built app under Xvfb, driven through
//! tauri-driver and WebKitWebDriver. Staff open practice, answer one question
//! right (with the mouse) and one wrong (with the keyboard), and the page
//! shows the verdict, the key and the article with the quote highlighted.
//!
//! Needs a display (make test runs the suite under xvfb-run) and tauri-driver
//! (installed by make into .tools/bin, or TAURI_DRIVER=path). Missing either,
//! the test fails with a message saying so: it never passes by skipping.

use crate::util::{bank, strip_ws};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use lawquiz::core::question::{AnswerKey, Question};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

const DRIVER_PORT: u16 = 4444;
const NATIVE_PORT: u16 = 4445;

/// tauri-driver, stopped with SIGTERM so it takes WebKitWebDriver with it.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.0.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.0.kill();
    }
}

fn driver_path() -> PathBuf {
    if let Ok(p) = std::env::var("TAURI_DRIVER") {
        return PathBuf::from(p);
    }
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/bin/tauri-driver");
    if local.exists() {
        local
    } else {
        PathBuf::from("tauri-driver")
    }
}

fn start_driver(db: &Path) -> Driver {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "the end-to-end test needs a display: run `make test` (it uses xvfb-run)"
    );
    let child = Command::new(driver_path())
        .args(["--port", &DRIVER_PORT.to_string(), "--native-port", &NATIVE_PORT.to_string()])
        .env("LAWQUIZ_DB", db)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start tauri-driver ({}): {e}; run `make test`", driver_path().display()));
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", DRIVER_PORT)).is_err() {
        assert!(Instant::now() < deadline, "tauri-driver did not listen on {DRIVER_PORT}");
        std::thread::sleep(Duration::from_millis(100));
    }
    Driver(child)
}

async fn connect(db: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "wry".into());
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({
            "application": env!("CARGO_BIN_EXE_lawquiz"),
            "args": ["--db", db.to_string_lossy()],
        }),
    );
    ClientBuilder::native()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{DRIVER_PORT}"))
        .await
        .expect("a WebDriver session with the app")
}

async fn wait_css(c: &Client, css: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("waiting for `{css}`: {e}"))
}

async fn shot(c: &Client, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e");
    let _ = std::fs::create_dir_all(&dir);
    if let Ok(png) = c.screenshot().await {
        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
    }
}

async fn press(c: &Client, key: char) {
    let actions =
        KeyActions::new("keyboard".into()).then(KeyAction::Down { value: key }).then(KeyAction::Up { value: key });
    c.perform_actions(actions).await.expect("key press");
}

const ENTER: char = '\u{E007}';

/// The options as displayed: (element, option text or data-key).
async fn displayed_options(c: &Client) -> Vec<(fantoccini::elements::Element, String, String)> {
    let mut out = Vec::new();
    for el in c.find_all(Locator::Css(".option")).await.expect("options") {
        let key = el.attr("data-key").await.ok().flatten().unwrap_or_default();
        let text = el.find(Locator::Css(".text")).await.expect("option text").text().await.unwrap_or_default();
        out.push((el, key, text));
    }
    out
}

/// Display indices of the options the key marks right.
fn right_indices(q: &Question, shown: &[(fantoccini::elements::Element, String, String)]) -> Vec<usize> {
    shown
        .iter()
        .enumerate()
        .filter(|(_, (_, key, _))| match &q.key {
            AnswerKey::Choice { keys } => key.parse::<u8>().is_ok_and(|k| keys.contains(&k)),
            AnswerKey::Judge { value } => key == &value.to_string(),
            AnswerKey::Fill { .. } => false,
        })
        .map(|(i, _)| i)
        .collect()
}

async fn current_question(c: &Client, bank: &[Question]) -> Question {
    let card = wait_css(c, ".question[data-qid]").await;
    let id = card.attr("data-qid").await.expect("attr").expect("data-qid");
    bank.iter().find(|q| q.id.0 == id).cloned().unwrap_or_else(|| panic!("question {id} is in the bank"))
}

#[tokio::test(flavor = "multi_thread")]
async fn staff_practise_one_right_one_wrong_and_see_the_article() {
    let bank = bank();
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("e2e.sqlite3");
    let _driver = start_driver(&db);
    let c = connect(&db).await;

    wait_css(&c, "html[data-ready='true']").await;
    let title = c.find(Locator::Css(".brand-name")).await.expect("brand").text().await.expect("text");
    assert_eq!(title, "法治知识竞答");
    shot(&c, "home").await;

    // Open practice of the 宪法 from its card.
    wait_css(&c, "a[data-subject='宪法']").await.click().await.expect("open practice");

    // 1. Answer right with the mouse.
    let q = current_question(&c, &bank).await;
    match &q.key {
        AnswerKey::Fill { answer, .. } => {
            wait_css(&c, ".fill-input").await.send_keys(answer).await.expect("type");
        }
        _ => {
            let shown = displayed_options(&c).await;
            for i in right_indices(&q, &shown) {
                shown[i].0.click().await.expect("pick");
            }
        }
    }
    wait_css(&c, "#submit:not([disabled])").await.click().await.expect("submit");
    let result = wait_css(&c, ".result.right").await;
    assert!(result.text().await.expect("text").contains("回答正确"), "the page says the answer was right");
    let marks = c.find_all(Locator::Css(".article mark")).await.expect("marks");
    let mut marked = String::new();
    for m in marks {
        marked.push_str(&strip_ws(&m.text().await.expect("mark text")));
    }
    for quote in &q.basis.as_ref().expect("basis").quotes {
        assert!(marked.contains(&strip_ws(quote)), "the article highlights the quote {quote:?}, marked {marked:?}");
    }
    let explanation = c.find(Locator::Css(".explanation p")).await.expect("解析").text().await.expect("text");
    assert_eq!(strip_ws(&explanation), strip_ws(&q.explanation));
    shot(&c, "practice-right").await;

    // 2. Next question with Enter, answer wrong with the keyboard.
    press(&c, ENTER).await;
    let q2 = loop {
        let q2 = current_question(&c, &bank).await;
        if q2.id != q.id {
            break q2;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    match &q2.key {
        AnswerKey::Fill { .. } => {
            wait_css(&c, ".fill-input").await.send_keys("不是这个答案").await.expect("type");
        }
        _ => {
            let shown = displayed_options(&c).await;
            let right = right_indices(&q2, &shown);
            let wrong = (0..shown.len()).find(|i| !right.contains(i)).expect("a wrong option");
            press(&c, char::from(b'1' + wrong as u8)).await;
            let checked = shown[wrong].0.attr("aria-checked").await.expect("attr");
            assert_eq!(checked.as_deref(), Some("true"), "the digit key picked option {}", wrong + 1);
        }
    }
    press(&c, ENTER).await;
    let result = wait_css(&c, ".result.wrong").await;
    let text = result.text().await.expect("text");
    assert!(text.contains("回答错误"), "the page says the answer was wrong: {text}");
    assert!(text.contains("正确答案："), "the page shows the correct answer: {text}");
    assert!(c.find(Locator::Css(".article mark")).await.is_ok(), "the article is shown after a wrong answer too");
    shot(&c, "practice-wrong").await;

    // The layout holds from 1024x768 to 1920x1080 without horizontal scrolling.
    for (w, h) in [(1024u32, 768u32), (1920, 1080)] {
        c.set_window_size(w, h).await.expect("resize");
        tokio::time::sleep(Duration::from_millis(400)).await;
        let overflow = c
            .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", vec![])
            .await
            .expect("measure");
        assert_eq!(overflow.as_i64(), Some(0), "no horizontal scrolling at {w}x{h}");
        shot(&c, &format!("practice-{w}x{h}")).await;
    }

    c.close().await.expect("close session");
}
