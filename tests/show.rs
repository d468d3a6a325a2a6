//! The live show (现场竞答) at the service layer, on a real database file
//! with a clock the test moves: set-up checks, the phases of each round
//! kind, fouls, risk values, the speed round's deadline, undo and
//! corrections (with the audit log), the audience (first answer counts, no
//! key before the reveal, ranking only of revealed items), a team device
//! that cannot answer for another team, a restart resuming the same
//! question, phase and scores, and the workbook.

use crate::util::Fixture;
use lawquiz::service::auth::Actor;
use lawquiz::service::show_api::*;
use lawquiz::store::Db;

pub fn team(name: &str, colour: &str) -> TeamSpec {
    TeamSpec { name: name.into(), colour: colour.into(), department: None, members: vec!["张三".into()] }
}

pub fn round(kind: RoundKind, count: u32) -> RoundSpec {
    RoundSpec {
        title: format!("{}环节", kind_name(kind)),
        kind,
        points_right: None,
        points_wrong: None,
        foul_penalty: Some(5),
        answer_seconds: Some(20),
        risk_values: None,
        speed_seconds: Some(30),
        count: Some(count),
        rule: Some(ShowRule {
            subject: crate::util::law("宪法"),
            part: None,
            chapter: None,
            qtype: Some(lawquiz::core::question::QType::Single),
            difficulty: None,
            pool: Default::default(),
        }),
        question_ids: vec![],
    }
}

fn kind_name(k: RoundKind) -> &'static str {
    match k {
        RoundKind::Required => "必答",
        RoundKind::Buzz => "抢答",
        RoundKind::Risk => "风险题",
        RoundKind::Speed => "限时速答",
    }
}

pub fn spec(rounds: Vec<RoundSpec>) -> ShowSpec {
    ShowSpec {
        title: "宪法知识擂台赛".into(),
        unit_name: "某某局".into(),
        teams: vec![team("红队", "team-1"), team("蓝队", "team-2"), team("绿队", "team-3")],
        rounds,
    }
}

fn act(f: &Fixture, org: &Actor, id: i64, action: ShowAction) -> ShowConsole {
    f.svc
        .show_action(org, ShowActionRequest { id, action: action.clone() })
        .unwrap_or_else(|e| panic!("{action:?}: {e}"))
}

fn join(f: &Fixture, code: &str, role: &str, team: Option<i64>, name: &str) -> ShowJoined {
    f.svc
        .show_join(ShowJoinRequest { code: code.into(), role: role.into(), team, name: name.into() }, "127.0.0.1")
        .expect("join")
}

fn wrong_of(key: &[u8], c: &ShowConsole) -> Vec<u8> {
    let q = c.public.question.as_ref().expect("question shown");
    vec![q.options.iter().map(|o| o.id).find(|id| !key.contains(id)).expect("a wrong option")]
}

fn score(c: &ShowConsole, team: i64) -> i64 {
    c.public.teams.iter().find(|t| t.id == team).expect("team").score
}

