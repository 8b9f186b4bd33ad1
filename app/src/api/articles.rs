//! Reading the news: home, category lists and articles.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::codec::JsonOutput;
use crate::error::AppError;
use crate::wire::{ArticlePage, CategoryListing, HomePage};

/// Stories a category page shows at once.
pub const PAGE_SIZE: u32 = 10;
/// Stories in the home page's "Latest" block: the lead, then two rows of four.
pub const HOME_LATEST: u32 = 9;
/// Stories per category section on the home page.
pub const HOME_SECTION: u32 = 4;
/// Related stories under an article.
pub const RELATED: u32 = 4;

#[server(prefix = "/api", endpoint = "home", input = GetUrl, output = JsonOutput)]
pub async fn get_home(lang: String) -> Result<HomePage, AppError> {
    ssr::home(&lang).await
}

#[server(prefix = "/api", endpoint = "category", input = GetUrl, output = JsonOutput)]
pub async fn get_category(
    lang: String,
    category: String,
    page: Option<String>,
) -> Result<CategoryListing, AppError> {
    ssr::category(&lang, &category, page.as_deref()).await
}

#[server(prefix = "/api", endpoint = "article", input = GetUrl, output = JsonOutput)]
pub async fn get_article(lang: String, slug: String) -> Result<ArticlePage, AppError> {
    ssr::article(&lang, &slug).await
}

#[cfg(feature = "ssr")]
pub use ssr::front_page;

#[cfg(feature = "ssr")]
mod ssr {
    use super::{HOME_LATEST, HOME_SECTION, PAGE_SIZE, RELATED};
    use crate::api::ssr::{card, image};
    use crate::domain::{Category, Lang, PageNumber, Slug};
    use crate::error::AppError;
    use crate::ssr::context::{fail, internal, store};
    use crate::ssr::dates::format_date;
    use crate::ssr::store::{Store, StoreResult};
    use crate::wire::{
        Article, ArticlePage, CategoryListing, CategorySection, GalleryPhoto, HomePage, Translation,
    };

    fn parse<T, E: Into<AppError>>(parsed: Result<T, E>) -> Result<T, AppError> {
        parsed.map_err(|e| fail(e.into()))
    }

    pub async fn home(lang: &str) -> Result<HomePage, AppError> {
        let lang = parse(Lang::parse(lang))?;
        front_page(store()?.as_ref(), lang).await.map_err(internal)
    }

    /// What `lang`'s home page shows: its latest stories and each
    /// section's newest. The offline edition keeps exactly these.
    pub async fn front_page(store: &dyn Store, lang: Lang) -> StoreResult<HomePage> {
        let latest = store.latest(lang, HOME_LATEST, 0).await?;
        let sections = store
            .newest_per_category(lang, HOME_SECTION)
            .await?
            .into_iter()
            .map(|(category, stories)| CategorySection {
                category,
                stories: stories.into_iter().map(card).collect(),
            })
            .collect();
        Ok(HomePage {
            latest: latest.into_iter().map(card).collect(),
            sections,
        })
    }

    pub async fn category(
        lang: &str,
        category: &str,
        page: Option<&str>,
    ) -> Result<CategoryListing, AppError> {
        let lang = parse(Lang::parse(lang))?;
        let category = parse(Category::parse(category))?;
        let page = parse(PageNumber::parse(page))?;
        let listing = store()?
            .in_category(lang, category, PAGE_SIZE, page.offset(PAGE_SIZE))
            .await
            .map_err(internal)?;
        let total_pages = u32::try_from(listing.total.div_ceil(u64::from(PAGE_SIZE)))
            .unwrap_or(u32::MAX)
            .max(1);
        // An empty first page is a real (empty) section; any later page
        // past the end does not exist.
        if page.get() > total_pages {
            return Err(fail(AppError::NotFound));
        }
        Ok(CategoryListing {
            category,
            page: page.get(),
            total_pages,
            stories: listing.items.into_iter().map(card).collect(),
        })
    }

    pub async fn article(lang: &str, slug: &str) -> Result<ArticlePage, AppError> {
        let lang = parse(Lang::parse(lang))?;
        let slug = parse(Slug::parse(slug))?;
        let store = store()?;
        let Some(stored) = store.article(lang, &slug).await.map_err(internal)? else {
            return Err(fail(AppError::NotFound));
        };
        let translations = store
            .translations(&stored.translation_group)
            .await
            .map_err(internal)?
            .into_iter()
            .filter(|t| t.lang != lang)
            .map(|t| Translation {
                lang: t.lang,
                slug: t.slug,
                title: t.title,
            })
            .collect();
        let related = store
            .related(lang, stored.summary.id, &stored.categories, RELATED)
            .await
            .map_err(internal)?
            .into_iter()
            .map(card)
            .collect();
        let summary = stored.summary;
        let article = Article {
            lang,
            published: format_date(lang, summary.published_at),
            updated: stored.updated_at.map(|at| format_date(lang, at)),
            slug: summary.slug,
            title: summary.title,
            dek: summary.dek,
            kind: summary.kind,
            categories: stored.categories,
            image: summary.image.map(image),
            caption: stored.caption,
            byline: stored.byline,
            body_html: stored.body_html,
            video_src: stored.video_src,
            gallery: stored
                .gallery
                .into_iter()
                .map(|p| GalleryPhoto {
                    src: p.src,
                    caption: p.caption,
                    width: p.width,
                    height: p.height,
                })
                .collect(),
        };
        Ok(ArticlePage {
            article,
            translations,
            related,
        })
    }
}
