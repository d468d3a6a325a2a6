//! The hall screen (会场大屏): the big screen as the projector shows it, with
//! what a hall display needs beyond [`BigScreen`] — the unit's name for the
//! banner, how many staff are expected (已交卷 186 / 300), and the reveal
//! step the organizer drives (space in the hall window, or 揭晓下一项 on the
//! results page). The step is kept in the database per contest, so the hall
//! window, the organizer's window and a browser on the LAN host all show the
//! same screen, and a restart resumes where the ceremony was.
//!
//! The step counts screens from 0 in the order the page builds them (see
//! ui/views/hall-pages.js); it belongs to the contest's state: when the
//! contest moves on (开放 → 已结束) the hall starts again at its first screen,
//! so a step taken during the contest never jumps past the winners' reveal.

use super::api::{BigScreen, ContestIdRequest};
use super::auth::Actor;
use super::Service;
use crate::core::ids::ContestId;
use crate::error::{AppError, Result};
use crate::store::{self, contests::ContestState};
use serde::{Deserialize, Serialize};

/// The most screens a hall shows (tiers paged, the lottery, the board).
pub const MAX_STEP: u32 = 500;

/// The hall screen: the big screen's data and the hall's own.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HallScreen {
    #[serde(flatten)]
    pub screen: BigScreen,
    /// The screen on show, from 0 (see the module note).
    pub step: u32,
    /// Active staff: who is expected to take part (已交卷 N / expected).
    pub expected: i64,
    /// The unit named on the banner (设置 → 发证单位; empty when not set).
    pub issuing_unit: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct HallStepRequest {
    pub id: ContestId,
    pub step: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HallStep {
    pub id: ContestId,
    pub step: u32,
}

/// The stored step: which state of the contest it was taken in.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
struct Stored {
    /// Stored as the state's string ("open", "closed", …), as before.
    state: Option<ContestState>,
    step: u32,
}

fn key(id: ContestId) -> String {
    format!("hall_step.{}", id.0)
}

impl Service {
    /// The hall screen of contest `id` (organizer session).
    pub fn hall_screen(&self, actor: &Actor, req: &ContestIdRequest) -> Result<HallScreen> {
        let screen = self.big_screen(actor, req.id)?;
        let issuing_unit = self.settings()?.issuing_unit;
        let (expected, step) = self.db.read(|c| {
            let expected: i64 = store::contests::staff_per_department(c)?.iter().map(|(_, n)| n).sum();
            Ok((expected, stored_step(c, req.id, store::contests::contest_state(c, req.id)?)?))
        })?;
        Ok(HallScreen { screen, step, expected, issuing_unit })
    }

    /// Puts the hall on screen `step` (organizer only). Not audited: it
    /// changes what is projected, never a result.
    pub fn set_hall_step(&self, actor: &Actor, req: &HallStepRequest) -> Result<HallStep> {
        actor.organizer()?;
        if req.step > MAX_STEP {
            return Err(AppError::InvalidInput("大屏没有这么多页。".into()));
        }
        self.db.transact(|tx| {
            let row = store::contests::get_contest(tx, req.id)?;
            let stored = Stored { state: Some(row.state), step: req.step };
            store::settings::set(tx, &key(req.id), &serde_json::to_string(&stored)?)?;
            Ok(HallStep { id: req.id, step: req.step })
        })
    }
}

fn stored_step(c: &rusqlite::Connection, id: ContestId, state: ContestState) -> Result<u32> {
    let stored: Stored =
        store::settings::get(c, &key(id))?.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default();
    Ok(if stored.state == Some(state) { stored.step.min(MAX_STEP) } else { 0 })
}
