//! A new edition of a law against the old one, article by article: which
//! articles were added, changed (wording differs beyond whitespace) or
//! removed. The service uses it for the preview and to find the questions
//! whose quotes may no longer be verbatim.

use super::squash;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Change {
    #[serde(rename = "新增")]
    Added,
    #[serde(rename = "修改")]
    Changed,
    #[serde(rename = "删除")]
    Removed,
}

impl Change {
    /// 新增 / 修改 / 删除, as the preview shows it.
    pub fn name(self) -> &'static str {
        match self {
            Change::Added => "新增",
            Change::Changed => "修改",
            Change::Removed => "删除",
        }
    }
}

/// One article that differs between the editions. `old` / `new` are its texts
/// (None where it does not exist); `label` is the new label, or the old one
/// for a removed article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleChange {
    pub number: u32,
    pub label: String,
    pub change: Change,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// Compare two editions given as (number, label, text), matched by number,
/// in number order. Texts equal once all whitespace is removed are unchanged.
/// A number listed twice on one side counts once (its last text).
pub fn diff(old: &[(u32, String, String)], new: &[(u32, String, String)]) -> Vec<ArticleChange> {
    let old: BTreeMap<u32, (&String, &String)> = old.iter().map(|(n, l, t)| (*n, (l, t))).collect();
    let new: BTreeMap<u32, (&String, &String)> = new.iter().map(|(n, l, t)| (*n, (l, t))).collect();
    let mut numbers: Vec<u32> = old.keys().chain(new.keys()).copied().collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
        .into_iter()
        .filter_map(|n| {
            let (change, label) = match (old.get(&n), new.get(&n)) {
                (None, Some((l, _))) => (Change::Added, l),
                (Some((l, _)), None) => (Change::Removed, l),
                (Some((_, a)), Some((l, b))) if squash(a) != squash(b) => (Change::Changed, l),
                _ => return None,
            };
            Some(ArticleChange {
                number: n,
                label: label.to_string(),
                change,
                old: old.get(&n).map(|(_, t)| t.to_string()),
                new: new.get(&n).map(|(_, t)| t.to_string()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arts(list: &[(u32, &str)]) -> Vec<(u32, String, String)> {
        list.iter().map(|(n, t)| (*n, format!("第{n}条"), t.to_string())).collect()
    }

    /// One reworded, one added, one removed: exactly those three, in number order.
    #[test]
    fn added_changed_and_removed_in_number_order() {
        let old = arts(&[(1, "甲。"), (2, "乙。"), (3, "丙。")]);
        let new = arts(&[(1, "甲。"), (2, "乙乙。"), (4, "丁。")]);
        let d = diff(&old, &new);
        let got: Vec<(u32, Change)> = d.iter().map(|c| (c.number, c.change)).collect();
        assert_eq!(got, vec![(2, Change::Changed), (3, Change::Removed), (4, Change::Added)]);
        assert_eq!(d[0].old.as_deref(), Some("乙。"));
        assert_eq!(d[0].new.as_deref(), Some("乙乙。"));
        assert_eq!(d[1].new, None);
        assert_eq!(d[2].old, None);
    }

    /// Re-wrapped paragraphs or spaces are not a change of wording.
    #[test]
    fn whitespace_is_not_a_change() {
        let old = arts(&[(1, "甲乙\n丙丁")]);
        let new = arts(&[(1, "甲 乙丙\u{3000}丁")]);
        assert!(diff(&old, &new).is_empty());
        assert_eq!(diff(&old, &arts(&[(1, "甲乙丙戊")])).len(), 1);
    }

    #[test]
    fn change_names_are_chinese() {
        assert_eq!(serde_json::to_string(&Change::Added).unwrap(), "\"新增\"");
        assert_eq!(Change::Removed.name(), "删除");
    }
}
