//! Numbers that steer (organizer): item analysis of a contest (试题分析),
//! retiring a bad question, where each department is weak (contest and the
//! year's practice, by 编/章), and 推荐练习 for a department's staff.

use super::auth::Actor;
use super::contest_api::ContestSpec;
use super::contest_results::counted;
use super::Service;
use crate::core::grading::Response;
use crate::core::ids::{AttemptId, ContestId, QuestionId};
use crate::core::item_analysis::{analyse, Flag, ItemStats, Taken};
use crate::core::paper::PaperItem;
use crate::core::question::{option_letter, AnswerKey, Question};
use crate::core::weakness::{place_of, weakness, ArticleKey, Mark, Pair, Source};
use crate::error::{AppError, Result};
use crate::store::{self, insight::Outline};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

// ---- API types ----

/// One question of the item-analysis table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ItemRow {
    pub question_id: QuestionId,
    pub qtype_name: String,
    pub subject: String,
    pub stem: String,
    /// 民法典第五百零九条, or None without a basis.
    pub basis: Option<String>,
    /// The key as the bank has it: "B：乙", "对", or the 填空 answer.
    pub key_text: String,
    pub retired: bool,
    pub stats: ItemStats,
    /// Each flag in words, for the table and the export.
    pub flag_notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ItemAnalysis {
    pub contest_id: ContestId,
    pub title: String,
    /// Counted attempts analysed (one per person).
    pub takers: usize,
    pub items: Vec<ItemRow>,
    pub flagged: usize,
    /// Questions with fewer takers than this raise no flag.
    pub min_takers_for_flags: usize,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RetireRequest {
    pub id: QuestionId,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct AcceptSpellingRequest {
    pub id: QuestionId,
    pub spelling: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct QuestionIdRequest {
    pub id: QuestionId,
}

/// A question as the organizer's bank screen shows it, key included.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BankQuestion {
    pub id: QuestionId,
    pub subject: String,
    pub qtype_name: String,
    pub stem: String,
    pub options: Vec<String>,
    pub key_text: String,
    /// 填空: the answer and every accepted spelling.
    pub accepted: Vec<String>,
    pub explanation: String,
    pub basis: Option<String>,
    pub retired_at: Option<String>,
    pub retired_by: Option<String>,
    pub retired_reason: Option<String>,
}

/// An article with its label, for the most-missed lists.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MissedArticle {
    pub law: String,
    pub article: u32,
    /// 民法典第五百零九条.
    pub label: String,
    pub wrong: u32,
    pub total: u32,
}

/// A department's heatmap row: per area (aligned with `areas`) the share
/// right in the contest and in the year's practice.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WeakRow {
    pub department: String,
    pub cells: Vec<Pair>,
    pub overall: Pair,
    pub most_missed: Vec<MissedArticle>,
    /// The department's active 推荐练习, if any.
    pub recommended: Option<String>,
}

