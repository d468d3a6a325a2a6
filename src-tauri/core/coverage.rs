//! How the bank covers the laws: questions per 编 / 章, per type and
//! difficulty. Used by the bank tests and `make bank-report`.

use super::bank::BankError;
use super::law::{ArticleRef, Law, LawTexts};
use super::question::{QType, Question, Subject};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One chapter of a law (the 宪法 序言 and the 民法典 附则 count as one each).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterRow {
    pub law: Law,
    pub part: Option<String>,
    pub chapter: String,
    pub articles: usize,
    pub questions: usize,
}

/// One 编 of the 民法典, with its share of articles and of questions.
#[derive(Debug, Clone, PartialEq)]
pub struct PartRow {
    pub part: String,
    pub articles: usize,
    pub questions: usize,
    pub article_share: f64,
    pub question_share: f64,
}

#[derive(Debug, Clone, Default)]
pub struct Coverage {
    pub total: usize,
    pub chapters: Vec<ChapterRow>,
    pub civil_parts: Vec<PartRow>,
    pub by_subject: BTreeMap<Subject, usize>,
    pub by_type: BTreeMap<QType, usize>,
    pub by_difficulty: BTreeMap<u8, usize>,
    pub judge_true: usize,
    pub judge_false: usize,
    pub title_note_questions: usize,
    pub bad_quotes: usize,
    pub errors: usize,
}

impl Coverage {
    pub fn uncovered(&self) -> Vec<&ChapterRow> {
        self.chapters.iter().filter(|c| c.questions == 0).collect()
    }

    pub fn count_type(&self, t: QType) -> usize {
        self.by_type.get(&t).copied().unwrap_or(0)
    }

    pub fn count_subject(&self, s: Subject) -> usize {
        self.by_subject.get(&s).copied().unwrap_or(0)
    }

    /// The one-line summary `make bank-report` ends with.
    pub fn summary_line(&self) -> String {
        format!(
            "questions={} 宪法={} 民法典={} 单选={} 多选={} 判断={} 填空={} uncovered_chapters={} bad_quotes={}",
            self.total,
            self.count_subject(Subject::Constitution),
            self.count_subject(Subject::CivilCode),
            self.count_type(QType::Single),
            self.count_type(QType::Multi),
            self.count_type(QType::Judge),
            self.count_type(QType::Fill),
            self.uncovered().len(),
            self.bad_quotes,
        )
    }

    /// A readable table of everything above.
    pub fn table(&self) -> String {
        let mut s = String::new();
        let pct = |n: usize| if self.total == 0 { 0.0 } else { n as f64 * 100.0 / self.total as f64 };
        let _ = writeln!(s, "题库覆盖情况（共 {} 题）", self.total);
        let _ = writeln!(s, "\n按科目：");
        for (k, v) in &self.by_subject {
            let _ = writeln!(s, "  {:<8} {:>4}  {:>5.1}%", k.name(), v, pct(*v));
        }
        let _ = writeln!(s, "\n按题型：");
        for (k, v) in &self.by_type {
            let _ = writeln!(s, "  {:<8} {:>4}  {:>5.1}%", k.name(), v, pct(*v));
        }
        let _ = writeln!(s, "  判断题：对 {} / 错 {}", self.judge_true, self.judge_false);
        let _ = writeln!(s, "\n按难度：");
        for (k, v) in &self.by_difficulty {
            let _ = writeln!(s, "  难度 {k}    {v:>4}  {:>5.1}%", pct(*v));
        }
        let _ = writeln!(s, "  依据题注的题目：{}", self.title_note_questions);
        let _ = writeln!(s, "\n民法典各编（条文占比 / 题目占比）：");
        for p in &self.civil_parts {
            let _ = writeln!(
                s,
                "  {:<12} 条文 {:>4} ({:>5.1}%)  题目 {:>4} ({:>5.1}%)",
                p.part,
                p.articles,
                p.article_share * 100.0,
                p.questions,
                p.question_share * 100.0
            );
        }
        let _ = writeln!(s, "\n各章（条文数 / 题目数）：");
        for c in &self.chapters {
            let flag = if c.questions == 0 { "  ← 未覆盖" } else { "" };
            let part = c.part.as_deref().map(|p| format!("{p} ")).unwrap_or_default();
            let _ =
                writeln!(s, "  《{}》{}{}  {} / {}{}", c.law.name(), part, c.chapter, c.articles, c.questions, flag);
        }
        s
    }
}

fn chapter_of(law: Law, part: &Option<String>, chapter: &Option<String>) -> (Law, Option<String>, String) {
    let name = chapter.clone().or_else(|| part.clone()).unwrap_or_default();
    (law, part.clone(), name)
}

/// Computes coverage of `questions` over `laws`; `errors` are the bank's
/// problems (quote errors counted apart).
pub fn coverage(questions: &[Question], errors: &[BankError], laws: &LawTexts) -> Coverage {
    let mut cov = Coverage { total: questions.len(), errors: errors.len(), ..Default::default() };
    cov.bad_quotes = errors.iter().filter(|e| e.reason.contains("依据原文")).count();
    // Chapters in law order, with article counts.
    let mut index: BTreeMap<(Law, Option<String>, String), usize> = BTreeMap::new();
    let mut parts: Vec<(String, usize)> = Vec::new();
    for a in laws.articles() {
        let key = chapter_of(a.law, &a.part, &a.chapter);
        let i = *index.entry(key.clone()).or_insert_with(|| {
            cov.chapters.push(ChapterRow {
                law: key.0,
                part: key.1.clone(),
                chapter: key.2.clone(),
                articles: 0,
                questions: 0,
            });
            cov.chapters.len() - 1
        });
        cov.chapters[i].articles += 1;
        if a.law == Law::CivilCode {
            let p = a.part.clone().unwrap_or_default();
            match parts.iter_mut().find(|(n, _)| *n == p) {
                Some(row) => row.1 += 1,
                None => parts.push((p, 1)),
            }
        }
    }
    let mut part_questions: BTreeMap<String, usize> = BTreeMap::new();
    let mut civil_total = 0;
    for q in questions {
        *cov.by_subject.entry(q.subject).or_default() += 1;
        *cov.by_type.entry(q.qtype).or_default() += 1;
        *cov.by_difficulty.entry(q.difficulty).or_default() += 1;
        if let super::question::AnswerKey::Judge { value } = q.key {
            if value {
                cov.judge_true += 1
            } else {
                cov.judge_false += 1
            }
        }
        let Some(b) = &q.basis else { continue };
        let ArticleRef::Article(n) = b.article else {
            cov.title_note_questions += 1;
            continue;
        };
        let Some(a) = laws.article(b.law, n) else { continue };
        if let Some(&i) = index.get(&chapter_of(a.law, &a.part, &a.chapter)) {
            cov.chapters[i].questions += 1;
        }
        if q.subject == Subject::CivilCode {
            civil_total += 1;
            *part_questions.entry(a.part.clone().unwrap_or_default()).or_default() += 1;
        }
    }
    let civil_articles: usize = parts.iter().map(|(_, n)| n).sum();
    cov.civil_parts = parts
        .into_iter()
        .map(|(part, articles)| {
            let questions = part_questions.get(&part).copied().unwrap_or(0);
            PartRow {
                article_share: articles as f64 / civil_articles.max(1) as f64,
                question_share: questions as f64 / civil_total.max(1) as f64,
                part,
                articles,
                questions,
            }
        })
        .collect();
    cov
}
