//! The live show's rules (现场竞答): the phases of an item and which move
//! each allows, scoring of each round kind (right / wrong points, risk
//! values, fouls, corrections, undo), the buzz order, the team rotation,
//! the podium and the audience ranking. Pure: times are passed in.

use super::show_spec::{RoundKind, RoundSettings};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// Where a show stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Not started.
    Setup,
    /// The round's title card (a 限时速答 turn's too).
    Intro,
    /// 风险题: the team picks a value; the question is hidden.
    Pick,
    /// The question is shown; 抢答 buzzing is not open yet.
    Question,
    /// 抢答: buzzing open.
    Open,
    /// The turn (or winning) team answers before the deadline.
    Answering,
    /// Marked right or wrong.
    Judged,
    /// The key, the article, the audience's distribution.
    Reveal,
    Scoreboard,
    /// 限时速答: question after question until the deadline.
    Speed,
    /// Finished: the final standings.
    Podium,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Setup => "setup",
            Phase::Intro => "intro",
            Phase::Pick => "pick",
            Phase::Question => "question",
            Phase::Open => "open",
            Phase::Answering => "answering",
            Phase::Judged => "judged",
            Phase::Reveal => "reveal",
            Phase::Scoreboard => "scoreboard",
            Phase::Speed => "speed",
            Phase::Podium => "podium",
        }
    }

    pub fn parse(s: &str) -> Option<Phase> {
        [
            Phase::Setup,
            Phase::Intro,
            Phase::Pick,
            Phase::Question,
            Phase::Open,
            Phase::Answering,
            Phase::Judged,
            Phase::Reveal,
            Phase::Scoreboard,
            Phase::Speed,
            Phase::Podium,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }

    pub fn name(self) -> &'static str {
        match self {
            Phase::Setup => "准备",
            Phase::Intro => "本轮开始",
            Phase::Pick => "选择分值",
            Phase::Question => "出题",
            Phase::Open => "抢答开始",
            Phase::Answering => "作答",
            Phase::Judged => "已判定",
            Phase::Reveal => "公布答案",
            Phase::Scoreboard => "比分",
            Phase::Speed => "限时速答",
            Phase::Podium => "颁奖",
        }
    }

    /// Whether the question (stem and options, never the key) is shown.
    pub fn shows_question(self) -> bool {
        !matches!(self, Phase::Setup | Phase::Intro | Phase::Pick | Phase::Podium)
    }

    /// Whether the key, the article and the audience's distribution are public.
    pub fn reveals(self) -> bool {
        matches!(self, Phase::Reveal | Phase::Scoreboard)
    }

    /// Whether the audience may answer the current question.
    pub fn audience_answers(self) -> bool {
        matches!(self, Phase::Question | Phase::Open | Phase::Answering | Phase::Judged)
    }
}

/// The phase right after a round's (or a speed turn's) title card.
pub fn after_intro(kind: RoundKind) -> Phase {
    match kind {
        RoundKind::Risk => Phase::Pick,
        RoundKind::Speed => Phase::Speed,
        RoundKind::Required | RoundKind::Buzz => Phase::Question,
    }
}

/// The phase an item starts in: a title card when it opens a round (or a
/// speed turn), else straight to the question (or the pick).
pub fn start_phase(kind: RoundKind, starts_block: bool) -> Phase {
    if starts_block {
        Phase::Intro
    } else {
        after_intro(kind)
    }
}

/// Whether item `index` (0-based in its round) opens a block: the round's
/// first item, or the first of a team's 限时速答 turn.
pub fn starts_block(kind: RoundKind, index: usize, per_team: usize) -> bool {
    match kind {
        RoundKind::Speed => index % per_team.max(1) == 0,
        _ => index == 0,
    }
}

/// Which team (index in the show's team order) item `index` of round
/// `round_pos` belongs to: 必答 and 风险 in turn, 限时速答 by turns of
/// `per_team` questions; each round starts one team further on. 抢答: none.
pub fn turn_team(kind: RoundKind, index: usize, per_team: usize, teams: usize, round_pos: usize) -> Option<usize> {
    if teams == 0 {
        return None;
    }
    match kind {
        RoundKind::Buzz => None,
        RoundKind::Required | RoundKind::Risk => Some((index + round_pos) % teams),
        RoundKind::Speed => Some((index / per_team.max(1) + round_pos) % teams),
    }
}

