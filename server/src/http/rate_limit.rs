//! Per-client rate limits on what costs the most to answer: searches and
//! suggestions (each one a full-text query), and every request that may
//! change state (server fns, sign-in and account forms, the data-saver
//! switch). One client sending them in a loop would otherwise take the
//! database and the render places from every other reader.
//!
//! Searches are counted by the address the client-address layer worked out
//! (the same one sign-in throttling uses, so trusted proxies count the same
//! way). Posts are counted by browser when it shows one of our cookies (the
//! session, or the device cookie that outlives sign-out): the signed-in
//! readers behind one carrier address each save stories at their own pace,
//! and one of them in a loop slows only itself. Cookies are the client's to
//! invent, so browser-counted posts also share a per-address ceiling
//! [`BROWSERS_PER_ADDRESS`] times the rate: making up a cookie per request
//! buys no more than that. Posts without our cookies count by address.
//!
//! Each limit is a GCRA bucket per client (`governor`): a burst is allowed
//! at once, then requests are let through at the steady rate. A client over
//! its limit gets a quick 429 with `Retry-After` and a message in its
//! language; other clients never notice.

use std::hash::{BuildHasher, RandomState};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Weak};
use std::time::Duration;

use app::api::Suggest;
use app::api::search::Search;
use app::error::{AppError, Problem};
use app::routes::{self, CookiePolicy};
use app::ssr::accounts::throttle::{self, ClientAddress};
use app::ssr::request::cookie;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use leptos::server_fn::ServerFn;

use super::errors::HttpError;
use super::security::{changes_state, reader_lang};
use crate::config::{Rate, RateLimits};

/// Buckets of clients that have not sent anything for long enough are
/// full again, the same as no bucket at all: they are dropped this often.
const CLEANUP_EVERY: Duration = Duration::from_secs(60);

/// How many browsers' worth of posts one address may send in all: room
/// for a carrier's or an office's signed-in readers, a bound on cookies
/// made up to get past the per-browser buckets.
pub const BROWSERS_PER_ADDRESS: u32 = 20;

type Limiter<K = IpAddr> = DefaultKeyedRateLimiter<K>;

/// Who a post counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Client {
    Address(IpAddr),
    /// A keyed hash of the browser's session or device cookie: the bucket
    /// table holds no cookie, and its keys cannot be chosen to collide.
    Browser(u64),
}

/// The limits' buckets, shared by every request of the process.
#[derive(Clone)]
pub struct ClientLimits {
    /// Searches and suggestions; `None` when turned off.
    search: Option<Arc<Limiter>>,
    /// Requests that may change state; `None` when turned off.
    post: Option<Arc<Limiter<Client>>>,
    /// Every browser-counted post of one address; with `post`.
    post_ceiling: Option<Arc<Limiter>>,
    /// The names of the cookies that tell browsers apart.
    cookies: CookiePolicy,
    hasher: RandomState,
}

/// Which limit a request counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Search,
    Post,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Search => "search",
            Kind::Post => "post",
        }
    }
}

impl ClientLimits {
    /// The buckets for `limits`; on a Tokio runtime, also the task that
    /// drops idle clients' buckets (it ends once these limits are gone).
    pub fn new(limits: RateLimits, cookies: CookiePolicy) -> ClientLimits {
        let ceiling = Rate {
            per_minute: limits.post.per_minute.saturating_mul(BROWSERS_PER_ADDRESS),
            burst: limits.post.burst.saturating_mul(BROWSERS_PER_ADDRESS),
        };
        let client_limits = ClientLimits {
            search: limiter(limits.search),
            post: limiter(limits.post),
            post_ceiling: limiter(ceiling),
            cookies,
            hasher: RandomState::new(),
        };
        client_limits.sweep_every(CLEANUP_EVERY);
        client_limits
    }

    /// Counts a request of `kind` from `address`; `Err` says when it may
    /// come again. `headers` name the browser for a post.
    fn check(
        &self,
        kind: Kind,
        address: IpAddr,
        headers: &axum::http::HeaderMap,
    ) -> Result<(), NotUntil> {
        let address = throttle::key(address);
        match kind {
            Kind::Search => self
                .search
                .as_ref()
                .map_or(Ok(()), |search| search.check_key(&address)),
            Kind::Post => {
                let Some(post) = &self.post else {
                    return Ok(());
                };
                let browser = [self.cookies.name(), self.cookies.device_name()]
                    .into_iter()
                    .find_map(|name| cookie(headers, name).filter(|v| !v.is_empty()));
                let Some(browser) = browser else {
                    return post.check_key(&Client::Address(address));
                };
                if let Some(ceiling) = &self.post_ceiling {
                    ceiling.check_key(&address)?;
                }
                post.check_key(&Client::Browser(self.hasher.hash_one(browser)))
            }
        }
    }

