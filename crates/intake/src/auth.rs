//! Staff accounts, passwords, lockout and sessions: the rules and their SQL. The HTTP side (login,
//! logout, the session extractor, CSRF) is in [`crate::http::staff`]; accounts are made and changed only
//! with the command line (`intake staff …`, in `main.rs`).
//!
//! - **Accounts** have a user name ([`valid_username`]), a [`Role`], an Argon2id password hash
//!   and may be disabled. There is no self sign-up and no endpoint that changes accounts.
//! - **Passwords** are at least [`MIN_PASSWORD_CHARS`] characters, hashed with Argon2id at the
//!   `argon2` crate's defaults (m = 19 456 KiB, t = 2, p = 1: OWASP's recommendation) and a random
//!   salt, in the PHC string format. Verification compares in constant time.
//! - **Lockout** ([`Lockout`]): after [`MAX_FAILURES`] failed logins within
//!   [`FAILURE_WINDOW_SECONDS`], an account refuses every login (even with the right password) for
//!   1 minute, then 2, 4, 8 … up to [`MAX_LOCKOUT_SECONDS`] for each further lockout. A successful
//!   login resets it, and so does a day without a lockout. Names with no account get exactly the
//!   same treatment, kept in memory ([`LoginGuard`]), so lockouts do not reveal which accounts
//!   exist.
//! - **Sessions**: a random 32-byte token (64 hex digits) in an `HttpOnly`, `SameSite=Strict`
//!   cookie ([`session_cookie`]), valid for [`SESSION_SECONDS`] and ended earlier after
//!   [`IDLE_SECONDS`] without a request. The database keeps only SHA-256 of the token. Each session has its own random CSRF token, which every state-changing request
//!   must echo in the `X-CSRF-Token` header.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use argon2::password_hash::SaltString;
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use axum::http::HeaderMap;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::crypto::encode_hex;
use crate::store::constant_time_eq;

/// The name of the session cookie over plain HTTP (development on 127.0.0.1).
pub const SESSION_COOKIE: &str = "portal_session";
/// The name of the session cookie when it is `Secure`: the `__Secure-` prefix makes browsers
/// refuse it unless it was set over HTTPS with `Secure`, so a network attacker on plain HTTP
/// cannot plant or overwrite it.
pub const SECURE_SESSION_COOKIE: &str = "__Secure-portal_session";
/// The path the session cookie is sent to: the staff API only.
pub const SESSION_COOKIE_PATH: &str = "/api/staff";
/// How long a session lasts from login (8 hours); also the cookie's `Max-Age`.
pub const SESSION_SECONDS: i64 = 8 * 3600;
/// A session not used for this long ends (an unattended screen in an office).
pub const IDLE_SECONDS: i64 = 30 * 60;
/// A session's last use is written at most this often (not on every request).
const SEEN_RESOLUTION_SECONDS: i64 = 60;
/// The header carrying the CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The longest password accepted, in bytes (hashing cost grows with it).
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// The longest user name.
pub const MAX_USERNAME_CHARS: usize = 64;
/// Failed logins within [`FAILURE_WINDOW_SECONDS`] that lock an account.
pub const MAX_FAILURES: u32 = 5;
/// The window in which failures count (15 minutes from the first).
pub const FAILURE_WINDOW_SECONDS: i64 = 15 * 60;
/// The first lockout's length (1 minute); each further one doubles it.
pub const FIRST_LOCKOUT_SECONDS: i64 = 60;
/// The longest lockout (60 minutes).
pub const MAX_LOCKOUT_SECONDS: i64 = 60 * 60;
/// A lockout ended this long ago no longer makes the next one longer (one day).
pub const BACKOFF_RESET_SECONDS: i64 = 24 * 3600;
/// The most names without an account whose failures are remembered in memory.
const MAX_UNKNOWN_NAMES: usize = 10_000;
/// How many passwords are hashed at once (Argon2id takes 19 MiB each); further logins wait.
pub const ARGON2_SLOTS: usize = 2;
/// Failed logins for names without an account are written to the audit log as one row per this
/// many seconds at most, with how many there were (not one row each).
pub const UNKNOWN_AUDIT_SECONDS: i64 = 60;

