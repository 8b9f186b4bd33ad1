//! One log line per request, for the operator: method, route template,
//! path (never the query: it can hold a reset token or a reader's
//! search), status, latency, request id and the page cache's answer. The
//! same facts feed the metrics. The request id comes from a trusted proxy
//! or is made here; it is returned in `X-Request-Id` and marks every other
//! line logged while the request is answered.
//!
//! Client addresses are not logged: readers' privacy outweighs what an
//! operator would learn from them (abuse is handled by the throttles and
//! rate limits, which see the address).

use std::hash::{BuildHasher, Hasher};
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use super::page_cache::{STATE_HEADER, WarmUp};
use super::security::peer;
use crate::metrics::Metrics;

pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The longest request id taken from a proxy.
const MAX_ID_LEN: usize = 128;

pub struct RequestLog {
    pub trusted_proxies: Arc<Vec<IpAddr>>,
    /// Counted only when metrics are served.
    pub metrics: Option<Arc<Metrics>>,
    ids: IdMaker,
}

impl RequestLog {
    pub fn new(trusted_proxies: Arc<Vec<IpAddr>>, metrics: Option<Arc<Metrics>>) -> RequestLog {
        RequestLog {
            trusted_proxies,
            metrics,
            ids: IdMaker::new(),
        }
    }
}

/// The request's id, for handlers that want to mention it.
#[derive(Debug, Clone)]
pub struct RequestId(pub HeaderValue);

/// Ids unique within the process (a counter) and, with overwhelming
/// likelihood, across processes and restarts (a random prefix).
struct IdMaker {
    prefix: u64,
    next: AtomicU64,
}

impl IdMaker {
    fn new() -> IdMaker {
        // A freshly keyed hasher of nothing: a random number from std.
        let prefix = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        IdMaker {
            prefix: prefix & 0xffff_ffff_ffff,
            next: AtomicU64::new(1),
        }
    }

    fn make(&self) -> HeaderValue {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let id = format!("{:012x}-{n:x}", self.prefix);
        HeaderValue::from_str(&id).unwrap_or_else(|_| HeaderValue::from_static("-"))
    }
}

/// A proxy's id is used only from a trusted proxy, and only when it is a
/// plain token (no spaces or quotes to confuse a log reader).
fn proxied_id(request: &Request, trusted: &[IpAddr]) -> Option<HeaderValue> {
    if !trusted.contains(&peer(request)?) {
        return None;
    }
    let value = request.headers().get(REQUEST_ID_HEADER)?;
    let plain = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':');
    let bytes = value.as_bytes();
    (!bytes.is_empty() && bytes.len() <= MAX_ID_LEN && bytes.iter().all(plain))
        .then(|| value.clone())
}

/// The route's template (`/{lang}/article/{slug}`), never the raw path, so
/// metrics stay a bounded set; requests no route matched are files or
/// not found.
fn route_of(request: &Request) -> Option<String> {
    request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned())
}

fn unmatched(status: StatusCode) -> &'static str {
    if status == StatusCode::NOT_FOUND {
        "(not found)"
    } else {
        "(files)"
    }
}

/// Outermost layer: sees every answer, page-cache hits included.
pub async fn layer(
    State(log): State<Arc<RequestLog>>,
    mut request: Request,
    next: Next,
) -> Response {
    if request.extensions().get::<WarmUp>().is_some() {
        return next.run(request).await;
    }
    let started = Instant::now();
    let id = proxied_id(&request, &log.trusted_proxies).unwrap_or_else(|| log.ids.make());
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let route = route_of(&request);
    request.extensions_mut().insert(RequestId(id.clone()));
    let in_flight = log.metrics.as_ref().map(|metrics| metrics.start());
    let id_text = id.to_str().unwrap_or("-").to_owned();
    let span = tracing::info_span!("request", id = %id_text);
    let mut response = next.run(request).instrument(span).await;
    drop(in_flight);
    let latency = started.elapsed();
    let status = response.status();
    let route = route.as_deref().unwrap_or_else(|| unmatched(status));
    let cache = response
        .headers()
        .get(STATE_HEADER)
        .and_then(|value| value.to_str().ok());
    tracing::info!(
        target: "khabar::request",
        method = %method,
        route,
        path,
        status = status.as_u16(),
        latency_ms = latency.as_secs_f64() * 1000.0,
        request_id = %id_text,
        cache = cache.unwrap_or("-"),
        "answered"
    );
    if let Some(metrics) = &log.metrics {
        metrics.answered(&method, route, status, latency, cache);
    }
    response.headers_mut().insert(REQUEST_ID_HEADER, id);
    response
}
