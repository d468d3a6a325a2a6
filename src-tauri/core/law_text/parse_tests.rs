//! Unit tests of the line parser ([`super::parse`]) on small texts.

use super::parse::latest_date;
use super::*;

const SMALL_MD: &str = "# 中华人民共和国某某法

2000年3月15日 第九届全国人民代表大会第三次会议通过

2023年3月13日 第十四届全国人民代表大会第一次会议《关于修改〈中华人民共和国某某法〉的决定》第二次修正）

<!-- INFO END -->

## 第一章 总  则

第一条 为了规范某某，制定本法。

第二条 本法适用于：

（一）甲；

（二）乙。

## 第二章\u{3000}分\u{3000}则

### 第一节 一般规定

第三条 丙。

第四条 本法自2000年7月1日起施行。
";

fn labels(law: &ParsedLaw) -> Vec<&str> {
    law.articles.iter().map(|a| a.label.as_str()).collect()
}

fn problems(text: &str) -> Vec<Problem> {
    parse(text).expect_err("this text must be refused")
}

/// The Markdown layout: title, 题注 and its latest date, headings normalised
/// to "第一章　总则", multi-paragraph articles joined by "\n".
#[test]
fn markdown_law_with_chapters_sections_and_paragraphs() {
    let law = parse(SMALL_MD).unwrap();
    assert_eq!(law.title, "中华人民共和国某某法");
    assert_eq!(law.short, "某某法");
    assert_eq!(law.kind, LawKind::Law);
    assert_eq!(law.note.lines().count(), 2);
    assert!(law.note.starts_with("2000年3月15日 第九届"));
    assert!(law.note.ends_with("第二次修正）"));
    assert_eq!(law.edition, "2023-03-13");
    assert_eq!(labels(&law), ["第一条", "第二条", "第三条", "第四条"]);
    let a2 = &law.articles[1];
    assert_eq!(a2.number, 2);
    assert_eq!(a2.text, "本法适用于：\n（一）甲；\n（二）乙。");
    assert_eq!(a2.chapter.as_deref(), Some("第一章\u{3000}总则"));
    assert_eq!(a2.section, None);
    assert_eq!(a2.line, 13);
    let a3 = &law.articles[2];
    assert_eq!(a3.chapter.as_deref(), Some("第二章\u{3000}分则"));
    assert_eq!(a3.section.as_deref(), Some("第一节\u{3000}一般规定"));
    assert_eq!(a3.part, None);
}

/// The same law as plain text (no `#`, no marker, full-width spaces, CRLF,
/// a BOM) gives the same articles; the 题注 ends at the first heading.
#[test]
fn plain_text_layout_gives_the_same_articles() {
    let md = parse(SMALL_MD).unwrap();
    let txt: String = SMALL_MD
        .lines()
        .filter(|l| *l != "<!-- INFO END -->")
        .map(|l| l.trim_start_matches('#').trim_start().replace(' ', "\u{3000}"))
        .collect::<Vec<_>>()
        .join("\r\n");
    let law = parse(&format!("\u{feff}{txt}")).unwrap();
    assert_eq!(law.title, md.title);
    assert_eq!(law.note, md.note.replace(' ', "\u{3000}"));
    type Row = (u32, String, Option<String>, Option<String>, String);
    let strip = |l: &ParsedLaw| -> Vec<Row> {
        l.articles
            .iter()
            .map(|a| (a.number, a.label.clone(), a.chapter.clone(), a.section.clone(), squash(&a.text)))
            .collect()
    };
    assert_eq!(strip(&law), strip(&md));
}

/// LF, CRLF and lone-CR line ends give the same law with the same lines.
#[test]
fn any_line_ending() {
    let lf = parse(SMALL_MD).unwrap();
    for sep in ["\r\n", "\r"] {
        let law = parse(&SMALL_MD.replace('\n', sep)).unwrap();
        assert_eq!(law, lf, "{sep:?}");
    }
}