/// Protects the set-up checks and that only setup shows change or go.
#[test]
fn set_up_is_checked_and_frozen_once_started() {
    let f = Fixture::new();
    let org = f.organizer();
    let mut bad = spec(vec![round(RoundKind::Buzz, 2)]);
    bad.teams.truncate(1);
    let e = f.svc.show_save(&org, ShowSaveRequest { id: None, spec: bad }).expect_err("one team");
    assert!(e.to_string().contains("2 到 12"), "{e}");
    let huge = spec(vec![round(RoundKind::Buzz, 200)]);
    let e = f.svc.show_save(&org, ShowSaveRequest { id: None, spec: huge }).expect_err("not enough questions?");
    assert!(e.to_string().contains("第 1 轮"), "{e}");
    let c =
        f.svc.show_save(&org, ShowSaveRequest { id: None, spec: spec(vec![round(RoundKind::Buzz, 2)]) }).expect("save");
    assert_eq!(c.code.len(), 6);
    assert_eq!(c.state, "setup");
    // a team device may join before the start; editing the teams keeps it
    let early = join(&f, &c.code, "team", Some(c.public.teams[0].id), "");
    let mut renamed = spec(vec![round(RoundKind::Buzz, 2)]);
    renamed.teams[0].name = "红旗队".into();
    renamed.teams.pop();
    let c = f.svc.show_save(&org, ShowSaveRequest { id: Some(c.id), spec: renamed }).expect("edit");
    assert_eq!(c.public.teams.len(), 2);
    assert_eq!((c.public.teams[0].name.as_str(), c.public.teams[0].devices), ("红旗队", 1));
    assert_eq!(f.svc.show_public(&early.device_token).expect("still joined").teams[0].name, "红旗队");
    let started = f.svc.show_start(&org, c.id).expect("start");
    assert_eq!(started.items.len(), 2);
    assert_eq!(started.public.phase, Phase::Intro);
    assert!(f.svc.show_save(&org, ShowSaveRequest { id: Some(c.id), spec: spec(vec![]) }).is_err());
    assert!(f.svc.show_delete(&org, c.id).is_err(), "a started show keeps its record");
    let staff = f.staff(&org, "1001", "王芳", "办公室");
    assert!(f.svc.show_list(&staff).is_err(), "organizers only");
    let log = f.svc.audit_log(&org, 10).expect("audit");
    assert!(log.iter().any(|r| r.action == "创建现场竞答"));
    assert!(log.iter().any(|r| r.action == "开始现场竞答"));
}

/// Protects a 抢答 item end to end: a buzz before the opening is a foul
/// (penalised once), the first buzz after it wins and moves to answering,
/// a later one is placed second, the winner's device answers and is
/// auto-judged, wrong takes points off; undo and a correction with a
/// reason, all in the audit log.
#[test]
fn a_buzz_item_scores_fouls_wins_and_undoes() {
    let f = Fixture::new();
    let org = f.organizer();
    let c =
        f.svc.show_save(&org, ShowSaveRequest { id: None, spec: spec(vec![round(RoundKind::Buzz, 2)]) }).expect("save");
    let c = f.svc.show_start(&org, c.id).expect("start");
    let (red, blue) = (c.public.teams[0].id, c.public.teams[1].id);
    let r = join(&f, &c.code, "team", Some(red), "");
    let b = join(&f, &c.code, "team", Some(blue), "");
    let id = c.id;
    act(&f, &org, id, ShowAction::Next); // intro → question
    let foul = f.svc.show_buzz(DeviceRequest { device_token: r.device_token.clone() }).expect("buzz");
    assert!(foul.foul && !foul.accepted, "{foul:?}");
    let again = f.svc.show_buzz(DeviceRequest { device_token: r.device_token.clone() }).expect("buzz");
    assert!(again.foul);
    let c = f.svc.show_get(&org, id).expect("get");
    assert_eq!(score(&c, red), -5, "one penalty for a held-down button, not two");
    assert_eq!(c.public.fouls.len(), 2);
    let c = act(&f, &org, id, ShowAction::OpenBuzz);
    assert_eq!(c.public.phase, Phase::Open);
    f.clock.advance(time::Duration::milliseconds(340));
    let win = f.svc.show_buzz(DeviceRequest { device_token: b.device_token.clone() }).expect("buzz");
    assert!(win.accepted && win.won && win.place == Some(1), "{win:?}");
    assert_eq!(win.ms_after_open, Some(340));
    let second = f.svc.show_buzz(DeviceRequest { device_token: r.device_token.clone() }).expect("buzz");
    assert_eq!(second.place, Some(2));
    assert!(!second.won);
    let c = f.svc.show_get(&org, id).expect("get");
    assert_eq!(c.public.phase, Phase::Answering);
    assert_eq!(c.public.turn_team, Some(blue));
    assert_eq!(c.public.remaining_ms, Some(20_000));
    let key = c.key.clone().expect("console key").answer;
    let item = c.public.item.as_ref().expect("item").id;
    // red lost the buzz: it may not answer for blue
    let e = f
        .svc
        .show_answer(ShowAnswerRequest { device_token: r.device_token.clone(), item, choice: key.clone() })
        .expect_err("not red's turn");
    assert_eq!(e.code(), "forbidden");
    let ack = f
        .svc
        .show_answer(ShowAnswerRequest { device_token: b.device_token.clone(), item, choice: wrong_of(&key, &c) })
        .expect("answer");
    assert_eq!(ack.correct, Some(false));
    let c = f.svc.show_get(&org, id).expect("get");
    assert_eq!(c.public.phase, Phase::Judged);
    assert_eq!(score(&c, blue), -10, "抢答 wrong: −10 by default");
    // a judgment stands until undone
    assert!(f.svc.show_action(&org, ShowActionRequest { id, action: ShowAction::Judge { right: true } }).is_err());
    let c = act(&f, &org, id, ShowAction::Undo);
    assert_eq!(score(&c, blue), 0);
    let c = act(&f, &org, id, ShowAction::Judge { right: true });
    assert_eq!(score(&c, blue), 10, "re-judged after the undo");
    let e = f
        .svc
        .show_action(
            &org,
            ShowActionRequest { id, action: ShowAction::Correct { team: red, delta: 3, reason: " ".into() } },
        )
        .expect_err("a reason is required");
    assert!(e.to_string().contains("原因"));
    let c = act(&f, &org, id, ShowAction::Correct { team: red, delta: 3, reason: "犯规判罚有误".into() });
    assert_eq!(score(&c, red), -2);
    let c = act(&f, &org, id, ShowAction::Undo);
    assert_eq!(score(&c, red), -5, "undo takes the correction back first");
    assert!(c.log.iter().any(|e| e.kind == "undo"));
    let log = f.svc.audit_log(&org, 20).expect("audit");
    assert!(log.iter().filter(|r| r.action == "撤销现场竞答计分").count() == 2);
    assert!(log.iter().any(|r| r.action == "更正现场竞答分数" && r.detail.contains("犯规判罚有误")));
}

