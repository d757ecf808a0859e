//! Content text with its inline markup rendered as escaped text and links. No HTML from content
//! ever reaches the page: every piece becomes a text node or a link the app builds itself.

use crate::i18n::{localized, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::content::{Inline, parse_inline};
use portal_core::i18n::{Lang, entry_label};

fn render(pieces: Vec<Inline>, lang: Lang) -> AnyView {
    pieces
        .into_iter()
        .map(|p| match p {
            Inline::Text(t) => t.into_any(),
            Inline::Bold(inner) => view! { <strong>{render(inner, lang)}</strong> }.into_any(),
            Inline::Term { id, text } => {
                let href = localized(&format!("/glossary#term-{id}"), lang);
                view! { <A href=href attr:class="term">{text}</A> }.into_any()
            }
            Inline::Entry { n, text } => {
                let href = localized(&format!("/substances/{n}"), lang);
                view! { <A href=href attr:class="entry-ref">{text.unwrap_or_else(|| entry_label(lang, n))}</A> }
                    .into_any()
            }
            Inline::Page { path, text } => {
                let href = localized(&path, lang);
                view! { <A href=href>{text.unwrap_or(path)}</A> }.into_any()
            }
        })
        .collect_view()
        .into_any()
}

/// A paragraph of content text.
#[component]
pub fn Rich(
    /// The text, with `[[term]]`, `{{entry:N}}`, `{{page:/path}}` and `**bold**` markup.
    text: String,
) -> impl IntoView {
    let lang = use_lang();
    move || render(parse_inline(&text), lang.get())
}
