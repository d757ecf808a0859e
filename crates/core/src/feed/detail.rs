//! What the enterprise page shows, computed from a detail file: readings against their limits,
//! and the chart models for concentrations over the years and annual quantities.

use crate::chart::{BarChart, LineChart, Series};
use crate::feed::EnterpriseDetail;
use crate::feed::disclosure::{DisclosureRecord, Outlet, PollutantReading, ReportType};
use crate::feed::reference::{Limit, Reference};
use crate::feed::units::{Comparison, Unit, UnitError, compare, convert};
use crate::i18n::{Lang, Msg};

/// One pollutant at one outlet, with its applicable limit and the comparison.
#[derive(Debug, Clone)]
pub struct ReadingView<'a> {
    pub outlet: &'a Outlet,
    pub reading: &'a PollutantReading,
    pub limit: Option<&'a Limit>,
    /// `None` without a limit; `Some(Err)` when the limit cannot be compared (never guessed).
    pub comparison: Option<Result<Comparison, UnitError>>,
}

/// Every reading of a record, in outlet order, compared with its limit.
pub fn readings<'a>(record: &'a DisclosureRecord, r: &'a Reference) -> Vec<ReadingView<'a>> {
    record
        .outlets
        .iter()
        .flat_map(|o| o.pollutants.iter().map(move |p| (o, p)))
        .map(|(outlet, reading)| {
            let limit = reading.limit.as_deref().and_then(|id| r.limit(id));
            let comparison =
                limit.map(|l| compare(&reading.concentration, outlet.medium.limit_medium(), l.value, l.unit, l.medium));
            ReadingView { outlet, reading, limit, comparison }
        })
        .collect()
}

/// The annual records, oldest first.
pub fn annual_records(d: &EnterpriseDetail) -> Vec<&DisclosureRecord> {
    let mut v: Vec<&DisclosureRecord> = d.records.iter().filter(|r| r.report_type == ReportType::Annual).collect();
    v.sort_by_key(|r| r.report_year);
    v
}

/// The temporary records, newest first.
pub fn temporary_records(d: &EnterpriseDetail) -> Vec<&DisclosureRecord> {
    let mut v: Vec<&DisclosureRecord> = d.records.iter().filter(|r| r.report_type == ReportType::Temporary).collect();
    v.sort_by(|a, b| b.published_on.cmp(&a.published_on));
    v
}

/// A pollutant at an outlet, as it recurs over the years.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SeriesKey {
    pub outlet: String,
    pub name_zh: String,
    pub name_en: String,
}

