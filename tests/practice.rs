//! Practice on a real database file: questions arrive without their key,
//! grading is the backend's, feedback carries the article with the quote;
//! scopes, filters and the wrong-answer book.

use crate::util::{practice_bank, strip_ws, Fixture};
use lawquiz::core::grading::Response;
use lawquiz::core::ids::QuestionId;
use lawquiz::core::practice::{Filter, Order, Scope};
use lawquiz::core::question::{AnswerKey, Question, Subject};
use lawquiz::service::api::{OptionView, PracticeAnswerRequest, PracticeStartRequest, QuestionRequest};
use lawquiz::service::auth::Actor;
use std::collections::BTreeSet;

/// `response` (bank indices) as the page that showed `shown` sends it: in
/// display positions (matched by option text).
pub fn as_shown(q: &Question, shown: &[OptionView], response: Response) -> Response {
    match response {
        Response::Choice { keys } => {
            let mut pos: Vec<u8> = keys
                .iter()
                .map(|&k| shown.iter().position(|o| o.text == q.options[k as usize]).expect("option shown") as u8)
                .collect();
            pos.sort_unstable();
            Response::Choice { keys: pos }
        }
        other => other,
    }
}

/// Opens `q` for practice (as the page does) and returns `response` in the
/// positions it was shown in.
pub fn shown_for_practice(f: &Fixture, who: &Actor, q: &Question, response: Response) -> Response {
    let view = f.svc.practice_question(who, QuestionRequest { id: q.id.clone() }).expect("question shown");
    as_shown(q, &view.options, response)
}

pub fn right_response(q: &Question) -> Response {
    match &q.key {
        AnswerKey::Choice { keys } => Response::Choice { keys: keys.clone() },
        AnswerKey::Judge { value } => Response::Judge { value: *value },
        AnswerKey::Fill { answer, .. } => Response::Fill { text: answer.clone() },
    }
}

pub fn wrong_response(q: &Question) -> Response {
    match &q.key {
        AnswerKey::Choice { keys } => {
            let wrong = (0..q.options.len() as u8).find(|k| !keys.contains(k)).expect("a wrong option");
            Response::Choice { keys: vec![wrong] }
        }
        AnswerKey::Judge { value } => Response::Judge { value: !*value },
        AnswerKey::Fill { .. } => Response::Fill { text: "不是这个答案".into() },
    }
}

fn answer(f: &Fixture, who: &Actor, q: &Question, right: bool) -> bool {
    let response = shown_for_practice(f, who, q, if right { right_response(q) } else { wrong_response(q) });
    f.svc.practice_answer(who, PracticeAnswerRequest { question_id: q.id.clone(), response }).expect("graded").correct
}

fn scope(subject: Subject) -> Scope {
    Scope { subject, part: None, chapter: None }
}

/// Protects C5/C1: "an answer key in any payload before the person has
/// answered" must never ship. Every question of the bank is served and its
/// JSON must have exactly the key-less fields.
#[test]
fn no_question_payload_carries_its_key_or_explanation() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let allowed: BTreeSet<&str> =
        ["id", "subject", "qtype", "qtype_name", "difficulty", "stem", "options", "location"].into();
    let bank = practice_bank();
    for q in &bank {
        let view = f.svc.practice_question(&me, QuestionRequest { id: q.id.clone() }).expect("question");
        let json = serde_json::to_value(&view).expect("json");
        let keys: BTreeSet<&str> = json.as_object().expect("object").keys().map(String::as_str).collect();
        assert_eq!(keys, allowed, "question {} payload fields", view.id);
        for o in json["options"].as_array().expect("options") {
            let ok: BTreeSet<&str> = o.as_object().expect("option").keys().map(String::as_str).collect();
            assert_eq!(ok, ["id", "text"].into(), "option fields of {}", view.id);
        }
        assert!(!json.to_string().contains(&q.explanation), "explanation of {} leaked", q.id);
    }
    // A practice run is a list of ids: nothing about answers.
    let set = f
        .svc
        .practice_start(
            &me,
            PracticeStartRequest {
                scope: scope(crate::util::law("民法典")),
                order: Order::Random,
                filter: Filter::All,
            },
        )
        .expect("set");
    let json = serde_json::to_value(&set).expect("json");
    assert_eq!(json.as_object().map(|o| o.keys().count()), Some(2), "a set has a title and ids only");
}

#[test]
fn a_right_answer_is_graded_right_with_the_quote_marked_in_its_article() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    for q in practice_bank().iter().filter(|q| q.basis.is_some()).step_by(7) {
        let fb = f
            .svc
            .practice_answer(
                &me,
                PracticeAnswerRequest {
                    question_id: q.id.clone(),
                    response: shown_for_practice(&f, &me, q, right_response(q)),
                },
            )
            .expect("graded");
        assert!(fb.correct, "the key of {} grades as right", q.id);
        let article = fb.article.expect("feedback carries the article");
        let marked: String = article.segments.iter().filter(|s| s.mark).map(|s| strip_ws(&s.text)).collect();
        for quote in &q.basis.as_ref().expect("basis").quotes {
            assert!(marked.contains(&strip_ws(quote)), "quote of {} is highlighted: {quote}", q.id);
        }
    }
}

