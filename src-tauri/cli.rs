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
    /// 不开窗口，作为局域网主机提供竞答服务（直到 Ctrl-C）
    Serve {
        /// 监听地址和端口（默认：设置中的“作为主机”地址，或 0.0.0.0:1204）
        #[arg(long)]
        listen: Option<String>,
        /// 允许在其他电脑上登录管理员
        #[arg(long)]
        allow_remote_organizer: bool,
        /// 每个 IP 地址每分钟最多登录次数（默认 60；压力测试时调高）
        #[arg(long)]
        logins_per_address: Option<u32>,
        /// 职工访问主机时可用的主机名（本机地址和 localhost 之外；可写多次）
        #[arg(long = "host-name")]
        host_names: Vec<String>,
        /// 每个 IP 地址同时最多打开的连接数（默认 256；多人共用一个地址时调高）
        #[arg(long)]
        connections_per_address: Option<usize>,
        /// 同时最多打开的连接总数（默认 4096，并自动低于系统允许打开的文件数）
        #[arg(long)]
        connections_total: Option<usize>,
        /// 不在局域网上广播本主机（默认广播，“连接主机”可自动找到）
        #[arg(long)]
        no_announce: bool,
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
    // The window's own options (`--db PATH`, `--export-dir PATH`) may come
    // first: `lawquiz --db x.sqlite3 backup --out y` is the command line too.
    let mut rest = args.iter().skip(1).map(String::as_str);
    while let Some(a) = rest.next() {
        match a {
            "--db" | "--export-dir" => {
                rest.next();
            }
            a if a.starts_with("--db=") || a.starts_with("--export-dir=") => {}
            a => {
                return matches!(
                    a,
                    "import" | "export" | "backup" | "serve" | "help" | "--help" | "-h" | "--version" | "-V"
                )
            }
        }
    }
    false
}

fn read(file: &Path) -> Result<ImportRequest, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("无法读取 {}：{e}", file.display()))?;
    Ok(ImportRequest { file_name: file.display().to_string(), bytes, contest_only: false })
}

fn write(out: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(out, bytes).map_err(|e| format!("无法写入 {}：{e}", out.display()))
}

fn db_path(db: Option<PathBuf>) -> Result<PathBuf, String> {
    if let Some(p) = db {
        return Ok(p);
    }
    paths::resolve_db_path(Vec::<String>::new(), std::env::var(paths::DB_ENV).ok(), paths::app_data_dir())
}

fn execute(cli: Cli) -> Result<String, String> {
    let path = db_path(cli.db)?;
    // serve logs (stderr and the daily file beside the database) from the start.
    let _log =
        matches!(cli.cmd, Cmd::Serve { .. }).then(|| crate::logging::init(Some(&crate::logging::log_dir_for(&path))));
    let svc = Service::open(&path).map_err(|e| format!("无法打开数据库 {}：{e}", path.display()))?;
    if let Cmd::Serve {
        listen,
        allow_remote_organizer,
        logins_per_address,
        host_names,
        connections_per_address,
        connections_total,
        no_announce,
    } = cli.cmd
    {
        let mut limits = crate::host::Limits::default();
        if let Some(n) = logins_per_address {
            limits.logins_per_address = n;
        }
        if let Some(n) = connections_per_address {
            limits.connections_per_address = n;
        }
        if let Some(n) = connections_total {
            limits.connections_total = n;
        }
        return serve(svc, listen, allow_remote_organizer, limits, host_names, !no_announce);
    }
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
        Cmd::Serve { .. } => Err("serve 已在上面处理".into()),
    }
}

/// `lawquiz serve`: the LAN host without a window (a PC with no desktop,
/// or the load test). Prints `listening=http://ADDR/` once it accepts.
fn serve(
    svc: Service,
    listen: Option<String>,
    remote: bool,
    limits: crate::host::Limits,
    host_names: Vec<String>,
    announce: bool,
) -> Result<String, String> {
    use crate::host::{Host, HostConfig};
    let mut settings = svc.host_settings().map_err(|e| e.to_string())?;
    settings.host_names.extend(host_names);
    let mut cfg = HostConfig::from_settings(&settings).map_err(|e| e.to_string())?;
    if let Some(l) = listen {
        cfg.listen = l.parse().map_err(|_| format!("--listen “{l}” 应写成 地址:端口，例如 0.0.0.0:1204"))?;
    }
    cfg.allow_remote_organizer |= remote;
    cfg.limits = limits;
    if announce {
        let unit = svc.settings().map(|s| s.issuing_unit).unwrap_or_default();
        cfg.announce_as = Some(crate::host::discovery::instance_name(&unit));
    }
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    let svc = std::sync::Arc::new(svc);
    rt.block_on(async move {
        let background = tokio::spawn(crate::background(svc.clone()));
        tokio::spawn(async move {
            // The loop never ends: its handle only ever returns a panic.
            if let Err(e) = background.await {
                tracing::error!("the background task (finaliser, daily backup) stopped: {e}");
            }
        });
        let host = Host::start(svc, cfg).await.map_err(|e| e.to_string())?;
        println!("listening=http://{}/", host.addr());
        if let Some(name) = host.announced_as() {
            println!("announced={name}");
        }
        for url in crate::host::staff_urls(host.addr()) {
            println!("staff_url={url}");
        }
        use std::io::Write as _;
        let _ = std::io::stdout().flush();
        shutdown_signal().await;
        host.stop().await;
        Ok("stopped".to_string())
    })
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
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

#[cfg(test)]
mod tests {
    use super::wanted;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    /// Protects "a subcommand after the window's options is the command
    /// line": `lawquiz --db x backup …` once opened the window instead (and
    /// panicked in GTK on a machine without a display).
    #[test]
    fn a_subcommand_is_found_after_the_windows_options() {
        assert!(wanted(&args(&["lawquiz", "serve"])));
        assert!(wanted(&args(&["lawquiz", "--db", "x.sqlite3", "backup", "--out", "y"])));
        assert!(wanted(&args(&["lawquiz", "--db=x.sqlite3", "export", "questions"])));
        assert!(!wanted(&args(&["lawquiz"])));
        assert!(!wanted(&args(&["lawquiz", "--db", "backup"])), "a database file named backup opens the window");
        assert!(!wanted(&args(&["lawquiz", "--export-dir", "/tmp", "--db", "x.sqlite3"])));
    }
}
