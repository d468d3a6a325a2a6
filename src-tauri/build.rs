//! Build script: lets tauri-build read the root tauri.conf.json and the
//! capabilities under src-tauri/, and embeds the question bank, the law
//! texts and the UI (compressed) so the release binary carries them without
//! a runtime file lookup.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    embed_bank();
    embed_ui();
    tauri_build::try_build(tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*"))
        .expect("tauri-build failed");
}

/// Writes `$OUT_DIR/bank_files.rs` (every `questions/bank/**/*.toml`, then
/// the law packs' questions), `law_files.rs` (宪法 and 民法典 as JSONL, the
/// manifest, the 题注) and `pack_texts.rs` (the law packs' official texts):
/// each an `Embedded` of one deflated blob and each file's place in it.
fn embed_bank() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let questions = root.join("questions");
    // The two laws' bank, then the law packs' questions.
    embed_files(&root, &[questions.join("bank"), questions.join("packs").join("bank")], &["toml"], "bank_files");
    embed_files(&root, &[questions.join("law")], &["jsonl", "toml"], "law_files");
    // The law packs' official texts.
    embed_files(&root, &[questions.join("packs").join("text")], &["md"], "pack_texts");
}

/// Writes `$OUT_DIR/<name>.z` (the files with an extension in `exts` under
/// `dirs`, sorted by path, concatenated and deflated: the texts take a
/// quarter of the room in the binary) and `$OUT_DIR/<name>.rs`, an
/// `Embedded` naming each file (path relative to the repository) and its
/// byte range in the inflated text.
fn embed_files(root: &Path, dirs: &[PathBuf], exts: &[&str], name: &str) {
    let mut text = Vec::new();
    let mut index = String::new();
    for dir in dirs {
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files = Vec::new();
        collect(dir, exts, &mut files);
        files.sort();
        for f in &files {
            if f.file_name().is_some_and(|n| n == "README.md") {
                continue;
            }
            println!("cargo:rerun-if-changed={}", f.display());
            let rel = f.strip_prefix(root).unwrap_or(f).to_string_lossy().replace('\\', "/");
            let bytes = std::fs::read(f).expect("read an embedded file");
            writeln!(index, "        ({rel:?}, {}, {}),", text.len(), text.len() + bytes.len()).ok();
            text.extend_from_slice(&bytes);
        }
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let blob = out.join(format!("{name}.z"));
    std::fs::write(&blob, deflate(&text)).expect("write an embedded blob");
    let code = format!(
        "crate::core::embedded::Embedded::new(\n    include_bytes!({:?}),\n    {},\n    &[\n{index}    ],\n)",
        blob.display().to_string(),
        text.len()
    );
    std::fs::write(out.join(format!("{name}.rs")), code).expect("write an embedded file list");
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(bytes).expect("deflate in memory");
    z.finish().expect("deflate in memory")
}

/// One file gzipped (what the host sends a browser that accepts gzip).
fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(bytes).expect("gzip in memory");
    z.finish().expect("gzip in memory")
}

/// Writes `$OUT_DIR/ui_files.rs`: a `&[(&str, &[u8])]` of (path under ui/,
/// the file gzipped) for every file of ui/, which the LAN host serves to
/// browsers (as stored, `Content-Encoding: gzip`).
fn embed_ui() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let ui = root.join("ui");
    println!("cargo:rerun-if-changed={}", ui.display());
    let mut files = Vec::new();
    collect_all(&ui, &mut files);
    files.sort();
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let dir = out_dir.join("ui");
    std::fs::create_dir_all(&dir).expect("create OUT_DIR/ui");
    let mut out = String::from("&[\n");
    for (i, f) in files.iter().enumerate() {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(&ui).unwrap_or(f).to_string_lossy().replace('\\', "/");
        let gz = dir.join(format!("{i}.gz"));
        std::fs::write(&gz, gzip(&std::fs::read(f).expect("read a UI file"))).expect("write a gzipped UI file");
        writeln!(out, "    ({rel:?}, include_bytes!({:?})),", gz.display().to_string()).ok();
    }
    out.push(']');
    std::fs::write(out_dir.join("ui_files.rs"), out).expect("write ui_files.rs");
}

fn collect_all(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            println!("cargo:rerun-if-changed={}", p.display());
            collect_all(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn collect(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            println!("cargo:rerun-if-changed={}", p.display());
            collect(&p, exts, out);
        } else if p.extension().is_some_and(|x| exts.iter().any(|e| x == *e)) {
            out.push(p);
        }
    }
}
