//! End to end, in the real window: the built app under Xvfb, driven through
//! tauri-driver and WebKitWebDriver, one session at a time (fixed ports).
//!
//! - A staff member logs in, practises a chapter, answers one question right
//!   (mouse) and one wrong (keyboard), sees the verdict, the key and the
//!   article with the quote highlighted, opens it in the law library, finds
//!   the wrong one in the wrong-answer book, searches the library for 人格权;
//!   then an organizer logs in and sees that person's study minutes.
//! - A new install: the first organizer is created, adds a person, and that
//!   person chooses a PIN at the first login.
//!
//! Needs a display (make test runs the suite under xvfb-run) and tauri-driver
//! (installed by make into .tools/bin, or TAURI_DRIVER=path). Missing either,
//! the test fails with a message saying so: it never passes by skipping.

use crate::util::{add_employee, bank, first_organizer, strip_ws};
use crate::webdriver::{fill, fits_from_1024_to_1920, press, settled, shot, text_of, wait_css, ENTER};
use fantoccini::{Client, ClientBuilder, Locator};
use lawquiz::core::question::{AnswerKey, Question};
use lawquiz::service::Service;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// One WebDriver session at a time: the driver's ports are fixed.
pub static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const DRIVER_PORT: u16 = 4444;
const NATIVE_PORT: u16 = 4445;

/// tauri-driver, stopped with SIGTERM so it takes WebKitWebDriver with it.
pub struct Driver(Child);

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

pub fn start_driver(db: &Path) -> Driver {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "the end-to-end test needs a display: run `make test` (it uses xvfb-run)"
    );
    // The previous session's WebKitWebDriver may still be letting go of its
    // port: wait until both ports are free (a driver started earlier would
    // fail with "Unable to listen").
    let deadline = Instant::now() + Duration::from_secs(20);
    while [DRIVER_PORT, NATIVE_PORT].iter().any(|p| std::net::TcpStream::connect(("127.0.0.1", *p)).is_ok()) {
        assert!(
            Instant::now() < deadline,
            "ports {DRIVER_PORT} and {NATIVE_PORT} stay taken (another WebDriver session?)"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let child = Command::new(driver_path())
        .args(["--port", &DRIVER_PORT.to_string(), "--native-port", &NATIVE_PORT.to_string()])
        .env("LAWQUIZ_DB", db)
        .env("LAWQUIZ_EXPORT_DIR", db.parent().unwrap_or(Path::new(".")))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start tauri-driver ({}): {e}; run `make test`", driver_path().display()));
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", DRIVER_PORT)).is_err() {
        assert!(Instant::now() < deadline, "tauri-driver did not listen on {DRIVER_PORT}");
        std::thread::sleep(Duration::from_millis(100));
    }
    Driver(child)
}

pub async fn connect(db: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "wry".into());
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({
            "application": env!("CARGO_BIN_EXE_lawquiz"),
            "args": ["--db", db.to_string_lossy(), "--export-dir", db.parent().unwrap_or(Path::new(".")).to_string_lossy()],
        }),
    );
    // Under load the first session can fail while the app's window is still
    // coming up (the driver drops the request): try again, within a minute.
    let deadline = Instant::now() + Duration::from_secs(60);
    let c = loop {
        match ClientBuilder::native()
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{DRIVER_PORT}"))
            .await
        {
            Ok(c) => break c,
            Err(e) if Instant::now() < deadline => {
                eprintln!("WebDriver session not opened ({e}); trying again");
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
            Err(e) => panic!("a WebDriver session with the app: {e}"),
        }
    };
    // The window's storage outlives a run (WebKit keeps it in the app-data
    // folder): a run that stopped while connected to a host would make the
    // next one start by reconnecting to it. Each test starts from a clean page.
    c.execute("localStorage.clear(); sessionStorage.clear();", vec![]).await.expect("clear storage");
    c.refresh().await.expect("reload");
    c
}

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

