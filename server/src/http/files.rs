//! The site's files (`/pkg`, `/media`, fonts, icons) as a file server
//! would serve them: the precompressed `.br` or `.gz` sibling when the
//! browser takes it, `Last-Modified` with 304 answers, byte ranges (a video
//! can be sought), and files that are compressed already (video, fonts,
//! pictures) sent as they are, never squeezed again. Whatever is not a file
//! gets the app's own 404 page.

use std::future::Future;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::state::AppState;

/// Formats that are compressed already: a second pass gains nothing and
/// would stop ranges from working.
const COMPRESSED: [&str; 10] = [
    ".webm", ".mp4", ".woff2", ".woff", ".png", ".jpg", ".jpeg", ".webp", ".avif", ".gif",
];

pub fn is_compressed(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    COMPRESSED.iter().any(|ext| lower.ends_with(ext))
}

/// A path that names a file: it ends in a name with an extension.
fn names_a_file(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|name| name.contains('.') && !name.starts_with('.'))
}

/// Serves the file `request` names from the site root, else hands the
/// request to `not_found` (the app's 404 page).
pub async fn file_or<F, Fut>(
    uri: Uri,
    State(state): State<AppState>,
    request: Request,
    not_found: F,
) -> Response
where
    F: FnOnce(Uri, State<AppState>, Request) -> Fut,
    Fut: Future<Output = Response>,
{
    if !names_a_file(uri.path()) {
        return not_found(uri, State(state), request).await;
    }
    let mut file_request = Request::new(Body::empty());
    *file_request.method_mut() = request.method().clone();
    *file_request.uri_mut() = uri.clone();
    *file_request.headers_mut() = request.headers().clone();
    if is_compressed(uri.path()) {
        file_request.headers_mut().remove(header::ACCEPT_ENCODING);
    }
    let files = ServeDir::new(&*state.leptos_options.site_root)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false);
    match files.oneshot(file_request).await {
        Ok(response) if response.status() != StatusCode::NOT_FOUND => response.into_response(),
        _ => not_found(uri, State(state), request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_formats_are_known_by_their_names() {
        for path in ["/media/clip.webm", "/fonts/v.woff2", "/icons/icon-192.PNG"] {
            assert!(is_compressed(path), "{path}");
        }
        for path in [
            "/pkg/app.wasm",
            "/pkg/app.js",
            "/media/map.svg",
            "/pkg/app.css",
        ] {
            assert!(!is_compressed(path), "{path}");
        }
    }

    #[test]
    fn only_paths_with_a_file_name_are_looked_up() {
        assert!(names_a_file("/pkg/khabar.abc.wasm"));
        assert!(names_a_file("/favicon.svg"));
        assert!(!names_a_file("/fa/article/slug"));
        assert!(!names_a_file("/pkg/"));
        assert!(!names_a_file("/.env"));
    }
}
