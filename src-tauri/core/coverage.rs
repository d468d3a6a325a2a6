//! How the bank covers the laws: questions per 编 / 章, per type and
//! difficulty, cases, articles and listed topics covered, the spread of the
//! stored keys, same-fact groups and 竞赛专用 questions. Used by the bank
//! tests and `make bank-report`.

use super::bank::BankError;
use super::law::{ArticleRef, Law, LawTexts};
use super::question::{AnswerKey, QType, Question, Subject};

// The summary line keeps its columns for the two original laws; every law's
// articles are in `articles`.
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The tag that marks a case (a situation to which an article is applied).
pub const CASE_TAG: &str = "案例";

/// The law the shipped bank's rubric of topics and parts is about (the
/// questions/README.md rubric: the 民法典's topics, its citizens' 编).
pub const RUBRIC_LAW: &str = "民法典";

fn rubric_law() -> Option<Law> {
    Law::new(RUBRIC_LAW)
}

/// A law by its shipped short name (the summary line's columns).
fn named(name: &str) -> Option<Law> {
    Law::new(name)
}

/// The 民法典 topics every contest asks, with the articles that carry them.
pub const TOPICS: &[(&str, &[u32])] = &[
    ("好意同乘", &[1217]),
    ("性骚扰", &[1010]),
    ("英烈保护", &[185]),
    ("见义勇为", &[183, 184]),
    ("打印遗嘱", &[1136]),
    ("录音录像遗嘱", &[1137]),
    ("必留份", &[1141]),
    ("家务补偿", &[1088]),
    ("隐瞒重大疾病", &[1053]),
    ("深度伪造", &[1019]),
    ("烈性犬", &[1247]),
    ("过错责任", &[1165]),
    ("无过错责任", &[1166]),
    ("数据与网络虚拟财产", &[127]),
];

/// The 民法典 编 weighted toward what citizens meet: 人格权, 婚姻家庭, 继承, 侵权责任.
pub const CITIZEN_PARTS: [&str; 4] = ["第四编", "第五编", "第六编", "第七编"];

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

/// Articles of one law that some question cites (序言 counts as one article).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRow {
    pub law: Law,
    pub total: usize,
    pub covered: usize,
    pub missing: Vec<u32>,
}

/// One listed topic: its questions and how many of them are cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicRow {
    pub topic: &'static str,
    pub articles: &'static [u32],
    pub questions: usize,
    pub cases: usize,
}

