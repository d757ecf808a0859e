//! Chart drawing with plotters, generic over the drawing backend: the app draws on a canvas
//! (plotters-canvas), the SVG export and the native tests draw with `SVGBackend`.

pub mod labels;
pub mod measured;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use portal_core::chart::{self as model, BarChart, LineChart, MapModel};

/// The Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
pub const PALETTE: [RGBColor; 4] =
    [RGBColor(0, 114, 178), RGBColor(230, 159, 0), RGBColor(213, 94, 0), RGBColor(0, 158, 115)];

/// The font family charts use; the site ships no web font, so this resolves to the reader's
/// system sans-serif font (with CJK glyphs where installed).
pub const FONT: &str = "sans-serif";

/// Draws a grouped bar chart filling `root`. Errors are returned as text, never panics.
pub fn draw_bar_chart<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, chart: &BarChart) -> Result<(), String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(err)?;
    // On a log axis the plot runs over decades (log10 of the value), and bars rise from its floor.
    let (y, to_y): (std::ops::Range<f64>, fn(f64) -> f64) = match chart.log_axis {
        Some((lo, hi)) => {
            let (lo, hi) = (f64::from(lo), f64::from(hi));
            (lo..lo + top_with_room_for_legend(root, hi - lo, chart.series.len()), f64::log10)
        }
        None => (0.0..top_with_room_for_legend(root, chart.max_value(), chart.series.len()), |v| v),
    };
    let log = chart.log_axis.is_some();
    let floor = y.start;
    let mut ctx =
        category_axes(root, (&chart.title, 18), 56, &chart.categories, (&chart.x_axis, &chart.y_axis), y, log)?;
    let k = chart.series.len().max(1) as f64;
    let group = 0.8;
    let width = group / k;
    for (si, s) in chart.series.iter().enumerate() {
        let color = PALETTE[si % PALETTE.len()];
        let bars = s.values.iter().enumerate().filter_map(|(ci, v)| {
            // A zero has no place on a log axis: the data table shows it.
            let v = (*v).filter(|v| !log || *v > 0.0)?;
            let x0 = ci as f64 + (1.0 - group) / 2.0 + si as f64 * width;
            Some(Rectangle::new([(x0, floor), (x0 + width * 0.92, to_y(v))], color.filled()))
        });
        ctx.draw_series(bars).map_err(err)?;
    }
    let (xs, ys) = ctx.plotting_area().get_pixel_range();
    let items: Vec<(String, RGBColor, bool)> =
        chart.series.iter().enumerate().map(|(i, s)| (s.label.clone(), PALETTE[i % PALETTE.len()], false)).collect();
    draw_legend(root, (xs.end, ys.start), xs.start, &items)?;
    root.present().map_err(err)?;
    Ok(())
}

/// Draws a chart's title centred at the top of `root`, wrapped to its width (a phone's canvas is
/// narrower than most titles: [`labels::wrap_title`]); answers the height it takes, for the
/// chart's top margin.
fn draw_title<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, title: &str, size: u32) -> Result<u32, String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let style = TextStyle::from((FONT, size)).color(&BLACK);
    let width = root.dim_in_pixel().0;
    let measure = |s: &str| root.estimate_text_size(s, &style).map_or(0, |(w, _)| w);
    let lines = labels::wrap_title(title, width.saturating_sub(2 * MARGIN), measure);
    let line_h = size + 4;
    for (i, line) in lines.iter().enumerate() {
        let x = (width.saturating_sub(measure(line)) / 2) as i32;
        root.draw_text(line, &style, (x, (MARGIN + line_h * i as u32) as i32)).map_err(err)?;
    }
    Ok(MARGIN + line_h * lines.len() as u32 + 4)
}

/// The margin around a chart, in pixels.
const MARGIN: u32 = 12;

