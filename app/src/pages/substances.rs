//! `/substances` and `/substances/:entry`: the 14 entries of the national list, their control
//! measures with dates and sources, what is banned today, who discloses them, and city totals.

use crate::api;
use crate::components::chart::{ChartFigure, caption};
use crate::components::layout::PageHead;
use crate::components::loaded::{data_view, resource_view};
use crate::components::pinned::PinnedNotice;
use crate::components::table::{columns, table};
use crate::data::FeedData;
use crate::i18n::{follow_named_title, localized, set_title, t, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use portal_charts::Chart;
use portal_core::chart::entry_totals;
use portal_core::feed::reference::{BanStatus, ListEntry, Verification, is_official_source};
use portal_core::i18n::{Lang, Msg, entry_label, format_date};
use std::sync::Arc;

/// Today's date in the reader's browser, `YYYY-MM-DD`.
fn today() -> String {
    portal_core::date::Date::utc(crate::unix_seconds()).to_string()
}

/// `/substances`.
#[component]
pub fn SubstancesPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageHead heading=Msg::SubstancesHeading lead=Msg::SubstancesIntro title=Msg::NavSubstances/>
        {data_view(move |d| {
                let lang = lang.get();
                let source = d.reference.substances.list.source_url.clone();
                let source_href = source.clone();
                view! {
                    <p class="note">
                        {lang.pick(&d.reference.substances.list.instrument_zh, &d.reference.substances.list.instrument_en).to_owned()}
                        " · " <a href=source_href rel="noopener noreferrer">{source.clone()}</a>
                        {repost_label(lang, &source)}
                    </p>
                    <ol class="entry-list">
                        {d.reference.substances.entries.iter().map(|e| {
                            let href = localized(&format!("/substances/{}", e.entry), lang);
                            let name = lang.pick(&e.name_zh, &e.name_en).to_owned();
                            let abbr = e.abbreviation.clone().map(|a| format!(" ({a})"));
                            view! {
                                <li value=e.entry.to_string()>
                                    <A href=href>{name}{abbr}</A>
                                    <span class="group">{Msg::from(e.group).text(lang)}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }
        })}
    }
}

/// `/substances/:entry`.
#[component]
pub fn SubstancePage() -> impl IntoView {
    set_title(Msg::NavSubstances);
    let params = use_params_map();
    let n = Memo::new(move |_| params.with(|p| p.get("entry").and_then(|v| v.parse::<u8>().ok())));
    view! {
        {data_view(move |d| match n.get().and_then(|n| d.reference.entry(n).cloned()) {
            Some(entry) => view! { <Substance data=d entry/> }.into_any(),
            None => view! { <h1 tabindex="-1">{t(Msg::SubstanceNotFound)}</h1> }.into_any(),
        })}
    }
}

/// " (转载…)" after a source that is not on an official publisher's site.
fn repost_label(lang: Lang, url: &str) -> Option<String> {
    (!url.is_empty() && !is_official_source(url)).then(|| format!(" {}", Msg::SourceRepost.text(lang)))
}

fn verification(lang: Lang, v: Verification) -> &'static str {
    match v {
        Verification::Verified => Msg::Verified.text(lang),
        Verification::Unverified => Msg::Unverified.text(lang),
    }
}

#[component]
fn Substance(data: Arc<FeedData>, entry: ListEntry) -> impl IntoView {
    let lang = use_lang();
    let e = entry.clone();
    let title = move || {
        let lang = lang.get();
        format!("{} · {}", entry_label(lang, e.entry), lang.pick(&e.name_zh, &e.name_en))
    };
    let t2 = title.clone();
    follow_named_title(t2);
    let e = entry.clone();
    let facts = move || {
        let lang = lang.get();
        let status = match e.ban_status(&today()) {
            BanStatus::Banned { since } => format!("{} ({})", Msg::BannedToday.text(lang), format_date(&since, lang)),
            BanStatus::DateUnknown => Msg::BanDateUnknown.text(lang).to_owned(),
            BanStatus::NotBanned => Msg::NotBannedToday.text(lang).to_owned(),
        };
        let cas = e
            .cas
            .iter()
            .map(|c| format!("{}{}", c.number, if c.verification == Verification::Unverified { "*" } else { "" }))
            .collect::<Vec<_>>()
            .join(", ");
        view! {
            <p class="group-tag">{Msg::from(e.group).text(lang)} {e.stockholm.then(|| format!(" · {}", Msg::StockholmListed.text(lang)))}</p>
            <p class="ban-status"><strong>{status}</strong></p>
            <dl class="facts">
                {e.abbreviation.clone().map(|a| view! { <dt>{Msg::Abbreviation.text(lang)}</dt><dd>{a}</dd> })}
                <dt>{Msg::CasNumbers.text(lang)}</dt>
                <dd class="mono">{if cas.is_empty() { "–".to_owned() } else { cas }}</dd>
            </dl>
            {(!e.members.is_empty()).then(|| view! {
                <h2>{Msg::MembersHeading.text(lang)}</h2>
                <ul>{e.members.iter().map(|m| view! {
                    <li>{lang.pick(&m.name_zh, &m.name_en).to_owned()} <span class="mono">{m.cas.iter().map(|c| c.number.clone()).collect::<Vec<_>>().join(", ")}</span></li>
                }).collect_view()}</ul>
            })}
            <h2>{Msg::MeasuresHeading.text(lang)}</h2>
            {table(Some("measures as-cards"), None, columns(lang, &[
                Msg::ColumnMeasure,
                Msg::ColumnFrom,
                Msg::ColumnUntil,
                Msg::ColumnVerification,
                Msg::ColumnSource,
            ]), e.measures.iter().map(|m| {
                    let from = m.effective_from.as_deref().map_or_else(|| Msg::DateNotVerified.text(lang).to_owned(), |d| format_date(d, lang));
                    let until = m.effective_to.as_deref().map_or_else(|| "–".to_owned(), |d| format_date(d, lang));
                    let url = m.source_url.clone();
                    let href = url.clone();
                    view! {
                        <tr class=if m.verification == Verification::Unverified { "unverified-row" } else { "" }>
                            <td data-label=Msg::ColumnMeasure.text(lang)>{lang.pick(&m.text_zh, &m.text_en).to_owned()}</td>
                            <td data-label=Msg::ColumnFrom.text(lang)>{from}</td>
                            <td data-label=Msg::ColumnUntil.text(lang)>{until}</td>
                            <td data-label=Msg::ColumnVerification.text(lang)>{verification(lang, m.verification)}</td>
                            <td data-label=Msg::ColumnSource.text(lang)><a href=href rel="noopener noreferrer">{url.clone()}</a>{repost_label(lang, &url)}</td>
                        </tr>
                    }
                }).collect_view())}
        }
    };
    let n = entry.entry;
    let d = data.clone();
    let disclosing = move || {
        let lang = lang.get();
        let mut list: Vec<(String, String)> = d
            .catalog
            .entries
            .iter()
            .filter(|x| x.entries.contains(&n))
            .map(|x| (lang.pick(&x.name_zh, &x.name_en).to_owned(), x.id.clone()))
            .collect();
        list.sort();
        let all = localized(&format!("/disclosures?entry={n}"), lang);
        if list.is_empty() {
            return view! { <p>{Msg::NoDisclosing.text(lang)}</p> }.into_any();
        }
        let count = portal_core::i18n::count_enterprises(lang, list.len());
        view! {
            <p>{count} " · " <A href=all>{Msg::ViewAll.text(lang)}</A></p>
            <ul class="columns">
                {list.into_iter().take(30).map(|(name, id)| view! { <li><A href=localized(&format!("/enterprises/{id}"), lang)>{name}</A></li> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let version = data.meta.latest.version.clone();
    let stats = crate::load::load(move || {
        let v = version.clone();
        async move { api::load_stats(&v).await }
    });
    let source = format!("{} ({})", data.meta.manifest.source, data.meta.latest.version);
    let totals = resource_view(stats, move |s| {
        let chart = Signal::derive(move || Chart::Bar(entry_totals(&s.years, n, lang.get())));
        view! {
            <ChartFigure
                chart
                caption=caption(Msg::ChartEntryCaption)
                source=source.clone()
                file_stem=format!("lyg-entry-{n}-totals")
            />
        }
    });
    let is_sample = data.meta.latest.is_sample;
    view! {
        <p class="breadcrumb"><A href=move || localized("/substances", lang.get())>{t(Msg::SubstancesHeading)}</A></p>
        <h1 tabindex="-1">{title}</h1>
        <PinnedNotice data=data.clone()/>
        {facts}
        <section aria-labelledby="disclosing">
            <h2 id="disclosing">{t(Msg::DisclosingHeading)}</h2>
            <Show when=move || is_sample>
                <p class="sample-banner" role="note">{t(Msg::SampleBanner)}</p>
            </Show>
            {disclosing}
        </section>
        <section aria-labelledby="totals">
            <h2 id="totals">{t(Msg::TotalsHeading)}</h2>
            {totals}
        </section>
        <p><A href=move || localized("/learn", lang.get())>{t(Msg::LearnMore)}</A></p>
    }
}
