//! Follow and compare buttons for an enterprise; both keep their state in this browser only.

use crate::i18n::{localized, t, use_lang};
use crate::storage::{COMPARE_KEY, WATCH_KEY, read, write};
use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::feed::IndexEntry;
use portal_core::feed::watch::Snapshot;
use portal_core::i18n::Msg;

/// The comparison link for a set of ids.
pub fn compare_href(ids: &[String], lang: portal_core::i18n::Lang) -> String {
    localized(&format!("/compare?ids={}", ids.join(",")), lang)
}

/// "Follow" and "Add to comparison" for one enterprise.
#[component]
pub fn EnterpriseActions(entry: IndexEntry, version: String) -> impl IntoView {
    let lang = use_lang();
    let id = entry.id.clone();
    let selected = RwSignal::new(read::<Vec<String>>(COMPARE_KEY));
    let followed = RwSignal::new(read::<Vec<Snapshot>>(WATCH_KEY).iter().any(|s| s.id == id));
    let full = RwSignal::new(false);
    let in_compare = {
        let id = id.clone();
        move || selected.with(|s| s.contains(&id))
    };
    let toggle_compare = {
        let id = id.clone();
        move |_| {
            let mut s = selected.get_untracked();
            if let Some(k) = s.iter().position(|x| x == &id) {
                s.remove(k);
                full.set(false);
            } else if s.len() >= crate::pages::compare::MAX {
                full.set(true);
                return;
            } else {
                s.push(id.clone());
            }
            write(COMPARE_KEY, &s);
            selected.set(s);
        }
    };
    let toggle_follow = move |_| {
        let mut snaps = read::<Vec<Snapshot>>(WATCH_KEY);
        if let Some(k) = snaps.iter().position(|s| s.id == entry.id) {
            snaps.remove(k);
        } else {
            snaps.push(Snapshot::of(&entry, &version));
        }
        followed.set(snaps.iter().any(|s| s.id == entry.id));
        write(WATCH_KEY, &snaps);
    };
    let in_compare2 = in_compare.clone();
    view! {
        <p class="actions">
            <button type="button" aria-pressed=move || followed.get().to_string() on:click=toggle_follow>
                {move || if followed.get() { Msg::WatchUnfollow.text(lang.get()) } else { Msg::WatchFollow.text(lang.get()) }}
            </button>
            " "
            <button type="button" aria-pressed=move || in_compare().to_string() on:click=toggle_compare>
                {move || if in_compare2() { Msg::CompareRemove.text(lang.get()) } else { Msg::CompareAdd.text(lang.get()) }}
            </button>
            " "
            <Show when=move || !selected.with(Vec::is_empty)>
                <A href=move || compare_href(&selected.get(), lang.get())>
                    {t(Msg::CompareOpen)} {move || format!(" ({})", selected.with(Vec::len))}
                </A>
            </Show>
            " · "
            <A href=move || localized("/watch", lang.get())>{t(Msg::WatchHeading)}</A>
        </p>
        <Show when=move || full.get()>
            <p class="warning" role="alert">{t(Msg::CompareFull)}</p>
        </Show>
    }
}
