//! The live show, the devices' side: joining with the show's code, buzzing,
//! answering, picking a risk value; and the views: the public one every
//! device and the big screen get (never the key before the reveal), the
//! organizer's console, the oath text. Buzzes and answers are jobs of the
//! group-commit writer: the LAN host awaits them without holding a thread,
//! and the buzz's time is the one the host took when the request arrived.

use super::show::{answering_team, judge, move_to, pick, standing_judgment, Ctx, Device};
use super::show_api::*;
use super::show_view::public_view;
use super::Service;
use crate::core::question::{AnswerKey, Question};
use crate::core::show::{self as rules, Buzz, Phase};
use crate::error::{AppError, Result};
use crate::store::show::{self as st, NewEvent};
use crate::store::{self};
use rand::RngCore;
use rusqlite::Connection;
use serde_json::json;
use sha2::{Digest, Sha256};

/// Audience devices one show takes.
pub const MAX_AUDIENCE: i64 = 1000;
/// Devices one team may have at once.
pub const MAX_TEAM_DEVICES: i64 = 4;

/// A new random device token (256 bits, hex).
pub(super) fn new_device_token() -> String {
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The stored form of a device token.
pub fn device_hash(token: &str) -> String {
    Sha256::digest(format!("lawquiz-show-device:{token}")).iter().map(|b| format!("{b:02x}")).collect()
}

fn gone() -> AppError {
    AppError::Unauthorized("这台设备已不在本场竞答中，请用竞答码重新加入。".into())
}

impl Service {
    pub(super) fn remember_device(&self, token: &str, d: Device) {
        self.show_hub.devices.lock().unwrap_or_else(|p| p.into_inner()).insert(device_hash(token), d);
    }

    /// The device behind a token, from memory only (None: not seen yet).
    pub fn show_device_cached(&self, token: &str) -> Option<Device> {
        self.show_hub.devices.lock().unwrap_or_else(|p| p.into_inner()).get(&device_hash(token)).cloned()
    }

    /// The device behind a token (memory, else the database after a
    /// restart); a revoked one is `unauthorized`.
    pub fn show_device(&self, token: &str) -> Result<Device> {
        let d = match self.show_device_cached(token) {
            Some(d) => d,
            None => {
                if token.len() != 64 {
                    return Err(gone());
                }
                let hash = device_hash(token);
                let row = self.db.read(|c| st::device_by_hash(c, &hash))?.ok_or_else(gone)?;
                let d = Device {
                    id: row.id,
                    show: row.show_id,
                    role: row.role,
                    team: row.team_id,
                    name: row.name,
                    revoked: row.revoked,
                };
                self.remember_device(token, d.clone());
                d
            }
        };
        if d.revoked {
            return Err(gone());
        }
        Ok(d)
    }

    /// Joins a show with its code as a team's buzzer or the audience.
    pub fn show_join(&self, req: ShowJoinRequest, address: &str) -> Result<ShowJoined> {
        let code: String = req.code.chars().filter(char::is_ascii_digit).collect();
        if code.len() != 6 {
            return Err(AppError::InvalidInput("竞答码是 6 位数字，请核对大屏幕上的竞答码。".into()));
        }
        let role = req.role.trim().to_string();
        if role != "team" && role != "audience" {
            return Err(AppError::InvalidInput("请选择以参赛队或观众身份加入。".into()));
        }
        let name = req.name.trim().to_string();
        if name.chars().count() > 20 {
            return Err(AppError::InvalidInput("名字最多 20 个字。".into()));
        }
        let token = new_device_token();
        let hash = device_hash(&token);
        let address = address.to_string();
        let now = self.now_ms();
        let team_req = req.team;
        let dev = self.db.write_grouped(move |c| {
            let row = st::by_code(c, &code)?.ok_or_else(|| {
                AppError::NotFound("没有这个竞答码的现场竞答（或它已经结束），请核对大屏幕上的竞答码。".into())
            })?;
            let teams = st::teams(c, row.id)?;
            let (team, name) = if role == "team" {
                let t = team_req
                    .and_then(|id| teams.iter().find(|t| t.id == id))
                    .ok_or_else(|| AppError::InvalidInput("请选择本场竞答的一个参赛队。".into()))?;
                if st::count_devices(c, row.id, "team", Some(t.id))? >= MAX_TEAM_DEVICES {
                    return Err(AppError::Busy(format!(
                        "“{}”已有 {MAX_TEAM_DEVICES} 台设备加入；请在主持人控制台移出不用的设备后再试。",
                        t.name
                    )));
                }
                (Some(t.id), if name.is_empty() { t.name.clone() } else { name })
            } else {
                let n = st::count_devices(c, row.id, "audience", None)?;
                if n >= MAX_AUDIENCE {
                    return Err(AppError::Busy(format!("本场观众已满（{MAX_AUDIENCE} 人）。")));
                }
                (None, if name.is_empty() { format!("观众{}", n + 1) } else { name })
            };
            let id = st::insert_device(c, row.id, &hash, &role, team, &name, &address, now)?;
            st::insert_event(
                c,
                row.id,
                &NewEvent {
                    at_ms: now,
                    kind: "device_join",
                    team,
                    device: Some(id),
                    data: json!({"role": role, "name": name}),
                    ..Default::default()
                },
            )?;
            st::bump(c, row.id)?;
            Ok(Device { id, show: row.id, role, team, name, revoked: false })
        })?;
        self.remember_device(&token, dev.clone());
        self.show_changed(dev.show);
        let now = self.now_ms();
        self.db.read(|c| {
            let show = public_view(c, dev.show, now)?;
            let team = show.teams.iter().find(|t| Some(t.id) == dev.team).cloned();
            Ok(ShowJoined { device_token: token, device_id: dev.id, role: dev.role, team, show, my_answer: None })
        })
    }

    /// A buzz (window or tests): the time is taken now.
    pub fn show_buzz(&self, req: DeviceRequest) -> Result<BuzzAck> {
        let d = self.show_device(&req.device_token)?;
        let show = d.show;
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        {
            let _order = self.show_hub.buzz_order.lock().unwrap_or_else(|p| p.into_inner());
            let at = self.now_ms();
            self.db.queue_grouped(
                move |c| buzz_job(c, &d, at),
                move |r| {
                    let _ = tx.send(r);
                },
            );
        }
        let out = rx.recv().map_err(|_| AppError::internal("the group-commit writer dropped a reply"))??;
        self.show_changed(show);
        Ok(out)
    }

    /// A buzz over the LAN, once its request has been read: its time is
    /// taken and the job queued for the writer under one lock, so a buzz
    /// timed earlier is always placed earlier (the host's receive order);
    /// the task then awaits the commit without holding a thread.
    pub async fn show_buzz_async(&self, d: Device) -> Result<BuzzAck> {
        let show = d.show;
        let done = {
            let _order = self.show_hub.buzz_order.lock().unwrap_or_else(|p| p.into_inner());
            let at = self.now_ms();
            self.db.submit_grouped(move |c| buzz_job(c, &d, at))
        };
        let out = done.await?;
        self.show_changed(show);
        Ok(out)
    }

    pub fn show_answer(&self, req: ShowAnswerRequest) -> Result<ShowAnswerAck> {
        let d = self.show_device(&req.device_token)?;
        let at = self.now_ms();
        let show = d.show;
        let out = self.db.write_grouped(move |c| answer_job(c, &d, req.item, &req.choice, at))?;
        self.show_changed(show);
        Ok(out)
    }

    /// An answer over the LAN, awaited without holding a thread.
    pub async fn show_answer_async(&self, d: Device, req: ShowAnswerRequest, at_ms: i64) -> Result<ShowAnswerAck> {
        let show = d.show;
        let out = self.db.write_grouped_async(move |c| answer_job(c, &d, req.item, &req.choice, at_ms)).await?;
        self.show_changed(show);
        Ok(out)
    }

    /// 风险题: the turn team's device picks the value.
    pub fn show_pick(&self, req: ShowPickRequest) -> Result<ShowPublic> {
        let d = self.show_device(&req.device_token)?;
        let now = self.now_ms();
        let show = d.show;
        self.db.write_grouped(move |c| {
            let mut ctx = Ctx::load(c, d.show)?;
            if d.role != "team" || ctx.item.as_ref().and_then(|i| i.team_id) != d.team || d.team.is_none() {
                return Err(AppError::Forbidden("现在不是你们队选择分值。".into()));
            }
            pick(c, &mut ctx, req.value, now, Some(d.id))
        })?;
        self.show_changed(show);
        let now = self.now_ms();
        self.db.read(|c| public_view(c, show, now))
    }

    /// The public view for a device or screen token (the window polls it).
    pub fn show_public(&self, token: &str) -> Result<ShowPublic> {
        let d = self.show_device(token)?;
        let now = self.now_ms();
        self.db.read(|c| public_view(c, d.show, now))
    }

    /// The public view of a show (the host's stream builds it once per change).
    pub fn show_public_of(&self, id: i64) -> Result<ShowPublic> {
        let now = self.now_ms();
        self.db.read(|c| public_view(c, id, now))
    }

    /// The token hashes of a show's revoked devices (the stream ends theirs).
    pub fn show_revoked(&self, id: i64) -> Result<Vec<String>> {
        self.db.read(|c| st::revoked_hashes(c, id))
    }

    /// The oath, phrase by phrase, with its source, the unit and the date.
    pub fn oath_text(&self, req: OathRequest) -> Result<OathText> {
        let unit = match req.show {
            Some(id) => self.db.read(|c| Ok(st::get(c, id)?.unit_name))?,
            None => String::new(),
        };
        let settings = self.settings()?;
        let unit = if unit.trim().is_empty() { settings.issuing_unit.clone() } else { unit };
        // The day it is read out: today, in the unit's time zone.
        let today = self.clock.now().to_offset(settings.offset()).date();
        let (source, lines, note) = oath_parts();
        Ok(OathText {
            title: "宪法宣誓誓词".into(),
            lines,
            source,
            leader_note: note,
            unit_name: unit,
            date_text: crate::core::certificate::chinese_date(today.year(), u8::from(today.month()), today.day()),
        })
    }
}

/// The shipped oath text (questions/oath/), as data.
const OATH_MD: &str = include_str!("../../questions/oath/宪法宣誓誓词.md");

/// (source line, phrases, the note on how the oath is taken collectively).
fn oath_parts() -> (String, Vec<String>, String) {
    let paras: Vec<&str> = OATH_MD
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('('))
        .collect();
    let source = paras.first().map(|s| s.trim_end_matches('：').to_string()).unwrap_or_default();
    let oath = paras.iter().find(|p| p.starts_with("我宣誓")).copied().unwrap_or_default();
    let note = paras.iter().find(|p| p.starts_with("集体宣誓")).map(|s| s.to_string()).unwrap_or_default();
    (source, split_oath(oath), note)
}

