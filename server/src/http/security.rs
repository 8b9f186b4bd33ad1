//! Layers that guard every request: which address it came from (for
//! throttling), whether a state-changing request came from this site
//! (CSRF), and the security headers on every response.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use app::domain::Lang;
use app::error::{AppError, Problem};
use app::routes;
use app::ssr::accounts::throttle::ClientAddress;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::nonce::Nonce;

use super::errors::HttpError;
use super::language::PathLang;

/// The client of a request: the peer, unless the peer is a trusted proxy;
/// then the right-most `X-Forwarded-For` entry that is not itself a trusted
/// proxy (entries further left are whatever the client claimed). Reading
/// stops at the first entry that is not an address: what lies left of it
/// cannot be trusted either.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    let peer = peer.to_canonical();
    if !trusted.contains(&peer) {
        return peer;
    }
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let mut client = peer;
    for entry in entries.into_iter().rev() {
        match parse_forwarded(entry.trim()) {
            Some(ip) if trusted.contains(&ip) => client = ip,
            Some(ip) => return ip,
            None => break,
        }
    }
    client
}

/// An address as proxies write it: `192.0.2.1`, `192.0.2.1:5678`,
/// `2001:db8::1` or `[2001:db8::1]:5678`.
fn parse_forwarded(entry: &str) -> Option<IpAddr> {
    let ip = entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))?;
    Some(ip.to_canonical())
}

/// The address the connection comes from (a proxy's, behind one).
pub fn peer(request: &Request) -> Option<IpAddr> {
    // Tests stand in a MockConnectInfo for the real connection.
    let extensions = request.extensions();
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip())
        .or_else(|| {
            extensions
                .get::<axum::extract::connect_info::MockConnectInfo<SocketAddr>>()
                .map(|info| info.0.ip())
        })
}

/// Adds the request's [`ClientAddress`] to its extensions.
pub async fn client_address_layer(
    State(trusted): State<Arc<Vec<IpAddr>>>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(peer) = peer(&request) {
        let address = client_address(peer, request.headers(), &trusted);
        request.extensions_mut().insert(ClientAddress(address));
    }
    next.run(request).await
}

/// The origin this site is served from, as browsers write it.
#[derive(Clone)]
pub struct SiteOrigins {
    pub configured: String,
}

/// True when a state-changing request may be trusted to come from our own
/// pages: the browser says so (`Sec-Fetch-Site: same-origin`), or its
/// `Origin` is ours (the configured site, or the Host it was sent to).
/// A request with neither header is refused: every browser that could be
/// tricked into a cross-site POST sends at least one of them.
pub fn same_site(headers: &HeaderMap, origins: &SiteOrigins) -> bool {
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        // "none": typed into the address bar or a bookmark, never a page.
        return matches!(site, "same-origin" | "none");
    }
    let Some(origin) = text(header::ORIGIN) else {
        return false;
    };
    if origin == origins.configured {
        return true;
    }
    let host = text(header::HOST);
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    host.is_some() && origin_host == host
}

/// Whether a request may change state: every method but GET, HEAD and
/// OPTIONS. Such requests must come from our own pages (CSRF) and count
/// against the POST rate limit.
pub fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Refuses cross-site requests that could change state: every method but
/// GET, HEAD and OPTIONS, on every path (server fns and form posts alike).
pub async fn csrf_layer(
    State(origins): State<Arc<SiteOrigins>>,
    request: Request,
    next: Next,
) -> Response {
    if !changes_state(request.method()) || same_site(request.headers(), &origins) {
        return next.run(request).await;
    }
    let lang = reader_lang(&request);
    tracing::warn!(
        event = "csrf_refused",
        method = %request.method(),
        path = %request.uri().path(),
        origin = ?request.headers().get(header::ORIGIN),
        fetch_site = ?request.headers().get("sec-fetch-site"),
    );
    HttpError::for_path(
        AppError::Rejected(Problem::CrossSite),
        request.uri().path(),
        lang,
    )
    .into_response()
}

/// The reader's language for a message: the path's, else (for server fns,
/// whose paths name none) the cookie's.
pub(crate) fn reader_lang(request: &Request) -> Lang {
    if let PathLang(Some(lang)) = PathLang::of(request) {
        return lang;
    }
    app::ssr::request::cookie(request.headers(), routes::LANG_COOKIE)
        .and_then(|code| Lang::parse(code).ok())
        .unwrap_or(Lang::DEFAULT)
}

/// The policy for pages, with `scripts` as its `script-src`: WebAssembly
/// allowed where scripts are, nothing framed, no plugins.
pub fn page_policy(scripts: &str, https: bool) -> String {
    let mut policy = format!(
        "default-src 'self'; script-src {scripts}; \
         style-src 'self'; img-src 'self' data:; media-src 'self'; font-src 'self'; \
         connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if https {
        policy.push_str("; upgrade-insecure-requests");
    }
    policy
}

