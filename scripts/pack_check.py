#!/usr/bin/env python3
"""Check the law packs and their questions, without a Rust build.

Parses every pack text under questions/packs/text/ (title, 题注, headings, articles
in Chinese numerals over several paragraphs, the 宪法修正案 numbering across five
files and the articles the 2018 amendment quotes inside its 第五十二条), reports
every layout problem with its file and line, then checks every question file under
questions/packs/bank/*.toml with the rules of scripts/bank_check.py: required keys,
answer shapes, one blank per 填空, no option letter in an explanation, ids and stems
unique across the whole bank (questions/bank included), every quote verbatim in
the cited article (whitespace ignored), groups of at least two members.

`law` and `basis.law` are a pack's short name (数据安全法, 宪法修正案, 宪法宣誓誓词…;
政务处分法 is accepted for 公职人员政务处分法) or 宪法 / 民法典. `basis.article` is a
number, "题注" (the lines under the title), "附件" (an appendix after the last
article, as 国旗法's 国旗制法说明), or "誓词" for the oath.

    python3 scripts/pack_check.py            # layout, questions, per-law figures
    python3 scripts/pack_check.py --quiet    # problems and the summary line only

Exits non-zero on any problem.
"""
import argparse
import collections
import pathlib
import re
import sys
import tomllib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import bank_check  # noqa: E402  (same rules, same helpers)

ROOT = bank_check.ROOT
TEXT_DIR = ROOT / "questions" / "packs" / "text"
PACK_BANK = ROOT / "questions" / "packs" / "bank"

ALIASES = {"政务处分法": "公职人员政务处分法"}
AMENDMENTS = "宪法修正案"
OATH = "宪法宣誓誓词"
# first and last article of each amendment (they are numbered across all five)
AMENDMENT_RANGES = {"1988": (1, 2), "1993": (3, 11), "1999": (12, 17), "2004": (18, 31), "2018": (32, 52)}

CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
NUM = "零〇一二两三四五六七八九十百千"
ARTICLE = re.compile(rf"^第([{NUM}]+)条(?:[ \u3000]+|$)(.*)$")
HEADING = re.compile(rf"^(#{{1,6}})\s*第([{NUM}]+)(编|分编|章|节)[ \u3000]*(.*)$")


def cn_to_int(s):
    """第一千二百六十条 → 1260; None when s is not a well-formed numeral."""
    total, digit = 0, None
    for c in s:
        if c in CN:
            if digit is not None and digit != 0:
                return None
            digit = CN[c]
        elif c in CN_UNITS:
            unit = CN_UNITS[c]
            total += (1 if digit is None else digit) * unit
            digit = None
        else:
            return None
    total += digit or 0
    return total if total > 0 and bank_check.cn_number(total) == s.replace("两", "二") else None


class Pack:
    def __init__(self, file):
        self.file = file
        self.title = ""
        self.short = ""
        self.notes = []  # 题注 lines
        self.outline = []  # (level, label, name, line, [article numbers])
        self.articles = {}  # n -> text (paragraphs joined by \n)
        self.labels = {}  # n -> 第N条
        self.problems = []  # (line, why)


def short_name(title):
    t = re.sub(r"（\d{4}年）$", "", title)
    return t.removeprefix("中华人民共和国")


