//! A live show's set-up (现场竞答): teams, rounds and their settings, the
//! checks of a spec, and drawing each round's questions with a seeded rng
//! (never a question twice in a show, nor two of one same-fact group).

use super::ids::QuestionId;
use super::paper::{Pool, QuestionMeta};
use super::question::{QType, Subject};
use rand::seq::{IndexedRandom, SliceRandom};
use rand::Rng;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Teams a show may have.
pub const MIN_TEAMS: usize = 2;
pub const MAX_TEAMS: usize = 12;
/// Rounds a show may have.
pub const MAX_ROUNDS: usize = 20;
/// Questions one round may draw.
pub const MAX_ITEMS_PER_ROUND: u32 = 200;
/// The team colours: CSS variables `--team-1` … `--team-12`.
pub const PALETTE: [&str; 12] = [
    "team-1", "team-2", "team-3", "team-4", "team-5", "team-6", "team-7", "team-8", "team-9", "team-10", "team-11",
    "team-12",
];

/// The four kinds of round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundKind {
    /// 必答: each team in turn gets its own question.
    Required,
    /// 抢答: the first buzz after the opening answers.
    Buzz,
    /// 风险题: the team picks a value before it sees the question.
    Risk,
    /// 限时速答: one team answers as many as it can before the deadline.
    Speed,
}

impl RoundKind {
    pub fn name(self) -> &'static str {
        match self {
            RoundKind::Required => "必答",
            RoundKind::Buzz => "抢答",
            RoundKind::Risk => "风险题",
            RoundKind::Speed => "限时速答",
        }
    }

    /// Whether the items go to the teams in turn.
    pub fn rotates(self) -> bool {
        !matches!(self, RoundKind::Buzz)
    }
}

/// Which questions a round draws from the bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShowRule {
    pub subject: Subject,
    #[serde(default)]
    pub part: Option<String>,
    #[serde(default)]
    pub chapter: Option<String>,
    /// None: 单选, 多选 and 判断 alike (填空 is never used in a show).
    #[serde(default)]
    pub qtype: Option<QType>,
    #[serde(default)]
    pub difficulty: Option<u8>,
    #[serde(default)]
    pub pool: Pool,
}

impl ShowRule {
    pub fn matches(&self, q: &QuestionMeta) -> bool {
        q.qtype != QType::Fill
            && self.qtype.is_none_or(|t| t == q.qtype)
            && q.subject == self.subject
            && self.part.as_ref().is_none_or(|p| q.part.as_ref() == Some(p))
            && self.chapter.as_ref().is_none_or(|c| q.chapter.as_ref() == Some(c))
            && self.difficulty.is_none_or(|d| q.difficulty == d)
            && match self.pool {
                Pool::Any => true,
                Pool::ContestOnly => q.contest_only,
                Pool::Practice => !q.contest_only,
            }
    }
}

/// One team as set up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamSpec {
    pub name: String,
    pub colour: String,
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub members: Vec<String>,
}

/// One round as set up; settings left out take the kind's defaults
/// ([`RoundSpec::settings`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundSpec {
    pub title: String,
    pub kind: RoundKind,
    #[serde(default)]
    pub points_right: Option<i64>,
    #[serde(default)]
    pub points_wrong: Option<i64>,
    #[serde(default)]
    pub foul_penalty: Option<i64>,
    #[serde(default)]
    pub answer_seconds: Option<u32>,
    #[serde(default)]
    pub risk_values: Option<Vec<i64>>,
    #[serde(default)]
    pub speed_seconds: Option<u32>,
    /// Per team for the rotating kinds, in all for 抢答.
    #[serde(default)]
    pub count: Option<u32>,
    #[serde(default)]
    pub rule: Option<ShowRule>,
    #[serde(default)]
    pub question_ids: Vec<QuestionId>,
}

/// A round's settings with the defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundSettings {
    pub points_right: i64,
    /// Taken off for a wrong answer (a positive number).
    pub points_wrong: i64,
    /// Taken off for a foul (a positive number; 0: none).
    pub foul_penalty: i64,
    pub answer_seconds: u32,
    pub risk_values: Vec<i64>,
    pub speed_seconds: u32,
    /// Per team for the rotating kinds, in all for 抢答.
    pub count: u32,
}

