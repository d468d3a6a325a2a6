//! The command line: the same binary, given a subcommand, works without a
//! window, for scripting and for IT staff. It calls the same service
//! functions as the window, as an organizer named 命令行 (whoever can run it
//! can read the database file anyway). Failures exit non-zero with every
//! per-row error on stderr; success prints one summary line.

use crate::core::ids::ContestId;
use crate::paths;
use crate::service::auth::Actor;
use crate::service::export::{ExportContestRequest, ExportFormat, ExportTable};
use crate::service::import::ImportRequest;
use crate::service::Service;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(name = "lawquiz", version, about = "法治知识竞答（命令行）：导入、导出、备份。不带子命令时打开窗口。")]
struct Cli {
    /// 数据库文件（默认：LAWQUIZ_DB 环境变量，或本机应用数据目录）
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// 导入题目或人员名单（全部或全不：有一行出错就不导入）
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// 导出竞答成绩或题库
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// 把数据库备份到一个文件
    Backup {
        /// 备份文件（不会覆盖已有文件）
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum ImportWhat {
    /// 题目：.xlsx、.csv（UTF-8 或 GB18030）或 .json
    Questions { file: PathBuf },
    /// 人员名单：.xlsx 或 .csv，列为 工号、姓名、部门、可选 初始PIN
    Roster { file: PathBuf },
}

#[derive(Subcommand)]
enum ExportWhat {
    /// 一场竞答的排名（.xlsx 含排名和部门统计两个工作表；.csv 为排名）
    Ranking {
        #[arg(long)]
        contest: i64,
        #[arg(long)]
        out: PathBuf,
    },
    /// 全部题目，格式与导入相同（.xlsx）
    Questions {
        #[arg(long)]
        out: PathBuf,
    },
}

/// Whether the arguments ask for the command line rather than the window.
pub fn wanted(args: &[String]) -> bool {
    matches!(
        args.get(1).map(String::as_str),
        Some("import" | "export" | "backup" | "help" | "--help" | "-h" | "--version" | "-V")
    )
}

fn read(file: &Path) -> Result<ImportRequest, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("无法读取 {}：{e}", file.display()))?;
    Ok(ImportRequest { file_name: file.display().to_string(), bytes })
}

fn write(out: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(out, bytes).map_err(|e| format!("无法写入 {}：{e}", out.display()))
}

fn db_path(db: Option<PathBuf>) -> Result<PathBuf, String> {
    if let Some(p) = db {
        return Ok(p);
    }
    paths::resolve_db_path(
        Vec::<String>::new(),
        std::env::var(paths::DB_ENV).ok(),
        dirs::data_dir().map(|d| d.join("cn.gov.lawquiz")),
    )
}

fn execute(cli: Cli) -> Result<String, String> {
    let path = db_path(cli.db)?;
    let svc = Service::open(&path).map_err(|e| format!("无法打开数据库 {}：{e}", path.display()))?;
    let me = Actor::Organizer { id: 0, name: "命令行".into() };
    let fail = |e: crate::error::AppError| e.to_string();
    match cli.cmd {
        Cmd::Import { what: ImportWhat::Questions { file } } => {
            let req = read(&file)?;
            let p = svc.preview_question_import(&me, &req).map_err(fail)?;
            if !p.errors.is_empty() {
                return Err(format!("{}\n共 {} 处错误，没有导入任何题目。", p.error_lines.join("\n"), p.errors.len()));
            }
            let r = svc.import_questions(&me, &req).map_err(fail)?;
            Ok(format!("imported={} skipped_duplicates={}", r.imported, r.skipped_duplicates))
        }
        Cmd::Import { what: ImportWhat::Roster { file } } => {
            let req = read(&file)?;
            let p = svc.preview_roster_import(&me, &req).map_err(fail)?;
            if !p.errors.is_empty() {
                return Err(format!("{}\n共 {} 处错误，没有导入任何人。", p.error_lines.join("\n"), p.errors.len()));
            }
            let r = svc.import_roster(&me, &req).map_err(fail)?;
            Ok(format!("added={} updated={} unchanged={}", r.added, r.updated, r.unchanged))
        }
        Cmd::Export { what: ExportWhat::Ranking { contest, out } } => {
            let format = match out.extension().and_then(|e| e.to_str()).map(str::to_lowercase).as_deref() {
                Some("xlsx") => ExportFormat::Xlsx,
                Some("csv") => ExportFormat::Csv,
                _ => return Err("--out 的文件名应以 .xlsx 或 .csv 结尾".into()),
            };
            let req = ExportContestRequest { id: ContestId(contest), format, table: ExportTable::Ranking };
            let file = svc.export_contest(&me, &req).map_err(fail)?;
            let rows = svc.contest_results(&me, ContestId(contest)).map_err(fail)?.ranking.len();
            write(&out, &file.bytes)?;
            svc.exported(&me, &out).map_err(fail)?;
            Ok(format!("exported={} rows={rows}", out.display()))
        }
        Cmd::Export { what: ExportWhat::Questions { out } } => {
            let file = svc.export_questions(&me).map_err(fail)?;
            write(&out, &file.bytes)?;
            svc.exported(&me, &out).map_err(fail)?;
            Ok(format!("exported={}", out.display()))
        }
        Cmd::Backup { out } => {
            let bytes = svc.backup_to(&me, &out).map_err(fail)?;
            Ok(format!("backup={} bytes={bytes}", out.display()))
        }
    }
}

/// Runs the command line; returns the process exit code.
pub fn main(args: Vec<String>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match execute(cli) {
        Ok(summary) => {
            println!("{summary}");
            0
        }
        Err(e) => {
            eprintln!("{e}");
            1
        }
    }
}
