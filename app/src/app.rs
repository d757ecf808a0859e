//! The app shell: router, language, feed context, header, navigation and footer.

use crate::api::{self, FeedMeta};
use crate::components::layout::{Footer, Header};
use crate::i18n::{LangContext, store_lang, stored_lang};
use crate::pages::compare::ComparePage;
use crate::pages::learn::{ExplainerPage, GlossaryPage, HandoutPage, LearnPage, LessonPage, PlanPage, QuizSheetPage};
use crate::pages::receipt::ReportStatusPage;
use crate::pages::report::ReportPage;
use crate::pages::watch::WatchPage;
use crate::pages::{
    disclosures::DisclosuresPage,
    enterprise::EnterprisePage,
    home::HomePage,
    not_found::NotFoundPage,
    overview::OverviewPage,
    substances::{SubstancePage, SubstancesPage},
};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::{NavigateOptions, path};
use portal_core::i18n::{Lang, Msg};

/// The feed's current version, shared by every page. `retry` reloads it.
#[derive(Clone, Copy)]
pub struct FeedContext {
    pub meta: crate::load::Load<FeedMeta>,
    retry: RwSignal<u32>,
}

impl FeedContext {
    fn new() -> FeedContext {
        let retry = RwSignal::new(0u32);
        let meta = crate::load::load(move || {
            retry.track();
            api::load_feed()
        });
        FeedContext { meta, retry }
    }

    /// Loads the feed again (after an error).
    pub fn retry(&self) {
        self.retry.update(|n| *n += 1);
    }
}

/// The feed context. Panics only outside the shell, a programming error.
pub fn use_feed() -> FeedContext {
    expect_context::<FeedContext>()
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router base=crate::base()>
            <Shell/>
        </Router>
    }
}

/// The home page alone, built as its own small wasm (`src/bin/home.rs`) so that the first view of
/// `/` does not wait for the whole app (docs/performance.md). A link to any other page loads the
/// whole app from the server.
#[component]
pub fn HomeApp() -> impl IntoView {
    links_leave_the_home_app();
    view! {
        <Router base=crate::base()>
            <Layout>
                <Routes fallback=|| view! { <LoadFullApp/> }>
                    <Route path=path!("/") view=HomePage/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// Makes links from the home page to any other page plain links: the browser loads that page,
/// and the server answers with the whole app. The router would otherwise take the click (and
/// write the new address into this page's history). Listening in the capture phase on the window
/// runs before the router's own listener.
fn links_leave_the_home_app() {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Some(window) = crate::window() else { return };
    let origin = window.location().origin().unwrap_or_default();
    let on_click = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let anchor = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
        let Some(a) = anchor else { return };
        // A click with a modifier (a new tab or window) is the browser's alone.
        let modified = ev
            .dyn_ref::<web_sys::MouseEvent>()
            .is_some_and(|m| m.button() != 0 || m.ctrl_key() || m.meta_key() || m.shift_key() || m.alt_key());
        let elsewhere = !modified
            && a.origin() == origin
            && matches!(a.protocol().as_str(), "http:" | "https:")
            && a.pathname().trim_end_matches('/') != crate::base()
            && !a.has_attribute("download");
        if elsewhere {
            ev.stop_propagation();
            crate::storage::write_tab(HANDED_OVER_KEY, &true);
        }
    });
    let _ = window.add_event_listener_with_callback_and_bool("click", on_click.as_ref().unchecked_ref(), true);
    // The listener lives as long as the page.
    on_click.forget();
}

/// Any other path reached inside the home page's own wasm (a navigation made in code rather than
/// by a link): the server answers it with the whole app, so the browser loads it from there.
#[component]
fn LoadFullApp() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let search = location.search.get_untracked();
    let href = format!(
        "{}{}{search}{}",
        location.pathname.get_untracked(),
        if search.is_empty() { "" } else { "?" },
        location.hash.get_untracked()
    );
    // The whole app moves focus to the new page's heading as after any route change.
    crate::storage::write_tab(HANDED_OVER_KEY, &true);
    if let Some(window) = crate::window() {
        let _ = window.location().assign(&href);
    }
    view! { <crate::components::loaded::Loading/> }
}

/// Set in the tab by the home page's wasm when it hands a route over to the whole app.
const HANDED_OVER_KEY: &str = "lyg-portal-handed-over";

