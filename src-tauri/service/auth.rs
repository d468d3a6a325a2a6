//! Who is calling: log-in for staff (工号 + PIN, or a one-time 登录码) and
//! organizers (user name + password), sessions with random tokens, and the
//! lockout after five wrong tries. PINs and passwords are kept only as
//! argon2id hashes; one-time codes as SHA-256 (random, single use, locked
//! out like the rest), so printing codes for 2,000 people takes no minutes.

use super::api::{
    LoginResponse, OrganizerLoginRequest, SetPinRequest, SetupOrganizerRequest, SetupStatus, StaffLoginRequest,
};
use super::settings::PinPolicy;
use super::Service;
use crate::core::auth::{valid_password, valid_pin, weak_pin, Lockout, MAX_FAILS};
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

/// Longest 工号 or login code looked at (longer ones are refused before
/// anything is counted).
pub const MAX_ID_CHARS: usize = 32;
/// Lockout entries kept at most; stale ones are dropped first.
const MAX_LOCKOUT_ENTRIES: usize = 10_000;

/// `s` cut to `n` characters (for audit details of untrusted input).
fn clip(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// A hash to verify against when there is none, so an unknown 工号 takes as
/// long as a known one.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_secret("lawquiz-no-such-pin").unwrap_or_default())
}

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
    /// When idle sessions were last swept out of `sessions`.
    swept: Mutex<Option<Instant>>,
}

/// How often idle sessions are swept out of memory. A sweep walks every
/// session; doing it at each log-in made 10,000 log-ins at the start of a
/// contest 10,000 walks of a growing map under the lock that every request
/// takes (7.5 % of the host's CPU in the profile, docs/performance.md). An
/// idle session is refused when it is looked up whether swept or not.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

impl Auth {
    fn open_session(&self, actor: Actor) -> String {
        let token = new_token();
        self.remember(token.clone(), actor);
        token
    }

    fn remember(&self, token: String, actor: Actor) {
        let now = Instant::now();
        let mut map = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        let mut swept = self.swept.lock().unwrap_or_else(|p| p.into_inner());
        if swept.is_none_or(|t| now.saturating_duration_since(t) >= SWEEP_EVERY) {
            map.retain(|_, e| now.saturating_duration_since(e.last_used) < SESSION_IDLE);
            *swept = Some(now);
        }
        drop(swept);
        map.insert(token, Entry { actor, last_used: now });
    }

    fn lockouts(&self) -> std::sync::MutexGuard<'_, HashMap<String, Lockout>> {
        self.lockouts.lock().unwrap_or_else(|p| p.into_inner())
    }
}

pub fn hash_secret(secret: &str) -> Result<String> {
    let bytes: [u8; 16] = rand::rng().random();
    let salt = SaltString::encode_b64(&bytes).map_err(|e| AppError::internal(format!("salt: {e}")))?;
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal(format!("argon2: {e}")))
}

pub fn verify_secret(secret: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(secret.as_bytes(), &h).is_ok())
}

