//! Settings the organizer chooses: minutes per 学时, study targets, how staff
//! get their PIN, and the local time zone used to split days.

use super::auth::Actor;
use super::Service;
use crate::error::{AppError, Result};
use crate::store;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Who sets a staff member's PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PinPolicy {
    /// Staff choose their PIN at their first login.
    #[default]
    FirstLogin,
    /// The organizer sets every PIN (or hands out login codes).
    Organizer,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Minutes of active study that make one 学时 (default 45).
    pub minutes_per_hour: u32,
    /// 学时 each person should reach in a calendar year (default 50).
    pub target_hours_year: f64,
    /// 学时 each person should reach in the current study campaign (default 26).
    pub target_hours_campaign: f64,
    /// First day of the current campaign, YYYY-MM-DD (default: 1 January).
    pub campaign_start: Option<String>,
    pub pin_policy: PinPolicy,
    /// Local time zone, minutes east of UTC (default +480, Beijing time).
    pub utc_offset_minutes: i32,
    /// The issuing unit printed on certificates and the honor roll.
    #[serde(default)]
    pub issuing_unit: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            minutes_per_hour: 45,
            target_hours_year: 50.0,
            target_hours_campaign: 26.0,
            campaign_start: None,
            pin_policy: PinPolicy::FirstLogin,
            utc_offset_minutes: 480,
            issuing_unit: String::new(),
        }
    }
}

impl Settings {
    pub fn offset(&self) -> time::UtcOffset {
        time::UtcOffset::from_whole_seconds(self.utc_offset_minutes * 60).unwrap_or(time::UtcOffset::UTC)
    }

    fn validate(&self) -> Result<()> {
        if !(10..=120).contains(&self.minutes_per_hour) {
            return Err(AppError::InvalidInput("每学时的分钟数应在 10 到 120 之间。".into()));
        }
        if !(0.0..=1000.0).contains(&self.target_hours_year) || !(0.0..=1000.0).contains(&self.target_hours_campaign) {
            return Err(AppError::InvalidInput("学时目标应在 0 到 1000 之间。".into()));
        }
        if let Some(d) = &self.campaign_start {
            let fmt = time::macros::format_description!("[year]-[month]-[day]");
            time::Date::parse(d, &fmt)
                .map_err(|_| AppError::InvalidInput(format!("活动开始日期“{d}”应写成 2026-01-01 的样子。")))?;
        }
        if self.issuing_unit.chars().count() > 60 {
            return Err(AppError::InvalidInput("发证单位最多 60 个字。".into()));
        }
        if !(-720..=840).contains(&self.utc_offset_minutes) {
            return Err(AppError::InvalidInput("时区设置不正确。".into()));
        }
        Ok(())
    }
}

const KEY: &str = "settings";

impl Service {
    /// The current settings (defaults until the organizer saves some).
    pub fn settings(&self) -> Result<Settings> {
        self.stored_setting(KEY)
    }

    /// Saves new settings (organizers only), with an audit entry.
    pub fn update_settings(&self, actor: &Actor, new: Settings) -> Result<Settings> {
        actor.organizer()?;
        new.validate()?;
        self.store_setting(actor, KEY, "修改设置", new)
    }

    /// A group of settings kept as JSON under `key`: its defaults until the
    /// organizer saves it (or when what is stored no longer parses).
    pub(super) fn stored_setting<T: DeserializeOwned + Default>(&self, key: &str) -> Result<T> {
        self.db.read(|c| {
            Ok(store::settings::get(c, key)?.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default())
        })
    }

    /// Saves a group of settings under `key`, with `action` in the audit log.
    pub(super) fn store_setting<T: Serialize>(&self, actor: &Actor, key: &str, action: &str, new: T) -> Result<T> {
        let now = self.now();
        self.db.transact(|tx| {
            store::settings::set(tx, key, &serde_json::to_string(&new)?)?;
            store::audit::insert(tx, &now, &actor.audit_name(), action, &serde_json::to_value(&new)?)?;
            Ok(())
        })?;
        Ok(new)
    }
}
