//! Build script: lets tauri-build read the root tauri.conf.json and the
//! capabilities under src-tauri/, and embeds the question-bank files so the
//! release binary carries the bank without a runtime file lookup.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    embed_bank();
    embed_ui();
    tauri_build::try_build(tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*"))
        .expect("tauri-build failed");
}

/// Writes `$OUT_DIR/bank_files.rs`: a `&[(&str, &str)]` of (relative path, contents)
/// for every `questions/bank/**/*.toml`, sorted by path.
fn embed_bank() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-changed=questions/law");
    let questions = root.join("questions");
    // The two laws' bank, then the law packs' questions.
    embed_files(&root, &[questions.join("bank"), questions.join("packs").join("bank")], "toml", "bank_files.rs");
    // The law packs' official texts.
    embed_files(&root, &[questions.join("packs").join("text")], "md", "pack_texts.rs");
}

/// Writes `$OUT_DIR/<name>`: a `&[(&str, &str)]` of (path relative to the
/// repository, contents) for every file with extension `ext` under `dirs`.
fn embed_files(root: &Path, dirs: &[PathBuf], ext: &str, name: &str) {
    let mut out = String::from("&[\n");
    for dir in dirs {
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files = Vec::new();
        collect(dir, ext, &mut files);
        files.sort();
        for f in &files {
            if f.file_name().is_some_and(|n| n == "README.md") {
                continue;
            }
            println!("cargo:rerun-if-changed={}", f.display());
            let rel = f.strip_prefix(root).unwrap_or(f).to_string_lossy().replace('\\', "/");
            writeln!(out, "    ({rel:?}, include_str!({:?})),", f.display().to_string()).ok();
        }
    }
    out.push(']');
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join(name);
    std::fs::write(dest, out).expect("write embedded file list");
}

/// Writes `$OUT_DIR/ui_files.rs`: a `&[(&str, &[u8])]` of (path under ui/,
/// bytes) for every file of ui/, which the LAN host serves to browsers.
fn embed_ui() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let ui = root.join("ui");
    println!("cargo:rerun-if-changed={}", ui.display());
    let mut files = Vec::new();
    collect_all(&ui, &mut files);
    files.sort();
    let mut out = String::from("&[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(&ui).unwrap_or(f).to_string_lossy().replace('\\', "/");
        writeln!(out, "    ({rel:?}, include_bytes!({:?})),", f.display().to_string()).ok();
    }
    out.push(']');
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("ui_files.rs");
    std::fs::write(dest, out).expect("write ui_files.rs");
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

fn collect(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            println!("cargo:rerun-if-changed={}", p.display());
            collect(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}
