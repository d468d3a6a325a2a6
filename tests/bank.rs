//! The shipped bank (questions/bank/): valid, verbatim, and meeting the
//! targets of the bank issue (size, cases, coverage, listed topics, difficulty
//! rubric, same-fact groups, stored keys, 竞赛专用). Prints the coverage table.

use crate::util::{bank, law_texts};
use lawquiz::core::bank::{check_files, EMBEDDED};
use lawquiz::core::coverage::{coverage, Coverage, CASE_TAG};
use lawquiz::core::law::{ArticleRef, Law};
use lawquiz::core::question::QType;

/// The loader accepts the whole bank: every quote verbatim in its article (or
/// 题注), every article exists, answers well formed, ids and stems unique.
#[test]
fn the_whole_bank_loads_with_zero_errors() {
    let qs = bank();
    assert!(qs.len() >= 30, "the bank has questions");
}

#[test]
fn every_explanation_names_its_article() {
    let laws = law_texts();
    let mut missing = Vec::new();
    for q in bank() {
        let b = q.basis.as_ref().expect("shipped questions have a basis");
        let label = match b.article {
            ArticleRef::Article(0) => "序言".to_string(),
            ArticleRef::Article(n) => laws.article(b.law, n).expect("article").label.clone(),
            ArticleRef::TitleNote => "题注".to_string(),
        };
        let law_named = q.explanation.contains(b.law.name());
        if !q.explanation.contains(&label) || !law_named {
            missing.push(format!("{}: 解析应写明《{}》{}", q.id, b.law.name(), label));
        }
    }
    assert!(missing.is_empty(), "{} explanations do not name their article:\n{}", missing.len(), missing.join("\n"));
}

fn bank_coverage() -> Coverage {
    let laws = law_texts();
    let (qs, errors) = check_files(&EMBEDDED.inflate().expect("the embedded bank").list(), &laws);
    coverage(&qs, &errors, &laws)
}

/// Protects the law packs' question floors: at least 60 each for 数据安全法
/// and 个人信息保护法 (a third of them cases), 60 across the flag, emblem and
/// anthem laws, the amendments and the oath, and 25 for each of the five
/// administrative laws; every pack question cites its own law.
#[test]
fn the_law_packs_meet_their_question_floors() {
    let cov = bank_coverage();
    let n = |name: &str| cov.count_subject(crate::util::law(name));
    for big in ["数据安全法", "个人信息保护法"] {
        assert!(n(big) >= 60, "{big} >= 60, have {}", n(big));
        let row = cov.subject(crate::util::law(big));
        assert!(row.cases * 3 >= row.questions, "{big}: a third cases, have {}/{}", row.cases, row.questions);
    }
    let history: usize = ["国旗法", "国徽法", "国歌法", "宪法修正案", "宪法宣誓誓词"].iter().map(|l| n(l)).sum();
    assert!(history >= 60, "flag, emblem, anthem, amendments and oath >= 60, have {history}");
    for law in ["立法法", "监察法", "公职人员政务处分法", "行政处罚法", "行政许可法"] {
        assert!(n(law) >= 25, "{law} >= 25, have {}", n(law));
    }
    let texts = crate::util::law_texts();
    for q in bank() {
        let info = texts.info(q.subject).expect("a known subject");
        if let (false, Some(b)) = (info.is_topic(), &q.basis) {
            assert_eq!(b.law, q.subject, "{} cites its own law", q.id);
        }
    }
}

