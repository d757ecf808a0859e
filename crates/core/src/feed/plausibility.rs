//! Plausibility checks: disclosures that pass validation but look wrong. Real submissions will
//! contain mistakes, and readers deserve to know, so these are warnings, not errors: the feed is
//! still built, and `feed validate` / `feed build` list each with its file, record and field.
//!
//! What is checked:
//! - a reading above its limit while the record counts no exceedance;
//! - a reading far above any plausible value (more than [`IMPLAUSIBLE_FACTOR`] times its limit),
//!   usually a unit slip;
//! - a reading whose unit cannot be compared with its limit's;
//! - a reading judged against a standard that is not its industry's (`discharge_standards` in
//!   `industries.json`; the comprehensive GB 8978 fits any industry);
//! - a penalty for an exceedance that names a pollutant the year's annual report does not report
//!   at that outlet, or one whose reading that year shows no exceedance;
//! - a listed substance used in a year its use ban was in force, with no exemption named;
//! - a permit that ended before the end of the reporting year, with no renewal reported;
//! - an annual quantity more than [`QUANTITY_FACTOR`] times away from concentration × the
//!   outlet's annual volume, where both are given (for a maximum, only a quantity above it).

use crate::feed::EnterpriseDetail;
use crate::feed::disclosure::{
    DisclosureFile, DisclosureRecord, OutletMedium, PollutantReading, ReportType, Statistic,
};
use crate::feed::reference::Reference;
use crate::feed::units::Medium;
use crate::feed::units::{Unit, convert};
use serde::Serialize;
use std::collections::HashMap;

/// A reading more than this many times its limit is taken for a slip (a unit, a decimal point).
pub const IMPLAUSIBLE_FACTOR: f64 = 100.0;

/// An annual quantity this many times above or below concentration × volume is taken for a slip.
pub const QUANTITY_FACTOR: f64 = 10.0;

/// The comprehensive wastewater standard, which applies wherever no industry standard does.
const COMPREHENSIVE: &str = "GB 8978-1996";

/// What kind of problem a warning reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    AboveLimitNoExceedance,
    Implausible,
    UnitNotComparable,
    StandardNotForIndustry,
    PenaltyNotReported,
    PenaltyNotBacked,
    BannedUse,
    PermitExpired,
    QuantityMismatch,
}

impl WarningKind {
    /// Every kind, in a stable order.
    pub const ALL: [WarningKind; 9] = [
        WarningKind::AboveLimitNoExceedance,
        WarningKind::Implausible,
        WarningKind::UnitNotComparable,
        WarningKind::StandardNotForIndustry,
        WarningKind::PenaltyNotReported,
        WarningKind::PenaltyNotBacked,
        WarningKind::BannedUse,
        WarningKind::PermitExpired,
        WarningKind::QuantityMismatch,
    ];
}

/// One plausibility warning, located like a validation error.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    pub file: String,
    pub record: String,
    /// The field path within the record, e.g. `outlets[0].pollutants[1].concentration`.
    pub path: String,
    pub kind: WarningKind,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}: {}", self.file, self.record, self.path, self.message)
    }
}

/// Checks every record of every file; `files` are (path as shown to the reader, contents).
pub fn check(r: &Reference, files: &[(String, DisclosureFile)]) -> Vec<Warning> {
    // The annual report of each enterprise and year, to set penalties beside their readings.
    let mut annual: HashMap<(&str, u16), &DisclosureRecord> = HashMap::new();
    for (_, f) in files {
        for d in f.records.iter().filter(|d| d.report_type == ReportType::Annual) {
            annual.insert((d.enterprise.id.as_str(), d.report_year), d);
        }
    }
    let mut out = Vec::new();
    for (file, f) in files {
        for d in &f.records {
            let mut push = |path: String, kind: WarningKind, message: String| {
                out.push(Warning { file: file.clone(), record: d.record_id.clone(), path, kind, message });
            };
            check_record(r, d, annual.get(&(d.enterprise.id.as_str(), d.report_year)).copied(), &mut push);
        }
    }
    out
}

/// The warnings about one enterprise's published records (its detail file), each located by its
/// record id and field path: what the enterprise page sets beside the readings it concerns.
pub fn check_detail(r: &Reference, d: &EnterpriseDetail) -> Vec<Warning> {
    let file = DisclosureFile { records: d.records.clone(), obligations: Vec::new() };
    check(r, &[(d.enterprise.id.clone(), file)])
}

