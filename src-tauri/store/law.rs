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

/// Numbered articles of one law, and whether it has a 序言 (article 0).
pub fn count_articles_of(conn: &Connection, law: Law) -> Result<(i64, bool)> {
    Ok(conn.query_row(
        "SELECT count(*) FILTER (WHERE article > 0), count(*) FILTER (WHERE article = 0) > 0
         FROM law_article WHERE law = ?1",
        [law.name()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Articles whose text contains `query` (3+ characters use the trigram index).
pub fn search(conn: &Connection, query: &str, limit: u32) -> Result<Vec<Article>> {
    Ok(search_in(conn, query, None, limit)?.0)
}

/// Like [`search`], in one law or both, with the total number of hits.
/// Three or more characters use the FTS5 trigram index (a phrase query, so
/// the text must contain the query as written); shorter queries, which the
/// trigram tokenizer cannot index, scan with `instr`.
pub fn search_in(conn: &Connection, query: &str, law: Option<Law>, limit: u32) -> Result<(Vec<Article>, i64)> {
    let trigram = query.chars().count() >= 3;
    let (from, cond) = if trigram {
        ("law_article_fts f JOIN law_article a ON a.id = f.rowid", "law_article_fts MATCH ?1")
    } else {
        ("law_article a", "instr(a.text, ?1) > 0")
    };
    let q = if trigram { format!("\"{}\"", query.replace('"', "\"\"")) } else { query.to_string() };
    let law = law.map(Law::name);
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM {from} WHERE {cond} AND (?2 IS NULL OR a.law = ?2)"),
        rusqlite::params![q, law],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.law, a.article, a.label, a.part, a.subpart, a.chapter, a.section, a.text
         FROM {from} WHERE {cond} AND (?2 IS NULL OR a.law = ?2) ORDER BY a.id LIMIT ?3"
    ))?;
    let rows = stmt.query_map(rusqlite::params![q, law, limit], row_to_article)?;
    Ok((rows.collect::<rusqlite::Result<_>>()?, total))
}

/// Every article of a law, in order.
pub fn list_articles(conn: &Connection, law: Law) -> Result<Vec<Article>> {
    list_range(conn, law, 0, u32::MAX)
}

/// Articles `from..=to` of a law, in order.
pub fn list_range(conn: &Connection, law: Law, from: u32, to: u32) -> Result<Vec<Article>> {
    let mut stmt = conn.prepare_cached(
        "SELECT law, article, label, part, subpart, chapter, section, text FROM law_article
         WHERE law = ?1 AND article BETWEEN ?2 AND ?3 ORDER BY article",
    )?;
    let rows = stmt.query_map(rusqlite::params![law.name(), from, to], row_to_article)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