/// Display indices of the options the key marks right. Option ids are
/// display positions (shuffled per view), so a choice is matched by its text.
fn right_indices(q: &Question, shown: &[(fantoccini::elements::Element, String, String)]) -> Vec<usize> {
    shown
        .iter()
        .enumerate()
        .filter(|(_, (_, key, text))| match &q.key {
            AnswerKey::Choice { keys } => {
                keys.iter().any(|k| q.options.get(usize::from(*k)).is_some_and(|o| strip_ws(o) == strip_ws(text)))
            }
            AnswerKey::Judge { value } => key == &value.to_string(),
            AnswerKey::Fill { .. } => false,
        })
        .map(|(i, _)| i)
        .collect()
}

pub async fn current_question(c: &Client, bank: &[Question]) -> Question {
    let card = wait_css(c, ".question[data-qid]").await;
    let id = card.attr("data-qid").await.expect("attr").expect("data-qid");
    bank.iter().find(|q| q.id.0 == id).cloned().unwrap_or_else(|| panic!("question {id} is in the bank"))
}

/// Answers the question on screen right (mouse) or wrong (keyboard), returns it.
pub async fn answer_current(c: &Client, bank: &[Question], right: bool) -> Question {
    let q = current_question(c, bank).await;
    match (&q.key, right) {
        (AnswerKey::Fill { answer, .. }, true) => fill(c, ".fill-input", answer).await,
        (AnswerKey::Fill { .. }, false) => fill(c, ".fill-input", "不是这个答案").await,
        (_, true) => {
            let shown = displayed_options(c).await;
            for i in right_indices(&q, &shown) {
                shown[i].0.click().await.expect("pick");
            }
        }
        (_, false) => {
            let shown = displayed_options(c).await;
            let good = right_indices(&q, &shown);
            let wrong = (0..shown.len()).find(|i| !good.contains(i)).expect("a wrong option");
            press(c, char::from(b'1' + wrong as u8)).await;
            let checked = shown[wrong].0.attr("aria-checked").await.expect("attr");
            assert_eq!(checked.as_deref(), Some("true"), "the digit key picked option {}", wrong + 1);
        }
    }
    if right {
        wait_css(c, "#submit:not([disabled])").await.click().await.expect("submit");
    } else {
        press(c, ENTER).await;
    }
    q
}

/// A database with an organizer (admin / organizer-pass) and 李明 (1001, PIN 2468).
pub fn seeded_db(path: &Path) {
    seeded_db_with(path, &[("1001", "李明", "办公室")]);
}

fn seeded_db_with(path: &Path, people: &[(&str, &str, &str)]) {
    let svc = Service::open(path).expect("seed database");
    let org = first_organizer(&svc);
    for (no, name, dept) in people {
        add_employee(&svc, &org, no, name, dept);
    }
}

/// Logs a staff member in with PIN 2468 (set by the organizer: straight to 首页).
pub async fn log_in_staff(c: &Client, staff_no: &str) {
    fill(c, "input[name='staff_no']", staff_no).await;
    fill(c, "input[name='pin']", "2468").await;
    wait_css(c, "#login-submit").await.click().await.expect("log in");
    wait_css(c, ".hero h1").await;
}

pub async fn log_in_organizer(c: &Client) {
    wait_css(c, "#organizer-link").await.click().await.expect("organizer login");
    fill(c, "input[name='username']", "admin").await;
    fill(c, "input[name='password']", "organizer-pass").await;
    wait_css(c, "#org-submit").await.click().await.expect("log in");
}

/// Waits until an element with `class` contains `text` (re-rendered pages
/// replace nodes, so a node found earlier may be gone).
pub(crate) async fn wait_text(c: &Client, class: &str, text: &str) {
    let xpath = format!("//*[contains(concat(' ', @class, ' '), ' {class} ') and contains(., '{text}')]");
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|e| panic!("waiting for .{class} to say {text}: {e}"));
}

async fn set_value(c: &Client, css: &str, value: &str) {
    wait_css(c, css).await;
    c.execute(
        "const el = document.querySelector(arguments[0]); el.value = arguments[1]; el.dispatchEvent(new Event('change'));",
        vec![css.into(), value.into()],
    )
    .await
    .unwrap_or_else(|e| panic!("setting `{css}`: {e}"));
}

