//! Rate limits, kept in memory only and never written anywhere.
//!
//! Two token buckets guard each kind of request:
//!
//! - **per client**, keyed by a *keyed hash* of the client's IP address (an IPv6 address by its
//!   /64, see [`crate::client::rate_key`]): SHA-256 over a random
//!   32-byte key made at start-up (held only in this process's memory) and the address,
//!   truncated to 64 bits. The address itself is never kept, and without the key the hashes
//!   cannot be matched to addresses; a restart makes a new key. When the peer address is unknown
//!   (requests made in-process by tests) this layer is skipped.
//! - **global**, a ceiling over all clients together, so that many addresses cannot flood the
//!   database either.
//!
//! Together with the proof of work (see [`crate::pow`]) this is the whole abuse control; there is
//! no CAPTCHA and no third party. Behind a reverse proxy the client's address is the one the proxy
//! reports, read only from the proxies named with `--trusted-proxy` (see [`crate::client`]).
//!
//! Logins have their own limits ([`Limits::login`] per client and overall, [`Limits::login_name`]
//! per user name), checked before any password is hashed.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use sha2::{Digest, Sha256};

/// The most client buckets kept; when full, buckets that have refilled are dropped, and if that
/// is not enough all are (which only ever errs on the side of letting requests through).
const MAX_CLIENTS: usize = 50_000;

/// A token bucket: up to `capacity` tokens, refilled at `capacity` per minute.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl Bucket {
    fn full(capacity: u32, now: Instant) -> Self {
        Self { tokens: f64::from(capacity), updated: now }
    }

    /// Refills for the time passed, then takes a token if there is one.
    fn take(&mut self, capacity: u32, now: Instant) -> bool {
        self.refill(capacity, now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    fn refill(&mut self, capacity: u32, now: Instant) {
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        let capacity = f64::from(capacity);
        self.tokens = (self.tokens + elapsed * capacity / 60.0).min(capacity);
        self.updated = now;
    }

    fn is_full(&self, capacity: u32, now: Instant) -> bool {
        let mut copy = *self;
        copy.refill(capacity, now);
        copy.tokens >= f64::from(capacity)
    }
}

#[derive(Debug)]
struct State {
    global: Bucket,
    clients: HashMap<u64, Bucket>,
}

/// One rate limit: `per_client` requests a minute per client and `global` a minute in all
/// (each also the burst size). A limit of 0 means unlimited.
#[derive(Debug)]
pub struct RateLimiter {
    per_client: u32,
    global: u32,
    key: [u8; 32],
    state: Mutex<State>,
}

impl RateLimiter {
    /// A limiter with a fresh random key.
    pub fn new(per_client: u32, global: u32) -> Result<Self, getrandom::Error> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key)?;
        let now = Instant::now();
        Ok(Self {
            per_client,
            global,
            key,
            state: Mutex::new(State { global: Bucket::full(global, now), clients: HashMap::new() }),
        })
    }

    /// The in-memory key for a client: a keyed hash of its address (IPv6 by its /64).
    fn client_key(&self, ip: IpAddr) -> u64 {
        self.keyed(&crate::client::rate_key(ip))
    }

    /// A keyed hash of `bytes`, truncated to 64 bits.
    fn keyed(&self, bytes: &[u8]) -> u64 {
        let mut hasher = Sha256::new();
        hasher.update(self.key);
        hasher.update(bytes);
        let digest = hasher.finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first)
    }

    /// Whether a request from `client` (if known) may go ahead now; takes a token if so.
    pub fn allow(&self, client: Option<IpAddr>, now: Instant) -> bool {
        self.allow_keyed(client.map(|ip| self.client_key(ip)), now)
    }

    /// Whether a request for `name` (a user name, say) may go ahead now; takes a token if so.
    /// Names are kept as keyed hashes too.
    pub fn allow_name(&self, name: &str, now: Instant) -> bool {
        let key = self.keyed(&[b"name:", name.as_bytes()].concat());
        self.allow_keyed(Some(key), now)
    }

    fn allow_keyed(&self, key: Option<u64>, now: Instant) -> bool {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(key) = key
            && self.per_client > 0
        {
            if state.clients.len() >= MAX_CLIENTS && !state.clients.contains_key(&key) {
                let capacity = self.per_client;
                state.clients.retain(|_, bucket| !bucket.is_full(capacity, now));
                if state.clients.len() >= MAX_CLIENTS {
                    state.clients.clear();
                }
            }
            let bucket = state.clients.entry(key).or_insert_with(|| Bucket::full(self.per_client, now));
            if !bucket.take(self.per_client, now) {
                return false;
            }
        }
        self.global == 0 || state.global.take(self.global, now)
    }

    /// How many clients are being tracked (for tests).
    pub fn tracked_clients(&self) -> usize {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).clients.len()
    }
}

