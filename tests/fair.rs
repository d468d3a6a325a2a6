//! The fair contest (C10) at the service layer, on a real database file: no
//! key reaches a person while their attempt runs, by any route; 竞赛专用
//! questions stay out of practice until their contest is published; option
//! ids are display positions whose key is uniform over the shipped bank;
//! sessions end when the account changes; a wrong code never blocks
//! another person's right one; the lockout table stays bounded.

use crate::practice::{right_response, shown_for_practice, wrong_response};
use crate::util::{bank, law_texts, practice_bank, Fixture};
use lawquiz::core::law::ArticleRef;
use lawquiz::core::paper::{draw_paper, DrawRule, PaperItem, Pool, QuestionMeta};
use lawquiz::core::practice::{Filter, Order, Scope};
use lawquiz::core::question::{AnswerKey, QType, Question, Subject};
use lawquiz::service::api::*;
use lawquiz::service::auth::Actor;
use lawquiz::service::contest_only::ContestOnlyRequest;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use time::Duration;

fn rule(count: u32, qtype: QType, subject: Subject, pool: Pool) -> DrawRule {
    DrawRule { count, qtype, scope: Scope { subject, part: None, chapter: None }, difficulty: None, points: 10, pool }
}

fn spec(paper: Vec<DrawRule>) -> ContestSpec {
    ContestSpec {
        title: "公平竞答".into(),
        opens_at: "2026-12-04T08:00".into(),
        closes_at: "2026-12-04T18:00".into(),
        time_limit_minutes: 30,
        attempts_allowed: 2,
        counting: Counting::Best,
        pass_mark: 0,
        review: ReviewRule::AfterSubmit,
        multi_scoring: Default::default(),
        paper,
        tiers: vec![],
        lottery: None,
        library_during_attempt: false,
    }
}

fn open(f: &Fixture, org: &Actor, s: ContestSpec) -> lawquiz::core::ids::ContestId {
    let c = f.svc.save_contest(org, SaveContestRequest { id: None, spec: s }).expect("saved");
    f.svc.set_contest_state(org, SetStateRequest { id: c.id, state: "open".into() }).expect("opened");
    c.id
}

fn a_single(bank: &[Question]) -> Question {
    bank.iter().find(|q| q.qtype == QType::Single && q.subject == crate::util::law("民法典")).cloned().expect("单选")
}

fn code_of<T: std::fmt::Debug>(r: lawquiz::error::Result<T>) -> &'static str {
    r.err().map(|e| e.code()).unwrap_or("ok")
}

/// Protects "no key while an attempt is open": practice, the wrong-answer
/// book, the questions of an article, the review of an earlier attempt and
/// (by default) the library are refused for the person, in every session of
/// theirs, with the Chinese reason; they open again after the hand-in.
#[test]
fn every_route_that_shows_a_key_is_refused_while_an_attempt_runs() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let other_session = f.staff_session("1001");
    let bank = practice_bank();
    let q = a_single(&bank);
    let wrong = shown_for_practice(&f, &me, &q, wrong_response(&q));
    f.svc.practice_answer(&me, PracticeAnswerRequest { question_id: q.id.clone(), response: wrong }).expect("wrong");

    let id = open(&f, &org, spec(vec![rule(3, QType::Judge, crate::util::law("宪法"), Pool::Any)]));
    let first = f.svc.start_attempt(&me, id).expect("first attempt");
    f.svc.submit_attempt(&me, first.attempt_id).expect("handed in");
    let second = f.svc.start_attempt(&me, id).expect("second attempt runs");

    let article = match q.basis.as_ref().expect("basis").article {
        ArticleRef::Article(n) => n,
        ArticleRef::TitleNote => 1,
    };
    for who in [&me, &other_session] {
        let scope = Scope { subject: crate::util::law("民法典"), part: None, chapter: None };
        let refused = [
            (
                "practice_start",
                code_of(f.svc.practice_start(
                    who,
                    PracticeStartRequest { scope, order: Order::Sequential, filter: Filter::All },
                )),
            ),
            ("practice_question", code_of(f.svc.practice_question(who, QuestionRequest { id: q.id.clone() }))),
            (
                "practice_answer",
                code_of(f.svc.practice_answer(
                    who,
                    PracticeAnswerRequest { question_id: q.id.clone(), response: right_response(&q) },
                )),
            ),
            ("wrong_book_set", code_of(f.svc.wrong_book_set(who))),
            ("article_questions", code_of(f.svc.article_questions(who, crate::util::law("民法典"), article))),
            ("attempt_result (earlier)", code_of(f.svc.attempt_result(who, first.attempt_id))),
            ("library_tree", code_of(f.svc.library_tree(who, crate::util::law("民法典")))),
            ("library_articles", code_of(f.svc.library_articles(who, crate::util::law("民法典"), 1, 10))),
            ("library_search", code_of(f.svc.library_search(who, SearchRequest { query: "人格权".into(), law: None }))),
        ];
        for (route, code) in refused {
            assert_eq!(code, "contest_in_progress", "{route} during the attempt");
        }
    }
    let e = f.svc.wrong_book_set(&me).expect_err("refused");
    assert!(e.to_string().contains("竞答进行中"), "the reason in Chinese: {e}");
    // What carries no key stays: home and the attempt itself.
    assert!(f.svc.home(&me).is_ok());
    assert_eq!(f.svc.attempt(&me, second.attempt_id).expect("the paper").items.len(), 3);

    f.svc.submit_attempt(&me, second.attempt_id).expect("handed in");
    assert!(f.svc.practice_question(&me, QuestionRequest { id: q.id.clone() }).is_ok(), "practice opens again");
    assert!(f.svc.wrong_book_set(&me).expect("book").ids.contains(&q.id));
    assert!(f.svc.attempt_result(&me, first.attempt_id).expect("review").review.is_some());
    assert!(f.svc.library_tree(&me, crate::util::law("民法典")).is_ok());
}

