//! Item analysis of a contest (试题分析), as quiz statistics do it: for one
//! question, from everyone whose paper carried it, its facility (正确率), its
//! discrimination index (top 27% minus bottom 27% by total score), the
//! corrected point-biserial correlation (the item score against the total of
//! the rest of the paper), each option's share of choices by the bank's
//! option (not the shuffled position), and the flags an organizer should look
//! at. Pure computation: the service gathers the answers.

use super::grading::Response;
use super::question::{AnswerKey, QType, Question};
use super::text::answer_key;
use serde::Serialize;
use std::collections::HashMap;

/// Share of takers in each of the top and bottom groups.
pub const GROUP_SHARE: f64 = 0.27;
/// Below this facility a question is flagged as too hard.
pub const TOO_HARD: f64 = 0.2;
/// Above this facility a question is flagged as too easy.
pub const TOO_EASY: f64 = 0.95;
/// Wrong 填空 answers cluster when one spelling is at least this share of
/// the non-blank wrong answers (and given at least twice).
pub const CLUSTER_SHARE: f64 = 0.5;

/// Fewer takers than this and no flag is raised: with papers drawn at
/// random a question may reach only a few people, and two answers say
/// nothing about a question (the numbers are still shown).
pub const MIN_TAKERS_FOR_FLAGS: usize = 5;

/// One taker's record for one question: the paper's total, what this
/// question earned of its full points, and what they answered (None: left
/// blank).
#[derive(Debug, Clone, PartialEq)]
pub struct Taken {
    pub total: f64,
    pub earned: f64,
    pub full: f64,
    pub response: Option<Response>,
    pub right: bool,
}

impl Taken {
    /// The item score as a fraction of its points (0..=1).
    fn score(&self) -> f64 {
        if self.full > 0.0 {
            self.earned / self.full
        } else {
            0.0
        }
    }
}

/// How often one option was chosen. For 判断 the two options are 对 and 错.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionShare {
    /// The bank's option (0 = A as written in the bank; 判断: 0 = 对, 1 = 错).
    pub option: u8,
    pub text: String,
    pub correct: bool,
    pub chosen: usize,
    /// chosen / takers (多选 shares may add up to more than 1).
    pub share: f64,
}

/// Something an organizer should look at.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Flag {
    /// The discrimination index or the point-biserial is below zero: those
    /// who did worse overall did better on this question.
    NegativeDiscrimination,
    /// Facility below [`TOO_HARD`].
    TooHard,
    /// Facility above [`TOO_EASY`].
    TooEasy,
    /// Wrong options (bank order) nobody chose.
    UnchosenDistractor { options: Vec<u8> },
    /// Wrong 填空 answers cluster on one spelling: the accepted list may be
    /// missing it.
    FillCluster { spelling: String, count: usize },
}

/// The statistics of one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemStats {
    /// Takers whose paper carried the question.
    pub takers: usize,
    /// Mean item score as a fraction of its points.
    pub facility: f64,
    /// Mean item score of the top group minus that of the bottom group
    /// (None with fewer than 2 takers).
    pub discrimination: Option<f64>,
    /// Pearson correlation of the item score with the rest of the paper
    /// (None when either does not vary).
    pub point_biserial: Option<f64>,
    /// Size of each of the top and bottom groups.
    pub group_size: usize,
    pub options: Vec<OptionShare>,
    pub blank: usize,
    pub flags: Vec<Flag>,
}

/// The size of the top and bottom groups for `n` takers: 27% rounded, at
/// least one, and 0 below two takers.
pub fn group_size(n: usize) -> usize {
    if n < 2 {
        0
    } else {
        ((n as f64 * GROUP_SHARE).round() as usize).clamp(1, n / 2)
    }
}

/// Top-27% minus bottom-27% facility. Takers are ranked by total score,
/// highest first; equal totals keep the order given (the result chain's).
pub fn discrimination(taken: &[Taken]) -> Option<f64> {
    let g = group_size(taken.len());
    if g == 0 {
        return None;
    }
    let mut order: Vec<&Taken> = taken.iter().collect();
    order.sort_by(|a, b| b.total.total_cmp(&a.total));
    let mean = |xs: &[&Taken]| xs.iter().map(|t| t.score()).sum::<f64>() / xs.len() as f64;
    Some(mean(&order[..g]) - mean(&order[order.len() - g..]))
}

/// The corrected point-biserial: Pearson's r between the item score (as a
/// fraction) and the total minus the points this item earned.
pub fn point_biserial(taken: &[Taken]) -> Option<f64> {
    let n = taken.len();
    if n < 2 {
        return None;
    }
    let xs: Vec<f64> = taken.iter().map(Taken::score).collect();
    let ys: Vec<f64> = taken.iter().map(|t| t.total - t.earned).collect();
    let mx = xs.iter().sum::<f64>() / n as f64;
    let my = ys.iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(&ys) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    if sxx <= f64::EPSILON || syy <= f64::EPSILON {
        return None;
    }
    Some(sxy / (sxx * syy).sqrt())
}