/// Scripts of a page rendered for one request: those carrying its nonce,
/// and what they load.
pub fn nonce_scripts(nonce: &str) -> String {
    format!("'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'")
}

/// Scripts of a page rendered once for many readers: exactly the inline
/// scripts whose SHA-256 digests (base64) are listed, and what they load.
pub fn hashed_scripts(digests: &[String]) -> String {
    let mut sources: String = digests.iter().map(|d| format!("'sha256-{d}' ")).collect();
    sources.push_str("'strict-dynamic' 'wasm-unsafe-eval'");
    sources
}

/// A data-saver page runs no script at all (JSON-LD is data, not script).
pub const NO_SCRIPTS: &str = "'none'";

/// Whether a response is an HTML page.
pub fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// The nonce of the page a request renders (one per response).
#[derive(Clone)]
pub struct PageNonce(pub Nonce);

/// Gives every request a fresh nonce for the renderer (see the router's
/// context) and puts the page policy naming it on HTML answers: pages,
/// 404 pages and error pages alike.
pub async fn page_policy_layer(
    State(https): State<bool>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = Nonce::new();
    request.extensions_mut().insert(PageNonce(nonce.clone()));
    let mut response = next.run(request).await;
    if is_html(&response)
        && !response
            .headers()
            .contains_key(header::CONTENT_SECURITY_POLICY)
    {
        insert(
            response.headers_mut(),
            header::CONTENT_SECURITY_POLICY,
            &page_policy(&nonce_scripts(&nonce), https),
        );
    }
    response
}

/// For everything that is not a page (files, feeds, server fns): nothing
/// in it may run or be framed.
pub const RESOURCE_POLICY: &str =
    "default-src 'none'; img-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Two years, subdomains included (only sent over https).
pub const HSTS: &str = "max-age=63072000; includeSubDomains";

pub fn insert(headers: &mut HeaderMap, name: header::HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::http::test_headers as headers;

    const PROXY: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1));
    const PEER: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(198, 51, 100, 7));

    #[test]
    fn forwarded_addresses_count_only_behind_trusted_proxies() {
        let h = headers(&[("x-forwarded-for", "203.0.113.9, 192.0.2.4")]);
        assert_eq!(client_address(PEER, &h, &[PROXY]), PEER, "untrusted peer");
        assert_eq!(
            client_address(PROXY, &h, &[PROXY]),
            "192.0.2.4".parse::<IpAddr>().expect("ip"),
            "the proxy's own entry, not the client's claim"
        );
        let garbled = headers(&[("x-forwarded-for", "nonsense")]);
        assert_eq!(client_address(PROXY, &garbled, &[PROXY]), PROXY);
        // A client's junk on the left does not hide the address the proxy added.
        let padded = headers(&[("x-forwarded-for", "x, 203.0.113.9:5678")]);
        assert_eq!(
            client_address(PROXY, &padded, &[PROXY]),
            "203.0.113.9".parse::<IpAddr>().expect("ip")
        );
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().expect("ip");
        let h = headers(&[("x-forwarded-for", "[2001:db8::7]:443")]);
        assert_eq!(
            client_address(mapped, &h, &[PROXY]),
            "2001:db8::7".parse::<IpAddr>().expect("ip"),
            "IPv4-mapped peers are recognised as the proxy"
        );
    }

    #[test]
    fn same_site_requests_pass_and_cross_site_ones_do_not() {
        let origins = SiteOrigins {
            configured: "https://news.example.org".into(),
        };
        assert!(same_site(
            &headers(&[("sec-fetch-site", "same-origin")]),
            &origins
        ));
        assert!(!same_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            &origins
        ));
        assert!(!same_site(
            &headers(&[("sec-fetch-site", "same-site")]),
            &origins
        ));
        assert!(same_site(
            &headers(&[("origin", "https://news.example.org")]),
            &origins
        ));
        assert!(same_site(
            &headers(&[
                ("origin", "http://127.0.0.1:3000"),
                ("host", "127.0.0.1:3000")
            ]),
            &origins
        ));
        assert!(!same_site(
            &headers(&[
                ("origin", "https://evil.example"),
                ("host", "news.example.org")
            ]),
            &origins
        ));
        assert!(!same_site(&headers(&[("origin", "null")]), &origins));
        assert!(!same_site(&headers(&[]), &origins), "no evidence, no entry");
    }

    #[test]
    fn the_page_policy_allows_only_nonced_scripts() {
        let policy = page_policy(&nonce_scripts("abc"), false);
        assert!(policy.contains("script-src 'nonce-abc' 'strict-dynamic' 'wasm-unsafe-eval';"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(page_policy(&nonce_scripts("abc"), true).contains("upgrade-insecure-requests"));
        let hashed = page_policy(&hashed_scripts(&["AAA=".into(), "BBB=".into()]), false);
        assert!(hashed.contains(
            "script-src 'sha256-AAA=' 'sha256-BBB=' 'strict-dynamic' 'wasm-unsafe-eval';"
        ));
        assert!(!hashed.contains("nonce"));
    }
}
