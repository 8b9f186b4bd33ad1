//! What the handlers share. Each handler takes only the part it needs
//! (`State<SharedStore>`, `State<SiteUrl>`…), through `FromRef`.

use std::sync::Arc;

use app::ssr::store::SharedStore;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::config::SiteUrl;
use crate::pwa::ServiceWorker;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: SharedStore,
    pub site_url: SiteUrl,
    pub service_worker: Arc<ServiceWorker>,
}
