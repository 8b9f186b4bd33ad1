-- One number that grows with every change to what a signed-in reader's
-- look-up answers: their account, their session, their reading list and
-- the stories on it. Processes keep those answers in memory for a few
-- seconds (`store/session_cache.rs`) and drop them when this number moves;
-- the triggers bump it in the very transaction of the change.
-- A session only marked seen (`last_seen_at`) does not count: every page
-- look-up does that, and it changes nothing a page shows.
CREATE TABLE session_generation (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);

INSERT INTO session_generation (id, value) VALUES (1, 0);

CREATE TRIGGER accounts_update_bumps_sessions AFTER UPDATE ON accounts
BEGIN UPDATE session_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER accounts_delete_bumps_sessions AFTER DELETE ON accounts
BEGIN UPDATE session_generation SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER sessions_update_bumps_sessions
AFTER UPDATE OF digest, account_id, created_at ON sessions
BEGIN UPDATE session_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER sessions_delete_bumps_sessions AFTER DELETE ON sessions
BEGIN UPDATE session_generation SET value = value + 1 WHERE id = 1; END;

CREATE TRIGGER reading_list_insert_bumps_sessions AFTER INSERT ON reading_list
BEGIN UPDATE session_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER reading_list_update_bumps_sessions AFTER UPDATE ON reading_list
BEGIN UPDATE session_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER reading_list_delete_bumps_sessions AFTER DELETE ON reading_list
BEGIN UPDATE session_generation SET value = value + 1 WHERE id = 1; END;

-- A saved story's title, address and status are on the reader's list.
CREATE TRIGGER articles_update_bumps_sessions AFTER UPDATE ON articles
BEGIN UPDATE session_generation SET value = value + 1 WHERE id = 1; END;
CREATE TRIGGER articles_delete_bumps_sessions AFTER DELETE ON articles
BEGIN UPDATE session_generation SET value = value + 1 WHERE id = 1; END;
