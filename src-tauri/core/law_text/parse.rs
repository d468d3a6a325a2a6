//! The line parser: a law text as 国家法律法规数据库 lays it out (Markdown,
//! plain text, or a .docx's paragraphs, one per line) → [`ParsedLaw`].
//!
//! Layout: the title (first non-empty line, with or without `# `), the 题注
//! lines up to `<!-- INFO END -->` or else up to the first heading / article,
//! an optional 目录 (skipped), then headings `第X编/分编/章/节 名称` (with or
//! without `#`s) and articles `第X条 …` whose later paragraphs are the lines
//! that follow. Special cases: a `序言` heading (its paragraphs are article 0),
//! an appendix after the last article (`附：` / `附件：` → article `附件`), the
//! 宪法修正案 (numbering may start anywhere, and a `第X条` or plain heading
//! line that does not continue it is quoted text of the article before), the
//! 宪法宣誓 oath (the decision line is the 题注, the rest the article `誓词`).

use super::numerals::{is_numeral_char, parse_chinese, to_chinese};
use super::{short_name, squash, LawKind, ParsedArticle, ParsedLaw, Problem};

/// The line that ends the 题注 in the Markdown packs.
const INFO_END: &str = "<!-- INFO END -->";
/// A title longer than this is not a title (a garbage file's first line).
const MAX_TITLE_CHARS: usize = 100;
/// A heading name longer than this is a paragraph that starts like a heading.
const MAX_HEADING_NAME_CHARS: usize = 30;
/// More problems than this are cut short with a count: nobody reads 10 000.
const MAX_PROBLEMS: usize = 100;

/// Parse a whole law text. Every problem is reported (up to [`MAX_PROBLEMS`]),
/// each with its line; any problem means no law (all or nothing).
pub fn parse(text: &str) -> Result<ParsedLaw, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Old Mac line ends (a lone CR): one line per CR, as an editor shows them.
    let cr_only = (!text.contains('\n') && text.contains('\r')).then(|| text.replace('\r', "\n"));
    let text = cr_only.as_deref().unwrap_or(text);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let Some(first) = lines.iter().position(|l| !l.is_empty()) else {
        return Err(vec![Problem::new(0, "文件是空的（没有标题，也没有条文）")]);
    };
    let title = squash(lines[first].trim_start_matches('#'));
    if title.is_empty()
        || article_line(lines[first]).is_some()
        || heading_line(lines[first]).is_some()
        || title.chars().count() > MAX_TITLE_CHARS
    {
        return Err(vec![Problem::new(
            first + 1,
            format!("第一行应为法律的标题（如“中华人民共和国数据安全法”），实为：{}", snippet(lines[first])),
        )]);
    }
    let short = short_name(&title);
    let kind = kind_of(&title, &short);
    let mut p = Parser::new(kind);
    let note_lines =
        if kind == LawKind::Decision && is_oath(&title) { p.oath(&lines, first + 1) } else { p.law(&lines, first + 1) };
    p.finish();
    if !p.problems.is_empty() {
        let mut problems = p.problems;
        problems.sort_by_key(|x| x.line);
        if problems.len() > MAX_PROBLEMS {
            let more = problems.len() - MAX_PROBLEMS;
            problems.truncate(MAX_PROBLEMS);
            problems.push(Problem::new(0, format!("……另有 {more} 个问题未列出")));
        }
        return Err(problems);
    }
    let note = note_lines.join("\n");
    let edition = latest_date(&note).unwrap_or_default();
    Ok(ParsedLaw { title, short, kind, note, edition, articles: p.articles })
}

fn is_oath(title: &str) -> bool {
    title.ends_with("誓词")
}

fn kind_of(title: &str, short: &str) -> LawKind {
    match short {
        "宪法" => LawKind::Constitution,
        "宪法修正案" => LawKind::Amendment,
        _ if is_oath(title) || title.contains("决定") => LawKind::Decision,
        _ => LawKind::Law,
    }
}

