//! Chart models: what a chart shows, independent of how it is drawn. The same model feeds the
//! canvas drawing, the SVG export and the data table that is the chart's text alternative.

use crate::feed::YearStats;
use crate::i18n::{Lang, Msg};

/// One labelled series of a chart over categories: the bars of one colour in a grouped bar
/// chart, or one line of a line chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    /// One value per category; `None` where there is no figure (e.g. not detected, or no report
    /// that year).
    pub values: Vec<Option<f64>>,
}

/// A grouped bar chart with categories on the x axis.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub title: String,
    pub x_axis: String,
    pub y_axis: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// A logarithmic value axis from 10^lo to 10^hi (see [`log_decades`]), or `None` for a linear
    /// one from 0.
    pub log_axis: Option<(i32, i32)>,
}

/// How many times the largest value must exceed the smallest (positive) one before a chart that
/// allows it switches to a logarithmic axis: at a ratio of 100 the smallest bar of a linear axis
/// is 1 % of the tallest, a pixel or two on a phone.
pub const LOG_SPAN: f64 = 100.0;

/// The decades of a logarithmic axis holding every positive value, `(lo, hi)` for 10^lo to
/// 10^hi, the bottom at least half a decade below the smallest value, when they span at least [`LOG_SPAN`]; `None` when a linear axis shows them well (or
/// there are fewer than two positive values). Zeros and gaps cannot sit on a log axis and are
/// left to the data table.
pub fn log_decades(values: impl IntoIterator<Item = f64>) -> Option<(i32, i32)> {
    let positive: Vec<f64> = values.into_iter().filter(|v| v.is_finite() && *v > 0.0).collect();
    let min = positive.iter().copied().fold(f64::INFINITY, f64::min);
    let max = positive.iter().copied().fold(0.0, f64::max);
    if positive.len() < 2 || max / min < LOG_SPAN {
        return None;
    }
    // At least half a decade below the smallest value, so that its bar has a visible height.
    let lo = (min.log10() - 0.5).floor() as i32;
    let hi = (max.log10().ceil() as i32).max(lo + 1);
    Some((lo, hi))
}

impl BarChart {
    /// Every value of every series (gaps left out).
    pub fn values(&self) -> impl Iterator<Item = f64> + '_ {
        self.series.iter().flat_map(|s| s.values.iter().flatten()).copied()
    }

    /// The largest value, for the y range (at least 1, so an empty chart still has an axis).
    pub fn max_value(&self) -> f64 {
        self.series.iter().flat_map(|s| s.values.iter().flatten()).copied().fold(1.0, f64::max)
    }

    /// The chart as rows for its data table: a header row, then one row per category.
    pub fn table(&self, first_column: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let header =
            std::iter::once(first_column.to_owned()).chain(self.series.iter().map(|s| s.label.clone())).collect();
        let rows = self
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| {
                std::iter::once(c.clone())
                    .chain(
                        self.series
                            .iter()
                            .map(|s| s.values.get(i).copied().flatten().map_or_else(|| "–".to_owned(), format_figure)),
                    )
                    .collect()
            })
            .collect();
        (header, rows)
    }
}

/// A figure for a data table: [`format_number`], except that a value under 1 keeps its
/// significant digits ([`format_sig`]), so that 0.005 kg/a is not shown as 0.
pub fn format_figure(v: f64) -> String {
    if v != 0.0 && v.abs() < 1.0 { format_sig(v) } else { format_number(v) }
}

/// The label of the power of ten 10^`exp` on a logarithmic axis: written out from 0.001 to 1000
/// (`0.01`, `100`), and as `10⁴`, `10⁻⁵` beyond, so that labels stay short on a phone.
pub fn log_tick_label(exp: i32) -> String {
    if (-3..=3).contains(&exp) {
        return format_sig(10f64.powi(exp));
    }
    const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let digits: String = exp.unsigned_abs().to_string().bytes().map(|b| SUPERSCRIPTS[usize::from(b - b'0')]).collect();
    format!("10{}{digits}", if exp < 0 { "⁻" } else { "" })
}

