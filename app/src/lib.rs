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

/// Where the site is mounted: `""` at the root of its host, `"/xinwuranwu"` under a sub-path
/// (`portal_core::page::mount_base`), read once from the address the page's loader was served from.
/// The prerenderer renders for the root (a server that mounts the site under a prefix writes it
/// into the prerendered pages, docs/deploy.md).
pub fn base() -> &'static str {
    #[cfg(target_arch = "wasm32")]
    {
        use std::sync::OnceLock;
        static BASE: OnceLock<String> = OnceLock::new();
        BASE.get_or_init(|| {
            let loader = window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector("script[data-portal-js]").ok().flatten())
                .and_then(|s| s.get_attribute("src"))
                .unwrap_or_default();
            portal_core::page::mount_base(&loader).to_owned()
        })
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        ""
    }
}

/// A root-absolute path of the site (`/feed/latest.json`, `/enterprises/e00014`) where the site is
/// mounted ([`base`]): every link (`i18n::localized` calls this), fetch and address the app makes
/// goes through here. (The router's `<A>` leaves a root-absolute `href` as it is; `navigate`
/// would add the base again, so the app navigates with `resolve: false`.)
pub fn at_base(path: &str) -> String {
    portal_core::page::under_base(base(), path)
}

/// The host's address (`https://host`) for absolute links: the page's origin in the browser; in
/// the prerenderer the `--site-url` it was given (without one, links stay paths). Followed by a
/// link made with `i18n::localized` (which carries the mount, [`base`]).
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
