//! 学时 from offline study on a real database file: the sign-in sheet's
//! errors (sheet, row, column; nothing ticked), .xlsx and GB18030 CSV, the
//! ledger recomputed after an edit and a deletion (both audited), the 学时
//! report split into in-app and offline, 首页's 学时 by source, the 学时证明
//! and the export read back.

use crate::util::Fixture;
use calamine::{Data, Reader, Xlsx};
use lawquiz::core::ids::EmployeeId;
use lawquiz::core::offline::ActivityKind;
use lawquiz::service::api::StudyEventRequest;
use lawquiz::service::auth::Actor;
use lawquiz::service::export::{ExportFormat, ExportStudyRequest};
use lawquiz::service::import::ImportRequest;
use lawquiz::service::offline::{SaveActivityRequest, StatementRequest};
use lawquiz::service::settings::Settings;
use std::io::Cursor;

struct Office {
    f: Fixture,
    org: Actor,
    li: Actor,
}

/// 李明 (1001) and 王芳 (1002) of 办公室, 张伟 (1003) of 政策法规处; one
/// 学时 per 10 minutes, campaign target 2 学时.
fn office() -> Office {
    let f = Fixture::new();
    let org = f.organizer();
    f.svc
        .update_settings(
            &org,
            Settings {
                minutes_per_hour: 10,
                target_hours_campaign: 2.0,
                target_hours_year: 4.0,
                ..Settings::default()
            },
        )
        .expect("settings");
    let li = f.staff(&org, "1001", "李明", "办公室");
    f.staff(&org, "1002", "王芳", "办公室");
    f.staff(&org, "1003", "张伟", "政策法规处");
    Office { f, org, li }
}

fn id_of(o: &Office, staff_no: &str) -> EmployeeId {
    o.f.svc.people(&o.org).expect("people").employees.iter().find(|e| e.staff_no == staff_no).expect("person").id
}

fn group_study(o: &Office, id: Option<i64>, hours: f64, who: &[&str]) -> i64 {
    o.f.svc
        .save_activity(
            &o.org,
            SaveActivityRequest {
                id,
                kind: ActivityKind::GroupStudy,
                title: "学习民法典合同编".into(),
                held_on: "2026-12-01".into(),
                hours,
                attendees: who.iter().map(|n| id_of(o, n)).collect(),
            },
        )
        .expect("saved")
        .id
}

fn csv(name: &str, text: &str) -> ImportRequest {
    ImportRequest { file_name: name.into(), bytes: text.as_bytes().to_vec(), contest_only: false }
}

#[test]
fn a_sign_in_sheet_names_people_by_staff_no_or_name_and_department() {
    let o = office();
    let p =
        o.f.svc
            .preview_sign_in(&o.org, &csv("签到.csv", "工号,姓名,部门\n1001,李明,办公室\n,张伟,政策法规处\n"))
            .expect("read");
    assert!(p.errors.is_empty(), "{:?}", p.error_lines);
    let names: Vec<&str> = p.people.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["李明", "张伟"]);

    // The same sheet saved by Excel on Chinese Windows (GB18030).
    let (gbk, _, _) = encoding_rs::GB18030.encode("姓名,部门\n王芳,办公室\n");
    let p =
        o.f.svc
            .preview_sign_in(
                &o.org,
                &ImportRequest { file_name: "签到.csv".into(), bytes: gbk.into_owned(), contest_only: false },
            )
            .expect("GB18030");
    assert_eq!(p.people.iter().map(|s| s.staff_no.as_str()).collect::<Vec<_>>(), ["1002"]);

    // And as a workbook with a title row above the header.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("签到表").expect("name");
    for (r, row) in
        [["12月集体学法签到表", "", ""], ["工号", "姓名", "签名"], ["1003", "张伟", "张伟"]].iter().enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).expect("cell");
        }
    }
    let bytes = wb.save_to_buffer().expect("xlsx");
    let p =
        o.f.svc
            .preview_sign_in(&o.org, &ImportRequest { file_name: "签到.xlsx".into(), bytes, contest_only: false })
            .expect("xlsx");
    assert_eq!(p.people.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["张伟"]);
    assert_eq!(p.ignored_columns, ["签名"]);
}

