//! SQLite side of the accounts port.

use app::domain::{Lang, Slug};
use app::ssr::accounts::session::{ABSOLUTE_TIMEOUT, IDLE_TIMEOUT};
use app::ssr::accounts::store::{
    AccountStore, MAX_SESSIONS, NewAccount, OutboxCounts, OutgoingMail, SaveOutcome, StoredAccount,
    StoredMail, StoredSaved, StoredSession, Swept,
};
use app::ssr::store::StoreResult;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use time::OffsetDateTime;

use super::{SqliteStore, corrupt, db};

/// A session's last visit is written at most this often (seconds), so
/// reading pages does not turn into a write per request.
const TOUCH_EVERY: i64 = 5 * 60;

const ACCOUNT_COLUMNS: &str = "a.id, a.email, a.display_name, a.lang, a.password_hash";

/// A live session's row (`s`) and its account (`a`): neither idle nor too
/// old. Bound with `live_session_bounds`.
const LIVE_SESSION: &str = "sessions s JOIN accounts a ON a.id = s.account_id \
     WHERE s.digest = ? AND s.created_at > ? AND s.last_seen_at > ?";

/// The bounds `LIVE_SESSION` takes after the digest: a live session at
/// `now` was created and last seen after these times.
fn live_session_bounds(now: i64) -> (i64, i64) {
    (
        now - ABSOLUTE_TIMEOUT.whole_seconds(),
        now - IDLE_TIMEOUT.whole_seconds(),
    )
}

/// A saved story, from the columns `saved_lang`, `saved_slug`,
/// `saved_title` and `saved_at`.
fn saved(row: &SqliteRow, saved_at: i64) -> StoreResult<StoredSaved> {
    Ok(StoredSaved {
        lang: lang(row.try_get("saved_lang").map_err(db)?)?,
        slug: row.try_get("saved_slug").map_err(db)?,
        title: row.try_get("saved_title").map_err(db)?,
        saved_at: at(saved_at)?,
    })
}

pub(super) fn lang(raw: &str) -> StoreResult<Lang> {
    Lang::parse(raw).map_err(|_| corrupt(format!("language {raw:?}")))
}

pub(super) fn at(secs: i64) -> StoreResult<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(secs).map_err(corrupt)
}

fn account(row: &SqliteRow) -> StoreResult<StoredAccount> {
    Ok(StoredAccount {
        id: row.try_get("id").map_err(db)?,
        email: row.try_get("email").map_err(db)?,
        display_name: row.try_get("display_name").map_err(db)?,
        lang: lang(row.try_get("lang").map_err(db)?)?,
        password_hash: row.try_get("password_hash").map_err(db)?,
    })
}

#[async_trait::async_trait]
impl AccountStore for SqliteStore {
    async fn create_account(&self, new: &NewAccount) -> StoreResult<Option<i64>> {
        let inserted = sqlx::query(
            "INSERT INTO accounts (email, display_name, lang, password_hash, created_at) \
             VALUES (?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING RETURNING id",
        )
        .bind(&new.email)
        .bind(&new.display_name)
        .bind(new.lang.code())
        .bind(&new.password_hash)
        .bind(new.created_at.unix_timestamp())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        inserted
            .map(|row| row.try_get("id").map_err(db))
            .transpose()
    }