#[test]
fn progress_counts_per_subject_and_scope() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let bank = practice_bank();
    let civil: Vec<&Question> = bank.iter().filter(|q| q.subject == crate::util::law("民法典")).take(2).collect();
    assert!(!answer(&f, &me, civil[0], false), "a wrong option is wrong");
    assert!(answer(&f, &me, civil[1], true));
    let home = f.svc.home(&me).expect("home");
    let card = home.subjects.iter().find(|s| s.subject == crate::util::law("民法典")).expect("民法典 card");
    assert_eq!((card.done, card.right), (2, 1), "two answered, one right");
    assert_eq!(card.total as usize, bank.iter().filter(|q| q.subject == crate::util::law("民法典")).count());
    assert_eq!(home.wrong_book, 1);

    let tree = f.svc.practice_scopes(&me, crate::util::law("民法典")).expect("scopes");
    assert_eq!(tree.parts.len(), 8, "七编 + 附则");
    let total: i64 = tree.parts.iter().flat_map(|p| &p.chapters).map(|c| c.progress.total).sum();
    assert_eq!(total, card.total, "chapters add up to the subject");
    let done: i64 = tree.parts.iter().map(|p| p.progress.done).sum();
    assert_eq!(done, 2);
    // A chapter scope holds exactly the questions whose basis is in it.
    let first = &tree.parts[0];
    let chapter = first.chapters[0].chapter.clone();
    let set = f
        .svc
        .practice_start(
            &me,
            PracticeStartRequest {
                scope: Scope { subject: crate::util::law("民法典"), part: first.part.clone(), chapter },
                order: Order::Sequential,
                filter: Filter::All,
            },
        )
        .expect("chapter set");
    assert_eq!(set.ids.len() as i64, first.chapters[0].progress.total);
}

/// 错题本: a wrong answer puts a question in; two right answers in a row take
/// it out; the "unanswered" filter skips what was answered.
#[test]
fn the_wrong_answer_book_follows_the_two_in_a_row_rule() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let bank = practice_bank();
    let q = bank.iter().find(|q| q.subject == crate::util::law("宪法")).expect("a question");
    let book = |f: &Fixture| -> Vec<QuestionId> { f.svc.wrong_book_set(&me).expect("book").ids };
    assert!(book(&f).is_empty());
    answer(&f, &me, q, false);
    assert_eq!(book(&f), vec![q.id.clone()], "a wrong answer enters the book");
    answer(&f, &me, q, true);
    assert_eq!(book(&f).len(), 1, "one right answer is not enough");
    answer(&f, &me, q, true);
    assert!(book(&f).is_empty(), "two rights in a row take it out");

    let all = f
        .svc
        .practice_start(
            &me,
            PracticeStartRequest {
                scope: scope(crate::util::law("宪法")),
                order: Order::Sequential,
                filter: Filter::All,
            },
        )
        .expect("all");
    let fresh = f
        .svc
        .practice_start(
            &me,
            PracticeStartRequest {
                scope: scope(crate::util::law("宪法")),
                order: Order::Sequential,
                filter: Filter::Unanswered,
            },
        )
        .expect("unanswered");
    assert_eq!(fresh.ids.len() + 1, all.ids.len(), "the answered question is left out");
    assert!(!fresh.ids.contains(&q.id));
    let random = f
        .svc
        .practice_start(
            &me,
            PracticeStartRequest {
                scope: scope(crate::util::law("宪法")), order: Order::Random, filter: Filter::All
            },
        )
        .expect("random");
    let (a, b): (BTreeSet<_>, BTreeSet<_>) = (all.ids.iter().collect(), random.ids.iter().collect());
    assert_eq!(a, b, "random order has the same questions");
}

#[test]
fn bad_requests_are_errors_with_codes_not_panics() {
    let f = Fixture::new();
    let org = f.organizer();
    let me = f.staff(&org, "1001", "李明", "办公室");
    let err = f
        .svc
        .practice_answer(
            &me,
            PracticeAnswerRequest {
                question_id: QuestionId("no-such-question".into()),
                response: Response::Judge { value: true },
            },
        )
        .expect_err("unknown question");
    assert_eq!(err.code(), "not_found");
    // A response of the wrong kind is a wrong answer, not an error.
    let q = practice_bank().into_iter().find(|q| !matches!(q.key, AnswerKey::Fill { .. })).expect("question");
    let fb = f
        .svc
        .practice_answer(
            &me,
            PracticeAnswerRequest { question_id: q.id.clone(), response: Response::Fill { text: "x".into() } },
        )
        .expect("graded");
    assert!(!fb.correct);
}
