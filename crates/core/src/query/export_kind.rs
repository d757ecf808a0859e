//! The kinds of list export a reader can download (CSV, its Data Package descriptor, or JSON):
//! file extension and media type.

use crate::i18n::Msg;

/// A list export's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// A spreadsheet (`crate::query::export::csv`).
    Csv,
    /// Machine-readable (`crate::query::export::json`).
    Json,
    /// The CSV's Frictionless Data Package descriptor (`crate::query::export::descriptor`), saved
    /// beside it: provenance, licence and a definition of every column.
    Descriptor,
}

impl ExportKind {
    /// Every kind, in the order the buttons show them.
    pub const ALL: [ExportKind; 3] = [ExportKind::Csv, ExportKind::Descriptor, ExportKind::Json];

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportKind::Csv => "csv",
            ExportKind::Json => "json",
            ExportKind::Descriptor => "datapackage.json",
        }
    }

    /// The media type the file is saved with.
    pub fn mime(self) -> &'static str {
        match self {
            ExportKind::Csv => "text/csv;charset=utf-8",
            ExportKind::Json | ExportKind::Descriptor => "application/json",
        }
    }

    /// The file name for `stem`.
    pub fn file_name(self, stem: &str) -> String {
        format!("{stem}.{}", self.extension())
    }

    /// The button's label.
    pub fn label(self) -> Msg {
        match self {
            ExportKind::Csv => Msg::ExportCsv,
            ExportKind::Json => Msg::ExportJson,
            ExportKind::Descriptor => Msg::ExportDescriptor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_and_media_types_are_the_ones_the_list_has_always_saved() {
        let stem = "lyg-disclosures-abc123";
        assert_eq!(ExportKind::Csv.file_name(stem), "lyg-disclosures-abc123.csv");
        assert_eq!(ExportKind::Json.file_name(stem), "lyg-disclosures-abc123.json");
        assert_eq!(ExportKind::Csv.mime(), "text/csv;charset=utf-8");
        assert_eq!(ExportKind::Json.mime(), "application/json");
        assert_eq!(ExportKind::Descriptor.file_name(stem), "lyg-disclosures-abc123.datapackage.json");
    }

    #[test]
    fn every_kind_has_its_own_extension_and_label() {
        for (i, a) in ExportKind::ALL.iter().enumerate() {
            for b in &ExportKind::ALL[i + 1..] {
                assert_ne!(a.extension(), b.extension());
                assert_ne!(a.label(), b.label());
            }
        }
    }
}
