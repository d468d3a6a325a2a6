//! Practice (练习): one question at a time, graded by the backend, with the
//! article that proves the answer.

use super::api::{
    ArticleView, Feedback, HomeView, OptionView, PracticeAnswerRequest, PracticeNextRequest, QuestionView, Solution,
    SubjectCard,
};
use super::Service;
use crate::core::grading::{grade, Verdict};
use crate::core::law::ArticleRef;
use crate::core::question::{AnswerKey, Question, Subject};
use crate::core::text::highlight;
use crate::error::{AppError, Result};
use crate::store;
use rand::seq::SliceRandom;
use rusqlite::Connection;

fn blurb(s: Subject) -> &'static str {
    match s {
        Subject::Constitution => "国家的根本法：序言、总纲、公民的基本权利和义务、国家机构",
        Subject::CivilCode => "社会生活的百科全书：总则、物权、合同、人格权、婚姻家庭、继承、侵权责任",
        Subject::ConstitutionDay => "12月4日国家宪法日：宪法的通过与修正、宪法宣誓、国旗国歌国徽首都",
    }
}

fn title(s: Subject) -> &'static str {
    match s {
        Subject::Constitution => "中华人民共和国宪法",
        Subject::CivilCode => "中华人民共和国民法典",
        Subject::ConstitutionDay => "宪法日常识",
    }
}

impl Service {
    /// The home screen: each subject with its size and this PC's progress.
    pub fn home(&self) -> Result<HomeView> {
        self.db.read(|conn| {
            let subjects = Subject::ALL
                .into_iter()
                .map(|s| {
                    let total = store::questions::list_ids(conn, s)?.len() as i64;
                    let (done, right) = store::practice::progress(conn, None, s)?;
                    Ok(SubjectCard { subject: s, title: title(s).into(), blurb: blurb(s).into(), total, done, right })
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(HomeView { app_version: env!("CARGO_PKG_VERSION").into(), subjects })
        })
    }

    /// The question at `position` of the subject's sequential order, options
    /// shuffled, without its key.
    pub fn practice_next(&self, req: PracticeNextRequest) -> Result<QuestionView> {
        self.db.read(|conn| {
            let ids = store::questions::list_ids(conn, req.subject)?;
            let id = ids.get(req.position as usize).ok_or_else(|| {
                AppError::NotFound(format!(
                    "{}共有 {} 题，没有第 {} 题",
                    req.subject.name(),
                    ids.len(),
                    req.position + 1
                ))
            })?;
            let q = store::questions::get(conn, id)?;
            let location = store::questions::location(conn, id)?;
            Ok(question_view(&q, location, req.position, ids.len() as u32, &mut rand::rng()))
        })
    }

    /// Grades a practice answer, records it, and returns the key, the
    /// explanation and the cited article with the quote marked.
    pub fn practice_answer(&self, req: PracticeAnswerRequest) -> Result<Feedback> {
        let now = self.now();
        self.db.transact(|tx| {
            let q = store::questions::get(tx, &req.question_id)?;
            let verdict = grade(&q, &req.response);
            let correct = verdict == Verdict::Right;
            store::practice::insert_answer(tx, None, &q.id, &req.response, correct, &now)?;
            Ok(Feedback {
                verdict,
                correct,
                solution: solution(&q),
                explanation: q.explanation.clone(),
                article: article_view(tx, &q)?,
            })
        })
    }
}

/// The key-less view of a question, options shuffled by `rng`.
pub fn question_view(
    q: &Question,
    location: Vec<String>,
    position: u32,
    total: u32,
    rng: &mut impl rand::Rng,
) -> QuestionView {
    let mut options: Vec<OptionView> =
        q.options.iter().enumerate().map(|(i, t)| OptionView { id: i as u8, text: t.clone() }).collect();
    options.shuffle(rng);
    QuestionView {
        id: q.id.clone(),
        subject: q.subject,
        qtype: q.qtype,
        qtype_name: q.qtype.name().into(),
        difficulty: q.difficulty,
        stem: q.stem.clone(),
        options,
        location,
        position,
        total,
    }
}

fn solution(q: &Question) -> Solution {
    match &q.key {
        AnswerKey::Choice { keys } => Solution::Choice { keys: keys.clone() },
        AnswerKey::Judge { value } => Solution::Judge { value: *value },
        AnswerKey::Fill { answer, accepted } => Solution::Fill { answer: answer.clone(), accepted: accepted.clone() },
    }
}

/// The basis article of `q` with its quotes marked; None for a question
/// without a basis.
pub fn article_view(conn: &Connection, q: &Question) -> Result<Option<ArticleView>> {
    let Some(b) = &q.basis else { return Ok(None) };
    let view = match b.article {
        ArticleRef::Article(n) => {
            let a = store::law::get_article(conn, b.law, n)?;
            ArticleView {
                law: b.law.name().into(),
                law_title: b.law.title().into(),
                article: Some(n),
                label: a.label.clone(),
                location: [a.part, a.subpart, a.chapter, a.section].into_iter().flatten().collect(),
                segments: highlight(&a.text, &b.quotes),
            }
        }
        ArticleRef::TitleNote => {
            let text = store::law::get_note(conn, b.law)?
                .ok_or_else(|| AppError::NotFound(format!("《{}》没有题注", b.law.name())))?;
            ArticleView {
                law: b.law.name().into(),
                law_title: b.law.title().into(),
                article: None,
                label: "题注".into(),
                location: vec![],
                segments: highlight(&text, &b.quotes),
            }
        }
    };
    Ok(Some(view))
}
