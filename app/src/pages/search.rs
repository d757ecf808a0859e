//! `/search?q=`: one search over enterprises, list substances, explainers and glossary terms, in
//! both languages.

use crate::api;
use crate::components::loaded::data_view;
use crate::data::FeedData;
use crate::i18n::{localized, set_title, t, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use portal_core::i18n::{Msg, count_enterprises, entry_label};
use portal_core::query::{Query, normalise};
use std::sync::Arc;

/// `/search`.
#[component]
pub fn SearchPage() -> impl IntoView {
    set_title(Msg::SiteSearchHeading);
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(|m| m.get("q").unwrap_or_default()));
    view! {
        <h1 tabindex="-1">{t(Msg::SiteSearchHeading)}</h1>
        <p class="note">{t(Msg::SiteSearchHint)}</p>
        {data_view(move |d| view! { <Results data=d q=q/> })}
    }
}

/// The search form (also in the header).
#[component]
pub fn SiteSearchForm() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    view! {
        <form class="site-search" role="search" action="/search" method="get" aria-label=move || Msg::SiteSearchLabel.text(lang.get())>
            <label for="site-search" class="visually-hidden">{t(Msg::SiteSearchLabel)}</label>
            <input id="site-search" type="search" name="q" prop:value=move || query.with(|m| m.get("q").unwrap_or_default())/>
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
        let words: Vec<String> = normalise(&text).split_whitespace().map(str::to_owned).collect();
        if words.is_empty() {
            return ().into_any();
        }
        let hit = |hay: &str| {
            let h = normalise(hay);
            words.iter().all(|w| h.contains(w.as_str()))
        };
        let enterprises = data.catalog.run(
            &Query { text: text.clone(), ..Query::default() },
            None,
            None,
            lang == portal_core::i18n::Lang::En,
        );
        let substances: Vec<_> = data
            .reference
            .substances
            .entries
            .iter()
            .filter(|e| {
                let mut hay = format!("{} {} {}", e.name_zh, e.name_en, e.abbreviation.clone().unwrap_or_default());
                for c in e.all_cas() {
                    hay.push(' ');
                    hay.push_str(&c.number);
                }
                for m in &e.members {
                    hay.push_str(&format!(" {} {}", m.name_zh, m.name_en));
                }
                hit(&hay)
            })
            .map(|e| (e.entry, lang.pick(&e.name_zh, &e.name_en).to_owned()))
            .collect();
        let (explainers, terms) = match content.get() {
            Some(Ok(ix)) => (
                ix.explainers
                    .iter()
                    // An explainer matches on its words, or because it is about a matching substance.
                    .filter(|e| {
                        hit(&format!("{} {} {} {}", e.title_zh, e.title_en, e.summary_zh, e.summary_en))
                            || e.entries.iter().any(|n| substances.iter().any(|(m, _)| m == n))
                    })
                    .map(|e| (e.id.clone(), lang.pick(&e.title_zh, &e.title_en).to_owned()))
                    .collect::<Vec<_>>(),
                ix.glossary
                    .terms
                    .iter()
                    .filter(|g| hit(&format!("{} {} {} {}", g.term_zh, g.term_en, g.definition_zh, g.definition_en)))
                    .map(|g| (g.id.clone(), lang.pick(&g.term_zh, &g.term_en).to_owned()))
                    .collect::<Vec<_>>(),
            ),
            _ => (vec![], vec![]),
        };
        let nothing = enterprises.rows.is_empty() && substances.is_empty() && explainers.is_empty() && terms.is_empty();
        let list_href = localized(&format!("/disclosures?q={}", portal_core::query::encode_component(&text)), lang);
        view! {
            {nothing.then(|| view! { <p role="status">{Msg::SearchNothing.text(lang)}</p> })}
            {(!substances.is_empty()).then(|| view! {
                <section aria-labelledby="r-substances"><h2 id="r-substances">{Msg::SearchSubstances.text(lang)}</h2>
                <ul>{substances.into_iter().map(|(n, name)| { let href = localized(&format!("/substances/{n}"), lang); let label = format!("{} · {name}", entry_label(lang, n)); view! { <li><A href=href>{label}</A></li> } }).collect_view()}</ul></section>
            })}
            {(!explainers.is_empty()).then(|| view! {
                <section aria-labelledby="r-explainers"><h2 id="r-explainers">{Msg::SearchExplainers.text(lang)}</h2>
                <ul>{explainers.into_iter().map(|(id, title)| { let href = localized(&format!("/learn/{id}"), lang); view! { <li><A href=href>{title}</A></li> } }).collect_view()}</ul></section>
            })}
            {(!terms.is_empty()).then(|| view! {
                <section aria-labelledby="r-terms"><h2 id="r-terms">{Msg::SearchTerms.text(lang)}</h2>
                <ul>{terms.into_iter().map(|(id, term)| { let href = localized(&format!("/glossary#term-{id}"), lang); view! { <li><A href=href>{term}</A></li> } }).collect_view()}</ul></section>
            })}
            {(!enterprises.rows.is_empty()).then(|| {
                let count = count_enterprises(lang, enterprises.rows.len());
                let list = enterprises.rows.iter().take(10).map(|&i| {
                    let e = &data.catalog.entries[i];
                    let href = localized(&format!("/enterprises/{}", e.id), lang);
                    let name = lang.pick(&e.name_zh, &e.name_en).to_owned();
                    view! { <li><A href=href>{name}</A></li> }
                }).collect_view();
                view! {
                    <section aria-labelledby="r-enterprises"><h2 id="r-enterprises">{Msg::SearchEnterprises.text(lang)}</h2>
                    <p>{count} " · " <A href=list_href>{Msg::ViewAll.text(lang)}</A></p>
                    <ul>{list}</ul></section>
                }
            })}
        }
        .into_any()
    }
}
