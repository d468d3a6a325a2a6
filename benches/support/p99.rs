//! Criterion reports means and medians, not percentiles. For the targets
//! stated as a p99 (docs/performance.md: drawing a paper ≤ 2 ms p99, storing an answer
//! ≤ 5 ms p99) this times `n` single calls one by one, prints p50 / p99 /
//! max, and writes them to target/criterion/p99/<name>.json for
//! scripts/bench_summary.py.

use std::time::Instant;

pub fn single_calls(name: &str, n: usize, mut f: impl FnMut()) {
    for _ in 0..n.min(100) {
        f(); // warm-up
    }
    let mut ns: Vec<u128> = (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_nanos()
        })
        .collect();
    ns.sort_unstable();
    let at = |q: f64| ns[((ns.len() as f64 * q).ceil() as usize).clamp(1, ns.len()) - 1] as f64 / 1e6;
    let (p50, p99, max) = (at(0.50), at(0.99), at(1.0));
    println!("{name}: {n} single calls: p50 {p50:.3} ms, p99 {p99:.3} ms, max {max:.3} ms");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/criterion/p99");
    let file: String = name.chars().map(|c| if c.is_alphanumeric() { c } else { '_' }).collect();
    let json = serde_json::json!({"name": name, "n": n, "p50_ms": p50, "p99_ms": p99, "max_ms": max});
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = std::fs::write(dir.join(format!("{file}.json")), json.to_string());
    }
}