/// What the item looks like when the host presses "next".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemState {
    pub kind: RoundKind,
    /// 风险题: a value has been picked.
    pub picked: bool,
    /// A judgment of this item stands (not undone).
    pub judged: bool,
    /// 限时速答: the deadline has passed or the turn's questions ran out.
    pub speed_over: bool,
}

/// Where "next" leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Stay on the item, in this phase.
    To(Phase),
    /// 限时速答: pass this question, the next of the turn.
    PassQuestion,
    /// The next pending item (or the podium when none is left).
    NextItem,
}

/// The move "next" makes from `phase`, or why it cannot.
pub fn next_step(phase: Phase, item: ItemState) -> Result<Step, &'static str> {
    Ok(match phase {
        Phase::Setup => return Err("竞答还没有开始。"),
        Phase::Podium => return Err("竞答已经结束。"),
        Phase::Intro => Step::To(after_intro(item.kind)),
        Phase::Pick if !item.picked => return Err("请先选择本题的分值。"),
        Phase::Pick => Step::To(Phase::Question),
        Phase::Question if item.kind == RoundKind::Buzz => Step::To(Phase::Open),
        Phase::Question => Step::To(Phase::Answering),
        Phase::Open => Step::To(Phase::Reveal),
        Phase::Answering if item.judged => Step::To(Phase::Judged),
        Phase::Answering => return Err("请先判定对错（或直接公布答案）。"),
        Phase::Judged => Step::To(Phase::Reveal),
        Phase::Reveal => Step::To(Phase::Scoreboard),
        Phase::Speed if item.speed_over => Step::To(Phase::Scoreboard),
        Phase::Speed => Step::PassQuestion,
        Phase::Scoreboard => Step::NextItem,
    })
}

/// Whether the host may reveal the answer now.
pub fn may_reveal(phase: Phase) -> bool {
    matches!(phase, Phase::Question | Phase::Open | Phase::Answering | Phase::Judged)
}

/// Whether the host may show the scoreboard now.
pub fn may_show_scoreboard(phase: Phase) -> bool {
    matches!(phase, Phase::Judged | Phase::Reveal | Phase::Speed)
}

/// Whether the host may replace the question now (before anyone saw it
/// answered: not once a team buzzed).
pub fn may_replace(phase: Phase, buzzes: usize) -> bool {
    matches!(phase, Phase::Intro | Phase::Pick | Phase::Question) || (phase == Phase::Open && buzzes == 0)
}

/// Whether a judgment may be made: while answering, during a speed turn,
/// or again once the item's judgment was undone.
pub fn may_judge(phase: Phase, judged: bool) -> bool {
    match phase {
        Phase::Answering | Phase::Speed => true,
        Phase::Judged => !judged,
        _ => false,
    }
}

/// The points a judgment gives: right adds `points_right` (风险题: the
/// picked value), wrong takes `points_wrong` off (风险题: the value).
pub fn judge_points(s: &RoundSettings, kind: RoundKind, right: bool, risk_value: Option<i64>) -> i64 {
    match (kind, right) {
        (RoundKind::Risk, true) => risk_value.unwrap_or(0),
        (RoundKind::Risk, false) => -risk_value.unwrap_or(0),
        (_, true) => s.points_right,
        (_, false) => -s.points_wrong,
    }
}

/// What a buzz gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Buzz {
    /// Counted at `place` (1 wins the right to answer).
    Placed { place: usize },
    /// The team buzzed already for this item: its first place stands.
    Again { place: usize },
    /// Buzzed before the opening: a foul; `penalised` only for the team's
    /// first foul of the item (a held-down button is one foul, not fifty).
    Foul { penalised: bool },
    /// Not a 抢答 item, or buzzing is over for it.
    Closed,
}

/// Judges a buzz of `team` given the item's phase, the teams that buzzed
/// before it in the committed order, and the teams that fouled already.
pub fn buzz(kind: RoundKind, phase: Phase, order: &[i64], fouled: &[i64], team: i64) -> Buzz {
    if kind != RoundKind::Buzz {
        return Buzz::Closed;
    }
    if let Some(i) = order.iter().position(|t| *t == team) {
        return Buzz::Again { place: i + 1 };
    }
    match phase {
        Phase::Intro | Phase::Question => Buzz::Foul { penalised: !fouled.contains(&team) },
        // Once someone won, later buzzes are still placed (the console shows them).
        Phase::Open | Phase::Answering => Buzz::Placed { place: order.len() + 1 },
        _ => Buzz::Closed,
    }
}