/// Errors from hashing or from the randomness behind tokens.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Argon2 failed (only with impossible parameters).
    #[error("password hashing failed: {0}")]
    Hash(argon2::password_hash::Error),
    /// The operating system gave no randomness.
    #[error("no randomness available: {0}")]
    Random(getrandom::Error),
}

/// What a staff member may do (shared with the app).
pub use portal_core::api::staff::Role;

/// A user name as stored: the input trimmed and in lowercase.
pub fn normalize_username(input: &str) -> String {
    input.trim().to_ascii_lowercase()
}

/// Whether `name` (already normalised) is a valid user name: 1 to 64 characters of `a-z`, `0-9`,
/// `.`, `_` and `-`, starting with a letter or digit. (So names in parentheses, used for the
/// command line and the like in the audit log, can never be user names.)
pub fn valid_username(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && name.len() <= MAX_USERNAME_CHARS
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-'))
}

/// Why a new password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters.
    #[error("the password must have at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    /// More than [`MAX_PASSWORD_BYTES`] bytes.
    #[error("the password must have at most {MAX_PASSWORD_BYTES} bytes")]
    TooLong,
}

/// Checks a new password's length.
pub fn check_new_password(password: &str) -> Result<(), PasswordError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        Err(PasswordError::TooShort)
    } else if password.len() > MAX_PASSWORD_BYTES {
        Err(PasswordError::TooLong)
    } else {
        Ok(())
    }
}

/// Hashes a password with Argon2id (default parameters) and a random 16-byte salt; the PHC
/// string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(AuthError::Random)?;
    let salt = SaltString::encode_b64(&salt).map_err(AuthError::Hash)?;
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt).map_err(AuthError::Hash)?.to_string())
}

/// Whether `password` matches the PHC string `hash` (with the parameters recorded in it). The
/// comparison is constant-time. A malformed hash never matches.
pub fn verify_password(hash: &str, password: &str) -> bool {
    if password.len() > MAX_PASSWORD_BYTES {
        return false;
    }
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

// ---------------------------------------------------------------------------------------------
// Lockout
// ---------------------------------------------------------------------------------------------

/// The failed-login state of one account (or one name without an account).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Lockout {
    /// Failures in the current window.
    pub failures: u32,
    /// When the current window began (the first failure in it).
    pub failures_since: Option<i64>,
    /// Lockouts so far (the back-off exponent).
    pub lockouts: u32,
    /// Logins are refused until then.
    pub locked_until: Option<i64>,
}

impl Lockout {
    /// Seconds until logins are accepted again, if locked at `now`.
    pub fn retry_after(&self, now: i64) -> Option<i64> {
        self.locked_until.filter(|&until| until > now).map(|until| until - now)
    }

    /// The length of the `n`-th lockout (1-based): 1, 2, 4, 8, 16, 32, then 60 minutes.
    pub fn lockout_seconds(n: u32) -> i64 {
        let doublings = n.saturating_sub(1).min(16);
        (FIRST_LOCKOUT_SECONDS << doublings).min(MAX_LOCKOUT_SECONDS)
    }

    /// Records a failed login at `now`; returns `true` if it locked the account.
    pub fn record_failure(&mut self, now: i64) -> bool {
        if self.locked_until.is_some_and(|until| now - until > BACKOFF_RESET_SECONDS) {
            self.lockouts = 0;
            self.locked_until = None;
        }
        if self.failures_since.is_none_or(|since| now - since > FAILURE_WINDOW_SECONDS) {
            self.failures = 0;
            self.failures_since = Some(now);
        }
        self.failures += 1;
        if self.failures < MAX_FAILURES {
            return false;
        }
        self.lockouts = self.lockouts.saturating_add(1);
        self.locked_until = Some(now + Self::lockout_seconds(self.lockouts));
        self.failures = 0;
        self.failures_since = None;
        true
    }

    /// Whether nothing is remembered that could matter at `now` (for forgetting unknown names).
    fn is_stale(&self, now: i64) -> bool {
        self.locked_until.is_none_or(|until| now - until > BACKOFF_RESET_SECONDS)
            && self.failures_since.is_none_or(|since| now - since > FAILURE_WINDOW_SECONDS)
    }
}