/// Formats a figure without spurious decimals: `12`, `0.5`, `1234.57`.
pub fn format_number(v: f64) -> String {
    // Negative zero (an empty sum of floats is -0.0) reads as 0.
    let v = if v == 0.0 { 0.0 } else { v };
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// Enterprises disclosing, not disclosing and exceeding a limit, per reporting year.
pub fn disclosing_by_year(stats: &[YearStats], lang: Lang) -> BarChart {
    let count = |f: fn(&YearStats) -> usize| stats.iter().map(|y| Some(f(y) as f64)).collect();
    BarChart {
        title: Msg::ChartDisclosingTitle.text(lang).to_owned(),
        x_axis: Msg::ChartYearAxis.text(lang).to_owned(),
        y_axis: Msg::ChartCountAxis.text(lang).to_owned(),
        categories: stats.iter().map(|y| y.year.to_string()).collect(),
        series: vec![
            Series { label: Msg::SeriesDisclosing.text(lang).to_owned(), values: count(|y| y.disclosing) },
            Series { label: Msg::SeriesMissing.text(lang).to_owned(), values: count(|y| y.missing) },
            Series { label: Msg::SeriesExceeded.text(lang).to_owned(), values: count(|y| y.exceeded) },
        ],
        log_axis: None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn short_place_labels_drop_the_kind_of_area_or_keep_the_name_in_brackets() {
        use super::short_place_label as short;
        assert_eq!(short("Haizhou District"), "Haizhou");
        assert_eq!(short("Donghai County"), "Donghai");
        assert_eq!(short("东海县"), "东海县");
        assert_eq!(short("连云港石化产业基地（徐圩新区）"), "徐圩新区");
        assert_eq!(short("Lianyungang Petrochemical Industrial Base (Xuwei New Area)"), "Xuwei New Area");
        assert_eq!(short("Jiangsu Lianyungang Chemical Industry Park"), "Jiangsu Lianyungang Chemical Industry Park");
        // A name that is only the kind, or empty brackets, stays whole.
        assert_eq!(short("District"), "District");
        assert_eq!(short("园区（）"), "园区（）");
    }

    #[test]
    fn district_tiles_sit_roughly_as_on_the_ground_one_per_cell() {
        // Ganyu, Lianyun, Haizhou, Donghai, Guanyun, Guannan (the feed's schematic points).
        let pts = [
            (34.84, 119.12),
            (34.75, 119.4),
            (34.59, 119.2),
            (34.54, 118.77),
            (34.2994, 119.2483),
            (34.0945, 119.3457),
        ];
        let g = tile_grid(&pts, 4, 3);
        assert_eq!(g, [(0, 1), (0, 2), (1, 1), (1, 0), (2, 2), (3, 2)]);
        // Two points on one spot do not share a tile.
        let g = tile_grid(&[(34.0, 119.0), (34.0, 119.0), (35.0, 120.0)], 2, 2);
        assert_eq!(g, [(1, 0), (1, 1), (0, 1)], "the nearest free tile, in the same row first");
        assert_eq!(tile_grid(&[(34.0, 119.0)], 3, 3), [(2, 0)]);
    }

    use super::*;

    fn year(year: u16, disclosing: usize, missing: usize, exceeded: usize) -> YearStats {
        YearStats { year, disclosing, missing, exceeded, temporary_reports: 0, by_entry: vec![], by_district: vec![] }
    }

    #[test]
    fn disclosing_chart_has_one_category_per_year_and_three_series() {
        let c = disclosing_by_year(&[year(2021, 10, 0, 2), year(2022, 12, 1, 3)], Lang::En);
        assert_eq!(c.categories, ["2021", "2022"]);
        assert_eq!(c.series.len(), 3);
        assert_eq!(c.series[0].values, [Some(10.0), Some(12.0)]);
        assert_eq!(c.series[1].values, [Some(0.0), Some(1.0)]);
        assert_eq!(c.series[2].values, [Some(2.0), Some(3.0)]);
        assert_eq!(c.max_value(), 12.0);
    }

    #[test]
    fn chart_labels_follow_the_language() {
        let zh = disclosing_by_year(&[year(2021, 1, 0, 0)], Lang::Zh);
        let en = disclosing_by_year(&[year(2021, 1, 0, 0)], Lang::En);
        assert_eq!(zh.series[0].label, "已披露");
        assert_eq!(en.series[0].label, "Disclosed");
        assert_ne!(zh.y_axis, en.y_axis);
    }

    #[test]
    fn the_data_table_carries_every_value_of_the_chart() {
        let c = disclosing_by_year(&[year(2021, 10, 0, 2), year(2022, 12, 1, 3)], Lang::En);
        let (header, rows) = c.table("Year");
        assert_eq!(header, ["Year", "Disclosed", "Did not disclose", "Exceeded a limit"]);
        assert_eq!(rows, [["2021", "10", "0", "2"], ["2022", "12", "1", "3"]]);
    }

    #[test]
    fn numbers_are_formatted_without_noise() {
        for (v, s) in [(12.0, "12"), (0.5, "0.5"), (1234.567, "1234.57"), (0.0, "0"), (2.10, "2.1")] {
            assert_eq!(format_number(v), s);
        }
    }
}

/// Citywide annual discharge and use of one list entry, in kg/a.
pub fn entry_totals(stats: &[YearStats], entry: u8, lang: Lang) -> BarChart {
    let pick = |f: fn(&crate::feed::EntryYear) -> f64| {
        stats.iter().map(|y| Some(y.by_entry.iter().find(|e| e.entry == entry).map_or(0.0, f))).collect()
    };
    BarChart {
        title: Msg::ChartEntryTitle.text(lang).to_owned(),
        x_axis: Msg::ChartYearAxis.text(lang).to_owned(),
        y_axis: "kg/a".to_owned(),
        categories: stats.iter().map(|y| y.year.to_string()).collect(),
        series: vec![
            Series { label: Msg::SeriesDischarged.text(lang).to_owned(), values: pick(|e| e.discharged_kg) },
            Series { label: Msg::SeriesUsed.text(lang).to_owned(), values: pick(|e| e.used_kg) },
        ],
        log_axis: None,
    }
}

/// A line chart over categories (years), with an optional horizontal limit line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub title: String,
    pub x_axis: String,
    pub y_axis: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// (label, value) of the applicable limit, drawn as a dashed line.
    pub limit: Option<(String, f64)>,
}

impl LineChart {
    /// The largest value or limit (at least a tiny positive number, so the axis has a range).
    pub fn max_value(&self) -> f64 {
        let data = self.series.iter().flat_map(|s| s.values.iter().flatten()).copied();
        data.chain(self.limit.as_ref().map(|l| l.1)).fold(f64::MIN_POSITIVE, f64::max)
    }

    /// The chart as rows for its data table, with a column for the limit when there is one.
    /// `missing` is written where a series has no value.
    pub fn table(&self, first_column: &str, missing: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let mut header: Vec<String> =
            std::iter::once(first_column.to_owned()).chain(self.series.iter().map(|s| s.label.clone())).collect();
        if let Some((label, _)) = &self.limit {
            header.push(label.clone());
        }
        let rows =
            self.categories
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let mut row: Vec<String> =
                        std::iter::once(c.clone())
                            .chain(self.series.iter().map(|s| {
                                s.values.get(i).copied().flatten().map_or_else(|| missing.to_owned(), format_sig)
                            }))
                            .collect();
                    if let Some((_, v)) = &self.limit {
                        row.push(format_sig(*v));
                    }
                    row
                })
                .collect();
        (header, rows)
    }
}

