//! Reading lists in this browser's localStorage: an anonymous reader's own
//! list, and a signed-in reader's list as last seen online (titles and
//! addresses only, no name or email), which the reading-list page shows
//! when offline. The second goes at sign-out and whenever a page from the
//! network comes without the account.

use crate::wire::SavedItem;

/// Where an anonymous reader's list is kept.
const STORAGE_KEY: &str = "khabar.reading-list";
/// Where a signed-in reader's list is kept for reading offline.
const ACCOUNT_KEY: &str = "khabar.account-list";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The stored list, newest first (nothing when storage is unavailable or
/// holds something unreadable).
pub fn read_list() -> Vec<SavedItem> {
    read(STORAGE_KEY)
}

pub fn write_list(items: &[SavedItem]) {
    write(STORAGE_KEY, items);
}

/// The signed-in reader's list as last seen online.
pub fn read_account_list() -> Vec<SavedItem> {
    read(ACCOUNT_KEY)
}

pub fn write_account_list(items: &[SavedItem]) {
    write(ACCOUNT_KEY, items);
}

pub fn clear_account_list() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(ACCOUNT_KEY);
    }
}

fn read(key: &str) -> Vec<SavedItem> {
    let raw = storage().and_then(|s| s.get_item(key).ok().flatten());
    let mut items: Vec<SavedItem> = raw
        .and_then(|raw| crate::codec::from_str(&raw).ok())
        .unwrap_or_default();
    items.sort_by_key(|item| std::cmp::Reverse(item.saved_at));
    items
}

fn write(key: &str, items: &[SavedItem]) {
    if let (Some(storage), Ok(json)) = (storage(), crate::codec::to_string(items)) {
        let _ = storage.set_item(key, &json);
    }
}
