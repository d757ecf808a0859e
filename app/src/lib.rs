//! The portal's Leptos CSR front end. Pages stay thin: domain logic lives in `portal-core`,
#![recursion_limit = "256"]
//! drawing in `portal-charts`, and `api` is the only module that talks to the network.

pub mod api;
pub mod app;
#[cfg(feature = "bench")]
pub mod bench;
pub mod components;
pub mod data;
pub mod download;
pub mod i18n;
pub mod load;
pub mod pages;
pub mod photo_store;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
pub mod queue;
pub mod storage;
pub mod takeover;

pub use app::App;

/// Whether this runs in a browser (not in the prerenderer).
pub const fn in_browser() -> bool {
    cfg!(target_arch = "wasm32")
}

/// The browser window: `None` in the prerenderer (a native build), which has none. Every use of
/// the window goes through this, so that the components also render natively.
pub fn window() -> Option<web_sys::Window> {
    if in_browser() { web_sys::window() } else { None }
}

/// The site's address (`https://host`) for absolute links: the page's origin in the browser; in
/// the prerenderer the `--site-url` it was given (without one, links stay paths).
pub fn origin() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        crate::prerender::site_url().to_owned()
    }
}

/// Seconds since 1970 by the reader's clock (in the prerenderer, the build machine's).
pub fn unix_seconds() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
    }
}
