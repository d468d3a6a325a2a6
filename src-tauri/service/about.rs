//! 关于: what the person is running and where its data is — the version,
//! the database file, backup folder and log folder, the schema version, the editions of
//! the law texts (read from their 题注) and the size of the question bank.
//! Any logged-in person may ask: staff see where their answers are kept,
//! organizers where to back up; it is not offered before log-in because, over
//! the LAN host, the host PC's folders are not for anonymous visitors.

use super::auth::Actor;
use super::backup::backup_dir_for;
use super::Service;
use crate::core::law::{Edition, Law};
use crate::core::question::Subject;
use crate::error::Result;
use crate::store::{self, migrations};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct AboutView {
    /// The app's version (Cargo.toml).
    pub version: String,
    pub db_path: String,
    pub backup_dir: String,
    /// The daily log files (`logs/` beside the database, 14 days kept).
    pub log_dir: String,
    /// The database's schema version (`PRAGMA user_version`).
    pub schema_version: i64,
    pub laws: Vec<LawEdition>,
    /// Active questions in the bank (shipped and imported).
    pub bank_total: i64,
    pub bank_by_subject: Vec<SubjectCount>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LawEdition {
    pub law: Law,
    pub title: String,
    /// "2018年修正" / "2020年5月28日通过，2021年1月1日起施行".
    pub edition: String,
    /// The 题注 as shipped.
    pub note: String,
    /// Numbered articles (宪法 143, 民法典 1,260).
    pub articles: i64,
    /// Whether the law has a 序言 (the 宪法 does).
    pub preamble: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubjectCount {
    pub subject: Subject,
    pub count: i64,
}

impl Service {
    /// Any session (the command resolved the token to `_actor`).
    pub fn about(&self, _actor: &Actor) -> Result<AboutView> {
        self.db.read(|conn| {
            let rows = store::law::list_laws(conn)?;
            let laws = rows
                .iter()
                .filter(|l| !l.is_topic())
                .map(|l| {
                    let (articles, preamble) = store::law::count_articles_of(conn, l.law)?;
                    let note = l.note.clone().unwrap_or_default();
                    Ok(LawEdition {
                        law: l.law,
                        title: l.title.clone(),
                        edition: Edition::from_note(&note).label(),
                        note,
                        articles,
                        preamble,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            let bank_by_subject = rows
                .iter()
                .filter(|l| l.questions > 0)
                .map(|l| SubjectCount { subject: l.law, count: l.questions })
                .collect();
            Ok(AboutView {
                version: env!("CARGO_PKG_VERSION").into(),
                db_path: self.db.path().display().to_string(),
                backup_dir: backup_dir_for(self.db.path()).display().to_string(),
                log_dir: crate::logging::log_dir_for(self.db.path()).display().to_string(),
                schema_version: migrations::user_version(conn)?,
                laws,
                bank_total: store::questions::count_active(conn)?,
                bank_by_subject,
            })
        })
    }
}
