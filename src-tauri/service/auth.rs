//! Who is calling: log-in for staff (工号 + PIN, or a one-time 登录码) and
//! organizers (user name + password), sessions with random tokens, and the
//! lockout after five wrong tries. PINs and passwords are kept only as
//! argon2id hashes; one-time codes as SHA-256 (random, single use, locked
//! out like the rest), so printing codes for 2,000 people takes no minutes.

use super::api::{LoginResponse, OrganizerLoginRequest, SetupOrganizerRequest, SetupStatus, StaffLoginRequest};
use super::settings::PinPolicy;
use super::Service;
use crate::core::auth::{valid_password, valid_pin, Lockout};
use crate::core::ids::EmployeeId;
use crate::error::{AppError, Result};
use crate::store;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::Rng;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A session ends after this long without a call.
pub const SESSION_IDLE: Duration = Duration::from_secs(12 * 3600);

/// The person behind a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Staff { id: EmployeeId, name: String },
    Organizer { id: i64, name: String },
}

impl Actor {
    /// The employee, or an error for organizers (staff-only use cases).
    pub fn staff(&self) -> Result<EmployeeId> {
        match self {
            Actor::Staff { id, .. } => Ok(*id),
            Actor::Organizer { .. } => Err(AppError::Forbidden("这项功能需要以职工身份登录。".into())),
        }
    }

    /// Ok for organizers; staff get a "forbidden" error.
    pub fn organizer(&self) -> Result<()> {
        match self {
            Actor::Organizer { .. } => Ok(()),
            Actor::Staff { .. } => Err(AppError::Forbidden("只有管理员可以进行这项操作。".into())),
        }
    }

    /// How the audit log names this person.
    pub fn audit_name(&self) -> String {
        match self {
            Actor::Staff { id, name } => format!("职工 {name}（#{}）", id.0),
            Actor::Organizer { id, name } => format!("管理员 {name}（#{id}）"),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Actor::Staff { name, .. } | Actor::Organizer { name, .. } => name,
        }
    }

    pub fn role(&self) -> &'static str {
        match self {
            Actor::Staff { .. } => "staff",
            Actor::Organizer { .. } => "organizer",
        }
    }
}

struct Entry {
    actor: Actor,
    last_used: Instant,
}

/// Live sessions by token, and wrong-try counts by login name.
#[derive(Default)]
pub struct Auth {
    sessions: Mutex<HashMap<String, Entry>>,
    lockouts: Mutex<HashMap<String, Lockout>>,
}

impl Auth {
    fn open_session(&self, actor: Actor) -> String {
        let bytes: [u8; 32] = rand::rng().random();
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        self.remember(token.clone(), actor);
        token
    }

    fn remember(&self, token: String, actor: Actor) {
        let mut map = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, e| e.last_used.elapsed() < SESSION_IDLE);
        map.insert(token, Entry { actor, last_used: Instant::now() });
    }

    fn lockouts(&self) -> std::sync::MutexGuard<'_, HashMap<String, Lockout>> {
        self.lockouts.lock().unwrap_or_else(|p| p.into_inner())
    }
}

pub fn hash_secret(secret: &str) -> Result<String> {
    let bytes: [u8; 16] = rand::rng().random();
    let salt = SaltString::encode_b64(&bytes).map_err(|e| AppError::Startup(format!("无法生成盐值：{e}")))?;
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Startup(format!("无法计算密码摘要：{e}")))
}

pub fn verify_secret(secret: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(secret.as_bytes(), &h).is_ok())
}

/// The stored form of a session token (the token itself is never stored).
fn token_hash(token: &str) -> String {
    Sha256::digest(format!("lawquiz-session:{token}")).iter().map(|b| format!("{b:02x}")).collect()
}

/// The stored form of a one-time login code.
pub fn code_hash(code: &str) -> String {
    let norm: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect();
    Sha256::digest(format!("lawquiz-login-code:{norm}")).iter().map(|b| format!("{b:02x}")).collect()
}

/// A new one-time code: 8 characters from an alphabet without look-alikes
/// (no 0/O, 1/I/L), printed as XXXX-XXXX.
pub fn new_login_code(rng: &mut impl Rng) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let chars: String = (0..8).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