/// flk.npc.gov.cn's documents open with a 目录 listing the headings: it is
/// skipped, not read as headings without articles.
#[test]
fn a_table_of_contents_is_skipped() {
    let text = "中华人民共和国某某法\n（2020年1月1日通过）\n目　　录\n第一章　总　　则\n第二章　附　　则\n\
                第一章　总　　则\n第一条　甲。\n第二章　附　　则\n第二条　乙。\n";
    let law = parse(text).unwrap();
    assert_eq!(law.note, "（2020年1月1日通过）");
    assert_eq!(law.edition, "2020-01-01");
    assert_eq!(law.articles[1].chapter.as_deref(), Some("第二章\u{3000}附则"));
    assert_eq!(law.articles.len(), 2);
}

/// 编 and 分编 above 章 (the 民法典's layout), and a new 编 clears the levels below.
#[test]
fn parts_and_subparts_nest_and_reset() {
    let text = "# 中华人民共和国民法典\n\n2020年5月28日通过\n\n<!-- INFO END -->\n\n## 第一编 总则\n\n### 第一章 基本规定\n\n第一条 甲。\n\n\
                ## 第二编 物权\n\n### 第一分编 通则\n\n#### 第一章 一般规定\n\n第二条 乙。\n\n## 第三编 合同\n\n第三条 丙。\n";
    let law = parse(text).unwrap();
    let a = &law.articles;
    assert_eq!(a[0].part.as_deref(), Some("第一编\u{3000}总则"));
    assert_eq!(a[1].subpart.as_deref(), Some("第一分编\u{3000}通则"));
    assert_eq!(a[1].chapter.as_deref(), Some("第一章\u{3000}一般规定"));
    assert_eq!(
        (a[2].part.as_deref(), a[2].subpart.as_deref(), a[2].chapter.as_deref()),
        (Some("第三编\u{3000}合同"), None, None)
    );
}

/// The 民法典's last 编 is "附　　则" with no numeral: a heading at the top
/// level in use, stored as "附则".
#[test]
fn an_unnumbered_appendix_part_is_a_heading() {
    let text = "# 中华人民共和国民法典\n\n2020年5月28日通过\n\n<!-- INFO END -->\n\n## 第七编 侵权责任\n\n### 第一章 一般规定\n\n第一条 甲。\n\n\
                ## 附　　则\n\n第二条 乙。\n";
    let law = parse(text).unwrap();
    let a = &law.articles[1];
    assert_eq!((a.part.as_deref(), a.chapter.as_deref()), (Some("附则"), None));
    let chapters_only = "# 某法\n\n第一章 总则\n\n第一条 甲。\n\n附则\n\n第二条 乙。\n";
    let law = parse(chapters_only).unwrap();
    assert_eq!(law.articles[1].chapter.as_deref(), Some("附则"));
    assert_eq!(law.articles[0].chapter.as_deref(), Some("第一章\u{3000}总则"));
}

/// A 序言 heading's paragraphs are article 0 "序言" (as the 宪法 is stored).
#[test]
fn a_preamble_is_article_zero() {
    let text = "# 中华人民共和国宪法\n\n1982年12月4日通过\n\n<!-- INFO END -->\n\n序言\n\n中国是世界上历史最悠久的国家之一。\n\n一八四〇年以后……\n\n\
                ## 第一章 总纲\n\n第一条 中华人民共和国是……\n";
    let law = parse(text).unwrap();
    assert_eq!(law.kind, LawKind::Constitution);
    let p = &law.articles[0];
    assert_eq!((p.number, p.label.as_str(), p.chapter.as_deref()), (0, "序言", Some("序言")));
    assert_eq!(p.text, "中国是世界上历史最悠久的国家之一。\n一八四〇年以后……");
    assert_eq!(law.articles[1].label, "第一条");
}