/// The oath's phrases: split after each ：，、 and ！ (the leader reads one, all repeat).
pub fn split_oath(oath: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for ch in oath.chars() {
        cur.push(ch);
        if matches!(ch, '：' | '，' | '！' | '。') {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out
}

pub(super) fn oath_lines() -> Vec<String> {
    oath_parts().1
}

fn buzz_job(c: &Connection, d: &Device, at: i64) -> Result<BuzzAck> {
    if d.role != "team" {
        return Err(AppError::Forbidden("只有参赛队的设备可以抢答。".into()));
    }
    let team = d.team.ok_or_else(gone)?;
    let ctx = Ctx::load(c, d.show)?;
    let Some(item) = ctx.item.clone().filter(|_| ctx.row.state == "running") else {
        return Ok(ack(false, false, None, None, "现在不能抢答。"));
    };
    let events = st::item_events(c, item.id, "buzz")?;
    let order: Vec<i64> = events.iter().filter_map(|e| e.team_id).collect();
    let fouled: Vec<i64> = st::item_events(c, item.id, "foul")?.iter().filter_map(|e| e.team_id).collect();
    let after_open = |ms: i64| ctx.row.open_at_ms.map(|o| (ms - o).max(0));
    match rules::buzz(ctx.kind(), ctx.phase, &order, &fouled, team) {
        Buzz::Placed { place } => {
            let ms = after_open(at).unwrap_or(0);
            st::insert_event(
                c,
                d.show,
                &NewEvent {
                    at_ms: at,
                    kind: "buzz",
                    team: Some(team),
                    item: Some(item.id),
                    device: Some(d.id),
                    data: json!({"place": place, "ms_after_open": ms}),
                    ..Default::default()
                },
            )?;
            if place == 1 {
                let mut ctx = ctx;
                move_to(c, &mut ctx, Phase::Answering, at)?;
                Ok(ack(true, false, Some(place), Some(ms), "抢到了！请作答。"))
            } else {
                st::bump(c, d.show)?;
                Ok(ack(true, false, Some(place), Some(ms), &format!("第 {place} 个抢答，未抢到答题权。")))
            }
        }
        Buzz::Again { place } => {
            let ms = events.get(place - 1).and_then(|e| after_open(e.at_ms));
            Ok(ack(true, false, Some(place), ms, "已经抢答过了。"))
        }
        Buzz::Foul { penalised } => {
            let points = rules::foul_points(&ctx.settings(), penalised);
            st::insert_event(
                c,
                d.show,
                &NewEvent {
                    at_ms: at,
                    kind: "foul",
                    team: Some(team),
                    item: Some(item.id),
                    device: Some(d.id),
                    points,
                    scoring: points != 0,
                    data: json!({"penalised": penalised}),
                },
            )?;
            st::bump(c, d.show)?;
            let msg = if points != 0 {
                format!("犯规：抢答还没有开始（扣 {} 分）。", -points)
            } else {
                "犯规：抢答还没有开始。".to_string()
            };
            Ok(ack(false, true, None, None, &msg))
        }
        Buzz::Closed => Ok(ack(false, false, None, None, "现在不能抢答。")),
    }
}

fn ack(accepted: bool, foul: bool, place: Option<usize>, ms: Option<i64>, message: &str) -> BuzzAck {
    BuzzAck { accepted, foul, won: place == Some(1), place, ms_after_open: ms, message: message.into() }
}

/// The option ids of the key (判断: 1 正确, 0 错误).
pub(super) fn key_ids(q: &Question) -> Vec<u8> {
    match &q.key {
        AnswerKey::Choice { keys } => keys.clone(),
        AnswerKey::Judge { value } => vec![u8::from(*value)],
        AnswerKey::Fill { .. } => vec![],
    }
}

fn answer_job(c: &Connection, d: &Device, item_id: i64, choice: &[u8], at: i64) -> Result<ShowAnswerAck> {
    if choice.is_empty() || choice.len() > 8 {
        return Err(AppError::InvalidInput("请选择答案。".into()));
    }
    let mut ctx = Ctx::load(c, d.show)?;
    let item = ctx.item.clone().filter(|i| i.id == item_id && ctx.row.state == "running");
    let Some(item) = item else {
        return Ok(ShowAnswerAck {
            counted: false,
            correct: None,
            counted_as: None,
            message: "这道题已经过去了。".into(),
        });
    };
    let q = store::questions::get(c, &item.question_id)?;
    let right = rules::choice_right(&key_ids(&q), choice);
    let choice_json = serde_json::to_string(choice)?;
    match d.role.as_str() {
        "audience" => {
            if !ctx.phase.audience_answers() {
                return Ok(ShowAnswerAck {
                    counted: false,
                    correct: None,
                    counted_as: None,
                    message: "现在不能作答。".into(),
                });
            }
            let ms = ctx.row.shown_at_ms.map_or(0, |s| (at - s).max(0));
            let counted = st::insert_answer(c, item.id, d.id, &choice_json, at, ms, right)?;
            if counted {
                st::bump(c, d.show)?;
            }
            let n = st::answer_count(c, item.id)?;
            Ok(ShowAnswerAck {
                counted,
                correct: None,
                counted_as: Some(n),
                message: if counted {
                    "已提交，公布答案时揭晓。".into()
                } else {
                    "本题已经作答过，以第一次为准。".into()
                },
            })
        }
        "team" => {
            let turn = answering_team(c, &ctx)?;
            if d.team.is_none() || turn != d.team {
                return Err(AppError::Forbidden("现在不是你们队答题。".into()));
            }
            let in_time = match ctx.phase {
                Phase::Answering | Phase::Speed => rules::speed_open(at, ctx.row.deadline_ms),
                _ => false,
            };
            if !in_time || standing_judgment(c, item.id)?.is_some() {
                return Ok(ShowAnswerAck {
                    counted: false,
                    correct: None,
                    counted_as: None,
                    message: "时间已到或本题已判定，答案未计入。".into(),
                });
            }
            st::insert_event(
                c,
                d.show,
                &NewEvent {
                    at_ms: at,
                    kind: "answer",
                    team: d.team,
                    item: Some(item.id),
                    device: Some(d.id),
                    data: json!({"choice": choice}),
                    ..Default::default()
                },
            )?;
            judge(c, &mut ctx, right, at, Some(d.id))?;
            Ok(ShowAnswerAck {
                counted: true,
                correct: Some(right),
                counted_as: None,
                message: if right { "回答正确！".into() } else { "回答错误。".into() },
            })
        }
        _ => Err(AppError::Forbidden("大屏幕不能作答。".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Protects the oath as shipped: its source line, and phrases that put
    /// back together give the whole oath verbatim.
    #[test]
    fn the_oath_splits_into_phrases_that_rejoin_verbatim() {
        let (source, lines, note) = oath_parts();
        assert!(source.contains("关于实行宪法宣誓制度的决定"), "{source}");
        assert!(note.starts_with("集体宣誓"));
        assert_eq!(lines.first().map(String::as_str), Some("我宣誓："));
        assert!(lines.len() >= 8);
        let whole: String = lines.concat();
        assert!(OATH_MD.contains(&whole), "the phrases rejoin to the shipped text");
        assert!(whole.ends_with("努力奋斗！"));
    }
}
