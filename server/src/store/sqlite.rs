//! SQLite adapter: WAL mode for concurrent readers, a small pool, migrations
//! at start-up.

use std::str::FromStr;
use std::time::Duration;

use app::domain::{ArticleKind, Category, Lang, Slug};
use app::ssr::search::SearchTerms;
use app::ssr::search::normalize::normalize;
use app::ssr::store::{
    ArticleSummary, NewArticle, Page, PoolUsage, SitemapEntry, Status, Store, StoreError,
    StoreResult, StoredArticle, StoredGalleryPhoto, StoredImage, StoredTranslation,
};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{Row, SqliteConnection, SqlitePool};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

mod accounts;
mod fts;
mod newsroom;
mod outbox;
mod stories;

/// A handle on one pool: clones share it.
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

/// The schema this build expects, compiled in.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

const SUMMARY_COLUMNS: &str = "a.id, a.lang, a.slug, a.title, a.dek, a.kind, a.published_at, \
     a.image_src, a.image_alt, a.image_width, a.image_height, \
     (SELECT c.category FROM article_categories c WHERE c.article_id = a.id \
      ORDER BY c.position LIMIT 1) AS primary_category";

fn db(err: sqlx::Error) -> StoreError {
    match &err {
        sqlx::Error::Database(e) if e.is_unique_violation() => StoreError::Conflict(e.to_string()),
        _ => StoreError::Database(err.to_string()),
    }
}

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

fn timestamp(at: OffsetDateTime) -> StoreResult<String> {
    at.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .map_err(corrupt)
}

/// A time in whole seconds: the newsroom's columns sort and compare as
/// text, which only works when every value has the same form.
fn whole_seconds(at: OffsetDateTime) -> StoreResult<String> {
    timestamp(at.replace_nanosecond(0).map_err(corrupt)?)
}

fn parse_timestamp(raw: &str) -> StoreResult<OffsetDateTime> {
    OffsetDateTime::parse(raw, &Rfc3339).map_err(|e| corrupt(format!("timestamp {raw:?}: {e}")))
}

fn dimension(raw: Option<i64>) -> StoreResult<u32> {
    u32::try_from(raw.unwrap_or(0)).map_err(corrupt)
}

/// A row's picture (its `image_*` columns), if it has one.
fn stored_image(row: &SqliteRow) -> StoreResult<Option<StoredImage>> {
    let src: Option<String> = row.try_get("image_src").map_err(db)?;
    src.map(|src| {
        Ok(StoredImage {
            src,
            alt: row.try_get("image_alt").map_err(db)?,
            width: dimension(row.try_get("image_width").map_err(db)?)?,
            height: dimension(row.try_get("image_height").map_err(db)?)?,
        })
    })
    .transpose()
}

fn summary(row: &SqliteRow) -> StoreResult<ArticleSummary> {
    let lang: String = row.try_get("lang").map_err(db)?;
    let kind: String = row.try_get("kind").map_err(db)?;
    let category: Option<String> = row.try_get("primary_category").map_err(db)?;
    let published: String = row.try_get("published_at").map_err(db)?;
    let image = stored_image(row)?;
    Ok(ArticleSummary {
        id: row.try_get("id").map_err(db)?,
        lang: Lang::parse(&lang).map_err(|_| corrupt(format!("language {lang:?}")))?,
        slug: row.try_get("slug").map_err(db)?,
        title: row.try_get("title").map_err(db)?,
        dek: row.try_get("dek").map_err(db)?,
        kind: ArticleKind::parse(&kind).map_err(|_| corrupt(format!("kind {kind:?}")))?,
        primary_category: category
            .as_deref()
            .and_then(|c| Category::parse(c).ok())
            .ok_or_else(|| corrupt("article without a category"))?,
        published_at: parse_timestamp(&published)?,
        image,
    })
}

fn summaries(rows: &[SqliteRow]) -> StoreResult<Vec<ArticleSummary>> {
    rows.iter().map(summary).collect()
}

fn limit(n: u32) -> i64 {
    i64::from(n)
}

fn offset(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn status(article: &NewArticle) -> &'static str {
    match article.status {
        Status::Draft => "draft",
        Status::Published => "published",
    }
}

type ArticleQuery<'q> = sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>;