fn check_record(
    r: &Reference,
    d: &DisclosureRecord,
    annual: Option<&DisclosureRecord>,
    push: &mut impl FnMut(String, WarningKind, String),
) {
    let year = d.report_year;
    let year_end = format!("{year}-12-31");
    if d.report_type == ReportType::Annual {
        if let Some(p) = &d.permit
            && p.valid_to < year_end
        {
            push(
                "permit.valid_to".into(),
                WarningKind::PermitExpired,
                format!("the permit ended on {}, before the end of {year}, and no renewal is reported", p.valid_to),
            );
        }
        for (i, m) in d.toxic_raw_materials.iter().enumerate() {
            let Some(n) = m.entry else { continue };
            if m.exemption.as_deref().is_some_and(|x| !x.trim().is_empty()) {
                continue;
            }
            if let Some(from) = r.entry(n).and_then(|e| e.use_banned_from())
                && from <= year_end.as_str()
            {
                push(
                    format!("toxic_raw_materials[{i}]"),
                    WarningKind::BannedUse,
                    format!(
                        "{} (list entry {n}) is reported as used in {year}, but its use is banned from {from} and no exemption is named",
                        m.name_en
                    ),
                );
            }
        }
    }
    let standards = r.industry(&d.enterprise.industry).map(|i| &i.discharge_standards);
    for (oi, o) in d.outlets.iter().enumerate() {
        for (pi, p) in o.pollutants.iter().enumerate() {
            let path = format!("outlets[{oi}].pollutants[{pi}]");
            check_reading(r, p, standards.map(Vec::as_slice), &path, push);
            if let Some(volume) = o.annual_volume_m3 {
                check_quantity(p, o.medium, volume, &path, push);
            }
        }
    }
    for (i, pen) in d.penalties.iter().enumerate() {
        let Some(s) = &pen.exceedance else { continue };
        let path = format!("penalties[{i}].exceedance");
        let Some(a) = annual else {
            push(
                path,
                WarningKind::PenaltyNotReported,
                format!(
                    "the penalty concerns {} at {}, but there is no annual report for {year} to show it",
                    s.pollutant_en, s.outlet
                ),
            );
            continue;
        };
        let reading = a.outlets.iter().filter(|o| o.code == s.outlet).flat_map(|o| &o.pollutants).find(|p| {
            match (&p.cas, &s.cas) {
                (Some(a), Some(b)) => a == b,
                _ => p.name_zh == s.pollutant_zh,
            }
        });
        match reading {
            None => push(
                path,
                WarningKind::PenaltyNotReported,
                format!(
                    "the penalty concerns {} at outlet {}, which the annual report for {year} does not report there",
                    s.pollutant_en, s.outlet
                ),
            ),
            Some(p) if p.exceedances == 0 && above_limit(r, p) != Some(true) => push(
                path,
                WarningKind::PenaltyNotBacked,
                format!(
                    "the penalty concerns {} at outlet {}, but the annual report for {year} shows no exceedance there",
                    s.pollutant_en, s.outlet
                ),
            ),
            Some(_) => {}
        }
    }
}

/// An annual quantity set beside concentration × volume: liquid mg/L × m³ = g, gas mg/m³ × m³ =
/// mg. A maximum may lie well above the year's average, so only a quantity above it is flagged.
fn check_quantity(
    p: &PollutantReading,
    medium: OutletMedium,
    volume_m3: f64,
    path: &str,
    push: &mut impl FnMut(String, WarningKind, String),
) {
    let (Some(value), Some(q)) = (p.concentration.value(), &p.annual_quantity) else { return };
    let (base, kg_per_unit_m3) = match medium {
        OutletMedium::Water => (Unit::MgPerL, 1e-3),
        OutletMedium::Air => (Unit::MgPerM3, 1e-6),
    };
    let (Ok(c), Ok(reported)) =
        (convert(value, p.concentration.unit(), base), convert(q.value, q.unit, Unit::KgPerYear))
    else {
        return;
    };
    let expected = c * volume_m3 * kg_per_unit_m3;
    if !(expected > 0.0 && reported > 0.0 && volume_m3.is_finite()) {
        return;
    }
    let ratio = reported / expected;
    let too_low = ratio < 1.0 / QUANTITY_FACTOR && p.statistic != Some(Statistic::Maximum);
    if ratio > QUANTITY_FACTOR || too_low {
        push(
            format!("{path}.annual_quantity"),
            WarningKind::QuantityMismatch,
            format!(
                "{} is reported as {} {}, but its concentration × the outlet's annual volume gives about {} kg/a: {}× apart; check the unit",
                p.name_en,
                q.value,
                q.unit,
                crate::chart::format_sig(expected),
                crate::chart::format_sig(if ratio > 1.0 { ratio } else { 1.0 / ratio })
            ),
        );
    }
}

/// Whether a detected reading is above its limit; `None` when it cannot be told.
fn above_limit(r: &Reference, p: &PollutantReading) -> Option<bool> {
    let limit = r.limit(p.limit.as_deref()?)?;
    let v = p.concentration.value()?;
    let v = convert(v, p.concentration.unit(), limit.unit).ok()?;
    Some(v > limit.value)
}

fn check_reading(
    r: &Reference,
    p: &PollutantReading,
    standards: Option<&[String]>,
    path: &str,
    push: &mut impl FnMut(String, WarningKind, String),
) {
    let Some(limit) = p.limit.as_deref().and_then(|id| r.limit(id)) else { return };
    if let Some(own) = standards
        && !own.is_empty()
        && matches!(limit.medium, Medium::Wastewater | Medium::ExhaustGas)
        && limit.standard != COMPREHENSIVE
        && !own.contains(&limit.standard)
    {
        push(
            format!("{path}.limit"),
            WarningKind::StandardNotForIndustry,
            format!(
                "{} is judged against {} ({}), which is not a standard for this industry ({})",
                p.name_en,
                limit.standard,
                limit.id,
                own.join(", ")
            ),
        );
    }
    let Some(value) = p.concentration.value() else { return };
    let unit = p.concentration.unit();
    let Ok(v) = convert(value, unit, limit.unit) else {
        push(
            format!("{path}.concentration.unit"),
            WarningKind::UnitNotComparable,
            format!("{} is reported in {unit}, which cannot be compared with its limit in {}", p.name_en, limit.unit),
        );
        return;
    };
    if v > limit.value && p.exceedances == 0 {
        push(
            format!("{path}.exceedances"),
            WarningKind::AboveLimitNoExceedance,
            format!(
                "{} is {value} {unit}, above its limit of {} {}, but no exceedance is counted",
                p.name_en, limit.value, limit.unit
            ),
        );
    }
    if v > IMPLAUSIBLE_FACTOR * limit.value {
        push(
            format!("{path}.concentration"),
            WarningKind::Implausible,
            format!(
                "{} is {value} {unit}, more than {IMPLAUSIBLE_FACTOR} times its limit of {} {}: check the unit and the decimal point",
                p.name_en, limit.value, limit.unit
            ),
        );
    }
}
