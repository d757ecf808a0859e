//! One data row: its cells read by column, parsed and checked into a record, an outlet and a
//! pollutant reading.

use super::ImportError;
use super::cells::{
    Reading, parse_amount, parse_bases, parse_concentration, parse_concentration_unit, parse_coordinate, parse_count,
    parse_date, parse_district, parse_entry, parse_outlet_code, parse_quantity_unit, parse_year, text,
};
use super::choices::{
    BOOLEANS, DISCHARGE_MODES, FREQUENCIES, MEDIA, PRECISIONS, REPORT_TYPES, RISK_LEVELS, STATISTICS, TRIGGERS, choice,
    lookup,
};
use super::header::Sheet;
use csv::StringRecord;
use portal_core::feed::disclosure::{
    DisclosureRecord, EmergencyPlan, Enterprise, Location, Monitoring, Outlet, PollutantReading, Provenance, Quantity,
    ReportType, SelfMonitoring,
};
use portal_core::feed::ids::{validate_cas, validate_uscc};
use portal_core::feed::reference::Precision;
use portal_core::feed::units::Measurement;

/// One data row being parsed; collects the row's errors.
pub(super) struct Row<'a> {
    pub(super) sheet: &'a Sheet,
    pub(super) number: usize,
    pub(super) cells: &'a StringRecord,
    pub(super) errors: Vec<ImportError>,
}

impl<'a> Row<'a> {
    pub(super) fn text(&self, key: &str) -> &'a str {
        self.sheet.cell(self.cells, key)
    }

    pub(super) fn error(&mut self, key: &str, message: impl Into<String>) {
        let e = self.sheet.error(self.number, key, message.into());
        self.errors.push(e);
    }

    /// A required cell, parsed. `None` after reporting an empty cell or a parse error. A column
    /// missing from the file is reported once, for the header row, not for each row.
    pub(super) fn get<T>(&mut self, key: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        if !self.sheet.has(key) {
            return None;
        }
        if self.text(key).is_empty() {
            self.error(key, "a value is required / 此项必填");
            return None;
        }
        self.opt(key, parse)
    }

    /// An optional cell, parsed. `None` when it is empty, or after reporting a parse error.
    pub(super) fn opt<T>(&mut self, key: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        let text = self.text(key);
        if text.is_empty() {
            return None;
        }
        parse(text).map_err(|message| self.error(key, message)).ok()
    }

    /// An optional quantity given as a value and a unit column, both or neither.
    pub(super) fn quantity(&mut self, value_key: &str, unit_key: &str) -> Option<Quantity> {
        let value = self.opt(value_key, parse_amount);
        let unit = self.opt(unit_key, parse_quantity_unit);
        match (self.text(value_key).is_empty(), self.text(unit_key).is_empty()) {
            (false, true) => self.error(
                unit_key,
                format!("required when \"{0}\" is given / 填写“{0}”时必须填写此项", self.sheet.column(value_key)),
            ),
            (true, false) => self.error(
                value_key,
                format!("required when \"{0}\" is given / 填写“{0}”时必须填写此项", self.sheet.column(unit_key)),
            ),
            _ => {}
        }
        Some(Quantity { value: value?, unit: unit? })
    }

    /// A required quantity: [`Row::quantity`], with the value required.
    pub(super) fn required_quantity(&mut self, value_key: &str, unit_key: &str) -> Option<Quantity> {
        if self.sheet.has(value_key) && self.text(value_key).is_empty() {
            self.error(value_key, "a value is required / 此项必填");
            self.opt(unit_key, parse_quantity_unit);
            return None;
        }
        self.quantity(value_key, unit_key)
    }

    /// The concentration in column `key`, with its detection limit in column `limit_key`, and
    /// whether it is a detection limit (nothing detected). `None` when the cell is empty.
    pub(super) fn concentration(&mut self, key: &str, limit_key: &str) -> Option<(f64, bool)> {
        let detection_limit = self.opt(limit_key, parse_amount);
        match self.opt(key, parse_concentration)? {
            Reading::Value(value) => Some((value, false)),
            Reading::Below(limit) => {
                if let Some(d) = detection_limit
                    && d != limit
                {
                    self.error(limit_key, format!("{d} differs from the detection limit {limit} in the concentration / 与浓度栏中的检出限不一致"));
                }
                Some((limit, true))
            }
            Reading::NotDetected => {
                if self.text(limit_key).is_empty() {
                    self.error(limit_key, "required when the concentration is ND / 未检出");
                }
                Some((detection_limit?, true))
            }
        }
    }

    /// The report year, type and publication date, which with the USCC name a record.
    pub(super) fn report(&mut self) -> (Option<u16>, Option<ReportType>, Option<String>) {
        let year = self.get("report_year", parse_year);
        let report_type = self.get("report_type", |s| choice(REPORT_TYPES, s));
        let published_on = self.get("published_on", parse_date);
        (year, report_type, published_on)
    }

    /// Cells in columns without a header must be empty.
    pub(super) fn check_unnamed_cells(&mut self) {
        for (i, cell) in self.cells.iter().enumerate() {
            let unnamed = self.sheet.names.get(i).is_none_or(|n| n.is_empty());
            if unnamed && !cell.trim().is_empty() {
                let column = format!("(column {} without a header)", i + 1);
                let e = self.sheet.error_at(
                    self.number,
                    column,
                    format!("unexpected value {:?} / 没有表头的列应为空", cell.trim()),
                );
                self.errors.push(e);
            }
        }
    }
}

