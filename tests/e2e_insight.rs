//! End to end, in the real window: the organizer's 试题分析 of a finished
//! contest (one row per question with 正确率, 区分度, 点双列, option bars
//! and flags), opening a flagged question in 题库 and retiring it, the
//! 部门薄弱环节 heatmap (contest and the year's practice) with each
//! department's most-missed articles, one click making a 推荐练习, and that
//! 推荐练习 on 首页 of a staff member of that department. Screenshots at
//! 1920x1080 and 1024x768: target/e2e/insight-*.png.

use crate::e2e::{connect, log_in_organizer, log_in_staff, start_driver, ONE_AT_A_TIME};
use crate::practice::{as_shown, right_response, wrong_response};
use crate::util::{add_employee, bank, first_organizer, TempDb};
use crate::webdriver::{fill, shot, text_of, wait_css};
use fantoccini::{Client, Locator};
use lawquiz::core::ids::ContestId;
use lawquiz::core::paper::{DrawRule, PaperItem};
use lawquiz::core::practice::Scope;
use lawquiz::core::question::QType;
use lawquiz::service::api::*;
use lawquiz::service::Service;
use std::path::Path;
use std::time::Duration;

const DEPARTMENTS: [&str; 4] = ["办公室", "政策法规处", "行政审批科", "执法监督科"];
const TAKERS: usize = 40;
const NAMES: [&str; 8] = ["王建国", "李秀英", "张志强", "刘芳", "陈静", "杨帆", "赵磊", "黄敏"];

