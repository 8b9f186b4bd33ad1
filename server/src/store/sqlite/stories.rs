//! SQLite side of the newsroom's stories: drafts and their revisions, the
//! editors' decisions, and the schedule. Every write takes the write lock
//! first (`BEGIN IMMEDIATE`), so what it checks still holds when it
//! commits; a return before `commit` rolls the transaction back.

use app::domain::{ArticleKind, Category, Lang, StoryStatus};
use app::ssr::newsroom::store::Actor;
use app::ssr::newsroom::stories::{
    ActOutcome, NewStory, RevisionLine, SaveOutcome, Story, StoryAction, StoryEvent, StoryFields,
    StoryFilter, StoryLine, StorySave,
};
use app::ssr::store::{Page, StoreError, StoreResult};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};
use time::OffsetDateTime;

use super::{
    Children, SqliteStore, bind_image, corrupt, db, dimension, fts, limit, offset, parse_timestamp,
    stored_image, whole_seconds, write_children,
};

fn stage(raw: &str) -> StoreResult<StoryStatus> {
    StoryStatus::parse(raw).map_err(|_| corrupt(format!("story status {raw:?}")))
}

fn language(raw: &str) -> StoreResult<Lang> {
    Lang::parse(raw).map_err(|_| corrupt(format!("language {raw:?}")))
}

fn revision_number(raw: i64) -> StoreResult<u32> {
    u32::try_from(raw).map_err(corrupt)
}

fn actor_id(by: Actor) -> Option<i64> {
    match by {
        Actor::Account(id) => Some(id),
        Actor::CommandLine => None,
    }
}

fn no_category() -> StoreError {
    StoreError::Conflict("a story needs at least one section".into())
}

/// An audit line's detail for a story event, and back.
pub(super) fn event_detail(event: StoryEvent) -> StoreResult<String> {
    Ok(match event {
        StoryEvent::Created => "created".into(),
        StoryEvent::Submitted => "submitted".into(),
        StoryEvent::SentBack => "sent_back".into(),
        StoryEvent::Published => "published".into(),
        StoryEvent::PublishedOnSchedule => "published:schedule".into(),
        StoryEvent::Updated => "updated".into(),
        StoryEvent::Scheduled(at) => format!("scheduled:{}", whole_seconds(at)?),
        StoryEvent::Unpublished => "unpublished".into(),
        StoryEvent::Restored(n) => format!("restored:{n}"),
    })
}

pub(super) fn parse_event(detail: &str) -> StoreResult<StoryEvent> {
    let (what, argument) = detail.split_once(':').unwrap_or((detail, ""));
    Ok(match (what, argument) {
        ("created", "") => StoryEvent::Created,
        ("submitted", "") => StoryEvent::Submitted,
        ("sent_back", "") => StoryEvent::SentBack,
        ("published", "") => StoryEvent::Published,
        ("published", "schedule") => StoryEvent::PublishedOnSchedule,
        ("updated", "") => StoryEvent::Updated,
        ("scheduled", at) => StoryEvent::Scheduled(parse_timestamp(at)?),
        ("unpublished", "") => StoryEvent::Unpublished,
        ("restored", n) => StoryEvent::Restored(
            n.parse()
                .map_err(|_| corrupt(format!("story event {detail:?}")))?,
        ),
        _ => return Err(corrupt(format!("story event {detail:?}"))),
    })
}

async fn log(
    conn: &mut SqliteConnection,
    story: i64,
    headline: &str,
    event: StoryEvent,
    by: Actor,
    at: OffsetDateTime,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor_email, action, article_id, headline, detail) \
         VALUES (?1, ?2, COALESCE((SELECT email FROM accounts WHERE id = ?2), ''), 'story', ?3, ?4, ?5)",
    )
    .bind(at.unix_timestamp())
    .bind(actor_id(by))
    .bind(story)
    .bind(headline)
    .bind(event_detail(event)?)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

