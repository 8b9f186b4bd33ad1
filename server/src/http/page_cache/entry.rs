//! One cached page: its headers, its bytes as sent and as brotli and gzip
//! made once, its strong validator, and what it was rendered from.

use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use sha2::{Digest, Sha256};

use crate::http::encoding::{self, Encoding};
use crate::lru::Weigh;

/// Brotli's best quality and a window that holds a whole page: made once
/// per page, off the readers' path, so the smallest bytes are worth it.
const BROTLI_QUALITY: u8 = 11;
const BROTLI_WINDOW: u8 = 22;
const GZIP_LEVEL: u32 = 9;

/// How a shared cache in front may keep a cached page: briefly, then
/// serve it stale while it asks again. Browsers revalidate every time
/// (a 304 costs a few hundred bytes).
const SHARED_CACHE_CONTROL: &str = "public, max-age=0, s-maxage=10, stale-while-revalidate=30";
/// What a page's bytes depend on besides the URL: the encoding, the data
/// saver (by cookie or by Save-Data) and the session cookie, which sends
/// a signed-in reader past every shared cache.
const VARY: &str = "Accept-Encoding, Cookie, Save-Data";

/// The response header that tells a cache hit (`hit`), a page served
/// while it is rendered again (`stale`) and a fresh render (`miss`).
pub const STATE_HEADER: &str = "x-khabar-cache";

pub struct Entry {
    headers: HeaderMap,
    identity: Bytes,
    brotli: Bytes,
    gzip: Bytes,
    /// The identity bytes' digest; each encoding's ETag adds a suffix.
    tag: String,
    /// The ETag of each encoding, made once: brotli, gzip, identity.
    etags: [HeaderValue; 3],
    pub generation: u64,
    pub rendered: Instant,
}

impl Entry {
    /// Compresses `html` (CPU-heavy: call off the async threads) and keeps
    /// the page's own headers, minus those the cache sets per response.
    pub fn build(mut headers: HeaderMap, html: Bytes, generation: u64) -> Entry {
        for name in [
            header::CONTENT_LENGTH,
            header::CONTENT_ENCODING,
            header::ETAG,
            header::VARY,
            header::CACHE_CONTROL,
            header::SET_COOKIE,
            header::TRANSFER_ENCODING,
        ] {
            headers.remove(name);
        }
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(SHARED_CACHE_CONTROL),
        );
        headers.insert(header::VARY, HeaderValue::from_static(VARY));
        let digest = Sha256::digest(&html);
        let tag: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        // Hex digits and quotes: always a valid header value.
        let etag = |suffix: &str| {
            HeaderValue::from_str(&format!("\"{tag}{suffix}\""))
                .unwrap_or_else(|_| HeaderValue::from_static("\"\""))
        };
        let etags = [etag("-br"), etag("-gz"), etag("")];
        Entry {
            etags,
            headers,
            brotli: encoding::brotli(&html, BROTLI_QUALITY, BROTLI_WINDOW).into(),
            gzip: encoding::gzip(&html, GZIP_LEVEL).into(),
            identity: html,
            tag,
            generation,
            rendered: Instant::now(),
        }
    }

    #[cfg(test)]
    pub fn identity(&self) -> &Bytes {
        &self.identity
    }

    fn etag(&self, encoding: Encoding) -> &HeaderValue {
        match encoding {
            Encoding::Brotli => &self.etags[0],
            Encoding::Gzip => &self.etags[1],
            Encoding::Identity => &self.etags[2],
        }
    }

    /// True when `If-None-Match` names any of this page's validators: every
    /// encoding holds the same page, so a copy in any of them is current.
    fn matches(&self, request: &HeaderMap) -> bool {
        request
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|tag| tag.trim().trim_start_matches("W/"))
            .any(|tag| {
                tag == "*"
                    || tag
                        .strip_prefix('"')
                        .and_then(|t| t.strip_suffix('"'))
                        .is_some_and(|t| {
                            let t = t
                                .strip_suffix("-br")
                                .or_else(|| t.strip_suffix("-gz"))
                                .unwrap_or(t);
                            t == self.tag
                        })
            })
    }

    /// The answer to a GET or HEAD with `request` headers.
    pub fn respond(&self, method: &Method, request: &HeaderMap, state: &'static str) -> Response {
        let encoding = Encoding::negotiate(request);
        let mut headers = self.headers.clone();
        headers.insert(header::ETAG, self.etag(encoding).clone());
        headers.insert(STATE_HEADER, HeaderValue::from_static(state));
        if self.matches(request) {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            for name in [header::CONTENT_TYPE, header::CONTENT_SECURITY_POLICY] {
                headers.remove(name);
            }
            *response.headers_mut() = headers;
            return response;
        }
        let body = match encoding {
            Encoding::Brotli => {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
                &self.brotli
            }
            Encoding::Gzip => {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                &self.gzip
            }
            Encoding::Identity => &self.identity,
        };
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
        let body = if method == Method::HEAD {
            Body::empty()
        } else {
            Body::from(body.clone())
        };
        let mut response = Response::new(body);
        *response.headers_mut() = headers;
        response
    }
}