/// The first characters of a line, for messages.
pub(crate) fn snippet(line: &str) -> String {
    let s: String = line.chars().take(20).collect();
    if line.chars().nth(20).is_some() {
        format!("{s}…")
    } else {
        s
    }
}

/// `第X条 …` (a space or the end after 条): the numeral and the rest.
fn article_line(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix('第')?;
    let end = rest.find(|c: char| !is_numeral_char(c))?;
    let (num, after) = rest.split_at(end);
    let after = after.strip_prefix('条')?;
    if num.is_empty() || !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return None;
    }
    Some((num, after.trim()))
}

/// A heading line: level (1 编, 2 分编, 3 章, 4 节), numeral, name (no spaces),
/// and whether it was marked with `#`s.
#[derive(Debug)]
struct Heading<'a> {
    level: u8,
    numeral: &'a str,
    kind: &'static str,
    name: String,
    marked: bool,
}

fn heading_line(line: &str) -> Option<Heading<'_>> {
    let body = line.trim_start_matches('#');
    let marked = body.len() != line.len();
    let rest = body.trim().strip_prefix('第')?;
    let end = rest.find(|c: char| !is_numeral_char(c))?;
    let (numeral, after) = rest.split_at(end);
    if numeral.is_empty() {
        return None;
    }
    let (level, kind, name) = if let Some(n) = after.strip_prefix("分编") {
        (2, "分编", n)
    } else if let Some(n) = after.strip_prefix('编') {
        (1, "编", n)
    } else if let Some(n) = after.strip_prefix('章') {
        (3, "章", n)
    } else if let Some(n) = after.strip_prefix('节') {
        (4, "节", n)
    } else {
        return None;
    };
    let name = squash(name);
    if !marked
        && (name.chars().count() > MAX_HEADING_NAME_CHARS || name.contains(['。', '，', '；', '：', ',', ';', ':']))
    {
        return None; // a paragraph that starts with 第X章…, not a heading
    }
    Some(Heading { level, numeral, kind, name, marked })
}

/// `序言` on its own line (with or without `#`s).
fn is_preamble(line: &str) -> bool {
    squash(line.trim_start_matches('#')) == "序言"
}

/// `附则` on its own line: the 民法典's last 编 has no numeral (附　　则).
fn is_unnumbered_heading(line: &str) -> bool {
    squash(line.trim_start_matches('#')) == "附则"
}

/// `目录` on its own line (flk.npc.gov.cn's .docx files start with one).
fn is_toc(line: &str) -> bool {
    squash(line.trim_start_matches('#')) == "目录"
}

/// `附：…`, `附:…`, `附件：…`, `附件:…`: the rest of the line after the colon.
fn appendix_line(line: &str) -> Option<&str> {
    let rest = line.strip_prefix('附')?;
    let rest = rest.strip_prefix('件').unwrap_or(rest);
    let rest = rest.strip_prefix('：').or_else(|| rest.strip_prefix(':'))?;
    Some(rest.trim())
}

/// Where the following paragraph lines go.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Current {
    /// Nowhere yet (after a heading, before the first article): a problem.
    Nothing,
    /// The article at this index of `articles`.
    Article(usize),
    /// A refused article (repeated number, bad numeral): reported once.
    Skip,
}

/// A heading as met, to find the ones with no article under them.
struct Seen {
    level: u8,
    label: String,
    line: usize,
    direct: usize,
}

struct Parser {
    kind: LawKind,
    articles: Vec<ParsedArticle>,
    problems: Vec<Problem>,
    headings: Vec<Seen>,
    /// 编, 分编, 章, 节 in force.
    levels: [Option<String>; 4],
    current: Current,
    /// The last numbered article's number.
    last: Option<u32>,
    /// After an appendix marker: every line is appendix text.
    appendix: Option<usize>,
    /// The line where articles were expected to start (for "没有条文").
    body_line: usize,
}

