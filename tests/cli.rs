//! The command line, run as a process on a real database file: a summary
//! line and exit 0 on success; every per-row error on stderr and a non-zero
//! exit on failure, with nothing imported.

use std::process::Command;

fn lawquiz(db: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lawquiz")).args(args).arg("--db").arg(db).output().expect("run lawquiz");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn import_export_and_backup_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("cli.sqlite3");
    let good = dir.path().join("题目.csv");
    let bad = dir.path().join("有错.csv");
    let header = "题型,题干,选项A,选项B,答案,解析,法律\n";
    std::fs::write(&good, format!("{header}单选,命令行导入测试题（　）。,甲,乙,A,解析,宪法\n")).expect("good");
    std::fs::write(&bad, format!("{header}单选,命令行导入的错题（　）。,甲,乙,C,解析,宪法\n")).expect("bad");

    let (code, _, err) = lawquiz(&db, &["import", "questions", &bad.to_string_lossy()]);
    assert_eq!(code, 1, "a bad file fails");
    assert!(
        err.contains("第 2 行") && err.contains("答案") && err.contains("没有导入任何题目"),
        "errors on stderr: {err}"
    );

    let (code, out, err) = lawquiz(&db, &["import", "questions", &good.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "imported=1 skipped_duplicates=0");

    let roster = dir.path().join("名单.csv");
    std::fs::write(&roster, "工号,姓名,部门\n1001,李明,办公室\n").expect("roster");
    let (code, out, _) = lawquiz(&db, &["import", "roster", &roster.to_string_lossy()]);
    assert_eq!((code, out.trim()), (0, "added=1 updated=0 unchanged=0"));

    let xlsx = dir.path().join("题库.xlsx");
    let (code, out, err) = lawquiz(&db, &["export", "questions", "--out", &xlsx.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("exported=") && xlsx.metadata().map(|m| m.len() > 10_000).unwrap_or(false));

    let backup = dir.path().join("备份.sqlite3");
    let (code, out, _) = lawquiz(&db, &["backup", "--out", &backup.to_string_lossy()]);
    assert_eq!(code, 0);
    assert!(out.starts_with("backup=") && backup.exists());
    let (code, _, err) = lawquiz(&db, &["backup", "--out", &backup.to_string_lossy()]);
    assert_eq!(code, 1, "an existing file is never overwritten: {err}");

    let (code, _, err) = lawquiz(&db, &["export", "ranking", "--contest", "99", "--out", "x.xlsx"]);
    assert_eq!(code, 1);
    assert!(err.contains("竞答"), "{err}");
}
