//! Rows grouped into records and outlets, in the order they first appear; rows of one record or
//! outlet must agree.

use super::ImportError;
use super::choices::english_name;
use super::header::Sheet;
use super::lists::{Item, ParsedItem};
use super::row::ParsedRow;
use csv::StringRecord;
use portal_core::feed::disclosure::{DisclosureRecord, Outlet, ReportType};
use portal_core::feed::validate::check_facility_outlet;
use std::collections::HashMap;

/// The key that groups rows into one record, and names it on a list sheet: USCC, report year,
/// report type, publication date.
pub(super) type RecordKey = (String, u16, ReportType, String);

/// The record and enterprise columns that must agree across the rows of one record, with their
/// values.
fn record_fields(r: &DisclosureRecord) -> [(&'static str, String); 22] {
    let e = &r.enterprise;
    [
        ("temporary_trigger", format!("{:?}", r.temporary_trigger)),
        ("disclosure_basis", format!("{:?}", r.disclosure_basis)),
        ("source", r.provenance.source.clone()),
        ("extracted_on", r.provenance.extracted_on.clone()),
        ("is_sample", r.is_sample.to_string()),
        ("enterprise_id", e.id.clone()),
        ("name_zh", e.name_zh.clone()),
        ("name_en", e.name_en.clone()),
        ("industry", e.industry.clone()),
        ("district_code", e.district_code.clone()),
        ("zone", format!("{:?}", e.zone)),
        ("address_zh", e.address_zh.clone()),
        ("address_en", e.address_en.clone()),
        ("lat", e.location.lat.to_string()),
        ("lng", e.location.lng.to_string()),
        ("precision", format!("{:?}", e.location.precision)),
        ("legal_representative", format!("{:?}", r.legal_representative)),
        ("monitoring_planned", format!("{:?}", r.self_monitoring.map(|m| m.planned))),
        ("monitoring_completed", format!("{:?}", r.self_monitoring.map(|m| m.completed))),
        ("emergency_plan_filing_no", format!("{:?}", r.emergency_plan.as_ref().map(|p| &p.filing_no))),
        ("emergency_plan_filed_on", format!("{:?}", r.emergency_plan.as_ref().map(|p| &p.filed_on))),
        ("risk_level", format!("{:?}", r.emergency_plan.as_ref().map(|p| p.risk_level))),
    ]
}

/// The outlet columns that must agree across the rows of one outlet.
fn outlet_fields(o: &Outlet) -> [(&'static str, String); 7] {
    [
        ("outlet_name_zh", o.name_zh.clone()),
        ("outlet_name_en", o.name_en.clone()),
        ("medium", format!("{:?}", o.medium)),
        ("receiving_body_zh", o.receiving_body_zh.clone()),
        ("receiving_body_en", o.receiving_body_en.clone()),
        ("discharge_mode", format!("{:?}", o.discharge_mode)),
        ("annual_volume_m3", format!("{:?}", o.annual_volume_m3)),
    ]
}

/// Where a record or an outlet was first seen.
struct Origin {
    number: usize,
    cells: StringRecord,
}

/// A record being assembled, with the rows its parts came from.
struct Group {
    origin: Origin,
    record: DisclosureRecord,
    /// Parallel to `record.outlets`.
    outlet_origins: Vec<Origin>,
    /// (outlet code, pollutant name, CAS) → the row that first named it.
    readings: HashMap<(String, String, Option<String>), usize>,
}

/// Rows grouped into records, in the order they first appear.
#[derive(Default)]
pub(super) struct Records {
    groups: Vec<Group>,
    by_key: HashMap<RecordKey, usize>,
}

impl Records {
    /// Adds a parsed row, reporting where it disagrees with earlier rows of its record or outlet.
    pub(super) fn add(&mut self, sheet: &Sheet, row: ParsedRow, errors: &mut Vec<ImportError>) {
        let r = &row.record;
        let key = (r.enterprise.uscc.clone(), r.report_year, r.report_type, r.published_on.clone());
        let index = *self.by_key.entry(key).or_insert_with(|| {
            self.groups.push(Group {
                origin: Origin { number: row.number, cells: row.cells.clone() },
                record: row.record.clone(),
                outlet_origins: Vec::new(),
                readings: HashMap::new(),
            });
            self.groups.len() - 1
        });
        let group = &mut self.groups[index];
        let mut conflict = |origin: &Origin, what: &str, key: &str| {
            let (here, there) = (sheet.cell(&row.cells, key), sheet.cell(&origin.cells, key));
            let message = format!(
                "{here:?} here, but {there:?} in row {} of the same {what} / 与同一记录或排放口的第{}行不一致",
                origin.number, origin.number
            );
            errors.push(sheet.error(row.number, key, message));
        };
        for ((key, a), (_, b)) in record_fields(&group.record).iter().zip(record_fields(&row.record)) {
            if *a != b {
                conflict(&group.origin, "record", key);
            }
        }
        let outlet = match group.record.outlets.iter().position(|o| o.code == row.outlet.code) {
            Some(i) => {
                for ((key, a), (_, b)) in outlet_fields(&group.record.outlets[i]).iter().zip(outlet_fields(&row.outlet))
                {
                    if *a != b {
                        conflict(&group.outlet_origins[i], "outlet", key);
                    }
                }
                i
            }
            None => {
                group.record.outlets.push(row.outlet.clone());
                group.outlet_origins.push(Origin { number: row.number, cells: row.cells.clone() });
                group.record.outlets.len() - 1
            }
        };
        let reading_key = (row.outlet.code.clone(), row.reading.name_zh.clone(), row.reading.cas.clone());
        if let Some(first) = group.readings.get(&reading_key) {
            let message = format!(
                "{} at outlet {} is already in row {first} of the same record / 同一记录的第{first}行已有此排放口的这项污染物",
                row.reading.name_zh, row.outlet.code
            );
            errors.push(sheet.error(row.number, "pollutant_zh", message));
        } else {
            group.readings.insert(reading_key, row.number);
        }
        group.record.outlets[outlet].pollutants.push(row.reading);
    }

    /// Adds a list sheet's item to the record it names, which the main sheet must hold.
    pub(super) fn attach(&mut self, sheet: &Sheet, parsed: ParsedItem, errors: &mut Vec<ImportError>) {
        let Some(&index) = self.by_key.get(&parsed.key) else {
            let (uscc, year, report_type, published_on) = &parsed.key;
            let message = format!(
                "no record of the main sheet has USCC {uscc}, report year {year}, report type {} and publication date {published_on} / 主表中没有统一社会信用代码、报告年度、报告类型和发布日期都相同的记录",
                english_name(report_type)
            );
            errors.push(sheet.error(parsed.number, "uscc", message));
            return;
        };
        let record = &mut self.groups[index].record;
        match parsed.item {
            Item::Waste(w) => record.hazardous_waste.push(w),
            Item::Product(p) => record.products.push(p),
            Item::Fugitive(f) => record.fugitive_emissions.push(f),
            Item::Facility(f) => {
                if let Err(message) = check_facility_outlet(record, &f) {
                    let message = format!("{message} / 主表中该记录没有这个排放口，或其介质与设施的处理对象不同");
                    errors.push(sheet.error(parsed.number, "facility_outlet", message));
                }
                record.facilities.push(f);
            }
        }
    }

    pub(super) fn finish(self) -> Vec<DisclosureRecord> {
        self.groups.into_iter().map(|g| g.record).collect()
    }
}
