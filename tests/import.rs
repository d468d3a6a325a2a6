//! Question import on a real database, from files the tests write: .xlsx
//! (rust_xlsxwriter), CSV in GB18030 (encoding_rs) and JSON. Each accepted
//! spelling, each rejection with its exact row and column, all-or-nothing,
//! and duplicates skipped.

use crate::util::Fixture;
use lawquiz::service::import::ImportRequest;
use rust_xlsxwriter::Workbook;

fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("题库").expect("name");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *cell).expect("cell");
        }
    }
    wb.save_to_buffer().expect("workbook")
}

const HEADER: &[&str] = &[
    "题型",
    "题目",
    "选项A",
    "选项B",
    "选项C",
    "选项D",
    "正确答案",
    "解析",
    "难度",
    "法律",
    "条",
    "依据原文",
    "标签",
    "出题人",
];

fn good_rows() -> Vec<Vec<&'static str>> {
    vec![
        vec![
            "单选题",
            "我国的根本制度是（　）。",
            "社会主义制度",
            "资本主义制度",
            "封建制度",
            "联邦制度",
            "A",
            "根据《宪法》第一条。",
            "易",
            "宪法",
            "第一条",
            "社会主义制度是中华人民共和国的根本制度。",
            "根本制度",
            "张三",
        ],
        vec![
            "多项选择题",
            "下列属于公民基本义务的有（　）。",
            "依法服兵役",
            "依法纳税",
            "必须信仰宗教",
            "",
            "A、B",
            "根据《宪法》第五十五条和第五十六条。",
            "2",
            "宪法",
            "",
            "",
            "基本义务",
            "",
        ],
        vec![
            "判断题",
            "中华人民共和国公民在法律面前一律平等。",
            "",
            "",
            "",
            "",
            "√",
            "根据《宪法》第三十三条。",
            "难",
            "宪法",
            "第三十三条",
            "中华人民共和国公民在法律面前一律平等。",
            "平等权",
            "",
        ],
        vec![
            "填空",
            "民法典规定，十八周岁以上的自然人为____。",
            "",
            "",
            "",
            "",
            "成年人",
            "根据《民法典》第十七条。",
            "1",
            "民法典",
            "17",
            "十八周岁以上的自然人为成年人。",
            "",
            "",
        ],
    ]
}

fn req(name: &str, bytes: Vec<u8>) -> ImportRequest {
    ImportRequest { file_name: name.into(), bytes, contest_only: false }
}

fn active(f: &Fixture) -> i64 {
    f.svc.db().read(lawquiz::store::questions::count_active).expect("count")
}

#[test]
fn a_workbook_in_the_spellings_exam_systems_use_imports_whole() {
    let f = Fixture::new();
    let org = f.organizer();
    let rows: Vec<Vec<&str>> = std::iter::once(HEADER.to_vec()).chain(good_rows()).collect();
    let bytes = xlsx(&rows.iter().map(Vec::as_slice).collect::<Vec<_>>());
    let p = f.svc.preview_question_import(&org, &req("题库.xlsx", bytes.clone())).expect("preview");
    assert!(p.errors.is_empty(), "no errors: {:?}", p.error_lines);
    assert_eq!(p.ready, 4);
    assert_eq!(p.ignored_columns, vec!["出题人".to_string()], "unknown columns are listed as ignored");
    assert_eq!(p.without_basis, 1, "a question without a basis is allowed and flagged");
    let before = active(&f);
    let r = f.svc.import_questions(&org, &req("题库.xlsx", bytes.clone())).expect("import");
    assert_eq!((r.imported, r.skipped_duplicates), (4, 0));
    assert_eq!(active(&f), before + 4);
    // The same file again: every row is a duplicate, nothing is doubled.
    let again = f.svc.import_questions(&org, &req("题库.xlsx", bytes)).expect("again");
    assert_eq!((again.imported, again.skipped_duplicates), (0, 4));
    assert_eq!(active(&f), before + 4);
}

