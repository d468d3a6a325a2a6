//! The LAN host's load generator (`make bench-host`): starts the release
//! host (`lawquiz serve`) on a fresh database, sets up TAKERS staff and an
//! open 50-question contest through the API, then simulates every taker over
//! HTTP — log in (with a printed 登录码, as on the day), start, answer every
//! question after a think time (some answers sent twice, as a client retry
//! would), submit. It reports answers/s, the answer latency percentiles and
//! the errors, stops the host, and then checks in the database file that
//! every acknowledged answer is stored exactly once, with the last value
//! acknowledged.
//!
//! The takers connect from many loopback source addresses (127.0.0.2,
//! 127.0.0.3, …, TAKERS_PER_ADDRESS each, default 100; Linux routes all of
//! 127/8 to loopback), as distinct office PCs would: the host caps open
//! connections per address (256 by default), so thousands of takers from
//! one address would measure the cap, not the host.
//!
//! MODE=app: after the set-up, the same database is served by the app
//! itself (window open, under Xvfb) with its LAN host turned on, i.e. on the
//! app's own async runtime, as organizers run it (设置 → 作为主机). In both
//! modes the organizer exports the ranking and takes a backup mid-load.
//!
//! Usage: load_host HOST_BINARY  (env: MODE=serve|app TAKERS=3000 RAMP_S=10
//! THINK_MS_MIN=TAKERS/15 THINK_MS_MAX=TAKERS/3 — the design load of about 5,000
//! answers/s at any TAKERS — RESEND_PCT=5 TAKERS_PER_ADDRESS=100). The last line is exactly:
//! `takers=N answers=M answers_per_s=X p50_ms=A p99_ms=B max_ms=C start_p50_ms=S start_p99_ms=T errors=E lost=L duplicated=D`
//! (`start_…`: a taker's log-in plus start, from sending the code to holding the paper).

use rand::Rng;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "load_host/hosts.rs"]
mod hosts;

use hosts::{disk_written, start_app, start_serve, stop};

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

/// One acknowledged answer: when it was acknowledged, how long it took.
struct Ack {
    at: Duration,
    latency: Duration,
}

#[derive(Default)]
struct Stats {
    acks: Vec<Ack>,
    /// (attempt, position) -> the response last acknowledged for it.
    last: HashMap<(i64, i64), String>,
    resends: u64,
    /// When the first taker gave its last answer (the steady window ends).
    first_done: Option<Duration>,
    /// Each taker's log-in plus start: from sending the code to holding the paper.
    starts: Vec<Duration>,
    /// When each taker held its paper (since the run began).
    start_at: Vec<Duration>,
    /// Each hand-in: when it was answered, and how long it took.
    submits: Vec<(Duration, Duration)>,
}

struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    /// A JSON call: the answer as JSON, or the error with its status.
    async fn post(&self, name: &str, token: Option<&str>, body: &Value) -> Result<Value, String> {
        self.post_typed(name, token, body).await
    }

    /// [`Client::post`] into a typed answer.
    async fn post_typed<T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
        token: Option<&str>,
        body: &Value,
    ) -> Result<T, String> {
        let mut req = self.http.post(format!("{}/api/{name}", self.base)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.map_err(|e| format!("{name}: {e}"))?;
        let status = res.status();
        let bytes = res.bytes().await.map_err(|e| format!("{name}: {e}"))?;
        if !status.is_success() {
            return Err(format!("{name}: {status} {}", String::from_utf8_lossy(&bytes)));
        }
        serde_json::from_slice(&bytes).map_err(|e| format!("{name}: {e}"))
    }

    /// A download: the body's length, or the error.
    async fn post_raw(&self, name: &str, token: &str, body: &Value) -> Result<usize, String> {
        let res = self
            .http
            .post(format!("{}/api/{name}", self.base))
            .json(body)
            .bearer_auth(token)
            .send()
            .await
            .map_err(|e| format!("{name}: {e}"))?;
        let status = res.status();
        let bytes = res.bytes().await.map_err(|e| format!("{name}: {e}"))?;
        if status.is_success() {
            Ok(bytes.len())
        } else {
            Err(format!("{name}: {status} {}", String::from_utf8_lossy(&bytes)))
        }
    }
}

