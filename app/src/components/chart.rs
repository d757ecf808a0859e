//! A chart drawn in WASM on a canvas, with its data table as the text alternative, a caption with
//! units and source, and exports to PNG and SVG.

use crate::download::{download_text, download_url};
use crate::i18n::use_lang;
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use portal_charts::Chart;
use portal_charts::measured::Measured;
use portal_core::i18n::Msg;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

/// The size charts are drawn at on a wide screen, in CSS pixels; the SVG export's size.
pub const WIDTH: u32 = 720;
pub const HEIGHT: u32 = 400;
/// The least height on a narrow screen, so that a phone's chart keeps room for its plot.
const MIN_HEIGHT: u32 = 300;
/// The width a phone shows a chart at (360 px less the page's margins), for the prerendered
/// page's narrow drawing.
const NARROW_WIDTH: u32 = 328;
/// How much larger charts are drawn in the elderly-friendly mode (13 px labels become 17 px).
const ELDER_ZOOM: f64 = 1.3;

/// The size a chart is drawn at, in its own pixels: the width the page gives its canvas (at most
/// [`WIDTH`]) and a height in proportion (at least [`MIN_HEIGHT`]), both divided by `zoom`. Its
/// text keeps its size on a phone instead of the whole drawing being scaled down, and is `zoom`
/// times larger in the elderly-friendly mode.
fn drawn_size(canvas: &web_sys::HtmlCanvasElement, zoom: f64) -> (u32, u32) {
    let shown = u32::try_from(canvas.client_width()).unwrap_or(0);
    let width = if shown == 0 { WIDTH } else { shown.min(WIDTH) };
    let height = (width * HEIGHT / WIDTH).max(MIN_HEIGHT);
    let own = |css: u32| (f64::from(css) / zoom).round() as u32;
    (own(width), own(height))
}

/// Sizes `canvas` for a drawing of `size` of its own pixels shown `zoom` times larger, at the
/// screen's pixel density, and scales its context to match: the chart stays sharp.
fn prepare_canvas(canvas: &web_sys::HtmlCanvasElement, size: (u32, u32), zoom: f64) {
    let ratio = crate::window().map_or(1.0, |w| w.device_pixel_ratio()).clamp(1.0, 3.0) * zoom;
    let device = |own: u32| (f64::from(own) * ratio).round() as u32;
    canvas.set_width(device(size.0));
    canvas.set_height(device(size.1));
    let context = canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok());
    if let Some(context) = context {
        let _ = context.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
    }
}

/// Measures text with a detached canvas's `measureText`, which needs no inline style (plotters'
/// own measurement inserts a styled `<span>`, which the Content-Security-Policy blocks).
pub fn canvas_measurer() -> Option<impl Fn(&str, &str, f64) -> (u32, u32) + Clone> {
    let doc = crate::window()?.document()?;
    let canvas: web_sys::HtmlCanvasElement = doc.create_element("canvas").ok()?.dyn_into().ok()?;
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    // Setting the context's font is costly (the browser parses it): set it only when it changes.
    let current = std::rc::Rc::new(std::cell::RefCell::new(String::new()));
    Some(move |text: &str, family: &str, size: f64| {
        if text.is_empty() {
            return (0, size.ceil() as u32);
        }
        let font = format!("{size}px {family}");
        if *current.borrow() != font {
            ctx.set_font(&font);
            *current.borrow_mut() = font;
        }
        let width = ctx.measure_text(text).map(|m| m.width()).unwrap_or(text.chars().count() as f64 * size);
        (width.ceil() as u32, size.ceil() as u32)
    })
}

/// The font family the stylesheet gives `canvas` (the page's font stack), for the chart's text:
/// it looks like the page's, and its glyphs come from fonts the page has loaded already (the
/// generic sans-serif may be a font without Chinese, each character then looked up elsewhere).
fn page_font(canvas: &web_sys::HtmlCanvasElement) -> Option<String> {
    let style = crate::window()?.get_computed_style(canvas).ok()??;
    style.get_property_value("font-family").ok().filter(|f| !f.trim().is_empty())
}

/// A chart's caption in the reader's language, for [`ChartFigure`].
pub fn caption(msg: Msg) -> Signal<String> {
    let text = crate::i18n::t(msg);
    Signal::derive(move || text().to_owned())
}

