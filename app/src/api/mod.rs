//! Server functions: the only doorway from the browser to the server. Each
//! one parses its raw input into domain types before touching the store.

pub mod accounts;
pub mod articles;
pub mod editor;
pub mod history;
pub mod newsroom;
pub mod reading_list;
pub mod search;
pub mod stories;

pub use accounts::{
    change_display_name, change_password, register, request_password_reset, reset_password,
    sign_in, sign_out,
};
pub use articles::{get_article, get_category, get_home};
pub use reading_list::{get_reading_list, set_saved};
pub use search::{Suggest, search, suggest};

#[cfg(feature = "ssr")]
mod form;
/// Server-only: turning what the ports return into what crosses the wire.
#[cfg(feature = "ssr")]
mod ssr {
    use crate::ssr::dates::format_date;
    use crate::ssr::store::{ArticleSummary, StoredImage};
    use crate::wire::{ArticleCard, Image};

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
