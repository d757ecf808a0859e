//! Browser tests of components, run by wasm-bindgen-test in headless Chromium
//! (`cargo xtask test`; `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p portal-app --target wasm32-unknown-unknown`).

use leptos::prelude::*;
use portal_app::components::chart::{ChartFigure, canvas_measurer};
use portal_app::i18n::LangContext;
use portal_charts::Chart;
use portal_core::chart::{BarChart, Series};
use portal_core::i18n::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn chart() -> BarChart {
    BarChart {
        title: "Enterprises disclosing".into(),
        x_axis: "Year".into(),
        y_axis: "Enterprises".into(),
        categories: vec!["2021".into(), "2022".into(), "2023".into()],
        series: vec![
            Series { label: "Disclosed".into(), values: vec![Some(100.0), Some(110.0), Some(118.0)] },
            Series { label: "Did not disclose".into(), values: vec![Some(0.0), Some(2.0), Some(5.0)] },
        ],
        log_axis: None,
    }
}

fn container() -> web_sys::HtmlElement {
    let doc = web_sys::window().and_then(|w| w.document()).expect("a document");
    let div: web_sys::HtmlElement = doc.create_element("div").expect("div").dyn_into().expect("an HtmlElement");
    doc.body().expect("a body").append_child(&div).expect("attached");
    div
}

#[wasm_bindgen_test]
async fn the_bar_chart_paints_its_canvas_and_lists_every_value_in_its_table() {
    let parent = container();
    let handle = leptos::mount::mount_to(parent.clone(), || {
        provide_context(LangContext(Signal::stored(Lang::En)));
        view! { <ChartFigure chart=Chart::Bar(chart()) caption="Caption".to_string() source="Sample".to_string() file_stem="t"/> }
    });
    leptos::task::tick().await;

    let canvas: web_sys::HtmlCanvasElement =
        parent.query_selector("canvas").expect("query").expect("a canvas").dyn_into().expect("a canvas element");
    let ctx: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").expect("2d").expect("context").dyn_into().expect("a 2d context");
    let data =
        ctx.get_image_data(0.0, 0.0, f64::from(canvas.width()), f64::from(canvas.height())).expect("pixels").data();
    let mut colours = std::collections::HashSet::new();
    for px in data.chunks_exact(4).step_by(13) {
        colours.insert((px[0], px[1], px[2], px[3]));
    }
    assert!(colours.len() > 3, "the canvas looks blank: {} colours", colours.len());
    // The first series colour (Okabe–Ito blue, 0,114,178) is painted somewhere.
    assert!(colours.iter().any(|c| (c.0, c.1, c.2) == (0, 114, 178)), "no bar in the first series colour");

    let rows = parent.query_selector_all("tbody tr").expect("rows");
    assert_eq!(rows.length(), 3);
    let text = parent.text_content().unwrap_or_default();
    for needle in ["2021", "118", "Did not disclose", "Caption", "Sample"] {
        assert!(text.contains(needle), "missing {needle}");
    }
    assert_eq!(canvas.get_attribute("role").as_deref(), Some("img"));
    assert_eq!(canvas.get_attribute("aria-label").as_deref(), Some("Enterprises disclosing"));
    drop(handle);
}

#[wasm_bindgen_test]
fn the_canvas_measurer_measures_longer_text_as_wider() {
    let measure = canvas_measurer().expect("a canvas measurer");
    let (short, h1) = measure("2021", "sans-serif", 13.0);
    let (long, h2) = measure("2021 2022 2023", "sans-serif", 13.0);
    assert!(short > 0 && long > short, "{short} vs {long}");
    assert_eq!((h1, h2), (13, 13));
    let (big, _) = measure("2021", "sans-serif", 26.0);
    assert!(big > short);
}

#[wasm_bindgen_test]
fn links_keep_the_english_language_and_chinese_needs_no_parameter() {
    use portal_app::i18n::localized;
    assert_eq!(localized("/learn", Lang::Zh), "/learn");
    assert_eq!(localized("/learn", Lang::En), "/learn?lang=en");
    assert_eq!(localized("/disclosures?q=DCM", Lang::En), "/disclosures?q=DCM&lang=en");
    assert_eq!(localized("/glossary#term-pfas", Lang::En), "/glossary?lang=en#term-pfas");
}
