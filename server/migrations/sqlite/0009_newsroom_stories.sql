-- The newsroom writes stories in the database itself. An article row is a
-- story in one language at every stage of its life, not only once it is
-- live; readers' queries keep asking for status = 'published'.

-- Triggers are remade below, once `status` knows its new values.
DROP TRIGGER articles_insert_bumps;
DROP TRIGGER articles_update_bumps;
DROP TRIGGER articles_delete_bumps;
DROP TRIGGER categories_insert_bumps;
DROP TRIGGER categories_update_bumps;
DROP TRIGGER categories_delete_bumps;
DROP TRIGGER gallery_insert_bumps;
DROP TRIGGER gallery_update_bumps;
DROP TRIGGER gallery_delete_bumps;

-- SQLite cannot change a CHECK in place: the status moves to a new column
-- with the five stages, and takes the old one's name.
ALTER TABLE articles ADD COLUMN stage TEXT NOT NULL DEFAULT 'draft'
    CHECK (stage IN ('draft', 'review', 'scheduled', 'published', 'unpublished'));
UPDATE articles SET stage = status;
DROP INDEX articles_by_lang_and_date;
ALTER TABLE articles DROP COLUMN status;
ALTER TABLE articles RENAME COLUMN stage TO status;
CREATE INDEX articles_by_lang_and_date ON articles (lang, status, published_at DESC);

-- Who started the story; NULL for imported stories (and accounts since deleted).
ALTER TABLE articles ADD COLUMN author_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL;
-- When the story was started and last saved (RFC 3339, UTC, like
-- published_at). For a story never published, published_at holds the
-- time it was started until it is published.
ALTER TABLE articles ADD COLUMN created_at TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN edited_at TEXT NOT NULL DEFAULT '';
UPDATE articles SET created_at = published_at, edited_at = COALESCE(updated_at, published_at);
-- When a scheduled story goes live (RFC 3339, UTC); NULL unless scheduled.
ALTER TABLE articles ADD COLUMN publish_at TEXT;
-- An editor's note when sending a story back to its writer.
ALTER TABLE articles ADD COLUMN review_note TEXT NOT NULL DEFAULT '';
-- The version a translation was started from, until the translator is done.
ALTER TABLE articles ADD COLUMN translated_from INTEGER REFERENCES articles (id) ON DELETE SET NULL;
-- The number of the newest revision: a save names the revision it edits,
-- so two people saving the same story cannot overwrite each other unseen.
ALTER TABLE articles ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
-- The revision this row shows. A published story's later saves wait in
-- its revisions until an editor updates it, so half-done edits never
-- reach readers; any other story's row always shows its newest revision.
ALTER TABLE articles ADD COLUMN row_revision INTEGER NOT NULL DEFAULT 0;
-- Whether readers have ever seen it: the first publication sets
-- published_at, a later one (after an unpublish) shows "Updated".
ALTER TABLE articles ADD COLUMN ever_published INTEGER NOT NULL DEFAULT 0
    CHECK (ever_published IN (0, 1));
UPDATE articles SET ever_published = 1 WHERE status IN ('published', 'unpublished');

CREATE INDEX articles_by_edit ON articles (edited_at DESC, id DESC);
CREATE INDEX articles_due ON articles (publish_at) WHERE status = 'scheduled';

-- Every save of a story, kept: its editable fields as a JSON document (so
-- a later field does not need a new column here) and the body as readers
-- get it, so publishing or restoring a revision renders nothing again.
CREATE TABLE story_revisions (
    article_id     INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    number         INTEGER NOT NULL,
    saved_at       INTEGER NOT NULL,
    saved_by       INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    -- Empty for the command line (import).
    saved_by_email TEXT NOT NULL,
    content        TEXT NOT NULL,
    body_html      TEXT NOT NULL,
    PRIMARY KEY (article_id, number)
);

-- The audit log learns story actions: it is rebuilt with a story column
-- and a wider CHECK (nothing refers to it, so the copy is all it takes).
CREATE TABLE audit_log_next (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor_id    INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    actor_email TEXT NOT NULL,
    -- 'role': `detail` is "from>to". 'story': `detail` names what was done
    -- ('created', 'submitted', 'published', 'scheduled', 'unpublished',
    -- 'sent_back', 'restored', 'updated'), with its argument after a ':'.
    action      TEXT NOT NULL CHECK (action IN ('role', 'story')),
    account_id  INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    article_id  INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    -- The story's headline when the line was written, so a line still
    -- says which story after the story is gone.
    headline    TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL
);
INSERT INTO audit_log_next (id, at, actor_id, actor_email, action, account_id, detail)
    SELECT id, at, actor_id, actor_email, action, account_id, detail FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_next RENAME TO audit_log;
CREATE INDEX audit_log_newest ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_by_story ON audit_log (article_id, at DESC) WHERE article_id IS NOT NULL;

-- The page cache's generation moves only when what readers can see does:
-- a draft saved every few seconds must not empty the cache each time, nor
-- may a published story's waiting revision, which changes only the
-- newsroom's columns (revision, edited_at).
CREATE TRIGGER articles_insert_bumps AFTER INSERT ON articles
WHEN NEW.status = 'published'
BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER articles_update_bumps AFTER UPDATE OF
    lang, slug, translation_group, kind, title, dek, body_html, image_src,
    image_alt, image_width, image_height, caption, byline, video_src, status, published_at,
    updated_at
ON articles
WHEN OLD.status = 'published' OR NEW.status = 'published'
BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER articles_delete_bumps AFTER DELETE ON articles
WHEN OLD.status = 'published'
BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER categories_insert_bumps AFTER INSERT ON article_categories
WHEN (SELECT status FROM articles WHERE id = NEW.article_id) = 'published'
BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER categories_update_bumps AFTER UPDATE ON article_categories
WHEN (SELECT status FROM articles WHERE id = NEW.article_id) = 'published'
BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER categories_delete_bumps AFTER DELETE ON article_categories
WHEN (SELECT status FROM articles WHERE id = OLD.article_id) = 'published'
BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER gallery_insert_bumps AFTER INSERT ON gallery_photos
WHEN (SELECT status FROM articles WHERE id = NEW.article_id) = 'published'
BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER gallery_update_bumps AFTER UPDATE ON gallery_photos
WHEN (SELECT status FROM articles WHERE id = NEW.article_id) = 'published'
BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER gallery_delete_bumps AFTER DELETE ON gallery_photos
WHEN (SELECT status FROM articles WHERE id = OLD.article_id) = 'published'
BEGIN UPDATE content_generation SET value = value + 1 WHERE id = 1; END;

-- Likewise for signed-in readers' look-ups: a story's changes matter to
-- them only while it is on somebody's reading list.
CREATE INDEX reading_list_by_article ON reading_list (article_id);
DROP TRIGGER articles_update_bumps_sessions;
CREATE TRIGGER articles_update_bumps_sessions AFTER UPDATE OF
    lang, slug, translation_group, kind, title, dek, body_html, image_src,
    image_alt, image_width, image_height, caption, byline, video_src, status, published_at,
    updated_at
ON articles
WHEN EXISTS (SELECT 1 FROM reading_list WHERE article_id = NEW.id)
BEGIN UPDATE session_generation SET value = value + 1 WHERE id = 1; END;