/// The plot of a chart over categories: one unit across per category, labelled at its centre, and
/// values over `y` up (with `log`, `y` is in decades, log10 of the value, and labelled only at
/// whole powers of ten); `title` is (text, font size) and `y_label_width` the room for the value
/// labels. Draws the caption, axes and mesh.
fn category_axes<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    title: (&str, u32),
    y_label_width: u32,
    categories: &[String],
    (x_axis, y_axis): (&str, &str),
    y: std::ops::Range<f64>,
    log: bool,
) -> Result<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>, String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let n = categories.len().max(1);
    let plot_h = (f64::from(root.dim_in_pixel().1) - 94.0).max(1.0);
    let decade_step = (((y.end - y.start) * 18.0 / plot_h).ceil() as i32).max(1);
    let top = draw_title(root, title.0, title.1)?;
    let mut ctx = ChartBuilder::on(root)
        .margin(MARGIN)
        .margin_top(top)
        .x_label_area_size(40)
        .y_label_area_size(y_label_width)
        .build_cartesian_2d(0f64..n as f64, y.clone())
        .map_err(err)?;
    let mut mesh = ctx.configure_mesh();
    if log {
        // One gridline a decade, no finer lines between (they would crowd a phone's plot).
        mesh.y_max_light_lines(0);
    }
    mesh.disable_x_mesh()
        // Ask for ticks every half unit so that category centres (i + 0.5) get one.
        .x_labels(2 * n + 1)
        .x_label_formatter(&|x| {
            let i = x.floor();
            // Labels sit at category centres (i + 0.5).
            if (x - i - 0.5).abs() < 1e-9 {
                categories.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_labels(if log { ((y.end - y.start).ceil() as usize + 1).max(2) } else { 10 })
        .y_label_formatter(&|v| {
            if !log {
                return portal_core::chart::format_sig(*v);
            }
            // Whole powers of ten only, and on a short plot only every `decade_step`-th one, so that
            // labels keep at least 18 px apart.
            let exp = v.round() as i32;
            let lo = y.start.round() as i32;
            if (v - v.round()).abs() < 1e-9 && (exp - lo) % decade_step == 0 {
                portal_core::chart::log_tick_label(exp)
            } else {
                String::new()
            }
        })
        .x_desc(x_axis)
        .y_desc(y_axis)
        .label_style((FONT, 13))
        .axis_desc_style((FONT, 14))
        .draw()
        .map_err(err)?;
    Ok(ctx)
}

/// The top of the value axis: `max` plus headroom for a legend of `items` lines in the top-right
/// corner, so that it never covers a bar, a point or the limit line (the legend's height over the
/// plot's; the plot is the area less the margins, caption and x labels).
fn top_with_room_for_legend<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, max: f64, items: usize) -> f64 {
    let plot_h = (f64::from(root.dim_in_pixel().1) - 94.0).max(1.0);
    let legend_h = f64::from(LEGEND_PAD + LEGEND_LINE * items as i32 + 14);
    max / (1.0 - (legend_h / plot_h).clamp(0.1, 0.5))
}

/// The height of one legend line, and the legend box's padding, in pixels.
const LEGEND_LINE: i32 = 20;
const LEGEND_PAD: i32 = 8;

/// Draws a legend box in the top-right corner of the plot (`corner` = its top-right pixel, `left`
/// the plot's left edge).
///
/// Drawn by hand: plotters' own legend measures text through an inline-styled `<span>` on wasm,
/// which the site's Content-Security-Policy forbids. Items are (label, colour, dashed line?).
/// Answers the box it takes (for what must keep clear of it).
pub fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    corner: (i32, i32),
    left: i32,
    items: &[(String, RGBColor, bool)],
) -> Result<labels::Rect, String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    if items.is_empty() {
        return Ok(labels::Rect { x0: corner.0, y0: corner.1, x1: corner.0, y1: corner.1 });
    }
    let style = TextStyle::from((FONT, 13)).color(&BLACK);
    // Labels wider than the room between the plot's left edge `left` and the corner (long
    // enterprise names on a phone) are shortened with "…", so that the box never covers the value
    // axis' labels; the chart's data table has them in full.
    let room = corner.0 - left - 8 - 40 - 4;
    let mut labels: Vec<String> = Vec::with_capacity(items.len());
    let mut text_w = 0;
    for (label, _, _) in items {
        let mut shown = label.clone();
        let mut w = root.estimate_text_size(&shown, &style).map_err(err)?.0 as i32;
        while w > room && shown.chars().count() > 2 {
            let mut chars: Vec<char> = shown.trim_end_matches('…').chars().collect();
            chars.pop();
            shown = chars.into_iter().chain(['…']).collect();
            w = root.estimate_text_size(&shown, &style).map_err(err)?.0 as i32;
        }
        text_w = text_w.max(w);
        labels.push(shown);
    }
    let line_h = LEGEND_LINE;
    let box_w = text_w + 40;
    let (x0, y0) = (corner.0 - box_w - 8, corner.1 + 6);
    let bottom = y0 + line_h * items.len() as i32 + LEGEND_PAD;
    root.draw(&Rectangle::new([(x0, y0), (x0 + box_w, bottom)], WHITE.mix(0.9).filled())).map_err(err)?;
    root.draw(&Rectangle::new([(x0, y0), (x0 + box_w, bottom)], BLACK.stroke_width(1))).map_err(err)?;
    for (i, ((_, color, dashed), label)) in items.iter().zip(&labels).enumerate() {
        let y = y0 + 8 + line_h * i as i32;
        if *dashed {
            for k in 0..3 {
                let x = x0 + 8 + k * 8;
                root.draw(&PathElement::new(vec![(x, y + 7), (x + 5, y + 7)], color.stroke_width(2))).map_err(err)?;
            }
        } else {
            root.draw(&Rectangle::new([(x0 + 8, y + 1), (x0 + 28, y + 13)], color.filled())).map_err(err)?;
        }
        root.draw_text(label, &style, (x0 + 34, y)).map_err(err)?;
    }
    Ok(labels::Rect { x0, y0, x1: x0 + box_w + 1, y1: bottom + 1 })
}