/// Option shares in bank order, and how many left the question blank.
fn option_shares(q: &Question, taken: &[Taken]) -> (Vec<OptionShare>, usize) {
    let n = taken.len();
    let share = |c: usize| if n > 0 { c as f64 / n as f64 } else { 0.0 };
    let blank = taken
        .iter()
        .filter(|t| match &t.response {
            None => true,
            Some(Response::Choice { keys }) => keys.is_empty(),
            Some(Response::Fill { text }) => text.trim().is_empty(),
            Some(Response::Judge { .. }) => false,
        })
        .count();
    let options = match &q.key {
        AnswerKey::Choice { keys } => (0..q.options.len().min(u8::MAX as usize) as u8)
            .map(|k| {
                let chosen = taken
                    .iter()
                    .filter(|t| matches!(&t.response, Some(Response::Choice { keys: given }) if given.contains(&k)))
                    .count();
                OptionShare {
                    option: k,
                    text: q.options[k as usize].clone(),
                    correct: keys.contains(&k),
                    chosen,
                    share: share(chosen),
                }
            })
            .collect(),
        AnswerKey::Judge { value } => [(0u8, true, "对"), (1, false, "错")]
            .into_iter()
            .map(|(k, v, text)| {
                let chosen = taken
                    .iter()
                    .filter(|t| matches!(&t.response, Some(Response::Judge { value: given }) if *given == v))
                    .count();
                OptionShare { option: k, text: text.into(), correct: *value == v, chosen, share: share(chosen) }
            })
            .collect(),
        AnswerKey::Fill { .. } => vec![],
    };
    (options, blank)
}

/// The spelling most wrong 填空 answers share, when they cluster: compared
/// as graded (width, case, spaces and punctuation folded), shown as first
/// written.
pub fn fill_cluster(taken: &[Taken]) -> Option<(String, usize)> {
    let mut groups: HashMap<String, (usize, usize, String)> = HashMap::new();
    let mut wrong = 0;
    for (i, t) in taken.iter().enumerate() {
        let Some(Response::Fill { text }) = &t.response else { continue };
        let key = answer_key(text);
        if t.right || key.is_empty() {
            continue;
        }
        wrong += 1;
        groups.entry(key).or_insert((0, i, text.trim().to_string())).0 += 1;
    }
    let (count, _, spelling) = groups.into_values().max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))?;
    (count >= 2 && count as f64 >= CLUSTER_SHARE * wrong as f64).then_some((spelling, count))
}

