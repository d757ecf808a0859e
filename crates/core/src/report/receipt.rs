//! [`Receipt`]: the 16-digit code (with a Luhn check digit) a reporter keeps to check a report.

use std::fmt;
use std::str::FromStr;

use super::ErrorKind;

/// The code a reporter keeps to check a report's status: 16 digits, the last a Luhn check digit,
/// shown in groups of four (`1234 5678 9012 3452`) so it is easy to read aloud and write down.
///
/// It is the only key to the report's replies, so the server stores only a salted hash of it.
/// Serialised as the grouped form; deserialised with [`Receipt::parse`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Receipt {
    digits: String,
}

/// Why a text is not a receipt code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptError {
    /// Not exactly 16 digits.
    #[error("a receipt code has 16 digits")]
    Length,
    /// Something other than digits, spaces and dashes.
    #[error("a receipt code has only digits, spaces and dashes")]
    NotDigits,
    /// The check digit does not match: a digit was mistyped or two were swapped.
    #[error("the receipt code's check digit does not match")]
    CheckDigit,
}

impl ReceiptError {
    /// The reader-facing error kind.
    /// A well-formed code with a wrong check digit is told apart from one of the wrong shape, so
    /// that the reader knows to look for a mistyped digit rather than a missing one.
    pub fn kind(self) -> ErrorKind {
        match self {
            ReceiptError::Length | ReceiptError::NotDigits => ErrorKind::ReceiptInvalid,
            ReceiptError::CheckDigit => ErrorKind::ReceiptCheckDigit,
        }
    }
}

impl Receipt {
    /// Makes a receipt from 8 random bytes: 15 digits from them (the modulo bias is below
    /// 1/18 000) plus the check digit. The caller supplies the randomness (the OS's).
    pub fn generate(random: [u8; 8]) -> Receipt {
        let n = u64::from_be_bytes(random) % 1_000_000_000_000_000;
        let mut digits = format!("{n:015}");
        digits.push(char::from(b'0' + luhn_check_digit(digits.as_bytes())));
        Receipt { digits }
    }

    /// Parses a receipt as typed: spaces and dashes (also full-width ones, and full-width
    /// digits from a Chinese keyboard) are ignored; exactly 16 digits with a correct check digit
    /// are required.
    pub fn parse(s: &str) -> Result<Receipt, ReceiptError> {
        let mut digits = String::with_capacity(16);
        for c in s.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '０'..='９' => digits.push(char::from(b'0' + (u32::from(c) - u32::from('０')) as u8)),
                ' ' | '-' | '\u{3000}' | '－' | '‐' | '–' | '—' | '\t' => {}
                _ => return Err(ReceiptError::NotDigits),
            }
            if digits.len() > 16 {
                return Err(ReceiptError::Length);
            }
        }
        if digits.len() != 16 {
            return Err(ReceiptError::Length);
        }
        let (payload, check) = digits.as_bytes().split_at(15);
        if check.first().map(|c| c - b'0') != Some(luhn_check_digit(payload)) {
            return Err(ReceiptError::CheckDigit);
        }
        Ok(Receipt { digits })
    }

    /// The 16 digits without separators (what is hashed).
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// The grouped form, `1234 5678 9012 3452`.
    pub fn grouped(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, chunk) in self.digits.as_bytes().chunks(4).enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(std::str::from_utf8(chunk).map_err(|_| fmt::Error)?)?;
        }
        Ok(())
    }
}

/// Redacted: a receipt is a secret and must not end up in logs by accident.
impl fmt::Debug for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Receipt(****)")
    }
}

impl FromStr for Receipt {
    type Err = ReceiptError;

    /// See [`Receipt::parse`].
    fn from_str(s: &str) -> Result<Receipt, ReceiptError> {
        Receipt::parse(s)
    }
}

crate::serde_as_text!(Receipt);

