//! The HTTP surface: pages (Leptos), server fns, machine routes, static
//! files, and the layers every response passes through.

use app::context::SiteOrigin;
use app::domain::Lang;
use app::error::AppError;
use app::routes::{self, LANG_COOKIE, cookie, pattern};
use app::store::SharedStore;
use app::{App, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use leptos::config::LeptosOptions;
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{
    AxumRouteListing, LeptosRoutes, file_and_error_handler_with_context, generate_route_list,
};
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;

use std::sync::{Arc, OnceLock};

use app::accounts::store::SharedMailSender;
use app::accounts::throttle::Limits;
use app::routes::CookiePolicy;

use crate::config::Settings;
use crate::pwa::{self, ServiceWorker};
use crate::security::{self, SiteOrigins};
use crate::session::{SessionLayerState, session_layer};
use crate::store::Stores;
use crate::{feeds, lite};

/// What handlers share.
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: SharedStore,
    pub site_url: String,
    pub service_worker: Arc<ServiceWorker>,
}

pub fn build(settings: &Settings, stores: Stores, mail: SharedMailSender) -> Router {
    let state = AppState {
        leptos_options: settings.leptos.clone(),
        store: stores.articles.clone(),
        site_url: settings.site_url.clone(),
        service_worker: ServiceWorker::build(&settings.leptos),
    };
    let cookies = CookiePolicy {
        secure: settings.https(),
    };
    // One set of limits for the whole process: every request counts.
    let limits = Arc::new(Limits::new());
    let context = {
        let (store, origin) = (state.store.clone(), state.site_url.clone());
        let accounts = stores.accounts.clone();
        move || {
            provide_context(store.clone());
            provide_context(accounts.clone());
            provide_context(mail.clone());
            provide_context(limits.clone());
            provide_context(cookies);
            provide_context(SiteOrigin(origin.clone()));
            // The nonce the page policy names (security::page_policy_layer).
            if let Some(nonce) = use_context::<http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<security::PageNonce>().cloned())
            {
                provide_context(nonce.0);
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
    let routes = route_list();
    let options = state.leptos_options.clone();
    Router::new()
        .route(pattern::ROOT, get(root_redirect))
        .route(routes::HEALTH, get(healthz))
        .route(routes::ROBOTS, get(feeds::robots))
        .route(routes::SITEMAP_INDEX, get(feeds::sitemap_index))
        .route(pattern::SITEMAP, get(feeds::language_sitemap))
        .route(pattern::FEED, get(feeds::language_feed))
        .route(pattern::CATEGORY_FEED, get(feeds::category_feed))
        .route(pattern::DATA_SAVER, post(lite::toggle))
        .route(routes::SERVICE_WORKER, get(pwa::service_worker))
        .route(pattern::MANIFEST, get(pwa::manifest))
        .route(pattern::EDITION, get(pwa::edition))
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .layer(middleware::from_fn(lite::layer))
        .layer(middleware::from_fn(server_fn_error_status))
        .layer(middleware::from_fn(language_redirects))
        .layer(middleware::from_fn_with_state(sessions, session_layer))
        .layer(middleware::from_fn_with_state(
            settings.https(),
            security::page_policy_layer,
        ))
        .layer(middleware::from_fn_with_state(
            origins,
            security::csrf_layer,
        ))
        .layer(middleware::from_fn_with_state(
            trusted,
            security::client_address_layer,
        ))
        .layer(middleware::from_fn_with_state(
            HeaderPolicy {
                hashed_assets: settings.leptos.hash_files,
                https: settings.https(),
                session_cookie: cookies.name(),
            },
            response_headers,
        ))
        // Level 5: nearly the size of the slowest brotli setting at a small
        // fraction of its CPU time, so pages are compressed on every request.
        .layer(
            CompressionLayer::new()
                .br(true)
                .gzip(true)
                .quality(CompressionLevel::Precise(5)),
        )
        .with_state(state)
}

/// The app's routes, worked out once per process. Leptos suppresses resource
/// loading process-wide while it walks the app to list routes, so listing
/// them again while another router is serving (several routers in one
/// test process) could leave that render waiting forever.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// `/` sends readers to their language: the saved cookie, else the
/// browser's Accept-Language, else English.
async fn root_redirect(request: Request) -> Response {
    let headers = request.headers();
    let from_cookie = cookie(headers, LANG_COOKIE).and_then(|value| Lang::parse(value).ok());
    let from_header = || {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Lang::from_accept_language)
    };
    let lang = from_cookie.or_else(from_header).unwrap_or(Lang::DEFAULT);
    let mut response = Redirect::to(&routes::home(lang)).into_response();
    *response.status_mut() = StatusCode::FOUND;
    response.headers_mut().insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    response
}

/// 200 when the database answers, 503 when it does not.
async fn healthz(State(store): State<SharedStore>) -> Response {
    match store.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// `/fa` → `/fa/` (the home page's one address), keeping any query.
async fn language_redirects(request: Request, next: Next) -> Response {
    if let Some(lang) = routes::bare_language(request.uri().path()) {
        let query = routes::query_suffix(request.uri().query().unwrap_or(""));
        return Redirect::permanent(&format!("{}{query}", routes::home(lang))).into_response();
    }
    next.run(request).await
}

/// The largest server-fn error body worth reading back (errors are tiny).
const MAX_ERROR_BODY: usize = 16 * 1024;

/// server_fn answers every error it raises itself (a missing or malformed
/// argument, before our code runs) with 500. Those errors are `AppError`s
/// too (see `FromServerFnError`), so read the encoded error back and give
/// the response the status it stands for: a reader's bad input is a 4xx.
async fn server_fn_error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_server_fn_error = response.status() == StatusCode::INTERNAL_SERVER_ERROR
        && response.headers().contains_key("serverfnerror");
    if !is_server_fn_error {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_ERROR_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response(),
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(error.status())
    {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// What the response headers depend on.
#[derive(Clone, Copy)]
struct HeaderPolicy {
    /// `/pkg` files carry content hashes in their names.
    hashed_assets: bool,
    /// Served over https: send HSTS.
    https: bool,
    /// The session cookie's name: responses to its holders are private.
    session_cookie: &'static str,
}

/// Security and caching headers on every response, and the language cookie
/// on pages, so `/` later opens the language last read.
async fn response_headers(
    State(policy): State<HeaderPolicy>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let page_lang = routes::lang_in_path(&path);
    let cookie_lang = cookie(request.headers(), LANG_COOKIE).map(str::to_owned);
    let signed_in = cookie(request.headers(), policy.session_cookie).is_some();
    // The service worker keeping a page is not the reader choosing a language.
    let offline_copy = request.headers().contains_key(pwa::OFFLINE_COPY_HEADER);
    let mut response: Response<Body> = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Pages set their own policy with the response's nonce (app::csp).
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(security::RESOURCE_POLICY),
        );
    }
    if policy.https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(security::HSTS),
        );
    }
    let cache = if routes::is_bundle(&path) && policy.hashed_assets {
        // A new build gets new names: these bytes never change.
        "public, max-age=31536000, immutable"
    } else if routes::is_bundle(&path) || routes::is_media(&path) {
        // Revalidated with Last-Modified after an hour.
        "public, max-age=3600"
    } else if signed_in {
        // Pages and answers for a signed-in reader carry their account.
        "private, no-cache"
    } else if routes::is_api(&path) {
        "no-cache"
    } else {
        "public, max-age=0, must-revalidate"
    };
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    if let Some(lang) = page_lang
        && !offline_copy
        && response.status().is_success()
        && cookie_lang.as_deref() != Some(lang.code())
        && let Ok(value) = HeaderValue::from_str(&routes::lang_cookie(lang))
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}
