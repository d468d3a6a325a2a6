//! Prizes on a real database file (issue 12): one valid draw per contest, a
//! re-draw only after a void with a reason, everything on record; prize
//! tiers with a floor leave places vacant in results, screen and exports.

use crate::contests::{answer_all, finished_contest, open_contest, spec, ContestFixture};
use crate::util::Fixture;
use lawquiz::core::contest::Tier;
use lawquiz::core::ids::ContestId;
use lawquiz::service::api::*;
use lawquiz::service::auth::Actor;
use lawquiz::service::export::{ExportContestRequest, ExportFormat, ExportTable};
use time::Duration;

/// A cell of a sheet of an exported workbook, as text ("" when empty).
fn cells(bytes: &[u8], sheet: &str) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("a workbook");
    let range = wb.worksheet_range(sheet).unwrap_or_else(|e| panic!("sheet {sheet}: {e}"));
    range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

fn export(f: &Fixture, org: &Actor, id: ContestId, format: ExportFormat, table: ExportTable) -> Vec<u8> {
    f.svc.export_contest(org, &ExportContestRequest { id, format, table }).expect("export").bytes
}

/// Protects issue 12's draw rule on a real database file: a second draw of
/// the contest's lottery is refused while a valid draw exists; voiding needs
/// an organizer and a reason of at least 4 characters; after the void a new
/// draw is allowed, and only one. Every draw and the void stay visible:
/// contest_results lists both (已作废 with reason, who, when), the workbook
/// and the CSV have them with their status, the audit log has 作废抽奖 with
/// the draw, phrase and reason, verify_draw still reruns the voided one, and
/// the big screen shows only the valid draw with a note about the voided one.
#[test]
fn a_redraw_is_refused_until_the_draw_is_voided_and_everything_stays_on_record() {
    let ContestFixture { f, org, id } = finished_contest();
    let first = f.svc.run_draw(&org, DrawRequest { id, phrase: "宪法日快乐".into() }).expect("the first draw");
    assert_eq!((first.seq, first.status.as_str(), first.status_name.as_str()), (1, "valid", "有效"));

    // Drawing again until the result suits is refused.
    let again = f.svc.run_draw(&org, DrawRequest { id, phrase: "再抽一次".into() }).expect_err("re-draw refused");
    assert_eq!(again.code(), "invalid_input");
    assert_eq!(again.to_string(), "已经抽过奖。如需重新抽奖，请先作废上一次抽奖并写明原因。");
    assert_eq!(f.svc.contest_results(&org, id).expect("results").draws.len(), 1, "nothing was drawn");

    // Voiding: organizer only, with a real reason.
    let staff = f.staff(&org, "1009", "孙丽", "办公室");
    let void = |who: &Actor, reason: &str| {
        f.svc.void_draw(who, VoidDrawRequest { id, draw_id: first.id, reason: reason.into() })
    };
    assert_eq!(void(&staff, "口令念错了").err().map(|e| e.code()), Some("forbidden"));
    for short in ["", "   ", "念错了", "  重抽  "] {
        let e = void(&org, short).expect_err("a reason of at least 4 characters");
        assert!(e.to_string().contains("至少 4 个字"), "{short:?}: {e}");
    }
    let missing = f.svc.void_draw(&org, VoidDrawRequest { id, draw_id: first.id + 100, reason: "没有这次抽奖".into() });
    assert_eq!(missing.err().map(|e| e.code()), Some("not_found"));
    f.clock.advance(Duration::minutes(2));
    let voided = void(&org, "  现场口令念错了，重新宣布  ").expect("voided");
    assert_eq!((voided.status.as_str(), voided.status_name.as_str()), ("voided", "已作废"));
    assert_eq!(voided.void_reason.as_deref(), Some("现场口令念错了，重新宣布"), "trimmed");
    assert!(voided.voided_at.is_some() && voided.voided_by.is_some());
    assert_eq!(void(&org, "再作废一次试试").err().map(|e| e.code()), Some("invalid_input"), "voided once");

    // While nothing valid is left, the big screen shows no winners but says why.
    let screen = f.svc.big_screen(&org, id).expect("screen");
    assert_eq!(screen.lottery, None);
    assert_eq!(
        screen.lottery_note.as_deref(),
        Some("第 1 次抽奖已作废（原因：现场口令念错了，重新宣布），等待重新抽奖")
    );

    // Now a new draw is allowed, and only one.
    let second = f.svc.run_draw(&org, DrawRequest { id, phrase: "法治同行2026".into() }).expect("drawn again");
    assert_eq!((second.seq, second.status.as_str()), (2, "valid"));
    let third = f.svc.run_draw(&org, DrawRequest { id, phrase: "第三次".into() }).expect_err("refused again");
    assert_eq!(third.to_string(), "已经抽过奖。如需重新抽奖，请先作废上一次抽奖并写明原因。");

    // contest_results: both, oldest first, the void with reason, who and when.
    let res = f.svc.contest_results(&org, id).expect("results");
    let draws: Vec<(i64, u32, &str)> = res.draws.iter().map(|d| (d.id, d.seq, d.status_name.as_str())).collect();
    assert_eq!(draws, vec![(first.id, 1, "已作废"), (second.id, 2, "有效")]);
    assert_eq!(res.draws[0].void_reason.as_deref(), Some("现场口令念错了，重新宣布"));
    assert_eq!(res.draws[0].voided_by, Some(first.actor.clone()));
    assert_eq!(res.draws[0].phrase, "宪法日快乐", "the voided draw keeps its phrase and winners");
    assert_eq!(res.draws[0].winners, first.winners);
    assert_eq!(res.draws[1].voided_at, None);

    // verify_draw still reruns the voided draw.
    let v = f.svc.verify_draw(&org, VerifyDrawRequest { id, draw_id: first.id }).expect("verify the voided draw");
    assert!(v.same_winners && v.same_list);

    // The audit log: both draws and the void, with its draw, phrase and reason.
    let log = f.svc.audit_log(&org, 50).expect("audit");
    let voids: Vec<&lawquiz::service::api::AuditEntry> = log.iter().filter(|r| r.action == "作废抽奖").collect();
    assert_eq!(voids.len(), 1, "{log:?}");
    let detail: serde_json::Value = serde_json::from_str(&voids[0].detail).expect("json detail");
    assert_eq!(detail["draw"], serde_json::json!(first.id));
    assert_eq!(detail["seed_phrase"], "宪法日快乐");
    assert_eq!(detail["reason"], "现场口令念错了，重新宣布");
    assert_eq!(log.iter().filter(|r| r.action == "抽奖").count(), 2, "both draws are in the audit log");

    // The workbook and the CSV list both draws with their status.
    let sheet = cells(&export(&f, &org, id, ExportFormat::Xlsx, ExportTable::Ranking), "抽奖记录");
    assert_eq!(sheet[1][..3], ["第几次", "状态", "口令"]);
    assert_eq!(sheet.len(), 4, "title, header and both draws: {sheet:?}");
    assert_eq!(sheet[2][..3], ["1", "已作废", "宪法日快乐"]);
    assert_eq!(sheet[2][11], "现场口令念错了，重新宣布");
    assert!(!sheet[2][9].is_empty() && !sheet[2][10].is_empty(), "when and by whom: {:?}", sheet[2]);
    assert_eq!(sheet[3][..3], ["2", "有效", "法治同行2026"]);
    assert_eq!(sheet[3][9..], ["", "", ""]);
    let csv = String::from_utf8(export(&f, &org, id, ExportFormat::Csv, ExportTable::Draws)).expect("utf-8");
    let lines: Vec<&str> = csv.trim_start_matches('\u{FEFF}').lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[1].starts_with("1,已作废,宪法日快乐,") && lines[1].ends_with(",现场口令念错了，重新宣布"), "{csv}");
    assert!(lines[2].starts_with("2,有效,法治同行2026,"), "{csv}");

    // The big screen shows only the valid draw, and says the first was voided.
    let screen = f.svc.big_screen(&org, id).expect("screen");
    assert_eq!(screen.lottery.as_ref().map(|d| d.id), Some(second.id));
    assert_eq!(screen.voided_draws.iter().map(|v| v.seq).collect::<Vec<_>>(), vec![1]);
    assert_eq!(screen.lottery_note.as_deref(), Some("第 1 次抽奖已作废（原因：现场口令念错了，重新宣布），以本次为准"));
    let json = serde_json::to_string(&screen).expect("json");
    assert!(!json.contains("宪法日快乐"), "the voided draw's phrase is not on the screen: {json}");
}