    /// Every `every`, forgets the clients whose buckets are full again and
    /// gives the memory back. The task holds the buckets weakly, so it
    /// never keeps them (nor a test's router) alive, and a spawned task
    /// never keeps the process from shutting down.
    fn sweep_every(&self, every: Duration) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let limiters: Vec<Weak<Limiter>> = [&self.search, &self.post_ceiling]
            .into_iter()
            .flatten()
            .map(Arc::downgrade)
            .collect();
        let browsers = self.post.as_ref().map(Arc::downgrade);
        if limiters.is_empty() && browsers.is_none() {
            return;
        }
        runtime.spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            // The first tick is immediate: nothing to sweep yet.
            ticks.tick().await;
            loop {
                ticks.tick().await;
                let mut alive = false;
                for limiter in limiters.iter().filter_map(Weak::upgrade) {
                    limiter.retain_recent();
                    limiter.shrink_to_fit();
                    alive = true;
                }
                if let Some(browsers) = browsers.as_ref().and_then(Weak::upgrade) {
                    browsers.retain_recent();
                    browsers.shrink_to_fit();
                    alive = true;
                }
                if !alive {
                    break;
                }
            }
        });
    }
}

/// A refusal: it says when the request may come again.
type NotUntil = governor::NotUntil<<DefaultClock as Clock>::Instant>;

/// A bucket per client for `rate`, or none when the rate is 0 (off).
fn limiter<K: Clone + Eq + std::hash::Hash>(rate: Rate) -> Option<Arc<Limiter<K>>> {
    let per_minute = NonZeroU32::new(rate.per_minute)?;
    let burst = NonZeroU32::new(rate.burst).unwrap_or(NonZeroU32::MIN);
    let quota = Quota::per_minute(per_minute).allow_burst(burst);
    Some(Arc::new(governor::RateLimiter::keyed(quota)))
}

/// Which limit, if any, a request counts against: every method that may
/// change state (as the CSRF layer counts them), then searches with words
/// to look for (the search page and its server fn) and suggestions. Every
/// other page, file and feed is left alone.
fn kind_of(method: &Method, path: &str, query: Option<&str>) -> Option<Kind> {
    if changes_state(method) {
        return Some(Kind::Post);
    }
    if *method == Method::OPTIONS {
        return None;
    }
    if path == <Search as ServerFn>::PATH || path == <Suggest as ServerFn>::PATH {
        return Some(Kind::Search);
    }
    let search_page = routes::lang_in_path(path).is_some_and(|lang| path == routes::search(lang));
    (search_page && query.is_some_and(has_search_words)).then_some(Kind::Search)
}

/// Whether a query string asks for a search (a non-empty `q`); the bare
/// search page is only its form.
fn has_search_words(query: &str) -> bool {
    query.split('&').any(|pair| {
        pair.split_once('=')
            .is_some_and(|(name, value)| name == routes::param::QUERY && !value.is_empty())
    })
}