impl RoundSpec {
    pub fn settings(&self) -> RoundSettings {
        RoundSettings {
            points_right: self.points_right.unwrap_or(10),
            points_wrong: self.points_wrong.unwrap_or(if self.kind == RoundKind::Buzz { 10 } else { 0 }),
            foul_penalty: self.foul_penalty.unwrap_or(0),
            answer_seconds: self.answer_seconds.unwrap_or(20),
            risk_values: self.risk_values.clone().unwrap_or_else(|| vec![10, 20, 30]),
            speed_seconds: self.speed_seconds.unwrap_or(60),
            count: self.count.unwrap_or(1),
        }
    }

    /// How many items the round has with `teams` teams.
    pub fn item_count(&self, teams: usize) -> usize {
        if !self.question_ids.is_empty() {
            return self.question_ids.len();
        }
        let count = self.settings().count as usize;
        if self.kind.rotates() {
            count * teams
        } else {
            count
        }
    }

    /// Questions per team's turn (the block of a 限时速答 turn).
    pub fn per_team(&self, teams: usize) -> usize {
        if self.kind.rotates() {
            (self.item_count(teams) / teams.max(1)).max(1)
        } else {
            self.item_count(teams)
        }
    }
}

/// A whole show as set up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShowSpec {
    pub title: String,
    #[serde(default)]
    pub unit_name: String,
    pub teams: Vec<TeamSpec>,
    pub rounds: Vec<RoundSpec>,
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Checks a spec; every problem is a Chinese sentence naming where.
pub fn validate(spec: &ShowSpec) -> Result<(), String> {
    if spec.title.trim().is_empty() || chars(&spec.title) > 60 {
        return Err("请填写竞答名称（最多 60 个字）。".into());
    }
    if chars(&spec.unit_name) > 60 {
        return Err("单位名称最多 60 个字。".into());
    }
    let n = spec.teams.len();
    if !(MIN_TEAMS..=MAX_TEAMS).contains(&n) {
        return Err(format!("参赛队应为 {MIN_TEAMS} 到 {MAX_TEAMS} 个，现在是 {n} 个。"));
    }
    let mut names = HashSet::new();
    for (i, t) in spec.teams.iter().enumerate() {
        let at = format!("第 {} 队", i + 1);
        let name = t.name.trim();
        if name.is_empty() || chars(name) > 20 {
            return Err(format!("{at}：请填写队名（最多 20 个字）。"));
        }
        if !names.insert(name.to_string()) {
            return Err(format!("{at}：队名“{name}”与前面的队重复。"));
        }
        if !PALETTE.contains(&t.colour.as_str()) {
            return Err(format!("{at}：颜色“{}”不在可选颜色（team-1 到 team-12）中。", t.colour));
        }
        if t.department.as_deref().is_some_and(|d| chars(d) > 40) {
            return Err(format!("{at}：部门名称最多 40 个字。"));
        }
        if t.members.len() > 20 || t.members.iter().any(|m| m.trim().is_empty() || chars(m) > 20) {
            return Err(format!("{at}：队员最多 20 人，每人姓名 1 到 20 个字。"));
        }
    }
    if spec.rounds.is_empty() || spec.rounds.len() > MAX_ROUNDS {
        return Err(format!("轮次应为 1 到 {MAX_ROUNDS} 轮。"));
    }
    for (i, r) in spec.rounds.iter().enumerate() {
        validate_round(r, n).map_err(|why| format!("第 {} 轮（{}）：{why}", i + 1, r.kind.name()))?;
    }
    Ok(())
}

