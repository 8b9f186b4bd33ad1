//! Server side of data-saver mode: the toggle's form post, and the layer that
//! keeps every script except structured data out of lite pages.

use app::domain::Lang;
use app::error::AppError;
use app::routes;
use app::ssr::request::lite_requested;
use axum::Form;
use axum::body::Body;
use axum::extract::{Path, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::errors::HttpError;
use super::scripts::{self, Piece};

/// The largest page the layer will buffer to rewrite.
const MAX_PAGE: usize = 4 * 1024 * 1024;

#[derive(Debug, Deserialize)]
pub struct Toggle {
    on: String,
    back: String,
}

/// Only a path on this site may be returned to (no `//host`, no scheme).
fn safe_back(back: &str, lang: Lang) -> String {
    routes::local_return(back)
        .map(str::to_owned)
        .unwrap_or_else(|| routes::home(lang))
}

/// `POST /{lang}/data-saver`: `on=1` turns lite mode on for a year, `on=0`
/// turns it off; then back to the page the reader was on.
pub async fn toggle(Path(lang): Path<String>, Form(form): Form<Toggle>) -> Response {
    let Ok(lang) = Lang::parse(&lang) else {
        return HttpError::unknown_lang().into_response();
    };
    let cookie = match form.on.as_str() {
        "1" => routes::lite_cookie(true),
        // Remembered "off", so it also overrides the browser's Save-Data.
        "0" => routes::lite_cookie(false),
        _ => return HttpError::text(AppError::BadRequest, lang).into_response(),
    };
    let mut response = Redirect::to(&safe_back(&form.back, lang)).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Removes every `<script>` except JSON-LD from an HTML page. The shell
/// already leaves out the app's loader; this drops the inline hydration data
/// the renderer streams with the page, which a lite page never uses.
pub fn strip_scripts(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    for piece in scripts::pieces(html) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Script { open, body, close } if open.contains("application/ld+json") => {
                out.push_str(open);
                out.push_str(body);
                out.push_str(close);
            }
            Piece::Script { .. } => {}
        }
    }
    out
}

/// Rewrites HTML responses to lite requests; also tells caches that the page
/// depends on Save-Data and the cookie.
pub async fn layer(request: Request, next: Next) -> Response {
    let lite = lite_requested(request.headers());
    let mut response = next.run(request).await;
    if !super::security::is_html(&response) {
        return response;
    }
    // Only pages differ by Save-Data and the cookies; assets must not vary.
    response
        .headers_mut()
        .append(header::VARY, HeaderValue::from_static("Save-Data, Cookie"));
    if !lite {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE).await else {
        tracing::error!("a page grew past {MAX_PAGE} bytes: cannot rewrite it for data saver");
        return HttpError::text(AppError::Internal, Lang::DEFAULT).into_response();
    };
    let html = strip_scripts(&String::from_utf8_lossy(&bytes));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(html))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_scripts_but_keeps_structured_data() {
        let html = r#"<head><script type="module">boot()</script><script type="application/ld+json">{"a":1}</script></head><body><p>x</p><script>__RESOLVED=1</script></body>"#;
        assert_eq!(
            strip_scripts(html),
            r#"<head><script type="application/ld+json">{"a":1}</script></head><body><p>x</p></body>"#
        );
    }

    #[test]
    fn off_site_return_paths_fall_back_to_the_home_page() {
        assert_eq!(
            safe_back("/fa/article/x?y=1", Lang::Fa),
            "/fa/article/x?y=1"
        );
        assert_eq!(safe_back("//evil.example", Lang::Fa), "/fa/");
    }
}