#[test]
fn a_sign_in_sheet_with_a_bad_row_names_nobody_and_says_where() {
    let o = office();
    let p = o
        .f
        .svc
        .preview_sign_in(&o.org, &csv("签到.csv", "工号,姓名,部门\n1001,李明,办公室\n1009,赵六,办公室\n,王芳,人事处\n"))
        .expect("read");
    assert!(p.people.is_empty(), "all or nothing: no one is ticked while a row is bad");
    assert_eq!(
        p.error_lines,
        [
            "工作表“签到.csv”第 3 行，“工号”列：没有工号为 1009 的人员，请先在“人员”中添加",
            "工作表“签到.csv”第 4 行，“部门”列：人事处没有叫王芳的人员",
        ]
    );
    let e = o.f.svc.preview_sign_in(&o.org, &csv("签到.pdf", "x")).expect_err("not a sheet");
    assert!(e.to_string().contains(".xlsx 或 .csv"), "{e}");
    assert!(o.f.svc.preview_sign_in(&o.li, &csv("签到.csv", "工号\n1001\n")).is_err(), "organizers only");
}

#[test]
fn the_ledger_follows_an_edit_and_a_deletion_and_both_are_audited() {
    let o = office();
    let sources = |o: &Office| o.f.svc.my_study_sources(&o.li).expect("sources");
    assert_eq!(sources(&o).total_hours_campaign, 0.0);
    let id = group_study(&o, None, 2.0, &["1001", "1002"]);
    let s = sources(&o);
    assert_eq!(s.total_hours_campaign, 2.0);
    assert_eq!(
        s.sources.iter().map(|x| (x.source.as_str(), x.hours_campaign)).collect::<Vec<_>>(),
        [("在线学习", 0.0), ("集体学法", 2.0)]
    );

    // The organizer corrects the hours and drops 李明: his ledger follows.
    group_study(&o, Some(id), 1.5, &["1001"]);
    assert_eq!(sources(&o).total_hours_campaign, 1.5);
    group_study(&o, Some(id), 1.5, &["1002"]);
    assert_eq!(sources(&o).total_hours_campaign, 0.0, "no longer an attendee");
    group_study(&o, Some(id), 1.5, &["1001", "1002"]);
    o.f.svc.delete_activity(&o.org, id).expect("deleted");
    assert_eq!(sources(&o).total_hours_campaign, 0.0, "a deleted activity gives nobody hours");
    assert!(o.f.svc.delete_activity(&o.org, id).is_err(), "already gone");

    let log = o.f.svc.audit_log(&o.org, 50).expect("audit");
    let actions: Vec<&str> = log.iter().map(|a| a.action.as_str()).filter(|a| a.contains("线下学习")).collect();
    assert_eq!(actions.iter().filter(|a| **a == "修改线下学习").count(), 3);
    assert!(actions.contains(&"新增线下学习") && actions.contains(&"删除线下学习"), "{actions:?}");
    let edit = log.iter().find(|a| a.action == "修改线下学习").expect("an edit");
    assert!(edit.detail.contains("before"), "an edit keeps what it changed: {}", edit.detail);
}

#[test]
fn bad_activities_are_refused_and_staff_cannot_record_them() {
    let o = office();
    let req = |hours: f64, held_on: &str| SaveActivityRequest {
        id: None,
        kind: ActivityKind::Training,
        title: "培训".into(),
        held_on: held_on.into(),
        hours,
        attendees: vec![],
    };
    assert!(o.f.svc.save_activity(&o.org, req(0.0, "2026-12-01")).is_err());
    assert!(o.f.svc.save_activity(&o.org, req(2.0, "12月1日")).is_err());
    assert!(o.f.svc.save_activity(&o.li, req(2.0, "2026-12-01")).is_err(), "organizers only");
    let mut ghost = req(2.0, "2026-12-01");
    ghost.attendees = vec![EmployeeId(999)];
    assert!(o.f.svc.save_activity(&o.org, ghost).is_err(), "no one outside the roster");
    assert!(o.f.svc.activities(&o.org).expect("list").activities.is_empty(), "nothing half-saved");
}

