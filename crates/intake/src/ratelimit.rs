//! Rate limits, kept in memory only and never written anywhere.
//!
//! Two token buckets guard each kind of request:
//!
//! - **per client**, keyed by a *keyed hash* of the client's IP address: SHA-256 over a random
//!   32-byte key made at start-up (held only in this process's memory) and the address,
//!   truncated to 64 bits. The address itself is never kept, and without the key the hashes
//!   cannot be matched to addresses; a restart makes a new key. When the peer address is unknown
//!   (requests made in-process by tests) this layer is skipped.
//! - **global**, a ceiling over all clients together, so that many addresses cannot flood the
//!   database either.
//!
//! Together with the proof of work (see [`crate::pow`]) this is the whole abuse control; there is
//! no CAPTCHA and no third party. Behind a reverse proxy every request comes from the proxy's
//! address, so the per-client layer becomes a second global limit; the service deliberately does
//! not read `X-Forwarded-For` (it would have to trust it, and it would be one more place an IP
//! address travels through).

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

    /// The in-memory key for a client: a keyed hash of its address.
    fn client_key(&self, ip: IpAddr) -> u64 {
        let mut hasher = Sha256::new();
        hasher.update(self.key);
        match ip {
            IpAddr::V4(v4) => hasher.update(v4.octets()),
            IpAddr::V6(v6) => hasher.update(v6.octets()),
        }
        let digest = hasher.finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first)
    }

    /// Whether a request from `client` (if known) may go ahead now; takes a token if so.
    pub fn allow(&self, client: Option<IpAddr>, now: Instant) -> bool {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(ip) = client
            && self.per_client > 0
        {
            let key = self.client_key(ip);
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
/// proof-of-work challenges and status look-ups (which a reporter may repeat).
#[derive(Debug)]
pub struct Limits {
    /// `POST /api/open311/v2/requests.json`.
    pub submit: RateLimiter,
    /// `GET /api/pow`.
    pub challenge: RateLimiter,
    /// `POST /api/reports/status` (also slows down guessing receipts).
    pub status: RateLimiter,
}

impl Limits {
    /// Derives every limit from `per_minute` (0: no limits at all).
    pub fn new(per_minute: u32) -> Result<Self, getrandom::Error> {
        let p = per_minute;
        Ok(Self {
            submit: RateLimiter::new(p, p.saturating_mul(10))?,
            challenge: RateLimiter::new(p.saturating_mul(3), p.saturating_mul(30))?,
            status: RateLimiter::new(p.saturating_mul(3), p.saturating_mul(30))?,
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
    fn the_client_table_stays_bounded() {
        let limiter = RateLimiter::new(1, 0).expect("randomness");
        let t0 = Instant::now();
        for i in 0..(MAX_CLIENTS as u32 + 10) {
            limiter.allow(Some(IpAddr::V4(Ipv4Addr::from(i))), t0);
        }
        assert!(limiter.tracked_clients() <= MAX_CLIENTS);
    }
}
