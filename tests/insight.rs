//! Item analysis, retiring, department weakness and 推荐练习 at the service
//! layer on a real database file: a finished contest of four people in two
//! departments whose answers the test chooses, then the numbers read back.

use crate::contests::{answer_all, open_contest, spec};
use crate::practice::{right_response, shown_for_practice, wrong_response};
use crate::util::{bank, Fixture};
use lawquiz::core::ids::{ContestId, QuestionId};
use lawquiz::core::item_analysis::Flag;
use lawquiz::core::practice::Scope;
use lawquiz::core::question::{QType, Question};
use lawquiz::error::AppError;
use lawquiz::service::api::*;
use lawquiz::service::auth::Actor;
use lawquiz::service::insight::{RecommendRequest, RetireRequest};
use std::collections::HashMap;

/// Four takers: 办公室 甲 (all 5 right), 乙 (first 3 right); 法规处 丙
/// (first 1 right), 丁 (none). Returns the contest, the organizer, the
/// takers and each taker's paper (question ids in order) with their count
/// of right answers.
struct Done {
    f: Fixture,
    org: Actor,
    id: ContestId,
    takers: Vec<(Actor, Vec<QuestionId>, usize)>,
}

fn paper_of(f: &Fixture, attempt: lawquiz::core::ids::AttemptId) -> Vec<QuestionId> {
    f.svc
        .db()
        .read(|c| {
            let paper: String = c.query_row("SELECT paper FROM attempt WHERE id = ?1", [attempt], |r| r.get(0))?;
            let items: Vec<lawquiz::core::paper::PaperItem> = serde_json::from_str(&paper)?;
            Ok(items.into_iter().map(|i| i.question_id).collect())
        })
        .expect("paper")
}

fn finished_contest() -> Done {
    let f = Fixture::new();
    let org = f.organizer();
    let mut s = spec();
    s.pass_mark = 0;
    s.tiers = vec![];
    s.lottery = None;
    let id = open_contest(&f, &org, s);
    let mut takers = Vec::new();
    for (no, name, dept, right) in
        [("A01", "甲", "办公室", 5), ("A02", "乙", "办公室", 3), ("B01", "丙", "法规处", 1), ("B02", "丁", "法规处", 0)]
    {
        let who = f.staff(&org, no, name, dept);
        let view = f.svc.start_attempt(&who, id).expect("started");
        answer_all(&f, &who, &view, right);
        f.svc.submit_attempt(&who, view.attempt_id).expect("submitted");
        let paper = paper_of(&f, view.attempt_id);
        takers.push((who, paper, right));
    }
    Done { f, org, id, takers }
}

fn question(id: &QuestionId) -> Question {
    bank().into_iter().find(|q| &q.id == id).expect("in bank")
}

/// Protects the item-analysis table on real answers: every question on any
/// paper is a row; its takers are those whose paper had it; its facility is
/// the share of them who answered it right (as the test chose); the options
/// are counted by the bank's option whatever order each page showed them.
#[test]
fn item_analysis_counts_each_question_from_the_papers_that_had_it() {
    let d = finished_contest();
    let a = d.f.svc.item_analysis(&d.org, d.id).expect("analysis");
    assert_eq!(a.takers, 4);
    let mut expect: HashMap<QuestionId, (usize, usize)> = HashMap::new();
    for (_, paper, right) in &d.takers {
        for (i, q) in paper.iter().enumerate() {
            let e = expect.entry(q.clone()).or_default();
            e.0 += 1;
            e.1 += usize::from(i < *right);
        }
    }
    assert_eq!(a.items.len(), expect.len(), "one row per question on any paper");
    for row in &a.items {
        let (n, right) = expect[&row.question_id];
        assert_eq!(row.stats.takers, n, "{}", row.question_id);
        assert!((row.stats.facility - right as f64 / n as f64).abs() < 1e-9, "{}", row.question_id);
        let q = question(&row.question_id);
        if !row.stats.options.is_empty() {
            // Right answers pick the key; wrong ones the first option that
            // is not the key (tests/practice.rs) — in bank terms.
            let chosen: usize = row.stats.options.iter().map(|o| o.chosen).sum();
            assert_eq!(chosen, n, "each taker chose one option of {}", row.question_id);
            let key_chosen: usize = row.stats.options.iter().filter(|o| o.correct).map(|o| o.chosen).sum();
            assert_eq!(key_chosen, right, "{}", row.question_id);
            assert_eq!(row.stats.options.len(), if q.options.is_empty() { 2 } else { q.options.len() });
        }
        assert_eq!(row.flag_notes.len(), row.stats.flags.len());
        assert!(!row.key_text.is_empty());
    }
    // A question nobody got right is flagged too hard; a 单选 distractor
    // the wrong answers never picked is flagged unchosen.
    for row in &a.items {
        if row.stats.takers < lawquiz::core::item_analysis::MIN_TAKERS_FOR_FLAGS {
            assert!(row.stats.flags.is_empty(), "too few takers to flag {}", row.question_id);
            continue;
        }
        if row.stats.facility < 0.2 {
            assert!(row.stats.flags.contains(&Flag::TooHard), "{:?}", row.stats.flags);
        }
        if row.qtype_name == "单选" && row.stats.options.iter().any(|o| !o.correct && o.chosen == 0) {
            assert!(row.stats.flags.iter().any(|f| matches!(f, Flag::UnchosenDistractor { .. })));
        }
    }
    assert_eq!(a.flagged, a.items.iter().filter(|i| !i.stats.flags.is_empty()).count());
    let staff = &d.takers[0].0;
    assert!(d.f.svc.item_analysis(staff, d.id).is_err(), "staff may not see the item analysis (it has keys)");
}