def parse(file):
    """Parse one pack file as 国家法律法规数据库 lays it out."""
    p = Pack(file)
    lines = file.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i == len(lines) or not lines[i].startswith("# "):
        p.problems.append((i + 1, "第一行应为“# 标题”"))
        return p
    p.title = lines[i][2:].strip()
    p.short = short_name(p.title)
    i += 1
    if p.short == OATH:
        return parse_oath(p, lines, i)
    end = next((j for j in range(i, len(lines)) if lines[j].strip() == "<!-- INFO END -->"), None)
    if end is None:
        p.problems.append((i + 1, "缺少 <!-- INFO END -->（题注结束标记）"))
        return p
    p.notes = [ln.strip() for ln in lines[i:end] if ln.strip()]
    if not p.notes:
        p.problems.append((end + 1, "没有题注"))
    amendment = p.short == AMENDMENTS
    year = re.search(r"（(\d{4})年）", p.title)
    expected = AMENDMENT_RANGES.get(year.group(1)) if amendment and year else None
    if amendment and expected is None:
        p.problems.append((1, f"未知的宪法修正案年份：{p.title}"))
    current, last = None, None
    for j in range(end + 1, len(lines)):
        raw = lines[j]
        line = raw.strip()
        if not line:
            continue
        h = HEADING.match(line)
        if h:
            n = cn_to_int(h.group(2))
            if n is None:
                p.problems.append((j + 1, f"标题序号不是中文数字：{line}"))
            name = re.sub(r"[ \u3000]+", "", h.group(4))
            if not name:
                p.problems.append((j + 1, f"标题没有名称：{line}"))
            p.outline.append((h.group(3), f"第{h.group(2)}{h.group(3)}", name, j + 1, []))
            current = None
            continue
        if line.startswith("#"):
            p.problems.append((j + 1, f"不认识的标题：{line}"))
            continue
        if not amendment and re.match(r"^附件?[:：]", line):
            # an appendix after the last article (国旗制法说明, 国徽图案): cited as article "附件"
            current = "附件"
            p.articles["附件"] = re.sub(r"^附件?[:：]\s*", "", line)
            p.labels["附件"] = "附件"
            continue
        a = ARTICLE.match(line)
        n = cn_to_int(a.group(1)) if a else None
        if a and n is None:
            p.problems.append((j + 1, f"条号不是规范的中文数字：{line[:20]}"))
            continue
        if a:
            start = expected[0] if expected else 1
            want = start if last is None else last + 1
            if n == want:
                last = n
                current = n
                p.articles[n] = a.group(2).strip()
                p.labels[n] = f"第{a.group(1)}条"
                if p.outline:
                    p.outline[-1][4].append(n)
                continue
            if amendment and current is not None:
                # an amendment quotes the constitution's articles: part of this article
                p.articles[current] += "\n" + line
                continue
            if n in p.articles or n < want:
                p.problems.append((j + 1, f"条号重复或倒退（应为第{bank_check.cn_number(want)}条）：{line[:20]}"))
                current = "skip"  # its paragraphs go with it, reported once
                continue
            p.problems.append((j + 1, f"条号不连续（缺第{bank_check.cn_number(want)}条）：{line[:20]}"))
            last = current = n
            p.articles[n] = a.group(2).strip()
            p.labels[n] = f"第{a.group(1)}条"
            if p.outline:
                p.outline[-1][4].append(n)
            continue
        if current == "skip":
            continue
        if current is None:
            p.problems.append((j + 1, f"这一行不属于任何条文：{line[:20]}"))
            continue
        p.articles[current] += "\n" + line
    if expected and (min(p.articles, default=0), max(p.articles, default=0)) != expected:
        p.problems.append((1, f"{p.title} 的条文应为第{expected[0]}条至第{expected[1]}条，"
                              f"实为 {min(p.articles, default=0)}–{max(p.articles, default=0)}"))
    depth = {"编": 0, "分编": 1, "章": 2, "节": 3}
    for k, (kind, label, name, line, arts) in enumerate(p.outline):
        deeper = k + 1 < len(p.outline) and depth[p.outline[k + 1][0]] > depth[kind]
        if not arts and not deeper:
            p.problems.append((line, f"标题下没有条文：{label} {name}"))
    if not p.articles:
        p.problems.append((end + 1, "没有条文"))
    return p


