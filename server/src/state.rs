//! What the handlers share. Each handler takes only the part it needs
//! (`State<SharedStore>`, `State<SiteUrl>`…), through `FromRef`.
//!
//! One `Arc` around all of it: Leptos hands the whole state to every page
//! as context, so a clone per request must be one counter, not one per
//! field (a profile of uncached pages showed about 3% of the CPU in
//! cloning and dropping `LeptosOptions`, whose names are counted strings).

use std::ops::Deref;
use std::sync::Arc;

use app::routes::SiteOrigin;
use app::ssr::store::SharedStore;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::pwa::ServiceWorker;

#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub store: SharedStore,
    pub site_origin: SiteOrigin,
    pub service_worker: Arc<ServiceWorker>,
}

impl AppState {
    pub fn new(shared: Shared) -> AppState {
        AppState(Arc::new(shared))
    }
}

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> LeptosOptions {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for SharedStore {
    fn from_ref(state: &AppState) -> SharedStore {
        state.store.clone()
    }
}

impl FromRef<AppState> for SiteOrigin {
    fn from_ref(state: &AppState) -> SiteOrigin {
        state.site_origin.clone()
    }
}

impl FromRef<AppState> for Arc<ServiceWorker> {
    fn from_ref(state: &AppState) -> Arc<ServiceWorker> {
        state.service_worker.clone()
    }
}