/// Protects retiring: a retired question is never drawn again (not in any
/// rule's pool), never practised (not in a scope, not in the library's
/// questions of its article), stays retired when the shipped bank is loaded
/// again; past results and the item-analysis row keep it.
#[test]
fn a_retired_question_is_never_drawn_or_practised_again_and_past_results_keep_it() {
    let d = finished_contest();
    let before = d.f.svc.contest_results(&d.org, d.id).expect("results");
    // A question of a paper that is open to practice (not 竞赛专用).
    let qid = d
        .takers
        .iter()
        .flat_map(|t| t.1.iter())
        .find(|q| !question(q).contest_only)
        .expect("a practice question")
        .clone();
    let q = question(&qid);
    let scope = Scope { subject: q.subject, part: None, chapter: None };
    let in_scope = |f: &Fixture| {
        f.svc.db().read(|c| lawquiz::store::practice::ids_in_scope(c, &scope)).expect("scope").contains(&qid)
    };
    let in_pool = |f: &Fixture| {
        f.svc.db().read(lawquiz::store::contests::question_metas).expect("metas").iter().any(|m| m.id == qid)
    };
    assert!(in_scope(&d.f) && in_pool(&d.f), "drawn and practised before");

    let staff = &d.takers[0].0;
    let refused = d.f.svc.retire_question(staff, &RetireRequest { id: qid.clone(), reason: "x".into() });
    assert!(matches!(refused, Err(AppError::Forbidden(_)) | Err(AppError::Unauthorized(_))), "{refused:?}");
    let view =
        d.f.svc
            .retire_question(&d.org, &RetireRequest { id: qid.clone(), reason: "区分度为负".into() })
            .expect("retired");
    assert_eq!(view.retired_reason.as_deref(), Some("区分度为负"));
    assert!(view.retired_at.is_some());
    assert!(!in_scope(&d.f) && !in_pool(&d.f), "never drawn or practised again");
    let again = d.f.svc.retire_question(&d.org, &RetireRequest { id: qid.clone(), reason: String::new() });
    assert!(again.is_err(), "retiring twice says so");

    // Loading the shipped bank again (an app update) keeps it retired.
    d.f.svc.db().transact(|c| Ok(c.execute("DELETE FROM meta WHERE key = 'bank_sha256'", [])?)).expect("forget hash");
    lawquiz::service::bootstrap::load_shipped_content(d.f.svc.db(), "2026-12-05T00:00:00.000Z").expect("reload");
    assert!(!in_scope(&d.f) && !in_pool(&d.f), "still retired after the bank reloads");

    let after = d.f.svc.contest_results(&d.org, d.id).expect("results");
    let scores = |r: &ContestResults| r.ranking.iter().map(|x| (x.staff_no.clone(), x.score)).collect::<Vec<_>>();
    assert_eq!(scores(&before), scores(&after), "past results unchanged");
    let a = d.f.svc.item_analysis(&d.org, d.id).expect("analysis");
    let row = a.items.iter().find(|r| r.question_id == qid).expect("still analysed");
    assert!(row.retired);
    let audit = d.f.svc.audit_log(&d.org, 50).expect("audit");
    assert!(audit.iter().any(|e| e.action == "撤下试题"), "audited");
}