/// The Luhn check digit for `payload` (ASCII digits).
fn luhn_check_digit(payload: &[u8]) -> u8 {
    let sum: u32 = payload
        .iter()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = u32::from(c.wrapping_sub(b'0') % 10);
            if i % 2 == 0 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    // (10 - sum % 10) % 10 is a single digit.
    ((10 - sum % 10) % 10) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use proptest::prelude::*;

    #[test]
    fn luhn_matches_known_numbers() {
        assert_eq!(luhn_check_digit(b"7992739871"), 3);
        assert_eq!(luhn_check_digit(b"453914880343646"), 7);
        assert!(Receipt::parse("4539 1488 0343 6467").is_ok());
    }

    #[test]
    fn receipts_are_16_digits_grouped_by_four_and_parse_back() {
        for seed in [[0u8; 8], [0xFF; 8], [1, 2, 3, 4, 5, 6, 7, 8], [0x9A; 8]] {
            let receipt = Receipt::generate(seed);
            assert_eq!(receipt.digits().len(), 16);
            assert!(receipt.digits().bytes().all(|b| b.is_ascii_digit()));
            let grouped = receipt.to_string();
            assert_eq!(grouped.len(), 19);
            assert_eq!(grouped.matches(' ').count(), 3);
            assert_eq!(Receipt::parse(&grouped), Ok(receipt.clone()));
            assert_eq!(Receipt::parse(&grouped.replace(' ', "-")), Ok(receipt.clone()));
            assert_eq!(Receipt::parse(receipt.digits()), Ok(receipt));
        }
        assert_eq!(Receipt::generate([0; 8]).to_string(), "0000 0000 0000 0000");
    }

    #[test]
    fn receipt_parsing_rejects_typos() {
        let receipt = Receipt::generate([7; 8]);
        let digits = receipt.digits().to_owned();
        // Change the last digit: the check fails.
        let last = digits.as_bytes()[15];
        let wrong = format!("{}{}", &digits[..15], char::from(b'0' + (last - b'0' + 1) % 10));
        assert_eq!(Receipt::parse(&wrong), Err(ReceiptError::CheckDigit));
        // Change any single digit: the check fails.
        for i in 0..16 {
            let mut bytes = digits.clone().into_bytes();
            bytes[i] = b'0' + (bytes[i] - b'0' + 5) % 10;
            let typo = String::from_utf8(bytes).expect("ascii");
            assert_eq!(Receipt::parse(&typo), Err(ReceiptError::CheckDigit), "digit {i}");
        }
        assert_eq!(Receipt::parse("1234"), Err(ReceiptError::Length));
        assert_eq!(Receipt::parse("12345678901234567"), Err(ReceiptError::Length));
        assert_eq!(Receipt::parse("1234 5678 9012 345x"), Err(ReceiptError::NotDigits));
        assert_eq!(Receipt::parse(""), Err(ReceiptError::Length));
    }

    #[test]
    fn a_mistyped_digit_reads_differently_from_a_code_of_the_wrong_shape() {
        assert_eq!(ReceiptError::CheckDigit.kind(), ErrorKind::ReceiptCheckDigit);
        assert_eq!(ReceiptError::Length.kind(), ErrorKind::ReceiptInvalid);
        assert_eq!(ReceiptError::NotDigits.kind(), ErrorKind::ReceiptInvalid);
        assert_ne!(ErrorKind::ReceiptCheckDigit.message(Lang::Zh), ErrorKind::ReceiptInvalid.message(Lang::Zh));
    }

    #[test]
    fn full_width_digits_from_a_chinese_keyboard_are_accepted() {
        let receipt = Receipt::parse("4539 1488 0343 6467").expect("valid");
        assert_eq!(Receipt::parse("４５３９　１４８８－０３４３　６４６７"), Ok(receipt));
    }

    #[test]
    fn receipts_serialise_grouped_and_never_debug_print() {
        let receipt = Receipt::parse("4539148803436467").expect("valid");
        assert_eq!(serde_json::to_value(&receipt).expect("serialise"), "4539 1488 0343 6467");
        assert_eq!(serde_json::from_str::<Receipt>(r#""4539-1488-0343-6467""#).expect("parse"), receipt);
        assert!(serde_json::from_str::<Receipt>(r#""4539 1488 0343 6468""#).is_err());
        assert_eq!(format!("{receipt:?}"), "Receipt(****)");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn receipts_round_trip(seed in any::<[u8; 8]>()) {
            let receipt = Receipt::generate(seed);
            prop_assert_eq!(Receipt::parse(&receipt.to_string()), Ok(receipt));
        }

        #[test]
        fn receipt_parse_never_panics(s in ".{0,40}") {
            let _ = Receipt::parse(&s);
        }
    }
}
