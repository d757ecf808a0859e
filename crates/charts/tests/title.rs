//! Chart titles wrap to the canvas instead of being cut off at its edge.

use portal_charts::labels::wrap_title;

/// A stand-in for the canvas: Chinese characters 18 px wide, everything else 9 px.
fn width(s: &str) -> u32 {
    s.chars().map(|c| if c > '\u{2e7f}' { 18 } else { 9 }).sum()
}

/// `title` wrapped to 300 px: at least two lines, each of them fitting.
fn wrapped(title: &str) -> Vec<String> {
    let lines = wrap_title(title, 300, width);
    assert!(lines.len() >= 2, "{lines:?}");
    assert!(lines.iter().all(|l| width(l) <= 300), "{lines:?}");
    lines
}

#[test]
fn a_chinese_title_wider_than_a_phone_wraps_and_keeps_every_character() {
    let title = "重点管控新污染物年排放量合计（各企业）";
    let lines = wrapped(title);
    assert_eq!(lines.concat(), title);
    assert!(lines.iter().all(|l| !l.starts_with('）') && !l.ends_with('（')), "{lines:?}");
}

#[test]
fn an_english_title_wraps_at_spaces_and_never_inside_a_word() {
    let title = "Total annual discharge of listed substances, by enterprise";
    let lines = wrapped(title);
    assert_eq!(lines.join(" "), title);
}

#[test]
fn a_title_that_fits_stays_on_one_line() {
    assert_eq!(wrap_title("Annual discharge", 300, width), vec!["Annual discharge".to_owned()]);
}

#[test]
fn a_word_wider_than_the_canvas_gets_its_own_line() {
    let lines = wrap_title("a Pentachlorophenolsodium b", 100, width);
    assert_eq!(lines, vec!["a".to_owned(), "Pentachlorophenolsodium".to_owned(), "b".to_owned()]);
}