#[test]
fn every_bad_row_is_reported_with_row_and_column_and_nothing_is_kept() {
    let f = Fixture::new();
    let org = f.organizer();
    let mut rows: Vec<Vec<&str>> = vec![HEADER.to_vec()];
    rows.extend(good_rows());
    rows.push(vec![
        "单选",
        "答案没有对应选项的题（　）。",
        "甲",
        "乙",
        "",
        "",
        "E",
        "解析",
        "1",
        "宪法",
        "",
        "",
        "",
        "",
    ]); // row 6
    rows.push(vec![
        "多选",
        "只有一个答案的多选题（　）。",
        "甲",
        "乙",
        "丙",
        "",
        "A",
        "解析",
        "1",
        "宪法",
        "",
        "",
        "",
        "",
    ]); // row 7
    rows.push(vec!["判断", "", "", "", "", "", "对", "解析", "1", "宪法", "", "", "", ""]); // row 8: empty stem
    rows.push(vec![
        "判断",
        "民法典有第一千三百条。",
        "",
        "",
        "",
        "",
        "错",
        "解析",
        "1",
        "民法典",
        "第一千三百条",
        "不存在",
        "",
        "",
    ]); // row 9
    rows.push(vec![
        "判断",
        "引文不在条文里的题。",
        "",
        "",
        "",
        "",
        "对",
        "解析",
        "1",
        "宪法",
        "1",
        "这句话不在第一条里",
        "",
        "",
    ]); // row 10
    let bytes = xlsx(&rows.iter().map(Vec::as_slice).collect::<Vec<_>>());
    let p = f.svc.preview_question_import(&org, &req("题库.xlsx", bytes.clone())).expect("preview");
    let at = |row: usize, col: &str| p.errors.iter().any(|e| e.row == row && e.column == col && e.sheet == "题库");
    assert!(at(6, "答案"), "answer letter without an option: {:?}", p.error_lines);
    assert!(at(7, "答案"), "a 多选 with one answer: {:?}", p.error_lines);
    assert!(at(8, "题干"), "an empty stem: {:?}", p.error_lines);
    assert!(at(9, "条"), "an article that does not exist: {:?}", p.error_lines);
    assert!(at(10, "依据原文"), "a quote not in its article: {:?}", p.error_lines);
    assert!(
        p.error_lines[0].starts_with("工作表“题库”第 6 行，“答案”列："),
        "messages say where: {}",
        p.error_lines[0]
    );
    let before = active(&f);
    let err = f.svc.import_questions(&org, &req("题库.xlsx", bytes)).expect_err("refused");
    assert!(err.to_string().contains("没有导入任何题目"), "{err}");
    assert_eq!(active(&f), before, "all-or-nothing: the good rows were not kept either");
}

#[test]
fn gb18030_csv_and_json_import_too() {
    let f = Fixture::new();
    let org = f.organizer();
    let csv = "题型,题干,选项A,选项B,选项C,选项D,答案,解析,难度,法律\r\n单选,宪法规定中华人民共和国的首都是（　）。,北京,上海,南京,西安,a,根据《宪法》第一百四十三条。,1,宪法\r\n判断,民法典自2021年1月1日起施行。,,,,,正确,根据《民法典》题注。,1,民法典\r\n";
    let (gbk, _, _) = encoding_rs::GB18030.encode(csv);
    let r = f.svc.import_questions(&org, &req("名单.csv", gbk.into_owned())).expect("GB18030 CSV");
    assert_eq!(r.imported, 2);
    let json = r#"[{"id": "json-001", "law": "民法典", "type": "判断", "difficulty": 1, "tags": ["诉讼时效"],
        "stem": "向人民法院请求保护民事权利的诉讼时效期间为三年。", "answer": "对", "explanation": "根据《民法典》第一百八十八条。",
        "basis": {"law": "民法典", "article": 188, "quotes": ["向人民法院请求保护民事权利的诉讼时效期间为三年"]}}]"#;
    let r = f.svc.import_questions(&org, &req("q.json", json.as_bytes().to_vec())).expect("json");
    assert_eq!(r.imported, 1);
    let bad = f.svc.import_questions(&org, &req("q.json", b"[{\"id\": 1}]".to_vec())).expect_err("bad json row");
    assert!(bad.to_string().contains("第 1 行"), "{bad}");
    let not = f.svc.preview_question_import(&org, &req("q.xlsx", b"not a workbook".to_vec())).expect_err("not xlsx");
    assert!(not.to_string().contains("Excel"), "{not}");
    let staff = f.staff(&org, "1001", "李明", "办公室");
    assert_eq!(
        f.svc.import_questions(&staff, &req("q.json", json.as_bytes().to_vec())).err().map(|e| e.code()),
        Some("forbidden")
    );
}

