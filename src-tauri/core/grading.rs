//! Grading a response against a question's key. Pure: the same rules serve
//! practice and contests.

use super::question::{AnswerKey, Question};
use super::text::answer_key;
use serde::{Deserialize, Serialize};

/// What a person answered. Choice keys are option indices as written in the
/// bank (the UI receives them with the shuffled options).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Response {
    Choice { keys: Vec<u8> },
    Judge { value: bool },
    Fill { text: String },
}

/// How partial 多选 answers count (a contest setting; practice is strict).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MultiScoring {
    #[default]
    AllOrNothing,
    HalfForCorrectSubset,
}

/// The outcome of grading one response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Verdict {
    Right,
    /// A 多选 with only correct options but not all of them.
    Partial,
    Wrong,
}

/// Grades `response` against `q`'s key. A response of the wrong kind for the
/// question (a text for a choice question) is wrong, never an error, so a
/// crafted payload cannot crash grading.
pub fn grade(q: &Question, response: &Response) -> Verdict {
    match (&q.key, response) {
        (AnswerKey::Choice { keys }, Response::Choice { keys: given }) => {
            let mut given: Vec<u8> = given.clone();
            given.sort_unstable();
            given.dedup();
            if given == *keys {
                Verdict::Right
            } else if !given.is_empty() && keys.len() > 1 && given.iter().all(|k| keys.contains(k)) {
                Verdict::Partial
            } else {
                Verdict::Wrong
            }
        }
        (AnswerKey::Judge { value }, Response::Judge { value: given }) => {
            if value == given {
                Verdict::Right
            } else {
                Verdict::Wrong
            }
        }
        (AnswerKey::Fill { answer, accepted }, Response::Fill { text }) => {
            let given = answer_key(text);
            let ok = !given.is_empty() && std::iter::once(answer).chain(accepted).any(|a| answer_key(a) == given);
            if ok {
                Verdict::Right
            } else {
                Verdict::Wrong
            }
        }
        _ => Verdict::Wrong,
    }
}

/// Points for a verdict: full points when right; half (rounded down) for a
/// partial 多选 when the contest allows it; otherwise none.
pub fn points(verdict: Verdict, full: u32, rule: MultiScoring) -> u32 {
    match (verdict, rule) {
        (Verdict::Right, _) => full,
        (Verdict::Partial, MultiScoring::HalfForCorrectSubset) => full / 2,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ids::QuestionId;
    use crate::core::question::QType;

    fn q(key: AnswerKey) -> Question {
        Question {
            id: QuestionId("t-1".into()),
            subject: crate::core::law::Law::new("民法典").expect("law"),
            qtype: QType::Multi,
            difficulty: 1,
            tags: vec![],
            stem: "s".into(),
            options: vec!["a".into(), "b".into(), "c".into(), "d".into()],
            key,
            explanation: "e".into(),
            basis: None,
            group: None,
            contest_only: false,
        }
    }

    #[test]
    fn multi_choice_needs_exactly_the_keys_in_any_order() {
        let q = q(AnswerKey::Choice { keys: vec![0, 2] });
        assert_eq!(grade(&q, &Response::Choice { keys: vec![2, 0] }), Verdict::Right);
        assert_eq!(grade(&q, &Response::Choice { keys: vec![0] }), Verdict::Partial, "a correct subset");
        assert_eq!(grade(&q, &Response::Choice { keys: vec![0, 1] }), Verdict::Wrong, "a wrong option spoils it");
        assert_eq!(grade(&q, &Response::Choice { keys: vec![] }), Verdict::Wrong, "no choice is wrong");
    }

    #[test]
    fn single_choice_is_never_partial() {
        let q = q(AnswerKey::Choice { keys: vec![1] });
        assert_eq!(grade(&q, &Response::Choice { keys: vec![1] }), Verdict::Right);
        assert_eq!(grade(&q, &Response::Choice { keys: vec![0] }), Verdict::Wrong);
    }

    #[test]
    fn fill_matches_any_accepted_variant_after_normalising() {
        let q = q(AnswerKey::Fill { answer: "三".into(), accepted: vec!["3".into()] });
        assert_eq!(grade(&q, &Response::Fill { text: " ３ ".into() }), Verdict::Right, "full-width digit");
        assert_eq!(grade(&q, &Response::Fill { text: "三。".into() }), Verdict::Right, "trailing punctuation");
        assert_eq!(grade(&q, &Response::Fill { text: "二".into() }), Verdict::Wrong);
        assert_eq!(grade(&q, &Response::Fill { text: "  ".into() }), Verdict::Wrong, "blank is wrong");
    }

    #[test]
    fn response_of_the_wrong_kind_is_wrong_not_a_panic() {
        let q = q(AnswerKey::Judge { value: true });
        assert_eq!(grade(&q, &Response::Fill { text: "对".into() }), Verdict::Wrong);
        assert_eq!(grade(&q, &Response::Judge { value: true }), Verdict::Right);
    }

    #[test]
    fn partial_points_only_when_the_contest_allows() {
        assert_eq!(points(Verdict::Partial, 4, MultiScoring::AllOrNothing), 0);
        assert_eq!(points(Verdict::Partial, 4, MultiScoring::HalfForCorrectSubset), 2);
        assert_eq!(points(Verdict::Right, 4, MultiScoring::AllOrNothing), 4);
    }
}
