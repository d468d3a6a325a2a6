//! Laws as data, on a real database file: the shipped packs loaded, the
//! 学习范围 deciding what staff see, a law imported from its official text
//! (all or nothing, every problem with its line), and a new edition setting
//! aside exactly the questions whose quotes it breaks.

use crate::util::{law, Fixture};
use lawquiz::core::law::Law;
use lawquiz::core::practice::Scope;
use lawquiz::service::api::{ImportRequest, PracticeStartRequest, SearchRequest, StudyLawsRequest};
use lawquiz::service::auth::Actor;

/// A small law in the layout of 国家法律法规数据库 (Markdown).
pub const TEST_LAW: &str = "# 中华人民共和国测试示范法\n\n\
2026年11月1日第十四届全国人民代表大会常务委员会第二十次会议通过\n\n\
<!-- INFO END -->\n\n\
## 第一章　总　　则\n\n\
第一条　为了规范示范活动，保障示范安全，制定本法。\n\n\
第二条　在中华人民共和国境内开展示范活动，适用本法。\n\n\
## 第二章　示范规则\n\n\
第三条　示范单位应当建立健全示范管理制度。\n\
示范单位应当每年开展一次示范检查。\n\n\
第四条　任何组织和个人不得非法干扰示范活动。\n\n\
第五条　本法自2027年1月1日起施行。\n";

fn md(name: &str, text: &str) -> ImportRequest {
    ImportRequest { file_name: name.into(), bytes: text.as_bytes().to_vec(), contest_only: false }
}

/// A JSON question import citing `law` article `article` with `quote`.
fn question_json(id: &str, law: &str, article: u32, quote: &str) -> ImportRequest {
    let q = serde_json::json!([{
        "id": id, "law": law, "type": "判断", "difficulty": 1, "tags": ["示范"],
        "stem": format!("（{id}）示范单位应当每年开展一次示范检查。"), "answer": "对",
        "explanation": format!("根据《{law}》第三条，示范单位应当每年开展一次示范检查。"),
        "basis": {"law": law, "article": article, "quotes": [quote]}
    }]);
    ImportRequest { file_name: "q.json".into(), bytes: q.to_string().into_bytes(), contest_only: false }
}

fn law_ids(view: &lawquiz::service::api::LawsView) -> Vec<String> {
    view.laws.iter().map(|l| l.id.clone()).collect()
}

#[test]
fn every_shipped_pack_is_a_law_with_its_articles_and_questions() {
    let f = Fixture::new();
    let org = f.organizer();
    let view = f.svc.law_list(&org).expect("law list");
    let ids = law_ids(&view);
    for id in [
        "宪法",
        "民法典",
        "宪法修正案",
        "宪法宣誓誓词",
        "国旗法",
        "国徽法",
        "国歌法",
        "立法法",
        "监察法",
        "公职人员政务处分法",
        "行政处罚法",
        "行政许可法",
        "数据安全法",
        "个人信息保护法",
    ] {
        let l = view.laws.iter().find(|l| l.id == id).unwrap_or_else(|| panic!("{id} is listed: {ids:?}"));
        assert!(l.articles > 0, "{id} has its articles");
        assert!(l.questions > 0, "{id} has questions");
        assert!(l.builtin, "{id} ships with the app");
        assert_eq!(l.set_aside, 0, "{id}: nothing set aside");
    }
    let find = |id: &str| view.laws.iter().find(|l| l.id == id).expect("listed");
    assert_eq!(find("宪法修正案").articles, 52, "the five amendments are one law of 52 articles");
    assert!(find("数据安全法").questions >= 60 && find("个人信息保护法").questions >= 60);
    assert!(find("宪法").enabled && find("民法典").enabled, "宪法 and 民法典 are in the 学习范围 by default");
    assert!(!find("数据安全法").enabled, "a pack waits for the organizer");
    assert_eq!(view.topics.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), vec!["宪法日常识"]);
    // The 2018 amendment: 第三十二条 to 第五十二条, the quoted section inside 第五十二条.
    let tree = f.svc.library_tree(&org, law("宪法修正案")).expect("outline");
    let y2018 = tree.iter().find(|n| n.name.contains("2018")).expect("the 2018 amendment is a part");
    assert_eq!((y2018.first, y2018.last), (32, 52));
    let last = f.svc.library_articles(&org, law("宪法修正案"), 52, 52).expect("article 52");
    assert!(last[0].segments[0].text.contains("第一百二十三条"), "the quoted articles stay in 第五十二条");
}

