//! Where each department is weak: the share of right answers per department
//! and per area of the outline (宪法 by 章, 民法典 by 编; finer rows by 宪法
//! 章/节 and 民法典 编/章), apart for the contest and the year's practice,
//! and the articles each department gets wrong most. Pure computation.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Where an answer came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Contest,
    Practice,
}

/// A place in the outline: the heatmap column (`area`) and the finer row.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Place {
    /// Outline order (law first, then the first article seen) for sorting.
    pub order: u32,
    /// 宪法 · 第一章 总纲, 民法典 · 第三编 合同, or 宪法日常识.
    pub area: String,
    /// 宪法: the 节 (or the 章 again); 民法典: the 章.
    pub sub: String,
}

/// An article, by law and number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ArticleKey {
    pub law: String,
    pub article: u32,
}

/// One graded answer of one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub department: String,
    pub place: Place,
    pub article: Option<ArticleKey>,
    pub source: Source,
    pub right: bool,
}

/// Right answers out of all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub right: u32,
    pub total: u32,
}

impl Tally {
    fn add(&mut self, right: bool) {
        self.total += 1;
        self.right += u32::from(right);
    }

    /// right / total, None when nothing was answered.
    pub fn share(&self) -> Option<f64> {
        (self.total > 0).then(|| f64::from(self.right) / f64::from(self.total))
    }
}

/// Contest and practice tallies of one cell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Pair {
    pub contest: Tally,
    pub practice: Tally,
}

impl Pair {
    fn add(&mut self, source: Source, right: bool) {
        match source {
            Source::Contest => self.contest.add(right),
            Source::Practice => self.practice.add(right),
        }
    }
}

/// An article a department gets wrong, with its counts (contest and
/// practice together).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missed {
    pub article: ArticleKey,
    pub wrong: u32,
    pub total: u32,
}

/// One department's row: a cell per area (aligned with `Weakness::areas`),
/// the finer rows, and its most-missed articles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepartmentWeakness {
    pub department: String,
    pub cells: Vec<Pair>,
    pub overall: Pair,
    pub detail: Vec<(Place, Pair)>,
    pub most_missed: Vec<Missed>,
}

/// The whole table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Weakness {
    pub areas: Vec<String>,
    pub departments: Vec<DepartmentWeakness>,
}

/// How many articles each department's list keeps.
pub const MOST_MISSED: usize = 10;

/// Builds the table from every mark. Areas follow the outline; departments
/// are sorted by name; most-missed articles by wrong answers, then by the
/// share wrong, then in law order — only articles answered wrong at least
/// once.
pub fn weakness(marks: &[Mark]) -> Weakness {
    let mut area_order: HashMap<&str, u32> = HashMap::new();
    for m in marks {
        let o = area_order.entry(m.place.area.as_str()).or_insert(m.place.order);
        *o = (*o).min(m.place.order);
    }
    let mut areas: Vec<(&str, u32)> = area_order.into_iter().collect();
    areas.sort_by_key(|(a, o)| (*o, *a));
    let column: HashMap<&str, usize> = areas.iter().enumerate().map(|(i, (a, _))| (*a, i)).collect();

    // Hash maps while counting (a contest of thousands plus a year of
    // practice is hundreds of thousands of marks); sorted once at the end.
    type Acc<'a> = (Vec<Pair>, Pair, HashMap<&'a Place, Pair>, HashMap<&'a ArticleKey, Tally>);
    let mut per: HashMap<&str, Acc> = HashMap::new();
    for m in marks {
        let acc = per
            .entry(m.department.as_str())
            .or_insert_with(|| (vec![Pair::default(); areas.len()], Pair::default(), HashMap::new(), HashMap::new()));
        if let Some(&c) = column.get(m.place.area.as_str()) {
            acc.0[c].add(m.source, m.right);
        }
        acc.1.add(m.source, m.right);
        acc.2.entry(&m.place).or_default().add(m.source, m.right);
        if let Some(a) = &m.article {
            acc.3.entry(a).or_default().add(m.right);
        }
    }
    let per: BTreeMap<&str, Acc> = per.into_iter().collect();
    let departments = per
        .into_iter()
        .map(|(department, (cells, overall, detail, articles))| {
            let detail: BTreeMap<&Place, Pair> = detail.into_iter().collect();
            let mut missed: Vec<Missed> = articles
                .into_iter()
                .filter(|(_, t)| t.total > t.right)
                .map(|(a, t)| Missed { article: a.clone(), wrong: t.total - t.right, total: t.total })
                .collect();
            // wrong/total descending, compared exactly: w1/t1 > w2/t2 ⇔ w1·t2 > w2·t1.
            missed.sort_by(|x, y| {
                y.wrong
                    .cmp(&x.wrong)
                    .then((u64::from(y.wrong) * u64::from(x.total)).cmp(&(u64::from(x.wrong) * u64::from(y.total))))
                    .then(x.article.cmp(&y.article))
            });
            missed.truncate(MOST_MISSED);
            DepartmentWeakness {
                department: department.to_string(),
                cells,
                overall,
                detail: detail.into_iter().map(|(p, t)| (p.clone(), t)).collect(),
                most_missed: missed,
            }
        })
        .collect();
    Weakness { areas: areas.into_iter().map(|(a, _)| a.to_string()).collect(), departments }
}

