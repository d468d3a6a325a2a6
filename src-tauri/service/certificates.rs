//! Certificates (奖状) for a contest's prize winners: the wording from the
//! organizer's template, the issuing unit, the date in Chinese numerals
//! (the contest's close date, or the date the organizer sets), a
//! certificate number per winner, and the millimetre positions of each
//! text for 套打 (printing only the text onto pre-printed certificates).
//! Kept as JSON in the `setting` table under `certificate`; the issuing
//! unit stays in the main settings (`issuing_unit`).

use super::auth::Actor;
use super::contest_api::{ContestSpec, RankingRow};
use super::Service;
use crate::core::certificate::{self, Fields, DEFAULT_TEMPLATE, MAX_TEMPLATE_CHARS};
use crate::core::ids::ContestId;
use crate::error::{AppError, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const KEY: &str = "certificate";

/// Where one text goes on the sheet for 套打: millimetres from the paper's
/// top-left corner (A4 landscape, 297 × 210 mm), and whether it is printed
/// (off when the pre-printed certificate already carries it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OverlayField {
    pub x_mm: f64,
    pub y_mm: f64,
    pub show: bool,
}

impl OverlayField {
    const fn at(x_mm: f64, y_mm: f64, show: bool) -> Self {
        OverlayField { x_mm, y_mm, show }
    }
}

/// The 套打 layout: one position per text, the width of the body text and
/// the type size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OverlayLayout {
    /// 姓名 alone (for covers with a blank line for the name).
    pub name: OverlayField,
    /// 奖项 alone (for covers with a blank for the prize).
    pub prize: OverlayField,
    /// The wording: salutation and body.
    pub body: OverlayField,
    /// 发证单位.
    pub unit: OverlayField,
    pub date: OverlayField,
    /// 证书编号.
    pub number: OverlayField,
    /// Width of the body text box, mm.
    pub body_width_mm: f64,
    /// Type size of every text, pt.
    pub font_pt: f64,
}

impl Default for OverlayLayout {
    fn default() -> Self {
        OverlayLayout {
            name: OverlayField::at(60.0, 80.0, false),
            prize: OverlayField::at(150.0, 110.0, false),
            body: OverlayField::at(50.0, 80.0, true),
            unit: OverlayField::at(190.0, 150.0, true),
            date: OverlayField::at(190.0, 162.0, true),
            number: OverlayField::at(30.0, 190.0, true),
            body_width_mm: 200.0,
            font_pt: 18.0,
        }
    }
}

impl OverlayLayout {
    fn fields(&self) -> [(&'static str, OverlayField); 6] {
        [
            ("姓名", self.name),
            ("奖项", self.prize),
            ("正文", self.body),
            ("发证单位", self.unit),
            ("日期", self.date),
            ("证书编号", self.number),
        ]
    }

    fn validate(&self) -> Result<()> {
        for (label, f) in self.fields() {
            if !(0.0..=297.0).contains(&f.x_mm) || !(0.0..=210.0).contains(&f.y_mm) {
                return Err(AppError::InvalidInput(format!(
                    "“{label}”的位置超出了纸张：横向应在 0 到 297 毫米之间，纵向应在 0 到 210 毫米之间。"
                )));
            }
        }
        if !(20.0..=297.0).contains(&self.body_width_mm) {
            return Err(AppError::InvalidInput("正文宽度应在 20 到 297 毫米之间。".into()));
        }
        if !(8.0..=48.0).contains(&self.font_pt) {
            return Err(AppError::InvalidInput("字号应在 8 到 48 磅之间。".into()));
        }
        Ok(())
    }
}

/// What the organizer set for certificates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificateSettings {
    /// The wording with placeholders ({姓名}, {单位}, {年份}, {奖项}…).
    pub template: String,
    pub overlay: OverlayLayout,
    /// The date printed, per contest id (YYYY-MM-DD); without one, the
    /// contest's close date.
    #[serde(default)]
    pub issue_dates: BTreeMap<String, String>,
}

impl Default for CertificateSettings {
    fn default() -> Self {
        CertificateSettings {
            template: DEFAULT_TEMPLATE.into(),
            overlay: OverlayLayout::default(),
            issue_dates: BTreeMap::new(),
        }
    }
}

/// Saving the certificate settings from the print page.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SaveCertificateSettingsRequest {
    /// The contest whose issue date is set.
    pub id: ContestId,
    pub template: String,
    pub overlay: OverlayLayout,
    /// YYYY-MM-DD, or None / "" for the contest's close date.
    #[serde(default)]
    pub issue_date: Option<String>,
}

/// One certificate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Certificate {
    pub number: String,
    pub rank: u32,
    pub staff_no: String,
    pub name: String,
    pub department: Option<String>,
    pub tier: String,
    /// 张三同志： (empty when the wording has no salutation).
    pub salutation: String,
    pub body: String,
}

/// Everything the certificate and 套打 pages print.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CertificateSheet {
    pub contest_id: ContestId,
    pub title: String,
    /// Empty until the organizer fills it in: printing waits for it.
    pub issuing_unit: String,
    /// The date printed, YYYY-MM-DD.
    pub issue_date: String,
    /// The same in Chinese numerals: 二〇二六年十二月四日.
    pub date_text: String,
    /// Whether the organizer set the date (otherwise the close date).
    pub date_set: bool,
    /// The contest's close date, YYYY-MM-DD.
    pub close_date: String,
    pub template: String,
    pub default_template: String,
    pub placeholders: Vec<String>,
    pub overlay: OverlayLayout,
    pub default_overlay: OverlayLayout,
    pub certificates: Vec<Certificate>,
}

