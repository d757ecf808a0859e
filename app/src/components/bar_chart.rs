//! A bar chart drawn in WASM on a canvas, with its data table as the text alternative.

use crate::i18n::use_lang;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use portal_charts::measured::Measured;
use portal_core::chart::BarChart;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

/// Measures text with a detached canvas's `measureText`, which needs no inline style (plotters'
/// own measurement inserts a styled `<span>`, which the Content-Security-Policy blocks).
pub fn canvas_measurer() -> Option<impl Fn(&str, &str, f64) -> (u32, u32)> {
    let doc = web_sys::window()?.document()?;
    let canvas: web_sys::HtmlCanvasElement = doc.create_element("canvas").ok()?.dyn_into().ok()?;
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    Some(move |text: &str, family: &str, size: f64| {
        ctx.set_font(&format!("{size}px {family}"));
        let width = ctx.measure_text(text).map(|m| m.width()).unwrap_or(text.chars().count() as f64 * size);
        (width.ceil() as u32, size.ceil() as u32)
    })
}
use portal_core::i18n::Msg;

/// A figure: the canvas chart, its caption (units and source) and a data table with every value.
#[component]
pub fn BarChartFigure(
    /// The chart to draw; redrawn when it changes.
    #[prop(into)]
    chart: Signal<BarChart>,
    /// What the chart shows, with units.
    #[prop(into)]
    caption: Signal<String>,
    /// Where the data comes from (feed version and source).
    #[prop(into)]
    source: Signal<String>,
) -> impl IntoView {
    let lang = use_lang();
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let c = chart.get();
        let Some(el) = canvas.get() else { return };
        let Some(measurer) = canvas_measurer() else { return };
        if let Some(inner) = CanvasBackend::with_canvas_object(el) {
            let backend = Measured { inner, measurer };
            if let Err(e) = portal_charts::draw_bar_chart(&backend.into_drawing_area(), &c) {
                leptos::logging::warn!("chart could not be drawn: {e}");
            }
        }
    });
    let table = move || chart.with(|c| c.table(Msg::ColumnYear.text(lang.get())));
    view! {
        <figure class="chart">
            <canvas node_ref=canvas width="720" height="400" role="img" aria-label=move || chart.with(|c| c.title.clone())></canvas>
            <figcaption>
                <p>{caption}</p>
                <p class="source">{move || Msg::ChartSource.text(lang.get())}": "{source}</p>
            </figcaption>
            <div class="table-wrap">
                <table class="data-table">
                    <caption>{move || Msg::DataTableCaption.text(lang.get())}": "{move || chart.with(|c| c.title.clone())}</caption>
                    <thead>
                        <tr>{move || table().0.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
                    </thead>
                    <tbody>
                        {move || {
                            table()
                                .1
                                .into_iter()
                                .map(|row| {
                                    let mut cells = row.into_iter();
                                    let head = cells.next().unwrap_or_default();
                                    view! {
                                        <tr>
                                            <th scope="row">{head}</th>
                                            {cells.map(|c| view! { <td>{c}</td> }).collect_view()}
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </figure>
    }
}
