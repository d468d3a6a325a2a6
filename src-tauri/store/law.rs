//! The law texts in the database: articles, their full-text index, title notes.

use super::not_found;
use crate::core::law::{Article, Edition, Law, LawInfo, LawTexts, KIND_TOPIC};
use crate::error::Result;
use rusqlite::{Connection, OptionalExtension, Row};

impl rusqlite::ToSql for Law {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::from(self.name()))
    }
}

impl rusqlite::types::FromSql for Law {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let s = v.as_str()?;
        Law::new(s).ok_or_else(|| rusqlite::types::FromSqlError::Other(format!("bad law name {s:?}").into()))
    }
}

/// A law's row with what the lists show of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LawRow {
    pub law: Law,
    pub title: String,
    pub kind: String,
    pub blurb: String,
    pub aliases: Vec<String>,
    pub edition: String,
    pub note: Option<String>,
    pub enabled: bool,
    pub builtin: bool,
    pub articles: i64,
    pub questions: i64,
    pub set_aside: i64,
}

impl LawRow {
    pub fn is_topic(&self) -> bool {
        self.kind == KIND_TOPIC
    }

    /// What the list says of it, for validating against the texts.
    pub fn info(&self) -> LawInfo {
        LawInfo {
            law: self.law,
            title: self.title.clone(),
            kind: self.kind.clone(),
            blurb: self.blurb.clone(),
            aliases: self.aliases.clone(),
            enabled: self.enabled,
            files: Vec::new(),
        }
    }
}

/// Every law and topic, in display order, with article and question counts.
pub fn list_laws(conn: &Connection) -> Result<Vec<LawRow>> {
    query_laws(conn, None)
}

/// One law's row with its counts (a request's law: not every law's counts).
pub fn law_row(conn: &Connection, law: Law) -> Result<Option<LawRow>> {
    Ok(query_laws(conn, Some(law))?.pop())
}