/// Protects 风险题: the question stays hidden until a value is picked (by
/// the turn team's device only), right adds it, wrong takes it off.
#[test]
fn risk_values_are_picked_before_the_question_and_scored_both_ways() {
    let f = Fixture::new();
    let org = f.organizer();
    let mut s = spec(vec![round(RoundKind::Risk, 1)]);
    s.teams.truncate(2);
    let c = f.svc.show_save(&org, ShowSaveRequest { id: None, spec: s }).expect("save");
    let c = f.svc.show_start(&org, c.id).expect("start");
    let id = c.id;
    let first = c.public.item.as_ref().and_then(|i| i.team).expect("turn team");
    let other = c.public.teams.iter().map(|t| t.id).find(|t| *t != first).expect("other");
    let mine = join(&f, &c.code, "team", Some(first), "");
    let theirs = join(&f, &c.code, "team", Some(other), "");
    let c = act(&f, &org, id, ShowAction::Next);
    assert_eq!(c.public.phase, Phase::Pick);
    assert!(c.public.question.is_none(), "hidden while picking");
    assert!(f.svc.show_action(&org, ShowActionRequest { id, action: ShowAction::Next }).is_err(), "no value yet");
    assert!(f.svc.show_pick(ShowPickRequest { device_token: theirs.device_token.clone(), value: 30 }).is_err());
    assert!(f.svc.show_pick(ShowPickRequest { device_token: mine.device_token.clone(), value: 25 }).is_err());
    f.svc.show_pick(ShowPickRequest { device_token: mine.device_token.clone(), value: 30 }).expect("pick");
    act(&f, &org, id, ShowAction::Next); // question
    let c = act(&f, &org, id, ShowAction::Next); // answering
    assert_eq!(c.public.phase, Phase::Answering);
    let c = act(&f, &org, id, ShowAction::Judge { right: false });
    assert_eq!(score(&c, first), -30);
    act(&f, &org, id, ShowAction::Reveal);
    act(&f, &org, id, ShowAction::Next); // scoreboard
    let c = act(&f, &org, id, ShowAction::Next); // second item: the other team
    assert_eq!(c.public.item.as_ref().and_then(|i| i.team), Some(other));
    act(&f, &org, id, ShowAction::PickValue { value: 20 });
    act(&f, &org, id, ShowAction::Next);
    act(&f, &org, id, ShowAction::Next);
    let c = act(&f, &org, id, ShowAction::Judge { right: true });
    assert_eq!(score(&c, other), 20);
    // after the last item's scoreboard, next ends the show on the podium
    act(&f, &org, id, ShowAction::Reveal);
    act(&f, &org, id, ShowAction::Next);
    let c = act(&f, &org, id, ShowAction::Next);
    assert_eq!((c.state.as_str(), c.public.phase), ("finished", Phase::Podium));
    let podium = c.public.podium.expect("podium");
    assert_eq!((podium[0].team.id, podium[0].place), (other, 1));
    assert!(f.svc.audit_log(&org, 5).expect("audit").iter().any(|r| r.action == "结束现场竞答"));
}

