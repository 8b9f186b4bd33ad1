-- Languages and sections the site publishes in. Their names live in the UI
-- strings (app/locales), so only the identifiers are stored here.
CREATE TABLE languages (
    code TEXT PRIMARY KEY NOT NULL,
    dir  TEXT NOT NULL CHECK (dir IN ('ltr', 'rtl'))
);

INSERT INTO languages (code, dir) VALUES
    ('ar', 'rtl'), ('en', 'ltr'), ('fr', 'ltr'), ('de', 'ltr'), ('ps', 'rtl'),
    ('fa', 'rtl'), ('ru', 'ltr'), ('es', 'ltr'), ('tg', 'ltr');

CREATE TABLE categories (
    slug     TEXT PRIMARY KEY NOT NULL,
    position INTEGER NOT NULL
);

INSERT INTO categories (slug, position) VALUES
    ('afghanistan', 1), ('world', 2), ('arts-culture', 3), ('history', 4),
    ('business', 5), ('sport', 6), ('women-studies', 7), ('videos', 8), ('photos', 9);

-- One row per language version of a story; versions of the same story share
-- a translation_group. Timestamps are UTC RFC 3339 ('2026-11-26T07:30:00Z'),
-- which sorts in time order as text.
CREATE TABLE articles (
    id                INTEGER PRIMARY KEY,
    lang              TEXT NOT NULL REFERENCES languages (code),
    slug              TEXT NOT NULL,
    translation_group TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('text', 'video', 'gallery')),
    title             TEXT NOT NULL,
    dek               TEXT NOT NULL,
    body_markdown     TEXT NOT NULL,
    body_html         TEXT NOT NULL,
    image_src         TEXT,
    image_alt         TEXT NOT NULL DEFAULT '',
    image_width       INTEGER,
    image_height      INTEGER,
    caption           TEXT NOT NULL DEFAULT '',
    byline            TEXT NOT NULL,
    video_src         TEXT,
    status            TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    published_at      TEXT NOT NULL,
    updated_at        TEXT,
    UNIQUE (lang, slug),
    UNIQUE (translation_group, lang)
);

CREATE INDEX articles_by_lang_and_date ON articles (lang, status, published_at DESC);

CREATE TABLE article_categories (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    category   TEXT NOT NULL REFERENCES categories (slug),
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, category)
);

CREATE INDEX article_categories_by_category ON article_categories (category, article_id);

CREATE TABLE gallery_photos (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    src        TEXT NOT NULL,
    caption    TEXT NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    PRIMARY KEY (article_id, position)
);