impl Parser {
    fn new(kind: LawKind) -> Parser {
        Parser {
            kind,
            articles: Vec::new(),
            problems: Vec::new(),
            headings: Vec::new(),
            levels: Default::default(),
            current: Current::Nothing,
            last: None,
            appendix: None,
            body_line: 0,
        }
    }

    fn problem(&mut self, line: usize, reason: impl Into<String>) {
        self.problems.push(Problem::new(line, reason));
    }

    /// The 宪法宣誓 oath: the lines before `我宣誓…` are the 题注 (the decision),
    /// from it on the article `誓词`, up to a closing note in parentheses.
    fn oath(&mut self, lines: &[&str], from: usize) -> Vec<String> {
        let mut note = Vec::new();
        let mut body: Vec<&str> = Vec::new();
        let mut start = 0;
        for (i, line) in lines.iter().enumerate().skip(from) {
            if line.is_empty() || *line == INFO_END {
                continue;
            }
            if body.is_empty() && !line.starts_with("我宣誓") {
                note.push(line.to_string());
                continue;
            }
            if line.starts_with('(') || line.starts_with('（') {
                break; // the source note after the oath is not part of it
            }
            if body.is_empty() {
                start = i + 1;
            }
            body.push(line);
        }
        if body.is_empty() {
            self.problem(from + 1, "誓词文件应为：决定（题注）一行，然后是以“我宣誓”开头的誓词");
        } else {
            self.articles.push(ParsedArticle {
                number: 1,
                label: "誓词".into(),
                part: None,
                subpart: None,
                chapter: None,
                section: None,
                text: body.join("\n"),
                line: start,
            });
        }
        note
    }

    /// Any other law: 题注, then the body.
    fn law(&mut self, lines: &[&str], from: usize) -> Vec<String> {
        let marker = lines.iter().skip(from).position(|l| *l == INFO_END).map(|i| i + from);
        let body_start = marker.map(|m| m + 1).unwrap_or_else(|| {
            lines
                .iter()
                .skip(from)
                .position(|l| article_line(l).is_some() || heading_line(l).is_some() || is_preamble(l) || is_toc(l))
                .map_or(lines.len(), |i| i + from)
        });
        let note: Vec<String> =
            lines[from..marker.unwrap_or(body_start)].iter().filter(|l| !l.is_empty()).map(|l| l.to_string()).collect();
        self.body_line = body_start + 1;
        let mut toc: Option<Option<String>> = None; // in a 目录: its first entry
        for (i, &line) in lines.iter().enumerate().skip(body_start) {
            let ln = i + 1;
            if line.is_empty() || (line.starts_with("<!--") && line.ends_with("-->")) {
                continue;
            }
            if let Some(idx) = self.appendix {
                push_paragraph(&mut self.articles[idx].text, line);
                continue;
            }
            if self.articles.is_empty() && is_toc(line) {
                toc = Some(None);
                continue;
            }
            if let Some(first) = toc.take() {
                // The 目录 lists the headings; it ends where its first entry comes again.
                let structural = heading_line(line).is_some() || is_preamble(line);
                let key = squash(line.trim_start_matches('#'));
                match first {
                    None if structural => {
                        toc = Some(Some(key));
                        continue;
                    }
                    Some(f) if structural && f == key => {}
                    other => {
                        toc = Some(other);
                        continue;
                    }
                }
            }
            self.line(ln, line);
        }
        note
    }

    fn in_article(&self) -> Option<usize> {
        match self.current {
            Current::Article(i) => Some(i),
            _ => None,
        }
    }

