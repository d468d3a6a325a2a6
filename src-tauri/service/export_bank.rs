//! The question bank as a workbook: the export in the import's own layout
//! (so exporting and importing again gives the same questions) and the
//! import templates with example rows and drop-down lists.

use super::auth::Actor;
use super::export::{text, workbook, Cell, ExportFile, Table};
use super::Service;
use crate::error::{AppError, Result};
use crate::store;

/// The columns of the question import, in order: exporting the bank to this
/// layout and importing it again gives the same questions.
pub const QUESTION_HEADERS: [&str; 19] = [
    "编号",
    "题型",
    "题干",
    "选项A",
    "选项B",
    "选项C",
    "选项D",
    "选项E",
    "选项F",
    "答案",
    "解析",
    "难度",
    "法律",
    "条",
    "依据原文",
    "标签",
    "依据法律",
    "分组",
    "竞赛专用",
];

/// One question as a row of the import layout.
pub fn question_row(q: &crate::core::question::Question) -> Vec<Cell> {
    use crate::core::law::ArticleRef;
    use crate::core::question::{option_letter, AnswerKey};
    let answer = match &q.key {
        AnswerKey::Choice { keys } => keys.iter().map(|k| option_letter(*k as usize)).collect(),
        AnswerKey::Judge { value } => (if *value { "对" } else { "错" }).to_string(),
        AnswerKey::Fill { answer, accepted } => {
            std::iter::once(answer).chain(accepted).cloned().collect::<Vec<_>>().join("|")
        }
    };
    let mut row = vec![text(&q.id.0), text(q.qtype.name()), text(&q.stem)];
    for i in 0..6 {
        row.push(q.options.get(i).map_or(Cell::Empty, text));
    }
    row.push(text(answer));
    row.push(text(&q.explanation));
    row.push(Cell::Number(f64::from(q.difficulty)));
    row.push(text(q.subject.name()));
    match &q.basis {
        Some(b) => {
            row.push(match b.article {
                ArticleRef::Article(0) => text("序言"),
                ArticleRef::Article(n) => Cell::Number(f64::from(n)),
                ArticleRef::TitleNote => text("题注"),
            });
            row.push(text(b.quotes.join("|")));
        }
        None => {
            row.push(Cell::Empty);
            row.push(Cell::Empty);
        }
    }
    row.push(text(q.tags.join("、")));
    row.push(q.basis.as_ref().map_or(Cell::Empty, |b| text(b.law.name())));
    row.push(q.group.as_deref().map_or(Cell::Empty, text));
    row.push(if q.contest_only { text("是") } else { Cell::Empty });
    row
}

impl Service {
    /// The whole active bank (shipped and imported) in the import layout.
    pub fn export_questions(&self, actor: &Actor) -> Result<ExportFile> {
        actor.organizer()?;
        let day = self.today_local()?;
        let mut questions = self.db.read(store::questions::all_active)?;
        questions.sort_by(|a, b| a.id.cmp(&b.id));
        let rows = questions.iter().map(question_row).collect();
        let table = Table {
            sheet: "题库".into(),
            title: format!("法治知识竞答题库（{day}）"),
            headers: QUESTION_HEADERS.to_vec(),
            widths: vec![
                14.0, 6.0, 50.0, 20.0, 20.0, 20.0, 20.0, 12.0, 12.0, 8.0, 40.0, 6.0, 10.0, 8.0, 40.0, 14.0, 8.0, 8.0,
            ],
            rows,
            lists: vec![],
        };
        Ok(ExportFile { file_name: format!("题库-{day}.xlsx"), bytes: workbook(&[table])? })
    }
}