/// Protects 限时速答: the turn team answers question after question, each
/// auto-judged, until the deadline; an answer after it is not counted and
/// the rest of the turn is skipped at the scoreboard.
#[test]
fn the_speed_round_counts_until_its_deadline() {
    let f = Fixture::new();
    let org = f.organizer();
    let mut s = spec(vec![round(RoundKind::Speed, 5)]);
    s.teams.truncate(2);
    let c = f.svc.show_save(&org, ShowSaveRequest { id: None, spec: s }).expect("save");
    let c = f.svc.show_start(&org, c.id).expect("start");
    let id = c.id;
    let t = c.public.item.as_ref().and_then(|i| i.team).expect("turn");
    let dev = join(&f, &c.code, "team", Some(t), "");
    let c = act(&f, &org, id, ShowAction::Next);
    assert_eq!(c.public.phase, Phase::Speed);
    assert_eq!(c.public.remaining_ms, Some(30_000));
    for _ in 0..2 {
        let c = f.svc.show_get(&org, id).expect("get");
        let item = c.public.item.as_ref().expect("item").id;
        let key = c.key.expect("key").answer;
        let ack = f
            .svc
            .show_answer(ShowAnswerRequest { device_token: dev.device_token.clone(), item, choice: key })
            .expect("ans");
        assert_eq!(ack.correct, Some(true));
        f.clock.advance(time::Duration::seconds(5));
    }
    let c = f.svc.show_get(&org, id).expect("get");
    assert_eq!(score(&c, t), 20);
    assert_eq!(c.public.item.as_ref().map(|i| i.number), Some(3), "the third question of the turn");
    f.clock.advance(time::Duration::seconds(21)); // past the 30 s
    let item = c.public.item.as_ref().expect("item").id;
    let key = c.key.expect("key").answer;
    let late = f
        .svc
        .show_answer(ShowAnswerRequest { device_token: dev.device_token.clone(), item, choice: key })
        .expect("ans");
    assert!(!late.counted);
    let c = act(&f, &org, id, ShowAction::Next);
    assert_eq!(c.public.phase, Phase::Scoreboard);
    assert_eq!(score(&c, t), 20);
    let c = act(&f, &org, id, ShowAction::Next);
    assert_eq!(c.public.phase, Phase::Intro, "the next team's turn starts with its card");
    assert_ne!(c.public.item.as_ref().and_then(|i| i.team), Some(t));
    assert!(c.items.iter().filter(|i| i.state == "skipped").count() >= 2);
}