/// Draws a line chart over categories, with points on each value and the limit as a dashed
/// line. Missing values (not detected, no report) break the line.
pub fn draw_line_chart<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, chart: &LineChart) -> Result<(), String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(err)?;
    let n = chart.categories.len().max(1);
    let y_max =
        top_with_room_for_legend(root, chart.max_value(), chart.series.len() + usize::from(chart.limit.is_some()));
    let mut ctx = category_axes(
        root,
        (&chart.title, 16),
        72,
        &chart.categories,
        (&chart.x_axis, &chart.y_axis),
        0.0..y_max,
        false,
    )?;
    let mut items = Vec::new();
    for (si, s) in chart.series.iter().enumerate() {
        let color = PALETTE[si % PALETTE.len()];
        // Consecutive present values form one segment.
        let mut segment: Vec<(f64, f64)> = Vec::new();
        for (i, v) in s.values.iter().enumerate() {
            match v {
                Some(v) => segment.push((i as f64 + 0.5, *v)),
                None => {
                    if segment.len() > 1 {
                        ctx.draw_series(LineSeries::new(segment.clone(), color.stroke_width(2))).map_err(err)?;
                    }
                    segment.clear();
                }
            }
        }
        if segment.len() > 1 {
            ctx.draw_series(LineSeries::new(segment, color.stroke_width(2))).map_err(err)?;
        }
        let points = s.values.iter().enumerate().filter_map(|(i, v)| v.map(|v| (i as f64 + 0.5, v)));
        ctx.draw_series(points.map(|p| Circle::new(p, 4, color.filled()))).map_err(err)?;
        items.push((s.label.clone(), color, false));
    }
    if let Some((label, value)) = &chart.limit {
        let color = PALETTE[2];
        let mut x = 0.0;
        while x < n as f64 {
            let end = (x + 0.12).min(n as f64);
            ctx.draw_series(std::iter::once(PathElement::new(vec![(x, *value), (end, *value)], color.stroke_width(2))))
                .map_err(err)?;
            x += 0.2;
        }
        items.push((label.clone(), color, true));
    }
    let (xs, ys) = ctx.plotting_area().get_pixel_range();
    draw_legend(root, (xs.end, ys.start), xs.start, &items)?;
    root.present().map_err(err)?;
    Ok(())
}

/// The marks the map's key explains, drawn as on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MapMark {
    Enterprise,
    Exceeded,
    Park,
}

impl MapMark {
    fn draw<DB: DrawingBackend>(self, root: &DrawingArea<DB, Shift>, at: (i32, i32)) -> Result<(), String> {
        let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
        match self {
            MapMark::Enterprise => root.draw(&Circle::new(at, 3, PALETTE[0].filled())),
            MapMark::Exceeded => root.draw(&Cross::new(at, 5, PALETTE[2].stroke_width(2))),
            MapMark::Park => root.draw(&TriangleMarker::new(at, 7, PALETTE[3].filled())),
        }
        .map_err(err)
    }
}