/// Protects the department view on a real database file: contest tallies
/// per department match the answers given (办公室 8 of 10 right, 法规处 1
/// of 10), practice of the contest's year counts apart, and the most-missed
/// articles are the ones answered wrong.
#[test]
fn department_weakness_tallies_contest_and_practice_apart() {
    let d = finished_contest();
    // After the contest, 乙 practises two questions: one right, one wrong.
    d.f.clock.advance(time::Duration::hours(10));
    let b = d.f.svc.db().read(|c| {
        lawquiz::store::practice::ids_in_scope(
            c,
            &Scope { subject: crate::util::law("民法典"), part: None, chapter: None },
        )
    });
    let ids = b.expect("ids");
    let who = &d.takers[1].0;
    for (i, id) in ids.iter().take(2).enumerate() {
        let q = question(id);
        let r = shown_for_practice(&d.f, who, &q, if i == 0 { right_response(&q) } else { wrong_response(&q) });
        d.f.svc
            .practice_answer(who, PracticeAnswerRequest { question_id: q.id.clone(), response: r })
            .expect("practised");
    }
    let w = d.f.svc.department_weakness(&d.org, d.id).expect("weakness");
    assert_eq!(w.year, 2026);
    let row = |name: &str| w.rows.iter().find(|r| r.department == name).expect("department row");
    let office = row("办公室");
    assert_eq!((office.overall.contest.right, office.overall.contest.total), (8, 10));
    assert_eq!((office.overall.practice.right, office.overall.practice.total), (1, 2));
    let rules = row("法规处");
    assert_eq!((rules.overall.contest.right, rules.overall.contest.total), (1, 10));
    assert_eq!(rules.overall.practice.total, 0);
    assert_eq!(office.cells.len(), w.areas.len());
    let sum: u32 = rules.cells.iter().map(|c| c.contest.total).sum();
    assert_eq!(sum, 10, "every contest answer lands in one area");
    assert!(w.areas.iter().any(|a| a.starts_with("宪法 · ")) && w.areas.iter().any(|a| a.starts_with("民法典 · ")));
    let wrong: u32 = rules.most_missed.iter().map(|m| m.wrong).sum();
    assert!(!rules.most_missed.is_empty() && rules.most_missed.len() <= 10 && wrong <= 9);
    assert!(rules.most_missed.windows(2).all(|p| p[0].wrong >= p[1].wrong), "most wrong first");
    assert!(rules
        .most_missed
        .iter()
        .all(|m| m.label.starts_with(&m.law) && (m.label.contains('条') || m.label.ends_with("序言"))));
    let detail: u32 = w.detail.iter().filter(|x| x.department == "法规处").map(|x| x.cell.contest.total).sum();
    assert_eq!(detail, 10);
}

/// Protects 推荐练习 reaching the right staff: made for 法规处, it shows on
/// 丙's and 丁's 首页 (not 办公室's), serves only questions of its
/// articles, and is refused while the person has a contest attempt
/// running.
#[test]
fn recommended_practice_reaches_only_that_departments_staff() {
    let d = finished_contest();
    let rec =
        d.f.svc
            .recommend_practice(&d.org, &RecommendRequest { contest_id: d.id, department: "法规处".into() })
            .expect("recommended");
    assert!(!rec.articles.is_empty() && rec.questions > 0, "{rec:?}");
    let (jia, bing) = (&d.takers[0].0, &d.takers[2].0);
    assert!(d.f.svc.my_recommendations(jia).expect("mine").is_empty(), "办公室 does not see it");
    let mine = d.f.svc.my_recommendations(bing).expect("mine");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].id, rec.id);
    let set = d.f.svc.recommended_set(bing, rec.id).expect("set");
    assert_eq!(set.ids.len(), rec.questions);
    let w = d.f.svc.department_weakness(&d.org, d.id).expect("weakness");
    let arts: Vec<(String, u32)> = w
        .rows
        .iter()
        .find(|r| r.department == "法规处")
        .expect("row")
        .most_missed
        .iter()
        .map(|m| (m.law.clone(), m.article))
        .collect();
    for id in &set.ids {
        let q = question(id);
        let b = q.basis.expect("basis");
        assert!(arts.contains(&(b.law.name().to_string(), b.article.number().expect("article"))), "{id}");
    }
    assert!(matches!(d.f.svc.recommended_set(jia, rec.id), Err(AppError::NotFound(_))), "not for 办公室");
    assert_eq!(w.rows.iter().find(|r| r.department == "法规处").and_then(|r| r.recommended.clone()), Some(rec.title));

    // While 丙 has an attempt running in another contest, it is refused.
    let mut s = spec();
    s.title = "第二场".into();
    let second = open_contest(&d.f, &d.org, s);
    d.f.svc.start_attempt(bing, second).expect("started");
    assert!(matches!(d.f.svc.recommended_set(bing, rec.id), Err(AppError::ContestInProgress(_))));
    // 办公室 has nothing wrong? It has (乙), so a second department works too;
    // an unknown department is refused.
    let unknown =
        d.f.svc.recommend_practice(&d.org, &RecommendRequest { contest_id: d.id, department: "后勤处".into() });
    assert!(unknown.is_err());
}

