//! Header with navigation and the language switch; footer with the feed version.

use crate::app::use_feed;
use crate::i18n::{localized, t, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use portal_core::i18n::{Lang, Msg};

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
    // The switch links to the same page in the other language, so it works as a plain link.
    let switch_href = move || {
        let other = lang.get().other();
        format!("{}?lang={}", location.pathname.get(), other.code())
    };
    let switch_lang = move || lang.get().other().tag();
    view! {
        <header class="site-header">
            <div class="brand">
                <A href=move || localized("/", lang.get())>
                    <span class="site-title">{t(Msg::SiteTitle)}</span>
                </A>
                <span class="tagline">{t(Msg::SiteTagline)}</span>
            </div>
            <a class="lang-switch" href=switch_href hreflang=switch_lang lang=switch_lang aria-label=t(Msg::SwitchLanguageLabel)>
                {t(Msg::SwitchLanguage)}
            </a>
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
            <p class="feed-status" data-testid="feed-status">{status}</p>
            <p>{t(Msg::FooterNote)}</p>
        </footer>
    }
}

/// Formats an RFC 3339 timestamp's date for the language: `2026年11月28日` or `28 Nov 2026`.
pub fn format_date(ts: &str, lang: Lang) -> String {
    let (Some(y), Some(m), Some(d)) = (
        ts.get(0..4),
        ts.get(5..7).and_then(|m| m.parse::<usize>().ok()),
        ts.get(8..10).and_then(|d| d.parse::<u32>().ok()),
    ) else {
        return ts.to_owned();
    };
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    match lang {
        Lang::Zh => format!("{y}年{m}月{d}日"),
        Lang::En => format!("{d} {} {y}", MONTHS.get(m.wrapping_sub(1)).copied().unwrap_or("?")),
    }
}
