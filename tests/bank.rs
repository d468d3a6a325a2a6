//! The shipped bank (questions/bank/): valid, verbatim, and covering both laws
//! in the proportions the bank issue sets. Prints the coverage table.

use crate::util::{bank, law_texts};
use lawquiz::core::bank::{check_files, EMBEDDED_FILES};
use lawquiz::core::coverage::coverage;
use lawquiz::core::law::{ArticleRef, Law};
use lawquiz::core::question::{QType, Subject};

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

#[test]
fn coverage_meets_the_bank_targets() {
    let laws = law_texts();
    let (qs, errors) = check_files(EMBEDDED_FILES, &laws);
    let cov = coverage(&qs, &errors, &laws);
    println!("{}", cov.table());
    println!("{}", cov.summary_line());
    assert_eq!(cov.errors, 0, "bank errors");

    let uncovered: Vec<String> = cov.uncovered().iter().map(|c| format!("《{}》{}", c.law.name(), c.chapter)).collect();
    assert!(uncovered.is_empty(), "chapters without a question: {uncovered:?}");

    let n = cov.total as f64;
    assert!(cov.total >= 600, "at least 600 questions, have {}", cov.total);
    assert!(cov.count_subject(Subject::Constitution) >= 220, "宪法 >= 220");
    assert!(cov.count_subject(Subject::CivilCode) >= 350, "民法典 >= 350");
    assert!(cov.count_subject(Subject::ConstitutionDay) >= 30, "宪法日常识 >= 30");
    for (t, min) in [(QType::Single, 0.40), (QType::Multi, 0.20), (QType::Judge, 0.20), (QType::Fill, 0.05)] {
        let share = cov.count_type(t) as f64 / n;
        assert!(share >= min, "{} share {share:.3} < {min}", t.name());
    }
    for d in 1..=3u8 {
        let share = cov.by_difficulty.get(&d).copied().unwrap_or(0) as f64 / n;
        assert!(share >= 0.20, "difficulty {d} share {share:.3} < 0.20");
    }
    let judges = (cov.judge_true + cov.judge_false) as f64;
    let true_share = cov.judge_true as f64 / judges;
    assert!((0.4..=0.6).contains(&true_share), "判断 about half true: {true_share:.2}");

    // 民法典: each 编 roughly in proportion to its articles, 合同编 the largest.
    for p in cov.civil_parts.iter().filter(|p| p.articles >= 40) {
        let ratio = p.question_share / p.article_share;
        assert!(
            (0.6..=1.7).contains(&ratio),
            "{} share of questions {:.3} vs articles {:.3}",
            p.part,
            p.question_share,
            p.article_share
        );
    }
    let largest = cov.civil_parts.iter().max_by_key(|p| p.questions).expect("parts");
    assert!(largest.part.contains("合同"), "合同编 has the most questions, not {}", largest.part);
}

#[test]
fn required_articles_and_sections_have_questions() {
    let laws = law_texts();
    let qs = bank();
    let cites = |law: Law, n: u32| {
        qs.iter().any(|q| q.basis.as_ref().is_some_and(|b| b.law == law && b.article == ArticleRef::Article(n)))
    };
    for n in [17, 19, 20, 188, 1047, 1127] {
        assert!(cites(Law::CivilCode, n), "民法典 第{n}条 needs a question");
    }
    // The 2018 amendment: 社会主义核心价值观, 宪法宣誓, 设区的市, 监察委员会.
    for n in [0, 24, 27, 100] {
        assert!(cites(Law::Constitution, n), "宪法 article {n} needs a question");
    }
    assert!((123..=127).any(|n| cites(Law::Constitution, n)), "宪法 第三章第七节 监察委员会");
    // Every section of 宪法 chapter 3.
    let mut sections: Vec<String> = laws
        .articles()
        .filter(|a| a.law == Law::Constitution && a.section.is_some())
        .filter_map(|a| a.section.clone())
        .collect();
    sections.dedup();
    assert_eq!(sections.len(), 8);
    for s in sections {
        let covered = qs.iter().any(|q| {
            q.basis.as_ref().is_some_and(|b| match b.article {
                ArticleRef::Article(n) if b.law == Law::Constitution => {
                    laws.article(Law::Constitution, n).is_some_and(|a| a.section.as_deref() == Some(s.as_str()))
                }
                _ => false,
            })
        });
        assert!(covered, "宪法 第三章 {s} needs a question");
    }
    // Practice by chapter offers every chapter of each law under that law.
    for law in [Law::Constitution, Law::CivilCode] {
        let subject = if law == Law::Constitution { Subject::Constitution } else { Subject::CivilCode };
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
    let day = qs.iter().filter(|q| q.subject == Subject::ConstitutionDay).count();
    assert!(day >= 30, "宪法日常识 >= 30, have {day}");
}