#[test]
fn the_report_splits_in_app_and_offline_and_counts_the_total_against_the_target() {
    let o = office();
    // 李明 studies 12 minutes in the app (1.2 学时 at 10 minutes each).
    for _ in 0..=12 {
        o.f.svc.study_event(&o.li, StudyEventRequest { kind: "practice".into() }).expect("event");
        o.f.clock.advance(time::Duration::minutes(1));
    }
    group_study(&o, None, 1.5, &["1001", "1003"]);
    let r = o.f.svc.study_report(&o.org).expect("report");
    let li = r.people.iter().find(|p| p.staff_no == "1001").expect("李明");
    assert_eq!((li.hours_campaign, li.offline_hours_campaign, li.total_hours_campaign), (1.2, 1.5, 2.7));
    assert!(!li.below_target, "2.7 of 2 学时, in-app alone would not reach it");
    let zhang = r.people.iter().find(|p| p.staff_no == "1003").expect("张伟");
    assert_eq!((zhang.hours_campaign, zhang.offline_hours_campaign, zhang.total_hours_campaign), (0.0, 1.5, 1.5));
    assert!(zhang.below_target);
    let office = r.departments.iter().find(|d| d.name == "办公室").expect("办公室");
    assert_eq!(office.avg_hours_campaign, 1.4, "(2.7 + 0) / 2, to one decimal");

    let file = o.f.svc.export_study(&o.org, &ExportStudyRequest { format: ExportFormat::Xlsx }).expect("export");
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(file.bytes)).expect("xlsx");
    let p = wb.worksheet_range("按人员").expect("sheet");
    let header: Vec<String> = (0..13).map(|c| p.get((1, c)).map(|d| d.to_string()).unwrap_or_default()).collect();
    assert_eq!(&header[4..7], ["本期在线学时", "本期线下学时", "本期合计学时"]);
    let row = (2..p.height()).find(|&y| p.get((y, 0)) == Some(&Data::String("1001".into()))).expect("李明's row");
    assert_eq!(p.get((row, 4)), Some(&Data::Float(1.2)));
    assert_eq!(p.get((row, 5)), Some(&Data::Float(1.5)));
    assert_eq!(p.get((row, 6)), Some(&Data::Float(2.7)));
}

#[test]
fn the_year_statement_lists_every_activity_and_the_export_reads_back() {
    let o = office();
    let mut s = o.f.svc.settings().expect("settings");
    s.issuing_unit = "XX市司法局".into();
    o.f.svc.update_settings(&o.org, s).expect("unit");
    group_study(&o, None, 2.0, &["1001"]);
    o.f.svc
        .save_activity(
            &o.org,
            SaveActivityRequest {
                id: None,
                kind: ActivityKind::ConstitutionDay,
                title: "国家宪法日宪法宣誓".into(),
                held_on: "2026-12-04".into(),
                hours: 0.5,
                attendees: vec![id_of(&o, "1001"), id_of(&o, "1002")],
            },
        )
        .expect("saved");
    let st =
        o.f.svc
            .study_statement(&o.org, &StatementRequest { employee_id: id_of(&o, "1001"), year: None })
            .expect("statement");
    assert_eq!((st.year, st.name.as_str(), st.unit.as_str()), (2026, "李明", "XX市司法局"));
    assert_eq!(
        st.lines.iter().map(|l| l.title.as_str()).collect::<Vec<_>>(),
        ["学习民法典合同编", "国家宪法日宪法宣誓"]
    );
    assert_eq!((st.offline_hours, st.total_hours), (2.5, 2.5));
    assert_eq!(st.issued_on, "二〇二六年十二月四日");
    assert!(o
        .f
        .svc
        .study_statement(&o.org, &StatementRequest { employee_id: id_of(&o, "1001"), year: Some(2099) })
        .is_err());

    let file = o.f.svc.export_activities(&o.org).expect("export");
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(file.bytes)).expect("xlsx");
    let list = wb.worksheet_range("学习活动").expect("sheet");
    assert_eq!(list.get((1, 0)), Some(&Data::String("日期".into())));
    assert_eq!(list.get((2, 2)), Some(&Data::String("国家宪法日宪法宣誓".into())), "newest first");
    assert_eq!(list.get((2, 4)), Some(&Data::Float(2.0)), "two attended");
    let people = wb.worksheet_range("参加人员").expect("sheet");
    assert_eq!(people.height(), 2 + 3, "title, header and one row per attendance");
}
