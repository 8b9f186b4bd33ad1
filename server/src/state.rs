//! What the handlers share. Each handler takes only the part it needs
//! (`State<SharedStore>`, `State<SiteUrl>`…), through `FromRef`.

use std::sync::Arc;

use app::routes::SiteOrigin;
use app::ssr::store::SharedStore;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::pwa::ServiceWorker;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: SharedStore,
    pub site_origin: SiteOrigin,
    pub service_worker: Arc<ServiceWorker>,
}
