//! Following enterprises without an account: the browser keeps a snapshot of what it last saw of
//! each followed enterprise, and on return the portal lists what changed between feed versions.

use crate::feed::IndexEntry;
use serde::{Deserialize, Serialize};

/// What the reader last saw of a followed enterprise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub id: String,
    pub version: String,
    pub years: Vec<u16>,
    pub exceeded_years: Vec<u16>,
    pub banned_years: Vec<u16>,
    pub missing_years: Vec<u16>,
    pub temporary_reports: u16,
}

impl Snapshot {
    /// A snapshot of an index entry in a feed version.
    pub fn of(e: &IndexEntry, version: &str) -> Snapshot {
        Snapshot {
            id: e.id.clone(),
            version: version.to_owned(),
            years: e.years.clone(),
            exceeded_years: e.exceeded_years.clone(),
            banned_years: e.banned_years.clone(),
            missing_years: e.missing_years.clone(),
            temporary_reports: e.temporary_reports,
        }
    }
}

/// One change since the snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    NewReport(u16),
    ReportWithdrawn(u16),
    NewExceedance(u16),
    ExceedanceCleared(u16),
    NewBannedUse(u16),
    NewMissing(u16),
    MissingResolved(u16),
    NewTemporaryReports(u16),
    /// The enterprise is no longer in the feed.
    Gone,
}

fn added(old: &[u16], new: &[u16]) -> Vec<u16> {
    new.iter().filter(|y| !old.contains(y)).copied().collect()
}

/// What changed between a snapshot and the current entry (`None` when the enterprise is gone).
pub fn diff(old: &Snapshot, now: Option<&IndexEntry>) -> Vec<Change> {
    let Some(e) = now else { return vec![Change::Gone] };
    let mut out = Vec::new();
    out.extend(added(&old.years, &e.years).into_iter().map(Change::NewReport));
    out.extend(added(&e.years, &old.years).into_iter().map(Change::ReportWithdrawn));
    out.extend(added(&old.exceeded_years, &e.exceeded_years).into_iter().map(Change::NewExceedance));
    out.extend(added(&e.exceeded_years, &old.exceeded_years).into_iter().map(Change::ExceedanceCleared));
    out.extend(added(&old.banned_years, &e.banned_years).into_iter().map(Change::NewBannedUse));
    out.extend(added(&old.missing_years, &e.missing_years).into_iter().map(Change::NewMissing));
    out.extend(added(&e.missing_years, &old.missing_years).into_iter().map(Change::MissingResolved));
    if e.temporary_reports > old.temporary_reports {
        out.push(Change::NewTemporaryReports(e.temporary_reports - old.temporary_reports));
    }
    out
}

impl Change {
    /// The change in words.
    pub fn describe(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Lang::{En, Zh};
        match (self, lang) {
            (Change::NewReport(y), Zh) => format!("新发布 {y} 年度报告"),
            (Change::NewReport(y), En) => format!("New annual report for {y}"),
            (Change::ReportWithdrawn(y), Zh) => format!("{y} 年度报告已不在数据中"),
            (Change::ReportWithdrawn(y), En) => format!("The {y} annual report is no longer in the data"),
            (Change::NewExceedance(y), Zh) => format!("{y} 年度新出现超标记录"),
            (Change::NewExceedance(y), En) => format!("New exceedance in {y}"),
            (Change::ExceedanceCleared(y), Zh) => format!("{y} 年度的超标记录已更正"),
            (Change::ExceedanceCleared(y), En) => format!("The {y} exceedance was corrected"),
            (Change::NewBannedUse(y), Zh) => format!("{y} 年度新出现使用或排放已禁止物质的记录"),
            (Change::NewBannedUse(y), En) => format!("New record of a banned substance in {y}"),
            (Change::NewMissing(y), Zh) => format!("{y} 年度应披露而未披露"),
            (Change::NewMissing(y), En) => format!("Did not disclose for {y}"),
            (Change::MissingResolved(y), Zh) => format!("{y} 年度已补充披露"),
            (Change::MissingResolved(y), En) => format!("Disclosure for {y} now published"),
            (Change::NewTemporaryReports(n), Zh) => format!("新增 {n} 份临时报告"),
            (Change::NewTemporaryReports(n), En) => format!("{n} new temporary report(s)"),
            (Change::Gone, Zh) => "该企业已不在当前数据中".to_owned(),
            (Change::Gone, En) => "This enterprise is no longer in the current data".to_owned(),
        }
    }
}