/// Every (outlet, pollutant) pair reported in any year, in first-seen order.
pub fn series_keys(d: &EnterpriseDetail) -> Vec<SeriesKey> {
    let mut keys: Vec<SeriesKey> = Vec::new();
    for rec in annual_records(d) {
        for o in &rec.outlets {
            for p in &o.pollutants {
                let k = SeriesKey { outlet: o.code.clone(), name_zh: p.name_zh.clone(), name_en: p.name_en.clone() };
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
    }
    keys
}

/// One pollutant's annual-mean concentration over the years, against its limit. Values are shown
/// in the limit's unit (or the first reported unit when there is no limit); a year where it was
/// not detected has no value (the data table says "not detected").
pub fn concentration_chart(d: &EnterpriseDetail, key: &SeriesKey, r: &Reference, lang: Lang) -> LineChart {
    let records = annual_records(d);
    let found: Vec<Option<(&Outlet, &PollutantReading)>> = records
        .iter()
        .map(|rec| {
            rec.outlets.iter().filter(|o| o.code == key.outlet).find_map(|o| {
                o.pollutants.iter().find(|p| p.name_en == key.name_en && p.name_zh == key.name_zh).map(|p| (o, p))
            })
        })
        .collect();
    let limit = found.iter().flatten().find_map(|(_, p)| p.limit.as_deref().and_then(|id| r.limit(id)));
    let unit: Unit = limit
        .map(|l| l.unit)
        .or_else(|| found.iter().flatten().map(|(_, p)| p.concentration.unit()).next())
        .unwrap_or(Unit::MgPerL);
    let values = found
        .iter()
        .map(|f| {
            f.and_then(|(_, p)| p.concentration.value().and_then(|v| convert(v, p.concentration.unit(), unit).ok()))
        })
        .collect();
    let name = lang.pick(&key.name_zh, &key.name_en);
    LineChart {
        title: format!("{} · {} {}", key.outlet, name, Msg::ChartConcentrationTitle.text(lang)),
        x_axis: Msg::ChartYearAxis.text(lang).to_owned(),
        y_axis: format!("{} ({})", Msg::ColumnConcentration.text(lang), unit.symbol()),
        categories: records.iter().map(|rec| rec.report_year.to_string()).collect(),
        series: vec![Series { label: format!("{} {}", key.outlet, name), values }],
        limit: limit
            .map(|l| (format!("{} {} ({})", Msg::ColumnLimit.text(lang), l.standard, l.unit.symbol()), l.value)),
    }
}

/// Annual discharges of list substances, in kg/a, summed over outlets, per year.
pub fn quantity_chart(d: &EnterpriseDetail, lang: Lang) -> BarChart {
    let records = annual_records(d);
    let mut names: Vec<(String, String)> = Vec::new();
    for rec in &records {
        for p in rec.outlets.iter().flat_map(|o| &o.pollutants) {
            if p.entry.is_some() && p.annual_quantity.is_some() && !names.iter().any(|n| n.1 == p.name_en) {
                names.push((p.name_zh.clone(), p.name_en.clone()));
            }
        }
    }
    let series = names
        .iter()
        .map(|(zh, en)| Series {
            label: lang.pick(zh, en).to_owned(),
            values: records
                .iter()
                .map(|rec| {
                    let qs: Vec<f64> = rec
                        .outlets
                        .iter()
                        .flat_map(|o| &o.pollutants)
                        .filter(|p| &p.name_en == en)
                        .filter_map(|p| p.annual_quantity)
                        .filter_map(|q| convert(q.value, q.unit, Unit::KgPerYear).ok())
                        .collect();
                    (!qs.is_empty()).then(|| qs.iter().sum())
                })
                .collect(),
        })
        .collect();
    BarChart {
        title: Msg::ChartQuantityTitle.text(lang).to_owned(),
        x_axis: Msg::ChartYearAxis.text(lang).to_owned(),
        y_axis: format!("{} (kg/a)", Msg::ColumnAnnualQuantity.text(lang)),
        categories: records.iter().map(|rec| rec.report_year.to_string()).collect(),
        series,
        log_axis: None,
    }
}

/// Total annual discharge of list substances (kg/a) by one enterprise in one year, or `None`
/// when it published no annual report that year, or one giving no annual quantity of a listed
/// substance.
pub fn listed_discharge_kg(d: &EnterpriseDetail, year: u16) -> Option<f64> {
    let record = annual_records(d).into_iter().find(|r| r.report_year == year)?;
    let quantities: Vec<f64> = record
        .outlets
        .iter()
        .flat_map(|o| &o.pollutants)
        .filter(|p| p.entry.is_some())
        .filter_map(|p| p.annual_quantity)
        .filter_map(|q| convert(q.value, q.unit, Unit::KgPerYear).ok())
        .collect();
    // A report that gives no annual quantity of a listed substance says nothing about the total:
    // no figure, rather than 0.
    (!quantities.is_empty()).then(|| quantities.iter().sum())
}

/// Several enterprises on shared axes: listed-substance discharges per year, one series each.
/// When the figures differ by [`crate::chart::LOG_SPAN`] or more (a plant discharging tonnes
/// beside one discharging grams), the value axis is logarithmic, so that every bar stays visible.
pub fn compare_chart(details: &[&EnterpriseDetail], lang: Lang) -> BarChart {
    let mut years: Vec<u16> =
        details.iter().flat_map(|d| annual_records(d).into_iter().map(|r| r.report_year)).collect();
    years.sort_unstable();
    years.dedup();
    let series: Vec<Series> = details
        .iter()
        .map(|d| Series {
            label: lang.pick(&d.enterprise.name_zh, &d.enterprise.name_en).to_owned(),
            values: years.iter().map(|y| listed_discharge_kg(d, *y)).collect(),
        })
        .collect();
    let log_axis = crate::chart::log_decades(series.iter().flat_map(|s| s.values.iter().flatten()).copied());
    BarChart {
        title: Msg::ChartCompareTitle.text(lang).to_owned(),
        x_axis: Msg::ChartYearAxis.text(lang).to_owned(),
        y_axis: if log_axis.is_some() {
            Msg::ChartLogAxis.text(lang).replace("{unit}", "kg/a")
        } else {
            "kg/a".to_owned()
        },
        categories: years.iter().map(u16::to_string).collect(),
        series,
        log_axis,
    }
}