async fn keep_revision(
    conn: &mut SqliteConnection,
    story: i64,
    number: u32,
    fields: &StoryFields,
    body_html: &str,
    by: Actor,
    at: OffsetDateTime,
) -> StoreResult<()> {
    let content = serde_json::to_string(fields).map_err(corrupt)?;
    sqlx::query(
        "INSERT INTO story_revisions \
         (article_id, number, saved_at, saved_by, saved_by_email, content, body_html) \
         VALUES (?1, ?2, ?3, ?4, COALESCE((SELECT email FROM accounts WHERE id = ?4), ''), ?5, ?6)",
    )
    .bind(story)
    .bind(i64::from(number))
    .bind(at.unix_timestamp())
    .bind(actor_id(by))
    .bind(content)
    .bind(body_html)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// Revision `number`'s fields and body.
async fn load_revision(
    conn: &mut SqliteConnection,
    story: i64,
    number: u32,
) -> StoreResult<Option<(StoryFields, String)>> {
    let row = sqlx::query(
        "SELECT content, body_html FROM story_revisions WHERE article_id = ? AND number = ?",
    )
    .bind(story)
    .bind(i64::from(number))
    .fetch_optional(conn)
    .await
    .map_err(db)?;
    row.map(|row| {
        let content: &str = row.try_get("content").map_err(db)?;
        let fields = serde_json::from_str(content)
            .map_err(|e| corrupt(format!("revision {number} of story {story}: {e}")))?;
        Ok((fields, row.try_get("body_html").map_err(db)?))
    })
    .transpose()
}

/// Whether another story in `lang` has `slug`.
async fn slug_taken(
    conn: &mut SqliteConnection,
    lang: Lang,
    slug: &str,
    story: Option<i64>,
) -> StoreResult<bool> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM articles WHERE lang = ? AND slug = ? AND id IS NOT ?")
            .bind(lang.code())
            .bind(slug)
            .bind(story)
            .fetch_optional(conn)
            .await
            .map_err(db)?;
    Ok(found.is_some())
}

/// Whether the story `group` has a version in `lang` other than `story`.
async fn language_taken(
    conn: &mut SqliteConnection,
    group: &str,
    lang: Lang,
    story: Option<i64>,
) -> StoreResult<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM articles WHERE translation_group = ? AND lang = ? AND id IS NOT ?",
    )
    .bind(group)
    .bind(lang.code())
    .bind(story)
    .fetch_optional(conn)
    .await
    .map_err(db)?;
    Ok(found.is_some())
}

/// Rewrites what readers get of row `story` from `fields`: its columns,
/// sections, gallery and search entry.
async fn write_row(
    conn: &mut SqliteConnection,
    story: i64,
    fields: &StoryFields,
    body_html: &str,
) -> StoreResult<()> {
    if fields.categories.is_empty() {
        return Err(no_category());
    }
    let update = sqlx::query(
        "UPDATE articles SET lang = ?, slug = ?, kind = ?, title = ?, dek = ?, body_markdown = ?, \
         body_html = ?, image_src = ?, image_alt = ?, image_width = ?, image_height = ?, \
         caption = ?, byline = ?, video_src = ? WHERE id = ?",
    )
    .bind(fields.lang.code())
    .bind(&fields.slug)
    .bind(fields.kind.as_str())
    .bind(&fields.title)
    .bind(&fields.dek)
    .bind(&fields.body_markdown)
    .bind(body_html);
    bind_image(update, fields.image.as_ref())
        .bind(&fields.caption)
        .bind(&fields.byline)
        .bind(fields.video_src.as_deref())
        .bind(story)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    write_children(
        conn,
        story,
        Children {
            categories: &fields.categories,
            gallery: &fields.gallery,
            title: &fields.title,
            dek: &fields.dek,
            body_html,
        },
    )
    .await
}

/// The newsroom's columns of one row, as the writes check them.
struct Standing {
    status: StoryStatus,
    revision: u32,
    row_revision: u32,
    ever_published: bool,
    title: String,
    lang: Lang,
    group: String,
}

async fn standing(conn: &mut SqliteConnection, story: i64) -> StoreResult<Option<Standing>> {
    let row = sqlx::query(
        "SELECT status, revision, row_revision, ever_published, title, lang, translation_group \
         FROM articles WHERE id = ?",
    )
    .bind(story)
    .fetch_optional(conn)
    .await
    .map_err(db)?;
    row.map(|row| {
        Ok(Standing {
            status: stage(row.try_get("status").map_err(db)?)?,
            revision: revision_number(row.try_get("revision").map_err(db)?)?,
            row_revision: revision_number(row.try_get("row_revision").map_err(db)?)?,
            ever_published: row.try_get("ever_published").map_err(db)?,
            title: row.try_get("title").map_err(db)?,
            lang: language(row.try_get("lang").map_err(db)?)?,
            group: row.try_get("translation_group").map_err(db)?,
        })
    })
    .transpose()
}

