//! Properties of the identifiers, units and parsers, checked on generated inputs.

mod common;

use portal_core::feed::disclosure::{DisclosureFile, Quantity};
use portal_core::feed::ids::{IdError, org_code_check_char, uscc_check_char, validate_cas, validate_uscc};
use portal_core::feed::units::{Measurement, Unit};
use portal_core::feed::validate::valid_date;
use proptest::prelude::*;
use proptest::sample::select;
use std::sync::LazyLock;

/// The characters a USCC may use (GB 32100-2015: no I, O, S, V, Z).
const USCC_CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// `value` written as JSON text and parsed back: (the value read back, the text).
fn through_json<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T) -> (T, String) {
    let json = serde_json::to_string(value).expect("serialise");
    (serde_json::from_str(&json).expect("parse back"), json)
}

fn config() -> ProptestConfig {
    ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() }
}

/// The CAS check digit of the digits before it: each digit times its position from the right
/// (starting at 1), summed, modulo 10. Written independently of `validate_cas`.
fn cas_check(body: &[u8]) -> u8 {
    let sum: u32 = body.iter().rev().enumerate().map(|(i, d)| (i as u32 + 1) * u32::from(*d)).sum();
    (sum % 10) as u8
}

fn cas_string(first: &[u8], second: &[u8], check: u8) -> String {
    let digits = |ds: &[u8]| ds.iter().map(|d| char::from(b'0' + d)).collect::<String>();
    format!("{}-{}-{}", digits(first), digits(second), char::from(b'0' + check))
}

/// The two parts of a CAS number before its check digit: 2–7 digits, then 2 digits.
fn cas_body() -> impl Strategy<Value = (Vec<u8>, Vec<u8>)> {
    (prop::collection::vec(0u8..10, 2..=7), prop::collection::vec(0u8..10, 2))
}

fn uscc_char() -> impl Strategy<Value = char> {
    select(USCC_CHARSET.chars().collect::<Vec<_>>())
}

/// A valid USCC built from random parts with the two check characters computed.
fn valid_uscc() -> impl Strategy<Value = String> {
    (uscc_char(), uscc_char(), prop::collection::vec(0u8..10, 6), prop::collection::vec(uscc_char(), 8)).prop_map(
        |(authority, kind, division, org8)| {
            let org8: String = org8.into_iter().collect();
            let org_check = org_code_check_char(&org8).expect("organisation code body from the charset");
            let division: String = division.iter().map(|d| char::from(b'0' + d)).collect();
            let first17 = format!("{authority}{kind}{division}{org8}{org_check}");
            let check = uscc_check_char(&first17).expect("USCC body from the charset");
            format!("{first17}{check}")
        },
    )
}

fn finite_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_filter("finite", |v| v.is_finite()),
        -1.0e6..1.0e6f64,
        Just(0.0),
        Just(-0.0),
        Just(f64::MIN_POSITIVE),
        Just(f64::MAX),
        Just(f64::MIN),
    ]
}

/// Values as people write them: at most 15 significant digits, from 1e-22 up to 1e15, either sign.
/// These are exactly the decimals serde_json's default (not `float_roundtrip`) parser reads back
/// with a single correctly rounded operation.
fn decimal_f64() -> impl Strategy<Value = f64> {
    (0u64..1_000_000_000_000_000, 0i32..=22, any::<bool>()).prop_map(|(mantissa, scale, negative)| {
        let v = mantissa as f64 / 10f64.powi(scale);
        if negative { -v } else { v }
    })
}

fn unit() -> impl Strategy<Value = Unit> {
    select(Unit::ALL.to_vec())
}

fn measurement(value: f64, unit: Unit, detected: bool) -> Measurement {
    if detected {
        Measurement::Detected { value, unit }
    } else {
        Measurement::NotDetected { detection_limit: value, unit }
    }
}

