#!/usr/bin/env python3
"""Spreads the stored answer keys of the bank over the option letters.

The app shuffles options, so a stored key never reaches a player; but exports
and printouts show the bank as written, where "A" everywhere or 多选 keys like
AB, ABC give the answers away. This script only reorders OPTIONS and rewrites
the ANSWER letters of the files it is given (never a stem, an explanation or
any other line; explanations never name letters):

- 单选: a question keeps its letter while that letter is under its quarter of
  the bank's 单选; otherwise its correct option swaps places with the option at
  the letter that is furthest behind. Options that form an ordered series
  (一年, 二年, 三年 …) are only ever reversed, never shuffled.
- 多选: while more than --prefix-max of the bank's 多选 keys are a prefix
  (AB, ABC …), a prefix key's first correct option swaps places with a wrong
  option, so the key is no longer a prefix.

Usage:
    python3 scripts/bank_balance_keys.py FILE.toml ...   # rewrite these files
    python3 scripts/bank_balance_keys.py --dry-run FILE.toml ...

Figures are counted over the whole bank (questions/bank/**/*.toml); only the
files named are changed. Deterministic: the same bank gives the same result.
"""
import argparse
import collections
import hashlib
import json
import pathlib
import re
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
BANK_DIR = ROOT / "questions" / "bank"
LETTERS = "ABCDEF"
CN = {c: i for i, c in enumerate("零一二三四五六七八九")}
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def cn_value(s):
    """First number in s (Arabic or Chinese numerals, 二十, 三分之二 …) or None."""
    m = re.search(r"\d+(?:\.\d+)?", s)
    if m:
        return float(m.group())
    m = re.search(r"([零一二两三四五六七八九十百千万]+)分之([零一二两三四五六七八九十百千]+)", s)
    if m:
        a, b = cn_int(m.group(1)), cn_int(m.group(2))
        return b / a if a else None
    m = re.search(r"[零一二两三四五六七八九十百千万]+", s)
    return float(cn_int(m.group())) if m else None


def cn_int(s):
    total, cur = 0, 0
    for c in s.replace("两", "二"):
        if c in CN:
            cur = CN[c]
        elif c in CN_UNITS:
            total += (cur or 1) * CN_UNITS[c]
            cur = 0
    return total + cur


def ordered_series(opts):
    """True when every option carries a number and they run up or down."""
    vals = [cn_value(o) for o in opts]
    if any(v is None for v in vals) or len(set(vals)) != len(vals):
        return False
    return vals == sorted(vals) or vals == sorted(vals, reverse=True)


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


def toml_list(xs):
    return "[" + ", ".join(toml_str(x) for x in xs) + "]"


def is_prefix(ans):
    return ans == LETTERS[: len(ans)]


def salt(qid):
    return int(hashlib.sha1(qid.encode()).hexdigest(), 16)


def load_all():
    out = []
    for f in sorted(BANK_DIR.rglob("*.toml")):
        for q in tomllib.loads(f.read_text(encoding="utf-8")).get("question", []):
            out.append((f, q))
    return out


def plan(all_qs, movable, prefix_max):
    """Returns {id: (new_options, new_answer)} for questions in `movable` files."""
    changes = {}
    singles = [(f, q) for f, q in all_qs if q.get("type") == "单选"]
    counts = collections.Counter(q["answer"] for f, q in singles if f not in movable)
    quota = len(singles) / 4
    for f, q in singles:
        if f not in movable:
            continue
        opts, ans = q["options"], q["answer"]
        n, cur = len(opts), LETTERS.index(ans)
        if counts[ans] < quota or n < 2:
            counts[ans] += 1
            continue
        if ordered_series(opts):
            targets = [n - 1 - cur]
        else:
            targets = [i for i in range(n) if i != cur]
        # the letter furthest behind; ties broken by the id so runs vary
        best = min(targets + [cur], key=lambda i: (counts[LETTERS[i]], (salt(q["id"]) + i) % n))
        if best == cur:
            counts[ans] += 1
            continue
        new = list(opts)
        if ordered_series(opts):
            new = new[::-1]
        else:
            new[cur], new[best] = new[best], new[cur]
        counts[LETTERS[best]] += 1
        changes[q["id"]] = (new, LETTERS[best])
    multis = [(f, q) for f, q in all_qs if q.get("type") == "多选"]
    prefix = sum(is_prefix(q["answer"]) for f, q in multis)
    limit = int(prefix_max * len(multis))
    for f, q in multis:
        if prefix <= limit:
            break
        opts, ans = q["options"], q["answer"]
        right = [LETTERS.index(c) for c in ans]
        wrong = [i for i in range(len(opts)) if i not in right]
        if f not in movable or not is_prefix(ans) or not wrong or ordered_series(opts):
            continue
        w = wrong[salt(q["id"]) % len(wrong)]
        r = right[salt(q["id"]) // 7 % len(right)]
        if w < r:  # moving a wrong option behind a right one keeps a prefix
            continue
        new = list(opts)
        new[r], new[w] = new[w], new[r]
        new_right = sorted(set(right) - {r} | {w})
        new_ans = "".join(LETTERS[i] for i in new_right)
        if is_prefix(new_ans):
            continue
        changes[q["id"]] = (new, new_ans)
        prefix -= 1
    return changes


def rewrite(path, changes, dry_run):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    qid, done = None, 0
    for i, line in enumerate(lines):
        m = re.match(r'id = "([^"]+)"', line)
        if m:
            qid = m.group(1)
        if qid in changes:
            opts, ans = changes[qid]
            if line.startswith("options = "):
                lines[i] = f"options = {toml_list(opts)}\n"
            elif line.startswith("answer = "):
                lines[i] = f"answer = {toml_str(ans)}\n"
                done += 1
    if not dry_run:
        path.write_text("".join(lines), encoding="utf-8")
    return done


def figures(all_qs):
    singles = [q for f, q in all_qs if q.get("type") == "单选"]
    multis = [q for f, q in all_qs if q.get("type") == "多选"]
    c = collections.Counter(q["answer"] for q in singles)
    spread = " ".join(f"{k}={v / len(singles):.1%}" for k, v in sorted(c.items()))
    pre = sum(is_prefix(q["answer"]) for q in multis)
    return f"单选 {spread}; 多选前缀 {pre}/{len(multis)} = {pre / max(1, len(multis)):.1%}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--prefix-max", type=float, default=0.35)
    ap.add_argument("--dry-run", action="store_true")
    a = ap.parse_args()
    movable = {pathlib.Path(f).resolve() for f in a.files}
    all_qs = [(f.resolve(), q) for f, q in load_all()]
    print("before:", figures(all_qs))
    changes = plan(all_qs, movable, a.prefix_max)
    n = sum(rewrite(f, changes, a.dry_run) for f in sorted(movable))
    if not a.dry_run:
        print("after: ", figures([(f.resolve(), q) for f, q in load_all()]))
    print(f"reordered {n} questions")


if __name__ == "__main__":
    main()
