//! Certificates (荣誉证书) an office will stamp: the date in Chinese numerals
//! (二〇二六年十二月四日), the certificate number (证书编号), and the wording
//! filled in from the organizer's template, tidied so no stray space or
//! broken prize name reaches the paper.

/// The wording used until the organizer writes their own.
pub const DEFAULT_TEMPLATE: &str =
    "{姓名}同志：在{单位}组织的{年份}年宪法民法典知识竞赛中荣获{奖项}，特发此证，以资鼓励。";

/// The placeholders a template may use.
pub const PLACEHOLDERS: [&str; 6] = ["{姓名}", "{部门}", "{单位}", "{年份}", "{奖项}", "{竞赛名称}"];

/// Longest template accepted (characters).
pub const MAX_TEMPLATE_CHARS: usize = 300;

const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// 1–99 the way a date says it: 四, 十, 十二, 二十, 三十一.
fn small_number(n: u32) -> String {
    let (tens, ones) = (n / 10, n % 10);
    let mut s = String::new();
    match tens {
        0 => {}
        1 => s.push('十'),
        t => {
            s.push(DIGITS[t as usize % 10]);
            s.push('十');
        }
    }
    if ones != 0 || tens == 0 {
        s.push(DIGITS[ones as usize]);
    }
    s
}

/// A date in Chinese numerals as certificates and official documents write
/// it: the year digit by digit with 〇, month and day in words —
/// `chinese_date(2026, 12, 4)` is 二〇二六年十二月四日.
pub fn chinese_date(year: i32, month: u8, day: u8) -> String {
    let year: String = year.unsigned_abs().to_string().chars().map(|c| DIGITS[c as usize - '0' as usize]).collect();
    format!("{year}年{}月{}日", small_number(u32::from(month)), small_number(u32::from(day)))
}

/// The certificate number: the contest's year, the contest's id and the
/// certificate's place among the contest's certificates in ranking order
/// (1 for the first prize winner), e.g. 2026-007-001. Unique across
/// contests (the id) and stable (the ranking of a closed contest does not
/// change).
pub fn certificate_number(year: i32, contest_id: i64, seq: u32) -> String {
    format!("{year}-{contest_id:03}-{seq:03}")
}

/// What goes into a template's placeholders.
#[derive(Debug, Clone, Default)]
pub struct Fields<'a> {
    pub name: &'a str,
    pub department: &'a str,
    pub unit: &'a str,
    pub year: i32,
    pub tier: &'a str,
    pub contest: &'a str,
}

/// The wording, split where a certificate breaks it: the salutation line
/// (张三同志：) and the indented body after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    pub salutation: String,
    pub body: String,
}

/// Whether `c` is a CJK character or full-width punctuation, between which
/// Chinese text never has a space.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x2014 | 0x2026
        | 0x201C | 0x201D)
}

/// Tidy text: every run of white space (full-width spaces and line breaks
/// included) becomes one space, none at either end, and none next to a
/// Chinese character or full-width punctuation (一 等 奖 → 一等奖).
pub fn tidy(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let before = out.chars().last();
            let after = chars.get(j).copied();
            let keep = matches!((before, after), (Some(b), Some(a)) if !is_cjk(b) && !is_cjk(a));
            if keep {
                out.push(' ');
            }
            i = j;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Unknown placeholders in a template (`{姓明}`), or an empty list.
pub fn unknown_placeholders(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        let p = &rest[start..start + len + 1];
        if !PLACEHOLDERS.contains(&p) && !out.iter().any(|x| x == p) {
            out.push(p.to_string());
        }
        rest = &rest[start + len + 1..];
    }
    out
}

