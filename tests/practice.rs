//! Practice on a real database file: questions arrive without their key,
//! grading is the backend's, feedback carries the article with the quote.

use crate::util::{bank, strip_ws, TempDb};
use lawquiz::core::grading::Response;
use lawquiz::core::question::{AnswerKey, Question, Subject};
use lawquiz::service::api::{PracticeAnswerRequest, PracticeNextRequest};
use std::collections::BTreeSet;

fn right_response(q: &Question) -> Response {
    match &q.key {
        AnswerKey::Choice { keys } => Response::Choice { keys: keys.clone() },
        AnswerKey::Judge { value } => Response::Judge { value: *value },
        AnswerKey::Fill { answer, .. } => Response::Fill { text: answer.clone() },
    }
}

fn wrong_response(q: &Question) -> Response {
    match &q.key {
        AnswerKey::Choice { keys } => {
            let wrong = (0..q.options.len() as u8).find(|k| !keys.contains(k)).expect("a wrong option");
            Response::Choice { keys: vec![wrong] }
        }
        AnswerKey::Judge { value } => Response::Judge { value: !*value },
        AnswerKey::Fill { .. } => Response::Fill { text: "不是这个答案".into() },
    }
}

/// Protects C5/C1: "an answer key in any payload before the person has
/// answered" must never ship. Every question of the bank is served and its
/// JSON must have exactly the key-less fields.
#[test]
fn no_question_payload_carries_its_key_or_explanation() {
    let t = TempDb::new();
    let svc = t.service();
    let allowed: BTreeSet<&str> =
        ["id", "subject", "qtype", "qtype_name", "difficulty", "stem", "options", "location", "position", "total"]
            .into();
    let bank = bank();
    for subject in Subject::ALL {
        let total = bank.iter().filter(|q| q.subject == subject).count() as u32;
        for position in 0..total {
            let view = svc.practice_next(PracticeNextRequest { subject, position }).expect("question");
            let json = serde_json::to_value(&view).expect("json");
            let keys: BTreeSet<&str> = json.as_object().expect("object").keys().map(String::as_str).collect();
            assert_eq!(keys, allowed, "question {} payload fields", view.id);
            for o in json["options"].as_array().expect("options") {
                let ok: BTreeSet<&str> = o.as_object().expect("option").keys().map(String::as_str).collect();
                assert_eq!(ok, ["id", "text"].into(), "option fields of {}", view.id);
            }
            let q = bank.iter().find(|q| q.id == view.id).expect("served question is in the bank");
            let text = json.to_string();
            assert!(!text.contains(&q.explanation), "explanation of {} leaked", q.id);
        }
    }
}

#[test]
fn a_right_answer_is_graded_right_with_the_quote_marked_in_its_article() {
    let t = TempDb::new();
    let svc = t.service();
    let bank = bank();
    for q in bank.iter().filter(|q| q.basis.is_some()).step_by(7) {
        let fb = svc
            .practice_answer(PracticeAnswerRequest { question_id: q.id.clone(), response: right_response(q) })
            .expect("graded");
        assert!(fb.correct, "the key of {} grades as right", q.id);
        let article = fb.article.expect("feedback carries the article");
        let marked: String = article.segments.iter().filter(|s| s.mark).map(|s| strip_ws(&s.text)).collect();
        for quote in &q.basis.as_ref().expect("basis").quotes {
            assert!(marked.contains(&strip_ws(quote)), "quote of {} is highlighted: {quote}", q.id);
        }
        let whole: String = article.segments.iter().map(|s| s.text.as_str()).collect();
        assert!(!whole.is_empty());
    }
}

#[test]
fn a_wrong_answer_is_graded_wrong_and_both_count_in_progress() {
    let t = TempDb::new();
    let svc = t.service();
    let bank = bank();
    let civil: Vec<&Question> = bank.iter().filter(|q| q.subject == Subject::CivilCode).take(2).collect();
    let fb = svc
        .practice_answer(PracticeAnswerRequest { question_id: civil[0].id.clone(), response: wrong_response(civil[0]) })
        .expect("graded");
    assert!(!fb.correct, "a wrong option is wrong");
    svc.practice_answer(PracticeAnswerRequest { question_id: civil[1].id.clone(), response: right_response(civil[1]) })
        .expect("graded");
    let home = svc.home().expect("home");
    let card = home.subjects.iter().find(|s| s.subject == Subject::CivilCode).expect("民法典 card");
    assert_eq!((card.done, card.right), (2, 1), "two answered, one right");
    assert_eq!(card.total as usize, bank.iter().filter(|q| q.subject == Subject::CivilCode).count());
}

#[test]
fn bad_requests_are_errors_with_codes_not_panics() {
    let t = TempDb::new();
    let svc = t.service();
    let err = svc
        .practice_answer(PracticeAnswerRequest {
            question_id: lawquiz::core::ids::QuestionId("no-such-question".into()),
            response: Response::Judge { value: true },
        })
        .expect_err("unknown question");
    assert_eq!(err.code(), "not_found");
    let err = svc
        .practice_next(PracticeNextRequest { subject: Subject::Constitution, position: 100_000 })
        .expect_err("past the end");
    assert_eq!(err.code(), "not_found");
    assert!(err.to_string().contains("共有"), "says how many there are: {err}");
    // A response of the wrong kind is a wrong answer, not an error.
    let q = &bank()[0];
    let fb = svc
        .practice_answer(PracticeAnswerRequest {
            question_id: q.id.clone(),
            response: Response::Fill { text: "x".into() },
        })
        .expect("graded");
    assert!(!fb.correct || matches!(q.key, AnswerKey::Fill { .. }));
}