/// The statistics and flags of question `q` from everyone who had it.
pub fn analyse(q: &Question, taken: &[Taken]) -> ItemStats {
    let n = taken.len();
    let facility = if n > 0 { taken.iter().map(Taken::score).sum::<f64>() / n as f64 } else { 0.0 };
    let discrimination = discrimination(taken);
    let point_biserial = point_biserial(taken);
    let (options, blank) = option_shares(q, taken);
    let mut flags = Vec::new();
    if n >= MIN_TAKERS_FOR_FLAGS {
        if discrimination.is_some_and(|d| d < 0.0) || point_biserial.is_some_and(|r| r < 0.0) {
            flags.push(Flag::NegativeDiscrimination);
        }
        if facility < TOO_HARD {
            flags.push(Flag::TooHard);
        }
        if facility > TOO_EASY {
            flags.push(Flag::TooEasy);
        }
        if matches!(q.qtype, QType::Single | QType::Multi) {
            let unchosen: Vec<u8> = options.iter().filter(|o| !o.correct && o.chosen == 0).map(|o| o.option).collect();
            if !unchosen.is_empty() {
                flags.push(Flag::UnchosenDistractor { options: unchosen });
            }
        }
        if let Some((spelling, count)) = fill_cluster(taken) {
            flags.push(Flag::FillCluster { spelling, count });
        }
    }
    ItemStats { takers: n, facility, discrimination, point_biserial, group_size: group_size(n), options, blank, flags }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ids::QuestionId;

    fn question(qtype: QType, key: AnswerKey, options: &[&str]) -> Question {
        Question {
            id: QuestionId("ia-1".into()),
            subject: crate::core::law::Law::new("民法典").expect("law"),
            qtype,
            difficulty: 1,
            tags: vec![],
            stem: "题干".into(),
            options: options.iter().map(|s| s.to_string()).collect(),
            key,
            explanation: "解析".into(),
            basis: None,
            group: None,
            contest_only: false,
        }
    }

    fn single(total: f64, pick: u8, key: u8) -> Taken {
        let right = pick == key;
        Taken {
            total,
            earned: if right { 2.0 } else { 0.0 },
            full: 2.0,
            response: Some(Response::Choice { keys: vec![pick] }),
            right,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// The hand-computed contest. Eight takers had the 单选 question
    /// (2 points, key B = option 1; option D = 3 is never chosen). Totals and
    /// picks, in result-chain order:
    ///
    /// | taker | total | pick | item |  rest |
    /// |-------|-------|------|------|-------|
    /// | 1     | 10    | B    | 1    | 8     |
    /// | 2     | 9     | B    | 1    | 7     |
    /// | 3     | 8     | A    | 0    | 8     |
    /// | 4     | 7     | B    | 1    | 5     |
    /// | 5     | 6     | C    | 0    | 6     |
    /// | 6     | 5     | B    | 1    | 3     |
    /// | 7     | 4     | A    | 0    | 4     |
    /// | 8     | 3     | A    | 0    | 3     |
    ///
    /// Facility = 4 / 8 = 0.5.
    /// Groups: 27% of 8 = 2.16 → 2. Top two (10, 9) both right: 1.0; bottom
    /// two (4, 3) both wrong: 0.0; discrimination = 1.0 − 0.0 = 1.0.
    /// Point-biserial against the rest: x̄ = 0.5, ȳ = 44 / 8 = 5.5.
    /// x − x̄ = ±0.5; y − ȳ = 2.5, 1.5, 2.5, −0.5, 0.5, −2.5, −1.5, −2.5.
    /// Σ(x−x̄)(y−ȳ) = 0.5·(2.5 + 1.5 − 0.5 − 2.5) − 0.5·(2.5 + 0.5 − 1.5 − 2.5)
    ///             = 0.5·1.0 − 0.5·(−1.0) = 1.0.
    /// Σ(x−x̄)² = 8 · 0.25 = 2.0.
    /// Σ(y−ȳ)² = 6.25 + 2.25 + 6.25 + 0.25 + 0.25 + 6.25 + 2.25 + 6.25 = 30.0.
    /// r = 1.0 / √(2.0 · 30.0) = 1 / √60 = 0.129099…
    /// Shares: A 3/8, B 4/8, C 1/8, D 0 → D is an unchosen distractor.
    fn hand_contest() -> (Question, Vec<Taken>) {
        let q = question(QType::Single, AnswerKey::Choice { keys: vec![1] }, &["甲", "乙", "丙", "丁"]);
        let picks = [(10.0, 1), (9.0, 1), (8.0, 0), (7.0, 1), (6.0, 2), (5.0, 1), (4.0, 0), (3.0, 0)];
        (q, picks.iter().map(|(t, p)| single(*t, *p, 1)).collect())
    }

    #[test]
    fn hand_computed_contest_gives_facility_discrimination_and_point_biserial() {
        let (q, taken) = hand_contest();
        let s = analyse(&q, &taken);
        assert_eq!(s.takers, 8);
        assert!(close(s.facility, 0.5), "facility {}", s.facility);
        assert_eq!(s.group_size, 2);
        assert!(close(s.discrimination.expect("d"), 1.0));
        assert!(close(s.point_biserial.expect("r"), 1.0 / 60f64.sqrt()), "r {:?}", s.point_biserial);
        let shares: Vec<usize> = s.options.iter().map(|o| o.chosen).collect();
        assert_eq!(shares, vec![3, 4, 1, 0]);
        assert!(close(s.options[0].share, 0.375));
        assert!(s.options[1].correct && !s.options[0].correct);
        assert_eq!(s.flags, vec![Flag::UnchosenDistractor { options: vec![3] }]);
    }

    /// Protects the flag for a question the weaker takers get right: the
    /// same contest with the picks reversed (the bottom two right, the top
    /// two wrong) has discrimination −1 and a negative point-biserial.
    #[test]
    fn reversed_contest_is_flagged_negative() {
        let q = question(QType::Single, AnswerKey::Choice { keys: vec![1] }, &["甲", "乙", "丙", "丁"]);
        let picks = [(10.0, 0), (9.0, 0), (8.0, 1), (7.0, 3), (6.0, 1), (5.0, 2), (4.0, 1), (3.0, 1)];
        let taken: Vec<Taken> = picks.iter().map(|(t, p)| single(*t, *p, 1)).collect();
        let s = analyse(&q, &taken);
        assert!(close(s.discrimination.expect("d"), -1.0));
        assert!(s.point_biserial.expect("r") < 0.0);
        assert!(s.flags.contains(&Flag::NegativeDiscrimination));
        assert!(!s.flags.iter().any(|f| matches!(f, Flag::UnchosenDistractor { .. })), "every option was chosen");
    }

    /// Protects the facility flags: 1 right in 6 (0.167 < 0.2) is too hard;
    /// 20 right in 20 (1.0 > 0.95) is too easy, and its point-biserial is
    /// undefined (the item does not vary), never NaN.
    #[test]
    fn facility_out_of_range_is_flagged() {
        let q = question(QType::Judge, AnswerKey::Judge { value: true }, &[]);
        let judge = |total: f64, v: bool| Taken {
            total,
            earned: if v { 1.0 } else { 0.0 },
            full: 1.0,
            response: Some(Response::Judge { value: v }),
            right: v,
        };
        let hard: Vec<Taken> = (0..6).map(|i| judge(f64::from(i), i == 5)).collect();
        let s = analyse(&q, &hard);
        assert!(s.flags.contains(&Flag::TooHard) && !s.flags.contains(&Flag::TooEasy));
        assert_eq!(
            s.options.iter().map(|o| (o.text.as_str(), o.chosen)).collect::<Vec<_>>(),
            vec![("对", 1), ("错", 5)]
        );
        let easy: Vec<Taken> = (0..20).map(|i| judge(f64::from(i), true)).collect();
        let s = analyse(&q, &easy);
        assert!(s.flags.contains(&Flag::TooEasy));
        assert_eq!(s.point_biserial, None);
        assert!(close(s.discrimination.expect("d"), 0.0));
    }

    /// Protects the 填空 flag: five wrong answers, four of them the same
    /// spelling once width and spaces are folded ("民事 权利能力" and
    /// "民事权利能力"), so the accepted list may be missing it; a blank is
    /// not a spelling. Two different wrong answers of two are no cluster.
    #[test]
    fn wrong_fill_answers_clustering_on_one_spelling_are_flagged() {
        let q = question(QType::Fill, AnswerKey::Fill { answer: "民事行为能力".into(), accepted: vec![] }, &[]);
        let fill = |total: f64, text: &str, right: bool| Taken {
            total,
            earned: if right { 1.0 } else { 0.0 },
            full: 1.0,
            response: Some(Response::Fill { text: text.into() }),
            right,
        };
        let taken = vec![
            fill(9.0, "民事行为能力", true),
            fill(8.0, "民事权利能力", false),
            fill(7.0, "民事 权利能力", false),
            fill(6.0, "民事权利能力", false),
            fill(5.0, "民事权利能力。", false),
            fill(4.0, "行为能力人", false),
            fill(3.0, "", false),
        ];
        let s = analyse(&q, &taken);
        assert_eq!(s.blank, 1);
        assert!(s.flags.contains(&Flag::FillCluster { spelling: "民事权利能力".into(), count: 4 }), "{:?}", s.flags);
        let scattered = vec![fill(2.0, "甲", false), fill(1.0, "乙", false)];
        assert!(fill_cluster(&scattered).is_none());
    }

    /// Protects the group size: 27% rounded, at least one, never more than
    /// half; nothing to compare below two takers.
    #[test]
    fn group_size_is_27_percent_rounded() {
        assert_eq!(group_size(0), 0);
        assert_eq!(group_size(1), 0);
        assert_eq!(group_size(2), 1);
        assert_eq!(group_size(8), 2);
        assert_eq!(group_size(100), 27);
        assert_eq!(group_size(3000), 810);
        let (q, taken) = hand_contest();
        assert_eq!(analyse(&q, &taken[..1]).discrimination, None);
    }

    /// Protects partial credit: a 多选 half-right (1 of 2 points) counts 0.5
    /// toward facility, and option shares count each chosen option; with
    /// only two takers no flag is raised (B, never chosen, is not flagged
    /// until five people had the question).
    #[test]
    fn partial_multi_counts_half_and_shares_count_each_option() {
        let q = question(QType::Multi, AnswerKey::Choice { keys: vec![0, 2] }, &["甲", "乙", "丙"]);
        let taken = vec![
            Taken {
                total: 5.0,
                earned: 2.0,
                full: 2.0,
                response: Some(Response::Choice { keys: vec![0, 2] }),
                right: true,
            },
            Taken {
                total: 3.0,
                earned: 1.0,
                full: 2.0,
                response: Some(Response::Choice { keys: vec![0] }),
                right: false,
            },
        ];
        let s = analyse(&q, &taken);
        assert!(close(s.facility, 0.75));
        assert_eq!(s.options.iter().map(|o| o.chosen).collect::<Vec<_>>(), vec![2, 0, 1]);
        assert!(s.flags.is_empty(), "two takers: too few to judge");
        let five: Vec<Taken> = taken.iter().cycle().take(5).cloned().collect();
        assert_eq!(analyse(&q, &five).flags, vec![Flag::UnchosenDistractor { options: vec![1] }]);
    }
}