/// Protects the contest setting 答题期间可查阅法条原文: the law texts open,
/// practice (keys) stays closed; and an attempt whose time ran out blocks
/// nothing (it is finalised on the way).
#[test]
fn the_library_can_stay_open_and_an_expired_attempt_blocks_nothing() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let mut s = spec(vec![rule(2, QType::Judge, crate::util::law("宪法"), Pool::Any)]);
    s.library_during_attempt = true;
    let id = open(&f, &org, s);
    let a = f.svc.start_attempt(&me, id).expect("attempt");
    assert!(f.svc.library_search(&me, SearchRequest { query: "人格权".into(), law: None }).is_ok());
    assert_eq!(code_of(f.svc.article_questions(&me, crate::util::law("宪法"), 1)), "contest_in_progress");
    assert_eq!(code_of(f.svc.wrong_book_set(&me)), "contest_in_progress");
    f.clock.advance(Duration::minutes(31));
    assert!(f.svc.wrong_book_set(&me).is_ok(), "time ran out: practice opens");
    assert_eq!(f.svc.attempt_result(&me, a.attempt_id).expect("result").state, "expired");
}

/// Protects 竞赛专用题: reserved questions appear nowhere in practice (scope,
/// single question, article questions, the wrong-answer book) until a
/// published contest used them; a rule can draw only from them; publishing
/// releases exactly the ones on its papers.
#[test]
fn contest_only_questions_stay_out_of_practice_until_their_contest_is_published() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let bank = bank();
    let laws = law_texts();
    let chapter = laws.article(crate::util::law("宪法"), 1).and_then(|a| a.chapter.clone()).expect("总纲");
    let in_chapter: Vec<&Question> = bank
        .iter()
        .filter(|q| {
            q.subject == crate::util::law("宪法")
                && q.basis
                    .as_ref()
                    .and_then(|b| b.article.number())
                    .and_then(|n| laws.article(crate::util::law("宪法"), n))
                    .and_then(|a| a.chapter.clone())
                    .as_deref()
                    == Some(chapter.as_str())
        })
        .collect();
    let judge =
        in_chapter.iter().find(|q| q.qtype == QType::Judge && !q.contest_only).copied().expect("a 判断 in 总纲");
    let wrong = shown_for_practice(&f, &me, judge, wrong_response(judge));
    f.svc
        .practice_answer(&me, PracticeAnswerRequest { question_id: judge.id.clone(), response: wrong })
        .expect("wrong");
    assert!(f.svc.wrong_book_set(&me).expect("book").ids.contains(&judge.id));

    let scope = Scope { subject: crate::util::law("宪法"), part: None, chapter: Some(chapter.clone()) };
    let counts = f
        .svc
        .set_contest_only(&org, ContestOnlyRequest { scope: scope.clone(), qtype: None, on: true })
        .expect("reserved");
    let xf = counts.iter().find(|c| c.subject == crate::util::law("宪法")).expect("宪法");
    assert!(xf.reserved >= in_chapter.len() as i64, "the chapter is reserved: {xf:?}");
    assert_eq!(
        code_of(f.svc.set_contest_only(&me, ContestOnlyRequest { scope: scope.clone(), qtype: None, on: true })),
        "forbidden"
    );

    let all = PracticeStartRequest { scope: scope.clone(), order: Order::Sequential, filter: Filter::All };
    assert!(f.svc.practice_start(&me, all.clone()).expect("set").ids.is_empty(), "nothing of the chapter to practise");
    assert_eq!(code_of(f.svc.practice_question(&me, QuestionRequest { id: judge.id.clone() })), "not_found");
    assert!(!f.svc.wrong_book_set(&me).expect("book").ids.contains(&judge.id), "out of the wrong-answer book");
    let article = judge.basis.as_ref().and_then(|b| b.article.number()).expect("article");
    assert!(f.svc.article_questions(&me, crate::util::law("宪法"), article).expect("list").is_empty());

    // A contest drawing only reserved questions, then published.
    let mut s = spec(vec![rule(4, QType::Judge, crate::util::law("宪法"), Pool::ContestOnly)]);
    // Drawn from the chapter only: the shipped bank has 竞赛专用 questions elsewhere too.
    s.paper[0].scope.chapter = Some(chapter.clone());
    s.attempts_allowed = 1;
    let id = open(&f, &org, s);
    let a = f.svc.start_attempt(&me, id).expect("attempt");
    let paper: Vec<PaperItem> = f
        .svc
        .db()
        .read(|c| {
            Ok(serde_json::from_str(
                &c.query_row("SELECT paper FROM attempt WHERE id = ?1", [a.attempt_id], |r| r.get::<_, String>(0))?,
            )?)
        })
        .expect("paper");
    let reserved_ids: std::collections::HashSet<_> = in_chapter.iter().map(|q| q.id.clone()).collect();
    assert!(paper.iter().all(|p| reserved_ids.contains(&p.question_id)), "the rule drew reserved questions only");
    f.svc.submit_attempt(&me, a.attempt_id).expect("handed in");
    for state in ["closed", "published"] {
        f.svc.set_contest_state(&org, SetStateRequest { id, state: state.into() }).expect("state");
    }
    for p in &paper {
        assert!(f.svc.practice_question(&me, QuestionRequest { id: p.question_id.clone() }).is_ok(), "released");
    }
    let now = f.svc.practice_start(&me, all).expect("set").ids;
    assert_eq!(now.len(), paper.len(), "exactly the questions of the published papers are released");
}

