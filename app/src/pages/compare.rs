//! `/compare?ids=a,b`: up to four enterprises side by side, with charts on shared axes.

use crate::api;
use crate::components::chart::{ChartFigure, caption};
use crate::components::layout::PageHead;
use crate::components::loaded::{data_view, resource_view};
use crate::data::FeedData;
use crate::i18n::{localized, t, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use portal_charts::Chart;
use portal_core::feed::cite::{CompareCite, comparison};
use portal_core::feed::compare::{self, entry_name};
use portal_core::feed::detail::compare_chart;
use portal_core::i18n::{Lang, Msg};
use std::sync::Arc;

/// The most enterprises compared at once.
pub const MAX: usize = compare::MAX_COMPARED;

/// `/compare`.
#[component]
pub fn ComparePage() -> impl IntoView {
    let query = use_query_map();
    let ids = Memo::new(move |_| {
        let mut ids: Vec<String> = query
            .with(|q| q.get("ids").unwrap_or_default())
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        ids.dedup();
        ids.truncate(MAX);
        ids
    });
    view! {
        <PageHead heading=Msg::NavCompare lead=Msg::CompareIntro/>
        {data_view(move |d| {
            let ids = ids.get();
            if ids.is_empty() {
                view! { <p>{t(Msg::CompareEmpty)}</p> }.into_any()
            } else {
                view! { <Compare data=d ids/> }.into_any()
            }
        })}
    }
}

#[component]
fn Compare(data: Arc<FeedData>, ids: Vec<String>) -> impl IntoView {
    let lang = use_lang();
    let version = data.version().to_owned();
    let fetch_ids = ids.clone();
    let details = crate::load::load(move || {
        let (v, ids) = (version.clone(), fetch_ids.clone());
        async move {
            let mut out = Vec::new();
            for id in ids {
                out.push(api::load_enterprise(&v, &id).await?);
            }
            Ok::<_, api::FetchError>(out)
        }
    });
    let rows: Vec<_> = ids.iter().filter_map(|id| data.catalog.entries.iter().find(|e| &e.id == id).cloned()).collect();
    let d = data.clone();
    // One set of figures, shown two ways: a table with the enterprises side by side on a wide
    // screen, and a card per enterprise on a phone (CSS shows one of the two).
    let table = move || {
        let lang = lang.get();
        let years = |v: &[u16]| {
            if v.is_empty() { "–".to_owned() } else { portal_core::i18n::year_runs(v) }
        };
        let district = |e: &portal_core::feed::IndexEntry| {
            d.reference
                .district(&e.district)
                .map_or(e.district.clone(), |a| lang.pick(&a.name_zh, &a.name_en).to_owned())
        };
        let industry = |e: &portal_core::feed::IndexEntry| {
            d.reference
                .industry(&e.industry)
                .map_or(e.industry.clone(), |i| lang.pick(&i.name_zh, &i.name_en).to_owned())
        };
        let field = |label: Msg, f: &dyn Fn(&portal_core::feed::IndexEntry) -> String| {
            (label.text(lang), rows.iter().map(f).collect::<Vec<String>>())
        };
        let fields = [
            field(Msg::FieldUscc, &|e| e.uscc.clone()),
            field(Msg::ColumnDistrict, &district),
            field(Msg::ColumnIndustry, &industry),
            field(Msg::ColumnYears, &|e| years(&e.years)),
            field(Msg::FlagExceeded, &|e| years(&e.exceeded_years)),
            field(Msg::FlagBanned, &|e| years(&e.banned_years)),
            field(Msg::FlagMissing, &|e| years(&e.missing_years)),
            field(Msg::ColumnEntries, &|e| {
                e.entries
                    .iter()
                    .map(|n| entry_name(&d.reference, *n, lang))
                    .collect::<Vec<_>>()
                    .join(lang.list_separator())
            }),
        ];
        let names: Vec<(String, String)> = rows
            .iter()
            .map(|e| (localized(&format!("/enterprises/{}", e.id), lang), lang.pick(&e.name_zh, &e.name_en).to_owned()))
            .collect();
        let cards = names
            .iter()
            .enumerate()
            .map(|(k, (href, name))| {
                let (href, name) = (href.clone(), name.clone());
                view! {
                    <li>
                        <h2><A href=href>{name}</A></h2>
                        <dl class="facts">
                            {fields.iter().map(|(label, values)| view! { <dt>{*label}</dt><dd>{values[k].clone()}</dd> }).collect_view()}
                        </dl>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap compare-wide" tabindex="0">
                <table class="compare-table">
                    <thead>
                        <tr>
                            <td></td>
                            {names.iter().map(|(href, name)| {
                                let (href, name) = (href.clone(), name.clone());
                                view! { <th scope="col"><A href=href>{name}</A></th> }
                            }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {fields.iter().map(|(label, values)| view! {
                            <tr>
                                <th scope="row">{*label}</th>
                                {values.iter().map(|v| view! { <td>{v.clone()}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <ul class="compare-cards">{cards}</ul>
        }
    };
    let source = format!("{} ({})", data.meta.manifest.source, data.version());
    let d = data.clone();
    let chart = resource_view(details, move |ds| {
        let log = compare_chart(&ds.iter().collect::<Vec<_>>(), Lang::Zh).log_axis.is_some();
        let figures = ds.clone();
        let chart = Signal::derive(move || Chart::Bar(compare_chart(&figures.iter().collect::<Vec<_>>(), lang.get())));
        view! {
            {log.then(|| view! { <p class="note">{t(Msg::CompareLogNote)}</p> })}
            <ChartFigure
                chart
                caption=caption(Msg::ChartCompareCaption)
                source=source.clone()
                file_stem="lyg-compare"
            />
            <CompareCitation data=d.clone() details=ds/>
        }
    });
    let is_sample = data.meta.latest.is_sample;
    view! {
        <Show when=move || is_sample>
            <p class="sample-banner" role="note">{t(Msg::SampleBanner)}</p>
        </Show>
        {table}
        {chart}
    }
}

/// The comparison's permanent link (pinned to the feed version), its CSV and its citation.
#[component]
fn CompareCitation(data: Arc<FeedData>, details: Vec<portal_core::feed::EnterpriseDetail>) -> impl IntoView {
    let lang = use_lang();
    move || {
        let lang = lang.get();
        let ids: Vec<&str> = details.iter().map(|d| d.enterprise.id.as_str()).collect();
        let url = compare::permalink(&format!("{}{}", crate::origin(), crate::base()), &ids, data.version(), lang);
        let refs: Vec<_> = details.iter().collect();
        let years = compare_chart(&refs, lang).categories;
        let year = |s: Option<&String>| s.and_then(|y| y.parse().ok()).unwrap_or(0);
        let names: Vec<(&str, &str)> =
            details.iter().map(|d| (d.enterprise.name_zh.as_str(), d.enterprise.name_en.as_str())).collect();
        let accessed = portal_core::date::utc_datetime(crate::unix_seconds());
        let cite = |lang| {
            comparison(
                &CompareCite {
                    enterprises: &names,
                    years: (year(years.first()), year(years.last())),
                    version: data.version(),
                    built: &data.meta.latest.built_at,
                    accessed: &accessed,
                    url: &url,
                    is_sample: data.meta.latest.is_sample,
                },
                lang,
            )
        };
        let csv = compare::csv(&refs, lang, data.version(), &url);
        let save = move |_| {
            let _ = crate::download::download_text("lyg-compare.csv", "text/csv;charset=utf-8", &csv);
        };
        view! {
            <section aria-labelledby="compare-cite" class="cite">
                <h2 id="compare-cite">{Msg::CompareCiteHeading.text(lang)}</h2>
                <p><button type="button" on:click=save>{Msg::CompareExport.text(lang)}</button></p>
                <p>{Msg::PermalinkLabel.text(lang)}": " <a href=url.clone()>{url.clone()}</a></p>
                <h3>{Msg::CiteGbt.text(lang)}</h3>
                <p class="citation" lang="zh-CN">{cite(Lang::Zh)}</p>
                <h3>{Msg::CitePlain.text(lang)}</h3>
                <p class="citation" lang="en">{cite(Lang::En)}</p>
            </section>
        }
    }
}
