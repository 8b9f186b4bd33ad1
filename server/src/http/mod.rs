//! The HTTP surface: pages (Leptos), server fns, machine routes, static
//! files, and the layers every response passes through. This file only
//! lists routes and stacks layers; each layer lives in its own file.

mod body;
mod compression;
mod encoding;
pub mod errors;
mod files;
mod finish_render;
mod headers;
mod health;
pub mod language;
pub mod lite;
mod overload;
pub mod page_cache;
mod rate_limit;
pub mod request_log;
mod scripts;
pub mod security;
pub mod session;
mod texts;

use std::sync::{Arc, OnceLock};

use app::domain::Lang;
use app::routes::SiteOrigin;
use app::routes::{self, CookiePolicy, pattern};
use app::ssr::accounts::limits::Limits;
use app::ssr::accounts::store::SharedMailSender;
use app::ssr::request::lite_requested;
use app::state::page::Rendering;
use app::wire::SessionSnapshot;
use app::{App, shell};
use axum::Router;
use axum::middleware;
use axum::routing::{get, post};
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{
    AxumRouteListing, LeptosRoutes, file_and_error_handler_with_context, generate_route_list,
};

use crate::config::Settings;
use crate::feeds;
use crate::metrics::Metrics;
use crate::pwa::{self, ServiceWorker};
use crate::state::{AppState, Shared};
use crate::store::Stores;
use headers::HeaderPolicy;
use page_cache::PageCache;
use security::SiteOrigins;
use session::SessionLayerState;