    async fn account_by_email(&self, email: &str) -> StoreResult<Option<StoredAccount>> {
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.email = ?"
        ))
        .bind(email)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(account).transpose()
    }

    async fn account(&self, id: i64) -> StoreResult<Option<StoredAccount>> {
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = ?"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(account).transpose()
    }

    async fn set_password(&self, id: i64, password_hash: &str) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("UPDATE accounts SET password_hash = ? WHERE id = ?")
            .bind(password_hash)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        // A new password also makes every browser a stranger again: one
        // that signed in with the old (perhaps stolen) one loses its pass.
        for table in ["sessions", "password_resets", "known_devices"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE account_id = ?"))
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        }
        tx.commit().await.map_err(db)
    }

    async fn set_display_name(&self, id: i64, display_name: &str) -> StoreResult<()> {
        sqlx::query("UPDATE accounts SET display_name = ? WHERE id = ?")
            .bind(display_name)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn create_session(
        &self,
        digest: &str,
        account: i64,
        now: OffsetDateTime,
        device: &str,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (digest, account_id, created_at, last_seen_at, device) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(digest)
        .bind(account)
        .bind(now.unix_timestamp())
        .bind(now.unix_timestamp())
        .bind(device)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        sqlx::query(
            "DELETE FROM sessions WHERE account_id = ?1 AND digest NOT IN \
             (SELECT digest FROM sessions WHERE account_id = ?1 \
              ORDER BY last_seen_at DESC, created_at DESC, rowid DESC LIMIT ?2)",
        )
        .bind(account)
        .bind(i64::from(MAX_SESSIONS))
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn sessions(&self, account: i64, now: OffsetDateTime) -> StoreResult<Vec<StoredSession>> {
        let (created_after, seen_after) = live_session_bounds(now.unix_timestamp());
        let rows = sqlx::query(
            "SELECT digest, device, created_at, last_seen_at FROM sessions \
             WHERE account_id = ? AND created_at > ? AND last_seen_at > ? \
             ORDER BY last_seen_at DESC, created_at DESC, rowid DESC",
        )
        .bind(account)
        .bind(created_after)
        .bind(seen_after)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(StoredSession {
                    digest: row.try_get("digest").map_err(db)?,
                    device: row.try_get("device").map_err(db)?,
                    created_at: at(row.try_get("created_at").map_err(db)?)?,
                    last_seen_at: at(row.try_get("last_seen_at").map_err(db)?)?,
                })
            })
            .collect()
    }

    async fn delete_other_sessions(&self, account: i64, keep: &str) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE account_id = ? AND digest <> ?")
            .bind(account)
            .bind(keep)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(done.rows_affected())
    }

    async fn remember_device(
        &self,
        digest: &str,
        account: i64,
        now: OffsetDateTime,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO known_devices (digest, account_id, last_sign_in) VALUES (?, ?, ?) \
             ON CONFLICT (digest, account_id) DO UPDATE SET last_sign_in = excluded.last_sign_in",
        )
        .bind(digest)
        .bind(account)
        .bind(now.unix_timestamp())
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn known_device(
        &self,
        digest: &str,
        account: i64,
        since: OffsetDateTime,
    ) -> StoreResult<bool> {
        let row = sqlx::query(
            "SELECT 1 FROM known_devices WHERE digest = ? AND account_id = ? AND last_sign_in > ?",
        )
        .bind(digest)
        .bind(account)
        .bind(since.unix_timestamp())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        Ok(row.is_some())
    }

    async fn sweep(
        &self,
        now: OffsetDateTime,
        keep_mail: time::Duration,
        keep_devices: time::Duration,
    ) -> StoreResult<Swept> {
        let now_secs = now.unix_timestamp();
        let (created_after, seen_after) = live_session_bounds(now_secs);
        let mut tx = self.pool.begin().await.map_err(db)?;
        let sessions =
            sqlx::query("DELETE FROM sessions WHERE created_at <= ? OR last_seen_at <= ?")
                .bind(created_after)
                .bind(seen_after)
                .execute(&mut *tx)
                .await
                .map_err(db)?
                .rows_affected();
        let reset_links =
            sqlx::query("DELETE FROM password_resets WHERE used_at IS NOT NULL OR expires_at <= ?")
                .bind(now_secs)
                .execute(&mut *tx)
                .await
                .map_err(db)?
                .rows_affected();
        // A message given up on still holds its (by now dead) link: its
        // body goes at once, its envelope with the others.
        sqlx::query(
            "UPDATE outbox SET body_text = '', body_html = '' \
             WHERE failed_at IS NOT NULL AND body_text <> ''",
        )
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let mail = sqlx::query("DELETE FROM outbox WHERE created_at <= ?")
            .bind((now - keep_mail).unix_timestamp())
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected();
        let devices = sqlx::query("DELETE FROM known_devices WHERE last_sign_in <= ?")
            .bind((now - keep_devices).unix_timestamp())
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected();
        tx.commit().await.map_err(db)?;
        Ok(Swept {
            sessions,
            reset_links,
            mail,
            devices,
        })
    }

    async fn session_account(
        &self,
        digest: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<StoredAccount>> {
        let now = now.unix_timestamp();
        let (created_after, seen_after) = live_session_bounds(now);
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS}, s.last_seen_at FROM {LIVE_SESSION}"
        ))
        .bind(digest)
        .bind(created_after)
        .bind(seen_after)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        let Some(row) = row else {
            return Ok(None);
        };
        self.touch_session(digest, &row, now).await?;
        account(&row).map(Some)
    }

    async fn session_with_saved(
        &self,
        digest: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<(StoredAccount, Vec<StoredSaved>)>> {
        // One statement instead of two: each is a trip to the connection's
        // worker thread and back, which a profile of a signed-in reader's
        // page showed. A row per saved story (one with NULLs for an empty
        // list), the account repeated on each.
        let now = now.unix_timestamp();
        let (created_after, seen_after) = live_session_bounds(now);
        let rows = sqlx::query(&format!(
            "SELECT live.*, \
                    l.lang AS saved_lang, l.slug AS saved_slug, l.title AS saved_title, l.saved_at \
             FROM (SELECT {ACCOUNT_COLUMNS}, s.last_seen_at FROM {LIVE_SESSION}) live \
             LEFT JOIN ( \
                 SELECT r.account_id, r.article_id, r.saved_at, x.lang, x.slug, x.title \
                 FROM reading_list r JOIN articles x ON x.id = r.article_id \
                 WHERE x.status = 'published' \
             ) l ON l.account_id = live.id \
             ORDER BY l.saved_at DESC, l.article_id DESC"
        ))
        .bind(digest)
        .bind(created_after)
        .bind(seen_after)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        self.touch_session(digest, first, now).await?;
        let mut list = Vec::with_capacity(rows.len());
        for row in &rows {
            // The one row of an empty list has no saved story.
            if let Some(saved_at) = row.try_get::<Option<i64>, _>("saved_at").map_err(db)? {
                list.push(saved(row, saved_at)?);
            }
        }
        Ok(Some((account(first)?, list)))
    }

    async fn delete_session(&self, digest: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE digest = ?")
            .bind(digest)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn session_generation(&self) -> StoreResult<u64> {
        self.generation("session_generation").await
    }

    async fn create_reset(
        &self,
        digest: &str,
        account: i64,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO password_resets (digest, account_id, expires_at) VALUES (?, ?, ?)",
        )
        .bind(digest)
        .bind(account)
        .bind(expires_at.unix_timestamp())
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn reset_account(
        &self,
        digest: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<StoredAccount>> {
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM password_resets r JOIN accounts a ON a.id = r.account_id \
             WHERE r.digest = ? AND r.used_at IS NULL AND r.expires_at > ?"
        ))
        .bind(digest)
        .bind(now.unix_timestamp())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(account).transpose()
    }

    async fn take_reset(&self, digest: &str, now: OffsetDateTime) -> StoreResult<Option<i64>> {
        // One statement, so two uses of the same link cannot both succeed.
        let row = sqlx::query(
            "UPDATE password_resets SET used_at = ?1 \
             WHERE digest = ?2 AND used_at IS NULL AND expires_at > ?1 RETURNING account_id",
        )
        .bind(now.unix_timestamp())
        .bind(digest)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.map(|r| r.try_get("account_id").map_err(db)).transpose()
    }

    async fn saved(&self, account: i64) -> StoreResult<Vec<StoredSaved>> {
        let rows = sqlx::query(
            "SELECT a.lang AS saved_lang, a.slug AS saved_slug, a.title AS saved_title, \
                    r.saved_at \
             FROM reading_list r \
             JOIN articles a ON a.id = r.article_id \
             WHERE r.account_id = ? AND a.status = 'published' \
             ORDER BY r.saved_at DESC, r.article_id DESC",
        )
        .bind(account)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| saved(row, row.try_get("saved_at").map_err(db)?))
            .collect()
    }

    async fn save(
        &self,
        account: i64,
        lang: Lang,
        slug: &Slug,
        saved_at: OffsetDateTime,
        limit: usize,
    ) -> StoreResult<SaveOutcome> {
        // One statement: concurrent saves cannot slip past the limit, and
        // nothing reads a snapshot that another writer has moved on from.
        let inserted = sqlx::query(
            "INSERT INTO reading_list (account_id, article_id, saved_at) \
             SELECT ?1, a.id, ?2 FROM articles a \
             WHERE a.lang = ?3 AND a.slug = ?4 AND a.status = 'published' \
               AND (SELECT COUNT(*) FROM reading_list WHERE account_id = ?1) < ?5 \
             ON CONFLICT (account_id, article_id) DO NOTHING",
        )
        .bind(account)
        .bind(saved_at.unix_timestamp())
        .bind(lang.code())
        .bind(slug.as_str())
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .execute(&self.pool)
        .await
        .map_err(db)?
        .rows_affected();
        if inserted == 1 {
            return Ok(SaveOutcome::Saved);
        }
        // Nothing inserted: say why. The story was either already saved
        // or the list full when the insert ran; an unsave of the same
        // story from another tab may have come in between, so a list with
        // room left means it was saved (and then unsaved), never "full".
        let row = sqlx::query(
            "SELECT a.id, EXISTS (SELECT 1 FROM reading_list r \
                 WHERE r.account_id = ?1 AND r.article_id = a.id) AS saved, \
                 (SELECT COUNT(*) FROM reading_list WHERE account_id = ?1) AS saved_count \
             FROM articles a WHERE a.lang = ?2 AND a.slug = ?3 AND a.status = 'published'",
        )
        .bind(account)
        .bind(lang.code())
        .bind(slug.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        let Some(row) = row else {
            return Ok(SaveOutcome::NoSuchArticle);
        };
        let saved: bool = row.try_get("saved").map_err(db)?;
        let count: i64 = row.try_get("saved_count").map_err(db)?;
        Ok(
            if !saved && usize::try_from(count).unwrap_or(usize::MAX) >= limit {
                SaveOutcome::ListFull
            } else {
                SaveOutcome::AlreadySaved
            },
        )
    }

    async fn unsave(&self, account: i64, lang: Lang, slug: &Slug) -> StoreResult<()> {
        sqlx::query(
            "DELETE FROM reading_list WHERE account_id = ? AND article_id IN \
             (SELECT id FROM articles WHERE lang = ? AND slug = ?)",
        )
        .bind(account)
        .bind(lang.code())
        .bind(slug.as_str())
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    async fn queue_mail(&self, mail: &OutgoingMail, now: OffsetDateTime) -> StoreResult<i64> {
        self.insert_mail(mail, now).await
    }

    async fn mark_sent(&self, id: i64, now: OffsetDateTime) -> StoreResult<()> {
        self.mail_sent(id, now).await
    }

    async fn outbox(&self, to: Option<&str>) -> StoreResult<Vec<StoredMail>> {
        self.mail_list(to).await
    }

    async fn claim_due_mail(
        &self,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<StoredMail>> {
        self.mail_claim(now, lease_until, limit).await
    }

    async fn retry_mail_at(&self, id: i64, at: OffsetDateTime, error: &str) -> StoreResult<()> {
        self.mail_retry(id, at, error).await
    }

    async fn give_up_mail(&self, id: i64, now: OffsetDateTime, error: &str) -> StoreResult<()> {
        self.mail_give_up(id, now, error).await
    }

    async fn release_mail(&self, id: i64) -> StoreResult<()> {
        self.mail_release(id).await
    }

    async fn next_mail_due(&self) -> StoreResult<Option<OffsetDateTime>> {
        self.mail_next_due().await
    }

    async fn outbox_counts(&self) -> StoreResult<OutboxCounts> {
        self.mail_counts().await
    }
}

impl SqliteStore {
    /// Marks a live session seen (its `last_seen_at` is in `row`), at most
    /// every `TOUCH_EVERY` seconds.
    async fn touch_session(&self, digest: &str, row: &SqliteRow, now: i64) -> StoreResult<()> {
        let last_seen: i64 = row.try_get("last_seen_at").map_err(db)?;
        if now - last_seen >= TOUCH_EVERY {
            sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE digest = ?")
                .bind(now)
                .bind(digest)
                .execute(&self.pool)
                .await
                .map_err(db)?;
        }
        Ok(())
    }
}
