//! The staff's export of every report (`GET /api/staff/export.csv`, written by the intake
//! service) follows the list export's rules: one rectangular table, header first (RFC 4180,
//! UTF-8 with a BOM, CRLF), and a Frictionless Data Package descriptor beside it
//! (`GET /api/staff/export.datapackage.json`) with a type and a definition for every column.
//! The columns are defined here once; the intake service writes its header from [`headers`].
//!
//! The reports are personal data, not open data: the descriptor states no open licence and says
//! that the file is for the bureau's own use.

use crate::i18n::{Lang, Msg};
use serde_json::{Value, json};

/// A column's Table Schema type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Integer,
    Number,
    Boolean,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Text => "string",
            Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::Boolean => "boolean",
        }
    }
}

/// The columns of every export, in order: (header, type, definition).
pub const COLUMNS: [(&str, Kind, Msg); 24] = [
    ("id", Kind::Text, Msg::StaffDefId),
    ("category", Kind::Text, Msg::StaffDefCategory),
    ("status", Kind::Text, Msg::StaffDefStatus),
    ("district", Kind::Text, Msg::StaffDefDistrict),
    ("area", Kind::Text, Msg::StaffDefArea),
    ("enterprise_id", Kind::Text, Msg::StaffDefEnterprise),
    ("source_description", Kind::Text, Msg::StaffDefSource),
    ("observed_on", Kind::Text, Msg::StaffDefObservedOn),
    ("observed_time", Kind::Text, Msg::StaffDefObservedTime),
    ("address", Kind::Text, Msg::StaffDefAddress),
    ("description", Kind::Text, Msg::StaffDefDescription),
    ("wants_reward", Kind::Boolean, Msg::StaffDefReward),
    ("consent_to_contact", Kind::Boolean, Msg::StaffDefConsent),
    ("created", Kind::Text, Msg::StaffDefCreated),
    ("updated", Kind::Text, Msg::StaffDefUpdated),
    ("closed", Kind::Text, Msg::StaffDefClosed),
    ("ack_due", Kind::Text, Msg::StaffDefAckDue),
    ("handle_due", Kind::Text, Msg::StaffDefHandleDue),
    ("ack_overdue", Kind::Boolean, Msg::StaffDefAckOverdue),
    ("handle_overdue", Kind::Boolean, Msg::StaffDefHandleOverdue),
    ("duplicate_of", Kind::Text, Msg::StaffDefDuplicate),
    ("photos", Kind::Integer, Msg::StaffDefPhotos),
    ("replies", Kind::Integer, Msg::StaffDefReplies),
    ("personal_data_deleted", Kind::Text, Msg::StaffDefDeleted),
];

/// The columns added with `with_contact=1`.
pub const CONTACT_COLUMNS: [(&str, Kind, Msg); 5] = [
    ("contact_name", Kind::Text, Msg::StaffDefContactName),
    ("contact_phone", Kind::Text, Msg::StaffDefContactPhone),
    ("contact_email", Kind::Text, Msg::StaffDefContactEmail),
    ("lat", Kind::Number, Msg::StaffDefLat),
    ("lng", Kind::Number, Msg::StaffDefLng),
];

fn columns(with_contact: bool) -> impl Iterator<Item = &'static (&'static str, Kind, Msg)> {
    COLUMNS.iter().chain(CONTACT_COLUMNS.iter().filter(move |_| with_contact))
}

/// The header row.
pub fn headers(with_contact: bool) -> Vec<&'static str> {
    columns(with_contact).map(|(name, _, _)| *name).collect()
}

/// The descriptor of the export saved as `csv_file`, made at `exported_at`.
pub fn descriptor(csv_file: &str, with_contact: bool, exported_at: &str, lang: Lang) -> String {
    let fields: Vec<Value> = columns(with_contact)
        .map(|(name, kind, definition)| {
            json!({ "name": name, "type": kind.name(), "description": definition.text(lang) })
        })
        .collect();
    let package = json!({
        "profile": "tabular-data-package",
        "name": "lyg-reports-export",
        "title": Msg::StaffExportTitle.text(lang),
        "description": Msg::StaffExportDescription.text(lang),
        "created": exported_at,
        "provenance": {
            "exported_at": exported_at,
            "with_contact": with_contact,
            "source": Msg::StaffExportTitle.text(lang),
            "units": Msg::StaffExportUnits.text(lang),
        },
        "resources": [{
            "name": "reports",
            "path": csv_file,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": { "delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "doubleQuote": true, "header": true },
            "schema": { "fields": fields, "primaryKey": ["id"], "missingValues": [""] },
        }],
    });
    serde_json::to_string_pretty(&package).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_columns_come_only_when_asked_and_names_are_distinct() {
        assert_eq!(headers(false).len(), 24);
        assert_eq!(headers(true).len(), 29);
        let mut all = headers(true);
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 29);
        let d: Value = serde_json::from_str(&descriptor("r.csv", false, "2026-12-07T00:00:00Z", Lang::En))
            .expect("the descriptor is JSON");
        assert_eq!(d["resources"][0]["schema"]["fields"].as_array().map(Vec::len), Some(24));
        assert!(d.get("licenses").is_none(), "personal data: no open licence");
    }
}
