//! `/enterprises/:id`: what one enterprise disclosed, year by year, with every figure against its
//! limit and explained on the spot.

use crate::api;
use crate::components::actions::EnterpriseActions;
use crate::components::chart::{ChartFigure, caption};
use crate::components::loaded::{data_view, resource_view};
use crate::components::pinned::PinnedNotice;
use crate::components::table::{columns, table};
use crate::data::FeedData;
use crate::i18n::{follow_named_title, localized, set_title, t, use_lang};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use portal_charts::Chart;
use portal_core::chart::format_sig;
use portal_core::feed::detail::{
    ReadingView, annual_records, concentration_chart, quantity_chart, readings, series_keys, temporary_records,
};
use portal_core::feed::disclosure::{DisclosureRecord, EmergencyPlan, Quantity};
use portal_core::feed::format_text::{
    capacity_text, emergency_parts, listing_label, monitoring_completion, product_text,
};
use portal_core::feed::plausibility::WarningKind;
use portal_core::feed::reference::{Instrument, Reference, Verification};
use portal_core::feed::releases::{readable, releases};
use portal_core::feed::units::Measurement;
use portal_core::feed::verdict::{YearVerdict, headline, quality_text, row_anchor, table_anchor, year_verdict};
use portal_core::feed::{EnterpriseDetail, IndexEntry};
use portal_core::i18n::{Lang, Msg, entry_label, format_date};
use std::sync::Arc;

/// `/enterprises/:id`.
#[component]
pub fn EnterprisePage() -> impl IntoView {
    set_title(Msg::NavDisclosures);
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    view! {
        {data_view(move |d| view! { <Enterprise data=d id=id.get()/> })}
    }
}

/// Loads one detail file and shows it, its verdict first; a failure there leaves the rest of the
/// page working.
#[component]
fn Enterprise(data: Arc<FeedData>, id: String) -> impl IntoView {
    let lang = use_lang();
    let version = data.meta.latest.version.clone();
    let entry = data.catalog.entries.iter().find(|e| e.id == id).cloned();
    let detail = {
        let id = id.clone();
        crate::load::load(move || {
            let (v, id) = (version.clone(), id.clone());
            async move { api::load_enterprise(&v, &id).await }
        })
    };
    let Some(entry) = entry else {
        return view! {
            <h1 tabindex="-1">{t(Msg::EnterpriseNotFound)}</h1>
            <p><A href=move || localized("/disclosures", lang.get())>{t(Msg::BackToList)}</A></p>
        }
        .into_any();
    };
    let name = {
        let entry = entry.clone();
        move || lang.with(|l| l.pick(&entry.name_zh, &entry.name_en).to_owned())
    };
    let title_name = name.clone();
    follow_named_title(title_name);
    crate::i18n::set_description(&portal_core::feed::share::enterprise_summary(
        &entry,
        &data.reference,
        lang.get_untracked(),
    ));
    let is_sample = entry.is_sample;
    view! {
        <p class="breadcrumb"><A href=move || crate::pages::disclosures::last_list_href(lang.get())>{t(Msg::BackToList)}</A></p>
        <h1 tabindex="-1">{name}</h1>
        <PinnedNotice data=data.clone()/>
        <Show when=move || is_sample>
            <p class="sample-banner" role="note">{t(Msg::SampleBanner)}</p>
        </Show>
        {resource_view(detail, move |d| view! { <Detail data=data.clone() entry=entry.clone() detail=Arc::new(d)/> })}
    }
    .into_any()
}

fn district_name(data: &FeedData, code: &str, lang: Lang) -> String {
    data.reference.district(code).map_or_else(|| code.to_owned(), |a| lang.pick(&a.name_zh, &a.name_en).to_owned())
}

fn quantity(q: &Quantity) -> String {
    format!("{} {}", format_sig(q.value), q.unit.symbol())
}

/// A column header. Its definition, if any, goes in the table's [`definitions`] toggle, so
/// that the header stays one short line.
fn th(lang: Lang, label: Msg) -> impl IntoView {
    view! { <th scope="col">{label.text(lang)}</th> }
}

/// What a table's columns mean, behind one toggle above the table (the definitions used to sit
/// in the headers, which made them taller than a phone's screen).
fn definitions(lang: Lang, defs: &[Msg]) -> impl IntoView + use<> {
    view! {
        <details class="col-defs">
            <summary>{Msg::ColumnsExplained.text(lang)}</summary>
            <ul>{defs.iter().map(|d| view! { <li>{d.text(lang)}</li> }).collect_view()}</ul>
        </details>
    }
}

/// A link to a list entry's substance page.
fn entry_link(lang: Lang, n: Option<u8>) -> impl IntoView {
    n.map(|n| view! { <A href=localized(&format!("/substances/{n}"), lang)>{entry_label(lang, n)}</A> })
}

