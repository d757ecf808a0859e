//! The photos of an unsent report, kept on this device in the browser's Cache Storage, so that a
//! reload, a closed tab or a queued report while offline loses none of them. Local storage holds
//! a few megabytes of text, too little for photos; the report's text stays there.
//!
//! Each set of photos has a slot: `draft` for the form, `queue-<n>` for a report waiting for the
//! connection. Where Cache Storage is missing (some WebViews and private modes), every call
//! reports failure and the form says the photos are kept only while the page is open.

use crate::api::Photo;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const CACHE: &str = "lyg-portal-report-photos";
/// The slot of the form's draft.
pub const DRAFT: &str = "draft";

/// The key of photo `index` of a slot (never fetched: Cache Storage only uses it as a name).
fn key(slot: &str, index: usize, name: &str) -> String {
    format!("/__device/report-photos/{slot}/{index:02}/{name}")
}

fn prefix(slot: &str) -> String {
    format!("/__device/report-photos/{slot}/")
}

async fn open() -> Option<web_sys::Cache> {
    // `window.caches` is missing outside secure contexts and in some WebViews; calling into it
    // then would throw, so check what it is first.
    let window = crate::window()?;
    let caches: web_sys::CacheStorage = js_sys::Reflect::get(&window, &"caches".into()).ok()?.dyn_into().ok()?;
    JsFuture::from(caches.open(CACHE)).await.ok()?.dyn_into().ok()
}

/// The stored requests of a slot, in photo order.
async fn requests(cache: &web_sys::Cache, slot: &str) -> Option<Vec<web_sys::Request>> {
    let keys: js_sys::Array = JsFuture::from(cache.keys()).await.ok()?.dyn_into().ok()?;
    let prefix = prefix(slot);
    let mut found: Vec<(String, web_sys::Request)> = keys
        .iter()
        .filter_map(|k| k.dyn_into::<web_sys::Request>().ok())
        .filter_map(|r| {
            let url = r.url();
            let at = url.find(&prefix)?;
            Some((url[at..].to_owned(), r))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Some(found.into_iter().map(|(_, r)| r).collect())
}

async fn clear_in(cache: &web_sys::Cache, slot: &str) -> bool {
    let Some(found) = requests(cache, slot).await else { return false };
    for r in found {
        if JsFuture::from(cache.delete_with_request(&r)).await.is_err() {
            return false;
        }
    }
    true
}

/// Replaces the photos of `slot`; false when this browser cannot keep them.
pub async fn save(slot: &str, photos: &[Photo]) -> bool {
    let Some(cache) = open().await else { return false };
    if !clear_in(&cache, slot).await {
        return false;
    }
    for (i, p) in photos.iter().enumerate() {
        let Ok(headers) = web_sys::Headers::new() else { return false };
        if headers.set("content-type", &p.mime).is_err() {
            return false;
        }
        let init = web_sys::ResponseInit::new();
        init.set_headers(&headers);
        let bytes = js_sys::Uint8Array::from(p.bytes.as_slice());
        let Ok(response) = web_sys::Response::new_with_opt_buffer_source_and_init(Some(&bytes), &init) else {
            return false;
        };
        if JsFuture::from(cache.put_with_str(&key(slot, i, &p.name), &response)).await.is_err() {
            return false;
        }
    }
    true
}

/// The photos kept in `slot` (none when there are none or this browser cannot keep them).
pub async fn load(slot: &str) -> Vec<Photo> {
    let Some(cache) = open().await else { return Vec::new() };
    let Some(found) = requests(&cache, slot).await else { return Vec::new() };
    let mut photos = Vec::new();
    for r in found {
        let Some(response) = JsFuture::from(cache.match_with_request(&r))
            .await
            .ok()
            .and_then(|v| v.dyn_into::<web_sys::Response>().ok())
        else {
            continue;
        };
        let mime = response.headers().get("content-type").ok().flatten().unwrap_or_default();
        let Ok(promise) = response.array_buffer() else { continue };
        let Ok(buffer) = JsFuture::from(promise).await else { continue };
        let name = r.url().rsplit('/').next().unwrap_or("photo").to_owned();
        photos.push(Photo { name, mime, bytes: js_sys::Uint8Array::new(&buffer).to_vec() });
    }
    photos
}

/// Deletes the photos of `slot`.
pub async fn clear(slot: &str) {
    if let Some(cache) = open().await {
        clear_in(&cache, slot).await;
    }
}
