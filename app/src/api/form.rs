//! The no-JavaScript form protocol. Every form in the app is a real
//! `<form>` that posts to its server fn; a browser posting it without the
//! app asks for a page back (`Accept: text/html`) and gets a redirect: to
//! the next page when it worked, else back to the form with the refusal's
//! code in the query, which the page shows in the reader's language.

use crate::domain::Lang;
use crate::error::AppError;
use crate::ssr::request::is_plain_form;

/// A plain form post gets a page back: `ok_page` on success, else
/// `error_page` with `?error=<code>` (or `&error=` when it has a query).
/// Calls from the app get the result itself.
pub fn answer_form<T>(
    lang: &str,
    result: Result<T, AppError>,
    ok_page: impl FnOnce(Lang) -> String,
    error_page: impl FnOnce(Lang) -> String,
) -> Result<T, AppError> {
    if !is_plain_form() {
        return result;
    }
    let lang = Lang::parse(lang).unwrap_or(Lang::DEFAULT);
    let to = match &result {
        Ok(_) => ok_page(lang),
        Err(err) => {
            let page = error_page(lang);
            let code = match err {
                AppError::Rejected(problem) => problem.code(),
                _ => "failed".to_owned(),
            };
            crate::routes::with_error(&page, &code)
        }
    };
    leptos_axum::redirect(&to);
    result
}
