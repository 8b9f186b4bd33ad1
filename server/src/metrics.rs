//! Prometheus metrics, served on their own address (`KHABAR_METRICS_ADDR`)
//! and never on the site's: requests by route and status, latency, the
//! requests in flight, the page cache's answers, the database pool, the
//! outbox, account security events and the process's memory.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use app::ssr::accounts::store::SharedAccounts;
use app::ssr::accounts::tally;
use app::ssr::store::SharedStore;
use axum::Router;
use axum::extract::State;
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::{ConstGauge, Gauge};
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: Cow<'static, str>,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CacheLabels {
    result: Cow<'static, str>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    state: &'static str,
}

/// Latency buckets from 1 ms to about 16 s, each twice the last.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// Every metric of the process; one per process, shared by the layers
/// that count and the handler that reports.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    in_flight: Gauge,
    page_cache: Family<CacheLabels, Counter>,
    outbox_pending: Gauge,
    outbox_failed: Gauge,
    accounts: SharedAccounts,
}

impl Metrics {
    pub fn new(store: SharedStore, accounts: SharedAccounts) -> Metrics {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "khabar_http_requests",
            "HTTP requests answered, by method, route template and status",
            requests.clone(),
        );
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        registry.register(
            "khabar_http_request_duration_seconds",
            "Time from a request's arrival to its response's headers, by route template",
            latency.clone(),
        );
        let in_flight = Gauge::default();
        registry.register(
            "khabar_http_requests_in_flight",
            "Requests being answered right now",
            in_flight.clone(),
        );
        let page_cache = Family::<CacheLabels, Counter>::default();
        registry.register(
            "khabar_page_cache_requests",
            "Shared pages asked of the rendered-page cache, by its answer (hit, stale, miss)",
            page_cache.clone(),
        );
        let outbox_pending = Gauge::default();
        registry.register(
            "khabar_outbox_pending",
            "Account emails waiting to be sent (including those waiting to be retried)",
            outbox_pending.clone(),
        );
        let outbox_failed = Gauge::default();
        registry.register(
            "khabar_outbox_failed",
            "Account emails given up on after their last attempt",
            outbox_failed.clone(),
        );
        registry.register_collector(Box::new(AtScrape { store }));
        Metrics {
            registry,
            requests,
            latency,
            in_flight,
            page_cache,
            outbox_pending,
            outbox_failed,
            accounts,
        }
    }

    /// A request has arrived; the guard counts it out when dropped (when
    /// answered, or when the client went away first).
    pub fn start(self: &Arc<Self>) -> InFlight {
        self.in_flight.inc();
        InFlight(self.clone())
    }

    /// A request was answered. `route` is the matched route's template
    /// (bounded: never the raw path); `cache` the page cache's answer.
    pub fn answered(
        &self,
        method: &Method,
        route: &str,
        status: StatusCode,
        latency: Duration,
        cache: Option<&str>,
    ) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method_label(method),
                route: route.to_owned(),
                status: status.as_u16(),
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.to_owned(),
            })
            .observe(latency.as_secs_f64());
        if let Some(result) = cache.and_then(cache_label) {
            self.page_cache
                .get_or_create(&CacheLabels {
                    result: Cow::Borrowed(result),
                })
                .inc();
        }
    }

    /// The OpenMetrics text of every metric, asking the database for the
    /// outbox's numbers first.
    pub async fn report(&self) -> Result<String, String> {
        match self.accounts.outbox_counts().await {
            Ok(counts) => {
                self.outbox_pending
                    .set(i64::try_from(counts.pending).unwrap_or(i64::MAX));
                self.outbox_failed
                    .set(i64::try_from(counts.failed).unwrap_or(i64::MAX));
            }
            Err(error) => tracing::warn!(%error, "metrics: the outbox could not be counted"),
        }
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)
            .map_err(|e| e.to_string())?;
        Ok(text)
    }

    /// The router of the metrics address: `/metrics` and nothing else.
    pub fn router(self: Arc<Self>) -> Router {
        Router::new()
            .route("/metrics", get(metrics_handler))
            .with_state(self)
    }
}

pub struct InFlight(Arc<Metrics>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.dec();
    }
}

fn method_label(method: &Method) -> Cow<'static, str> {
    const KNOWN: [(Method, &str); 7] = [
        (Method::GET, "GET"),
        (Method::HEAD, "HEAD"),
        (Method::POST, "POST"),
        (Method::PUT, "PUT"),
        (Method::DELETE, "DELETE"),
        (Method::PATCH, "PATCH"),
        (Method::OPTIONS, "OPTIONS"),
    ];
    // Anything a client invents would be a new series each.
    let name = KNOWN
        .iter()
        .find(|(known, _)| known == method)
        .map_or("other", |(_, name)| *name);
    Cow::Borrowed(name)
}

fn cache_label(state: &str) -> Option<&'static str> {
    match state {
        "hit" => Some("hit"),
        "stale" => Some("stale"),
        "miss" => Some("miss"),
        _ => None,
    }
}

async fn metrics_handler(State(metrics): State<Arc<Metrics>>) -> Response {
    match metrics.report().await {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "metrics could not be written");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// What is read when Prometheus asks rather than counted as it happens:
/// the pool, the account events' tally, and resident memory.
struct AtScrape {
    store: SharedStore,
}

impl std::fmt::Debug for AtScrape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AtScrape")
    }
}

impl Collector for AtScrape {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let pool = self.store.pool_usage();
        let connections = ConstGauge::new(i64::from(pool.open));
        let mut family = encoder.encode_descriptor(
            "khabar_db_pool_connections",
            "Database connections open, by state (busy answering, or idle)",
            None,
            connections.metric_type(),
        )?;
        let busy = i64::from(pool.open.saturating_sub(pool.idle));
        ConstGauge::new(busy).encode(family.encode_family(&PoolLabels { state: "busy" })?)?;
        ConstGauge::new(i64::from(pool.idle))
            .encode(family.encode_family(&PoolLabels { state: "idle" })?)?;
        let max = ConstGauge::new(i64::from(pool.max));
        max.encode(encoder.encode_descriptor(
            "khabar_db_pool_max_connections",
            "The most connections the database pool may open",
            None,
            max.metric_type(),
        )?)?;

        let tally = tally::now();
        for (name, help, value) in [
            (
                "khabar_sign_in_failures",
                "Sign-ins refused for an unknown email or a wrong password",
                tally.sign_in_failures,
            ),
            (
                "khabar_throttle_lockouts",
                "Client addresses locked out by an account throttle (sign-in, registration, reset)",
                tally.lockouts,
            ),
            (
                "khabar_throttle_refusals",
                "Account attempts refused because their address was locked out",
                tally.refused_while_locked,
            ),
        ] {
            let counter = ConstCounter::new(value);
            counter.encode(encoder.encode_descriptor(
                name,
                help,
                None,
                counter.metric_type(),
            )?)?;
        }

        if let Some(bytes) = resident_bytes() {
            let gauge = ConstGauge::new(bytes);
            gauge.encode(encoder.encode_descriptor(
                "process_resident_memory_bytes",
                "Resident memory of the server process",
                None,
                gauge.metric_type(),
            )?)?;
        }
        Ok(())
    }
}

/// Resident memory from `/proc/self/statm` (Linux, 4 KiB pages as on
/// x86-64 and most arm64 kernels; elsewhere none).
fn resident_bytes() -> Option<i64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: i64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages.saturating_mul(4096))
}
