//! `/watch`: the enterprises this browser follows, and what changed since they were last seen.

use crate::components::layout::PageHead;
use crate::components::loaded::data_view;
use crate::data::FeedData;
use crate::i18n::{localized, use_lang};
use crate::storage::{WATCH_KEY, read, write};
use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::feed::atom::{Topic, watch_texts};
use portal_core::feed::watch::{Snapshot, diff};
use portal_core::i18n::Msg;
use std::sync::Arc;

/// `/watch`.
#[component]
pub fn WatchPage() -> impl IntoView {
    let lang = use_lang();
    let text = move |i: usize| watch_texts(lang.get())[i];
    view! {
        <PageHead heading=Msg::WatchHeading lead=Msg::WatchIntro/>
        {data_view(move |d| view! { <Watched data=d/> })}
        <section class="feeds" aria-labelledby="feeds-heading">
            <h2 id="feeds-heading">{move || text(0)}</h2>
            <p>{move || text(1)}</p>
            <p><a href=crate::at_base(&Topic::All.href()) type="application/atom+xml">{move || text(2)}</a></p>
        </section>
    }
}

#[component]
fn Watched(data: Arc<FeedData>) -> impl IntoView {
    let lang = use_lang();
    let snaps = RwSignal::new(read::<Vec<Snapshot>>(WATCH_KEY));
    let d = data.clone();
    let mark_seen = move |id: String| {
        snaps.update(|list| {
            for s in list.iter_mut().filter(|s| s.id == id) {
                if let Some(e) = d.catalog.entries.iter().find(|e| e.id == id) {
                    *s = Snapshot::of(e, d.version());
                }
            }
        });
        write(WATCH_KEY, &snaps.get_untracked());
    };
    let d = data.clone();
    move || {
        let lang = lang.get();
        let list = snaps.get();
        if list.is_empty() {
            return view! { <p>{Msg::WatchNone.text(lang)}</p> }.into_any();
        }
        list.into_iter()
            .map(|s| {
                let now = d.catalog.entries.iter().find(|e| e.id == s.id);
                let changes = diff(&s, now);
                let name = now.map_or_else(|| s.id.clone(), |e| lang.pick(&e.name_zh, &e.name_en).to_owned());
                let href = localized(&format!("/enterprises/{}", s.id), lang);
                let id = s.id.clone();
                let mark = mark_seen.clone();
                view! {
                    <article class="watched">
                        <h2><A href=href>{name}</A></h2>
                        <p class="note">{format!("{} {}", Msg::WatchSince.text(lang), s.version)}</p>
                        <p><a href=crate::at_base(&Topic::Enterprise(s.id.clone()).href()) type="application/atom+xml">{watch_texts(lang)[3]}</a></p>
                        {if changes.is_empty() {
                            view! { <p>{Msg::WatchNoChange.text(lang)}</p> }.into_any()
                        } else {
                            view! {
                                <ul>{changes.iter().map(|c| view! { <li>{c.describe(lang)}</li> }).collect_view()}</ul>
                                <button type="button" on:click=move |_| mark(id.clone())>{Msg::WatchSeen.text(lang)}</button>
                            }
                            .into_any()
                        }}
                    </article>
                }
            })
            .collect_view()
            .into_any()
    }
}
