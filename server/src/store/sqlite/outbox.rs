//! SQLite side of the mail outbox: queueing, the courier's claims and
//! retries, and what the operator's `outbox` command and metrics read.

use app::ssr::accounts::store::{OutboxCounts, OutgoingMail, StoredMail};
use app::ssr::store::StoreResult;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use time::OffsetDateTime;

use super::accounts::{at, lang};
use super::{SqliteStore, corrupt, db};

const MAIL_COLUMNS: &str = "id, recipient, lang, subject, body_text, body_html, created_at, \
     sent_at, attempts, failed_at, last_error";

/// An unsent message still worth trying.
const PENDING: &str = "sent_at IS NULL AND failed_at IS NULL";

fn millis(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

fn from_millis(ms: i64) -> StoreResult<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).map_err(corrupt)
}

fn stored_mail(row: &SqliteRow) -> StoreResult<StoredMail> {
    let sent: Option<i64> = row.try_get("sent_at").map_err(db)?;
    let failed: Option<i64> = row.try_get("failed_at").map_err(db)?;
    let attempts: i64 = row.try_get("attempts").map_err(db)?;
    Ok(StoredMail {
        id: row.try_get("id").map_err(db)?,
        mail: OutgoingMail {
            to: row.try_get("recipient").map_err(db)?,
            lang: lang(row.try_get("lang").map_err(db)?)?,
            subject: row.try_get("subject").map_err(db)?,
            text: row.try_get("body_text").map_err(db)?,
            html: row.try_get("body_html").map_err(db)?,
        },
        created_at: at(row.try_get("created_at").map_err(db)?)?,
        sent_at: sent.map(at).transpose()?,
        attempts: u32::try_from(attempts).map_err(corrupt)?,
        failed_at: failed.map(at).transpose()?,
        last_error: row.try_get("last_error").map_err(db)?,
    })
}

impl SqliteStore {
    pub(super) async fn insert_mail(
        &self,
        mail: &OutgoingMail,
        now: OffsetDateTime,
    ) -> StoreResult<i64> {
        sqlx::query_scalar(
            "INSERT INTO outbox (recipient, lang, subject, body_text, body_html, created_at) \
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&mail.to)
        .bind(mail.lang.code())
        .bind(&mail.subject)
        .bind(&mail.text)
        .bind(&mail.html)
        .bind(now.unix_timestamp())
        .fetch_one(&self.pool)
        .await
        .map_err(db)
    }

    pub(super) async fn mail_sent(&self, id: i64, now: OffsetDateTime) -> StoreResult<()> {
        // A sent message's body (a live reset link) need not stay around.
        sqlx::query(
            "UPDATE outbox SET sent_at = ?, body_text = '', body_html = '', last_error = NULL \
             WHERE id = ?",
        )
        .bind(now.unix_timestamp())
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    pub(super) async fn mail_list(&self, to: Option<&str>) -> StoreResult<Vec<StoredMail>> {
        let rows = sqlx::query(&format!(
            "SELECT {MAIL_COLUMNS} FROM outbox WHERE ?1 IS NULL OR recipient = ?1 ORDER BY id DESC"
        ))
        .bind(to)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(stored_mail).collect()
    }

    /// One statement, so two couriers (two processes on one database)
    /// never claim the same message.
    pub(super) async fn mail_claim(
        &self,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<StoredMail>> {
        let rows = sqlx::query(&format!(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = ?1 \
             WHERE id IN (SELECT id FROM outbox WHERE {PENDING} AND next_attempt_ms <= ?2 \
                          ORDER BY next_attempt_ms, id LIMIT ?3) \
             RETURNING {MAIL_COLUMNS}"
        ))
        .bind(millis(lease_until))
        .bind(millis(now))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut claimed: Vec<StoredMail> =
            rows.iter().map(stored_mail).collect::<Result<_, _>>()?;
        claimed.sort_by_key(|mail| mail.id);
        Ok(claimed)
    }

    pub(super) async fn mail_retry(
        &self,
        id: i64,
        at: OffsetDateTime,
        error: &str,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE outbox SET next_attempt_ms = ?, last_error = ? WHERE id = ?")
            .bind(millis(at))
            .bind(error)
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    pub(super) async fn mail_give_up(
        &self,
        id: i64,
        now: OffsetDateTime,
        error: &str,
    ) -> StoreResult<()> {
        // The body holds a reset link that will never be sent: drop it.
        sqlx::query(
            "UPDATE outbox SET failed_at = ?, last_error = ?, body_text = '', body_html = '' \
             WHERE id = ?",
        )
        .bind(now.unix_timestamp())
        .bind(error)
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    pub(super) async fn mail_release(&self, id: i64) -> StoreResult<()> {
        sqlx::query(&format!(
            "UPDATE outbox SET next_attempt_ms = 0, attempts = MAX(attempts - 1, 0) \
             WHERE id = ? AND {PENDING}"
        ))
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    pub(super) async fn mail_next_due(&self) -> StoreResult<Option<OffsetDateTime>> {
        let next: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT MIN(next_attempt_ms) FROM outbox WHERE {PENDING}"
        ))
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        next.map(from_millis).transpose()
    }

    pub(super) async fn mail_counts(&self) -> StoreResult<OutboxCounts> {
        let (pending, failed): (i64, i64) = sqlx::query_as(&format!(
            "SELECT COUNT(*) FILTER (WHERE {PENDING}), COUNT(*) FILTER (WHERE failed_at IS NOT NULL) \
             FROM outbox"
        ))
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        Ok(OutboxCounts {
            pending: u64::try_from(pending).map_err(corrupt)?,
            failed: u64::try_from(failed).map_err(corrupt)?,
        })
    }
}
