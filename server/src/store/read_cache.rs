//! The read cache: the Store's answers for the pages every reader opens
//! (lists, articles, their translations and related stories), kept in
//! memory until the content changes. A page rendered per request (a
//! signed-in reader, a page-cache miss, the cache turned off) then costs a
//! render and no SQL, where it cost five statements, each a hand-off to
//! the database's worker thread and back.
//!
//! When an answer may be used:
//! - Each answer is stamped with the content generation this process knew
//!   when it asked (`GenerationClock`) and with the count of writes made
//!   through this cache. The database's answer is at least as new as the
//!   stamp, so an answer is used only while both still match: a write here
//!   is seen by the very next read, another process's within about half a
//!   second, and nothing is older than `max_age` (the safety net).
//! - Writes, search, the sitemap and the counts go straight through.

use std::future::Future;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use app::domain::{Category, Lang, Slug};
use app::ssr::search::SearchTerms;
use app::ssr::store::{
    ArticleSummary, NewArticle, Page, PoolUsage, SharedStore, SitemapEntry, Store, StoreResult,
    StoredArticle, StoredImage, StoredTranslation,
};

use super::generation::{CHECK_EVERY, GenerationClock};
use crate::config::CacheSettings;
use crate::lru::{Lru, Weigh};

/// A read whose answer is kept, with exactly its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Query {
    Latest(Lang, u32, u64),
    InCategory(Lang, Category, u32, u64),
    NewestPerCategory(Lang, u32),
    Article(Lang, Slug),
    Translations(String),
    Related(Lang, i64, Vec<Category>, u32),
}

#[derive(Debug, Clone)]
enum Answer {
    Summaries(Vec<ArticleSummary>),
    Listing(Page<ArticleSummary>),
    Sections(Vec<(Category, Vec<ArticleSummary>)>),
    /// Boxed: an article is several times larger than a list's handle.
    Article(Box<StoredArticle>),
    Translations(Vec<StoredTranslation>),
}

struct Stamped {
    generation: u64,
    writes: u64,
    at: Instant,
    answer: Answer,
}

/// How a kept answer turns back into what the Store returns. `keep`
/// returns `None` for what is not worth keeping (an article that is not
/// there: random slugs must not push real answers out).
trait Kept: Sized + Clone {
    fn keep(&self) -> Option<Answer>;
    fn from_answer(answer: &Answer) -> Option<Self>;
}

/// A type kept whole, as one variant of `Answer`.
macro_rules! kept_as {
    ($type:ty, $variant:ident) => {
        impl Kept for $type {
            fn keep(&self) -> Option<Answer> {
                Some(Answer::$variant(self.clone()))
            }
            fn from_answer(answer: &Answer) -> Option<Self> {
                match answer {
                    Answer::$variant(value) => Some(value.clone()),
                    _ => None,
                }
            }
        }
    };
}

kept_as!(Vec<ArticleSummary>, Summaries);
kept_as!(Page<ArticleSummary>, Listing);
kept_as!(Vec<(Category, Vec<ArticleSummary>)>, Sections);
kept_as!(Vec<StoredTranslation>, Translations);

impl Kept for Option<StoredArticle> {
    fn keep(&self) -> Option<Answer> {
        self.as_ref()
            .map(|article| Answer::Article(Box::new(article.clone())))
    }
    fn from_answer(answer: &Answer) -> Option<Self> {
        match answer {
            Answer::Article(article) => Some(Some(article.as_ref().clone())),
            _ => None,
        }
    }
}

fn image_weight(image: &Option<StoredImage>) -> usize {
    image.as_ref().map_or(0, |i| i.src.len() + i.alt.len())
}

fn summary_weight(summary: &ArticleSummary) -> usize {
    std::mem::size_of::<ArticleSummary>()
        + summary.slug.len()
        + summary.title.len()
        + summary.dek.len()
        + image_weight(&summary.image)
}

fn summaries_weight(list: &[ArticleSummary]) -> usize {
    list.iter().map(summary_weight).sum()
}