/// 40 staff in four departments took a closed contest drawn from small
/// pools (so each question reaches several people): 4 宪法日常识 单选, 3
/// 民法典 继承编 判断, 2 宪法 总纲 填空, 3 宪法 第二章 单选; scores spread
/// by department, and one 判断 answered right by the weaker takers only.
/// A third of the staff practised this year. Returns the contest.
fn seed(path: &Path) -> ContestId {
    let svc = Service::open(path).expect("seed database");
    let org = first_organizer(&svc);
    for i in 0..TAKERS {
        add_employee(
            &svc,
            &org,
            &format!("{}", 3001 + i),
            &format!("{}{}", NAMES[i % 8], i / 8 + 1),
            DEPARTMENTS[i % 4],
        );
    }
    let now = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let at = |t: time::OffsetDateTime| t.format(&fmt).expect("format");
    let rule = |count, qtype, subject, part: Option<&str>, chapter: Option<&str>, points| DrawRule {
        count,
        qtype,
        scope: Scope { subject, part: part.map(String::from), chapter: chapter.map(String::from) },
        difficulty: None,
        points,
        pool: Default::default(),
    };
    let spec = ContestSpec {
        title: "2026年宪法民法典知识竞答".into(),
        opens_at: at(now - time::Duration::hours(1)),
        closes_at: at(now + time::Duration::hours(2)),
        time_limit_minutes: 30,
        attempts_allowed: 1,
        counting: Counting::Best,
        pass_mark: 60,
        review: ReviewRule::AfterClose,
        multi_scoring: Default::default(),
        paper: vec![
            rule(4, QType::Single, crate::util::law("宪法日常识"), None, None, 10),
            rule(3, QType::Judge, crate::util::law("民法典"), Some("第六编\u{3000}继承"), None, 5),
            rule(2, QType::Fill, crate::util::law("宪法"), None, Some("第一章\u{3000}总纲"), 10),
            rule(3, QType::Single, crate::util::law("宪法"), None, Some("第二章\u{3000}公民的基本权利和义务"), 10),
        ],
        tiers: vec![],
        lottery: None,
        library_during_attempt: false,
    };
    let c = svc.save_contest(&org, SaveContestRequest { id: None, spec }).expect("contest saved");
    svc.set_contest_state(&org, SetStateRequest { id: c.id, state: "open".into() }).expect("opened");
    let bank = bank();
    // One 继承编 判断 (the first taker's fifth question) is answered right
    // by the weaker takers only: negative discrimination.
    let mut reversed: Option<String> = None;
    for i in 0..TAKERS {
        let login = svc
            .login_staff(
                StaffLoginRequest { staff_no: format!("{}", 3001 + i), pin: "2468".into(), new_pin: None },
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
        // 办公室 strongest, 执法监督科 weakest; within a department, spread.
        let strength = [11usize, 8, 6, 3][i % 4] + (i / 4) % 3;
        for (n, item) in view.items.iter().enumerate() {
            let q = bank.iter().find(|q| q.id.0 == ids[n]).expect("question in bank");
            // A judge question the weaker half gets right and the stronger
            // half wrong (negative discrimination), the rest by strength.
            let reversed = reversed.get_or_insert_with(|| ids[4].clone());
            let right = if &q.id.0 == reversed { strength < 7 } else { (n * 5 + i) % 12 < strength };
            let r = if right { right_response(q) } else { wrong_response(q) };
            let response = as_shown(q, &item.options, r);
            svc.contest_answer(
                &who,
                ContestAnswerRequest { attempt_id: view.attempt_id, position: item.position, response, seq: 0 },
            )
            .expect("answer");
        }
        svc.submit_attempt(&who, view.attempt_id).expect("handed in");
        // A third of the staff practised ten 民法典 questions this year.
        if i % 3 == 0 {
            let scope = Scope { subject: crate::util::law("民法典"), part: None, chapter: None };
            let pool = svc.db().read(|c| lawquiz::store::practice::ids_in_scope(c, &scope)).expect("scope");
            for (k, id) in pool.iter().skip(i * 37 % pool.len().max(1)).take(10).enumerate() {
                let q = bank.iter().find(|q| &q.id == id).expect("in bank");
                let shown = svc.practice_question(&who, QuestionRequest { id: id.clone() }).expect("shown");
                let r = if (k * 5 + i) % 12 < strength { right_response(q) } else { wrong_response(q) };
                let response = as_shown(q, &shown.options, r);
                svc.practice_answer(&who, PracticeAnswerRequest { question_id: id.clone(), response })
                    .expect("practised");
            }
        }
    }
    svc.set_contest_state(&org, SetStateRequest { id: c.id, state: "closed".into() }).expect("closed");
    c.id
}

/// The window at the top-left of the display at 1024x768 and 1920x1080
/// (so the screenshot of the display shows all of it): no horizontal
/// scrolling at either; saves NAME-WxH.png; back to 1280x800.
async fn sizes(c: &Client, name: &str) {
    for (w, h) in [(1024u32, 768u32), (1920, 1080)] {
        c.set_window_rect(0, 0, w, h).await.expect("resize");
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while c.execute("return window.innerWidth;", vec![]).await.expect("width").as_u64() != Some(u64::from(w)) {
            assert!(std::time::Instant::now() < deadline, "{name}: the window did not take {w}x{h}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tokio::time::sleep(Duration::from_millis(400)).await;
        let overflow = c
            .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", vec![])
            .await
            .expect("measure");
        assert_eq!(overflow.as_i64(), Some(0), "{name}: no horizontal scrolling at {w}x{h}");
        shot(c, &format!("{name}-{w}x{h}")).await;
    }
    c.set_window_rect(0, 0, 1280, 800).await.expect("resize back");
}

async fn go(c: &Client, hash: &str) {
    c.execute("location.hash = arguments[0];", vec![hash.into()]).await.expect("navigate");
}

async fn count(c: &Client, css: &str) -> usize {
    c.find_all(Locator::Css(css)).await.expect("find").len()
}

/// Protects the organizer's analysis screens and 推荐练习 reaching 首页.
#[tokio::test(flavor = "multi_thread")]
async fn item_analysis_and_department_view_of_a_finished_contest() {
    let _one = ONE_AT_A_TIME.lock().await;
    let db = TempDb::new();
    let id = seed(&db.path);
    let expected = {
        let svc = Service::open(&db.path).expect("db");
        let org = svc
            .login_organizer(
                OrganizerLoginRequest { username: "admin".into(), password: "organizer-pass".into() },
                "127.0.0.1",
            )
            .expect("organizer");
        let org = svc.authenticate(&org.token).expect("session");
        svc.item_analysis(&org, id).expect("analysis")
    };
    let _driver = start_driver(&db.path);
    let c = connect(&db.path).await;
    log_in_organizer(&c).await;
    wait_css(&c, "#admin-tab-contests").await;

    // From the results page to 试题分析.
    go(&c, &format!("#/results/{}", id.0)).await;
    wait_css(&c, "#open-items").await.click().await.expect("open 试题分析");
    wait_css(&c, "#item-analysis tbody tr[data-question]").await;
    assert_eq!(count(&c, "#item-analysis tbody tr[data-question]").await, expected.items.len(), "one row per question");
    let head = text_of(&c, "#item-analysis thead").await;
    for col in ["正确率", "区分度", "点双列", "选项分布", "提示"] {
        assert!(head.contains(col), "column {col}: {head}");
    }
    assert!(expected.flagged > 0, "the seeded contest has questions to look at");
    assert!(text_of(&c, "#flagged-count").await.contains(&expected.flagged.to_string()));
    assert!(count(&c, "[data-flag='negative_discrimination']").await > 0, "the reversed judge question is flagged");
    assert!(count(&c, "[data-flag='fill_cluster']").await > 0, "the wrong 填空 answers cluster");
    tokio::time::sleep(Duration::from_millis(300)).await;
    sizes(&c, "insight-items").await;

    // Only the flagged ones, then open the first in 题库 and retire it.
    wait_css(&c, "label[for='only-flagged']").await.click().await.expect("only flagged");
    assert_eq!(count(&c, "#item-analysis tbody tr[data-question]").await, expected.flagged);
    let flagged = wait_css(&c, "#item-analysis tbody tr.flagged").await;
    let qid = flagged.attr("data-question").await.expect("attr").expect("question id");
    flagged.find(Locator::Css(".row-actions a")).await.expect("open link").click().await.expect("open in 题库");
    let card = wait_css(&c, "#bank-question").await;
    assert_eq!(card.attr("data-question").await.expect("attr").as_deref(), Some(qid.as_str()));
    fill(&c, "#retire-reason", "区分度为负，答案有争议").await;
    wait_css(&c, "#retire-question").await.click().await.expect("retire");
    assert!(text_of(&c, "#retired-note").await.contains("已撤下"));
    shot(&c, "insight-retired-1280x800").await;

    // 部门薄弱环节: the heatmap by contest and by practice.
    go(&c, &format!("#/results/{}/weak", id.0)).await;
    wait_css(&c, "#heatmap tbody tr").await;
    assert_eq!(count(&c, "#heatmap tbody tr").await, DEPARTMENTS.len(), "one row per department");
    assert!(count(&c, "#heatmap td.heat-0, #heatmap td.heat-1").await > 0, "weak cells coloured");
    tokio::time::sleep(Duration::from_millis(300)).await;
    sizes(&c, "insight-weak").await;
    wait_css(&c, "#source-practice").await.click().await.expect("practice");
    wait_css(&c, "#heatmap[data-source='practice']").await;
    shot(&c, "insight-weak-practice-1280x800").await;
    let btn = wait_css(&c, "button[data-recommend='执法监督科']").await;
    btn.click().await.expect("recommend");
    wait_css(&c, ".weak-card[data-department='执法监督科'] .rec-note").await;

    // A 执法监督科 staff member (3004) sees it on 首页 and starts it.
    wait_css(&c, ".nav-logout").await.click().await.expect("log out");
    log_in_staff(&c, "3004").await;
    let rec = text_of(&c, ".recommend-card").await;
    assert!(rec.contains("推荐练习") && rec.contains("执法监督科"), "{rec}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    sizes(&c, "insight-home").await;
    wait_css(&c, ".recommend-card button[data-recommended]").await.click().await.expect("start");
    let title = text_of(&c, "#app").await;
    assert!(title.contains("推荐练习"), "the practice run is the recommended one: {}", &title[..title.len().min(200)]);
    c.close().await.ok();
}
