//! `/disclosures`: find enterprises. Search, facets with live counts, sort, pages, near me and
//! exports. The whole view lives in the URL.

use crate::components::actions::{CompareLink, use_compare_selection};
use crate::components::layout::PageHead;
use crate::components::loaded::data_view;
use crate::components::pinned::PinnedNotice;
use crate::components::table::columns;
use crate::data::FeedData;
use crate::download::download_text;
use crate::i18n::{localized, t, use_lang};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use portal_core::feed::IndexEntry;
use portal_core::feed::reference::AreaKind;
use portal_core::i18n::{
    Lang, Msg, count_enterprises, entry_label, filters_button, no_results_for, page_of, year_runs,
};
use portal_core::page::escape_html;
use portal_core::query::export::{ExportMeta, csv, descriptor, json};
use portal_core::query::export_kind::ExportKind;
use portal_core::query::{ActiveFilter, FacetCount, Near, Query, Sort};
use std::sync::Arc;

/// `/disclosures`.
#[component]
pub fn DisclosuresPage() -> impl IntoView {
    let lang = use_lang();
    crate::components::actions::provide_compare_selection();
    view! {
        <PageHead heading=Msg::DisclosuresHeading lead=Msg::DisclosuresIntro title=Msg::NavDisclosures/>
        <p>
            <A href=move || localized("/overview", lang.get())>{t(Msg::OverviewLink)}</A>
            " · "
            <A href=move || localized("/watch", lang.get())>{t(Msg::WatchHeading)}</A>
            <CompareLink sep=true/>
        </p>
        {data_view(move |d| view! { <Browser data=d/> })}
    }
}

/// The list view last shown in this tab (or the whole list), in a language: where "back to the
/// list" goes.
pub fn last_list_href(lang: Lang) -> String {
    let params: Vec<(String, String)> = crate::storage::read_tab(crate::storage::LIST_VIEW_KEY);
    list_href(&Query::from_params(params.iter().map(|(k, v)| (k.as_str(), v.as_str()))), lang)
}

/// The URL of a list view in a language.
pub fn list_href(q: &Query, lang: Lang) -> String {
    let qs = q.to_query_string();
    localized(&if qs.is_empty() { "/disclosures".to_owned() } else { format!("/disclosures?{qs}") }, lang)
}

fn area_name(d: &FeedData, id: &str, lang: Lang) -> String {
    d.reference.area(id).map_or_else(|| id.to_owned(), |a| lang.pick(&a.name_zh, &a.name_en).to_owned())
}

fn district_name(d: &FeedData, code: &str, lang: Lang) -> String {
    d.reference.district(code).map_or_else(|| code.to_owned(), |a| lang.pick(&a.name_zh, &a.name_en).to_owned())
}

fn industry_name(d: &FeedData, id: &str, lang: Lang) -> String {
    d.reference.industry(id).map_or_else(|| id.to_owned(), |i| lang.pick(&i.name_zh, &i.name_en).to_owned())
}

fn toggle<T: PartialEq + Clone>(v: &[T], x: &T) -> Vec<T> {
    if v.contains(x) {
        v.iter().filter(|y| *y != x).cloned().collect()
    } else {
        v.iter().cloned().chain([x.clone()]).collect()
    }
}