/// What the entry costs to keep: its bytes in every encoding and its headers.
impl Weigh for Entry {
    fn weight(&self) -> usize {
        let headers: usize = self
            .headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len() + 32)
            .sum();
        self.identity.len() + self.brotli.len() + self.gzip.len() + headers + 256
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    use crate::http::test_headers as headers;

    fn entry() -> Entry {
        let page = "<!DOCTYPE html><p>سلام</p>".repeat(200);
        let mut own = headers(&[("content-type", "text/html; charset=utf-8")]);
        own.insert(header::SET_COOKIE, HeaderValue::from_static("a=b"));
        Entry::build(own, Bytes::from(page), 7)
    }

    async fn body(response: Response) -> Vec<u8> {
        axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body")
            .to_vec()
    }

    #[tokio::test]
    async fn each_encoding_decodes_to_the_same_page() {
        let entry = entry();
        let br = entry.respond(
            &Method::GET,
            &headers(&[("accept-encoding", "gzip, br")]),
            "hit",
        );
        assert_eq!(br.headers()[header::CONTENT_ENCODING], "br");
        assert!(br.headers().get(header::SET_COOKIE).is_none());
        let mut decoded = Vec::new();
        brotli::Decompressor::new(&body(br).await[..], 4096)
            .read_to_end(&mut decoded)
            .expect("brotli");
        assert_eq!(decoded, entry.identity().to_vec());
        let gz = entry.respond(
            &Method::GET,
            &headers(&[("accept-encoding", "gzip, br;q=0")]),
            "hit",
        );
        assert_eq!(gz.headers()[header::CONTENT_ENCODING], "gzip");
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&body(gz).await[..])
            .read_to_end(&mut decoded)
            .expect("gzip");
        assert_eq!(decoded, entry.identity().to_vec());
        let plain = entry.respond(&Method::GET, &headers(&[]), "hit");
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(body(plain).await, entry.identity().to_vec());
    }

    #[tokio::test]
    async fn a_matching_validator_gets_304_and_head_gets_no_body() {
        let entry = entry();
        let first = entry.respond(&Method::GET, &headers(&[("accept-encoding", "br")]), "hit");
        let etag = first.headers()[header::ETAG].clone();
        let mut again = headers(&[("accept-encoding", "gzip")]);
        again.insert(header::IF_NONE_MATCH, etag);
        let revalidated = entry.respond(&Method::GET, &again, "hit");
        assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);
        assert!(body(revalidated).await.is_empty());
        let other = entry.respond(
            &Method::GET,
            &headers(&[("if-none-match", "\"abc\"")]),
            "hit",
        );
        assert_eq!(other.status(), StatusCode::OK);
        let head = entry.respond(&Method::HEAD, &headers(&[]), "hit");
        assert_eq!(
            head.headers()[header::CONTENT_LENGTH],
            entry.identity().len().to_string().as_str()
        );
        assert!(body(head).await.is_empty());
    }
}
