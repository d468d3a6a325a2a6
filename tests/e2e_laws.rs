//! End to end, in the real window at 1024x768: laws as data (issue 17).
//! The organizer opens 管理 → 法律库, imports a small law from a .md file
//! (its outline with article counts in the preview, 确认导入 by Enter),
//! is refused an empty 学习范围, enables the new law, the built-in
//! 数据安全法 and 宪法修正案, sees them in 设置 → 学习范围, and imports a
//! question on the new law; then a staff member practises that law from
//! 首页, reads its article in the 法条库, finds a phrase of it by search
//! (the hit named 《数据共享示范法》第三条), and reads the built-in
//! 数据安全法 and the 2018 amendment's 21 articles. Last, the organizer
//! imports a new edition of the law: 第三条 changed (old and new side by
//! side), 第五条 added, the question quoting 第三条 set aside and listed
//! under 待修订题目.
//!
//! Screenshots: target/e2e/laws-admin-1024x768.png, laws-import-preview.png,
//! laws-settings.png, library-数据安全法.png, library-宪法修正案-2018.png,
//! library-search-laws.png, laws-new-edition.png.

use crate::e2e::{connect, log_in_organizer, log_in_staff, seeded_db, start_driver, wait_text, ONE_AT_A_TIME};
use crate::webdriver::{fill, press, settled, shot, text_of, text_until, wait_css, ENTER};
use fantoccini::{Client, Locator};

/// A made-up law in the layout of 国家法律法规数据库 (title, 题注, INFO END,
/// chapters, articles over several paragraphs): 2 chapters, 4 articles.
const LAW: &str = "# 中华人民共和国数据共享示范法

2026年11月30日第十四届全国人民代表大会常务委员会第九十九次会议通过

<!-- INFO END -->

## 第一章 总　则

第一条 为了规范机关之间的数据共享，保障数据安全，制定本法。

第二条 本法所称数据共享，是指机关之间依法提供和使用政务数据的活动。

## 第二章 共享与保护

第三条 机关共享数据，应当遵循需求导向、安全可控的原则。

共享的数据只能用于依法履行职责的需要。

第四条 违反本法规定的，由上级机关责令改正。
";

const LAW_ID: &str = "数据共享示范法";

/// Its new edition: 第三条 reworded (the question quoting it breaks), 第五条 added.
fn new_edition() -> String {
    LAW.replace("应当遵循需求导向、安全可控的原则", "应当遵循需求导向、安全可控、分级分类的原则")
        + "\n第五条 本法自公布之日起施行。\n"
}

async fn go(c: &Client, hash: &str) {
    c.execute("location.hash = arguments[0];", vec![hash.into()]).await.expect("navigate");
}

/// The page needs no horizontal scrolling at the window's size; saves NAME.png.
async fn fits_shot(c: &Client, name: &str) {
    settled(c).await;
    let overflow = c
        .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", vec![])
        .await
        .expect("measure");
    shot(c, name).await;
    assert_eq!(overflow.as_i64(), Some(0), "{name}: no horizontal scrolling at 1024x768");
}

/// Sets the 学习范围 checkboxes of the laws table: exactly `ids` checked.
async fn check_only(c: &Client, ids: &[&str]) {
    c.execute(
        "for (const b of document.querySelectorAll('#laws-table input.study-law')) b.checked = arguments[0].includes(b.value);",
        vec![serde_json::json!(ids)],
    )
    .await
    .expect("set the checkboxes");
}

