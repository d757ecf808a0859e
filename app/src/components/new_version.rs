//! Tells the reader when a newer feed version has been published while the page was open.

use crate::api::{self, FEED_BASE};
use crate::app::use_feed;
use crate::i18n::t;
use leptos::prelude::*;
use portal_core::feed::Latest;
use portal_core::i18n::Msg;
use std::time::Duration;

/// How often an open page asks whether a newer version exists.
const EVERY: Duration = Duration::from_secs(300);

/// A banner with a reload button, shown when `latest.json` names another version.
#[component]
pub fn NewVersionNotice() -> impl IntoView {
    let feed = use_feed();
    let newer = RwSignal::new(None::<String>);
    let check = move || {
        let Some(Ok(shown)) = feed.meta.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            if let Ok(latest) = api::fetch_json::<Latest>(&format!("{FEED_BASE}/latest.json")).await
                && latest.version != shown.latest.version
            {
                newer.set(Some(latest.version));
            }
        });
    };
    if crate::in_browser() {
        set_interval(check, EVERY);
        let _online = window_event_listener_untyped("online", move |_| check());
    }
    move || {
        newer.get().map(|v| {
            view! {
                <div class="new-version" role="status">
                    {t(Msg::NewVersion)} " (" <span class="mono">{v}</span> ") "
                    <button type="button" on:click=|_| { let _ = crate::window().map(|w| w.location().reload()); }>{t(Msg::NewVersionReload)}</button>
                </div>
            }
        })
    }
}
