//! Security and caching headers on every response.

use app::routes;
use app::ssr::request::cookie;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use super::security;

/// What the response headers depend on.
#[derive(Clone, Copy)]
pub struct HeaderPolicy {
    /// `/pkg` files carry content hashes in their names.
    pub hashed_assets: bool,
    /// Served over https: send HSTS.
    pub https: bool,
    /// The session cookie's name: responses to its holders are private.
    pub session_cookie: &'static str,
}

/// How long, and for whom, a response may be kept.
fn cache_control(policy: HeaderPolicy, path: &str, signed_in: bool, found: bool) -> &'static str {
    let file = routes::is_bundle(path) || routes::is_media(path);
    if file && !found {
        // A file missing now may be there after the next deploy: a year
        // of "not found" would outlive the mistake.
        "no-cache"
    } else if routes::is_bundle(path) && policy.hashed_assets {
        // A new build gets new names: these bytes never change.
        "public, max-age=31536000, immutable"
    } else if file {
        // Revalidated with Last-Modified after an hour.
        "public, max-age=3600"
    } else if signed_in || routes::is_account_page(path) || routes::is_api(path) {
        // A signed-in reader's pages carry their name and reading list, the
        // account forms their moment (the reset page its token), server fn
        // answers the account they just signed in to: none is kept, by the
        // browser's cache or by the service worker, so nothing of a reader
        // outlives their session on a shared phone.
        "private, no-store"
    } else {
        "public, max-age=0, must-revalidate"
    }
}

pub async fn response_headers(
    State(policy): State<HeaderPolicy>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let signed_in = cookie(request.headers(), policy.session_cookie).is_some();
    let mut response: Response<Body> = next.run(request).await;
    let found = response.status().is_success() || response.status().is_redirection();
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // The reset page's address holds a live token: no link on it, and no
    // request it makes, may tell another site where it came from.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static(if routes::is_reset_page(&path) {
            "no-referrer"
        } else {
            "strict-origin-when-cross-origin"
        }),
    );
    encode_location(headers);
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Pages set their own policy with the response's nonce (security.rs).
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
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control(policy, &path, signed_in, found)),
        );
    }
    response
}

/// Redirects to pages with Persian or Russian slugs name them in UTF-8;
/// a `Location` header carries them percent-encoded.
fn encode_location(headers: &mut axum::http::HeaderMap) {
    let Some(location) = headers.get(header::LOCATION) else {
        return;
    };
    if location.as_bytes().iter().all(u8::is_ascii_graphic) {
        return;
    }
    let raw = String::from_utf8_lossy(location.as_bytes());
    if let Ok(value) = HeaderValue::from_str(&routes::encode_location(&raw)) {
        headers.insert(header::LOCATION, value);
    }
}