/// Formats a measured value with up to 4 significant figures and no exponent for the usual
/// ranges: `0.00008`, `0.12`, `15`, `1230`.
pub fn format_sig(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format_number(v);
    }
    let mag = v.abs().log10().floor() as i32;
    let decimals = (3 - mag).clamp(0, 10) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_owned() } else { s }
}

#[cfg(test)]
mod line_tests {
    use super::*;

    #[test]
    fn negative_zero_reads_as_zero() {
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_figure(-0.0), "0");
        assert_eq!(format_number(Vec::<f64>::new().iter().sum()), "0");
    }

    #[test]
    fn significant_figures_keep_small_values_readable() {
        for (v, s) in
            [(0.00008, "0.00008"), (0.123456, "0.1235"), (15.0, "15"), (1234.6, "1235"), (0.02, "0.02"), (2.5, "2.5")]
        {
            assert_eq!(format_sig(v), s, "{v}");
        }
    }

    #[test]
    fn a_line_chart_table_has_the_limit_column_and_marks_missing_values() {
        let c = LineChart {
            title: "DCM".into(),
            x_axis: "Year".into(),
            y_axis: "mg/L".into(),
            categories: vec!["2021".into(), "2022".into()],
            series: vec![Series { label: "DW001".into(), values: vec![Some(0.05), None] }],
            limit: Some(("Limit".into(), 0.3)),
        };
        let (h, rows) = c.table("Year", "not detected");
        assert_eq!(h, ["Year", "DW001", "Limit"]);
        assert_eq!(rows, [["2021", "0.05", "0.3"], ["2022", "not detected", "0.3"]]);
        assert_eq!(c.max_value(), 0.3);
    }
}

