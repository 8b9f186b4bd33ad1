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
fn cache_control(policy: HeaderPolicy, path: &str, signed_in: bool) -> &'static str {
    if routes::is_bundle(path) && policy.hashed_assets {
        // A new build gets new names: these bytes never change.
        "public, max-age=31536000, immutable"
    } else if routes::is_bundle(path) || routes::is_media(path) {
        // Revalidated with Last-Modified after an hour.
        "public, max-age=3600"
    } else if signed_in {
        // Pages and answers for a signed-in reader carry their account.
        "private, no-cache"
    } else if routes::is_api(path) {
        "no-cache"
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
            HeaderValue::from_static(cache_control(policy, &path, signed_in)),
        );
    }
    response
}