/// Protects the journey of issue 17: import a law, enable it, and staff
/// practise it and find it in the library, with every law named by its name.
#[tokio::test(flavor = "multi_thread")]
async fn an_imported_law_is_enabled_then_practised_read_and_searched_by_staff() {
    let _one = ONE_AT_A_TIME.lock().await;
    let tmp = tempfile::tempdir().expect("tmp");
    let db = tmp.path().join("laws.sqlite3");
    seeded_db(&db);
    let law_file = tmp.path().join("数据共享示范法.md");
    std::fs::write(&law_file, LAW).expect("law file");
    let question_file = tmp.path().join("示范法题目.csv");
    std::fs::write(
        &question_file,
        "题型,题干,选项A,选项B,选项C,选项D,答案,解析,难度,法律,条,依据原文\n\
         单选,机关共享数据，应当遵循（　）的原则。,需求导向、安全可控,先到先得,有偿使用,自愿公开,A,见第三条。,1,数据共享示范法,第三条,应当遵循需求导向、安全可控的原则\n",
    )
    .expect("question file");

    let _driver = start_driver(&db);
    let c = connect(&db).await;
    c.set_window_rect(0, 0, 1024, 768).await.expect("1024x768");
    log_in_organizer(&c).await;
    wait_css(&c, "#admin-tab-contests").await;

    // 管理 → 法律库: every law with its counts, the default 学习范围.
    wait_css(&c, "#admin-tab-laws").await.click().await.expect("法律库 tab");
    wait_css(&c, "#laws-table tbody tr[data-law]").await;
    let head = text_of(&c, "#laws-table thead").await;
    for col in ["名称", "类别", "版本", "条文数", "题目数", "待修订", "学习范围"] {
        assert!(head.contains(col), "column {col}: {head}");
    }
    // 宪法, 民法典 and the packs (the five amendments are one law, 宪法修正案).
    for law in ["宪法", "民法典", "数据安全法", "个人信息保护法", "国歌法", "宪法修正案", "行政许可法"]
    {
        assert!(
            c.find(Locator::Css(&format!("#laws-table tr[data-law='{law}']"))).await.is_ok(),
            "{law} is listed in 法律库"
        );
    }
    assert!(
        c.find(Locator::Css("tr[data-law='宪法'] input.study-law:checked")).await.is_ok()
            && c.find(Locator::Css("tr[data-law='数据安全法'] input.study-law:not(:checked)")).await.is_ok(),
        "宪法 is in 学习范围 by default, 数据安全法 is not"
    );
    fits_shot(&c, "laws-admin-1024x768").await;

    // A broken text (第二条 missing): each problem by its line, no import.
    let broken = tmp.path().join("数据共享示范法-有错.md");
    std::fs::write(&broken, LAW.replace("第二条 本法所称数据共享，是指机关之间依法提供和使用政务数据的活动。\n\n", ""))
        .expect("broken file");
    wait_css(&c, "#law-file").await.send_keys(&broken.to_string_lossy()).await.expect("choose the broken file");
    let problems = text_of(&c, "#law-problems").await;
    assert!(
        problems.contains("行：") && problems.contains("第一条之后是第三条"),
        "the gap is reported with its line: {problems}"
    );
    assert!(
        c.find(Locator::Css("#law-import-confirm[disabled]")).await.is_ok(),
        "a file with problems cannot be imported"
    );

    // 导入法律: the preview shows the title, 题注 and outline with counts.
    wait_css(&c, "#law-file").await.send_keys(&law_file.to_string_lossy()).await.expect("choose the law");
    let title = text_until(&c, "#law-preview-title", "数据共享示范法").await;
    assert!(title.contains("中华人民共和国数据共享示范法"), "the preview names the law: {title}");
    assert!(text_of(&c, "#law-note").await.contains("第九十九次会议通过"), "the 题注 is shown");
    let outline = text_of(&c, "#law-outline").await;
    assert!(
        outline.contains("第一章") && outline.contains("第二章") && outline.contains("2 条"),
        "the outline has both chapters with 2 articles each: {outline}"
    );
    assert!(c.find(Locator::Css("#law-problems")).await.is_err(), "a clean file has no problems");
    fits_shot(&c, "laws-import-preview").await;
    // 确认导入 has the focus: Enter imports.
    let focused = c.execute("return document.activeElement.id;", vec![]).await.expect("focus");
    assert_eq!(focused.as_str(), Some("law-import-confirm"), "确认导入 has the focus after the preview");
    press(&c, ENTER).await;
    let done = text_until(&c, "#law-import-done", "新增 4 条").await;
    assert!(done.contains("新增 4 条") && done.contains("搁置 0 题"), "the result line: {done}");
    wait_css(&c, &format!("#laws-table tr[data-law='{LAW_ID}']")).await;

    // 学习范围: none is refused in Chinese; then the new law, 数据安全法
    // and 宪法修正案 join 宪法 and 民法典.
    check_only(&c, &[]).await;
    wait_css(&c, "#study-save").await.click().await.expect("save none");
    let refused = text_of(&c, ".study-error .alert").await;
    assert!(refused.contains("至少选择一部法律"), "an empty 学习范围 is refused: {refused}");
    check_only(&c, &["宪法", "民法典"]).await;
    for law in [LAW_ID, "数据安全法", "宪法修正案"] {
        wait_css(&c, &format!("#laws-table tr[data-law='{law}'] input.study-law")).await.click().await.expect("tick");
    }
    wait_css(&c, "#study-save").await.click().await.expect("save");
    wait_css(&c, &format!("#laws-table tr[data-law='{LAW_ID}'] input.study-law:checked")).await;
    // The table is drawn again from the saved list: five laws in 学习范围.
    wait_text(&c, "muted", "已列入学习范围 5 部").await;

    // A question on the new law (its quote verbatim in 第三条).
    wait_css(&c, "#admin-tab-bank").await.click().await.expect("bank tab");
    wait_css(&c, "#import-file").await.send_keys(&question_file.to_string_lossy()).await.expect("choose questions");
    wait_css(&c, "#import-confirm:not([disabled])").await.click().await.expect("import the question");
    assert!(text_of(&c, "#import-done").await.contains("导入 1 题"), "the question is imported");

    // 设置 → 学习范围 shows the same choice.
    wait_css(&c, "#admin-tab-settings").await.click().await.expect("settings tab");
    wait_css(&c, &format!("#study-scope input.study-law[value='{LAW_ID}']:checked")).await;
    c.execute("document.getElementById('study-scope').scrollIntoView();", vec![]).await.expect("scroll");
    fits_shot(&c, "laws-settings").await;

    // Staff: the law's card on 首页, practice with its article shown.
    go(&c, "#/admin").await;
    wait_css(&c, ".nav-logout").await.click().await.expect("log out");
    log_in_staff(&c, "1001").await;
    wait_css(&c, &format!("a[data-subject='{LAW_ID}']")).await.click().await.expect("the law's card");
    wait_css(&c, "#start-all").await.click().await.expect("practise all");
    wait_css(&c, ".question[data-qid]").await;
    press(&c, '1').await;
    press(&c, ENTER).await;
    let article = text_of(&c, ".article-title").await;
    assert!(article.contains(LAW_ID) && article.contains("第三条"), "the feedback names the law's article: {article}");

    // 法条库: the law's article, by its title.
    go(&c, &format!("#/library/{LAW_ID}/3")).await;
    let focus = text_of(&c, ".law-article.focus").await;
    assert!(focus.contains("需求导向、安全可控"), "the article is shown: {focus}");
    let heading = text_until(&c, "#library-heading", "数据共享示范法").await;
    assert!(heading.contains("中华人民共和国数据共享示范法"), "the heading is the law's title: {heading}");

    // Search across every enabled law: the hit is named by its law.
    fill(&c, "#library-search", "需求导向、安全可控").await;
    press(&c, ENTER).await;
    let hit = text_of(&c, &format!(".search-hit[data-law='{LAW_ID}'] .hit-title")).await;
    assert_eq!(hit, format!("《{LAW_ID}》第三条"), "the hit names its law and article");
    fits_shot(&c, "library-search-laws").await;

    // The built-in 数据安全法 and the 2018 amendment (its 21 articles).
    go(&c, "#/library/数据安全法").await;
    wait_text(&c, "library-heading", "中华人民共和国数据安全法").await;
    let chosen = c.execute("return document.getElementById('library-law').value;", vec![]).await.expect("chooser");
    assert_eq!(chosen.as_str(), Some("数据安全法"), "the chooser shows the law");
    fits_shot(&c, "library-数据安全法").await;
    go(&c, "#/library/宪法修正案/32").await;
    wait_css(&c, ".law-article.focus").await;
    let heading = text_until(&c, "#library-heading", "2018").await;
    assert!(heading.contains("2018"), "第三十二条 opens the 2018 amendment: {heading}");
    let articles = c.find_all(Locator::Css(".law-article")).await.expect("articles").len();
    assert_eq!(articles, 21, "the 2018 amendment has 21 articles (第三十二条 to 第五十二条)");
    c.execute("window.scrollTo(0, 0);", vec![]).await.expect("scroll");
    settled(&c).await;
    fits_shot(&c, "library-宪法修正案-2018").await;

    // A new edition: 第三条 changed (old and new side by side) and the
    // question quoting it set aside, 第五条 added; nothing deleted.
    let edition = tmp.path().join("数据共享示范法-修正.md");
    std::fs::write(&edition, new_edition()).expect("new edition");
    wait_css(&c, ".nav-logout").await.click().await.expect("log out");
    log_in_organizer(&c).await;
    wait_css(&c, "#admin-tab-contests").await;
    wait_css(&c, "#admin-tab-laws").await.click().await.expect("法律库 tab");
    wait_css(&c, "#law-file").await.send_keys(&edition.to_string_lossy()).await.expect("choose the new edition");
    wait_css(&c, "#law-existing").await;
    let changes = text_until(&c, "#law-changes", "修改 1 条").await;
    assert!(changes.contains("新增 1 条、修改 1 条、删除 0 条"), "the per-article changes: {changes}");
    let changed = text_of(&c, ".law-change.change-changed .change-sides").await;
    assert!(
        changed.contains("安全可控的原则") && changed.contains("安全可控、分级分类的原则"),
        "第三条's old and new text side by side: {changed}"
    );
    let set_aside = text_of(&c, "#law-preview-set-aside-table").await;
    assert!(set_aside.contains("机关共享数据"), "the question quoting 第三条 will be set aside: {set_aside}");
    fits_shot(&c, "laws-new-edition").await;
    press(&c, ENTER).await;
    let done = text_until(&c, "#law-import-done", "搁置 1 题").await;
    assert!(done.contains("新增 1 条、修改 1 条、删除 0 条，搁置 1 题"), "the new edition's result line: {done}");
    let waiting = text_until(&c, "#set-aside", "机关共享数据").await;
    assert!(waiting.contains("机关共享数据") && waiting.contains("第三条"), "待修订题目 lists it: {waiting}");
    let flagged = text_until(&c, &format!("#laws-table tr[data-law='{LAW_ID}'] .set-aside-count"), "1").await;
    assert_eq!(flagged, "1", "the table counts the question set aside");
    c.close().await.expect("close session");
}
