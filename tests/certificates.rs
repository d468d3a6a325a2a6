//! Certificates an office will stamp, on a real database file: a 证书编号
//! per prize winner in ranking order, the same in the results and in the
//! exported workbook and CSV; the date in Chinese numerals (the contest's
//! close date, or the date the organizer sets); the wording from the
//! organizer's template (知识竞赛 by default); the 套打 offsets kept; bad
//! input refused in Chinese; staff refused.

use crate::contests::{finished_contest, ContestFixture};
use calamine::{Data, Reader, Xlsx};
use lawquiz::service::certificates::{OverlayLayout, SaveCertificateSettingsRequest};
use lawquiz::service::export::{ExportContestRequest, ExportFormat, ExportTable};
use std::io::Cursor;

#[test]
fn each_prize_winner_has_a_unique_stable_certificate_number_also_in_the_export() {
    let ContestFixture { f, org, id } = finished_contest();
    let results = f.svc.contest_results(&org, id).expect("results");
    let winners: Vec<_> = results.ranking.iter().filter(|r| r.tier.is_some()).collect();
    assert!(winners.len() >= 2, "the fixture has two prize winners");
    for (i, w) in winners.iter().enumerate() {
        assert_eq!(w.certificate_no.as_deref(), Some(format!("2026-{:03}-{:03}", id.0, i + 1).as_str()));
    }
    assert!(results.ranking.iter().filter(|r| r.tier.is_none()).all(|r| r.certificate_no.is_none()));
    // Stable: asked again, the same numbers.
    assert_eq!(f.svc.contest_results(&org, id).expect("again").ranking, results.ranking);

    // The workbook's 排名 sheet carries them in a 证书编号 column.
    let file = f
        .svc
        .export_contest(&org, &ExportContestRequest { id, format: ExportFormat::Xlsx, table: ExportTable::Ranking })
        .expect("export");
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(file.bytes)).expect("a workbook");
    let sheet = wb.worksheet_range("排名").expect("排名");
    assert_eq!(sheet.get((1, 10)), Some(&Data::String("证书编号".into())));
    for (i, row) in results.ranking.iter().enumerate() {
        let cell = sheet.get((i + 2, 10)).map(|d| d.to_string()).unwrap_or_default();
        assert_eq!(cell, row.certificate_no.clone().unwrap_or_default(), "row {i}");
    }
    // And the ranking CSV.
    let csv = f
        .svc
        .export_contest(&org, &ExportContestRequest { id, format: ExportFormat::Csv, table: ExportTable::Ranking })
        .expect("csv");
    let text = String::from_utf8(csv.bytes[3..].to_vec()).expect("utf-8");
    assert!(text.lines().next().is_some_and(|h| h.ends_with(",奖项,证书编号")), "header: {text}");
    for w in &winners {
        let no = w.certificate_no.as_deref().expect("number");
        assert!(text.lines().any(|l| l.contains(&w.staff_no) && l.ends_with(no)), "{no} in the CSV: {text}");
    }
}

#[test]
fn certificates_carry_the_unit_the_chinese_date_the_number_and_the_default_wording() {
    let ContestFixture { f, org, id } = finished_contest();
    let mut s = f.svc.settings().expect("settings");
    s.issuing_unit = "  某某市 司法局 ".into();
    f.svc.update_settings(&org, s).expect("unit saved");
    let sheet = f.svc.certificates(&org, id).expect("certificates");
    assert_eq!(sheet.issuing_unit, "某某市司法局", "tidied, no stray spaces");
    assert_eq!(sheet.issue_date, "2026-12-04", "the contest's close date");
    assert_eq!(sheet.date_text, "二〇二六年十二月四日");
    assert!(!sheet.date_set);
    let results = f.svc.contest_results(&org, id).expect("results");
    let winners: Vec<_> = results.ranking.iter().filter(|r| r.tier.is_some()).collect();
    assert_eq!(sheet.certificates.len(), winners.len(), "one certificate per prize winner");
    for (c, w) in sheet.certificates.iter().zip(&winners) {
        assert_eq!(Some(c.number.clone()), w.certificate_no);
        assert_eq!(c.salutation, format!("{}同志：", w.name));
        let tier = w.tier.as_deref().expect("tier");
        assert_eq!(c.body, format!("在某某市司法局组织的2026年宪法民法典知识竞赛中荣获{tier}，特发此证，以资鼓励。"));
        assert!(!c.body.contains("有奖竞答"), "a certificate says 知识竞赛");
    }
}

#[test]
fn the_organizer_sets_the_wording_the_date_and_the_overlay_offsets() {
    let ContestFixture { f, org, id } = finished_contest();
    let mut overlay = OverlayLayout::default();
    overlay.number.x_mm = 41.5;
    overlay.name.show = true;
    let req = |template: &str, date: Option<&str>, overlay: OverlayLayout| SaveCertificateSettingsRequest {
        id,
        template: template.into(),
        overlay,
        issue_date: date.map(String::from),
    };
    let sheet = f
        .svc
        .save_certificate_settings(&org, req("{姓名}同志：荣获{竞赛名称}{奖项}。", Some("2026-12-10"), overlay))
        .expect("saved");
    assert_eq!(sheet.date_text, "二〇二六年十二月十日");
    assert!(sheet.date_set);
    assert_eq!(sheet.overlay.number.x_mm, 41.5);
    assert!(sheet.overlay.name.show);
    let first = &sheet.certificates[0];
    assert_eq!(first.body, format!("荣获2026年宪法民法典知识有奖竞答{}。", first.tier));
    // Kept across a restart of the service (stored in the settings table).
    assert_eq!(f.svc.certificates(&org, id).expect("again"), sheet);
    // Back to the close date with an empty date.
    let back = f.svc.save_certificate_settings(&org, req("{姓名}同志：{奖项}", Some(""), overlay)).expect("saved");
    assert_eq!(back.issue_date, "2026-12-04");

    // Refused, saying why.
    let bad = |r| f.svc.save_certificate_settings(&org, r).expect_err("refused").to_string();
    assert!(bad(req("{姓明}同志：", None, overlay)).contains("{姓明}"));
    assert!(bad(req("  ", None, overlay)).contains("请填写证书措辞"));
    assert!(bad(req("{姓名}", Some("12/04/2026"), overlay)).contains("2026-12-04"));
    let mut off = overlay;
    off.date.y_mm = 250.0;
    assert!(bad(req("{姓名}", None, off)).contains("超出了纸张"));
    // Staff may not read or change them.
    let staff = f.staff_session("1001");
    assert!(f.svc.certificates(&staff, id).is_err());
    assert!(f.svc.save_certificate_settings(&staff, req("{姓名}", None, overlay)).is_err());
}