/// A finer row: department × 宪法 章/节 or 民法典 编/章.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WeakDetail {
    pub department: String,
    pub area: String,
    pub sub: String,
    pub cell: Pair,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DepartmentWeaknessView {
    pub contest_id: ContestId,
    pub title: String,
    /// The year whose practice is counted.
    pub year: i32,
    pub areas: Vec<String>,
    pub rows: Vec<WeakRow>,
    pub detail: Vec<WeakDetail>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RecommendRequest {
    pub contest_id: ContestId,
    pub department: String,
}

/// A 推荐练习 as staff and organizers see it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Recommendation {
    pub id: i64,
    pub department: String,
    pub title: String,
    pub articles: Vec<String>,
    pub questions: usize,
    pub created_at: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RecommendationIdRequest {
    pub id: i64,
}

// ---- helpers ----

fn key_text(q: &Question) -> String {
    match &q.key {
        AnswerKey::Choice { keys } => keys
            .iter()
            .map(|k| {
                format!("{}：{}", option_letter(*k as usize), q.options.get(*k as usize).map_or("", |s| s.as_str()))
            })
            .collect::<Vec<_>>()
            .join("；"),
        AnswerKey::Judge { value } => (if *value { "对" } else { "错" }).into(),
        AnswerKey::Fill { answer, .. } => answer.clone(),
    }
}

fn basis_label(c: &Connection, q: &Question) -> Result<Option<String>> {
    let Some(b) = &q.basis else { return Ok(None) };
    Ok(Some(match b.article.number() {
        Some(n) => {
            let label = store::insight::article_label(c, b.law.name(), n)?.unwrap_or_else(|| format!("第{n}条"));
            format!("{}{label}", b.law.name())
        }
        None => format!("{}题注", b.law.name()),
    }))
}

/// A flag in words.
pub fn flag_note(f: &Flag) -> String {
    match f {
        Flag::NegativeDiscrimination => "区分度为负：总分低的人反而答对得多，题目或答案可能有误".into(),
        Flag::TooHard => "过难：正确率低于 20%".into(),
        Flag::TooEasy => "过易：正确率高于 95%".into(),
        Flag::UnchosenDistractor { options } => {
            let letters: Vec<String> = options.iter().map(|o| option_letter(*o as usize).to_string()).collect();
            let letters = letters.join("、");
            format!("干扰项无人选：{letters}")
        }
        Flag::FillCluster { spelling, count } => {
            format!("错答集中：{count} 人填“{spelling}”，请核对是否应算对（可加入可接受答案）")
        }
    }
}

/// One counted attempt: who, their paper, their total.
struct Counted {
    attempt_id: AttemptId,
    department: String,
    total: f64,
}

fn counted_attempts(c: &Connection, id: ContestId) -> Result<(ContestSpec, Vec<Counted>)> {
    let row = store::contests::get_contest(c, id)?;
    let spec: ContestSpec = serde_json::from_str(&row.rules)?;
    let rows = store::contests::results(c, id)?;
    let mut out: Vec<Counted> = counted(&rows, spec.counting)
        .into_values()
        .map(|r| Counted {
            attempt_id: r.attempt_id,
            department: r.department.clone().unwrap_or_else(|| "（未分部门）".into()),
            total: r.score as f64,
        })
        .collect();
    // Result-chain order (ties in the top/bottom groups keep it).
    let seq: HashMap<AttemptId, i64> = rows.iter().map(|r| (r.attempt_id, r.chain_seq)).collect();
    out.sort_by_key(|a| seq.get(&a.attempt_id).copied().unwrap_or(0));
    Ok((spec, out))
}

/// Per question: every counted taker's record, and the first position it
/// appeared at (to order the table like a paper).
struct Gathered {
    taken: BTreeMap<QuestionId, Vec<(Taken, String)>>,
    first_position: HashMap<QuestionId, u32>,
}

fn gather(c: &Connection, id: ContestId, takers: &[Counted]) -> Result<Gathered> {
    let wanted: HashMap<AttemptId, &Counted> = takers.iter().map(|t| (t.attempt_id, t)).collect();
    let papers = store::insight::papers(c, id)?;
    let mut answers = store::insight::answers(c, id)?;
    let mut taken: BTreeMap<QuestionId, Vec<(Taken, String)>> = BTreeMap::new();
    let mut first_position: HashMap<QuestionId, u32> = HashMap::new();
    // Keep the chain order of `takers`.
    let by_attempt: HashMap<AttemptId, String> = papers.into_iter().map(|p| (p.attempt_id, p.paper)).collect();
    for t in takers {
        let Some(paper) = by_attempt.get(&t.attempt_id) else { continue };
        let Some(who) = wanted.get(&t.attempt_id) else { continue };
        let items: Vec<PaperItem> = serde_json::from_str(paper)?;
        for (pos, item) in items.into_iter().enumerate() {
            let given = answers.remove(&(t.attempt_id, pos as u32));
            let response = given.as_ref().and_then(|g| serde_json::from_str::<Response>(&g.response).ok());
            let earned = given.as_ref().and_then(|g| g.points).unwrap_or(0) as f64;
            let right = given.as_ref().is_some_and(|g| g.verdict.as_deref() == Some("right"));
            let fp = first_position.entry(item.question_id.clone()).or_insert(pos as u32);
            *fp = (*fp).min(pos as u32);
            taken.entry(item.question_id).or_default().push((
                Taken { total: who.total, earned, full: f64::from(item.points), response, right },
                who.department.clone(),
            ));
        }
    }
    Ok(Gathered { taken, first_position })
}

fn parse_year(spec: &ContestSpec) -> i32 {
    spec.opens_at.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2026)
}

