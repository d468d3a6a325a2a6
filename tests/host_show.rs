//! The live show over real HTTP (a real axum server on a real database file
//! with the real clock; buzzers and audience are reqwest clients from
//! distinct loopback addresses, the big screen a Server-Sent Events
//! reader): simultaneous buzzes ordered by arrival, a foul told to the
//! device, a team device reconnecting mid-question, a host restart
//! mid-round resuming the same question, phase and scores, no key in any
//! device or screen payload before the reveal, and the attacks (a buzz
//! flood, a token answering for another team, a second audience answer, a
//! revoked device's stream, join floods, foreign Host and Origin).

use crate::show::{round, spec};
use crate::util::{first_organizer, TempDb};
use lawquiz::host::{Host, HostConfig, Limits};
use lawquiz::service::auth::Actor;
use lawquiz::service::show_api::*;
use lawquiz::service::Service;
use serde_json::{json, Value};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

struct Stage {
    db: TempDb,
    svc: Arc<Service>,
    host: Option<Host>,
    base: String,
}

impl Stage {
    async fn open() -> Stage {
        let db = TempDb::new();
        let svc = Arc::new(db.service());
        let mut s = Stage { db, svc, host: None, base: String::new() };
        s.serve().await;
        s
    }

    async fn serve(&mut self) {
        let cfg = HostConfig { limits: Limits::default(), ..HostConfig::new("127.0.0.1:0".parse().expect("addr")) };
        let host = Host::start(self.svc.clone(), cfg).await.expect("host");
        self.base = format!("http://{}", host.addr());
        self.host = Some(host);
    }

    /// The host PC restarts: the host stops, the service is dropped and
    /// opened again on the same file, the host starts again.
    async fn restart(&mut self) {
        if let Some(h) = self.host.take() {
            h.stop().await;
        }
        let old = std::mem::replace(&mut self.svc, Arc::new(self.db.service()));
        drop(old);
        self.serve().await;
    }

    fn client(from: &str) -> reqwest::Client {
        let ip: IpAddr = from.parse().expect("ip");
        reqwest::Client::builder().local_address(ip).build().expect("client")
    }

    async fn post(&self, from: &str, name: &str, body: Value) -> (u16, Value) {
        let res = Self::client(from).post(format!("{}/api/{name}", self.base)).json(&body).send().await.expect("sent");
        (res.status().as_u16(), res.json().await.unwrap_or(Value::Null))
    }

    async fn join(&self, from: &str, code: &str, role: &str, team: Option<i64>) -> Value {
        let (s, v) = self.post(from, "show_join", json!({"code": code, "role": role, "team": team, "name": ""})).await;
        assert_eq!(s, 200, "{v}");
        v
    }

    async fn stream(&self, from: &str, token: &str) -> Sse {
        let res = Self::client(from)
            .get(format!("{}/api/show_stream?token={token}", self.base))
            .send()
            .await
            .expect("stream");
        assert_eq!(res.status().as_u16(), 200);
        assert!(res.headers()["content-type"].to_str().expect("ct").starts_with("text/event-stream"));
        Sse { res, buf: String::new() }
    }

    fn act(&self, org: &Actor, id: i64, action: ShowAction) -> ShowConsole {
        self.svc
            .show_action(org, ShowActionRequest { id, action: action.clone() })
            .unwrap_or_else(|e| panic!("{action:?}: {e}"))
    }

    /// A started show of one 抢答 round with `n` items; (console, organizer).
    fn buzz_show(&self, n: u32) -> (ShowConsole, Actor) {
        let org = first_organizer(&self.svc);
        let c = self
            .svc
            .show_save(&org, ShowSaveRequest { id: None, spec: spec(vec![round(RoundKind::Buzz, n)]) })
            .expect("save");
        (self.svc.show_start(&org, c.id).expect("start"), org)
    }
}

/// A Server-Sent Events reader: the `state` events' data as JSON.
struct Sse {
    res: reqwest::Response,
    buf: String,
}

