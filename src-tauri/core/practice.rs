//! Practice rules: scopes, orders, filters and the wrong-answer book (错题本).

use super::question::Subject;
use serde::{Deserialize, Serialize};

/// What to practise: a subject, optionally narrowed to a 编 and a 章.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Scope {
    pub subject: Subject,
    #[serde(default)]
    pub part: Option<String>,
    #[serde(default)]
    pub chapter: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    #[default]
    Sequential,
    Random,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Filter {
    #[default]
    All,
    /// Only questions the person has never answered.
    Unanswered,
    /// Only the wrong-answer book.
    WrongBook,
}

/// Right answers in a row after the last wrong one that take a question out
/// of the wrong-answer book.
pub const RIGHT_STREAK_TO_LEAVE: usize = 2;

/// Whether a question is in the person's wrong-answer book, given their
/// answers to it in time order (true = right): it was answered wrong, and not
/// answered right twice in a row since.
pub fn in_wrong_book(history: &[bool]) -> bool {
    match history.iter().rposition(|right| !right) {
        None => false,
        Some(last_wrong) => history.len() - last_wrong - 1 < RIGHT_STREAK_TO_LEAVE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_answer_enters_the_book_and_two_rights_in_a_row_take_it_out() {
        assert!(!in_wrong_book(&[]), "never answered");
        assert!(!in_wrong_book(&[true]), "only right");
        assert!(in_wrong_book(&[false]), "last answer wrong");
        assert!(in_wrong_book(&[false, true]), "one right is not enough");
        assert!(!in_wrong_book(&[false, true, true]), "two rights in a row");
        assert!(in_wrong_book(&[false, true, false, true]), "the streak restarts after a wrong answer");
        assert!(!in_wrong_book(&[true, false, true, true]));
    }
}
