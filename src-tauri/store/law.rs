//! The law texts in the database: articles, their full-text index, title notes.

use super::not_found;
use crate::core::law::{Article, Law, LawTexts};
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension, Row};

/// Replaces every article and title note with `texts`, and rebuilds the
/// full-text index. Call inside a transaction.
pub fn replace_all(conn: &Connection, texts: &LawTexts) -> Result<()> {
    conn.execute("DELETE FROM law_article", [])?;
    conn.execute("DELETE FROM law_note", [])?;
    let mut ins = conn.prepare(
        "INSERT INTO law_article (law, article, label, part, subpart, chapter, section, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for a in texts.articles() {
        ins.execute(rusqlite::params![
            a.law.name(),
            a.article,
            a.label,
            a.part,
            a.subpart,
            a.chapter,
            a.section,
            a.text
        ])?;
    }
    for (law, text) in texts.title_notes() {
        conn.execute("INSERT INTO law_note (law, text) VALUES (?1, ?2)", [law.name(), text])?;
    }
    conn.execute("INSERT INTO law_article_fts (law_article_fts) VALUES ('rebuild')", [])?;
    Ok(())
}

fn row_to_article(r: &Row<'_>) -> rusqlite::Result<Article> {
    let law: String = r.get("law")?;
    Ok(Article {
        law: Law::parse(&law).unwrap_or(Law::Constitution),
        article: r.get("article")?,
        label: r.get("label")?,
        part: r.get("part")?,
        subpart: r.get("subpart")?,
        chapter: r.get("chapter")?,
        section: r.get("section")?,
        text: r.get("text")?,
    })
}

pub fn get_article(conn: &Connection, law: Law, article: u32) -> Result<Article> {
    conn.query_row(
        "SELECT law, article, label, part, subpart, chapter, section, text FROM law_article WHERE law = ?1 AND article = ?2",
        rusqlite::params![law.name(), article],
        row_to_article,
    )
    .map_err(not_found(format!("《{}》没有第 {article} 条", law.name())))
}

pub fn get_note(conn: &Connection, law: Law) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT text FROM law_note WHERE law = ?1", [law.name()], |r| r.get(0)).optional()?)
}

pub fn count_articles(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM law_article", [], |r| r.get(0))?)
}

/// Articles whose text contains `query` (3+ characters use the trigram index).
pub fn search(conn: &Connection, query: &str, limit: u32) -> Result<Vec<Article>> {
    let sql = if query.chars().count() >= 3 {
        "SELECT a.law, a.article, a.label, a.part, a.subpart, a.chapter, a.section, a.text
         FROM law_article_fts f JOIN law_article a ON a.id = f.rowid
         WHERE law_article_fts MATCH ?1 ORDER BY a.id LIMIT ?2"
    } else {
        "SELECT law, article, label, part, subpart, chapter, section, text
         FROM law_article WHERE instr(text, ?1) > 0 ORDER BY id LIMIT ?2"
    };
    let q = if query.chars().count() >= 3 { format!("\"{}\"", query.replace('"', "\"\"")) } else { query.to_string() };
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(rusqlite::params![q, limit], row_to_article)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