fn place(o: &Outline, ranks: &HashMap<String, u32>) -> crate::core::weakness::Place {
    place_of(
        &o.subject,
        o.basis_law.as_deref(),
        o.basis_article,
        o.part.as_deref(),
        o.chapter.as_deref(),
        o.section.as_deref(),
        ranks.get(&o.subject).copied().unwrap_or(u32::MAX / 10_000),
    )
}

/// Each law's place in the app's list (areas follow it).
fn law_ranks(c: &Connection) -> Result<HashMap<String, u32>> {
    Ok(store::law::titles(c)?.into_iter().enumerate().map(|(i, (l, _))| (l.name().to_string(), i as u32)).collect())
}

fn article_of(o: &Outline) -> Option<ArticleKey> {
    Some(ArticleKey { law: o.basis_law.clone()?, article: o.basis_article? })
}

fn recommendation(c: &Connection, r: store::insight::Recommended) -> Result<Recommendation> {
    let keys: Vec<ArticleKey> = serde_json::from_str(&r.articles)?;
    let pairs: Vec<(String, u32)> = keys.iter().map(|k| (k.law.clone(), k.article)).collect();
    let questions = store::insight::practice_ids_for_articles(c, &pairs)?.len();
    let articles = keys
        .iter()
        .map(|k| {
            let label =
                store::insight::article_label(c, &k.law, k.article)?.unwrap_or_else(|| format!("第{}条", k.article));
            Ok(format!("{}{label}", k.law))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Recommendation {
        id: r.id,
        department: r.department,
        title: r.title,
        articles,
        questions,
        created_at: r.created_at,
    })
}

impl Service {
    /// 试题分析: every question of a contest's papers, from each person's
    /// counted attempt.
    pub fn item_analysis(&self, actor: &Actor, id: ContestId) -> Result<ItemAnalysis> {
        actor.organizer()?;
        self.db.read(|c| {
            let (spec, takers) = counted_attempts(c, id)?;
            let g = gather(c, id, &takers)?;
            let mut items = Vec::new();
            for (qid, taken) in g.taken {
                let q = store::questions::get(c, &qid)?;
                let records: Vec<Taken> = taken.into_iter().map(|(t, _)| t).collect();
                let stats = analyse(&q, &records);
                let retired = store::insight::retirement(c, &qid)?.is_some();
                items.push((
                    g.first_position.get(&qid).copied().unwrap_or(0),
                    ItemRow {
                        qtype_name: q.qtype.name().into(),
                        subject: q.subject.name().into(),
                        stem: q.stem.clone(),
                        basis: basis_label(c, &q)?,
                        key_text: key_text(&q),
                        retired,
                        flag_notes: stats.flags.iter().map(flag_note).collect(),
                        stats,
                        question_id: qid,
                    },
                ));
            }
            items.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.question_id.0.cmp(&b.1.question_id.0)));
            let items: Vec<ItemRow> = items.into_iter().map(|(_, r)| r).collect();
            Ok(ItemAnalysis {
                contest_id: id,
                title: spec.title,
                takers: takers.len(),
                flagged: items.iter().filter(|i| !i.stats.flags.is_empty()).count(),
                items,
                min_takers_for_flags: crate::core::item_analysis::MIN_TAKERS_FOR_FLAGS,
            })
        })
    }

    /// A question with its key, for the organizer's bank screen.
    pub fn bank_question(&self, actor: &Actor, id: &QuestionId) -> Result<BankQuestion> {
        actor.organizer()?;
        self.db.read(|c| {
            let q = store::questions::get(c, id)?;
            let retired = store::insight::retirement(c, id)?;
            let accepted = match &q.key {
                AnswerKey::Fill { answer, accepted } => {
                    std::iter::once(answer.clone()).chain(accepted.clone()).collect()
                }
                _ => vec![],
            };
            Ok(BankQuestion {
                id: q.id.clone(),
                subject: q.subject.name().into(),
                qtype_name: q.qtype.name().into(),
                stem: q.stem.clone(),
                options: q.options.clone(),
                key_text: key_text(&q),
                accepted,
                explanation: q.explanation.clone(),
                basis: basis_label(c, &q)?,
                retired_at: retired.as_ref().map(|r| r.0.clone()),
                retired_by: retired.as_ref().map(|r| r.1.clone()),
                retired_reason: retired.map(|r| r.2),
            })
        })
    }

    /// 撤下: the question is never drawn into a paper or practised again;
    /// attempts that had it keep it. Audited.
    pub fn retire_question(&self, actor: &Actor, req: &RetireRequest) -> Result<BankQuestion> {
        actor.organizer()?;
        let reason = req.reason.trim();
        if reason.chars().count() > 200 {
            return Err(AppError::InvalidInput("撤下原因最多 200 个字。".into()));
        }
        let now = super::clock::format(self.clock.now());
        self.db.transact(|tx| {
            store::questions::get(tx, &req.id)?;
            if !store::insight::retire(tx, &req.id, &now, &actor.audit_name(), reason)? {
                return Err(AppError::InvalidInput("这道题已经撤下了。".into()));
            }
            store::audit::insert(
                tx,
                &now,
                &actor.audit_name(),
                "撤下试题",
                &serde_json::json!({"question": req.id.0, "reason": reason}),
            )
        })?;
        self.bank_question(actor, &req.id)
    }

    /// Adds a spelling a 填空 question should also accept (the fix for
    /// wrong answers clustering on it): graded as right from now on, in
    /// practice and in contests; past results are not regraded. Audited.
    pub fn accept_spelling(&self, actor: &Actor, req: &AcceptSpellingRequest) -> Result<BankQuestion> {
        actor.organizer()?;
        let spelling = req.spelling.trim();
        let n = spelling.chars().count();
        if n == 0 || n > 50 || crate::core::text::answer_key(spelling).is_empty() {
            return Err(AppError::InvalidInput("请填写要算对的填法（1～50 个字，不能只有标点）。".into()));
        }
        let now = super::clock::format(self.clock.now());
        self.db.transact(|tx| {
            let q = store::questions::get(tx, &req.id)?;
            let AnswerKey::Fill { answer, accepted } = &q.key else {
                return Err(AppError::InvalidInput("只有填空题可以增加算对的填法。".into()));
            };
            let key = crate::core::text::answer_key(spelling);
            if std::iter::once(answer).chain(accepted).any(|a| crate::core::text::answer_key(a) == key) {
                return Err(AppError::InvalidInput(format!("“{spelling}”已经算对了。")));
            }
            store::insight::add_accepted(tx, &req.id, spelling)?;
            store::audit::insert(
                tx,
                &now,
                &actor.audit_name(),
                "增加填空答案",
                &serde_json::json!({"question": req.id.0, "spelling": spelling}),
            )
        })?;
        self.bank_question(actor, &req.id)
    }

    /// 部门薄弱环节: departments × 编/章 with the share right in the contest
    /// and in the year's practice, and the ten articles each gets wrong most.
    pub fn department_weakness(&self, actor: &Actor, id: ContestId) -> Result<DepartmentWeaknessView> {
        actor.organizer()?;
        self.db.read(|c| {
            let (spec, takers) = counted_attempts(c, id)?;
            let year = parse_year(&spec);
            let outlines = store::insight::outlines(c)?;
            let ranks = law_ranks(c)?;
            let g = gather(c, id, &takers)?;
            let mut marks = Vec::new();
            for (qid, taken) in &g.taken {
                let Some(o) = outlines.get(qid) else { continue };
                for (t, dept) in taken {
                    marks.push(Mark {
                        department: dept.clone(),
                        place: place(o, &ranks),
                        article: article_of(o),
                        source: Source::Contest,
                        right: t.right,
                    });
                }
            }
            for (dept, qid, right) in store::insight::practice_in_year(c, year)? {
                let Some(o) = outlines.get(&qid) else { continue };
                marks.push(Mark {
                    department: dept,
                    place: place(o, &ranks),
                    article: article_of(o),
                    source: Source::Practice,
                    right,
                });
            }
            let w = weakness(&marks);
            let active: HashMap<String, String> =
                store::insight::recommended_all(c)?.into_iter().map(|r| (r.department, r.title)).collect();
            let mut detail = Vec::new();
            let mut rows = Vec::new();
            for d in w.departments {
                for (p, cell) in &d.detail {
                    detail.push(WeakDetail {
                        department: d.department.clone(),
                        area: p.area.clone(),
                        sub: p.sub.clone(),
                        cell: *cell,
                    });
                }
                let most_missed = d
                    .most_missed
                    .iter()
                    .map(|m| {
                        let label = store::insight::article_label(c, &m.article.law, m.article.article)?
                            .unwrap_or_else(|| format!("第{}条", m.article.article));
                        Ok(MissedArticle {
                            law: m.article.law.clone(),
                            article: m.article.article,
                            label: format!("{}{label}", m.article.law),
                            wrong: m.wrong,
                            total: m.total,
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                rows.push(WeakRow {
                    recommended: active.get(&d.department).cloned(),
                    department: d.department,
                    cells: d.cells,
                    overall: d.overall,
                    most_missed,
                });
            }
            Ok(DepartmentWeaknessView { contest_id: id, title: spec.title, year, areas: w.areas, rows, detail })
        })
    }

    /// One click: a 推荐练习 over the articles a department gets wrong most,
    /// for its staff (replacing its earlier one). Audited.
    pub fn recommend_practice(&self, actor: &Actor, req: &RecommendRequest) -> Result<Recommendation> {
        actor.organizer()?;
        let view = self.department_weakness(actor, req.contest_id)?;
        let row = view
            .rows
            .iter()
            .find(|r| r.department == req.department)
            .ok_or_else(|| AppError::NotFound(format!("没有“{}”的答题记录。", req.department)))?;
        if row.most_missed.is_empty() {
            return Err(AppError::InvalidInput(format!("“{}”没有答错的条文，不需要推荐练习。", req.department)));
        }
        let keys: Vec<ArticleKey> =
            row.most_missed.iter().map(|m| ArticleKey { law: m.law.clone(), article: m.article }).collect();
        let title = format!("{}薄弱条文（{} 条）", req.department, keys.len());
        let now = super::clock::format(self.clock.now());
        let rec = self.db.transact(|tx| {
            let dept = store::insight::department_id(tx, &req.department)?.ok_or_else(|| {
                AppError::InvalidInput("未分部门的人员不能推荐练习，请先在“人员”中给他们分配部门。".into())
            })?;
            let id = store::insight::insert_recommended(
                tx,
                dept,
                Some(req.contest_id),
                &title,
                &serde_json::to_string(&keys)?,
                &now,
                &actor.audit_name(),
            )?;
            store::audit::insert(
                tx,
                &now,
                &actor.audit_name(),
                "推荐练习",
                &serde_json::json!({"department": req.department, "contest": req.contest_id.0, "articles": keys}),
            )?;
            let r = store::insight::recommended_all(tx)?
                .into_iter()
                .find(|r| r.id == id)
                .ok_or_else(|| AppError::Internal("推荐练习没有保存".into()))?;
            recommendation(tx, r)
        })?;
        Ok(rec)
    }

    /// 推荐练习 for the signed-in staff member's department (首页).
    pub fn my_recommendations(&self, actor: &Actor) -> Result<Vec<Recommendation>> {
        let me = actor.staff()?;
        self.db.read(|c| store::insight::recommended_for(c, me)?.into_iter().map(|r| recommendation(c, r)).collect())
    }

    /// Starts a 推荐练习: the practice questions of its articles. Refused
    /// while the person has a contest attempt running.
    pub fn recommended_set(&self, actor: &Actor, id: i64) -> Result<super::api::PracticeSet> {
        let me = actor.staff()?;
        self.no_running_attempt(me)?;
        self.db.read(|c| {
            let r = store::insight::recommended_of(c, id, me)?
                .ok_or_else(|| AppError::NotFound("没有找到这组推荐练习。".into()))?;
            let keys: Vec<ArticleKey> = serde_json::from_str(&r.articles)?;
            let pairs: Vec<(String, u32)> = keys.into_iter().map(|k| (k.law, k.article)).collect();
            let mut seen = HashSet::new();
            let ids = store::insight::practice_ids_for_articles(c, &pairs)?
                .into_iter()
                .filter(|q| seen.insert(q.clone()))
                .collect();
            Ok(super::api::PracticeSet { title: format!("推荐练习 · {}", r.title), ids })
        })
    }
}