/// The list itself, once the data is loaded.
#[component]
fn Browser(data: Arc<FeedData>) -> impl IntoView {
    let lang = use_lang();
    let params = use_query_map();
    let navigate = use_navigate();
    let query = Memo::new(move |_| params.with(|m| Query::from_params(m.into_iter().map(|(k, v)| (k.as_ref(), v)))));
    let go = {
        let navigate = navigate.clone();
        move |q: Query, replace: bool| {
            // The link carries the mount already: not resolved again.
            navigate(
                &list_href(&q, lang.get_untracked()),
                NavigateOptions { replace, scroll: false, resolve: false, ..Default::default() },
            )
        }
    };
    // Remembered for this tab, for the enterprise page's "back to the list".
    Effect::new(move |_| {
        let params = query.with(Query::to_params);
        crate::storage::write_tab(crate::storage::LIST_VIEW_KEY, &params);
    });
    // Text search is the costly part; it is redone only when the text changes.
    let d = data.clone();
    let text_matches = Memo::new(move |_| d.catalog.text_matches(&query.with(|q| q.text.clone())));
    let d = data.clone();
    let near_point = Memo::new(move |_| match query.with(|q| q.near.clone()) {
        Some(Near::Area(id)) => d.reference.area(&id).map(|a| (a.lat, a.lng)),
        Some(Near::Point { lat, lng }) => Some((lat, lng)),
        None => None,
    });
    let d = data.clone();
    let result = Memo::new(move |_| {
        let q = query.get();
        text_matches.with(|tm| d.catalog.run(&q, Some(tm), near_point.get(), lang.get() == Lang::En))
    });

    let is_sample = data.meta.latest.is_sample;
    let d = data.clone();
    let export = move |kind: ExportKind| {
        let lang = lang.get_untracked();
        let q = query.get_untracked();
        let rows: Vec<&IndexEntry> =
            result.with_untracked(|r| r.rows.iter().map(|&i| &d.catalog.entries[i]).collect::<Vec<_>>());
        let origin = crate::origin();
        let meta = ExportMeta {
            feed_version: d.meta.latest.version.clone(),
            feed_built_at: d.meta.latest.built_at.clone(),
            source: d.meta.manifest.source.clone(),
            is_sample: d.meta.latest.is_sample,
            filters: q.to_query_string(),
            permalink: portal_core::query::export::with_version(
                &format!("{origin}{}", list_href(&q, lang)),
                &d.meta.latest.version,
            ),
            licence: d.meta.manifest.licence.clone(),
        };
        let name = format!("lyg-disclosures-{}", d.meta.latest.version);
        let text = match kind {
            ExportKind::Csv => csv(&rows, &d.reference, lang),
            ExportKind::Descriptor => descriptor(&meta, &ExportKind::Csv.file_name(&name), lang),
            ExportKind::Json => json(&rows, &meta, lang),
        };
        let _ = download_text(&kind.file_name(&name), kind.mime(), &text);
    };
    let export_csv = export.clone();
    let export_descriptor = export.clone();

    let go_text = go.clone();
    let on_search = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let mut q = query.get_untracked();
        q.text = value;
        q.page = 0;
        go_text(q, true);
    };
    let go_sort = go.clone();
    let on_sort = move |ev: leptos::ev::Event| {
        let mut q = query.get_untracked();
        q.sort = Sort::from_key(&event_target_value(&ev)).unwrap_or_default();
        q.page = 0;
        go_sort(q, false);
    };
    let go_near = go.clone();
    let on_near = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let mut q = query.get_untracked();
        if v.is_empty() {
            q.near = None;
            if q.sort == Sort::Distance {
                q.sort = Sort::Name;
            }
        } else {
            q.near = Some(Near::Area(v));
            q.sort = Sort::Distance;
        }
        q.page = 0;
        go_near(q, false);
    };
    let geo_error = RwSignal::new(false);
    let go_geo = go.clone();
    let on_locate = move |_| request_location(query.get_untracked(), go_geo.clone(), geo_error);
    let go_clear = go.clone();

    let d = data.clone();
    // Memos, so that a facet click does not rebuild the options.
    let near_area = Memo::new(move |_| {
        query.with(|q| match &q.near {
            Some(Near::Area(id)) => id.clone(),
            _ => String::new(),
        })
    });
    let has_near = Memo::new(move |_| query.with(|q| q.near.is_some()));
    let near_options = move || {
        let lang = lang.get();
        let current = near_area.get();
        d.reference
            .areas
            .areas
            .iter()
            .map(|a| {
                let kind = match a.kind {
                    AreaKind::ChemicalPark | AreaKind::FunctionalZone => " ◇",
                    _ => "",
                };
                view! { <option value=a.id.clone() selected=current == a.id>{format!("{}{kind}", lang.pick(&a.name_zh, &a.name_en))}</option> }
            })
            .collect_view()
    };

    // On a phone the filters open in a panel under their button; on a wide screen they are a
    // sidebar and the button is hidden.
    let filters_open = RwSignal::new(false);
    let d = data.clone();
    let tags = Memo::new(move |_| {
        let lang = lang.get();
        query.with(|q| {
            q.active_filters().into_iter().map(|(f, next)| (filter_label(&d, &f, lang), next)).collect::<Vec<_>>()
        })
    });
    let empty_message = Signal::derive(move || {
        no_results_for(lang.get(), &tags.with(|t| t.iter().map(|(l, _)| l.clone()).collect::<Vec<_>>()))
    });
    let go_tag = go.clone();
    let remove_tag = move |next: Query| {
        go_tag(next, false);
        focus_results();
    };

    view! {
        <PinnedNotice data=data.clone()/>
        <Show when=move || is_sample>
            <p class="sample-banner" role="note">{t(Msg::SampleBanner)}</p>
        </Show>
        <form class="search" role="search" on:submit=|ev| ev.prevent_default()>
            <label for="search">{t(Msg::SearchLabel)}</label>
            <div class="search-row">
                <input id="search" type="search" autocomplete="off" prop:value=move || query.with(|q| q.text.clone()) on:input=on_search/>
                <button type="submit">{t(Msg::SearchButton)}</button>
            </div>
        </form>
        <div class="list-tools">
            <button type="button" class="filter-toggle secondary" aria-controls="facets"
                aria-expanded=move || filters_open.get().to_string()
                on:click=move |_| filters_open.update(|o| *o = !*o)>
                {move || filters_button(lang.get(), query.with(Query::facet_choices))}
            </button>
            <label class="sort">
                {t(Msg::SortLabel)} " "
                <select on:change=on_sort prop:value=move || query.with(|q| q.sort.key())>
                    {move || Sort::ALL
                        .into_iter()
                        .filter(|s| *s != Sort::Distance || has_near.get())
                        .map(|s| view! { <option value=s.key()>{Msg::from(s).text(lang.get())}</option> })
                        .collect_view()}
                </select>
            </label>
        </div>
        <div class="browser">
            <aside id="facets" class="facets" class:open=move || filters_open.get() aria-label=move || Msg::Filters.text(lang.get())
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    // Escape closes the open panel and returns to its button.
                    if ev.key() == "Escape" && filters_open.get_untracked() {
                        filters_open.set(false);
                        focus_by_selector(".filter-toggle");
                    }
                }>
                <h2>{t(Msg::Filters)}</h2>
                <details class="near">
                    <summary>{t(Msg::NearMe)}</summary>
                    <label>
                        {t(Msg::NearChoose)} " "
                        <select on:change=on_near>
                            <option value="">{t(Msg::NearNone)}</option>
                            {near_options}
                        </select>
                    </label>
                    <p>
                        <button type="button" on:click=on_locate>{t(Msg::NearUseLocation)}</button>
                        " " <small>{t(Msg::NearLocationNote)}</small>
                    </p>
                    <Show when=move || geo_error.get()>
                        <p class="feed-error" role="alert">{t(Msg::GeoUnavailable)}</p>
                    </Show>
                </details>
                <Facets data=data.clone() query result go=go.clone()/>
                <button type="button" class="filter-close" on:click=move |_| {
                    filters_open.set(false);
                    focus_results();
                }>{move || format!("{} · {}", Msg::CloseFilters.text(lang.get()), count_enterprises(lang.get(), result.with(|r| r.rows.len())))}</button>
            </aside>
            <section id="results" class="results" tabindex="-1" aria-labelledby="results-count">
                <div class="results-bar">
                    <p id="results-count" role="status" aria-live="polite">{move || count_enterprises(lang.get(), result.with(|r| r.rows.len()))}</p>
                </div>
                <Show when=move || tags.with(|t| !t.is_empty())>
                    <ul class="active-filters" aria-label=move || Msg::ActiveFilters.text(lang.get())>
                        {
                            let remove_tag = remove_tag.clone();
                            move || {
                                let lang = lang.get();
                                tags.get()
                                    .into_iter()
                                    .map(|(label, next)| {
                                        let remove_tag = remove_tag.clone();
                                        view! {
                                            <li>
                                                <button type="button" class="tag"
                                                    aria-label=format!("{}：{label}", Msg::RemoveFilter.text(lang))
                                                    on:click=move |_| remove_tag(next.clone())>
                                                    <span>{label.clone()}</span>
                                                    <span aria-hidden="true">" ×"</span>
                                                </button>
                                            </li>
                                        }
                                    })
                                    .collect_view()
                            }
                        }
                        <li>
                            <a class="clear-filters" href=move || list_href(&Query::default(), lang.get()) on:click={
                                let go_clear = go_clear.clone();
                                move |ev: leptos::ev::MouseEvent| {
                                    ev.prevent_default();
                                    go_clear(Query::default(), false);
                                    focus_results();
                                }
                            }>{t(Msg::ClearFilters)}</a>
                        </li>
                    </ul>
                </Show>
                <Show when=move || query.with(|q| q.near.is_some())>
                    <p class="note">{t(Msg::NearApproximate)}</p>
                </Show>
                <ResultsTable data=data.clone() result empty_message/>
                <Pager result query go=go.clone()/>
                <div class="export">
                    <button type="button" on:click=move |_| export_csv(ExportKind::Csv)>{t(ExportKind::Csv.label())}</button>
                    " "
                    <button type="button" on:click=move |_| export_descriptor(ExportKind::Descriptor)>
                        {t(ExportKind::Descriptor.label())}
                    </button>
                    " "
                    <button type="button" on:click=move |_| export(ExportKind::Json)>{t(ExportKind::Json.label())}</button>
                    <p><small>{t(Msg::ExportNote)}</small></p>
                </div>
            </section>
        </div>
    }
}

