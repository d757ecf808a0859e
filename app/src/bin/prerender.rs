//! The prerenderer: renders every public page to static HTML from the same components as the live
//! app, for the feed version in the built site. Native only.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let site = std::path::PathBuf::from(args.first().map_or("dist", String::as_str));
    portal_app::prerender::init(&site);
    for url in &args[1..] {
        let page = portal_app::prerender::render(url);
        println!("{:?}\n{}", page.head, page.body);
    }
}