/// An appendix after the last article is its own article "附件" numbered
/// after it, with the rest of the marker line and every line after.
#[test]
fn an_appendix_is_an_article_after_the_last() {
    for marker in ["附：", "附件：", "附件:"] {
        let text = format!("# 中华人民共和国国旗法\n\n1990年6月28日通过\n\n<!-- INFO END -->\n\n第一条 甲。\n\n第二条 乙。\n\n{marker}国旗制法说明\n\n国旗的形状为长方形。\n\n第三条 不是条文。\n");
        let law = parse(&text).unwrap();
        assert_eq!(labels(&law), ["第一条", "第二条", "附件"], "{marker}");
        let app = &law.articles[2];
        assert_eq!(app.number, 3);
        assert_eq!(app.text, "国旗制法说明\n国旗的形状为长方形。\n第三条 不是条文。");
        assert_eq!(law.articles[1].text, "乙。");
    }
}

const AMENDMENT_2018: &str = "# 中华人民共和国宪法修正案（2018年）

2018年3月11日 第十三届全国人民代表大会第一次会议通过

<!-- INFO END -->

第三十二条 宪法序言第七自然段中……修改为……

第五十二条 宪法第三章“国家机构”中增加一节，作为第七节“监察委员会”；增加五条，分别作为第一百二十三条至第一百二十七条。内容如下：

第七节 监察委员会

第一百二十三条 中华人民共和国各级监察委员会是国家的监察机关。

第一百二十四条 中华人民共和国设立国家监察委员会和地方各级监察委员会。

第七节相应改为第八节，第一百二十三条至第一百三十八条相应改为第一百二十八条至第一百四十三条。
";

/// In an amendment a 第X条 line (or a plain heading) that does not continue
/// the numbering is quoted text of the article before; numbering may start
/// at any number (the amendments are numbered across five texts).
#[test]
fn an_amendment_keeps_quoted_articles_inside_its_article() {
    let text = AMENDMENT_2018.replace("第五十二条", "第三十三条");
    let law = parse(&text).unwrap();
    assert_eq!(law.kind, LawKind::Amendment);
    assert_eq!(law.short, "宪法修正案");
    assert_eq!(law.edition, "2018-03-11");
    assert_eq!(labels(&law), ["第三十二条", "第三十三条"]);
    let t = &law.articles[1].text;
    assert!(t.contains("\n第七节 监察委员会\n第一百二十三条 中华人民共和国各级监察委员会"), "{t}");
    assert!(t.ends_with("相应改为第一百二十八条至第一百四十三条。"), "{t}");
}

/// The same quoted lines in an ordinary law are numbering errors.
#[test]
fn outside_an_amendment_the_quote_rule_does_not_apply() {
    let text = AMENDMENT_2018
        .replace("宪法修正案（2018年）", "某某法")
        .replace("第三十二条", "第一条")
        .replace("第五十二条", "第二条");
    let got = problems(&text);
    assert!(got.iter().any(|p| p.line == 13 && p.reason.contains("第二条之后是第一百二十三条")), "{got:?}");
}

/// The oath: the decision line is the 题注, the oath and the 集体宣誓
/// paragraph the article 誓词, the source note in parentheses left out.
#[test]
fn the_oath_is_one_article() {
    let text = "# 宪法宣誓誓词\n\n全国人民代表大会常务委员会关于实行宪法宣誓制度的决定（2015年7月1日通过　2018年2月24日修订）\n\n\
                我宣誓：忠于中华人民共和国宪法……\n\n集体宣誓时，由一人领誓……\n\n(Source: a note\nacross lines)\n";
    let law = parse(text).unwrap();
    assert_eq!((law.kind, law.short.as_str()), (LawKind::Decision, "宪法宣誓誓词"));
    assert_eq!(law.edition, "2018-02-24");
    assert!(law.note.starts_with("全国人民代表大会常务委员会关于实行宪法宣誓制度的决定"));
    assert_eq!(law.articles.len(), 1);
    let a = &law.articles[0];
    assert_eq!((a.number, a.label.as_str(), a.line), (1, "誓词", 5));
    assert_eq!(a.text, "我宣誓：忠于中华人民共和国宪法……\n集体宣誓时，由一人领誓……");
    assert!(problems("# 宪法宣誓誓词\n\n某决定\n").iter().any(|p| p.reason.contains("我宣誓")));
}