    fn line(&mut self, ln: usize, line: &str) {
        let amendment = self.kind == LawKind::Amendment;
        if let Some(h) = heading_line(line) {
            // An amendment quotes whole sections (第七节 监察委员会) inside an article.
            if amendment && !h.marked && self.in_article().is_some() {
                return self.paragraph(ln, line);
            }
            return self.heading(ln, h);
        }
        if is_unnumbered_heading(line) {
            if amendment && !line.starts_with('#') && self.in_article().is_some() {
                return self.paragraph(ln, line);
            }
            return self.unnumbered_heading(ln);
        }
        if line.starts_with('#') {
            if is_preamble(line) {
                return self.preamble(ln, line);
            }
            return self.problem(ln, format!("不认识的标题：{}", snippet(line)));
        }
        if is_preamble(line) && self.last.is_none() && self.articles.is_empty() {
            return self.preamble(ln, line);
        }
        if !amendment && !self.articles.is_empty() {
            if let Some(rest) = appendix_line(line) {
                return self.start_appendix(ln, rest);
            }
        }
        if let Some((numeral, rest)) = article_line(line) {
            return self.article(ln, line, numeral, rest);
        }
        self.paragraph(ln, line)
    }

    /// 附则 without a numeral, at the top level used so far (the 民法典's 编).
    fn unnumbered_heading(&mut self, ln: usize) {
        let level = self.headings.iter().map(|h| h.level).min().unwrap_or(3);
        self.open_heading(ln, level, "附则".into());
    }

    fn heading(&mut self, ln: usize, h: Heading<'_>) {
        let label = format!("第{}{}", h.numeral, h.kind);
        if parse_chinese(h.numeral).is_none() {
            self.problem(ln, format!("标题序号不是规范的中文数字：{label}"));
        }
        if h.name.is_empty() {
            self.problem(ln, format!("标题没有名称：{label}"));
        }
        self.open_heading(ln, h.level, format!("{label}\u{3000}{}", h.name));
    }

    fn open_heading(&mut self, ln: usize, level: u8, full: String) {
        let idx = usize::from(level - 1);
        self.levels[idx] = Some(full.clone());
        for lower in &mut self.levels[idx + 1..] {
            *lower = None;
        }
        self.headings.push(Seen { level, label: full, line: ln, direct: 0 });
        self.current = Current::Nothing;
    }

    fn preamble(&mut self, ln: usize, line: &str) {
        if !self.articles.is_empty() {
            return self.problem(ln, format!("序言只能在第一条之前：{}", snippet(line)));
        }
        self.articles.push(ParsedArticle {
            number: 0,
            label: "序言".into(),
            part: None,
            subpart: None,
            chapter: Some("序言".into()),
            section: None,
            text: String::new(),
            line: ln,
        });
        self.current = Current::Article(0);
    }

    fn start_appendix(&mut self, ln: usize, rest: &str) {
        let number = self.last.map_or(1, |n| n + 1);
        let mut text = String::new();
        push_paragraph(&mut text, rest);
        self.articles.push(ParsedArticle {
            number,
            label: "附件".into(),
            part: None,
            subpart: None,
            chapter: None,
            section: None,
            text,
            line: ln,
        });
        self.appendix = Some(self.articles.len() - 1);
    }

