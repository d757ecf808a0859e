//! A section whose pages are not built yet: it says so plainly instead of showing nothing.

use crate::i18n::{set_title, t};
use leptos::prelude::*;
use portal_core::i18n::Msg;

/// A section heading with an honest "being built" note.
#[component]
pub fn SectionPage(
    /// The section's name.
    title: Msg,
) -> impl IntoView {
    set_title(title);
    view! {
        <h1 tabindex="-1">{t(title)}</h1>
        <p>{t(Msg::ComingSoon)}</p>
    }
}