/// A new session token: 32 random bytes as 64 hex digits.
fn new_token() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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
    /// What memory alone says about a session token, without touching the
    /// database (so async callers may ask it on their own threads): the
    /// actor, a refusal, or None when only the kept sessions can tell (the
    /// app restarted since the log-in), which [`Service::authenticate`] reads.
    pub fn authenticate_in_memory(&self, token: &str) -> Option<Result<Actor>> {
        let expired = || AppError::Unauthorized("登录已过期，请重新登录。".into());
        {
            let mut map = self.auth.sessions.lock().unwrap_or_else(|p| p.into_inner());
            match map.get_mut(token) {
                Some(e) if e.last_used.elapsed() < SESSION_IDLE => {
                    e.last_used = Instant::now();
                    return Some(Ok(e.actor.clone()));
                }
                Some(_) => {
                    map.remove(token);
                    return Some(Err(expired()));
                }
                None => {}
            }
        }
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Some(Err(expired()));
        }
        None
    }

    /// The actor behind a session token, or "unauthorized". A token this
    /// process has not seen is looked up among the kept sessions (the app
    /// restarted): valid for 12 hours after its log-in.
    pub fn authenticate(&self, token: &str) -> Result<Actor> {
        if let Some(known) = self.authenticate_in_memory(token) {
            return known;
        }
        let expired = || AppError::Unauthorized("登录已过期，请重新登录。".into());
        let since = super::clock::format(self.clock.now() - time::Duration::seconds(SESSION_IDLE.as_secs() as i64));
        let row = self.db.read(|c| store::sessions::get(c, &token_hash(token)))?;
        let actor = match row {
            Some(r) if r.created_at > since => match r.role.as_str() {
                "staff" => Actor::Staff { id: EmployeeId(r.person_id), name: r.name },
                "organizer" => Actor::Organizer { id: r.person_id, name: r.name },
                other => {
                    tracing::warn!(role = other, "kept session with an unknown role refused");
                    return Err(expired());
                }
            },
            _ => return Err(expired()),
        };
        // A person deactivated while the app was closed: no session.
        let active = self.db.read(|c| match &actor {
            Actor::Staff { id, .. } => Ok(store::people::pin_state(c, *id).map(|s| s.2).unwrap_or(false)),
            Actor::Organizer { id, .. } => store::people::organizer_active(c, *id),
        })?;
        if !active {
            return Err(expired());
        }
        self.auth.remember(token.to_string(), actor.clone());
        Ok(actor)
    }

    /// Who the caller is (the pages ask after a reload).
    pub fn whoami(&self, actor: &Actor) -> Result<super::api::WhoAmI> {
        Ok(super::api::WhoAmI { role: actor.role().into(), name: actor.name().into() })
    }

    /// Ends every session (after a restore replaced the data).
    pub fn end_all_sessions(&self) {
        self.auth.sessions.lock().unwrap_or_else(|p| p.into_inner()).clear();
        if let Err(e) = self.db.transact(|tx| store::sessions::delete_all(tx, None)) {
            tracing::warn!("kept sessions not cleared: {e}");
        }
    }

    /// Ends every session of one person, in memory and kept (their PIN was
    /// reset, they were deactivated, or their role changed): the old token
    /// stops working at once, on every PC.
    pub fn end_sessions_of(&self, tx: &rusqlite::Connection, actor_role: &str, person_id: i64) -> Result<()> {
        self.auth.sessions.lock().unwrap_or_else(|p| p.into_inner()).retain(|_, e| match &e.actor {
            Actor::Staff { id, .. } => !(actor_role == "staff" && id.0 == person_id),
            Actor::Organizer { id, .. } => !(actor_role == "organizer" && *id == person_id),
        });
        store::sessions::delete_person(tx, actor_role, person_id)
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
        LoginResponse { token, role, name, must_set_pin: false }
    }

    /// Refuses when any of `keys` is locked; otherwise runs `attempt` and,
    /// when it fails with wrong credentials, counts a wrong try against each
    /// key (a source address and an account: a wrong code never locks out
    /// another person's right one). Every failure and lockout is audited with
    /// its source address.
    fn with_lockout<T>(
        &self,
        keys: &[String],
        source: &str,
        account: &str,
        attempt: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        let now = self.clock.now();
        let locked = {
            let locks = self.auth.lockouts();
            keys.iter().filter_map(|k| locks.get(k).and_then(|l| l.locked_for(now))).max()
        };
        if let Some(secs) = locked {
            self.audit_login("登录被锁定时再次尝试", source, account);
            return Err(AppError::Locked(format!("连续输错 {MAX_FAILS} 次，已锁定，请 {secs} 秒后再试。")));
        }
        match attempt() {
            Err(AppError::WrongCredentials(msg)) => {
                let (locked, left) = {
                    let mut locks = self.auth.lockouts();
                    if locks.len() >= MAX_LOCKOUT_ENTRIES {
                        locks.retain(|_, l| !l.stale(now));
                    }
                    let mut left = MAX_FAILS;
                    let mut locked = None;
                    for k in keys {
                        if locks.len() >= MAX_LOCKOUT_ENTRIES && !locks.contains_key(k) {
                            continue; // full of live entries: the host's rate limits hold the rest
                        }
                        let l = locks.entry(k.clone()).or_default();
                        l.fail(now);
                        left = left.min(l.tries_left());
                        locked = locked.max(l.locked_for(now));
                    }
                    (locked, left)
                };
                self.audit_login("登录失败", source, account);
                if let Some(secs) = locked {
                    self.audit_login("登录锁定", source, account);
                    Err(AppError::Locked(format!("连续输错 {MAX_FAILS} 次，已锁定，请 {secs} 秒后再试。")))
                } else {
                    Err(AppError::WrongCredentials(format!("{msg}还可以再试 {left} 次。")))
                }
            }
            other => {
                if other.is_ok() {
                    let mut locks = self.auth.lockouts();
                    for k in keys.iter().skip(1) {
                        locks.remove(k); // the account's count; the address keeps its own
                    }
                }
                other
            }
        }
    }

    /// Writes a log-in event to the audit log (a failure to write it only
    /// costs the record; the log-in answer does not wait for it to matter).
    fn audit_login(&self, action: &'static str, source: &str, account: &str) {
        let now = self.now();
        let actor = format!("来自 {}", clip(source, 64));
        let detail = serde_json::json!({"source": clip(source, 64), "account": clip(account, 40)});
        if let Err(e) = self.db.write_grouped(move |tx| store::audit::insert(tx, &now, &actor, action, &detail)) {
            tracing::warn!("log-in event not audited: {e}");
        }
    }

    /// How many lockout entries are kept (for the memory bound's test).
    pub fn lockout_entries(&self) -> usize {
        self.auth.lockouts().len()
    }

    /// Staff log in with 工号 and PIN. Unknown 工号, a wrong PIN and no PIN
    /// yet all get the same answer (nobody learns which 工号 exist or who has
    /// no PIN), and take the same time. Nobody sets a PIN by knowing a 工号:
    /// a person without one logs in with a one-time code first (then chooses
    /// it, `set_my_pin`). A PIN an organizer handed out is the person's PIN
    /// (they may change it; the roster shows who chose theirs).
    pub fn login_staff(&self, req: StaffLoginRequest, source: &str) -> Result<LoginResponse> {
        let staff_no = req.staff_no.trim().to_string();
        if staff_no.is_empty() {
            return Err(AppError::InvalidInput("请输入工号。".into()));
        }
        if staff_no.chars().count() > MAX_ID_CHARS || req.pin.len() > 64 {
            return Err(AppError::InvalidInput("工号或 PIN 太长，请检查后重新输入。".into()));
        }
        let keys = [format!("addr:{source}"), format!("staff:{staff_no}")];
        let actor = self.with_lockout(&keys, source, &staff_no, || {
            let wrong = || AppError::WrongCredentials("工号或 PIN 不正确，".into());
            let emp = self.db.read(|c| store::people::employee_auth(c, &staff_no))?;
            let hash = emp.as_ref().and_then(|e| e.pin_hash.clone());
            // The same work whether or not the 工号 exists or has a PIN.
            if !verify_secret(&req.pin, hash.as_deref().unwrap_or_else(|| dummy_hash())) || hash.is_none() {
                return Err(wrong());
            }
            let Some(emp) = emp else { return Err(wrong()) };
            if !emp.active {
                return Err(AppError::Forbidden("该工号已停用，请联系管理员。".into()));
            }
            if req.new_pin.is_some() {
                return Err(AppError::InvalidInput("请先用 PIN 或登录码登录，再设置新的 PIN。".into()));
            }
            Ok(Actor::Staff { id: emp.id, name: emp.name })
        })?;
        Ok(self.session_for(actor))
    }

    /// Checks and stores a PIN the person chose (not one of the common
    /// ones), audited with its source.
    fn set_pin(&self, id: EmployeeId, new_pin: &str, source: &str) -> Result<()> {
        if !valid_pin(new_pin) {
            return Err(AppError::InvalidInput("PIN 应为 4 到 8 位数字。".into()));
        }
        if weak_pin(new_pin) {
            return Err(AppError::InvalidInput(
                "这个 PIN 太容易被猜到（如 123456、000000、121212），请换一个。".into(),
            ));
        }
        let hash = hash_secret(new_pin)?;
        let now = self.now();
        let source = clip(source, 64);
        self.db.transact(|tx| {
            let e = store::people::get_employee(tx, id)?;
            store::people::set_pin_hash(tx, id, Some(&hash), false)?;
            store::audit::insert(
                tx,
                &now,
                &format!("职工 {}（#{}）", e.name, id.0),
                "设置 PIN",
                &serde_json::json!({"staff_no": e.staff_no, "source": source}),
            )
        })
    }

    /// A logged-in staff member chooses their PIN: the first one (after a
    /// log-in with a one-time code, under the 首次登录自设 policy) without an
    /// old PIN, any later change with it.
    pub fn set_my_pin(&self, actor: &Actor, req: SetPinRequest, source: &str) -> Result<()> {
        let me = actor.staff()?;
        let hash = self.db.read(|c| store::people::get_pin_hash(c, me))?;
        match hash {
            Some(h) if !verify_secret(req.old_pin.as_deref().unwrap_or(""), &h) => {
                return Err(AppError::WrongCredentials("原 PIN 不正确。".into()));
            }
            Some(_) => {}
            None if self.settings()?.pin_policy != PinPolicy::FirstLogin => {
                return Err(AppError::Forbidden("PIN 由管理员设置，请联系管理员。".into()));
            }
            None => {}
        }
        self.set_pin(me, &req.new_pin, source)
    }

    /// Staff log in with a one-time code the organizer printed; it is used up.
    /// Wrong codes are counted per source address: a wrong code never blocks
    /// another person's right one.
    pub fn login_code(&self, code: &str, source: &str) -> Result<LoginResponse> {
        if code.chars().count() > MAX_ID_CHARS {
            return Err(AppError::InvalidInput("登录码太长，请检查后重新输入。".into()));
        }
        let hash = code_hash(code);
        let keys = [format!("code-addr:{source}")];
        // Thousands log in with codes at the start of a contest: using the
        // code up and keeping the new session are one job of the group-commit
        // writer (one commit shared with others, found by an index).
        let token = new_token();
        let session = token_hash(&token);
        let created_at = self.now();
        let (actor, has_pin) = self.with_lockout(&keys, source, "登录码", || {
            self.db.write_grouped(move |tx| {
                let (id, name, active) = store::people::find_by_login_code(tx, &hash)?
                    .ok_or_else(|| AppError::WrongCredentials("登录码不正确或已经用过，".into()))?;
                if !active {
                    return Err(AppError::Forbidden("该工号已停用，请联系管理员。".into()));
                }
                store::people::set_login_code_hash(tx, id, None)?;
                let (has_pin, _, _) = store::people::pin_state(tx, id)?;
                let row = store::sessions::SessionRow {
                    role: "staff".into(),
                    person_id: id.0,
                    name: name.clone(),
                    created_at,
                };
                store::sessions::insert(tx, &session, &row)?;
                Ok((Actor::Staff { id, name }, has_pin))
            })
        })?;
        let must_set_pin = !has_pin && self.settings()?.pin_policy == PinPolicy::FirstLogin;
        let (role, name) = (actor.role().to_string(), actor.name().to_string());
        self.auth.remember(token.clone(), actor);
        Ok(LoginResponse { token, role, name, must_set_pin })
    }

    /// Organizers log in with user name and password.
    pub fn login_organizer(&self, req: OrganizerLoginRequest, source: &str) -> Result<LoginResponse> {
        let username = req.username.trim().to_string();
        if username.chars().count() > 64 || req.password.len() > 1024 {
            return Err(AppError::InvalidInput("用户名或密码太长。".into()));
        }
        let keys = [format!("addr:{source}"), format!("organizer:{username}")];
        let actor = self.with_lockout(&keys, source, &username, || {
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
