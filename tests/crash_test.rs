//! `make crash-test` (KILLS=N, default 200): kills a process that is
//! answering a contest with SIGKILL at random moments, restarts, and checks
//! that every answer it acknowledged is in the database and that the
//! attempt resumes with the time really left.
//!
//! The parent sets up a database with an open contest and one attempt, then
//! repeatedly starts itself as a child (`crash_test child DB ATTEMPT`) that
//! logs in and answers as fast as it can, printing `ACK position seq` after
//! each answer the service acknowledged (committed). The parent kills the
//! child after a random delay, reopens the database as a restarted app would,
//! and compares. Last line, exactly:
//! `kills=N acknowledged=M lost=L resumed_ok=R`

use lawquiz::core::grading::Response;
use lawquiz::core::ids::{AttemptId, ContestId};
use lawquiz::core::paper::DrawRule;
use lawquiz::core::practice::Scope;
use lawquiz::core::question::QType;
use lawquiz::service::api::*;
use lawquiz::service::Service;
use rand::Rng;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PIN: &str = "2468";

fn login(svc: &Service) -> lawquiz::service::auth::Actor {
    let l = svc
        .login_staff(StaffLoginRequest { staff_no: "1001".into(), pin: PIN.into(), new_pin: None }, "127.0.0.1")
        .expect("staff login");
    svc.authenticate(&l.token).expect("session")
}

fn setup(db: &Path) -> (AttemptId, usize) {
    let svc = Service::open(db).expect("open");
    let org = svc
        .setup_organizer(SetupOrganizerRequest {
            username: "admin".into(),
            display_name: "测试".into(),
            password: "organizer-pass".into(),
        })
        .expect("organizer");
    let org = svc.authenticate(&org.token).expect("session");
    svc.save_employee(
        &org,
        SaveEmployeeRequest {
            id: None,
            staff_no: "1001".into(),
            name: "李明".into(),
            department: "办公室".into(),
            active: true,
            pin: Some(PIN.into()),
        },
    )
    .expect("employee");
    let now = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let local = |t: time::OffsetDateTime| t.format(&fmt).expect("format");
    let spec = ContestSpec {
        title: "崩溃测试".into(),
        opens_at: local(now - time::Duration::hours(1)),
        closes_at: local(now + time::Duration::hours(6)),
        time_limit_minutes: 240,
        attempts_allowed: 1,
        counting: Counting::Best,
        pass_mark: 0,
        review: ReviewRule::AfterSubmit,
        multi_scoring: Default::default(),
        paper: vec![DrawRule {
            count: 30,
            qtype: QType::Single,
            scope: Scope {
                subject: lawquiz::core::law::Law::new("民法典").expect("law"), part: None, chapter: None
            },
            difficulty: None,
            points: 1,
            pool: Default::default(),
        }],
        tiers: vec![],
        lottery: None,
        library_during_attempt: false,
    };
    let c = svc.save_contest(&org, SaveContestRequest { id: None, spec }).expect("contest");
    svc.set_contest_state(&org, SetStateRequest { id: c.id, state: "open".into() }).expect("open");
    let me = login(&svc);
    let view = svc.start_attempt(&me, ContestId(c.id.0)).expect("attempt");
    (view.attempt_id, view.items.len())
}

/// The child: answer forever, acknowledging each stored answer on stdout.
fn child(db: &Path, attempt: AttemptId, kill_no: u64) {
    let svc = Service::open(db).expect("child opens the database");
    let me = login(&svc);
    let n = svc.attempt(&me, attempt).expect("resume").items.len() as u32;
    let out = std::io::stdout();
    let mut rng = rand::rng();
    for seq in 0u64.. {
        let position = rng.random_range(0..n);
        let text = format!("{kill_no}-{seq}");
        svc.contest_answer(
            &me,
            ContestAnswerRequest { attempt_id: attempt, position, response: Response::Fill { text }, seq: 0 },
        )
        .expect("answer");
        let mut lock = out.lock();
        let _ = writeln!(lock, "ACK {position} {kill_no} {seq}");
        let _ = lock.flush();
    }
}

