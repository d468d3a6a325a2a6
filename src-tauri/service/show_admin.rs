//! The live show's organizer use cases: list, get, save, delete, start,
//! the host's actions, the screen token, revoking a device, the oath step.
//! Each change is one group-commit job (see `show.rs`), announced on the
//! show bus once committed.

use super::auth::Actor;
use super::show::{act, enter_item, new_code, Ctx, Device};
use super::show_api::*;
use super::Service;
use crate::core::show as rules;
use crate::core::show_spec;
use crate::error::{AppError, Result};
use crate::store::show::{self as st, NewEvent};
use crate::store::{self, audit};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;

impl Service {
    /// Milliseconds since the epoch on the service's clock.
    pub fn now_ms(&self) -> i64 {
        (self.clock.now().unix_timestamp_nanos() / 1_000_000) as i64
    }

    /// Subscribes to "show N changed" (committed) notices.
    pub fn show_subscribe(&self) -> tokio::sync::broadcast::Receiver<i64> {
        self.show_hub.bus.subscribe()
    }

    pub(super) fn show_changed(&self, id: i64) {
        // No subscriber (no host running) is fine: the console polls.
        let _ = self.show_hub.bus.send(id);
    }

    pub fn show_list(&self, actor: &Actor) -> Result<Vec<ShowSummary>> {
        actor.organizer()?;
        self.db.read(|c| {
            st::list(c)?
                .into_iter()
                .map(|r| {
                    let spec: ShowSpec = serde_json::from_str(&r.spec)?;
                    Ok(ShowSummary {
                        id: r.id,
                        title: r.title,
                        state: r.state,
                        code: r.code,
                        teams: spec.teams.len(),
                        rounds: spec.rounds.len(),
                        created_at: r.created_at,
                        finished_at: r.finished_at,
                    })
                })
                .collect()
        })
    }

    pub fn show_get(&self, actor: &Actor, id: i64) -> Result<ShowConsole> {
        actor.organizer()?;
        let now = self.now_ms();
        self.db.read(|c| super::show_view::console(c, id, now))
    }

    pub fn show_save(&self, actor: &Actor, req: ShowSaveRequest) -> Result<ShowConsole> {
        actor.organizer()?;
        let mut spec = req.spec;
        spec.title = spec.title.trim().to_string();
        spec.unit_name = spec.unit_name.trim().to_string();
        for t in &mut spec.teams {
            t.name = t.name.trim().to_string();
            t.members = t.members.iter().map(|m| m.trim().to_string()).filter(|m| !m.is_empty()).collect();
        }
        show_spec::validate(&spec).map_err(AppError::InvalidInput)?;
        let who = actor.audit_name();
        let now_s = self.now();
        let id = self.db.write_grouped(move |c| {
            // Every rule must be feasible now (a show never starts short of questions).
            let metas = store::contests::question_metas(c)?;
            show_spec::draw_show(&spec, &metas, &mut ChaCha8Rng::seed_from_u64(0)).map_err(AppError::InvalidInput)?;
            let json = serde_json::to_string(&spec)?;
            let (id, action) = match req.id {
                Some(id) => {
                    if st::get(c, id)?.state != "setup" {
                        return Err(AppError::InvalidInput("竞答已经开始，不能再修改设置。".into()));
                    }
                    st::update_spec(c, id, &spec.title, &spec.unit_name, &json)?;
                    (id, "修改现场竞答")
                }
                None => (st::insert(c, &spec.title, &spec.unit_name, &json, &new_code(c)?, &now_s)?, "创建现场竞答"),
            };
            let teams: Vec<_> = spec
                .teams
                .iter()
                .map(|t| {
                    let members = serde_json::to_string(&t.members).unwrap_or_else(|_| "[]".into());
                    (t.name.clone(), t.colour.clone(), t.department.clone().filter(|d| !d.trim().is_empty()), members)
                })
                .collect();
            st::replace_teams(c, id, &teams)?;
            audit::insert(c, &now_s, &who, action, &json!({"show": id, "title": spec.title}))?;
            Ok(id)
        })?;
        // Devices of teams that went are gone: look them up again.
        self.forget_devices(id);
        self.show_changed(id);
        self.show_get(actor, id)
    }

    pub fn show_delete(&self, actor: &Actor, id: i64) -> Result<()> {
        actor.organizer()?;
        let who = actor.audit_name();
        let now_s = self.now();
        self.db.write_grouped(move |c| {
            let row = st::get(c, id)?;
            if row.state != "setup" {
                return Err(AppError::InvalidInput("已经开始的竞答不能删除（它的记录要保留）。".into()));
            }
            st::delete(c, id)?;
            audit::insert(c, &now_s, &who, "删除现场竞答", &json!({"show": id, "title": row.title}))
        })?;
        self.forget_devices(id);
        Ok(())
    }