impl Sse {
    /// The next `state` event (None when the stream ended), within 10 s.
    async fn next(&mut self) -> Option<Value> {
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let data: String = block.lines().filter_map(|l| l.strip_prefix("data: ")).collect();
                if block.lines().any(|l| l == "event: state") {
                    return Some(serde_json::from_str(&data).expect("state is JSON"));
                }
                continue; // a keep-alive comment
            }
            let chunk =
                tokio::time::timeout(Duration::from_secs(10), self.res.chunk()).await.expect("an event in 10 s");
            match chunk.expect("stream read") {
                Some(b) => self.buf.push_str(&String::from_utf8_lossy(&b)),
                None => return None,
            }
        }
    }

    /// Reads events until one satisfies `f`.
    async fn until(&mut self, f: impl Fn(&Value) -> bool) -> Value {
        loop {
            let v = self.next().await.expect("stream open");
            if f(&v) {
                return v;
            }
        }
    }
}

/// No key, explanation or article in a payload before the reveal.
fn assert_no_key(v: &Value, key: &ShowKey) {
    let text = v.to_string();
    assert!(v["reveal"].is_null(), "reveal before the reveal: {text}");
    assert!(v["show"]["reveal"].is_null(), "reveal in a join answer");
    assert!(!text.contains("\"answer\":"), "an answer field: {text}");
    assert!(!text.contains("\"segments\""), "the article");
    assert!(key.explanation.is_empty() || !text.contains(&key.explanation), "the explanation");
}

/// Protects fair buzzing over the network: three teams buzz at once from
/// three PCs; each gets a distinct place, one wins, the order follows the
/// host's arrival times, and the big screen's stream shows the same order
/// in the buzzers' colours. A buzz before the opening is told it fouled.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_buzzes_are_ordered_by_arrival_and_a_foul_is_told() {
    let stage = Stage::open().await;
    let (c, org) = stage.buzz_show(2);
    let id = c.id;
    let teams: Vec<i64> = c.public.teams.iter().map(|t| t.id).collect();
    let mut tokens = Vec::new();
    for (i, t) in teams.iter().enumerate() {
        let j = stage.join(&format!("127.0.1.{}", i + 1), &c.code, "team", Some(*t)).await;
        assert_eq!(j["team"]["id"].as_i64(), Some(*t));
        tokens.push(j["device_token"].as_str().expect("token").to_string());
    }
    let screen = stage.svc.show_screen_token(&org, id).expect("screen");
    let mut big = stage.stream("127.0.2.1", &screen.token).await;
    stage.act(&org, id, ShowAction::Next);
    let (s, foul) = stage.post("127.0.1.1", "show_buzz", json!({"device_token": tokens[0]})).await;
    assert_eq!(s, 200);
    assert_eq!((foul["foul"].as_bool(), foul["accepted"].as_bool()), (Some(true), Some(false)), "{foul}");
    assert!(foul["message"].as_str().expect("message").contains("犯规"));
    stage.act(&org, id, ShowAction::OpenBuzz);
    big.until(|v| v["phase"] == "open").await;
    let buzz = |i: usize| {
        let t = tokens[i].clone();
        let from = format!("127.0.1.{}", i + 1);
        let base = stage.base.clone();
        async move {
            let res = Stage::client(&from)
                .post(format!("{base}/api/show_buzz"))
                .json(&json!({"device_token": t}))
                .send()
                .await
                .expect("sent");
            res.json::<Value>().await.expect("ack")
        }
    };
    let (a, b, c3) = tokio::join!(buzz(0), buzz(1), buzz(2));
    let acks = [a, b, c3];
    let mut places: Vec<u64> = acks.iter().map(|a| a["place"].as_u64().expect("placed")).collect();
    places.sort();
    assert_eq!(places, vec![1, 2, 3], "{acks:?}");
    assert_eq!(acks.iter().filter(|a| a["won"] == true).count(), 1);
    let mut by_place: Vec<(u64, i64)> =
        acks.iter().map(|a| (a["place"].as_u64().unwrap_or(0), a["ms_after_open"].as_i64().unwrap_or(-1))).collect();
    by_place.sort();
    for w in by_place.windows(2) {
        assert!(w[0].1 <= w[1].1, "a later place never arrived earlier: {by_place:?}");
    }
    let shown = big.until(|v| v["buzzes"].as_array().is_some_and(|b| b.len() == 3)).await;
    let winner = acks.iter().position(|a| a["won"] == true).expect("winner");
    assert_eq!(shown["buzzes"][0]["team"].as_i64(), Some(teams[winner]));
    assert_eq!(shown["turn_team"].as_i64(), Some(teams[winner]));
    assert_eq!(shown["phase"], "answering");
    assert!(shown["remaining_ms"].as_i64().is_some_and(|r| r > 15_000 && r <= 20_000));
    let colour = shown["teams"].as_array().expect("teams").iter().find(|t| t["id"] == teams[winner]).expect("team")
        ["colour"]
        .clone();
    assert!(colour.as_str().is_some_and(|c| c.starts_with("team-")));
}

