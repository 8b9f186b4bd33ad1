-- The newsroom's people. A reader has no row in `staff`; a writer, editor
-- or admin has one. Roles used to be a column of `accounts` that nothing
-- read, and that knew no writers: it goes, so there is one place to look.
ALTER TABLE accounts DROP COLUMN role;

CREATE TABLE staff (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('writer', 'editor', 'admin')),
    -- When the account got its present role (Unix seconds, UTC).
    since      INTEGER NOT NULL
);

CREATE INDEX staff_by_role ON staff (role);

-- Who did what in the newsroom, and when. Lines are only ever added. An
-- account deleted later leaves its lines: `actor_id` and `account_id`
-- become NULL, and `actor_email` still names who acted.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    -- NULL: the server's command line (or an account deleted since).
    actor_id    INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    -- Empty for the command line.
    actor_email TEXT NOT NULL,
    -- 'role': `detail` holds the old and new roles as "from>to", each
    -- 'reader' when there was none.
    action      TEXT NOT NULL CHECK (action IN ('role')),
    account_id  INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    detail      TEXT NOT NULL
);

CREATE INDEX audit_log_newest ON audit_log (at DESC, id DESC);