fn validate_round(r: &RoundSpec, teams: usize) -> Result<(), String> {
    if r.title.trim().is_empty() || chars(&r.title) > 40 {
        return Err("请填写本轮标题（最多 40 个字）。".into());
    }
    let s = r.settings();
    if !(0..=1000).contains(&s.points_right) || !(0..=1000).contains(&s.points_wrong) {
        return Err("答对得分与答错扣分应在 0 到 1000 之间。".into());
    }
    if !(0..=1000).contains(&s.foul_penalty) {
        return Err("犯规扣分应在 0 到 1000 之间。".into());
    }
    if !(5..=600).contains(&s.answer_seconds) {
        return Err("答题时间应在 5 到 600 秒之间。".into());
    }
    if r.kind == RoundKind::Risk {
        if s.risk_values.is_empty() || s.risk_values.len() > 6 {
            return Err("风险题分值应有 1 到 6 档。".into());
        }
        if s.risk_values.iter().any(|v| !(1..=1000).contains(v)) {
            return Err("风险题每档分值应在 1 到 1000 之间。".into());
        }
    }
    if r.kind == RoundKind::Speed && !(10..=600).contains(&s.speed_seconds) {
        return Err("限时速答时间应在 10 到 600 秒之间。".into());
    }
    match (&r.rule, r.question_ids.is_empty()) {
        (Some(_), false) => return Err("出题规则与指定题目只能选一种。".into()),
        (None, true) => return Err("请设置出题规则或指定题目。".into()),
        (Some(_), true) => {
            if s.count == 0 || s.count > MAX_ITEMS_PER_ROUND {
                return Err(format!("题数应在 1 到 {MAX_ITEMS_PER_ROUND} 之间。"));
            }
        }
        (None, false) => {
            if r.question_ids.len() > MAX_ITEMS_PER_ROUND as usize {
                return Err(format!("指定题目最多 {MAX_ITEMS_PER_ROUND} 道。"));
            }
            if r.kind.rotates() && r.question_ids.len() % teams != 0 {
                return Err(format!(
                    "指定题目数（{}）应是参赛队数（{teams}）的整数倍，每队题数相同。",
                    r.question_ids.len()
                ));
            }
            let mut seen = HashSet::new();
            if let Some(dup) = r.question_ids.iter().find(|id| !seen.insert(*id)) {
                return Err(format!("题目 {dup} 指定了两次。"));
            }
        }
    }
    Ok(())
}

/// One drawn item: the question and its options in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawnItem {
    pub question_id: QuestionId,
    pub option_order: Vec<u8>,
}

/// The options' display order of a question: 判断 is always 正确 (1), 错误 (0).
pub fn option_order(q: &QuestionMeta, rng: &mut impl Rng) -> Vec<u8> {
    match q.qtype {
        QType::Judge => vec![1, 0],
        _ => {
            let mut order: Vec<u8> = (0..q.n_options).collect();
            order.shuffle(rng);
            order
        }
    }
}

/// Draws every round's items in order: a rule's round takes questions it
/// matches that no earlier round took (nor one of a taken same-fact
/// group); a hand-picked round takes its list (each must exist, not be a
/// 填空, and not repeat an earlier round's). `bank` must be in a stable
/// order (the store sorts by id).
pub fn draw_show(spec: &ShowSpec, bank: &[QuestionMeta], rng: &mut impl Rng) -> Result<Vec<Vec<DrawnItem>>, String> {
    let mut used: HashSet<QuestionId> = HashSet::new();
    let mut groups: HashSet<String> = HashSet::new();
    let mut rounds = Vec::new();
    for (i, r) in spec.rounds.iter().enumerate() {
        let at = format!("第 {} 轮（{}）", i + 1, r.kind.name());
        let want = r.item_count(spec.teams.len());
        let mut items = Vec::with_capacity(want);
        if r.question_ids.is_empty() {
            let rule = r.rule.as_ref().ok_or_else(|| format!("{at}：没有出题规则。"))?;
            let mut pool: Vec<&QuestionMeta> =
                bank.iter().filter(|q| rule.matches(q) && !used.contains(&q.id)).collect();
            pool.shuffle(rng);
            for q in pool {
                if items.len() == want {
                    break;
                }
                if let Some(g) = &q.group {
                    if !groups.insert(g.clone()) {
                        continue;
                    }
                }
                used.insert(q.id.clone());
                items.push(DrawnItem { question_id: q.id.clone(), option_order: option_order(q, rng) });
            }
            if items.len() < want {
                return Err(format!(
                    "{at}要抽 {want} 题，题库里只有 {} 道符合条件且未被前面轮次用过的题。",
                    items.len()
                ));
            }
        } else {
            for id in &r.question_ids {
                let q = bank.iter().find(|q| &q.id == id).ok_or_else(|| format!("{at}：题库里没有题目 {id}。"))?;
                if q.qtype == QType::Fill {
                    return Err(format!("{at}：题目 {id} 是填空题，现场竞答不用填空题。"));
                }
                if !used.insert(id.clone()) {
                    return Err(format!("{at}：题目 {id} 在前面的轮次已经用过。"));
                }
                if let Some(g) = &q.group {
                    groups.insert(g.clone());
                }
                items.push(DrawnItem { question_id: id.clone(), option_order: option_order(q, rng) });
            }
        }
        rounds.push(items);
    }
    Ok(rounds)
}

