//! The proof of work that replaces a CAPTCHA: [`pow_check`], [`pow_solve`], [`pow_solve_range`].

use sha2::{Digest, Sha256};

/// Whether `nonce` solves `challenge`: SHA-256 of `"{challenge}:{nonce}"` (the nonce in decimal)
/// starts with at least `difficulty_bits` zero bits.
pub fn pow_check(challenge: &str, nonce: u64, difficulty_bits: u8) -> bool {
    let mut hasher = Sha256::new();
    hasher.update(challenge.as_bytes());
    hasher.update(b":");
    let mut buf = [0u8; 20];
    hasher.update(decimal(nonce, &mut buf));
    leading_zero_bits(&hasher.finalize()) >= u32::from(difficulty_bits)
}

/// Finds the smallest nonce that solves `challenge` (about `2^difficulty_bits` hashes).
///
/// This blocks until done; in the browser, prefer [`pow_solve_range`] in slices so the page
/// stays responsive.
pub fn pow_solve(challenge: &str, difficulty_bits: u8) -> u64 {
    let mut start = 0u64;
    loop {
        if let Some(nonce) = pow_solve_range(challenge, difficulty_bits, start, 1 << 20) {
            return nonce;
        }
        start = match start.checked_add(1 << 20) {
            Some(next) => next,
            // Not reachable for any sensible difficulty.
            None => return u64::MAX,
        };
    }
}

/// Tries the nonces `start .. start + count` and returns the first that solves `challenge`.
pub fn pow_solve_range(challenge: &str, difficulty_bits: u8, start: u64, count: u64) -> Option<u64> {
    let mut prefix = Sha256::new();
    prefix.update(challenge.as_bytes());
    prefix.update(b":");
    let mut buf = [0u8; 20];
    let end = start.saturating_add(count);
    (start..end).find(|&nonce| {
        let mut hasher = prefix.clone();
        hasher.update(decimal(nonce, &mut buf));
        leading_zero_bits(&hasher.finalize()) >= u32::from(difficulty_bits)
    })
}

/// Writes `n` in decimal into `buf` and returns the digits.
fn decimal(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

/// The number of leading zero bits of `bytes`.
fn leading_zero_bits(bytes: &[u8]) -> u32 {
    let mut bits = 0;
    for &b in bytes {
        if b == 0 {
            bits += 8;
        } else {
            return bits + b.leading_zeros();
        }
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pow_hashes_challenge_colon_nonce() {
        // SHA-256("abc:0") computed independently.
        let digest = Sha256::digest(b"abc:0");
        let zeros = leading_zero_bits(&digest);
        assert!(pow_check("abc", 0, u8::try_from(zeros).expect("small")));
        assert!(!pow_check("abc", 0, u8::try_from(zeros + 1).expect("small")));
        assert!(pow_check("anything", 12345, 0));
    }

    #[test]
    fn pow_solve_finds_the_first_solution_and_check_accepts_it() {
        for bits in [1u8, 4, 8, 12] {
            let challenge = format!("challenge-{bits}");
            let nonce = pow_solve(&challenge, bits);
            assert!(pow_check(&challenge, nonce, bits), "{bits} bits");
            assert!((0..nonce).all(|n| !pow_check(&challenge, n, bits)), "the first solution");
            assert_eq!(pow_solve_range(&challenge, bits, 0, nonce + 1), Some(nonce));
            assert_eq!(pow_solve_range(&challenge, bits, 0, nonce), None);
        }
    }

    #[test]
    fn leading_zero_bits_and_decimal() {
        assert_eq!(leading_zero_bits(&[0, 0, 0x10]), 19);
        assert_eq!(leading_zero_bits(&[0x80]), 0);
        assert_eq!(leading_zero_bits(&[0, 0]), 16);
        let mut buf = [0u8; 20];
        assert_eq!(decimal(0, &mut buf), b"0");
        assert_eq!(decimal(u64::MAX, &mut buf), b"18446744073709551615");
    }
}
