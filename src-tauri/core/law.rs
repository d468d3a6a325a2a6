//! The two laws as data: articles with their 编 / 分编 / 章 / 节, parsed from the
//! JSONL files under questions/law/, and the 题注 (title notes).

use super::embedded::Files;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A law, or a topic of questions (宪法日常识), by its short name: the id the
/// data uses everywhere (宪法, 民法典, 数据安全法, 宪法修正案 …). Which laws
/// exist is data (the shipped manifest questions/law/laws.toml, and laws an
/// organizer imports), never code.
///
/// Interned: the name is leaked once and shared, so a `Law` is `Copy` and
/// compares by pointer-sized work. The interner is bounded (names of at most
/// [`MAX_NAME_CHARS`] characters, at most [`MAX_NAMES`] of them), so no
/// request can grow it without limit.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Law(&'static str);

/// Longest law name the interner takes (the longest real short name is
/// well under it).
pub const MAX_NAME_CHARS: usize = 40;
/// Most distinct names the interner keeps.
pub const MAX_NAMES: usize = 4096;

static NAMES: std::sync::Mutex<std::collections::BTreeSet<&'static str>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

impl Law {
    /// The law named `name` (trimmed). `None` for an empty or over-long name,
    /// or when the interner is full.
    pub fn new(name: &str) -> Option<Law> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            return None;
        }
        let mut names = NAMES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(known) = names.get(name) {
            return Some(Law(known));
        }
        if names.len() >= MAX_NAMES {
            return None;
        }
        let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
        names.insert(leaked);
        Some(Law(leaked))
    }

    /// The law named `name`, if that name is already known (loaded from the
    /// manifest, the database or an import). Requests go through this, so a
    /// caller cannot fill the interner with made-up names.
    pub fn existing(name: &str) -> Option<Law> {
        let names = NAMES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        names.get(name.trim()).map(|n| Law(n))
    }

    /// The short name: 宪法 / 数据安全法 / 宪法日常识.
    pub fn name(self) -> &'static str {
        self.0
    }
}

impl std::fmt::Debug for Law {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl std::fmt::Display for Law {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for Law {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Law {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Law::existing(&s).ok_or_else(|| serde::de::Error::custom(format!("没有名为“{}”的法律", s.trim())))
    }
}

/// What kind of text a law is; topics hold questions but no articles.
pub const KIND_TOPIC: &str = "专题";

/// A law as the app lists it: from the shipped manifest or an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LawInfo {
    pub law: Law,
    /// The full title: 中华人民共和国数据安全法.
    pub title: String,
    /// 宪法 / 宪法修正案 / 法律 / 决定, or 专题 for a topic.
    pub kind: String,
    /// One line on what it covers, for the practice card.
    pub blurb: String,
    /// Other names questions and imports may use (政务处分法).
    pub aliases: Vec<String>,
    /// In the 学习范围 of a new database.
    pub enabled: bool,
    /// The pack text files (under questions/packs/text/) it is read from;
    /// empty for the JSONL laws and topics.
    pub files: Vec<String>,
}

impl LawInfo {
    pub fn is_topic(&self) -> bool {
        self.kind == KIND_TOPIC
    }

    /// Whether `name` names this law: its id, title, an alias, or the title
    /// without 中华人民共和国.
    pub fn answers_to(&self, name: &str) -> bool {
        let name = name.trim().trim_start_matches('《').trim_end_matches('》');
        name == self.law.name()
            || name == self.title
            || self.aliases.iter().any(|a| a == name)
            || self.title.strip_prefix("中华人民共和国") == Some(name)
    }
}

#[derive(Debug, Deserialize)]
struct Manifest {
    law: Vec<ManifestLaw>,
}

/// A `[[law]]` of the manifest as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestLaw {
    id: String,
    title: String,
    kind: String,
    #[serde(default)]
    blurb: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    enabled: bool,
    #[serde(default)]
    files: Vec<String>,
}

/// Which text a basis points at: a numbered article (0 = the 宪法 序言) or the
/// 题注, the note under the title with the adoption and amendment dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ArticleRef {
    Article(u32),
    TitleNote,
}

impl ArticleRef {
    /// As stored in SQLite: the article number, or NULL for the 题注.
    pub fn number(self) -> Option<u32> {
        match self {
            ArticleRef::Article(n) => Some(n),
            ArticleRef::TitleNote => None,
        }
    }
}

