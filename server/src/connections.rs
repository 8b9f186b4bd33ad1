//! Accepting and closing connections, with time limits a slow or idle
//! client cannot outlast.
//!
//! axum's `serve` waits without limit: one client that sent half a request
//! line, or one idle keep-alive connection, kept the process alive after
//! SIGTERM, and nothing bounded how long a client may take to send its
//! headers. Here hyper serves each connection with a header deadline, and
//! shutdown stops accepting at once, closes idle connections, lets the
//! requests in flight finish, and gives up on the rest after a grace
//! period.

use std::future::Future;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

use crate::config::ConnectionLimits;

/// The most a request's head (request line and headers) may hold. hyper
/// answers a larger one with 431. Browsers send well under 8 KiB; the
/// rest is room for long cookies and proxies' headers.
const MAX_HEAD_BYTES: usize = 32 * 1024;

/// A failed `accept` that says nothing about the listener (the client
/// went away first): try the next one at once.
fn is_per_connection(error: &std::io::Error) -> bool {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    matches!(
        error.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    )
}

/// Serves `router` on `listener` until `shutdown` resolves, then closes
/// down within `limits.shutdown_grace`.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(MAX_HEAD_BYTES)
        // A client that shuts its side after the request still gets the
        // answer, and a render is never dropped halfway because the read
        // side ended (Leptos's Suspense tasks panic when it is).
        .half_close(true);
    builder
        .http2()
        .timer(TokioTimer::new())
        .keep_alive_interval(limits.header_timeout)
        .keep_alive_timeout(limits.header_timeout);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (tcp, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) if is_per_connection(&error) => continue,
                Err(error) => {
                    // Out of file descriptors, most likely: wait for some
                    // to close rather than spin.
                    tracing::error!(%error, "cannot accept connections");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Without TCP_NODELAY each streamed response waits ~40 ms on Nagle.
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::warn!(%error, "could not set TCP_NODELAY");
        }
        let router = router.clone();
        let service = tower::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(remote));
            router.clone().oneshot(request.map(axum::body::Body::new))
        });
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(tcp), TowerToHyperService::new(service))
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that breaks off or is too slow is its own business.
            if let Err(error) = connection.await {
                tracing::debug!(%error, %remote, "connection ended with an error");
            }
        });
    }
    // No new connections from here on.
    drop(listener);
    let open = graceful.count();
    tracing::info!(
        open,
        grace_seconds = limits.shutdown_grace.as_secs_f64(),
        "shutting down: finishing the requests in flight"
    );
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("every connection closed"),
        () = tokio::time::sleep(limits.shutdown_grace) => {
            tracing::warn!("grace period over: closing the connections still open");
        }
    }
}
