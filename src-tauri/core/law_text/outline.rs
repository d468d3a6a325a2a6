//! The outline of a parsed law: its 编 / 分编 / 章 / 节 in order, each with
//! the number of articles under it (directly or in a deeper heading), as the
//! import preview and the 法条库's tree show it.

use super::ParsedLaw;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutlineEntry {
    /// 1 编, 2 分编, 3 章, 4 节
    pub level: u8,
    /// "第一章　总则"
    pub name: String,
    /// Articles directly or indirectly under it.
    pub articles: usize,
}

/// The headings of `law` in order, from its articles' part / subpart /
/// chapter / section. A heading met again after another one at its level or
/// above is a new entry (as a text would repeat it).
pub fn outline(law: &ParsedLaw) -> Vec<OutlineEntry> {
    let mut out: Vec<OutlineEntry> = Vec::new();
    let mut open: [Option<(&str, usize)>; 4] = [None; 4];
    for a in &law.articles {
        let path = [&a.part, &a.subpart, &a.chapter, &a.section];
        let mut reopened = false;
        for (level, heading) in path.iter().enumerate() {
            match heading.as_deref() {
                None => open[level] = None,
                Some(name) => {
                    if reopened || open[level].map(|(n, _)| n) != Some(name) {
                        out.push(OutlineEntry { level: level as u8 + 1, name: name.to_string(), articles: 0 });
                        open[level] = Some((name, out.len() - 1));
                        reopened = true;
                    }
                }
            }
        }
        for (_, idx) in open.iter().flatten() {
            out[*idx].articles += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::law_text::parse;

    /// The preview counts articles under each heading, nested ones included.
    #[test]
    fn counts_articles_under_each_heading_in_order() {
        let law = parse(
            "# 某法\n\n2020年1月1日通过\n\n## 第一编 总则\n\n### 第一章 一般规定\n\n第一条 甲。\n\n第二条 乙。\n\n\
             ### 第二章 其他\n\n#### 第一节 小节\n\n第三条 丙。\n\n## 第二编 分则\n\n第四条 丁。\n",
        )
        .unwrap();
        let entries = outline(&law);
        let got: Vec<(u8, &str, usize)> = entries.iter().map(|e| (e.level, e.name.as_str(), e.articles)).collect();
        assert_eq!(
            got,
            vec![
                (1, "第一编\u{3000}总则", 3),
                (3, "第一章\u{3000}一般规定", 2),
                (3, "第二章\u{3000}其他", 1),
                (4, "第一节\u{3000}小节", 1),
                (1, "第二编\u{3000}分则", 1),
            ]
        );
    }

    /// A law with no headings has an empty outline (the articles stand alone).
    #[test]
    fn a_law_without_headings_has_no_outline() {
        let law = parse("# 某法\n\n第一条 甲。\n\n第二条 乙。\n").unwrap();
        assert!(outline(&law).is_empty());
    }
}
