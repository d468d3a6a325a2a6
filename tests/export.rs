//! Exports read back: the contest workbook cell by cell with calamine
//! (sheets, title, header, types, values, order), the CSV with its BOM and
//! formula guard, and the study-hours workbook.

use crate::contests::{finished_contest, ContestFixture};
use calamine::{Data, Reader, Xlsx};
use lawquiz::service::export::{ExportContestRequest, ExportFormat, ExportStudyRequest, ExportTable};
use std::io::Cursor;

fn sheet(bytes: &[u8], name: &str) -> calamine::Range<Data> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("a real xlsx workbook");
    wb.worksheet_range(name).unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

#[test]
fn the_contest_workbook_has_typed_cells_in_ranking_order() {
    let ContestFixture { f, org, id } = finished_contest();
    let file = f
        .svc
        .export_contest(&org, &ExportContestRequest { id, format: ExportFormat::Xlsx, table: ExportTable::Ranking })
        .expect("export");
    assert!(file.file_name.starts_with("2026年宪法民法典知识有奖竞答-成绩-2026") && file.file_name.ends_with(".xlsx"));
    let r = sheet(&file.bytes, "排名");
    let title = r.get((0, 0)).expect("title cell").to_string();
    assert!(title.contains("2026年宪法民法典知识有奖竞答") && title.contains("排名"), "title row: {title}");
    assert_eq!(r.get((1, 0)), Some(&Data::String("名次".into())), "header row");
    assert_eq!(r.get((1, 9)), Some(&Data::String("奖项".into())));
    let results = f.svc.contest_results(&org, id).expect("results");
    for (i, row) in results.ranking.iter().enumerate() {
        let y = (i + 2) as u32;
        assert_eq!(r.get((y as usize, 0)), Some(&Data::Float(f64::from(row.rank))), "rank is a number");
        assert_eq!(r.get((y as usize, 1)), Some(&Data::String(row.staff_no.clone())), "工号 stays text");
        assert_eq!(r.get((y as usize, 4)), Some(&Data::Float(row.score as f64)), "score is a number");
    }
    let d = sheet(&file.bytes, "部门统计");
    assert_eq!(d.get((1, 0)), Some(&Data::String("部门".into())));
    assert_eq!(d.height(), results.departments.len() + 2);
}

#[test]
fn csv_has_a_bom_and_never_starts_a_cell_with_a_formula() {
    let ContestFixture { f, org, id } = finished_contest();
    let file = f
        .svc
        .export_contest(&org, &ExportContestRequest { id, format: ExportFormat::Csv, table: ExportTable::Departments })
        .expect("export");
    assert!(file.bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM so Excel opens it");
    let text = String::from_utf8(file.bytes[3..].to_vec()).expect("utf-8");
    let mut lines = text.split("\r\n");
    assert_eq!(lines.next(), Some("部门,在职人数,参赛人数,参与率,平均分,及格率"));
    assert!(text.contains("'=SUM(A1)"), "a department named like a formula is kept as text: {text}");
    let ranking = f
        .svc
        .export_contest(&org, &ExportContestRequest { id, format: ExportFormat::Csv, table: ExportTable::Ranking })
        .expect("ranking csv");
    let text = String::from_utf8(ranking.bytes[3..].to_vec()).expect("utf-8");
    assert!(text.lines().nth(1).is_some_and(|l| l.starts_with("1,")), "first row is rank 1: {text}");
}

#[test]
fn the_study_report_exports_per_person_and_department() {
    let ContestFixture { f, org, .. } = finished_contest();
    let file = f.svc.export_study(&org, &ExportStudyRequest { format: ExportFormat::Xlsx }).expect("export");
    let p = sheet(&file.bytes, "按人员");
    assert_eq!(p.get((1, 0)), Some(&Data::String("工号".into())));
    assert!(p.height() >= 5, "a row per active person");
    let d = sheet(&file.bytes, "按部门");
    assert_eq!(d.get((1, 2)), Some(&Data::String("人均学时".into())));
    let staff = f.staff(&org, "9001", "路人", "办公室");
    assert_eq!(
        f.svc.export_study(&staff, &ExportStudyRequest { format: ExportFormat::Csv }).err().map(|e| e.code()),
        Some("forbidden")
    );
}

/// The bank exported to the import layout reads back as the same questions
/// (ids, types, stems, options, keys, explanations, bases, tags): lossless.
#[test]
fn the_bank_round_trips_through_its_export() {
    let f = crate::util::Fixture::new();
    let org = f.organizer();
    let file = f.svc.export_questions(&org).expect("export");
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(file.bytes)).expect("workbook");
    let range = wb.worksheet_range("题库").expect("sheet");
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|d| match d {
                    Data::Float(x) if x.fract() == 0.0 => format!("{}", *x as i64),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    let sheet = lawquiz::core::sheet::Sheet { name: "题库".into(), rows };
    let laws = crate::util::law_texts();
    let parsed = lawquiz::core::import::parse_questions(&sheet, &laws, &Default::default());
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors.iter().take(5).collect::<Vec<_>>());
    let mut original = crate::util::bank();
    original.sort_by(|a, b| a.id.cmp(&b.id));
    let again: Vec<_> = parsed.questions.into_iter().map(|(_, q)| q).collect();
    assert_eq!(again.len(), original.len());
    for (a, b) in original.iter().zip(&again) {
        assert_eq!(a, b, "question {} survives the round trip", a.id);
    }
}

