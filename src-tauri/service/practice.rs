//! Practice (练习, C4): choose a scope (law / 编 / 章), an order and a filter
//! (all, not yet answered, the wrong-answer book); one question at a time,
//! graded by the backend, with the article that proves the answer.

use super::api::{
    ArticleView, ChapterScope, Feedback, HomeView, PartScope, PracticeAnswerRequest, PracticeSet, PracticeStartRequest,
    QuestionRequest, QuestionView, ScopeTree, Solution, SubjectCard,
};
use super::auth::Actor;
use super::study::record_event;
use super::Service;
use crate::core::grading::{grade, Response, Verdict};
use crate::core::law::ArticleRef;
use crate::core::practice::{in_wrong_book, Filter, Order};
use crate::core::question::{AnswerKey, Question, Subject};
use crate::core::shown;
use crate::core::text::highlight;
use crate::error::{AppError, Result};
use crate::store::{self, practice::Progress};
use rand::seq::SliceRandom;
use rusqlite::Connection;

fn add(a: Progress, b: Progress) -> Progress {
    Progress { total: a.total + b.total, done: a.done + b.done, right: a.right + b.right }
}

impl Service {
    /// The home screen of a staff member: subjects with progress, the
    /// wrong-answer book's size, and their study hours.
    pub fn home(&self, actor: &Actor) -> Result<HomeView> {
        let me = actor.staff()?;
        let study = self.my_study(actor)?;
        self.db.read(|conn| {
            // Every law in the 学习范围 with questions, then the topics.
            let mut rows: Vec<_> =
                store::law::list_laws(conn)?.into_iter().filter(|l| l.enabled && l.questions > 0).collect();
            rows.sort_by_key(|l| l.is_topic());
            let subjects = rows
                .into_iter()
                .map(|l| {
                    let p = store::practice::progress_by_chapter(conn, me, l.law.name())?
                        .into_iter()
                        .fold(Progress::default(), |acc, (_, _, p)| add(acc, p));
                    Ok(SubjectCard {
                        subject: l.law,
                        title: l.title,
                        blurb: l.blurb,
                        total: p.total,
                        done: p.done,
                        right: p.right,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(HomeView {
                app_version: env!("CARGO_PKG_VERSION").into(),
                name: actor.name().to_string(),
                subjects,
                wrong_book: store::practice::wrong_book(conn, me)?.len() as i64,
                study,
            })
        })
    }

    /// The scopes of a subject: its 编 and 章 with this person's progress.
    pub fn practice_scopes(&self, actor: &Actor, subject: Subject) -> Result<ScopeTree> {
        let me = actor.staff()?;
        self.db.read(|conn| {
            let law = self.visible_law(conn, actor, subject)?;
            let rows = store::practice::progress_by_chapter(conn, me, subject.name())?;
            let mut parts: Vec<PartScope> = Vec::new();
            let mut total = Progress::default();
            for (part, chapter, p) in rows {
                total = add(total, p);
                // A topic's questions cite many laws: no outline of its own.
                if law.is_topic() {
                    continue;
                }
                if parts.last().is_none_or(|last| last.part != part) {
                    parts.push(PartScope { part: part.clone(), progress: Progress::default(), chapters: vec![] });
                }
                if let Some(last) = parts.last_mut() {
                    last.progress = add(last.progress, p);
                    last.chapters.push(ChapterScope { chapter, progress: p });
                }
            }
            Ok(ScopeTree { subject, title: law.title, progress: total, parts })
        })
    }

    /// Starts a practice run: the question ids of the scope, in order or
    /// shuffled, narrowed by the filter. Ids carry no answers.
    pub fn practice_start(&self, actor: &Actor, req: PracticeStartRequest) -> Result<PracticeSet> {
        let me = actor.staff()?;
        self.no_running_attempt(me)?;
        let (law, mut ids) = self.db.read(|conn| {
            let law = self.visible_law(conn, actor, req.scope.subject)?;
            let ids = store::practice::ids_in_scope(conn, &req.scope)?;
            let ids = match req.filter {
                Filter::All => ids,
                Filter::Unanswered => {
                    let done = store::practice::answered(conn, me)?;
                    ids.into_iter().filter(|q| !done.contains(q)).collect()
                }
                Filter::WrongBook => {
                    let book = store::practice::wrong_book(conn, me)?;
                    ids.into_iter().filter(|q| book.contains(q)).collect()
                }
            };
            Ok((law, ids))
        })?;
        if req.order == Order::Random {
            ids.shuffle(&mut rand::rng());
        }
        let mut title = law.title;
        for s in [&req.scope.part, &req.scope.chapter].into_iter().flatten() {
            title.push_str(" · ");
            title.push_str(s);
        }
        let what = match req.filter {
            Filter::All => "",
            Filter::Unanswered => "（未做的题）",
            Filter::WrongBook => "（错题本）",
        };
        title.push_str(what);
        Ok(PracticeSet { title, ids })
    }

    /// The wrong-answer book across all subjects, as a practice run.
    pub fn wrong_book_set(&self, actor: &Actor) -> Result<PracticeSet> {
        let me = actor.staff()?;
        self.no_running_attempt(me)?;
        let ids = self.db.read(|conn| {
            let book = store::practice::wrong_book(conn, me)?;
            let mut ids = Vec::new();
            for l in store::law::list_laws(conn)?.into_iter().filter(|l| l.enabled) {
                let scope = crate::core::practice::Scope { subject: l.law, part: None, chapter: None };
                ids.extend(store::practice::ids_in_scope(conn, &scope)?.into_iter().filter(|q| book.contains(q)));
            }
            Ok(ids)
        })?;
        Ok(PracticeSet { title: "错题本".into(), ids })
    }

    /// One question, options shuffled, without its key. Option ids are
    /// display positions; the order shown is kept to grade the answer by.
    pub fn practice_question(&self, actor: &Actor, req: QuestionRequest) -> Result<QuestionView> {
        let me = actor.staff()?;
        self.no_running_attempt(me)?;
        let (q, location) = self.db.read(|conn| {
            if !store::questions::open_to_staff(conn, &req.id)? {
                return Err(AppError::NotFound("没有找到这道题。".into()));
            }
            Ok((store::questions::get(conn, &req.id)?, store::questions::location(conn, &req.id)?))
        })?;
        let mut order: Vec<u8> = (0..q.options.len().min(u8::MAX as usize) as u8).collect();
        order.shuffle(&mut rand::rng());
        let view = question_view(&q, location, &order);
        let shown_at = super::clock::format(self.clock.now());
        let id = q.id.clone();
        self.db.write_grouped(move |tx| {
            // 今日复习 rates an answer by the time taken since it was shown.
            store::review::shown(tx, me, &id, &shown_at)?;
            if order.is_empty() {
                return Ok(());
            }
            store::practice::set_view(tx, me, &id, &order)
        })?;
        Ok(view)
    }

    /// Grades a practice answer, records it (and the activity for study
    /// time), and returns the key, the explanation and the cited article with
    /// the quote marked.
    pub fn practice_answer(&self, actor: &Actor, req: PracticeAnswerRequest) -> Result<Feedback> {
        let me = actor.staff()?;
        let offset = self.settings()?.offset();
        let at = self.clock.now();
        let now = super::clock::format(at);
        self.no_running_attempt(me)?;
        self.db.transact(|tx| {
            if !store::questions::open_to_staff(tx, &req.question_id)? {
                return Err(AppError::NotFound("没有找到这道题。".into()));
            }
            let q = store::questions::get(tx, &req.question_id)?;
            // The page answers in the positions it showed; grade in bank terms.
            let order = match (&q.key, &req.response) {
                (AnswerKey::Choice { .. }, Response::Choice { .. }) => store::practice::view(tx, me, &q.id)?
                    .ok_or_else(|| AppError::InvalidInput("请重新打开这道题再作答。".into()))?,
                _ => vec![],
            };
            let response = shown::to_bank(&order, &req.response)
                .ok_or_else(|| AppError::InvalidInput("答案里有这道题没有的选项。".into()))?;
            let verdict = grade(&q, &response);
            let correct = verdict == Verdict::Right;
            store::practice::insert_answer(tx, me, &q.id, &response, correct, &now)?;
            record_event(tx, me, "practice", at, offset)?;
            let (next_review_on, next_review_in_days) =
                super::review::record(tx, me, &q.id, q.qtype, correct, at, offset)?;
            let history = store::practice::history(tx, me, &q.id)?;
            let solution = match solution_of(&q) {
                Solution::Choice { keys } => Solution::Choice { keys: shown::keys_to_shown(&order, &keys) },
                other => other,
            };
            Ok(Feedback {
                verdict,
                correct,
                solution,
                explanation: q.explanation.clone(),
                article: article_view(tx, &q)?,
                in_wrong_book: in_wrong_book(&history),
                next_review_on,
                next_review_in_days,
            })
        })
    }
}

/// The key-less view of a question, its options in `order` (bank indices in
/// display order), each option's id its display position.
pub fn question_view(q: &Question, location: Vec<String>, order: &[u8]) -> QuestionView {
    QuestionView {
        id: q.id.clone(),
        subject: q.subject,
        qtype: q.qtype,
        qtype_name: q.qtype.name().into(),
        difficulty: q.difficulty,
        stem: q.stem.clone(),
        options: super::contest_take::shown_options(&q.options, order),
        location,
    }
}

/// The key of a question as the UI shows it after answering.
pub fn solution_of(q: &Question) -> Solution {
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
    let law_title = store::law::title_of(conn, b.law)?;
    let view = match b.article {
        ArticleRef::Article(n) => {
            let a = store::law::get_article(conn, b.law, n)?;
            ArticleView {
                law: b.law.name().into(),
                law_title: law_title.clone(),
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
                law_title: law_title.clone(),
                article: None,
                label: "题注".into(),
                location: vec![],
                segments: highlight(&text, &b.quotes),
            }
        }
    };
    Ok(Some(view))
}
