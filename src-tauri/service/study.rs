//! Study hours (学时, C4): active time measured by the backend from the
//! events the UI sends, converted with the organizer's minutes per 学时.

use super::api::{DepartmentStudy, MyStudy, PersonStudy, StudyEventRequest, StudyReport};
use super::auth::Actor;
use super::clock;
use super::Service;
use crate::core::ids::EmployeeId;
use crate::core::study::{self, Step};
use crate::error::{AppError, Result};
use crate::store;
use rusqlite::Connection;
use std::collections::BTreeMap;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

fn parse(t: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(t, &Rfc3339).ok()
}

impl Service {
    /// Records one activity event of a staff member (an answer, a page read,
    /// a heartbeat while they keep using the app).
    pub fn study_event(&self, actor: &Actor, req: StudyEventRequest) -> Result<()> {
        let employee = actor.staff()?;
        let kind = match req.kind.as_str() {
            "practice" | "library" | "contest" => req.kind,
            other => return Err(AppError::InvalidInput(format!("未知的学习类型“{other}”"))),
        };
        let offset = self.settings()?.offset();
        let now = self.clock.now();
        // A small write from every open page: shares commits with answers.
        self.db.write_grouped(move |tx| record_event(tx, employee, &kind, now, offset))
    }

    /// The person's own study figures.
    pub fn my_study(&self, actor: &Actor) -> Result<MyStudy> {
        let employee = actor.staff()?;
        let s = self.settings()?;
        let (year_since, campaign_since) = self.periods(&s);
        let campaign_start = self.campaign_start_date(&s);
        self.db.read(|c| {
            let year = store::study::seconds_since(c, employee, &year_since)?;
            let campaign = store::study::seconds_since(c, employee, &campaign_since)?;
            Ok(MyStudy {
                minutes_year: study::minutes(year),
                hours_year: study::study_hours(year, s.minutes_per_hour),
                minutes_campaign: study::minutes(campaign),
                hours_campaign: study::study_hours(campaign, s.minutes_per_hour),
                target_hours_year: s.target_hours_year,
                target_hours_campaign: s.target_hours_campaign,
                minutes_per_hour: s.minutes_per_hour,
                campaign_start: campaign_start.clone(),
            })
        })
    }

    /// The campaign's first day as the screens show it (本期 2026-09-01 起):
    /// the set start, else 1 January of this year, local.
    fn campaign_start_date(&self, s: &super::settings::Settings) -> String {
        let fmt = time::macros::format_description!("[year]-[month]-[day]");
        s.campaign_start
            .as_deref()
            .and_then(|d| time::Date::parse(d, &fmt).ok())
            .unwrap_or_else(|| study::year_start(self.clock.now(), s.offset()).to_offset(s.offset()).date())
            .format(&fmt)
            .unwrap_or_default()
    }

    /// Start of the calendar year and of the campaign, as stored timestamps.
    fn periods(&self, s: &super::settings::Settings) -> (String, String) {
        let year = study::year_start(self.clock.now(), s.offset());
        let campaign = s
            .campaign_start
            .as_deref()
            .and_then(|d| {
                let fmt = time::macros::format_description!("[year]-[month]-[day]");
                time::Date::parse(d, &fmt).ok()
            })
            .map(|d| d.midnight().assume_offset(s.offset()).to_offset(time::UtcOffset::UTC))
            .unwrap_or(year);
        (clock::format(year), clock::format(campaign))
    }