/// Binds the article's columns, in the order both INSERT and UPDATE list them.
fn bind_article<'q>(
    query: ArticleQuery<'q>,
    article: &'q NewArticle,
) -> StoreResult<ArticleQuery<'q>> {
    let query = query
        .bind(article.lang.code())
        .bind(&article.slug)
        .bind(&article.translation_group)
        .bind(article.kind.as_str())
        .bind(&article.title)
        .bind(&article.dek)
        .bind(&article.body_markdown)
        .bind(&article.body_html);
    Ok(bind_image(query, article.image.as_ref())
        .bind(&article.caption)
        .bind(&article.byline)
        .bind(article.video_src.as_deref())
        .bind(status(article))
        .bind(timestamp(article.published_at)?)
        .bind(article.updated_at.map(timestamp).transpose()?))
}

/// Binds a picture's four columns: address, alt text, width, height.
fn bind_image<'q>(query: ArticleQuery<'q>, image: Option<&'q StoredImage>) -> ArticleQuery<'q> {
    query
        .bind(image.map(|i| i.src.as_str()))
        .bind(image.map_or("", |i| i.alt.as_str()))
        .bind(image.map(|i| i64::from(i.width)))
        .bind(image.map(|i| i64::from(i.height)))
}

/// What an article's rows in other tables are made from.
struct Children<'a> {
    categories: &'a [Category],
    gallery: &'a [StoredGalleryPhoto],
    title: &'a str,
    dek: &'a str,
    body_html: &'a str,
}

impl<'a> From<&'a NewArticle> for Children<'a> {
    fn from(article: &'a NewArticle) -> Self {
        Children {
            categories: &article.categories,
            gallery: &article.gallery,
            title: &article.title,
            dek: &article.dek,
            body_html: &article.body_html,
        }
    }
}

/// Categories, gallery and search entry of article `id`, replacing any old ones.
async fn write_children(
    conn: &mut SqliteConnection,
    id: i64,
    article: Children<'_>,
) -> StoreResult<()> {
    for table in ["article_categories", "gallery_photos"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE article_id = ?"))
            .bind(id)
            .execute(&mut *conn)
            .await
            .map_err(db)?;
    }
    for (position, category) in (0_i64..).zip(article.categories) {
        sqlx::query(
            "INSERT INTO article_categories (article_id, category, position) VALUES (?, ?, ?)",
        )
        .bind(id)
        .bind(category.slug())
        .bind(position)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    }
    for (position, photo) in (0_i64..).zip(article.gallery) {
        sqlx::query(
            "INSERT INTO gallery_photos (article_id, position, src, caption, width, height) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(position)
        .bind(&photo.src)
        .bind(&photo.caption)
        .bind(i64::from(photo.width))
        .bind(i64::from(photo.height))
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    }
    index(
        conn,
        id,
        article.title,
        article.dek,
        &visible_text(article.body_html),
    )
    .await
}

/// The words a reader sees in sanitized body HTML: tags dropped, the
/// entities the sanitizer writes decoded. (Markdown source could hold
/// comments or link targets that are never shown.)
fn visible_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// (Re)writes the search entry of article `id` from its display text.
async fn index(
    conn: &mut SqliteConnection,
    id: i64,
    title: &str,
    dek: &str,
    body: &str,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM search_index WHERE rowid = ?")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    sqlx::query("INSERT INTO search_index (rowid, title, dek, body) VALUES (?, ?, ?, ?)")
        .bind(id)
        .bind(normalize(title))
        .bind(normalize(dek))
        .bind(normalize(body))
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    Ok(())
}

impl SqliteStore {
    /// The value of a one-row generation table (`content_generation`,
    /// `session_generation`), which triggers bump.
    async fn generation(&self, table: &'static str) -> StoreResult<u64> {
        let value: i64 = sqlx::query_scalar(&format!("SELECT value FROM {table} WHERE id = 1"))
            .fetch_one(&self.pool)
            .await
            .map_err(db)?;
        Ok(u64::try_from(value).unwrap_or_default())
    }

    /// `url` like `sqlite://khabar.db` or `sqlite::memory:`.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(db)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        // An in-memory database exists once per connection: keep exactly one.
        let max = if url.contains(":memory:") { 1 } else { 8 };
        // No ping before each checkout: a SQLite connection is a file in
        // this process and cannot go stale the way a network link can,
        // and the ping was a round trip to the connection's worker thread
        // on every query (about 7% of a signed-in reader's page).
        let pool = SqlitePoolOptions::new()
            .max_connections(max)
            .min_connections(1)
            .test_before_acquire(false)
            .connect_with(options)
            .await
            .map_err(db)?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| StoreError::Database(format!("migration failed: {e}")))?;
        let store = SqliteStore { pool };
        store.reindex_if_stale().await?;
        Ok(store)
    }

    /// Closes the pool: every clone of this store stops answering, and
    /// SQLite folds its write-ahead log back into the database file.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// A database written before the search index existed gets every
    /// article indexed.
    async fn reindex_if_stale(&self) -> StoreResult<()> {
        let (articles, indexed): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM search_index)",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        if articles == indexed {
            return Ok(());
        }
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("DELETE FROM search_index")
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        let rows = sqlx::query("SELECT id, title, dek, body_html FROM articles")
            .fetch_all(&mut *tx)
            .await
            .map_err(db)?;
        for row in &rows {
            let id: i64 = row.try_get("id").map_err(db)?;
            let title: String = row.try_get("title").map_err(db)?;
            let dek: String = row.try_get("dek").map_err(db)?;
            let body: String = row.try_get("body_html").map_err(db)?;
            index(&mut tx, id, &title, &dek, &visible_text(&body)).await?;
        }
        tx.commit().await.map_err(db)?;
        tracing::info!(articles = rows.len(), "rebuilt the search index");
        Ok(())
    }

    async fn categories_of(&self, article_id: i64) -> StoreResult<Vec<Category>> {
        let rows = sqlx::query(
            "SELECT category FROM article_categories WHERE article_id = ? ORDER BY position",
        )
        .bind(article_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                let slug: String = row.try_get("category").map_err(db)?;
                Category::parse(&slug).map_err(|_| corrupt(format!("category {slug:?}")))
            })
            .collect()
    }

    async fn gallery_of(&self, article_id: i64) -> StoreResult<Vec<StoredGalleryPhoto>> {
        let rows = sqlx::query(
            "SELECT src, caption, width, height FROM gallery_photos \
             WHERE article_id = ? ORDER BY position",
        )
        .bind(article_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(StoredGalleryPhoto {
                    src: row.try_get("src").map_err(db)?,
                    caption: row.try_get("caption").map_err(db)?,
                    width: dimension(row.try_get("width").map_err(db)?)?,
                    height: dimension(row.try_get("height").map_err(db)?)?,
                })
            })
            .collect()
    }
}