/// One article of a law, with where it sits in the law's structure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub law: Law,
    pub article: u32,
    pub label: String,
    pub part: Option<String>,
    pub subpart: Option<String>,
    pub chapter: Option<String>,
    pub section: Option<String>,
    pub text: String,
}

#[derive(Debug, Deserialize)]
struct TitleNoteRow {
    law: Law,
    text: String,
}

/// Every shipped law in memory (articles, 题注, what the manifest says of
/// each), for validating the bank and seeding the store. Imported laws join
/// through [`LawTexts::add_law`].
#[derive(Debug, Default)]
pub struct LawTexts {
    infos: Vec<LawInfo>,
    articles: HashMap<(Law, u32), Article>,
    order: Vec<(Law, u32)>,
    title_notes: HashMap<Law, String>,
}

/// A line of a law file that could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{file} 第 {line} 行：{reason}")]
pub struct LawFileError {
    pub file: String,
    pub line: usize,
    pub reason: String,
}

impl LawTexts {
    /// Parses the manifest (TOML: one `[[law]]` per law or topic), the
    /// article files (JSONL, one article per line) and the title notes file.
    /// Every bad line is reported, not just the first.
    pub fn parse(
        manifest: (&str, &str),
        article_files: &[(&str, &str)],
        titles: (&str, &str),
    ) -> Result<Self, Vec<LawFileError>> {
        let mut me = LawTexts::default();
        let mut errors = Vec::new();
        match toml::from_str::<Manifest>(manifest.1) {
            Ok(m) => {
                for raw in m.law {
                    let Some(law) = Law::new(&raw.id) else {
                        errors.push(LawFileError {
                            file: manifest.0.to_string(),
                            line: 0,
                            reason: format!("法律简称“{}”为空或过长", raw.id),
                        });
                        continue;
                    };
                    let info = LawInfo {
                        law,
                        title: raw.title,
                        kind: raw.kind,
                        blurb: raw.blurb,
                        aliases: raw.aliases,
                        enabled: raw.enabled,
                        files: raw.files,
                    };
                    if me.info(info.law).is_some() {
                        errors.push(LawFileError {
                            file: manifest.0.to_string(),
                            line: 0,
                            reason: format!("法律“{}”重复", info.law),
                        });
                    } else {
                        me.infos.push(info);
                    }
                }
            }
            Err(e) => errors.push(LawFileError { file: manifest.0.to_string(), line: 0, reason: e.to_string() }),
        }
        for (file, content) in article_files {
            for (i, line) in content.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
                let bad = |reason: String| LawFileError { file: file.to_string(), line: i + 1, reason };
                match serde_json::from_str::<Article>(line) {
                    Ok(a) if me.info(a.law).is_none() => errors.push(bad(format!("清单中没有法律“{}”", a.law))),
                    Ok(a) => {
                        let key = (a.law, a.article);
                        if me.articles.insert(key, a).is_some() {
                            errors.push(bad("条文编号重复".into()));
                        } else {
                            me.order.push(key);
                        }
                    }
                    Err(e) => errors.push(bad(e.to_string())),
                }
            }
        }
        let (file, content) = titles;
        for (i, line) in content.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            match serde_json::from_str::<TitleNoteRow>(line) {
                Ok(t) => {
                    me.title_notes.insert(t.law, t.text);
                }
                Err(e) => errors.push(LawFileError { file: file.to_string(), line: i + 1, reason: e.to_string() }),
            }
        }
        if errors.is_empty() {
            Ok(me)
        } else {
            Err(errors)
        }
    }

    /// The law texts that ship inside the binary: the manifest, 宪法 and
    /// 民法典 as JSONL, and the law packs read from their official texts.
    pub fn embedded() -> Result<Self, Vec<LawFileError>> {
        let inflate = |set: &super::embedded::Embedded, dir: &str| {
            set.inflate().map_err(|e| vec![LawFileError { file: dir.into(), line: 0, reason: e }])
        };
        Self::from_embedded(
            &inflate(&EMBEDDED, "questions/law")?,
            &inflate(&super::law_pack::EMBEDDED, "questions/packs")?,
        )
    }

    /// [`LawTexts::embedded`] from the sets already inflated: `laws`
    /// ([`EMBEDDED`]) and `packs` (`law_pack::EMBEDDED`).
    pub fn from_embedded(laws: &Files, packs: &Files) -> Result<Self, Vec<LawFileError>> {
        let [manifest, constitution, civil_code, titles] = EMBEDDED_LAW_FILES.map(|p| (p, laws.get(p).unwrap_or("")));
        let mut me = Self::parse(manifest, &[constitution, civil_code], titles)?;
        super::law_pack::load_packs(&mut me, packs)?;
        Ok(me)
    }

    /// Adds (or replaces) one law's articles and 题注. The law must be in
    /// the list already ([`LawTexts::add_info`]).
    pub fn set_texts(&mut self, law: Law, articles: Vec<Article>, note: Option<String>) {
        self.order.retain(|(l, _)| *l != law);
        self.articles.retain(|(l, _), _| *l != law);
        for a in articles {
            let key = (law, a.article);
            if self.articles.insert(key, Article { law, ..a }).is_none() {
                self.order.push(key);
            }
        }
        match note {
            Some(n) => self.title_notes.insert(law, n),
            None => self.title_notes.remove(&law),
        };
    }

    /// Adds a law to the list, or replaces what the list says of it.
    pub fn add_info(&mut self, info: LawInfo) {
        match self.infos.iter_mut().find(|i| i.law == info.law) {
            Some(old) => *old = info,
            None => self.infos.push(info),
        }
    }

    /// Every law and topic, in the manifest's order.
    pub fn infos(&self) -> &[LawInfo] {
        &self.infos
    }

    pub fn info(&self, law: Law) -> Option<&LawInfo> {
        self.infos.iter().find(|i| i.law == law)
    }

    /// The law or topic a name means: its id, title, an alias, or the title
    /// without 中华人民共和国.
    pub fn resolve(&self, name: &str) -> Option<Law> {
        self.infos.iter().find(|i| i.answers_to(name)).map(|i| i.law)
    }

    /// The number of the article labelled `label` (附件, 誓词, 序言) in a law.
    pub fn article_by_label(&self, law: Law, label: &str) -> Option<u32> {
        self.order
            .iter()
            .filter(|(l, _)| *l == law)
            .find_map(|k| self.articles.get(k).filter(|a| a.label == label.trim()).map(|a| a.article))
    }

    pub fn article(&self, law: Law, article: u32) -> Option<&Article> {
        self.articles.get(&(law, article))
    }

    pub fn title_note(&self, law: Law) -> Option<&str> {
        self.title_notes.get(&law).map(String::as_str)
    }

    /// The text a basis points at, if it exists.
    pub fn text_of(&self, law: Law, r: ArticleRef) -> Option<&str> {
        match r {
            ArticleRef::Article(n) => self.article(law, n).map(|a| a.text.as_str()),
            ArticleRef::TitleNote => self.title_note(law),
        }
    }

    /// Articles in load order (each law by number, laws in manifest order).
    pub fn articles(&self) -> impl Iterator<Item = &Article> {
        self.order.iter().filter_map(|k| self.articles.get(k))
    }

    /// Articles of one law, by number.
    pub fn articles_of(&self, law: Law) -> impl Iterator<Item = &Article> {
        self.order.iter().filter(move |(l, _)| *l == law).filter_map(|k| self.articles.get(k))
    }

    pub fn title_notes(&self) -> impl Iterator<Item = (Law, &str)> {
        self.title_notes.iter().map(|(l, t)| (*l, t.as_str()))
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

/// How an article is named: its label (第五条, 附件), "题注", or its
/// number when the law no longer has it.
pub fn article_label(texts: &LawTexts, law: Law, article: ArticleRef) -> String {
    match article {
        ArticleRef::Article(n) => {
            texts.article(law, n).map(|a| a.label.clone()).unwrap_or_else(|| format!("第 {n} 条"))
        }
        ArticleRef::TitleNote => "题注".to_string(),
    }
}

/// Why a question's basis no longer holds in `texts`: its article is gone,
/// or a quote is not verbatim in it (whitespace ignored). `None` when it
/// holds. The one rule that sets a question aside after a new edition.
pub fn broken_basis(texts: &LawTexts, law: Law, article: ArticleRef, quotes: &[String]) -> Option<String> {
    let label = article_label(texts, law, article);
    match texts.text_of(law, article) {
        None => Some(format!("《{}》{}已删除", law.name(), label)),
        Some(text) if quotes.iter().any(|q| super::text::find_quote(text, q).is_none()) => {
            Some(format!("《{}》{}已修改，依据原文不再一字不差", law.name(), label))
        }
        Some(_) => None,
    }
}

/// A law's edition, read from its 题注: when it was adopted, last amended
/// and took effect (dates as written, e.g. "2018年3月11日").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Edition {
    pub adopted: Option<String>,
    pub amended: Option<String>,
    pub effective: Option<String>,
    /// 修正 or 修订: how the latest change is named.
    #[serde(skip)]
    amend_word: &'static str,
    /// The last date, when the note records several adoptions and no
    /// amendment (the five 宪法修正案, each adopted on its own).
    #[serde(skip)]
    last_adopted: Option<String>,
}

