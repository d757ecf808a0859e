//! The feed's index and reference data, loaded once on first use and shared by every page that
//! needs them (the home page does not, so its first view stays small).

use crate::api::{self, FeedMeta, FetchError};
use crate::app::use_feed;
use leptos::prelude::*;
use portal_core::query::Catalog;
use portal_core::reference::Reference;
use std::sync::Arc;

/// Everything the list, enterprise and substance pages read.
#[derive(Debug)]
pub struct FeedData {
    pub meta: FeedMeta,
    pub reference: Reference,
    pub catalog: Catalog,
}

type DataResource = LocalResource<Result<Arc<FeedData>, FetchError>>;

/// Lazily created data resource, owned by the app shell so it outlives page changes.
#[derive(Clone)]
pub struct DataContext {
    owner: Owner,
    resource: StoredValue<Option<DataResource>, LocalStorage>,
    retry: RwSignal<u32>,
}

impl DataContext {
    /// Created by the shell.
    pub fn new() -> DataContext {
        DataContext {
            owner: Owner::current().unwrap_or_default(),
            resource: StoredValue::new_local(None),
            retry: RwSignal::new(0),
        }
    }
}

impl Default for DataContext {
    fn default() -> Self {
        DataContext::new()
    }
}

async fn load(meta: FeedMeta) -> Result<Arc<FeedData>, FetchError> {
    let version = meta.latest.version.clone();
    let (index, reference) = futures::future::join(api::load_index(&version), api::load_reference(&version)).await;
    let (index, reference) = (index?, reference?);
    let catalog = Catalog::new(index.enterprises, &reference);
    Ok(Arc::new(FeedData { meta, reference, catalog }))
}

/// The shared data resource (created on first call), and a function to retry it.
pub fn use_data() -> (DataResource, Callback<()>) {
    let ctx = expect_context::<DataContext>();
    let feed = use_feed();
    let resource = match ctx.resource.get_value() {
        Some(r) => r,
        None => {
            let retry = ctx.retry;
            let r = ctx.owner.with(|| {
                LocalResource::new(move || {
                    retry.track();
                    // Untracked: if the shell has not loaded the feed's version yet, this loads it
                    // itself rather than waiting on another resource.
                    let meta = feed.meta.get_untracked();
                    async move {
                        let meta = match meta {
                            Some(Ok(m)) => m,
                            _ => api::load_feed().await?,
                        };
                        load(meta).await
                    }
                })
            });
            ctx.resource.set_value(Some(r));
            r
        }
    };
    let retry = ctx.retry;
    (
        resource,
        Callback::new(move |()| {
            feed.retry();
            retry.update(|n| *n += 1);
        }),
    )
}