/// In-memory state shared by all login attempts: the lockouts of names that have no account,
/// a lock per name so that attempts on one name run one at a time (parallel guesses cannot
/// overtake the failure count), a dummy hash to verify against when there is no account (so
/// that the answer takes as long either way), the [`ARGON2_SLOTS`] that bound the memory
/// password hashing takes, and the count of failures for unknown names not yet written to the
/// audit log.
#[derive(Debug)]
pub struct LoginGuard {
    unknown: Mutex<HashMap<String, Lockout>>,
    in_flight: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    dummy_hash: OnceLock<Result<String, String>>,
    hashing: Arc<tokio::sync::Semaphore>,
    unknown_audit: Mutex<UnknownAudit>,
}

impl Default for LoginGuard {
    fn default() -> Self {
        Self {
            unknown: Mutex::default(),
            in_flight: Mutex::default(),
            dummy_hash: OnceLock::new(),
            hashing: Arc::new(tokio::sync::Semaphore::new(ARGON2_SLOTS)),
            unknown_audit: Mutex::default(),
        }
    }
}

/// Failures for unknown names since the last audit row about them.
#[derive(Debug, Default)]
struct UnknownAudit {
    pending: u64,
    last_written: Option<i64>,
}

/// Held while one login attempt on a name runs; see [`LoginGuard::serialize`].
#[derive(Debug)]
pub struct AttemptPermit {
    _guard: tokio::sync::OwnedMutexGuard<()>,
}

impl LoginGuard {
    /// Waits until no other attempt on `name` is running and returns a permit that keeps it so.
    pub async fn serialize(&self, name: &str) -> AttemptPermit {
        let lock = {
            let mut map = self.in_flight.lock().unwrap_or_else(PoisonError::into_inner);
            // Forget names no attempt holds any more (only this map refers to their lock).
            if map.len() > MAX_UNKNOWN_NAMES {
                map.retain(|_, lock| Arc::strong_count(lock) > 1);
            }
            Arc::clone(map.entry(name.to_owned()).or_default())
        };
        AttemptPermit { _guard: lock.lock_owned().await }
    }

    /// The lockout state remembered for a name without an account.
    pub fn unknown_lockout(&self, name: &str) -> Lockout {
        self.unknown.lock().unwrap_or_else(PoisonError::into_inner).get(name).copied().unwrap_or_default()
    }

    /// Records a failed login for a name without an account.
    pub fn record_unknown_failure(&self, name: &str, now: i64) {
        let mut map = self.unknown.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() >= MAX_UNKNOWN_NAMES && !map.contains_key(name) {
            map.retain(|_, lockout| !lockout.is_stale(now));
            if map.len() >= MAX_UNKNOWN_NAMES {
                // Errs on the side of letting attempts through; real accounts keep their state
                // in the database regardless.
                map.clear();
            }
        }
        map.entry(name.to_owned()).or_default().record_failure(now);
    }

    /// Waits for one of the [`ARGON2_SLOTS`]; hash only while holding it.
    pub async fn hashing_slot(&self) -> tokio::sync::OwnedSemaphorePermit {
        // The semaphore is never closed, so acquiring cannot fail.
        Arc::clone(&self.hashing).acquire_owned().await.expect("the hashing semaphore is never closed")
    }

    /// Counts a failed login for a name without an account; returns how many such failures an
    /// audit row written now should report, or `None` if one was written less than
    /// [`UNKNOWN_AUDIT_SECONDS`] ago (the failure is then counted in the next row).
    pub fn unknown_failure_to_audit(&self, now: i64) -> Option<u64> {
        let mut audit = self.unknown_audit.lock().unwrap_or_else(PoisonError::into_inner);
        audit.pending = audit.pending.saturating_add(1);
        if audit.last_written.is_some_and(|at| now - at < UNKNOWN_AUDIT_SECONDS) {
            return None;
        }
        audit.last_written = Some(now);
        Some(std::mem::take(&mut audit.pending))
    }