/// The fields of a row that has no revision yet (a story imported before
/// the newsroom kept revisions): what its row holds.
async fn row_fields(conn: &mut SqliteConnection, story: i64) -> StoreResult<StoryFields> {
    let row = sqlx::query(
        "SELECT lang, slug, kind, title, dek, body_markdown, byline, image_src, image_alt, \
         image_width, image_height, caption, video_src FROM articles WHERE id = ?",
    )
    .bind(story)
    .fetch_one(&mut *conn)
    .await
    .map_err(db)?;
    let categories: Vec<String> = sqlx::query_scalar(
        "SELECT category FROM article_categories WHERE article_id = ? ORDER BY position",
    )
    .bind(story)
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    let gallery = sqlx::query(
        "SELECT src, caption, width, height FROM gallery_photos WHERE article_id = ? ORDER BY position",
    )
    .bind(story)
    .fetch_all(&mut *conn)
    .await
    .map_err(db)?;
    let kind: &str = row.try_get("kind").map_err(db)?;
    Ok(StoryFields {
        lang: language(row.try_get("lang").map_err(db)?)?,
        slug: row.try_get("slug").map_err(db)?,
        kind: ArticleKind::parse(kind).map_err(|_| corrupt(format!("kind {kind:?}")))?,
        categories: categories
            .iter()
            .map(|c| Category::parse(c).map_err(|_| corrupt(format!("category {c:?}"))))
            .collect::<StoreResult<_>>()?,
        title: row.try_get("title").map_err(db)?,
        dek: row.try_get("dek").map_err(db)?,
        body_markdown: row.try_get("body_markdown").map_err(db)?,
        byline: row.try_get("byline").map_err(db)?,
        image: stored_image(&row)?,
        caption: row.try_get("caption").map_err(db)?,
        video_src: row.try_get("video_src").map_err(db)?,
        gallery: gallery
            .iter()
            .map(|photo| {
                Ok(app::ssr::store::StoredGalleryPhoto {
                    src: photo.try_get("src").map_err(db)?,
                    caption: photo.try_get("caption").map_err(db)?,
                    width: dimension(photo.try_get("width").map_err(db)?)?,
                    height: dimension(photo.try_get("height").map_err(db)?)?,
                })
            })
            .collect::<StoreResult<_>>()?,
    })
}

/// Makes the newest revision what readers see, now: the publication
/// shared by an editor's "publish" and the schedule.
async fn publish(
    conn: &mut SqliteConnection,
    story: i64,
    was: &Standing,
    event: StoryEvent,
    by: Actor,
    at: OffsetDateTime,
) -> StoreResult<ActOutcome> {
    let mut headline = was.title.clone();
    if was.row_revision < was.revision {
        let Some((fields, body_html)) = load_revision(conn, story, was.revision).await? else {
            return Err(corrupt(format!("story {story} lacks its newest revision")));
        };
        if slug_taken(conn, fields.lang, &fields.slug, Some(story)).await? {
            return Ok(ActOutcome::SlugTaken);
        }
        write_row(conn, story, &fields, &body_html).await?;
        headline = fields.title;
    } else if was.status == StoryStatus::Published {
        // Nothing new to show readers.
        return Ok(ActOutcome::WrongStage { status: was.status });
    }
    let now = whole_seconds(at)?;
    // The first publication is the story's date; any later one (an edit,
    // or coming back after an unpublish) is an update.
    let sql = if was.ever_published {
        "UPDATE articles SET status = 'published', updated_at = ?1, publish_at = NULL, \
         row_revision = revision, review_note = '', translated_from = NULL WHERE id = ?2"
    } else {
        "UPDATE articles SET status = 'published', published_at = ?1, updated_at = NULL, \
         ever_published = 1, publish_at = NULL, row_revision = revision, review_note = '', \
         translated_from = NULL WHERE id = ?2"
    };
    sqlx::query(sql)
        .bind(&now)
        .bind(story)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    let event = if was.status == StoryStatus::Published {
        StoryEvent::Updated
    } else {
        event
    };
    log(conn, story, &headline, event, by, at).await?;
    Ok(ActOutcome::Done {
        status: StoryStatus::Published,
        revision: was.revision,
    })
}

