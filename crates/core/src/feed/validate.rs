//! Every rule a feed's sources must pass. Each rule names the file, the record and the field path
//! of what broke it, and validation collects **every** error rather than stopping at the first.

use crate::date::Date;
use crate::feed::disclosure::{
    DisclosureFile, DisclosureRecord, OutletMedium, Quantity, ReportType, TreatmentFacility,
};
use crate::feed::ids::{OutletKind, validate_cas, validate_outlet_code, validate_uscc};
use crate::feed::reference::{AreaKind, Reference};
use crate::feed::units::{Dimension, Measurement};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// The first reporting year the feed accepts (the disclosure rules took effect on 2022-02-08 and
/// first covered 2021).
pub const FIRST_YEAR: u16 = 2021;

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    pub file: String,
    /// The record's id, or a description such as `entry 3` for reference data.
    pub record: String,
    /// The field path, e.g. `outlets[0].pollutants[2].cas`.
    pub path: String,
    pub message: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}: {}", self.file, self.record, self.path, self.message)
    }
}

/// Collects errors for one file.
struct Sink<'a> {
    file: &'a str,
    errors: &'a mut Vec<ValidationError>,
}

impl Sink<'_> {
    fn push(&mut self, record: &str, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(ValidationError {
            file: self.file.to_owned(),
            record: record.to_owned(),
            path: path.into(),
            message: message.into(),
        });
    }
}

/// Checks an ISO date `YYYY-MM-DD` (with real month lengths; see [`Date`]).
pub fn valid_date(s: &str) -> bool {
    s.parse::<Date>().is_ok()
}

/// Checks the reference data on its own, naming files as `data/reference/<file>`.
pub fn validate_reference(r: &Reference) -> Vec<ValidationError> {
    validate_reference_in(r, "data/reference")
}