impl Weigh for Query {
    fn weight(&self) -> usize {
        std::mem::size_of::<Query>()
            + match self {
                Query::Article(_, slug) => slug.as_str().len(),
                Query::Translations(group) => group.len(),
                Query::Related(_, _, categories, _) => std::mem::size_of_val(categories.as_slice()),
                _ => 0,
            }
    }
}

impl Weigh for Stamped {
    fn weight(&self) -> usize {
        let answer = match &self.answer {
            Answer::Summaries(list) => summaries_weight(list),
            Answer::Listing(page) => summaries_weight(&page.items),
            Answer::Sections(sections) => sections
                .iter()
                .map(|(_, list)| 16 + summaries_weight(list))
                .sum(),
            Answer::Article(article) => {
                summary_weight(&article.summary)
                    + article.translation_group.len()
                    + article.categories.len()
                    + article.caption.len()
                    + article.byline.len()
                    + article.body_html.len()
                    + article.video_src.as_ref().map_or(0, String::len)
                    + article
                        .gallery
                        .iter()
                        .map(|p| 32 + p.src.len() + p.caption.len())
                        .sum::<usize>()
            }
            Answer::Translations(list) => list
                .iter()
                .map(|t| std::mem::size_of::<StoredTranslation>() + t.slug.len() + t.title.len())
                .sum(),
        };
        std::mem::size_of::<Stamped>() + answer
    }
}

pub struct ReadCache {
    inner: SharedStore,
    /// `None` when turned off: every read goes to the database.
    answers: Option<Mutex<Lru<Query, Arc<Stamped>>>>,
    max_age: Duration,
    clock: GenerationClock,
    writes: AtomicU64,
}

impl ReadCache {
    pub fn new(inner: SharedStore, settings: CacheSettings) -> ReadCache {
        ReadCache {
            inner,
            answers: settings
                .enabled
                .then(|| Mutex::new(Lru::new(settings.max_bytes))),
            max_age: settings.max_age,
            clock: GenerationClock::new(CHECK_EVERY),
            writes: AtomicU64::new(0),
        }
    }

    /// Reads the content generation at most once per `every` instead of
    /// `CHECK_EVERY` (tests use it to see what waits for the next check).
    pub fn checking_every(mut self, every: Duration) -> ReadCache {
        self.clock = GenerationClock::new(every);
        self
    }

    /// The content generation as last read (at most `CHECK_EVERY` old):
    /// what the page cache stamps its pages with.
    pub async fn generation(&self) -> u64 {
        self.clock.read(|| self.inner.content_generation()).await
    }

    /// Content changed by a write that did not come through this cache
    /// (an editor's decision in the newsroom): seen by the next request
    /// here, as a write of its own would be.
    pub async fn content_changed(&self) {
        self.wrote().await;
    }

    /// How many answers are kept, and the bytes they take (by estimate).
    pub fn usage(&self) -> (usize, usize) {
        self.answers.as_ref().map_or((0, 0), |answers| {
            let answers = lock(answers);
            (answers.len(), answers.used())
        })
    }

    fn lookup(&self, query: &Query, generation: u64, writes: u64) -> Option<Arc<Stamped>> {
        let answers = self.answers.as_ref()?;
        let mut answers = lock(answers);
        let stamped = answers.get(query)?;
        if stamped.generation == generation
            && stamped.writes == writes
            && stamped.at.elapsed() < self.max_age
        {
            Some(stamped)
        } else {
            answers.remove(query);
            None
        }
    }