#[test]
fn every_answer_of_every_person_is_in_the_details_sheet() {
    let ContestFixture { f, org, id } = finished_contest();
    let file = f
        .svc
        .export_contest(&org, &ExportContestRequest { id, format: ExportFormat::Xlsx, table: ExportTable::Ranking })
        .expect("export");
    let a = sheet(&file.bytes, "答题明细");
    assert_eq!(a.height(), 2 + 3 * 5, "title, header, and 5 answers for each of 3 people");
    assert_eq!(a.get((1, 9)), Some(&Data::String("对错".into())));
    let verdicts: Vec<String> =
        (2..a.height()).map(|r| a.get((r, 9)).map(|d| d.to_string()).unwrap_or_default()).collect();
    assert_eq!(verdicts.iter().filter(|v| *v == "对").count(), 5 + 4 + 3, "right answers as answered");
}

/// 打开所在文件夹 opens only the folder of a file this app exported (the
/// audit log says so) that is still there, and only for an organizer.
#[test]
fn only_an_exported_file_s_folder_can_be_opened() {
    let ContestFixture { f, org, id } = finished_contest();
    let file = f
        .svc
        .export_contest(&org, &ExportContestRequest { id, format: ExportFormat::Csv, table: ExportTable::Ranking })
        .expect("export");
    let dir = f.db.dir.path().join("导出");
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join(&file.file_name);
    std::fs::write(&path, &file.bytes).expect("write");
    let other = f.db.dir.path().join("别的文件.txt");
    std::fs::write(&other, "x").expect("write");
    let text = |p: &std::path::Path| p.to_string_lossy().to_string();

    let err = f.svc.export_folder(&org, &text(&path)).expect_err("not recorded yet");
    assert_eq!(err.code(), "forbidden");
    f.svc.exported(&org, &path).expect("recorded");
    assert_eq!(f.svc.export_folder(&org, &text(&path)).expect("the folder"), dir);
    for refused in [text(&other), text(&dir), "/etc/passwd".to_string(), "导出/x.csv".to_string()] {
        assert!(f.svc.export_folder(&org, &refused).is_err(), "refused: {refused}");
    }
    let staff = f.staff(&org, "9001", "赵六", "办公室");
    assert!(f.svc.export_folder(&staff, &text(&path)).is_err(), "staff cannot");
    std::fs::remove_file(&path).expect("remove");
    assert_eq!(f.svc.export_folder(&org, &text(&path)).expect_err("gone").code(), "not_found");
}
