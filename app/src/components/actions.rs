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

/// The enterprises picked for comparison in this browser, shared by the page's controls (given
/// by [`provide_compare_selection`], else read afresh).
#[derive(Clone, Copy)]
pub struct CompareSelection(pub RwSignal<Vec<String>>);

/// Makes the page's comparison picks one signal for all its controls.
pub fn provide_compare_selection() -> CompareSelection {
    let s = CompareSelection(RwSignal::new(read::<Vec<String>>(COMPARE_KEY)));
    provide_context(s);
    s
}

/// The page's comparison picks.
pub fn use_compare_selection() -> CompareSelection {
    use_context::<CompareSelection>()
        .unwrap_or_else(|| CompareSelection(RwSignal::new(read::<Vec<String>>(COMPARE_KEY))))
}

impl CompareSelection {
    /// Adds or removes `id`; answers false (nothing changed) when adding would exceed the most
    /// compared at once.
    pub fn toggle(self, id: &str) -> bool {
        let mut s = self.0.get_untracked();
        if let Some(k) = s.iter().position(|x| x == id) {
            s.remove(k);
        } else if s.len() >= crate::pages::compare::MAX {
            return false;
        } else {
            s.push(id.to_owned());
        }
        write(COMPARE_KEY, &s);
        self.0.set(s);
        true
    }

    /// Forgets every pick.
    pub fn clear(self) {
        write(COMPARE_KEY, &Vec::<String>::new());
        self.0.set(Vec::new());
    }
}

/// "对比 (n)": the link to the comparison of the picks, while there are any.
#[component]
pub fn CompareLink(
    /// Clear the picks too.
    #[prop(optional)]
    clear: bool,
    /// Led by " · " (after other links on a line).
    #[prop(optional)]
    sep: bool,
) -> impl IntoView {
    let lang = use_lang();
    let selected = use_compare_selection().0;
    view! {
        <Show when=move || !selected.with(Vec::is_empty)>
            {sep.then_some(" · ")}
            <A href=move || compare_href(&selected.get(), lang.get()) attr:class="compare-link">
                {t(Msg::CompareAction)} {move || format!(" ({})", selected.with(Vec::len))}
            </A>
            {clear.then(|| view! {
                " "
                <button type="button" class="link-button" on:click=move |_| use_compare_selection().clear()>{t(Msg::CompareClear)}</button>
            })}
        </Show>
    }
}

/// "Follow" and "Add to comparison" for one enterprise.
#[component]
pub fn EnterpriseActions(entry: IndexEntry, version: String) -> impl IntoView {
    let lang = use_lang();
    let id = entry.id.clone();
    let picks = use_compare_selection();
    let selected = picks.0;
    let followed = RwSignal::new(read::<Vec<Snapshot>>(WATCH_KEY).iter().any(|s| s.id == id));
    let full = RwSignal::new(false);
    let in_compare = {
        let id = id.clone();
        move || selected.with(|s| s.contains(&id))
    };
    let toggle_compare = {
        let id = id.clone();
        move |_| full.set(!picks.toggle(&id))
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
                " · "
            </Show>
            <A href=move || localized("/watch", lang.get())>{t(Msg::WatchHeading)}</A>
        </p>
        <Show when=move || full.get()>
            <p class="warning" role="alert">{t(Msg::CompareFull)}</p>
        </Show>
    }
}
