//! Entry point of the portal's browser app.

fn main() {
    console_error_panic_hook::set_once();
    portal_app::takeover::start(portal_app::App);
}
