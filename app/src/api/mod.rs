//! Server functions: the only doorway from the browser to the server. Each
//! one parses its raw input into domain types before touching the store.

pub mod articles;
pub mod search;

pub use articles::{get_article, get_category, get_home};
pub use search::{search, suggest};

/// Server-only plumbing shared by the server fns.
#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use leptos::prelude::use_context;

    use crate::dates::format_date;
    use crate::dto::{ArticleCard, Image};
    use crate::error::AppError;
    use crate::store::{ArticleSummary, SharedStore, StoreError, StoredImage};

    pub fn store() -> Result<SharedStore, AppError> {
        use_context::<SharedStore>().ok_or_else(|| {
            tracing::error!("no Store in context");
            AppError::Internal
        })
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
        fail(AppError::Internal)
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
