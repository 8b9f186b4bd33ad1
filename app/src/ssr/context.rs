//! What server fns and pages read from the Leptos context the server
//! provides (`server/src/http/mod.rs`), and what they write back onto the
//! response: the ports, the limits, the cookie policy, the status.

use std::sync::Arc;

use leptos::prelude::use_context;

use crate::error::AppError;
use crate::routes::{CookiePolicy, SiteOrigin};
use crate::ssr::accounts::limits::Limits;
use crate::ssr::accounts::store::{SharedAccounts, SharedMailSender};
use crate::ssr::newsroom::store::SharedNewsroom;
use crate::ssr::store::{SharedStore, StoreError};

/// The site's origin (empty outside a request the server set up).
pub fn site_origin() -> String {
    use_context::<SiteOrigin>().map(|o| o.0).unwrap_or_default()
}

fn required<T: Clone + Send + Sync + 'static>(what: &str) -> Result<T, AppError> {
    use_context::<T>().ok_or_else(|| {
        tracing::error!("no {what} in context");
        AppError::Internal
    })
}

pub fn store() -> Result<SharedStore, AppError> {
    required("Store")
}

pub fn accounts() -> Result<SharedAccounts, AppError> {
    required("AccountStore")
}

pub fn newsroom() -> Result<SharedNewsroom, AppError> {
    required("NewsroomStore")
}

pub fn mail_sender() -> Result<SharedMailSender, AppError> {
    required("MailSender")
}

pub fn limits() -> Result<Arc<Limits>, AppError> {
    required("Limits")
}

/// Plain (insecure) cookies unless the server says it is on https.
pub fn cookie_policy() -> CookiePolicy {
    use_context::<CookiePolicy>().unwrap_or(CookiePolicy { secure: false })
}

pub fn set_cookie(value: &str) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(value) = http::HeaderValue::from_str(value)
    {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

/// Sets a header on the response (the page's, or the server fn's own).
pub fn set_header(name: &'static str, value: &'static str) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::HeaderName::from_static(name),
            http::HeaderValue::from_static(value),
        );
    }
}

/// Records the error's status on the response (the page during server
/// rendering, the server fn's own response over HTTP) and returns it.
pub fn fail(err: AppError) -> AppError {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(err.status())
    {
        response.set_status(status);
    }
    err
}

/// A store failure: logged here, answered without details.
pub fn internal(err: StoreError) -> AppError {
    tracing::error!(error = %err, "store failed");
    fail(AppError::from(err))
}