impl Edition {
    /// Reads the dates of a 题注: the first date is the adoption; when the
    /// note says 修正 (the verb, not 修正案) or 修订 the last date is the
    /// latest change; a date followed by 起施行 is the entry into force.
    pub fn from_note(note: &str) -> Edition {
        let dates = dates_in(note);
        let effective = dates.iter().find(|(_, end)| note[*end..].starts_with("起施行")).map(|(d, _)| d.clone());
        let amends = note.match_indices("修正").any(|(i, m)| !note[i + m.len()..].starts_with('案'));
        let revised = note.contains("修订");
        let last = dates.last().map(|(d, _)| d.clone());
        let amended = (amends || revised).then(|| last.clone()).flatten();
        let several = amended.is_none() && note.matches("通过").count() >= 2 && dates.len() >= 2;
        Edition {
            adopted: dates.first().map(|(d, _)| d.clone()),
            amended,
            effective,
            amend_word: if amends { "修正" } else { "修订" },
            last_adopted: several.then_some(last).flatten(),
        }
    }

    /// The short label: "2018年修正", "2018年修订", "1988年至2018年" (several
    /// adoptions), or "2020年5月28日通过，2021年1月1日起施行".
    pub fn label(&self) -> String {
        let year = |d: &String| d.split('年').next().unwrap_or(d).to_string();
        if let Some(a) = &self.amended {
            return format!("{}年{}", year(a), self.amend_word);
        }
        if let (Some(first), Some(last)) = (&self.adopted, &self.last_adopted) {
            return format!("{}年至{}年", year(first), year(last));
        }
        match (&self.adopted, &self.effective) {
            (Some(a), Some(e)) => format!("{a}通过，{e}起施行"),
            (Some(a), None) => format!("{a}通过"),
            _ => String::new(),
        }
    }
}

