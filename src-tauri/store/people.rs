//! Departments, employees (staff) and organizer accounts.

use super::not_found;
use crate::core::ids::{DepartmentId, EmployeeId};
use crate::error::{AppError, Result};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

/// An employee as the organizer's screens list them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmployeeRow {
    pub id: EmployeeId,
    pub staff_no: String,
    pub name: String,
    pub department_id: Option<DepartmentId>,
    pub department: Option<String>,
    pub active: bool,
    pub has_pin: bool,
    pub has_login_code: bool,
}

/// What login needs of an employee.
#[derive(Debug, Clone)]
pub struct EmployeeAuth {
    pub id: EmployeeId,
    pub name: String,
    pub active: bool,
    pub pin_hash: Option<String>,
    pub login_code_hash: Option<String>,
    /// The PIN was set by an organizer: the person chooses their own at the
    /// first log-in with it (under the 首次登录自设 policy).
    pub pin_initial: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DepartmentRow {
    pub id: DepartmentId,
    pub name: String,
    pub staff: i64,
}

#[derive(Debug, Clone)]
pub struct OrganizerAuth {
    pub id: i64,
    pub display_name: String,
    pub password_hash: String,
    pub active: bool,
}

const EMPLOYEE_COLUMNS: &str = "e.id, e.staff_no, e.name, e.department_id, d.name AS department, e.active,
    e.pin_hash IS NOT NULL AS has_pin, e.login_code_hash IS NOT NULL AS has_code";

fn row_to_employee(r: &Row<'_>) -> rusqlite::Result<EmployeeRow> {
    Ok(EmployeeRow {
        id: r.get(0)?,
        staff_no: r.get(1)?,
        name: r.get(2)?,
        department_id: r.get(3)?,
        department: r.get(4)?,
        active: r.get(5)?,
        has_pin: r.get(6)?,
        has_login_code: r.get(7)?,
    })
}

pub fn list_employees(conn: &Connection) -> Result<Vec<EmployeeRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {EMPLOYEE_COLUMNS} FROM employee e LEFT JOIN department d ON d.id = e.department_id
         ORDER BY e.staff_no"
    ))?;
    let rows = stmt.query_map([], row_to_employee)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get_employee(conn: &Connection, id: EmployeeId) -> Result<EmployeeRow> {
    conn.query_row(
        &format!("SELECT {EMPLOYEE_COLUMNS} FROM employee e LEFT JOIN department d ON d.id = e.department_id WHERE e.id = ?1"),
        [id],
        row_to_employee,
    )
    .map_err(not_found("找不到这名人员"))
}

pub fn find_employee_by_staff_no(conn: &Connection, staff_no: &str) -> Result<Option<EmployeeRow>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {EMPLOYEE_COLUMNS} FROM employee e LEFT JOIN department d ON d.id = e.department_id WHERE e.staff_no = ?1"
            ),
            [staff_no],
            row_to_employee,
        )
        .optional()?)
}

pub fn employee_auth(conn: &Connection, staff_no: &str) -> Result<Option<EmployeeAuth>> {
    Ok(conn
        .query_row(
            "SELECT id, name, active, pin_hash, login_code_hash, pin_initial FROM employee WHERE staff_no = ?1",
            [staff_no],
            |r| {
                Ok(EmployeeAuth {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    active: r.get(2)?,
                    pin_hash: r.get(3)?,
                    login_code_hash: r.get(4)?,
                    pin_initial: r.get(5)?,
                })
            },
        )
        .optional()?)
}

pub fn insert_employee(
    conn: &Connection,
    staff_no: &str,
    name: &str,
    department: Option<DepartmentId>,
    now: &str,
) -> Result<EmployeeId> {
    conn.execute(
        "INSERT INTO employee (staff_no, name, department_id, active, created_at, updated_at) VALUES (?1, ?2, ?3, 1, ?4, ?4)",
        params![staff_no, name, department, now],
    )
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
            AppError::InvalidInput(format!("工号 {staff_no} 已经存在"))
        }
        other => other.into(),
    })?;
    Ok(EmployeeId(conn.last_insert_rowid()))
}