/// Places areas on a small grid of `rows` × `cols` tiles roughly as on the ground (north up,
/// east right): each (lat, lng) goes to the nearest cell of the grid spanned by the points
/// themselves, and a point whose cell is taken goes to the nearest free one (points earlier in
/// the list first). A schematic, not a map: no boundaries are drawn. Returns (row, column) per point.
pub fn tile_grid(points: &[(f64, f64)], rows: usize, cols: usize) -> Vec<(usize, usize)> {
    let (rows, cols) = (rows.max(1), cols.max(1));
    let span =
        |v: &mut dyn Iterator<Item = f64>| v.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(x), b.max(x)));
    let (south, north) = span(&mut points.iter().map(|p| p.0));
    let (west, east) = span(&mut points.iter().map(|p| p.1));
    let cell = |x: f64, lo: f64, hi: f64, n: usize| -> usize {
        if hi > lo { (((x - lo) / (hi - lo)) * (n - 1) as f64).round() as usize } else { 0 }
    };
    let mut taken = vec![false; rows * cols];
    points
        .iter()
        .map(|&(lat, lng)| {
            let want = ((rows - 1) - cell(lat, south, north, rows), cell(lng, west, east, cols));
            let best = (0..rows * cols)
                .filter(|&i| !taken[i])
                .min_by_key(|&i| {
                    let (r, c) = (i / cols, i % cols);
                    (r.abs_diff(want.0) + c.abs_diff(want.1), r.abs_diff(want.0))
                })
                .unwrap_or(0);
            taken[best] = true;
            (best / cols, best % cols)
        })
        .collect()
}

/// A place on the schematic map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPlace {
    pub label: String,
    /// A shorter label, drawn when the full one finds no room (a phone's map): [`short_place_label`].
    pub short: String,
    pub lat: f64,
    pub lng: f64,
    /// Chemical parks and zones are drawn as squares, districts as circles.
    pub is_park: bool,
}

/// A place's name as a crowded map labels it: without the kind of area the name ends with
/// ("Haizhou District" → "Haizhou", 东海县 stays, being short), or the name in brackets for a
/// place known by it ("连云港石化产业基地（徐圩新区）" → "徐圩新区"). The map's data table
/// has the full name.
pub fn short_place_label(name: &str) -> String {
    let name = name.trim();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inner) = name.strip_suffix(close).and_then(|n| n.rsplit_once(open)).map(|(_, i)| i.trim())
            && !inner.is_empty()
        {
            return inner.to_owned();
        }
    }
    for kind in [" District", " County", " New Area"] {
        if let Some(short) = name.strip_suffix(kind)
            && !short.trim().is_empty()
        {
            return short.trim().to_owned();
        }
    }
    name.to_owned()
}

/// The places the schematic map marks: the districts and counties (circles) and the chemical
/// parks (triangles), named in `lang`.
pub fn map_places(areas: &crate::feed::reference::AreaTable, lang: Lang) -> Vec<MapPlace> {
    areas
        .areas
        .iter()
        .filter(|a| a.is_district() || a.kind == crate::feed::reference::AreaKind::ChemicalPark)
        .map(|a| {
            let label = lang.pick(&a.name_zh, &a.name_en).to_owned();
            MapPlace { short: short_place_label(&label), label, lat: a.lat, lng: a.lng, is_park: !a.is_district() }
        })
        .collect()
}

/// The schematic map: the city's bounding box, its districts and parks, and enterprises as dots
/// (those with an exceedance as crosses, so colour is not the only signal).
#[derive(Debug, Clone, PartialEq)]
pub struct MapModel {
    pub title: String,
    /// (south, north, west, east).
    pub bounds: (f64, f64, f64, f64),
    pub places: Vec<MapPlace>,
    /// (lat, lng, exceeded).
    pub enterprises: Vec<(f64, f64, bool)>,
    pub legend_enterprise: String,
    pub legend_exceeded: String,
    pub legend_park: String,
    /// The headers of the map's data table: the place, its latitude and its longitude.
    pub table_columns: [String; 3],
}
