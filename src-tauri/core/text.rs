//! Text normalisation shared by the bank checks, grading and highlighting.
//!
//! Chinese legal text mixes full-width and half-width forms and the law files
//! break 款/项 with newlines; a quote is "verbatim" when it matches after only
//! whitespace is ignored, and a 填空 answer matches after width, case, spaces
//! and punctuation are folded.

/// Removes every whitespace character (ASCII, newline, U+3000).
pub fn strip_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Folds full-width ASCII forms to half width (Ａ->A, ３->3, U+3000 -> space).
pub fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// The key a 填空 answer is compared by: width folded, lower-cased, with
/// whitespace and punctuation removed.
pub fn answer_key(s: &str) -> String {
    s.chars().map(fold_width).filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The key stems are compared by for duplicates: like [`answer_key`], so two
/// stems differing only in punctuation or spacing count as the same.
pub fn stem_key(s: &str) -> String {
    answer_key(s)
}

/// Byte ranges in `text` covered by each quote, matching with whitespace
/// ignored. Returns `None` for a quote that does not occur.
pub fn find_quote(text: &str, quote: &str) -> Option<(usize, usize)> {
    let needle: Vec<char> = quote.chars().filter(|c| !c.is_whitespace()).collect();
    if needle.is_empty() {
        return None;
    }
    // The text without whitespace, with each kept char's byte span in the original.
    let kept: Vec<(char, usize, usize)> =
        text.char_indices().filter(|(_, c)| !c.is_whitespace()).map(|(i, c)| (c, i, i + c.len_utf8())).collect();
    if kept.len() < needle.len() {
        return None;
    }
    (0..=kept.len() - needle.len())
        .find(|&start| kept[start..start + needle.len()].iter().zip(&needle).all(|((c, _, _), n)| c == n))
        .map(|start| (kept[start].1, kept[start + needle.len() - 1].2))
}

/// A piece of text, marked when it belongs to a quote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Segment {
    pub text: String,
    pub mark: bool,
}

/// Splits `text` into segments with every quote's span marked (overlapping
/// spans merged). Quotes that do not occur are ignored.
pub fn highlight(text: &str, quotes: &[String]) -> Vec<Segment> {
    let mut spans: Vec<(usize, usize)> = quotes.iter().filter_map(|q| find_quote(text, q)).collect();
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let mut out = Vec::new();
    let mut at = 0;
    for (s, e) in merged {
        if s > at {
            out.push(Segment { text: text[at..s].to_string(), mark: false });
        }
        out.push(Segment { text: text[s..e].to_string(), mark: true });
        at = e;
    }
    if at < text.len() {
        out.push(Segment { text: text[at..].to_string(), mark: false });
    }
    out
}

/// Splits `text` with every occurrence of `needle` marked (exact match; for
/// search hits). An empty needle marks nothing.
pub fn find_all(text: &str, needle: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    if needle.is_empty() {
        out.push(Segment { text: text.to_string(), mark: false });
        return out;
    }
    let mut rest = text;
    while let Some(i) = rest.find(needle) {
        if i > 0 {
            out.push(Segment { text: rest[..i].to_string(), mark: false });
        }
        out.push(Segment { text: needle.to_string(), mark: true });
        rest = &rest[i + needle.len()..];
    }
    if !rest.is_empty() {
        out.push(Segment { text: rest.to_string(), mark: false });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_matches_across_paragraph_breaks() {
        let text = "第一款。\n第二款内容";
        assert_eq!(find_quote(text, "第一款。第二款"), Some((0, text.find("内容").unwrap())));
    }

    #[test]
    fn quote_that_differs_by_a_character_is_not_found() {
        assert_eq!(find_quote("公民在法律面前一律平等。", "公民在法律前一律平等"), None);
        assert_eq!(find_quote("abc", ""), None);
    }

    #[test]
    fn highlight_marks_and_merges_overlapping_quotes() {
        let segs = highlight("甲乙丙丁戊", &["乙丙".into(), "丙丁".into()]);
        assert_eq!(
            segs,
            vec![
                Segment { text: "甲".into(), mark: false },
                Segment { text: "乙丙丁".into(), mark: true },
                Segment { text: "戊".into(), mark: false },
            ]
        );
    }

    #[test]
    fn find_all_marks_every_occurrence() {
        let segs = find_all("人格权是人格权", "人格权");
        assert_eq!(segs.iter().filter(|s| s.mark).count(), 2);
        assert_eq!(segs.iter().map(|s| s.text.as_str()).collect::<String>(), "人格权是人格权");
    }

    #[test]
    fn answer_key_folds_width_case_space_and_punctuation() {
        assert_eq!(answer_key("　ＡＢ ３，"), "ab3");
        assert_eq!(answer_key("国家主席。"), answer_key("国家主席"));
    }
}
