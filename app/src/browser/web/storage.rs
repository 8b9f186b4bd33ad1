//! An anonymous reader's reading list in this browser's localStorage.

use crate::wire::SavedItem;

/// Where the list is kept.
const STORAGE_KEY: &str = "khabar.reading-list";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored list, newest first (nothing when storage is unavailable or
/// holds something unreadable).
pub fn read_list() -> Vec<SavedItem> {
    let raw = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    let mut items: Vec<SavedItem> = raw
        .and_then(|raw| crate::codec::from_str(&raw).ok())
        .unwrap_or_default();
    items.sort_by_key(|item| std::cmp::Reverse(item.saved_at));
    items
}

pub fn write_list(items: &[SavedItem]) {
    if let (Some(storage), Ok(json)) = (storage(), crate::codec::to_string(items)) {
        let _ = storage.set_item(STORAGE_KEY, &json);
    }
}
