//! The law library (法条库, C2): every law in the 学习范围 by 编 / 分编 / 章 / 节, articles,
//! full-text search with the hits marked, and the questions citing an article.
//! Any logged-in person may read it (the actor is taken for that reason).

use super::api::{ArticleQuestion, LibraryArticle, LibraryNode, SearchHit, SearchRequest, SearchResult};
use super::api_people::law_named;
use super::auth::Actor;
use super::Service;
use crate::core::law::{Article, Law};
use crate::core::text::{find_all, Segment};
use crate::error::{AppError, Result};
use crate::store;

/// Search results shown at most (the count says how many there are).
const MAX_HITS: u32 = 200;

fn location(a: &Article) -> Vec<String> {
    [&a.part, &a.subpart, &a.chapter, &a.section].into_iter().flatten().cloned().collect()
}

impl Service {
    /// Staff in a running attempt read the law texts only when the contest
    /// allows it; organizers always.
    fn library_guard(&self, actor: &Actor) -> Result<()> {
        match actor {
            Actor::Staff { id, .. } => self.library_open_to(*id),
            Actor::Organizer { .. } => Ok(()),
        }
    }

    /// The outline of a law: one node per 编 / 分编 / 章 / 节, in order, with
    /// the article range it spans.
    pub fn library_tree(&self, actor: &Actor, law: Law) -> Result<Vec<LibraryNode>> {
        self.library_guard(actor)?;
        let articles = self.db.read(|c| {
            self.visible_law(c, actor, law)?;
            store::law::list_articles(c, law)
        })?;
        let mut nodes: Vec<LibraryNode> = Vec::new();
        let mut open: [Option<usize>; 4] = [None; 4];
        let mut prev: [Option<String>; 4] = [None, None, None, None];
        for a in &articles {
            let levels = [&a.part, &a.subpart, &a.chapter, &a.section];
            let mut changed = false;
            for (depth, name) in levels.into_iter().enumerate() {
                if changed || *name != prev[depth] {
                    changed = true;
                    prev[depth] = name.clone();
                    open[depth] = name.as_ref().map(|n| {
                        nodes.push(LibraryNode {
                            depth: depth as u8,
                            name: n.clone(),
                            first: a.article,
                            last: a.article,
                        });
                        nodes.len() - 1
                    });
                }
            }
            for i in open.iter().flatten() {
                nodes[*i].last = a.article;
            }
        }
        Ok(nodes)
    }

    /// Articles `from..=to` of a law, with how many questions cite each.
    pub fn library_articles(&self, actor: &Actor, law: Law, from: u32, to: u32) -> Result<Vec<LibraryArticle>> {
        self.library_guard(actor)?;
        if to < from || to - from > 600 {
            return Err(AppError::InvalidInput("一次最多显示 600 条。".into()));
        }
        self.db.read(|c| {
            self.visible_law(c, actor, law)?;
            let counts = store::questions::count_citing(c, law, from, to)?;
            Ok(store::law::list_range(c, law, from, to)?
                .into_iter()
                .map(|a| LibraryArticle {
                    law: law.name().into(),
                    article: a.article,
                    label: a.label.clone(),
                    location: location(&a),
                    question_count: counts.get(&a.article).copied().unwrap_or(0),
                    segments: vec![Segment { text: a.text, mark: false }],
                })
                .collect())
        })
    }

    /// Searches every law in the 学习范围 (or one law). Three or more characters use the FTS5
    /// trigram index; shorter queries a plain substring scan.
    pub fn library_search(&self, actor: &Actor, req: SearchRequest) -> Result<SearchResult> {
        self.library_guard(actor)?;
        let query = req.query.trim().to_string();
        if query.is_empty() {
            return Err(AppError::InvalidInput("请输入要搜索的字词。".into()));
        }
        if query.chars().count() > 50 {
            return Err(AppError::InvalidInput("搜索的字词最多 50 个字。".into()));
        }
        let law = req.law.as_deref().filter(|l| !l.trim().is_empty()).map(law_named).transpose()?;
        self.db.read(|c| {
            if let Some(law) = law {
                self.visible_law(c, actor, law)?;
            }
            let titles: std::collections::HashMap<Law, String> = store::law::titles(c)?.into_iter().collect();
            let (found, total) = store::law::search_in(c, &query, law, MAX_HITS)?;
            let hits = found
                .into_iter()
                .map(|a| SearchHit {
                    law_title: titles.get(&a.law).cloned().unwrap_or_default(),
                    law: a.law.name().into(),
                    article: a.article,
                    label: a.label.clone(),
                    location: location(&a),
                    segments: find_all(&a.text, &query),
                })
                .collect();
            Ok(SearchResult { query, total, hits })
        })
    }

    /// The questions whose basis is this article (stems only, no keys;
    /// 竞赛专用 ones only once released). Which question rests on which
    /// article is itself a hint: refused during an attempt.
    pub fn article_questions(&self, actor: &Actor, law: Law, article: u32) -> Result<Vec<ArticleQuestion>> {
        if let Actor::Staff { id, .. } = actor {
            self.no_running_attempt(*id)?;
        }
        let rows = self.db.read(|c| {
            self.visible_law(c, actor, law)?;
            store::questions::citing(c, law, article)
        })?;
        Ok(rows
            .into_iter()
            .map(|q| ArticleQuestion { id: q.id, qtype_name: q.qtype.name().into(), stem: q.stem, subject: q.subject })
            .collect())
    }
}
