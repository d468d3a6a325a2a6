//! A law file's bytes → text: .md / .txt in UTF-8 (with or without BOM) or
//! GB18030 (as Notepad and WPS save on Chinese Windows), and the .docx that
//! flk.npc.gov.cn offers (word/document.xml read with `zip` and `quick-xml`:
//! one line per paragraph, no office suite).

use super::Problem;
use quick_xml::events::Event;
use std::io::Read;

/// word/document.xml larger than this (unpacked) is refused: a law's is a
/// few MB at most, and a zip bomb must not fill memory.
const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// Decode a file by its extension (case-insensitive).
pub fn decode(file_name: &str, bytes: &[u8]) -> Result<String, Problem> {
    let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "md" | "txt" => decode_text(bytes),
        "docx" => decode_docx(bytes),
        _ => Err(Problem::new(0, format!("只支持 .md、.txt、.docx 文件（这是“{file_name}”）"))),
    }
}

fn decode_text(bytes: &[u8]) -> Result<String, Problem> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(body) {
        return Ok(s.to_string());
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| s.into_owned())
        .ok_or_else(|| Problem::new(0, "文件编码无法识别：既不是 UTF-8 也不是 GB18030（GBK）文本"))
}

fn decode_docx(bytes: &[u8]) -> Result<String, Problem> {
    let not_docx = |why: String| Problem::new(0, format!("不是有效的 .docx 文件：{why}"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| not_docx(e.to_string()))?;
    let file = zip.by_name("word/document.xml").map_err(|_| not_docx("缺少 word/document.xml".into()))?;
    let mut xml = String::new();
    file.take(MAX_XML_BYTES + 1).read_to_string(&mut xml).map_err(|e| not_docx(e.to_string()))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(not_docx("正文超过 64 MB".into()));
    }
    document_lines(&xml).map_err(not_docx)
}

/// word/document.xml → one line per `<w:p>`: the text of its `<w:t>` runs
/// joined, `<w:tab/>` as a space, `<w:br/>` as a line break. Deleted text
/// (`<w:delText>`) and everything else is left out.
fn document_lines(xml: &str) -> Result<String, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut para = String::new();
    let mut in_text = false;
    loop {
        let event = reader.read_event().map_err(|e| format!("XML 错误（位置 {}）：{e}", reader.error_position()))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => in_text = true,
                "p" => para.clear(),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => para.push(' '),
                "br" | "cr" => para.push('\n'),
                "p" => out.push('\n'),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    out.push_str(&para);
                    out.push('\n');
                    para.clear();
                }
                _ => {}
            },
            Event::Text(t) if in_text => para.push_str(&t.xml10_content()),
            Event::CData(t) if in_text => para.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    para.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r.xml10_content()) {
                    para.push_str(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// UTF-8 with and without BOM, and GB18030, read to the same text.
    #[test]
    fn text_files_in_utf8_or_gb18030() {
        let text = "# 中华人民共和国国歌法\n\n第一条　为了维护国歌的尊严。\n";
        assert_eq!(decode("a.md", text.as_bytes()).unwrap(), text);
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode("a.TXT", &bom).unwrap(), text);
        let (gb, _, bad) = encoding_rs::GB18030.encode(text);
        assert!(!bad);
        assert!(std::str::from_utf8(&gb).is_err(), "the sample must not also be UTF-8");
        assert_eq!(decode("国歌法.txt", &gb).unwrap(), text);
    }

    /// Bytes that are neither encoding, and other file types, are refused in Chinese.
    #[test]
    fn unknown_encodings_and_extensions_are_refused() {
        let err = decode("a.txt", &[0xFF, 0xFF, 0xFF, 0x81]).unwrap_err();
        assert!(err.reason.contains("编码"), "{err}");
        let err = decode("a.pdf", b"%PDF").unwrap_err();
        assert!(err.reason.contains("只支持 .md、.txt、.docx"), "{err}");
        assert!(decode("noext", b"x").is_err());
        let err = decode("a.docx", b"PK not a zip").unwrap_err();
        assert!(err.reason.contains(".docx"), "{err}");
    }

    /// Paragraphs become lines; runs, tabs, entities and breaks are kept,
    /// deleted text is not.
    #[test]
    fn document_xml_paragraphs_become_lines() {
        let xml = r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:body>
            <w:p><w:r><w:t>第一条</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">为了 &amp; </w:t></w:r><w:r><w:delText>删</w:delText><w:t>保护&#x4E00;</w:t></w:r></w:p>
            <w:p/>
            <w:p><w:r><w:t>甲</w:t><w:br/><w:t>乙</w:t></w:r></w:p>
            </w:body></w:document>"#;
        assert_eq!(document_lines(xml).unwrap(), "第一条 为了 & 保护一\n\n甲\n乙\n");
        assert!(document_lines("<w:p><w:t>x</w:p>").is_err(), "a mismatched tag is an error, not a panic");
    }
}