/// A filter's name as its tag shows it.
pub(crate) fn filter_label(d: &FeedData, f: &ActiveFilter, lang: Lang) -> String {
    match f {
        ActiveFilter::Text(text) => format!("{}{}{text}", Msg::SearchTag.text(lang), lang.label_separator()),
        ActiveFilter::Flag(flag) => Msg::from(*flag).text(lang).to_owned(),
        ActiveFilter::District(code) => district_name(d, code, lang),
        ActiveFilter::Zone(id) => area_name(d, id, lang),
        ActiveFilter::Industry(id) => industry_name(d, id, lang),
        ActiveFilter::Entry(n) => {
            let name = d.reference.entry(*n).map_or_else(String::new, |e| lang.pick(&e.name_zh, &e.name_en).to_owned());
            format!("{} · {name}", entry_label(lang, *n))
        }
        ActiveFilter::Year(y) => y.to_string(),
        ActiveFilter::Basis(b) => Msg::from(*b).text(lang).to_owned(),
    }
}

/// Focuses the first element matching `selector`, if any.
fn focus_by_selector(selector: &str) {
    let el = crate::window().and_then(|w| w.document()).and_then(|d| d.query_selector(selector).ok().flatten());
    if let Some(el) = el.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()) {
        let _ = el.focus();
    }
}

