//! Turns validated sources into the feed's parts: the compact index, one detail per enterprise
//! and the citywide statistics. Pure: no I/O, no clock, so the same input always gives the same
//! output (and the same content hash).

use crate::feed::disclosure::{DisclosureRecord, ObligationList, ReportType};
use crate::feed::reference::{Precision, Reference};
use crate::feed::units::{Unit, convert};
use crate::feed::{DistrictYear, EnterpriseDetail, EntryYear, IndexEntry, Stats, YearStats};
use std::collections::{BTreeMap, BTreeSet};

/// The feed's parts before they are written.
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    pub index: Vec<IndexEntry>,
    pub details: Vec<EnterpriseDetail>,
    pub stats: Vec<YearStats>,
    pub years: Vec<u16>,
    pub is_sample: bool,
}

/// Whether a record shows an exceedance: a reported one, or a value above its limit (a finding of
/// the enterprise page's verdict, [`crate::feed::verdict::Status::is_finding`]).
pub fn record_exceeds(r: &Reference, d: &DisclosureRecord) -> bool {
    crate::feed::detail::readings(d, r).iter().any(|v| v.status().is_finding())
}

/// The list entries a record uses as raw material or discharges. A pollutant monitored but not
/// detected is not counted as discharged.
pub fn record_entries(d: &DisclosureRecord) -> BTreeSet<u8> {
    d.toxic_raw_materials
        .iter()
        .filter_map(|m| m.entry)
        .chain(
            d.outlets.iter().flat_map(|o| {
                o.pollutants.iter().filter(|p| p.concentration.value().is_some()).filter_map(|p| p.entry)
            }),
        )
        .collect()
}

/// Rounds to `digits` significant figures, as a laboratory reports, without binary noise: sums
/// print as 0.967051 rather than 0.9670510000000001.
pub fn round_sig(v: f64, digits: i32) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let mag = v.abs().log10().floor() as i32;
    let factor = 10f64.powi(digits - 1 - mag);
    let r = (v * factor).round() / factor;
    format!("{r:.*e}", (digits - 1).max(0) as usize).parse().unwrap_or(r)
}

/// Whether the record shows use or discharge of a list entry whose use ban took effect on or
/// before the last day of the reporting year: a report for 2023 that lists PFOS, banned from
/// 2023-03-01, is flagged, since an annual figure cannot show that all of it was used before
/// the ban. Discharges detected below the detection limit do not count, nor does a use for
/// which the record names an exemption.
pub fn record_uses_banned(r: &Reference, d: &DisclosureRecord) -> bool {
    let end = format!("{}-12-31", d.report_year);
    let banned = |n: u8| r.entry(n).and_then(|e| e.use_banned_from()).is_some_and(|from| from <= end.as_str());
    d.toxic_raw_materials
        .iter()
        .filter(|m| m.exemption.as_deref().is_none_or(|x| x.trim().is_empty()))
        .filter_map(|m| m.entry)
        .any(banned)
        || d.outlets
            .iter()
            .flat_map(|o| &o.pollutants)
            .filter(|p| p.concentration.value().is_some())
            .filter_map(|p| p.entry)
            .any(banned)
}

fn kg(value: f64, unit: Unit) -> f64 {
    convert(value, unit, Unit::KgPerYear).unwrap_or(0.0)
}