/// Whether an enterprise id is a plain slug (it becomes a file name in the feed).
pub fn valid_slug(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Checks the reference data on its own; `dir` names the directory the files came from in
/// messages (e.g. `data/reference`).
pub fn validate_reference_in(r: &Reference, dir: &str) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    let substances_file = format!("{dir}/substances.json");
    let limits_file = format!("{dir}/limits.json");
    let areas_file = format!("{dir}/areas.json");
    let industries_file = format!("{dir}/industries.json");
    {
        let mut s = Sink { file: &substances_file, errors: &mut errors };
        for (i, l) in r.substances.listings.iter().enumerate() {
            let rec = format!("listing {} on {}", l.cas, l.list);
            if r.instrument(&l.list).is_none() {
                s.push(&rec, format!("listings[{i}].list"), format!("no instrument {:?} in instruments", l.list));
            }
            if let Err(err) = validate_cas(&l.cas) {
                s.push(&rec, format!("listings[{i}].cas"), err.to_string());
            }
        }
        let numbers: Vec<u8> = r.substances.entries.iter().map(|e| e.entry).collect();
        if numbers != (1..=14).collect::<Vec<u8>>() {
            s.push("list", "entries", format!("expected entries 1 to 14 in order, found {numbers:?}"));
        }
        let mut ids = HashSet::new();
        for (i, e) in r.substances.entries.iter().enumerate() {
            let rec = format!("entry {}", e.entry);
            if !ids.insert(e.id.as_str()) {
                s.push(&rec, format!("entries[{i}].id"), format!("duplicate id {:?}", e.id));
            }
            for (j, cas) in e.cas.iter().enumerate() {
                if let Err(err) = validate_cas(&cas.number) {
                    s.push(&rec, format!("entries[{i}].cas[{j}].number"), err.to_string());
                }
            }
            for (k, m) in e.members.iter().enumerate() {
                for (j, cas) in m.cas.iter().enumerate() {
                    if let Err(err) = validate_cas(&cas.number) {
                        s.push(&rec, format!("entries[{i}].members[{k}].cas[{j}].number"), err.to_string());
                    }
                }
            }
            for (j, m) in e.measures.iter().enumerate() {
                for (field, date) in [("effective_from", &m.effective_from), ("effective_to", &m.effective_to)] {
                    if let Some(d) = date
                        && !valid_date(d)
                    {
                        s.push(&rec, format!("entries[{i}].measures[{j}].{field}"), format!("not a date: {d:?}"));
                    }
                }
                if m.text_zh.trim().is_empty() || m.text_en.trim().is_empty() {
                    s.push(&rec, format!("entries[{i}].measures[{j}]"), "a measure needs text in zh and en");
                }
            }
            if e.name_zh.trim().is_empty() || e.name_en.trim().is_empty() {
                s.push(&rec, format!("entries[{i}]"), "an entry needs a name in zh and en");
            }
        }
    }
    {
        let mut s = Sink { file: &limits_file, errors: &mut errors };
        let standards: HashSet<&str> = r.limits.standards.iter().map(|st| st.code.as_str()).collect();
        for (i, st) in r.limits.standards.iter().enumerate() {
            let rec = format!("standard {}", st.code);
            for (field, date) in [("in_force_from", &st.in_force_from), ("withdrawn_from", &st.withdrawn_from)] {
                if let Some(d) = date
                    && !valid_date(d)
                {
                    s.push(&rec, format!("standards[{i}].{field}"), format!("not a date: {d:?}"));
                }
            }
            if let Some(by) = &st.replaced_by
                && !standards.contains(by.as_str())
            {
                s.push(&rec, format!("standards[{i}].replaced_by"), format!("unknown standard {by:?}"));
            }
        }
        let mut ids = HashSet::new();
        for (i, l) in r.limits.limits.iter().enumerate() {
            let rec = format!("limit {}", l.id);
            if !ids.insert(l.id.as_str()) {
                s.push(&rec, format!("limits[{i}].id"), "duplicate limit id");
            }
            if !standards.contains(l.standard.as_str()) {
                s.push(&rec, format!("limits[{i}].standard"), format!("unknown standard {:?}", l.standard));
            }
            if let Some(cas) = &l.cas
                && let Err(err) = validate_cas(cas)
            {
                s.push(&rec, format!("limits[{i}].cas"), err.to_string());
            }
            if let Some(n) = l.entry
                && r.entry(n).is_none()
            {
                s.push(&rec, format!("limits[{i}].entry"), format!("no list entry {n}"));
            }
            if l.unit.dimension() != l.medium.concentration_dimension() {
                s.push(&rec, format!("limits[{i}].unit"), format!("unit {} does not fit a {} limit", l.unit, l.medium));
            }
            if !(l.value.is_finite() && l.value > 0.0) {
                s.push(&rec, format!("limits[{i}].value"), "a limit must be a positive number");
            }
        }
    }
    {
        let mut s = Sink { file: &areas_file, errors: &mut errors };
        let bounds = r.areas.city.bounds;
        let district_codes: HashSet<&str> =
            r.areas.areas.iter().filter(|a| a.is_district()).filter_map(|a| a.code.as_deref()).collect();
        for code in ["320703", "320706", "320707", "320722", "320723", "320724"] {
            if !district_codes.contains(code) {
                s.push("areas", "areas", format!("district or county {code} is missing"));
            }
        }
        let parks = r.areas.areas.iter().filter(|a| a.kind == AreaKind::ChemicalPark).count();
        if parks != 4 {
            s.push("areas", "areas", format!("expected the city's 4 chemical parks, found {parks}"));
        }
        let mut ids = HashSet::new();
        for (i, a) in r.areas.areas.iter().enumerate() {
            let rec = format!("area {}", a.id);
            if !ids.insert(a.id.as_str()) {
                s.push(&rec, format!("areas[{i}].id"), "duplicate area id");
            }
            if !bounds.contains(a.lat, a.lng) {
                s.push(&rec, format!("areas[{i}]"), format!("({}, {}) lies outside the city's bounds", a.lat, a.lng));
            }
            if let Some(d) = &a.district_code
                && !district_codes.contains(d.as_str())
            {
                s.push(&rec, format!("areas[{i}].district_code"), format!("unknown district {d}"));
            }
        }
    }
    {
        let mut s = Sink { file: &industries_file, errors: &mut errors };
        let mut ids = HashSet::new();
        for (i, ind) in r.industries.industries.iter().enumerate() {
            let rec = format!("industry {}", ind.id);
            if !ids.insert(ind.id.as_str()) {
                s.push(&rec, format!("industries[{i}].id"), "duplicate industry id");
            }
            for (j, n) in ind.typical_pollutants.iter().enumerate() {
                if r.entry(*n).is_none() {
                    s.push(&rec, format!("industries[{i}].typical_pollutants[{j}]"), format!("no list entry {n}"));
                }
            }
            for (j, code) in ind.discharge_standards.iter().enumerate() {
                if !r.limits.standards.iter().any(|st| &st.code == code) {
                    s.push(
                        &rec,
                        format!("industries[{i}].discharge_standards[{j}]"),
                        format!("unknown standard {code:?} (not in limits.json)"),
                    );
                }
            }
        }
    }
    errors
}

