//! Any path the router does not know.

use crate::i18n::{set_title, t};
use leptos::prelude::*;
use portal_core::i18n::Msg;

/// The 404 page.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_title(Msg::PageNotFound);
    view! {
        <h1 tabindex="-1">{t(Msg::PageNotFound)}</h1>
        <p>{t(Msg::PageNotFoundBody)}</p>
    }
}
