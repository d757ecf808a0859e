//! Identifiers with check digits: CAS registry numbers and China's unified social credit code
//! (统一社会信用代码, GB 32100-2015).

use std::fmt;

/// Why an identifier was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("expected the form {expected}, found {found:?}")]
    Format { expected: &'static str, found: String },
    #[error("check digit is {found}, expected {expected}")]
    CheckDigit { expected: char, found: char },
}

/// Checks a CAS registry number such as `75-09-2`: 2–7 digits, 2 digits, 1 check digit.
///
/// The check digit is the sum of every other digit times its position counted from the right
/// (starting at 1), modulo 10.
pub fn validate_cas(cas: &str) -> Result<(), IdError> {
    let format_err = || IdError::Format { expected: "NNNNNNN-NN-N (CAS)", found: cas.to_owned() };
    let mut parts = cas.split('-');
    let (Some(a), Some(b), Some(c), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(format_err());
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(2..=7).contains(&a.len()) || b.len() != 2 || c.len() != 1 || !all_digits(a) || !all_digits(b) || !all_digits(c)
    {
        return Err(format_err());
    }
    let body: Vec<u32> = a.bytes().chain(b.bytes()).map(|d| u32::from(d - b'0')).collect();
    let sum: u32 = body.iter().rev().enumerate().map(|(i, d)| (i as u32 + 1) * d).sum();
    let expected = char::from(b'0' + (sum % 10) as u8);
    let found = c.chars().next().unwrap_or('?');
    if expected == found { Ok(()) } else { Err(IdError::CheckDigit { expected, found }) }
}

/// The 31 characters a unified social credit code may use (no I, O, S, V, Z).
const USCC_CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// The check character of the 18th position for the first 17 characters of a USCC.
pub fn uscc_check_char(first17: &str) -> Option<char> {
    if first17.chars().count() != 17 {
        return None;
    }
    let mut sum = 0;
    for (ch, w) in first17.chars().zip(USCC_WEIGHTS) {
        sum += USCC_CHARSET.find(ch)? as u32 * w;
    }
    let idx = (31 - sum % 31) % 31;
    USCC_CHARSET.chars().nth(idx as usize)
}

/// The check character of a 9-character organisation code (GB 11714), positions 9–17 of a USCC.
pub fn org_code_check_char(first8: &str) -> Option<char> {
    if first8.chars().count() != 8 {
        return None;
    }
    let mut sum = 0;
    for (ch, w) in first8.chars().zip(ORG_WEIGHTS) {
        let v = match ch {
            '0'..='9' => ch as u32 - '0' as u32,
            'A'..='Z' => ch as u32 - 'A' as u32 + 10,
            _ => return None,
        };
        sum += v * w;
    }
    match 11 - sum % 11 {
        10 => Some('X'),
        11 => Some('0'),
        n => char::from_digit(n, 10),
    }
}

/// Checks a unified social credit code: 18 characters from the permitted set, an administrative
/// division code in positions 3–8, and both check characters (position 17 of the embedded
/// organisation code and position 18 of the whole code).
pub fn validate_uscc(code: &str) -> Result<(), IdError> {
    let format_err = || IdError::Format {
        expected: "18 characters from 0-9 and A-Y without I, O, S, V, Z (USCC)",
        found: code.to_owned(),
    };
    if code.chars().count() != 18 || !code.chars().all(|c| USCC_CHARSET.contains(c)) {
        return Err(format_err());
    }
    if !code[2..8].bytes().all(|b| b.is_ascii_digit()) {
        return Err(format_err());
    }
    let org_expected = org_code_check_char(&code[8..16]).ok_or_else(format_err)?;
    let org_found = code[16..17].chars().next().unwrap_or('?');
    if org_expected != org_found {
        return Err(IdError::CheckDigit { expected: org_expected, found: org_found });
    }
    let expected = uscc_check_char(&code[..17]).ok_or_else(format_err)?;
    let found = code[17..].chars().next().unwrap_or('?');
    if expected == found { Ok(()) } else { Err(IdError::CheckDigit { expected, found }) }
}

/// An outlet code in the permit platform's convention: `DA001` (air) or `DW001` (water).
pub fn validate_outlet_code(code: &str) -> Result<OutletKind, IdError> {
    let format_err = || IdError::Format { expected: "DA### or DW###", found: code.to_owned() };
    let kind = match code.get(..2) {
        Some("DA") => OutletKind::Air,
        Some("DW") => OutletKind::Water,
        _ => return Err(format_err()),
    };
    let digits = &code[2..];
    if digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()) { Ok(kind) } else { Err(format_err()) }
}

/// Which medium an outlet code says it discharges to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutletKind {
    Air,
    Water,
}

impl fmt::Display for OutletKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OutletKind::Air => "air",
            OutletKind::Water => "water",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cas_numbers_are_checked_table_driven() {
        let cases: &[(&str, bool)] = &[
            ("75-09-2", true),    // dichloromethane
            ("67-66-3", true),    // chloroform
            ("1763-23-1", true),  // PFOS
            ("335-67-1", true),   // PFOA
            ("25154-52-3", true), // nonylphenol
            ("7732-18-5", true),  // water
            ("75-09-3", false),   // wrong check digit
            ("75-9-2", false),    // middle part has one digit
            ("5-09-2", false),    // first part too short
            ("12345678-09-2", false),
            ("75-09-2-1", false),
            ("75-0a-2", false),
            ("", false),
            ("７５-09-2", false), // full-width digits
        ];
        for (cas, ok) in cases {
            assert_eq!(validate_cas(cas).is_ok(), *ok, "{cas}");
        }
    }

    #[test]
    fn cas_check_digit_error_names_the_expected_digit() {
        assert_eq!(validate_cas("75-09-3"), Err(IdError::CheckDigit { expected: '2', found: '3' }));
    }

    #[test]
    fn uscc_check_characters_are_computed_and_checked() {
        // A code built from a fixed body: compute both check characters, then verify the whole.
        let org8 = "MA1XK3Q2";
        let org9 = format!("{org8}{}", org_code_check_char(org8).expect("valid org body"));
        let first17 = format!("91320700{org9}");
        let code = format!("{first17}{}", uscc_check_char(&first17).expect("valid body"));
        assert_eq!(validate_uscc(&code), Ok(()));

        // Every single-character change in the check position is caught.
        for c in USCC_CHARSET.chars() {
            let mutated = format!("{first17}{c}");
            assert_eq!(validate_uscc(&mutated).is_ok(), mutated == code, "{mutated}");
        }
    }

    #[test]
    fn uscc_rejects_bad_shapes() {
        for bad in [
            "",
            "91320700MA1XK3Q2",
            "91320700MA1XK3Q2XXX",
            "9132070OMA1XK3Q2X1",
            "91ABCDEFMA1XK3Q2X1",
            "91320700ma1xk3q2x1",
        ] {
            assert!(validate_uscc(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn outlet_codes_follow_the_permit_convention() {
        assert_eq!(validate_outlet_code("DA001"), Ok(OutletKind::Air));
        assert_eq!(validate_outlet_code("DW012"), Ok(OutletKind::Water));
        for bad in ["DX001", "DA01", "DA0001", "da001", "DA00A", ""] {
            assert!(validate_outlet_code(bad).is_err(), "{bad}");
        }
    }
}