/// Sets a story's stage (and what goes with it) and logs why.
async fn restage(
    conn: &mut SqliteConnection,
    story: i64,
    was: &Standing,
    to: StoryStatus,
    publish_at: Option<OffsetDateTime>,
    review_note: &str,
    event: (StoryEvent, Actor, OffsetDateTime),
) -> StoreResult<ActOutcome> {
    sqlx::query("UPDATE articles SET status = ?, publish_at = ?, review_note = ? WHERE id = ?")
        .bind(to.code())
        .bind(publish_at.map(whole_seconds).transpose()?)
        .bind(review_note)
        .bind(story)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    let (event, by, at) = event;
    log(conn, story, &was.title, event, by, at).await?;
    Ok(ActOutcome::Done {
        status: to,
        revision: was.revision,
    })
}

/// Revision `number`'s fields become a new, newest revision.
async fn restore(
    conn: &mut SqliteConnection,
    story: i64,
    was: &Standing,
    number: u32,
    by: Actor,
    at: OffsetDateTime,
) -> StoreResult<ActOutcome> {
    let Some((fields, body_html)) = load_revision(conn, story, number).await? else {
        return Ok(ActOutcome::NoSuchRevision);
    };
    if slug_taken(conn, fields.lang, &fields.slug, Some(story)).await? {
        return Ok(ActOutcome::SlugTaken);
    }
    let newest = was.revision + 1;
    keep_revision(conn, story, newest, &fields, &body_html, by, at).await?;
    let shown = if was.status == StoryStatus::Published {
        was.row_revision
    } else {
        write_row(conn, story, &fields, &body_html).await?;
        newest
    };
    sqlx::query("UPDATE articles SET revision = ?, row_revision = ?, edited_at = ? WHERE id = ?")
        .bind(i64::from(newest))
        .bind(i64::from(shown))
        .bind(whole_seconds(at)?)
        .bind(story)
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    log(
        conn,
        story,
        &fields.title,
        StoryEvent::Restored(number),
        by,
        at,
    )
    .await?;
    Ok(ActOutcome::Done {
        status: was.status,
        revision: newest,
    })
}

fn story_line(row: &SqliteRow) -> StoreResult<StoryLine> {
    let category: Option<String> = row.try_get("category").map_err(db)?;
    let publish_at: Option<String> = row.try_get("publish_at").map_err(db)?;
    Ok(StoryLine {
        id: row.try_get("id").map_err(db)?,
        lang: language(row.try_get("lang").map_err(db)?)?,
        slug: row.try_get("slug").map_err(db)?,
        title: row.try_get("title").map_err(db)?,
        status: stage(row.try_get("status").map_err(db)?)?,
        category: category
            .as_deref()
            .and_then(|c| Category::parse(c).ok())
            .ok_or_else(|| corrupt("story without a section"))?,
        author_name: row.try_get("author_name").map_err(db)?,
        edited_at: parse_timestamp(row.try_get("edited_at").map_err(db)?)?,
        publish_at: publish_at.as_deref().map(parse_timestamp).transpose()?,
        versions: Vec::new(),
    })
}

