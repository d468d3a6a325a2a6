//! 我的成绩 and the result screen's promises at the service layer: a
//! person's own handed-in attempts (never another's, never a key), the rank
//! once published, the counted attempt marked; the result says when the
//! answers and the rank will be shown, from the review rule and the state.

use crate::util::Fixture;
use lawquiz::core::paper::DrawRule;
use lawquiz::core::practice::Scope;
use lawquiz::core::question::QType;
use lawquiz::service::api::*;
use time::Duration;

fn spec(title: &str, pass_mark: u32, attempts: u32) -> ContestSpec {
    ContestSpec {
        title: title.into(),
        opens_at: "2026-12-04T08:00".into(),
        closes_at: "2026-12-04T11:00".into(),
        time_limit_minutes: 30,
        attempts_allowed: attempts,
        counting: Counting::Best,
        pass_mark,
        review: ReviewRule::AfterClose,
        multi_scoring: Default::default(),
        paper: vec![DrawRule {
            count: 2,
            qtype: QType::Judge,
            scope: Scope { subject: crate::util::law("宪法"), part: None, chapter: None },
            difficulty: None,
            points: 5,
            pool: Default::default(),
        }],
        tiers: vec![],
        lottery: None,
        library_during_attempt: false,
    }
}

#[test]
fn my_results_lists_my_own_attempts_with_the_rank_once_published() {
    let f = Fixture::new();
    let org = f.organizer();
    let a = f.staff(&org, "1001", "李明", "办公室");
    let b = f.staff(&org, "1002", "张华", "法规科");
    let c = f.svc.save_contest(&org, SaveContestRequest { id: None, spec: spec("宪法日竞答", 5, 2) }).expect("saved");
    f.svc.set_contest_state(&org, SetStateRequest { id: c.id, state: "open".into() }).expect("open");
    assert!(f.svc.my_results(&a).expect("empty").is_empty(), "nothing before an attempt");

    // A hands in twice (nothing answered: 0 points, 未及格); B once.
    let mut mine = Vec::new();
    for _ in 0..2 {
        let v = f.svc.start_attempt(&a, c.id).expect("start");
        f.clock.advance(Duration::minutes(3));
        let r = f.svc.submit_attempt(&a, v.attempt_id).expect("submit");
        // The result screen: when the answers and the rank will be shown.
        assert!(r
            .answers_when
            .as_deref()
            .is_some_and(|w| w.contains("竞答结束后公布答案") && w.contains("12月4日 11:00")));
        assert!(r.rank_when.as_deref().is_some_and(|w| w.contains("公布成绩后显示名次")));
        assert_eq!((r.pass_mark, r.passed, r.closes_at.as_str()), (5, false, "2026-12-04 11:00"));
        mine.push(v.attempt_id);
    }
    let vb = f.svc.start_attempt(&b, c.id).expect("b starts");
    f.svc.submit_attempt(&b, vb.attempt_id).expect("b submits");

    let list = f.svc.my_results(&a).expect("my results");
    assert_eq!(list.iter().map(|r| r.attempt_id).collect::<Vec<_>>(), vec![mine[1], mine[0]], "mine, newest first");
    assert!(list.iter().all(|r| r.title == "宪法日竞答" && !r.passed && r.rank.is_none() && r.max_score == 10));
    assert_eq!(list.iter().filter(|r| r.counted).count(), 1, "one attempt counts");
    assert_eq!(list[1].attempt_no, 1);
    assert!(list[0].submitted_at.starts_with("2026-12-04 "), "local time: {}", list[0].submitted_at);
    let json = serde_json::to_string(&list).expect("json");
    for key in ["solution", "key", "review", "explanation"] {
        assert!(!json.contains(&format!("\"{key}\"")), "no {key} in 我的成绩: {json}");
    }
    assert_eq!(f.svc.my_results(&org).err().map(|e| e.code()), Some("forbidden"), "staff only");

    // Published: the rank appears; the result no longer promises it.
    f.svc.set_contest_state(&org, SetStateRequest { id: c.id, state: "closed".into() }).expect("close");
    f.svc.set_contest_state(&org, SetStateRequest { id: c.id, state: "published".into() }).expect("publish");
    let list = f.svc.my_results(&a).expect("my results");
    assert!(list.iter().all(|r| r.rank.is_some() && r.participants == Some(2)), "{list:?}");
    let r = f.svc.attempt_result(&a, mine[0]).expect("result");
    assert_eq!((r.answers_when, r.rank_when), (None, None));
    assert!(r.review.is_some());
}

/// An attempt whose time ran out is handed in by the backend and listed.
#[test]
fn an_attempt_left_past_its_deadline_is_listed_as_handed_in() {
    let f = Fixture::new();
    let org = f.organizer();
    let a = f.staff(&org, "1001", "李明", "办公室");
    let c = f.svc.save_contest(&org, SaveContestRequest { id: None, spec: spec("限时竞答", 0, 1) }).expect("saved");
    f.svc.set_contest_state(&org, SetStateRequest { id: c.id, state: "open".into() }).expect("open");
    let v = f.svc.start_attempt(&a, c.id).expect("start");
    f.clock.advance(Duration::minutes(45));
    let list = f.svc.my_results(&a).expect("my results");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].attempt_id, v.attempt_id);
    assert!(list[0].passed && list[0].pass_mark == 0, "no pass mark: every score passes");
}