/// The organizer sets up and opens a contest, a staff member takes it with
/// the countdown showing and submits, the organizer closes it, sees the
/// ranking, runs the draw, and the big screen reveals the winners.
#[tokio::test(flavor = "multi_thread")]
async fn organizer_runs_a_contest_staff_take_it_and_the_big_screen_shows_winners() {
    let _one = ONE_AT_A_TIME.lock().await;
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("contest.sqlite3");
    seeded_db_with(&db, &[("1001", "李明", "办公室"), ("1002", "张华", "法规科")]);
    let _driver = start_driver(&db);
    let c = connect(&db).await;
    wait_css(&c, "html[data-ready='true']").await;

    // The organizer creates and opens the contest (open from an hour ago).
    log_in_organizer(&c).await;
    wait_css(&c, "#new-contest").await.click().await.expect("new contest");
    let now = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let local = |t: time::OffsetDateTime| t.format(&fmt).expect("format");
    // 2026-12-04 09:00 in Chinese conventions: a date and a 24-hour time.
    for (name, at) in [("opens_at", now - time::Duration::hours(1)), ("closes_at", now + time::Duration::hours(3))] {
        let (date, clock) =
            local(at).split_once('T').map(|(d, t)| (d.to_string(), t.to_string())).expect("date and time");
        set_value(&c, &format!("input[name='{name}_date']"), &date).await;
        set_value(&c, &format!("input[name='{name}_time']"), &clock).await;
    }
    let summary = text_of(&c, "#paper-summary").await;
    assert!(summary.starts_with("共 ") && summary.contains("满分"), "the paper's summary line: {summary}");
    // New tiers require a pass; with a pass mark of 0 the one taker (three
    // questions answered) still wins 一等奖 for the certificate and the screen.
    set_value(&c, "input[name='pass']", "0").await;
    set_value(&c, "input[name='lottery_min']", "0").await;
    set_value(&c, "input[name='lottery_count']", "1").await;
    shot(&c, "contest-editor").await;
    wait_css(&c, "#contest-save").await.click().await.expect("save contest");
    wait_css(&c, "button[data-advance]").await.click().await.expect("open it");
    wait_text(&c, "contest-row", "已开放").await;
    wait_css(&c, ".nav-logout").await.click().await.expect("log out");

    // Staff take it.
    log_in_staff(&c, "1001").await;
    wait_css(&c, "a[data-contest]").await.click().await.expect("enter the contest");
    wait_css(&c, "#start-attempt:not([disabled])").await.click().await.expect("start");
    let clock = text_of(&c, "#countdown").await;
    assert!(clock.starts_with("剩余 ") && clock.contains(':'), "the countdown shows: {clock}");
    for _ in 0..3 {
        wait_css(&c, ".take-panel .option, .take-panel .fill-input").await;
        if let Ok(opt) = c.find(Locator::Css(".take-panel .option")).await {
            opt.click().await.expect("pick");
        } else {
            fill(&c, ".take-panel .fill-input", "答案").await;
            press(&c, ENTER).await;
        }
        let saved = c
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::XPath("//*[@id='save-state' and contains(., '已保存')]"))
            .await;
        assert!(saved.is_ok(), "每题保存后显示“已保存”");
        shot(&c, "contest-taking").await;
        if let Ok(next) = c.find(Locator::Css("#next")).await {
            next.click().await.expect("next");
        }
    }
    // No key while the attempt runs: practice and the library say why
    // instead of opening; the attempt resumes from 首页.
    c.execute("location.hash = '#/scopes/宪法';", vec![]).await.expect("to practice");
    wait_css(&c, "button[data-chapter]").await.click().await.expect("practise a chapter");
    let paused = text_of(&c, "#paused-for-contest").await;
    assert!(paused.contains("练习和错题本暂停"), "practice is closed during the attempt: {paused}");
    shot(&c, "practice-paused-during-contest").await;
    c.execute("location.hash = '#/library';", vec![]).await.expect("to the library");
    let paused = text_of(&c, "#paused-for-contest").await;
    assert!(paused.contains("竞答进行中"), "the library is closed during the attempt: {paused}");
    shot(&c, "paused-during-contest").await;
    wait_css(&c, "#paused-for-contest a").await.click().await.expect("back home");
    // 首页's top card goes straight back into the attempt (继续答题).
    wait_css(&c, "a[data-contest]").await.click().await.expect("back to the contest");
    wait_css(&c, "#submit-attempt").await.click().await.expect("hand in");
    let confirm = text_of(&c, "#submit-dialog").await;
    assert!(confirm.contains("没有作答"), "the confirmation lists unanswered questions: {confirm}");
    wait_css(&c, "#confirm-submit").await.click().await.expect("confirm");
    let score = text_of(&c, "#score").await;
    assert!(score.parse::<i64>().is_ok(), "the score shows: {score}");
    shot(&c, "contest-result").await;
    // Handed in: the library and practice open again.
    c.execute("location.hash = '#/library';", vec![]).await.expect("to the library");
    wait_css(&c, ".library-tree .tree-node").await;
    c.execute("location.hash = '#/scopes/宪法';", vec![]).await.expect("to practice");
    wait_css(&c, "button[data-chapter]").await.click().await.expect("practise a chapter");
    wait_css(&c, ".question[data-qid]").await;
    wait_css(&c, ".nav-logout").await.click().await.expect("log out");

    // The organizer closes it, sees the ranking, runs the draw.
    log_in_organizer(&c).await;
    c.execute("window.confirm = () => true;", vec![]).await.expect("auto-confirm");
    wait_css(&c, "button[data-advance]").await.click().await.expect("close");
    wait_text(&c, "contest-row", "已结束").await;
    wait_css(&c, ".contest-row a[href^='#/results/']").await.click().await.expect("results");
    let ranking = text_of(&c, "#ranking tbody").await;
    assert!(ranking.contains("李明") && ranking.contains("一等奖"), "the ranking with tiers: {ranking}");
    fill(&c, "#draw-phrase", "法治同行2026").await;
    wait_css(&c, "#run-draw").await.click().await.expect("draw");
    let draw = text_of(&c, ".draw-card").await;
    assert!(
        draw.contains("李明") && draw.contains("lawquiz-draw-v1"),
        "the draw shows its winner and algorithm: {draw}"
    );
    shot(&c, "contest-results").await;

    // The results page: exports under 导出 ▾, prints under 打印 ▾, 打开大屏
    // the primary action; the layout holds from 1024x768 to 1920x1080.
    fits_from_1024_to_1920(&c, "contest-results").await;
    // Export the ranking: a real workbook lands in the export folder.
    wait_css(&c, "#export-menu").await.click().await.expect("导出 ▾");
    shot(&c, "contest-results-export-menu").await;
    wait_css(&c, "#export-xlsx").await.click().await.expect("export");
    let deadline = Instant::now() + Duration::from_secs(15);
    let exported = loop {
        let found = std::fs::read_dir(tmp.path())
            .expect("dir")
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "xlsx"));
        if let Some(p) = found {
            break p;
        }
        assert!(Instant::now() < deadline, "an .xlsx was saved");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&exported).expect("a real workbook");
    let ranking = calamine::Reader::worksheet_range(&mut wb, "排名").expect("ranking sheet");
    assert_eq!(ranking.get((2, 2)).map(|d| d.to_string()), Some("李明".to_string()), "first place in the export");
    // The toast names the file and offers its folder; it leaves with the screen.
    let toast = text_of(&c, "#toast:not([hidden])").await;
    assert!(toast.contains("已保存") && toast.contains("打开所在文件夹"), "the export toast: {toast}");
    shot(&c, "export-toast").await;

    // 奖状 and 光荣榜, laid out for A4 landscape printing; the issuing unit
    // is asked for in place before anything prints.
    wait_css(&c, "#print-menu").await.click().await.expect("打印 ▾");
    wait_css(&c, "#print-certificates").await.click().await.expect("certificates");
    fill(&c, "#issuing-unit", "某某市司法局").await;
    wait_css(&c, "#save-unit").await.click().await.expect("save the unit");
    let cert = text_of(&c, ".certificate").await;
    assert!(c.find(Locator::Css("#toast[hidden]")).await.is_ok(), "no toast on the print page");
    assert!(
        cert.contains("李明")
            && cert.contains("一等奖")
            && cert.contains("荣誉证书")
            && cert.contains("某某市司法局")
            && cert.contains("知识竞赛")
            && cert.contains("证书编号："),
        "a certificate: {cert}"
    );
    shot(&c, "certificate").await;
    fits_from_1024_to_1920(&c, "certificate-preview").await;
    c.execute("const el = document.querySelector('.certificate'); window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 16);", vec![])
        .await
        .expect("scroll to the sheet");
    settled(&c).await;
    shot(&c, "certificate-sheet").await;
    wait_css(&c, ".print-tabs a[href$='/overlay']").await.click().await.expect("套打");
    wait_css(&c, ".overlay-sheet").await;
    shot(&c, "certificate-overlay-window").await;
    fits_from_1024_to_1920(&c, "certificate-overlay-window").await;
    wait_css(&c, ".print-tabs a[href$='/honor']").await.click().await.expect("honor roll");
    let honor = text_of(&c, ".honor").await;
    assert!(honor.contains("光荣榜") && honor.contains("李明"), "the honor roll: {honor}");
    shot(&c, "honor-roll").await;
    wait_css(&c, "a[href^='#/results/']").await.click().await.expect("back");

    // The big screen (in its own full-screen window: see e2e_hall), here in
    // the organizer's window: space steps from the cover through the winners.
    c.execute("location.hash = location.hash.replace('#/results/', '#/screen/');", vec![]).await.expect("big screen");
    wait_css(&c, "#hall[data-page='cover']").await;
    shot(&c, "big-screen-top").await;
    let mut screen = String::new();
    for _ in 0..6 {
        press(&c, ' ').await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        screen.push_str(&text_of(&c, "#hall").await);
    }
    assert!(
        screen.contains("一等奖") && screen.contains("幸运抽奖") && screen.contains("李明"),
        "winners revealed: {screen}"
    );
    shot(&c, "big-screen-winners").await;
    c.close().await.expect("close session");
}