/// Chi-square statistic of counts against a uniform spread.
fn chi_square(counts: &[u64]) -> f64 {
    let n: u64 = counts.iter().sum();
    let e = n as f64 / counts.len() as f64;
    counts.iter().map(|&c| (c as f64 - e).powi(2) / e).sum()
}

/// Protects "option ids that say nothing": over the shipped bank, whose
/// stored keys lean on the first option, the id of the correct option as a
/// page receives it (its display position) is uniform over many drawn
/// papers, and "always the first option" scores at chance.
#[test]
fn the_correct_options_id_as_sent_is_uniform_over_the_shipped_bank() {
    let bank = bank();
    let metas: Vec<QuestionMeta> = bank
        .iter()
        .map(|q| QuestionMeta {
            id: q.id.clone(),
            subject: q.subject,
            qtype: q.qtype,
            part: None,
            chapter: None,
            difficulty: q.difficulty,
            n_options: q.options.len() as u8,
            group: None,
            contest_only: false,
        })
        .collect();
    let key_of = |id: &lawquiz::core::ids::QuestionId| match &bank.iter().find(|q| &q.id == id).expect("q").key {
        AnswerKey::Choice { keys } => keys[0],
        _ => unreachable!("only 单选 drawn"),
    };
    let four: Vec<&Question> = bank.iter().filter(|q| q.qtype == QType::Single && q.options.len() == 4).collect();
    let stored_first = four.iter().filter(|q| q.key == AnswerKey::Choice { keys: vec![0] }).count();
    let rules = vec![
        rule(20, QType::Single, crate::util::law("宪法"), Pool::Any),
        rule(20, QType::Single, crate::util::law("民法典"), Pool::Any),
    ];
    let mut sent = [0u64; 4];
    for seed in 0..1500 {
        for item in draw_paper(&rules, &metas, &mut ChaCha8Rng::seed_from_u64(seed)).expect("paper") {
            if item.option_order.len() == 4 {
                let key = key_of(&item.question_id);
                sent[item.option_order.iter().position(|&k| k == key).expect("key shown")] += 1;
            }
        }
    }
    let chi = chi_square(&sent);
    // df = 3: 16.27 is the 0.1% point; the seeds are fixed, so this is exact.
    assert!(chi < 16.27, "id of the correct option as sent: {sent:?}, chi-square {chi:.1}");
    let n: u64 = sent.iter().sum();
    assert!((sent[0] as f64 / n as f64 - 0.25).abs() < 0.01, "first option right about a quarter: {sent:?}");
    println!("stored keys on the first option: {stored_first} of {}; sent: {sent:?}, chi-square {chi:.2}", four.len());
}