#[async_trait::async_trait]
impl Store for SqliteStore {
    fn pool_usage(&self) -> PoolUsage {
        PoolUsage {
            open: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
            max: self.pool.options().get_max_connections(),
        }
    }

    async fn ready(&self) -> StoreResult<()> {
        let applied: Vec<i64> = sqlx::query_scalar(
            "SELECT version FROM _sqlx_migrations WHERE success ORDER BY version",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let known: Vec<i64> = MIGRATOR.iter().map(|m| m.version).collect();
        if applied != known {
            return Err(StoreError::Database(format!(
                "schema is not this build's: migrations applied {applied:?}, expected {known:?}"
            )));
        }
        // A read-only file or a full disk still answers reads: only a
        // write tells, and readers' saves and sign-ins need one.
        sqlx::query(
            "INSERT INTO readiness_probe (id, checked_at) VALUES (1, ?) \
             ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at",
        )
        .bind(OffsetDateTime::now_utc().unix_timestamp())
        .execute(&self.pool)
        .await
        .map_err(|e| StoreError::Database(format!("cannot write: {e}")))?;
        Ok(())
    }

    async fn content_generation(&self) -> StoreResult<u64> {
        self.generation("content_generation").await
    }

    async fn latest(&self, lang: Lang, n: u32, skip: u64) -> StoreResult<Vec<ArticleSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a \
             WHERE a.lang = ? AND a.status = 'published' \
             ORDER BY a.published_at DESC, a.id DESC LIMIT ? OFFSET ?"
        );
        let rows = sqlx::query(&sql)
            .bind(lang.code())
            .bind(limit(n))
            .bind(offset(skip))
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        summaries(&rows)
    }

    async fn in_category(
        &self,
        lang: Lang,
        category: Category,
        n: u32,
        skip: u64,
    ) -> StoreResult<Page<ArticleSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a \
             JOIN article_categories ac ON ac.article_id = a.id AND ac.category = ? \
             WHERE a.lang = ? AND a.status = 'published' \
             ORDER BY a.published_at DESC, a.id DESC LIMIT ? OFFSET ?"
        );
        let rows = sqlx::query(&sql)
            .bind(category.slug())
            .bind(lang.code())
            .bind(limit(n))
            .bind(offset(skip))
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM articles a \
             JOIN article_categories ac ON ac.article_id = a.id AND ac.category = ? \
             WHERE a.lang = ? AND a.status = 'published'",
        )
        .bind(category.slug())
        .bind(lang.code())
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        Ok(Page {
            items: summaries(&rows)?,
            total: u64::try_from(total).map_err(corrupt)?,
        })
    }

    async fn newest_per_category(
        &self,
        lang: Lang,
        per_category: u32,
    ) -> StoreResult<Vec<(Category, Vec<ArticleSummary>)>> {
        // One query for every section instead of one per section.
        let sql = format!(
            "SELECT * FROM (SELECT {SUMMARY_COLUMNS}, ac.category AS section, \
               ROW_NUMBER() OVER (PARTITION BY ac.category \
                                  ORDER BY a.published_at DESC, a.id DESC) AS rank \
             FROM articles a JOIN article_categories ac ON ac.article_id = a.id \
             WHERE a.lang = ? AND a.status = 'published') \
             WHERE rank <= ? ORDER BY section, rank"
        );
        let rows = sqlx::query(&sql)
            .bind(lang.code())
            .bind(limit(per_category))
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        let mut sections: Vec<(Category, Vec<ArticleSummary>)> =
            Category::ALL.iter().map(|c| (*c, Vec::new())).collect();
        for row in &rows {
            let slug: String = row.try_get("section").map_err(db)?;
            let category =
                Category::parse(&slug).map_err(|_| corrupt(format!("category {slug:?}")))?;
            if let Some((_, stories)) = sections.iter_mut().find(|(c, _)| *c == category) {
                stories.push(summary(row)?);
            }
        }
        sections.retain(|(_, stories)| !stories.is_empty());
        Ok(sections)
    }

    async fn article(&self, lang: Lang, slug: &Slug) -> StoreResult<Option<StoredArticle>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, a.translation_group, a.updated_at, a.caption, a.byline, \
             a.body_html, a.video_src FROM articles a \
             WHERE a.lang = ? AND a.slug = ? AND a.status = 'published'"
        );
        let Some(row) = sqlx::query(&sql)
            .bind(lang.code())
            .bind(slug.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
        else {
            return Ok(None);
        };
        let summary = summary(&row)?;
        let updated: Option<String> = row.try_get("updated_at").map_err(db)?;
        Ok(Some(StoredArticle {
            categories: self.categories_of(summary.id).await?,
            gallery: self.gallery_of(summary.id).await?,
            translation_group: row.try_get("translation_group").map_err(db)?,
            updated_at: updated.as_deref().map(parse_timestamp).transpose()?,
            caption: row.try_get("caption").map_err(db)?,
            byline: row.try_get("byline").map_err(db)?,
            body_html: row.try_get("body_html").map_err(db)?,
            video_src: row.try_get("video_src").map_err(db)?,
            summary,
        }))
    }

    async fn translations(&self, group: &str) -> StoreResult<Vec<StoredTranslation>> {
        let rows = sqlx::query(
            "SELECT a.lang, a.slug, a.title FROM articles a \
             JOIN languages l ON l.code = a.lang \
             WHERE a.translation_group = ? AND a.status = 'published' ORDER BY a.lang",
        )
        .bind(group)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut versions = rows
            .iter()
            .map(|row| {
                let lang: String = row.try_get("lang").map_err(db)?;
                Ok(StoredTranslation {
                    lang: Lang::parse(&lang).map_err(|_| corrupt(format!("language {lang:?}")))?,
                    slug: row.try_get("slug").map_err(db)?,
                    title: row.try_get("title").map_err(db)?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        // The switcher's order, not the alphabet's.
        versions.sort_by_key(|t| Lang::ALL.iter().position(|l| *l == t.lang));
        Ok(versions)
    }

    async fn related(
        &self,
        lang: Lang,
        article_id: i64,
        categories: &[Category],
        n: u32,
    ) -> StoreResult<Vec<ArticleSummary>> {
        if categories.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders = vec!["?"; categories.len()].join(", ");
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a \
             WHERE a.lang = ? AND a.status = 'published' AND a.id <> ? \
             AND EXISTS (SELECT 1 FROM article_categories ac \
                         WHERE ac.article_id = a.id AND ac.category IN ({placeholders})) \
             ORDER BY a.published_at DESC, a.id DESC LIMIT ?"
        );
        let mut query = sqlx::query(&sql).bind(lang.code()).bind(article_id);
        for category in categories {
            query = query.bind(category.slug());
        }
        let rows = query
            .bind(limit(n))
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        summaries(&rows)
    }

    async fn search(
        &self,
        reader: Lang,
        terms: &SearchTerms,
        n: u32,
        skip: u64,
    ) -> StoreResult<Page<ArticleSummary>> {
        let Some(fts_query) = fts::fts_query(terms.words()) else {
            // Nothing searchable survived quoting: nothing can match.
            return Ok(Page {
                items: Vec::new(),
                total: 0,
            });
        };
        // Title words weigh most, then the summary, then the body; equal
        // relevance falls back to the newest story.
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM search_index s JOIN articles a ON a.id = s.rowid \
             WHERE search_index MATCH ? AND a.status = 'published' \
             ORDER BY a.lang = ? DESC, bm25(search_index, 8.0, 3.0, 1.0), \
                      a.published_at DESC, a.id DESC \
             LIMIT ? OFFSET ?"
        );
        let rows = sqlx::query(&sql)
            .bind(&fts_query)
            .bind(reader.code())
            .bind(limit(n))
            .bind(offset(skip))
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM search_index s JOIN articles a ON a.id = s.rowid \
             WHERE search_index MATCH ? AND a.status = 'published'",
        )
        .bind(&fts_query)
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        Ok(Page {
            items: summaries(&rows)?,
            total: u64::try_from(total).map_err(corrupt)?,
        })
    }

    async fn sitemap_entries(&self) -> StoreResult<Vec<SitemapEntry>> {
        let rows = sqlx::query(
            "SELECT lang, slug, translation_group, COALESCE(updated_at, published_at) AS modified \
             FROM articles WHERE status = 'published' ORDER BY published_at DESC, id DESC",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                let lang: String = row.try_get("lang").map_err(db)?;
                let modified: String = row.try_get("modified").map_err(db)?;
                Ok(SitemapEntry {
                    lang: Lang::parse(&lang).map_err(|_| corrupt(format!("language {lang:?}")))?,
                    slug: row.try_get("slug").map_err(db)?,
                    translation_group: row.try_get("translation_group").map_err(db)?,
                    modified_at: parse_timestamp(&modified)?,
                })
            })
            .collect()
    }

    async fn article_count(&self) -> StoreResult<u64> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM articles")
            .fetch_one(&self.pool)
            .await
            .map_err(db)?;
        u64::try_from(n).map_err(corrupt)
    }

    async fn insert_article(&self, article: &NewArticle) -> StoreResult<i64> {
        if article.categories.is_empty() {
            return Err(StoreError::Conflict(
                "an article needs at least one category".into(),
            ));
        }
        let mut tx = self.pool.begin().await.map_err(db)?;
        let insert = sqlx::query(
            "INSERT INTO articles (lang, slug, translation_group, kind, title, dek, body_markdown, \
             body_html, image_src, image_alt, image_width, image_height, caption, byline, \
             video_src, status, published_at, updated_at, created_at, edited_at, ever_published) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        );
        let row = bind_article(insert, article)?
            .bind(whole_seconds(article.published_at)?)
            .bind(whole_seconds(
                article.updated_at.unwrap_or(article.published_at),
            )?)
            .bind(article.status == Status::Published)
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?;
        let id: i64 = row.try_get("id").map_err(db)?;
        write_children(&mut tx, id, article.into()).await?;
        tx.commit().await.map_err(db)?;
        Ok(id)
    }

    async fn update_article(&self, id: i64, article: &NewArticle) -> StoreResult<bool> {
        if article.categories.is_empty() {
            return Err(StoreError::Conflict(
                "an article needs at least one category".into(),
            ));
        }
        let mut tx = self.pool.begin().await.map_err(db)?;
        let update = sqlx::query(
            "UPDATE articles SET lang = ?, slug = ?, translation_group = ?, kind = ?, title = ?, \
             dek = ?, body_markdown = ?, body_html = ?, image_src = ?, image_alt = ?, \
             image_width = ?, image_height = ?, caption = ?, byline = ?, video_src = ?, \
             status = ?, published_at = ?, updated_at = ?, edited_at = ?, \
             ever_published = MAX(ever_published, ?) WHERE id = ?",
        );
        let changed = bind_article(update, article)?
            .bind(whole_seconds(
                article.updated_at.unwrap_or(article.published_at),
            )?)
            .bind(article.status == Status::Published)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected();
        if changed == 0 {
            return Ok(false);
        }
        write_children(&mut tx, id, article.into()).await?;
        tx.commit().await.map_err(db)?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::visible_text;

    #[test]
    fn visible_text_drops_markup_and_decodes_entities() {
        let html =
            "<p>Tea &amp; bread <a href=\"https://hidden.example\">here</a></p><h2>Next</h2>";
        let text = visible_text(html);
        assert!(
            text.contains("Tea & bread") && text.contains("here") && text.contains("Next"),
            "{text}"
        );
        assert!(!text.contains("hidden.example"), "{text}");
    }
}