def parse_oath(p, lines, i):
    """宪法宣誓誓词.md: the decision line (题注), the oath and the 集体宣誓 paragraph (誓词),
    then a source note in parentheses that is not part of the text."""
    body = []
    for ln in lines[i:]:
        s = ln.strip()
        if s.startswith("(Source"):
            break
        if s:
            body.append(s)
    if len(body) < 2 or not body[1].startswith("我宣誓"):
        p.problems.append((i + 1, "誓词文件应为：决定一行，然后以“我宣誓”开头的誓词"))
        return p
    p.notes = [body[0]]
    p.articles["誓词"] = "\n".join(body[1:])
    p.labels["誓词"] = "誓词"
    return p


def load_packs():
    """short name -> merged law: articles, labels, 题注 (amendments: the five files merged)."""
    laws, problems, per_file = {}, [], []
    for f in sorted(TEXT_DIR.glob("*.md")):
        if f.name == "README.md":
            continue
        p = parse(f)
        rel = str(f.relative_to(ROOT))
        problems.extend((rel, line, why) for line, why in p.problems)
        per_file.append((f.name, p))
        law = laws.setdefault(p.short, {"articles": {}, "labels": {}, "notes": [], "title": p.title,
                                        "file_of": {}})
        for n, t in p.articles.items():
            if n in law["articles"]:
                problems.append((rel, "-", f"{p.short} 第{n}条 与另一文件重复"))
            law["articles"][n] = t
            law["labels"][n] = p.labels[n]
            law["file_of"][n] = f.name
        law["notes"].append(p.title + "\n" + "\n".join(p.notes))
    if AMENDMENTS in laws:
        got = sorted(laws[AMENDMENTS]["articles"])
        if got != list(range(1, 53)):
            problems.append(("宪法修正案", "-", f"五个修正案的条文应为第一条至第五十二条，实为 {len(got)} 条"))
    return laws, problems, per_file


def check_questions(files, packs, base_laws, base_meta, base_titles):
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
            for k in set(q) - bank_check.ALLOWED:
                why.append(f"未知字段 {k}")
            for k in bank_check.REQUIRED - set(q):
                why.append(f"缺少字段 {k}")
            if why:
                errors.extend((rel, qid, w) for w in why)
                continue
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]{2,39}", qid):
                why.append("编号格式")
            law = ALIASES.get(q["law"], q["law"])
            t, ans = q["type"], str(q["answer"]).strip()
            if law not in packs and law not in ("宪法", "民法典"):
                why.append(f"法律 {q['law']}")
            if q["difficulty"] not in (1, 2, 3):
                why.append("难度")
            if not q["tags"] or any(not x.strip() for x in q["tags"]):
                why.append("标签")
            if "group" in q and (not isinstance(q["group"], str) or not q["group"].strip()):
                why.append("group 应为非空字符串")
            if "contest_only" in q and not isinstance(q["contest_only"], bool):
                why.append("contest_only 应为 true/false")
            if bank_check.mentions_letter(q["explanation"]):
                why.append("解析提到了选项字母")
            if t == "填空" and q["difficulty"] == 3:
                why.append("填空题难度不能为 3")
            if bank_check.CASE_TAG in q["tags"] and q["difficulty"] == 1:
                why.append("案例题难度至少为 2")
            opts = q.get("options")
            if t in ("单选", "多选"):
                if not opts or not 2 <= len(opts) <= 6:
                    why.append("选项数")
                else:
                    if len({bank_check.key(o) for o in opts}) != len(opts):
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
                if not 1 <= len(bank_check.ws(ans)) <= 20:
                    why.append("填空答案 1-20 字")
                elif bank_check.ws(ans) in bank_check.ws(q["stem"]):
                    why.append("填空答案就在题干里")
            else:
                why.append(f"题型 {t}")
            if "accepted" in q and t != "填空":
                why.append("只有填空题可写 accepted")
            b = q["basis"]
            blaw, art = ALIASES.get(b.get("law"), b.get("law")), b.get("article")
            text, label, names = None, "", []
            if blaw != law:
                why.append("依据与题目法律不同")
            if blaw in packs:
                pk = packs[blaw]
                names = [blaw, b.get("law"), pk["title"]]
                if art == "题注":
                    text, label = "\n".join(pk["notes"]), "题注"
                elif art in pk["articles"]:
                    text, label = pk["articles"][art], pk["labels"][art]
            elif blaw in base_laws:
                names = [blaw]
                if art == "题注":
                    text, label = base_titles.get(blaw), "题注"
                else:
                    n = 0 if art == "序言" else art
                    text = base_laws[blaw].get(n)
                    label = "序言" if n == 0 else (base_meta[blaw][n]["label"] if text else "")
            else:
                why.append(f"依据法律 {b.get('law')}")
            if (blaw in packs or blaw in base_laws) and text is None:
                why.append(f"{blaw} 没有第 {art} 条")
            if text is not None:
                if not any(nm and nm in q["explanation"] for nm in names):
                    why.append("解析应写明法律")
                if label not in q["explanation"]:
                    why.append(f"解析应写明 {label}")
                if not b.get("quotes"):
                    why.append("quotes 为空")
                for quote in b.get("quotes", []):
                    if len(bank_check.ws(quote)) < 4:
                        why.append(f"引文太短：{quote}")
                    elif bank_check.ws(quote) not in bank_check.ws(text):
                        why.append(f"引文不在原文中：{quote}")
            q["_file"], q["_text"], q["_law"] = rel, text, law
            if why:
                errors.extend((rel, qid, w) for w in why)
            else:
                qs.append(q)
    return qs, errors