/// What a taker needs of the start's view: the attempt and, per item, its
/// type and option ids (the stems and texts are skipped, not built: the
/// load generator shares the host's two cores and should spend as little
/// of them as it can).
#[derive(serde::Deserialize)]
struct StartView {
    attempt_id: i64,
    items: Vec<ViewItem>,
}

#[derive(serde::Deserialize)]
struct ViewItem {
    position: i64,
    qtype: String,
    options: Vec<ViewOption>,
}

#[derive(serde::Deserialize)]
struct ViewOption {
    id: i64,
}

/// A valid response for an item of the paper.
fn response_for(item: &ViewItem, rng: &mut impl Rng) -> Value {
    let options: Vec<i64> = item.options.iter().map(|o| o.id).collect();
    match item.qtype.as_str() {
        "judge" => json!({"kind": "judge", "value": rng.random_bool(0.5)}),
        "fill" => json!({"kind": "fill", "text": "答案"}),
        "multi" => {
            let keys: Vec<i64> = options.iter().copied().filter(|_| rng.random_bool(0.5)).collect();
            json!({"kind": "choice", "keys": if keys.is_empty() { options[..1].to_vec() } else { keys }})
        }
        _ => {
            json!({"kind": "choice", "keys": [options.get(rng.random_range(0..options.len().max(1))).copied().unwrap_or(0)]})
        }
    }
}

/// Sets up the organizer, TAKERS staff (with login codes) and an open contest.
async fn set_up(c: &Client, takers: usize) -> Result<(Vec<String>, i64, String), String> {
    let org = c
        .post(
            "setup_organizer",
            None,
            &json!({"username": "admin", "display_name": "压力测试", "password": "load-test-pass"}),
        )
        .await?;
    let token = org["token"].as_str().ok_or("no organizer token")?.to_string();
    let mut csv = String::from("工号,姓名,部门\n");
    for i in 0..takers {
        csv.push_str(&format!("{:05},职工{i},第{}处\n", 10000 + i, i % 20 + 1));
    }
    let roster = json!({"file_name": "roster.csv", "bytes": csv.into_bytes()});
    c.post("import_roster", Some(&token), &roster).await?;
    let codes = c.post("issue_login_codes", Some(&token), &json!({"ids": []})).await?;
    let codes: Vec<String> =
        codes.as_array().ok_or("no codes")?.iter().filter_map(|r| r["code"].as_str().map(String::from)).collect();
    // The window, in the host's local time (+08:00 by default).
    let now = time::OffsetDateTime::now_utc().to_offset(time::UtcOffset::from_hms(8, 0, 0).map_err(|e| e.to_string())?);
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let opens = (now - time::Duration::hours(1)).format(&fmt).map_err(|e| e.to_string())?;
    let closes = (now + time::Duration::hours(3)).format(&fmt).map_err(|e| e.to_string())?;
    let rule = |count: u32, qtype: &str, subject: &str| json!({"count": count, "qtype": qtype, "scope": {"subject": subject}, "points": 2});
    let spec = json!({
        "title": "压力测试竞答", "opens_at": opens, "closes_at": closes, "time_limit_minutes": 60,
        "paper": [rule(15, "single", "宪法"), rule(15, "single", "民法典"), rule(5, "multi", "民法典"),
                  rule(10, "judge", "民法典"), rule(5, "judge", "宪法")],
    });
    let contest = c.post("save_contest", Some(&token), &json!({"spec": spec})).await?;
    let id = contest["id"].as_i64().ok_or("no contest id")?;
    c.post("set_contest_state", Some(&token), &json!({"id": id, "state": "open"})).await?;
    Ok((codes, id, token))
}

struct Taker {
    code: String,
    contest: i64,
    delay: Duration,
}