/// A unified social credit code, checked.
pub(super) fn parse_uscc(s: &str) -> Result<String, String> {
    validate_uscc(s).map(|()| s.to_owned()).map_err(|e| format!("{e} / 统一社会信用代码有误"))
}

/// A CAS number, checked.
pub(super) fn parse_cas(s: &str) -> Result<String, String> {
    validate_cas(s).map(|()| s.to_owned()).map_err(|e| format!("{e} / CAS号有误"))
}

/// A parsed row: its record (without outlets), its outlet (without pollutants), and its reading.
pub(super) struct ParsedRow {
    pub(super) number: usize,
    pub(super) cells: StringRecord,
    pub(super) record: DisclosureRecord,
    pub(super) outlet: Outlet,
    pub(super) reading: PollutantReading,
}

/// Parses every cell of a row; `None` if any of them is wrong.
pub(super) fn parse_row(row: &mut Row) -> Option<ParsedRow> {
    row.check_unnamed_cells();

    let (year, report_type, published_on) = row.report();
    let temporary_trigger = row.opt("temporary_trigger", |s| choice(TRIGGERS, s));
    match (report_type, temporary_trigger) {
        (Some(ReportType::Temporary), None) if row.text("temporary_trigger").is_empty() => {
            row.error("temporary_trigger", "a temporary report needs its trigger / 临时报告须填写原因");
        }
        (Some(ReportType::Annual), Some(_)) => {
            row.error("temporary_trigger", "only temporary reports have a trigger / 只有临时报告才填写原因")
        }
        _ => {}
    }
    let disclosure_basis = row.get("disclosure_basis", parse_bases);
    let source = row.get("source", text);
    let extracted_on = row.get("extracted_on", parse_date);
    let is_sample = row.opt("is_sample", |s| lookup(BOOLEANS, s)).unwrap_or(false);

    let legal_representative = row.opt("legal_representative", text);
    let monitoring_planned = row.opt("monitoring_planned", parse_count);
    let monitoring_completed = row.opt("monitoring_completed", parse_count);
    let self_monitoring = match (monitoring_planned, monitoring_completed) {
        (Some(planned), Some(completed)) if completed > planned => {
            row.error(
                "monitoring_completed",
                format!("{completed} completed out of {planned} planned is over 100 % / 完成次数多于计划次数"),
            );
            None
        }
        (Some(planned), Some(completed)) => Some(SelfMonitoring { planned, completed }),
        (None, None) => None,
        (Some(_), None) => {
            row.error(
                "monitoring_completed",
                "required when the planned count is given / 填写计划次数时必须填写完成次数",
            );
            None
        }
        (None, Some(_)) => {
            row.error(
                "monitoring_planned",
                "required when the completed count is given / 填写完成次数时必须填写计划次数",
            );
            None
        }
    };
    let filing_no = row.opt("emergency_plan_filing_no", text);
    let filed_on = row.opt("emergency_plan_filed_on", parse_date);
    let risk_level = row.opt("risk_level", |s| choice(RISK_LEVELS, s));
    let emergency_plan = (filing_no.is_some() || filed_on.is_some() || risk_level.is_some()).then_some(EmergencyPlan {
        filing_no,
        filed_on,
        risk_level,
    });

    let enterprise_id = row.get("enterprise_id", text);
    let name_zh = row.get("name_zh", text);
    let name_en = row.get("name_en", text);
    let uscc = row.get("uscc", parse_uscc);
    let industry = row.get("industry", text);
    let district_code = row.get("district_code", parse_district);
    let zone = row.opt("zone", text);
    let address_zh = row.get("address_zh", text);
    let address_en = row.get("address_en", text);
    let lat = row.get("lat", |s| parse_coordinate(s, 90.0));
    let lng = row.get("lng", |s| parse_coordinate(s, 180.0));
    let precision = row.opt("precision", |s| choice(PRECISIONS, s)).unwrap_or(Precision::Schematic);

    let medium = row.get("medium", |s| choice(MEDIA, s));
    let outlet_code = row.get("outlet_code", |s| parse_outlet_code(s, medium));
    let outlet_name_zh = row.get("outlet_name_zh", text);
    let outlet_name_en = row.get("outlet_name_en", text);
    let receiving_body_zh = row.get("receiving_body_zh", text);
    let receiving_body_en = row.get("receiving_body_en", text);
    let discharge_mode = row.opt("discharge_mode", |s| choice(DISCHARGE_MODES, s));
    let annual_volume_m3 = row.opt("annual_volume_m3", parse_amount);
    if let (Some(mode), Some(m)) = (discharge_mode, medium)
        && !mode.fits(m)
    {
        row.error("discharge_mode", format!("{mode:?} does not describe a {m:?} outlet / 排放方式与排放口介质不符"));
    }

    let pollutant_zh = row.get("pollutant_zh", text);
    let pollutant_en = row.get("pollutant_en", text);
    let cas = row.opt("cas", parse_cas);
    let entry = row.opt("entry", parse_entry);
    if row.sheet.has("concentration") && row.text("concentration").is_empty() {
        row.error("concentration", "a value is required / 此项必填");
    }
    let concentration = row.concentration("concentration", "detection_limit");
    let unit = row.get("unit", |s| parse_concentration_unit(s, medium));
    let method = row.get("method", text);
    let frequency = row.get("frequency", |s| choice(FREQUENCIES, s));
    let limit = row.opt("limit_id", text);
    let annual_quantity = row.quantity("annual_quantity", "annual_quantity_unit");
    let permitted_quantity = row.quantity("permitted_quantity", "permitted_quantity_unit");
    let exceedances = row.opt("exceedances", parse_count).unwrap_or(0);
    let statistic = row.opt("statistic", |s| choice(STATISTICS, s));
    let sample_count = row.opt("sample_count", parse_count);
    if let Some(n) = sample_count
        && exceedances > n
    {
        row.error("exceedances", format!("{exceedances} exceedances in {n} samples / 超标次数多于样本数"));
    }

    if !row.errors.is_empty() {
        return None;
    }
    let (year, report_type, published_on, enterprise_id) = (year?, report_type?, published_on?, enterprise_id?);
    let record_id = match report_type {
        ReportType::Annual => format!("{enterprise_id}-{year}-annual"),
        ReportType::Temporary => format!("{enterprise_id}-{year}-temporary-{published_on}"),
    };
    let unit = unit?;
    let concentration = match concentration? {
        (value, false) => Measurement::Detected { value, unit },
        (detection_limit, true) => Measurement::NotDetected { detection_limit, unit },
    };
    Some(ParsedRow {
        number: row.number,
        cells: row.cells.clone(),
        record: DisclosureRecord {
            record_id,
            is_sample,
            report_type,
            report_year: year,
            published_on,
            temporary_trigger,
            enterprise: Enterprise {
                id: enterprise_id,
                name_zh: name_zh?,
                name_en: name_en?,
                uscc: uscc?,
                industry: industry?,
                district_code: district_code?,
                zone,
                address_zh: address_zh?,
                address_en: address_en?,
                location: Location { lat: lat?, lng: lng?, precision },
            },
            disclosure_basis: disclosure_basis?,
            permit: None,
            toxic_raw_materials: Vec::new(),
            outlets: Vec::new(),
            hazardous_waste: Vec::new(),
            clean_production_audit: None,
            penalties: Vec::new(),
            provenance: Provenance { source: source?, extracted_on: extracted_on?, note: None },
            legal_representative,
            products: Vec::new(),
            facilities: Vec::new(),
            fugitive_emissions: Vec::new(),
            self_monitoring,
            emergency_plan,
        },
        outlet: Outlet {
            code: outlet_code?,
            name_zh: outlet_name_zh?,
            name_en: outlet_name_en?,
            medium: medium?,
            receiving_body_zh: receiving_body_zh?,
            receiving_body_en: receiving_body_en?,
            pollutants: Vec::new(),
            discharge_mode,
            annual_volume_m3,
        },
        reading: PollutantReading {
            name_zh: pollutant_zh?,
            name_en: pollutant_en?,
            cas,
            entry,
            concentration,
            monitoring: Monitoring { method: method?, frequency: frequency? },
            limit,
            annual_quantity,
            permitted_quantity,
            exceedances,
            statistic,
            sample_count,
        },
    })
}