/// The height of one line of the map's key, in pixels.
const KEY_LINE: i32 = 20;

/// Lays out the map's key under the plot: each item (its mark, then its label) left to right,
/// wrapped to `width`. Answers each item's offset (x, line) and the number of lines.
fn map_key_layout<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    items: &[(&str, MapMark)],
    width: i32,
) -> (Vec<(i32, i32)>, i32) {
    let style = TextStyle::from((FONT, 13));
    let mut at = Vec::with_capacity(items.len());
    let (mut x, mut line) = (0, 0);
    for (label, _) in items {
        let w = 18 + root.estimate_text_size(label, &style).map_or(0, |(w, _)| w as i32);
        if x > 0 && x + w > width {
            (x, line) = (0, line + 1);
        }
        at.push((x, line));
        x += w + 14;
    }
    (at, line + 1)
}

/// Draws the schematic map: longitude across, latitude up, scaled so that a kilometre is about
/// as long in both directions. No tiles, no outlines: only the feed's schematic coordinates.
///
/// The key goes under the plot, never over it, so that it hides no place and no enterprise on a
/// phone's narrow map; place labels that find no room at full length are drawn short
/// ([`portal_core::chart::short_place_label`]).
pub fn draw_map<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, m: &MapModel) -> Result<(), String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(err)?;
    let (south, north, west, east) = m.bounds;
    let top = draw_title(root, &m.title, 16)?;
    let (width, height) = root.dim_in_pixel();
    let key: [(&str, MapMark); 3] = [
        (&m.legend_enterprise, MapMark::Enterprise),
        (&m.legend_exceeded, MapMark::Exceeded),
        (&m.legend_park, MapMark::Park),
    ];
    let key_left = MARGIN as i32 + 48;
    let (key_at, key_lines) = map_key_layout(root, &key, width as i32 - key_left - MARGIN as i32);
    let key_h = KEY_LINE * key_lines;
    let mut ctx = ChartBuilder::on(root)
        .margin(MARGIN)
        .margin_top(top)
        .margin_bottom(MARGIN + key_h as u32)
        .x_label_area_size(28)
        .y_label_area_size(48)
        .build_cartesian_2d(west..east, south..north)
        .map_err(err)?;
    ctx.configure_mesh()
        .x_labels(5)
        .y_labels(5)
        .x_label_formatter(&|x| format!("{x:.1}°E"))
        .y_label_formatter(&|y| format!("{y:.1}°N"))
        .label_style((FONT, 11))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(err)?;
    // Enterprises at the same pixel would be drawn over each other identically: each pixel is
    // drawn once (a large feed has far more enterprises than the map has distinct positions).
    let (xs, ys) = ctx.plotting_area().get_pixel_range();
    let pixels = |exceeded: bool| {
        let mut at: Vec<(i32, i32)> = m
            .enterprises
            .iter()
            .filter(|e| e.2 == exceeded)
            .map(|&(lat, lng, _)| ctx.backend_coord(&(lng, lat)))
            .filter(|(x, y)| xs.contains(x) && ys.contains(y))
            .collect();
        at.sort_unstable();
        at.dedup();
        at
    };
    for p in pixels(false) {
        MapMark::Enterprise.draw(root, p)?;
    }
    for p in pixels(true) {
        MapMark::Exceeded.draw(root, p)?;
    }
    // The key, under the x axis' labels.
    let style = TextStyle::from((FONT, 13)).color(&BLACK);
    let key_top = height as i32 - MARGIN as i32 - key_h;
    for ((label, mark), (x, line)) in key.iter().zip(&key_at) {
        let (x, y) = (key_left + x, key_top + KEY_LINE * line);
        mark.draw(root, (x + 6, y + 8))?;
        root.draw_text(label, &style, (x + 18, y + 1)).map_err(err)?;
    }
    // The places' marks, then their labels, clear of each other and of the places' marks
    // (labels::place_label_variants), full or short; a label with no free spot is left out (the
    // table under the map names every place). Districts choose before parks.
    let mut order: Vec<&model::MapPlace> = m.places.iter().collect();
    order.sort_by_key(|p| p.is_park);
    let mut labels = Vec::with_capacity(order.len());
    for p in &order {
        let at = ctx.backend_coord(&(p.lng, p.lat));
        if p.is_park {
            MapMark::Park.draw(root, at)?;
        } else {
            root.draw(&Circle::new(at, 6, BLACK.stroke_width(2))).map_err(err)?;
        }
        let size = |text: &str| root.estimate_text_size(text, &style).map_err(err);
        let (w, h) = size(&p.label)?;
        let mut variants = vec![labels::Label { x: at.0, y: at.1, w, h }];
        if p.short != p.label && !p.short.is_empty() {
            let (w, h) = size(&p.short)?;
            variants.push(labels::Label { x: at.0, y: at.1, w, h });
        }
        labels.push(variants);
    }
    let area = labels::Rect { x0: xs.start, y0: ys.start, x1: xs.end, y1: ys.end };
    for (p, spot) in order.iter().zip(labels::place_label_variants(&labels, area, &[], 7, 2)) {
        if let Some((k, r)) = spot {
            root.draw_text(if k == 0 { &p.label } else { &p.short }, &style, (r.x0, r.y0)).map_err(err)?;
        }
    }
    root.present().map_err(err)?;
    Ok(())
}

