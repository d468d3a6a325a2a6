//! Fixtures shared by the integration tests.

#![allow(dead_code)]

use lawquiz::core::bank::{parse_bank, EMBEDDED_FILES};
use lawquiz::core::law::LawTexts;
use lawquiz::core::question::Question;
use lawquiz::service::Service;
use std::path::PathBuf;

/// A database file in its own temporary folder, removed when dropped.
pub struct TempDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TempDb {
    pub fn new() -> TempDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("lawquiz.sqlite3");
        TempDb { dir, path }
    }

    /// A service on this file (opens, migrates, loads the shipped content).
    pub fn service(&self) -> Service {
        Service::open(&self.path).expect("service opens on a fresh file")
    }
}

pub fn law_texts() -> LawTexts {
    LawTexts::embedded().expect("embedded law texts parse")
}

/// The shipped bank, parsed (panics with every error if it is invalid).
pub fn bank() -> Vec<Question> {
    parse_bank(EMBEDDED_FILES, &law_texts()).unwrap_or_else(|errs| {
        let list: Vec<String> = errs.iter().map(ToString::to_string).collect();
        panic!("the shipped bank has {} errors:\n{}", errs.len(), list.join("\n"))
    })
}

/// Whitespace removed, as quotes are compared.
pub fn strip_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}
