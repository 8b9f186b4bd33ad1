//! `/texts/{lang}.json`: one language's UI strings, in the order the app
//! takes them in. The browser build carries English only; the app fetches
//! another language's strings here before it shows that language.

use app::i18n;
use app::routes;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::errors::HttpError;

pub async fn language_texts(
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    let lang = routes::texts_lang(&file).ok_or_else(HttpError::unknown_lang)?;
    let body = i18n::values_json(lang);
    // The strings change only with a new build: a strong validator lets a
    // browser that has them revalidate with a 304 instead of a download.
    let digest = Sha256::digest(body.as_bytes());
    let etag = format!(
        "\"{}\"",
        digest[..12]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let etag_value = HeaderValue::from_str(&etag).expect("hex digits are a valid header value");
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut response = if unchanged {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut response = body.into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    };
    let headers = response.headers_mut();
    headers.insert(header::ETAG, etag_value);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}
