//! Chinese numerals as article and heading numbers are written in PRC laws:
//! 第一条, 第十条, 第一百零八条, 第一千二百六十条. Read and written both ways, up
//! to 9999 (千); a numeral that is not the one the laws would write (第十十条,
//! 第一十条, 第零条, 第二〇条) is refused, so a typo never becomes an article.

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// The characters a numeral may contain (a quick pre-filter for the parser).
pub fn is_numeral_char(c: char) -> bool {
    DIGITS.contains(&c) || matches!(c, '〇' | '两' | '十' | '百' | '千')
}

/// 1260 → "一千二百六十", 10 → "十", 110 → "一百一十", 1005 → "一千零五".
/// 0 → "零". Numbers from 10 000 up are written with their thousands digit
/// spelled as a number of thousands (only for messages; no law goes that far).
pub fn to_chinese(n: u32) -> String {
    if n == 0 {
        return "零".into();
    }
    let mut out = String::new();
    let mut rest = n;
    if rest >= 10_000 {
        out.push_str(&to_chinese(rest / 1000));
        out.push('千');
        rest %= 1000;
        if rest == 0 {
            return out;
        }
        if rest < 100 {
            out.push('零');
        }
    }
    let mut zero = false;
    for (value, unit) in [(1000, '千'), (100, '百'), (10, '十')] {
        let d = rest / value;
        rest %= value;
        if d > 0 {
            if zero {
                out.push('零');
                zero = false;
            }
            // 十, 十一 … 十九 at the start: no leading 一 (as the laws write them).
            if !(value == 10 && d == 1 && out.is_empty()) {
                out.push(DIGITS[d as usize]);
            }
            out.push(unit);
        } else if !out.is_empty() {
            zero = true;
        }
    }
    if rest > 0 {
        if zero {
            out.push('零');
        }
        out.push(DIGITS[rest as usize]);
    }
    out
}

/// "一千二百六十" → 1260; None unless `s` is exactly the numeral the laws
/// write for that number (两 is read as 二). Zero and empty are refused.
pub fn parse_chinese(s: &str) -> Option<u32> {
    if s.is_empty() || s.chars().count() > 12 {
        return None;
    }
    let mut total: u32 = 0;
    let mut digit: Option<u32> = None;
    for c in s.chars() {
        if let Some(d) = DIGITS.iter().position(|&x| x == c) {
            if matches!(digit, Some(x) if x != 0) {
                return None; // two digits in a row (一二)
            }
            digit = Some(d as u32);
        } else if c == '两' {
            if matches!(digit, Some(x) if x != 0) {
                return None;
            }
            digit = Some(2);
        } else {
            let unit = match c {
                '十' => 10,
                '百' => 100,
                '千' => 1000,
                _ => return None,
            };
            total += digit.unwrap_or(1) * unit;
            digit = None;
        }
    }
    total += digit.unwrap_or(0);
    (total > 0 && to_chinese(total) == s.replace('两', "二")).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The numbers the laws use, both ways, from 一 to the 民法典's last article.
    #[test]
    fn numerals_as_the_laws_write_them_both_ways() {
        for (n, s) in [
            (1, "一"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (52, "五十二"),
            (100, "一百"),
            (101, "一百零一"),
            (108, "一百零八"),
            (110, "一百一十"),
            (120, "一百二十"),
            (1000, "一千"),
            (1005, "一千零五"),
            (1050, "一千零五十"),
            (1100, "一千一百"),
            (1260, "一千二百六十"),
            (9999, "九千九百九十九"),
        ] {
            assert_eq!(to_chinese(n), s, "{n}");
            assert_eq!(parse_chinese(s), Some(n), "{s}");
        }
    }

    /// Every number up to 3000 reads back to itself: no two numbers share a
    /// numeral and no numeral is lost.
    #[test]
    fn every_number_round_trips() {
        for n in 1..=3000 {
            assert_eq!(parse_chinese(&to_chinese(n)), Some(n), "{n}");
        }
    }

    /// Typos and non-standard forms are refused, so they are reported rather
    /// than read as some other article.
    #[test]
    fn malformed_numerals_are_refused() {
        for s in [
            "",
            "十十",
            "一十",
            "一二",
            "零",
            "零一",
            "二〇",
            "一百八",
            "一百零十",
            "百",
            "千千",
            "一千零零五",
            "甲",
            "1",
            "一百一十一十",
        ] {
            assert_eq!(parse_chinese(s), None, "{s}");
        }
        assert_eq!(parse_chinese("两百"), Some(200));
    }

    #[test]
    fn large_numbers_do_not_panic() {
        assert_eq!(to_chinese(0), "零");
        assert!(!to_chinese(u32::MAX).is_empty());
        assert_eq!(parse_chinese("九千九百九十九九"), None);
    }
}
