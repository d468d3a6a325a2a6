//! Fuzzes the CSV question import: any bytes give rows and errors, never a
//! panic.
#![no_main]

use lawquiz::core::import::parse_questions;
use lawquiz::core::law::LawTexts;
use lawquiz::core::sheet::read_csv;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static LAWS: OnceLock<LawTexts> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let laws = LAWS.get_or_init(|| LawTexts::embedded().unwrap_or_default());
    if let Ok(sheet) = read_csv("fuzz.csv", data) {
        let _ = parse_questions(&sheet, laws, &Default::default());
    }
});
