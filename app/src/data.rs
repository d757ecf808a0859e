//! The feed's index and reference data, loaded once on first use and shared by every page that
//! needs them (the home page does not, so its first view stays small).

use crate::api::{self, FeedMeta, FetchError};
use crate::app::use_feed;
use leptos::prelude::*;
use portal_core::feed::reference::{Area, Reference};
use portal_core::query::Catalog;
use std::sync::Arc;

/// Everything the list, enterprise and substance pages read.
#[derive(Debug)]
pub struct FeedData {
    pub meta: FeedMeta,
    pub reference: Reference,
    pub catalog: Catalog,
    /// When a permanent link pins an older version: the newest version.
    pub newer: Option<String>,
}

impl FeedData {
    /// The version shown.
    pub fn version(&self) -> &str {
        &self.meta.latest.version
    }

    /// The city's areas: its districts and counties (`true`), or the other zones (`false`).
    pub fn areas(&self, districts: bool) -> impl Iterator<Item = &Area> {
        self.reference.areas.areas.iter().filter(move |a| a.is_district() == districts)
    }
}

/// A version id from a URL: hex only, so it can only name a directory of the feed.
fn pinned_version(v: Option<String>) -> Option<String> {
    v.filter(|v| (6..=64).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

type DataResource = crate::load::Load<Arc<FeedData>>;

/// Lazily created data resource, owned by the app shell so it outlives page changes.
#[derive(Clone)]
pub struct DataContext {
    owner: Owner,
    /// The version a permanent link asks for (`?v=`), if any.
    pinned: Memo<Option<String>>,
    resource: StoredValue<Option<DataResource>, LocalStorage>,
    retry: RwSignal<u32>,
}

impl Default for DataContext {
    fn default() -> Self {
        DataContext::new()
    }
}

impl DataContext {
    /// Created by the shell (inside the router, whose query it reads).
    pub fn new() -> DataContext {
        let query = leptos_router::hooks::use_query_map();
        let pinned = Memo::new(move |_| pinned_version(query.with(|q| q.get("v"))));
        DataContext {
            owner: Owner::current().unwrap_or_default(),
            pinned,
            resource: StoredValue::new_local(None),
            retry: RwSignal::new(0),
        }
    }
}

async fn load(latest: FeedMeta, pinned: Option<String>) -> Result<Arc<FeedData>, FetchError> {
    let (meta, newer) = match pinned {
        Some(v) if v != latest.latest.version => {
            let manifest: portal_core::feed::Manifest =
                api::fetch_json(&api::version_file_url(&v, "manifest.json")).await?;
            let pinned_latest = portal_core::feed::Latest {
                format: manifest.format,
                version: manifest.version.clone(),
                built_at: manifest.built_at.clone(),
                is_sample: manifest.is_sample,
            };
            (FeedMeta { latest: pinned_latest, manifest }, Some(latest.latest.version))
        }
        _ => (latest, None),
    };
    let version = meta.latest.version.clone();
    let (index_text, reference) = futures::future::join(
        api::fetch_json_text(&api::version_file_url(&version, "index.json")),
        api::load_reference(&version),
    )
    .await;
    let (index_text, reference) = (index_text?, reference?);
    // Parsing and indexing are timed for the benchmarks (window.portalLoadTimings).
    #[cfg(feature = "bench")]
    let t0 = crate::bench::now();
    let index: portal_core::feed::Index =
        serde_json::from_str(&index_text).map_err(|e| FetchError::Decode(e.to_string()))?;
    #[cfg(feature = "bench")]
    let t1 = crate::bench::now();
    let catalog = Catalog::new(index.enterprises, &reference);
    #[cfg(feature = "bench")]
    let t2 = crate::bench::now();
    let data = Arc::new(FeedData { meta, reference, catalog, newer });
    #[cfg(feature = "bench")]
    crate::bench::feed_loaded(&data, t1 - t0, t2 - t1);
    Ok(data)
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
                let pinned = ctx.pinned;
                crate::load::load(move || {
                    retry.track();
                    let pinned = pinned.get();
                    // Untracked: if the shell has not loaded the feed's version yet, this loads it
                    // itself rather than waiting on another resource.
                    let meta = feed.meta.get_untracked();
                    async move {
                        let meta = match meta {
                            Some(Ok(m)) => m,
                            _ => api::load_feed().await?,
                        };
                        load(meta, pinned).await
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