/// Protects the export: the contest workbook gains 试题分析, 部门薄弱,
/// 部门明细 and 易错条文 sheets in the look of the others (title row, header
/// row, numbers as numbers), one row per analysed question; the CSV of the
/// item table has the BOM.
#[test]
fn item_analysis_and_weakness_export_to_the_contest_workbook() {
    use calamine::{Data, Reader, Xlsx};
    use lawquiz::service::export::{ExportContestRequest, ExportFormat, ExportTable};
    let d = finished_contest();
    let file =
        d.f.svc
            .export_contest(
                &d.org,
                &ExportContestRequest { id: d.id, format: ExportFormat::Xlsx, table: ExportTable::Items },
            )
            .expect("export");
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(file.bytes)).expect("xlsx");
    let a = d.f.svc.item_analysis(&d.org, d.id).expect("analysis");
    let items = wb.worksheet_range("试题分析").expect("试题分析 sheet");
    assert!(items.get((0, 0)).expect("title").to_string().contains("试题分析"));
    assert_eq!(items.get((1, 6)), Some(&Data::String("正确率".into())));
    assert_eq!(items.height(), a.items.len() + 2);
    for (i, row) in a.items.iter().enumerate() {
        assert_eq!(items.get((i + 2, 0)), Some(&Data::String(row.question_id.0.clone())));
        let f = (row.stats.facility * 1000.0).round() / 1000.0;
        assert_eq!(items.get((i + 2, 6)), Some(&Data::Float(f)), "facility is a number");
    }
    let weak = wb.worksheet_range("部门薄弱").expect("部门薄弱 sheet");
    assert_eq!(weak.get((1, 0)), Some(&Data::String("部门".into())));
    let office_contest: f64 = (2..weak.height())
        .filter(|&y| weak.get((y, 0)) == Some(&Data::String("办公室".into())))
        .map(|y| match weak.get((y, 3)) {
            Some(Data::Float(x)) => *x,
            other => panic!("竞答作答 is a number: {other:?}"),
        })
        .sum();
    assert_eq!(office_contest, 10.0, "办公室 answered 10 contest questions");
    for name in ["部门明细", "易错条文"] {
        assert!(wb.worksheet_range(name).is_ok(), "{name} sheet");
    }
    let csv =
        d.f.svc
            .export_contest(
                &d.org,
                &ExportContestRequest { id: d.id, format: ExportFormat::Csv, table: ExportTable::Items },
            )
            .expect("csv");
    assert!(csv.file_name.contains("试题分析") && csv.bytes.starts_with("\u{FEFF}题目编号".as_bytes()));
}

/// Protects the fix for 错答集中: a spelling the organizer accepts counts as
/// right from then on (practice grades it right), survives the shipped bank
/// reloading, is refused twice and on a non-填空 question; past contest
/// results are not regraded.
#[test]
fn an_accepted_fill_spelling_counts_from_then_on_and_past_results_stay() {
    use lawquiz::core::grading::{grade, Response, Verdict};
    use lawquiz::core::question::QType;
    use lawquiz::service::insight::AcceptSpellingRequest;
    let d = finished_contest();
    let before = d.f.svc.contest_results(&d.org, d.id).expect("results");
    let fill = bank().into_iter().find(|q| q.qtype == QType::Fill && !q.contest_only).expect("a 填空 question");
    let spelling = "一种新的写法";
    let get = |f: &Fixture| f.svc.db().read(|c| lawquiz::store::questions::get(c, &fill.id)).expect("question");
    assert_eq!(grade(&get(&d.f), &Response::Fill { text: spelling.into() }), Verdict::Wrong);
    let view =
        d.f.svc
            .accept_spelling(&d.org, &AcceptSpellingRequest { id: fill.id.clone(), spelling: format!(" {spelling} ") })
            .expect("accepted");
    assert!(view.accepted.contains(&spelling.to_string()), "{:?}", view.accepted);
    assert_eq!(grade(&get(&d.f), &Response::Fill { text: spelling.into() }), Verdict::Right);
    let again =
        d.f.svc.accept_spelling(&d.org, &AcceptSpellingRequest { id: fill.id.clone(), spelling: spelling.into() });
    assert!(again.is_err(), "already accepted");
    let single = d.takers[0].1.iter().find(|q| question(q).qtype == QType::Single).expect("a 单选 on the paper");
    let refused = d.f.svc.accept_spelling(&d.org, &AcceptSpellingRequest { id: single.clone(), spelling: "甲".into() });
    assert!(refused.is_err(), "only 填空");
    d.f.svc.db().transact(|c| Ok(c.execute("DELETE FROM meta WHERE key = 'bank_sha256'", [])?)).expect("forget hash");
    lawquiz::service::bootstrap::load_shipped_content(d.f.svc.db(), "2026-12-05T00:00:00.000Z").expect("reload");
    assert_eq!(grade(&get(&d.f), &Response::Fill { text: spelling.into() }), Verdict::Right, "kept after a reload");
    // Practice grades it right.
    let who = &d.takers[3].0;
    let r = d
        .f
        .svc
        .practice_answer(
            who,
            PracticeAnswerRequest { question_id: fill.id.clone(), response: Response::Fill { text: spelling.into() } },
        )
        .expect("practised");
    assert!(r.correct);
    let after = d.f.svc.contest_results(&d.org, d.id).expect("results");
    let scores = |r: &ContestResults| r.ranking.iter().map(|x| (x.staff_no.clone(), x.score)).collect::<Vec<_>>();
    assert_eq!(scores(&before), scores(&after), "past results unchanged");
    let audit = d.f.svc.audit_log(&d.org, 50).expect("audit");
    assert!(audit.iter().any(|e| e.action == "增加填空答案"));
}

