//! What item analysis and the department view read: the papers and answers
//! of a contest's finished attempts, every question's place in the outline,
//! a year's practice answers by department; retiring questions; and the
//! 推荐练习 sets.

use crate::core::ids::{AttemptId, ContestId, QuestionId};
use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// One finished attempt's paper (JSON [PaperItem]).
pub struct AttemptPaper {
    pub attempt_id: AttemptId,
    pub paper: String,
}

pub fn papers(conn: &Connection, contest: ContestId) -> Result<Vec<AttemptPaper>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, paper FROM attempt WHERE contest_id = ?1 AND state IN ('submitted', 'expired') ORDER BY chain_seq",
    )?;
    let rows = stmt.query_map([contest], |r| Ok(AttemptPaper { attempt_id: r.get(0)?, paper: r.get(1)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One stored answer: response (JSON, bank terms), points and verdict.
pub struct GivenAnswer {
    pub response: String,
    pub points: Option<i64>,
    pub verdict: Option<String>,
}

/// The answers of a contest's finished attempts, by (attempt, position).
pub fn answers(conn: &Connection, contest: ContestId) -> Result<HashMap<(AttemptId, u32), GivenAnswer>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ans.attempt_id, ans.position, ans.response, ans.points, ans.verdict
         FROM answer ans JOIN attempt a ON a.id = ans.attempt_id
         WHERE a.contest_id = ?1 AND a.state IN ('submitted', 'expired')",
    )?;
    let rows = stmt.query_map([contest], |r| {
        Ok(((r.get(0)?, r.get(1)?), GivenAnswer { response: r.get(2)?, points: r.get(3)?, verdict: r.get(4)? }))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Where a question sits: its subject, basis and 编/章/节.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    pub subject: String,
    pub basis_law: Option<String>,
    pub basis_article: Option<u32>,
    pub part: Option<String>,
    pub chapter: Option<String>,
    pub section: Option<String>,
    pub retired: bool,
}

/// Every question's place in the outline (retired and inactive ones too:
/// past answers cite them).
pub fn outlines(conn: &Connection) -> Result<HashMap<QuestionId, Outline>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, subject, basis_law, basis_article, part, chapter, section, retired_at IS NOT NULL FROM question",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            Outline {
                subject: r.get(1)?,
                basis_law: r.get(2)?,
                basis_article: r.get(3)?,
                part: r.get(4)?,
                chapter: r.get(5)?,
                section: r.get(6)?,
                retired: r.get(7)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One practice answer of an active employee in a year: (department,
/// question, right).
pub fn practice_in_year(conn: &Connection, year: i32) -> Result<Vec<(String, QuestionId, bool)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(d.name, '（未分部门）'), p.question_id, p.correct
         FROM practice_answer p JOIN employee e ON e.id = p.employee_id LEFT JOIN department d ON d.id = e.department_id
         WHERE e.active = 1 AND substr(p.answered_at, 1, 4) = ?1",
    )?;
    let rows = stmt.query_map([format!("{year:04}")], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Retires a question: never drawn or practised again; kept for the
/// attempts that cite it. False when it was already retired.
pub fn retire(conn: &Connection, id: &QuestionId, at: &str, by: &str, reason: &str) -> Result<bool> {
    let n = conn.execute(
        "UPDATE question SET active = 0, retired_at = ?2, retired_by = ?3, retired_reason = ?4
         WHERE id = ?1 AND retired_at IS NULL",
        params![id, at, by, reason],
    )?;
    Ok(n == 1)
}

/// Adds a spelling to a 填空 question's organizer-accepted list.
pub fn add_accepted(conn: &Connection, id: &QuestionId, spelling: &str) -> Result<()> {
    let current: String = conn.query_row("SELECT extra_accepted FROM question WHERE id = ?1", [id], |r| r.get(0))?;
    let mut list: Vec<String> = serde_json::from_str(&current)?;
    list.push(spelling.to_string());
    conn.execute("UPDATE question SET extra_accepted = ?2 WHERE id = ?1", params![id, serde_json::to_string(&list)?])?;
    Ok(())
}

/// When, by whom and why a question was retired.
pub fn retirement(conn: &Connection, id: &QuestionId) -> Result<Option<(String, String, String)>> {
    Ok(conn
        .query_row(
            "SELECT retired_at, coalesce(retired_by, ''), coalesce(retired_reason, '') FROM question
             WHERE id = ?1 AND retired_at IS NOT NULL",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

/// The labels of articles (e.g. 第三十三条), by (law, article).
pub fn article_label(conn: &Connection, law: &str, article: u32) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT label FROM law_article WHERE law = ?1 AND article = ?2", params![law, article], |r| r.get(0))
        .optional()?)
}

/// A department's id by name (None: no such department).
pub fn department_id(conn: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn.query_row("SELECT id FROM department WHERE name = ?1", [name], |r| r.get(0)).optional()?)
}

/// A stored 推荐练习.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recommended {
    pub id: i64,
    pub department: String,
    pub title: String,
    /// JSON [{law, article}].
    pub articles: String,
    pub created_at: String,
}

/// Stores a new 推荐练习 for a department; its earlier ones stop showing.
pub fn insert_recommended(
    conn: &Connection,
    department_id: i64,
    contest: Option<ContestId>,
    title: &str,
    articles: &str,
    at: &str,
    by: &str,
) -> Result<i64> {
    conn.execute("UPDATE recommended_practice SET active = 0 WHERE department_id = ?1", [department_id])?;
    conn.execute(
        "INSERT INTO recommended_practice (department_id, contest_id, title, articles, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![department_id, contest, title, articles, at, by],
    )?;
    Ok(conn.last_insert_rowid())
}

const RECOMMENDED: &str = "SELECT r.id, d.name, r.title, r.articles, r.created_at
     FROM recommended_practice r JOIN department d ON d.id = r.department_id";

fn recommended_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Recommended> {
    Ok(Recommended {
        id: r.get(0)?,
        department: r.get(1)?,
        title: r.get(2)?,
        articles: r.get(3)?,
        created_at: r.get(4)?,
    })
}

/// The active 推荐练习 of an employee's department.
pub fn recommended_for(conn: &Connection, employee: crate::core::ids::EmployeeId) -> Result<Vec<Recommended>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{RECOMMENDED} JOIN employee e ON e.department_id = r.department_id
         WHERE e.id = ?1 AND r.active = 1 ORDER BY r.id DESC"
    ))?;
    let rows = stmt.query_map([employee], recommended_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every active 推荐练习 (the organizer's department view).
pub fn recommended_all(conn: &Connection) -> Result<Vec<Recommended>> {
    let mut stmt = conn.prepare_cached(&format!("{RECOMMENDED} WHERE r.active = 1 ORDER BY d.name"))?;
    let rows = stmt.query_map([], recommended_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Ids of the questions staff may practise whose basis is one of the
/// articles, in sequential order.
pub fn practice_ids_for_articles(conn: &Connection, articles: &[(String, u32)]) -> Result<Vec<QuestionId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM question WHERE basis_law = ?1 AND basis_article = ?2 AND active = 1
           AND (contest_only = 0 OR released_at IS NOT NULL) ORDER BY sort_key, id",
    )?;
    let mut out = Vec::new();
    for (law, article) in articles {
        let rows = stmt.query_map(params![law, article], |r| r.get(0))?;
        out.extend(rows.collect::<rusqlite::Result<Vec<QuestionId>>>()?);
    }
    Ok(out)
}

/// A 推荐练习 by id, if it is active and for this employee's department.
pub fn recommended_of(
    conn: &Connection,
    id: i64,
    employee: crate::core::ids::EmployeeId,
) -> Result<Option<Recommended>> {
    Ok(recommended_for(conn, employee)?.into_iter().find(|r| r.id == id))
}
