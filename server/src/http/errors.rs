//! `AppError` as an HTTP answer. The status always comes from
//! `AppError::status`, the one mapping that pages and server fns use too;
//! the body is the reader's message, or the encoded error for server fns.

use app::domain::Lang;
use app::error::AppError;
use app::routes;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// An error answered by a machine route or a layer.
#[derive(Debug)]
pub struct HttpError {
    error: AppError,
    /// The language of the message.
    lang: Lang,
    /// Server fns get the JSON `AppError` the app decodes and shows.
    json: bool,
}

impl HttpError {
    /// A short message in `lang`, as text.
    pub fn text(error: AppError, lang: Lang) -> HttpError {
        HttpError {
            error,
            lang,
            json: false,
        }
    }

    /// As the request's path asks: JSON for server fns, else text in `lang`.
    pub fn for_path(error: AppError, path: &str, lang: Lang) -> HttpError {
        HttpError {
            json: routes::is_api(path),
            ..HttpError::text(error, lang)
        }
    }

    /// A language that is not one of ours, in a machine route: 404, in English.
    pub fn unknown_lang() -> HttpError {
        HttpError::text(AppError::NotFound, Lang::DEFAULT)
    }

    /// The store failed: logged here, answered without details.
    pub fn store(err: app::ssr::store::StoreError) -> HttpError {
        tracing::error!(error = %err, "store failed");
        HttpError::text(AppError::from(err), Lang::DEFAULT)
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if self.json {
            let body = serde_json::to_string(&self.error).unwrap_or_default();
            return (status, [(header::CONTENT_TYPE, "application/json")], body).into_response();
        }
        (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            self.error.form_message(self.lang),
        )
            .into_response()
    }
}

/// The largest server-fn error body worth reading back (errors are tiny).
const MAX_ERROR_BODY: usize = 16 * 1024;

/// How long a reader (or a crawler) is asked to wait when the database
/// does not answer: a locked, full or restarting database is usually back
/// within seconds.
const UNAVAILABLE_RETRY_AFTER: &str = "5";

/// server_fn answers every error it raises itself (a missing or malformed
/// argument, before our code runs) with 500. Those errors are `AppError`s
/// too (see `FromServerFnError`), so read the encoded error back and give
/// the response the status it stands for: a reader's bad input is a 4xx.
/// Every 503 (a page or a server fn the database could not answer) says
/// when to come back.
pub async fn server_fn_error_status(request: Request, next: Next) -> Response {
    let mut response = with_errors_status(next.run(request).await).await;
    if response.status() == StatusCode::SERVICE_UNAVAILABLE
        && !response.headers().contains_key(header::RETRY_AFTER)
    {
        response.headers_mut().insert(
            header::RETRY_AFTER,
            header::HeaderValue::from_static(UNAVAILABLE_RETRY_AFTER),
        );
    }
    response
}

async fn with_errors_status(response: Response) -> Response {
    let is_server_fn_error = response.status() == StatusCode::INTERNAL_SERVER_ERROR
        && response.headers().contains_key("serverfnerror");
    if !is_server_fn_error {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_ERROR_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => return HttpError::text(AppError::Internal, Lang::DEFAULT).into_response(),
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(error.status())
    {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt as _;

    async fn body(response: Response) -> String {
        let bytes = response
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[tokio::test]
    async fn the_status_is_the_errors_own_and_the_text_the_readers_language() {
        let response = HttpError::text(AppError::NotFound, Lang::Fa).into_response();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            body(response).await,
            AppError::NotFound.form_message(Lang::Fa)
        );
    }

    #[tokio::test]
    async fn server_fns_get_the_encoded_error() {
        let error = AppError::Rejected(app::error::Problem::CrossSite);
        let response = HttpError::for_path(error.clone(), "/api/sign-in", Lang::Ar).into_response();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let back: AppError =
            serde_json::from_str(&body(response).await).unwrap_or(AppError::Internal);
        assert_eq!(back, error);
    }
}