/// Everything inside the router: language, feed, layout and routes.
#[component]
fn Shell() -> impl IntoView {
    provide_context(crate::data::DataContext::new());
    view! {
        <Layout>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=path!("/") view=HomePage/>
                <Route path=path!("/disclosures") view=DisclosuresPage/>
                <Route path=path!("/enterprises/:id") view=EnterprisePage/>
                <Route path=path!("/overview") view=OverviewPage/>
                <Route path=path!("/search") view=crate::pages::search::SearchPage/>
                <Route path=path!("/staff") view=crate::pages::staff::StaffPage/>
                <Route path=path!("/staff/audit") view=crate::pages::staff::StaffAuditPage/>
                <Route path=path!("/staff/reports/:id") view=crate::pages::staff::StaffReportPage/>
                <Route path=path!("/compare") view=ComparePage/>
                <Route path=path!("/watch") view=WatchPage/>
                <Route path=path!("/substances") view=SubstancesPage/>
                <Route path=path!("/substances/:entry") view=SubstancePage/>
                <Route path=path!("/learn") view=LearnPage/>
                <Route path=path!("/learn/lessons/:level") view=LessonPage/>
                <Route path=path!("/learn/lessons/:level/:handout") view=HandoutPage/>
                <Route path=path!("/learn/:id") view=ExplainerPage/>
                <Route path=path!("/learn/:id/quiz") view=|| view! { <QuizSheetPage answers=false/> }/>
                <Route path=path!("/learn/:id/quiz/answers") view=|| view! { <QuizSheetPage answers=true/> }/>
                <Route path=path!("/glossary") view=GlossaryPage/>
                <Route path=path!("/report") view=ReportPage/>
                <Route path=path!("/report/status") view=ReportStatusPage/>
                <Route path=path!("/report/handling") view=crate::pages::handling::HandlingPage/>
                <Route path=path!("/plan") view=PlanPage/>
                <Route path=path!("/about") view=crate::pages::about::AboutPage/>
            </Routes>
        </Layout>
    }
}

/// Language, feed and the page around the routes: skip link, header, new-version notice, main
/// and footer.
#[component]
fn Layout(children: Children) -> impl IntoView {
    let query = use_query_map();
    let remembered = stored_lang();
    let explicit = Memo::new(move |_| query.read().get("lang").and_then(|c| Lang::from_code(&c)));
    let lang = Signal::derive(move || explicit.get().or(remembered).unwrap_or_default());
    provide_context(LangContext(lang));
    provide_context(FeedContext::new());
    provide_context(crate::components::layout::ElderMode::remembered());

    // Remember an explicit choice; bring a remembered English reader to the English URL.
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| match explicit.get() {
        Some(l) => store_lang(l),
        None if remembered == Some(Lang::En) => {
            // The address as it is (it carries the mount already): not resolved again.
            let path = location.pathname.get_untracked();
            let to = crate::i18n::with_lang(&path, Lang::En);
            navigate(&to, NavigateOptions { replace: true, resolve: false, ..Default::default() });
        }
        None => {}
    });
    // <html lang> follows the language.
    Effect::new(move |_| {
        if let Some(el) = crate::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = el.set_attribute("lang", lang.get().tag());
        }
    });
    // After a route change, move focus to the new page's heading: not on the first load, unless the
    // home page's wasm handed this route over.
    Effect::new(move |first: Option<()>| {
        location.pathname.track();
        let handed_over = first.is_none() && crate::storage::read_tab::<bool>(HANDED_OVER_KEY);
        if handed_over {
            crate::storage::write_tab(HANDED_OVER_KEY, &false);
        }
        if first.is_some() || handed_over {
            focus_heading();
        }
    });

    view! {
        <a class="skip-link" href="#main">{move || Msg::SkipToContent.text(lang.get())}</a>
        <Header/>
        <crate::components::new_version::NewVersionNotice/>
        <main id="main" tabindex="-1">
            {children()}
        </main>
        <Footer/>
    }
}

/// Focuses the page's first heading of the main content right away.
pub fn focus_heading_now() {
    let h = crate::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("main h2[tabindex], main h1").ok().flatten());
    if let Some(h) = h.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()) {
        let _ = h.focus();
    }
}

/// Focuses the page's `h1` once the new page has rendered (or, while the app still renders
/// hidden behind a prerendered page, once it is shown).
fn focus_heading() {
    request_animation_frame(|| {
        if crate::takeover::hidden() {
            crate::takeover::focus_heading_when_shown();
        } else {
            focus_h1_now();
        }
    });
}

/// Focuses the main content's `h1` right away.
pub fn focus_h1_now() {
    let h1 = crate::window().and_then(|w| w.document()).and_then(|d| d.query_selector("main h1").ok().flatten());
    if let Some(h1) = h1.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()) {
        let _ = h1.focus();
    }
}
