//! The LAN host under hostile clients (issue 12), over real HTTP on
//! 127.0.0.1 with a real database file: uploads refused before their body
//! is read, upload and connection caps, the `Host` check against DNS
//! rebinding, identifiers length-checked before anything is counted, the
//! failed log-ins on the host panel, and the `?back=` rule. Linux routes all
//! of 127/8 to loopback, so a client that binds 127.0.0.2 before connecting
//! is "another PC" to the host.

use crate::util::{add_employee, constitution_day_morning, first_organizer, TempDb};
use lawquiz::core::question::QType;
use lawquiz::host::{Host, HostConfig, HostControl, Limits, MAX_STAFF_NO_CHARS};
use lawquiz::service::auth::Actor;
use lawquiz::service::clock::ManualClock;
use lawquiz::service::Service;
use serde_json::{json, Value};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

struct Hostile {
    _db: TempDb,
    clock: Arc<ManualClock>,
    svc: Arc<Service>,
    org: Actor,
    host: Host,
    addr: SocketAddr,
}

impl Hostile {
    async fn start(limits: Limits, host_names: Vec<String>) -> Hostile {
        let db = TempDb::new();
        let clock = Arc::new(ManualClock::new(constitution_day_morning()));
        let svc =
            Arc::new(Service::with_db(lawquiz::store::open(&db.path).expect("open"), clock.clone()).expect("svc"));
        let cfg = HostConfig { limits, host_names, ..HostConfig::new("127.0.0.1:0".parse().expect("addr")) };
        let host = Host::start(svc.clone(), cfg).await.expect("host starts");
        let addr = host.addr();
        let org = first_organizer(&svc);
        Hostile { _db: db, clock, svc, org, host, addr }
    }

    fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// POST /api/<name> from `client`: (status, JSON body).
    async fn post(&self, client: &reqwest::Client, name: &str, token: Option<&str>, body: Value) -> (u16, Value) {
        let mut req = client.post(format!("{}/api/{name}", self.base())).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.expect("request sent");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    async fn staff_token(&self, client: &reqwest::Client, no: &str) -> String {
        add_employee(&self.svc, &self.org, no, "李明", "办公室");
        let (s, body) = self.post(client, "login_staff", None, json!({"staff_no": no, "pin": "2468"})).await;
        assert_eq!(s, 200, "{body}");
        body["token"].as_str().expect("token").to_string()
    }

    async fn organizer_token(&self) -> String {
        let (s, body) = self
            .post(&client(), "login_organizer", None, json!({"username": "admin", "password": "organizer-pass"}))
            .await;
        assert_eq!(s, 200, "{body}");
        body["token"].as_str().expect("token").to_string()
    }

    /// An open contest of five 判断 questions (set up in the service).
    fn open_contest(&self) -> i64 {
        crate::util::lan_contest(&self.svc, &self.org, 5, QType::Judge, crate::util::law("宪法"), 20).0
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().timeout(Duration::from_secs(20)).build().expect("client")
}

/// A client whose connections come from `ip` (another "PC").
fn client_from(ip: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder().local_address(IpAddr::from(ip)).timeout(Duration::from_secs(20)).build().expect("client")
}

/// A TCP connection from `ip` to the host.
async fn connect_from(ip: [u8; 4], to: SocketAddr) -> TcpStream {
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.bind(SocketAddr::new(IpAddr::from(ip), 0)).expect("bind a loopback address");
    socket.connect(to).await.expect("connect")
}

/// Reads what the host sends until it closes (or `wait` passes).
async fn read_reply(stream: &mut TcpStream, wait: Duration) -> String {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let deadline = Instant::now() + wait;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match tokio::time::timeout(left, stream.read(&mut chunk)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => break,
            Ok(Ok(n)) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    String::from_utf8_lossy(&buf).into_owned()
}

/// One raw HTTP/1.1 request (with `Connection: close`): the whole reply.
async fn raw(to: SocketAddr, head: &str) -> String {
    let mut s = TcpStream::connect(to).await.expect("connect");
    s.write_all(format!("{head}Connection: close\r\n\r\n").as_bytes()).await.expect("sent");
    read_reply(&mut s, Duration::from_secs(5)).await
}

fn status_of(reply: &str) -> u16 {
    reply.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// The resident memory of process `pid`, in KB.
fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc/PID/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

/// `lawquiz serve` on 127.0.0.1 as its own process (so its memory is the
/// host's alone), over a database the test prepared; killed when dropped.
struct Served {
    child: std::process::Child,
    addr: SocketAddr,
}

impl Served {
    fn start(db: &std::path::Path) -> Served {
        use std::io::{BufRead, BufReader};
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_lawquiz"))
            .args(["serve", "--listen", "127.0.0.1:0", "--db"])
            .arg(db)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("serve starts");
        let out = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(out).lines();
        let addr = lines
            .by_ref()
            .map_while(|l| l.ok())
            .find_map(|l| l.strip_prefix("listening=http://").map(|a| a.trim_end_matches('/').to_string()))
            .expect("listening line");
        // Keep reading what it prints: a closed pipe would kill it (SIGPIPE).
        std::thread::spawn(move || lines.map_while(|l| l.ok()).for_each(drop));
        Served { child, addr: addr.parse().expect("address") }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Protects "the role is checked before a body is read": a staff token's
/// 47 MB uploads to /api/import_questions, eight at once, get their 403 as
/// soon as the headers are in, without the rest of the body being sent, and
/// the host (`lawquiz serve`, its own process) keeps none of what was sent:
/// its RSS grows by less than 8 MB while 8 × 4 MB were offered (the old
/// host read all 8 × 47 MB before checking the role).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_staff_upload_is_refused_before_its_body_is_read() {
    let db = TempDb::new();
    {
        let svc = db.service();
        let org = first_organizer(&svc);
        add_employee(&svc, &org, "1001", "李明", "办公室");
    }
    let host = Served::start(&db.path);
    let base = format!("http://{}", host.addr);
    let res = client()
        .post(format!("{base}/api/login_staff"))
        .json(&json!({"staff_no": "1001", "pin": "2468"}))
        .send()
        .await
        .expect("log-in");
    assert_eq!(res.status().as_u16(), 200);
    let token = res.json::<Value>().await.expect("json")["token"].as_str().expect("token").to_string();
    let before = rss_kb(host.child.id());
    let mut uploads = Vec::new();
    for _ in 0..8 {
        let (addr, token) = (host.addr, token.clone());
        uploads.push(tokio::spawn(async move {
            let mut s = TcpStream::connect(addr).await.expect("connect");
            let head = format!(
                "POST /api/import_questions HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
                 Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{{\"file_name\":\"题库.csv\",\"bytes\":[",
                47 * 1024 * 1024
            );
            s.write_all(head.as_bytes()).await.expect("headers sent");
            let started = Instant::now();
            let (mut rd, mut wr) = s.into_split();
            // Offer 4 MB more of the body while waiting; the host may close
            // on it at any moment, so a failed write is expected.
            let writer = tokio::spawn(async move {
                let chunk = "49,".repeat(64 * 1024).into_bytes();
                for _ in 0..21 {
                    if wr.write_all(&chunk).await.is_err() {
                        break;
                    }
                }
                wr
            });
            let mut reply = Vec::new();
            let mut buf = [0u8; 4096];
            while let Ok(Ok(n)) = tokio::time::timeout(Duration::from_secs(5), rd.read(&mut buf)).await {
                if n == 0 {
                    break;
                }
                reply.extend_from_slice(&buf[..n]);
            }
            writer.abort();
            (String::from_utf8_lossy(&reply).into_owned(), started.elapsed())
        }));
    }
    for u in uploads {
        let (reply, took) = u.await.expect("upload task");
        assert_eq!(status_of(&reply), 403, "refused at once: {reply}");
        assert!(reply.contains(r#""code":"forbidden""#) && reply.contains("只有管理员"), "{reply}");
        assert!(took < Duration::from_secs(5), "without waiting for the 47 MB: {took:?}");
    }
    let after = rss_kb(host.child.id());
    let grown_kb = after.saturating_sub(before);
    eprintln!("host RSS {before} kB before, {after} kB after eight refused uploads");
    assert!(grown_kb < 8 * 1024, "the host kept what was sent: RSS grew {} MB", grown_kb / 1024);
    // An organizer on the host PC still uploads.
    let login = json!({"username": "admin", "password": "organizer-pass"});
    let org: Value = client()
        .post(format!("{base}/api/login_organizer"))
        .json(&login)
        .send()
        .await
        .expect("organizer log-in")
        .json()
        .await
        .expect("json");
    let file = json!({"file_name": "题库.csv", "bytes": "题型,题干,答案\n".as_bytes()});
    let res = client()
        .post(format!("{base}/api/preview_question_import"))
        .bearer_auth(org["token"].as_str().expect("token"))
        .json(&file)
        .send()
        .await
        .expect("sent");
    let s = res.status().as_u16();
    assert!(s != 403 && s != 503, "{s} {}", res.text().await.unwrap_or_default());
}

/// Protects the upload cap: past `Limits::uploads` imports in progress an
/// organizer's next upload gets 503 `busy` with a Chinese reason; once one
/// ends, uploads are taken again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_past_the_cap_get_503() {
    let h = Hostile::start(Limits { uploads: 2, ..Limits::default() }, vec![]).await;
    let org = h.organizer_token().await;
    // Two uploads that send their headers and then nothing more: each holds a slot.
    let mut slow = Vec::new();
    for _ in 0..2 {
        let mut s = TcpStream::connect(h.addr).await.expect("connect");
        let head = format!(
            "POST /api/preview_question_import HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {org}\r\n\
             Content-Length: 100000\r\n\r\n{{\"file_name\":",
            h.addr
        );
        s.write_all(head.as_bytes()).await.expect("sent");
        slow.push(s);
    }
    let file = json!({"file_name": "题库.csv", "bytes": "题型,题干,答案\n".as_bytes()});
    let deadline = Instant::now() + Duration::from_secs(5);
    let (s, body) = loop {
        let (s, body) = h.post(&client(), "preview_question_import", Some(&org), file.clone()).await;
        if s == 503 || Instant::now() > deadline {
            break (s, body);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!((s, body["code"].as_str()), (503, Some("busy")), "{body}");
    assert!(body["message"].as_str().is_some_and(|m| m.contains("导入")), "{body}");
    drop(slow);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let (s, body) = h.post(&client(), "preview_question_import", Some(&org), file.clone()).await;
        if s != 503 {
            assert_ne!(s, 403, "{body}");
            break;
        }
        assert!(Instant::now() < deadline, "the slots were never freed: {body}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Protects the per-address connection cap: idle sockets from 127.0.0.2
/// past the cap get a 503 `busy` and are closed, while /api/ping and a
/// staff member's answers from 127.0.0.3 go on; when 127.0.0.2 closes its
/// sockets, it is served again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_past_the_per_address_cap_get_503_while_others_answer() {
    let h = Hostile::start(Limits { connections_per_address: 4, ..Limits::default() }, vec![]).await;
    let other = client_from([127, 0, 0, 3]);
    let token = h.staff_token(&other, "1001").await;
    let contest = h.open_contest();

    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(connect_from([127, 0, 0, 2], h.addr).await);
    }
    let mut extra = connect_from([127, 0, 0, 2], h.addr).await;
    let reply = read_reply(&mut extra, Duration::from_secs(5)).await;
    assert_eq!(status_of(&reply), 503, "{reply}");
    assert!(reply.contains(r#""code":"busy""#) && reply.contains("连接太多"), "{reply}");

    let ping = other.get(format!("{}/api/ping", h.base())).send().await.expect("ping");
    assert_eq!(ping.status().as_u16(), 200);
    let (s, view) = h.post(&other, "start_attempt", Some(&token), json!({"id": contest})).await;
    assert_eq!(s, 200, "{view}");
    let attempt = view["attempt_id"].as_i64().expect("attempt");
    let answer = json!({"attempt_id": attempt, "position": 0, "response": {"kind": "judge", "value": true}});
    let (s, ack) = h.post(&other, "contest_answer", Some(&token), answer).await;
    assert_eq!((s, ack["saved"].as_bool()), (200, Some(true)), "{ack}");

    drop(idle);
    let again = client_from([127, 0, 0, 2]);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Ok(r) = again.get(format!("{}/api/ping", h.base())).send().await {
            if r.status().as_u16() == 200 {
                break;
            }
        }
        assert!(Instant::now() < deadline, "127.0.0.2 is still refused after closing its sockets");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Protects the total connection cap: past it everyone gets the 503 (the
/// host keeps its file descriptors), and closing connections frees room.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_past_the_total_cap_get_503_until_some_close() {
    let h = Hostile::start(Limits { connections_total: 3, ..Limits::default() }, vec![]).await;
    let mut idle = Vec::new();
    for _ in 0..3 {
        idle.push(connect_from([127, 0, 0, 4], h.addr).await);
    }
    let mut extra = connect_from([127, 0, 0, 5], h.addr).await;
    let reply = read_reply(&mut extra, Duration::from_secs(5)).await;
    assert_eq!(status_of(&reply), 503, "{reply}");
    assert!(reply.contains("连接已满"), "{reply}");
    drop(idle);
    let deadline = Instant::now() + Duration::from_secs(5);
    while h.host.open_connections() > 0 {
        assert!(Instant::now() < deadline, "{} connections still counted", h.host.open_connections());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(status_of(&raw(h.addr, &format!("GET /api/ping HTTP/1.1\r\nHost: {}\r\n", h.addr)).await), 200);
}

/// Protects against DNS rebinding: a request whose `Host` is not this PC
/// (an address of it, with or without the port, `localhost`, or a name the
/// organizer configured) is refused with 403 — also with a matching
/// `Origin`, which is what a rebinding page sends — for pages and API alike.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_foreign_host_header_is_refused() {
    let h = Hostile::start(Limits::default(), vec!["quiz.bureau.local".into()]).await;
    let (a, port) = (h.addr, h.addr.port());
    let get = |path: &str, host: &str| format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n");
    let post_from = |host: &str, origin: &str| {
        format!("POST /api/setup_status HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\nContent-Length: 0\r\n")
    };

    let reply = raw(a, &post_from(&format!("evil.example:{port}"), &format!("http://evil.example:{port}"))).await;
    assert_eq!(status_of(&reply), 403, "{reply}");
    assert!(reply.contains(r#""code":"forbidden""#), "{reply}");
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        &format!("127.0.0.1:{}", port.wrapping_add(1)),
        "10.255.255.1",
    ] {
        assert_eq!(status_of(&raw(a, &get("/", host)).await), 403, "page with Host {host}");
        assert_eq!(status_of(&raw(a, &get("/api/ping", host)).await), 403, "ping with Host {host}");
    }
    assert_eq!(status_of(&raw(a, "GET /api/ping HTTP/1.0\r\n").await), 403, "no Host at all");

    for host in [
        a.to_string(),
        "127.0.0.1".into(),
        format!("localhost:{port}"),
        "LocalHost".into(),
        format!("quiz.bureau.local:{port}"),
    ] {
        assert_eq!(status_of(&raw(a, &get("/api/ping", &host)).await), 200, "ping with Host {host}");
        assert_eq!(status_of(&raw(a, &get("/", &host)).await), 200, "page with Host {host}");
    }
    let reply = raw(a, &post_from(&format!("localhost:{port}"), &format!("http://localhost:{port}"))).await;
    assert_eq!(status_of(&reply), 200, "{reply}");
}

/// Protects the pages as the host sends them: gzipped (as stored) only to
/// a client that accepts gzip, plain otherwise (and with `gzip;q=0`), both
/// with `Vary: Accept-Encoding` and the CSP; paths out of ui/ are 404.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_gzipped_only_for_clients_that_accept_it() {
    let h = Hostile::start(Limits::default(), vec![]).await;
    let get = |path: &str, accept: &str| format!("GET {path} HTTP/1.1\r\nHost: {}\r\n{accept}", h.addr);
    let gz = raw(h.addr, &get("/api.js", "Accept-Encoding: gzip, deflate, br\r\n")).await;
    let plain = raw(h.addr, &get("/api.js", "")).await;
    let refused = raw(h.addr, &get("/api.js", "Accept-Encoding: gzip;q=0, identity\r\n")).await;
    for (reply, gzipped) in [(&gz, true), (&plain, false), (&refused, false)] {
        let head = reply.split("\r\n\r\n").next().unwrap_or("").to_ascii_lowercase();
        assert_eq!(status_of(reply), 200, "{head}");
        assert_eq!(head.contains("content-encoding: gzip"), gzipped, "{head}");
        assert!(head.contains("vary: accept-encoding") && head.contains("content-security-policy"), "{head}");
    }
    assert!(plain.contains("export class ApiError"), "the plain reply is the module itself");
    let length = |reply: &str| -> usize {
        let head = reply.split("\r\n\r\n").next().unwrap_or("").to_ascii_lowercase();
        head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|n| n.trim().parse().ok()).unwrap_or(0)
    };
    let (zipped, whole) = (length(&gz), length(&plain));
    assert!(zipped > 0 && zipped < whole / 2, "gzipped {zipped} bytes against {whole}");
    for path in ["/../Cargo.toml", "/%2e%2e/Cargo.toml", "/no-such-page.html"] {
        assert_eq!(status_of(&raw(h.addr, &get(path, "Accept-Encoding: gzip\r\n")).await), 404, "{path}");
    }
}

/// Protects bounded memory and the identifier caps: a few thousand distinct
/// over-long 工号 (some of 60 KB) are refused with 400 and a Chinese
/// reason, none is counted (no 429, and the rate-limit tables stay empty),
/// while a real wrong try is counted as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_long_identifiers_are_refused_without_being_counted() {
    let h = Hostile::start(Limits::default(), vec![]).await;
    let c = client();
    for i in 0..3_000 {
        let no = if i % 300 == 0 {
            format!("{i}{}", "9".repeat(60 * 1024))
        } else {
            format!("{i:0width$}", width = MAX_STAFF_NO_CHARS + 1 + i % 20)
        };
        let (s, body) = h.post(&c, "login_staff", None, json!({"staff_no": no, "pin": "2468"})).await;
        assert_eq!((s, body["code"].as_str()), (400, Some("invalid_input")), "try {i}: {body}");
        if i == 0 {
            assert!(body["message"].as_str().is_some_and(|m| m.contains("工号太长")), "{body}");
        }
    }
    for (name, body) in [
        ("login_organizer", json!({"username": "a".repeat(65), "password": "x"})),
        ("login_code", json!({"code": "A".repeat(33)})),
    ] {
        assert_eq!(h.post(&c, name, None, body).await.0, 400, "{name}");
    }
    assert_eq!(h.host.rate_limit_keys(), 0, "nothing was counted");
    let (s, _) = h.post(&c, "login_staff", None, json!({"staff_no": "1001", "pin": "1111"})).await;
    assert_eq!(s, 400);
    assert_eq!(h.host.rate_limit_keys(), 2, "a real try counts once per address and once per 工号");
}

/// Protects "最近 10 分钟登录失败 N 次" on the host panel: failed log-ins
/// (audit rows `登录失败`) of the last ten minutes are counted, older ones
/// and other actions are not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_host_panel_counts_failed_log_ins_of_the_last_ten_minutes() {
    let h = Hostile::start(Limits::default(), vec![]).await;
    let now = constitution_day_morning();
    h.svc
        .db()
        .transact(|tx| {
            for (minutes_ago, action) in [(1, "登录失败"), (9, "登录失败"), (11, "登录失败"), (2, "开启主机服务")]
            {
                let at = lawquiz::service::clock::format(now - time::Duration::minutes(minutes_ago));
                lawquiz::store::audit::insert(tx, &at, "1001", action, &json!({"source": "127.0.0.2"}))?;
            }
            Ok(())
        })
        .expect("audit rows");
    assert_eq!(h.svc.failed_logins_since(10).expect("count"), 2);
    let status = HostControl::default().status(&h.svc).await.expect("status");
    assert_eq!((status.failed_logins, status.failed_login_minutes), (2, 10));
    h.clock.advance(time::Duration::minutes(5));
    assert_eq!(h.svc.failed_logins_since(10).expect("count"), 1, "the 9-minute one is now 14 minutes old");
}

/// Protects `?back=` (ui/back.js, kept in the page's JS where it is used):
/// only the app's own origins (tauri://localhost, http(s)://tauri.localhost)
/// are a way back; another site, a look-alike, a port, a user name or a
/// javascript: URL is ignored. Runs the module under node (installed by
/// `make test`); without node the test fails and says so.
#[test]
fn back_links_lead_only_to_the_app() {
    let src = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/ui/back.js")).expect("ui/back.js");
    let cases = json!([
        ["tauri://localhost/", "tauri://localhost/"],
        ["http://tauri.localhost/", "http://tauri.localhost/"],
        ["https://tauri.localhost/index.html?mode=x#/login", "https://tauri.localhost/index.html"],
        ["https://evil.example/", null],
        ["http://tauri.localhost.evil.example/", null],
        ["http://tauri.localhost:8080/", null],
        ["http://user:pw@tauri.localhost/", null],
        ["javascript:alert(1)", null],
        ["//evil.example/", null],
        ["", null],
        [null, null],
    ]);
    let script = "const { appBack } = await import('data:text/javascript;base64,' + \
                  Buffer.from(process.env.BACK_JS).toString('base64'));\n\
                  const cases = JSON.parse(process.env.CASES);\n\
                  console.log(JSON.stringify(cases.map(([v]) => appBack(v))));";
    let out = match std::process::Command::new("node")
        .args(["--input-type=module", "-e", script])
        .env("BACK_JS", &src)
        .env("CASES", cases.to_string())
        .output()
    {
        Ok(out) => out,
        Err(e) => panic!("node runs the UI's pure modules; `make test` installs it (scripts/deps.sh test): {e}"),
    };
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    let got: Value = serde_json::from_slice(&out.stdout).expect("node printed JSON");
    let want: Vec<Value> = cases.as_array().expect("cases").iter().map(|c| c[1].clone()).collect();
    assert_eq!(got, Value::Array(want));
}

/// Protects the log file: `lawquiz serve` writes its log to `logs/` beside
/// the database (as well as stderr), with the host's start and a refused
/// foreign `Host` and its source address in it.
#[test]
fn serve_writes_a_daily_log_beside_the_database() {
    use std::io::{Read, Write};
    let db = TempDb::new();
    let serve = Served::start(&db.path);
    let mut s = std::net::TcpStream::connect(serve.addr).expect("connect");
    s.write_all(b"GET /api/ping HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n").expect("sent");
    let mut reply = String::new();
    let _ = s.read_to_string(&mut reply);
    assert!(reply.starts_with("HTTP/1.1 403"), "{reply}");
    let logs = db.dir.path().join("logs");
    let deadline = Instant::now() + Duration::from_secs(10);
    let text = loop {
        let text: String = std::fs::read_dir(&logs)
            .map(|d| d.flatten().filter_map(|e| std::fs::read_to_string(e.path()).ok()).collect())
            .unwrap_or_default();
        if text.contains("foreign Host refused") || Instant::now() > deadline {
            break text;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    drop(serve);
    assert!(text.contains("LAN host listening"), "{text}");
    assert!(
        text.contains("foreign Host refused") && text.contains("127.0.0.1") && text.contains("evil.example"),
        "{text}"
    );
    let names: Vec<String> = std::fs::read_dir(&logs)
        .expect("logs/")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| n.starts_with("lawquiz.") && n.ends_with(".log")), "{names:?}");
}