/// Answers a client over its limit 429 with `Retry-After` before the
/// request goes any further. Requests without a client address (none is
/// worked out without a connection) are never limited.
pub async fn rate_limit_layer(
    State(limits): State<ClientLimits>,
    request: Request,
    next: Next,
) -> Response {
    let kind = kind_of(
        request.method(),
        request.uri().path(),
        request.uri().query(),
    );
    let client = request.extensions().get::<ClientAddress>().copied();
    let (Some(kind), Some(ClientAddress(address))) = (kind, client) else {
        return next.run(request).await;
    };
    let Err(not_until) = limits.check(kind, address, request.headers()) else {
        return next.run(request).await;
    };
    let wait = not_until.wait_time_from(DefaultClock::default().now());
    // Whole seconds, rounded up: a client that waits as told gets in.
    let seconds = u32::try_from(wait.as_secs())
        .unwrap_or(u32::MAX)
        .saturating_add(u32::from(wait.subsec_nanos() > 0))
        .max(1);
    tracing::info!(
        event = "rate_limited",
        limit = kind.name(),
        path = %request.uri().path(),
        seconds,
        "over the client's rate: answered 429"
    );
    let lang = reader_lang(&request);
    let error = AppError::Rejected(Problem::TooManyRequests { seconds });
    let mut response = HttpError::for_path(error, request.uri().path(), lang).into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::Lang;
    use axum::Router;
    use axum::body::Body;
    use axum::middleware;
    use axum::routing::get;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    /// A few pages and server fns behind the limits, each request from the
    /// address its `x-test-client` header names (standing in for the
    /// client-address layer).
    fn app(limits: RateLimits) -> Router {
        Router::new()
            .route("/en/search", get(|| async { "results" }))
            .route("/fa/search", get(|| async { "results" }))
            .route("/en/article/x", get(|| async { "story" }))
            .route("/api/suggest", get(|| async { "[]" }))
            .route("/api/search", get(|| async { "{}" }))
            .route("/api/sign-in", axum::routing::post(|| async { "{}" }))
            .route("/en/data-saver", axum::routing::post(|| async { "ok" }))
            .layer(middleware::from_fn_with_state(
                ClientLimits::new(limits, CookiePolicy { secure: false }),
                rate_limit_layer,
            ))
            .layer(middleware::from_fn(
                |mut request: Request, next: Next| async move {
                    let client = request
                        .headers()
                        .get("x-test-client")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.parse().ok());
                    if let Some(client) = client {
                        request.extensions_mut().insert(ClientAddress(client));
                    }
                    next.run(request).await
                },
            ))
    }

    const SMALL: Rate = Rate {
        per_minute: 6,
        burst: 2,
    };

    fn limits(search: Rate, post: Rate) -> RateLimits {
        RateLimits { search, post }
    }

    fn request(method: Method, path: &str, client: &'static str) -> Request {
        Request::builder()
            .method(method)
            .uri(path)
            .header("x-test-client", client)
            .header(header::COOKIE, "lang=fa")
            .body(Body::empty())
            .expect("request")
    }

    async fn status(app: &Router, method: Method, path: &str, client: &'static str) -> u16 {
        app.clone()
            .oneshot(request(method, path, client))
            .await
            .expect("answer")
            .status()
            .as_u16()
    }

    fn retry_after(response: &Response) -> u32 {
        response.headers()[header::RETRY_AFTER]
            .to_str()
            .expect("text")
            .parse()
            .expect("whole seconds")
    }

    async fn text(response: Response) -> String {
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[tokio::test]
    async fn a_client_over_the_search_limit_waits_and_others_are_still_served() {
        let app = app(limits(SMALL, Rate::OFF));
        let reader = "198.51.100.7";
        for path in ["/fa/search?q=kabul", "/api/suggest?lang=fa&q=ka"] {
            assert_eq!(status(&app, Method::GET, path, reader).await, 200);
        }
        let limited = app
            .clone()
            .oneshot(request(Method::GET, "/fa/search?q=herat", reader))
            .await
            .expect("answer");
        assert_eq!(limited.status(), 429);
        // Six a minute: the next place frees up within ten seconds.
        let retry = retry_after(&limited);
        assert!((1..=10).contains(&retry), "Retry-After {retry}");
        let body = text(limited).await;
        let message = Problem::TooManyRequests { seconds: retry }.message(Lang::Fa);
        assert!(body.contains(&message), "the page's language: {body}");

        // A server fn gets the error the app decodes, in the cookie's language.
        let limited = app
            .clone()
            .oneshot(request(Method::GET, "/api/suggest?lang=fa&q=he", reader))
            .await
            .expect("answer");
        assert_eq!(limited.status(), 429);
        assert!(limited.headers().contains_key(header::RETRY_AFTER));
        let error: AppError = serde_json::from_str(&text(limited).await).expect("JSON AppError");
        assert!(
            matches!(error, AppError::Rejected(Problem::TooManyRequests { .. })),
            "{error:?}"
        );

        // Someone else, and the same reader reading, are not held up.
        assert_eq!(
            status(&app, Method::GET, "/fa/search?q=herat", "203.0.113.9").await,
            200
        );
        assert_eq!(
            status(&app, Method::GET, "/en/article/x", reader).await,
            200
        );
    }

    #[tokio::test]
    async fn posts_have_a_limit_of_their_own() {
        let app = app(limits(SMALL, SMALL));
        let reader = "198.51.100.8";
        for _ in 0..2 {
            assert_eq!(
                status(&app, Method::GET, "/api/search?lang=en&q=x", reader).await,
                200
            );
        }
        assert_eq!(
            status(&app, Method::GET, "/api/search?lang=en&q=x", reader).await,
            429
        );
        // The searches used up their own bucket, not the posts'.
        for path in ["/api/sign-in", "/en/data-saver"] {
            assert_eq!(status(&app, Method::POST, path, reader).await, 200);
        }
        let limited = app
            .clone()
            .oneshot(request(Method::POST, "/en/data-saver", reader))
            .await
            .expect("answer");
        assert_eq!(limited.status(), 429);
        let retry = retry_after(&limited);
        let body = text(limited).await;
        let message = Problem::TooManyRequests { seconds: retry }.message(Lang::En);
        assert_eq!(body, message, "English, from the path");
        assert_eq!(
            status(&app, Method::POST, "/api/sign-in", "2001:db8::1").await,
            200
        );
    }

    /// A POST from `client` carrying `cookies`, and its status.
    async fn post_with(app: &Router, client: &'static str, cookies: &str) -> u16 {
        let request = Request::builder()
            .method(Method::POST)
            .uri("/api/sign-in")
            .header("x-test-client", client)
            .header(header::COOKIE, cookies)
            .body(Body::empty())
            .expect("request");
        let answer = app.clone().oneshot(request).await.expect("answer");
        answer.status().as_u16()
    }

    #[tokio::test]
    async fn readers_behind_one_address_post_at_their_own_pace_under_a_ceiling() {
        let app = app(limits(Rate::OFF, SMALL));
        let carrier = "198.51.100.20";
        // A signed-in reader who uses up their bucket holds up only themself.
        for _ in 0..SMALL.burst {
            assert_eq!(
                post_with(&app, carrier, "lang=fa; khabar_session=a").await,
                200
            );
        }
        assert_eq!(post_with(&app, carrier, "khabar_session=a").await, 429);
        assert_eq!(
            post_with(&app, carrier, "khabar_session=b; lang=fa").await,
            200
        );
        // A browser that has signed in before is told apart by its device.
        assert_eq!(post_with(&app, carrier, "khabar_device=c").await, 200);
        // Without our cookies, posts count by address, as before.
        for _ in 0..SMALL.burst {
            assert_eq!(post_with(&app, carrier, "lang=fa").await, 200);
        }
        assert_eq!(post_with(&app, carrier, "").await, 429);
        assert_eq!(post_with(&app, "198.51.100.21", "").await, 200);
        // A cookie made up for every request buys no more than the
        // address's ceiling: twenty browsers' bursts, five of which the
        // readers above used (the refused post passed the ceiling first).
        let ceiling = SMALL.burst * BROWSERS_PER_ADDRESS;
        let mut admitted = 0;
        for n in 0..ceiling * 2 {
            let cookies = format!("khabar_session=made-up-{n}");
            if post_with(&app, carrier, &cookies).await == 200 {
                admitted += 1;
            }
        }
        // The ceiling refills at 120 a minute: a slow run may see one more.
        assert!(
            (ceiling - 5..=ceiling - 3).contains(&admitted),
            "{admitted} admitted under a ceiling of {ceiling}"
        );
    }

    #[tokio::test]
    async fn other_pages_and_the_bare_search_page_are_never_limited() {
        let app = app(limits(SMALL, SMALL));
        let reader = "198.51.100.9";
        for _ in 0..10 {
            for path in ["/en/article/x", "/en/search", "/en/search?q="] {
                assert_eq!(status(&app, Method::GET, path, reader).await, 200, "{path}");
            }
        }
    }

    #[tokio::test]
    async fn a_limit_of_zero_is_off() {
        let app = app(limits(Rate::OFF, Rate::OFF));
        let reader = "198.51.100.10";
        for _ in 0..20 {
            assert_eq!(
                status(&app, Method::GET, "/api/suggest?lang=en&q=ka", reader).await,
                200
            );
            assert_eq!(
                status(&app, Method::POST, "/api/sign-in", reader).await,
                200
            );
        }
    }

    #[test]
    fn what_counts_as_a_search_or_a_post() {
        let kind = |method: Method, path: &str, query: Option<&str>| kind_of(&method, path, query);
        assert_eq!(
            kind(Method::GET, "/ps/search", Some("q=x&page=2")),
            Some(Kind::Search)
        );
        assert_eq!(
            kind(Method::HEAD, "/ps/search", Some("page=2&q=x")),
            Some(Kind::Search)
        );
        assert_eq!(kind(Method::GET, "/ps/search", Some("page=2")), None);
        assert_eq!(kind(Method::GET, "/xx/search", Some("q=x")), None);
        assert_eq!(kind(Method::GET, "/api/suggest", None), Some(Kind::Search));
        assert_eq!(kind(Method::GET, "/api/search", None), Some(Kind::Search));
        assert_eq!(kind(Method::GET, "/api/article", None), None);
        assert_eq!(
            kind(Method::POST, "/api/reading-list/set", None),
            Some(Kind::Post)
        );
        assert_eq!(kind(Method::DELETE, "/anything", None), Some(Kind::Post));
        assert_eq!(kind(Method::OPTIONS, "/api/suggest", None), None);
    }

    #[test]
    fn an_ipv6_client_is_its_whole_64_block() {
        let key = |text: &str| throttle::key(text.parse().expect("address"));
        assert_eq!(key("2001:db8:1:2::1"), key("2001:db8:1:2:ffff::9"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("::ffff:192.0.2.1"), key("192.0.2.1"));
        assert_ne!(key("192.0.2.1"), key("192.0.2.2"));
    }
}
