//! `make bench` (insight): the item analysis of a 3,000-taker contest —
//! 3,000 papers of 50 questions drawn from a 200-question pool (so each
//! question reaches about 750 people), every question analysed (facility,
//! 27% groups, corrected point-biserial, option shares, flags) — and the
//! department tally of its 150,000 answers plus 100,000 practice answers.
//! No target in docs/performance.md; the figure is recorded there.

use criterion::{criterion_group, Criterion};
use lawquiz::core::grading::Response;
use lawquiz::core::ids::QuestionId;
use lawquiz::core::item_analysis::{analyse, Taken};
use lawquiz::core::question::{AnswerKey, QType, Question};
use lawquiz::core::weakness::{weakness, ArticleKey, Mark, Place, Source};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use std::hint::black_box;

const TAKERS: usize = 3_000;
const POOL: usize = 200;
const PAPER: usize = 50;

fn pool() -> Vec<Question> {
    (0..POOL)
        .map(|i| Question {
            id: QuestionId(format!("bench-{i:03}")),
            subject: lawquiz::core::law::Law::new("民法典").expect("law"),
            qtype: QType::Single,
            difficulty: 2,
            tags: vec![],
            stem: format!("第{i}题"),
            options: vec!["甲".into(), "乙".into(), "丙".into(), "丁".into()],
            key: AnswerKey::Choice { keys: vec![(i % 4) as u8] },
            explanation: String::new(),
            basis: None,
            group: None,
            contest_only: false,
        })
        .collect()
}

/// Per question, every taker's record: ability decides right or wrong.
fn contest(pool: &[Question]) -> Vec<Vec<Taken>> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(2026);
    let mut per: Vec<Vec<Taken>> = vec![Vec::new(); pool.len()];
    let idx: Vec<usize> = (0..pool.len()).collect();
    for _ in 0..TAKERS {
        let ability: f64 = rng.random();
        let paper: Vec<usize> = idx.choose_multiple(&mut rng, PAPER).copied().collect();
        let rights: Vec<bool> = paper.iter().map(|_| rng.random::<f64>() < 0.3 + 0.6 * ability).collect();
        let total = rights.iter().filter(|r| **r).count() as f64 * 2.0;
        for (q, right) in paper.into_iter().zip(rights) {
            let key = (q % 4) as u8;
            let pick = if right { key } else { (key + rng.random_range(1..4)) % 4 };
            per[q].push(Taken {
                total,
                earned: if right { 2.0 } else { 0.0 },
                full: 2.0,
                response: Some(Response::Choice { keys: vec![pick] }),
                right,
            });
        }
    }
    per
}

fn items(c: &mut Criterion) {
    let pool = pool();
    let per = contest(&pool);
    let mut g = c.benchmark_group("item analysis (3,000 takers × 50 of 200 questions)");
    g.sample_size(20);
    g.bench_function("analyse all 200 questions", |b| {
        b.iter(|| {
            let flagged = pool.iter().zip(&per).map(|(q, t)| analyse(q, t)).filter(|s| !s.flags.is_empty()).count();
            black_box(flagged)
        })
    });
    g.finish();
}

fn departments(c: &mut Criterion) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(12_04);
    let depts: Vec<String> = (0..20).map(|i| format!("第{i}科")).collect();
    let areas: Vec<(String, u32)> = (0..13).map(|i| (format!("民法典 · 第{i}编"), 1_000 + i * 100)).collect();
    let marks: Vec<Mark> = (0..250_000)
        .map(|i| {
            let (area, order) = &areas[rng.random_range(0..areas.len())];
            Mark {
                department: depts[rng.random_range(0..depts.len())].clone(),
                place: Place { order: *order, area: area.clone(), sub: area.clone() },
                article: Some(ArticleKey { law: "民法典".into(), article: rng.random_range(1..1261) }),
                source: if i < 150_000 { Source::Contest } else { Source::Practice },
                right: rng.random_bool(0.7),
            }
        })
        .collect();
    let mut g = c.benchmark_group("department weakness (20 departments, 250,000 answers)");
    g.sample_size(10);
    g.bench_function("tally and rank most-missed articles", |b| {
        b.iter(|| black_box(weakness(&marks).departments.len()))
    });
    g.finish();
}

criterion_group!(benches, items, departments);

fn main() {
    benches();
    criterion::Criterion::default().configure_from_args().final_summary();
}
