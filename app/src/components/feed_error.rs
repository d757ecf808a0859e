//! The message shown when data cannot be loaded: what went wrong, in the reader's language, and
//! a button to try again. Never a blank page.

use crate::api::FetchError;
use crate::i18n::t;
use leptos::prelude::*;
use portal_core::i18n::Msg;

/// An error box with a retry button.
#[component]
pub fn FeedError(
    /// What went wrong.
    error: FetchError,
    /// Called when the reader asks to try again.
    on_retry: Callback<()>,
) -> impl IntoView {
    let msg = error.message();
    let detail = error.to_string();
    view! {
        <div class="feed-error" role="alert">
            <h2>{t(Msg::FeedErrorTitle)}</h2>
            <p>{t(msg)}</p>
            <details>
                <summary>{t(Msg::FeedErrorDetail)}</summary>
                <code>{detail}</code>
            </details>
            <button type="button" on:click=move |_| on_retry.run(())>{t(Msg::Retry)}</button>
        </div>
    }
}