    /// A hash of a random password, made on first use, to verify against when there is no
    /// account.
    pub fn dummy_hash(&self) -> Result<&str, AuthError> {
        let made = self.dummy_hash.get_or_init(|| {
            let mut random = [0u8; 24];
            getrandom::fill(&mut random).map_err(|err| err.to_string())?;
            hash_password(&encode_hex(&random)).map_err(|err| err.to_string())
        });
        made.as_deref().map_err(|_| AuthError::Hash(argon2::password_hash::Error::Password))
    }
}

// ---------------------------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------------------------

/// A staff account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Row id.
    pub id: i64,
    /// User name.
    pub username: String,
    /// Role.
    pub role: Role,
    /// The Argon2id PHC string.
    pub password_hash: String,
    /// When it was created (Unix seconds).
    pub created_at: i64,
    /// When it was disabled, if it is.
    pub disabled_at: Option<i64>,
    /// The last successful login.
    pub last_login_at: Option<i64>,
    /// Its failed-login state.
    pub lockout: Lockout,
}

const ACCOUNT_COLUMNS: &str = "id, username, role, password_hash, created_at, disabled_at, last_login_at,
     failed_logins, failures_since, lockouts, locked_until";

fn account_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Account> {
    let role: String = row.get(2)?;
    Ok(Account {
        id: row.get(0)?,
        username: row.get(1)?,
        role: Role::from_key(&role)
            .ok_or_else(|| rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, role.into()))?,
        password_hash: row.get(3)?,
        created_at: row.get(4)?,
        disabled_at: row.get(5)?,
        last_login_at: row.get(6)?,
        lockout: Lockout {
            failures: row.get(7)?,
            failures_since: row.get(8)?,
            lockouts: row.get(9)?,
            locked_until: row.get(10)?,
        },
    })
}

/// The account named `username` (normalised), if any.
pub fn find_account(conn: &Connection, username: &str) -> rusqlite::Result<Option<Account>> {
    conn.query_row(&format!("SELECT {ACCOUNT_COLUMNS} FROM staff WHERE username = ?1"), [username], account_from_row)
        .optional()
}

/// Every account, by name.
pub fn list_accounts(conn: &Connection) -> rusqlite::Result<Vec<Account>> {
    conn.prepare(&format!("SELECT {ACCOUNT_COLUMNS} FROM staff ORDER BY username"))?
        .query_map([], account_from_row)?
        .collect()
}

/// Creates an account; `false` if the name is taken.
pub fn add_account(
    conn: &Connection,
    username: &str,
    role: Role,
    password_hash: &str,
    now: i64,
) -> rusqlite::Result<bool> {
    let inserted = conn.execute(
        "INSERT INTO staff (username, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (username) DO NOTHING",
        params![username, role.key(), password_hash, now],
    )?;
    Ok(inserted == 1)
}

/// Disables (`disabled = true`) or re-enables an account. Disabling ends its sessions at once.
/// Returns `None` if there is no such account, otherwise whether anything changed.
pub fn set_disabled(conn: &Connection, username: &str, disabled: bool, now: i64) -> rusqlite::Result<Option<bool>> {
    let Some(account) = find_account(conn, username)? else { return Ok(None) };
    if account.disabled_at.is_some() == disabled {
        return Ok(Some(false));
    }
    conn.execute("UPDATE staff SET disabled_at = ?2 WHERE id = ?1", params![account.id, disabled.then_some(now)])?;
    if disabled {
        conn.execute("DELETE FROM sessions WHERE staff_id = ?1", [account.id])?;
    }
    Ok(Some(true))
}

/// Sets a new password hash, clears the lockout and ends the account's sessions. `false` if
/// there is no such account.
pub fn set_password(conn: &Connection, username: &str, password_hash: &str) -> rusqlite::Result<bool> {
    let Some(account) = find_account(conn, username)? else { return Ok(false) };
    conn.execute(
        "UPDATE staff SET password_hash = ?2, failed_logins = 0, failures_since = NULL, lockouts = 0,
             locked_until = NULL WHERE id = ?1",
        params![account.id, password_hash],
    )?;
    conn.execute("DELETE FROM sessions WHERE staff_id = ?1", [account.id])?;
    Ok(true)
}

