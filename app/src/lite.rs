//! Data saver ("lite") mode: pages without the app bundle, images only on
//! tap. Asked for by the browser's `Save-Data: on` header or by the reader's
//! `lite=1` cookie. Lite pages are never hydrated, so this is decided on the
//! server alone.

/// Whether the request being rendered asked for lite mode.
pub fn is_lite() -> bool {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .is_some_and(|p| requested(&p.headers))
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}

/// The reader's own choice (`lite=1` or `lite=0`) wins; without one,
/// the browser's `Save-Data: on` turns lite mode on.
#[cfg(feature = "ssr")]
pub fn requested(headers: &http::HeaderMap) -> bool {
    crate::routes::cookie(headers, crate::routes::LITE_COOKIE)
        .map(|value| value == "1")
        .unwrap_or_else(|| {
            headers
                .get("save-data")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("on"))
        })
}

#[cfg(all(test, feature = "ssr"))]
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
        assert!(requested(&headers(&[("save-data", "on")])));
        assert!(requested(&headers(&[("save-data", " On ")])));
        assert!(requested(&headers(&[("cookie", "lang=fa; lite=1")])));
    }

    #[test]
    fn the_readers_choice_overrides_save_data() {
        assert!(!requested(&headers(&[
            ("save-data", "on"),
            ("cookie", "lite=0")
        ])));
        assert!(requested(&headers(&[
            ("save-data", "off"),
            ("cookie", "lite=1")
        ])));
    }

    #[test]
    fn anything_else_leaves_it_off() {
        assert!(!requested(&headers(&[])));
        assert!(!requested(&headers(&[("save-data", "off")])));
        assert!(!requested(&headers(&[("cookie", "lite=0; notlite=1")])));
    }
}
