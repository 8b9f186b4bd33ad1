//! Server functions: the only doorway from the browser to the server. Each
//! one parses its raw input into domain types before touching the store.

pub mod accounts;
pub mod articles;
pub mod reading_list;
pub mod search;

pub use accounts::{
    change_display_name, change_password, register, request_password_reset, reset_password,
    sign_in, sign_out,
};
pub use articles::{get_article, get_category, get_home};
pub use reading_list::{get_reading_list, set_saved};
pub use search::{Suggest, search, suggest};

/// Server-only plumbing shared by the server fns.
#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use std::sync::Arc;

    use leptos::prelude::use_context;

    use crate::accounts::session::CurrentSession;
    use crate::accounts::store::{SharedAccounts, SharedMailSender};
    use crate::accounts::throttle::{ClientAddress, Limits};
    use crate::dates::format_date;
    use crate::dto::{ArticleCard, Image};
    use crate::error::AppError;
    use crate::routes::CookiePolicy;
    use crate::store::{ArticleSummary, SharedStore, StoreError, StoredImage};

    pub fn store() -> Result<SharedStore, AppError> {
        use_context::<SharedStore>().ok_or_else(|| {
            tracing::error!("no Store in context");
            AppError::Internal
        })
    }

    fn required<T: Clone + Send + Sync + 'static>(what: &str) -> Result<T, AppError> {
        use_context::<T>().ok_or_else(|| {
            tracing::error!("no {what} in context");
            AppError::Internal
        })
    }

    pub fn accounts() -> Result<SharedAccounts, AppError> {
        required("AccountStore")
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

    pub fn set_cookie(value: &str) {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
            && let Ok(value) = http::HeaderValue::from_str(value)
        {
            response.append_header(http::header::SET_COOKIE, value);
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

    pub fn internal(err: StoreError) -> AppError {
        tracing::error!(error = %err, "store failed");
        fail(AppError::from(err))
    }

    pub fn image(stored: StoredImage) -> Image {
        Image {
            src: stored.src,
            alt: stored.alt,
            width: stored.width,
            height: stored.height,
        }
    }

    pub fn card(summary: ArticleSummary) -> ArticleCard {
        ArticleCard {
            lang: summary.lang,
            published: format_date(summary.lang, summary.published_at),
            slug: summary.slug,
            title: summary.title,
            dek: summary.dek,
            kind: summary.kind,
            category: summary.primary_category,
            image: summary.image.map(image),
        }
    }
}