/// The limiters of the service, all derived from one setting: `per_minute` report submissions a
/// minute per client (default 10), ten times that over all clients, and three times those for
/// proof-of-work challenges and status look-ups (which a reporter may repeat). Staff logins: as
/// many a minute per client as reports, three times that over all clients, and half that (at
/// least 2) per user name; each is checked before any password is hashed.
#[derive(Debug)]
pub struct Limits {
    /// `POST /api/open311/v2/requests.json`.
    pub submit: RateLimiter,
    /// `GET /api/pow`.
    pub challenge: RateLimiter,
    /// `POST /api/reports/status` (also slows down guessing receipts).
    pub status: RateLimiter,
    /// `POST /api/staff/login`, per client and overall.
    pub login: RateLimiter,
    /// The public reads that query the whole store: `GET requests.json` and the handling figures.
    pub public: RateLimiter,
    /// `POST /api/staff/login`, per user name typed (existing or not).
    pub login_name: RateLimiter,
}

impl Limits {
    /// Derives every limit from `per_minute` (0: no limits at all).
    pub fn new(per_minute: u32) -> Result<Self, getrandom::Error> {
        let p = per_minute;
        Ok(Self {
            submit: RateLimiter::new(p, p.saturating_mul(10))?,
            challenge: RateLimiter::new(p.saturating_mul(3), p.saturating_mul(30))?,
            status: RateLimiter::new(p.saturating_mul(3), p.saturating_mul(30))?,
            login: RateLimiter::new(p, p.saturating_mul(3))?,
            public: RateLimiter::new(p.saturating_mul(6), p.saturating_mul(60))?,
            login_name: RateLimiter::new(if p == 0 { 0 } else { (p / 2).max(2) }, 0)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;
    use std::time::Duration;

    const A: Option<IpAddr> = Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)));
    const B: Option<IpAddr> = Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 2)));

    #[test]
    fn each_client_gets_its_own_burst_then_a_steady_rate() {
        let limiter = RateLimiter::new(3, 100).expect("randomness");
        let t0 = Instant::now();
        assert!((0..3).all(|_| limiter.allow(A, t0)));
        assert!(!limiter.allow(A, t0), "burst used up");
        assert!(limiter.allow(B, t0), "another client is not affected");
        assert!(!limiter.allow(A, t0 + Duration::from_secs(19)), "one token takes 20 s");
        assert!(limiter.allow(A, t0 + Duration::from_secs(20)));
    }

    #[test]
    fn the_global_bucket_caps_all_clients_together() {
        let limiter = RateLimiter::new(10, 4).expect("randomness");
        let t0 = Instant::now();
        assert!(limiter.allow(A, t0) && limiter.allow(B, t0) && limiter.allow(None, t0) && limiter.allow(None, t0));
        assert!(!limiter.allow(A, t0));
        assert!(!limiter.allow(None, t0));
        assert!(limiter.allow(None, t0 + Duration::from_secs(15)));
    }

    #[test]
    fn zero_means_unlimited() {
        let limiter = RateLimiter::new(0, 0).expect("randomness");
        let t0 = Instant::now();
        assert!((0..1000).all(|_| limiter.allow(A, t0)));
        assert_eq!(limiter.tracked_clients(), 0);
    }

    #[test]
    fn client_keys_are_keyed_hashes_not_addresses() {
        let one = RateLimiter::new(1, 0).expect("randomness");
        let two = RateLimiter::new(1, 0).expect("randomness");
        let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
        assert_ne!(one.client_key(ip), two.client_key(ip), "a different key per limiter");
        assert_eq!(one.client_key(ip), one.client_key(ip));
    }

    #[test]
    fn an_ipv6_client_is_one_client_per_64() {
        let limiter = RateLimiter::new(2, 0).expect("randomness");
        let t0 = Instant::now();
        let at = |text: &str| Some(text.parse::<IpAddr>().expect("address"));
        assert!(limiter.allow(at("2001:db8:0:1::1"), t0) && limiter.allow(at("2001:db8:0:1::2"), t0));
        assert!(!limiter.allow(at("2001:db8:0:1:ffff::3"), t0), "a new address in the same /64 is the same client");
        assert!(limiter.allow(at("2001:db8:0:2::1"), t0), "the next /64 is another client");
    }

    #[test]
    fn names_have_their_own_buckets() {
        let limiter = RateLimiter::new(2, 0).expect("randomness");
        let t0 = Instant::now();
        assert!(limiter.allow_name("wang", t0) && limiter.allow_name("wang", t0));
        assert!(!limiter.allow_name("wang", t0));
        assert!(limiter.allow_name("li", t0));
    }

    #[test]
    fn the_client_table_stays_bounded() {
        let limiter = RateLimiter::new(1, 0).expect("randomness");
        let t0 = Instant::now();
        for i in 0..(MAX_CLIENTS as u32 + 10) {
            limiter.allow(Some(IpAddr::V4(Ipv4Addr::from(i))), t0);
        }
        assert!(limiter.tracked_clients() <= MAX_CLIENTS);
    }
}