/// A figure: the canvas chart, its caption and source, export buttons and the data table.
#[component]
pub fn ChartFigure(
    /// The chart to draw; redrawn when it changes.
    #[prop(into)]
    chart: Signal<Chart>,
    /// What the chart shows, with units.
    #[prop(into)]
    caption: Signal<String>,
    /// Where the data comes from (feed version and source).
    #[prop(into)]
    source: Signal<String>,
    /// File name (without extension) for the exports.
    #[prop(into)]
    file_stem: String,
) -> impl IntoView {
    let lang = use_lang();
    let canvas = NodeRef::<Canvas>::new();
    // Redrawn when the page's width changes (a phone turned sideways).
    let width = RwSignal::new(0);
    if crate::in_browser() {
        let on_resize = window_event_listener(leptos::ev::resize, move |_| {
            if let Some(el) = canvas.get_untracked()
                && el.client_width() != width.get_untracked()
            {
                width.set(el.client_width());
            }
        });
        on_cleanup(move || on_resize.remove());
    }
    let elder = use_context::<crate::components::layout::ElderMode>().map(|e| e.0);
    Effect::new(move |_| {
        let c = chart.get();
        width.track();
        let zoom = if elder.is_some_and(|e| e.get()) { ELDER_ZOOM } else { 1.0 };
        let Some(el) = canvas.get() else { return };
        let Some(measurer) = canvas_measurer() else { return };
        let size = drawn_size(&el, zoom);
        prepare_canvas(&el, size, zoom);
        let family = page_font(&el);
        if let Some(inner) = CanvasBackend::with_canvas_object(el) {
            let backend = Measured { inner, measurer, size: Some(size), family };
            #[cfg(feature = "bench")]
            let t0 = crate::bench::now();
            if let Err(e) = c.draw(&backend.into_drawing_area()) {
                leptos::logging::warn!("chart could not be drawn: {e}");
            }
            #[cfg(feature = "bench")]
            crate::bench::chart_drawn(&c, t0);
        }
    });
    let stem = file_stem.clone();
    let export_png = move |_| {
        if let Some(el) = canvas.get_untracked()
            && let Ok(url) = el.to_data_url()
        {
            download_url(&format!("{stem}.png"), &url);
        }
    };
    let export_svg = move |_| {
        if let Some(m) = canvas_measurer()
            && let Ok(svg) = chart.with_untracked(|c| c.svg(WIDTH, HEIGHT, m))
        {
            download_text(&format!("{file_stem}.svg"), "image/svg+xml", &svg);
        }
    };
    let table = move || {
        let lang = lang.get();
        chart.with(|c| c.table(Msg::ColumnYear.text(lang), Msg::ResultNotDetected.text(lang)))
    };
    let title = move || chart.with(|c| c.title().to_owned());
    // In the browser the chart is drawn on the canvas (above); the prerendered page has the same
    // drawing as SVG in the same box, until the app takes over.
    let drawing = if crate::in_browser() {
        view! { <canvas node_ref=canvas width=WIDTH height=HEIGHT role="img" aria-label=title></canvas> }.into_any()
    } else {
        // Two drawings, as the canvas would draw them: at a phone's size and at the full size; the
        // stylesheet shows the one for the screen, so that a phone's labels keep their size.
        let svg = |class: &str, (w, h): (u32, u32)| {
            chart
                .with_untracked(|c| c.svg(w, h, portal_charts::approximate_measurer))
                .map(|s| s.replacen("<svg ", &format!("<svg class=\"{class}\" "), 1))
                .unwrap_or_default()
        };
        let svgs = svg("narrow", (NARROW_WIDTH, MIN_HEIGHT)) + &svg("wide", (WIDTH, HEIGHT));
        view! { <div class="chart-drawing" role="img" aria-label=title inner_html=svgs></div> }.into_any()
    };
    view! {
        <figure class="chart">
            {drawing}
            <figcaption>
                <p>{caption}</p>
                <p class="source">{move || Msg::ChartSource.text(lang.get())}": "{source}</p>
            </figcaption>
            <p class="chart-actions">
                <button type="button" on:click=export_png>{move || Msg::ExportPng.text(lang.get())}</button>
                " "
                <button type="button" on:click=export_svg>{move || Msg::ExportSvg.text(lang.get())}</button>
            </p>
            <div class="table-wrap" tabindex="0">
                <table class="data-table as-cards">
                    <caption>{move || Msg::DataTableCaption.text(lang.get())}": "{title}</caption>
                    <thead>
                        <tr>{move || table().0.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
                    </thead>
                    <tbody>
                        {move || {
                            let (columns, rows) = table();
                            rows.into_iter()
                                .map(|row| {
                                    let mut cells = row.into_iter();
                                    let head = cells.next().unwrap_or_default();
                                    // Each value led by its column's name in a phone's card.
                                    let cells = cells
                                        .zip(columns.iter().skip(1).cloned())
                                        .map(|(c, label)| view! { <td data-label=label>{c}</td> })
                                        .collect_view();
                                    view! {
                                        <tr>
                                            <th scope="row">{head}</th>
                                            {cells}
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