#[test]
fn coverage_meets_the_bank_targets() {
    let cov = bank_coverage();
    println!("{}", cov.table());
    println!("{}", cov.summary_line());
    assert_eq!(cov.errors, 0, "bank errors");

    // Every chapter of the two main laws has a question (the packs' floors are per law, below).
    let main_laws = [crate::util::law("宪法"), crate::util::law("民法典")];
    let uncovered: Vec<String> = cov
        .uncovered()
        .iter()
        .filter(|c| main_laws.contains(&c.law))
        .map(|c| format!("《{}》{}", c.law.name(), c.chapter))
        .collect();
    assert!(uncovered.is_empty(), "chapters without a question: {uncovered:?}");

    let n = cov.total as f64;
    assert!(cov.total >= 1500, "at least 1,500 questions, have {}", cov.total);
    let xf = cov.count_subject(crate::util::law("宪法"));
    let mf = cov.count_subject(crate::util::law("民法典"));
    assert!(xf >= 450, "宪法 >= 450, have {xf}");
    assert!(mf >= 900, "民法典 >= 900, have {mf}");
    assert!(cov.count_subject(crate::util::law("宪法日常识")) >= 30, "宪法日常识 >= 30");
    for (t, min) in [(QType::Single, 0.40), (QType::Multi, 0.20), (QType::Judge, 0.20), (QType::Fill, 0.05)] {
        let share = cov.count_type(t) as f64 / n;
        assert!(share >= min, "{} share {share:.3} < {min}", t.name());
    }
    // Difficulty follows the rubric, not a quota; the bank still spans all three levels.
    for d in 1..=3u8 {
        let share = cov.by_difficulty.get(&d).copied().unwrap_or(0) as f64 / n;
        assert!(share >= 0.05, "difficulty {d} share {share:.3} < 0.05");
    }
    let judges = (cov.judge_true + cov.judge_false) as f64;
    let true_share = cov.judge_true as f64 / judges;
    assert!((0.4..=0.6).contains(&true_share), "判断 about half true: {true_share:.2}");

    // At least 30% cases in each law.
    for s in [crate::util::law("宪法"), crate::util::law("民法典")] {
        let row = cov.subject(s);
        let need = (row.questions * 3).div_ceil(10);
        assert!(
            row.cases >= need,
            "{} cases {}/{} = {:.1}% < 30% (short by {})",
            s.name(),
            row.cases,
            row.questions,
            cov.case_share(s) * 100.0,
            need - row.cases
        );
    }

    // Every 宪法 article (序言 as one) has a question; at least 700 民法典 articles.
    let xf_articles = cov.article_row(crate::util::law("宪法"));
    assert!(xf_articles.missing.is_empty(), "宪法 articles without a question: {:?}", xf_articles.missing);
    let mf_articles = cov.article_row(crate::util::law("民法典"));
    assert!(mf_articles.covered >= 700, "民法典 articles covered {} < 700", mf_articles.covered);

    // Every 民法典 章: at least one question per four articles.
    let thin: Vec<String> = cov
        .thin_civil_chapters()
        .iter()
        .map(|c| format!("{} {}: {} 条 / {} 题", c.part.as_deref().unwrap_or(""), c.chapter, c.articles, c.questions))
        .collect();
    assert!(thin.is_empty(), "民法典 chapters under one question per four articles: {thin:?}");

    // The listed topics: at least two questions each, one of them a case.
    let short: Vec<String> = cov
        .topics
        .iter()
        .filter(|t| t.questions < 2 || t.cases < 1)
        .map(|t| format!("{} ({:?}): {} questions, {} cases", t.topic, t.articles, t.questions, t.cases))
        .collect();
    assert!(short.is_empty(), "topics short of 2 questions with 1 case: {short:?}");

    // 人格权, 婚姻家庭, 继承 and 侵权责任 weighted toward what citizens meet.
    let citizen = cov.citizen_share();
    assert!(citizen >= 0.35, "人格权+婚姻家庭+继承+侵权责任 {:.1}% of 民法典 questions < 35%", citizen * 100.0);

    assert!(cov.contest_only >= 300, "竞赛专用 >= 300, have {}", cov.contest_only);
}

/// Stored keys spread over the letters: harmless in the app (it shuffles),
/// but visible in every export and printout of the bank.
#[test]
fn stored_keys_are_spread_over_the_letters() {
    let cov = bank_coverage();
    for letter in ['A', 'B', 'C', 'D'] {
        let share = cov.letter_share(letter);
        assert!((0.20..=0.30).contains(&share), "单选 keys at {letter}: {:.1}% (want 20–30%)", share * 100.0);
    }
    let prefix = cov.prefix_share();
    assert!(prefix <= 0.50, "多选 keys that are a prefix (AB, ABC…): {:.1}% > 50%", prefix * 100.0);
}

/// The rubric where the text shows the level: one blank is a recall (never 3),
/// and a case asks at least to tell rules apart (never 1).
#[test]
fn difficulty_follows_the_rubric() {
    let qs = bank();
    let fill3: Vec<&str> =
        qs.iter().filter(|q| q.qtype == QType::Fill && q.difficulty >= 3).map(|q| q.id.as_str()).collect();
    assert!(fill3.is_empty(), "填空 at difficulty 3 (a one-blank recall is at most 2): {fill3:?}");
    let case1: Vec<&str> = qs
        .iter()
        .filter(|q| q.difficulty <= 1 && q.tags.iter().any(|t| t == CASE_TAG))
        .map(|q| q.id.as_str())
        .collect();
    assert!(case1.is_empty(), "案例 at difficulty 1: {case1:?}");
}