#[test]
fn staff_see_only_the_laws_in_the_study_scope_and_search_names_each_hit() {
    let f = Fixture::new();
    let org = f.organizer();
    let staff = f.staff(&org, "A001", "张三", "办公室");
    let staff_view = f.svc.law_list(&staff).expect("staff list");
    assert_eq!(law_ids(&staff_view), vec!["宪法", "民法典"], "only the default scope");
    assert!(f.svc.library_tree(&staff, law("数据安全法")).is_err(), "a law outside the scope is not readable");
    let hits = f.svc.library_search(&staff, SearchRequest { query: "数据处理活动".into(), law: None }).expect("search");
    assert_eq!(hits.total, 0, "search covers only the scope");
    // The organizer adds 数据安全法 (by its full title).
    let after = f
        .svc
        .set_study_laws(
            &org,
            StudyLawsRequest {
                laws: vec!["宪法".into(), "民法典".into(), "中华人民共和国数据安全法".into()]
            },
        )
        .expect("scope saved");
    assert!(after.laws.iter().any(|l| l.id == "数据安全法" && l.enabled));
    let hits = f.svc.library_search(&staff, SearchRequest { query: "数据处理活动".into(), law: None }).expect("search");
    assert!(hits.total > 0);
    assert!(hits.hits.iter().all(|h| h.law == "数据安全法" && h.law_title == "中华人民共和国数据安全法"));
    assert!(f.svc.library_tree(&staff, law("数据安全法")).is_ok());
    let home = f.svc.home(&staff).expect("home");
    let cards: Vec<&str> = home.subjects.iter().map(|c| c.subject.name()).collect();
    assert_eq!(cards, vec!["宪法", "民法典", "数据安全法", "宪法日常识"], "laws in the scope, then the topic");
    let set = f
        .svc
        .practice_start(
            &staff,
            PracticeStartRequest {
                scope: Scope { subject: law("数据安全法"), part: None, chapter: None },
                order: Default::default(),
                filter: Default::default(),
            },
        )
        .expect("practice 数据安全法");
    assert!(set.ids.len() >= 60 && set.title.contains("数据安全法"));
    // Refusals: none, an unknown law, and staff changing the scope.
    assert!(f.svc.set_study_laws(&org, StudyLawsRequest { laws: vec![] }).is_err());
    assert!(f.svc.set_study_laws(&org, StudyLawsRequest { laws: vec!["网络安全法".into()] }).is_err());
    assert!(f.svc.set_study_laws(&staff, StudyLawsRequest { laws: vec!["宪法".into()] }).is_err());
}

#[test]
fn a_law_imported_from_its_text_arrives_outside_the_scope_and_can_be_studied() {
    let f = Fixture::new();
    let org = f.organizer();
    let preview = f.svc.preview_law_import(&org, &md("测试示范法.md", TEST_LAW)).expect("preview");
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    assert_eq!((preview.id.as_str(), preview.articles, preview.existing), ("测试示范法", 5, false));
    assert_eq!(
        preview.outline.iter().map(|o| (o.name.as_str(), o.articles)).collect::<Vec<_>>(),
        vec![("第一章　总则", 2), ("第二章　示范规则", 3)]
    );
    assert!(f.svc.law_list(&org).expect("list").laws.iter().all(|l| l.id != "测试示范法"), "a preview keeps nothing");
    let done = f.svc.import_law(&org, &md("测试示范法.md", TEST_LAW)).expect("import");
    assert_eq!((done.law.articles, done.law.enabled, done.law.builtin), (5, false, false));
    let staff = f.staff(&org, "A001", "张三", "办公室");
    assert!(f.svc.library_tree(&staff, law("测试示范法")).is_err(), "outside the scope until enabled");
    f.svc.set_study_laws(&org, StudyLawsRequest { laws: vec!["宪法".into(), "测试示范法".into()] }).expect("enabled");
    let art = f.svc.library_articles(&staff, law("测试示范法"), 3, 3).expect("article");
    assert_eq!(art[0].segments[0].text, "示范单位应当建立健全示范管理制度。\n示范单位应当每年开展一次示范检查。");
    // Questions for it come in through the question import, by the law's name.
    f.svc.import_questions(&org, &question_json("sf-001", "测试示范法", 3, "每年开展一次示范检查")).expect("question");
    let home = f.svc.home(&staff).expect("home");
    assert!(home.subjects.iter().any(|c| c.subject.name() == "测试示范法" && c.total == 1));
    let audit = f.svc.audit_log(&org, 20).expect("audit");
    assert!(audit.iter().any(|e| e.action == "导入法律"));
}

