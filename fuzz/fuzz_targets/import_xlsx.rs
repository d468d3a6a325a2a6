//! Fuzzes the .xlsx question import: any bytes give an error or rows, never
//! a panic.
#![no_main]

use lawquiz::core::import::parse_questions;
use lawquiz::core::law::LawTexts;
use lawquiz::core::sheet::read_xlsx;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static LAWS: OnceLock<LawTexts> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let laws = LAWS.get_or_init(|| LawTexts::embedded().unwrap_or_default());
    if let Ok(sheets) = read_xlsx(data) {
        for sheet in sheets {
            let _ = parse_questions(&sheet, laws, &Default::default());
        }
    }
});
