#!/usr/bin/env python3
"""Prints each benchmark's median next to its target (docs/performance.md) (make bench).

Reads criterion's results (target/criterion/**/new/estimates.json, the
median's point estimate, and benchmark.json for the name) and the p99 files
the benches write for the two p99 targets (target/criterion/p99/*.json).
Only results written since --since (seconds since the epoch) are shown, so
renamed or removed benchmarks do not linger. Python standard library only.
"""

import argparse
import glob
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CRIT = os.path.join(ROOT, "target", "criterion")

# (words in the benchmark's name, target in ms, what the target limits)
TARGETS = [
    ("draw a 50-question paper", 2.0, "p99"),
    ("store one answer durably", 5.0, "p99"),
    ("grade 10,000 attempts", 50.0, "median"),
    ("rank 10,000 attempts", 50.0, "median"),
    ("ranking of 10,000 to .xlsx", 1000.0, "median"),
    ("10,000 questions", 2000.0, "median"),
    ("library_search", 50.0, "median"),
    ("close a contest with 10,000 open attempts", 2000.0, "median"),
    ("review_due", 20.0, "median"),
]


def target_for(name):
    for words, ms, kind in TARGETS:
        if words in name:
            return ms, kind
    return None, None


def fmt(ms):
    if ms is None:
        return "-"
    return f"{ms:.3f} ms" if ms < 10 else f"{ms:.1f} ms"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--since", type=float, default=0.0)
    args = ap.parse_args()
    p99 = {}
    for f in glob.glob(os.path.join(CRIT, "p99", "*.json")):
        if os.path.getmtime(f) >= args.since:
            with open(f) as fh:
                d = json.load(fh)
            p99[d["name"]] = d
    rows = []
    for est in glob.glob(os.path.join(CRIT, "**", "new", "estimates.json"), recursive=True):
        if os.path.getmtime(est) < args.since:
            continue
        with open(est) as fh:
            median_ms = json.load(fh)["median"]["point_estimate"] / 1e6
        with open(os.path.join(os.path.dirname(est), "benchmark.json")) as fh:
            name = json.load(fh)["full_id"]
        target, kind = target_for(name)
        p = next((v for k, v in p99.items() if k in name), None)
        p99_ms = p["p99_ms"] if p else None
        measured = p99_ms if kind == "p99" else median_ms
        ok = "-" if target is None or measured is None else ("ok" if measured <= target else "MISS")
        rows.append((name, median_ms, p99_ms, f"≤ {fmt(target)} {kind}" if target else "-", ok))
    if not rows:
        raise SystemExit("no benchmark results found: run cargo bench first")
    rows.sort()
    width = max(len(r[0]) for r in rows)
    print(f"{'name':<{width}}  {'median':>11}  {'p99':>11}  {'target':<18}  ok/MISS")
    for name, med, p, target, ok in rows:
        print(f"{name:<{width}}  {fmt(med):>11}  {fmt(p):>11}  {target:<18}  {ok}")
    missed = sum(1 for r in rows if r[4] == "MISS")
    print(f"benchmarks: {len(rows)}, against a target: {sum(1 for r in rows if r[4] != '-')}, missed: {missed}")


if __name__ == "__main__":
    main()
