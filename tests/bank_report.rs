//! `make bank-report`: prints the shipped bank's coverage per law / 编 / 章,
//! per type and difficulty, the case share per law, the articles covered per
//! law, the listed 民法典 topics, the spread of the stored keys, the same-fact
//! groups and the 竞赛专用 questions, every problem found, and as its last line:
//! `questions=N 宪法=A 民法典=B 单选=C 多选=D 判断=E 填空=F uncovered_chapters=U bad_quotes=Q
//! cases_pct=P xianfa_articles=X minfadian_articles=Y` (one line; cases_pct is
//! the whole bank's share of 案例 questions in whole percent).

use lawquiz::core::bank::{check_files, EMBEDDED};
use lawquiz::core::coverage::coverage;
use lawquiz::core::law::LawTexts;

fn main() {
    let laws = match LawTexts::embedded() {
        Ok(l) => l,
        Err(errs) => {
            for e in errs {
                eprintln!("{e}");
            }
            std::process::exit(2);
        }
    };
    let files = match EMBEDDED.inflate() {
        Ok(files) => files,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let (questions, errors) = check_files(&files.list(), &laws);
    for e in &errors {
        eprintln!("错误：{e}");
    }
    let cov = coverage(&questions, &errors, &laws);
    print!("{}", cov.table());
    println!("{}", cov.summary_line());
    if !errors.is_empty() {
        std::process::exit(1);
    }
}