/// Protects "no key before the reveal" where it matters: every state event
/// of the screen's and an audience phone's streams, and every device
/// answer, from the title card to the judgment; the key comes with the
/// reveal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_key_reaches_a_device_or_the_screen_before_the_reveal() {
    let stage = Stage::open().await;
    let (c, org) = stage.buzz_show(1);
    let id = c.id;
    let team = c.public.teams[0].id;
    let t = stage.join("127.0.3.1", &c.code, "team", Some(team)).await;
    let a = stage.join("127.0.3.2", &c.code, "audience", None).await;
    let screen = stage.svc.show_screen_token(&org, id).expect("screen");
    let mut big = stage.stream("127.0.3.3", &screen.token).await;
    let mut phone = stage.stream("127.0.3.2", a["device_token"].as_str().expect("t")).await;
    let c = stage.act(&org, id, ShowAction::Next);
    let key = c.key.clone().expect("console key");
    assert_no_key(&t, &key);
    assert_no_key(&a, &key);
    let item = c.public.item.as_ref().expect("item").id;
    let (_, ans) = stage
        .post(
            "127.0.3.2",
            "show_answer",
            json!({"device_token": a["device_token"], "item": item, "choice": key.answer}),
        )
        .await;
    assert_eq!(ans["counted"], true, "{ans}");
    assert_no_key(&ans, &key);
    assert!(ans["correct"].is_null(), "the audience learns it at the reveal");
    stage.act(&org, id, ShowAction::OpenBuzz);
    let (_, b) = stage.post("127.0.3.1", "show_buzz", json!({"device_token": t["device_token"]})).await;
    assert_no_key(&b, &key);
    stage.act(&org, id, ShowAction::Judge { right: true });
    let (_, p) = stage.post("127.0.3.2", "show_public", json!({"token": a["device_token"]})).await;
    assert_no_key(&p, &key);
    for s in [&mut big, &mut phone] {
        loop {
            let v = s.next().await.expect("open");
            assert_no_key(&v, &key);
            if v["phase"] == "judged" {
                break;
            }
        }
    }
    stage.act(&org, id, ShowAction::Reveal);
    for s in [&mut big, &mut phone] {
        let v = s.until(|v| v["phase"] == "reveal").await;
        let answer: Vec<u8> = serde_json::from_value(v["reveal"]["answer"].clone()).expect("answer");
        assert_eq!(answer, key.answer);
        assert_eq!(v["audience"]["fastest"].as_array().map(Vec::len), Some(1));
    }
}