/// The same through the practice use case: the position of the right
/// option in what the page receives is uniform, and the answer in positions
/// grades right.
#[test]
fn practice_sends_positions_and_grades_them_back() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let bank = practice_bank();
    let four: Vec<&Question> = bank.iter().filter(|q| q.qtype == QType::Single && q.options.len() == 4).collect();
    let mut seen = [0u64; 4];
    for q in four.iter().cycle().take(400) {
        let view = f.svc.practice_question(&me, QuestionRequest { id: q.id.clone() }).expect("view");
        let AnswerKey::Choice { keys } = &q.key else { unreachable!() };
        let right_text = &q.options[keys[0] as usize];
        let pos = view.options.iter().position(|o| &o.text == right_text).expect("shown");
        assert_eq!(view.options[pos].id as usize, pos, "an option's id is its display position");
        seen[pos] += 1;
    }
    // df = 3, the 1e-6 point (the shuffle is random here): never flaky.
    assert!(chi_square(&seen) < 30.7, "position of the right option: {seen:?}");
    let q = four[0];
    let response = shown_for_practice(&f, &me, q, right_response(q));
    let fb = f.svc.practice_answer(&me, PracticeAnswerRequest { question_id: q.id.clone(), response }).expect("graded");
    assert!(fb.correct);
    let bad = f.svc.practice_answer(
        &me,
        PracticeAnswerRequest {
            question_id: q.id.clone(),
            response: lawquiz::core::grading::Response::Choice { keys: vec![9] },
        },
    );
    assert_eq!(code_of(bad), "invalid_input", "a position that was never shown is refused");
}

/// Protects "sessions follow the account": 重置 PIN and 停用 end every
/// session of the person at once, kept ones included (a restarted host).
#[test]
fn sessions_end_when_the_pin_is_reset_or_the_person_is_deactivated() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let token = f.token_of("1001");
    assert!(f.svc.authenticate(&token).is_ok());
    let Actor::Staff { id, .. } = me else { unreachable!() };
    f.svc.reset_pin(&org, id).expect("reset");
    assert_eq!(code_of(f.svc.authenticate(&token)), "unauthorized", "dead after 重置 PIN");
    let kept = f
        .svc
        .db()
        .read(|c| Ok(c.query_row("SELECT count(*) FROM session WHERE role = 'staff'", [], |r| r.get::<_, i64>(0))?))
        .expect("n");
    assert_eq!(kept, 0, "kept sessions are gone too");

    crate::util::add_employee(&f.svc, &org, "1002", "张华", "法规科");
    let token = f.token_of("1002");
    let row = f.svc.people(&org).expect("people").employees.into_iter().find(|e| e.staff_no == "1002").expect("row");
    f.svc
        .save_employee(
            &org,
            SaveEmployeeRequest {
                id: Some(row.id),
                staff_no: "1002".into(),
                name: "张华".into(),
                department: "法规科".into(),
                active: false,
                pin: None,
            },
        )
        .expect("停用");
    assert_eq!(code_of(f.svc.authenticate(&token)), "unauthorized", "dead after 停用");
}

/// Protects "a wrong code never blocks another person's right code": wrong
/// codes lock their source address only; and the lockout table stays
/// bounded over tens of thousands of distinct failing sources.
#[test]
fn wrong_codes_lock_their_source_only_and_the_table_stays_bounded() {
    let f = Fixture::new();
    let org = f.organizer();
    crate::util::add_employee(&f.svc, &org, "1001", "李明", "办公室");
    let row = f.svc.people(&org).expect("people").employees.into_iter().find(|e| e.staff_no == "1001").expect("row");
    let code = f.svc.issue_login_codes(&org, &[row.id]).expect("codes")[0].code.clone();
    for _ in 0..8 {
        let _ = f.svc.login_code("AAAA-BBBB", "127.0.0.2");
    }
    assert_eq!(code_of(f.svc.login_code("AAAA-BBBB", "127.0.0.2")), "locked", "the guessing PC is locked");
    assert!(f.svc.login_code(&code, "127.0.0.3").is_ok(), "another PC's right code goes through");
    let locked = f.svc.audit_log(&org, 100).expect("audit");
    assert!(locked.iter().any(|r| r.action == "登录锁定" && r.detail.contains("127.0.0.2")), "the lockout is audited");

    for i in 0..12_000u32 {
        let _ = f.svc.login_code("CCCC-DDDD", &format!("10.{}.{}.{}", i >> 16, (i >> 8) & 255, i & 255));
    }
    assert!(f.svc.lockout_entries() <= 10_001, "bounded: {}", f.svc.lockout_entries());
}
