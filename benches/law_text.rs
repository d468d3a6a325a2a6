//! `make bench` (law_text): reading law texts with core::law_text. What a
//! first start with every shipped pack costs if the texts are parsed then
//! (all 16 pack files: decode + parse + the amendments merged), and the
//! largest law an organizer may import (the 民法典, 1260 articles, written
//! out from questions/law/civil-code.jsonl) as Markdown and as a .docx.

use criterion::{criterion_group, criterion_main, Criterion};
use lawquiz::core::law_text;
use std::hint::black_box;
use std::io::Write;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every pack file's name and bytes.
fn packs() -> Vec<(String, Vec<u8>)> {
    let dir = root().join("questions/packs/text");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("pack dir")
        .map(|e| e.expect("entry").file_name().into_string().expect("utf-8 name"))
        .filter(|f| f.ends_with(".md") && f != "README.md")
        .map(|f| (f.clone(), std::fs::read(dir.join(&f)).expect("pack")))
        .collect();
    out.sort();
    out
}

/// The 民法典 as a Markdown text (headings where they change).
fn civil_code() -> String {
    let rows = std::fs::read_to_string(root().join("questions/law/civil-code.jsonl")).expect("jsonl");
    let mut out = String::from(
        "# 中华人民共和国民法典\n\n2020年5月28日第十三届全国人民代表大会第三次会议通过\n\n<!-- INFO END -->\n\n",
    );
    let mut open: [Option<String>; 4] = Default::default();
    for line in rows.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("row");
        let mut changed = false;
        for (level, key) in ["part", "subpart", "chapter", "section"].iter().enumerate() {
            let h = v[key].as_str().map(str::to_string);
            changed |= open[level] != h;
            if let (true, Some(name)) = (changed, &h) {
                out.push_str(&format!("{} {name}\n\n", "#".repeat(level + 2)));
            }
            open[level] = h;
        }
        let text = v["text"].as_str().expect("text").replace('\n', "\n\n");
        out.push_str(&format!("{} {text}\n\n", v["label"].as_str().expect("label")));
    }
    out
}

fn docx_of(text: &str) -> Vec<u8> {
    let mut body = String::new();
    for line in text.lines() {
        let esc = line.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        body.push_str(&format!("<w:p><w:r><w:t>{esc}</w:t></w:r></w:p>"));
    }
    let xml = format!("<?xml version=\"1.0\"?><w:document xmlns:w=\"w\"><w:body>{body}</w:body></w:document>");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).expect("zip");
    zip.write_all(xml.as_bytes()).expect("zip");
    zip.finish().expect("zip").into_inner()
}

fn bench(c: &mut Criterion) {
    let packs = packs();
    let code = civil_code();
    let code_docx = docx_of(&code);
    let mut group = c.benchmark_group("law_text");
    group.bench_function("all 16 pack files: decode + parse + merge amendments", |b| {
        b.iter(|| {
            let mut amendments = Vec::new();
            let mut n = 0;
            for (name, bytes) in &packs {
                let law = law_text::parse(&law_text::decode(name, bytes).expect("decode")).expect("parse");
                n += law.articles.len();
                if law.kind == law_text::LawKind::Amendment {
                    amendments.push(law);
                }
            }
            black_box((n, law_text::merge_amendments(amendments).expect("merge").articles.len()))
        })
    });
    group.bench_function("民法典 (1260 articles) as Markdown: parse + outline", |b| {
        b.iter(|| {
            let law = law_text::parse(&code).expect("parse");
            black_box(law_text::outline(&law).len())
        })
    });
    group.bench_function("民法典 as .docx: decode + parse", |b| {
        b.iter(|| {
            black_box(law_text::parse(&law_text::decode("民法典.docx", &code_docx).expect("docx")).expect("parse"))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