fn stored(db: &Path, attempt: AttemptId) -> HashMap<u32, (u64, u64)> {
    let conn = rusqlite::Connection::open(db).expect("db");
    let mut stmt = conn.prepare("SELECT position, response FROM answer WHERE attempt_id = ?1").expect("sql");
    let rows = stmt
        .query_map([attempt.0], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?)))
        .expect("query")
        .filter_map(Result::ok);
    let mut map = HashMap::new();
    for (pos, json) in rows {
        if let Ok(Response::Fill { text }) = serde_json::from_str::<Response>(&json) {
            let mut it = text.split('-').filter_map(|x| x.parse::<u64>().ok());
            if let (Some(k), Some(s)) = (it.next(), it.next()) {
                map.insert(pos, (k, s));
            }
        }
    }
    map
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("child") {
        let (db, attempt, kill) = (&args[2], &args[3], &args[4]);
        child(Path::new(db), AttemptId(attempt.parse().expect("attempt id")), kill.parse().expect("kill no"));
        return;
    }
    let kills: u64 = args.get(1).and_then(|k| k.parse().ok()).unwrap_or(200);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("crash.sqlite3");
    let (attempt, _) = setup(&db);
    let me = std::env::current_exe().expect("exe");
    let mut rng = rand::rng();
    let (mut acknowledged, mut lost, mut resumed_ok) = (0u64, 0u64, 0u64);
    // The latest acknowledged (kill, seq) per position over the whole run.
    let mut acked: HashMap<u32, (u64, u64)> = HashMap::new();
    for kill in 0..kills {
        let mut proc = Command::new(&me)
            .args(["child", &db.to_string_lossy(), &attempt.0.to_string(), &kill.to_string()])
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn child");
        let stdout = proc.stdout.take().expect("stdout");
        let delay = Duration::from_millis(rng.random_range(150..600));
        let reader = std::thread::spawn(move || {
            let mut acks = Vec::new();
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let f: Vec<u64> = line.split(' ').skip(1).filter_map(|x| x.parse().ok()).collect();
                if f.len() == 3 {
                    acks.push((f[0] as u32, (f[1], f[2])));
                }
            }
            acks
        });
        let started = Instant::now();
        std::thread::sleep(delay);
        proc.kill().expect("SIGKILL");
        let _ = proc.wait();
        let acks = reader.join().expect("reader");
        acknowledged += acks.len() as u64;
        for (pos, ks) in acks {
            acked.insert(pos, ks);
        }
        // Restart: what a reopened app sees.
        let now_stored = stored(&db, attempt);
        for (pos, ks) in &acked {
            match now_stored.get(pos) {
                Some(s) if s >= ks => {}
                _ => lost += 1,
            }
        }
        let svc = Service::open(&db).expect("restart opens the database");
        let me_actor = login(&svc);
        let v = svc.attempt(&me_actor, attempt).expect("resume after kill");
        let deadline_ms: i64 = svc
            .db()
            .read(|c| {
                let d: String =
                    c.query_row("SELECT deadline_at FROM attempt WHERE id = ?1", [attempt.0], |r| r.get(0))?;
                let t = time::OffsetDateTime::parse(&d, &time::format_description::well_known::Rfc3339)
                    .map_err(|e| lawquiz::error::AppError::InvalidInput(e.to_string()))?;
                Ok(((t - time::OffsetDateTime::now_utc()).whole_milliseconds()) as i64)
            })
            .expect("deadline");
        if v.state == "open" && (v.remaining_ms - deadline_ms).abs() < 2_000 {
            resumed_ok += 1;
        }
        let _ = started;
    }
    println!("kills={kills} acknowledged={acknowledged} lost={lost} resumed_ok={resumed_ok}");
    if lost > 0 || resumed_ok != kills {
        std::process::exit(1);
    }
}
