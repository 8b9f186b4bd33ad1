//! The accounts half of the storage port (server only): accounts, sessions,
//! reset links, reading lists and the mail outbox.

use std::sync::Arc;

use time::OffsetDateTime;

use crate::domain::{Lang, Slug};
use crate::ssr::store::StoreResult;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAccount {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    /// The preferred language of emails to this reader.
    pub lang: Lang,
    pub password_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub email: String,
    pub display_name: String,
    pub lang: Lang,
    pub password_hash: String,
    pub created_at: OffsetDateTime,
}

/// A story on a stored reading list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSaved {
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub saved_at: OffsetDateTime,
}

/// What `save` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    Saved,
    AlreadySaved,
    NoSuchArticle,
    ListFull,
}

/// A message waiting in (or sent from) the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: String,
    pub lang: Lang,
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMail {
    pub id: i64,
    pub mail: OutgoingMail,
    pub created_at: OffsetDateTime,
    pub sent_at: Option<OffsetDateTime>,
    /// Sending attempts so far (a claimed message counts its current one).
    pub attempts: u32,
    /// When sending was given up on; the message is then never tried again.
    pub failed_at: Option<OffsetDateTime>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
}

/// A signed-in browser, as the account page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    /// The session's digest: never shown (the page names it by a handle).
    pub digest: String,
    /// The browser and system, as told at sign-in (`wire::device_label`).
    pub device: String,
    pub created_at: OffsetDateTime,
    pub last_seen_at: OffsetDateTime,
}

/// What a clean-up removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Swept {
    pub sessions: u64,
    pub reset_links: u64,
    pub mail: u64,
    pub devices: u64,
}

/// How many messages wait to be sent, and how many were given up on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutboxCounts {
    pub pending: u64,
    pub failed: u64,
}

/// The most sessions one account keeps: a new one beyond it ends the least
/// recently seen, so signing in again and again cannot grow the account's
/// list (or the table) without bound.
pub const MAX_SESSIONS: u32 = 20;