/// Protects the HTTP routes (the LAN host): the organizer's analysis routes
/// answer an organizer and refuse staff (they carry keys); 推荐练习 routes
/// answer staff.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_host_serves_the_insight_routes_to_the_right_roles() {
    use lawquiz::host::{Host, HostConfig, Limits};
    use serde_json::{json, Value};
    let db = crate::util::TempDb::new();
    let clock = std::sync::Arc::new(lawquiz::service::clock::ManualClock::new(crate::util::constitution_day_morning()));
    let svc = std::sync::Arc::new(
        lawquiz::service::Service::with_db(lawquiz::store::open(&db.path).expect("open"), clock).expect("svc"),
    );
    let org = crate::util::first_organizer(&svc);
    crate::util::add_employee(&svc, &org, "1001", "李明", "办公室");
    let contest = crate::util::lan_contest(&svc, &org, 3, QType::Judge, crate::util::law("宪法"), 10);
    let cfg = HostConfig { limits: Limits::default(), ..HostConfig::new("127.0.0.1:0".parse().expect("addr")) };
    let host = Host::start(svc.clone(), cfg).await.expect("host starts");
    let base = format!("http://{}", host.addr());
    let http = reqwest::Client::new();
    let post = |name: &str, token: String, body: Value| {
        let req = http.post(format!("{base}/api/{name}")).bearer_auth(token).json(&body);
        async move {
            let res = req.send().await.expect("sent");
            (res.status().as_u16(), res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let login = |body: Value, name: &'static str| {
        let req = http.post(format!("{base}/api/{name}")).json(&body);
        async move {
            req.send().await.expect("sent").json::<Value>().await.expect("json")["token"]
                .as_str()
                .expect("token")
                .to_string()
        }
    };
    let staff = login(json!({"staff_no": "1001", "pin": "2468"}), "login_staff").await;
    let organizer = login(json!({"username": "admin", "password": "organizer-pass"}), "login_organizer").await;
    for name in ["item_analysis", "department_weakness"] {
        let (s, body) = post(name, staff.clone(), json!({"id": contest})).await;
        assert_eq!((s, body["code"].as_str()), (403, Some("forbidden")), "{name} refuses staff");
        let (s, body) = post(name, organizer.clone(), json!({"id": contest})).await;
        assert_eq!(s, 200, "{name}: {body}");
    }
    let (s, body) = post("item_analysis", organizer.clone(), json!({"id": contest})).await;
    assert_eq!((s, body["takers"].as_u64()), (200, Some(0)), "nobody handed in yet");
    let (s, body) = post("my_recommendations", staff.clone(), json!({})).await;
    assert_eq!((s, body), (200, json!([])));
    let (s, body) = post("recommended_set", staff.clone(), json!({"id": 99})).await;
    assert_eq!((s, body["code"].as_str()), (404, Some("not_found")));
    let (s, _) = post("retire_question", staff, json!({"id": "xf-zg-001", "reason": ""})).await;
    assert_eq!(s, 403);
    host.stop().await;
}
