-- The outbox retries: each message counts its attempts and waits for its
-- next one; a message given up on keeps when and why. A claim moves the
-- next attempt into the future (a lease), so a process killed mid-send
-- leaves the message to be tried again once the lease runs out.
-- Times here are Unix milliseconds: retries in tests are shorter than a
-- second.
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN failed_at INTEGER;
ALTER TABLE outbox ADD COLUMN last_error TEXT;

CREATE INDEX outbox_due ON outbox (next_attempt_ms)
    WHERE sent_at IS NULL AND failed_at IS NULL;

-- One row that `/readyz` writes, so readiness includes "can write" (a
-- read-only file or a full disk fails here before a reader's save does).
CREATE TABLE readiness_probe (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at INTEGER NOT NULL
);