const BROKEN_BASE: &str = "# 中华人民共和国某某法\n\n2020年1月1日通过\n\n<!-- INFO END -->\n\n";

fn broken(body: &str) -> Vec<Problem> {
    problems(&format!("{BROKEN_BASE}{body}"))
}

/// A gap: reported at the article after it, naming both numbers.
#[test]
fn a_numbering_gap_is_reported_at_its_line() {
    let got = broken("第一条 甲。\n\n第二条 乙。\n\n第四条 丁。\n\n第五条 戊。\n");
    assert_eq!(got, vec![Problem::new(11, "条文编号不连续（第二条之后是第四条）")]);
}

/// A repeated article and one going backwards, each reported once, with the
/// line of the first occurrence.
#[test]
fn repeated_and_backward_numbers_are_reported() {
    let got = broken("第一条 甲。\n\n第二条 乙。\n\n第二条 又一个乙。\n\n还是乙的段落。\n\n第三条 丙。\n");
    assert_eq!(got, vec![Problem::new(11, "条文编号重复（第二条已在第 9 行出现）")]);
    let got = broken("第一条 甲。\n第二条 乙。\n第三条 丙。\n第二条 乙？\n第四条 丁。\n");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].reason.contains("重复"), "{got:?}");
    let got = broken("第三条 丙。\n");
    assert_eq!(got, vec![Problem::new(7, "条文编号应从第一条开始（这里是第三条）")]);
}

/// A heading with no article under it (not even in a deeper heading).
#[test]
fn a_heading_without_articles_is_reported() {
    let got = broken("## 第一章 总则\n\n第一条 甲。\n\n## 第二章 空章\n\n## 第三章 附则\n\n第二条 乙。\n");
    assert_eq!(got, vec![Problem::new(11, "标题下没有条文：第二章\u{3000}空章")]);
    let got = broken("## 第一章 总则\n\n### 第一节 空节\n\n## 第二章 附则\n\n第一条 甲。\n");
    assert_eq!(got, vec![Problem::new(9, "标题下没有条文：第一节\u{3000}空节")]);
}

/// A line before the first article that is neither 题注 nor heading.
#[test]
fn a_stray_line_before_the_first_article_is_reported() {
    let got = broken("本法的说明文字。\n\n第一条 甲。\n");
    assert_eq!(got, vec![Problem::new(7, "这一行不属于任何条文：本法的说明文字。")]);
    let got = broken("## 第一章 总则\n\n无主的一行\n\n第一条 甲。\n");
    assert_eq!(got, vec![Problem::new(9, "这一行不属于任何条文：无主的一行")]);
}

/// Malformed numerals in articles and headings, unknown `#` lines.
#[test]
fn malformed_numerals_and_headings_are_reported() {
    let got = broken("第一条 甲。\n\n第十十条 乙。\n\n第二条 丙。\n");
    assert_eq!(got, vec![Problem::new(9, "条号不是规范的中文数字：第十十条 乙。")]);
    let got = broken("## 第一十章 总则\n\n第一条 甲。\n\n## 总则二\n\n第二条 乙。\n");
    assert_eq!(
        got,
        vec![Problem::new(7, "标题序号不是规范的中文数字：第一十章"), Problem::new(11, "不认识的标题：## 总则二")]
    );
    let got = broken("## 第一章\n\n第一条 甲。\n");
    assert_eq!(got, vec![Problem::new(7, "标题没有名称：第一章")]);
}

/// Every problem of a text, not just the first, in line order.
#[test]
fn every_problem_is_reported_in_line_order() {
    let got = broken("孤立的一行\n\n第一条 甲。\n\n第三条 丙。\n\n第三条 再丙。\n\n## 第二章 空\n");
    let lines: Vec<usize> = got.iter().map(|p| p.line).collect();
    assert_eq!(lines, vec![7, 11, 13, 15], "{got:?}");
}

