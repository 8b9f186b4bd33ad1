//! The Store port (server only): what server fns need from the database,
//! without knowing which engine answers. `server/` implements it.

use std::sync::Arc;

use time::OffsetDateTime;

use crate::domain::{ArticleKind, Category, Lang, Slug};
use crate::ssr::search::SearchTerms;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(String),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    #[error("conflict: {0}")]
    Conflict(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// A database that does not answer is worth trying again (503); data that
/// contradicts itself is our fault (500).
impl From<StoreError> for crate::error::AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Database(_) => crate::error::AppError::Unavailable,
            StoreError::Corrupt(_) | StoreError::Conflict(_) => crate::error::AppError::Internal,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StoredImage {
    pub src: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

/// What lists need of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSummary {
    pub id: i64,
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub dek: String,
    pub kind: ArticleKind,
    pub primary_category: Category,
    pub published_at: OffsetDateTime,
    pub image: Option<StoredImage>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StoredGalleryPhoto {
    pub src: String,
    pub caption: String,
    pub width: u32,
    pub height: u32,
}

/// A whole published article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredArticle {
    pub summary: ArticleSummary,
    pub translation_group: String,
    pub categories: Vec<Category>,
    pub updated_at: Option<OffsetDateTime>,
    pub caption: String,
    pub byline: String,
    pub body_html: String,
    pub video_src: Option<String>,
    pub gallery: Vec<StoredGalleryPhoto>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTranslation {
    pub lang: Lang,
    pub slug: String,
    pub title: String,
}

/// Draft or live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Draft,
    Published,
}

/// An article to insert; the body arrives as Markdown and already-sanitized HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewArticle {
    pub lang: Lang,
    pub slug: String,
    pub translation_group: String,
    pub kind: ArticleKind,
    pub categories: Vec<Category>,
    pub title: String,
    pub dek: String,
    pub body_markdown: String,
    pub body_html: String,
    pub image: Option<StoredImage>,
    pub caption: String,
    pub byline: String,
    pub video_src: Option<String>,
    pub gallery: Vec<StoredGalleryPhoto>,
    pub status: Status,
    pub published_at: OffsetDateTime,
    pub updated_at: Option<OffsetDateTime>,
}

/// What a sitemap needs of every published article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    pub lang: Lang,
    pub slug: String,
    pub translation_group: String,
    pub modified_at: OffsetDateTime,
}

/// One page of a list plus the size of the whole list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
}

/// Connections a store holds open, and how many of them wait unused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PoolUsage {
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

/// Only published articles are ever returned by the read methods.
#[async_trait::async_trait]
pub trait Store: Send + Sync + 'static {
    /// Answers when the database does and holds the schema this build
    /// expects, every migration applied and none it does not know, and
    /// takes a write (for `/readyz`); the error says which is wrong.
    async fn ready(&self) -> StoreResult<()>;

    /// The connection pool's use right now, for the operator's metrics.
    fn pool_usage(&self) -> PoolUsage;

    /// Newest first, in one language.
    async fn latest(&self, lang: Lang, limit: u32, offset: u64)
    -> StoreResult<Vec<ArticleSummary>>;

    /// Newest first, articles filed under `category` (as any of their categories).
    async fn in_category(
        &self,
        lang: Lang,
        category: Category,
        limit: u32,
        offset: u64,
    ) -> StoreResult<Page<ArticleSummary>>;

    /// The newest `per_category` stories of every category at once (for the
    /// home page), grouped in `Category::ALL` order, newest first in each.
    async fn newest_per_category(
        &self,
        lang: Lang,
        per_category: u32,
    ) -> StoreResult<Vec<(Category, Vec<ArticleSummary>)>>;

    async fn article(&self, lang: Lang, slug: &Slug) -> StoreResult<Option<StoredArticle>>;

    /// Every published version of a story, in any language.
    async fn translations(&self, translation_group: &str) -> StoreResult<Vec<StoredTranslation>>;

    /// Newest stories sharing a category with the article, same language, the
    /// article itself excluded.
    async fn related(
        &self,
        lang: Lang,
        article_id: i64,
        categories: &[Category],
        limit: u32,
    ) -> StoreResult<Vec<ArticleSummary>>;

    /// Full-text search over published articles in every language: stories
    /// holding every one of `terms` (each as a word prefix, matched against
    /// the text as `search::normalize` folds it). Results in `reader` come
    /// first, then by relevance (title over summary over body), then newest.
    async fn search(
        &self,
        reader: Lang,
        terms: &SearchTerms,
        limit: u32,
        offset: u64,
    ) -> StoreResult<Page<ArticleSummary>>;

    /// Every published article, for the sitemaps.
    async fn sitemap_entries(&self) -> StoreResult<Vec<SitemapEntry>>;

    /// A number that grows with every change to published content, bumped
    /// in the same transaction as the change (the page cache compares it
    /// with the number its pages were rendered at).
    async fn content_generation(&self) -> StoreResult<u64>;

    /// All articles, drafts included (to know whether demo content is needed).
    async fn article_count(&self) -> StoreResult<u64>;

    /// Adds an article; (lang, slug) and (translation_group, lang) are unique.
    /// The search index is updated in the same transaction.
    async fn insert_article(&self, article: &NewArticle) -> StoreResult<i64>;

    /// Replaces every field of article `id` (and its search entry); false when
    /// there is no such article.
    async fn update_article(&self, id: i64, article: &NewArticle) -> StoreResult<bool>;
}

/// How the store travels in Leptos context.
pub type SharedStore = Arc<dyn Store>;