/// Protects a team's phone that drops mid-question: joining again for the
/// same team gets the team's state (the question, its turn, its score), and
/// its stream starts with the current state; the old token still works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_device_reconnects_mid_question_with_its_state() {
    let stage = Stage::open().await;
    let (c, org) = stage.buzz_show(2);
    let id = c.id;
    let red = c.public.teams[0].id;
    let first = stage.join("127.0.4.1", &c.code, "team", Some(red)).await;
    stage.act(&org, id, ShowAction::Next);
    stage.act(&org, id, ShowAction::OpenBuzz);
    let (_, won) = stage.post("127.0.4.1", "show_buzz", json!({"device_token": first["device_token"]})).await;
    assert_eq!(won["won"], true, "{won}");
    // the phone reloads the page and joins again
    let again = stage.join("127.0.4.1", &c.code, "team", Some(red)).await;
    assert_ne!(again["device_token"], first["device_token"]);
    assert_eq!(again["team"]["id"].as_i64(), Some(red));
    assert_eq!(again["show"]["phase"], "answering");
    assert_eq!(again["show"]["turn_team"].as_i64(), Some(red), "still its turn");
    assert!(again["show"]["question"]["stem"].is_string());
    assert_eq!(again["team"]["devices"].as_i64(), Some(2));
    let mut s = stage.stream("127.0.4.1", again["device_token"].as_str().expect("t")).await;
    let now = s.next().await.expect("the current state at once");
    assert_eq!(now["phase"], "answering");
    // the new token answers for the team
    let item = now["item"]["id"].as_i64().expect("item");
    let key = stage.svc.show_get(&org, id).expect("get").key.expect("key").answer;
    let (st, ack) = stage
        .post("127.0.4.1", "show_answer", json!({"device_token": again["device_token"], "item": item, "choice": key}))
        .await;
    assert_eq!((st, ack["correct"].as_bool()), (200, Some(true)), "{ack}");
    let v = s.until(|v| v["phase"] == "judged").await;
    let score = v["teams"].as_array().expect("teams").iter().find(|t| t["id"] == red).expect("red")["score"].clone();
    assert_eq!(score, 10);
}

/// Protects the restart of the host PC mid-round: the same item, phase and
/// scores after it, the devices' tokens still work (a buzz is still told
/// its place), and the streams pick up again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_restart_mid_round_resumes_the_same_question_phase_and_scores() {
    let mut stage = Stage::open().await;
    let (c, org) = stage.buzz_show(3);
    let id = c.id;
    let (red, blue) = (c.public.teams[0].id, c.public.teams[1].id);
    let r = stage.join("127.0.5.1", &c.code, "team", Some(red)).await;
    let b = stage.join("127.0.5.2", &c.code, "team", Some(blue)).await;
    stage.act(&org, id, ShowAction::Next);
    stage.act(&org, id, ShowAction::OpenBuzz);
    stage.post("127.0.5.1", "show_buzz", json!({"device_token": r["device_token"]})).await;
    stage.act(&org, id, ShowAction::Judge { right: true });
    stage.act(&org, id, ShowAction::Reveal);
    stage.act(&org, id, ShowAction::Next);
    stage.act(&org, id, ShowAction::Next); // the second item, question shown
    let before = stage.act(&org, id, ShowAction::OpenBuzz);
    stage.restart().await;
    let org = first_organizer_again(&stage.svc);
    let after = stage.svc.show_get(&org, id).expect("get");
    assert_eq!(after.public.phase, Phase::Open);
    assert_eq!(after.public.item, before.public.item);
    assert_eq!(after.public.teams.iter().map(|t| t.score).collect::<Vec<_>>(), vec![10, 0, 0]);
    let mut s = stage.stream("127.0.5.2", b["device_token"].as_str().expect("t")).await;
    assert_eq!(s.next().await.expect("state")["phase"], "open");
    let (st, ack) = stage.post("127.0.5.2", "show_buzz", json!({"device_token": b["device_token"]})).await;
    assert_eq!((st, ack["place"].as_u64()), (200, Some(1)), "{ack}");
    let v = s.until(|v| v["phase"] == "answering").await;
    assert_eq!(v["turn_team"].as_i64(), Some(blue));
}

fn first_organizer_again(svc: &Service) -> Actor {
    let login = svc
        .login_organizer(
            lawquiz::service::api::OrganizerLoginRequest {
                username: "admin".into(),
                password: "organizer-pass".into(),
            },
            "127.0.0.1",
        )
        .expect("login");
    svc.authenticate(&login.token).expect("session")
}