/// Protects issue 12's tier floors on a real database file: places nobody
/// eligible reaches stay vacant. 一等奖 (≥ 40, pass) goes to the fastest
/// full score, 二等奖 (2 places, pass) to the other full score only — the
/// failed taker (0 points, pass mark 20) gets nothing where today's code gave
/// them 二等奖 — and 三等奖 (pass) is vacant. The results, the big screen,
/// the workbook and the CSV say 空缺 1 名 and 本奖项空缺, and the failed
/// person's own result after publishing shows no prize.
#[test]
fn a_tier_floor_leaves_places_vacant_in_results_screen_and_export() {
    let f = Fixture::new();
    let org = f.organizer();
    let a = f.staff(&org, "1001", "李明", "办公室");
    let b = f.staff(&org, "1002", "张华", "办公室");
    let c = f.staff(&org, "1003", "赵敏", "法规科");
    let mut s = spec();
    s.tiers = vec![
        Tier { name: "一等奖".into(), count: 1, min_score: Some(40), require_pass: true },
        Tier { name: "二等奖".into(), count: 2, min_score: None, require_pass: true },
        Tier { name: "三等奖".into(), count: 1, min_score: None, require_pass: true },
    ];
    // A floor above the full score is refused with the numbers.
    let mut too_high = s.clone();
    too_high.tiers[0].min_score = Some(41);
    let e = f.svc.save_contest(&org, SaveContestRequest { id: None, spec: too_high }).expect_err("floor above 40");
    assert!(e.to_string().contains("最低分 41 分高于满分 40 分"), "{e}");
    let id = open_contest(&f, &org, s);
    let mut b_attempt = None;
    for (who, right, minutes) in [(&a, 5, 5), (&c, 5, 8), (&b, 0, 3)] {
        let v = f.svc.start_attempt(who, id).expect("start");
        answer_all(&f, who, &v, right);
        f.clock.advance(Duration::minutes(minutes));
        f.svc.submit_attempt(who, v.attempt_id).expect("submit");
        f.clock.advance(Duration::minutes(-minutes));
        if right == 0 {
            b_attempt = Some(v.attempt_id);
        }
    }
    f.svc.set_contest_state(&org, SetStateRequest { id, state: "closed".into() }).expect("close");

    let res = f.svc.contest_results(&org, id).expect("results");
    let got: Vec<(&str, i64, Option<&str>)> =
        res.ranking.iter().map(|r| (r.staff_no.as_str(), r.score, r.tier.as_deref())).collect();
    assert_eq!(got, vec![("1001", 40, Some("一等奖")), ("1003", 40, Some("二等奖")), ("1002", 0, None)]);
    let tiers: Vec<(&str, u32, u32, Option<&str>)> =
        res.tiers.iter().map(|t| (t.name.as_str(), t.awarded, t.vacant, t.vacancy_note.as_deref())).collect();
    assert_eq!(
        tiers,
        vec![("一等奖", 1, 0, None), ("二等奖", 1, 1, Some("空缺 1 名")), ("三等奖", 0, 1, Some("本奖项空缺"))]
    );
    assert_eq!(res.tiers[0].floor.as_deref(), Some("≥ 40 分，须及格"));

    let screen = f.svc.big_screen(&org, id).expect("screen");
    let notes: Vec<(usize, Option<&str>)> =
        screen.tiers.iter().map(|t| (t.people.len(), t.vacancy_note.as_deref())).collect();
    assert_eq!(notes, vec![(1, None), (1, Some("空缺 1 名")), (0, Some("本奖项空缺"))]);

    let xlsx = export(&f, &org, id, ExportFormat::Xlsx, ExportTable::Ranking);
    let prizes = cells(&xlsx, "奖项");
    assert_eq!(prizes[1], ["奖项", "名额", "获奖条件", "获奖人数", "空缺名额", "说明", "获奖人"]);
    assert_eq!(prizes[2], ["一等奖", "1", "≥ 40 分，须及格", "1", "0", "满额", "李明（1001）"]);
    assert_eq!(prizes[3], ["二等奖", "2", "须及格", "1", "1", "空缺 1 名", "赵敏（1003）"]);
    assert_eq!(prizes[4], ["三等奖", "1", "须及格", "0", "1", "本奖项空缺", ""]);
    let ranking = cells(&xlsx, "排名");
    assert_eq!((ranking[4][1].as_str(), ranking[4][9].as_str()), ("1002", ""), "the failed taker has no prize");
    let csv = String::from_utf8(export(&f, &org, id, ExportFormat::Csv, ExportTable::Prizes)).expect("utf-8");
    assert!(
        csv.contains("二等奖,2,须及格,1,1,空缺 1 名,赵敏（1003）") && csv.contains("三等奖,1,须及格,0,1,本奖项空缺,"),
        "{csv}"
    );

    f.svc.set_contest_state(&org, SetStateRequest { id, state: "published".into() }).expect("publish");
    let mine = f.svc.attempt_result(&b, b_attempt.expect("b's attempt")).expect("b's result");
    assert_eq!((mine.rank, mine.tier, mine.passed), (Some(3), None, false));
}