/// Either kind of chart the portal draws.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    Bar(BarChart),
    Line(LineChart),
    Map(MapModel),
}

impl Chart {
    /// The chart's title (also its accessible name).
    pub fn title(&self) -> &str {
        match self {
            Chart::Bar(c) => &c.title,
            Chart::Line(c) => &c.title,
            Chart::Map(m) => &m.title,
        }
    }

    /// Draws the chart filling `root`.
    pub fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        match self {
            Chart::Bar(c) => draw_bar_chart(root, c),
            Chart::Line(c) => draw_line_chart(root, c),
            Chart::Map(m) => draw_map(root, m),
        }
    }

    /// The same chart with `factor` times the points, for the benchmarks: categories repeated
    /// (numbered after the first round) with their values, or map dots repeated with small
    /// offsets inside the map's bounds.
    pub fn scaled(&self, factor: usize) -> Chart {
        let rounds = |categories: &[String]| -> Vec<String> {
            (0..factor)
                .flat_map(|k| categories.iter().map(move |c| if k == 0 { c.clone() } else { format!("{c}·{}", k + 1) }))
                .collect()
        };
        let repeat = |v: &[Option<f64>]| v.iter().copied().cycle().take(v.len() * factor).collect::<Vec<_>>();
        match self {
            Chart::Bar(c) => Chart::Bar(BarChart {
                categories: rounds(&c.categories),
                series: c
                    .series
                    .iter()
                    .map(|s| model::Series { label: s.label.clone(), values: repeat(&s.values) })
                    .collect(),
                ..c.clone()
            }),
            Chart::Line(c) => Chart::Line(LineChart {
                categories: rounds(&c.categories),
                series: c
                    .series
                    .iter()
                    .map(|s| model::Series { label: s.label.clone(), values: repeat(&s.values) })
                    .collect(),
                ..c.clone()
            }),
            Chart::Map(m) => {
                let (south, north, west, east) = m.bounds;
                let enterprises = (0..factor)
                    .flat_map(|k| {
                        m.enterprises.iter().map(move |&(lat, lng, x)| {
                            let step = k as f64 * 0.002;
                            ((lat + step).clamp(south, north), (lng + step).clamp(west, east), x)
                        })
                    })
                    .collect();
                Chart::Map(MapModel { enterprises, ..m.clone() })
            }
        }
    }

    /// The chart as an SVG document, measuring text with `measurer`.
    pub fn svg<M: measured::TextMeasurer>(&self, width: u32, height: u32, measurer: M) -> Result<String, String> {
        let mut svg = String::new();
        {
            let backend = measured::Measured::new(SVGBackend::with_string(&mut svg, (width, height)), measurer);
            self.draw(&backend.into_drawing_area())?;
        }
        Ok(svg)
    }

    /// The data table: header and rows. `first` names the category column; `missing` fills gaps.
    pub fn table(&self, first: &str, missing: &str) -> (Vec<String>, Vec<Vec<String>>) {
        match self {
            Chart::Bar(c) => c.table(first),
            Chart::Line(c) => c.table(first, missing),
            // The map's table is a list of places, not of years: it names its own columns.
            Chart::Map(m) => (
                m.table_columns.to_vec(),
                m.places
                    .iter()
                    .map(|p| vec![p.label.clone(), format!("{:.3}", p.lat), format!("{:.3}", p.lng)])
                    .collect(),
            ),
        }
    }
}

