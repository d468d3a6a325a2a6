//! The question bank in the database.

use super::not_found;
use crate::core::ids::QuestionId;
use crate::core::law::{ArticleRef, Law, LawTexts};
use crate::core::question::{AnswerKey, Basis, QType, Question, Subject};
use crate::error::{AppError, Result};
use rusqlite::{params, Connection, Row};

/// Inserts or updates the shipped bank (`source = 'bank'`) and deactivates
/// shipped questions that are no longer in it (kept, since answers cite them).
/// Part/chapter/section come from each question's basis article; the order
/// of `questions` becomes the sequential practice order.
pub fn replace_bank(conn: &Connection, questions: &[Question], laws: &LawTexts, now: &str) -> Result<()> {
    conn.execute("UPDATE question SET active = 0 WHERE source = 'bank'", [])?;
    for (i, q) in questions.iter().enumerate() {
        upsert(conn, q, laws, i as i64, "bank", now)?;
    }
    Ok(())
}

/// Writes one question (active), with its 编/章/节 taken from its basis
/// article. The one place a question row is written.
fn upsert(conn: &Connection, q: &Question, laws: &LawTexts, sort_key: i64, source: &str, now: &str) -> Result<()> {
    let art = q.basis.as_ref().and_then(|b| match b.article {
        ArticleRef::Article(n) => laws.article(b.law, n),
        ArticleRef::TitleNote => None,
    });
    let mut stmt = conn.prepare_cached(
        "INSERT INTO question (id, subject, qtype, difficulty, tags, stem, options, answer_key, explanation,
                               basis_law, basis_article, basis_quotes, part, subpart, chapter, section,
                               sort_key, source, active, updated_at, grp, contest_only)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, 1, ?19, ?20, ?21)
         ON CONFLICT (id) DO UPDATE SET
            subject = excluded.subject, qtype = excluded.qtype, difficulty = excluded.difficulty,
            tags = excluded.tags, stem = excluded.stem, options = excluded.options,
            answer_key = excluded.answer_key, explanation = excluded.explanation,
            basis_law = excluded.basis_law, basis_article = excluded.basis_article,
            basis_quotes = excluded.basis_quotes, part = excluded.part, subpart = excluded.subpart,
            chapter = excluded.chapter, section = excluded.section, sort_key = excluded.sort_key,
            source = excluded.source, active = (question.retired_at IS NULL), updated_at = excluded.updated_at, grp = excluded.grp,
            contest_only = MAX(question.contest_only, excluded.contest_only), set_aside = NULL",
    )?;
    stmt.execute(params![
        q.id,
        q.subject.name(),
        q.qtype.code(),
        q.difficulty,
        serde_json::to_string(&q.tags)?,
        q.stem,
        serde_json::to_string(&q.options)?,
        serde_json::to_string(&q.key)?,
        q.explanation,
        q.basis.as_ref().map(|b| b.law.name()),
        q.basis.as_ref().and_then(|b| b.article.number()),
        serde_json::to_string(&q.basis.as_ref().map(|b| b.quotes.clone()).unwrap_or_default())?,
        art.and_then(|a| a.part.clone()),
        art.and_then(|a| a.subpart.clone()),
        art.and_then(|a| a.chapter.clone()),
        art.and_then(|a| a.section.clone()),
        sort_key,
        source,
        now,
        q.group,
        q.contest_only,
    ])?;
    Ok(())
}

const COLUMNS: &str = "id, subject, qtype, difficulty, tags, stem, options, answer_key, explanation,
                       basis_law, basis_article, basis_quotes, grp, contest_only, extra_accepted";

