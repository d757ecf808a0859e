//! Content text with its inline markup rendered as escaped text and links. No HTML from content
//! ever reaches the page: every piece becomes a text node or a link the app builds itself.

use crate::i18n::{localized, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::content::{ContentIndex, Inline, parse_inline};
use portal_core::i18n::{Lang, entry_label, script_runs};
use std::sync::Arc;

/// The content index, once loaded, for link texts: a bare `[[id]]` or `{{page:/path}}` reads the
/// title of what it points to, never the id (see [`provide_titles`]).
#[derive(Clone, Copy)]
pub struct Titles(pub Memo<Option<Arc<ContentIndex>>>);

/// Loads the content index of `version` and gives it to the [`Rich`] texts below.
pub fn provide_titles(version: String) -> Titles {
    let ix = crate::load::load(move || {
        let v = version.clone();
        async move { crate::api::load_content_index(&v).await }
    });
    let titles = Titles(Memo::new(move |_| ix.get().and_then(Result::ok).map(Arc::new)));
    provide_context(titles);
    titles
}

fn render(pieces: Vec<Inline>, lang: Lang, ix: Option<&ContentIndex>) -> AnyView {
    pieces
        .into_iter()
        .map(|p| {
            let text = ix.and_then(|ix| ix.link_text(&p, lang));
            match p {
                Inline::Text(t) => marked(&t, lang),
                Inline::Bold(inner) => view! { <strong>{render(inner, lang, ix)}</strong> }.into_any(),
                Inline::Term { id, text: own } => {
                    let href = localized(&format!("/glossary#term-{id}"), lang);
                    view! { <A href=href attr:class="term">{text.unwrap_or(own)}</A> }.into_any()
                }
                Inline::Entry { n, text: own } => {
                    let href = localized(&format!("/substances/{n}"), lang);
                    let label = text.or(own).unwrap_or_else(|| entry_label(lang, n));
                    view! { <A href=href attr:class="entry-ref">{label}</A> }.into_any()
                }
                Inline::Page { path, text: own } => {
                    let href = localized(&path, lang);
                    view! { <A href=href>{text.or(own).unwrap_or(path)}</A> }.into_any()
                }
            }
        })
        .collect_view()
        .into_any()
}

/// The longest Chinese quote in an English text kept on one line (in characters).
const QUOTE_KEPT_WHOLE: usize = 16;

/// `text` on a page in `lang`: on an English page, the Chinese it quotes (a term's original, a
/// document number) is marked `lang="zh-CN"`, so that a screen reader reads it in Chinese.
pub fn marked(text: &str, lang: Lang) -> AnyView {
    if lang == Lang::Zh || Lang::of_text(text) == Lang::En {
        return text.to_owned().into_any();
    }
    script_runs(text)
        .into_iter()
        .map(|(run, piece)| match run {
            // A short quote (a term's original, a document number) stays on one line, as a word
            // would; a longer one wraps as Chinese does.
            Lang::Zh if piece.chars().count() <= QUOTE_KEPT_WHOLE => {
                view! { <span lang="zh-CN" class="quote-whole">{piece.to_owned()}</span> }.into_any()
            }
            Lang::Zh => view! { <span lang="zh-CN">{piece.to_owned()}</span> }.into_any(),
            Lang::En => piece.to_owned().into_any(),
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
    let titles = use_context::<Titles>();
    move || {
        let ix = titles.and_then(|t| t.0.get());
        render(parse_inline(&text), lang.get(), ix.as_deref())
    }
}
