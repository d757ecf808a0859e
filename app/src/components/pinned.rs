//! The note shown when a permanent link pins an older feed version.

use crate::data::FeedData;
use crate::i18n::{t, use_lang, with_lang};
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use portal_core::i18n::Msg;
use std::sync::Arc;

/// "This link shows version X; a newer version exists", with a link to the latest data.
#[component]
pub fn PinnedNotice(data: Arc<FeedData>) -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    data.newer.clone().map(|newer| {
        let shown = data.version().to_owned();
        // The same view without the pinned version.
        let latest_href = move || {
            let kept: Vec<String> = location.query.with(|q| {
                q.into_iter()
                    .filter(|(k, _)| !matches!(k.as_ref(), "v" | "lang"))
                    .map(|(k, v)| format!("{k}={}", portal_core::query::encode_component(v)))
                    .collect()
            });
            // The address as the browser reports it carries the mount already.
            let path = location.pathname.get();
            with_lang(&if kept.is_empty() { path } else { format!("{path}?{}", kept.join("&")) }, lang.get())
        };
        view! {
            <p class="pinned-note" role="note">
                {t(Msg::PinnedNote)} " " <span class="mono">{newer}</span>
                " (" {t(Msg::FooterFeedVersion)} ": " <span class="mono">{shown}</span> "). "
                <a href=latest_href>{t(Msg::ViewLatest)}</a>
            </p>
        }
    })
}
