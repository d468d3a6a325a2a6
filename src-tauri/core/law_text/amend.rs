//! The five 宪法修正案 texts (1988, 1993, 1999, 2004, 2018) as one law: their
//! articles are numbered across all five (第一条…第五十二条), so they are
//! studied and cited as one law whose articles each say which year's
//! amendment they belong to.

use super::numerals::to_chinese;
use super::{year_suffix, LawKind, ParsedLaw, Problem};

/// The merged law's title.
pub const AMENDMENTS_TITLE: &str = "中华人民共和国宪法修正案";

/// Merge the amendment texts (any order) into one law 宪法修正案: articles in
/// year order, numbered on from 第一条 without a gap, each article's `part`
/// "1988年修正案"; the 题注 is each text's title line and 题注 in year order
/// (so "1988年…主席团公告第八号公布施行" stays citable); the edition is the
/// latest. Problems (line 0) for a text that is not a dated amendment, a
/// repeated year, or numbering that does not continue from one text to the next.
pub fn merge_amendments(parts: Vec<ParsedLaw>) -> Result<ParsedLaw, Vec<Problem>> {
    let mut problems = Vec::new();
    if parts.is_empty() {
        problems.push(Problem::new(0, "没有宪法修正案文本"));
    }
    let mut dated: Vec<(u32, ParsedLaw)> = Vec::new();
    for p in parts {
        match year_suffix(&p.title) {
            Some((_, year)) if p.kind == LawKind::Amendment => {
                if dated.iter().any(|(y, _)| *y == year) {
                    problems.push(Problem::new(0, format!("{year}年修正案重复出现")));
                } else {
                    dated.push((year, p));
                }
            }
            _ => problems.push(Problem::new(
                0,
                format!("《{}》不是带年份的宪法修正案（标题应如“中华人民共和国宪法修正案（1988年）”）", p.title),
            )),
        }
    }
    dated.sort_by_key(|(y, _)| *y);
    let mut next = 1;
    for (year, p) in &dated {
        let numbers: Vec<u32> = p.articles.iter().map(|a| a.number).collect();
        let Some(&first) = numbers.first() else {
            problems.push(Problem::new(0, format!("{year}年修正案没有条文")));
            continue;
        };
        if first != next {
            problems.push(Problem::new(
                0,
                format!("{year}年修正案的条文应从第{}条开始，实为第{}条", to_chinese(next), to_chinese(first)),
            ));
        }
        next = numbers.last().map_or(next, |n| n + 1);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let edition = dated.iter().map(|(_, p)| p.edition.clone()).max().unwrap_or_default();
    let note = dated
        .iter()
        .map(|(_, p)| if p.note.is_empty() { p.title.clone() } else { format!("{}\n{}", p.title, p.note) })
        .collect::<Vec<_>>()
        .join("\n");
    let articles = dated
        .into_iter()
        .flat_map(|(year, p)| {
            p.articles.into_iter().map(move |mut a| {
                a.part = Some(format!("{year}年修正案"));
                a
            })
        })
        .collect();
    Ok(ParsedLaw {
        title: AMENDMENTS_TITLE.into(),
        short: "宪法修正案".into(),
        kind: LawKind::Amendment,
        note,
        edition,
        articles,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::law_text::parse;

    fn amendment(year: u32, date: &str, first: u32, last: u32) -> ParsedLaw {
        let mut t = format!(
            "# 中华人民共和国宪法修正案（{year}年）\n\n{date} 第X届全国人民代表大会通过\n\n<!-- INFO END -->\n\n"
        );
        for n in first..=last {
            t.push_str(&format!("第{}条 修改内容{n}。\n\n", to_chinese(n)));
        }
        parse(&t).unwrap()
    }

    /// Two texts in any order become one law numbered on, each article
    /// naming its year, the notes in year order and the latest edition.
    #[test]
    fn texts_merge_in_year_order_with_their_year() {
        let law =
            merge_amendments(vec![amendment(1993, "1993年3月29日", 3, 4), amendment(1988, "1988年4月12日", 1, 2)])
                .unwrap();
        assert_eq!(law.title, AMENDMENTS_TITLE);
        assert_eq!(law.kind, LawKind::Amendment);
        let got: Vec<(u32, Option<&str>)> = law.articles.iter().map(|a| (a.number, a.part.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                (1, Some("1988年修正案")),
                (2, Some("1988年修正案")),
                (3, Some("1993年修正案")),
                (4, Some("1993年修正案"))
            ]
        );
        assert!(law.note.starts_with("中华人民共和国宪法修正案（1988年）\n1988年4月12日"));
        assert!(law.note.contains("1993年3月29日"));
        assert_eq!(law.edition, "1993-03-29");
    }

    /// A missing text (numbering jumps) and a repeated year are refused.
    #[test]
    fn gaps_and_repeated_years_are_problems() {
        let err =
            merge_amendments(vec![amendment(1988, "1988年4月12日", 1, 2), amendment(1999, "1999年3月15日", 12, 13)])
                .unwrap_err();
        assert_eq!(err.len(), 1);
        assert!(err[0].reason.contains("应从第三条开始，实为第十二条"), "{:?}", err);
        let err =
            merge_amendments(vec![amendment(1988, "1988年4月12日", 1, 2), amendment(1988, "1988年4月12日", 1, 2)])
                .unwrap_err();
        assert!(err[0].reason.contains("1988年修正案重复"), "{:?}", err);
        let law = parse("# 中华人民共和国数据安全法\n\n第一条 甲。\n").unwrap();
        assert!(merge_amendments(vec![law]).is_err());
        assert!(merge_amendments(Vec::new()).is_err());
    }
}