/// Protects the audience: the first answer counts, nothing of the key in
/// any public payload before the reveal, the distribution and fastest
/// correct after it, the ranking only of revealed items.
#[test]
fn the_audience_answers_once_and_sees_the_key_only_at_the_reveal() {
    let f = Fixture::new();
    let org = f.organizer();
    let c =
        f.svc.show_save(&org, ShowSaveRequest { id: None, spec: spec(vec![round(RoundKind::Buzz, 1)]) }).expect("save");
    let c = f.svc.show_start(&org, c.id).expect("start");
    let id = c.id;
    let a = join(&f, &c.code, "audience", None, "小李");
    let b = join(&f, &c.code, "audience", None, "");
    assert_eq!(b.show.audience.joined, 2);
    let screen = f.svc.show_screen_token(&org, id).expect("screen");
    assert!(screen.path.starts_with("/#/show-screen?t="));
    let c = act(&f, &org, id, ShowAction::Next);
    let key = c.key.clone().expect("key");
    let item = c.public.item.as_ref().expect("item").id;
    let no_key = |p: &ShowPublic| {
        let json = serde_json::to_value(p).expect("json");
        assert!(json["reveal"].is_null(), "{json}");
        assert!(json["audience"]["distribution"].is_null());
        let text = json.to_string();
        assert!(key.explanation.is_empty() || !text.contains(&key.explanation), "explanation leaked");
        assert!(!text.contains("\"answer\""), "an answer field leaked");
    };
    no_key(&f.svc.show_public(&screen.token).expect("public"));
    f.clock.advance(time::Duration::milliseconds(1500));
    let first = f
        .svc
        .show_answer(ShowAnswerRequest { device_token: a.device_token.clone(), item, choice: key.answer.clone() })
        .expect("answer");
    assert!(first.counted && first.correct.is_none(), "{first:?}");
    assert_eq!(first.counted_as, Some(1));
    let twice = f
        .svc
        .show_answer(ShowAnswerRequest {
            device_token: a.device_token.clone(),
            item,
            choice: wrong_of(&key.answer, &c),
        })
        .expect("answer");
    assert!(!twice.counted, "the first answer counts");
    f.svc
        .show_answer(ShowAnswerRequest {
            device_token: b.device_token.clone(),
            item,
            choice: wrong_of(&key.answer, &c),
        })
        .expect("answer");
    act(&f, &org, id, ShowAction::OpenBuzz);
    let p = f.svc.show_public(&a.device_token).expect("public");
    no_key(&p);
    assert_eq!(p.audience.answered, 2);
    assert!(p.audience.top.is_empty(), "no ranking before the reveal");
    let c = act(&f, &org, id, ShowAction::Reveal);
    let p = c.public;
    assert_eq!(p.reveal.as_ref().map(|r| &r.answer), Some(&key.answer));
    let dist = p.audience.distribution.expect("distribution");
    assert_eq!(dist.iter().map(|d| d.count).sum::<i64>(), 2);
    assert_eq!(p.audience.fastest.expect("fastest")[0].name, "小李");
    assert_eq!(p.audience.top[0].name, "小李");
    assert_eq!(p.audience.top[0].ms, 1500);
    // a screen cannot answer, a revoked device is gone
    assert!(f
        .svc
        .show_answer(ShowAnswerRequest { device_token: screen.token.clone(), item, choice: vec![0] })
        .is_err());
    let dev = c.devices.iter().find(|d| d.name == "小李").expect("device").id;
    f.svc.show_revoke(&org, ShowRevokeRequest { id, device: dev }).expect("revoke");
    assert_eq!(f.svc.show_public(&a.device_token).expect_err("revoked").code(), "unauthorized");
}

/// Protects the restart: a new service on the same file (the host PC was
/// restarted) shows the same item, phase, deadline and scores, and the
/// devices' tokens still work.
#[test]
fn a_restart_resumes_the_same_question_phase_and_scores() {
    let f = Fixture::new();
    let org = f.organizer();
    let c =
        f.svc.show_save(&org, ShowSaveRequest { id: None, spec: spec(vec![round(RoundKind::Buzz, 3)]) }).expect("save");
    let c = f.svc.show_start(&org, c.id).expect("start");
    let id = c.id;
    let red = c.public.teams[0].id;
    let dev = join(&f, &c.code, "team", Some(red), "");
    act(&f, &org, id, ShowAction::Next);
    act(&f, &org, id, ShowAction::OpenBuzz);
    f.svc.show_buzz(DeviceRequest { device_token: dev.device_token.clone() }).expect("buzz");
    let before = act(&f, &org, id, ShowAction::Judge { right: true });
    let Fixture { db, svc, clock } = f;
    drop(svc);
    let store: Db = lawquiz::store::open(&db.path).expect("reopen");
    let svc = lawquiz::service::Service::with_db(store, clock.clone()).expect("service");
    let org = svc.authenticate(&login(&svc)).expect("organizer");
    let after = svc.show_get(&org, id).expect("get");
    assert_eq!(after.public.phase, Phase::Judged);
    assert_eq!(after.public.item, before.public.item);
    assert_eq!(after.public.teams, before.public.teams);
    assert_eq!(score(&after, red), 10);
    let p = svc.show_public(&dev.device_token).expect("the device's token survives");
    assert_eq!(p.version, after.public.version);
}