#[async_trait::async_trait]
pub trait AccountStore: Send + Sync + 'static {
    /// `None` when the email already has an account.
    async fn create_account(&self, account: &NewAccount) -> StoreResult<Option<i64>>;
    async fn account_by_email(&self, email: &str) -> StoreResult<Option<StoredAccount>>;
    async fn account(&self, id: i64) -> StoreResult<Option<StoredAccount>>;
    /// Replaces the hash, ends every session and reset link of the account
    /// and forgets the browsers that signed in to it.
    async fn set_password(&self, id: i64, password_hash: &str) -> StoreResult<()>;
    async fn set_display_name(&self, id: i64, display_name: &str) -> StoreResult<()>;

    /// `device` names the browser for the account's list of sessions. The
    /// account keeps its [`MAX_SESSIONS`] most recently seen sessions.
    async fn create_session(
        &self,
        digest: &str,
        account: i64,
        now: OffsetDateTime,
        device: &str,
    ) -> StoreResult<()>;
    /// The account's live sessions, most recently seen first.
    async fn sessions(&self, account: i64, now: OffsetDateTime) -> StoreResult<Vec<StoredSession>>;
    /// Ends every session of the account but `keep`.
    async fn delete_other_sessions(&self, account: i64, keep: &str) -> StoreResult<u64>;
    /// The account of a live session (neither idle nor too old); marks it seen.
    async fn session_account(
        &self,
        digest: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<StoredAccount>>;
    /// What a signed-in reader's page needs: the session's account (as
    /// `session_account`, which it marks seen) and its reading list (as
    /// `saved`). Every page of a signed-in reader asks for both, so a store
    /// that can answer in one round trip should.
    async fn session_with_saved(
        &self,
        digest: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<(StoredAccount, Vec<StoredSaved>)>> {
        let Some(account) = self.session_account(digest, now).await? else {
            return Ok(None);
        };
        let saved = self.saved(account.id).await?;
        Ok(Some((account, saved)))
    }
    async fn delete_session(&self, digest: &str) -> StoreResult<()>;
    /// A number that grows with every change to what `session_account` and
    /// `session_with_saved` answer, whoever makes it (this process or
    /// another on the same database); marking a session seen is not one.
    /// It lets a process keep those answers for a moment and still notice
    /// a sign-out, a rename or a save made elsewhere.
    async fn session_generation(&self) -> StoreResult<u64>;

    /// Remembers that the browser holding device token `digest` signed in
    /// to `account` at `now`.
    async fn remember_device(
        &self,
        digest: &str,
        account: i64,
        now: OffsetDateTime,
    ) -> StoreResult<()>;
    /// Whether that browser signed in to `account` after `since`.
    async fn known_device(
        &self,
        digest: &str,
        account: i64,
        since: OffsetDateTime,
    ) -> StoreResult<bool>;

    /// Deletes what has no use left at `now`: expired sessions, reset
    /// links used or expired, every message older than `keep_mail` (sent,
    /// given up on, or never sent: its link expired long ago) and devices
    /// that have not signed in for `keep_devices`.
    async fn sweep(
        &self,
        now: OffsetDateTime,
        keep_mail: time::Duration,
        keep_devices: time::Duration,
    ) -> StoreResult<Swept>;

    async fn create_reset(
        &self,
        digest: &str,
        account: i64,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()>;
    /// The account of an unused, unexpired reset link, which stays usable.
    async fn reset_account(
        &self,
        digest: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<StoredAccount>>;
    /// The account of an unused, unexpired reset link, used up by this call.
    async fn take_reset(&self, digest: &str, now: OffsetDateTime) -> StoreResult<Option<i64>>;

    /// Newest saved first.
    async fn saved(&self, account: i64) -> StoreResult<Vec<StoredSaved>>;
    async fn save(
        &self,
        account: i64,
        lang: Lang,
        slug: &Slug,
        saved_at: OffsetDateTime,
        limit: usize,
    ) -> StoreResult<SaveOutcome>;
    async fn unsave(&self, account: i64, lang: Lang, slug: &Slug) -> StoreResult<()>;

    async fn queue_mail(&self, mail: &OutgoingMail, now: OffsetDateTime) -> StoreResult<i64>;
    async fn mark_sent(&self, id: i64, now: OffsetDateTime) -> StoreResult<()>;
    /// Newest first; only messages to `to` when given.
    async fn outbox(&self, to: Option<&str>) -> StoreResult<Vec<StoredMail>>;
    /// Claims up to `limit` messages due at `now`, oldest first: each
    /// counts one more attempt and is not due again until `lease_until`,
    /// so a sender that dies mid-send leaves it to be tried once more.
    async fn claim_due_mail(
        &self,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<StoredMail>>;
    /// A claimed message failed: try it again at `at`.
    async fn retry_mail_at(&self, id: i64, at: OffsetDateTime, error: &str) -> StoreResult<()>;
    /// A claimed message failed for the last time: never try it again.
    async fn give_up_mail(&self, id: i64, now: OffsetDateTime, error: &str) -> StoreResult<()>;
    /// A claimed message was not sent (the process is stopping): due now
    /// again, and the unfinished attempt does not count.
    async fn release_mail(&self, id: i64) -> StoreResult<()>;
    /// When the next unsent message is due, if any is waiting.
    async fn next_mail_due(&self) -> StoreResult<Option<OffsetDateTime>>;
    async fn outbox_counts(&self) -> StoreResult<OutboxCounts>;
}

pub type SharedAccounts = Arc<dyn AccountStore>;

/// Delivers queued mail (SMTP, or nowhere when none is configured). The
/// message is already in the outbox when this is called.
#[async_trait::async_trait]
pub trait MailSender: Send + Sync + 'static {
    async fn deliver(&self, id: i64, mail: OutgoingMail);
}

pub type SharedMailSender = Arc<dyn MailSender>;
