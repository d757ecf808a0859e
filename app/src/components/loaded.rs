//! The three states of anything loaded: the loading line, the error with a retry button, and the
//! loaded view. Every page shows them the same way (same classes, roles and texts).

use crate::api::FetchError;
use crate::components::feed_error::FeedError;
use crate::data::{FeedData, use_data};
use crate::i18n::t;
use leptos::prelude::*;
use portal_core::i18n::Msg;
use std::sync::Arc;

/// The line shown while something loads (or, with `msg`, while something is sent).
#[component]
pub fn Loading(
    /// What is under way: `Msg::Loading` unless given.
    #[prop(default = Msg::Loading)]
    msg: Msg,
) -> impl IntoView {
    view! { <p class="loading" role="status">{t(msg)}</p> }
}

/// Renders a load as it stands: `None` while it runs, the error with a retry button that calls
/// `on_retry`, or `loaded(value)`.
pub fn loaded<T, V>(
    state: impl Fn() -> Option<Result<T, FetchError>> + Send + Sync + 'static,
    on_retry: Callback<()>,
    loaded: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    V: IntoView + 'static,
{
    move || match state() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! { <FeedError error=e on_retry/> }.into_any(),
        Some(Ok(v)) => loaded(v).into_any(),
    }
}

/// [`loaded`] for a resource: the retry button loads it again.
pub fn resource_view<T, V>(r: crate::load::Load<T>, view_of: impl Fn(T) -> V + Send + Sync + 'static) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    loaded(move || r.get(), Callback::new(move |()| r.refetch()), view_of)
}

/// [`loaded`] for the feed's shared data (see `crate::data`): the retry button reloads the feed.
pub fn data_view<V: IntoView + 'static>(view_of: impl Fn(Arc<FeedData>) -> V + Send + Sync + 'static) -> impl IntoView {
    let (data, retry) = use_data();
    loaded(move || data.get(), retry, view_of)
}
