//! A data table in its wrapper that scrolls sideways on a narrow screen (focusable, so that a
//! keyboard can scroll it too).

use leptos::prelude::*;
use portal_core::i18n::{Lang, Msg};

/// `<div class="table-wrap"><table class=…>`: an optional caption (for screen readers only), the
/// header row's cells `head` and the rows `body`.
pub fn table(
    class: Option<&'static str>,
    caption: Option<String>,
    head: impl IntoView,
    body: impl IntoView,
) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0">
            <table class=class>
                {caption.map(|c| view! { <caption class="visually-hidden">{c}</caption> })}
                <thead><tr>{head}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// Column headers, one per label.
pub fn columns(lang: Lang, labels: &[Msg]) -> impl IntoView + use<> {
    labels.iter().map(|l| view! { <th scope="col">{l.text(lang)}</th> }).collect_view()
}