/// Empty input, no title, no articles, an empty article.
#[test]
fn empty_files_titles_and_articles_are_reported() {
    assert_eq!(problems(""), vec![Problem::new(0, "文件是空的（没有标题，也没有条文）")]);
    assert_eq!(problems(" \n\u{3000}\n\r\n").len(), 1);
    let got = problems("第一条 甲。\n");
    assert!(got[0].reason.starts_with("第一行应为法律的标题"), "{got:?}");
    let got = problems("# 某某法\n\n2020年1月1日通过\n");
    assert!(got.iter().any(|p| p.reason.starts_with("没有条文")), "{got:?}");
    let got = broken("第一条\n\n第二条 乙。\n");
    assert_eq!(got, vec![Problem::new(7, "第一条没有内容")]);
}

/// An article whose first paragraph is on the next line keeps it.
#[test]
fn an_article_may_start_on_the_next_line() {
    let law = parse(&format!("{BROKEN_BASE}第一条\n\n甲。\n\n乙。\n")).unwrap();
    assert_eq!(law.articles[0].text, "甲。\n乙。");
}

/// A paragraph that only starts like a heading ("第二章规定的…") stays text;
/// a plain heading whose name lists things with 、 is still a heading.
#[test]
fn a_paragraph_starting_like_a_heading_is_text() {
    let law = parse(&format!("{BROKEN_BASE}第一条 甲。\n\n第二章规定的事项，适用本条。\n")).unwrap();
    assert_eq!(law.articles[0].text, "甲。\n第二章规定的事项，适用本条。");
    let law = parse("某法\n第一条　甲。\n第四章　国旗、国歌、国徽、首都\n第二条　乙。\n").unwrap();
    assert_eq!(law.articles[0].text, "甲。");
    assert_eq!(law.articles[1].chapter.as_deref(), Some("第四章\u{3000}国旗、国歌、国徽、首都"));
}

/// Garbage, binary-looking text and a 10 MB line give problems, never a panic.
#[test]
fn garbage_never_panics() {
    let mut seed: u32 = 12345;
    let pool: Vec<char> =
        "第一二十百千条章节编分#\n \u{3000}附件：序言目录<!-- INFO END -->年月日0123甲。".chars().collect();
    for _ in 0..300 {
        let len = (seed % 200) as usize;
        let s: String = (0..len)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                pool[(seed >> 16) as usize % pool.len()]
            })
            .collect();
        let _ = parse(&s); // must return, Ok or Err
        let _ = parse(&format!("# 某法\n{s}"));
    }
    let long = "甲".repeat(10 * 1024 * 1024 / 3);
    assert!(parse(&long).is_err(), "a 10 MB title is not a title");
    let law = parse(&format!("{BROKEN_BASE}第一条 {long}\n")).unwrap();
    assert_eq!(law.articles[0].text.len(), long.len());
    assert!(parse(&format!("# 某法\n\n{long}年1月1日\n\n<!-- INFO END -->\n\n第一条 甲。\n")).is_ok());
    let many = "无主的一行\n".repeat(1000);
    let got = broken(&many);
    assert_eq!(got.len(), 101, "cut short with a count");
    assert!(got[100].reason.contains("另有"), "{:?}", got[100]);
}

/// The edition is the latest date of the 题注, whatever its order.
#[test]
fn the_edition_is_the_latest_date() {
    assert_eq!(latest_date("2018年3月20日 通过\n2024年12月25日 修正）").as_deref(), Some("2024-12-25"));
    assert_eq!(latest_date("2024年1月5日 甲 2019年12月31日").as_deref(), Some("2024-01-05"));
    assert_eq!(latest_date("12018年1月1日").as_deref(), None);
    assert_eq!(latest_date("2018年13月1日 2018年1月").as_deref(), None);
    assert_eq!(latest_date("没有日期"), None);
    // 民法典: adopted 2020-05-28, in force from 2021-01-01: the version is the adoption.
    assert_eq!(
        latest_date("2020年5月28日第十三届全国人民代表大会第三次会议通过　自2021年1月1日起施行").as_deref(),
        Some("2020-05-28")
    );
    assert_eq!(latest_date("自2021年1月1日起施行").as_deref(), Some("2021-01-01"));
}
