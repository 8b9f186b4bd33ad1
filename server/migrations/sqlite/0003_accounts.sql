-- Reader accounts, their sessions and reset links, reading lists, and the
-- mail outbox. Times here are Unix seconds (UTC): sessions are compared
-- against "now" on every request.
CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    -- Trimmed and lower-cased by the app: one mailbox, one account.
    email         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    lang          TEXT NOT NULL REFERENCES languages (code),
    -- argon2id PHC string.
    password_hash TEXT NOT NULL,
    -- Readers register themselves; editors and admins are made by hand.
    role          TEXT NOT NULL DEFAULT 'reader' CHECK (role IN ('reader', 'editor', 'admin')),
    created_at    INTEGER NOT NULL
);

-- Only the SHA-256 of each token is stored.
CREATE TABLE sessions (
    digest       TEXT PRIMARY KEY NOT NULL,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);

CREATE INDEX sessions_by_account ON sessions (account_id);

CREATE TABLE password_resets (
    digest     TEXT PRIMARY KEY NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);

CREATE TABLE reading_list (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    saved_at   INTEGER NOT NULL,
    PRIMARY KEY (account_id, article_id)
);

CREATE INDEX reading_list_newest ON reading_list (account_id, saved_at DESC);

CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    recipient  TEXT NOT NULL,
    lang       TEXT NOT NULL REFERENCES languages (code),
    subject    TEXT NOT NULL,
    body_text  TEXT NOT NULL,
    body_html  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at    INTEGER
);

CREATE INDEX outbox_by_recipient ON outbox (recipient, id DESC);
