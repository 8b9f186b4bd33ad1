//! Shedding load: a bound on the pages rendered and server fns run at once.
//!
//! Under a spike every request used to queue without bound, so every
//! reader waited longer and longer. Here a request that needs rendering
//! or a server fn waits a short moment for one of a fixed number of
//! places; when none frees up, it gets a quick 503 with `Retry-After` and
//! a message in the reader's language. Cached pages (answered by the page
//! cache before this layer), static files and the health check never
//! wait here.

use std::sync::Arc;
use std::time::Duration;

use app::error::AppError;
use app::routes;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use tokio::sync::Semaphore;

use super::errors::HttpError;
use super::security::reader_lang;
use crate::config::OverloadLimits;

/// The places, shared by every request of the process.
#[derive(Clone)]
pub struct Overload {
    places: Arc<Semaphore>,
    max_wait: Duration,
}

/// Seconds a shed client is asked to wait before trying again.
const RETRY_AFTER_SECONDS: &str = "2";

impl Overload {
    pub fn new(limits: OverloadLimits) -> Overload {
        Overload {
            places: Arc::new(Semaphore::new(limits.max_in_flight)),
            max_wait: limits.max_wait,
        }
    }
}

/// Pages (a path that starts with one of our languages) and server fns;
/// not files, feeds' and icons' own routes outside a language, nor
/// `/healthz`, which a load balancer must reach even when we are full.
fn needs_a_place(path: &str) -> bool {
    routes::is_api(path) || routes::lang_in_path(path).is_some()
}

pub async fn overload_layer(
    State(overload): State<Overload>,
    request: Request,
    next: Next,
) -> Response {
    if !needs_a_place(request.uri().path()) {
        return next.run(request).await;
    }
    let waited =
        tokio::time::timeout(overload.max_wait, overload.places.clone().acquire_owned()).await;
    let Ok(Ok(place)) = waited else {
        tracing::warn!(event = "shed", path = %request.uri().path(), "too busy: answered 503");
        let lang = reader_lang(&request);
        let mut response =
            HttpError::for_path(AppError::Unavailable, request.uri().path(), lang).into_response();
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from_static(RETRY_AFTER_SECONDS),
        );
        return response;
    };
    let response = next.run(request).await;
    // A streamed page is still being rendered while its body is sent: the
    // place is held until the body is done with.
    response.map(|body| {
        axum::body::Body::new(body.map_frame(move |frame| {
            let _held = &place;
            frame
        }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::middleware;
    use axum::routing::get;
    use tokio::sync::oneshot;
    use tower::ServiceExt;

    /// An app whose `/en/slow` page waits until told to answer.
    fn app(limits: OverloadLimits, release: oneshot::Receiver<()>) -> Router {
        let release = Arc::new(std::sync::Mutex::new(Some(release)));
        Router::new()
            .route(
                "/en/slow",
                get(move || {
                    let release = release.lock().expect("lock").take();
                    async move {
                        if let Some(release) = release {
                            let _ = release.await;
                        }
                        "done"
                    }
                }),
            )
            .route("/en/fast", get(|| async { "fast" }))
            .route("/healthz", get(|| async { "ok" }))
            .route("/pkg/app.js", get(|| async { "js" }))
            .layer(middleware::from_fn_with_state(
                Overload::new(limits),
                overload_layer,
            ))
    }

    /// An app with one place, taken by a `/en/slow` request in flight
    /// until `release` is sent; the handle answers that request.
    async fn one_place_taken(
        max_wait: Duration,
    ) -> (
        Router,
        oneshot::Sender<()>,
        tokio::task::JoinHandle<Result<Response, std::convert::Infallible>>,
    ) {
        let limits = OverloadLimits {
            max_in_flight: 1,
            max_wait,
        };
        let (release, released) = oneshot::channel();
        let app = app(limits, released);
        let slow = tokio::spawn(app.clone().oneshot(get_request("/en/slow")));
        tokio::time::sleep(Duration::from_millis(50)).await;
        (app, release, slow)
    }

    fn get_request(path: &str) -> Request {
        Request::builder()
            .uri(path)
            .header(header::COOKIE, "lang=fa")
            .body(Body::empty())
            .expect("request")
    }

    #[tokio::test]
    async fn when_every_place_is_taken_pages_get_a_quick_503_and_the_rest_flows() {
        let (app, release, slow) = one_place_taken(Duration::from_millis(100)).await;

        let shed = app
            .clone()
            .oneshot(get_request("/en/fast"))
            .await
            .expect("answer");
        assert_eq!(shed.status(), 503);
        assert_eq!(shed.headers()[header::RETRY_AFTER], "2");
        let text = shed.into_body().collect().await.expect("body").to_bytes();
        let text = String::from_utf8_lossy(&text);
        assert!(
            text.contains(
                AppError::Unavailable
                    .form_message(app::domain::Lang::En)
                    .as_str()
            ),
            "the page's language (en, from its path): {text}"
        );
        for free in ["/healthz", "/pkg/app.js"] {
            let answer = app
                .clone()
                .oneshot(get_request(free))
                .await
                .expect("answer");
            assert_eq!(answer.status(), 200, "{free} never waits for a place");
        }

        release.send(()).expect("release");
        let slow = slow.await.expect("task").expect("answer");
        assert_eq!(slow.status(), 200);
        drop(slow);
        let again = app.oneshot(get_request("/en/fast")).await.expect("answer");
        assert_eq!(again.status(), 200, "the place is free again");
    }

    #[tokio::test]
    async fn a_request_that_waits_briefly_for_a_place_is_served() {
        let (app, release, slow) = one_place_taken(Duration::from_secs(5)).await;
        let waiting = tokio::spawn(app.clone().oneshot(get_request("/en/fast")));
        tokio::time::sleep(Duration::from_millis(50)).await;
        release.send(()).expect("release");
        let slow = slow.await.expect("task").expect("answer");
        // The slow page's place is held until its body is gone.
        let body = slow.into_body().collect().await.expect("body").to_bytes();
        assert_eq!(&body[..], b"done");
        let waited = waiting.await.expect("task").expect("answer");
        assert_eq!(waited.status(), 200);
    }

    #[test]
    fn pages_and_server_fns_need_a_place_files_and_health_do_not() {
        assert!(needs_a_place("/fa/article/x"));
        assert!(needs_a_place("/api/search"));
        assert!(!needs_a_place("/healthz"));
        assert!(!needs_a_place("/pkg/khabar.wasm"));
        assert!(!needs_a_place("/media/photo.jpg"));
    }
}
