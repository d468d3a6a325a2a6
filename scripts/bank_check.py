#!/usr/bin/env python3
"""Quick check of the question bank for bank editors, without a Rust build.

Mirrors the rules the Rust loader enforces (src-tauri/core/bank.rs; `cargo test
--test bank` stays the authority) and prints the figures the bank targets are
judged by. Usage:

    python3 scripts/bank_check.py              # every file under questions/bank
    python3 scripts/bank_check.py --only FILE  # errors of FILE only, figures over all
    python3 scripts/bank_check.py --quiet      # errors and the summary line only
"""
import argparse
import collections
import json
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
LAW_DIR = ROOT / "questions" / "law"
BANK_DIR = ROOT / "questions" / "bank"

ALLOWED = {"id", "law", "type", "difficulty", "tags", "stem", "options", "answer", "accepted",
           "explanation", "basis", "group", "contest_only"}
REQUIRED = {"id", "law", "type", "difficulty", "tags", "stem", "answer", "explanation", "basis"}
CASE_TAG = "案例"
CITIZEN_PARTS = ("第四编", "第五编", "第六编", "第七编")
TOPICS = {  # topic: articles that carry it
    "好意同乘": [1217], "性骚扰": [1010], "英烈保护": [185], "见义勇为": [183, 184],
    "打印遗嘱": [1136], "录音录像遗嘱": [1137], "必留份": [1141], "家务补偿": [1088],
    "隐瞒重大疾病": [1053], "深度伪造": [1019], "烈性犬": [1247], "过错责任": [1165],
    "无过错责任": [1166], "数据与网络虚拟财产": [127],
}
XIANFA_MUST = [69, 71, 72, 76, 78, 90, 95, 102, 106, 108]


def ws(s):
    return "".join(c for c in s if not c.isspace())


def fold(c):
    if c == "\u3000":
        return " "
    if "\uff01" <= c <= "\uff5e":
        return chr(ord(c) - 0xFEE0)
    return c


def key(s):
    return "".join(fold(c) for c in s if fold(c).isalnum()).lower()


CN_DIGITS = "零一二三四五六七八九"


def cn_number(n):
    """Article number in Chinese numerals as the laws write it (第一千二百六十条)."""
    if n == 0:
        return "零"
    units = [(1000, "千"), (100, "百"), (10, "十")]
    out, zero = "", False
    rest = n
    for value, name in units:
        d = rest // value
        rest %= value
        if d:
            if zero:
                out += "零"
                zero = False
            if not (value == 10 and d == 1 and not out):
                out += CN_DIGITS[d]
            out += name
        elif out:
            zero = True
    if rest:
        if zero:
            out += "零"
        out += CN_DIGITS[rest]
    return out


def load_laws():
    laws = {"宪法": {}, "民法典": {}}
    meta = {"宪法": {}, "民法典": {}}
    for name, file in (("宪法", "constitution.jsonl"), ("民法典", "civil-code.jsonl")):
        for line in open(LAW_DIR / file, encoding="utf-8"):
            d = json.loads(line)
            laws[name][d["article"]] = d["text"]
            meta[name][d["article"]] = d
    titles = {}
    for line in open(LAW_DIR / "titles.jsonl", encoding="utf-8"):
        d = json.loads(line)
        titles[d["law"]] = d["text"]
    return laws, meta, titles


def load_all_laws():
    """load_laws() plus the law packs (questions/packs/text/), which the
    宪法日常识 questions may cite (宪法修正案's 题注, 国旗法 …)."""
    import pack_check  # late: pack_check imports this module

    laws, meta, titles = load_laws()
    packs, _, _ = pack_check.load_packs()
    for short, law in packs.items():
        laws[short] = law["articles"]
        meta[short] = {n: {"label": law["labels"][n]} for n in law["articles"]}
        titles[short] = "\n".join(law["notes"])
    return laws, meta, titles


