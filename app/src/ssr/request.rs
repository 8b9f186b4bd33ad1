//! What the request being answered says: its session, its client's
//! address, whether it is a plain form post, where it came from, and
//! whether it asks for data-saver pages (`lite_requested`, which the
//! server's data-saver layer and its page context both use).

use leptos::prelude::use_context;

use crate::routes::{self, LITE_COOKIE};
use crate::ssr::accounts::session::CurrentSession;
use crate::ssr::accounts::throttle::ClientAddress;

fn request() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

/// The session the server's session layer found for this request.
pub fn current_session() -> Option<CurrentSession> {
    request()?.extensions.get::<CurrentSession>().cloned()
}

/// Where the request came from; the unspecified address when the server
/// could not tell (then all such requests share one throttle).
pub fn client_address() -> ClientAddress {
    request()
        .and_then(|p| p.extensions.get::<ClientAddress>().copied())
        .unwrap_or(ClientAddress(std::net::IpAddr::V4(
            std::net::Ipv4Addr::UNSPECIFIED,
        )))
}

/// A browser's own form submission (no JavaScript) asks for a page back.
pub fn is_plain_form() -> bool {
    request().is_some_and(|p| {
        p.headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}

/// The path of the page a plain form was posted from, if it is ours.
pub fn referer() -> Option<String> {
    let parts = request()?;
    let raw = parts.headers.get(http::header::REFERER)?.to_str().ok()?;
    let path = match raw.split_once("://") {
        Some((_, rest)) => rest.find('/').map(|i| &rest[i..])?,
        None => raw,
    };
    routes::local_return(path).map(str::to_owned)
}

/// The value of cookie `name` on the request being answered.
pub fn request_cookie(name: &str) -> Option<String> {
    let parts = request()?;
    cookie(&parts.headers, name).map(str::to_owned)
}

/// The browser's User-Agent, or empty.
pub fn user_agent() -> String {
    request()
        .and_then(|p| {
            p.headers
                .get(http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .unwrap_or_default()
}

/// The value of cookie `name` in the request's Cookie headers, if set.
pub fn cookie<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|header| routes::cookie_in(header, name))
}

/// The reader's own choice (`lite=1` or `lite=0`) wins; without one,
/// the browser's `Save-Data: on` turns lite mode on.
pub fn lite_requested(headers: &http::HeaderMap) -> bool {
    cookie(headers, LITE_COOKIE)
        .map(|value| value == "1")
        .unwrap_or_else(|| {
            headers
                .get("save-data")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("on"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> http::HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    http::HeaderName::from_static(k),
                    http::HeaderValue::from_static(v),
                )
            })
            .collect()
    }

    #[test]
    fn save_data_or_the_cookie_turns_it_on() {
        assert!(lite_requested(&headers(&[("save-data", "on")])));
        assert!(lite_requested(&headers(&[("save-data", " On ")])));
        assert!(lite_requested(&headers(&[("cookie", "lang=fa; lite=1")])));
    }

    #[test]
    fn the_readers_choice_overrides_save_data() {
        assert!(!lite_requested(&headers(&[
            ("save-data", "on"),
            ("cookie", "lite=0")
        ])));
        assert!(lite_requested(&headers(&[
            ("save-data", "off"),
            ("cookie", "lite=1")
        ])));
    }

    #[test]
    fn anything_else_leaves_it_off() {
        assert!(!lite_requested(&headers(&[])));
        assert!(!lite_requested(&headers(&[("save-data", "off")])));
        assert!(!lite_requested(&headers(&[(
            "cookie",
            "lite=0; notlite=1"
        )])));
    }
}