#[test]
fn a_broken_text_is_refused_whole_with_every_problem_by_line() {
    let f = Fixture::new();
    let org = f.organizer();
    let broken = TEST_LAW.replace("第四条", "第六条");
    let preview = f.svc.preview_law_import(&org, &md("坏.md", &broken)).expect("a preview with problems");
    assert!(!preview.problems.is_empty());
    let gap_line = broken.lines().position(|l| l.starts_with("第六条")).expect("line") + 1;
    assert!(preview.problems.iter().any(|p| p.line == gap_line), "{:?}", preview.problems);
    let err = f.svc.import_law(&org, &md("坏.md", &broken)).expect_err("refused").to_string();
    assert!(err.contains("没有导入") && err.contains(&format!("第 {gap_line} 行")), "{err}");
    assert!(f.svc.law_list(&org).expect("list").laws.iter().all(|l| l.id != "测试示范法"), "nothing kept");
    // Not a law file at all, and the wrong kind of file.
    assert!(f.svc.preview_law_import(&org, &md("x.pdf", TEST_LAW)).is_err());
    assert!(f.svc.preview_law_import(&org, &md("空.md", "")).is_err());
    let staff = f.staff(&org, "A001", "张三", "办公室");
    assert!(f.svc.preview_law_import(&staff, &md("测试示范法.md", TEST_LAW)).is_err(), "organizers only");
}

#[test]
fn a_new_edition_sets_aside_exactly_the_questions_whose_quote_it_breaks() {
    let f = Fixture::new();
    let org = f.organizer();
    f.svc.import_law(&org, &md("测试示范法.md", TEST_LAW)).expect("first edition");
    f.svc.import_questions(&org, &question_json("sf-001", "测试示范法", 3, "每年开展一次示范检查")).expect("q1");
    f.svc.import_questions(&org, &question_json("sf-002", "测试示范法", 3, "建立健全示范管理制度")).expect("q2");
    f.svc.import_questions(&org, &question_json("sf-003", "测试示范法", 4, "不得非法干扰示范活动")).expect("q3");
    // The new edition changes the wording of 第三条's second paragraph only.
    let second = TEST_LAW.replace("每年开展一次示范检查", "每半年开展一次示范检查");
    let preview = f.svc.preview_law_import(&org, &md("测试示范法.md", &second)).expect("preview");
    assert!(preview.existing, "a new edition of a law that is here");
    assert_eq!(
        preview.changes.iter().map(|c| (c.article, c.change.as_str())).collect::<Vec<_>>(),
        vec![(3, "changed")]
    );
    assert_eq!(preview.set_aside.iter().map(|q| q.id.as_str()).collect::<Vec<_>>(), vec!["sf-001"]);
    let done = f.svc.import_law(&org, &md("测试示范法.md", &second)).expect("new edition");
    assert_eq!((done.changed, done.added, done.removed, done.set_aside), (1, 0, 0, 1));
    let aside = f.svc.set_aside_questions(&org).expect("set aside");
    assert_eq!(aside.iter().map(|q| q.id.as_str()).collect::<Vec<_>>(), vec!["sf-001"]);
    assert!(aside[0].reason.contains("第三条"), "{}", aside[0].reason);
    // Set aside: kept, never practised; the other two stay.
    f.svc.set_study_laws(&org, StudyLawsRequest { laws: vec!["测试示范法".into()] }).expect("enabled");
    let staff = f.staff(&org, "A001", "张三", "办公室");
    let set = f
        .svc
        .practice_start(
            &staff,
            PracticeStartRequest {
                scope: Scope { subject: law("测试示范法"), part: None, chapter: None },
                order: Default::default(),
                filter: Default::default(),
            },
        )
        .expect("practice");
    let ids: Vec<String> = set.ids.iter().map(ToString::to_string).collect();
    assert_eq!(ids, vec!["sf-002", "sf-003"]);
    // Fixing it: the same id imported again with a verbatim quote.
    f.svc.import_questions(&org, &question_json("sf-001", "测试示范法", 3, "每半年开展一次示范检查")).expect("the fix");
    assert!(f.svc.set_aside_questions(&org).expect("list").is_empty(), "fixed");
    assert_eq!(
        f.svc.law_list(&org).expect("list").laws.iter().find(|l| l.id == "测试示范法").map(|l| l.questions),
        Some(3)
    );
}

#[test]
fn made_up_law_names_are_refused_without_being_remembered() {
    let f = Fixture::new();
    let org: Actor = f.organizer();
    for i in 0..50 {
        let name = format!("不存在的法律{i}");
        assert!(lawquiz::service::api::law_named(&name).is_err());
        assert!(Law::existing(&name).is_none(), "a request never adds a name");
    }
    assert!(f
        .svc
        .library_search(&org, SearchRequest { query: "人民".into(), law: Some("没有这部法".into()) })
        .is_err());
}
