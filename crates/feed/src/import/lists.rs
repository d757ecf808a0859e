//! A row of a list sheet (hazardous waste, facilities, products, fugitive emissions): the record
//! it belongs to, named by its USCC, report year, report type and publication date, and the item.

use super::cells::{parse_amount, parse_concentration_unit, parse_entry, parse_outlet_code, text};
use super::choices::{CAPACITY_UNITS, DISPOSALS, FACILITY_STATES, MEDIA, choice};
use super::header::SheetKind;
use super::records::RecordKey;
use super::row::{Row, parse_cas, parse_uscc};
use portal_core::feed::disclosure::{FugitiveEmission, HazardousWaste, OutletMedium, Product, TreatmentFacility};
use portal_core::feed::units::Measurement;
use portal_core::feed::validate::{check_facility_capacity, check_waste_category, check_waste_code};

/// One item of a record's lists.
pub(super) enum Item {
    Waste(HazardousWaste),
    Facility(TreatmentFacility),
    Product(Product),
    Fugitive(FugitiveEmission),
}

/// A parsed row of a list sheet.
pub(super) struct ParsedItem {
    pub(super) number: usize,
    pub(super) key: RecordKey,
    pub(super) item: Item,
}

/// Parses every cell of a list sheet's row; `None` if any of them is wrong.
pub(super) fn parse_item(row: &mut Row) -> Option<ParsedItem> {
    row.check_unnamed_cells();
    let uscc = row.get("uscc", parse_uscc);
    let (year, report_type, published_on) = row.report();
    let item = match row.sheet.section.kind {
        SheetKind::HazardousWaste => waste(row).map(Item::Waste),
        SheetKind::Facilities => facility(row).map(Item::Facility),
        SheetKind::Products => product(row).map(Item::Product),
        SheetKind::FugitiveEmissions => fugitive(row).map(Item::Fugitive),
        SheetKind::Readings => None,
    };
    if !row.errors.is_empty() {
        return None;
    }
    Some(ParsedItem { number: row.number, key: (uscc?, year?, report_type?, published_on?), item: item? })
}

fn waste(row: &mut Row) -> Option<HazardousWaste> {
    let category = row.get("waste_category", |s| {
        let c = s.to_uppercase();
        check_waste_category(&c).map(|()| c).map_err(|m| format!("{m} / 危险废物类别应为HW加两位数字，如HW04"))
    });
    let code = row.opt("waste_code", |s| {
        check_waste_code(s, category.as_deref().unwrap_or_default())
            .map(|()| s.to_owned())
            .map_err(|m| format!("{m} / 危险废物代码应为“NNN-NNN-NN”，末两位与类别相同"))
    });
    let name_zh = row.get("waste_name_zh", text);
    let name_en = row.get("waste_name_en", text);
    let generated = row.required_quantity("waste_generated", "waste_generated_unit");
    let transferred = row.required_quantity("waste_transferred", "waste_transferred_unit");
    let receiver_zh = row.get("waste_receiver_zh", text);
    let disposal = row.get("waste_disposal", |s| choice(DISPOSALS, s));
    let stored = row.quantity("waste_stored", "waste_stored_unit");
    let utilised = row.quantity("waste_utilised", "waste_utilised_unit");
    let disposed = row.quantity("waste_disposed", "waste_disposed_unit");
    Some(HazardousWaste {
        category: category?,
        name_zh: name_zh?,
        name_en: name_en?,
        generated: generated?,
        transferred: transferred?,
        receiver_zh: receiver_zh?,
        disposal: disposal?,
        code,
        stored,
        utilised,
        disposed,
    })
}

fn facility(row: &mut Row) -> Option<TreatmentFacility> {
    let name_zh = row.get("facility_name_zh", text);
    let name_en = row.get("facility_name_en", text);
    let medium = row.get("facility_medium", |s| choice(MEDIA, s));
    let process_zh = row.get("facility_process_zh", text);
    let process_en = row.get("facility_process_en", text);
    let capacity = row.get("facility_capacity", |s| {
        let v = parse_amount(s)?;
        check_facility_capacity(v).map(|()| v).map_err(|m| format!("{m} / 处理能力应大于0"))
    });
    let capacity_unit = row.get("facility_capacity_unit", |s| choice(CAPACITY_UNITS, s));
    let state = row.get("facility_state", |s| choice(FACILITY_STATES, s));
    let outlet = row.opt("facility_outlet", |s| parse_outlet_code(s, medium));
    Some(TreatmentFacility {
        name_zh: name_zh?,
        name_en: name_en?,
        medium: medium?,
        process_zh: process_zh?,
        process_en: process_en?,
        capacity: capacity?,
        capacity_unit: capacity_unit?,
        state: state?,
        outlet,
    })
}

fn product(row: &mut Row) -> Option<Product> {
    let name_zh = row.get("product_name_zh", text);
    let name_en = row.get("product_name_en", text);
    let capacity = row.quantity("product_capacity", "product_capacity_unit");
    Some(Product { name_zh: name_zh?, name_en: name_en?, capacity })
}

fn fugitive(row: &mut Row) -> Option<FugitiveEmission> {
    let source_zh = row.get("fugitive_source_zh", text);
    let source_en = row.get("fugitive_source_en", text);
    let name_zh = row.get("fugitive_pollutant_zh", text);
    let name_en = row.get("fugitive_pollutant_en", text);
    let cas = row.opt("fugitive_cas", parse_cas);
    let entry = row.opt("fugitive_entry", parse_entry);
    let concentration = row.concentration("fugitive_concentration", "fugitive_detection_limit");
    // The boundary is measured in air.
    let unit = row.opt("fugitive_unit", |s| parse_concentration_unit(s, Some(OutletMedium::Air)));
    let (has_value, has_limit, has_unit) = (
        !row.text("fugitive_concentration").is_empty(),
        !row.text("fugitive_detection_limit").is_empty(),
        !row.text("fugitive_unit").is_empty(),
    );
    if has_value && !has_unit {
        row.error("fugitive_unit", "required when a concentration is given / 填写厂界浓度时必须填写单位");
    }
    if !has_value && (has_unit || has_limit) {
        let message = "required when a unit or detection limit is given (write ND / 未检出 if nothing was detected) / 填写单位或检出限时必须填写厂界浓度";
        row.error("fugitive_concentration", message);
    }
    let boundary_concentration = match (concentration, unit) {
        (Some((value, false)), Some(unit)) => Some(Measurement::Detected { value, unit }),
        (Some((detection_limit, true)), Some(unit)) => Some(Measurement::NotDetected { detection_limit, unit }),
        _ => None,
    };
    let annual_quantity = row.quantity("fugitive_annual_quantity", "fugitive_annual_quantity_unit");
    Some(FugitiveEmission {
        source_zh: source_zh?,
        source_en: source_en?,
        name_zh: name_zh?,
        name_en: name_en?,
        cas,
        entry,
        boundary_concentration,
        annual_quantity,
    })
}
