//! `/texts/{lang}.json`: one language's UI strings, in the order the app
//! takes them in. The browser build carries English only; the app fetches
//! another language's strings here before it shows that language.

use std::sync::LazyLock;

use app::domain::Lang;
use app::i18n;
use app::routes;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::errors::HttpError;

/// Each language's strong validator, worked out once: the strings change
/// only with a new build, so a browser that has them revalidates with a 304
/// instead of a download.
static ETAGS: LazyLock<Vec<(Lang, String)>> = LazyLock::new(|| {
    Lang::ALL
        .iter()
        .map(|lang| {
            let digest = Sha256::digest(i18n::values_json(*lang).as_bytes());
            let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
            (*lang, format!("\"{hex}\""))
        })
        .collect()
});

pub async fn language_texts(
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, HttpError> {
    let lang = routes::texts_lang(&file).ok_or_else(HttpError::unknown_lang)?;
    let etag = ETAGS
        .iter()
        .find(|(l, _)| *l == lang)
        .map_or("", |(_, tag)| tag.as_str());
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut response = if unchanged {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut response = i18n::values_json(lang).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(etag) {
        headers.insert(header::ETAG, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}
