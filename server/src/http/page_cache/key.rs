//! Which requests the page cache may answer, and the key it answers them
//! by. The key holds exactly what changes a page's bytes for an anonymous
//! reader: its path, the query parameters that page reads, and the
//! data-saver variant. Nothing else of the reader's request (Host,
//! forwarded headers, languages, other cookies, other parameters) is
//! kept, and a fill renders from a request built from the key alone.

use app::domain::Lang;
use app::routes::{self, param};
use app::ssr::request::{cookie, lite_requested};
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, Request, Uri, header};

use crate::lru::Weigh;

/// The longest path segment (a slug) the cache keeps a page for.
const MAX_SEGMENT: usize = 200;
/// The highest list page the cache keeps (`?page=`).
const MAX_LIST_PAGE: u32 = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageKey {
    path: String,
    page: Option<u32>,
    lite: bool,
}

/// The kinds of page that are the same for every anonymous reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shared {
    /// Home, article, about, offline: no query read.
    Plain,
    /// Sections, videos, photos: `?page=N`.
    Paged,
}

fn shared_page(path: &str) -> Option<Shared> {
    let rest = path.strip_prefix('/')?;
    let mut segments = rest.split('/');
    let lang = segments.next()?;
    Lang::parse(lang).ok()?;
    let segments: Vec<&str> = segments.collect();
    let slug_ok = |s: &str| !s.is_empty() && s.len() <= MAX_SEGMENT;
    match segments.as_slice() {
        [""] | ["about"] | ["offline"] => Some(Shared::Plain),
        ["article", slug] if slug_ok(slug) => Some(Shared::Plain),
        ["category", slug] if slug_ok(slug) => Some(Shared::Paged),
        ["videos"] | ["photos"] => Some(Shared::Paged),
        _ => None,
    }
}

/// `?page=N` as the list pages read it; `Err` when the query holds a form
/// the cache will not second-guess (repeated, zero-padded, out of range),
/// so that request is rendered as it came.
fn list_page(query: Option<&str>) -> Result<Option<u32>, ()> {
    let mut found = None;
    for pair in query.unwrap_or("").split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if name != param::PAGE {
            continue;
        }
        let canonical = !value.is_empty()
            && !value.starts_with('0')
            && value.len() <= 5
            && value.bytes().all(|b| b.is_ascii_digit());
        let page = value
            .parse::<u32>()
            .ok()
            .filter(|p| canonical && *p <= MAX_LIST_PAGE);
        match (found, page) {
            (None, Some(page)) => found = Some(page),
            _ => return Err(()),
        }
    }
    Ok(found)
}

impl PageKey {
    /// The key for an anonymous GET or HEAD of a shared page; `None` for
    /// everything the cache must leave alone (other methods and pages, and
    /// any request carrying the session cookie, even a stale one).
    pub fn of(
        method: &Method,
        uri: &Uri,
        headers: &HeaderMap,
        session_cookie: &str,
    ) -> Option<PageKey> {
        if !matches!(*method, Method::GET | Method::HEAD) {
            return None;
        }
        if cookie(headers, session_cookie).is_some() {
            return None;
        }
        let path = uri.path();
        let page = match shared_page(path)? {
            Shared::Plain => None,
            Shared::Paged => list_page(uri.query()).ok()?,
        };
        Some(PageKey {
            path: path.to_owned(),
            page,
            lite: lite_requested(headers),
        })
    }

    pub fn lite(&self) -> bool {
        self.lite
    }

    /// The address the page is rendered from.
    pub fn uri(&self) -> String {
        match self.page {
            Some(page) => format!("{}?{}={page}", self.path, param::PAGE),
            None => self.path.clone(),
        }
    }

    /// The request a fill renders: built from the key alone.
    pub fn fill_request(&self) -> Request<Body> {
        let mut request = Request::new(Body::empty());
        if let Ok(uri) = self.uri().parse() {
            *request.uri_mut() = uri;
        }
        if self.lite
            && let Ok(value) = HeaderValue::from_str(&format!("{}=1", routes::LITE_COOKIE))
        {
            request.headers_mut().insert(header::COOKIE, value);
        }
        request
    }
}

impl Weigh for PageKey {
    fn weight(&self) -> usize {
        std::mem::size_of::<Self>() + self.path.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(uri: &str, headers: &[(&'static str, &'static str)]) -> Option<PageKey> {
        PageKey::of(
            &Method::GET,
            &uri.parse().expect("uri"),
            &crate::http::test_headers(headers),
            "session",
        )
    }

    #[test]
    fn shared_pages_are_eligible_and_private_ones_are_not() {
        for uri in [
            "/fa/",
            "/fa/article/wheat",
            "/en/category/world",
            "/ps/videos",
            "/ar/photos",
            "/tg/about",
            "/ru/offline",
        ] {
            assert!(key(uri, &[]).is_some(), "{uri}");
        }
        for uri in [
            "/",
            "/fa",
            "/xx/",
            "/fa/search?q=x",
            "/fa/reading-list",
            "/fa/account",
            "/fa/sign-in",
            "/fa/article/",
            "/fa/article/a/b",
            "/api/home",
            "/pkg/app.wasm",
        ] {
            assert!(key(uri, &[]).is_none(), "{uri}");
        }
    }

    #[test]
    fn a_session_cookie_bypasses_the_cache() {
        assert!(key("/fa/", &[("cookie", "lang=fa; session=abc")]).is_none());
        assert!(key("/fa/", &[("cookie", "lang=fa")]).is_some());
    }

    #[test]
    fn only_the_parameters_a_page_reads_are_kept() {
        assert_eq!(
            key("/fa/article/x?utm=1&page=3", &[]),
            key("/fa/article/x", &[])
        );
        assert_eq!(
            key("/fa/videos?page=3&x=y", &[]).expect("key").uri(),
            "/fa/videos?page=3"
        );
        assert_ne!(key("/fa/videos?page=3", &[]), key("/fa/videos", &[]));
        for odd in [
            "page=03",
            "page=3&page=4",
            "page=x",
            "page=",
            "page=99999999",
        ] {
            assert!(key(&format!("/fa/videos?{odd}"), &[]).is_none(), "{odd}");
        }
    }

    #[test]
    fn headers_never_reach_the_key_except_the_data_saver_choice() {
        let plain = key("/fa/", &[]);
        assert_eq!(
            key(
                "/fa/",
                &[
                    ("host", "evil.example"),
                    ("x-forwarded-host", "evil.example"),
                    ("accept-language", "de"),
                    ("cookie", "lang=de; theme=x"),
                ]
            ),
            plain
        );
        let lite = key("/fa/", &[("save-data", "on")]).expect("key");
        assert!(lite.lite());
        assert_eq!(key("/fa/", &[("cookie", "lite=1")]), Some(lite));
    }

    #[test]
    fn a_fill_request_carries_only_the_key() {
        let request = key(
            "/fa/category/world?page=2&q=z",
            &[("cookie", "lite=1; a=b")],
        )
        .expect("key")
        .fill_request();
        assert_eq!(request.uri(), "/fa/category/world?page=2");
        assert_eq!(request.headers().len(), 1);
        assert_eq!(request.headers()[header::COOKIE], "lite=1");
    }
}
