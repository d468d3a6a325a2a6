//! People (C3): departments and employees, kept by organizers. The roster
//! importer calls [`Service::save_employee_in`] row by row inside its own
//! transaction, so an import is all-or-nothing.

use super::api::{AuditEntry, Department, Employee, LoginCodeRow, PeopleView, SaveEmployeeRequest};
use super::auth::{code_hash, hash_secret, new_login_code, Actor};
use super::Service;
use crate::core::auth::valid_pin;
use crate::core::ids::EmployeeId;
use crate::error::{AppError, Result};
use crate::store::{self, people::EmployeeRow};
use rusqlite::Transaction;

fn clean(s: &str) -> String {
    s.trim().replace('\u{3000}', " ").trim().to_string()
}

impl Service {
    pub fn people(&self, actor: &Actor) -> Result<PeopleView> {
        actor.organizer()?;
        self.db.read(|c| {
            Ok(PeopleView {
                employees: store::people::list_employees(c)?.into_iter().map(Employee::from).collect(),
                departments: store::people::list_departments(c)?.into_iter().map(Department::from).collect(),
            })
        })
    }

    /// Adds or edits one employee (by id, or by 工号 when no id is given).
    pub fn save_employee(&self, actor: &Actor, req: SaveEmployeeRequest) -> Result<Employee> {
        actor.organizer()?;
        let pin_hash = match req.pin.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            Some(p) if !valid_pin(p) => return Err(AppError::InvalidInput("PIN 应为 4 到 8 位数字。".into())),
            Some(p) => Some(hash_secret(p)?),
            None => None,
        };
        let now = self.now();
        self.db.transact(|tx| {
            let id = Self::save_employee_in(tx, &req, pin_hash.as_deref(), &now)?;
            // Deactivated or given a new PIN: their sessions end now.
            if !req.active || pin_hash.is_some() {
                self.end_sessions_of(tx, "staff", id.0)?;
            }
            store::audit::insert(
                tx,
                &now,
                &actor.audit_name(),
                if req.id.is_some() { "修改人员" } else { "添加人员" },
                &serde_json::json!({"staff_no": req.staff_no.trim(), "name": req.name.trim(),
                    "department": req.department.trim(), "active": req.active, "pin_set": pin_hash.is_some()}),
            )?;
            store::people::get_employee(tx, id).map(Employee::from)
        })
    }

    /// The one place an employee row is written (the app and the importer).
    pub fn save_employee_in(
        tx: &Transaction<'_>,
        req: &SaveEmployeeRequest,
        pin_hash: Option<&str>,
        now: &str,
    ) -> Result<EmployeeId> {
        let staff_no = clean(&req.staff_no);
        let name = clean(&req.name);
        let dept = clean(&req.department);
        if staff_no.is_empty() || staff_no.chars().count() > 32 || staff_no.chars().any(char::is_whitespace) {
            return Err(AppError::InvalidInput("工号不能为空，不能有空格，最多 32 个字符。".into()));
        }
        if name.is_empty() || name.chars().count() > 40 {
            return Err(AppError::InvalidInput("姓名不能为空，最多 40 个字符。".into()));
        }
        let department = if dept.is_empty() { None } else { Some(store::people::department_by_name(tx, &dept)?) };
        let existing = match req.id {
            Some(id) => Some(store::people::get_employee(tx, id)?),
            None => store::people::find_employee_by_staff_no(tx, &staff_no)?,
        };
        let id = match existing {
            Some(e) => {
                if e.staff_no != staff_no {
                    return Err(AppError::InvalidInput(
                        "工号创建后不能修改；如工号有误，请停用此人并重新添加。".into(),
                    ));
                }
                store::people::update_employee(tx, e.id, &name, department, req.active, now)?;
                e.id
            }
            None => {
                let id = store::people::insert_employee(tx, &staff_no, &name, department, now)?;
                if !req.active {
                    // Added as 停用 (a roster kept for the record): stored so.
                    store::people::update_employee(tx, id, &name, department, false, now)?;
                }
                id
            }
        };
        if let Some(h) = pin_hash {
            store::people::set_pin_hash(tx, id, Some(h), true)?;
        }
        Ok(id)
    }

    /// Clears an employee's PIN so they set a new one (or use a code).
    pub fn reset_pin(&self, actor: &Actor, id: EmployeeId) -> Result<Employee> {
        actor.organizer()?;
        let now = self.now();
        self.db.transact(|tx| {
            let e = store::people::get_employee(tx, id)?;
            store::people::set_pin_hash(tx, id, None, false)?;
            self.end_sessions_of(tx, "staff", id.0)?;
            store::audit::insert(
                tx,
                &now,
                &actor.audit_name(),
                "重置 PIN",
                &serde_json::json!({"staff_no": e.staff_no}),
            )?;
            store::people::get_employee(tx, id).map(Employee::from)
        })
    }

    /// New one-time login codes for these employees (all active ones when
    /// the list is empty), to print and hand out. Old codes stop working.
    pub fn issue_login_codes(&self, actor: &Actor, ids: &[EmployeeId]) -> Result<Vec<LoginCodeRow>> {
        actor.organizer()?;
        let now = self.now();
        let mut rng = rand::rng();
        self.db.transact(|tx| {
            let all = store::people::list_employees(tx)?;
            let chosen: Vec<&EmployeeRow> =
                all.iter().filter(|e| e.active && (ids.is_empty() || ids.contains(&e.id))).collect();
            let mut out = Vec::with_capacity(chosen.len());
            for e in chosen {
                let code = new_login_code(&mut rng);
                store::people::set_login_code_hash(tx, e.id, Some(&code_hash(&code)))?;
                out.push(LoginCodeRow {
                    staff_no: e.staff_no.clone(),
                    name: e.name.clone(),
                    department: e.department.clone(),
                    code,
                });
            }
            store::audit::insert(
                tx,
                &now,
                &actor.audit_name(),
                "发放登录码",
                &serde_json::json!({"count": out.len()}),
            )?;
            Ok(out)
        })
    }

    pub fn audit_log(&self, actor: &Actor, limit: u32) -> Result<Vec<AuditEntry>> {
        actor.organizer()?;
        self.db.read(|c| Ok(store::audit::list(c, limit.clamp(1, 1000))?.into_iter().map(AuditEntry::from).collect()))
    }
}