def unique(pack_qs, bank_qs, errors):
    ids, stems = {}, {}
    for q in bank_qs:
        ids[q["id"]] = q["_file"]
        stems[bank_check.key(q["stem"])] = q["id"]
    for q in pack_qs:
        if q["id"] in ids:
            errors.append((q["_file"], q["id"], f"编号重复（另见 {ids[q['id']]}）"))
        ids[q["id"]] = q["_file"]
        k = bank_check.key(q["stem"])
        if k in stems:
            errors.append((q["_file"], q["id"], f"题干与 {stems[k]} 重复"))
        stems[k] = q["id"]
    groups = collections.Counter(q["group"] for q in pack_qs if "group" in q)
    bank_groups = {q["group"] for q in bank_qs if "group" in q}
    for g, n in groups.items():
        if n < 2 and g not in bank_groups:
            errors.append(("-", g, "同题组只有一题（至少两题）"))


def check_moves(packs):
    """questions/packs/MOVES.md: every 「quote」 of a table row is verbatim in its new article."""
    errors = []
    moves = ROOT / "questions" / "packs" / "MOVES.md"
    if not moves.exists():
        return errors
    for n, line in enumerate(moves.read_text(encoding="utf-8").splitlines(), 1):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*-\d+", cells[0]):
            continue
        qid, law, art = cells[0], ALIASES.get(cells[2], cells[2]), cells[3]
        m = re.search(r"\((\d+)\)", art)
        key = int(m.group(1)) if m else art
        text = ("\n".join(packs[law]["notes"]) if key == "题注" else packs[law]["articles"].get(key)) \
            if law in packs else None
        quotes = re.findall(r"「(.+?)」", cells[4])
        if text is None:
            errors.append(("questions/packs/MOVES.md", qid, f"第{n}行：{law} 没有 {art}"))
        elif not quotes:
            errors.append(("questions/packs/MOVES.md", qid, f"第{n}行：没有引文"))
        for quote in quotes:
            if text is not None and bank_check.ws(quote) not in bank_check.ws(text):
                errors.append(("questions/packs/MOVES.md", qid, f"第{n}行：引文不在原文中：{quote}"))
    return errors