#[tokio::test(flavor = "multi_thread")]
async fn staff_practise_find_the_wrong_book_and_library_then_organizer_sees_minutes() {
    let _one = ONE_AT_A_TIME.lock().await;
    let bank = bank();
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("e2e.sqlite3");
    seeded_db(&db);
    let _driver = start_driver(&db);
    let c = connect(&db).await;

    // 登录 with 工号 + PIN.
    wait_css(&c, "html[data-ready='true']").await;
    assert_eq!(text_of(&c, ".brand-name").await, "法治知识竞答");
    fill(&c, "input[name='staff_no']", "1001").await;
    shot(&c, "login").await;
    log_in_staff(&c, "1001").await;

    // 首页 → 宪法 → the first chapter.
    let hello = text_of(&c, ".hero h1").await;
    assert!(hello.contains("李明"), "greets the person: {hello}");
    shot(&c, "home").await;
    wait_css(&c, "a[data-subject='宪法']").await.click().await.expect("open 宪法");
    wait_css(&c, "button[data-chapter]").await;
    shot(&c, "scopes").await;
    wait_css(&c, "button[data-chapter]").await.click().await.expect("practise the first chapter");

    // 1. Right, with the mouse: verdict, 解析, article with the quote marked.
    let q1 = answer_current(&c, &bank, true).await;
    let result = text_of(&c, ".result.right").await;
    assert!(result.contains("回答正确"), "the page says the answer was right");
    let mut marked = String::new();
    for m in c.find_all(Locator::Css(".article mark")).await.expect("marks") {
        marked.push_str(&strip_ws(&m.text().await.expect("mark text")));
    }
    for quote in &q1.basis.as_ref().expect("basis").quotes {
        assert!(marked.contains(&strip_ws(quote)), "the article highlights the quote {quote:?}, marked {marked:?}");
    }
    assert_eq!(strip_ws(&text_of(&c, ".explanation p").await), strip_ws(&q1.explanation));
    shot(&c, "practice-right").await;

    // 2. Enter goes on; wrong, with the keyboard.
    press(&c, ENTER).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while current_question(&c, &bank).await.id == q1.id {
        assert!(Instant::now() < deadline, "Enter did not go on to the next question within 20 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let q2 = answer_current(&c, &bank, false).await;
    let text = text_of(&c, ".result.wrong").await;
    assert!(
        text.contains("回答错误") && (text.contains("您选") || text.contains("您填")) && text.contains("正确答案"),
        "verdict, the person's answer and the key: {text}"
    );
    assert!(c.find(Locator::Css(".article mark")).await.is_ok(), "the article is shown after a wrong answer too");
    shot(&c, "practice-wrong").await;

    // The layout holds from 1024x768 to 1920x1080 without horizontal scrolling.
    fits_from_1024_to_1920(&c, "practice").await;

    // 3. The article in the law library.
    if q2.basis.as_ref().is_some_and(|b| b.article != lawquiz::core::law::ArticleRef::TitleNote) {
        wait_css(&c, "#open-in-library").await.click().await.expect("open in library");
        let focused = wait_css(&c, ".law-article.focus").await;
        let n = focused.attr("data-article").await.expect("attr").expect("data-article");
        assert_eq!(
            Some(n.parse::<u32>().expect("number")),
            q2.basis.as_ref().and_then(|b| b.article.number()),
            "the library opens at the cited article"
        );
        shot(&c, "library-article").await;
    }

    // 4. The wrong one is in the wrong-answer book.
    wait_css(&c, "a.nav-link[href='#/']").await.click().await.expect("home");
    wait_css(&c, "#wrong-book:not([disabled])").await.click().await.expect("practise wrong answers");
    let in_book = current_question(&c, &bank).await;
    assert_eq!(in_book.id, q2.id, "the wrongly answered question is in the 错题本");

    // 5. Search the library for 人格权.
    wait_css(&c, "a.nav-link[href='#/library']").await.click().await.expect("library");
    fill(&c, "#library-search", "人格权").await;
    press(&c, ENTER).await;
    let heading = text_of(&c, ".library-heading").await;
    assert!(heading.contains("人格权") && heading.contains("共"), "search heading: {heading}");
    let first_mark = text_of(&c, ".search-hit mark").await;
    assert_eq!(first_mark, "人格权", "hits are highlighted");
    shot(&c, "library-search").await;

    // 6. Earlier study today, as the organizer's report must show it.
    {
        let conn = rusqlite::Connection::open(&db).expect("db");
        conn.busy_timeout(Duration::from_secs(5)).expect("timeout");
        conn.execute(
            "INSERT INTO study_session (employee_id, kind, started_at, last_event_at, active_seconds)
             SELECT id, 'library', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-3 hours'),
                    strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 hours'), 1800 FROM employee WHERE staff_no = '1001'",
            [],
        )
        .expect("seed study");
    }

    // 7. The organizer logs in and sees the person's minutes.
    wait_css(&c, ".nav-logout").await.click().await.expect("log out");
    wait_css(&c, "#organizer-link").await.click().await.expect("organizer login");
    fill(&c, "input[name='username']", "admin").await;
    fill(&c, "input[name='password']", "organizer-pass").await;
    wait_css(&c, "#org-submit").await.click().await.expect("log in");
    wait_css(&c, "#admin-tab-study").await.click().await.expect("study tab");
    let minutes = text_of(&c, "#person-study tr[data-staff-no='1001'] .minutes").await;
    let minutes: i64 = minutes.trim().parse().expect("minutes are a number");
    assert!(minutes >= 30, "the organizer sees 李明's minutes, at least the 30 seeded: {minutes}");
    shot(&c, "admin-study").await;
    c.close().await.expect("close session");

    // The page reported practice and library activity; the backend measured it.
    let conn = rusqlite::Connection::open(&db).expect("db");
    let kinds: Vec<String> = conn
        .prepare("SELECT DISTINCT kind FROM study_session ORDER BY kind")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("kinds");
    assert!(kinds.contains(&"practice".to_string()), "practice activity was recorded: {kinds:?}");
}