/// Builds the feed's parts. `records` must already have passed validation.
pub fn compile(r: &Reference, records: &[DisclosureRecord], obligations: &[ObligationList]) -> Compiled {
    // Group records by enterprise id, in a stable order.
    let mut by_enterprise: BTreeMap<&str, Vec<&DisclosureRecord>> = BTreeMap::new();
    for d in records {
        by_enterprise.entry(d.enterprise.id.as_str()).or_default().push(d);
    }
    let mut obliged: BTreeMap<&str, BTreeSet<u16>> = BTreeMap::new();
    for ob in obligations {
        for code in &ob.enterprises {
            obliged.entry(code.as_str()).or_default().insert(ob.year);
        }
    }
    let years: BTreeSet<u16> =
        records.iter().map(|d| d.report_year).chain(obligations.iter().map(|o| o.year)).collect();

    // Years with a data-quality note, per enterprise: the plausibility checks over all records.
    let mut noted: BTreeMap<String, BTreeSet<u16>> = BTreeMap::new();
    {
        let file = crate::feed::disclosure::DisclosureFile { records: records.to_vec(), obligations: Vec::new() };
        let year_of: BTreeMap<&str, (&str, u16)> =
            records.iter().map(|d| (d.record_id.as_str(), (d.enterprise.id.as_str(), d.report_year))).collect();
        for w in crate::feed::plausibility::check(r, &[(String::new(), file)]) {
            if let Some((id, year)) = year_of.get(w.record.as_str()) {
                noted.entry((*id).to_owned()).or_default().insert(*year);
            }
        }
    }
    let mut index = Vec::with_capacity(by_enterprise.len());
    let mut details = Vec::with_capacity(by_enterprise.len());
    for recs in by_enterprise.values_mut() {
        recs.sort_by(|a, b| {
            (a.report_year, a.report_type, &a.published_on).cmp(&(b.report_year, b.report_type, &b.published_on))
        });
        // The newest record describes the enterprise.
        let Some(latest) = recs.last() else { continue };
        let e = &latest.enterprise;
        let annual: BTreeSet<u16> =
            recs.iter().filter(|d| d.report_type == ReportType::Annual).map(|d| d.report_year).collect();
        let missing: Vec<u16> =
            obliged.get(e.uscc.as_str()).map(|ys| ys.difference(&annual).copied().collect()).unwrap_or_default();
        let exceeded: BTreeSet<u16> = recs.iter().filter(|d| record_exceeds(r, d)).map(|d| d.report_year).collect();
        let banned: BTreeSet<u16> = recs.iter().filter(|d| record_uses_banned(r, d)).map(|d| d.report_year).collect();
        let entries: BTreeSet<u8> = recs.iter().flat_map(|d| record_entries(d)).collect();
        let cas: BTreeSet<String> = recs
            .iter()
            .flat_map(|d| {
                d.toxic_raw_materials
                    .iter()
                    .filter_map(|m| m.cas.clone())
                    .chain(d.outlets.iter().flat_map(|o| o.pollutants.iter().filter_map(|p| p.cas.clone())))
            })
            .collect();
        let basis: BTreeSet<_> = recs.iter().flat_map(|d| d.disclosure_basis.iter().copied()).collect();
        index.push(IndexEntry {
            id: e.id.clone(),
            name_zh: e.name_zh.clone(),
            name_en: e.name_en.clone(),
            uscc: e.uscc.clone(),
            industry: e.industry.clone(),
            district: e.district_code.clone(),
            zone: e.zone.clone(),
            lat_lng: (e.location.lat, e.location.lng),
            schematic: e.location.precision == Precision::Schematic,
            basis: basis.into_iter().collect(),
            years: annual.iter().copied().collect(),
            missing_years: missing.clone(),
            exceeded_years: exceeded.into_iter().collect(),
            banned_years: banned.into_iter().collect(),
            quality_years: noted.get(e.id.as_str()).map(|ys| ys.iter().copied().collect()).unwrap_or_default(),
            entries: entries.into_iter().collect(),
            cas: cas.into_iter().collect(),
            temporary_reports: recs.iter().filter(|d| d.report_type == ReportType::Temporary).count() as u16,
            is_sample: recs.iter().all(|d| d.is_sample),
        });
        details.push(EnterpriseDetail {
            version: String::new(),
            enterprise: e.clone(),
            missing_years: missing,
            records: recs.iter().map(|d| (*d).clone()).collect(),
        });
    }

    let stats = years
        .iter()
        .map(|&year| {
            let in_year: Vec<&DisclosureRecord> = records.iter().filter(|d| d.report_year == year).collect();
            let annual: Vec<&&DisclosureRecord> =
                in_year.iter().filter(|d| d.report_type == ReportType::Annual).collect();
            let mut by_entry: BTreeMap<u8, (BTreeSet<&str>, f64, f64)> = BTreeMap::new();
            for d in &annual {
                for m in &d.toxic_raw_materials {
                    if let Some(n) = m.entry {
                        let slot = by_entry.entry(n).or_default();
                        slot.0.insert(d.enterprise.id.as_str());
                        slot.2 += kg(m.annual_quantity.value, m.annual_quantity.unit);
                    }
                }
                for p in d.outlets.iter().flat_map(|o| &o.pollutants) {
                    if let Some(n) = p.entry {
                        let slot = by_entry.entry(n).or_default();
                        slot.0.insert(d.enterprise.id.as_str());
                        if let Some(q) = p.annual_quantity {
                            slot.1 += kg(q.value, q.unit);
                        }
                    }
                }
            }
            let by_district = r
                .areas
                .areas
                .iter()
                .filter(|a| a.is_district())
                .filter_map(|a| a.code.as_deref())
                .map(|code| DistrictYear {
                    district: code.to_owned(),
                    disclosing: index.iter().filter(|e| e.district == code && e.years.contains(&year)).count(),
                    exceeded: index.iter().filter(|e| e.district == code && e.exceeded_years.contains(&year)).count(),
                    missing: index.iter().filter(|e| e.district == code && e.missing_years.contains(&year)).count(),
                })
                .collect();
            YearStats {
                year,
                disclosing: index.iter().filter(|e| e.years.contains(&year)).count(),
                missing: index.iter().filter(|e| e.missing_years.contains(&year)).count(),
                exceeded: index.iter().filter(|e| e.exceeded_years.contains(&year)).count(),
                temporary_reports: in_year.iter().filter(|d| d.report_type == ReportType::Temporary).count(),
                by_entry: by_entry
                    .into_iter()
                    .map(|(entry, (ents, discharged, used))| EntryYear {
                        entry,
                        enterprises: ents.len(),
                        discharged_kg: round_sig(discharged, 6),
                        used_kg: round_sig(used, 6),
                    })
                    .collect(),
                by_district,
            }
        })
        .collect();

    Compiled {
        is_sample: records.iter().any(|d| d.is_sample) || obligations.iter().any(|o| o.is_sample),
        index,
        details,
        stats,
        years: years.into_iter().collect(),
    }
}

/// Stats wrapped with their version.
pub fn stats_file(version: &str, years: Vec<YearStats>) -> Stats {
    Stats { version: version.to_owned(), years }
}