    /// Per person and per department: 学时 this campaign and year, questions
    /// practised, accuracy, and who is below the campaign target.
    pub fn study_report(&self, actor: &Actor) -> Result<StudyReport> {
        actor.organizer()?;
        let s = self.settings()?;
        let (year_since, campaign_since) = self.periods(&s);
        let campaign_start = self.campaign_start_date(&s);
        self.db
            .read(|c| {
                let people = store::people::list_employees(c)?;
                let year = store::study::totals_since(c, &year_since)?;
                let campaign: BTreeMap<EmployeeId, i64> = store::study::totals_since(c, &campaign_since)?
                    .into_iter()
                    .map(|t| (t.employee, t.seconds))
                    .collect();
                let mut rows = Vec::new();
                for t in year {
                    let Some(p) = people.iter().find(|p| p.id == t.employee) else { continue };
                    let camp = campaign.get(&t.employee).copied().unwrap_or(0);
                    let hours_campaign = study::study_hours(camp, s.minutes_per_hour);
                    rows.push(PersonStudy {
                        employee_id: p.id,
                        staff_no: p.staff_no.clone(),
                        name: p.name.clone(),
                        department: p.department.clone(),
                        minutes_campaign: study::minutes(camp),
                        hours_campaign,
                        hours_year: study::study_hours(t.seconds, s.minutes_per_hour),
                        answered: t.answered,
                        accuracy: (t.answered > 0).then(|| t.right as f64 / t.answered as f64),
                        below_target: hours_campaign < s.target_hours_campaign,
                        offline_hours_campaign: 0.0,
                        offline_hours_year: 0.0,
                        total_hours_campaign: hours_campaign,
                        total_hours_year: study::study_hours(t.seconds, s.minutes_per_hour),
                    });
                }
                Ok(StudyReport {
                    minutes_per_hour: s.minutes_per_hour,
                    target_hours_campaign: s.target_hours_campaign,
                    target_hours_year: s.target_hours_year,
                    campaign_since,
                    campaign_start: campaign_start.clone(),
                    people: rows,
                    departments: vec![],
                })
            })
            .and_then(|mut r| {
                // Offline 学时 (service/offline.rs) join in-app time before the
                // departments are summed.
                self.split_report(&mut r)?;
                r.departments = department_rows(&r.people);
                Ok(r)
            })
    }
}

fn department_rows(rows: &[PersonStudy]) -> Vec<DepartmentStudy> {
    let mut by: BTreeMap<String, Vec<&PersonStudy>> = BTreeMap::new();
    for r in rows {
        by.entry(r.department.clone().unwrap_or_else(|| "（未分部门）".into())).or_default().push(r);
    }
    by.into_iter()
        .map(|(name, list)| {
            let n = list.len() as f64;
            let answered: i64 = list.iter().map(|r| r.answered).sum();
            let right: f64 = list.iter().filter_map(|r| r.accuracy.map(|a| a * r.answered as f64)).sum();
            DepartmentStudy {
                name,
                staff: list.len() as i64,
                avg_hours_campaign: (list.iter().map(|r| r.total_hours_campaign).sum::<f64>() / n * 10.0).round()
                    / 10.0,
                below_target: list.iter().filter(|r| r.below_target).count() as i64,
                answered,
                accuracy: (answered > 0).then(|| right / answered as f64),
            }
        })
        .collect()
}

/// Adds one event to the person's study sessions (see `core::study`).
pub fn record_event(
    conn: &Connection,
    employee: EmployeeId,
    kind: &str,
    now: OffsetDateTime,
    offset: time::UtcOffset,
) -> Result<()> {
    let latest = store::study::latest(conn, employee)?;
    let last = latest.as_ref().and_then(|(_, t)| parse(t));
    let now_s = clock::format(now);
    match (study::step(last, now, offset), latest) {
        (Step::Extend { secs }, Some((id, _))) => store::study::extend(conn, id, &now_s, secs)?,
        (Step::Split { before_midnight, after_midnight }, Some((id, _))) => {
            let midnight = now.to_offset(offset).replace_time(time::Time::MIDNIGHT);
            store::study::extend(conn, id, &clock::format(midnight), before_midnight)?;
            let new = store::study::start(conn, employee, kind, &clock::format(midnight), after_midnight)?;
            store::study::extend(conn, new, &now_s, 0)?;
        }
        _ => {
            store::study::start(conn, employee, kind, &now_s, 0)?;
        }
    }
    Ok(())
}
