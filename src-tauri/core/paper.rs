//! Contest papers: the paper rules ("N questions of type T from scope S at
//! difficulty D, P points each") and drawing a paper with a seeded rng, so
//! the seed stored with an attempt regenerates the exact paper it was shown.

use super::ids::QuestionId;
use super::practice::Scope;
use super::question::{QType, Subject};
use rand::seq::SliceRandom;
use rand::Rng;
use serde::{Deserialize, Serialize};

/// One rule of a paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawRule {
    pub count: u32,
    pub qtype: QType,
    pub scope: Scope,
    /// None: any difficulty.
    #[serde(default)]
    pub difficulty: Option<u8>,
    pub points: u32,
    /// Which questions the rule draws from: all, only 竞赛专用 ones, or only
    /// those open to practice.
    #[serde(default)]
    pub pool: Pool,
}

/// The questions a rule may draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pool {
    #[default]
    Any,
    /// 竞赛专用题 only: questions nobody could practise.
    ContestOnly,
    /// Questions open to practice only.
    Practice,
}

/// What the drawing needs to know of a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionMeta {
    pub id: QuestionId,
    pub subject: Subject,
    pub qtype: QType,
    pub part: Option<String>,
    pub chapter: Option<String>,
    pub difficulty: u8,
    pub n_options: u8,
    /// Same-fact group: at most one question of a group on a paper.
    pub group: Option<String>,
    /// 竞赛专用 and not yet released by a published contest.
    pub contest_only: bool,
}

/// One question of a drawn paper, with its option order for display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperItem {
    pub question_id: QuestionId,
    /// Option ids in display order (empty for 判断 and 填空).
    pub option_order: Vec<u8>,
    pub points: u32,
}

/// A rule that cannot be met: which, how many it wants, how many there are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("第 {rule} 条规则要抽 {wanted} 题，题库里只有 {available} 道符合条件的题")]
pub struct Infeasible {
    pub rule: usize,
    pub wanted: u32,
    pub available: usize,
}

pub fn matches(rule: &DrawRule, q: &QuestionMeta) -> bool {
    q.qtype == rule.qtype
        && q.subject == rule.scope.subject
        && rule.scope.part.as_ref().is_none_or(|p| q.part.as_ref() == Some(p))
        && rule.scope.chapter.as_ref().is_none_or(|c| q.chapter.as_ref() == Some(c))
        && rule.difficulty.is_none_or(|d| q.difficulty == d)
        && match rule.pool {
            Pool::Any => true,
            Pool::ContestOnly => q.contest_only,
            Pool::Practice => !q.contest_only,
        }
}

/// How many questions each rule can draw from (for the set-up screen).
/// A same-fact group counts once: a paper takes at most one of it.
pub fn pool_sizes(rules: &[DrawRule], bank: &[QuestionMeta]) -> Vec<usize> {
    rules
        .iter()
        .map(|r| {
            let mut groups = std::collections::HashSet::new();
            bank.iter().filter(|q| matches(r, q) && q.group.as_deref().is_none_or(|g| groups.insert(g))).count()
        })
        .collect()
}

/// Draws a paper: for each rule in order, `count` questions not drawn by an
/// earlier rule and never two of one same-fact group (a question that gives
/// another's answer away); then the question order and each question's
/// option order are shuffled. `bank` must be in a stable order (the store
/// sorts by id).
pub fn draw_paper(rules: &[DrawRule], bank: &[QuestionMeta], rng: &mut impl Rng) -> Result<Vec<PaperItem>, Infeasible> {
    // Taken questions by their index in `bank` (ids are unique there): a
    // start draws 50 questions from thousands, 1,000 starts a second at
    // the start of a big contest, and hashing every candidate's id was most
    // of the draw's time (docs/performance.md). The pools and the rng's
    // calls are the same as by id, so a seed still gives the same paper.
    let mut used = vec![false; bank.len()];
    let mut groups: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut items = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        let mut pool: Vec<usize> = (0..bank.len()).filter(|&k| !used[k] && matches(rule, &bank[k])).collect();
        // An incremental Fisher-Yates shuffle that skips taken groups: only
        // as much of the pool is shuffled as the rule needs.
        let mut taken = 0;
        let mut k = 0;
        while taken < rule.count as usize && k < pool.len() {
            let j = rng.random_range(k..pool.len());
            pool.swap(k, j);
            let at = pool[k];
            let q = &bank[at];
            k += 1;
            if q.group.as_deref().is_some_and(|g| !groups.insert(g)) {
                continue;
            }
            taken += 1;
            used[at] = true;
            let mut order: Vec<u8> = match q.qtype {
                QType::Single | QType::Multi => (0..q.n_options).collect(),
                QType::Judge | QType::Fill => vec![],
            };
            order.shuffle(rng);
            items.push(PaperItem { question_id: q.id.clone(), option_order: order, points: rule.points });
        }
        if taken < rule.count as usize {
            return Err(Infeasible { rule: i + 1, wanted: rule.count, available: taken });
        }
    }
    items.shuffle(rng);
    Ok(items)
}