/// Example rows of the question template, one per type (each imports cleanly).
fn template_examples() -> Vec<Vec<Cell>> {
    // 分组 and 竞赛专用 are left empty in the examples.
    let row = |cells: [&str; 17]| {
        cells
            .iter()
            .map(|c| if c.is_empty() { Cell::Empty } else { text(*c) })
            .chain([Cell::Empty, Cell::Empty])
            .collect()
    };
    vec![
        row([
            "",
            "单选",
            "示例：中华人民共和国的根本制度是（　）。",
            "社会主义制度",
            "人民代表大会制度",
            "民族区域自治制度",
            "基层群众自治制度",
            "",
            "",
            "A",
            "根据《宪法》第一条，社会主义制度是中华人民共和国的根本制度。",
            "1",
            "宪法",
            "第一条",
            "社会主义制度是中华人民共和国的根本制度。",
            "根本制度",
            "",
        ]),
        row([
            "",
            "多选",
            "示例：根据宪法，国旗和国歌分别是（　）。",
            "五星红旗",
            "《义勇军进行曲》",
            "《东方红》",
            "红黄两色旗",
            "",
            "",
            "AB",
            "根据《宪法》第一百四十一条。",
            "2",
            "宪法",
            "141",
            "中华人民共和国国旗是五星红旗。|中华人民共和国国歌是《义勇军进行曲》。",
            "国家象征",
            "",
        ]),
        row([
            "",
            "判断",
            "示例：十八周岁以上的自然人为成年人。",
            "",
            "",
            "",
            "",
            "",
            "",
            "对",
            "根据《民法典》第十七条。",
            "1",
            "民法典",
            "17",
            "十八周岁以上的自然人为成年人。",
            "民事行为能力",
            "",
        ]),
        row([
            "",
            "填空",
            "示例：向人民法院请求保护民事权利的诉讼时效期间为____年。",
            "",
            "",
            "",
            "",
            "",
            "",
            "三|3",
            "根据《民法典》第一百八十八条。",
            "2",
            "民法典",
            "第一百八十八条",
            "向人民法院请求保护民事权利的诉讼时效期间为三年",
            "诉讼时效",
            "",
        ]),
    ]
}

impl Service {
    /// The import templates: real workbooks with the header, example rows
    /// and drop-down lists for 题型 and 难度 (questions) — `kind` is
    /// "questions" or "roster".
    pub fn template(&self, actor: &Actor, kind: &str) -> Result<ExportFile> {
        actor.organizer()?;
        // The 法律 drop-down: every law and topic of this database.
        let laws: Vec<&'static str> = self.db.read(store::law::titles)?.iter().map(|(l, _)| l.name()).collect();
        let table = match kind {
            "questions" => Table {
                sheet: "题目".into(),
                title: "题目导入模板：第二行是表头，从第三行起每行一道题（示例行可删除）".into(),
                headers: QUESTION_HEADERS.to_vec(),
                widths: vec![
                    10.0, 6.0, 50.0, 18.0, 18.0, 18.0, 18.0, 12.0, 12.0, 8.0, 40.0, 6.0, 10.0, 12.0, 40.0, 14.0, 8.0,
                    12.0, 8.0,
                ],
                rows: template_examples(),
                lists: vec![(1, vec!["单选", "多选", "判断", "填空"]), (11, vec!["1", "2", "3"]), (12, laws)],
            },
            "roster" => Table {
                sheet: "人员".into(),
                title: "人员名单导入模板：第二行是表头，从第三行起每行一人（初始PIN 可不填）".into(),
                headers: vec!["工号", "姓名", "部门", "初始PIN"],
                widths: vec![12.0, 10.0, 20.0, 10.0],
                rows: vec![
                    vec![text("1001"), text("李明"), text("办公室"), text("2468")],
                    vec![text("1002"), text("张华"), text("政策法规处"), Cell::Empty],
                ],
                lists: vec![],
            },
            other => return Err(AppError::InvalidInput(format!("没有“{other}”模板。"))),
        };
        let name = if kind == "questions" { "题目导入模板.xlsx" } else { "人员名单导入模板.xlsx" };
        Ok(ExportFile { file_name: name.into(), bytes: workbook(&[table])? })
    }
}
