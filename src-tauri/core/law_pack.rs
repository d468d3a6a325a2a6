//! The law packs that ship with the app: official texts under
//! questions/packs/text/ (as 国家法律法规数据库 publishes them), read with the
//! same parser an organizer's import uses, when the app loads its content.

use super::law::{Article, Law, LawFileError, LawTexts};
use super::law_text::{self, ParsedLaw};

/// The pack texts embedded at build time: (path relative to the repository,
/// content).
pub static EMBEDDED: super::embedded::Embedded = include!(concat!(env!("OUT_DIR"), "/pack_texts.rs"));

/// Where the manifest's `files` live.
const PACK_DIR: &str = "questions/packs/text";

/// Reads every law of the manifest that names pack files and sets its
/// articles and 题注. A law of several files (the five 宪法修正案) is their
/// merge, from `embedded` ([`EMBEDDED`], inflated). Every problem of every
/// file is reported.
pub fn load_packs(texts: &mut LawTexts, embedded: &super::embedded::Files) -> Result<(), Vec<LawFileError>> {
    let mut errors = Vec::new();
    let packs: Vec<_> = texts.infos().iter().filter(|i| !i.files.is_empty()).cloned().collect();
    for info in packs {
        let mut parsed = Vec::new();
        for file in &info.files {
            let path = format!("{PACK_DIR}/{file}");
            let Some(content) = embedded.get(&path) else {
                errors
                    .push(LawFileError { file: path, line: 0, reason: "清单列出的法律文本不存在".into() });
                continue;
            };
            match law_text::parse(content) {
                Ok(p) => parsed.push(p),
                Err(problems) => errors.extend(problems.into_iter().map(|p| LawFileError {
                    file: path.clone(),
                    line: p.line,
                    reason: p.reason,
                })),
            }
        }
        if parsed.len() != info.files.len() {
            continue;
        }
        let whole = if parsed.len() == 1 {
            parsed.pop()
        } else {
            match law_text::merge_amendments(parsed) {
                Ok(m) => Some(m),
                Err(problems) => {
                    let file = format!("{PACK_DIR}/{}", info.files.join("、"));
                    errors.extend(problems.into_iter().map(|p| LawFileError {
                        file: file.clone(),
                        line: p.line,
                        reason: p.reason,
                    }));
                    None
                }
            }
        };
        let Some(whole) = whole else { continue };
        if whole.title != info.title {
            errors.push(LawFileError {
                file: format!("{PACK_DIR}/{}", info.files[0]),
                line: 1,
                reason: format!("标题“{}”与清单中的“{}”不一致", whole.title, info.title),
            });
            continue;
        }
        let note = (!whole.note.trim().is_empty()).then(|| whole.note.clone());
        texts.set_texts(info.law, articles_of(info.law, &whole), note);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// A parsed text's articles as the app keeps them.
pub fn articles_of(law: Law, parsed: &ParsedLaw) -> Vec<Article> {
    parsed
        .articles
        .iter()
        .map(|a| Article {
            law,
            article: a.number,
            label: a.label.clone(),
            part: a.part.clone(),
            subpart: a.subpart.clone(),
            chapter: a.chapter.clone(),
            section: a.section.clone(),
            text: a.text.clone(),
        })
        .collect()
}
