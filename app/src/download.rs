//! Saving a file from the browser: a Blob behind a temporary `<a download>`.

use wasm_bindgen::JsCast;

/// Offers `content` as a download named `name`. Returns false if the browser refused.
pub fn download_text(name: &str, mime: &str, content: &str) -> bool {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(content));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return false };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return false };
    let ok = download_url(name, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
    ok
}

/// Offers a URL (an object or data URL) as a download named `name`.
pub fn download_url(name: &str, url: &str) -> bool {
    let Some(doc) = crate::window().and_then(|w| w.document()) else { return false };
    let Ok(a) = doc.create_element("a") else { return false };
    let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() else { return false };
    a.set_href(url);
    a.set_download(name);
    let Some(body) = doc.body() else { return false };
    if body.append_child(&a).is_err() {
        return false;
    }
    a.click();
    a.remove();
    true
}
