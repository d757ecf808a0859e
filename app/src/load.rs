//! Something a page loads (a feed file): in the browser a `LocalResource`, fetched over the
//! network; in the prerenderer (a native build, `src/bin/prerender.rs`) read at once from the built
//! site on disk (see `api::fetch_json_text`), so that a page renders with its data in one pass.

use crate::api::FetchError;
use leptos::prelude::*;
use std::future::Future;

/// What a load gives: the value, or why it failed.
pub type Answer<T> = Result<T, FetchError>;

/// A load under way or done. `get` is `None` while it runs.
pub struct Load<T: 'static> {
    #[cfg(target_arch = "wasm32")]
    inner: LocalResource<Answer<T>>,
    #[cfg(not(target_arch = "wasm32"))]
    inner: StoredValue<Option<Answer<T>>, LocalStorage>,
}

impl<T> Clone for Load<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Load<T> {}

/// Starts loading `fetch()`. In the browser it runs again when a signal it reads changes (as a
/// `LocalResource` does).
pub fn load<T, Fut>(fetch: impl Fn() -> Fut + 'static) -> Load<T>
where
    T: 'static,
    Fut: Future<Output = Answer<T>> + 'static,
{
    #[cfg(target_arch = "wasm32")]
    {
        Load { inner: LocalResource::new(fetch) }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        // Reading from disk never waits: one poll finishes it.
        use futures::FutureExt;
        Load { inner: StoredValue::new_local(untrack(fetch).now_or_never()) }
    }
}

impl<T: Clone + 'static> Load<T> {
    /// The answer so far (tracked).
    pub fn get(&self) -> Option<Answer<T>> {
        #[cfg(target_arch = "wasm32")]
        {
            self.inner.get()
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.inner.get_value()
        }
    }

    /// The answer so far, without tracking.
    pub fn get_untracked(&self) -> Option<Answer<T>> {
        #[cfg(target_arch = "wasm32")]
        {
            self.inner.get_untracked()
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.inner.get_value()
        }
    }
}

impl<T: 'static> Load<T> {
    /// Loads again (after an error).
    pub fn refetch(&self) {
        #[cfg(target_arch = "wasm32")]
        self.inner.refetch();
    }
}