/// Moves focus (and so the view) to the top of the results once they have rendered: after a
/// page change, a removed filter or closing the filter panel.
fn focus_results() {
    request_animation_frame(|| {
        let el = crate::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("results"));
        if let Some(el) = el.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()) {
            el.scroll_into_view();
            let _ = el.focus();
        }
    });
}

/// Asks the browser for the reader's position (only after a click) and orders by distance.
fn request_location(q: Query, go: impl Fn(Query, bool) + Clone + 'static, error: RwSignal<bool>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Some(geo) = crate::window().and_then(|w| w.navigator().geolocation().ok()) else {
        error.set(true);
        return;
    };
    let ok = Closure::once_into_js(move |pos: web_sys::Position| {
        let c = pos.coords();
        let mut q = q;
        // Rounded to about 100 m before it enters the URL.
        q.near = Some(Near::Point {
            lat: (c.latitude() * 1000.0).round() / 1000.0,
            lng: (c.longitude() * 1000.0).round() / 1000.0,
        });
        q.sort = Sort::Distance;
        q.page = 0;
        error.set(false);
        go(q, false);
    });
    let fail = Closure::once_into_js(move |_e: web_sys::PositionError| error.set(true));
    if geo.get_current_position_with_error_callback(ok.unchecked_ref(), Some(fail.unchecked_ref())).is_err() {
        error.set(true);
    }
}

/// A facet group's live counts, its ticked values, and what a click on a value does.
struct FacetState<T: Send + Sync + 'static> {
    counts: Memo<Vec<FacetCount<T>>>,
    chosen: Memo<Vec<T>>,
    on_toggle: Arc<dyn Fn(&T) + Send + Sync>,
}