/// A replacement for one item: a question the rule matches (a hand-picked
/// round: any of the same subject and type as `current`) not in `used`
/// and of no group in `groups`.
pub fn draw_replacement<'a>(
    rule: Option<&ShowRule>,
    current: &QuestionMeta,
    bank: &'a [QuestionMeta],
    used: &HashSet<QuestionId>,
    groups: &HashSet<String>,
    rng: &mut impl Rng,
) -> Option<(&'a QuestionMeta, Vec<u8>)> {
    let fits = |q: &QuestionMeta| match rule {
        Some(r) => r.matches(q),
        None => q.subject == current.subject && q.qtype == current.qtype,
    };
    let pool: Vec<&QuestionMeta> = bank
        .iter()
        .filter(|q| fits(q) && !used.contains(&q.id) && q.group.as_ref().is_none_or(|g| !groups.contains(g)))
        .collect();
    let q = *pool.choose(rng)?;
    Some((q, option_order(q, rng)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn meta(i: usize, qtype: QType, group: Option<&str>) -> QuestionMeta {
        QuestionMeta {
            id: QuestionId(format!("q{i:03}")),
            subject: crate::core::law::Law::new("宪法").expect("law"),
            qtype,
            part: None,
            chapter: None,
            difficulty: 2,
            n_options: if qtype == QType::Judge { 0 } else { 4 },
            group: group.map(str::to_string),
            contest_only: false,
        }
    }

    fn bank() -> Vec<QuestionMeta> {
        (0..40)
            .map(|i| {
                let t = [QType::Single, QType::Judge, QType::Multi, QType::Fill][i % 4];
                meta(i, t, (i < 8).then_some("g"))
            })
            .collect()
    }

    fn round(kind: RoundKind, count: u32) -> RoundSpec {
        RoundSpec {
            title: kind.name().into(),
            kind,
            points_right: None,
            points_wrong: None,
            foul_penalty: None,
            answer_seconds: None,
            risk_values: None,
            speed_seconds: None,
            count: Some(count),
            rule: Some(ShowRule {
                subject: crate::core::law::Law::new("宪法").expect("law"),
                part: None,
                chapter: None,
                qtype: None,
                difficulty: None,
                pool: Pool::Any,
            }),
            question_ids: vec![],
        }
    }

    fn spec(teams: usize, rounds: Vec<RoundSpec>) -> ShowSpec {
        ShowSpec {
            title: "宪法知识擂台".into(),
            unit_name: "某局".into(),
            teams: (0..teams)
                .map(|i| TeamSpec {
                    name: format!("第{}队", i + 1),
                    colour: PALETTE[i % 12].into(),
                    department: None,
                    members: vec![],
                })
                .collect(),
            rounds,
        }
    }

    /// Protects the defaults per kind: 抢答 takes 10 off for a wrong answer,
    /// 必答 takes nothing off; risk values default to 10/20/30.
    #[test]
    fn defaults_follow_the_round_kind() {
        assert_eq!(round(RoundKind::Buzz, 1).settings().points_wrong, 10);
        assert_eq!(round(RoundKind::Required, 1).settings().points_wrong, 0);
        assert_eq!(round(RoundKind::Risk, 1).settings().risk_values, vec![10, 20, 30]);
        assert_eq!(round(RoundKind::Required, 2).item_count(3), 6, "per team for the rotating kinds");
        assert_eq!(round(RoundKind::Buzz, 5).item_count(3), 5, "in all for 抢答");
    }

    /// Protects the set-up checks: team count, duplicate names, the palette,
    /// a rule or a list, a hand-picked list fitting the rotation.
    #[test]
    fn bad_specs_are_refused_with_where_and_why() {
        assert!(validate(&spec(3, vec![round(RoundKind::Buzz, 3)])).is_ok());
        assert!(validate(&spec(1, vec![round(RoundKind::Buzz, 3)])).is_err_and(|e| e.contains("2 到 12")));
        assert!(validate(&spec(13, vec![round(RoundKind::Buzz, 3)])).is_err());
        let mut s = spec(3, vec![round(RoundKind::Buzz, 3)]);
        s.teams[2].name = "第1队".into();
        assert!(validate(&s).is_err_and(|e| e.contains("第 3 队") && e.contains("重复")));
        let mut s = spec(3, vec![round(RoundKind::Buzz, 3)]);
        s.teams[0].colour = "red".into();
        assert!(validate(&s).is_err_and(|e| e.contains("颜色")));
        let mut r = round(RoundKind::Required, 1);
        r.rule = None;
        assert!(validate(&spec(3, vec![r.clone()])).is_err_and(|e| e.contains("第 1 轮")));
        r.question_ids = vec![QuestionId("q000".into()), QuestionId("q001".into())];
        assert!(validate(&spec(3, vec![r.clone()])).is_err_and(|e| e.contains("整数倍")));
        r.question_ids.push(QuestionId("q002".into()));
        assert!(validate(&spec(3, vec![r])).is_ok());
        let mut r = round(RoundKind::Risk, 1);
        r.risk_values = Some(vec![]);
        assert!(validate(&spec(2, vec![r])).is_err_and(|e| e.contains("风险题")));
    }

    /// Protects drawing: the counts, no question twice across rounds, at most
    /// one of a same-fact group, no 填空, reproducible from the seed.
    #[test]
    fn a_show_draws_distinct_questions_reproducibly() {
        let s = spec(3, vec![round(RoundKind::Required, 2), round(RoundKind::Buzz, 5), round(RoundKind::Risk, 1)]);
        let a = draw_show(&s, &bank(), &mut ChaCha8Rng::seed_from_u64(9)).expect("feasible");
        let b = draw_show(&s, &bank(), &mut ChaCha8Rng::seed_from_u64(9)).expect("feasible");
        assert_eq!(a, b, "the seed regenerates the draw");
        assert_eq!(a.iter().map(Vec::len).collect::<Vec<_>>(), vec![6, 5, 3]);
        let all: Vec<&DrawnItem> = a.iter().flatten().collect();
        let ids: HashSet<&QuestionId> = all.iter().map(|i| &i.question_id).collect();
        assert_eq!(ids.len(), all.len(), "no question twice");
        let b = bank();
        let grouped = all.iter().filter(|i| b.iter().any(|q| q.id == i.question_id && q.group.is_some())).count();
        assert!(grouped <= 1, "one of the same-fact group at most");
        for i in &all {
            let q = b.iter().find(|q| q.id == i.question_id).expect("in bank");
            assert_ne!(q.qtype, QType::Fill);
            if q.qtype == QType::Judge {
                assert_eq!(i.option_order, vec![1, 0]);
            } else {
                let mut o = i.option_order.clone();
                o.sort();
                assert_eq!(o, vec![0, 1, 2, 3]);
            }
        }
        let too_many = spec(2, vec![round(RoundKind::Buzz, 100)]);
        assert!(draw_show(&too_many, &b, &mut ChaCha8Rng::seed_from_u64(1)).is_err_and(|e| e.contains("第 1 轮")));
    }

    /// Protects replacement: never a used question or a used group.
    #[test]
    fn a_replacement_is_unused() {
        let b = bank();
        let used: HashSet<QuestionId> = b.iter().filter(|q| q.id.0 != "q012").map(|q| q.id.clone()).collect();
        let r = round(RoundKind::Buzz, 1).rule;
        let (q, _) = draw_replacement(r.as_ref(), &b[0], &b, &used, &HashSet::new(), &mut ChaCha8Rng::seed_from_u64(3))
            .expect("one left");
        assert_eq!(q.id.0, "q012");
        let all: HashSet<QuestionId> = b.iter().map(|q| q.id.clone()).collect();
        assert!(
            draw_replacement(r.as_ref(), &b[0], &b, &all, &HashSet::new(), &mut ChaCha8Rng::seed_from_u64(3)).is_none()
        );
    }
}
