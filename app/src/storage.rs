//! The browser's local storage, as JSON. Storage can be missing or full (private modes, some
//! WebViews): reads then give the default and writes report failure, and nothing breaks.

use serde::Serialize;
use serde::de::DeserializeOwned;

fn storage() -> Option<web_sys::Storage> {
    crate::window()?.local_storage().ok()?
}

/// This tab's session storage, gone when the tab closes (for staff drafts on shared computers).
fn tab_storage() -> Option<web_sys::Storage> {
    crate::window()?.session_storage().ok()?
}

fn read_from<T: DeserializeOwned + Default>(storage: Option<web_sys::Storage>, key: &str) -> T {
    storage.and_then(|s| s.get_item(key).ok().flatten()).and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default()
}

fn write_to<T: Serialize>(storage: Option<web_sys::Storage>, key: &str, value: &T) -> bool {
    let Ok(json) = serde_json::to_string(value) else { return false };
    storage.is_some_and(|s| s.set_item(key, &json).is_ok())
}

/// Reads a JSON value, or the default when absent, unreadable or malformed.
pub fn read<T: DeserializeOwned + Default>(key: &str) -> T {
    read_from(storage(), key)
}

/// Writes a JSON value; false when the browser refused.
pub fn write<T: Serialize>(key: &str, value: &T) -> bool {
    write_to(storage(), key, value)
}

/// [`read`] from this tab's session storage.
pub fn read_tab<T: DeserializeOwned + Default>(key: &str) -> T {
    read_from(tab_storage(), key)
}

/// [`write`] to this tab's session storage.
pub fn write_tab<T: Serialize>(key: &str, value: &T) -> bool {
    write_to(tab_storage(), key, value)
}

/// The enterprises selected for comparison (at most four ids).
pub const COMPARE_KEY: &str = "lyg-portal-compare";
/// The list view (its query string) last shown in this tab, so that "back to the list" from an
/// enterprise returns to the same filters.
pub const LIST_VIEW_KEY: &str = "lyg-portal-list-view";
/// Snapshots of followed enterprises.
pub const WATCH_KEY: &str = "lyg-portal-watch";
