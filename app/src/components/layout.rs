//! Header with navigation and the language switch; footer with the feed version.

use crate::app::use_feed;
use crate::i18n::{localized, t, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use portal_core::i18n::{Msg, format_date};

/// A page's title in the browser (`title`, the heading unless given), its heading and its lead
/// paragraph.
#[component]
pub fn PageHead(heading: Msg, lead: Msg, #[prop(optional)] title: Option<Msg>) -> impl IntoView {
    crate::i18n::set_title(title.unwrap_or(heading));
    crate::i18n::set_description(lead.text(use_lang().get_untracked()));
    view! {
        <h1 tabindex="-1">{t(heading)}</h1>
        <p class="lead">{t(lead)}</p>
    }
}

/// The sections, in navigation order.
const NAV: [(&str, Msg); 7] = [
    ("/", Msg::NavHome),
    ("/disclosures", Msg::NavDisclosures),
    ("/substances", Msg::NavSubstances),
    ("/learn", Msg::NavLearn),
    ("/report", Msg::NavReport),
    ("/plan", Msg::NavPlan),
    ("/about", Msg::NavAbout),
];

/// The site header: title, main navigation and the language switch.
#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    // The switch links to the same view in the other language (every other parameter kept), so
    // it works as a plain link.
    let switch_href = move || {
        let other = lang.get().other();
        let kept: Vec<String> = location.query.with(|q| {
            q.into_iter()
                .filter(|(k, _)| k.as_ref() != "lang")
                .map(|(k, v)| format!("{k}={}", portal_core::query::encode_component(v)))
                .collect()
        });
        let mut qs = kept.join("&");
        if !qs.is_empty() {
            qs.push('&');
        }
        format!("{}?{qs}lang={}", location.pathname.get(), other.code())
    };
    let switch_lang = move || lang.get().other().tag();
    // On a phone the search and the language switch sit in a menu (closed again on every
    // navigation); the elderly mode stays in the top row, one tap away.
    let menu_open = RwSignal::new(false);
    Effect::new(move |_| {
        location.pathname.track();
        location.search.track();
        menu_open.set(false);
    });
    view! {
        <header class="site-header">
            <div class="brand">
                <A href=move || localized("/", lang.get())>
                    <span class="site-title">
                        <span class="long">{t(Msg::SiteTitle)}</span>
                        <span class="short">{t(Msg::SiteTitleShort)}</span>
                    </span>
                </A>
                <span class="tagline">{t(Msg::SiteTagline)}</span>
            </div>
            <ElderSwitch/>
            <button type="button" class="menu-toggle" aria-controls="site-tools"
                aria-expanded=move || menu_open.get().to_string()
                on:click=move |_| menu_open.update(|o| *o = !*o)>
                {t(Msg::MenuButton)}
            </button>
            <div id="site-tools" class="site-tools" class:open=move || menu_open.get()>
                <crate::pages::search::SiteSearchForm/>
                <a class="lang-switch" href=switch_href hreflang=switch_lang>
                    <span lang=switch_lang>{t(Msg::SwitchLanguage)}</span>
                    <span class="visually-hidden">" " {t(Msg::SwitchLanguageLabel)}</span>
                </a>
            </div>
            <nav aria-label=t(Msg::NavMain)>
                <ul>
                    {NAV
                        .into_iter()
                        .map(|(path, msg)| {
                            view! {
                                <li>
                                    <A href=move || localized(path, lang.get()) exact=path == "/">
                                        {t(msg)}
                                    </A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        </header>
    }
}

/// The footer: which feed version is shown, when it was built, and whether it is sample data.
#[component]
pub fn Footer() -> impl IntoView {
    let feed = use_feed();
    let lang = use_lang();
    let status = move || {
        let lang = lang.get();
        match feed.meta.get() {
            None => Msg::FooterFeedLoading.text(lang).to_owned(),
            Some(Err(_)) => Msg::FeedErrorTitle.text(lang).to_owned(),
            Some(Ok(m)) => {
                let kind = if m.latest.is_sample { Msg::FooterSample } else { Msg::FooterOfficial };
                format!(
                    "{}: {} · {}: {} · {}",
                    Msg::FooterFeedVersion.text(lang),
                    m.latest.version,
                    Msg::FooterFeedDate.text(lang),
                    format_date(&m.latest.built_at, lang),
                    kind.text(lang)
                )
            }
        }
    };
    view! {
        <footer class="site-footer">
            <p class="feed-status" data-testid="feed-status" aria-busy=move || feed.meta.get().is_none().to_string()>
                {status}
            </p>
            <p>{t(Msg::FooterNote)}</p>
        </footer>
    }
}

/// The storage key of the elderly-friendly mode (适老化).
pub const ELDER_KEY: &str = "lyg-portal-elder";

/// Whether the elderly-friendly mode is on; provided by the shell, read by the switch and by
/// charts (which draw their text larger in it).
#[derive(Clone, Copy)]
pub struct ElderMode(pub RwSignal<bool>);

impl ElderMode {
    /// The mode as the browser remembers it.
    pub fn remembered() -> ElderMode {
        ElderMode(RwSignal::new(crate::storage::read::<bool>(ELDER_KEY)))
    }
}

/// One switch for larger text, larger targets, higher contrast and lists instead of the map;
/// the browser remembers it.
#[component]
pub fn ElderSwitch() -> impl IntoView {
    let on = use_context::<ElderMode>().unwrap_or_else(ElderMode::remembered).0;
    Effect::new(move |_| {
        let on = on.get();
        if let Some(el) = crate::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = el.class_list().toggle_with_force("elder", on);
        }
    });
    view! {
        // One accessible name at every width (the phone's short label is its beginning).
        <button type="button" class="elder-switch" aria-pressed=move || on.get().to_string()
            aria-label=t(Msg::ElderMode)
            on:click=move |_| {
                let next = !on.get_untracked();
                crate::storage::write(ELDER_KEY, &next);
                on.set(next);
            }>
            <span class="long">{t(Msg::ElderMode)}</span>
            <span class="short">{t(Msg::ElderModeShort)}</span>
        </button>
    }
}
