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

/// The longest path a file of ours can have (decoded): far beyond the
/// hashed bundle names, well below what the file system refuses.
const MAX_FILE_PATH: usize = 1024;
/// The longest file or folder name the file system takes (`NAME_MAX`).
const MAX_NAME: usize = 255;

/// A path that names a file: it ends in a name with an extension, and
/// could be one on disk. The file server answers 500, not 404, when the
/// system refuses the path itself: a NUL byte (`%00`) in a HEAD request,
/// or a name or path longer than the system allows.
fn names_a_file(path: &str) -> bool {
    let named = path
        .rsplit('/')
        .next()
        .is_some_and(|name| name.contains('.') && !name.starts_with('.'));
    let decoded = percent_decoded(path);
    named
        && decoded.len() <= MAX_FILE_PATH
        && !decoded.contains(&0)
        && decoded
            .split(|&b| b == b'/')
            .all(|name| name.len() <= MAX_NAME)
}

/// `%XX` escapes decoded (a `%` without two hex digits stays as it is),
/// as the file server decodes the path.
fn percent_decoded(path: &str) -> Vec<u8> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| path.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    out
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

    #[test]
    fn paths_no_file_can_have_are_not_looked_up() {
        let long_name = format!("/media/{}.png", "a".repeat(MAX_NAME));
        let long_path = format!("/media/{}x.png", "c/".repeat(MAX_FILE_PATH));
        for path in [
            "/favicon.svg%00",
            "/pkg/%00.js",
            "/pkg/a%00b/x.js",
            long_name.as_str(),
            long_path.as_str(),
        ] {
            assert!(!names_a_file(path), "{path:.40}");
        }
        assert!(names_a_file("/media/%D8%AE%D8%A8%D8%B1.png"));
        assert!(names_a_file("/pkg/100%.js"));
        assert_eq!(percent_decoded("/a%2Fb%zz%4"), b"/a/b%zz%4");
    }
}