/// Strings that look like identifiers, dates and units, with non-ASCII look-alikes mixed in, to
/// hit the byte-index and slicing paths of the parsers; plus any string at all.
fn tricky_string() -> impl Strategy<Value = String> {
    let pieces = select(vec![
        "0", "1", "7", "9", "-", "--", "/", "A", "X", "Y", "I", "O", "Z", "DA", "DW", "HW", "mg", "/L", "m3", "m³",
        "µ", "μ", "吨/年", "千克", "３", "－", "é", "中", "\u{feff}", " ", "\t", "\u{3000}", "ǅ", "ß", "İ", "\u{0}",
        "2023", "02", "30", "-12-", "𝟙",
    ]);
    prop_oneof![
        any::<String>(),
        prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat()),
        prop::collection::vec(any::<char>(), 8..20).prop_map(|v| v.into_iter().collect()),
    ]
}

/// A small valid disclosure file, as JSON bytes: the sample's first record and an obligation list.
fn valid_file_bytes() -> Vec<u8> {
    VALID_FILE.clone()
}

static VALID_FILE: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let record = common::first_record();
    let json = serde_json::json!({
        "records": [record],
        "obligations": [{
            "year": 2021,
            "is_sample": true,
            "enterprises": [record.enterprise.uscc],
            "provenance": { "source": "test", "extracted_on": "2026-11-28", "note": null }
        }]
    });
    serde_json::to_vec(&json).expect("serialise")
});

/// One edit of a byte string.
#[derive(Debug, Clone)]
enum Edit {
    Set(usize, u8),
    Insert(usize, u8),
    Remove(usize),
    Truncate(usize),
    Swap(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let byte = prop_oneof![
        select(b"{}[]\",:0123456789-.eE nultrfa\\".to_vec()),
        any::<u8>(),
        Just(0xE4u8), // the lead byte of a 3-byte UTF-8 sequence, cut off
    ];
    prop_oneof![
        (any::<usize>(), byte.clone()).prop_map(|(i, b)| Edit::Set(i, b)),
        (any::<usize>(), byte).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::Remove),
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Edit::Swap(i, j)),
    ]
}