fn check_quantity(s: &mut Sink<'_>, rec: &str, path: String, q: &Quantity) {
    if q.unit.dimension() != Dimension::AnnualMass {
        s.push(rec, format!("{path}.unit"), format!("{} is not an annual quantity (t/a, kg/a, g/a)", q.unit));
    }
    if !(q.value.is_finite() && q.value >= 0.0) {
        s.push(rec, format!("{path}.value"), "must be a number ≥ 0");
    }
}

/// Checks a hazardous-waste category of the 国家危险废物名录: `HW` and two digits, e.g. `HW02`.
pub fn check_waste_category(category: &str) -> Result<(), String> {
    let ok = category.len() == 4 && category.starts_with("HW") && category[2..].bytes().all(|b| b.is_ascii_digit());
    if ok { Ok(()) } else { Err(format!("expected an HW code such as HW02, found {category:?}")) }
}

/// Checks an 8-digit waste code (`NNN-NNN-NN`) and, when the category is well formed, that its
/// last two digits are the category's.
pub fn check_waste_code(code: &str, category: &str) -> Result<(), String> {
    let b = code.as_bytes();
    let shape = b.len() == 10
        && b[3] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(k, c)| k == 3 || k == 7 || c.is_ascii_digit());
    if !shape {
        Err(format!("expected the form NNN-NNN-NN, found {code:?}"))
    } else if check_waste_category(category).is_ok() && code[8..] != category[2..] {
        Err(format!("{code} ends in {}, but the category is {category}", &code[8..]))
    } else {
        Ok(())
    }
}

/// Checks a treatment facility's capacity: a number > 0.
pub fn check_facility_capacity(capacity: f64) -> Result<(), String> {
    if capacity.is_finite() && capacity > 0.0 { Ok(()) } else { Err("must be a number > 0".into()) }
}

/// Checks the outlet a facility serves, if it names one: the record has it, and it carries the
/// facility's medium.
pub fn check_facility_outlet(d: &DisclosureRecord, f: &TreatmentFacility) -> Result<(), String> {
    let Some(code) = &f.outlet else { return Ok(()) };
    match d.outlets.iter().find(|o| &o.code == code) {
        None => Err(format!("no outlet {code} in this record")),
        Some(o) if o.medium != f.medium => {
            Err(format!("a {:?} facility cannot serve {code}, a {:?} outlet", f.medium, o.medium))
        }
        Some(_) => Ok(()),
    }
}

/// Checks the fields of the format standard (格式准则) that a record may carry: products,
/// facilities, fugitive emissions, the monitoring plan and the emergency plan.
fn check_format_fields(s: &mut Sink<'_>, r: &Reference, rec: &str, d: &DisclosureRecord) {
    if d.legal_representative.as_deref().is_some_and(|n| n.trim().is_empty()) {
        s.push(rec, "legal_representative", "empty: leave the field out instead");
    }
    for (i, p) in d.products.iter().enumerate() {
        if p.name_zh.trim().is_empty() || p.name_en.trim().is_empty() {
            s.push(rec, format!("products[{i}]"), "a product needs a name in zh and en");
        }
        if let Some(q) = &p.capacity {
            check_quantity(s, rec, format!("products[{i}].capacity"), q);
        }
    }
    for (i, f) in d.facilities.iter().enumerate() {
        let path = format!("facilities[{i}]");
        if f.name_zh.trim().is_empty() || f.name_en.trim().is_empty() {
            s.push(rec, path.clone(), "a facility needs a name in zh and en");
        }
        if let Err(message) = check_facility_capacity(f.capacity) {
            s.push(rec, format!("{path}.capacity"), message);
        }
        if let Err(message) = check_facility_outlet(d, f) {
            s.push(rec, format!("{path}.outlet"), message);
        }
    }
    for (i, f) in d.fugitive_emissions.iter().enumerate() {
        let path = format!("fugitive_emissions[{i}]");
        check_substance(s, r, rec, &path, f.cas.as_deref(), f.entry);
        if let Some(m) = &f.boundary_concentration {
            if m.unit().dimension() != Dimension::GasConcentration {
                s.push(
                    rec,
                    format!("{path}.boundary_concentration.unit"),
                    format!("{} is not a gas concentration", m.unit()),
                );
            }
            let v = match *m {
                Measurement::Detected { value, .. } => value,
                Measurement::NotDetected { detection_limit, .. } => detection_limit,
            };
            if !(v.is_finite() && v >= 0.0) {
                s.push(rec, format!("{path}.boundary_concentration"), "must be a number ≥ 0");
            }
        }
        if let Some(q) = &f.annual_quantity {
            check_quantity(s, rec, format!("{path}.annual_quantity"), q);
        }
    }
    if let Some(m) = d.self_monitoring
        && m.completed > m.planned
    {
        s.push(
            rec,
            "self_monitoring.completed",
            format!("{} runs completed out of {} planned: the rate cannot exceed 100 %", m.completed, m.planned),
        );
    }
    if let Some(e) = &d.emergency_plan
        && let Some(date) = &e.filed_on
        && !valid_date(date)
    {
        s.push(rec, "emergency_plan.filed_on", format!("not a date: {date:?}"));
    }
}