impl Service {
    /// The actor behind a session token, or "unauthorized". A token this
    /// process has not seen is looked up among the kept sessions (the app
    /// restarted): valid for 12 hours after its log-in.
    pub fn authenticate(&self, token: &str) -> Result<Actor> {
        let expired = || AppError::Unauthorized("登录已过期，请重新登录。".into());
        {
            let mut map = self.auth.sessions.lock().unwrap_or_else(|p| p.into_inner());
            match map.get_mut(token) {
                Some(e) if e.last_used.elapsed() < SESSION_IDLE => {
                    e.last_used = Instant::now();
                    return Ok(e.actor.clone());
                }
                Some(_) => {
                    map.remove(token);
                    return Err(expired());
                }
                None => {}
            }
        }
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(expired());
        }
        let since = super::clock::format(self.clock.now() - time::Duration::seconds(SESSION_IDLE.as_secs() as i64));
        let row = self.db.read(|c| store::sessions::get(c, &token_hash(token)))?;
        let actor = match row {
            Some(r) if r.created_at > since => match r.role.as_str() {
                "staff" => Actor::Staff { id: EmployeeId(r.person_id), name: r.name },
                _ => Actor::Organizer { id: r.person_id, name: r.name },
            },
            _ => return Err(expired()),
        };
        self.auth.remember(token.to_string(), actor.clone());
        Ok(actor)
    }

    /// Ends every session (after a restore replaced the data).
    pub fn end_all_sessions(&self) {
        self.auth.sessions.lock().unwrap_or_else(|p| p.into_inner()).clear();
        if let Err(e) = self.db.transact(|tx| store::sessions::delete_all(tx, None)) {
            tracing::warn!("kept sessions not cleared: {e}");
        }
    }

    pub fn logout(&self, token: &str) {
        self.auth.sessions.lock().unwrap_or_else(|p| p.into_inner()).remove(token);
        let hash = token_hash(token);
        if let Err(e) = self.db.write_grouped(move |tx| store::sessions::delete(tx, &hash)) {
            tracing::warn!("kept session not removed: {e}");
        }
    }

    /// What the login screen needs to know before anyone logs in.
    pub fn setup_status(&self) -> Result<SetupStatus> {
        let settings = self.settings()?;
        self.db.read(|c| {
            Ok(SetupStatus {
                needs_organizer: store::people::count_organizers(c)? == 0,
                pin_policy: settings.pin_policy,
            })
        })
    }

    /// Creates the first organizer account (only while there is none).
    pub fn setup_organizer(&self, req: SetupOrganizerRequest) -> Result<LoginResponse> {
        let username = req.username.trim().to_string();
        let name = req.display_name.trim().to_string();
        if username.is_empty() || name.is_empty() {
            return Err(AppError::InvalidInput("请填写用户名和姓名。".into()));
        }
        if !valid_password(&req.password) {
            return Err(AppError::InvalidInput("密码至少要有 8 个字符。".into()));
        }
        let hash = hash_secret(&req.password)?;
        let now = self.now();
        let id = self.db.transact(|tx| {
            if store::people::count_organizers(tx)? > 0 {
                return Err(AppError::Forbidden("管理员账号已经创建过了，请直接登录。".into()));
            }
            let id = store::people::insert_organizer(tx, &username, &name, &hash, &now)?;
            let actor = Actor::Organizer { id, name: name.clone() };
            store::audit::insert(
                tx,
                &now,
                &actor.audit_name(),
                "创建管理员账号",
                &serde_json::json!({"username": username}),
            )?;
            Ok(id)
        })?;
        Ok(self.session_for(Actor::Organizer { id, name }))
    }

    /// A new session for `actor`, kept in memory and in the database (so it
    /// survives a restart; a failure to keep it only costs that).
    fn session_for(&self, actor: Actor) -> LoginResponse {
        let name = actor.name().to_string();
        let role = actor.role().to_string();
        let person_id = match &actor {
            Actor::Staff { id, .. } => id.0,
            Actor::Organizer { id, .. } => *id,
        };
        let token = self.auth.open_session(actor);
        let row =
            store::sessions::SessionRow { role: role.clone(), person_id, name: name.clone(), created_at: self.now() };
        let hash = token_hash(&token);
        let purge = rand::rng()
            .random_ratio(1, 100)
            .then(|| super::clock::format(self.clock.now() - time::Duration::seconds(SESSION_IDLE.as_secs() as i64)));
        let kept = self.db.write_grouped(move |tx| {
            if let Some(before) = purge {
                store::sessions::delete_all(tx, Some(&before))?;
            }
            store::sessions::insert(tx, &hash, &row)
        });
        if let Err(e) = kept {
            tracing::warn!("session not kept for a restart: {e}");
        }
        LoginResponse { token, role, name }
    }

    /// Refuses when `key` is locked; otherwise runs `attempt` and counts a
    /// wrong try when it fails with wrong credentials.
    fn with_lockout<T>(&self, key: &str, attempt: impl FnOnce() -> Result<T>) -> Result<T> {
        let now = self.clock.now();
        if let Some(secs) = self.auth.lockouts().get(key).and_then(|l| l.locked_for(now)) {
            return Err(AppError::Locked(format!("连续输错 5 次，已锁定，请 {secs} 秒后再试。")));
        }
        match attempt() {
            Err(AppError::WrongCredentials(msg)) => {
                let mut locks = self.auth.lockouts();
                let l = locks.entry(key.to_string()).or_default();
                l.fail(now);
                if let Some(secs) = l.locked_for(now) {
                    Err(AppError::Locked(format!("连续输错 5 次，已锁定，请 {secs} 秒后再试。")))
                } else {
                    Err(AppError::WrongCredentials(format!("{msg}还可以再试 {} 次。", l.tries_left())))
                }
            }
            other => {
                if other.is_ok() {
                    self.auth.lockouts().remove(key);
                }
                other
            }
        }
    }

    /// Staff log in with 工号 and PIN. Without a PIN yet: under the
    /// "first login" policy `new_pin` sets it; otherwise the organizer must.
    pub fn login_staff(&self, req: StaffLoginRequest) -> Result<LoginResponse> {
        let staff_no = req.staff_no.trim().to_string();
        if staff_no.is_empty() {
            return Err(AppError::InvalidInput("请输入工号。".into()));
        }
        let policy = self.settings()?.pin_policy;
        let actor = self.with_lockout(&format!("staff:{staff_no}"), || {
            let emp = self
                .db
                .read(|c| store::people::employee_auth(c, &staff_no))?
                .ok_or_else(|| AppError::WrongCredentials(format!("没有找到工号 {staff_no}，请检查后重新输入。")))?;
            if !emp.active {
                return Err(AppError::Forbidden("该工号已停用，请联系管理员。".into()));
            }
            match (&emp.pin_hash, &req.new_pin) {
                (Some(hash), _) => {
                    if !verify_secret(&req.pin, hash) {
                        return Err(AppError::WrongCredentials("PIN 不正确，".into()));
                    }
                }
                (None, None) if policy == PinPolicy::FirstLogin => {
                    return Err(AppError::PinNotSet("这是您第一次登录，请设置一个 4 到 8 位数字的 PIN。".into()))
                }
                (None, None) => {
                    return Err(AppError::PinNotSet(
                        "您还没有 PIN，请使用管理员发放的登录码登录，或联系管理员设置 PIN。".into(),
                    ))
                }
                (None, Some(new_pin)) => {
                    if policy != PinPolicy::FirstLogin {
                        return Err(AppError::Forbidden("PIN 由管理员设置，请联系管理员。".into()));
                    }
                    if !valid_pin(new_pin) {
                        return Err(AppError::InvalidInput("PIN 应为 4 到 8 位数字。".into()));
                    }
                    let hash = hash_secret(new_pin)?;
                    self.db.transact(|tx| store::people::set_pin_hash(tx, emp.id, Some(&hash)))?;
                }
            }
            Ok(Actor::Staff { id: emp.id, name: emp.name })
        })?;
        Ok(self.session_for(actor))
    }

    /// Staff log in with a one-time code the organizer printed; it is used up.
    pub fn login_code(&self, code: &str) -> Result<LoginResponse> {
        let hash = code_hash(code);
        let actor = self.with_lockout("code", || {
            // Thousands log in with codes at the start of a contest: the
            // write shares its commit with others (group commit).
            self.db.write_grouped(move |tx| {
                let (id, name, active) = store::people::find_by_login_code(tx, &hash)?
                    .ok_or_else(|| AppError::WrongCredentials("登录码不正确或已经用过，".into()))?;
                if !active {
                    return Err(AppError::Forbidden("该工号已停用，请联系管理员。".into()));
                }
                store::people::set_login_code_hash(tx, id, None)?;
                Ok(Actor::Staff { id, name })
            })
        })?;
        Ok(self.session_for(actor))
    }

    /// Organizers log in with user name and password.
    pub fn login_organizer(&self, req: OrganizerLoginRequest) -> Result<LoginResponse> {
        let username = req.username.trim().to_string();
        let actor = self.with_lockout(&format!("organizer:{username}"), || {
            let org = self
                .db
                .read(|c| store::people::organizer_auth(c, &username))?
                .filter(|o| o.active)
                .ok_or_else(|| AppError::WrongCredentials("用户名或密码不正确，".into()))?;
            if !verify_secret(&req.password, &org.password_hash) {
                return Err(AppError::WrongCredentials("用户名或密码不正确，".into()));
            }
            Ok(Actor::Organizer { id: org.id, name: org.display_name })
        })?;
        Ok(self.session_for(actor))
    }
}
