//! The reader's language: read from the URL (`?lang=en`), remembered in the browser, Chinese by
//! default. Components call [`use_lang`] and [`t`].

use leptos::prelude::*;
use portal_core::i18n::{Lang, Msg};

/// The storage key that remembers the language.
pub const STORAGE_KEY: &str = "lyg-portal-lang";

/// The current language, provided by the shell.
#[derive(Debug, Clone, Copy)]
pub struct LangContext(pub Signal<Lang>);

/// The current language. Panics only if called outside the app shell, a programming error.
pub fn use_lang() -> Signal<Lang> {
    expect_context::<LangContext>().0
}

/// A reactive translation of `msg`.
pub fn t(msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || msg.text(lang.get())
}

/// The link to the site path `path` (`/enterprises/e00014`): where the site is mounted
/// (`crate::at_base`), with the language in its query, so links keep the reader's language.
/// Chinese, the default, needs no parameter.
pub fn localized(path: &str, lang: Lang) -> String {
    with_lang(&crate::at_base(path), lang)
}

/// An address in the site as it is (one the browser reports, which carries the mount already),
/// with the language in its query.
pub fn with_lang(path: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => path.to_owned(),
        Lang::En => {
            // The query goes before any #fragment.
            let (base, fragment) = path.split_once('#').map_or((path, None), |(b, f)| (b, Some(f)));
            let sep = if base.contains('?') { '&' } else { '?' };
            match fragment {
                Some(f) => format!("{base}{sep}lang=en#{f}"),
                None => format!("{base}{sep}lang=en"),
            }
        }
    }
}

/// The language remembered in the browser, if any.
pub fn stored_lang() -> Option<Lang> {
    let storage = crate::window()?.local_storage().ok()??;
    storage.get_item(STORAGE_KEY).ok()?.and_then(|v| Lang::from_code(&v))
}

/// Remembers the language in the browser. Storage can be unavailable (private mode, WebViews);
/// the URL still carries the choice then.
pub fn store_lang(lang: Lang) {
    if let Some(Ok(Some(storage))) = crate::window().map(|w| w.local_storage()) {
        let _ = storage.set_item(STORAGE_KEY, lang.code());
    }
}

/// Sets `document.title` to "page – site" in the current language.
pub fn set_title(page: Msg) {
    let lang = use_lang();
    let apply = move |lang: Lang| {
        if page == Msg::SiteTitle {
            set_document_title(Msg::SiteTitle.text(lang));
        } else {
            set_named_title(page.text(lang), lang);
        }
    };
    if crate::in_browser() {
        Effect::new(move |_| apply(lang.get()));
    } else {
        apply(lang.get_untracked());
    }
}

/// Sets `document.title` to "name – site" (`name` in the reader's language `lang`).
pub fn set_named_title(name: &str, lang: Lang) {
    set_document_title(&format!("{name} – {}", Msg::SiteTitle.text(lang)));
}

/// Sets `document.title` to "`name()` – site", again whenever the language (or `name`) changes.
pub fn follow_named_title(name: impl Fn() -> String + 'static) {
    let lang = use_lang();
    if crate::in_browser() {
        Effect::new(move |_| set_named_title(&name(), lang.get()));
    } else {
        set_named_title(&untrack(&name), lang.get_untracked());
    }
}

fn set_document_title(title: &str) {
    #[cfg(not(target_arch = "wasm32"))]
    crate::prerender::record_title(title);
    if let Some(doc) = crate::window().and_then(|w| w.document()) {
        doc.set_title(title);
    }
}

/// Sets the page's description (its `<meta name="description">`, which a shared link shows):
/// the prerendered page carries it, and the browser's copy follows the page the reader is on.
pub fn set_description(text: &str) {
    #[cfg(not(target_arch = "wasm32"))]
    crate::prerender::record_description(text);
    let meta = crate::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=description]").ok().flatten());
    if let Some(meta) = meta {
        let _ = meta.set_attribute("content", text);
    }
}
