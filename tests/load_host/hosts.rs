//! The host under load: `lawquiz serve`, or the app itself with its LAN
//! host on (MODE=app), started on the bench's database; and stopping it.
//! Shared by the load generators (`load_host`, `load_show`).

use serde_json::json;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Starts `lawquiz serve` on `db` (any free port, with `extra` options)
/// and returns it with its URL.
pub fn start_serve(bin: &str, db: &std::path::Path, extra: &[&str]) -> Result<(std::process::Child, String), String> {
    let mut host = Command::new(bin)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(extra)
        .arg("--db")
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start {bin}: {e}"))?;
    let mut lines = BufReader::new(host.stdout.take().ok_or("no stdout")?).lines();
    let base = loop {
        match lines.next() {
            Some(Ok(l)) if l.starts_with("listening=") => {
                break l.trim_start_matches("listening=").trim_end_matches('/').to_string()
            }
            Some(Ok(_)) => continue,
            _ => return Err("the host did not start".into()),
        }
    };
    // Keep reading what the host prints (a closed pipe would fail its prints).
    std::thread::spawn(move || lines.for_each(drop));
    Ok((host, base))
}

/// MODE=app: the app itself (its window open, under Xvfb) on `db`, its LAN
/// host turned on in the database's settings (设置 → 作为主机) on a free
/// loopback port, so the host serves on the app's own runtime. Returns the
/// app and the host's URL once it answers `ping`.
pub fn start_app(bin: &str, db: &std::path::Path) -> Result<(std::process::Child, String), String> {
    let port =
        std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let conn = rusqlite::Connection::open(db).map_err(|e| e.to_string())?;
    let settings = json!({"enabled": true, "bind": "127.0.0.1", "port": port, "allow_remote_organizer": false});
    conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('host', ?1)", [settings.to_string()])
        .map_err(|e| e.to_string())?;
    drop(conn);
    let app = Command::new(bin)
        .arg("--db")
        .arg(db)
        .env("LAWQUIZ_MDNS_LOOPBACK_ONLY", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start {bin}: {e}"))?;
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::{Read, Write};
            let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
            let req = format!("GET /api/ping HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
            let mut out = String::new();
            if s.write_all(req.as_bytes()).is_ok() && s.read_to_string(&mut out).is_ok() && out.contains("lawquiz") {
                return Ok((app, base));
            }
        }
        if Instant::now() > deadline {
            return Err("the app's LAN host did not answer within 60 s (is a display set? make bench-host MODE=app runs it under Xvfb)".into());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

pub fn stop(child: &mut std::process::Child) {
    let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
    let _ = child.wait();
}

/// Bytes the host process has caused to be written to disk so far
/// (`write_bytes` of /proc/PID/io: WAL frames, checkpoints, backups), or
/// `None` where the kernel does not say.
pub fn disk_written(child: &std::process::Child) -> Option<u64> {
    let io = std::fs::read_to_string(format!("/proc/{}/io", child.id())).ok()?;
    io.lines().find_map(|l| l.strip_prefix("write_bytes:")).and_then(|v| v.trim().parse().ok())
}
