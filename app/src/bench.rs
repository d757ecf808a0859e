//! Hooks for `cargo xtask bench` (tests/bench/*.mjs), on `window.portalBench`:
//!
//! - `query(queryString, english)` runs the list's query engine on the loaded feed, exactly as
//!   the list page does, and answers JSON: the total, the ids of the shown page and every facet
//!   count. The benchmark checks the peer databases' answers against it before timing anything.
//! - `haystacks()` gives the normalised search text of every row (JSON array), so the peers
//!   search the same text.
//! - `drawCharts(factor)` draws every chart drawn since the app started (the latest of each title)
//!   again on a detached canvas of the same size, with `factor` times the points, and answers
//!   `{title: ms}`.
//!
//! And the timings the app records as it works, under `window.portalLoadTimings`,
//! `portalChartTimings` and `portalPowTimings` ([`record_timing`]).
//!
//! They read only the public feed already in memory; nothing here changes what a reader sees.
//! Compiled only with the app's `bench` feature, which the bench build turns on
//! (`cargo xtask bench` builds the site with `trunk build --features bench`) and the site leaves off.

use crate::components::chart::{HEIGHT, WIDTH, canvas_measurer};
use crate::data::FeedData;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use portal_charts::Chart;
use portal_charts::measured::Measured;
use portal_core::query::{FacetCount, Query};
use std::cell::RefCell;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

thread_local! {
    static CHARTS: RefCell<Vec<Chart>> = const { RefCell::new(Vec::new()) };
}

/// `window[name]`, created as an empty object if it is not one yet.
fn window_object(name: &str) -> Option<js_sys::Object> {
    let w = crate::window()?;
    if let Some(existing) = js_sys::Reflect::get(&w, &name.into()).ok().filter(wasm_bindgen::JsValue::is_object) {
        return Some(existing.unchecked_into());
    }
    let created = js_sys::Object::new();
    js_sys::Reflect::set(&w, &name.into(), &created).ok()?;
    Some(created)
}

fn hooks() -> Option<js_sys::Object> {
    window_object("portalBench")
}

/// The page's clock in milliseconds (`performance.now()`; 0 without one).
pub fn now() -> f64 {
    crate::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Records a timing under `window[bucket][name]` in milliseconds (read by the benchmarks).
pub fn record_timing(bucket: &str, name: &str, ms: f64) {
    if let Some(obj) = window_object(bucket) {
        let _ = js_sys::Reflect::set(&obj, &name.into(), &ms.into());
    }
}

fn counts<T>(c: &[FacetCount<T>], key: impl Fn(&T) -> serde_json::Value) -> serde_json::Value {
    c.iter().map(|f| serde_json::json!([key(&f.value), f.count])).collect()
}

/// The query engine's answer as the benchmark compares it.
fn answer(data: &FeedData, query_string: &str, english: bool) -> String {
    let pairs: Vec<(String, String)> = query_string
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| {
            let v = js_sys::decode_uri_component(v).map(String::from).unwrap_or_else(|_| v.to_owned());
            (k.to_owned(), v)
        })
        .collect();
    let q = Query::from_params(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let r = data.catalog.run(&q, None, None, english);
    let f = &r.facets;
    serde_json::json!({
        "total": r.rows.len(),
        "page": r.page_rows().iter().map(|&i| data.catalog.entries[i].id.as_str()).collect::<Vec<_>>(),
        "facets": {
            "district": counts(&f.districts, |v| v.as_str().into()),
            "zone": counts(&f.zones, |v| v.as_str().into()),
            "industry": counts(&f.industries, |v| v.as_str().into()),
            "basis": counts(&f.basis, |v| v.key().into()),
            "entry": counts(&f.entries, |v| (*v).into()),
            "year": counts(&f.years, |v| (*v).into()),
            "flag": counts(&f.flags, |v| v.key().into()),
        }
    })
    .to_string()
}

/// The feed is loaded: records how long parsing the index and building the catalog took
/// (`window.portalLoadTimings`) and puts the hooks on `window.portalBench`.
pub fn feed_loaded(data: &Arc<FeedData>, index_parse_ms: f64, catalog_ms: f64) {
    record_timing("portalLoadTimings", "indexParseMs", index_parse_ms);
    record_timing("portalLoadTimings", "catalogMs", catalog_ms);
    expose_feed(data);
}

/// Puts `query` and `haystacks` on `window.portalBench` for the loaded feed.
fn expose_feed(data: &Arc<FeedData>) {
    let Some(obj) = hooks() else { return };
    let d = Arc::clone(data);
    let query = Closure::<dyn Fn(String, bool) -> String>::new(move |qs: String, en: bool| answer(&d, &qs, en));
    let d = Arc::clone(data);
    let haystacks = Closure::<dyn Fn() -> String>::new(move || {
        serde_json::Value::from((0..d.catalog.entries.len()).map(|i| d.catalog.haystack(i)).collect::<Vec<_>>())
            .to_string()
    });
    let _ = js_sys::Reflect::set(&obj, &"query".into(), &query.into_js_value());
    let _ = js_sys::Reflect::set(&obj, &"haystacks".into(), &haystacks.into_js_value());
}

/// A chart was drawn, starting at `t0` ([`now`]): its draw time goes to
/// `window.portalChartTimings[title]`, and the chart is kept for `drawCharts`.
pub fn chart_drawn(chart: &Chart, t0: f64) {
    record_timing("portalChartTimings", chart.title(), now() - t0);
    register_chart(chart);
}

/// Remembers a chart drawn on this page, for `drawCharts`.
fn register_chart(chart: &Chart) {
    let first = CHARTS.with_borrow_mut(|charts| {
        charts.retain(|c| c.title() != chart.title());
        charts.push(chart.clone());
        charts.len() == 1
    });
    if first && let Some(obj) = hooks() {
        let draw = Closure::<dyn Fn(usize) -> js_sys::Object>::new(draw_charts);
        let _ = js_sys::Reflect::set(&obj, &"drawCharts".into(), &draw.into_js_value());
    }
}

fn draw_charts(factor: usize) -> js_sys::Object {
    let out = js_sys::Object::new();
    let (Some(doc), Some(perf)) =
        (crate::window().and_then(|w| w.document()), crate::window().and_then(|w| w.performance()))
    else {
        return out;
    };
    for chart in CHARTS.with_borrow(Clone::clone) {
        let scaled = chart.scaled(factor.max(1));
        let Some(canvas) =
            doc.create_element("canvas").ok().and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            continue;
        };
        canvas.set_width(WIDTH);
        canvas.set_height(HEIGHT);
        let (Some(inner), Some(measurer)) = (CanvasBackend::with_canvas_object(canvas), canvas_measurer()) else {
            continue;
        };
        let t0 = perf.now();
        let drawn = scaled.draw(&Measured::new(inner, measurer).into_drawing_area());
        let ms = perf.now() - t0;
        let value = if drawn.is_ok() { ms.into() } else { wasm_bindgen::JsValue::NULL };
        let _ = js_sys::Reflect::set(&out, &chart.title().into(), &value);
    }
    out
}