    /// The answer to `query`: kept, or loaded and then kept unless the
    /// content changed meanwhile.
    async fn read<T: Kept>(
        &self,
        query: Query,
        load: impl Future<Output = StoreResult<T>>,
    ) -> StoreResult<T> {
        if self.answers.is_none() {
            return load.await;
        }
        let generation = self.generation().await;
        let writes = self.writes.load(Ordering::Acquire);
        if let Some(stamped) = self.lookup(&query, generation, writes)
            && let Some(value) = T::from_answer(&stamped.answer)
        {
            return Ok(value);
        }
        let value = load.await?;
        let unchanged =
            self.clock.last() == generation && self.writes.load(Ordering::Acquire) == writes;
        if unchanged && let (Some(answer), Some(answers)) = (value.keep(), self.answers.as_ref()) {
            let stamped = Stamped {
                generation,
                writes,
                at: Instant::now(),
                answer,
            };
            lock(answers).insert(query, Arc::new(stamped));
        }
        Ok(value)
    }

    /// After a write through this cache: every kept answer is dropped and
    /// the generation read at once, so the next reader here (and the page
    /// cache) sees the change.
    async fn wrote(&self) {
        self.writes.fetch_add(1, Ordering::AcqRel);
        if let Some(answers) = &self.answers {
            lock(answers).clear();
        }
        self.clock.read_now(self.inner.content_generation()).await;
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[async_trait::async_trait]
impl Store for ReadCache {
    async fn ready(&self) -> StoreResult<()> {
        self.inner.ready().await
    }

    fn pool_usage(&self) -> PoolUsage {
        self.inner.pool_usage()
    }

    async fn latest(
        &self,
        lang: Lang,
        limit: u32,
        offset: u64,
    ) -> StoreResult<Vec<ArticleSummary>> {
        let query = Query::Latest(lang, limit, offset);
        self.read(query, self.inner.latest(lang, limit, offset))
            .await
    }

    async fn in_category(
        &self,
        lang: Lang,
        category: Category,
        limit: u32,
        offset: u64,
    ) -> StoreResult<Page<ArticleSummary>> {
        let query = Query::InCategory(lang, category, limit, offset);
        self.read(query, self.inner.in_category(lang, category, limit, offset))
            .await
    }

    async fn newest_per_category(
        &self,
        lang: Lang,
        per_category: u32,
    ) -> StoreResult<Vec<(Category, Vec<ArticleSummary>)>> {
        let query = Query::NewestPerCategory(lang, per_category);
        self.read(query, self.inner.newest_per_category(lang, per_category))
            .await
    }

    async fn article(&self, lang: Lang, slug: &Slug) -> StoreResult<Option<StoredArticle>> {
        let query = Query::Article(lang, slug.clone());
        self.read(query, self.inner.article(lang, slug)).await
    }

    async fn translations(&self, translation_group: &str) -> StoreResult<Vec<StoredTranslation>> {
        let query = Query::Translations(translation_group.to_owned());
        self.read(query, self.inner.translations(translation_group))
            .await
    }

    async fn related(
        &self,
        lang: Lang,
        article_id: i64,
        categories: &[Category],
        limit: u32,
    ) -> StoreResult<Vec<ArticleSummary>> {
        let query = Query::Related(lang, article_id, categories.to_vec(), limit);
        self.read(
            query,
            self.inner.related(lang, article_id, categories, limit),
        )
        .await
    }

    async fn search(
        &self,
        reader: Lang,
        terms: &SearchTerms,
        limit: u32,
        offset: u64,
    ) -> StoreResult<Page<ArticleSummary>> {
        self.inner.search(reader, terms, limit, offset).await
    }

    async fn sitemap_entries(&self) -> StoreResult<Vec<SitemapEntry>> {
        self.inner.sitemap_entries().await
    }

    async fn content_generation(&self) -> StoreResult<u64> {
        self.inner.content_generation().await
    }

    async fn article_count(&self) -> StoreResult<u64> {
        self.inner.article_count().await
    }

    // A failed write is treated as one that may have landed (an error
    // can come after the commit): dropping the answers costs one query each.
    async fn insert_article(&self, article: &NewArticle) -> StoreResult<i64> {
        let inserted = self.inner.insert_article(article).await;
        self.wrote().await;
        inserted
    }

    async fn update_article(&self, id: i64, article: &NewArticle) -> StoreResult<bool> {
        let updated = self.inner.update_article(id, article).await;
        self.wrote().await;
        updated
    }
}
