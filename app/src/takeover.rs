//! Starting the app on a page. A prerendered page (`<div id="prerendered">`, written by
//! `src/bin/prerender.rs` from the same components) stays readable while the app starts: the app
//! renders into a hidden container and replaces the prerendered markup once it has settled (no
//! `.loading` line and nothing `aria-busy` left: its data loaded), so the reader sees no change.
//! Until then the prerendered page is plain HTML, its links ordinary links. Without a prerendered
//! page the app mounts on the body as before.
//!
//! `<html data-app="live">` says that the app runs the page, for tests and tools.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How often the hidden app is checked for having settled.
const POLL: std::time::Duration = std::time::Duration::from_millis(30);

thread_local! {
    /// The app asked to focus its page's heading while it was still hidden: done at the swap.
    static FOCUS_AT_SWAP: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the app still renders hidden behind a prerendered page.
pub fn hidden() -> bool {
    let live = crate::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("live"));
    live.is_some_and(|l| l.has_attribute("hidden"))
}

/// Focuses the page's heading once the app is shown (a hidden element cannot take focus).
pub fn focus_heading_when_shown() {
    FOCUS_AT_SWAP.with(|f| f.set(true));
}

/// Mounts `app` (see the module's description).
pub fn start<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView + 'static,
{
    let Some(doc) = crate::window().and_then(|w| w.document()) else { return };
    let (Some(pre), Some(body)) = (doc.get_element_by_id("prerendered"), doc.body()) else {
        leptos::mount::mount_to_body(app);
        mark(&doc, "live");
        return;
    };
    let Ok(live) = doc.create_element("div") else { return };
    live.set_id("live");
    let _ = live.set_attribute("hidden", "");
    let _ = body.append_child(&live);
    let Ok(live_el) = live.clone().dyn_into::<web_sys::HtmlElement>() else { return };
    leptos::mount::mount_to(live_el, app).forget();
    let handle = StoredValue::new_local(None::<IntervalHandle>);
    let check = move || {
        let found = |sel: &str| live.query_selector(sel).ok().flatten().is_some();
        let settled = found("main") && !found(".loading") && !found("[aria-busy=true]");
        if !settled {
            return;
        }
        if let Some(h) = handle.get_value() {
            h.clear();
        }
        // Settled includes an error (the feed could not be loaded): the live page then says so and
        // offers to try again, which the prerendered one cannot.
        carry_typed_text(&pre, &live);
        pre.remove();
        let _ = live.remove_attribute("hidden");
        mark(&doc, "live");
        if FOCUS_AT_SWAP.with(|f| f.replace(false)) {
            crate::app::focus_h1_now();
        }
        // Charts drawn while hidden had no width to measure: they redraw at the size shown.
        if let Some(w) = crate::window()
            && let Ok(ev) = web_sys::Event::new("resize")
        {
            let _ = w.dispatch_event(&ev);
        }
    };
    if let Ok(h) = set_interval_with_handle(check, POLL) {
        handle.set_value(Some(h));
    }
}

/// Keeps what the reader typed into the prerendered page's text fields (the site search) before
/// the app took over.
fn carry_typed_text(pre: &web_sys::Element, live: &web_sys::Element) {
    let Ok(fields) = pre.query_selector_all("input[id]") else { return };
    for i in 0..fields.length() {
        let Some(field) = fields.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok()) else { continue };
        if field.value().is_empty() {
            continue;
        }
        let twin = live.query_selector(&format!("#{}", field.id())).ok().flatten();
        if let Some(twin) = twin.and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            twin.set_value(&field.value());
        }
    }
}

fn mark(doc: &web_sys::Document, state: &str) {
    if let Some(html) = doc.document_element() {
        let _ = html.set_attribute("data-app", state);
    }
}
