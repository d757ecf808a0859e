//! `/search?q=`: one search over enterprises, list substances, explainers and glossary terms, in
//! both languages.

use crate::api;
use crate::components::loaded::data_view;
use crate::data::FeedData;
use crate::i18n::{localized, set_title, t, use_lang};
use crate::pages::disclosures::filter_label;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use portal_core::content::grade_name;
use portal_core::i18n::{Msg, count_enterprises, enterprises_in, entry_label};
use portal_core::query::encode_component;
use portal_core::search::search;
use std::sync::Arc;

/// `/search`.
#[component]
pub fn SearchPage() -> impl IntoView {
    set_title(Msg::SiteSearchHeading);
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(|m| m.get("q").unwrap_or_default()));
    view! {
        <h1 tabindex="-1">{t(Msg::SiteSearchHeading)}</h1>
        // On a phone the header's search box sits in the closed menu: the page shows its own, with
        // the words searched for (CSS shows it only there).
        <div class="page-search"><SiteSearchForm in_page=true/></div>
        <p class="note">{t(Msg::SiteSearchHint)}</p>
        {data_view(move |d| view! { <Results data=d q=q/> })}
    }
}

/// The search form: in the header, and `in_page` on the search page itself.
#[component]
pub fn SiteSearchForm(#[prop(optional)] in_page: bool) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let id = if in_page { "page-search-q" } else { "site-search" };
    view! {
        <form class="site-search" role="search" action=crate::at_base("/search") method="get" aria-label=move || Msg::SiteSearchLabel.text(lang.get())>
            <label for=id class="visually-hidden">{t(Msg::SiteSearchLabel)}</label>
            <input id=id type="search" name="q" prop:value=move || query.with(|m| m.get("q").unwrap_or_default())/>
            {move || (lang.get() == portal_core::i18n::Lang::En).then(|| view! { <input type="hidden" name="lang" value="en"/> })}
            <button type="submit">{t(Msg::SearchButton)}</button>
        </form>
    }
}

