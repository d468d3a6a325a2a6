//! The live show's load generator (`make bench-show`): starts the release
//! host (`lawquiz serve`) on a fresh database, sets up a show of 12 teams
//! and one 抢答 round through the API, and joins BUZZERS team devices and
//! AUDIENCE audience phones, each with its own Server-Sent Events stream
//! (as the pages keep one open), plus the big screen's stream. For each of
//! ITEMS questions the organizer shows the question, every audience phone
//! answers within a second, buzzing opens and every buzzer presses within a
//! few milliseconds of the others, then the organizer judges, reveals and
//! moves on.
//!
//! It measures what a person in the hall sees:
//! - buzz: from a buzzer's press to its acknowledgement AND its team shown
//!   in the big screen's buzz order (the later of the two);
//! - tally: from an audience answer sent to the big screen's answer count
//!   including it (`audience.answered` ≥ the `counted_as` of its ack);
//! - lost: acknowledged buzzes or answers the screen never showed, or that
//!   the database file does not hold once the host has stopped.
//!
//! Clients come from many loopback addresses (127.0.20.x for buzzers,
//! 127.0.21+.x for the audience, 20 phones per address), as phones on the
//! LAN would. Usage: load_show HOST_BINARY (env: BUZZERS=12 AUDIENCE=500
//! ITEMS=10). The last line is exactly:
//! `buzzers=N audience=M buzz_p50_ms=A buzz_p99_ms=B tally_p99_ms=C lost=L`

use rand::Rng;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

// The app mode and the disk figure are load_host's alone.
#[allow(dead_code)]
#[path = "load_host/hosts.rs"]
mod hosts;

use hosts::{start_serve, stop};

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

fn client(from: Option<IpAddr>) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .local_address(from)
        .pool_max_idle_per_host(64)
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| e.to_string())
}

async fn post(
    http: &reqwest::Client,
    base: &str,
    name: &str,
    token: Option<&str>,
    body: &Value,
) -> Result<Value, String> {
    let mut req = http.post(format!("{base}/api/{name}")).json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.map_err(|e| format!("{name}: {e}"))?;
    let status = res.status();
    let body: Value = res.json().await.map_err(|e| format!("{name}: {e}"))?;
    if status.is_success() {
        Ok(body)
    } else {
        Err(format!("{name}: {status} {body}"))
    }
}

/// What the big screen's stream showed, and when.
#[derive(Default)]
struct Screen {
    /// (when, item id, audience answered, teams in the buzz order)
    seen: Vec<(Instant, i64, i64, Vec<i64>)>,
}

