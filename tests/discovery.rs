//! Finding the host without typing, between two processes on one machine:
//! `lawquiz serve` (its own process) announces itself with mDNS / DNS-SD;
//! this test browses for `_lawquiz._tcp.local.` with the app's own browse
//! code (the `mdns-sd` crate) and must find it, under the unit's name and
//! with the port it listens on, within a few seconds — then checks the
//! found address really is that host (the same probe 连接主机 runs).

use crate::util::{first_organizer, TempDb};
use lawquiz::host::discovery::{browse, instance_name};
use std::io::{BufRead, BufReader};
use std::time::{Duration, Instant};

/// `lawquiz serve` as a child process; killed when dropped.
struct Served {
    child: std::process::Child,
    port: u16,
    announced: Option<String>,
}

impl Served {
    fn start(db: &std::path::Path, listen: &str) -> Served {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_lawquiz"))
            .args(["serve", "--listen", listen, "--db"])
            .arg(db)
            // On this machine only (make test sets it for the browse too).
            .env(lawquiz::host::discovery::LOOPBACK_ONLY_ENV, "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("serve starts");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let mut port = 0;
        let mut announced = None;
        for line in lines.by_ref().map_while(|l| l.ok()) {
            if let Some(a) = line.strip_prefix("listening=http://") {
                port = a.trim_end_matches('/').rsplit(':').next().and_then(|p| p.parse().ok()).expect("port");
            } else if let Some(n) = line.strip_prefix("announced=") {
                announced = Some(n.to_string());
            } else if line.starts_with("staff_url=") {
                break;
            }
        }
        // Keep reading what it prints: a closed pipe would kill it (SIGPIPE).
        std::thread::spawn(move || lines.map_while(|l| l.ok()).for_each(drop));
        Served { child, port, announced }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Protects "连接主机 lists the hosts on the LAN": a host started as its
/// own process is found by a browse from this one, by its unit's name and
/// port, in a few seconds, and answers at the address found.
#[test]
fn a_served_host_is_found_by_a_browse_from_another_process() {
    let db = TempDb::new();
    let unit = format!("发现测试{}局", std::process::id());
    {
        let svc = db.service();
        let org = first_organizer(&svc);
        let mut s = svc.settings().expect("settings");
        s.issuing_unit = unit.clone();
        svc.update_settings(&org, s).expect("unit saved");
    }
    let served = Served::start(&db.path, "0.0.0.0:0");
    let name = instance_name(&unit);
    assert_eq!(served.announced.as_deref(), Some(name.as_str()), "serve says what it announces");

    let started = Instant::now();
    let mut seen = Vec::new();
    while started.elapsed() < Duration::from_secs(12) {
        seen = browse(Duration::from_secs(3)).expect("browse");
        if seen.iter().any(|h| h.name == name) {
            break;
        }
    }
    let found = seen.iter().find(|h| h.name == name).unwrap_or_else(|| panic!("{name} not found: {seen:?}"));
    eprintln!("found {found:?} after {:?}", started.elapsed());
    assert!(started.elapsed() < Duration::from_secs(12), "found within a few seconds");
    assert_eq!(found.port, served.port, "the port it listens on: {found:?}");
    assert_eq!(found.version, env!("CARGO_PKG_VERSION"));
    assert!(found.address.ends_with(&format!(":{}", served.port)), "{found:?}");
    // The address found is that host: what 连接 checks before going.
    let probed = lawquiz::host::probe(&found.address).expect("the found address answers as a LawQuiz host");
    assert_eq!(probed.url, format!("http://{}/", found.address));
}
