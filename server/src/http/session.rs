//! Finds the session a request carries (if any) before anything else
//! runs, so pages and server fns see the same reader. Page requests of a
//! signed-in reader also get their reading list, which the app renders
//! into the page (the bookmark buttons' state) and hands to the browser.

use std::sync::Arc;

use app::error::AppError;
use app::routes::{self, CookiePolicy};
use app::ssr::accounts::session::{CurrentSession, SessionToken};
use app::ssr::accounts::store::{SharedAccounts, StoredSaved};
use app::ssr::reader::snapshot;
use app::ssr::request::cookie;
use app::ssr::store::StoreResult;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use time::OffsetDateTime;

use super::errors::HttpError;
use super::language::PathLang;

#[derive(Clone)]
pub struct SessionLayerState {
    pub accounts: SharedAccounts,
    pub cookies: CookiePolicy,
}

pub async fn session_layer(
    State(state): State<Arc<SessionLayerState>>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    if routes::is_impersonal(&path) {
        return next.run(request).await;
    }
    let Some(raw) = cookie(request.headers(), state.cookies.name()).map(str::to_owned) else {
        return next.run(request).await;
    };
    // A page of a signed-in reader also needs their reading list: one
    // look-up brings both.
    let is_page = request.method() == Method::GET && !routes::is_api(&path);
    let found = match SessionToken::parse(&raw) {
        Some(token) => match lookup(&state.accounts, &token, is_page).await {
            Ok(found) => found,
            Err(e) => {
                tracing::error!(error = %e, "session lookup failed");
                let lang = PathLang::of(&request).or_default();
                return HttpError::for_path(AppError::Unavailable, &path, lang).into_response();
            }
        },
        None => None,
    };
    let Some((session, saved)) = found else {
        // Expired, signed out elsewhere, or forged: forget it, unless this
        // very request (a sign-in) has just handed out a new one.
        let mut response = next.run(request).await;
        let sets_new = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|v| state.cookies.is_session_cookie(v));
        if !sets_new && let Ok(value) = HeaderValue::from_str(&state.cookies.clear()) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
        return response;
    };
    if let Some(saved) = saved {
        let lang = PathLang::of(&request).or_default();
        let page = snapshot(&session.account, saved, lang);
        request.extensions_mut().insert(page);
    }
    request.extensions_mut().insert(session);
    let mut response = next.run(request).await;
    // The service worker reads this on every page from the network: a
    // page without it means the session its saved copies were kept for
    // has ended, and those copies go (`sw.js`, `checkSession`).
    response
        .headers_mut()
        .insert(SESSION_HEADER, HeaderValue::from_static("live"));
    response
}

/// Set on every answer to a request that carried a live session.
pub const SESSION_HEADER: &str = "x-khabar-session";

/// The live session behind `token`, with the reading list when `with_list`.
async fn lookup(
    accounts: &SharedAccounts,
    token: &SessionToken,
    with_list: bool,
) -> StoreResult<Option<(CurrentSession, Option<Vec<StoredSaved>>)>> {
    let digest = token.digest();
    let now = OffsetDateTime::now_utc();
    let found = if with_list {
        accounts
            .session_with_saved(&digest, now)
            .await?
            .map(|(account, saved)| (account, Some(saved)))
    } else {
        accounts
            .session_account(&digest, now)
            .await?
            .map(|account| (account, None))
    };
    Ok(found.map(|(account, saved)| (CurrentSession { digest, account }, saved)))
}
