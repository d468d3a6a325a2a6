//! The api types of the people and audit screens, and the small request
//! types every adapter shares. The store's row shapes stay in the store:
//! these are what the window and the LAN host send, converted at the
//! service's edge.

use crate::core::ids::{DepartmentId, EmployeeId};
use crate::core::law::Law;
use crate::error::{AppError, Result};
use crate::store::audit::AuditRow;
use crate::store::people::{DepartmentRow, EmployeeRow};
use serde::{Deserialize, Serialize};

/// A request with no fields (an absent or empty body is `{}`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Empty {}

/// An employee as the organizer's screens list them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Employee {
    pub id: EmployeeId,
    pub staff_no: String,
    pub name: String,
    pub department_id: Option<DepartmentId>,
    pub department: Option<String>,
    pub active: bool,
    pub has_pin: bool,
    /// The PIN was set by an organizer (added by hand or by a roster import),
    /// not chosen by the person.
    pub pin_by_organizer: bool,
    pub has_login_code: bool,
}

impl From<EmployeeRow> for Employee {
    fn from(e: EmployeeRow) -> Self {
        Employee {
            id: e.id,
            staff_no: e.staff_no,
            name: e.name,
            department_id: e.department_id,
            department: e.department,
            active: e.active,
            has_pin: e.has_pin,
            pin_by_organizer: e.pin_by_organizer,
            has_login_code: e.has_login_code,
        }
    }
}

/// A department with its number of active staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Department {
    pub id: DepartmentId,
    pub name: String,
    pub staff: i64,
}

impl From<DepartmentRow> for Department {
    fn from(d: DepartmentRow) -> Self {
        Department { id: d.id, name: d.name, staff: d.staff }
    }
}

/// One line of the audit log (操作记录).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    /// The event's details as JSON text.
    pub detail: String,
}

impl From<AuditRow> for AuditEntry {
    fn from(r: AuditRow) -> Self {
        AuditEntry { id: r.id, at: r.at, actor: r.actor, action: r.action, detail: r.detail }
    }
}

/// The law a request names (a known short name), or a Chinese refusal.
/// Whether the caller may see it is the service's check.
pub fn law_named(name: &str) -> Result<Law> {
    Law::existing(name).ok_or_else(|| AppError::InvalidInput(format!("没有名为“{}”的法律。", name.trim())))
}

impl super::api::LawRequest {
    pub fn law(&self) -> Result<Law> {
        law_named(&self.law)
    }
}

impl super::api::ArticlesRequest {
    pub fn law(&self) -> Result<Law> {
        law_named(&self.law)
    }
}

impl super::api::ArticleRequest {
    pub fn law(&self) -> Result<Law> {
        law_named(&self.law)
    }
}