# A lead-in such as 根据宪法， / 依照民法典第十条， / 宪法序言指出， is not part of
# what a 判断 stem asserts: 根据宪法，X。 copies the article when X does.
LEAD_IN = re.compile(r"^(?:(?:根据|依照|按照|依据)[^，,。]{0,20}?[，,]|(?:宪法|民法典)[^，,。]{0,12}?(?:规定|指出|记载|提出|明确)[，,：:]?)")


def judge_body(stem):
    for _ in range(2):
        m = LEAD_IN.match(stem)
        if not m:
            break
        stem = stem[m.end():]
    return stem


def longest_common(a, b):
    best = 0
    for i in range(len(a)):
        j = i + best + 1
        while j <= len(a) and a[i:j] in b:
            best = j - i
            j += 1
    return best


def copy_kind(q):
    """照抄: the 判断 stem (lead-in removed) is a verbatim piece of its article;
    近似: 80% or more of it is one verbatim run (an article sentence with a word changed)."""
    text, body = key(q.get("_text") or ""), key(judge_body(q["stem"]))
    if len(body) < 8:
        return ""
    if body in text:
        return "照抄"
    if longest_common(body, text) >= 0.8 * len(body):
        return "近似"
    return ""


def mentions_letter(s):
    return re.search(r"[A-FＡ-Ｆ][项选]|选项[A-F]|[（(][A-F][）)]|答案[为是]?[A-F]|选[A-F]", s) is not None


def check(files, laws, meta, titles):
    errors, qs = [], []
    for f in files:
        rel = str(f.relative_to(ROOT))
        try:
            data = tomllib.loads(f.read_text(encoding="utf-8"))
        except Exception as e:  # noqa: BLE001
            errors.append((rel, "-", f"TOML 格式错误：{e}"))
            continue
        for i, q in enumerate(data.get("question", [])):
            qid = q.get("id", f"第{i+1}题")
            why = []
            for k in set(q) - ALLOWED:
                why.append(f"未知字段 {k}")
            for k in REQUIRED - set(q):
                why.append(f"缺少字段 {k}")
            if why:
                errors.extend((rel, qid, w) for w in why)
                continue
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]{2,39}", qid):
                why.append("编号格式")
            law, t, ans = q["law"], q["type"], str(q["answer"]).strip()
            if law not in ("宪法", "民法典", "宪法日常识"):
                why.append(f"法律 {law}")
            if q["difficulty"] not in (1, 2, 3):
                why.append("难度")
            if not q["tags"] or any(not x.strip() for x in q["tags"]):
                why.append("标签")
            if "group" in q and (not isinstance(q["group"], str) or not q["group"].strip()):
                why.append("group 应为非空字符串")
            if "contest_only" in q and not isinstance(q["contest_only"], bool):
                why.append("contest_only 应为 true/false")
            if mentions_letter(q["explanation"]):
                why.append("解析提到了选项字母")
            opts = q.get("options")
            if t in ("单选", "多选"):
                if not opts or not 2 <= len(opts) <= 6:
                    why.append("选项数")
                else:
                    if len({key(o) for o in opts}) != len(opts):
                        why.append("重复选项")
                    if any(("以上都" in o or "以上均" in o or "以上全" in o) for o in opts):
                        why.append("以上都… 选项")
                    letters = [ord(c) - 65 for c in ans]
                    if (not letters or any(not 0 <= x < len(opts) for x in letters)
                            or letters != sorted(set(letters))):
                        why.append(f"答案 {ans}")
                    elif t == "单选" and len(letters) != 1:
                        why.append("单选只能一个答案")
                    elif t == "多选" and len(letters) < 2:
                        why.append("多选至少两个答案")
            elif t == "判断":
                if opts is not None:
                    why.append("判断题不写选项")
                if ans not in ("对", "错"):
                    why.append("判断答案应为 对/错")
            elif t == "填空":
                if opts is not None:
                    why.append("填空题不写选项")
                if q["stem"].count("____") != 1 or "_____" in q["stem"]:
                    why.append("填空题要有且只有一个 ____")
                if not 1 <= len(ws(ans)) <= 20:
                    why.append("填空答案 1-20 字")
            else:
                why.append(f"题型 {t}")
            if "accepted" in q and t != "填空":
                why.append("只有填空题可写 accepted")
            b = q["basis"]
            blaw, art = b.get("law"), b.get("article")
            text = None
            if blaw not in laws:
                why.append(f"依据法律 {blaw}")
            else:
                if law in ("宪法", "民法典") and blaw != law:
                    why.append("依据与题目法律不同")
                if art == "题注":
                    text = titles.get(blaw)
                    label = "题注"
                else:
                    n = 0 if art == "序言" else art
                    text = laws[blaw].get(n)
                    label = "序言" if n == 0 else (meta[blaw][n]["label"] if text else "")
                if text is None:
                    why.append(f"没有第 {art} 条")
                else:
                    if f"《{blaw}》" not in q["explanation"] and blaw not in q["explanation"]:
                        why.append("解析应写明法律")
                    if label not in q["explanation"]:
                        why.append(f"解析应写明 {label}")
                    if not b.get("quotes"):
                        why.append("quotes 为空")
                    for quote in b.get("quotes", []):
                        if len(ws(quote)) < 4:
                            why.append(f"引文太短：{quote}")
                        elif ws(quote) not in ws(text):
                            why.append(f"引文不在原文中：{quote}")
            q["_file"], q["_text"] = rel, text
            if why:
                errors.extend((rel, qid, w) for w in why)
            else:
                qs.append(q)
    ids, stems = {}, {}
    for q in qs:
        if q["id"] in ids:
            errors.append((q["_file"], q["id"], f"编号重复（另见 {ids[q['id']]}）"))
        ids[q["id"]] = q["_file"]
        k = key(q["stem"])
        if k in stems:
            errors.append((q["_file"], q["id"], f"题干与 {stems[k]} 重复"))
        stems[k] = q["id"]
    return qs, errors


