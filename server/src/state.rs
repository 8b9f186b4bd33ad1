//! What the handlers share. Each handler takes only the part it needs
//! (`State<SharedStore>`, `State<SiteUrl>`…), through `FromRef`.

use std::sync::Arc;

use app::store::SharedStore;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::pwa::ServiceWorker;

/// The public origin (`SITE_URL`, no trailing slash), for the absolute
/// links of feeds, sitemaps and robots.txt.
#[derive(Clone, Debug)]
pub struct SiteUrl(pub Arc<str>);

impl SiteUrl {
    /// `path` on this site, as an absolute URL.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: SharedStore,
    pub site_url: SiteUrl,
    pub service_worker: Arc<ServiceWorker>,
}