/// Checks the CAS number and list entry of a substance, and that they agree with each other.
fn check_substance(s: &mut Sink<'_>, r: &Reference, rec: &str, path: &str, cas: Option<&str>, entry: Option<u8>) {
    if let Some(c) = cas
        && let Err(err) = validate_cas(c)
    {
        s.push(rec, format!("{path}.cas"), err.to_string());
    }
    if let Some(n) = entry {
        match r.entry(n) {
            None => s.push(rec, format!("{path}.entry"), format!("no list entry {n} (the list has 1 to 14)")),
            Some(e) => {
                if let Some(c) = cas {
                    let known: Vec<&str> = e.all_cas().map(|x| x.number.as_str()).collect();
                    if !known.is_empty() && !known.contains(&c) {
                        s.push(rec, format!("{path}.cas"), format!("{c} is not a CAS number of list entry {n}"));
                    }
                }
            }
        }
    }
}

/// Checks disclosure files against the reference data. `files` pairs each file's path with its
/// parsed content. `current_year` bounds the reporting years.
pub fn validate_disclosures(
    r: &Reference,
    files: &[(String, DisclosureFile)],
    current_year: u16,
) -> Vec<ValidationError> {
    let mut errors = Vec::new();
    let mut record_ids: HashMap<&str, &str> = HashMap::new();
    let mut report_keys: HashSet<(&str, u16, String)> = HashSet::new();
    let mut enterprise_by_id: HashMap<&str, (&str, &str)> = HashMap::new();
    let mut known_uscc: HashSet<&str> = HashSet::new();
    for (_, f) in files {
        for rec in &f.records {
            known_uscc.insert(rec.enterprise.uscc.as_str());
        }
    }
    for (file, f) in files {
        let mut s = Sink { file, errors: &mut errors };
        for (ri, d) in f.records.iter().enumerate() {
            let rec = if d.record_id.is_empty() { format!("records[{ri}]") } else { d.record_id.clone() };
            let rec = rec.as_str();
            if let Some(prev) = record_ids.insert(d.record_id.as_str(), file) {
                s.push(rec, "record_id", format!("duplicate record id (also in {prev})"));
            }
            let key_extra = match d.report_type {
                ReportType::Annual => "annual".to_owned(),
                ReportType::Temporary => format!("temporary {}", d.published_on),
            };
            if !report_keys.insert((d.enterprise.uscc.as_str(), d.report_year, key_extra)) {
                s.push(
                    rec,
                    "report_year",
                    format!("a second {:?} report of {} for {}", d.report_type, d.enterprise.uscc, d.report_year),
                );
            }
            if d.report_year < FIRST_YEAR || d.report_year > current_year {
                s.push(rec, "report_year", format!("{} is outside {FIRST_YEAR}–{current_year}", d.report_year));
            }
            if !valid_date(&d.published_on) {
                s.push(rec, "published_on", format!("not a date: {:?}", d.published_on));
            } else if d.report_type == ReportType::Annual
                && d.published_on.as_str() <= format!("{}-12-31", d.report_year).as_str()
            {
                s.push(rec, "published_on", "an annual report is published after the year it covers");
            }
            match (d.report_type, d.temporary_trigger) {
                (ReportType::Temporary, None) => {
                    s.push(rec, "temporary_trigger", "a temporary report needs its trigger")
                }
                (ReportType::Annual, Some(_)) => {
                    s.push(rec, "temporary_trigger", "only temporary reports have a trigger")
                }
                _ => {}
            }
            if d.disclosure_basis.is_empty() {
                s.push(rec, "disclosure_basis", "at least one basis for disclosure is required");
            }
            if !valid_date(&d.provenance.extracted_on) {
                s.push(rec, "provenance.extracted_on", format!("not a date: {:?}", d.provenance.extracted_on));
            }
            if d.provenance.source.trim().is_empty() {
                s.push(rec, "provenance.source", "a source is required");
            }

            let e = &d.enterprise;
            if !valid_slug(&e.id) {
                s.push(rec, "enterprise.id", format!("{:?} is not a plain id (1–64 of a-z, 0-9, - and _)", e.id));
            }
            if let Err(err) = validate_uscc(&e.uscc) {
                s.push(rec, "enterprise.uscc", err.to_string());
            }
            match enterprise_by_id.get(e.id.as_str()) {
                Some((uscc, name)) if *uscc != e.uscc || *name != e.name_zh => {
                    s.push(
                        rec,
                        "enterprise.id",
                        format!("enterprise {} appears with another name or code elsewhere", e.id),
                    );
                }
                Some(_) => {}
                None => {
                    enterprise_by_id.insert(e.id.as_str(), (e.uscc.as_str(), e.name_zh.as_str()));
                }
            }
            if e.name_zh.trim().is_empty() || e.name_en.trim().is_empty() {
                s.push(rec, "enterprise", "an enterprise needs a name in zh and en");
            }
            if r.industry(&e.industry).is_none() {
                s.push(rec, "enterprise.industry", format!("unknown industry {:?}", e.industry));
            }
            if r.district(&e.district_code).is_none() {
                s.push(rec, "enterprise.district_code", format!("unknown district or county {:?}", e.district_code));
            }
            if let Some(z) = &e.zone {
                match r.area(z) {
                    Some(a) if matches!(a.kind, AreaKind::ChemicalPark | AreaKind::FunctionalZone) => {}
                    _ => s.push(rec, "enterprise.zone", format!("unknown zone or chemical park {z:?}")),
                }
            }
            if !r.areas.city.bounds.contains(e.location.lat, e.location.lng) {
                s.push(rec, "enterprise.location", "lies outside the city's bounds");
            }
            if let Some(p) = &d.permit {
                for (field, date) in [("valid_from", &p.valid_from), ("valid_to", &p.valid_to)] {
                    if !valid_date(date) {
                        s.push(rec, format!("permit.{field}"), format!("not a date: {date:?}"));
                    }
                }
            }

            for (i, m) in d.toxic_raw_materials.iter().enumerate() {
                let path = format!("toxic_raw_materials[{i}]");
                check_substance(&mut s, r, rec, &path, m.cas.as_deref(), m.entry);
                check_quantity(&mut s, rec, format!("{path}.annual_quantity"), &m.annual_quantity);
            }
            let mut outlet_codes = HashSet::new();
            for (oi, o) in d.outlets.iter().enumerate() {
                let opath = format!("outlets[{oi}]");
                if !outlet_codes.insert(o.code.as_str()) {
                    s.push(rec, format!("{opath}.code"), format!("duplicate outlet {}", o.code));
                }
                match validate_outlet_code(&o.code) {
                    Err(err) => s.push(rec, format!("{opath}.code"), err.to_string()),
                    Ok(kind) => {
                        let expected = match o.medium {
                            OutletMedium::Air => OutletKind::Air,
                            OutletMedium::Water => OutletKind::Water,
                        };
                        if kind != expected {
                            s.push(
                                rec,
                                format!("{opath}.code"),
                                format!("{} is an {kind} outlet code but the medium is {:?}", o.code, o.medium),
                            );
                        }
                    }
                }
                if let Some(mode) = o.discharge_mode
                    && !mode.fits(o.medium)
                {
                    s.push(
                        rec,
                        format!("{opath}.discharge_mode"),
                        format!("{mode:?} does not describe a {:?} outlet", o.medium),
                    );
                }
                if let Some(v) = o.annual_volume_m3
                    && !(v.is_finite() && v > 0.0)
                {
                    s.push(rec, format!("{opath}.annual_volume_m3"), "must be a number > 0");
                }
                let medium = o.medium.limit_medium();
                for (pi, p) in o.pollutants.iter().enumerate() {
                    let path = format!("{opath}.pollutants[{pi}]");
                    check_substance(&mut s, r, rec, &path, p.cas.as_deref(), p.entry);
                    let unit = p.concentration.unit();
                    if unit.dimension() != medium.concentration_dimension() {
                        s.push(
                            rec,
                            format!("{path}.concentration.unit"),
                            format!("{unit} is not a concentration in {medium}"),
                        );
                    }
                    let v = match p.concentration {
                        Measurement::Detected { value, .. } => value,
                        Measurement::NotDetected { detection_limit, .. } => detection_limit,
                    };
                    if !(v.is_finite() && v >= 0.0) {
                        s.push(rec, format!("{path}.concentration"), "must be a number ≥ 0");
                    }
                    if let Some(lid) = &p.limit {
                        match r.limit(lid) {
                            None => s.push(rec, format!("{path}.limit"), format!("unknown limit {lid:?}")),
                            Some(l) => {
                                if l.medium != medium {
                                    s.push(
                                        rec,
                                        format!("{path}.limit"),
                                        format!("limit {lid} is for {}, but this outlet discharges {medium}", l.medium),
                                    );
                                } else if l.unit.dimension() != unit.dimension() {
                                    s.push(
                                        rec,
                                        format!("{path}.limit"),
                                        format!("limit {lid} in {} cannot be compared with {unit}", l.unit),
                                    );
                                }
                                if let (Some(a), Some(b)) = (&l.cas, &p.cas)
                                    && a != b
                                {
                                    s.push(rec, format!("{path}.limit"), format!("limit {lid} is for {a}, not {b}"));
                                }
                            }
                        }
                    }
                    if let Some(q) = &p.annual_quantity {
                        check_quantity(&mut s, rec, format!("{path}.annual_quantity"), q);
                    }
                    if let Some(q) = &p.permitted_quantity {
                        check_quantity(&mut s, rec, format!("{path}.permitted_quantity"), q);
                    }
                }
            }
            for (i, w) in d.hazardous_waste.iter().enumerate() {
                let path = format!("hazardous_waste[{i}]");
                if let Err(message) = check_waste_category(&w.category) {
                    s.push(rec, format!("{path}.category"), message);
                }
                check_quantity(&mut s, rec, format!("{path}.generated"), &w.generated);
                check_quantity(&mut s, rec, format!("{path}.transferred"), &w.transferred);
                if let Some(q) = &w.stored {
                    check_quantity(&mut s, rec, format!("{path}.stored"), q);
                }
                if let Some(code) = &w.code
                    && let Err(message) = check_waste_code(code, &w.category)
                {
                    s.push(rec, format!("{path}.code"), message);
                }
            }
            for (i, w) in d.hazardous_waste.iter().enumerate() {
                for (field, q) in [("utilised", &w.utilised), ("disposed", &w.disposed)] {
                    if let Some(q) = q {
                        check_quantity(&mut s, rec, format!("hazardous_waste[{i}].{field}"), q);
                    }
                }
            }
            check_format_fields(&mut s, r, rec, d);
            for (i, p) in d.penalties.iter().enumerate() {
                if !valid_date(&p.date) {
                    s.push(rec, format!("penalties[{i}].date"), format!("not a date: {:?}", p.date));
                }
                if !(p.amount_cny.is_finite() && p.amount_cny >= 0.0) {
                    s.push(rec, format!("penalties[{i}].amount_cny"), "must be a number ≥ 0");
                }
            }
            if let Some(a) = &d.clean_production_audit
                && let Some(date) = &a.accepted_on
                && !valid_date(date)
            {
                s.push(rec, "clean_production_audit.accepted_on", format!("not a date: {date:?}"));
            }
        }
        let mut years = HashSet::new();
        for (i, ob) in f.obligations.iter().enumerate() {
            let rec = format!("obligations {}", ob.year);
            if !years.insert(ob.year) {
                s.push(&rec, format!("obligations[{i}].year"), "a second list for the same year");
            }
            if ob.year < FIRST_YEAR || ob.year > current_year {
                s.push(
                    &rec,
                    format!("obligations[{i}].year"),
                    format!("{} is outside {FIRST_YEAR}–{current_year}", ob.year),
                );
            }
            for (j, code) in ob.enterprises.iter().enumerate() {
                if let Err(err) = validate_uscc(code) {
                    s.push(&rec, format!("obligations[{i}].enterprises[{j}]"), err.to_string());
                } else if !known_uscc.contains(code.as_str()) {
                    s.push(
                        &rec,
                        format!("obligations[{i}].enterprises[{j}]"),
                        format!("{code} has no disclosure record in any year"),
                    );
                }
            }
        }
    }
    errors
}