#[component]
fn Results(data: Arc<FeedData>, q: Memo<String>) -> impl IntoView {
    let lang = use_lang();
    let version = data.version().to_owned();
    let content = crate::load::load(move || {
        let v = version.clone();
        async move { api::load_content_index(&v).await }
    });
    move || {
        let lang = lang.get();
        let text = q.get();
        let ix = content.get().and_then(Result::ok);
        let a = search(&text, &data.catalog, &data.reference, ix.as_ref());
        if text.trim().is_empty() {
            return ().into_any();
        }
        let href = |path: String| localized(&path, lang);
        // Each item: where it leads, the link's text, and a note after the link.
        let section = |id: &'static str, heading: Msg, items: Vec<(String, String, String)>| {
            (!items.is_empty()).then(|| {
                let list = items
                    .into_iter()
                    .map(|(href, label, note)| {
                        let note = (!note.is_empty()).then(|| view! { " " <span class="note">{note}</span> });
                        view! { <li><A href=href>{label}</A>{note}</li> }
                    })
                    .collect_view();
                view! { <section aria-labelledby=id><h2 id=id>{heading.text(lang)}</h2><ul>{list}</ul></section> }
            })
        };
        let lists: Vec<(String, String, String)> = a
            .lists
            .iter()
            .map(|l| {
                let what = l
                    .query
                    .active_filters()
                    .iter()
                    .map(|(f, _)| filter_label(&data, f, lang))
                    .collect::<Vec<_>>()
                    .join(" · ");
                (
                    href(format!("/disclosures?{}", l.query.to_query_string())),
                    enterprises_in(lang, &what, l.count),
                    String::new(),
                )
            })
            .collect();
        let categories = (!a.categories.is_empty()).then(|| {
            let items = a
                .categories
                .iter()
                .map(|c| {
                    let link = href(format!("/report?category={}", c.key()));
                    let label = format!("{}{}", Msg::SearchReportAs.text(lang), c.name(lang));
                    view! { <li><A href=link>{label}</A><br/><span class="note">{c.description(lang)}</span></li> }
                })
                .collect_view();
            view! {
                <section aria-labelledby="r-report"><h2 id="r-report">{Msg::SearchReportHeading.text(lang)}</h2><ul>{items}</ul></section>
            }
        });
        let (explainers, lessons, terms) = match &ix {
            Some(ix) => (
                a.explainers
                    .iter()
                    .filter_map(|id| ix.explainers.iter().find(|e| &e.id == id))
                    .map(|e| {
                        (
                            href(format!("/learn/{}", e.id)),
                            lang.pick(&e.title_zh, &e.title_en).to_owned(),
                            String::new(),
                        )
                    })
                    .collect(),
                a.lessons
                    .iter()
                    .filter_map(|id| ix.lessons.iter().find(|l| &l.level == id))
                    .map(|l| {
                        let title = lang.pick(&l.title_zh, &l.title_en).to_owned();
                        (href(format!("/learn/lessons/{}", l.level)), title, grade_name(&l.grade, lang).to_owned())
                    })
                    .collect(),
                a.terms
                    .iter()
                    .filter_map(|id| ix.glossary.terms.iter().find(|g| &g.id == id))
                    .map(|g| {
                        (
                            href(format!("/glossary#term-{}", g.id)),
                            lang.pick(&g.term_zh, &g.term_en).to_owned(),
                            String::new(),
                        )
                    })
                    .collect(),
            ),
            None => (vec![], vec![], vec![]),
        };
        let substances: Vec<(String, String, String)> = a
            .entries
            .iter()
            .filter_map(|n| data.reference.entry(*n))
            .map(|e| {
                (
                    href(format!("/substances/{}", e.entry)),
                    format!("{} · {}", entry_label(lang, e.entry), lang.pick(&e.name_zh, &e.name_en)),
                    String::new(),
                )
            })
            .collect();
        let enterprises = (!a.enterprises.is_empty()).then(|| {
            let list_href = href(format!("/disclosures?q={}", encode_component(&text)));
            let count = count_enterprises(lang, a.enterprises.len());
            let list = a
                .enterprises
                .iter()
                .take(10)
                .map(|&i| {
                    let e = &data.catalog.entries[i];
                    let link = href(format!("/enterprises/{}", e.id));
                    let name = lang.pick(&e.name_zh, &e.name_en).to_owned();
                    view! { <li><A href=link>{name}</A></li> }
                })
                .collect_view();
            view! {
                <section aria-labelledby="r-enterprises"><h2 id="r-enterprises">{Msg::SearchEnterprises.text(lang)}</h2>
                <p>{count} " · " <A href=list_href>{Msg::ViewAll.text(lang)}</A></p>
                <ul>{list}</ul></section>
            }
        });
        let words = a.suggestions.clone();
        let nothing = a.is_empty().then(move || {
            let suggestions = (!words.is_empty()).then(|| {
                let links = words
                    .into_iter()
                    .map(|w| {
                        let link = href(format!("/search?q={}", encode_component(&w)));
                        view! { <li><A href=link>{w}</A></li> }
                    })
                    .collect_view();
                view! { <p>{Msg::SearchDidYouMean.text(lang)}</p><ul class="suggestions">{links}</ul> }
            });
            view! {
                <div role="status"><p>{Msg::SearchNothing.text(lang)}</p></div>
                {suggestions}
                <p>
                    {Msg::SearchNothingNext.text(lang)}
                    <A href=href("/report".to_owned())>{Msg::SearchNothingReport.text(lang)}</A>
                    {Msg::SearchNothingLearn.text(lang)}
                    <A href=href("/learn".to_owned())>{Msg::NavLearn.text(lang)}</A>
                    {lang.pick("。", ".")}
                </p>
            }
        });
        view! {
            {nothing}
            {section("r-lists", Msg::SearchLists, lists)}
            {categories}
            {section("r-explainers", Msg::SearchExplainers, explainers)}
            {section("r-lessons", Msg::SearchLessons, lessons)}
            {section("r-substances", Msg::SearchSubstances, substances)}
            {section("r-terms", Msg::SearchTerms, terms)}
            {enterprises}
        }
        .into_any()
    }
}