/// One facet group: a fieldset whose checkboxes stay in the page from click to click. Each
/// value's node is keyed by the value and only its count and its tick change (a click touches the
/// counts that changed, not the whole group). `counts` is the group's live counts; `chosen` the
/// values ticked. With `hide_empty`, values no row has are left out unless ticked.
fn facet_group<T>(
    title: Msg,
    FacetState { counts, chosen, on_toggle }: FacetState<T>,
    hide_empty: bool,
    name: impl Fn(&T, Lang) -> String + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: PartialEq + Eq + std::hash::Hash + Clone + Send + Sync + 'static,
{
    let lang = use_lang();
    let shown = Memo::new(move |_| {
        counts.with(|cs| {
            chosen.with(|ch| {
                cs.iter()
                    .filter(|c| !hide_empty || c.count > 0 || ch.contains(&c.value))
                    .map(|c| c.value.clone())
                    .collect::<Vec<T>>()
            })
        })
    });
    view! {
        <fieldset>
            <legend>{move || title.text(lang.get())}</legend>
            <ul>
                <For each=move || shown.get() key=Clone::clone let(value)>
                    {
                        let (v1, v2, v3) = (value.clone(), value.clone(), value.clone());
                        let count = Memo::new(move |_| {
                            counts.with(|cs| cs.iter().find(|c| c.value == v1).map_or(0, |c| c.count))
                        });
                        let checked = Memo::new(move |_| chosen.with(|ch| ch.contains(&v2)));
                        let name = name.clone();
                        let on_toggle = on_toggle.clone();
                        view! {
                            <li>
                                <label>
                                    <input type="checkbox" prop:checked=checked on:change=move |_| on_toggle(&value)/>
                                    {move || name(&v3, lang.get())} " " <span class="count">"(" {count} ")"</span>
                                </label>
                            </li>
                        }
                    }
                </For>
            </ul>
        </fieldset>
    }
}

/// The facet groups, each a fieldset of checkboxes with live counts.
#[component]
fn Facets(
    data: Arc<FeedData>,
    query: Memo<Query>,
    result: Memo<portal_core::query::QueryResult>,
    go: impl Fn(Query, bool) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let go: Arc<dyn Fn(Query, bool) + Send + Sync> = Arc::new(go);
    // A group's state: its counts and ticked values, and a click on a value: the query with that
    // value toggled, from the first page.
    fn state<T: PartialEq + Clone + Send + Sync + 'static>(
        query: Memo<Query>,
        result: Memo<portal_core::query::QueryResult>,
        go: Arc<dyn Fn(Query, bool) + Send + Sync>,
        counts: fn(&portal_core::query::Facets) -> &Vec<FacetCount<T>>,
        choice: fn(&mut Query) -> &mut Vec<T>,
    ) -> FacetState<T> {
        FacetState {
            counts: Memo::new(move |_| result.with(|r| counts(&r.facets).clone())),
            chosen: Memo::new(move |_| query.with(|q| choice(&mut q.clone()).clone())),
            on_toggle: Arc::new(move |v: &T| {
                let mut next = query.get_untracked();
                let now = toggle(choice(&mut next), v);
                *choice(&mut next) = now;
                next.page = 0;
                go(next, false);
            }),
        }
    }
    let st = state(query, result, go.clone(), |f| &f.flags, |q| &mut q.flags);
    let flags = facet_group(Msg::FacetFlags, st, false, |v, lang| Msg::from(*v).text(lang).to_owned());
    let d = data.clone();
    let st = state(query, result, go.clone(), |f| &f.districts, |q| &mut q.districts);
    let districts = facet_group(Msg::FacetDistrict, st, false, move |v, lang| district_name(&d, v, lang));
    let d = data.clone();
    let st = state(query, result, go.clone(), |f| &f.zones, |q| &mut q.zones);
    let zones = facet_group(Msg::FacetZone, st, false, move |v, lang| area_name(&d, v, lang));
    let d = data.clone();
    let st = state(query, result, go.clone(), |f| &f.industries, |q| &mut q.industries);
    let industries = facet_group(Msg::FacetIndustry, st, false, move |v, lang| industry_name(&d, v, lang));
    let d = data;
    let st = state(query, result, go.clone(), |f| &f.entries, |q| &mut q.entries);
    let entries = facet_group(Msg::FacetEntry, st, true, move |v, lang| {
        let name = d.reference.entry(*v).map_or_else(String::new, |e| lang.pick(&e.name_zh, &e.name_en).to_owned());
        format!("{} · {name}", entry_label(lang, *v))
    });
    let st = state(query, result, go.clone(), |f| &f.years, |q| &mut q.years);
    let years = facet_group(Msg::FacetYear, st, false, |v, _| v.to_string());
    let st = state(query, result, go.clone(), |f| &f.basis, |q| &mut q.basis);
    let basis = facet_group(Msg::FacetBasis, st, true, |v, lang| Msg::from(*v).text(lang).to_owned());
    view! { {flags} {districts} {zones} {industries} {entries} {years} {basis} }
}

