//! Request bodies: bounded in size and in time before any handler sees
//! them. A client that announced a body and trickles it (or never sends
//! it) would otherwise hold a connection and a task for as long as it
//! likes; one that sends megabytes to a form would make us hold them.

use std::time::Duration;

use app::error::{AppError, Problem};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;

use super::errors::HttpError;
use super::security::reader_lang;

/// The most a request body may hold. Every body the site takes today is a
/// form (sign-in carries the reader's local list: 500 stories at most,
/// well under this). Routes that take pictures will get a larger limit
/// of their own.
pub const MAX_FORM_BYTES: usize = 256 * 1024;

/// How long a client has, from the moment its headers are in, to send the
/// whole body (`KHABAR_BODY_TIMEOUT`, seconds).
#[derive(Debug, Clone, Copy)]
pub struct BodyLimits {
    pub max_bytes: usize,
    pub timeout: Duration,
}

enum Refusal {
    TooLarge,
    TooSlow,
    /// The client broke off in the middle.
    Broken,
}

/// Reads the whole body within the limits, or says why not.
async fn read_body(body: Body, limits: BodyLimits) -> Result<Vec<u8>, Refusal> {
    let read = async {
        let mut body = body;
        let mut bytes = Vec::new();
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|_| Refusal::Broken)?;
            if let Ok(data) = frame.into_data() {
                if bytes.len() + data.len() > limits.max_bytes {
                    return Err(Refusal::TooLarge);
                }
                bytes.extend_from_slice(&data);
            }
        }
        Ok(bytes)
    };
    tokio::time::timeout(limits.timeout, read)
        .await
        .unwrap_or(Err(Refusal::TooSlow))
}

/// Whether the request says it has a body at all (hyper has already
/// refused a `Content-Length` that is not a number).
fn has_body(request: &Request) -> bool {
    request.headers().contains_key(header::TRANSFER_ENCODING)
        || declared_length(request).is_some_and(|n| n > 0)
}

fn declared_length(request: &Request) -> Option<usize> {
    request
        .headers()
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Reads every request body in full before the handlers run, refusing
/// one that is too large (413) or too slow (408) with a message in the
/// reader's language.
pub async fn body_limit_layer(
    State(limits): State<BodyLimits>,
    request: Request,
    next: Next,
) -> Response {
    if !has_body(&request) {
        return next.run(request).await;
    }
    let lang = reader_lang(&request);
    let path = request.uri().path().to_owned();
    let refusal = if declared_length(&request).is_some_and(|n| n > limits.max_bytes) {
        Refusal::TooLarge
    } else {
        let (parts, body) = request.into_parts();
        match read_body(body, limits).await {
            Ok(bytes) => {
                return next
                    .run(Request::from_parts(parts, Body::from(bytes)))
                    .await;
            }
            Err(refusal) => refusal,
        }
    };
    let (error, event) = match refusal {
        Refusal::TooLarge => (AppError::Rejected(Problem::TooLarge), "body_too_large"),
        Refusal::TooSlow => (AppError::Rejected(Problem::TooSlow), "body_too_slow"),
        Refusal::Broken => (AppError::BadRequest, "body_broken"),
    };
    tracing::info!(event, %path);
    let mut response = HttpError::for_path(error, &path, lang).into_response();
    // What is left of the body is never read: the connection cannot carry
    // another request.
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}
