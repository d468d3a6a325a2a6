//! `make bench` (library): the law-library search against its target of
//! 50 ms per query on this machine, in the default 学习范围 and with every
//! shipped law (fourteen, about 2,600 articles) in it, through the same
//! service call the window makes, on a real database file; and 今日复习's
//! due list (target ≤ 20 ms) for a person with 5,000 reviews, through
//! `review_set`, the call the 今日复习 button makes.

use criterion::{criterion_group, criterion_main, Criterion};
use lawquiz::core::ids::EmployeeId;
use lawquiz::service::api::SearchRequest;
use lawquiz::service::auth::Actor;
use lawquiz::service::Service;
use std::hint::black_box;

fn search(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let svc = Service::open(&dir.path().join("bench.sqlite3")).expect("service");
    let who = Actor::Staff { id: EmployeeId(1), name: "bench".into() };
    let mut group = c.benchmark_group("library_search (target: < 50 ms)");
    let cases = [
        ("trigram 人格权", "人格权", None),
        ("trigram 民事法律行为", "民事法律行为", None),
        ("trigram 全国人民代表大会, 宪法", "全国人民代表大会", Some("宪法")),
        ("short 合同 (LIKE scan)", "合同", None),
        ("short 权 (LIKE scan, most hits)", "权", None),
    ];
    // First the default 学习范围 (宪法 and 民法典), then every shipped law in it.
    for scope in ["both laws", "all laws"] {
        if scope == "all laws" {
            svc.db().transact(|tx| Ok(tx.execute("UPDATE law SET enabled = 1", [])?)).expect("every law enabled");
        }
        for (name, query, law) in cases {
            group.bench_function(format!("{name}, {scope}"), |b| {
                b.iter(|| {
                    let r = svc
                        .library_search(&who, SearchRequest { query: query.into(), law: law.map(str::to_string) })
                        .expect("search");
                    black_box(r.total)
                })
            });
        }
    }
    group.finish();
}

/// One person with 5,000 reviews: every practice question of the shipped
/// bank reviewed in turn over the past 200 days (about 2 each; one in five
/// answers wrong), each memory state computed by the FSRS scheduler and stored
/// as practice_answer would leave it.
fn review_due(c: &mut Criterion) {
    use lawquiz::core::ids::QuestionId;
    use lawquiz::core::question::QType;
    use lawquiz::core::review::{rating, review, stamp, to_chrono};
    let dir = tempfile::tempdir().expect("temp dir");
    let svc = Service::open(&dir.path().join("bench.sqlite3")).expect("service");
    let who = Actor::Staff { id: EmployeeId(1), name: "bench".into() };
    let now = time::OffsetDateTime::now_utc();
    svc.db()
        .transact(|tx| {
            tx.execute(
                "INSERT INTO employee (id, staff_no, name, created_at) VALUES (1, '1001', 'bench', '2026-01-01T00:00:00.000Z')",
                [],
            )?;
            let ids: Vec<(QuestionId, String)> = tx
                .prepare("SELECT id, qtype FROM question WHERE active = 1 AND contest_only = 0 ORDER BY id")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut cards = std::collections::HashMap::new();
            for i in 0..5_000usize {
                let (q, qtype) = &ids[i % ids.len()];
                let at = now - time::Duration::minutes(200 * 24 * 60 * (5_000 - i as i64) / 5_000);
                let right = i % 5 != 0;
                let qtype = if qtype == "judge" { QType::Judge } else { QType::Single };
                let r = rating(right, qtype, Some(((i % 40) as i64) * 1000));
                let card = review(cards.remove(q), to_chrono(at), r);
                let hash = lawquiz::store::review::current_hash(tx, q)?;
                lawquiz::store::review::put_card(tx, EmployeeId(1), q, &hash, &card)?;
                cards.insert(q.clone(), card);
                tx.execute(
                    "INSERT INTO practice_answer (employee_id, question_id, response, correct, answered_at)
                     VALUES (1, ?1, '{}', ?2, ?3)",
                    rusqlite::params![q, right, stamp(at)],
                )?;
                lawquiz::store::review::log(tx, EmployeeId(1), q, r as i64, None, &stamp(at), &stamp(at)[..10])?;
            }
            Ok(())
        })
        .expect("history");
    let due = svc.review_set(&who).expect("due").ids.len();
    let mut group = c.benchmark_group("review_due (target: ≤ 20 ms)");
    group.bench_function(format!("due list of a person with 5,000 reviews ({due} due)"), |b| {
        b.iter(|| black_box(svc.review_set(&who).expect("due").ids.len()))
    });
    group.finish();
}

criterion_group!(benches, search, review_due);
criterion_main!(benches);
