//! The live show's views: the public one every device and the big screen
//! get (stem and options only until the reveal; then the key, the article
//! with its quote, the audience's distribution and fastest answers), the
//! organizer's console (with the key) and the log lines.

use super::show::{answering_team, standing_judgment, Ctx};
use super::show_api::*;
use super::show_live::key_ids;
use crate::core::question::{QType, Question};
use crate::core::show::{self as rules, AudienceRecord, Phase};
use crate::error::Result;
use crate::store;
use crate::store::show as st;
use rusqlite::Connection;
/// The options as the stage shows them (display order; 判断: 正确, 错误).
fn shown_options(q: &Question, order: &[u8]) -> Vec<ShowOption> {
    if q.qtype == QType::Judge {
        return vec![ShowOption { id: 1, text: "正确".into() }, ShowOption { id: 0, text: "错误".into() }];
    }
    let order: Vec<u8> = if order.is_empty() { (0..q.options.len() as u8).collect() } else { order.to_vec() };
    order.iter().filter_map(|i| q.options.get(*i as usize).map(|t| ShowOption { id: *i, text: t.clone() })).collect()
}

pub(super) fn key_of(c: &Connection, q: &Question, order: &[u8]) -> Result<ShowKey> {
    let ids = key_ids(q);
    let answer_text = if q.qtype == QType::Judge {
        if ids == [1] { "正确" } else { "错误" }.to_string()
    } else {
        let shown = shown_options(q, order);
        let mut letters: Vec<(usize, char)> = ids
            .iter()
            .filter_map(|k| shown.iter().position(|o| o.id == *k))
            .map(|p| (p, crate::core::question::option_letter(p)))
            .collect();
        letters.sort();
        letters.iter().map(|(_, l)| l.to_string()).collect::<Vec<_>>().join("、")
    };
    Ok(ShowKey {
        answer: ids,
        answer_text,
        explanation: q.explanation.clone(),
        article: super::practice::article_view(c, q)?,
    })
}

fn team_views(c: &Connection, ctx: &Ctx) -> Result<Vec<TeamPublic>> {
    let events = st::scoring_events(c, ctx.row.id)?;
    let core: Vec<rules::ScoreEvent> = events
        .iter()
        .filter_map(|e| {
            Some(rules::ScoreEvent { id: e.id, team: e.team_id?, points: e.points, undone: e.undone_by.is_some() })
        })
        .collect();
    let ids: Vec<i64> = ctx.teams.iter().map(|t| t.id).collect();
    let scores = rules::scores(&ids, &core);
    let devices = st::team_device_counts(c, ctx.row.id)?;
    Ok(ctx
        .teams
        .iter()
        .map(|t| TeamPublic {
            id: t.id,
            position: t.position,
            name: t.name.clone(),
            colour: t.colour.clone(),
            department: t.department.clone(),
            score: scores.get(&t.id).copied().unwrap_or(0),
            devices: devices.iter().find(|(id, _)| *id == t.id).map_or(0, |d| d.1),
        })
        .collect())
}

