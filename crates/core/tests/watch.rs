//! What changed for a followed enterprise between two feed versions (`feed::watch`).

mod common;

use portal_core::feed::IndexEntry;
use portal_core::feed::watch::{Change, Snapshot, diff};
use portal_core::i18n::Lang;

/// An enterprise that reported for 2023 and 2024 and exceeded a limit in 2024.
fn entry() -> IndexEntry {
    let mut e = common::index_entry("e1", "甲", "A", "320706", "chemicals");
    e.exceeded_years = vec![2024];
    e.entries = vec![10];
    e
}

#[test]
fn nothing_changed_gives_no_changes() {
    let e = entry();
    assert_eq!(diff(&Snapshot::of(&e, "v1"), Some(&e)), vec![]);
}

#[test]
fn new_reports_exceedances_and_temporary_reports_are_listed() {
    let before = Snapshot::of(&entry(), "v1");
    let mut after = entry();
    after.years.push(2025);
    after.exceeded_years = vec![2025];
    after.missing_years = vec![];
    after.temporary_reports = 2;
    assert_eq!(
        diff(&before, Some(&after)),
        vec![
            Change::NewReport(2025),
            Change::NewExceedance(2025),
            Change::ExceedanceCleared(2024),
            Change::NewTemporaryReports(2)
        ]
    );
}

#[test]
fn an_enterprise_that_left_the_feed_is_reported_gone() {
    assert_eq!(diff(&Snapshot::of(&entry(), "v1"), None), vec![Change::Gone]);
}

#[test]
fn every_change_is_described_in_both_languages() {
    for c in [Change::NewReport(1), Change::Gone, Change::NewMissing(2), Change::NewTemporaryReports(1)] {
        assert!(!c.describe(Lang::Zh).is_empty());
        assert!(c.describe(Lang::En).is_ascii());
    }
}