/// The points of a foul (0 when the round has no penalty).
pub fn foul_points(s: &RoundSettings, penalised: bool) -> i64 {
    if penalised {
        -s.foul_penalty
    } else {
        0
    }
}

/// One event that counts for the scores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreEvent {
    pub id: i64,
    pub team: i64,
    pub points: i64,
    pub undone: bool,
}

/// Each team's score: the sum of its score events not undone (teams with
/// none are 0).
pub fn scores(teams: &[i64], events: &[ScoreEvent]) -> BTreeMap<i64, i64> {
    let mut out: BTreeMap<i64, i64> = teams.iter().map(|t| (*t, 0)).collect();
    for e in events.iter().filter(|e| !e.undone) {
        *out.entry(e.team).or_insert(0) += e.points;
    }
    out
}

/// The event "undo" undoes: the last score event not undone yet.
pub fn undo_target(events: &[ScoreEvent]) -> Option<i64> {
    events.iter().filter(|e| !e.undone).max_by_key(|e| e.id).map(|e| e.id)
}

/// A correction must change something and say why.
pub fn check_correction(delta: i64, reason: &str) -> Result<(), &'static str> {
    if delta == 0 || delta.abs() > 10_000 {
        return Err("更正分数应在 −10000 到 10000 之间且不为 0。");
    }
    if reason.trim().is_empty() || reason.chars().count() > 200 {
        return Err("请填写更正原因（最多 200 字）。");
    }
    Ok(())
}

/// Whether a speed answer still counts at `now_ms`.
pub fn speed_open(now_ms: i64, deadline_ms: Option<i64>) -> bool {
    deadline_ms.is_some_and(|d| now_ms <= d)
}

/// Places by score, highest first; equal scores share a place (1, 1, 3);
/// equal places keep the show's team order.
pub fn podium(teams: &[(i64, i64)]) -> Vec<(i64, usize)> {
    let mut sorted: Vec<(usize, i64, i64)> = teams.iter().enumerate().map(|(i, (id, s))| (i, *id, *s)).collect();
    sorted.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    let mut out = Vec::with_capacity(sorted.len());
    let mut place = 0;
    for (n, (_, id, score)) in sorted.iter().enumerate() {
        if n == 0 || sorted[n - 1].2 != *score {
            place = n + 1;
        }
        out.push((*id, place));
    }
    out
}

/// One audience device's record: correct answers and the time they took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AudienceRecord {
    pub device: i64,
    pub correct: u32,
    /// Milliseconds from the question shown to each correct answer, summed.
    pub ms: i64,
}

/// The audience ranking: most correct, then least time, then who joined first.
pub fn audience_ranking(mut records: Vec<AudienceRecord>) -> Vec<AudienceRecord> {
    records.sort_by(|a, b| b.correct.cmp(&a.correct).then(a.ms.cmp(&b.ms)).then(a.device.cmp(&b.device)));
    records
}