    fn article(&mut self, ln: usize, line: &str, numeral: &str, rest: &str) {
        let Some(n) = parse_chinese(numeral) else {
            if let (true, Some(i)) = (self.kind == LawKind::Amendment, self.in_article()) {
                return push_paragraph(&mut self.articles[i].text, line);
            }
            self.problem(ln, format!("条号不是规范的中文数字：{}", snippet(line)));
            self.current = Current::Skip;
            return;
        };
        let amendment = self.kind == LawKind::Amendment;
        let want = match self.last {
            Some(l) => l + 1,
            None if amendment => n, // the amendments are numbered across five texts
            None => 1,
        };
        if n != want {
            if let (true, Some(i)) = (amendment, self.in_article()) {
                // 第五十二条 quotes the constitution's new 第一百二十三条…
                return push_paragraph(&mut self.articles[i].text, line);
            }
            match self.last {
                Some(last) if n <= last => {
                    let reason = match self.articles.iter().find(|a| a.number == n && a.label != "序言") {
                        Some(a) => format!("条文编号重复（第{}条已在第 {} 行出现）", to_chinese(n), a.line),
                        None => format!("条文编号倒退（第{}条之后是第{}条）", to_chinese(last), to_chinese(n)),
                    };
                    self.problem(ln, reason);
                    self.current = Current::Skip;
                    return;
                }
                Some(last) => {
                    self.problem(ln, format!("条文编号不连续（第{}条之后是第{}条）", to_chinese(last), to_chinese(n)))
                }
                None => self.problem(ln, format!("条文编号应从第一条开始（这里是第{}条）", to_chinese(n))),
            }
        }
        self.last = Some(n);
        if let Some(h) = self.headings.last_mut() {
            h.direct += 1;
        }
        let [part, subpart, chapter, section] = self.levels.clone();
        self.articles.push(ParsedArticle {
            number: n,
            label: format!("第{numeral}条"),
            part,
            subpart,
            chapter,
            section,
            text: rest.to_string(),
            line: ln,
        });
        self.current = Current::Article(self.articles.len() - 1);
    }

    fn paragraph(&mut self, ln: usize, line: &str) {
        match self.current {
            Current::Article(i) => push_paragraph(&mut self.articles[i].text, line),
            Current::Skip => {}
            Current::Nothing => self.problem(ln, format!("这一行不属于任何条文：{}", snippet(line))),
        }
    }

    fn finish(&mut self) {
        let mut empty = Vec::new();
        for (k, h) in self.headings.iter().enumerate() {
            let deeper = self.headings.get(k + 1).is_some_and(|next| next.level > h.level);
            if h.direct == 0 && !deeper {
                empty.push(Problem::new(h.line, format!("标题下没有条文：{}", h.label)));
            }
        }
        self.problems.extend(empty);
        let mut blank = Vec::new();
        for a in &self.articles {
            if a.text.trim().is_empty() {
                blank.push(Problem::new(a.line, format!("{}没有内容", a.label)));
            }
        }
        self.problems.extend(blank);
        if !self.articles.iter().any(|a| a.label != "序言") {
            self.problems.push(Problem::new(self.body_line.saturating_sub(1), "没有条文（找不到“第一条”）"));
        }
    }
}

/// Append a paragraph to an article's text ("\n" between paragraphs).
fn push_paragraph(text: &mut String, line: &str) {
    if line.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(line);
}

/// The latest date `2021年6月10日` in a text, as ISO `2021-06-10`. A date
/// followed by 起 (自2021年1月1日起施行: when it takes effect, not the
/// version) counts only when the text has no other date.
pub(crate) fn latest_date(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut best: Option<(u32, u32, u32)> = None;
    let mut effective: Option<(u32, u32, u32)> = None;
    let number = |from: usize, min: usize, max: usize| -> Option<(u32, usize)> {
        let len = chars[from..].iter().take(max + 1).take_while(|c| c.is_ascii_digit()).count();
        if len < min || len > max || (from > 0 && chars[from - 1].is_ascii_digit()) {
            return None;
        }
        let v: String = chars[from..from + len].iter().collect();
        Some((v.parse().ok()?, from + len))
    };
    for start in 0..chars.len() {
        let Some((y, i)) = number(start, 4, 4) else { continue };
        if chars.get(i) != Some(&'年') {
            continue;
        }
        let Some((m, i)) = number(i + 1, 1, 2) else { continue };
        if chars.get(i) != Some(&'月') {
            continue;
        }
        let Some((d, i)) = number(i + 1, 1, 2) else { continue };
        if chars.get(i) != Some(&'日') || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            continue;
        }
        if chars.get(i + 1) == Some(&'起') {
            effective = effective.max(Some((y, m, d)));
        } else {
            best = best.max(Some((y, m, d)));
        }
    }
    best.or(effective).map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}
