//! The item-analysis and department-weakness tables of a contest export, in
//! the look of the other exports (see `export::workbook`): shares as numbers
//! rounded to 0.001, an empty cell where nothing was answered.

use super::export::{text, Cell, Table};
use super::insight::{DepartmentWeaknessView, ItemAnalysis};
use crate::core::weakness::Tally;

fn share(x: f64) -> Cell {
    Cell::Number((x * 1000.0).round() / 1000.0)
}

fn opt_share(x: Option<f64>) -> Cell {
    x.map_or(Cell::Empty, share)
}

fn tally_cells(t: &Tally) -> [Cell; 3] {
    [Cell::Number(f64::from(t.right)), Cell::Number(f64::from(t.total)), opt_share(t.share())]
}

/// 试题分析: one row per question.
pub fn items_table(a: &ItemAnalysis, title: &str, day: &str) -> Table {
    Table {
        sheet: "试题分析".into(),
        title: format!("{title} · 试题分析（{}人，{day}）", a.takers),
        headers: vec![
            "题目编号",
            "题型",
            "题干",
            "依据",
            "正确答案",
            "作答人数",
            "正确率",
            "区分度（前27%−后27%）",
            "点双列相关（校正）",
            "各选项选择比例",
            "未作答",
            "提示",
            "已撤下",
        ],
        widths: vec![14.0, 6.0, 50.0, 22.0, 24.0, 8.0, 8.0, 12.0, 12.0, 40.0, 7.0, 50.0, 7.0],
        rows: a
            .items
            .iter()
            .map(|r| {
                let options: Vec<String> = r
                    .stats
                    .options
                    .iter()
                    .map(|o| {
                        let name = if r.qtype_name == "判断" {
                            o.text.clone()
                        } else {
                            crate::core::question::option_letter(o.option as usize).to_string()
                        };
                        format!("{name}{} {:.0}%", if o.correct { "✓" } else { "" }, o.share * 100.0)
                    })
                    .collect();
                vec![
                    text(&r.question_id.0),
                    text(&r.qtype_name),
                    text(&r.stem),
                    r.basis.as_ref().map_or(Cell::Empty, text),
                    text(&r.key_text),
                    Cell::Number(r.stats.takers as f64),
                    share(r.stats.facility),
                    opt_share(r.stats.discrimination),
                    opt_share(r.stats.point_biserial),
                    text(options.join("；")),
                    Cell::Number(r.stats.blank as f64),
                    text(r.flag_notes.join("；")),
                    text(if r.retired { "是" } else { "" }),
                ]
            })
            .collect(),
        lists: vec![],
    }
}

/// 部门薄弱: department × area (宪法 章, 民法典 编), contest and practice.
pub fn weakness_tables(w: &DepartmentWeaknessView, title: &str, day: &str) -> [Table; 3] {
    let heads = |first: Vec<&'static str>| {
        let mut h = first;
        h.extend(["竞答答对", "竞答作答", "竞答正确率", "练习答对", "练习作答", "练习正确率"]);
        h
    };
    let mut areas = Vec::new();
    for r in &w.rows {
        for (a, cell) in w.areas.iter().zip(&r.cells) {
            if cell.contest.total + cell.practice.total == 0 {
                continue;
            }
            let mut row = vec![text(&r.department), text(a)];
            row.extend(tally_cells(&cell.contest));
            row.extend(tally_cells(&cell.practice));
            areas.push(row);
        }
    }
    let detail = w
        .detail
        .iter()
        .map(|d| {
            let mut row = vec![text(&d.department), text(&d.area), text(&d.sub)];
            row.extend(tally_cells(&d.cell.contest));
            row.extend(tally_cells(&d.cell.practice));
            row
        })
        .collect();
    let mut missed = Vec::new();
    for r in &w.rows {
        for (i, m) in r.most_missed.iter().enumerate() {
            missed.push(vec![
                text(&r.department),
                Cell::Number(i as f64 + 1.0),
                text(&m.label),
                Cell::Number(f64::from(m.wrong)),
                Cell::Number(f64::from(m.total)),
                share(f64::from(m.wrong) / f64::from(m.total.max(1))),
            ]);
        }
    }
    [
        Table {
            sheet: "部门薄弱".into(),
            title: format!("{title} · 各部门分编/章正确率（竞答与 {} 年练习，{day}）", w.year),
            headers: heads(vec!["部门", "编/章"]),
            widths: vec![18.0, 34.0, 9.0, 9.0, 10.0, 9.0, 9.0, 10.0],
            rows: areas,
            lists: vec![],
        },
        Table {
            sheet: "部门明细".into(),
            title: format!("{title} · 各部门分章/节正确率（{day}）", title = title),
            headers: heads(vec!["部门", "编/章", "章/节"]),
            widths: vec![18.0, 34.0, 34.0, 9.0, 9.0, 10.0, 9.0, 9.0, 10.0],
            rows: detail,
            lists: vec![],
        },
        Table {
            sheet: "易错条文".into(),
            title: format!("{title} · 各部门答错最多的条文（{day}）"),
            headers: vec!["部门", "排序", "条文", "答错次数", "作答次数", "答错比例"],
            widths: vec![18.0, 6.0, 30.0, 9.0, 9.0, 9.0],
            rows: missed,
            lists: vec![],
        },
    ]
}