/// Stores an account's failed-login state.
pub fn save_lockout(conn: &Connection, account_id: i64, lockout: &Lockout) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE staff SET failed_logins = ?2, failures_since = ?3, lockouts = ?4, locked_until = ?5 WHERE id = ?1",
        params![account_id, lockout.failures, lockout.failures_since, lockout.lockouts, lockout.locked_until],
    )?;
    Ok(())
}

/// Records a successful login: clears the lockout and sets `last_login_at`.
pub fn record_login(conn: &Connection, account_id: i64, now: i64) -> rusqlite::Result<()> {
    save_lockout(conn, account_id, &Lockout::default())?;
    conn.execute("UPDATE staff SET last_login_at = ?2 WHERE id = ?1", params![account_id, now])?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------------------------

/// A signed-in staff member's session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// SHA-256 of the session token (what is stored).
    pub token_hash: [u8; 32],
    /// The account's row id.
    pub staff_id: i64,
    /// The account's user name.
    pub username: String,
    /// The account's role.
    pub role: Role,
    /// The session's CSRF token (64 hex digits).
    pub csrf_token: String,
    /// When the session ends (Unix seconds).
    pub expires_at: i64,
}

/// A new session's secrets, to hand to the browser once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// The session token for the cookie (64 hex digits); only its hash is stored.
    pub token: String,
    /// The CSRF token (64 hex digits).
    pub csrf_token: String,
    /// When the session ends (Unix seconds).
    pub expires_at: i64,
}

/// 32 random bytes in lowercase hex.
pub fn random_token() -> Result<String, AuthError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(AuthError::Random)?;
    Ok(encode_hex(&bytes))
}

/// SHA-256 of a session token: what the database keeps.
pub fn token_hash(token: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(b"lyg-portal-session-v1\0");
    hasher.update(token.as_bytes());
    hasher.finalize().into()
}

/// Whether `token` has the form of a session or CSRF token (64 lowercase hex digits).
pub fn is_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Starts a session for an account at `now`, and deletes every expired session.
pub fn create_session(conn: &Connection, staff_id: i64, now: i64, secrets: NewSession) -> rusqlite::Result<NewSession> {
    conn.execute("DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen_at <= ?2", [now, now - IDLE_SECONDS])?;
    conn.execute(
        "INSERT INTO sessions (token_hash, staff_id, csrf_token, created_at, expires_at, last_seen_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?4)",
        params![token_hash(&secrets.token).as_slice(), staff_id, secrets.csrf_token, now, secrets.expires_at],
    )?;
    Ok(secrets)
}

/// Fresh secrets for a session starting at `now`.
pub fn new_session_secrets(now: i64) -> Result<NewSession, AuthError> {
    Ok(NewSession { token: random_token()?, csrf_token: random_token()?, expires_at: now + SESSION_SECONDS })
}

/// The live session with this token at `now`: not expired, used within [`IDLE_SECONDS`], and its
/// account not disabled; finding it counts as a use. The stored hash is found through its index
/// and then compared in constant time.
pub fn find_session(conn: &Connection, token: &str, now: i64) -> rusqlite::Result<Option<Session>> {
    if !is_token(token) {
        return Ok(None);
    }
    let hash = token_hash(token);
    let found = conn
        .query_row(
            "SELECT s.token_hash, s.staff_id, st.username, st.role, s.csrf_token, s.expires_at, s.last_seen_at
             FROM sessions s JOIN staff st ON st.id = s.staff_id
             WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND s.last_seen_at > ?3 AND st.disabled_at IS NULL",
            params![hash.as_slice(), now, now - IDLE_SECONDS],
            |row| {
                let stored: Vec<u8> = row.get(0)?;
                let role: String = row.get(3)?;
                Ok((stored, row.get(1)?, row.get(2)?, role, row.get(4)?, row.get(5)?, row.get::<_, i64>(6)?))
            },
        )
        .optional()?;
    let Some((stored, staff_id, username, role, csrf_token, expires_at, last_seen_at)) = found else {
        return Ok(None);
    };
    let Some(role) = Role::from_key(&role) else { return Ok(None) };
    if !constant_time_eq(&stored, &hash) {
        return Ok(None);
    }
    if now - last_seen_at >= SEEN_RESOLUTION_SECONDS {
        conn.execute("UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1", params![hash.as_slice(), now])?;
    }
    Ok(Some(Session { token_hash: hash, staff_id, username, role, csrf_token, expires_at }))
}

