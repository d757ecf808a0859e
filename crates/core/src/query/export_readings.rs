//! The long-format export of readings, for a journalist's own analysis: one row per pollutant per
//! outlet per annual report, with the concentration, the limit and its standard, the share of the
//! limit, the verdict and the exceedances, exactly as the enterprise page judges them
//! ([`crate::feed::verdict`]). RFC 4180 through the one CSV writer ([`crate::csv`]); its Data
//! Package descriptor comes from the same code as the list's ([`crate::query::export::package`]).

use crate::csv::{Cell, Quoting};
use crate::feed::EnterpriseDetail;
use crate::feed::detail::{annual_records, readings};
use crate::feed::reference::Reference;
use crate::feed::units::Measurement;
use crate::feed::verdict::{quality_text, year_verdicts};
use crate::i18n::{Lang, Msg};
use crate::query::export::{Column, ExportMeta, FieldType, PackageInfo, column, number_column, package, schema_of};

/// The columns of the readings export, in order.
pub const READING_COLUMNS: [Column; 18] = [
    column(Msg::ExportColumnId, Msg::ExportDefId, Some("^[A-Za-z0-9_-]+$")),
    column(Msg::ColumnEnterprise, Msg::ExportDefEnterprise, None),
    number_column(Msg::ColumnYear, Msg::ExportDefReportYear, FieldType::Integer),
    column(Msg::ColumnOutlet, Msg::ExportDefOutlet, Some("^D[AW][0-9]+$")),
    column(Msg::ExportColumnMedium, Msg::ExportDefMedium, None),
    column(Msg::ColumnSubstance, Msg::ExportDefSubstance, None),
    column(Msg::ColumnCas, Msg::ExportDefCasOne, Some("^[0-9]{2,7}-[0-9]{2}-[0-9]$")),
    number_column(Msg::ColumnEntry, Msg::ExportDefEntryOne, FieldType::Integer),
    number_column(Msg::ColumnConcentration, Msg::ExportDefValue, FieldType::Number),
    column(Msg::ExportColumnUnit, Msg::ExportDefUnit, None),
    number_column(Msg::ExportColumnDetectionLimit, Msg::ExportDefDetectionLimit, FieldType::Number),
    number_column(Msg::ColumnLimit, Msg::ExportDefLimitValue, FieldType::Number),
    column(Msg::ExportColumnLimitUnit, Msg::ExportDefLimitUnit, None),
    column(Msg::ExportColumnStandard, Msg::ExportDefStandard, None),
    number_column(Msg::ExportColumnShare, Msg::ExportDefShare, FieldType::Number),
    column(Msg::ExportColumnVerdict, Msg::ExportDefVerdict, None),
    number_column(Msg::ColumnExceedances, Msg::ExportDefExceedancesCount, FieldType::Integer),
    column(Msg::QualityHeading, Msg::ExportDefQuality, None),
];

/// The column headers of the readings export, in `lang`.
pub fn reading_headers(lang: Lang) -> Vec<&'static str> {
    READING_COLUMNS.iter().map(|c| c.title.text(lang)).collect()
}

/// A number as the export writes it: in full (no rounding), without exponent or trailing noise.
fn number(v: f64) -> String {
    let s = format!("{v}");
    if s.contains('e') { format!("{v:.12}").trim_end_matches('0').trim_end_matches('.').to_owned() } else { s }
}

/// The rows of the readings export for one enterprise, oldest year first, each in table order.
pub fn reading_rows(d: &EnterpriseDetail, r: &Reference, lang: Lang) -> Vec<Vec<(FieldType, String)>> {
    let verdicts = year_verdicts(d, r);
    let mut rows = Vec::new();
    for (rec, verdict) in annual_records(d).into_iter().zip(&verdicts) {
        for (i, v) in readings(rec, r).iter().enumerate() {
            let p = v.reading;
            let status = v.status();
            let (value, detection_limit) = match p.concentration {
                Measurement::Detected { value, .. } => (number(value), String::new()),
                Measurement::NotDetected { detection_limit, .. } => (String::new(), number(detection_limit)),
            };
            let quality = verdict
                .row_quality
                .get(i)
                .map(|ks| ks.iter().map(|k| quality_text(*k).text(lang)).collect::<Vec<_>>().join(" "))
                .unwrap_or_default();
            let text = |s: String| (FieldType::String, s);
            rows.push(vec![
                text(d.enterprise.id.clone()),
                text(lang.pick(&d.enterprise.name_zh, &d.enterprise.name_en).to_owned()),
                (FieldType::Integer, rec.report_year.to_string()),
                text(v.outlet.code.clone()),
                text(Msg::from(v.outlet.medium).text(lang).to_owned()),
                text(lang.pick(&p.name_zh, &p.name_en).to_owned()),
                text(p.cas.clone().unwrap_or_default()),
                (FieldType::Integer, p.entry.map(|n| n.to_string()).unwrap_or_default()),
                (FieldType::Number, value),
                text(p.concentration.unit().symbol().to_owned()),
                (FieldType::Number, detection_limit),
                (FieldType::Number, v.limit.map(|l| number(l.value)).unwrap_or_default()),
                text(v.limit.map(|l| l.unit.symbol().to_owned()).unwrap_or_default()),
                text(v.limit.map(|l| format!("{} {}", l.standard, l.table)).unwrap_or_default()),
                (FieldType::Number, status.ratio().map(|x| number((x * 1e6).round() / 1e6)).unwrap_or_default()),
                text(status.label(lang).to_owned()),
                (FieldType::Integer, p.exceedances.to_string()),
                text(quality),
            ]);
        }
    }
    rows
}

/// The readings export: the header row, then every reading of these enterprises (RFC 4180, UTF-8
/// with a byte-order mark, CRLF; text defused, numbers as they are).
pub fn readings_csv(details: &[&EnterpriseDetail], r: &Reference, lang: Lang) -> String {
    let mut out = crate::csv::Writer::new(Quoting::AsNeeded);
    out.text_row(reading_headers(lang));
    for d in details {
        for row in reading_rows(d, r, lang) {
            out.row(row.iter().map(|(kind, s)| match kind {
                FieldType::String => Cell::Text(s),
                FieldType::Integer | FieldType::Number => Cell::Number(s),
            }));
        }
    }
    out.finish()
}

/// The Data Package descriptor that goes next to the readings export saved as `csv_file`.
pub fn readings_descriptor(meta: &ExportMeta, csv_file: &str, lang: Lang) -> String {
    let info = PackageInfo {
        name: "lyg-readings",
        title: Msg::ExportReadingsTitle,
        description: Msg::ExportReadingsDescription,
        units: Msg::ExportReadingsUnits,
        resource: "readings",
        schema: schema_of(&READING_COLUMNS, lang),
    };
    package(meta, &info, csv_file, lang)
}

/// The file-name stem of an enterprise's readings export: `lyg-e00118-readings-<version>`.
pub fn readings_stem(id: &str, version: &str) -> String {
    format!("lyg-{id}-readings-{version}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_distinct_in_both_languages() {
        for lang in Lang::ALL {
            let mut h = reading_headers(lang);
            h.sort_unstable();
            h.dedup();
            assert_eq!(h.len(), READING_COLUMNS.len(), "{lang}");
        }
    }

    #[test]
    fn numbers_are_written_in_full() {
        assert_eq!(number(0.0006), "0.0006");
        assert_eq!(number(80000.0), "80000");
        assert_eq!(number(1.6), "1.6");
        assert_eq!(number(1e-7), "0.0000001");
    }
}