/// The view every device and the big screen get: never the key before the reveal.
pub(super) fn public_view(c: &Connection, id: i64, now: i64) -> Result<ShowPublic> {
    let ctx = Ctx::load(c, id)?;
    let teams = team_views(c, &ctx)?;
    let phase = ctx.phase;
    let round = ctx.round().map(|r| {
        let s = r.settings();
        RoundPublic {
            position: ctx.item.as_ref().map_or(0, |i| i.round_pos),
            title: r.title.clone(),
            kind: r.kind,
            kind_name: r.kind.name().into(),
            points_right: s.points_right,
            points_wrong: s.points_wrong,
            foul_penalty: s.foul_penalty,
            answer_seconds: s.answer_seconds,
            risk_values: s.risk_values.clone(),
            speed_seconds: s.speed_seconds,
            items: r.item_count(ctx.teams.len()) as i64,
        }
    });
    let mut out = ShowPublic {
        show_id: id,
        title: ctx.row.title.clone(),
        unit_name: ctx.row.unit_name.clone(),
        code: ctx.row.code.clone(),
        state: ctx.row.state.clone(),
        phase,
        phase_name: phase.name().into(),
        version: ctx.row.version,
        server_ms: now,
        deadline_ms: ctx.row.deadline_ms,
        remaining_ms: ctx.row.deadline_ms.map(|d| (d - now).max(0)),
        round,
        item: None,
        question: None,
        teams,
        turn_team: None,
        buzzes: vec![],
        fouls: vec![],
        judgment: None,
        reveal: None,
        audience: AudiencePublic { joined: st::count_devices(c, id, "audience", None)?, ..Default::default() },
        oath_step: ctx.row.oath_step,
        podium: None,
    };
    if let Some(item) = &ctx.item {
        out.item = Some(ItemPublic {
            id: item.id,
            position: item.position,
            number: item.round_index + 1,
            team: item.team_id,
            risk_value: item.risk_value,
        });
        out.turn_team = answering_team(c, &ctx)?;
        let order: Vec<u8> = serde_json::from_str(&item.option_order).unwrap_or_default();
        if phase.shows_question() {
            let q = store::questions::get(c, &item.question_id)?;
            out.question = Some(ShowQuestion {
                qtype: q.qtype.code().into(),
                qtype_name: q.qtype.name().into(),
                stem: q.stem.clone(),
                options: shown_options(&q, &order),
            });
            if phase.reveals() {
                out.reveal = Some(key_of(c, &q, &order)?);
                let mut dist: Vec<OptionCount> = out
                    .question
                    .as_ref()
                    .map(|q| q.options.iter().map(|o| OptionCount { option: o.id, count: 0 }).collect())
                    .unwrap_or_default();
                for (choice, n) in st::choices(c, item.id)? {
                    for k in serde_json::from_str::<Vec<u8>>(&choice).unwrap_or_default() {
                        if let Some(d) = dist.iter_mut().find(|d| d.option == k) {
                            d.count += n;
                        }
                    }
                }
                out.audience.distribution = Some(dist);
                out.audience.fastest =
                    Some(st::fastest(c, item.id, 5)?.into_iter().map(|(name, ms)| AudienceFast { name, ms }).collect());
            }
        }
        out.buzzes = st::item_events(c, item.id, "buzz")?
            .iter()
            .filter_map(|e| {
                let v: serde_json::Value = serde_json::from_str(&e.data).ok()?;
                Some(BuzzPublic {
                    team: e.team_id?,
                    place: v["place"].as_u64()? as usize,
                    ms_after_open: v["ms_after_open"].as_i64().unwrap_or(0),
                })
            })
            .collect();
        out.fouls = st::item_events(c, item.id, "foul")?
            .iter()
            .filter_map(|e| Some(FoulPublic { team: e.team_id?, at_ms: e.at_ms }))
            .collect();
        out.judgment = standing_judgment(c, item.id)?.and_then(|e| {
            let v: serde_json::Value = serde_json::from_str(&e.data).ok()?;
            Some(JudgmentPublic { team: e.team_id?, right: v["right"].as_bool()?, points: e.points })
        });
        out.audience.answered = st::answer_count(c, item.id)?;
        // Only revealed items count for the ranking (it would hint at the key otherwise).
        let up_to = if phase.reveals() || phase == Phase::Podium { item.position } else { item.position - 1 };
        let records: Vec<(AudienceRecord, String)> = st::audience_records(c, id, up_to)?
            .into_iter()
            .map(|(d, name, correct, ms, _)| (AudienceRecord { device: d, correct: correct as u32, ms }, name))
            .collect();
        let names: std::collections::HashMap<i64, String> =
            records.iter().map(|(r, n)| (r.device, n.clone())).collect();
        out.audience.top = rules::audience_ranking(records.into_iter().map(|(r, _)| r).collect())
            .into_iter()
            .take(10)
            .map(|r| AudienceTop {
                name: names.get(&r.device).cloned().unwrap_or_default(),
                correct: r.correct,
                ms: r.ms,
            })
            .collect();
    }
    if ctx.row.state == "finished" {
        let pairs: Vec<(i64, i64)> = out.teams.iter().map(|t| (t.id, t.score)).collect();
        out.podium = Some(
            rules::podium(&pairs)
                .into_iter()
                .filter_map(|(id, place)| {
                    Some(PodiumPlace { place, team: out.teams.iter().find(|t| t.id == id)?.clone() })
                })
                .collect(),
        );
    }
    Ok(out)
}