/// Reads a stream's `state` events; `on_state` gets each one's JSON.
async fn follow(http: reqwest::Client, url: String, mut on_state: impl FnMut(Value) + Send) -> Result<(), String> {
    let mut res = http.get(url).timeout(Duration::from_secs(3600)).send().await.map_err(|e| e.to_string())?;
    if !res.status().is_success() {
        return Err(format!("stream: {}", res.status()));
    }
    let mut buf = String::new();
    while let Some(chunk) = res.chunk().await.map_err(|e| e.to_string())? {
        buf.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buf.find("\n\n") {
            let block: String = buf.drain(..end + 2).collect();
            if block.lines().any(|l| l == "event: state") {
                let data: String = block.lines().filter_map(|l| l.strip_prefix("data: ")).collect();
                if let Ok(v) = serde_json::from_str(&data) {
                    on_state(v);
                }
            }
        }
    }
    Ok(())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

struct Device {
    http: reqwest::Client,
    token: String,
    team: i64,
}

fn main() -> Result<(), String> {
    let bin = std::env::args().nth(1).ok_or("usage: load_show PATH/TO/lawquiz")?;
    let buzzers = env_num("BUZZERS", 12).clamp(2, 12) as usize;
    let audience = env_num("AUDIENCE", 500) as usize;
    let items = env_num("ITEMS", 10).max(1) as usize;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let db = dir.path().join("bench-show.sqlite3");
    let (mut host, base) = start_serve(&bin, &db, &[])?;
    println!("host {base} ({bin}, database {})", db.display());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let errors = Arc::new(AtomicU64::new(0));
    let stopping = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let fail = {
        let errors = errors.clone();
        move |e: String| {
            if errors.fetch_add(1, Ordering::Relaxed) < 5 {
                eprintln!("error: {e}");
            }
        }
    };
    let outcome = rt.block_on(async {
        let org_http = client(None)?;
        let org = post(
            &org_http,
            &base,
            "setup_organizer",
            None,
            &json!({"username": "admin", "display_name": "压力测试", "password": "load-test-pass"}),
        )
        .await?;
        let org = org["token"].as_str().ok_or("no organizer token")?.to_string();
        let teams: Vec<Value> = (0..buzzers)
            .map(|i| json!({"name": format!("第{}队", i + 1), "colour": format!("team-{}", i + 1)}))
            .collect();
        let spec = json!({"title": "压力测试擂台", "unit_name": "某局", "teams": teams, "rounds": [{
            "title": "抢答", "kind": "buzz", "count": items, "answer_seconds": 20,
            "rule": {"subject": "宪法", "qtype": "single"}}]});
        let show = post(&org_http, &base, "show_save", Some(&org), &json!({"spec": spec})).await?;
        let id = show["id"].as_i64().ok_or("no show id")?;
        let code = show["code"].as_str().ok_or("no code")?.to_string();
        let show = post(&org_http, &base, "show_start", Some(&org), &json!({"id": id})).await?;
        let team_ids: Vec<i64> =
            show["public"]["teams"].as_array().ok_or("no teams")?.iter().filter_map(|t| t["id"].as_i64()).collect();
        let screen = post(&org_http, &base, "show_screen_token", Some(&org), &json!({"id": id})).await?;
        let screen = screen["token"].as_str().ok_or("no screen token")?.to_string();

        // Devices join from their own addresses.
        let mut buzz_devs = Vec::new();
        for (i, team) in team_ids.iter().enumerate() {
            let http = client(Some(IpAddr::V4(Ipv4Addr::new(127, 0, 20, i as u8 + 2))))?;
            let j = post(&http, &base, "show_join", None, &json!({"code": code, "role": "team", "team": team})).await?;
            buzz_devs.push(Device { http, token: j["device_token"].as_str().unwrap_or_default().into(), team: *team });
        }
        let mut aud_devs = Vec::new();
        let mut http = client(None)?;
        for i in 0..audience {
            if i % 20 == 0 {
                http = client(Some(IpAddr::V4(Ipv4Addr::new(
                    127,
                    0,
                    21 + (i / 20 / 250) as u8,
                    (i / 20 % 250) as u8 + 2,
                ))))?;
            }
            let j = post(
                &http,
                &base,
                "show_join",
                None,
                &json!({"code": code, "role": "audience", "name": format!("观众{i}")}),
            )
            .await?;
            aud_devs.push(Device {
                http: http.clone(),
                token: j["device_token"].as_str().unwrap_or_default().into(),
                team: 0,
            });
        }
        // Every device keeps its stream open; the screen's is measured. (The
        // streams' ends when the host stops are not errors.)
        let events = Arc::new(AtomicU64::new(0));
        for d in buzz_devs.iter().chain(aud_devs.iter()) {
            let (http, url, events, fail, stopping) = (
                d.http.clone(),
                format!("{base}/api/show_stream?token={}", d.token),
                events.clone(),
                fail.clone(),
                stopping.clone(),
            );
            tokio::spawn(async move {
                if let Err(e) = follow(http, url, move |_| {
                    events.fetch_add(1, Ordering::Relaxed);
                })
                .await
                {
                    if !stopping.load(Ordering::Relaxed) {
                        fail(e);
                    }
                }
            });
        }
        let screen_log = Arc::new(Mutex::new(Screen::default()));
        {
            let (log, url, fail, stopping) =
                (screen_log.clone(), format!("{base}/api/show_stream?token={screen}"), fail.clone(), stopping.clone());
            let http = client(Some(IpAddr::V4(Ipv4Addr::new(127, 0, 19, 2))))?;
            tokio::spawn(async move {
                let r = follow(http, url, move |v| {
                    let buzzes: Vec<i64> = v["buzzes"]
                        .as_array()
                        .map(|b| b.iter().filter_map(|x| x["team"].as_i64()).collect())
                        .unwrap_or_default();
                    let item = v["item"]["id"].as_i64().unwrap_or(0);
                    let answered = v["audience"]["answered"].as_i64().unwrap_or(0);
                    log.lock().unwrap_or_else(|p| p.into_inner()).seen.push((Instant::now(), item, answered, buzzes));
                })
                .await;
                if let Err(e) = r {
                    if !stopping.load(Ordering::Relaxed) {
                        fail(e);
                    }
                }
            });
        }
        tokio::time::sleep(Duration::from_millis(1500)).await; // the streams connect
        println!(
            "set up: show {id}, {} buzzers, {} audience phones, each with its stream; {items} questions",
            buzz_devs.len(),
            aud_devs.len()
        );

        let act = |action: Value| {
            let (http, base, org) = (org_http.clone(), base.clone(), org.clone());
            async move { post(&http, &base, "show_action", Some(&org), &json!({"id": id, "action": action})).await }
        };
        // (sent, acked, item, team) per accepted buzz; (sent, item, counted_as) per counted answer.
        let mut buzz_log: Vec<(Instant, Instant, i64, i64)> = Vec::new();
        let mut tally_log: Vec<(Instant, i64, i64)> = Vec::new();
        let aud_devs = Arc::new(aud_devs);
        let mut c = act(json!({"kind": "next"})).await?; // the round's card → the first question
        for n in 0..items {
            let item = c["public"]["item"]["id"].as_i64().ok_or("no item")?;
            let options: Vec<i64> = c["public"]["question"]["options"]
                .as_array()
                .map(|o| o.iter().filter_map(|x| x["id"].as_i64()).collect())
                .unwrap_or_default();
            // The audience answers within a second.
            let mut tasks = Vec::new();
            for (k, _) in aud_devs.iter().enumerate() {
                let (devs, base, options) = (aud_devs.clone(), base.clone(), options.clone());
                let (delay, choice) = {
                    let mut rng = rand::rng();
                    (rng.random_range(0..1000u64), options[rng.random_range(0..options.len().max(1))])
                };
                tasks.push(tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(delay)).await;
                    let d = &devs[k];
                    let sent = Instant::now();
                    let body = json!({"device_token": d.token, "item": item, "choice": [choice]});
                    post(&d.http, &base, "show_answer", None, &body).await.map(|ack| (sent, ack))
                }));
            }
            for t in tasks {
                match t.await.map_err(|e| e.to_string()).and_then(|r| r) {
                    Ok((sent, ack)) if ack["counted"] == true => {
                        tally_log.push((sent, item, ack["counted_as"].as_i64().unwrap_or(i64::MAX)))
                    }
                    Ok((_, ack)) => fail(format!("answer not counted: {ack}")),
                    Err(e) => fail(e),
                }
            }
            act(json!({"kind": "open_buzz"})).await?;
            tokio::time::sleep(Duration::from_millis(100)).await;
            let mut tasks = Vec::new();
            for d in &buzz_devs {
                let (http, base, token, team) = (d.http.clone(), base.clone(), d.token.clone(), d.team);
                let jitter = rand::rng().random_range(0..5u64);
                tasks.push(tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(jitter)).await;
                    let sent = Instant::now();
                    let ack = post(&http, &base, "show_buzz", None, &json!({"device_token": token})).await;
                    ack.map(|a| (sent, Instant::now(), team, a))
                }));
            }
            for t in tasks {
                match t.await.map_err(|e| e.to_string()).and_then(|r| r) {
                    Ok((sent, acked, team, a)) if a["accepted"] == true => buzz_log.push((sent, acked, item, team)),
                    Ok((_, _, _, a)) => fail(format!("buzz not accepted: {a}")),
                    Err(e) => fail(e),
                }
            }
            tokio::time::sleep(Duration::from_millis(300)).await; // the screen catches up
            act(json!({"kind": "judge", "right": n % 2 == 0})).await?;
            act(json!({"kind": "reveal"})).await?;
            act(json!({"kind": "next"})).await?; // scoreboard
            if n + 1 < items {
                c = act(json!({"kind": "next"})).await?; // the next question
            }
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        println!("stream events received by the devices: {}", events.load(Ordering::Relaxed));
        let seen = std::mem::take(&mut screen_log.lock().unwrap_or_else(|p| p.into_inner()).seen);
        stopping.store(true, Ordering::Relaxed);
        Ok::<_, String>((buzz_log, tally_log, seen))
    });
    // Stop the host (SIGTERM: it finishes what is in flight), also after a failure.
    stop(&mut host);
    let (buzz_log, tally_log, seen) = outcome?;

    let mut lost = 0u64;
    let mut buzz_ms = Vec::new();
    for (sent, acked, item, team) in &buzz_log {
        match seen.iter().find(|(_, i, _, b)| i == item && b.contains(team)) {
            Some((at, ..)) => buzz_ms.push((*acked.max(at) - *sent).as_secs_f64() * 1000.0),
            None => lost += 1,
        }
    }
    let mut tally_ms = Vec::new();
    for (sent, item, n) in &tally_log {
        match seen.iter().find(|(at, i, answered, _)| i == item && answered >= n && at >= sent) {
            Some((at, ..)) => tally_ms.push((*at - *sent).as_secs_f64() * 1000.0),
            None => match seen.iter().find(|(_, i, answered, _)| i == item && answered >= n) {
                // shown by a state sent while this request was still in flight
                Some(_) => tally_ms.push(0.0),
                None => lost += 1,
            },
        }
    }
    // Everything acknowledged is in the file.
    let conn = rusqlite::Connection::open(&db).map_err(|e| e.to_string())?;
    let stored_buzzes: i64 = conn
        .query_row("SELECT count(*) FROM show_event WHERE kind = 'buzz'", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    let stored_answers: i64 =
        conn.query_row("SELECT count(*) FROM show_answer", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    lost += (buzz_log.len() as i64 - stored_buzzes).max(0) as u64;
    lost += (tally_log.len() as i64 - stored_answers).max(0) as u64;
    buzz_ms.sort_by(f64::total_cmp);
    tally_ms.sort_by(f64::total_cmp);
    let mut per_item: HashMap<i64, usize> = HashMap::new();
    for (_, _, item, _) in &buzz_log {
        *per_item.entry(*item).or_default() += 1;
    }
    println!(
        "buzzes acknowledged {} (stored {stored_buzzes}), audience answers counted {} (stored {stored_answers}), screen states {}, errors {}",
        buzz_log.len(),
        tally_log.len(),
        seen.len(),
        errors.load(Ordering::Relaxed)
    );
    println!(
        "buzz max {:.1} ms, tally p50 {:.1} ms, tally max {:.1} ms",
        buzz_ms.last().copied().unwrap_or(0.0),
        percentile(&tally_ms, 0.5),
        tally_ms.last().copied().unwrap_or(0.0)
    );
    println!(
        "buzzers={buzzers} audience={audience} buzz_p50_ms={:.1} buzz_p99_ms={:.1} tally_p99_ms={:.1} lost={lost}",
        percentile(&buzz_ms, 0.50),
        percentile(&buzz_ms, 0.99),
        percentile(&tally_ms, 0.99)
    );
    Ok(())
}