/// The item at `position` of a stored paper (its JSON), or `None` past its
/// end, without building the other items: every answer looks up one item
/// of its 50, inside the group-commit writer, and parsing the whole paper
/// was a tenth of the writer's time (docs/performance.md).
pub fn paper_item(paper_json: &str, position: usize) -> serde_json::Result<Option<PaperItem>> {
    use serde::de::{DeserializeSeed, IgnoredAny, SeqAccess, Visitor};
    struct Nth(usize);
    impl<'de> Visitor<'de> for Nth {
        type Value = Option<PaperItem>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a paper (a list of items)")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            for _ in 0..self.0 {
                if seq.next_element::<IgnoredAny>()?.is_none() {
                    return Ok(None);
                }
            }
            let item = seq.next_element::<PaperItem>()?;
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(item)
        }
    }
    impl<'de> DeserializeSeed<'de> for Nth {
        type Value = Option<PaperItem>;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_seq(self)
        }
    }
    let mut de = serde_json::Deserializer::from_str(paper_json);
    let item = Nth(position).deserialize(&mut de)?;
    de.end()?;
    Ok(item)
}

/// Total points of a paper.
pub fn total_points(items: &[PaperItem]) -> u32 {
    items.iter().map(|i| i.points).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    pub(super) fn bank() -> Vec<QuestionMeta> {
        let mut v = Vec::new();
        for i in 0..30 {
            v.push(QuestionMeta {
                id: QuestionId(format!("q{i:03}")),
                subject: if i < 20 {
                    crate::core::law::Law::new("宪法").expect("law")
                } else {
                    crate::core::law::Law::new("民法典").expect("law")
                },
                qtype: if i % 2 == 0 { QType::Single } else { QType::Judge },
                part: None,
                chapter: Some(if i < 10 { "第一章".into() } else { "第二章".into() }),
                difficulty: (i % 3 + 1) as u8,
                n_options: if i % 2 == 0 { 4 } else { 0 },
                group: None,
                contest_only: false,
            });
        }
        v
    }

    fn rule(count: u32, qtype: QType, subject: Subject, chapter: Option<&str>) -> DrawRule {
        DrawRule {
            count,
            qtype,
            scope: Scope { subject, part: None, chapter: chapter.map(str::to_string) },
            difficulty: None,
            points: 2,
            pool: Pool::Any,
        }
    }

    #[test]
    fn a_paper_has_the_counts_of_its_rules_without_duplicates() {
        let rules = vec![
            rule(5, QType::Single, crate::core::law::Law::new("宪法").expect("law"), None),
            rule(4, QType::Judge, crate::core::law::Law::new("宪法").expect("law"), None),
        ];
        let paper = draw_paper(&rules, &bank(), &mut ChaCha8Rng::seed_from_u64(7)).expect("feasible");
        assert_eq!(paper.len(), 9);
        let ids: std::collections::HashSet<_> = paper.iter().map(|p| &p.question_id).collect();
        assert_eq!(ids.len(), 9, "no question twice");
        assert_eq!(total_points(&paper), 18);
        for p in &paper {
            let q = bank().into_iter().find(|q| q.id == p.question_id).expect("from the bank");
            assert_eq!(q.subject, crate::core::law::Law::new("宪法").expect("law"));
            if q.qtype == QType::Single {
                let mut o = p.option_order.clone();
                o.sort();
                assert_eq!(o, vec![0, 1, 2, 3], "options are a permutation");
            }
        }
    }

    #[test]
    fn the_same_seed_regenerates_the_same_paper() {
        let rules = vec![rule(6, QType::Single, crate::core::law::Law::new("宪法").expect("law"), None)];
        let a = draw_paper(&rules, &bank(), &mut ChaCha8Rng::seed_from_u64(42)).expect("a");
        let b = draw_paper(&rules, &bank(), &mut ChaCha8Rng::seed_from_u64(42)).expect("b");
        let c = draw_paper(&rules, &bank(), &mut ChaCha8Rng::seed_from_u64(43)).expect("c");
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn a_rule_that_cannot_be_met_is_refused_with_its_numbers() {
        let rules = vec![
            rule(5, QType::Single, crate::core::law::Law::new("宪法").expect("law"), Some("第一章")),
            rule(1, QType::Fill, crate::core::law::Law::new("民法典").expect("law"), None),
        ];
        assert_eq!(pool_sizes(&rules, &bank()), vec![5, 0]);
        let err = draw_paper(&rules, &bank(), &mut ChaCha8Rng::seed_from_u64(1)).expect_err("infeasible");
        assert_eq!(err, Infeasible { rule: 2, wanted: 1, available: 0 });
        // Overlapping rules cannot draw the same question twice.
        let rules = vec![
            rule(5, QType::Single, crate::core::law::Law::new("宪法").expect("law"), Some("第一章")),
            rule(1, QType::Single, crate::core::law::Law::new("宪法").expect("law"), Some("第一章")),
        ];
        assert_eq!(
            draw_paper(&rules, &bank(), &mut ChaCha8Rng::seed_from_u64(1)).map(|p| p.len()).err().map(|e| e.available),
            Some(0)
        );
    }

    /// Protects "a paper never draws two questions of one group": however
    /// the seed falls, a group gives at most one question, and a rule that
    /// needs more distinct groups than exist is refused.
    #[test]
    fn a_paper_never_holds_two_questions_of_one_group() {
        let mut b = bank();
        for (i, q) in b.iter_mut().enumerate().filter(|(_, q)| q.qtype == QType::Single) {
            q.group = Some(format!("g{}", i % 3)); // the 15 单选 fall in 3 groups
        }
        let rules = vec![rule(3, QType::Single, crate::core::law::Law::new("宪法").expect("law"), None)];
        for seed in 0..200 {
            let paper = draw_paper(&rules, &b, &mut ChaCha8Rng::seed_from_u64(seed)).expect("three groups");
            let groups: std::collections::HashSet<_> =
                paper.iter().map(|p| b.iter().find(|q| q.id == p.question_id).and_then(|q| q.group.clone())).collect();
            assert_eq!(groups.len(), 3, "seed {seed}: one question per group");
        }
        let rules = vec![rule(4, QType::Single, crate::core::law::Law::new("宪法").expect("law"), None)];
        let err = draw_paper(&rules, &b, &mut ChaCha8Rng::seed_from_u64(1)).expect_err("only three groups");
        assert_eq!(err.available, 3);
        assert_eq!(pool_sizes(&rules, &b), vec![3], "the set-up screen counts a group once");
    }

    /// Protects 竞赛专用 pools: a contest-only rule draws only reserved
    /// questions, a practice rule never does.
    #[test]
    fn pools_split_contest_only_from_practice_questions() {
        let mut b = bank();
        for q in b.iter_mut().take(10) {
            q.contest_only = true;
        }
        let mut only = rule(5, QType::Single, crate::core::law::Law::new("宪法").expect("law"), None);
        only.pool = Pool::ContestOnly;
        let mut practice = rule(5, QType::Single, crate::core::law::Law::new("宪法").expect("law"), None);
        practice.pool = Pool::Practice;
        assert_eq!(pool_sizes(&[only.clone(), practice.clone()], &b), vec![5, 5]);
        let paper = draw_paper(&[only, practice], &b, &mut ChaCha8Rng::seed_from_u64(3)).expect("feasible");
        let reserved = paper.iter().filter(|p| b.iter().any(|q| q.id == p.question_id && q.contest_only)).count();
        assert_eq!(reserved, 5);
    }

    /// Protects stored seeds: a seed regenerates the paper it drew, so
    /// how papers are drawn may get faster but never different. These
    /// papers (with same-fact groups, three rules) were drawn by the draw
    /// as it was before it kept taken questions by index.
    #[test]
    fn the_draw_gives_the_papers_it_always_gave() {
        let mut bank = bank();
        for (i, q) in bank.iter_mut().enumerate() {
            if i % 4 == 0 {
                q.group = Some(format!("g{}", i % 8));
            }
        }
        let law = |n| crate::core::law::Law::new(n).expect("law");
        let rules = vec![
            rule(5, QType::Single, law("宪法"), None),
            rule(4, QType::Judge, law("宪法"), None),
            rule(2, QType::Single, law("民法典"), None),
        ];
        let golden = [
            (1, "q004:3120 q022:3120 q010:1203 q000:0132 q009: q018:3120 q011: q006:0132 q001: q015: q026:3102"),
            (7, "q013: q004:0321 q026:0123 q003: q009: q002:1230 q000:0321 q010:3012 q022:2031 q017: q014:1230"),
            (42, "q022:1302 q002:3201 q007: q010:2103 q003: q014:2103 q000:1032 q001: q004:0123 q026:1032 q017:"),
        ];
        for (seed, want) in golden {
            let paper = draw_paper(&rules, &bank, &mut ChaCha8Rng::seed_from_u64(seed)).expect("feasible");
            let got: Vec<String> = paper
                .iter()
                .map(|p| {
                    format!("{}:{}", p.question_id.0, p.option_order.iter().map(u8::to_string).collect::<String>())
                })
                .collect();
            assert_eq!(got.join(" "), want, "seed {seed}");
        }
    }

    /// Protects the answer path's lookup: the item at a position is the
    /// one the whole paper has there; past the end there is none; a paper
    /// that is not a list is an error, not a panic.
    #[test]
    fn one_item_of_a_stored_paper_is_the_one_the_paper_has() {
        let rules = vec![rule(9, QType::Single, crate::core::law::Law::new("宪法").expect("law"), None)];
        let paper = draw_paper(&rules, &bank(), &mut ChaCha8Rng::seed_from_u64(3)).expect("feasible");
        let json = serde_json::to_string(&paper).expect("json");
        for (i, item) in paper.iter().enumerate() {
            assert_eq!(paper_item(&json, i).expect("parse").as_ref(), Some(item), "position {i}");
        }
        assert_eq!(paper_item(&json, paper.len()).expect("parse"), None);
        assert_eq!(paper_item(&json, usize::MAX).expect("parse"), None);
        assert!(paper_item("{\"not\": \"a list\"}", 0).is_err());
        assert!(paper_item("[1, 2", 0).is_err());
    }
}
