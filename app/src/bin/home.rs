//! Entry point of the home page's own small wasm: `/` without the rest of the app
//! (`portal_app::app::HomeApp`).

fn main() {
    console_error_panic_hook::set_once();
    portal_app::takeover::start(portal_app::app::HomeApp);
}