fn login(svc: &lawquiz::service::Service) -> String {
    svc.login_organizer(
        lawquiz::service::api::OrganizerLoginRequest { username: "admin".into(), password: "organizer-pass".into() },
        "127.0.0.1",
    )
    .expect("login")
    .token
}

/// Protects the oath: phrases of the shipped text, its source, the date in
/// Chinese, the show's unit; the step is stored and bounded.
#[test]
fn the_oath_is_served_phrase_by_phrase_and_its_step_kept() {
    let f = Fixture::new();
    let org = f.organizer();
    let c =
        f.svc.show_save(&org, ShowSaveRequest { id: None, spec: spec(vec![round(RoundKind::Buzz, 1)]) }).expect("save");
    let o = f.svc.oath_text(OathRequest { show: Some(c.id) }).expect("oath");
    assert_eq!(o.lines[0], "我宣誓：");
    assert!(o.source.contains("全国人民代表大会常务委员会"));
    assert_eq!(o.date_text, "二〇二六年十二月四日");
    assert_eq!(o.unit_name, "某某局");
    let c = f.svc.show_oath_step(&org, ShowOathStepRequest { id: c.id, step: 3 }).expect("step");
    assert_eq!(c.public.oath_step, 3);
    assert!(f.svc.show_oath_step(&org, ShowOathStepRequest { id: c.id, step: 99 }).is_err());
}

/// Protects the export: the workbook has the four sheets and the standings
/// in order.
#[test]
fn the_show_exports_standings_log_audience_and_items() {
    use calamine::{Reader, Xlsx};
    let f = Fixture::new();
    let org = f.organizer();
    let c = f
        .svc
        .show_save(&org, ShowSaveRequest { id: None, spec: spec(vec![round(RoundKind::Required, 1)]) })
        .expect("save");
    let c = f.svc.show_start(&org, c.id).expect("start");
    let id = c.id;
    act(&f, &org, id, ShowAction::Next);
    act(&f, &org, id, ShowAction::Next);
    act(&f, &org, id, ShowAction::Judge { right: true });
    act(&f, &org, id, ShowAction::Finish);
    let file = f.svc.show_export(&org, id).expect("export");
    assert!(file.file_name.ends_with(".xlsx"));
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(file.bytes)).expect("xlsx");
    assert_eq!(wb.sheet_names(), vec!["总成绩", "过程记录", "观众排名", "题目"]);
    let standings = wb.worksheet_range("总成绩").expect("sheet");
    let first: Vec<String> = standings.rows().nth(2).expect("row").iter().map(|c| c.to_string()).collect();
    assert_eq!(first[0], "1");
    assert_eq!(first[4], "10");
    let log = wb.worksheet_range("过程记录").expect("sheet");
    assert!(log.rows().any(|r| r.iter().any(|c| c.to_string().contains("判定"))));
    // the winning team's certificate, through the existing certificate sheet
    let req = lawquiz::service::show_export::ShowCertificatesRequest { id, team_places: Some(1), audience: Some(3) };
    let sheet = f.svc.show_certificates(&org, &req).expect("certificates");
    assert_eq!(sheet.certificates.len(), 1, "one team placed first, no audience answered");
    let cert = &sheet.certificates[0];
    assert_eq!(cert.tier, "团体第一名");
    assert!(cert.number.starts_with("2026-S") && cert.number.ends_with("-001"), "{}", cert.number);
    assert!(cert.body.contains("团体第一名"));
    // A team is addressed by its name alone (红队：), never as 红队同志：.
    assert!(cert.salutation.ends_with('：') && !cert.salutation.contains("同志"), "{}", cert.salutation);
    assert_eq!(sheet.date_text, "二〇二六年十二月四日");
}
