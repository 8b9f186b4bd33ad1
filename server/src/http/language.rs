//! The reader's language at the HTTP edge: `/` goes to it, `/fa` becomes
//! `/fa/`, the path's language is parsed once per request for every layer
//! after this one (the app remembers it in the `lang` cookie).

use app::domain::Lang;
use app::routes::{self, LANG_COOKIE};
use app::ssr::request::cookie;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

/// The language a request's path names (if any), parsed once by
/// [`language_layer`] and read from the request's extensions after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathLang(pub Option<Lang>);

impl PathLang {
    /// The path's language, else English.
    pub fn or_default(self) -> Lang {
        self.0.unwrap_or(Lang::DEFAULT)
    }

    /// What the language layer found for `request` (parsed here when the
    /// layer did not run, as in a handler tested alone).
    pub fn of(request: &Request) -> PathLang {
        request
            .extensions()
            .get::<PathLang>()
            .copied()
            .unwrap_or_else(|| PathLang(routes::lang_in_path(request.uri().path())))
    }
}

/// `/` sends readers to their language: the saved cookie, else the
/// browser's Accept-Language, else English.
pub async fn root_redirect(request: Request) -> Response {
    let headers = request.headers();
    let from_cookie = cookie(headers, LANG_COOKIE).and_then(|value| Lang::parse(value).ok());
    let from_header = || {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Lang::from_accept_language)
    };
    let lang = from_cookie.or_else(from_header).unwrap_or(Lang::DEFAULT);
    let mut response = Redirect::to(&routes::home(lang)).into_response();
    *response.status_mut() = StatusCode::FOUND;
    response.headers_mut().insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    response
}

/// Redirects `/fa` to `/fa/` (the home page's one address, keeping any
/// query), leaves the path's language in the request for the layers and
/// handlers after it. Pages never set the `lang` cookie themselves (a
/// response that sets a cookie cannot be kept by a shared cache): the app
/// writes it in the browser when a page in a language opens.
pub async fn language_layer(mut request: Request, next: Next) -> Response {
    if let Some(lang) = routes::bare_language(request.uri().path()) {
        let query = routes::query_suffix(request.uri().query().unwrap_or(""));
        return Redirect::permanent(&format!("{}{query}", routes::home(lang))).into_response();
    }
    let lang = routes::lang_in_path(request.uri().path());
    request.extensions_mut().insert(PathLang(lang));
    next.run(request).await
}