/// Every "YYYY年M月D日" in `text`, with the byte offset just after it.
fn dates_in(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let rest = &text[start..];
        let Some(pos) = rest.find(|c: char| c.is_ascii_digit()) else { break };
        let at = start + pos;
        match date_at(&text[at..]) {
            Some(len) => {
                out.push((text[at..at + len].to_string(), at + len));
                start = at + len;
            }
            None => start = at + text[at..].find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len() - at),
        }
    }
    out
}

/// The byte length of a date "YYYY年M月D日" at the start of `s`.
fn date_at(s: &str) -> Option<usize> {
    let mut len = 0;
    for (min, max, unit) in [(4, 4, '年'), (1, 2, '月'), (1, 2, '日')] {
        let digits = s[len..].chars().take_while(char::is_ascii_digit).count();
        if digits < min || digits > max || !s[len + digits..].starts_with(unit) {
            return None;
        }
        len += digits + unit.len_utf8();
    }
    Some(len)
}

/// The law files embedded at build time (questions/law/: the manifest,
/// 宪法 and 民法典 as JSONL, the 题注), by path relative to the repository.
pub static EMBEDDED: super::embedded::Embedded = include!(concat!(env!("OUT_DIR"), "/law_files.rs"));

/// The embedded law files in the order they are hashed and parsed.
pub const EMBEDDED_LAW_FILES: [&str; 4] = [
    "questions/law/laws.toml",
    "questions/law/constitution.jsonl",
    "questions/law/civil-code.jsonl",
    "questions/law/titles.jsonl",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn law(name: &str) -> Law {
        Law::new(name).expect("law")
    }

    #[test]
    fn embedded_texts_have_every_law_of_the_manifest() {
        let t = LawTexts::embedded().expect("embedded law texts parse");
        assert!(t.article(law("宪法"), 0).is_some(), "the 序言 is article 0");
        assert!(t.article(law("民法典"), 1260).is_some());
        assert!(t.title_note(law("宪法")).is_some_and(|n| n.contains("1982年12月4日")));
        assert_eq!(t.articles_of(law("宪法")).count() + t.articles_of(law("民法典")).count(), 144 + 1260);
        for info in t.infos().iter().filter(|i| !i.is_topic()) {
            assert!(t.articles_of(info.law).count() > 0, "{} has its articles", info.law);
        }
        assert_eq!(t.articles_of(law("宪法修正案")).count(), 52, "the five amendments, 第一条 to 第五十二条");
        assert!(t.article_by_label(law("宪法宣誓誓词"), "誓词").is_some(), "the oath is one article");
        assert!(t.article_by_label(law("国旗法"), "附件").is_some(), "国旗法's appendix is an article");
    }

    #[test]
    fn a_law_answers_to_its_id_title_aliases_and_short_title() {
        let t = LawTexts::embedded().expect("embedded law texts parse");
        assert_eq!(t.resolve("宪法"), Some(law("宪法")));
        assert_eq!(t.resolve("中华人民共和国数据安全法"), Some(law("数据安全法")));
        assert_eq!(t.resolve("《个人信息保护法》"), Some(law("个人信息保护法")));
        assert_eq!(t.resolve("政务处分法"), Some(law("公职人员政务处分法")), "an alias");
        assert_eq!(t.resolve("网络安全法"), None, "not shipped");
    }

    #[test]
    fn requests_cannot_add_names_to_the_interner() {
        let made_up = "一部谁也没有听说过的法律";
        assert_eq!(Law::existing(made_up), None);
        assert!(serde_json::from_str::<Law>(&format!("\"{made_up}\"")).is_err(), "deserialising never interns");
        assert_eq!(Law::existing(made_up), None);
        assert!(Law::new(&"长".repeat(MAX_NAME_CHARS + 1)).is_none(), "over-long names are refused");
        let known = law("宪法");
        assert_eq!(serde_json::from_str::<Law>("\"宪法\"").ok(), Some(known));
    }

    #[test]
    fn the_editions_come_from_the_title_notes() {
        let t = LawTexts::embedded().expect("embedded law texts parse");
        let c = Edition::from_note(t.title_note(law("宪法")).expect("宪法 题注"));
        assert_eq!(c.adopted.as_deref(), Some("1982年12月4日"));
        assert_eq!(c.amended.as_deref(), Some("2018年3月11日"), "the fifth amendment is the latest");
        assert_eq!(c.label(), "2018年修正");
        let m = Edition::from_note(t.title_note(law("民法典")).expect("民法典 题注"));
        assert_eq!(m.amended, None);
        assert_eq!(m.label(), "2020年5月28日通过，2021年1月1日起施行");
        assert_eq!(Edition::from_note("没有日期").label(), "", "no dates, no label");
        let amendments = Edition::from_note(t.title_note(law("宪法修正案")).expect("the amendments' 题注"));
        assert_eq!(amendments.label(), "1988年至2018年", "five adoptions, not an amendment of one law");
        let oath = Edition::from_note(t.title_note(law("宪法宣誓誓词")).expect("the decision"));
        assert_eq!(oath.label(), "2018年修订");
        let lifa = Edition::from_note(t.title_note(law("立法法")).expect("立法法 题注"));
        assert_eq!(lifa.label(), "2023年修正");
    }

    #[test]
    fn every_bad_line_is_reported() {
        let manifest = "[[law]]\nid = \"宪法\"\ntitle = \"中华人民共和国宪法\"\nkind = \"宪法\"\n";
        let bad = "{\"law\":\"宪法\"}\nnot json\n";
        let errs = LawTexts::parse(("m.toml", manifest), &[("x.jsonl", bad)], ("t.jsonl", "")).unwrap_err();
        assert_eq!(errs.iter().map(|e| e.line).collect::<Vec<_>>(), vec![1, 2]);
    }
}
