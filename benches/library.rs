//! `make bench` (library): the law-library search against its target of
//! 50 ms per query on this machine (issue: law library), through the same
//! service call the window makes, on a real database file.

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
    for (name, query, law) in [
        ("trigram 人格权, both laws", "人格权", None),
        ("trigram 民事法律行为, both laws", "民事法律行为", None),
        ("trigram 全国人民代表大会, 宪法", "全国人民代表大会", Some("宪法")),
        ("short 合同 (LIKE scan), both laws", "合同", None),
        ("short 权 (LIKE scan, most hits)", "权", None),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let r = svc
                    .library_search(&who, SearchRequest { query: query.into(), law: law.map(str::to_string) })
                    .expect("search");
                black_box(r.total)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
