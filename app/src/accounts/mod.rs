//! Reader accounts and the reading list: the values that cross the wire,
//! and (server only) passwords, sessions, throttling, mail and the storage
//! port the server fns in `api::accounts` and `api::reading_list` use.

use serde::{Deserialize, Serialize};

use crate::domain::Lang;

#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod throttle;

/// The signed-in reader, as the header and account page show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub display_name: String,
    pub email: String,
}

/// One story on a reading list. `saved_at` (Unix seconds) orders the list
/// and lets Undo put a story back where it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedItem {
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub saved_at: i64,
    /// "When saved" as the server wrote it for the page being rendered, so
    /// the first browser render matches the server's; the browser writes
    /// its own once running (`reader::saved_on`).
    #[serde(default)]
    pub saved_on: String,
}

impl SavedItem {
    pub fn is(&self, lang: Lang, slug: &str) -> bool {
        self.lang == lang && self.slug == slug
    }
}

/// What the page knows about its reader when it is rendered: the account
/// (if signed in) and that account's reading list, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSnapshot {
    pub account: Option<AccountView>,
    pub saved: Vec<SavedItem>,
}

/// The most stories one reading list holds.
pub const MAX_SAVED: usize = 500;