pub fn update_employee(
    conn: &Connection,
    id: EmployeeId,
    name: &str,
    department: Option<DepartmentId>,
    active: bool,
    now: &str,
) -> Result<()> {
    let n = conn.execute(
        "UPDATE employee SET name = ?2, department_id = ?3, active = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, name, department, active, now],
    )?;
    if n == 0 {
        return Err(AppError::NotFound("找不到这名人员".into()));
    }
    Ok(())
}

/// Sets (or clears) a PIN; `initial` when an organizer chose it.
pub fn set_pin_hash(conn: &Connection, id: EmployeeId, hash: Option<&str>, initial: bool) -> Result<()> {
    conn.execute(
        "UPDATE employee SET pin_hash = ?2, pin_initial = ?3 WHERE id = ?1",
        params![id, hash, initial && hash.is_some()],
    )?;
    Ok(())
}

/// An employee's PIN hash (None: no PIN).
pub fn get_pin_hash(conn: &Connection, id: EmployeeId) -> Result<Option<String>> {
    conn.query_row("SELECT pin_hash FROM employee WHERE id = ?1", [id], |r| r.get(0))
        .map_err(super::not_found("没有找到这位职工。"))
}

/// Whether an organizer account exists and is active.
pub fn organizer_active(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .query_row("SELECT active FROM organizer WHERE id = ?1", [id], |r| r.get::<_, bool>(0))
        .optional()?
        .unwrap_or(false))
}

/// (has a PIN, the PIN is an organizer's initial one, active) of an employee.
pub fn pin_state(conn: &Connection, id: EmployeeId) -> Result<(bool, bool, bool)> {
    conn.query_row("SELECT pin_hash IS NOT NULL, pin_initial, active FROM employee WHERE id = ?1", [id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })
    .map_err(super::not_found("没有找到这位职工。"))
}

pub fn set_login_code_hash(conn: &Connection, id: EmployeeId, hash: Option<&str>) -> Result<()> {
    conn.execute("UPDATE employee SET login_code_hash = ?2 WHERE id = ?1", params![id, hash])?;
    Ok(())
}

/// The employee holding a one-time login code: (id, name, active).
pub fn find_by_login_code(conn: &Connection, code_hash: &str) -> Result<Option<(EmployeeId, String, bool)>> {
    Ok(conn
        .query_row("SELECT id, name, active FROM employee WHERE login_code_hash = ?1", [code_hash], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?)
}

pub fn list_departments(conn: &Connection) -> Result<Vec<DepartmentRow>> {
    let mut stmt = conn.prepare(
        "SELECT d.id, d.name, count(e.id) FROM department d
         LEFT JOIN employee e ON e.department_id = d.id AND e.active = 1
         GROUP BY d.id ORDER BY d.name",
    )?;
    let rows = stmt.query_map([], |r| Ok(DepartmentRow { id: r.get(0)?, name: r.get(1)?, staff: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The department called `name`, created if it does not exist yet.
pub fn department_by_name(conn: &Connection, name: &str) -> Result<DepartmentId> {
    conn.execute("INSERT INTO department (name) VALUES (?1) ON CONFLICT (name) DO NOTHING", [name])?;
    Ok(conn.query_row("SELECT id FROM department WHERE name = ?1", [name], |r| r.get(0))?)
}

pub fn count_organizers(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM organizer WHERE active = 1", [], |r| r.get(0))?)
}

pub fn insert_organizer(conn: &Connection, username: &str, display_name: &str, hash: &str, now: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO organizer (username, display_name, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![username, display_name, hash, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn organizer_auth(conn: &Connection, username: &str) -> Result<Option<OrganizerAuth>> {
    Ok(conn
        .query_row(
            "SELECT id, display_name, password_hash, active FROM organizer WHERE username = ?1",
            [username],
            |r| {
                Ok(OrganizerAuth {
                    id: r.get(0)?,
                    display_name: r.get(1)?,
                    password_hash: r.get(2)?,
                    active: r.get(3)?,
                })
            },
        )
        .optional()?)
}
