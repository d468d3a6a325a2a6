//! Laws as data: the list of laws and topics, the 学习范围 (which laws staff
//! see), importing a law from its official text (a new law, or a new edition
//! of one already here), and the questions a new edition set aside.

use super::api::ImportRequest;
use super::auth::Actor;
use super::Service;
use crate::core::law::{ArticleRef, Edition, Law, LawInfo, LawTexts};
use crate::core::law_pack::articles_of;
use crate::core::law_text::{self, Change, ParsedLaw};
use crate::error::{AppError, Result};
use crate::store::{self, law::LawRow};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// Largest law file taken (the 民法典 as .docx is under 1 MB).
const MAX_LAW_BYTES: usize = 10 * 1024 * 1024;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LawSummary {
    pub id: String,
    pub title: String,
    /// 宪法 / 宪法修正案 / 法律 / 决定.
    pub kind: String,
    pub edition: String,
    /// The 题注.
    pub note: String,
    /// In the 学习范围.
    pub enabled: bool,
    pub builtin: bool,
    pub articles: i64,
    pub questions: i64,
    pub set_aside: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TopicSummary {
    pub id: String,
    pub title: String,
    pub questions: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LawsView {
    pub laws: Vec<LawSummary>,
    pub topics: Vec<TopicSummary>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct StudyLawsRequest {
    pub laws: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OutlineEntryView {
    /// 1 编, 2 分编, 3 章, 4 节.
    pub level: u8,
    pub name: String,
    pub articles: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LineProblem {
    /// 1-based; 0 for the whole file.
    pub line: usize,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ArticleChangeView {
    pub article: u32,
    pub label: String,
    /// added / changed / removed.
    pub change: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SetAsideQuestion {
    pub id: String,
    pub subject: String,
    pub law: String,
    pub article_label: String,
    pub stem: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LawImportPreview {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub edition: String,
    pub note: String,
    pub articles: usize,
    pub outline: Vec<OutlineEntryView>,
    pub problems: Vec<LineProblem>,
    /// A law with this id is here already: the file is a new edition.
    pub existing: bool,
    pub changes: Vec<ArticleChangeView>,
    /// Questions whose quote would no longer be verbatim.
    pub set_aside: Vec<SetAsideQuestion>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LawImportResult {
    pub law: LawSummary,
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub set_aside: usize,
}

fn summary(l: &LawRow) -> LawSummary {
    LawSummary {
        id: l.law.name().into(),
        title: l.title.clone(),
        kind: l.kind.clone(),
        edition: l.edition.clone(),
        note: l.note.clone().unwrap_or_default(),
        enabled: l.enabled,
        builtin: l.builtin,
        articles: l.articles,
        questions: l.questions,
        set_aside: l.set_aside,
    }
}

/// The edition as shown: from the 题注 (2018年修正), else the text's date.
fn edition_label(parsed: &ParsedLaw) -> String {
    let label = Edition::from_note(&parsed.note).label();
    if label.is_empty() {
        parsed.edition.clone()
    } else {
        label
    }
}

/// A file as one law: decoded (.md / .txt in UTF-8 or GB18030, .docx) and
/// parsed, or every problem with its line.
fn read_law_file(req: &ImportRequest) -> Result<std::result::Result<ParsedLaw, Vec<LineProblem>>> {
    if req.bytes.is_empty() {
        return Err(AppError::InvalidInput("文件是空的。".into()));
    }
    if req.bytes.len() > MAX_LAW_BYTES {
        return Err(AppError::InvalidInput("文件太大（超过 10 MB）。".into()));
    }
    let text = law_text::decode(&req.file_name, &req.bytes).map_err(|p| AppError::InvalidInput(p.reason))?;
    Ok(law_text::parse(&text)
        .map_err(|ps| ps.into_iter().map(|p| LineProblem { line: p.line, reason: p.reason }).collect()))
}

/// What the import would change: per-article differences against the law
/// as it is now, and the questions whose quotes would break.
struct Plan {
    law: Law,
    info: LawInfo,
    parsed: ParsedLaw,
    existing: bool,
    changes: Vec<law_text::ArticleChange>,
    breaks: Vec<SetAsideQuestion>,
}

fn plan(conn: &Connection, parsed: ParsedLaw) -> Result<Plan> {
    let rows = store::law::list_laws(conn)?;
    // The law it is: by the short name, the full title or an alias.
    let found = rows.iter().find(|r| r.info().answers_to(&parsed.short) || r.info().answers_to(&parsed.title));
    if found.is_some_and(LawRow::is_topic) {
        return Err(AppError::InvalidInput(format!("“{}”是题目专题，不能导入为法律。", parsed.short)));
    }
    let law = match found {
        Some(r) => r.law,
        None => Law::new(&parsed.short)
            .ok_or_else(|| AppError::InvalidInput(format!("法律简称“{}”为空或过长。", parsed.short)))?,
    };
    let info = LawInfo {
        law,
        title: parsed.title.clone(),
        kind: parsed.kind.name().into(),
        blurb: found.map(|r| r.blurb.clone()).unwrap_or_default(),
        aliases: found.map(|r| r.aliases.clone()).unwrap_or_default(),
        enabled: found.is_some_and(|r| r.enabled),
        files: Vec::new(),
    };
    let old: Vec<(u32, String, String)> =
        store::law::list_articles(conn, law)?.into_iter().map(|a| (a.article, a.label, a.text)).collect();
    let new: Vec<(u32, String, String)> =
        parsed.articles.iter().map(|a| (a.number, a.label.clone(), a.text.clone())).collect();
    let changes = if found.is_some() { law_text::diff(&old, &new) } else { Vec::new() };
    // The questions that would break: checked against the law as imported.
    let mut after = store::law::load_texts(conn)?;
    after.add_info(info.clone());
    after.set_texts(law, articles_of(law, &parsed), Some(parsed.note.clone()).filter(|n| !n.trim().is_empty()));
    let breaks = breaking_questions(conn, &after, law)?;
    Ok(Plan { law, info, parsed, existing: found.is_some(), changes, breaks })
}

/// Active questions citing `law` whose quotes are not verbatim in `texts`.
fn breaking_questions(conn: &Connection, texts: &LawTexts, law: Law) -> Result<Vec<SetAsideQuestion>> {
    let mut out = Vec::new();
    for q in store::questions::citing_law(conn, law)? {
        let Some(b) = &q.basis else { continue };
        let Some(reason) = crate::core::law::broken_basis(texts, law, b.article, &b.quotes) else { continue };
        let label = crate::core::law::article_label(texts, law, b.article);
        out.push(SetAsideQuestion {
            id: q.id.to_string(),
            subject: q.subject.name().into(),
            law: law.name().into(),
            article_label: label,
            stem: q.stem,
            reason,
        });
    }
    Ok(out)
}

fn change_name(c: Change) -> &'static str {
    match c {
        Change::Added => "added",
        Change::Changed => "changed",
        Change::Removed => "removed",
    }
}

impl Service {
    /// A law the caller may read: organizers any law; staff those in the
    /// 学习范围 (topics always).
    pub(crate) fn visible_law(&self, conn: &Connection, actor: &Actor, law: Law) -> Result<LawRow> {
        let row =
            store::law::law_row(conn, law)?.ok_or_else(|| AppError::NotFound(format!("没有名为“{law}”的法律。")))?;
        match actor {
            Actor::Staff { .. } if !row.enabled && !row.is_topic() => {
                Err(AppError::Forbidden(format!("《{}》不在本单位的学习范围内。", law)))
            }
            _ => Ok(row),
        }
    }

    /// Every law (organizers) or the laws in the 学习范围 (staff), and the topics.
    pub fn law_list(&self, actor: &Actor) -> Result<LawsView> {
        let organizer = matches!(actor, Actor::Organizer { .. });
        let rows = self.db.read(store::law::list_laws)?;
        Ok(LawsView {
            laws: rows.iter().filter(|l| !l.is_topic() && (organizer || l.enabled)).map(summary).collect(),
            topics: rows
                .iter()
                .filter(|l| l.is_topic() && (organizer || l.enabled))
                .map(|l| TopicSummary { id: l.law.name().into(), title: l.title.clone(), questions: l.questions })
                .collect(),
        })
    }

    /// Sets the 学习范围: the laws staff see in the 法条库, practice and search.
    pub fn set_study_laws(&self, actor: &Actor, req: StudyLawsRequest) -> Result<LawsView> {
        actor.organizer()?;
        let now = self.now();
        self.db.transact(|tx| {
            let rows = store::law::list_laws(tx)?;
            let mut laws = Vec::new();
            for name in &req.laws {
                let row = rows
                    .iter()
                    .find(|r| !r.is_topic() && r.info().answers_to(name))
                    .ok_or_else(|| AppError::InvalidInput(format!("没有名为“{}”的法律。", name.trim())))?;
                laws.push(row.law);
            }
            if laws.is_empty() {
                return Err(AppError::InvalidInput("学习范围至少要有一部法律。".into()));
            }
            // Topics stay in; only laws are chosen.
            laws.extend(rows.iter().filter(|r| r.is_topic() && r.enabled).map(|r| r.law));
            store::law::set_enabled(tx, &laws)?;
            let names: Vec<&str> = laws.iter().map(|l| l.name()).collect();
            store::audit::insert(tx, &now, &actor.audit_name(), "设置学习范围", &serde_json::json!({"laws": names}))
        })?;
        self.law_list(actor)
    }

    /// What importing this law file would do; nothing is kept. A file with
    /// problems still gets a preview, with every problem and its line.
    pub fn preview_law_import(&self, actor: &Actor, req: &ImportRequest) -> Result<LawImportPreview> {
        actor.organizer()?;
        let parsed = match read_law_file(req)? {
            Ok(p) => p,
            Err(problems) => {
                return Ok(LawImportPreview {
                    id: String::new(),
                    title: String::new(),
                    kind: String::new(),
                    edition: String::new(),
                    note: String::new(),
                    articles: 0,
                    outline: Vec::new(),
                    problems,
                    existing: false,
                    changes: Vec::new(),
                    set_aside: Vec::new(),
                })
            }
        };
        let outline = law_text::outline(&parsed)
            .into_iter()
            .map(|o| OutlineEntryView { level: o.level, name: o.name, articles: o.articles })
            .collect();
        let p = self.db.read(|c| plan(c, parsed))?;
        Ok(LawImportPreview {
            id: p.law.name().into(),
            title: p.parsed.title.clone(),
            kind: p.info.kind.clone(),
            edition: edition_label(&p.parsed),
            note: p.parsed.note.clone(),
            articles: p.parsed.articles.len(),
            outline,
            problems: Vec::new(),
            existing: p.existing,
            changes: p
                .changes
                .iter()
                .map(|c| ArticleChangeView {
                    article: c.number,
                    label: c.label.clone(),
                    change: change_name(c.change).into(),
                    old: c.old.clone(),
                    new: c.new.clone(),
                })
                .collect(),
            set_aside: p.breaks,
        })
    }

    /// Imports a law all or nothing: a new law (outside the 学习范围 until
    /// enabled) or a new edition (articles replaced; questions whose quotes
    /// break set aside, never deleted). Audited.
    pub fn import_law(&self, actor: &Actor, req: &ImportRequest) -> Result<LawImportResult> {
        actor.organizer()?;
        let parsed = match read_law_file(req)? {
            Ok(p) => p,
            Err(problems) => {
                let first: Vec<String> =
                    problems.iter().take(5).map(|p| format!("第 {} 行：{}", p.line, p.reason)).collect();
                return Err(AppError::InvalidInput(format!(
                    "文件有 {} 处问题，没有导入。{}",
                    problems.len(),
                    first.join("；")
                )));
            }
        };
        let now = self.now();
        let (law, counts) = self.db.transact(|tx| {
            let p = plan(tx, parsed)?;
            let count = |c: Change| p.changes.iter().filter(|x| x.change == c).count();
            let counts = (count(Change::Added), count(Change::Changed), count(Change::Removed));
            let note = Some(p.parsed.note.as_str()).filter(|n| !n.trim().is_empty());
            store::law::save_imported(tx, &p.info, &edition_label(&p.parsed), &req.file_name, &now)?;
            store::law::write_texts(tx, p.law, &articles_of(p.law, &p.parsed), note)?;
            tx.execute("INSERT INTO law_article_fts (law_article_fts) VALUES ('rebuild')", [])?;
            let texts = store::law::load_texts(tx)?;
            let set_aside = store::questions::recheck_quotes(tx, &texts, Some(p.law))?;
            store::audit::insert(
                tx,
                &now,
                &actor.audit_name(),
                if p.existing { "导入法律新版本" } else { "导入法律" },
                &serde_json::json!({"law": p.law.name(), "file": req.file_name, "articles": p.parsed.articles.len(),
                    "added": counts.0, "changed": counts.1, "removed": counts.2, "set_aside": set_aside}),
            )?;
            Ok((p.law, (counts.0, counts.1, counts.2, set_aside)))
        })?;
        let row = self
            .db
            .read(|c| store::law::law_row(c, law))?
            .ok_or_else(|| AppError::NotFound(format!("没有名为“{law}”的法律。")))?;
        Ok(LawImportResult {
            law: summary(&row),
            added: counts.0,
            changed: counts.1,
            removed: counts.2,
            set_aside: counts.3,
        })
    }

    /// Every question set aside by a new edition, with the reason.
    pub fn set_aside_questions(&self, actor: &Actor) -> Result<Vec<SetAsideQuestion>> {
        actor.organizer()?;
        self.db.read(|c| {
            let texts = store::law::load_texts(c)?;
            Ok(store::questions::set_aside(c)?
                .into_iter()
                .map(|q| {
                    let label = q
                        .law
                        .map(|l| {
                            let r = q.article.map_or(ArticleRef::TitleNote, ArticleRef::Article);
                            crate::core::law::article_label(&texts, l, r)
                        })
                        .unwrap_or_default();
                    SetAsideQuestion {
                        id: q.id.to_string(),
                        subject: q.subject.name().into(),
                        law: q.law.map(|l| l.name().to_string()).unwrap_or_default(),
                        article_label: label,
                        stem: q.stem,
                        reason: q.reason,
                    }
                })
                .collect())
        })
    }
}