def figures(qs, laws, meta):
    out = []
    by_law = collections.Counter(q["law"] for q in qs)
    types = collections.Counter(q["type"] for q in qs)
    out.append("题目：" + " ".join(f"{k}={v}" for k, v in sorted(by_law.items())) + f" 共 {len(qs)}")
    out.append("题型：" + " ".join(f"{k}={v}" for k, v in types.items()))
    for law in ("宪法", "民法典", "宪法日常识"):
        lq = [q for q in qs if q["law"] == law]
        if not lq:
            continue
        cases = sum(CASE_TAG in q["tags"] for q in lq)
        diff = collections.Counter(q["difficulty"] for q in lq)
        out.append(f"{law}: 案例 {cases}/{len(lq)} = {cases/len(lq):.1%}; 难度 1/2/3 = "
                   f"{diff[1]}/{diff[2]}/{diff[3]}; 竞赛专用 {sum(q.get('contest_only', False) for q in lq)}")
    cited = collections.defaultdict(set)
    for q in qs:
        b = q["basis"]
        if isinstance(b["article"], int) or b["article"] == "序言":
            cited[b["law"]].add(0 if b["article"] == "序言" else b["article"])
    xf_missing = sorted(set(laws["宪法"]) - cited["宪法"])
    out.append(f"宪法条文覆盖 {len(cited['宪法'])}/{len(laws['宪法'])}（序言算一条）；未覆盖：{xf_missing}")
    out.append(f"民法典条文覆盖 {len(cited['民法典'])}/{len(laws['民法典'])}（目标 ≥ 700）")
    # chapters: questions >= articles / 4
    chap_arts = collections.Counter()
    for n, d in meta["民法典"].items():
        chap_arts[(d["part"], d["chapter"])] += 1
    chap_q = collections.Counter()
    part_q = collections.Counter()
    mq = [q for q in qs if q["law"] == "民法典"]
    for q in mq:
        d = meta["民法典"][q["basis"]["article"]]
        chap_q[(d["part"], d["chapter"])] += 1
        part_q[d["part"]] += 1
    short = [f"{p[:3]}{c}: {chap_q[(p, c)]}题/{n}条(需{-(-n // 4)})"
             for (p, c), n in chap_arts.items() if chap_q[(p, c)] * 4 < n]
    out.append(f"民法典章未达每四条一题：{len(short)}")
    out.extend("  " + s for s in short)
    citizen = sum(v for p, v in part_q.items() if p.startswith(CITIZEN_PARTS))
    if mq:
        out.append(f"民法典 人格权+婚姻家庭+继承+侵权 {citizen}/{len(mq)} = {citizen/len(mq):.1%}（目标 ≥ 35%）")
        out.append("民法典各编：" + " ".join(f"{p.split()[0]}={v}" for p, v in sorted(part_q.items())))
    for topic, arts in TOPICS.items():
        tq = [q for q in mq if q["basis"]["article"] in arts]
        tc = sum(CASE_TAG in q["tags"] for q in tq)
        flag = "" if len(tq) >= 2 and tc >= 1 else "  <-- 未达（≥2 题，其中 ≥1 案例）"
        out.append(f"  专题 {topic}（{arts}）：{len(tq)} 题，案例 {tc}{flag}")
    singles = [q for q in qs if q["type"] == "单选"]
    letters = collections.Counter(q["answer"] for q in singles)
    out.append("单选答案字母：" + " ".join(f"{k}={v/len(singles):.1%}" for k, v in sorted(letters.items())))
    multis = [q for q in qs if q["type"] == "多选"]
    prefix = sum(q["answer"] == "ABCDEF"[:len(q["answer"])] for q in multis)
    out.append(f"多选答案为前缀（AB、ABC…）：{prefix}/{len(multis)} = {prefix/max(1,len(multis)):.1%}（目标 ≤ 50%）")
    judges = [q for q in qs if q["type"] == "判断"]
    kinds = collections.Counter(copy_kind(q) for q in judges)
    copied = kinds["照抄"]
    out.append(f"判断题照抄条文：{copied}/{len(judges)} = {copied/max(1,len(judges)):.1%}（目标 ≤ 40%）；"
               f"另有近似照抄（条文原句只改一两个词）{kinds['近似']} 题")
    fill3 = [q["id"] for q in qs if q["type"] == "填空" and q["difficulty"] == 3]
    out.append(f"难度 3 的填空题（应为 0）：{len(fill3)} {fill3[:10]}")
    case1 = [q["id"] for q in qs if CASE_TAG in q["tags"] and q["difficulty"] == 1]
    out.append(f"难度 1 的案例题（应为 0）：{len(case1)} {case1[:10]}")
    groups = collections.Counter(q["group"] for q in qs if "group" in q)
    out.append(f"同题组：{len(groups)} 组，{sum(groups.values())} 题；只有一题的组：{[g for g, n in groups.items() if n < 2]}")
    out.append(f"竞赛专用：{sum(q.get('contest_only', False) for q in qs)}（目标 ≥ 300）")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", help="report errors of this file only")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    laws, meta, titles = load_all_laws()
    files = sorted(BANK_DIR.rglob("*.toml"))
    qs, errors = check(files, laws, meta, titles)
    shown = [e for e in errors if not a.only or pathlib.Path(e[0]).name == pathlib.Path(a.only).name]
    for f, qid, why in shown:
        print(f"错误：{f} [{qid}]：{why}")
    if not a.quiet:
        print("\n".join(figures(qs, laws, meta)))
    print(f"questions={len(qs)} errors={len(errors)}")
    sys.exit(1 if shown else 0)


if __name__ == "__main__":
    main()