/// Every law's id and title, in display order (no counts).
pub fn titles(conn: &Connection) -> Result<Vec<(Law, String)>> {
    let mut stmt = conn.prepare_cached("SELECT id, title FROM law ORDER BY position, id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn query_laws(conn: &Connection, only: Option<Law>) -> Result<Vec<LawRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.title, l.kind, l.blurb, l.aliases, l.edition, n.text, l.enabled, l.source = 'builtin',
                (SELECT count(*) FROM law_article a WHERE a.law = l.id),
                (SELECT count(*) FROM question q WHERE q.subject = l.id AND q.active = 1),
                (SELECT count(*) FROM question q WHERE (q.subject = l.id OR q.basis_law = l.id) AND q.set_aside IS NOT NULL)
         FROM law l LEFT JOIN law_note n ON n.law = l.id WHERE ?1 IS NULL OR l.id = ?1 ORDER BY l.position, l.id",
    )?;
    let rows = stmt.query_map([only], |r| {
        let aliases: String = r.get(4)?;
        Ok(LawRow {
            law: r.get(0)?,
            title: r.get(1)?,
            kind: r.get(2)?,
            blurb: r.get(3)?,
            aliases: serde_json::from_str(&aliases).unwrap_or_default(),
            edition: r.get(5)?,
            note: r.get(6)?,
            enabled: r.get(7)?,
            builtin: r.get(8)?,
            articles: r.get(9)?,
            questions: r.get(10)?,
            set_aside: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A law's full title (its short name if it has no row).
pub fn title_of(conn: &Connection, law: Law) -> Result<String> {
    Ok(conn
        .query_row("SELECT title FROM law WHERE id = ?1", [law], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| law.name().to_string()))
}

/// Sets the 学习范围: exactly `laws` are enabled. Call inside a transaction.
pub fn set_enabled(conn: &Connection, laws: &[Law]) -> Result<()> {
    conn.execute("UPDATE law SET enabled = 0", [])?;
    let mut stmt = conn.prepare_cached("UPDATE law SET enabled = 1 WHERE id = ?1")?;
    for law in laws {
        stmt.execute([law])?;
    }
    Ok(())
}

/// Loads the shipped laws: every law of `texts` gets its row (a new one
/// enabled as the manifest says; an existing one keeps its 学习范围), and
/// the articles and 题注 of every shipped law an organizer has not replaced
/// by an import. Rebuilds the full-text index. Call inside a transaction.
pub fn replace_shipped(conn: &Connection, texts: &LawTexts) -> Result<()> {
    let mut upsert = conn.prepare_cached(
        "INSERT INTO law (id, title, kind, blurb, aliases, edition, position, enabled, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'builtin')
         ON CONFLICT (id) DO UPDATE SET position = excluded.position, blurb = excluded.blurb,
            aliases = excluded.aliases, kind = CASE WHEN law.source = 'builtin' THEN excluded.kind ELSE law.kind END,
            title = CASE WHEN law.source = 'builtin' THEN excluded.title ELSE law.title END,
            edition = CASE WHEN law.source = 'builtin' THEN excluded.edition ELSE law.edition END",
    )?;
    for (i, info) in texts.infos().iter().enumerate() {
        let edition = texts.title_note(info.law).map(|n| Edition::from_note(n).label()).unwrap_or_default();
        upsert.execute(rusqlite::params![
            info.law,
            info.title,
            info.kind,
            info.blurb,
            serde_json::to_string(&info.aliases)?,
            edition,
            i as i64,
            info.enabled,
        ])?;
    }
    let shipped: Vec<Law> = {
        let mut stmt = conn.prepare("SELECT id FROM law WHERE source = 'builtin'")?;
        let rows = stmt.query_map([], |r| r.get::<_, Law>(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for law in shipped.iter().filter(|l| texts.info(**l).is_some()) {
        let articles: Vec<Article> = texts.articles_of(*law).cloned().collect();
        write_texts(conn, *law, &articles, texts.title_note(*law))?;
    }
    conn.execute("INSERT INTO law_article_fts (law_article_fts) VALUES ('rebuild')", [])?;
    Ok(())
}

/// Replaces one law's articles and 题注 (the full-text index is rebuilt by
/// the caller once, after all writes).
pub fn write_texts(conn: &Connection, law: Law, articles: &[Article], note: Option<&str>) -> Result<()> {
    conn.execute("DELETE FROM law_article WHERE law = ?1", [law])?;
    conn.execute("DELETE FROM law_note WHERE law = ?1", [law])?;
    let mut ins = conn.prepare_cached(
        "INSERT INTO law_article (law, article, label, part, subpart, chapter, section, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for a in articles {
        ins.execute(rusqlite::params![law, a.article, a.label, a.part, a.subpart, a.chapter, a.section, a.text])?;
    }
    if let Some(note) = note {
        conn.execute("INSERT INTO law_note (law, text) VALUES (?1, ?2)", rusqlite::params![law, note])?;
    }
    Ok(())
}

/// Writes an imported law's row: a new law goes last and arrives outside
/// the 学习范围; a new edition keeps its place and 学习范围.
pub fn save_imported(conn: &Connection, info: &LawInfo, edition: &str, file_name: &str, now: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO law (id, title, kind, blurb, aliases, edition, position, enabled, source, file_name, imported_at)
         VALUES (?1, ?2, ?3, '', '[]', ?4, (SELECT coalesce(max(position), 0) + 1 FROM law), 0, 'import', ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, kind = excluded.kind, edition = excluded.edition,
            source = 'import', file_name = excluded.file_name, imported_at = excluded.imported_at",
        rusqlite::params![info.law, info.title, info.kind, edition, file_name, now],
    )?;
    Ok(())
}

/// Every law of the database in memory (rows, articles, 题注), for checking
/// imported questions and quotes against the texts as they are now.
pub fn load_texts(conn: &Connection) -> Result<LawTexts> {
    let mut texts = LawTexts::default();
    for row in list_laws(conn)? {
        texts.add_info(row.info());
        let articles = list_articles(conn, row.law)?;
        let note = get_note(conn, row.law)?;
        texts.set_texts(row.law, articles, note);
    }
    Ok(texts)
}

fn row_to_article(r: &Row<'_>) -> rusqlite::Result<Article> {
    let law: Law = r.get("law")?;
    Ok(Article {
        law,
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
/// Without `law`, every law in the 学习范围 (enabled) is searched.
pub fn search_in(conn: &Connection, query: &str, law: Option<Law>, limit: u32) -> Result<(Vec<Article>, i64)> {
    let trigram = query.chars().count() >= 3;
    let (from, cond) = if trigram {
        ("law_article_fts f JOIN law_article a ON a.id = f.rowid", "law_article_fts MATCH ?1")
    } else {
        ("law_article a", "instr(a.text, ?1) > 0")
    };
    let q = if trigram { format!("\"{}\"", query.replace('"', "\"\"")) } else { query.to_string() };
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM {from} WHERE {cond} AND {LAW_FILTER}"),
        rusqlite::params![q, law],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.law, a.article, a.label, a.part, a.subpart, a.chapter, a.section, a.text
         FROM {from} WHERE {cond} AND {LAW_FILTER} ORDER BY a.id LIMIT ?3"
    ))?;
    let rows = stmt.query_map(rusqlite::params![q, law, limit], row_to_article)?;
    Ok((rows.collect::<rusqlite::Result<_>>()?, total))
}

/// One law, or (NULL) every law in the 学习范围.
const LAW_FILTER: &str = "(a.law = ?2 OR ?2 IS NULL AND a.law IN (SELECT id FROM law WHERE enabled = 1))";

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
