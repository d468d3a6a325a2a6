//! `make bench` (data): importing a 10,000-question .xlsx (target < 2 s),
//! exporting a 10,000-row ranking to .xlsx (≤ 1 s), ranking 10,000 attempts
//! (≤ 50 ms), grading 10,000 attempts of 50 answers and ranking them, and
//! drawing a 50-question paper from a 10,000-question bank (≤ 2 ms p99; the
//! p99 from 10,000 single draws, see support/p99.rs).

#[path = "support/p99.rs"]
mod p99;

use criterion::{criterion_group, Criterion};
use lawquiz::core::contest::{rank, Scored};
use lawquiz::core::grading::{grade, points, MultiScoring, Response};
use lawquiz::core::ids::QuestionId;
use lawquiz::core::import::parse_questions;
use lawquiz::core::law::LawTexts;
use lawquiz::core::paper::{draw_paper, DrawRule, QuestionMeta};
use lawquiz::core::practice::Scope;
use lawquiz::core::question::QType;
use lawquiz::core::question::{AnswerKey, Question};
use lawquiz::core::sheet::read_xlsx;
use lawquiz::service::export::{workbook, Cell, Table};
use rand::SeedableRng;
use std::hint::black_box;

/// A workbook of 10,000 questions in the import layout, made from the
/// shipped bank with numbered stems.
fn big_workbook() -> Vec<u8> {
    let laws = LawTexts::embedded().expect("laws");
    let bank = lawquiz::core::bank::parse_bank(&lawquiz::core::bank::EMBEDDED.inflate().expect("bank").list(), &laws)
        .expect("bank");
    let headers = lawquiz::service::export_bank::QUESTION_HEADERS.to_vec();
    let rows: Vec<Vec<Cell>> = (0..10_000)
        .map(|i| {
            let mut q = bank[i % bank.len()].clone();
            q.id = QuestionId(format!("bench-{i:05}"));
            q.stem = format!("（第{i}题）{}", q.stem);
            lawquiz::service::export_bank::question_row(&q)
        })
        .collect();
    workbook(&[Table { sheet: "题库".into(), title: "bench".into(), headers, widths: vec![], rows, lists: vec![] }])
        .expect("workbook")
}

fn import(c: &mut Criterion) {
    let laws = LawTexts::embedded().expect("laws");
    let bytes = big_workbook();
    let mut g = c.benchmark_group("import (target: 10,000 questions < 2 s)");
    g.sample_size(10);
    g.bench_function("read .xlsx + validate 10,000 questions", |b| {
        b.iter(|| {
            let sheets = read_xlsx(&bytes).expect("xlsx");
            let parsed = parse_questions(&sheets[0], &laws, &Default::default());
            assert!(parsed.errors.is_empty());
            black_box(parsed.questions.len())
        })
    });
    g.finish();
}

fn export(c: &mut Criterion) {
    let rows: Vec<Vec<Cell>> = (0..10_000)
        .map(|i| {
            vec![
                Cell::Number(f64::from(i + 1)),
                Cell::Text(format!("{:05}", 10_000 + i)),
                Cell::Text("张三".into()),
                Cell::Text("政策法规处".into()),
                Cell::Number(f64::from(100 - i % 100)),
                Cell::Number(110.0),
                Cell::Number(f64::from(600 + i % 900)),
                Cell::Text("2026-12-04T02:30:00.000Z".into()),
                Cell::Text("是".into()),
                Cell::Empty,
            ]
        })
        .collect();
    let headers = vec!["名次", "工号", "姓名", "部门", "得分", "满分", "用时（秒）", "交卷时间", "是否及格", "奖项"];
    let mut g = c.benchmark_group("export (target: 10,000-row ranking ≤ 1 s)");
    g.sample_size(10);
    g.bench_function("ranking of 10,000 to .xlsx", |b| {
        b.iter(|| {
            let t = Table {
                sheet: "排名".into(),
                title: "bench".into(),
                headers: headers.clone(),
                widths: vec![8.0; 10],
                rows: rows.clone(),
                lists: vec![],
            };
            black_box(workbook(&[t]).expect("xlsx").len())
        })
    });
    g.finish();
}