/// The template filled in and tidied, split after the salutation: the text
/// up to the first full-width colon when it comes early (at most 30
/// characters in: 张三同志：), otherwise no salutation.
pub fn fill(template: &str, f: &Fields) -> Wording {
    let year = f.year.to_string();
    let text = tidy(template)
        .replace("{姓名}", &tidy(f.name))
        .replace("{部门}", &tidy(f.department))
        .replace("{单位}", &tidy(f.unit))
        .replace("{年份}", &year)
        .replace("{奖项}", &tidy(f.tier))
        .replace("{竞赛名称}", &tidy(f.contest));
    let text = tidy(&text);
    match text.find('：') {
        Some(i) if text[..i].chars().count() <= 30 => {
            let cut = i + '：'.len_utf8();
            Wording { salutation: text[..cut].to_string(), body: text[cut..].trim().to_string() }
        }
        _ => Wording { salutation: String::new(), body: text },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_of_the_constitution_day_contest_in_chinese_numerals() {
        assert_eq!(chinese_date(2026, 12, 4), "二〇二六年十二月四日");
    }

    #[test]
    fn years_with_zeros_months_and_days_in_words() {
        assert_eq!(chinese_date(2030, 1, 1), "二〇三〇年一月一日");
        assert_eq!(chinese_date(2000, 10, 10), "二〇〇〇年十月十日");
        assert_eq!(chinese_date(2026, 11, 11), "二〇二六年十一月十一日");
        assert_eq!(chinese_date(2026, 2, 20), "二〇二六年二月二十日");
        assert_eq!(chinese_date(2026, 3, 21), "二〇二六年三月二十一日");
        assert_eq!(chinese_date(2026, 7, 30), "二〇二六年七月三十日");
        assert_eq!(chinese_date(2026, 12, 31), "二〇二六年十二月三十一日");
        assert_eq!(chinese_date(2027, 9, 19), "二〇二七年九月十九日");
    }

    #[test]
    fn every_day_of_a_year_reads_back_as_its_numbers() {
        // 十 stands for 10, 二十 for 20; reading the words back gives the day.
        fn read(s: &str) -> u32 {
            let d = |c: char| DIGITS.iter().position(|x| *x == c).expect("digit") as u32;
            let cs: Vec<char> = s.chars().collect();
            match cs.as_slice() {
                ['十'] => 10,
                ['十', o] => 10 + d(*o),
                [t, '十'] => d(*t) * 10,
                [t, '十', o] => d(*t) * 10 + d(*o),
                [o] => d(*o),
                other => panic!("unexpected {other:?}"),
            }
        }
        for day in 1..=31u32 {
            assert_eq!(read(&small_number(day)), day);
        }
    }

    #[test]
    fn certificate_numbers_name_the_year_the_contest_and_the_place() {
        assert_eq!(certificate_number(2026, 7, 1), "2026-007-001");
        assert_eq!(certificate_number(2026, 12, 30), "2026-012-030");
        assert_eq!(certificate_number(2027, 1234, 1001), "2027-1234-1001");
        // Different contests or places never share a number.
        let mut all = std::collections::HashSet::new();
        for c in 1..40 {
            for s in 1..40 {
                assert!(all.insert(certificate_number(2026, c, s)));
            }
        }
    }

    #[test]
    fn the_default_wording_says_knowledge_contest_and_splits_after_the_salutation() {
        let f =
            Fields { name: "张三", unit: "某某市司法局", year: 2026, tier: "一等奖", ..Default::default() };
        let w = fill(DEFAULT_TEMPLATE, &f);
        assert_eq!(w.salutation, "张三同志：");
        assert_eq!(w.body, "在某某市司法局组织的2026年宪法民法典知识竞赛中荣获一等奖，特发此证，以资鼓励。");
        assert!(!w.body.contains("有奖竞答"));
    }

    #[test]
    fn stray_spaces_never_reach_the_certificate() {
        let f =
            Fields {
                name: " 王 五 ", unit: "某某局　办公室", year: 2026, tier: "一 等 奖\n", ..Default::default()
            };
        let w = fill("{姓名} 同志：\n  在 {单位} 组织的 {年份} 年竞赛中荣获 {奖项} 。", &f);
        assert_eq!(w.salutation, "王五同志：");
        assert_eq!(w.body, "在某某局办公室组织的2026年竞赛中荣获一等奖。");
        assert_eq!(tidy("  Word  2026 版 "), "Word 2026版");
    }

    #[test]
    fn unknown_placeholders_are_named() {
        assert!(unknown_placeholders(DEFAULT_TEMPLATE).is_empty());
        assert_eq!(unknown_placeholders("{姓明}同志：{奖项}{日期}{姓明}"), vec!["{姓明}", "{日期}"]);
    }

    #[test]
    fn wording_without_an_early_colon_has_no_salutation() {
        let w = fill("特发此证，以资鼓励。", &Fields::default());
        assert_eq!(w.salutation, "");
        assert_eq!(w.body, "特发此证，以资鼓励。");
    }
}
