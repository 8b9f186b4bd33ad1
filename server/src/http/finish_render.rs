//! A page render is finished even when its reader leaves first. Leptos
//! disposes of a page's reactive owner when the render is dropped, while
//! tasks the render spawned (Suspense, resources) may still be running;
//! those then read disposed signals or missing contexts and panic. The
//! handler's own future is not dropped early (`connections` lets hyper
//! finish a request whose client has shut its side); a page body dropped
//! before its end is handed here to a task that reads it to the end and
//! throws the rest away: the render ends as it would have for a reader who
//! stayed, then is cleaned up in order. It costs only what the render
//! would have cost anyway.
//!
//! (Running the handler itself as a task of its own would also do, but
//! Leptos then sometimes renders a page's meta tags without their
//! context, so they go missing from the page.)

use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Body as HttpBody, Frame, SizeHint};
use http_body_util::BodyExt;

/// Innermost layer: wraps each streamed HTML page's body.
pub async fn layer(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"text/html"));
    if !is_page || response.body().is_end_stream() {
        return response;
    }
    response.map(|body| Body::new(FinishOnDrop { body: Some(body) }))
}

struct FinishOnDrop {
    body: Option<Body>,
}

impl HttpBody for FinishOnDrop {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let Some(body) = self.body.as_mut() else {
            return Poll::Ready(None);
        };
        let polled = Pin::new(body).poll_frame(cx);
        if matches!(polled, Poll::Ready(None)) {
            self.body = None;
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.body.as_ref().is_none_or(HttpBody::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        self.body
            .as_ref()
            .map_or_else(|| SizeHint::with_exact(0), HttpBody::size_hint)
    }
}

impl Drop for FinishOnDrop {
    fn drop(&mut self) {
        let Some(mut body) = self.body.take() else {
            return;
        };
        if body.is_end_stream() {
            return;
        }
        // Outside a runtime (a test dropping a response) there is nothing
        // left to finish the render on; the body is dropped as before.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move { while let Some(Ok(_)) = body.frame().await {} });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    use axum::Router;
    use axum::routing::get;
    use futures_util::stream;
    use tower::ServiceExt;

    /// A page streamed in three parts, the last after a pause; `finished`
    /// turns true once the stream has been read to its end.
    fn streamed_page(finished: Arc<AtomicBool>) -> Router {
        Router::new()
            .route(
                "/",
                get(move || {
                    let finished = finished.clone();
                    async move {
                        let parts = stream::unfold(0, move |n| {
                            let finished = finished.clone();
                            async move {
                                match n {
                                    0 | 1 => {
                                        Some((Ok::<_, std::io::Error>(Bytes::from("<p>")), n + 1))
                                    }
                                    2 => {
                                        tokio::time::sleep(Duration::from_millis(50)).await;
                                        finished.store(true, Ordering::SeqCst);
                                        None
                                    }
                                    _ => None,
                                }
                            }
                        });
                        Response::builder()
                            .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
                            .body(Body::from_stream(parts))
                            .expect("response")
                    }
                }),
            )
            .layer(axum::middleware::from_fn(layer))
    }

    async fn open_page(finished: &Arc<AtomicBool>) -> Response {
        let request = Request::get("/").body(Body::empty()).expect("request");
        streamed_page(finished.clone())
            .oneshot(request)
            .await
            .expect("response")
    }

    #[tokio::test]
    async fn a_page_left_half_read_is_still_rendered_to_its_end() {
        let finished = Arc::new(AtomicBool::new(false));
        let mut body = open_page(&finished).await.into_body();
        let first = body.frame().await.expect("a frame").expect("data");
        assert_eq!(first.into_data().expect("bytes"), "<p>");
        // The reader goes away.
        drop(body);
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(finished.load(Ordering::SeqCst), "the render ran to its end");
    }

    #[tokio::test]
    async fn a_page_read_to_the_end_arrives_whole() {
        let finished = Arc::new(AtomicBool::new(false));
        let body = open_page(&finished).await.into_body();
        let bytes = body.collect().await.expect("body").to_bytes();
        assert_eq!(bytes, "<p><p>");
        assert!(finished.load(Ordering::SeqCst));
    }
}