fn ranking(c: &mut Criterion) {
    let rows: Vec<Scored<u32>> = (0..10_000u32)
        .map(|i| Scored {
            key: i,
            score: i64::from(i % 101),
            time_used_ms: i64::from(i % 1800) * 1000,
            submitted_at: format!("2026-12-04T01:{:02}:{:02}.000Z", i % 60, (i / 60) % 60),
        })
        .collect();
    c.bench_function("rank 10,000 attempts (target ≤ 50 ms)", |b| b.iter(|| black_box(rank(rows.clone()).len())));
}

/// The i-th attempt's response to `q`: right about two times in three.
fn response(q: &Question, i: usize) -> Response {
    let right = i % 3 != 0;
    match &q.key {
        AnswerKey::Choice { keys } if right => Response::Choice { keys: keys.clone() },
        AnswerKey::Choice { keys } => Response::Choice { keys: vec![keys[0].wrapping_add(1)] },
        AnswerKey::Judge { value } => Response::Judge { value: *value == right },
        AnswerKey::Fill { answer, .. } if right => Response::Fill { text: format!(" {answer}。") },
        AnswerKey::Fill { .. } => Response::Fill { text: "不是这个答案".into() },
    }
}

fn grading(c: &mut Criterion) {
    let laws = LawTexts::embedded().expect("laws");
    let bank = lawquiz::core::bank::parse_bank(&lawquiz::core::bank::EMBEDDED.inflate().expect("bank").list(), &laws)
        .expect("bank");
    // 10,000 attempts of 50 answers each, as stored: (question, response).
    let attempts: Vec<Vec<(usize, Response)>> = (0..10_000)
        .map(|a| {
            (0..50)
                .map(|p| {
                    let q = (a * 7 + p * 13) % bank.len();
                    (q, response(&bank[q], a + p))
                })
                .collect()
        })
        .collect();
    c.bench_function("grade 10,000 attempts × 50 answers and rank them (target ≤ 50 ms)", |b| {
        b.iter(|| {
            let rows: Vec<Scored<usize>> = attempts
                .iter()
                .enumerate()
                .map(|(i, answers)| Scored {
                    key: i,
                    score: answers
                        .iter()
                        .map(|(q, r)| i64::from(points(grade(&bank[*q], r), 2, MultiScoring::AllOrNothing)))
                        .sum(),
                    time_used_ms: (i as i64 % 1800) * 1000,
                    submitted_at: format!("2026-12-04T01:{:02}:{:02}.000Z", i % 60, (i / 60) % 60),
                })
                .collect();
            black_box(rank(rows).len())
        })
    });
}

fn paper(c: &mut Criterion) {
    let bank: Vec<QuestionMeta> = (0..10_000)
        .map(|i| QuestionMeta {
            id: QuestionId(format!("q{i:05}")),
            subject: if i % 2 == 0 {
                lawquiz::core::law::Law::new("宪法").expect("law")
            } else {
                lawquiz::core::law::Law::new("民法典").expect("law")
            },
            qtype: [QType::Single, QType::Multi, QType::Judge, QType::Fill][(i / 2) % 4],
            part: None,
            chapter: Some(format!("第{}章", i % 20)),
            difficulty: (i % 3 + 1) as u8,
            n_options: 4,
            // Same-fact groups (pairs) and a contest-only fifth, as a real bank has.
            group: (i % 10 < 2).then(|| format!("g{}", i / 10)),
            contest_only: i % 5 == 0,
        })
        .collect();
    let rule = |count, qtype, subject| DrawRule {
        count,
        qtype,
        scope: Scope { subject, part: None, chapter: None },
        difficulty: None,
        points: 2,
        pool: Default::default(),
    };
    let rules = vec![
        rule(20, QType::Single, lawquiz::core::law::Law::new("宪法").expect("law")),
        rule(20, QType::Single, lawquiz::core::law::Law::new("民法典").expect("law")),
        rule(5, QType::Multi, lawquiz::core::law::Law::new("民法典").expect("law")),
        rule(5, QType::Judge, lawquiz::core::law::Law::new("宪法").expect("law")),
    ];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let name = "draw a 50-question paper from 10,000 (target ≤ 2 ms p99)";
    c.bench_function(name, |b| b.iter(|| black_box(draw_paper(&rules, &bank, &mut rng).expect("paper").len())));
    p99::single_calls(name, 10_000, || {
        black_box(draw_paper(&rules, &bank, &mut rng).expect("paper").len());
    });
}

criterion_group!(benches, import, export, ranking, grading, paper);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