#[component]
fn Detail(data: Arc<FeedData>, entry: IndexEntry, detail: Arc<EnterpriseDetail>) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let navigate = use_navigate();
    let years: Vec<u16> = annual_records(&detail).iter().map(|r| r.report_year).collect();
    let latest_year = years.last().copied();
    let year = Memo::new(move |_| query.with(|q| q.get("year").and_then(|y| y.parse::<u16>().ok())).or(latest_year));
    let e = detail.enterprise.clone();
    let d = data.clone();
    let profile = move || {
        let lang = lang.get();
        let zone =
            e.zone.as_deref().and_then(|z| d.reference.area(z)).map(|a| lang.pick(&a.name_zh, &a.name_en).to_owned());
        let industry = d
            .reference
            .industry(&e.industry)
            .map(|i| format!("{} ({} {})", lang.pick(&i.name_zh, &i.name_en), i.code, "GB/T 4754-2017"));
        let schematic = e.location.precision == portal_core::feed::reference::Precision::Schematic;
        view! {
            <section aria-labelledby="profile">
                <h2 id="profile">{Msg::ProfileHeading.text(lang)}</h2>
                <dl class="facts">
                    <dt>{Msg::FieldUscc.text(lang)}</dt>
                    <dd><span class="mono">{e.uscc.clone()}</span> <span class="def">{Msg::DefUscc.text(lang)}</span></dd>
                    <dt>{Msg::ColumnIndustry.text(lang)}</dt>
                    <dd>{industry.unwrap_or_else(|| e.industry.clone())}</dd>
                    <dt>{Msg::ColumnDistrict.text(lang)}</dt>
                    <dd>{district_name(&d, &e.district_code, lang)}</dd>
                    {zone.map(|z| view! { <dt>{Msg::FacetZone.text(lang)}</dt><dd>{z}</dd> })}
                    <dt>{Msg::FieldAddress.text(lang)}</dt>
                    <dd>{lang.pick(&e.address_zh, &e.address_en).to_owned()}</dd>
                    <dt>{Msg::FieldLocation.text(lang)}</dt>
                    <dd>{format!("{:.4}, {:.4}", e.location.lat, e.location.lng)} {schematic.then(|| format!(" ({})", Msg::LocationSchematic.text(lang)))}</dd>
                </dl>
            </section>
        }
    };
    let det = detail.clone();
    let d = data.clone();
    let verdict = move || {
        let lang = lang.get();
        let shown = year.get();
        let verdicts = headline(&det, &d.reference, shown);
        let base = format!("/enterprises/{}", det.enterprise.id);
        view! { <VerdictBlock verdicts base shown lang/> }
    };
    let missing = detail.missing_years.clone();
    let go_year = move |ev: leptos::ev::Event| {
        let y = event_target_value(&ev);
        // The address as the browser reports it carries the mount already: not resolved again.
        let path = crate::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
        navigate(
            &crate::i18n::with_lang(&format!("{path}?year={y}"), lang.get_untracked()),
            NavigateOptions { replace: true, scroll: false, resolve: false, ..Default::default() },
        );
    };
    let det = detail.clone();
    let d = data.clone();
    let record_view = move || {
        let lang = lang.get();
        let y = year.get();
        let rec = annual_records(&det).into_iter().find(|r| Some(r.report_year) == y).cloned();
        match rec {
            Some(rec) => {
                let verdict = year_verdict(&det, &d.reference, rec.report_year);
                view! { <Record data=d.clone() record=rec verdict lang/> }.into_any()
            }
            None => view! { <p>{Msg::NoReportForYear.text(lang)}</p> }.into_any(),
        }
    };
    let d = data.clone();
    let det = detail.clone();
    let cite = move || {
        let lang = lang.get();
        let y = year.get()?;
        let origin = crate::origin();
        let page = crate::at_base(&format!("/enterprises/{}", det.enterprise.id));
        let mut url = format!("{origin}{page}?year={y}&v={}", d.version());
        if lang == Lang::En {
            url.push_str("&lang=en");
        }
        let accessed = portal_core::date::utc_datetime(crate::unix_seconds());
        let input = portal_core::feed::cite::CiteInput {
            id: &det.enterprise.id,
            enterprise_zh: &det.enterprise.name_zh,
            enterprise_en: &det.enterprise.name_en,
            year: y,
            version: d.version(),
            built: &d.meta.latest.built_at,
            accessed: &accessed,
            url: &url,
            is_sample: d.meta.latest.is_sample,
        };
        let (gb, en) = (portal_core::feed::cite::gbt7714(&input), portal_core::feed::cite::plain_en(&input));
        let files = portal_core::feed::cite::CiteFormat::ALL
            .into_iter()
            .map(|f| {
                let (name, text) = (f.file_name(&input), f.render(&input, lang));
                let save = move |_| {
                    let _ = crate::download::download_text(&name, f.mime(), &text);
                };
                view! { " " <button type="button" on:click=save>{f.label().text(lang)}</button> }
            })
            .collect_view();
        Some(view! {
            <section aria-labelledby="cite" class="cite">
                <h2 id="cite">{Msg::CiteHeading.text(lang)}</h2>
                <p>{Msg::PermalinkLabel.text(lang)}": " <a href=url.clone()>{url.clone()}</a></p>
                <h3>{Msg::CiteGbt.text(lang)}</h3>
                <p class="citation" lang="zh-CN">{gb}</p>
                <h3>{Msg::CitePlain.text(lang)}</h3>
                <p class="citation" lang="en">{en}</p>
                <p class="cite-files">{Msg::CiteFiles.text(lang)} {files}</p>
                {readings_export(&d, &det, lang)}
            </section>
        })
    };
    let det = detail.clone();
    let temporary = move || {
        let lang = lang.get();
        let temps: Vec<DisclosureRecord> = temporary_records(&det).into_iter().cloned().collect();
        view! {
            <section aria-labelledby="temporary">
                <h2 id="temporary">{Msg::TemporaryHeading.text(lang)}</h2>
                {if temps.is_empty() {
                    view! { <p>{Msg::NoTemporary.text(lang)}</p> }.into_any()
                } else {
                    temps
                        .into_iter()
                        .map(|r| {
                            let trigger = r.temporary_trigger.map(|t| Msg::from(t).text(lang)).unwrap_or_default();
                            view! {
                                <article class="temporary">
                                    <h3>{format!("{} · {}", format_date(&r.published_on, lang), trigger)}</h3>
                                    <Penalties record=r lang/>
                                </article>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </section>
        }
    };
    let det = detail.clone();
    let d = data.clone();
    let keys = series_keys(&det);
    let selected = RwSignal::new(0usize);
    let source = format!("{} ({})", data.meta.manifest.source, data.meta.latest.version);
    let source2 = source.clone();
    let conc_chart = {
        let (det, d, keys) = (det.clone(), d.clone(), keys.clone());
        Signal::derive(move || {
            let key = keys.get(selected.get()).or(keys.first()).cloned();
            Chart::Line(match key {
                Some(k) => concentration_chart(&det, &k, &d.reference, lang.get()),
                None => portal_core::chart::LineChart {
                    title: String::new(),
                    x_axis: String::new(),
                    y_axis: String::new(),
                    categories: vec![],
                    series: vec![],
                    limit: None,
                },
            })
        })
    };
    let qty_chart = {
        let det = det.clone();
        Signal::derive(move || Chart::Bar(quantity_chart(&det, lang.get())))
    };
    let key_options = {
        let keys = keys.clone();
        move || {
            let lang = lang.get();
            keys.iter()
                .enumerate()
                .map(|(i, k)| view! { <option value=i.to_string() selected=move || selected.get() == i>{format!("{} · {}", k.outlet, lang.pick(&k.name_zh, &k.name_en))}</option> })
                .collect_view()
        }
    };
    let stem = format!("lyg-{}", detail.enterprise.id);
    let (conc_stem, qty_stem) = (format!("{stem}-concentration"), format!("{stem}-quantities"));
    let version = data.version().to_owned();
    view! {
        {verdict}
        <EnterpriseActions entry version/>
        {profile}
        <Show when={
            let missing = missing.clone();
            move || !missing.is_empty()
        }>
            <p class="warning" role="note">
                <strong>{t(Msg::FlagMissing)}</strong>": "{t(Msg::DidNotDisclose)}" "
                {
                    let missing = missing.clone();
                    move || missing.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
                }
            </p>
        </Show>
        <div class="year-select">
            <label>
                {t(Msg::YearSelect)} " "
                <select on:change=go_year prop:value=move || year.get().map(|y| y.to_string()).unwrap_or_default()>
                    {years.iter().rev().map(|y| view! { <option value=y.to_string()>{y.to_string()}</option> }).collect_view()}
                </select>
            </label>
        </div>
        {record_view}
        {cite}
        {temporary}
        <section aria-labelledby="charts">
            <h2 id="charts">{t(Msg::ChartsHeading)}</h2>
            <Show when={
                let keys = keys.clone();
                move || !keys.is_empty()
            }>
                <label>
                    {t(Msg::ChartPollutant)} " "
                    <select on:change=move |ev| selected.set(event_target_value(&ev).parse().unwrap_or(0))>{key_options.clone()}</select>
                </label>
                <ChartFigure
                    chart=conc_chart
                    caption=caption(Msg::ChartConcentrationCaption)
                    source=source.clone()
                    file_stem=conc_stem.clone()
                />
            </Show>
            <ChartFigure
                chart=qty_chart
                caption=caption(Msg::ChartQuantityCaption)
                source=source2
                file_stem=qty_stem
            />
        </section>
    }
}

/// One annual record (with its year's verdict, for the rows' data-quality marks): basis, permit, raw materials, outlets, hazardous waste, audit, penalties.
#[component]
fn Record(data: Arc<FeedData>, record: DisclosureRecord, verdict: Option<YearVerdict>, lang: Lang) -> impl IntoView {
    let basis = record
        .disclosure_basis
        .iter()
        .map(|b| Msg::from(*b).text(lang))
        .collect::<Vec<_>>()
        .join(lang.list_separator());
    let permit = record.permit.clone().map(|p| {
        view! {
            <section aria-labelledby="permit">
                <h2 id="permit">{Msg::PermitHeading.text(lang)}</h2>
                <dl class="facts">
                    <dt>{Msg::FieldPermitNo.text(lang)}</dt><dd class="mono">{p.number}</dd>
                    <dt>{Msg::FieldManagementClass.text(lang)}</dt><dd>{Msg::from(p.management_class).text(lang)}</dd>
                    <dt>{Msg::FieldValidity.text(lang)}</dt><dd>{format!("{} – {}", format_date(&p.valid_from, lang), format_date(&p.valid_to, lang))}</dd>
                </dl>
            </section>
        }
    });
    let materials = if record.toxic_raw_materials.is_empty() {
        view! { <p>{Msg::NoRawMaterials.text(lang)}</p> }.into_any()
    } else {
        let head = view! {
            {th(lang, Msg::ColumnSubstance)}
            {th(lang, Msg::ColumnCas)}
            {th(lang, Msg::ColumnEntry)}
            {th(lang, Msg::ColumnAnnualUse)}
            {th(lang, Msg::ColumnPurpose)}
        };
        let body = record
            .toxic_raw_materials
            .iter()
            .map(|m| {
                view! {
                    <tr>
                        <th scope="row">{lang.pick(&m.name_zh, &m.name_en).to_owned()}</th>
                        <td class="mono" data-label=Msg::ColumnCas.text(lang)>{m.cas.clone().unwrap_or_default()}</td>
                        <td data-label=Msg::ColumnEntry.text(lang)>{entry_link(lang, m.entry)}</td>
                        <td class="num" data-label=Msg::ColumnAnnualUse.text(lang)>{quantity(&m.annual_quantity)}</td>
                        <td data-label=Msg::ColumnPurpose.text(lang)>
                            {lang.pick(&m.purpose_zh, &m.purpose_en).to_owned()}
                            {m.exemption.clone().map(|x| view! { <br/><span class="note">{format!("{}: ", Msg::FieldExemption.text(lang))}<span lang="zh-CN">{x}</span></span> })}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            {definitions(lang, &[Msg::DefCas, Msg::DefEntry, Msg::DefAnnualUse])}
            {table(Some("as-cards"), Some(Msg::RawMaterialsHeading.text(lang).to_owned()), head, body)}
        }
        .into_any()
    };
    let rows: Vec<ReadingView> = readings(&record, &data.reference);
    let year = record.report_year;
    let judged = verdict;
    let quality = judged.as_ref().map(|v| v.quality.clone()).unwrap_or_default();
    let row_quality = judged.map(|v| v.row_quality).unwrap_or_default();
    let outlets = table(
        Some("readings as-cards"),
        Some(Msg::OutletsHeading.text(lang).to_owned()),
        view! {
            {th(lang, Msg::ColumnOutlet)}
            {th(lang, Msg::ColumnSubstance)}
            {th(lang, Msg::ColumnConcentration)}
            {th(lang, Msg::ColumnLimit)}
            {th(lang, Msg::ColumnResult)}
            {th(lang, Msg::ColumnExceedances)}
            {th(lang, Msg::ColumnAnnualQuantity)}
            {th(lang, Msg::ColumnPermitted)}
            {th(lang, Msg::ColumnMonitoring)}
        },
        rows.iter()
            .enumerate()
            .map(|(i, r)| reading_row(r, lang, &row_anchor(year, i), row_quality.get(i).map_or(&[][..], Vec::as_slice)))
            .collect_view(),
    );
    let waste = (!record.hazardous_waste.is_empty()).then(|| {
        view! {
            <section aria-labelledby="waste">
                <h2 id="waste">{Msg::HazardousWasteHeading.text(lang)}</h2>
                {table(Some("as-cards"), None, columns(lang, &[
                    Msg::ColumnCategory,
                    Msg::ColumnSubstance,
                    Msg::ColumnGenerated,
                    Msg::ColumnTransferred,
                    Msg::ColumnStored,
                    Msg::ColumnUtilisedDisposed,
                    Msg::ColumnReceiver,
                    Msg::ColumnDisposal,
                ]), record.hazardous_waste.iter().map(|w| view! {
                    <tr>
                        <th scope="row">
                            {w.category.clone()}
                            {w.code.clone().map(|c| view! { " " <span class="mono waste-code" title=Msg::WasteCode.text(lang)>{c}</span> })}
                        </th>
                        <td data-label=Msg::ColumnSubstance.text(lang)>{lang.pick(&w.name_zh, &w.name_en).to_owned()}</td>
                        <td class="num" data-label=Msg::ColumnGenerated.text(lang)>{quantity(&w.generated)}</td>
                        <td class="num" data-label=Msg::ColumnTransferred.text(lang)>{quantity(&w.transferred)}</td>
                        <td class="num" data-label=Msg::ColumnStored.text(lang)>{w.stored.as_ref().map_or_else(|| "–".into(), quantity)}</td>
                        <td data-label=Msg::ColumnUtilisedDisposed.text(lang)>{match (&w.utilised, &w.disposed) {
                            (None, None) => "–".to_owned(),
                            (u, d) => Msg::UtilisedDisposed
                                .text(lang)
                                .replace("{u}", &u.as_ref().map_or_else(|| "–".into(), |q| quantity(q).replace(' ', "\u{a0}")))
                                .replace("{d}", &d.as_ref().map_or_else(|| "–".into(), |q| quantity(q).replace(' ', "\u{a0}"))),
                        }}</td>
                        <td data-label=Msg::ColumnReceiver.text(lang)>{as_registered(w.receiver_zh.clone(), lang)}</td>
                        <td data-label=Msg::ColumnDisposal.text(lang)>{Msg::from(w.disposal).text(lang)}</td>
                    </tr>
                }).collect_view())}
            </section>
        }
    });
    let audit = record.clean_production_audit.clone().map(|a| {
        view! {
            <section aria-labelledby="audit">
                <h2 id="audit">{Msg::AuditHeading.text(lang)}</h2>
                <p>{Msg::from(a.status).text(lang)} {a.accepted_on.map(|d| format!(" ({})", format_date(&d, lang)))}</p>
            </section>
        }
    });
    let basic = basic_info(&record, lang);
    let facilities = facilities_view(&record, lang);
    let fugitive = fugitive_view(&record, lang);
    let toxic = toxic_view(&record, &data.reference, lang);
    let monitoring = monitoring_view(&record, lang);
    let measures = data.reference.instrument("disclosure-measures").map(|m| cited(m, lang));
    let provenance = format!(
        "{}: {} · {}",
        Msg::ProvenanceLabel.text(lang),
        record.provenance.source,
        format_date(&record.provenance.extracted_on, lang)
    );
    view! {
        <section aria-labelledby="basis">
            <h2 id="basis">{Msg::FacetBasis.text(lang)}</h2>
            <p>{basis}</p>
            <p class="note">{format!("{}: {}", Msg::PublishedOn.text(lang), format_date(&record.published_on, lang))}</p>
            {measures}
        </section>
        {basic}
        {permit}
        <section aria-labelledby="materials">
            <h2 id="materials">{Msg::RawMaterialsHeading.text(lang)}</h2>
            {materials}
        </section>
        <section aria-labelledby="outlets" id=table_anchor(year)>
            <h2 id="outlets">{Msg::OutletsHeading.text(lang)}</h2>
            {quality_note(&quality, lang)}
            {definitions(lang, &[
                Msg::DefConcentration,
                Msg::DefLimit,
                Msg::DefNotDetected,
                Msg::DefExceedances,
                Msg::DefAnnualQuantity,
                Msg::DefPermitted,
            ])}
            {outlets}
        </section>
        {fugitive}
        {toxic}
        {facilities}
        {waste}
        {monitoring}
        {audit}
        <section aria-labelledby="penalties">
            <h2 id="penalties">{Msg::PenaltiesHeading.text(lang)}</h2>
            <Penalties record=record.clone() lang/>
        </section>
        <p class="note">{provenance}</p>
    }
}

/// "依据《…》（…）· address (unverified) · 转载" under the basis: an instrument cited with its
/// official address first and its repost labelled.
fn cited(i: &Instrument, lang: Lang) -> impl IntoView + use<> {
    let title = lang.pick(&i.title_zh, &i.title_en).to_owned();
    let title = lang.pick(&format!("《{title}》"), &title).to_owned();
    let number = i.instrument_zh.as_ref().zip(i.instrument_en.as_ref()).map(|(zh, en)| lang.pick(zh, en).to_owned());
    let official = i.source_url.clone().map(|u| {
        let unverified =
            (i.verification == Verification::Unverified).then(|| format!(" ({})", Msg::SourceUnverified.text(lang)));
        view! { " · " <a href=u.clone() rel="noopener noreferrer" class="url">{u.clone()}</a>{unverified} }
    });
    let repost = i.repost_url.clone().filter(|_| i.source_url.is_none()).map(|u| {
        view! { " · " <a href=u.clone() rel="noopener noreferrer" class="url">{u.clone()}</a> " " {Msg::SourceRepost.text(lang)} }
    });
    view! {
        <p class="note source">
            {lang.pick(&format!("依据{title}"), &format!("Under the {title}")).to_owned()}
            {number.map(|n| lang.pick(&format!("（{n}）"), &format!(" ({n})")).to_owned())}
            {official}
            {repost}
        </p>
    }
}

/// The year's basic information (格式准则): the legal representative, main products and capacity.
fn basic_info(record: &DisclosureRecord, lang: Lang) -> Option<impl IntoView + use<>> {
    if record.legal_representative.is_none() && record.products.is_empty() {
        return None;
    }
    let products =
        record.products.iter().map(|p| product_text(p, lang)).collect::<Vec<_>>().join(lang.list_separator());
    Some(view! {
        <section aria-labelledby="basic">
            <h2 id="basic">{Msg::BasicInfoHeading.text(lang)}</h2>
            <dl class="facts">
                {record.legal_representative.clone().map(|n| view! {
                    <dt>{Msg::FieldLegalRepresentative.text(lang)}</dt><dd>{as_registered(n, lang)}</dd>
                })}
                {(!products.is_empty()).then(|| view! { <dt>{Msg::FieldProducts.text(lang)}</dt><dd>{products}</dd> })}
            </dl>
        </section>
    })
}

/// A name the record gives only in Chinese (a person's, a company's): never translated, marked
/// `lang="zh-CN"` so that a screen reader pronounces it, and on the English page said to be the name
/// as registered.
fn as_registered(name: String, lang: Lang) -> impl IntoView + use<> {
    let note = (lang == Lang::En).then(|| format!(" ({})", Msg::AsRegistered.text(lang)));
    view! { <span lang="zh-CN">{name}</span>{note} }
}

/// The emergency plan's filing in words, the filing number (as issued, never translated) marked
/// `lang="zh-CN"`.
fn emergency_view(p: &EmergencyPlan, lang: Lang) -> impl IntoView + use<> {
    let (before, number, after) = emergency_parts(p, lang);
    let number = number.map(|n| view! { <span lang="zh-CN" class="filing-no">{n.to_owned()}</span> });
    view! { {before}{number}{after} }
}

/// Pollution-control facilities: name, process, capacity, state, and the outlet each serves.
fn facilities_view(record: &DisclosureRecord, lang: Lang) -> Option<impl IntoView + use<>> {
    (!record.facilities.is_empty()).then(|| {
        let body = record
            .facilities
            .iter()
            .map(|f| {
                let name = lang.pick(&f.name_zh, &f.name_en).to_owned();
                let outlet = f.outlet.clone().map(|o| format!(" ({o})"));
                view! {
                    <tr>
                        <th scope="row">{name}{outlet}</th>
                        <td data-label=Msg::ColumnProcess.text(lang)>{lang.pick(&f.process_zh, &f.process_en).to_owned()}</td>
                        <td class="num" data-label=Msg::ColumnCapacity.text(lang)>{capacity_text(f)}</td>
                        <td data-label=Msg::ColumnState.text(lang)>{Msg::from(f.state).text(lang)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="facilities">
                <h2 id="facilities">{Msg::FacilitiesHeading.text(lang)}</h2>
                {table(Some("as-cards"), None, columns(lang, &[
                    Msg::ColumnFacility,
                    Msg::ColumnProcess,
                    Msg::ColumnCapacity,
                    Msg::ColumnState,
                ]), body)}
            </section>
        }
    })
}

/// A measurement in words: the value with its unit, or "not detected (< limit)".
fn measurement_text(m: &Measurement, lang: Lang) -> String {
    match *m {
        Measurement::Detected { value, unit } => format!("{} {}", format_sig(value), unit.symbol()),
        Measurement::NotDetected { detection_limit, unit } => {
            format!(
                "{} (< {} {} {})",
                Msg::ResultNotDetected.text(lang),
                format_sig(detection_limit),
                unit.symbol(),
                Msg::DetectionLimit.text(lang)
            )
        }
    }
}

/// Fugitive emissions: where, what, the highest concentration at the boundary, the estimate.
fn fugitive_view(record: &DisclosureRecord, lang: Lang) -> Option<impl IntoView + use<>> {
    (!record.fugitive_emissions.is_empty()).then(|| {
        let body = record
            .fugitive_emissions
            .iter()
            .map(|f| {
                view! {
                    <tr>
                        <th scope="row">{lang.pick(&f.source_zh, &f.source_en).to_owned()}</th>
                        <td class="substance" data-label=Msg::ColumnSubstance.text(lang)>
                            <span class="name">{lang.pick(&f.name_zh, &f.name_en).to_owned()}</span>
                            {f.entry.map(|n| view! { " " {entry_link(lang, Some(n))} })}
                        </td>
                        <td class="num" data-label=Msg::ColumnBoundaryConcentration.text(lang)>
                            {f.boundary_concentration.as_ref().map_or_else(|| "–".into(), |m| measurement_text(m, lang))}
                        </td>
                        <td class="num" data-label=Msg::ColumnEstimatedQuantity.text(lang)>
                            {f.annual_quantity.as_ref().map_or_else(|| "–".into(), quantity)}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="fugitive">
                <h2 id="fugitive">{Msg::FugitiveHeading.text(lang)}</h2>
                {definitions(lang, &[Msg::DefFugitive])}
                {table(Some("as-cards"), None, columns(lang, &[
                    Msg::ColumnWhere,
                    Msg::ColumnSubstance,
                    Msg::ColumnBoundaryConcentration,
                    Msg::ColumnEstimatedQuantity,
                ]), body)}
            </section>
        }
    })
}

/// 有毒有害物质排放: each listed substance, the lists it is on, its release by medium and in total.
fn toxic_view(record: &DisclosureRecord, r: &Reference, lang: Lang) -> Option<impl IntoView + use<>> {
    let rows = releases(record, r);
    (!rows.is_empty()).then(|| {
        let kg = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |v| quantity(&readable(v)));
        let body = rows
            .iter()
            .map(|s| {
                let mut lists: Vec<String> = s
                    .entry
                    .map(|n| {
                        let (list, label) = (Msg::ListKeyControlled.text(lang), entry_label(lang, n));
                        lang.pick(&format!("{list}（{label}）"), &format!("{list} ({label})")).to_owned()
                    })
                    .into_iter()
                    .collect();
                lists.extend(s.listings.iter().map(|l| listing_label(l, r, lang)));
                view! {
                    <tr>
                        <th scope="row">
                            {lang.pick(s.name_zh, s.name_en).to_owned()}
                            {s.cas.map(|c| view! { " " <span class="mono">{c.to_owned()}</span> })}
                        </th>
                        <td class="lists" data-label=Msg::ColumnLists.text(lang)>
                            <ul class="lists">{lists.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                        </td>
                        <td class="num" data-label=Msg::ColumnToWater.text(lang)>{kg(s.water_kg)}</td>
                        <td class="num" data-label=Msg::ColumnToAir.text(lang)>{kg(s.air_kg)}</td>
                        <td class="num" data-label=Msg::ColumnFugitiveShort.text(lang)>{kg(s.fugitive_kg)}</td>
                        <td class="num" data-label=Msg::ColumnTotal.text(lang)><strong>{kg(s.total_kg())}</strong></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="toxic">
                <h2 id="toxic">{Msg::ToxicHeading.text(lang)}</h2>
                <p class="note">{Msg::ToxicIntro.text(lang)}</p>
                {table(Some("as-cards"), None, columns(lang, &[
                    Msg::ColumnSubstance,
                    Msg::ColumnLists,
                    Msg::ColumnToWater,
                    Msg::ColumnToAir,
                    Msg::ColumnFugitiveShort,
                    Msg::ColumnTotal,
                ]), body)}
                <p class="note">{Msg::ListsSourceNote.text(lang)}</p>
            </section>
        }
    })
}

/// The monitoring plan's completion, the emergency plan's filing and the risk level, with the
/// format standard cited as unverified.
fn monitoring_view(record: &DisclosureRecord, lang: Lang) -> Option<impl IntoView + use<>> {
    if record.self_monitoring.is_none() && record.emergency_plan.is_none() {
        return None;
    }
    let completion = record.self_monitoring.and_then(|m| monitoring_completion(m, lang));
    let plan = record.emergency_plan.clone();
    Some(view! {
        <section aria-labelledby="monitoring">
            <h2 id="monitoring">{Msg::MonitoringEmergencyHeading.text(lang)}</h2>
            <dl class="facts">
                {completion.map(|c| view! { <dt>{Msg::FieldMonitoringCompletion.text(lang)}</dt><dd>{c}</dd> })}
                {plan.as_ref().map(|p| view! { <dt>{Msg::FieldEmergencyPlan.text(lang)}</dt><dd>{emergency_view(p, lang)}</dd> })}
                {plan.as_ref().and_then(|p| p.risk_level).map(|l| view! { <dt>{Msg::FieldRiskLevel.text(lang)}</dt><dd>{Msg::from(l).text(lang)}</dd> })}
            </dl>
            <p class="note">{Msg::FormatSourceNote.text(lang)}</p>
        </section>
    })
}

/// One reading: the value, the limit and the result in words (colour is never the only signal),
/// the result read together with the exceedance count ([`portal_core::feed::verdict::Status`]).
fn reading_row(r: &ReadingView, lang: Lang, anchor: &str, quality: &[WarningKind]) -> impl IntoView + use<> {
    let p = r.reading;
    let value = measurement_text(&p.concentration, lang);
    let limit = r.limit.map(|l| {
        let unverified = (l.verification == Verification::Unverified)
            .then(|| view! { <span class="unverified">{Msg::LimitUnverified.text(lang)}</span> });
        // The standard's table is named as published (in Chinese): marked with its language, so
        // that a screen reader on the English page reads it in Chinese.
        view! {
            {format!("{} {} ({} ", format_sig(l.value), l.unit.symbol(), l.standard)}
            <span lang=Lang::of_text(&l.table).tag()>{l.table.clone()}</span>
            ")" " " {unverified}
        }
    });
    let status = r.status();
    let class = if status.is_finding() {
        "result bad"
    } else if status.is_judged() {
        "result ok"
    } else {
        "result none"
    };
    let result = status.describe(p.statistic, lang);
    // What the plausibility checks found wrong in this reading, said in the row itself.
    let doubt = (!quality.is_empty()).then(|| {
        let text = quality.iter().map(|k| quality_text(*k).text(lang)).collect::<Vec<_>>().join(" ");
        view! { " " <span class="doubt">{format!("⚠ {text}")}</span> }
    });
    let substance = lang.pick(&p.name_zh, &p.name_en).to_owned();
    view! {
        <tr id=anchor.to_owned()>
            <th scope="row">
                {format!("{} ({})", r.outlet.code, Msg::from(r.outlet.medium).text(lang))}
                {r.outlet.discharge_mode.map(|m| view! { " " <span class="mode">{Msg::from(m).text(lang)}</span> })}
            </th>
            <td class="substance" data-label=Msg::ColumnSubstance.text(lang)>
                <span class="name">{substance}</span>
                {p.cas.clone().map(|c| view! { " " <span class="mono">{c}</span> })}
                {p.entry.map(|n| view! { " " {entry_link(lang, Some(n))} })}
            </td>
            <td class="num" data-label=Msg::ColumnConcentration.text(lang)>{value}</td>
            <td class="limit" data-label=Msg::ColumnLimit.text(lang)>{limit}</td>
            <td class=class data-label=Msg::ColumnResult.text(lang)>{result}{doubt}</td>
            <td class="num" data-label=Msg::ColumnExceedances.text(lang)>{p.exceedances}</td>
            <td class="num" data-label=Msg::ColumnAnnualQuantity.text(lang)>{p.annual_quantity.as_ref().map(quantity).unwrap_or_else(|| "–".into())}</td>
            <td class="num" data-label=Msg::ColumnPermitted.text(lang)>{p.permitted_quantity.as_ref().map(quantity).unwrap_or_else(|| "–".into())}</td>
            <td data-label=Msg::ColumnMonitoring.text(lang)>
                {format!("{} · {}", p.monitoring.method, Msg::from(p.monitoring.frequency).text(lang))}
                {p.sample_count.map(|n| format!(" · {}", Msg::SampleCount.text(lang).replace("{n}", &n.to_string())))}
            </td>
        </tr>
    }
}

/// The buttons that save every reading of the enterprise, all years, in long format (CSV) and
/// its Data Package descriptor, both with the feed version's permanent link.
fn readings_export(data: &Arc<FeedData>, detail: &Arc<EnterpriseDetail>, lang: Lang) -> impl IntoView + use<> {
    use portal_core::query::export::{ExportMeta, with_version};
    use portal_core::query::export_kind::ExportKind;
    use portal_core::query::export_readings::{readings_csv, readings_descriptor, readings_stem};
    let (data, detail) = (data.clone(), detail.clone());
    let save = move |kind: ExportKind| {
        let id = &detail.enterprise.id;
        let version = data.version();
        let stem = readings_stem(id, version);
        let page = localized(&format!("/enterprises/{id}"), lang);
        let meta = ExportMeta {
            feed_version: version.to_owned(),
            feed_built_at: data.meta.latest.built_at.clone(),
            source: data.meta.manifest.source.clone(),
            is_sample: data.meta.latest.is_sample,
            filters: format!("id={id}"),
            permalink: with_version(&format!("{}{page}", crate::origin()), version),
            licence: data.meta.manifest.licence.clone(),
        };
        let text = match kind {
            ExportKind::Descriptor => readings_descriptor(&meta, &ExportKind::Csv.file_name(&stem), lang),
            _ => readings_csv(&[&detail], &data.reference, lang),
        };
        let _ = crate::download::download_text(&kind.file_name(&stem), kind.mime(), &text);
    };
    let save_csv = save.clone();
    view! {
        <p class="export">
            <button type="button" on:click=move |_| save_csv(ExportKind::Csv)>{Msg::ExportReadingsButton.text(lang)}</button>
            " "
            <button type="button" on:click=move |_| save(ExportKind::Descriptor)>{Msg::ExportReadingsDescriptorButton.text(lang)}</button>
        </p>
    }
}

/// The data-quality note: what the plausibility checks found wrong in a year's data, in words.
fn quality_note(kinds: &[WarningKind], lang: Lang) -> Option<impl IntoView + use<>> {
    (!kinds.is_empty()).then(|| {
        view! {
            <div class="quality" role="note">
                <p><strong>{Msg::QualityHeading.text(lang)}</strong>" "{Msg::QualityIntro.text(lang)}</p>
                <ul>{kinds.iter().map(|k| view! { <li>{quality_text(*k).text(lang)}</li> }).collect_view()}</ul>
            </div>
        }
    })
}

/// The page's opening answer: one line per year (the latest, the most recent with a finding, the
/// one shown), each linking to the rows behind it.
#[component]
fn VerdictBlock(verdicts: Vec<YearVerdict>, base: String, shown: Option<u16>, lang: Lang) -> impl IntoView {
    let items = verdicts
        .into_iter()
        .map(|v| {
            let anchor = v.findings.first().map_or_else(|| table_anchor(v.year), |f| row_anchor(v.year, f.row));
            // A row of the year shown is a plain fragment, which the browser follows itself (so
            // that the row becomes :target); another year's goes through the router.
            let (href, rel) = if Some(v.year) == shown {
                (format!("#{anchor}"), Some("external"))
            } else {
                (localized(&format!("{base}?year={}#{anchor}", v.year), lang), None)
            };
            let class = if v.findings.is_empty() { "verdict-ok" } else { "verdict-bad" };
            let see = format!("{}{}", Msg::VerdictSeeRows.text(lang), lang.pick("（", " ("));
            let see_label = format!("{see}{}{}", v.year, lang.pick("年）", ")"));
            view! {
                <li class=class>
                    <strong>{v.year_label(lang)}</strong>{v.sentence(lang)}{lang.pick("。", ".")}" "
                    <a href=href rel=rel>{see_label}</a>
                    {quality_note(&v.quality, lang)}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="verdict" aria-labelledby="verdict">
            <h2 id="verdict" class="visually-hidden">{Msg::VerdictHeading.text(lang)}</h2>
            <ul>{items}</ul>
        </section>
    }
}

/// The penalties of a record.
#[component]
fn Penalties(record: DisclosureRecord, lang: Lang) -> impl IntoView {
    if record.penalties.is_empty() {
        return view! { <p>{Msg::NoPenalties.text(lang)}</p> }.into_any();
    }
    let head = columns(
        lang,
        &[Msg::ColumnDecision, Msg::ColumnDate, Msg::ColumnFacts, Msg::ColumnAmount, Msg::ColumnRectified],
    );
    let body = record
        .penalties
        .iter()
        .map(|p| {
            view! {
                <tr>
                    <th scope="row" lang="zh-CN">{p.decision_no.clone()}</th>
                    <td class="date" data-label=Msg::ColumnDate.text(lang)>{format_date(&p.date, lang)}</td>
                    <td class="facts" data-label=Msg::ColumnFacts.text(lang)>{lang.pick(&p.facts_zh, &p.facts_en).to_owned()}</td>
                    <td class="num" data-label=Msg::ColumnAmount.text(lang)>{portal_core::i18n::group_digits(p.amount_cny as usize)}</td>
                    <td data-label=Msg::ColumnRectified.text(lang)>{if p.rectified { Msg::Yes.text(lang) } else { Msg::No.text(lang) }}</td>
                </tr>
            }
        })
        .collect_view();
    table(Some("as-cards"), None, head, body).into_any()
}
