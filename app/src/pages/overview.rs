//! `/overview`: citywide and per-district figures, a schematic map drawn in WASM, and a list with
//! the same content.

use crate::api;
use crate::components::chart::{ChartFigure, caption};
use crate::components::layout::PageHead;
use crate::components::loaded::{data_view, resource_view};
use crate::components::pinned::PinnedNotice;
use crate::components::table::{columns, table};
use crate::data::FeedData;
use crate::i18n::{localized, t, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;
use portal_charts::Chart;
use portal_core::chart::{MapModel, format_sig, map_places, tile_grid};
use portal_core::i18n::{Msg, count_enterprises, entry_label};
use std::sync::Arc;

/// `/overview`.
#[component]
pub fn OverviewPage() -> impl IntoView {
    view! {
        <PageHead heading=Msg::NavOverview lead=Msg::OverviewIntro/>
        {data_view(|d| view! { <Overview data=d/> })}
    }
}

#[component]
fn Overview(data: Arc<FeedData>) -> impl IntoView {
    let lang = use_lang();
    let d = data.clone();
    let map = Signal::derive(move || {
        let lang = lang.get();
        let b = d.reference.areas.city.bounds;
        Chart::Map(MapModel {
            title: Msg::MapTitle.text(lang).to_owned(),
            bounds: (b.south, b.north, b.west, b.east),
            places: map_places(&d.reference.areas, lang),
            enterprises: d
                .catalog
                .entries
                .iter()
                .map(|e| (e.lat_lng.0, e.lat_lng.1, !e.exceeded_years.is_empty()))
                .collect(),
            legend_enterprise: Msg::MapLegendEnterprise.text(lang).to_owned(),
            legend_exceeded: Msg::FlagExceeded.text(lang).to_owned(),
            legend_park: Msg::MapLegendPark.text(lang).to_owned(),
            table_columns: [
                Msg::ColumnPlace.text(lang).to_owned(),
                Msg::ColumnLatitude.text(lang).to_owned(),
                Msg::ColumnLongitude.text(lang).to_owned(),
            ],
        })
    });
    let version = data.version().to_owned();
    let stats = crate::load::load(move || {
        let v = version.clone();
        async move { api::load_stats(&v).await }
    });
    let source = format!("{} ({})", data.meta.manifest.source, data.version());
    let d = data.clone();
    let tables = resource_view(stats, move |s| {
        let lang = lang.get();
        let Some(last) = s.years.last().cloned() else { return ().into_any() };
        let districts = d
            .areas(true)
            .map(|a| {
                let code = a.code.clone().unwrap_or_default();
                let total = d.catalog.entries.iter().filter(|e| e.district == code).count();
                let y = last.by_district.iter().find(|x| x.district == code).cloned();
                let href = localized(&format!("/disclosures?district={code}"), lang);
                let name = lang.pick(&a.name_zh, &a.name_en).to_owned();
                view! {
                    <tr>
                        <th scope="row"><A href=href>{name}</A></th>
                        <td class="num">{total}</td>
                        <td class="num">{y.as_ref().map_or(0, |y| y.disclosing)}</td>
                        <td class="num">{y.as_ref().map_or(0, |y| y.exceeded)}</td>
                        <td class="num">{y.as_ref().map_or(0, |y| y.missing)}</td>
                    </tr>
                }
            })
            .collect_view();
        let entries: Vec<u8> = {
            let mut v: Vec<u8> = s.years.iter().flat_map(|y| y.by_entry.iter().map(|e| e.entry)).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let years = s.years.clone();
        let entry_rows = entries
            .iter()
            .map(|&n| {
                let name =
                    d.reference.entry(n).map_or_else(String::new, |e| lang.pick(&e.name_zh, &e.name_en).to_owned());
                let href = localized(&format!("/substances/{n}"), lang);
                let label = format!("{} · {name}", entry_label(lang, n));
                let cells = years
                    .iter()
                    .map(|y| {
                        let v = y.by_entry.iter().find(|e| e.entry == n).map_or(0.0, |e| e.discharged_kg);
                        view! { <td class="num">{format_sig(v)}</td> }
                    })
                    .collect_view();
                view! { <tr><th scope="row"><A href=href>{label}</A></th>{cells}</tr> }
            })
            .collect_view();
        view! {
            <section aria-labelledby="by-district">
                <h2 id="by-district">{format!("{} ({})", Msg::ByDistrictHeading.text(lang), last.year)}</h2>
                {table(None, None, columns(lang, &[
                    Msg::ColumnDistrict,
                    Msg::ColumnEnterprises,
                    Msg::ColumnDisclosing,
                    Msg::FlagExceeded,
                    Msg::FlagMissing,
                ]), districts)}
            </section>
            <section aria-labelledby="by-entry">
                <h2 id="by-entry">{Msg::ByEntryHeading.text(lang)}</h2>
                {table(None, None, view! {
                    <th scope="col">{Msg::FacetEntry.text(lang)}</th>
                    {s.years.iter().map(|y| view! { <th scope="col">{y.year}</th> }).collect_view()}
                }, entry_rows)}
            </section>
        }
        .into_any()
    });
    let is_sample = data.meta.latest.is_sample;
    view! {
        <PinnedNotice data=data.clone()/>
        <Show when=move || is_sample>
            <p class="sample-banner" role="note">{t(Msg::SampleBanner)}</p>
        </Show>
        <DistrictTiles data=data.clone()/>
        <div class="overview">
            <div class="map-figure">
            <ChartFigure
                chart=map
                caption=caption(Msg::MapCaption)
                source
                file_stem="lyg-schematic-map"
            />
            </div>
            <div class="overview-lists">{tables}</div>
        </div>
    }
}

/// The districts as tiles laid out roughly as on the ground, each with its number of
/// enterprises (and how many exceeded a limit), shaded by that number, and a link to the list.
/// A schematic: no boundaries, no map tiles.
#[component]
fn DistrictTiles(data: Arc<FeedData>) -> impl IntoView {
    let lang = use_lang();
    let areas: Vec<_> = data.areas(true).cloned().collect();
    let cells = tile_grid(&areas.iter().map(|a| (a.lat, a.lng)).collect::<Vec<_>>(), 4, 3);
    let counts: Vec<(usize, usize)> = areas
        .iter()
        .map(|a| {
            let code = a.code.clone().unwrap_or_default();
            let here = data.catalog.entries.iter().filter(|e| e.district == code);
            (here.clone().count(), here.filter(|e| !e.exceeded_years.is_empty()).count())
        })
        .collect();
    let most = counts.iter().map(|c| c.0).max().unwrap_or(0).max(1);
    move || {
        let lang = lang.get();
        let tiles = areas
            .iter()
            .zip(&cells)
            .zip(&counts)
            .map(|((a, &(row, col)), &(total, exceeded))| {
                let code = a.code.clone().unwrap_or_default();
                let href = localized(&format!("/disclosures?district={code}"), lang);
                // Four shades; the number is always written, so colour is never the only signal.
                let shade = (total * 4).div_ceil(most).clamp(1, 4);
                // Placed by class (the site's CSP allows no inline style).
                let class = format!("tile shade-{shade} row-{} col-{}", row + 1, col + 1);
                let name = lang.pick(&a.name_zh, &a.name_en).to_owned();
                let count = count_enterprises(lang, total);
                let exceeded = (exceeded > 0).then(|| format!("{exceeded} {}", Msg::TileExceeded.text(lang)));
                view! {
                    <li class=class>
                        <A href=href>
                            <span class="tile-name">{name.clone()}</span>
                            <span class="tile-count">{count.clone()}</span>
                            {exceeded.clone().map(|x| view! { <span class="tile-exceeded">{x}</span> })}
                        </A>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="district-tiles" aria-labelledby="tiles-heading">
                <h2 id="tiles-heading">{Msg::DistrictTilesHeading.text(lang)}</h2>
                <p class="note">{Msg::DistrictTilesNote.text(lang)}</p>
                <ul class="tiles">{tiles}</ul>
            </section>
        }
    }
}