fn row_to_question(r: &Row<'_>) -> rusqlite::Result<Question> {
    fn json<T: serde::de::DeserializeOwned>(r: &Row<'_>, col: &str) -> rusqlite::Result<T> {
        let s: String = r.get(col)?;
        serde_json::from_str(&s)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
    }
    let bad = |what: &str| rusqlite::Error::InvalidColumnName(what.to_string());
    let subject: Law = r.get("subject")?;
    let qtype: String = r.get("qtype")?;
    let basis_law: Option<Law> = r.get("basis_law")?;
    let basis_article: Option<u32> = r.get("basis_article")?;
    let basis = match basis_law {
        Some(law) => Some(Basis {
            law,
            article: basis_article.map_or(ArticleRef::TitleNote, ArticleRef::Article),
            quotes: json(r, "basis_quotes")?,
        }),
        None => None,
    };
    // 填空 spellings an organizer accepted later (schema 7) join the key.
    let mut key = json::<AnswerKey>(r, "answer_key")?;
    if let AnswerKey::Fill { accepted, .. } = &mut key {
        for extra in json::<Vec<String>>(r, "extra_accepted")? {
            if !accepted.contains(&extra) {
                accepted.push(extra);
            }
        }
    }
    Ok(Question {
        id: r.get("id")?,
        subject,
        qtype: QType::from_code(&qtype).ok_or_else(|| bad("qtype"))?,
        difficulty: r.get("difficulty")?,
        tags: json(r, "tags")?,
        stem: r.get("stem")?,
        options: json(r, "options")?,
        key,
        explanation: r.get("explanation")?,
        basis,
        group: r.get("grp")?,
        contest_only: r.get("contest_only")?,
    })
}

/// Checks every question citing `law` (or every law) against the texts as
/// they are now: a question whose quote is no longer verbatim in its
/// article (or whose article is gone) is set aside (inactive, with the
/// reason); a set-aside one whose quotes are verbatim again comes back
/// (unless retired). Returns how many were newly set aside.
pub fn recheck_quotes(conn: &Connection, texts: &LawTexts, law: Option<Law>) -> Result<usize> {
    let rows: Vec<(String, Law, Option<u32>, String, bool)> = {
        let mut stmt = conn.prepare(
            "SELECT id, basis_law, basis_article, basis_quotes, set_aside IS NOT NULL FROM question
             WHERE basis_law IS NOT NULL AND (?1 IS NULL OR basis_law = ?1) AND (active = 1 OR set_aside IS NOT NULL)",
        )?;
        let rows = stmt.query_map([law], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut newly = 0;
    for (id, law, article, quotes, was_aside) in rows {
        let quotes: Vec<String> = serde_json::from_str(&quotes).unwrap_or_default();
        let r = article.map_or(ArticleRef::TitleNote, ArticleRef::Article);
        let reason = crate::core::law::broken_basis(texts, law, r, &quotes);
        match (reason, was_aside) {
            (Some(reason), false) => {
                conn.execute("UPDATE question SET active = 0, set_aside = ?2 WHERE id = ?1", params![id, reason])?;
                newly += 1;
            }
            (Some(reason), true) => {
                conn.execute("UPDATE question SET set_aside = ?2 WHERE id = ?1", params![id, reason])?;
            }
            (None, true) => {
                conn.execute(
                    "UPDATE question SET set_aside = NULL, active = (retired_at IS NULL) WHERE id = ?1",
                    params![id],
                )?;
            }
            (None, false) => {}
        }
    }
    Ok(newly)
}

/// A question set aside by a new edition of its law.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAsideRow {
    pub id: QuestionId,
    pub subject: Law,
    pub law: Option<Law>,
    pub article: Option<u32>,
    pub stem: String,
    pub reason: String,
}

/// Every question set aside, by law and article.
pub fn set_aside(conn: &Connection) -> Result<Vec<SetAsideRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, subject, basis_law, basis_article, stem, set_aside FROM question
         WHERE set_aside IS NOT NULL ORDER BY basis_law, basis_article, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(SetAsideRow {
            id: r.get(0)?,
            subject: r.get(1)?,
            law: r.get(2)?,
            article: r.get(3)?,
            stem: r.get(4)?,
            reason: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: &QuestionId) -> Result<Question> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM question WHERE id = ?1"))?
        .query_row([id], row_to_question)
        .map_err(not_found(format!("找不到题目 {id}")))
}

/// Where a question sits: 编 / 章 / 节 names, present ones only.
pub fn location(conn: &Connection, id: &QuestionId) -> Result<Vec<String>> {
    let (part, chapter, section): (Option<String>, Option<String>, Option<String>) = conn
        .query_row("SELECT part, chapter, section FROM question WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .map_err(not_found(format!("找不到题目 {id}")))?;
    Ok([part, chapter, section].into_iter().flatten().collect())
}

pub fn count_active(conn: &Connection) -> Result<i64> {
    conn.query_row("SELECT count(*) FROM question WHERE active = 1", [], |r| r.get(0)).map_err(AppError::from)
}

pub fn count_active_in(conn: &Connection, subject: Subject) -> Result<i64> {
    conn.query_row("SELECT count(*) FROM question WHERE active = 1 AND subject = ?1", [subject.name()], |r| r.get(0))
        .map_err(AppError::from)
}

/// Active questions per cited article in `from..=to` of a law.
pub fn count_citing(conn: &Connection, law: Law, from: u32, to: u32) -> Result<std::collections::HashMap<u32, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT basis_article, count(*) FROM question
         WHERE basis_law = ?1 AND basis_article BETWEEN ?2 AND ?3 AND active = 1
           AND (contest_only = 0 OR released_at IS NOT NULL) GROUP BY basis_article",
    )?;
    let rows = stmt.query_map(params![law.name(), from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The active questions whose basis is this article.
pub fn citing(conn: &Connection, law: Law, article: u32) -> Result<Vec<Question>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM question WHERE basis_law = ?1 AND basis_article = ?2 AND active = 1
           AND (contest_only = 0 OR released_at IS NOT NULL) ORDER BY sort_key"
    ))?;
    let rows = stmt.query_map(params![law.name(), article], row_to_question)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every active question (duplicate checks on import).
pub fn all_active(conn: &Connection) -> Result<Vec<Question>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM question WHERE active = 1"))?;
    let rows = stmt.query_map([], row_to_question)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn exists(conn: &Connection, id: &QuestionId) -> Result<bool> {
    Ok(conn.query_row("SELECT count(*) FROM question WHERE id = ?1", [id], |r| r.get::<_, i64>(0))? > 0)
}

/// Adds an imported question (source 'import'), after the shipped bank in
/// sequential order.
pub fn insert_imported(conn: &Connection, q: &Question, laws: &LawTexts, now: &str) -> Result<()> {
    let next: i64 = conn.query_row("SELECT coalesce(max(sort_key), 0) + 1 FROM question", [], |r| r.get(0))?;
    upsert(conn, q, laws, next, "import", now)
}

/// Every active question citing `law` (any article or its 题注).
pub fn citing_law(conn: &Connection, law: Law) -> Result<Vec<Question>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM question WHERE basis_law = ?1 AND active = 1 ORDER BY sort_key"
    ))?;
    let rows = stmt.query_map(params![law], row_to_question)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether a question is set aside by a new edition of its law.
