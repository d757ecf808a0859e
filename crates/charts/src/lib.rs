//! Chart drawing with plotters, generic over the drawing backend: the app draws on a canvas
//! (plotters-canvas), the SVG export and the native tests draw with `SVGBackend`.

pub mod measured;

use plotters::coord::Shift;
use plotters::prelude::*;
use portal_core::chart::BarChart;

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
    let n = chart.categories.len().max(1);
    let y_max = chart.max_value() * 1.15;
    let mut ctx = ChartBuilder::on(root)
        .margin(12)
        .caption(&chart.title, (FONT, 18))
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(0f64..n as f64, 0f64..y_max)
        .map_err(err)?;
    let categories = chart.categories.clone();
    ctx.configure_mesh()
        .disable_x_mesh()
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
        .x_desc(&chart.x_axis)
        .y_desc(&chart.y_axis)
        .label_style((FONT, 13))
        .axis_desc_style((FONT, 14))
        .draw()
        .map_err(err)?;
    let k = chart.series.len().max(1) as f64;
    let group = 0.8;
    let width = group / k;
    for (si, s) in chart.series.iter().enumerate() {
        let color = PALETTE[si % PALETTE.len()];
        let bars = s.values.iter().enumerate().filter_map(|(ci, v)| {
            let v = (*v)?;
            let x0 = ci as f64 + (1.0 - group) / 2.0 + si as f64 * width;
            Some(Rectangle::new([(x0, 0.0), (x0 + width * 0.92, v)], color.filled()))
        });
        ctx.draw_series(bars).map_err(err)?;
    }
    // The legend is drawn by hand: plotters' own legend measures text through an inline-styled
    // <span> on wasm, which the site's Content-Security-Policy forbids.
    let (xs, ys) = ctx.plotting_area().get_pixel_range();
    let style = TextStyle::from((FONT, 13)).color(&BLACK);
    let sizes: Vec<(u32, u32)> = chart
        .series
        .iter()
        .map(|s| root.estimate_text_size(&s.label, &style))
        .collect::<Result<_, _>>()
        .map_err(err)?;
    let text_w = sizes.iter().map(|s| s.0 as i32).max().unwrap_or(0);
    let line_h = 20;
    let box_w = text_w + 32;
    let x0 = xs.end - box_w - 8;
    let y0 = ys.start + 6;
    if !chart.series.is_empty() {
        let bottom = y0 + line_h * chart.series.len() as i32 + 8;
        root.draw(&Rectangle::new([(x0, y0), (x0 + box_w, bottom)], WHITE.mix(0.9).filled())).map_err(err)?;
        root.draw(&Rectangle::new([(x0, y0), (x0 + box_w, bottom)], BLACK.stroke_width(1))).map_err(err)?;
    }
    for (si, s) in chart.series.iter().enumerate() {
        let color = PALETTE[si % PALETTE.len()];
        let y = y0 + 8 + line_h * si as i32;
        root.draw(&Rectangle::new([(x0 + 8, y + 1), (x0 + 20, y + 13)], color.filled())).map_err(err)?;
        root.draw_text(&s.label, &style, (x0 + 26, y)).map_err(err)?;
    }
    root.present().map_err(err)?;
    Ok(())
}

/// Draws a chart into an SVG document of the given size (used for the SVG export and tests).
pub fn bar_chart_svg(chart: &BarChart, width: u32, height: u32) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        draw_bar_chart(&root, chart)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_core::chart::BarSeries;

    fn sample() -> BarChart {
        BarChart {
            title: "Enterprises disclosing".into(),
            x_axis: "Year".into(),
            y_axis: "Enterprises".into(),
            categories: vec!["2021".into(), "2022".into()],
            series: vec![
                BarSeries { label: "Disclosed".into(), values: vec![Some(10.0), Some(12.0)] },
                BarSeries { label: "Did not disclose".into(), values: vec![Some(0.0), None] },
            ],
        }
    }

    #[test]
    fn a_bar_chart_renders_to_svg_with_its_labels() {
        let svg = bar_chart_svg(&sample(), 640, 360).expect("draws");
        assert!(svg.starts_with("<svg"), "{}", &svg[..40.min(svg.len())]);
        for text in ["Enterprises disclosing", "2021", "2022", "Disclosed", "Did not disclose", "Year"] {
            assert!(svg.contains(text), "missing {text}");
        }
        // One filled rectangle per present value, in the series colours.
        assert!(svg.contains("#0072B2"), "first series colour missing");
    }

    #[test]
    fn an_empty_chart_still_draws_its_frame() {
        let chart = BarChart { categories: vec![], series: vec![], ..sample() };
        let svg = bar_chart_svg(&chart, 320, 200).expect("draws");
        assert!(svg.contains("Enterprises disclosing"));
    }
}
