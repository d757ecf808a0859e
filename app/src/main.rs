//! Entry point of the portal's browser app.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(portal_app::App);
}