fn apply(bytes: &mut Vec<u8>, e: &Edit) {
    if bytes.is_empty() {
        return;
    }
    let n = bytes.len();
    match *e {
        Edit::Set(i, b) => bytes[i % n] = b,
        Edit::Insert(i, b) => bytes.insert(i % (n + 1), b),
        Edit::Remove(i) => {
            bytes.remove(i % n);
        }
        Edit::Truncate(i) => bytes.truncate(i % n),
        Edit::Swap(i, j) => bytes.swap(i % n, j % n),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn cas_numbers_with_the_computed_check_digit_always_validate((first, second) in cas_body()) {
        let cas = cas_string(&first, &second, cas_check(&[first.as_slice(), second.as_slice()].concat()));
        prop_assert_eq!(validate_cas(&cas), Ok(()), "{}", cas);
    }

    /// The CAS checksum weighs each digit by its position from the right (1, 2, 3 …), modulo 10.
    /// A changed check digit is always caught; a changed body digit is caught exactly when
    /// weight × change is not a multiple of 10 (so weights 1, 3, 7, 9 catch every change, while
    /// e.g. weight 2 misses a change by 5). The validator must agree with that arithmetic exactly.
    #[test]
    fn a_single_digit_change_of_a_valid_cas_is_rejected_unless_the_checksum_cannot_see_it(
        (first, second) in cas_body(),
        position in any::<prop::sample::Index>(),
        delta in 1u8..10,
    ) {
        let mut body = [first.as_slice(), second.as_slice()].concat();
        let mut check = cas_check(&body);
        // Positions 0..body.len() are body digits, body.len() is the check digit.
        let at = position.index(body.len() + 1);
        // The weight of the changed digit; the check digit itself counts as weight 1.
        let weight = if at == body.len() { 1 } else { (body.len() - at) as u32 };
        if at == body.len() {
            check = (check + delta) % 10;
        } else {
            body[at] = (body[at] + delta) % 10;
        }
        let caught = !(weight * u32::from(delta)).is_multiple_of(10);
        let (a, b) = body.split_at(first.len());
        let cas = cas_string(a, b, check);
        prop_assert_eq!(validate_cas(&cas).is_err(), caught, "{} (changed position {}, by {})", cas, at, delta);
        if [1, 3, 7, 9].contains(&weight) {
            // A check digit change, or a weight coprime to 10: always caught, as a check-digit error.
            prop_assert!(matches!(validate_cas(&cas), Err(IdError::CheckDigit { .. })), "{}", cas);
        }
    }

    #[test]
    fn a_cas_with_the_wrong_shape_is_rejected_whatever_its_digits(
        first in prop::collection::vec(0u8..10, 0..10),
        second in prop::collection::vec(0u8..10, 0..4),
    ) {
        let check = cas_check(&[first.as_slice(), second.as_slice()].concat());
        let cas = cas_string(&first, &second, check);
        let shape_ok = (2..=7).contains(&first.len()) && second.len() == 2;
        prop_assert_eq!(validate_cas(&cas).is_ok(), shape_ok, "{}", cas);
    }

    #[test]
    fn usccs_with_computed_check_characters_always_validate(code in valid_uscc()) {
        prop_assert_eq!(validate_uscc(&code), Ok(()), "{}", code);
    }

    #[test]
    fn changing_the_last_uscc_character_to_any_other_is_rejected(code in valid_uscc()) {
        let first17 = &code[..17];
        let last = code.chars().last().expect("18 characters");
        for c in USCC_CHARSET.chars().filter(|c| *c != last) {
            let mutated = format!("{first17}{c}");
            prop_assert_eq!(
                validate_uscc(&mutated),
                Err(IdError::CheckDigit { expected: last, found: c }),
                "{}", mutated
            );
        }
    }

    #[test]
    fn changing_any_uscc_position_to_a_forbidden_letter_is_rejected(
        code in valid_uscc(),
        position in 0usize..18,
        letter in select(vec!['I', 'O', 'S', 'V', 'Z', 'a', 'y', '０']),
    ) {
        let mutated: String =
            code.chars().enumerate().map(|(i, c)| if i == position { letter } else { c }).collect();
        prop_assert!(matches!(validate_uscc(&mutated), Err(IdError::Format { .. })), "{}", mutated);
    }

    #[test]
    fn measurements_with_decimal_values_round_trip_through_json(
        value in decimal_f64(),
        unit in unit(),
        detected in any::<bool>(),
    ) {
        let m = measurement(value, unit, detected);
        let (back, json) = through_json(&m);
        prop_assert_eq!(back, m, "{}", json);
        prop_assert_eq!(back.unit(), unit);
        prop_assert_eq!(back.value().is_some(), detected);
    }

    #[test]
    fn quantities_with_decimal_values_round_trip_through_json(value in decimal_f64(), unit in unit()) {
        let q = Quantity { value, unit };
        let (back, json) = through_json(&q);
        prop_assert_eq!(back, q, "{}", json);
        // Through a serde_json::Value as well, as the feed compiler does.
        let via_value: Quantity =
            serde_json::from_value(serde_json::to_value(q).expect("to value")).expect("from value");
        prop_assert_eq!(via_value, q);
    }

    #[test]
    fn measurements_round_trip_through_json(value in finite_f64(), unit in unit(), detected in any::<bool>()) {
        let m = measurement(value, unit, detected);
        let (back, json) = through_json(&m);
        prop_assert_eq!(back, m, "{}", json);
    }

    #[test]
    fn quantities_round_trip_through_json(value in finite_f64(), unit in unit()) {
        let q = Quantity { value, unit };
        let (back, json) = through_json(&q);
        prop_assert_eq!(back, q, "{}", json);
    }

    #[test]
    fn every_unit_serialises_to_a_name_that_parses_back(unit in unit(), value in decimal_f64()) {
        let json = serde_json::to_value(Quantity { value, unit }).expect("to value");
        let name = json["unit"].as_str().expect("a unit is a string");
        prop_assert_eq!(Unit::parse(name), Some(unit), "{}", name);
    }

    #[test]
    fn validate_cas_never_panics_and_accepts_only_the_cas_shape(s in tricky_string()) {
        if validate_cas(&s).is_ok() {
            let parts: Vec<&str> = s.split('-').collect();
            prop_assert_eq!(parts.len(), 3, "{:?}", s);
            prop_assert!(s.bytes().all(|b| b.is_ascii_digit() || b == b'-'), "{:?}", s);
        }
    }

    #[test]
    fn validate_uscc_never_panics_and_accepts_only_18_charset_characters(s in tricky_string()) {
        if validate_uscc(&s).is_ok() {
            prop_assert_eq!(s.len(), 18, "{:?}", s);
            prop_assert!(s.chars().all(|c| USCC_CHARSET.contains(c)), "{:?}", s);
        }
    }

    #[test]
    fn unit_parse_never_panics_and_is_consistent(s in tricky_string()) {
        if let Some(u) = Unit::parse(&s) {
            prop_assert_eq!(Unit::parse(u.symbol()), Some(u));
            // Surrounding whitespace never changes the result.
            prop_assert_eq!(Unit::parse(&format!("  {s}\t")), Some(u), "{:?}", s);
        }
    }

    #[test]
    fn valid_date_never_panics_and_accepts_only_iso_dates(s in tricky_string()) {
        if valid_date(&s) {
            prop_assert_eq!(s.len(), 10, "{:?}", s);
            prop_assert!(s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() }), "{:?}", s);
        }
    }

    #[test]
    fn valid_date_agrees_with_a_calendar(year in 0u32..10_000, month in 0u32..14, day in 0u32..33) {
        let s = format!("{year:04}-{month:02}-{day:02}");
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        let want = (1..=12).contains(&month) && day >= 1 && day <= days_in_month[(month as usize).saturating_sub(1).min(11)];
        prop_assert_eq!(valid_date(&s), want, "{}", s);
    }

    #[test]
    fn parsing_mutated_disclosure_json_never_panics(edits in prop::collection::vec(edit(), 1..8)) {
        let mut bytes = valid_file_bytes();
        for e in &edits {
            apply(&mut bytes, e);
        }
        // It may fail; it must not panic. What it accepts must serialise and parse again, with
        // the same records and obligations (floats aside: see the ignored round-trip tests).
        if let Ok(file) = serde_json::from_slice::<DisclosureFile>(&bytes) {
            let again = serde_json::to_vec(&file).expect("serialise");
            let back: DisclosureFile = serde_json::from_slice(&again).expect("what was accepted parses again");
            let ids = |f: &DisclosureFile| f.records.iter().map(|d| d.record_id.clone()).collect::<Vec<_>>();
            prop_assert_eq!(ids(&back), ids(&file));
            prop_assert_eq!(back.obligations, file.obligations);
        }
    }

    #[test]
    fn parsing_arbitrary_bytes_as_a_disclosure_file_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let parsed = serde_json::from_slice::<DisclosureFile>(&bytes);
        // Random bytes are essentially never a valid file: at least it must not be the empty input.
        if bytes.iter().all(u8::is_ascii_whitespace) {
            prop_assert!(parsed.is_err());
        }
    }
}

#[test]
fn the_unmutated_fixture_parses() {
    let file: DisclosureFile = serde_json::from_slice(&valid_file_bytes()).expect("valid");
    assert_eq!(file.records.len(), 1);
    assert_eq!(file.obligations.len(), 1);
}