/// YYYY-MM-DD → (year, month, day), or a Chinese reason.
fn parse_date(s: &str) -> Result<time::Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s.trim(), &fmt)
        .map_err(|_| AppError::InvalidInput(format!("日期“{s}”应写成 2026-12-04 的样子。")))
}

/// The local date a contest closes on, from its spec (2026-12-04T11:00).
fn close_date(spec: &ContestSpec) -> Result<time::Date> {
    parse_date(spec.closes_at.get(..10).unwrap_or(&spec.closes_at))
}

fn iso(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Gives each prize winner a certificate number, in ranking order: the
/// contest's close year, its id and the winner's place among the winners.
pub fn number_certificates(rows: &mut [RankingRow], spec: &ContestSpec, id: ContestId) {
    let year = close_date(spec).map(|d| d.year()).unwrap_or(0);
    let mut seq = 0;
    for r in rows.iter_mut() {
        r.certificate_no = if r.tier.is_some() {
            seq += 1;
            Some(certificate::certificate_number(year, id.0, seq))
        } else {
            None
        };
    }
}

fn validate_template(t: &str) -> Result<()> {
    let t = t.trim();
    if t.is_empty() {
        return Err(AppError::InvalidInput("请填写证书措辞。".into()));
    }
    if t.chars().count() > MAX_TEMPLATE_CHARS {
        return Err(AppError::InvalidInput(format!("证书措辞最多 {MAX_TEMPLATE_CHARS} 个字。")));
    }
    let unknown = certificate::unknown_placeholders(t);
    if !unknown.is_empty() {
        return Err(AppError::InvalidInput(format!(
            "证书措辞里的 {} 无法识别，可用的有：{}。",
            unknown.join("、"),
            certificate::PLACEHOLDERS.join("、")
        )));
    }
    Ok(())
}

impl Service {
    /// The certificate settings (defaults until the organizer saves some).
    pub fn certificate_settings(&self) -> Result<CertificateSettings> {
        self.stored_setting(KEY)
    }

    /// The certificates of a contest's prize winners, in ranking order, with
    /// the wording, unit, date and 套打 layout (organizer only).
    pub fn certificates(&self, actor: &Actor, id: ContestId) -> Result<CertificateSheet> {
        let results = self.contest_results(actor, id)?;
        let settings = self.settings()?;
        let cs = self.certificate_settings()?;
        let spec = &results.contest.spec;
        let closes = close_date(spec)?;
        let set = cs.issue_dates.get(&id.0.to_string()).map(|d| parse_date(d)).transpose()?;
        let date = set.unwrap_or(closes);
        let unit = certificate::tidy(&settings.issuing_unit);
        let certificates = results
            .ranking
            .iter()
            .filter_map(|r| {
                let tier = r.tier.as_deref()?;
                let wording = certificate::fill(
                    &cs.template,
                    &Fields {
                        name: &r.name,
                        department: r.department.as_deref().unwrap_or(""),
                        unit: &unit,
                        year: closes.year(),
                        tier,
                        contest: &spec.title,
                    },
                );
                Some(Certificate {
                    number: r.certificate_no.clone().unwrap_or_default(),
                    rank: r.rank,
                    staff_no: r.staff_no.clone(),
                    name: certificate::tidy(&r.name),
                    department: r.department.clone(),
                    tier: certificate::tidy(tier),
                    salutation: wording.salutation,
                    body: wording.body,
                })
            })
            .collect();
        Ok(CertificateSheet {
            contest_id: id,
            title: spec.title.clone(),
            issuing_unit: unit,
            issue_date: iso(date),
            date_text: certificate::chinese_date(date.year(), u8::from(date.month()), date.day()),
            date_set: set.is_some(),
            close_date: iso(closes),
            template: cs.template,
            default_template: DEFAULT_TEMPLATE.into(),
            placeholders: certificate::PLACEHOLDERS.iter().map(|p| p.to_string()).collect(),
            overlay: cs.overlay,
            default_overlay: OverlayLayout::default(),
            certificates,
        })
    }

    /// Saves the wording, the 套打 layout and the contest's issue date
    /// (organizer only, audited as 修改证书设置); returns the sheet again.
    pub fn save_certificate_settings(
        &self,
        actor: &Actor,
        req: SaveCertificateSettingsRequest,
    ) -> Result<CertificateSheet> {
        actor.organizer()?;
        self.contest(actor, req.id)?;
        validate_template(&req.template)?;
        req.overlay.validate()?;
        let mut cs = self.certificate_settings()?;
        cs.template = req.template.trim().to_string();
        cs.overlay = req.overlay;
        let key = req.id.0.to_string();
        match req.issue_date.as_deref().map(str::trim) {
            Some(d) if !d.is_empty() => {
                let date = parse_date(d)?;
                if !(2000..=2100).contains(&date.year()) {
                    return Err(AppError::InvalidInput("颁发日期的年份应在 2000 到 2100 之间。".into()));
                }
                cs.issue_dates.insert(key, iso(date));
            }
            _ => {
                cs.issue_dates.remove(&key);
            }
        }
        self.store_setting(actor, KEY, "修改证书设置", cs)?;
        self.certificates(actor, req.id)
    }
}