/// Per subject: questions, cases, difficulty spread and 竞赛专用 questions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubjectRow {
    pub questions: usize,
    pub cases: usize,
    pub by_difficulty: [usize; 3],
    pub contest_only: usize,
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
    /// Cases, difficulty and 竞赛专用 per subject.
    pub subjects: BTreeMap<Subject, SubjectRow>,
    /// 宪法 then 民法典: articles cited by some question (any subject).
    pub articles: Vec<ArticleRow>,
    pub topics: Vec<TopicRow>,
    /// Stored 单选 keys per letter.
    pub single_letters: BTreeMap<char, usize>,
    /// 多选 keys that are a prefix of the options (AB, ABC …).
    pub multi_prefix: usize,
    /// Same-fact groups and their sizes.
    pub groups: BTreeMap<String, usize>,
    pub contest_only: usize,
    /// Ids breaking the rubric: a 填空 at difficulty 3, a 案例 at difficulty 1.
    pub fill_at_3: Vec<String>,
    pub case_at_1: Vec<String>,
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

    /// Questions of the subject with this short name (0 if none).
    pub fn count_named(&self, name: &str) -> usize {
        named(name).map_or(0, |s| self.count_subject(s))
    }

    /// Articles covered of the law with this short name (0 if none).
    pub fn covered_named(&self, name: &str) -> usize {
        named(name).map_or(0, |l| self.article_row(l).covered)
    }

    pub fn subject(&self, s: Subject) -> SubjectRow {
        self.subjects.get(&s).cloned().unwrap_or_default()
    }

    /// Share of `s`'s questions that are cases (0.0 when it has none).
    pub fn case_share(&self, s: Subject) -> f64 {
        let row = self.subject(s);
        if row.questions == 0 {
            0.0
        } else {
            row.cases as f64 / row.questions as f64
        }
    }

    pub fn cases(&self) -> usize {
        self.subjects.values().map(|r| r.cases).sum()
    }

    /// Cases over the whole bank, in whole percent (rounded down).
    pub fn cases_pct(&self) -> usize {
        (self.cases() * 100).checked_div(self.total).unwrap_or(0)
    }

    pub fn article_row(&self, law: Law) -> ArticleRow {
        self.articles.iter().find(|r| r.law == law).cloned().unwrap_or(ArticleRow {
            law,
            total: 0,
            covered: 0,
            missing: Vec::new(),
        })
    }

    /// Share of the 民法典 questions in 人格权, 婚姻家庭, 继承 and 侵权责任.
    pub fn citizen_share(&self) -> f64 {
        let civil: usize = self.civil_parts.iter().map(|p| p.questions).sum();
        let citizen: usize = self
            .civil_parts
            .iter()
            .filter(|p| CITIZEN_PARTS.iter().any(|c| p.part.starts_with(c)))
            .map(|p| p.questions)
            .sum();
        if civil == 0 {
            0.0
        } else {
            citizen as f64 / civil as f64
        }
    }

    /// 民法典 chapters with fewer than one question per four articles.
    pub fn thin_civil_chapters(&self) -> Vec<&ChapterRow> {
        self.chapters.iter().filter(|c| Some(c.law) == rubric_law() && c.questions * 4 < c.articles).collect()
    }

    /// Share of the stored 单选 keys at `letter`.
    pub fn letter_share(&self, letter: char) -> f64 {
        let n: usize = self.single_letters.values().sum();
        if n == 0 {
            0.0
        } else {
            self.single_letters.get(&letter).copied().unwrap_or(0) as f64 / n as f64
        }
    }

    pub fn prefix_share(&self) -> f64 {
        let n = self.count_type(QType::Multi);
        if n == 0 {
            0.0
        } else {
            self.multi_prefix as f64 / n as f64
        }
    }

    /// The one-line summary `make bank-report` ends with.
    pub fn summary_line(&self) -> String {
        format!(
            "questions={} 宪法={} 民法典={} 单选={} 多选={} 判断={} 填空={} uncovered_chapters={} bad_quotes={} \
             cases_pct={} xianfa_articles={} minfadian_articles={} laws={} pack_questions={}",
            self.total,
            self.count_named("宪法"),
            self.count_named("民法典"),
            self.count_type(QType::Single),
            self.count_type(QType::Multi),
            self.count_type(QType::Judge),
            self.count_type(QType::Fill),
            self.uncovered().len(),
            self.bad_quotes,
            self.cases_pct(),
            self.covered_named("宪法"),
            self.covered_named("民法典"),
            self.articles.len(),
            self.total - self.count_named("宪法") - self.count_named("民法典") - self.count_named("宪法日常识"),
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
        s.push_str(&self.depth_table());
        s
    }

    /// Cases, articles, topics, difficulty, stored keys, groups and 竞赛专用.
    fn depth_table(&self) -> String {
        let mut s = String::new();
        let pct = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 * 100.0 / d as f64 };
        let _ = writeln!(s, "\n各科目的案例、难度与竞赛专用（案例 = 标签“{CASE_TAG}”）：");
        for (k, r) in &self.subjects {
            let [d1, d2, d3] = r.by_difficulty;
            let _ = writeln!(
                s,
                "  {:<8} 案例 {:>4}/{:<4} ({:>5.1}%)  难度 1/2/3 = {}/{}/{}  竞赛专用 {}",
                k.name(),
                r.cases,
                r.questions,
                pct(r.cases, r.questions),
                d1,
                d2,
                d3,
                r.contest_only
            );
        }
        let _ = writeln!(
            s,
            "  全部     案例 {:>4}/{:<4} ({:>5.1}%)",
            self.cases(),
            self.total,
            pct(self.cases(), self.total)
        );
        let _ = writeln!(s, "\n各法律的条文覆盖（宪法序言算一条）：");
        for a in &self.articles {
            let _ = write!(s, "  《{}》 {} / {} 条", a.law.name(), a.covered, a.total);
            if a.missing.is_empty() {
                let _ = writeln!(s);
            } else if a.missing.len() <= 20 {
                let _ = writeln!(s, "，未覆盖：{:?}", a.missing);
            } else {
                let _ = writeln!(s, "，未覆盖 {} 条（前 20 条：{:?}）", a.missing.len(), &a.missing[..20]);
            }
        }
        let thin = self.thin_civil_chapters();
        let _ = writeln!(s, "  民法典各章每四条至少一题：{} 章未达", thin.len());
        for c in thin {
            let _ = writeln!(
                s,
                "    {}{}  {} 条 / {} 题（需 {}）",
                c.part.as_deref().map(|p| format!("{p} ")).unwrap_or_default(),
                c.chapter,
                c.articles,
                c.questions,
                c.articles.div_ceil(4)
            );
        }
        let _ =
            writeln!(s, "  民法典 人格权+婚姻家庭+继承+侵权责任：{:.1}% 的民法典题目", self.citizen_share() * 100.0);
        let _ = writeln!(s, "\n专题（题数 / 其中案例）：");
        for t in &self.topics {
            let flag = if t.questions >= 2 && t.cases >= 1 {
                ""
            } else {
                "  ← 未达（至少 2 题，其中 1 道案例）"
            };
            let _ = writeln!(s, "  {:<10} 第{:?}条  {} / {}{}", t.topic, t.articles, t.questions, t.cases, flag);
        }
        let _ = writeln!(s, "\n难度（全部）：");
        for (k, v) in &self.by_difficulty {
            let _ = writeln!(s, "  难度 {k}  {v:>4}  {:>5.1}%", pct(*v, self.total));
        }
        let _ = writeln!(s, "  难度 3 的填空题：{}  难度 1 的案例题：{}", self.fill_at_3.len(), self.case_at_1.len());
        let _ = write!(s, "\n单选答案字母：");
        for (k, v) in &self.single_letters {
            let _ = write!(s, " {k}={v} ({:.1}%)", self.letter_share(*k) * 100.0);
        }
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "多选答案为前缀（AB、ABC…）：{} / {} ({:.1}%)",
            self.multi_prefix,
            self.count_type(QType::Multi),
            self.prefix_share() * 100.0
        );
        let single_member: Vec<&String> = self.groups.iter().filter(|(_, n)| **n < 2).map(|(g, _)| g).collect();
        let _ = writeln!(
            s,
            "同题组：{} 组，{} 题；只有一题的组：{}",
            self.groups.len(),
            self.groups.values().sum::<usize>(),
            single_member.len()
        );
        let _ = writeln!(s, "竞赛专用：{} 题", self.contest_only);
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
        if Some(a.law) == rubric_law() {
            let p = a.part.clone().unwrap_or_default();
            match parts.iter_mut().find(|(n, _)| *n == p) {
                Some(row) => row.1 += 1,
                None => parts.push((p, 1)),
            }
        }
    }
    let mut part_questions: BTreeMap<String, usize> = BTreeMap::new();
    let mut civil_total = 0;
    let mut cited: BTreeMap<Law, BTreeSet<u32>> = BTreeMap::new();
    let mut topics: Vec<TopicRow> =
        TOPICS.iter().map(|&(topic, articles)| TopicRow { topic, articles, questions: 0, cases: 0 }).collect();
    for q in questions {
        let is_case = q.tags.iter().any(|t| t == CASE_TAG);
        *cov.by_subject.entry(q.subject).or_default() += 1;
        *cov.by_type.entry(q.qtype).or_default() += 1;
        *cov.by_difficulty.entry(q.difficulty).or_default() += 1;
        let row = cov.subjects.entry(q.subject).or_default();
        row.questions += 1;
        row.cases += usize::from(is_case);
        row.contest_only += usize::from(q.contest_only);
        if (1..=3).contains(&q.difficulty) {
            row.by_difficulty[usize::from(q.difficulty - 1)] += 1;
        }
        cov.contest_only += usize::from(q.contest_only);
        if let Some(g) = &q.group {
            *cov.groups.entry(g.clone()).or_default() += 1;
        }
        if q.qtype == QType::Fill && q.difficulty >= 3 {
            cov.fill_at_3.push(q.id.to_string());
        }
        if is_case && q.difficulty <= 1 {
            cov.case_at_1.push(q.id.to_string());
        }
        match &q.key {
            AnswerKey::Judge { value } => {
                if *value {
                    cov.judge_true += 1
                } else {
                    cov.judge_false += 1
                }
            }
            AnswerKey::Choice { keys } if q.qtype == QType::Single => {
                if let Some(&k) = keys.first() {
                    *cov.single_letters.entry(super::question::option_letter(usize::from(k))).or_default() += 1;
                }
            }
            AnswerKey::Choice { keys } if q.qtype == QType::Multi => {
                let mut sorted = keys.clone();
                sorted.sort_unstable();
                if sorted.iter().enumerate().all(|(i, &k)| usize::from(k) == i) {
                    cov.multi_prefix += 1;
                }
            }
            _ => {}
        }
        let Some(b) = &q.basis else { continue };
        if let ArticleRef::Article(n) = b.article {
            cited.entry(b.law).or_default().insert(n);
            if Some(b.law) == rubric_law() && Some(q.subject) == rubric_law() {
                for t in topics.iter_mut().filter(|t| t.articles.contains(&n)) {
                    t.questions += 1;
                    t.cases += usize::from(is_case);
                }
            }
        }
        let ArticleRef::Article(n) = b.article else {
            cov.title_note_questions += 1;
            continue;
        };
        let Some(a) = laws.article(b.law, n) else { continue };
        if let Some(&i) = index.get(&chapter_of(a.law, &a.part, &a.chapter)) {
            cov.chapters[i].questions += 1;
        }
        if Some(q.subject) == rubric_law() {
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
    for law in laws.infos().iter().filter(|i| !i.is_topic()).map(|i| i.law) {
        let none = BTreeSet::new();
        let have = cited.get(&law).unwrap_or(&none);
        let all: Vec<u32> = laws.articles().filter(|a| a.law == law).map(|a| a.article).collect();
        let missing: Vec<u32> = all.iter().copied().filter(|n| !have.contains(n)).collect();
        cov.articles.push(ArticleRow { law, total: all.len(), covered: all.len() - missing.len(), missing });
    }
    cov.topics = topics;
    cov
}