/// The rows of the current page, written as one piece of markup (escaped with
/// [`escape_html`]) and set at once: a facet click replaces most of a page's rows, and one
/// `innerHTML` costs the browser far less than building each row's twenty-odd nodes, attributes
/// and listeners one call at a time from WASM. The "compare" boxes answer through one listener
/// on the table's body, and are kept ticked as the picks change without redrawing the rows (so a
/// box keeps the focus). The table itself is rebuilt only when the language changes, the list
/// empties or the distance column comes or goes.
#[component]
fn ResultsTable(
    data: Arc<FeedData>,
    result: Memo<portal_core::query::QueryResult>,
    empty_message: Signal<String>,
) -> impl IntoView {
    let lang = use_lang();
    let picks = use_compare_selection();
    let full = RwSignal::new(false);
    let shape = Memo::new(move |_| result.with(|r| (r.rows.is_empty(), r.distances.is_some())));
    let rows = Memo::new(move |_| {
        let lang = lang.get();
        // Read untracked: a pick ticks its box (below), it does not redraw the rows.
        let picked = picks.0.get_untracked();
        result.with(|r| {
            let start = r.page * portal_core::query::PAGE_SIZE;
            let mut html = String::new();
            for (k, &i) in r.page_rows().iter().enumerate() {
                let distance = r.distances.as_ref().map(|d| {
                    d.get(start + k).map_or_else(String::new, |km| format!("≈{km:.1} {}", Msg::KmUnit.text(lang)))
                });
                let e = &data.catalog.entries[i];
                row_html(&mut html, &data, e, distance.as_deref(), picked.contains(&e.id), lang);
            }
            html
        })
    });
    let body = NodeRef::<leptos::html::Tbody>::new();
    // The boxes follow the picks (ticked here, cleared by "clear", changed in another tab).
    Effect::new(move |_| {
        let picked = picks.0.get();
        rows.track();
        let Some(body) = body.get() else { return };
        let Ok(boxes) = body.query_selector_all("td.pick input") else { return };
        for k in 0..boxes.length() {
            if let Some(b) =
                boxes.item(k).and_then(|b| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(b).ok())
            {
                let id = b.id();
                let on = id.strip_prefix("compare-").is_some_and(|id| picked.iter().any(|p| p == id));
                if b.checked() != on {
                    b.set_checked(on);
                }
            }
        }
    });
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
        else {
            return;
        };
        let id = input.id();
        let Some(id) = id.strip_prefix("compare-") else { return };
        let ok = picks.toggle(id);
        full.set(!ok);
        if !ok {
            // Refused: the box stays unticked.
            input.set_checked(false);
        }
    };
    let table = move || {
        let lang = lang.get();
        let (empty, show_distance) = shape.get();
        if empty {
            return view! { <p class="no-results">{move || empty_message.get()}</p> }.into_any();
        }
        view! {
            <p class="compare-bar">
                <CompareLink clear=true/>
            </p>
            <Show when=move || full.get()>
                <p class="warning" role="alert">{t(Msg::CompareFull)}</p>
            </Show>
            <div class="table-wrap" tabindex="0">
                <table class="results-table as-cards">
                    <caption class="visually-hidden">{Msg::DisclosuresHeading.text(lang)}</caption>
                    <thead>
                        <tr>
                            {columns(lang, &[
                                Msg::ColumnEnterprise,
                                Msg::CompareAction,
                                Msg::ColumnDistrict,
                                Msg::ColumnIndustry,
                                Msg::ColumnYears,
                                Msg::ColumnFindings,
                            ])}
                            {show_distance.then(|| view! { <th scope="col">{Msg::ColumnDistance.text(lang)}</th> })}
                        </tr>
                    </thead>
                    <tbody node_ref=body on:change=on_pick inner_html=move || rows.get()></tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! { {table} }
}

/// One result row's markup, appended to `html`: the name (a plain link, which the router takes),
/// the "compare" box, then the district, industry, years and findings, each led by its column's
/// name in a phone's card (`data-label`), and the distance when "near" is on.
fn row_html(html: &mut String, d: &FeedData, e: &IndexEntry, distance: Option<&str>, picked: bool, lang: Lang) {
    use std::fmt::Write as _;
    let esc = escape_html;
    let name = esc(lang.pick(&e.name_zh, &e.name_en));
    let id = esc(&e.id);
    let label = |m: Msg| esc(m.text(lang));
    let findings: String = [
        (&e.exceeded_years, Msg::FlagExceeded),
        (&e.banned_years, Msg::FlagBanned),
        (&e.missing_years, Msg::FlagMissing),
        (&e.quality_years, Msg::FlagQuality),
    ]
    .into_iter()
    .filter(|(ys, _)| !ys.is_empty())
    .map(|(ys, m)| format!("<span class=\"badge\">{} ({})</span>", esc(m.text(lang)), years(ys)))
    .collect();
    let _ = write!(
        html,
        "<tr><th scope=\"row\"><a href=\"{href}\">{name}</a></th>\
         <td class=\"pick\"><input type=\"checkbox\" id=\"compare-{id}\"{checked}>\
         <label for=\"compare-{id}\"><span class=\"pick-text\">{compare}</span><span class=\"visually-hidden\"> {name}</span></label></td>\
         <td class=\"district\" data-label=\"{l_district}\">{district}</td>\
         <td data-label=\"{l_industry}\">{industry}</td>\
         <td class=\"years\" data-label=\"{l_years}\">{year_runs}</td>\
         <td class=\"findings\" data-label=\"{l_findings}\">{findings}</td>",
        href = esc(&localized(&e.page_path(), lang)),
        checked = if picked { " checked" } else { "" },
        compare = label(Msg::CompareAction),
        l_district = label(Msg::ColumnDistrict),
        district = esc(&district_name(d, &e.district, lang)),
        l_industry = label(Msg::ColumnIndustry),
        industry = esc(&industry_name(d, &e.industry, lang)),
        l_years = label(Msg::ColumnYears),
        year_runs = esc(&year_runs(&e.years)),
        l_findings = label(Msg::ColumnFindings),
    );
    if let Some(distance) = distance {
        let _ = write!(html, "<td class=\"num\" data-label=\"{}\">{}</td>", label(Msg::ColumnDistance), esc(distance));
    }
    html.push_str("</tr>");
}

fn years(v: &[u16]) -> String {
    v.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
}

/// Previous / next page links (real links, so they work with the keyboard and when shared).
#[component]
fn Pager(
    result: Memo<portal_core::query::QueryResult>,
    query: Memo<Query>,
    go: impl Fn(Query, bool) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let link = move |delta: isize, label: Msg| {
        let go = go.clone();
        move || {
            let (page, pages) = result.with(|r| (r.page, r.pages));
            let target = page as isize + delta;
            (target >= 0 && (target as usize) < pages).then(|| {
                let q = Query { page: target as usize, ..query.get() };
                let href = list_href(&q, lang.get());
                let go = go.clone();
                view! {
                    <a href=href on:click=move |ev: leptos::ev::MouseEvent| {
                        ev.prevent_default();
                        go(q.clone(), false);
                        focus_results();
                    }>{label.text(lang.get())}</a>
                }
            })
        }
    };
    let prev = link(-1, Msg::PagePrev);
    let next = link(1, Msg::PageNext);
    view! {
        <nav class="pager" aria-label=move || Msg::Pagination.text(lang.get())>
            {prev}
            <span>{move || result.with(|r| page_of(lang.get(), r.page + 1, r.pages))}</span>
            {next}
        </nav>
    }
}
