//! The hall screen's data (会场大屏) at the service layer: the banner's unit,
//! 已交卷 of the active staff, the reveal step the organizer drives (kept per
//! contest, reset when the contest moves on, organizers only), and the tiers
//! with their vacancies as big_screen gives them (the page skips empty ones).

use crate::util::Fixture;
use lawquiz::core::contest::Tier;
use lawquiz::core::paper::DrawRule;
use lawquiz::core::practice::Scope;
use lawquiz::core::question::QType;
use lawquiz::service::api::*;
use lawquiz::service::hall::{HallStepRequest, MAX_STEP};

fn spec() -> ContestSpec {
    let mut top = Tier::new("特等奖", 1);
    top.min_score = Some(30);
    ContestSpec {
        title: "国家宪法日知识竞赛".into(),
        opens_at: "2026-12-04T08:00".into(),
        closes_at: "2026-12-04T18:00".into(),
        time_limit_minutes: 30,
        attempts_allowed: 1,
        counting: Counting::Best,
        pass_mark: 0,
        review: ReviewRule::AfterClose,
        multi_scoring: Default::default(),
        paper: vec![DrawRule {
            count: 3,
            qtype: QType::Single,
            scope: Scope { subject: crate::util::law("宪法"), part: None, chapter: None },
            difficulty: None,
            points: 10,
            pool: Default::default(),
        }],
        tiers: vec![top, Tier::new("一等奖", 1)],
        lottery: None,
        library_during_attempt: false,
    }
}

#[test]
fn the_hall_screen_carries_the_unit_the_expected_staff_and_a_step_per_contest_state() {
    let f = Fixture::new();
    let org = f.organizer();
    let mut settings = f.svc.settings().expect("settings");
    settings.issuing_unit = "某某市司法局".into();
    f.svc.update_settings(&org, settings).expect("unit");
    let me = f.staff(&org, "1001", "李明", "办公室");
    f.staff(&org, "1002", "张华", "法规科");
    f.staff(&org, "1003", "王芳", "法规科");
    f.staff(&org, "1004", "赵强", "办公室");
    let leaving = SaveEmployeeRequest {
        id: None,
        staff_no: "1004".into(),
        name: "赵强".into(),
        department: "办公室".into(),
        active: false,
        pin: None,
    };
    f.svc.save_employee(&org, leaving).expect("赵强 left: inactive");
    let c = f.svc.save_contest(&org, SaveContestRequest { id: None, spec: spec() }).expect("saved");
    f.svc.set_contest_state(&org, SetStateRequest { id: c.id, state: "open".into() }).expect("open");
    let id = ContestIdRequest { id: c.id };

    let hall = f.svc.hall_screen(&org, &id).expect("hall");
    assert_eq!(hall.issuing_unit, "某某市司法局");
    assert_eq!(hall.expected, 3, "active staff only");
    assert_eq!((hall.screen.participants, hall.step), (0, 0));
    assert!(hall.screen.closes_in_ms > 0, "the deadline comes from the backend");

    // One hands in; the organizer steps the hall to its live board.
    let view = f.svc.start_attempt(&me, c.id).expect("attempt");
    f.svc.submit_attempt(&me, view.attempt_id).expect("handed in");
    f.svc.set_hall_step(&org, &HallStepRequest { id: c.id, step: 1 }).expect("step");
    let hall = f.svc.hall_screen(&org, &id).expect("hall");
    assert_eq!((hall.screen.participants, hall.expected, hall.step), (1, 3, 1));

    // JSON as the page reads it: the big screen's fields and the hall's.
    let json = serde_json::to_value(&hall).expect("json");
    for key in ["title", "state", "closes_in_ms", "participants", "top", "tiers", "lottery_note", "step", "expected"] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }

    // Closed: the step taken during the contest does not skip the reveal.
    f.svc.set_contest_state(&org, SetStateRequest { id: c.id, state: "closed".into() }).expect("closed");
    let hall = f.svc.hall_screen(&org, &id).expect("hall");
    assert_eq!(hall.step, 0, "a new state starts at the first screen");
    // The tier nobody reached stays in the data, empty, with its note (the
    // hall page skips it; the results page and exports still say it).
    let top = hall.screen.tiers.iter().find(|t| t.tier == "特等奖").expect("特等奖");
    assert!(top.people.is_empty() && top.vacancy_note.as_deref() == Some("本奖项空缺"), "{top:?}");
    f.svc.set_hall_step(&org, &HallStepRequest { id: c.id, step: 2 }).expect("step");
    assert_eq!(f.svc.hall_screen(&org, &id).expect("hall").step, 2, "kept");

    // Organizers only; a step past any screen is refused.
    let staff = f.staff_session("1002");
    assert_eq!(f.svc.hall_screen(&staff, &id).err().map(|e| e.code()), Some("forbidden"));
    let by_staff = f.svc.set_hall_step(&staff, &HallStepRequest { id: c.id, step: 0 });
    assert_eq!(by_staff.err().map(|e| e.code()), Some("forbidden"));
    let too_far = f.svc.set_hall_step(&org, &HallStepRequest { id: c.id, step: MAX_STEP + 1 });
    assert_eq!(too_far.err().map(|e| e.code()), Some("invalid_input"));
    assert_eq!(f.svc.hall_screen(&org, &id).expect("hall").step, 2, "unchanged by the refusals");
}

/// The hall goes to a display other than the organizer's, the largest of
/// them; with one display, to that one.
#[test]
fn the_hall_window_goes_to_the_second_display() {
    use lawquiz::commands::hall::hall_display;
    let laptop = (0, 0, 1366, 768);
    let projector = (1366, 0, 1920, 1080);
    let small = (-1024, 0, 1024, 768);
    assert_eq!(hall_display(Some(laptop), &[laptop, projector]), Some((1, true)));
    assert_eq!(hall_display(Some(projector), &[laptop, projector]), Some((0, true)), "the organizer on the big one");
    assert_eq!(hall_display(Some(laptop), &[small, laptop, projector]), Some((2, true)), "the largest other");
    assert_eq!(hall_display(Some(laptop), &[laptop]), Some((0, false)), "one display: that one");
    assert_eq!(hall_display(None, &[laptop, projector]), Some((0, false)), "no organizer window known");
    assert_eq!(hall_display(Some(laptop), &[]), None);
}