def figures(qs, packs):
    out = []
    by_law = collections.defaultdict(list)
    for q in qs:
        by_law[q["_law"]].append(q)
    out.append("每部法律的题数：")
    for law in sorted(by_law, key=lambda x: -len(by_law[x])):
        lq = by_law[law]
        types = collections.Counter(q["type"] for q in lq)
        diff = collections.Counter(q["difficulty"] for q in lq)
        cases = sum(bank_check.CASE_TAG in q["tags"] for q in lq)
        cited = {q["basis"]["article"] for q in lq if isinstance(q["basis"]["article"], int)}
        n_arts = sum(isinstance(k, int) for k in packs[law]["articles"]) if law in packs else 0
        if law == OATH:
            cited, n_arts = {q["basis"]["article"] for q in lq} & {"誓词"}, 1
        out.append(f"  {law}: {len(lq)} 题（单选 {types['单选']} 多选 {types['多选']} 判断 {types['判断']} "
                   f"填空 {types['填空']}；难度 1/2/3 = {diff[1]}/{diff[2]}/{diff[3]}；案例 {cases}；"
                   f"竞赛专用 {sum(q.get('contest_only', False) for q in lq)}；覆盖条文 {len(cited)}/{n_arts}）")
    singles = [q for q in qs if q["type"] == "单选"]
    letters = collections.Counter(q["answer"] for q in singles)
    out.append("单选答案字母：" + " ".join(f"{k}={v/max(1,len(singles)):.1%}" for k, v in sorted(letters.items())))
    multis = [q for q in qs if q["type"] == "多选"]
    prefix = sum(q["answer"] == "ABCDEF"[:len(q["answer"])] for q in multis)
    out.append(f"多选答案为前缀（AB、ABC…）：{prefix}/{len(multis)} = {prefix/max(1,len(multis)):.1%}（目标 ≤ 50%）")
    judges = [q for q in qs if q["type"] == "判断"]
    kinds = collections.Counter(bank_check.copy_kind(q) for q in judges)
    out.append(f"判断题照抄条文：{kinds['照抄']}/{len(judges)} = {kinds['照抄']/max(1,len(judges)):.1%}（目标 ≤ 40%）；"
               f"近似照抄 {kinds['近似']} 题；判断 对/错 = "
               f"{sum(q['answer'] == '对' for q in judges)}/{sum(q['answer'] == '错' for q in judges)}")
    groups = collections.Counter(q["group"] for q in qs if "group" in q)
    out.append(f"同题组：{len(groups)} 组，{sum(groups.values())} 题")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    packs, problems, per_file = load_packs()
    for rel, line, why in problems:
        print(f"文本问题：{rel} 第{line}行：{why}")
    if not a.quiet:
        print("法律包：")
        for name, p in per_file:
            parts = collections.Counter(o[0] for o in p.outline)
            print(f"  {name}: {p.short}，题注 {len(p.notes)} 行，" +
                  "".join(f"{k} {v} 个，" for k, v in parts.items()) +
                  f"条文 {sum(isinstance(k, int) for k in p.articles)} 条" +
                  ("，附件 1 个" if "附件" in p.articles else "") +
                  ("，誓词 1 段" if "誓词" in p.articles else ""))
    base_laws, base_meta, base_titles = bank_check.load_laws()
    all_laws, all_meta, all_titles = bank_check.load_all_laws()
    bank_qs, bank_errors = bank_check.check(sorted(bank_check.BANK_DIR.rglob("*.toml")),
                                            all_laws, all_meta, all_titles)
    files = sorted(PACK_BANK.glob("*.toml"))
    qs, errors = check_questions(files, packs, base_laws, base_meta, base_titles)
    unique(qs, bank_qs, errors)
    errors.extend(check_moves(packs))
    for f, qid, why in errors:
        print(f"错误：{f} [{qid}]：{why}")
    if not a.quiet:
        print("\n".join(figures(qs, packs)))
    if bank_errors:
        print(f"（questions/bank 自身有 {len(bank_errors)} 个问题，见 scripts/bank_check.py）")
    print(f"packs={len(per_file)} questions={len(qs)} problems={len(problems)} errors={len(errors)}")
    sys.exit(1 if problems or errors else 0)


if __name__ == "__main__":
    main()
