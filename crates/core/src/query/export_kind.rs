//! The kinds of list export a reader can download (CSV or JSON): file extension and media type.

use crate::i18n::Msg;

/// A list export's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// A spreadsheet (`crate::query::export::csv`).
    Csv,
    /// Machine-readable (`crate::query::export::json`).
    Json,
}

impl ExportKind {
    /// Every kind, in the order the buttons show them.
    pub const ALL: [ExportKind; 2] = [ExportKind::Csv, ExportKind::Json];

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportKind::Csv => "csv",
            ExportKind::Json => "json",
        }
    }

    /// The media type the file is saved with.
    pub fn mime(self) -> &'static str {
        match self {
            ExportKind::Csv => "text/csv;charset=utf-8",
            ExportKind::Json => "application/json",
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
    }

    #[test]
    fn every_kind_has_its_own_extension_and_label() {
        let [a, b] = ExportKind::ALL;
        assert_ne!(a.extension(), b.extension());
        assert_ne!(a.label(), b.label());
    }
}
