//! What makes the site an app that installs and reads offline: a manifest
//! per language, the service worker, and the list of pages an offline
//! edition holds.

mod edition;
mod manifest;
mod worker;

pub use edition::{EDITION_DAYS, edition};
pub use manifest::manifest;
pub use worker::{ServiceWorker, service_worker};