/// The whole HTTP surface; `cache`, when given, answers anonymous readers'
/// shared pages before any other layer; `metrics`, when given, counts
/// every answer.
pub fn router(
    settings: &Settings,
    stores: Stores,
    mail: SharedMailSender,
    cache: Option<Arc<PageCache>>,
    metrics: Option<Arc<Metrics>>,
) -> Router {
    let state = AppState::new(Shared {
        leptos_options: settings.leptos.clone(),
        store: stores.articles.clone(),
        site_origin: SiteOrigin(settings.site_url.clone()),
        service_worker: ServiceWorker::build(&settings.leptos),
    });
    let cookies = CookiePolicy {
        secure: settings.https(),
    };
    // One set of limits for the whole process: every request counts.
    let limits = Arc::new(Limits::new());
    let context = {
        let (store, origin) = (state.store.clone(), state.site_origin.clone());
        let accounts = stores.accounts.clone();
        let newsroom = stores.newsroom.clone();
        move || {
            provide_context(store.clone());
            provide_context(accounts.clone());
            provide_context(newsroom.clone());
            provide_context(mail.clone());
            provide_context(limits.clone());
            provide_context(cookies);
            provide_context(origin.clone());
            if let Some(parts) = use_context::<http::request::Parts>() {
                provide_request_context(&parts);
            }
        }
    };
    let sessions = Arc::new(SessionLayerState {
        accounts: stores.accounts.clone(),
        cookies,
    });
    let origins = Arc::new(SiteOrigins {
        configured: settings.site_url.clone(),
    });
    let trusted = Arc::new(settings.trusted_proxies.clone());
    let trusted_for_log = trusted.clone();
    let options = state.leptos_options.clone();
    let router = Router::new()
        .route(pattern::ROOT, get(language::root_redirect))
        .route(routes::HEALTH, get(health::healthz))
        .route(routes::READY, get(health::readyz))
        .route(routes::ROBOTS, get(feeds::robots))
        .route(routes::SITEMAP_INDEX, get(feeds::sitemap_index))
        .route(pattern::SITEMAP, get(feeds::language_sitemap))
        .route(pattern::TEXTS, get(texts::language_texts))
        .route(pattern::FEED, get(feeds::language_feed))
        .route(pattern::CATEGORY_FEED, get(feeds::category_feed))
        .route(pattern::DATA_SAVER, post(lite::toggle))
        .route(routes::SERVICE_WORKER, get(pwa::service_worker))
        .route(pattern::MANIFEST, get(pwa::manifest))
        .route(pattern::EDITION, get(pwa::edition))
        .leptos_routes_with_context(&state, route_list(), context.clone(), move || {
            shell(&options)
        })
        .fallback({
            let not_found =
                file_and_error_handler_with_context::<AppState, _>(context, |options| {
                    shell(&options)
                });
            move |uri, state, request| files::file_or(uri, state, request, not_found.clone())
        })
        // Innermost first: each layer sees what the ones below it answer.
        .layer(middleware::from_fn(finish_render::layer))
        .layer(middleware::from_fn(lite::layer))
        .layer(middleware::from_fn(errors::server_fn_error_status))
        .layer(middleware::from_fn_with_state(
            sessions,
            session::session_layer,
        ))
        .layer(middleware::from_fn_with_state(
            settings.https(),
            security::page_policy_layer,
        ))
        // Inside the body layer: a slow upload does not hold a place.
        .layer(middleware::from_fn_with_state(
            overload::Overload::new(settings.overload),
            overload::overload_layer,
        ))
        // Outside the overload layer: a client over its rate never takes a
        // place; inside the client-address layer, whose address it counts.
        .layer(middleware::from_fn_with_state(
            rate_limit::ClientLimits::new(settings.rate_limits, cookies),
            rate_limit::rate_limit_layer,
        ))
        .layer(middleware::from_fn_with_state(
            body::BodyLimits {
                max_bytes: body::MAX_FORM_BYTES,
                timeout: settings.body_timeout,
            },
            body::body_limit_layer,
        ))
        .layer(middleware::from_fn_with_state(
            origins,
            security::csrf_layer,
        ))
        .layer(middleware::from_fn_with_state(
            trusted,
            security::client_address_layer,
        ))
        .layer(middleware::from_fn(language::language_layer))
        .layer(middleware::from_fn_with_state(
            HeaderPolicy {
                hashed_assets: settings.leptos.hash_files,
                https: settings.https(),
                session_cookie: cookies.name(),
            },
            headers::response_headers,
        ))
        // Only what the page cache does not answer is compressed here, per
        // response (signed-in readers' pages, server fns, pages with the
        // cache off); cached pages are compressed once, at brotli's best.
        .layer(middleware::from_fn_with_state(
            compression::Load::new(),
            compression::layer,
        ))
        .with_state(state);
    let router = match cache {
        Some(cache) => router.layer(middleware::from_fn_with_state(cache, page_cache::layer)),
        None => router,
    };
    // Outermost: logs and counts every answer, page-cache hits included.
    router.layer(middleware::from_fn_with_state(
        Arc::new(request_log::RequestLog::new(trusted_for_log, metrics)),
        request_log::layer,
    ))
}

/// What the page being rendered learns from its request: the nonce the
/// page policy names (`security::page_policy_layer`), how it renders (data
/// saver, offline page), and the signed-in reader the session layer found.
fn provide_request_context(parts: &http::request::Parts) {
    if let Some(nonce) = parts.extensions.get::<security::PageNonce>() {
        provide_context(nonce.0.clone());
    }
    provide_context(Rendering {
        lite: lite_requested(&parts.headers),
        offline_page: routes::is_offline_page(parts.uri.path()),
        lang: routes::lang_in_path(parts.uri.path()).unwrap_or(Lang::DEFAULT),
    });
    if let Some(snapshot) = parts.extensions.get::<SessionSnapshot>() {
        provide_context(snapshot.clone());
    }
}

/// The app's routes, worked out once per process. Leptos suppresses resource
/// loading process-wide while it walks the app to list routes, so listing
/// them again while another router is serving (several routers in one
/// test process) could leave that render waiting forever.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Request headers for unit tests, from name and value pairs.
#[cfg(test)]
pub(crate) fn test_headers(pairs: &[(&'static str, &'static str)]) -> axum::http::HeaderMap {
    pairs
        .iter()
        .map(|(k, v)| {
            (
                axum::http::HeaderName::from_static(k),
                axum::http::HeaderValue::from_static(v),
            )
        })
        .collect()
}