async fn take(c: Arc<Client>, t: Taker, start: Instant, stats: Arc<Mutex<Stats>>, errors: Arc<AtomicU64>) {
    let (think_min, think_max) = think_range();
    let resend_pct = env_num("RESEND_PCT", 5);
    tokio::time::sleep(t.delay).await;
    let fail = |e: String| {
        if errors.fetch_add(1, Ordering::Relaxed) < 5 {
            eprintln!("error: {e}");
        }
    };
    let began = Instant::now();
    let token = match c.post("login_code", None, &json!({"code": t.code})).await {
        Ok(v) => v["token"].as_str().unwrap_or_default().to_string(),
        Err(e) => return fail(e),
    };
    let view: StartView = match c.post_typed("start_attempt", Some(&token), &json!({"id": t.contest})).await {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    {
        let mut s = stats.lock().unwrap_or_else(|p| p.into_inner());
        s.starts.push(began.elapsed());
        s.start_at.push(start.elapsed());
    }
    let attempt = view.attempt_id;
    for item in &view.items {
        let (think, response, resend) = {
            let mut rng = rand::rng();
            let think = rng.random_range(think_min..=think_max.max(think_min));
            (think, response_for(item, &mut rng), rng.random_range(0..100) < resend_pct)
        };
        tokio::time::sleep(Duration::from_millis(think)).await;
        let position = item.position;
        // One answer per position, so its version is 1 (a resend keeps it).
        let body = json!({"attempt_id": attempt, "position": position, "response": response, "seq": 1});
        for send in 0..if resend { 2 } else { 1 } {
            let sent = Instant::now();
            match c.post("contest_answer", Some(&token), &body).await {
                Ok(ack) if ack["saved"] == json!(true) => {
                    let latency = sent.elapsed();
                    let mut s = stats.lock().unwrap_or_else(|p| p.into_inner());
                    s.acks.push(Ack { at: start.elapsed(), latency });
                    s.last.insert((attempt, position), response.to_string());
                    if send > 0 {
                        s.resends += 1;
                    }
                }
                Ok(other) => fail(format!("contest_answer: {other}")),
                Err(e) => fail(e),
            }
        }
    }
    {
        let mut s = stats.lock().unwrap_or_else(|p| p.into_inner());
        let now = start.elapsed();
        s.first_done = Some(s.first_done.map_or(now, |d| d.min(now)));
    }
    let sent = Instant::now();
    match c.post("submit_attempt", Some(&token), &json!({"attempt_id": attempt})).await {
        Ok(_) => stats.lock().unwrap_or_else(|p| p.into_inner()).submits.push((start.elapsed(), sent.elapsed())),
        Err(e) => fail(e),
    }
}

/// The think time between answers, in ms. By default it scales with the
/// number of takers so that the offered load is the design load, about
/// 5,000 answers a second, whatever TAKERS is (3,000 takers: 200–1000 ms;
/// 10,000: 667–3,333 ms): more takers make a bigger start, not a faster
/// steady state. THINK_MS_MIN / THINK_MS_MAX set it outright.
fn think_range() -> (u64, u64) {
    let takers = env_num("TAKERS", 3000).max(1);
    let min = env_num("THINK_MS_MIN", takers / 15);
    let max = env_num("THINK_MS_MAX", takers / 3).max(min).max(1);
    (min, max)
}

/// The answers in windows of `secs` seconds by when they were acknowledged:
/// where in the run the slow ones fell (the start, the steady state, the
/// hand-ins): `from:count:p99:max:over 20 ms`, windows whose p99 is over
/// 20 ms marked with `!`.
fn windows(acks: &[Ack], secs: u64) -> String {
    let mut by: std::collections::BTreeMap<u64, Vec<f64>> = std::collections::BTreeMap::new();
    for a in acks {
        by.entry(a.at.as_secs() / secs * secs).or_default().push(a.latency.as_secs_f64() * 1000.0);
    }
    by.into_iter()
        .map(|(from, mut l)| {
            l.sort_by(f64::total_cmp);
            let p99 = percentile(&l, 0.99);
            let mark = if p99 > 20.0 { "!" } else { "" };
            let over = l.iter().filter(|&&ms| ms > 20.0).count();
            format!("{from}s:{}:{p99:.0}{mark}:{:.0}:{over}", l.len(), l.last().copied().unwrap_or(0.0))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// During the load, as an organizer does on the day: an export of the
/// ranking and a backup, each timed (answers must keep flowing).
async fn organizer_work(c: Arc<Client>, token: String, contest: i64, after: Duration) -> String {
    tokio::time::sleep(after).await;
    let t = Instant::now();
    let export =
        c.post_raw("export_contest", &token, &json!({"id": contest, "format": "xlsx", "table": "ranking"})).await;
    let export_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let backup = c.post("backup_now", Some(&token), &json!({})).await;
    let backup_ms = t.elapsed().as_secs_f64() * 1000.0;
    format!(
        "during the load: export {} in {export_ms:.0} ms, backup {} in {backup_ms:.0} ms",
        export.map_or_else(|e| format!("failed ({e})"), |n| format!("of {n} bytes")),
        backup.map_or_else(|e| format!("failed ({e})"), |_| "written".to_string()),
    )
}

fn main() -> Result<(), String> {
    let bin = std::env::args().nth(1).ok_or("usage: load_host PATH/TO/lawquiz")?;
    let takers = env_num("TAKERS", 3000) as usize;
    let ramp = Duration::from_secs(env_num("RAMP_S", 10));
    let app_mode = std::env::var("MODE").is_ok_and(|m| m.trim() == "app");
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let db = dir.path().join("bench-host.sqlite3");
    let (mut host, mut base) = start_serve(&bin, &db, &["--logins-per-address", "1000000"])?;
    println!("host {base} ({bin}, database {})", db.display());

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    // Room for every answer up front: growing these (a copy or a rehash of
    // hundreds of thousands of entries under the lock) would stall every
    // taker task and be counted as the host's latency.
    let expected = takers * 55;
    let stats = Arc::new(Mutex::new(Stats {
        acks: Vec::with_capacity(expected),
        last: HashMap::with_capacity(expected),
        starts: Vec::with_capacity(takers),
        start_at: Vec::with_capacity(takers),
        submits: Vec::with_capacity(takers),
        ..Stats::default()
    }));
    let errors = Arc::new(AtomicU64::new(0));
    let per_address = env_num("TAKERS_PER_ADDRESS", 100).clamp(1, 200) as usize;
    let http = |from: Option<std::net::IpAddr>, pool: usize| {
        reqwest::Client::builder()
            .local_address(from)
            .pool_max_idle_per_host(pool)
            .pool_idle_timeout(Duration::from_secs(30))
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| e.to_string())
    };
    // The organizer's set-up from 127.0.0.1 (the host PC itself).
    let (codes, contest, org_token) = rt.block_on(async {
        let c = Client { http: http(None, 16)?, base: base.clone() };
        set_up(&c, takers).await
    })?;
    if app_mode {
        // The same data, now served by the app's own runtime.
        stop(&mut host);
        let (app, url) = start_app(&bin, &db)?;
        host = app;
        base = url;
        println!("MODE=app: the app's window is open and its LAN host serves on {base}");
    }
    let written_before = disk_written(&host);
    let elapsed = rt.block_on(async {
        let org = Arc::new(Client { http: http(None, 16)?, base: base.clone() });
        let org_token = if app_mode {
            let login = org
                .post("login_organizer", None, &json!({"username": "admin", "password": "load-test-pass"}))
                .await?;
            login["token"].as_str().ok_or("no organizer token")?.to_string()
        } else {
            org_token
        };
        // The takers: one client per source address.
        let mut clients = Vec::new();
        for k in 0..takers.div_ceil(per_address) {
            let ip = std::net::Ipv4Addr::new(127, 0, (k / 250) as u8, (k % 250 + 2) as u8);
            clients.push(Arc::new(Client { http: http(Some(ip.into()), per_address + 16)?, base: base.clone() }));
        }
        println!(
            "set up: {} takers with login codes, contest {contest}; {} source addresses (127.0.0.2 on); starting within {} s",
            codes.len(),
            clients.len(),
            ramp.as_secs()
        );
        let start = Instant::now();
        let work = tokio::spawn(organizer_work(org, org_token, contest, ramp / 2));
        let mut tasks = Vec::with_capacity(codes.len());
        for (i, code) in codes.into_iter().enumerate() {
            let delay = ramp.mul_f64(i as f64 / takers.max(1) as f64);
            let t = Taker { code, contest, delay };
            let c = clients[i / per_address].clone();
            tasks.push(tokio::spawn(take(c, t, start, stats.clone(), errors.clone())));
        }
        for t in tasks {
            if t.await.is_err() {
                errors.fetch_add(1, Ordering::Relaxed);
            }
        }
        match work.await {
            Ok(line) => println!("{line}"),
            Err(e) => println!("during the load: the organizer's work failed ({e})"),
        }
        Ok::<_, String>(start.elapsed())
    })?;

    // What the run cost the disk: every commit's WAL frames and the
    // checkpoints that copy them back (a page rewritten is a page synced).
    let written = disk_written(&host).zip(written_before).map(|(after, before)| after.saturating_sub(before));
    // Stop the host (SIGTERM: it finishes what is in flight), then check the file.
    stop(&mut host);
    let stats = Arc::try_unwrap(stats).map_err(|_| "stats still shared")?.into_inner().map_err(|e| e.to_string())?;
    let conn = rusqlite::Connection::open(&db).map_err(|e| e.to_string())?;
    let mut stored: HashMap<(i64, i64), (String, i64)> = HashMap::new();
    {
        let mut q = conn
            .prepare(
                "SELECT attempt_id, position, response, count(*) OVER (PARTITION BY attempt_id, position) FROM answer",
            )
            .map_err(|e| e.to_string())?;
        let rows =
            q.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?)))).map_err(|e| e.to_string())?;
        for row in rows {
            let (k, v) = row.map_err(|e| e.to_string())?;
            stored.insert(k, v);
        }
    }
    // Rows beyond one per acknowledged (attempt, position): a resend stored
    // as a second row, or an answer stored that was never acknowledged.
    let total_rows: i64 = conn.query_row("SELECT count(*) FROM answer", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    let duplicated = (total_rows - stats.last.len() as i64).max(0);
    // The page answers in display positions; the store keeps the bank's
    // option indices (each attempt's paper holds the order it showed).
    let mut orders: HashMap<i64, Vec<Vec<u64>>> = HashMap::new();
    {
        let mut q = conn.prepare("SELECT id, paper FROM attempt").map_err(|e| e.to_string())?;
        let rows = q.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))).map_err(|e| e.to_string())?;
        for row in rows {
            let (id, paper) = row.map_err(|e| e.to_string())?;
            let paper: Value = serde_json::from_str(&paper).map_err(|e| e.to_string())?;
            let items = paper.as_array().cloned().unwrap_or_default();
            let order = |i: &Value| i["option_order"].as_array().map(|o| o.iter().filter_map(Value::as_u64).collect());
            orders.insert(id, items.iter().map(|i| order(i).unwrap_or_default()).collect());
        }
    }
    let in_bank = |(attempt, position): (i64, i64), sent: &str| -> Option<Value> {
        let mut v: Value = serde_json::from_str(sent).ok()?;
        if let Some(keys) = v["keys"].as_array() {
            let order = orders.get(&attempt)?.get(usize::try_from(position).ok()?)?;
            let mut bank: Vec<u64> =
                keys.iter().map(|k| order.get(usize::try_from(k.as_u64()?).ok()?).copied()).collect::<Option<_>>()?;
            bank.sort_unstable();
            bank.dedup();
            v["keys"] = json!(bank);
        }
        Some(v)
    };
    let lost = stats
        .last
        .iter()
        .filter(|(k, v)| {
            stored.get(*k).is_none_or(|(resp, _)| serde_json::from_str::<Value>(resp).ok() != in_bank(**k, v.as_str()))
        })
        .count();

    let mut lat: Vec<f64> = stats.acks.iter().map(|a| a.latency.as_secs_f64() * 1000.0).collect();
    lat.sort_by(f64::total_cmp);
    let answers = stats.acks.len();

    // Sustained rate: answers acknowledged per second while every taker
    // was answering (from the end of the ramp to the first taker's last
    // answer); the whole run's average when that window is too short.
    let mut per_second: HashMap<u64, u64> = HashMap::new();
    for a in &stats.acks {
        *per_second.entry(a.at.as_secs()).or_default() += 1;
    }
    let mut seconds: Vec<(u64, u64)> = per_second.into_iter().collect();
    seconds.sort();
    let peak = seconds.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let window_end = stats.first_done.unwrap_or(elapsed);
    let sustained = if window_end > ramp + Duration::from_secs(2) {
        let n = stats.acks.iter().filter(|a| a.at >= ramp && a.at <= window_end).count();
        (n as f64 / (window_end - ramp).as_secs_f64()).round() as u64
    } else {
        (answers as f64 / elapsed.as_secs_f64().max(0.001)).round() as u64
    };
    println!("steady window {:.1}-{:.1} s (all takers answering)", ramp.as_secs_f64(), window_end.as_secs_f64());
    println!(
        "run: {:.1} s, {} answers acknowledged ({} of them resends), {:.0} answers/s over the whole run, peak second {peak}",
        elapsed.as_secs_f64(),
        answers,
        stats.resends,
        answers as f64 / elapsed.as_secs_f64().max(0.001)
    );
    println!("per second: {}", seconds.iter().map(|(_, n)| n.to_string()).collect::<Vec<_>>().join(" "));
    println!("answers by 5 s window (from:count:p99 ms:max ms:over 20 ms): {}", windows(&stats.acks, 5));
    println!(
        "answers over 20 ms: {} of {} (p99 ≤ 20 ms allows {})",
        lat.iter().filter(|&&ms| ms > 20.0).count(),
        lat.len(),
        lat.len() / 100
    );
    if let Some(bytes) = written {
        println!(
            "the host wrote {:.0} MB to disk during the run ({:.1} KB per acknowledged answer)",
            bytes as f64 / 1e6,
            bytes as f64 / 1e3 / answers.max(1) as f64
        );
    }
    let mut start_at: Vec<f64> = stats.start_at.iter().map(Duration::as_secs_f64).collect();
    start_at.sort_by(f64::total_cmp);
    let mut submit_at: Vec<f64> = stats.submits.iter().map(|(at, _)| at.as_secs_f64()).collect();
    submit_at.sort_by(f64::total_cmp);
    let mut submit_ms: Vec<f64> = stats.submits.iter().map(|(_, d)| d.as_secs_f64() * 1000.0).collect();
    submit_ms.sort_by(f64::total_cmp);
    println!(
        "starts held {:.1}-{:.1} s; hand-ins {:.1}-{:.1} s (p50 {:.1} ms, p99 {:.1} ms)",
        start_at.first().copied().unwrap_or(0.0),
        start_at.last().copied().unwrap_or(0.0),
        submit_at.first().copied().unwrap_or(0.0),
        submit_at.last().copied().unwrap_or(0.0),
        percentile(&submit_ms, 0.50),
        percentile(&submit_ms, 0.99),
    );
    let mut starts: Vec<f64> = stats.starts.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    starts.sort_by(f64::total_cmp);
    println!(
        "takers={takers} answers={answers} answers_per_s={sustained} p50_ms={:.1} p99_ms={:.1} max_ms={:.1} start_p50_ms={:.1} start_p99_ms={:.1} errors={} lost={lost} duplicated={duplicated}",
        percentile(&lat, 0.50),
        percentile(&lat, 0.99),
        lat.last().copied().unwrap_or(0.0),
        percentile(&starts, 0.50),
        percentile(&starts, 0.99),
        errors.load(Ordering::Relaxed)
    );
    Ok(())
}