impl SqliteStore {
    pub(super) async fn create_story_row(&self, story: &NewStory) -> StoreResult<SaveOutcome> {
        let fields = &story.fields;
        if fields.categories.is_empty() {
            return Err(no_category());
        }
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)?;
        if slug_taken(&mut tx, fields.lang, &fields.slug, None).await? {
            return Ok(SaveOutcome::SlugTaken);
        }
        if language_taken(&mut tx, &story.translation_group, fields.lang, None).await? {
            return Ok(SaveOutcome::LanguageTaken);
        }
        let now = whole_seconds(story.at)?;
        // Published_at holds the start until the first publication.
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO articles (lang, slug, translation_group, kind, title, dek, body_markdown, \
             body_html, caption, byline, status, published_at, author_id, created_at, edited_at, \
             translated_from, revision, row_revision) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, '', '', '', ?7, 'draft', ?8, ?9, ?8, ?8, ?10, 1, 1) \
             RETURNING id",
        )
        .bind(fields.lang.code())
        .bind(&fields.slug)
        .bind(&story.translation_group)
        .bind(fields.kind.as_str())
        .bind(&fields.title)
        .bind(&fields.dek)
        .bind(&fields.byline)
        .bind(&now)
        .bind(actor_id(story.by))
        .bind(story.translated_from)
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        write_row(&mut tx, id, fields, &story.body_html).await?;
        keep_revision(&mut tx, id, 1, fields, &story.body_html, story.by, story.at).await?;
        log(
            &mut tx,
            id,
            &fields.title,
            StoryEvent::Created,
            story.by,
            story.at,
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok(SaveOutcome::Saved {
            story: id,
            revision: 1,
        })
    }

    pub(super) async fn save_story_revision(&self, save: &StorySave) -> StoreResult<SaveOutcome> {
        let fields = &save.fields;
        if fields.categories.is_empty() {
            return Err(no_category());
        }
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)?;
        let Some(was) = standing(&mut tx, save.story).await? else {
            return Ok(SaveOutcome::NoSuchStory);
        };
        if was.revision != save.base_revision {
            return Ok(SaveOutcome::Stale {
                revision: was.revision,
            });
        }
        if slug_taken(&mut tx, fields.lang, &fields.slug, Some(save.story)).await? {
            return Ok(SaveOutcome::SlugTaken);
        }
        if fields.lang != was.lang
            && language_taken(&mut tx, &was.group, fields.lang, Some(save.story)).await?
        {
            return Ok(SaveOutcome::LanguageTaken);
        }
        let newest = was.revision + 1;
        keep_revision(
            &mut tx,
            save.story,
            newest,
            fields,
            &save.body_html,
            save.by,
            save.at,
        )
        .await?;
        // Readers keep what they see of a published story until an editor
        // publishes the new revision.
        let shown = if was.status == StoryStatus::Published {
            was.row_revision
        } else {
            write_row(&mut tx, save.story, fields, &save.body_html).await?;
            newest
        };
        sqlx::query(
            "UPDATE articles SET revision = ?, row_revision = ?, edited_at = ? WHERE id = ?",
        )
        .bind(i64::from(newest))
        .bind(i64::from(shown))
        .bind(whole_seconds(save.at)?)
        .bind(save.story)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(SaveOutcome::Saved {
            story: save.story,
            revision: newest,
        })
    }

    pub(super) async fn load_story(&self, id: i64) -> StoreResult<Option<Story>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        let Some(row) = sqlx::query(
            "SELECT a.translation_group, a.status, a.revision, a.row_revision, a.author_id, \
             COALESCE(u.display_name, '') AS author_name, a.created_at, a.edited_at, \
             a.published_at, a.updated_at, a.ever_published, a.publish_at, a.review_note, \
             a.translated_from \
             FROM articles a LEFT JOIN accounts u ON u.id = a.author_id WHERE a.id = ?",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?
        else {
            return Ok(None);
        };
        let revision = revision_number(row.try_get("revision").map_err(db)?)?;
        let fields = match load_revision(&mut conn, id, revision).await? {
            Some((fields, _)) => fields,
            None if revision == 0 => row_fields(&mut conn, id).await?,
            None => return Err(corrupt(format!("story {id} lacks revision {revision}"))),
        };
        let ever_published: bool = row.try_get("ever_published").map_err(db)?;
        let group: String = row.try_get("translation_group").map_err(db)?;
        let mut versions = Vec::new();
        let rows = sqlx::query(
            "SELECT id, lang, status FROM articles WHERE translation_group = ? ORDER BY lang",
        )
        .bind(&group)
        .fetch_all(&mut *conn)
        .await
        .map_err(db)?;
        for version in &rows {
            versions.push((
                version.try_get("id").map_err(db)?,
                language(version.try_get("lang").map_err(db)?)?,
                stage(version.try_get("status").map_err(db)?)?,
            ));
        }
        let optional_time = |column: &str| -> StoreResult<Option<OffsetDateTime>> {
            let raw: Option<String> = row.try_get(column).map_err(db)?;
            raw.as_deref().map(parse_timestamp).transpose()
        };
        Ok(Some(Story {
            id,
            translation_group: group,
            status: stage(row.try_get("status").map_err(db)?)?,
            fields,
            revision,
            pending: revision_number(row.try_get("row_revision").map_err(db)?)? < revision,
            author: row.try_get("author_id").map_err(db)?,
            author_name: row.try_get("author_name").map_err(db)?,
            created_at: parse_timestamp(row.try_get("created_at").map_err(db)?)?,
            edited_at: parse_timestamp(row.try_get("edited_at").map_err(db)?)?,
            published_at: if ever_published {
                optional_time("published_at")?
            } else {
                None
            },
            updated_at: optional_time("updated_at")?,
            publish_at: optional_time("publish_at")?,
            review_note: row.try_get("review_note").map_err(db)?,
            translated_from: row.try_get("translated_from").map_err(db)?,
            versions,
        }))
    }

    pub(super) async fn list_stories(
        &self,
        filter: &StoryFilter,
        n: u32,
        skip: u64,
    ) -> StoreResult<Page<StoryLine>> {
        let fts_query = match &filter.terms {
            Some(terms) => match fts::fts_query(terms.words()) {
                Some(query) => Some(query),
                // Nothing searchable survived quoting: nothing can match.
                None => {
                    return Ok(Page {
                        items: Vec::new(),
                        total: 0,
                    });
                }
            },
            None => None,
        };
        const FILTERS: &str = "(?1 IS NULL OR a.lang = ?1) \
             AND (?2 IS NULL OR EXISTS (SELECT 1 FROM article_categories c \
                  WHERE c.article_id = a.id AND c.category = ?2)) \
             AND (?3 IS NULL OR a.status = ?3) \
             AND (?4 IS NULL OR a.author_id = ?4) \
             AND (?5 IS NULL OR a.id IN (SELECT rowid FROM search_index WHERE search_index MATCH ?5))";
        let sql = format!(
            "SELECT a.id, a.lang, a.slug, a.title, a.status, a.edited_at, a.publish_at, \
             a.translation_group, COALESCE(u.display_name, '') AS author_name, \
             (SELECT c.category FROM article_categories c WHERE c.article_id = a.id \
              ORDER BY c.position LIMIT 1) AS category \
             FROM articles a LEFT JOIN accounts u ON u.id = a.author_id \
             WHERE {FILTERS} ORDER BY a.edited_at DESC, a.id DESC LIMIT ?6 OFFSET ?7"
        );
        let rows = sqlx::query(&sql)
            .bind(filter.lang.map(Lang::code))
            .bind(filter.category.map(Category::slug))
            .bind(filter.status.map(StoryStatus::code))
            .bind(filter.author)
            .bind(fts_query.as_deref())
            .bind(limit(n))
            .bind(offset(skip))
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        let total: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM articles a WHERE {FILTERS}"))
                .bind(filter.lang.map(Lang::code))
                .bind(filter.category.map(Category::slug))
                .bind(filter.status.map(StoryStatus::code))
                .bind(filter.author)
                .bind(fts_query.as_deref())
                .fetch_one(&self.pool)
                .await
                .map_err(db)?;
        let mut items = Vec::with_capacity(rows.len());
        let mut groups = Vec::with_capacity(rows.len());
        for row in &rows {
            items.push(story_line(row)?);
            groups.push(row.try_get::<String, _>("translation_group").map_err(db)?);
        }
        // Every version of the listed stories, in one query.
        if !groups.is_empty() {
            let marks = vec!["?"; groups.len()].join(", ");
            let sql = format!(
                "SELECT translation_group, lang, status FROM articles \
                 WHERE translation_group IN ({marks}) ORDER BY lang"
            );
            let mut query = sqlx::query(&sql);
            for group in &groups {
                query = query.bind(group);
            }
            let versions = query.fetch_all(&self.pool).await.map_err(db)?;
            for version in &versions {
                let group: &str = version.try_get("translation_group").map_err(db)?;
                let lang = language(version.try_get("lang").map_err(db)?)?;
                let status = stage(version.try_get("status").map_err(db)?)?;
                for (item, _) in items.iter_mut().zip(&groups).filter(|(_, g)| *g == group) {
                    item.versions.push((lang, status));
                }
            }
        }
        Ok(Page {
            items,
            total: u64::try_from(total).map_err(corrupt)?,
        })
    }

    pub(super) async fn act_on_story(
        &self,
        story: i64,
        action: &StoryAction,
        by: Actor,
        at: OffsetDateTime,
    ) -> StoreResult<ActOutcome> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)?;
        let Some(was) = standing(&mut tx, story).await? else {
            return Ok(ActOutcome::NoSuchStory);
        };
        if !action.applies_to().contains(&was.status) {
            return Ok(ActOutcome::WrongStage { status: was.status });
        }
        let outcome = match action {
            StoryAction::Submit => {
                let event = (StoryEvent::Submitted, by, at);
                restage(&mut tx, story, &was, StoryStatus::Review, None, "", event).await?
            }
            StoryAction::SendBack { note } => {
                let event = (StoryEvent::SentBack, by, at);
                restage(&mut tx, story, &was, StoryStatus::Draft, None, note, event).await?
            }
            StoryAction::Schedule { at: when } => {
                let event = (StoryEvent::Scheduled(*when), by, at);
                restage(
                    &mut tx,
                    story,
                    &was,
                    StoryStatus::Scheduled,
                    Some(*when),
                    "",
                    event,
                )
                .await?
            }
            StoryAction::Unpublish => {
                let event = (StoryEvent::Unpublished, by, at);
                restage(
                    &mut tx,
                    story,
                    &was,
                    StoryStatus::Unpublished,
                    None,
                    "",
                    event,
                )
                .await?
            }
            StoryAction::Publish => {
                publish(&mut tx, story, &was, StoryEvent::Published, by, at).await?
            }
            StoryAction::Restore { number } => {
                restore(&mut tx, story, &was, *number, by, at).await?
            }
        };
        if matches!(outcome, ActOutcome::Done { .. }) {
            tx.commit().await.map_err(db)?;
        }
        Ok(outcome)
    }

    pub(super) async fn publish_due_stories(&self, now: OffsetDateTime) -> StoreResult<Vec<i64>> {
        let due: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM articles WHERE status = 'scheduled' AND publish_at <= ? \
             ORDER BY publish_at, id",
        )
        .bind(whole_seconds(now)?)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut published = Vec::with_capacity(due.len());
        for story in due {
            // One transaction a story: one that cannot go out (its slug
            // taken meanwhile) does not hold back the others.
            let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)?;
            let Some(was) = standing(&mut tx, story).await? else {
                continue;
            };
            // An editor may have acted since the list was read.
            if was.status != StoryStatus::Scheduled {
                continue;
            }
            let event = StoryEvent::PublishedOnSchedule;
            match publish(&mut tx, story, &was, event, Actor::CommandLine, now).await? {
                ActOutcome::Done { .. } => {
                    tx.commit().await.map_err(db)?;
                    published.push(story);
                }
                other => tracing::warn!(story, ?other, "a scheduled story could not go out"),
            }
        }
        Ok(published)
    }

    pub(super) async fn next_due_story(&self) -> StoreResult<Option<OffsetDateTime>> {
        let next: Option<String> =
            sqlx::query_scalar("SELECT MIN(publish_at) FROM articles WHERE status = 'scheduled'")
                .fetch_one(&self.pool)
                .await
                .map_err(db)?;
        next.as_deref().map(parse_timestamp).transpose()
    }

    pub(super) async fn story_revisions(&self, story: i64) -> StoreResult<Vec<RevisionLine>> {
        let rows = sqlx::query(
            "SELECT number, saved_at, saved_by_email, json_extract(content, '$.title') AS title \
             FROM story_revisions WHERE article_id = ? ORDER BY number DESC",
        )
        .bind(story)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(RevisionLine {
                    number: revision_number(row.try_get("number").map_err(db)?)?,
                    saved_at: super::accounts::at(row.try_get("saved_at").map_err(db)?)?,
                    saved_by: row.try_get("saved_by_email").map_err(db)?,
                    title: row
                        .try_get::<Option<String>, _>("title")
                        .map_err(db)?
                        .unwrap_or_default(),
                })
            })
            .collect()
    }

    pub(super) async fn story_revision(
        &self,
        story: i64,
        number: u32,
    ) -> StoreResult<Option<StoryFields>> {
        let mut conn = self.pool.acquire().await.map_err(db)?;
        Ok(load_revision(&mut conn, story, number)
            .await?
            .map(|(fields, _)| fields))
    }
}