fn roster_csv(text: &str) -> ImportRequest {
    let (gbk, _, _) = encoding_rs::GB18030.encode(text);
    req("名单.csv", gbk.into_owned())
}

#[test]
fn a_roster_imports_creates_departments_and_a_reimport_reports_changes() {
    let f = Fixture::new();
    let org = f.organizer();
    let r = f
        .svc
        .import_roster(
            &org,
            &roster_csv("工号,姓名,部门,初始PIN\n1001,李明,办公室,2468\n1002,张华,法规科,\n1003,赵敏,法规科,\n"),
        )
        .expect("roster");
    assert_eq!((r.added, r.updated), (3, 0));
    let people = f.svc.people(&org).expect("people");
    assert_eq!(people.employees.len(), 3);
    assert_eq!(people.departments.len(), 2, "departments created as needed");
    f.svc
        .login_staff(
            lawquiz::service::api::StaffLoginRequest { staff_no: "1001".into(), pin: "2468".into(), new_pin: None },
            "127.0.0.1",
        )
        .expect("the initial PIN works");
    let p = f
        .svc
        .preview_roster_import(
            &org,
            &roster_csv(
                "工号,姓名,部门\n1001,李明,办公室\n1002,张小华,法规科\n1003,赵敏,政策研究室\n1004,钱进,办公室\n",
            ),
        )
        .expect("preview");
    assert_eq!((p.added, p.updated, p.unchanged), (1, 2, 1));
    let change = |no: &str| p.changes.iter().find(|c| c.staff_no == no).map(|c| c.change.clone()).unwrap_or_default();
    assert_eq!(change("1002"), "姓名：张华 → 张小华");
    assert_eq!(change("1003"), "部门：法规科 → 政策研究室");
    assert_eq!(change("1004"), "新增");
}

#[test]
fn bad_roster_rows_are_reported_and_nothing_changes() {
    let f = Fixture::new();
    let org = f.organizer();
    let p = f
        .svc
        .preview_roster_import(&org, &roster_csv("工号,姓名,部门,初始PIN\n1001,李明,办公室,\n1001,李明二,办公室,\n1002,,办公室,\n1003,赵敏,办公室,12ab\n"))
        .expect("preview");
    let at = |row: usize, col: &str| p.errors.iter().any(|e| e.row == row && e.column == col);
    assert!(at(3, "工号") && at(4, "姓名") && at(5, "初始PIN"), "{:?}", p.error_lines);
    let err = f.svc.import_roster(&org, &roster_csv("工号,姓名\n1001,李明\n1002,\n")).expect_err("refused");
    assert!(err.to_string().contains("没有导入任何人"), "{err}");
    assert!(f.svc.people(&org).expect("people").employees.is_empty(), "all or nothing");
}

/// The templates are real workbooks whose example rows import cleanly.
#[test]
fn the_import_templates_import_cleanly() {
    let f = Fixture::new();
    let org = f.organizer();
    let q = f.svc.template(&org, "questions").expect("template");
    let p = f.svc.preview_question_import(&org, &req(&q.file_name, q.bytes)).expect("preview");
    assert!(p.errors.is_empty(), "{:?}", p.error_lines);
    assert_eq!(p.ready, 4, "one example per type");
    assert_eq!(p.by_type.len(), 4);
    let r = f.svc.template(&org, "roster").expect("template");
    let p = f.svc.preview_roster_import(&org, &req(&r.file_name, r.bytes)).expect("preview");
    assert!(p.errors.is_empty(), "{:?}", p.error_lines);
    assert_eq!(p.added, 2);
    assert!(f.svc.template(&org, "nothing").is_err());
}