/// Ends a session.
pub fn delete_session(conn: &Connection, token_hash: &[u8; 32]) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash.as_slice()])?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Cookies and headers
// ---------------------------------------------------------------------------------------------

/// The `Set-Cookie` value that starts a session: `HttpOnly`, `SameSite=Strict`, sent only to
/// [`SESSION_COOKIE_PATH`], for [`SESSION_SECONDS`], and `Secure` when served over TLS.
pub fn session_cookie(token: &str, secure: bool) -> String {
    let (name, flag) = cookie_name(secure);
    format!("{name}={token}; HttpOnly; SameSite=Strict; Path={SESSION_COOKIE_PATH}; Max-Age={SESSION_SECONDS}{flag}")
}

/// The cookie's name and the `Secure` flag: `__Secure-portal_session` with it, else `portal_session`.
fn cookie_name(secure: bool) -> (&'static str, &'static str) {
    if secure { (SECURE_SESSION_COOKIE, "; Secure") } else { (SESSION_COOKIE, "") }
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clearing_cookie(secure: bool) -> String {
    let (name, flag) = cookie_name(secure);
    format!("{name}=; HttpOnly; SameSite=Strict; Path={SESSION_COOKIE_PATH}; Max-Age=0{flag}")
}

/// The session token from the request's `Cookie` headers (either cookie name), if one is there.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| (*name == SESSION_COOKIE || *name == SECURE_SESSION_COOKIE) && is_token(value))
        .map(|(_, value)| value.to_owned())
}

/// Whether the request came over TLS according to the reverse proxy in front
/// (`X-Forwarded-Proto: https`). Only used to add `Secure` to cookies, which can only make them
/// stricter, so the header need not be trusted.
pub fn forwarded_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(',').next())
        .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"))
}

