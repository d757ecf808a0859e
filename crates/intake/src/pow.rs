//! Proof-of-work challenges, in place of a third-party CAPTCHA.
//!
//! `GET /api/pow` hands out a random challenge; the browser finds a nonce with
//! [`portal_core::report::pow_solve`] (in WASM) and sends both with its report. Each challenge
//! is good for one report and for [`CHALLENGE_TTL`]. Challenges live in memory only: a restart
//! forgets them, and clients simply ask for a new one.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use portal_core::report::pow_check;

/// How long a challenge stays valid.
pub const CHALLENGE_TTL: Duration = Duration::from_secs(10 * 60);
/// The most challenges kept at once; when full, expired ones are dropped first.
pub const MAX_OUTSTANDING: usize = 100_000;
/// The default difficulty: 65 536 SHA-256 hashes on average (the browser-side cost is to be
/// measured for `docs/benchmarks.md`).
pub const DEFAULT_BITS: u8 = 16;

/// Why a proof of work was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PowError {
    /// The challenge was never issued, was already used, or was forgotten by a restart.
    #[error("unknown or already used challenge")]
    Unknown,
    /// The challenge is older than [`CHALLENGE_TTL`].
    #[error("expired challenge")]
    Expired,
    /// The nonce does not solve the challenge.
    #[error("the nonce does not solve the challenge")]
    Wrong,
    /// Too many challenges are outstanding.
    #[error("too many outstanding challenges")]
    Full,
    /// The operating system gave no randomness.
    #[error("no randomness: {0}")]
    Random(getrandom::Error),
}

/// The outstanding challenges and the difficulty.
#[derive(Debug)]
pub struct Challenges {
    difficulty_bits: u8,
    issued: Mutex<HashMap<String, Instant>>,
}

impl Challenges {
    /// No challenges yet; solutions need `difficulty_bits` leading zero bits.
    pub fn new(difficulty_bits: u8) -> Self {
        Self { difficulty_bits, issued: Mutex::new(HashMap::new()) }
    }

    /// The difficulty in leading zero bits.
    pub fn difficulty_bits(&self) -> u8 {
        self.difficulty_bits
    }

    /// Issues a fresh random challenge (32 hex digits), valid until `now + CHALLENGE_TTL`.
    pub fn issue(&self, now: Instant) -> Result<String, PowError> {
        let mut random = [0u8; 16];
        getrandom::fill(&mut random).map_err(PowError::Random)?;
        let challenge: String = random.iter().map(|b| format!("{b:02x}")).collect();
        let mut issued = self.issued.lock().unwrap_or_else(PoisonError::into_inner);
        if issued.len() >= MAX_OUTSTANDING {
            issued.retain(|_, expires| *expires > now);
            if issued.len() >= MAX_OUTSTANDING {
                return Err(PowError::Full);
            }
        }
        issued.insert(challenge.clone(), now + CHALLENGE_TTL);
        Ok(challenge)
    }

    /// Checks a solution and uses the challenge up, whether the nonce is right or not (a client
    /// with a wrong nonce has a bug and must start over with a new challenge).
    pub fn redeem(&self, challenge: &str, nonce: u64, now: Instant) -> Result<(), PowError> {
        let expires = self.issued.lock().unwrap_or_else(PoisonError::into_inner).remove(challenge);
        match expires {
            None => Err(PowError::Unknown),
            Some(expires) if expires <= now => Err(PowError::Expired),
            Some(_) if !pow_check(challenge, nonce, self.difficulty_bits) => Err(PowError::Wrong),
            Some(_) => Ok(()),
        }
    }

    /// How many challenges are outstanding (for tests).
    pub fn outstanding(&self) -> usize {
        self.issued.lock().unwrap_or_else(PoisonError::into_inner).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_core::report::pow_solve;

    #[test]
    fn a_solved_challenge_is_accepted_once() {
        let challenges = Challenges::new(8);
        let now = Instant::now();
        let challenge = challenges.issue(now).expect("issue");
        assert_eq!(challenge.len(), 32);
        let nonce = pow_solve(&challenge, 8);
        assert_eq!(challenges.redeem(&challenge, nonce, now), Ok(()));
        assert_eq!(challenges.redeem(&challenge, nonce, now), Err(PowError::Unknown));
        assert_eq!(challenges.outstanding(), 0);
    }

    #[test]
    fn challenges_are_random() {
        let challenges = Challenges::new(8);
        let now = Instant::now();
        assert_ne!(challenges.issue(now).expect("issue"), challenges.issue(now).expect("issue"));
    }

    #[test]
    fn a_wrong_nonce_uses_the_challenge_up() {
        let challenges = Challenges::new(16);
        let now = Instant::now();
        let challenge = challenges.issue(now).expect("issue");
        let wrong = (0..).find(|&n| !pow_check(&challenge, n, 16)).expect("some nonce fails");
        assert_eq!(challenges.redeem(&challenge, wrong, now), Err(PowError::Wrong));
        let right = pow_solve(&challenge, 16);
        assert_eq!(challenges.redeem(&challenge, right, now), Err(PowError::Unknown));
    }

    #[test]
    fn challenges_expire_after_ten_minutes() {
        let challenges = Challenges::new(0);
        let now = Instant::now();
        let challenge = challenges.issue(now).expect("issue");
        let later = now + CHALLENGE_TTL;
        assert_eq!(challenges.redeem(&challenge, 0, later), Err(PowError::Expired));
        let fresh = challenges.issue(now).expect("issue");
        assert_eq!(challenges.redeem(&fresh, 0, later - Duration::from_secs(1)), Ok(()));
    }

    #[test]
    fn unknown_challenges_are_refused() {
        let challenges = Challenges::new(0);
        assert_eq!(challenges.redeem("made-up", 0, Instant::now()), Err(PowError::Unknown));
    }
}