/// A same-fact group keeps its members out of one paper: a group of one is a typo.
#[test]
fn same_fact_groups_have_at_least_two_members() {
    let mut groups: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
    let qs = bank();
    for q in &qs {
        if let Some(g) = &q.group {
            groups.entry(g.as_str()).or_default().push(q.id.as_str());
        }
    }
    let lonely: Vec<String> =
        groups.iter().filter(|(_, ids)| ids.len() < 2).map(|(g, ids)| format!("{g}: {ids:?}")).collect();
    assert!(lonely.is_empty(), "groups with one member: {lonely:?}");
    // The clusters the bank issue names are grouped.
    for ids in [
        ["xf-gq-001", "xf-gq-002", "xfr-020"].as_slice(),
        &["xf-gq-003", "xfr-021", "xfr-022"],
        &["xf-gq-004", "xfr-023"],
        &["xfr-016", "xfr-017", "xfr-018"],
        &["xfr-006", "xfr-007", "xfr-012", "xfr-013"],
        &["xfr-001", "xfr-002", "xfr-003", "xfr-015"],
        &["xf-df-003", "xf-df-004"],
        &["mf-qq-001", "mf-qq-002"],
        &["mf-zz-006", "mf-zz-007"],
    ] {
        let of = |id: &str| qs.iter().find(|q| q.id.as_str() == id).and_then(|q| q.group.clone());
        let first = of(ids[0]);
        assert!(first.is_some(), "{} has no group", ids[0]);
        for id in &ids[1..] {
            assert_eq!(of(id), first, "{id} and {} share a group", ids[0]);
        }
    }
}

#[test]
fn required_articles_and_sections_have_questions() {
    let laws = law_texts();
    let qs = bank();
    let cites = |law: Law, n: u32| {
        qs.iter().any(|q| q.basis.as_ref().is_some_and(|b| b.law == law && b.article == ArticleRef::Article(n)))
    };
    for n in [17, 19, 20, 188, 1047, 1127] {
        assert!(cites(crate::util::law("民法典"), n), "民法典 第{n}条 needs a question");
    }
    // The 2018 amendment: 社会主义核心价值观, 宪法宣誓, 设区的市, 监察委员会.
    for n in [0, 24, 27, 100] {
        assert!(cites(crate::util::law("宪法"), n), "宪法 article {n} needs a question");
    }
    assert!((123..=127).any(|n| cites(crate::util::law("宪法"), n)), "宪法 第三章第七节 监察委员会");
    // Every section of 宪法 chapter 3.
    let mut sections: Vec<String> = laws
        .articles()
        .filter(|a| a.law == crate::util::law("宪法") && a.section.is_some())
        .filter_map(|a| a.section.clone())
        .collect();
    sections.dedup();
    assert_eq!(sections.len(), 8);
    for s in sections {
        let covered = qs.iter().any(|q| {
            q.basis.as_ref().is_some_and(|b| match b.article {
                ArticleRef::Article(n) if b.law == crate::util::law("宪法") => {
                    laws.article(crate::util::law("宪法"), n).is_some_and(|a| a.section.as_deref() == Some(s.as_str()))
                }
                _ => false,
            })
        });
        assert!(covered, "宪法 第三章 {s} needs a question");
    }
    // Practice by chapter offers every chapter of each law under that law.
    for law in [crate::util::law("宪法"), crate::util::law("民法典")] {
        let subject =
            if law == crate::util::law("宪法") { crate::util::law("宪法") } else { crate::util::law("民法典") };
        let mut missing = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for a in laws.articles().filter(|a| a.law == law) {
            let key = (a.part.clone(), a.chapter.clone());
            if !seen.insert(key.clone()) {
                continue;
            }
            let has = qs.iter().any(|q| {
                q.subject == subject
                    && q.basis.as_ref().is_some_and(|b| match b.article {
                        ArticleRef::Article(n) => {
                            laws.article(law, n).is_some_and(|x| (x.part.clone(), x.chapter.clone()) == key)
                        }
                        ArticleRef::TitleNote => false,
                    })
            });
            if !has {
                missing.push(format!("{:?} {:?}", key.0, key.1));
            }
        }
        assert!(missing.is_empty(), "{} chapters without a {} question: {missing:?}", law.name(), subject.name());
    }
    // Constitution Day questions rest on the 序言, an article or the 题注.
    let day = qs.iter().filter(|q| q.subject == crate::util::law("宪法日常识")).count();
    assert!(day >= 30, "宪法日常识 >= 30, have {day}");
}