fn event_text(ctx: &Ctx, e: &st::EventRow) -> String {
    let v: serde_json::Value = serde_json::from_str(&e.data).unwrap_or_default();
    let team = ctx.team_name(e.team_id);
    match e.kind.as_str() {
        "phase" => format!("进入：{}", v["phase"].as_str().and_then(Phase::parse).map_or("", Phase::name)),
        "buzz" => format!("{team} 抢答，第 {} 位，开放后 {} 毫秒", v["place"], v["ms_after_open"]),
        "foul" if e.points != 0 => format!("{team} 犯规（抢答未开始），扣 {} 分", -e.points),
        "foul" => format!("{team} 犯规（抢答未开始）"),
        "answer" => format!("{team} 在设备上作答：{}", v["choice"]),
        "judge" => {
            format!("判定 {team} 答{}，{:+} 分", if v["right"].as_bool() == Some(true) { "对" } else { "错" }, e.points)
        }
        "correction" => format!("更正 {team} {:+} 分：{}", e.points, v["reason"].as_str().unwrap_or("")),
        "undo" => format!("撤销第 {} 条记录的计分", v["target"]),
        "replace" => format!(
            "换题：{} → {}，原因：{}",
            v["old"].as_str().unwrap_or(""),
            v["new"].as_str().unwrap_or(""),
            v["reason"].as_str().unwrap_or("")
        ),
        "pick" => format!("{team} 选择 {} 分", v["value"]),
        "pass" => format!("{team} 跳过本题"),
        "device_join" => format!(
            "{} 加入（{}）",
            v["name"].as_str().unwrap_or(""),
            if v["role"] == "team" { "参赛队" } else { "观众" }
        ),
        "start" => "竞答开始".into(),
        "finish" => "竞答结束".into(),
        other => other.to_string(),
    }
}

/// The organizer's console: the public view, the key, the items, the log.
pub(super) fn console(c: &Connection, id: i64, now: i64) -> Result<ShowConsole> {
    let ctx = Ctx::load(c, id)?;
    let public = public_view(c, id, now)?;
    let key = match &ctx.item {
        Some(item) => {
            let q = store::questions::get(c, &item.question_id)?;
            let order: Vec<u8> = serde_json::from_str(&item.option_order).unwrap_or_default();
            Some(key_of(c, &q, &order)?)
        }
        None => None,
    };
    let items = st::items(c, id)?
        .into_iter()
        .map(|i| {
            let stem = store::questions::get(c, &i.question_id).map(|q| q.stem).unwrap_or_default();
            ItemRow {
                id: i.id,
                position: i.position,
                round: i.round_pos,
                number: i.round_index + 1,
                team: i.team_id,
                question_id: i.question_id,
                stem,
                risk_value: i.risk_value,
                state: i.state,
            }
        })
        .collect();
    let log = st::events(c, id, Some(200))?
        .iter()
        .map(|e| ShowEvent {
            id: e.id,
            at_ms: e.at_ms,
            at: super::clock::format(super::show::ms_to_time(e.at_ms)),
            kind: e.kind.clone(),
            team: e.team_id,
            item: e.item_id,
            points: e.points,
            undone: e.undone_by.is_some(),
            text: event_text(&ctx, e),
        })
        .collect();
    let devices = st::devices(c, id)?
        .into_iter()
        .map(|d| DeviceRow {
            id: d.id,
            role: d.role,
            team: d.team_id,
            name: d.name,
            address: d.address,
            joined_at_ms: d.joined_at_ms,
            revoked: d.revoked,
        })
        .collect();
    Ok(ShowConsole {
        id,
        spec: ctx.spec.clone(),
        state: ctx.row.state.clone(),
        code: ctx.row.code.clone(),
        public,
        key,
        items,
        log,
        devices,
    })
}

/// Event lines for the export (every event, oldest first).
pub(super) fn all_event_lines(c: &Connection, id: i64) -> Result<Vec<ShowEvent>> {
    let ctx = Ctx::load(c, id)?;
    Ok(st::events(c, id, None)?
        .iter()
        .map(|e| ShowEvent {
            id: e.id,
            at_ms: e.at_ms,
            at: super::clock::format(super::show::ms_to_time(e.at_ms)),
            kind: e.kind.clone(),
            team: e.team_id,
            item: e.item_id,
            points: e.points,
            undone: e.undone_by.is_some(),
            text: event_text(&ctx, e),
        })
        .collect())
}