/// The place of a question in the outline from its subject, basis and
/// 编/章/节: a law organised in 编 by 编 (rows by 章), a law organised in 章
/// by 章 (rows by 节), anything else (a topic's questions, a law without
/// chapters, no basis) under its subject. `rank` is the law's place in the
/// app's list of laws, so areas follow the laws' order, then the articles'.
pub fn place_of(
    subject: &str,
    basis_law: Option<&str>,
    article: Option<u32>,
    part: Option<&str>,
    chapter: Option<&str>,
    section: Option<&str>,
    rank: u32,
) -> Place {
    let n = article.unwrap_or(0);
    let clean = |s: &str| s.replace('\u{3000}', " ");
    let order = rank.saturating_mul(10_000).saturating_add(n);
    match (basis_law, part, chapter) {
        (Some(law), Some(p), _) if law == subject => {
            Place { order, area: format!("{law} · {}", clean(p)), sub: clean(chapter.unwrap_or(p)) }
        }
        (Some(law), None, Some(ch)) if law == subject => {
            Place { order, area: format!("{law} · {}", clean(ch)), sub: clean(section.unwrap_or(ch)) }
        }
        _ => Place { order, area: subject.to_string(), sub: subject.to_string() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(dept: &str, area: &str, order: u32, article: u32, source: Source, right: bool) -> Mark {
        Mark {
            department: dept.into(),
            place: Place { order, area: area.into(), sub: area.into() },
            article: Some(ArticleKey { law: "民法典".into(), article }),
            source,
            right,
        }
    }

    /// Protects the tallies, the column order (outline, not alphabet) and
    /// the most-missed order (wrong count, then share wrong, then article).
    #[test]
    fn tallies_by_department_and_area_with_most_missed_articles() {
        use Source::*;
        let marks = vec![
            mark("办公室", "民法典 · 第三编 合同", 1463, 509, Contest, false),
            mark("办公室", "民法典 · 第三编 合同", 1463, 509, Practice, false),
            mark("办公室", "民法典 · 第三编 合同", 1463, 510, Practice, true),
            mark("办公室", "民法典 · 第一编 总则", 1001, 13, Contest, true),
            mark("办公室", "民法典 · 第一编 总则", 1001, 17, Contest, false),
            mark("办公室", "民法典 · 第一编 总则", 1001, 17, Contest, true),
            mark("办公室", "民法典 · 第一编 总则", 1001, 18, Practice, false),
            mark("财务处", "民法典 · 第三编 合同", 1463, 509, Contest, true),
        ];
        let w = weakness(&marks);
        assert_eq!(w.areas, vec!["民法典 · 第一编 总则", "民法典 · 第三编 合同"]);
        let office = &w.departments[0];
        assert_eq!(office.department, "办公室");
        assert_eq!(office.cells[0].contest, Tally { right: 2, total: 3 });
        assert_eq!(office.cells[0].practice, Tally { right: 0, total: 1 });
        assert_eq!(office.cells[1].contest, Tally { right: 0, total: 1 });
        assert_eq!(office.cells[1].practice, Tally { right: 1, total: 2 });
        assert_eq!(office.overall.contest.share(), Some(0.5));
        // 509: 2 wrong of 2; 18: 1 of 1 (100%); 17: 1 of 2 (50%); 13, 510 never wrong.
        let order: Vec<u32> = office.most_missed.iter().map(|m| m.article.article).collect();
        assert_eq!(order, vec![509, 18, 17]);
        let finance = &w.departments[1];
        assert_eq!(finance.cells[0].contest.share(), None, "nothing answered: no share, not 0%");
        assert!(finance.most_missed.is_empty());
    }

    /// Protects the outline keys: a law in 章 by 章 (rows by 节), a law in 编
    /// by 编 (rows by 章), a topic on its own, areas in the laws' order.
    #[test]
    fn places_follow_the_outline_of_each_law() {
        let p = place_of(
            "宪法",
            Some("宪法"),
            Some(62),
            None,
            Some("第三章\u{3000}国家机构"),
            Some("第一节\u{3000}全国人民代表大会"),
            0,
        );
        assert_eq!((p.area.as_str(), p.sub.as_str()), ("宪法 · 第三章 国家机构", "第一节 全国人民代表大会"));
        let p = place_of(
            "民法典",
            Some("民法典"),
            Some(1062),
            Some("第五编\u{3000}婚姻家庭"),
            Some("第三章\u{3000}家庭关系"),
            None,
            1,
        );
        assert_eq!((p.area.as_str(), p.sub.as_str(), p.order), ("民法典 · 第五编 婚姻家庭", "第三章 家庭关系", 11_062));
        let p = place_of("宪法日常识", Some("宪法"), None, None, None, None, 2);
        assert_eq!(p.area, "宪法日常识", "a topic's question stays under the topic");
        let p =
            place_of("数据安全法", Some("数据安全法"), Some(21), None, Some("第三章\u{3000}数据安全制度"), None, 13);
        assert_eq!((p.area.as_str(), p.order), ("数据安全法 · 第三章 数据安全制度", 130_021), "any law by its 章");
    }

    /// Protects the cap: at most ten articles per department.
    #[test]
    fn at_most_ten_articles() {
        let marks: Vec<Mark> =
            (1..=15).map(|a| mark("办公室", "民法典 · 第一编 总则", 1001, a, Source::Practice, false)).collect();
        assert_eq!(weakness(&marks).departments[0].most_missed.len(), MOST_MISSED);
    }
}