    /// Draws every round's questions (seeded, stored) and enters the first item.
    pub fn show_start(&self, actor: &Actor, id: i64) -> Result<ShowConsole> {
        actor.organizer()?;
        let who = actor.audit_name();
        let now_s = self.now();
        let now = self.now_ms();
        self.db.write_grouped(move |c| {
            let mut ctx = Ctx::load(c, id)?;
            if ctx.row.state != "setup" {
                return Err(AppError::InvalidInput("这场竞答已经开始过了。".into()));
            }
            let metas = store::contests::question_metas(c)?;
            let seed = i64::from(rand::rng().random::<u32>());
            let drawn = show_spec::draw_show(&ctx.spec, &metas, &mut ChaCha8Rng::seed_from_u64(seed as u64))
                .map_err(AppError::InvalidInput)?;
            let n = ctx.teams.len();
            let mut pos = 0i64;
            for (r, (round, items)) in ctx.spec.rounds.iter().zip(drawn).enumerate() {
                let per_team = round.per_team(n);
                for (i, it) in items.iter().enumerate() {
                    let team = rules::turn_team(round.kind, i, per_team, n, r).map(|t| ctx.teams[t].id);
                    let order = serde_json::to_string(&it.option_order)?;
                    st::insert_item(c, id, pos, r as i64, i as i64, team, &it.question_id, &order)?;
                    pos += 1;
                }
            }
            st::set_started(c, id, seed, &now_s)?;
            ctx.row.state = "running".into();
            st::insert_event(c, id, &NewEvent { at_ms: now, kind: "start", ..Default::default() })?;
            let first = st::next_pending(c, id, -1)?;
            enter_item(c, &mut ctx, first, now)?;
            audit::insert(c, &now_s, &who, "开始现场竞答", &json!({"show": id, "title": ctx.row.title, "items": pos}))
        })?;
        self.show_changed(id);
        self.show_get(actor, id)
    }

    pub fn show_action(&self, actor: &Actor, req: ShowActionRequest) -> Result<ShowConsole> {
        actor.organizer()?;
        let who = actor.audit_name();
        let now_s = self.now();
        let now = self.now_ms();
        let id = req.id;
        self.db.write_grouped(move |c| {
            let mut ctx = Ctx::load(c, id)?;
            act(c, &mut ctx, &req.action, now, &who, &now_s)
        })?;
        self.show_changed(id);
        self.show_get(actor, id)
    }

    /// A `screen` device token for the big screen.
    pub fn show_screen_token(&self, actor: &Actor, id: i64) -> Result<ScreenToken> {
        actor.organizer()?;
        let now = self.now_ms();
        let token = super::show_live::new_device_token();
        let hash = super::show_live::device_hash(&token);
        let dev = self.db.write_grouped(move |c| {
            let row = st::get(c, id)?;
            let d = st::insert_device(c, id, &hash, "screen", None, "大屏幕", "", now)?;
            Ok(Device {
                id: d, show: row.id, role: "screen".into(), team: None, name: "大屏幕".into(), revoked: false
            })
        })?;
        self.remember_device(&token, dev);
        Ok(ScreenToken { path: format!("/#/show-screen?t={token}"), token })
    }

    /// Ends a device's token (its stream ends at the next change).
    pub fn show_revoke(&self, actor: &Actor, req: ShowRevokeRequest) -> Result<()> {
        actor.organizer()?;
        let who = actor.audit_name();
        let now_s = self.now();
        let hash = self.db.write_grouped(move |c| {
            let hash = st::revoke_device(c, req.id, req.device)?
                .ok_or_else(|| AppError::NotFound("这场竞答没有这台设备".into()))?;
            st::bump(c, req.id)?;
            audit::insert(c, &now_s, &who, "移出现场竞答设备", &json!({"show": req.id, "device": req.device}))?;
            Ok(hash)
        })?;
        if let Some(d) = self.show_hub.devices.lock().unwrap_or_else(|p| p.into_inner()).get_mut(&hash) {
            d.revoked = true;
        }
        self.show_changed(req.id);
        Ok(())
    }

    pub fn show_oath_step(&self, actor: &Actor, req: ShowOathStepRequest) -> Result<ShowConsole> {
        actor.organizer()?;
        let lines = super::show_live::oath_lines().len() as i64;
        if !(0..=lines).contains(&req.step) {
            return Err(AppError::InvalidInput(format!("誓词步骤应在 0 到 {lines} 之间。")));
        }
        self.db.write_grouped(move |c| st::set_oath_step(c, req.id, req.step))?;
        self.show_changed(req.id);
        self.show_get(actor, req.id)
    }

    fn forget_devices(&self, show: i64) {
        self.show_hub.devices.lock().unwrap_or_else(|p| p.into_inner()).retain(|_, d| d.show != show);
    }
}
