//! The states of a contest and of an attempt, as types: the strings they
//! are stored as (and sent to the UI as) are written here once.

use serde::{Deserialize, Serialize};

/// A contest moves one way: draft → open → closed → published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContestState {
    Draft,
    Open,
    Closed,
    Published,
}

impl ContestState {
    pub const ALL: [ContestState; 4] =
        [ContestState::Draft, ContestState::Open, ContestState::Closed, ContestState::Published];

    /// The stored (and API) spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ContestState::Draft => "draft",
            ContestState::Open => "open",
            ContestState::Closed => "closed",
            ContestState::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<ContestState> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The name organizers see.
    pub fn name(self) -> &'static str {
        match self {
            ContestState::Draft => "草稿",
            ContestState::Open => "已开放",
            ContestState::Closed => "已结束",
            ContestState::Published => "已公布成绩",
        }
    }

    /// The only moves allowed: one step forward.
    pub fn may_become(self, to: ContestState) -> bool {
        matches!(
            (self, to),
            (ContestState::Draft, ContestState::Open)
                | (ContestState::Open, ContestState::Closed)
                | (ContestState::Closed, ContestState::Published)
        )
    }

    /// Closed or published: results are final.
    pub fn is_over(self) -> bool {
        matches!(self, ContestState::Closed | ContestState::Published)
    }
}

/// An attempt is open until it is handed in (submitted) or its time runs
/// out (expired).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptState {
    Open,
    Submitted,
    Expired,
}

impl AttemptState {
    pub const ALL: [AttemptState; 3] = [AttemptState::Open, AttemptState::Submitted, AttemptState::Expired];

    /// The stored (and API) spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AttemptState::Open => "open",
            AttemptState::Submitted => "submitted",
            AttemptState::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<AttemptState> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn is_open(self) -> bool {
        self == AttemptState::Open
    }
}

impl std::fmt::Display for ContestState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for AttemptState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Protects the stored spellings (no migration: the database keeps the
    /// same strings) and the one-way order of a contest's states.
    #[test]
    fn spellings_round_trip_and_states_go_one_way() {
        for s in ContestState::ALL {
            assert_eq!(ContestState::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_string(&s).expect("json"), format!("\"{}\"", s.as_str()));
        }
        for s in AttemptState::ALL {
            assert_eq!(AttemptState::parse(s.as_str()), Some(s));
        }
        assert!(ContestState::Open.may_become(ContestState::Closed));
        assert!(!ContestState::Draft.may_become(ContestState::Published));
        assert!(!ContestState::Closed.may_become(ContestState::Open));
        assert_eq!(ContestState::parse("Open"), None);
    }
}