/// Protects the show from the LAN's pranksters: a buzz flood is cut off
/// (429) after a burst, one team's token cannot answer for another, an
/// audience phone's second answer does not count, a revoked device's
/// stream ends, joins from one address are limited, and a foreign Host or
/// another site's page is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pranksters_are_limited_and_refused() {
    let stage = Stage::open().await;
    let (c, org) = stage.buzz_show(2);
    let id = c.id;
    let (red, blue) = (c.public.teams[0].id, c.public.teams[1].id);
    let r = stage.join("127.0.6.1", &c.code, "team", Some(red)).await;
    let b = stage.join("127.0.6.2", &c.code, "team", Some(blue)).await;
    let a = stage.join("127.0.6.3", &c.code, "audience", None).await;
    stage.act(&org, id, ShowAction::Next);
    let mut limited = 0;
    for _ in 0..150 {
        let (s, _) = stage.post("127.0.6.1", "show_buzz", json!({"device_token": r["device_token"]})).await;
        if s == 429 {
            limited += 1;
        }
    }
    assert!(limited > 0, "a flood of buzzes is cut off");
    let c = stage.svc.show_get(&org, id).expect("get");
    let red_score = c.public.teams.iter().find(|t| t.id == red).expect("red").score;
    assert_eq!(red_score, -5, "the flood is one penalised foul");
    stage.act(&org, id, ShowAction::OpenBuzz);
    let (_, w) = stage.post("127.0.6.2", "show_buzz", json!({"device_token": b["device_token"]})).await;
    assert_eq!(w["won"], true);
    let item = c.public.item.as_ref().expect("item").id;
    let key = c.key.expect("key").answer;
    // red's flooding device is cut off (or, once its allowance refilled,
    // refused as not its turn); red's second (calm) device
    // tries to answer for blue, which won the buzz
    let (s, _) = stage
        .post("127.0.6.1", "show_answer", json!({"device_token": r["device_token"], "item": item, "choice": key}))
        .await;
    assert!(s == 429 || s == 403, "the flooding device is limited, or refused as not its turn: {s}");
    let r2 = stage.join("127.0.6.5", &c.code, "team", Some(red)).await;
    let (s, e) = stage
        .post("127.0.6.5", "show_answer", json!({"device_token": r2["device_token"], "item": item, "choice": key}))
        .await;
    assert_eq!((s, e["code"].as_str()), (403, Some("forbidden")), "red answering for blue");
    let (_, one) = stage
        .post("127.0.6.3", "show_answer", json!({"device_token": a["device_token"], "item": item, "choice": key}))
        .await;
    let (_, two) = stage
        .post("127.0.6.3", "show_answer", json!({"device_token": a["device_token"], "item": item, "choice": [9]}))
        .await;
    assert_eq!((one["counted"].as_bool(), two["counted"].as_bool()), (Some(true), Some(false)));
    // a revoked audience phone: its stream ends, its token is refused
    let mut s = stage.stream("127.0.6.3", a["device_token"].as_str().expect("t")).await;
    s.next().await.expect("first state");
    let dev = stage.svc.show_get(&org, id).expect("get").devices.iter().find(|d| d.role == "audience").expect("dev").id;
    stage.svc.show_revoke(&org, ShowRevokeRequest { id, device: dev }).expect("revoke");
    let ended = tokio::time::timeout(Duration::from_secs(5), async { while s.next().await.is_some() {} }).await;
    assert!(ended.is_ok(), "the revoked device's stream ended");
    let (st, _) = stage.post("127.0.6.3", "show_public", json!({"token": a["device_token"]})).await;
    assert_eq!(st, 401);
    // joins: 30 a minute from one address
    let mut refused = 0;
    for _ in 0..35 {
        let (st, _) =
            stage.post("127.0.6.9", "show_join", json!({"code": c.code, "role": "audience", "name": ""})).await;
        if st == 429 {
            refused += 1;
        }
    }
    assert!(refused >= 5, "join flood limited ({refused})");
    // another site's page, a foreign Host
    let res = Stage::client("127.0.6.4")
        .post(format!("{}/api/show_join", stage.base))
        .header("origin", "http://evil.example")
        .json(&json!({"code": c.code, "role": "audience"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status().as_u16(), 403);
    let res = Stage::client("127.0.6.4")
        .get(format!("{}/api/show_stream?token={}", stage.base, b["device_token"].as_str().expect("t")))
        .header("host", "quiz.evil.example")
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status().as_u16(), 403);
    let res = Stage::client("127.0.6.4")
        .get(format!("{}/api/show_stream?token=nonsense", stage.base))
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status().as_u16(), 401);
}
