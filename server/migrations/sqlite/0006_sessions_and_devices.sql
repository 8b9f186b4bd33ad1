-- Each session names the browser it was started in, for the reader's list
-- of signed-in devices (`wire::device_label`: "Firefox on Android").
ALTER TABLE sessions ADD COLUMN device TEXT NOT NULL DEFAULT '';

-- Browsers that signed in to an account: the device cookie's SHA-256 and
-- when it last signed in. Such a browser is judged by the narrow sign-in
-- limit only (`limits.rs`), so a stranger's guesses cannot lock the reader
-- out of their own account on their own phone.
CREATE TABLE known_devices (
    digest       TEXT NOT NULL,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    last_sign_in INTEGER NOT NULL,
    PRIMARY KEY (digest, account_id)
);

CREATE INDEX known_devices_by_age ON known_devices (last_sign_in);