/// A rough text measurer for native use (tests, server-side SVG): 0.6 em per character, wider
/// for CJK.
pub fn approximate_measurer(text: &str, _family: &str, size: f64) -> (u32, u32) {
    let em: f64 = text.chars().map(|c| if c.is_ascii() { 0.6 } else { 1.0 }).sum();
    ((em * size).ceil() as u32, size.ceil() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> BarChart {
        BarChart {
            title: "Enterprises disclosing".into(),
            x_axis: "Year".into(),
            y_axis: "Enterprises".into(),
            categories: vec!["2021".into(), "2022".into()],
            series: vec![
                model::Series { label: "Disclosed".into(), values: vec![Some(10.0), Some(12.0)] },
                model::Series { label: "Did not disclose".into(), values: vec![Some(0.0), None] },
            ],
            log_axis: None,
        }
    }

    #[test]
    fn a_bar_chart_renders_to_svg_with_its_labels() {
        let svg = Chart::Bar(sample()).svg(640, 360, approximate_measurer).expect("draws");
        assert!(svg.starts_with("<svg"), "{}", &svg[..40.min(svg.len())]);
        for text in ["Enterprises disclosing", "2021", "2022", "Disclosed", "Did not disclose", "Year"] {
            assert!(svg.contains(text), "missing {text}");
        }
        // One filled rectangle per present value, in the series colours.
        assert!(svg.contains("#0072B2"), "first series colour missing");
    }

    #[test]
    fn a_title_wider_than_a_phone_wraps_inside_the_chart() {
        let mut chart = sample();
        chart.title = "Total annual discharge of listed substances, by enterprise".into();
        let svg = Chart::Bar(chart.clone()).svg(330, 260, approximate_measurer).expect("draws");
        // Every text the chart draws with the title's words: where it starts and how wide it is.
        let lines: Vec<(f64, String)> = svg
            .split("<text")
            .skip(1)
            .filter_map(|t| {
                let x = t.split(" x=\"").nth(1)?.split('"').next()?.parse().ok()?;
                let text = t.split('>').nth(1)?.split('<').next()?.trim().to_owned();
                Some((x, text))
            })
            .filter(|(_, text)| chart.title.contains(text.as_str()) && text.len() > 8)
            .collect();
        assert!(lines.len() >= 2, "the title is wrapped: {lines:?}");
        assert_eq!(lines.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join(" "), chart.title);
        for (x, text) in &lines {
            let w = f64::from(approximate_measurer(text, FONT, 18.0).0);
            assert!(*x >= 0.0 && x + w <= 330.0, "{text:?} runs from {x} to {} px of 330", x + w);
        }
    }

    #[test]
    fn a_legend_label_too_long_for_a_phone_is_shortened_and_stays_inside_the_chart() {
        let long = "Lianyungang Sample Qitong Chemical Co., Ltd. (fictitious)";
        let mut chart = sample();
        chart.series[0].label = long.into();
        let svg = Chart::Bar(chart.clone()).svg(320, 260, approximate_measurer).expect("draws");
        assert!(!svg.contains(long), "the full name does not fit 320 px");
        assert!(svg.contains("Lianyungang Sample") && svg.contains('…'), "shortened with an ellipsis");
        let lefts: Vec<f64> = svg
            .split("<rect")
            .skip(1)
            .filter_map(|r| r.split(" x=\"").nth(1)?.split('"').next()?.parse().ok())
            .collect();
        assert!(lefts.iter().all(|x| *x >= 0.0), "nothing drawn left of the chart: {lefts:?}");
        // A wide chart has room for it in full.
        let wide = Chart::Bar(chart).svg(1000, 400, approximate_measurer).expect("draws");
        assert!(wide.contains(long));
    }

    #[test]
    fn on_a_log_axis_the_smallest_bar_stays_visible_and_ticks_are_powers_of_ten() {
        let values = [30_000.0, 0.15];
        let mut chart = sample();
        chart.categories = vec!["2024".into()];
        chart.series = vec![
            model::Series { label: "Big".into(), values: vec![Some(values[0])] },
            model::Series { label: "Small".into(), values: vec![Some(values[1])] },
        ];
        chart.log_axis = model::log_decades(values);
        let bar_heights = |chart: &BarChart, colour: &str| -> f64 {
            let svg = Chart::Bar(chart.clone()).svg(320, 260, approximate_measurer).expect("draws");
            svg.split("<rect")
                .skip(1)
                .filter(|r| r.contains(&format!("fill=\"{colour}\"")) && !r.contains("stroke=\"#000000\""))
                .filter_map(|r| r.split(" height=\"").nth(1)?.split('"').next()?.parse::<f64>().ok())
                .fold(0.0, f64::max)
        };
        // The second series (orange) is the small one. Its legend swatch is 12 px high; its bar
        // is taller than a swatch on a log axis (17 px of a 260 px chart), and under a pixel on a
        // linear one.
        let log_small = bar_heights(&chart, "#E69F00");
        assert!(log_small > 15.0, "the small bar is {log_small} px on a log axis");
        let linear = BarChart { log_axis: None, ..chart.clone() };
        assert!(bar_heights(&linear, "#E69F00") <= 12.0, "the linear axis flattens it (only the swatch is left)");
        let svg = Chart::Bar(chart).svg(320, 260, approximate_measurer).expect("draws");
        let texts: Vec<&str> = svg.split("</text>").filter_map(|t| t.rsplit('>').next()).map(str::trim).collect();
        for tick in ["0.01", "1", "100", "10⁴"] {
            assert!(texts.contains(&tick), "tick {tick} missing: {texts:?}");
        }
    }

    #[test]
    fn the_bar_legend_sits_above_the_tallest_bar_and_counts_have_no_decimals() {
        let mut chart = sample();
        chart.series.push(model::Series { label: "Exceeded a limit".into(), values: vec![Some(1.0), Some(4.0)] });
        // A phone-sized chart, where the legend takes the largest share of the plot.
        let svg = Chart::Bar(chart).svg(320, 260, approximate_measurer).expect("draws");
        let rects: Vec<(f64, f64, String)> = svg
            .split("<rect")
            .skip(1)
            .map(|r| {
                let attr = |name: &str| -> String {
                    r.split(&format!(" {name}=\"")).nth(1).and_then(|v| v.split('"').next()).unwrap_or("").to_owned()
                };
                let (y, h) = (attr("y").parse().unwrap_or(0.0), attr("height").parse().unwrap_or(0.0));
                (y, y + h, format!("{} {}", attr("fill"), attr("stroke")))
            })
            .collect();
        // Bars stand on the axis (the lowest bottom); the legend's colour swatches do not.
        let first_colour: Vec<_> = rects.iter().filter(|r| r.2.contains("#0072B2")).collect();
        let axis = first_colour.iter().map(|r| r.1).fold(f64::MIN, f64::max);
        let tallest_top =
            first_colour.iter().filter(|r| (r.1 - axis).abs() < 1.0).map(|r| r.0).fold(f64::MAX, f64::min);
        let legend_bottom = rects.iter().filter(|r| r.2.contains("none #000000")).map(|r| r.1).fold(f64::MIN, f64::max);
        assert!(legend_bottom > 0.0 && tallest_top < f64::MAX, "no legend or bars found in {svg}");
        assert!(legend_bottom < tallest_top, "the legend (bottom {legend_bottom}) covers a bar (top {tallest_top})");
        let ticks: Vec<&str> = svg
            .split("</text>")
            .filter_map(|t| t.rsplit('>').next())
            .map(str::trim)
            .filter(|t| t.parse::<f64>().is_ok())
            .collect();
        assert!(ticks.len() >= 3 && ticks.iter().all(|t| !t.contains('.')), "count ticks need no decimals: {ticks:?}");
    }
    #[test]
    fn a_line_chart_draws_its_values_and_the_dashed_limit() {
        let chart = LineChart {
            title: "DW001 DCM".into(),
            x_axis: "Year".into(),
            y_axis: "Concentration (mg/L)".into(),
            categories: vec!["2021".into(), "2022".into(), "2023".into()],
            series: vec![portal_core::chart::Series {
                label: "DW001".into(),
                values: vec![Some(0.05), None, Some(0.12)],
            }],
            limit: Some(("Limit GB 21904-2008 (mg/L)".into(), 0.3)),
        };
        let svg = Chart::Line(chart).svg(640, 360, approximate_measurer).expect("draws");
        for text in ["DW001 DCM", "2021", "2023", "Limit GB 21904-2008 (mg/L)", "Concentration (mg/L)"] {
            assert!(svg.contains(text), "missing {text}");
        }
        // Two points (the missing year has none) in the series colour, and limit dashes in the third colour.
        assert_eq!(svg.matches("<circle").count(), 2, "{svg}");
        assert!(svg.contains("#D55E00"), "no limit line colour");
    }

    #[test]
    fn the_schematic_map_places_districts_parks_and_enterprises() {
        use portal_core::chart::{MapModel, MapPlace};
        let m = MapModel {
            title: "Schematic map".into(),
            bounds: (33.98, 35.14, 118.40, 119.91),
            places: vec![
                MapPlace { label: "Haizhou".into(), short: "Haizhou".into(), lat: 34.59, lng: 119.2, is_park: false },
                MapPlace { label: "Xuwei".into(), short: "Xuwei".into(), lat: 34.55, lng: 119.6, is_park: true },
            ],
            enterprises: vec![(34.6, 119.21, false), (34.3, 119.25, true)],
            legend_enterprise: "Enterprise".into(),
            legend_exceeded: "Exceeded".into(),
            legend_park: "Park".into(),
            table_columns: ["Place".into(), "Latitude (°N)".into(), "Longitude (°E)".into()],
        };
        let (head, rows) = Chart::Map(m.clone()).table("Year", "–");
        assert_eq!(head, ["Place", "Latitude (°N)", "Longitude (°E)"], "the map's table names its own columns");
        assert_eq!(rows[0], ["Haizhou", "34.590", "119.200"]);
        let m_clone = m.clone();
        let svg = Chart::Map(m).svg(600, 500, approximate_measurer).expect("draws");
        for text in ["Schematic map", "Haizhou", "Xuwei", "Exceeded", "°E", "°N"] {
            assert!(svg.contains(text), "missing {text}");
        }
        // One dot for the ordinary enterprise plus the district circle; a cross is two lines.
        assert!(svg.matches("<circle").count() >= 2);

        // A thousand enterprises at one spot, and one outside the map: one dot, nothing outside.
        let crowded = MapModel {
            enterprises: std::iter::repeat_n((34.6, 119.21, false), 1000).chain([(40.0, 119.21, false)]).collect(),
            places: vec![],
            ..m_clone
        };
        let svg = Chart::Map(crowded).svg(600, 500, approximate_measurer).expect("draws");
        assert_eq!(svg.matches("<circle").count(), 2, "one dot on the plot and one in the key: {svg}");
    }

    #[test]
    fn an_empty_chart_still_draws_its_frame() {
        let chart = BarChart { categories: vec![], series: vec![], ..sample() };
        let svg = Chart::Bar(chart).svg(320, 200, approximate_measurer).expect("draws");
        assert!(svg.contains("Enterprises disclosing"));
    }

    #[test]
    fn a_scaled_chart_has_factor_times_the_points_and_the_same_values() {
        let Chart::Bar(big) = Chart::Bar(sample()).scaled(10) else { panic!("a bar chart stays a bar chart") };
        assert_eq!(big.categories.len(), 20);
        assert_eq!(&big.categories[..3], ["2021", "2022", "2021·2"]);
        assert_eq!(big.series[0].values.len(), 20);
        assert_eq!(big.series[1].values[2..4], [Some(0.0), None]);
        assert_eq!(big.max_value(), sample().max_value());
        let svg = Chart::Bar(big).svg(720, 400, approximate_measurer).expect("draws");
        assert_eq!(
            svg.matches("#0072B2").count(),
            Chart::Bar(sample()).svg(720, 400, approximate_measurer).expect("draws").matches("#0072B2").count() + 18
        );
    }
}
