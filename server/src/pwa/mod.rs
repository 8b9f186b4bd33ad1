//! What makes the site an app that installs and reads offline: a manifest
//! per language, the service worker, and the list of pages an offline
//! edition holds.

mod edition;
mod manifest;
mod worker;

pub use edition::{EDITION_DAYS, EDITION_STORIES, edition};
pub use manifest::manifest;
pub use worker::{ServiceWorker, service_worker};

/// Sent by the service worker when it fetches a page to keep: such a fetch
/// is not the reader opening that page, so it must not change their
/// language cookie.
pub const OFFLINE_COPY_HEADER: &str = "x-khabar-offline-copy";
