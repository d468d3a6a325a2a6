//! Reading spreadsheets into rows of text: .xlsx (calamine), CSV in UTF-8
//! (with or without BOM) or GB18030/GBK (what Excel and WPS save on Chinese
//! Windows), detected without asking. Text is NFC-normalised and trimmed of
//! half- and full-width spaces; nothing is ever evaluated (a cell starting
//! with = + - @ stays text).

use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;
use unicode_normalization::UnicodeNormalization;

/// One sheet: its name and its rows (the first row is the header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SheetError(pub String);

/// Trims spaces of both widths and normalises to NFC.
pub fn clean(s: &str) -> String {
    s.nfc().collect::<String>().trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}').to_string()
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => clean(s),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => {
            if *b {
                "TRUE".into()
            } else {
                "FALSE".into()
            }
        }
        other => clean(&other.to_string()),
    }
}

/// Every sheet of an .xlsx workbook.
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, SheetError> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).map_err(|e| {
        SheetError(format!("无法读取 Excel 文件（{e}）。请确认是 .xlsx 格式，可在 Excel 或 WPS 中“另存为 .xlsx”。"))
    })?;
    let names = wb.sheet_names().to_vec();
    let mut out = Vec::new();
    for name in names {
        let range = wb.worksheet_range(&name).map_err(|e| SheetError(format!("无法读取工作表“{name}”：{e}")))?;
        let rows = range.rows().map(|r| r.iter().map(cell_text).collect()).collect();
        out.push(Sheet { name, rows });
    }
    Ok(out)
}

/// Decodes CSV bytes: UTF-8 (BOM or not) when valid, else GB18030.
pub fn decode_text(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return (String::from_utf8_lossy(rest).into_owned(), "UTF-8");
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), "UTF-8");
    }
    let (text, _, _) = encoding_rs::GB18030.decode(bytes);
    (text.into_owned(), "GB18030")
}

/// A CSV file as one sheet.
pub fn read_csv(name: &str, bytes: &[u8]) -> Result<Sheet, SheetError> {
    let (text, _) = decode_text(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| SheetError(format!("第 {} 行不是有效的 CSV：{e}", i + 1)))?;
        rows.push(rec.iter().map(clean).collect());
    }
    Ok(Sheet { name: name.to_string(), rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb18030_csv_is_detected_and_decoded() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("题型,题干\n单选,宪法是国家的根本法\n");
        let sheet = read_csv("x.csv", &bytes).expect("csv");
        assert_eq!(sheet.rows[1], vec!["单选", "宪法是国家的根本法"]);
    }

    #[test]
    fn utf8_with_bom_and_formula_like_cells_stay_text() {
        let sheet = read_csv("x.csv", "\u{FEFF}a,b\n=1+1, @x \n".as_bytes()).expect("csv");
        assert_eq!(sheet.rows[0], vec!["a", "b"]);
        assert_eq!(sheet.rows[1], vec!["=1+1", "@x"]);
    }

    #[test]
    fn text_is_nfc_and_trimmed_of_both_space_widths() {
        assert_eq!(clean("\u{3000} e\u{301} "), "\u{e9}");
    }

    #[test]
    fn a_file_that_is_not_xlsx_is_an_error_not_a_panic() {
        assert!(read_xlsx(b"not a zip").is_err());
        assert!(read_xlsx(&[]).is_err());
    }
}