/// Whether the request's `X-CSRF-Token` header equals the session's token (compared in constant
/// time).
pub fn csrf_matches(headers: &HeaderMap, session: &Session) -> bool {
    let mut values = headers.get_all(CSRF_HEADER).iter();
    match (values.next(), values.next()) {
        (Some(value), None) => constant_time_eq(value.as_bytes(), session.csrf_token.as_bytes()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn user_names_are_plain_lowercase_words() {
        for good in ["alice", "zhang.san", "li_si-2", "0day", "a"] {
            assert!(valid_username(good), "{good}");
        }
        for bad in ["", "Alice", "-x", ".x", "a b", "(cli)", "张三", "a:b", &"a".repeat(65)] {
            assert!(!valid_username(bad), "{bad}");
        }
        assert_eq!(normalize_username("  Alice "), "alice");
    }

    #[test]
    fn passwords_need_twelve_characters() {
        assert_eq!(check_new_password("short"), Err(PasswordError::TooShort));
        assert_eq!(check_new_password("elevenchars"), Err(PasswordError::TooShort));
        assert_eq!(check_new_password("twelve chars"), Ok(()));
        assert_eq!(check_new_password("十二个汉字的密码也是可以的"), Ok(()));
        assert_eq!(check_new_password(&"x".repeat(MAX_PASSWORD_BYTES + 1)), Err(PasswordError::TooLong));
    }

    #[test]
    fn passwords_are_hashed_with_argon2id_and_verified() {
        let hash = hash_password("correct horse battery").expect("hash");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify_password(&hash, "correct horse battery"));
        assert!(!verify_password(&hash, "correct horse battery "));
        assert!(!verify_password("not a hash", "correct horse battery"));
        assert_ne!(hash, hash_password("correct horse battery").expect("hash"), "random salts");
    }

    #[test]
    fn five_failures_within_fifteen_minutes_lock_with_growing_back_off() {
        let mut lockout = Lockout::default();
        let t = 1_000_000;
        for i in 0..4 {
            assert!(!lockout.record_failure(t + i * 60));
        }
        assert_eq!(lockout.retry_after(t + 240), None);
        assert!(lockout.record_failure(t + 240), "the fifth failure locks");
        assert_eq!(lockout.retry_after(t + 240), Some(60));
        assert_eq!(lockout.retry_after(t + 300), None, "lifted after one minute");
        // The next lockouts last 2, 4, 8, 16, 32, 60, 60 minutes.
        let mut now = t + 300;
        for minutes in [2, 4, 8, 16, 32, 60, 60] {
            for _ in 0..5 {
                lockout.record_failure(now);
            }
            assert_eq!(lockout.retry_after(now), Some(minutes * 60));
            now += minutes * 60;
        }
        // A day after the last lockout, the back-off starts again at one minute.
        now += BACKOFF_RESET_SECONDS + 1;
        for _ in 0..5 {
            lockout.record_failure(now);
        }
        assert_eq!(lockout.retry_after(now), Some(60));
    }

    #[test]
    fn failures_spread_over_more_than_fifteen_minutes_do_not_lock() {
        // Every 4 minutes: the fifth failure comes 16 minutes after the first, in a new window.
        let mut lockout = Lockout::default();
        for i in 0..10 {
            assert!(!lockout.record_failure(i * 4 * 60), "failure {i}");
        }
        let mut spread = Lockout::default();
        for i in 0..20 {
            assert!(!spread.record_failure(i * (FAILURE_WINDOW_SECONDS / 4 + 1)), "failure {i}");
        }
    }

    #[test]
    fn unknown_names_get_the_same_lockout_in_memory() {
        let guard = LoginGuard::default();
        for i in 0..5 {
            assert_eq!(guard.unknown_lockout("nobody").retry_after(100 + i), None);
            guard.record_unknown_failure("nobody", 100 + i);
        }
        assert_eq!(guard.unknown_lockout("nobody").retry_after(104), Some(60));
        assert_eq!(guard.unknown_lockout("somebody").retry_after(104), None);
    }

    #[test]
    fn cookies_carry_every_attribute() {
        let token = "ab".repeat(32);
        assert_eq!(
            session_cookie(&token, false),
            format!("portal_session={token}; HttpOnly; SameSite=Strict; Path=/api/staff; Max-Age=28800")
        );
        assert_eq!(
            session_cookie(&token, true),
            format!(
                "__Secure-portal_session={token}; HttpOnly; SameSite=Strict; Path=/api/staff; Max-Age=28800; Secure"
            )
        );
        assert!(clearing_cookie(false).starts_with("portal_session=;") && clearing_cookie(false).contains("Max-Age=0"));
        assert!(
            clearing_cookie(true).starts_with("__Secure-portal_session=;")
                && clearing_cookie(true).ends_with("; Secure")
        );
    }

    #[test]
    fn the_session_token_is_read_from_any_cookie_header() {
        let token = "0f".repeat(32);
        let mut headers = HeaderMap::new();
        headers.append("cookie", HeaderValue::from_static("theme=dark"));
        headers.append("cookie", HeaderValue::from_str(&format!("a=b; portal_session={token}")).expect("value"));
        assert_eq!(session_token(&headers), Some(token.clone()));
        let mut secure = HeaderMap::new();
        secure.append("cookie", HeaderValue::from_str(&format!("__Secure-portal_session={token}")).expect("value"));
        assert_eq!(session_token(&secure), Some(token));
        let mut bad = HeaderMap::new();
        bad.append("cookie", HeaderValue::from_static("portal_session=../../etc"));
        assert_eq!(session_token(&bad), None);
    }

    #[test]
    fn only_https_forwarding_counts_as_tls() {
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert("x-forwarded-proto", HeaderValue::from_static(value));
            forwarded_https(&headers)
        };
        assert!(with("https") && with("HTTPS") && with("https, http"));
        assert!(!with("http") && !with("http, https"));
        assert!(!forwarded_https(&HeaderMap::new()));
    }

    #[test]
    fn roles_include_what_they_may_do() {
        assert!(Role::Admin.includes(Role::Triager) && Role::Admin.includes(Role::Admin));
        assert!(Role::Triager.includes(Role::Triager) && !Role::Triager.includes(Role::Admin));
        assert_eq!(Role::from_key("admin"), Some(Role::Admin));
        assert_eq!(Role::from_key("root"), None);
    }
}
