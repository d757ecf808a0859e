//! The home page: what the portal is for, and a first chart from the feed.

use crate::api::{self, FeedMeta};
use crate::app::use_feed;
use crate::components::chart::{ChartFigure, caption};
use crate::components::layout::PageHead;
use crate::components::loaded::{loaded, resource_view};
use crate::i18n::{localized, t, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;
use portal_charts::Chart;
use portal_core::chart::disclosing_by_year;
use portal_core::i18n::Msg;

/// `/`.
#[component]
pub fn HomePage() -> impl IntoView {
    let feed = use_feed();
    let lang = use_lang();
    view! {
        <PageHead heading=Msg::HomeHeading lead=Msg::HomeIntro title=Msg::SiteTitle/>
        <p><A href=move || localized("/overview", lang.get())>{t(Msg::OverviewLink)}</A></p>
        {loaded(move || feed.meta.get(), Callback::new(move |()| feed.retry()), |meta| view! { <FeedOverview meta/> })}
    }
}

/// The sample banner and the disclosing-by-year chart for one feed version.
#[component]
fn FeedOverview(meta: FeedMeta) -> impl IntoView {
    let lang = use_lang();
    let version = meta.latest.version.clone();
    let stats = crate::load::load(move || {
        let v = version.clone();
        async move { api::load_stats(&v).await }
    });
    let is_sample = meta.latest.is_sample;
    let source = format!("{} ({})", meta.manifest.source, meta.latest.version);
    view! {
        <Show when=move || is_sample>
            <p class="sample-banner" role="note">{t(Msg::SampleBanner)}</p>
        </Show>
        {resource_view(stats, move |stats| {
                let years = stats.years.clone();
                let chart = Signal::derive(move || Chart::Bar(disclosing_by_year(&years, lang.get())));
                view! { <ChartFigure chart caption=caption(Msg::ChartDisclosingCaption) source=source.clone() file_stem="lyg-disclosing-by-year"/> }
        })}
    }
}