pub fn is_set_aside(conn: &Connection, id: &QuestionId) -> Result<bool> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row("SELECT set_aside IS NOT NULL FROM question WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .unwrap_or(false))
}

/// Whether staff may see a question outside a contest: active, and not a
/// 竞赛专用 one still waiting for its contest to be published.
pub fn open_to_staff(conn: &Connection, id: &QuestionId) -> Result<bool> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM question WHERE id = ?1 AND active = 1 AND (contest_only = 0 OR released_at IS NOT NULL)",
        )?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Marks questions 竞赛专用 or not (the bank screen); returns how many changed.
pub fn set_contest_only(conn: &Connection, ids: &[QuestionId], on: bool) -> Result<usize> {
    let mut stmt = conn.prepare_cached("UPDATE question SET contest_only = ?2 WHERE id = ?1 AND contest_only != ?2")?;
    let mut n = 0;
    for id in ids {
        n += stmt.execute(params![id, on])?;
    }
    Ok(n)
}

/// Releases the 竞赛专用 questions a published contest used: from now on
/// they are practice questions like the rest.
pub fn release(conn: &Connection, ids: &[QuestionId], now: &str) -> Result<usize> {
    let mut stmt = conn.prepare_cached(
        "UPDATE question SET released_at = ?2 WHERE id = ?1 AND contest_only = 1 AND released_at IS NULL",
    )?;
    let mut n = 0;
    for id in ids {
        n += stmt.execute(params![id, now])?;
    }
    Ok(n)
}

/// (active questions, reserved and not released, released) of a subject.
pub fn contest_only_counts(conn: &Connection, subject: &str) -> Result<(i64, i64, i64)> {
    Ok(conn.query_row(
        "SELECT count(*), coalesce(sum(contest_only = 1 AND released_at IS NULL), 0),
                coalesce(sum(contest_only = 1 AND released_at IS NOT NULL), 0)
         FROM question WHERE subject = ?1 AND active = 1",
        [subject],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}