/// Whether a choice is right: the same set of option ids as the key.
pub fn choice_right(key: &[u8], choice: &[u8]) -> bool {
    let a: HashSet<u8> = key.iter().copied().collect();
    let b: HashSet<u8> = choice.iter().copied().collect();
    !choice.is_empty() && a == b && choice.len() == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::show_spec::RoundSettings;

    fn settings() -> RoundSettings {
        RoundSettings {
            points_right: 10,
            points_wrong: 5,
            foul_penalty: 3,
            answer_seconds: 20,
            risk_values: vec![10, 20, 30],
            speed_seconds: 60,
            count: 1,
        }
    }

    fn item(kind: RoundKind) -> ItemState {
        ItemState { kind, picked: false, judged: false, speed_over: false }
    }

    /// Protects the order of phases per round kind, from the title card to
    /// the scoreboard and on to the next item.
    #[test]
    fn next_walks_each_kind_through_its_phases() {
        let walk = |kind: RoundKind, picked: bool| {
            let mut phase = Phase::Intro;
            let mut seen = vec![phase];
            for _ in 0..10 {
                let st = ItemState { kind, picked, judged: phase == Phase::Answering, speed_over: true };
                match next_step(phase, st).expect("allowed") {
                    Step::To(p) => {
                        // the buzz itself moves `open` to `answering`; here nobody buzzes
                        phase = p;
                        seen.push(p);
                    }
                    Step::NextItem => break,
                    Step::PassQuestion => unreachable!(),
                }
            }
            seen
        };
        use Phase::*;
        assert_eq!(walk(RoundKind::Required, false), vec![Intro, Question, Answering, Judged, Reveal, Scoreboard]);
        assert_eq!(walk(RoundKind::Buzz, false), vec![Intro, Question, Open, Reveal, Scoreboard]);
        assert_eq!(walk(RoundKind::Risk, true), vec![Intro, Pick, Question, Answering, Judged, Reveal, Scoreboard]);
        assert_eq!(walk(RoundKind::Speed, false), vec![Intro, Speed, Scoreboard]);
    }

    /// Protects the refusals: no question before a risk value, no moving on
    /// from answering without a judgment, nothing before the start or after
    /// the end; a speed turn with time left passes the question.
    #[test]
    fn next_refuses_what_the_phase_does_not_allow() {
        assert!(next_step(Phase::Pick, item(RoundKind::Risk)).is_err_and(|e| e.contains("分值")));
        assert!(next_step(Phase::Answering, item(RoundKind::Required)).is_err_and(|e| e.contains("判定")));
        assert!(next_step(Phase::Setup, item(RoundKind::Buzz)).is_err());
        assert!(next_step(Phase::Podium, item(RoundKind::Buzz)).is_err());
        assert_eq!(next_step(Phase::Speed, item(RoundKind::Speed)), Ok(Step::PassQuestion));
        assert!(!may_judge(Phase::Question, false) && may_judge(Phase::Answering, false));
        assert!(!may_judge(Phase::Judged, true) && may_judge(Phase::Judged, false), "again only after an undo");
        assert!(may_replace(Phase::Open, 0) && !may_replace(Phase::Open, 1) && !may_replace(Phase::Reveal, 0));
    }

    /// Protects the points of each kind: 必答/抢答 right +X wrong −Y, 风险题
    /// ± the picked value, 限时速答 like 必答.
    #[test]
    fn judgments_score_by_round_kind() {
        let s = settings();
        assert_eq!(judge_points(&s, RoundKind::Required, true, None), 10);
        assert_eq!(judge_points(&s, RoundKind::Buzz, false, None), -5);
        assert_eq!(judge_points(&s, RoundKind::Risk, true, Some(30)), 30);
        assert_eq!(judge_points(&s, RoundKind::Risk, false, Some(20)), -20);
        assert_eq!(judge_points(&s, RoundKind::Speed, true, None), 10);
    }

    /// Protects fair buzzing: the committed order decides the place, a
    /// second buzz of a team keeps its first place, a buzz before the
    /// opening is a foul penalised once per team and item, and a buzz in
    /// another kind of round or after the judgment counts for nothing.
    #[test]
    fn buzzes_are_placed_in_order_and_early_ones_are_fouls() {
        let k = RoundKind::Buzz;
        assert_eq!(buzz(k, Phase::Open, &[], &[], 7), Buzz::Placed { place: 1 });
        assert_eq!(buzz(k, Phase::Answering, &[7], &[], 8), Buzz::Placed { place: 2 });
        assert_eq!(buzz(k, Phase::Answering, &[7, 8], &[], 7), Buzz::Again { place: 1 });
        assert_eq!(buzz(k, Phase::Question, &[], &[], 7), Buzz::Foul { penalised: true });
        assert_eq!(buzz(k, Phase::Question, &[], &[7], 7), Buzz::Foul { penalised: false });
        assert_eq!(buzz(k, Phase::Reveal, &[], &[], 7), Buzz::Closed);
        assert_eq!(buzz(RoundKind::Required, Phase::Question, &[], &[], 7), Buzz::Closed);
        assert_eq!(foul_points(&settings(), true), -3);
        assert_eq!(foul_points(&settings(), false), 0);
    }

    /// Protects scores and undo: undone events count for nothing, undo takes
    /// the newest standing event (a correction included), and twice undoes two.
    #[test]
    fn scores_skip_undone_events_and_undo_takes_the_last() {
        let mut ev = vec![
            ScoreEvent { id: 1, team: 1, points: 10, undone: false },
            ScoreEvent { id: 2, team: 2, points: -5, undone: false },
            ScoreEvent { id: 5, team: 1, points: 3, undone: false }, // a correction
        ];
        assert_eq!(scores(&[1, 2, 3], &ev), BTreeMap::from([(1, 13), (2, -5), (3, 0)]));
        assert_eq!(undo_target(&ev), Some(5));
        ev[2].undone = true;
        assert_eq!(undo_target(&ev), Some(2));
        ev[1].undone = true;
        assert_eq!(scores(&[1, 2, 3], &ev), BTreeMap::from([(1, 10), (2, 0), (3, 0)]));
        ev[0].undone = true;
        assert_eq!(undo_target(&ev), None, "nothing left to undo");
    }

    /// Protects corrections: a reason and a non-zero delta within bounds.
    #[test]
    fn corrections_need_a_delta_and_a_reason() {
        assert!(check_correction(5, "主持人误判").is_ok());
        assert!(check_correction(-5, "扣分").is_ok());
        assert!(check_correction(0, "无").is_err());
        assert!(check_correction(5, "  ").is_err());
        assert!(check_correction(20_000, "太多").is_err());
    }

    /// Protects the rotation: in turn, each round one team further on;
    /// speed by turns of `per_team`; 抢答 has no turn team.
    #[test]
    fn teams_rotate_and_each_round_starts_further_on() {
        let req: Vec<_> = (0..6).map(|i| turn_team(RoundKind::Required, i, 2, 3, 0)).collect();
        assert_eq!(req, vec![Some(0), Some(1), Some(2), Some(0), Some(1), Some(2)]);
        assert_eq!(turn_team(RoundKind::Risk, 0, 1, 3, 1), Some(1));
        let speed: Vec<_> = (0..6).map(|i| turn_team(RoundKind::Speed, i, 2, 3, 0)).collect();
        assert_eq!(speed, vec![Some(0), Some(0), Some(1), Some(1), Some(2), Some(2)]);
        assert_eq!(turn_team(RoundKind::Buzz, 0, 1, 3, 0), None);
        assert!(starts_block(RoundKind::Speed, 2, 2) && !starts_block(RoundKind::Speed, 3, 2));
        assert!(starts_block(RoundKind::Buzz, 0, 5) && !starts_block(RoundKind::Buzz, 1, 5));
        assert_eq!(start_phase(RoundKind::Risk, false), Phase::Pick);
    }

    /// Protects the speed deadline: inclusive, and nothing without one.
    #[test]
    fn speed_answers_count_until_the_deadline() {
        assert!(speed_open(1000, Some(1000)));
        assert!(!speed_open(1001, Some(1000)));
        assert!(!speed_open(0, None));
    }

    /// Protects the podium: ties share a place, the next place skips.
    #[test]
    fn the_podium_shares_places_on_ties() {
        assert_eq!(podium(&[(1, 20), (2, 30), (3, 20), (4, 5)]), vec![(2, 1), (1, 2), (3, 2), (4, 4)]);
    }

    /// Protects the audience ranking and the choice check (多选: the exact set).
    #[test]
    fn audience_ranks_by_correct_then_time() {
        let r = audience_ranking(vec![
            AudienceRecord { device: 1, correct: 2, ms: 9000 },
            AudienceRecord { device: 2, correct: 3, ms: 12000 },
            AudienceRecord { device: 3, correct: 2, ms: 4000 },
        ]);
        assert_eq!(r.iter().map(|a| a.device).collect::<Vec<_>>(), vec![2, 3, 1]);
        assert!(choice_right(&[0, 2], &[2, 0]));
        assert!(!choice_right(&[0, 2], &[0]));
        assert!(!choice_right(&[1], &[]));
        assert!(!choice_right(&[1], &[1, 1, 2]));
    }

    /// Protects what is public: no question on the title card or the pick,
    /// the key only from the reveal.
    #[test]
    fn the_question_and_key_show_only_in_their_phases() {
        assert!(!Phase::Pick.shows_question() && !Phase::Intro.shows_question());
        assert!(Phase::Open.shows_question() && !Phase::Open.reveals());
        assert!(!Phase::Judged.reveals() && Phase::Reveal.reveals() && Phase::Scoreboard.reveals());
        for p in ["intro", "pick", "open", "podium", "speed"] {
            assert_eq!(Phase::parse(p).map(Phase::as_str), Some(p));
        }
    }
}
