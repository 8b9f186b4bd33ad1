//! Signed-in readers' look-ups, kept in memory for a moment. Every page of
//! a signed-in reader asks the database for the session and its reading
//! list (`session_with_saved`): one trip to SQLite's worker thread and
//! back, which a profile of a signed-in reader's uncached article showed
//! as most of what that page costs over an anonymous one. A reader going
//! from story to story asks the same question again and again, and the
//! answer seldom changes.
//!
//! A kept answer is used only while all of these hold:
//! - it was loaded less than `SessionCache::KEEP_FOR` before the
//!   look-up's own time (the `now` the caller passes): a session's idle or
//!   absolute timeout is overshot by that much at most, and the database
//!   still marks an active session seen long before it could go idle;
//! - no write that changes such answers went through this cache since (a
//!   sign-out, a save, a new password or name here are seen by the very
//!   next request);
//! - the session generation (`AccountStore::session_generation`, bumped by
//!   the database in the transaction of every change to accounts,
//!   sessions, reading lists and their stories) is the one it was loaded
//!   at: a change made by another process, or a story unpublished through
//!   the content store, is seen within `CHECK_EVERY`.
//!
//! Only live sessions are kept: an ended or forged token always asks the
//! database, so made-up tokens cannot push real readers out.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use app::domain::{Lang, Slug};
use app::ssr::accounts::store::{
    AccountStore, NewAccount, OutboxCounts, OutgoingMail, SaveOutcome, SharedAccounts,
    StoredAccount, StoredMail, StoredSaved, StoredSession, Swept,
};
use app::ssr::store::StoreResult;
use time::OffsetDateTime;

use super::generation::{CHECK_EVERY, GenerationClock};
use crate::lru::{Lru, Weigh};

/// The memory the kept answers may take, by estimate: a reader with an
/// empty list takes about 300 bytes, one with a full list about 100 KB.
const MAX_BYTES: usize = 8 * 1024 * 1024;

/// One live session's look-up, as loaded.
struct Kept {
    /// The look-up's time (the caller's `now`) when it was loaded.
    at: OffsetDateTime,
    generation: u64,
    writes: u64,
    account: StoredAccount,
    saved: Vec<StoredSaved>,
}

impl Weigh for Kept {
    fn weight(&self) -> usize {
        let account = &self.account;
        let saved: usize = self
            .saved
            .iter()
            .map(|s| std::mem::size_of::<StoredSaved>() + s.slug.len() + s.title.len())
            .sum();
        std::mem::size_of::<Kept>()
            + account.email.len()
            + account.display_name.len()
            + account.password_hash.len()
            + saved
    }
}

pub struct SessionCache {
    inner: SharedAccounts,
    /// `None` when turned off: every look-up goes to the database.
    kept: Option<Mutex<Lru<String, Arc<Kept>>>>,
    clock: GenerationClock,
    /// Writes made through this cache that change look-ups' answers.
    writes: AtomicU64,
}

impl SessionCache {
    /// How long after its loading a kept look-up may still be used.
    pub const KEEP_FOR: time::Duration = time::Duration::seconds(30);

    /// Keeps look-ups in front of `inner`, unless `enabled` is false.
    pub fn new(inner: SharedAccounts, enabled: bool) -> SessionCache {
        SessionCache {
            inner,
            kept: enabled.then(|| Mutex::new(Lru::new(MAX_BYTES))),
            clock: GenerationClock::new(CHECK_EVERY),
            writes: AtomicU64::new(0),
        }
    }

    /// Reads the session generation at most once per `every` instead of
    /// `CHECK_EVERY` (tests use it to see what waits for the next check).
    pub fn checking_every(mut self, every: Duration) -> SessionCache {
        self.clock = GenerationClock::new(every);
        self
    }

    /// How many look-ups are kept.
    pub fn len(&self) -> usize {
        self.kept.as_ref().map_or(0, |kept| lock(kept).len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The kept look-up of `digest`, when it may still be used at `now`.
    fn lookup(
        kept: &Mutex<Lru<String, Arc<Kept>>>,
        digest: &str,
        now: OffsetDateTime,
        stamp: (u64, u64),
    ) -> Option<Arc<Kept>> {
        let mut kept = lock(kept);
        let key = digest.to_owned();
        let found = kept.get(&key)?;
        let age = now - found.at;
        let usable =
            (found.generation, found.writes) == stamp && !age.is_negative() && age < Self::KEEP_FOR;
        if usable {
            Some(found)
        } else {
            kept.remove(&key);
            None
        }
    }

    async fn stamp(&self) -> (u64, u64) {
        let generation = self.clock.read(|| self.inner.session_generation()).await;
        (generation, self.writes.load(Ordering::Acquire))
    }

    /// After a write that may change look-ups' answers (its result `done`,
    /// handed back): none kept before it is used again.
    fn wrote<T>(&self, done: T) -> T {
        self.writes.fetch_add(1, Ordering::AcqRel);
        if let Some(kept) = &self.kept {
            lock(kept).clear();
        }
        done
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[async_trait::async_trait]
impl AccountStore for SessionCache {
    async fn session_with_saved(
        &self,
        digest: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<(StoredAccount, Vec<StoredSaved>)>> {
        let Some(kept) = &self.kept else {
            return self.inner.session_with_saved(digest, now).await;
        };
        let stamp = self.stamp().await;
        if let Some(found) = Self::lookup(kept, digest, now, stamp) {
            return Ok(Some((found.account.clone(), found.saved.clone())));
        }
        let loaded = self.inner.session_with_saved(digest, now).await?;
        // Kept only when nothing changed while it loaded.
        let unchanged = (self.clock.last(), self.writes.load(Ordering::Acquire)) == stamp;
        if let (true, Some((account, saved))) = (unchanged, &loaded) {
            let entry = Kept {
                at: now,
                generation: stamp.0,
                writes: stamp.1,
                account: account.clone(),
                saved: saved.clone(),
            };
            lock(kept).insert(digest.to_owned(), Arc::new(entry));
        }
        Ok(loaded)
    }

    async fn session_account(
        &self,
        digest: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<StoredAccount>> {
        if let Some(kept) = &self.kept {
            let stamp = self.stamp().await;
            if let Some(found) = Self::lookup(kept, digest, now, stamp) {
                return Ok(Some(found.account.clone()));
            }
        }
        self.inner.session_account(digest, now).await
    }

    async fn session_generation(&self) -> StoreResult<u64> {
        self.inner.session_generation().await
    }

    // Writes that change what a look-up answers.

    async fn set_password(&self, id: i64, password_hash: &str) -> StoreResult<()> {
        self.wrote(self.inner.set_password(id, password_hash).await)
    }

    async fn set_display_name(&self, id: i64, display_name: &str) -> StoreResult<()> {
        self.wrote(self.inner.set_display_name(id, display_name).await)
    }

    async fn create_session(
        &self,
        digest: &str,
        account: i64,
        now: OffsetDateTime,
        device: &str,
    ) -> StoreResult<()> {
        // May end the account's least recently seen session.
        self.wrote(
            self.inner
                .create_session(digest, account, now, device)
                .await,
        )
    }

    async fn delete_other_sessions(&self, account: i64, keep: &str) -> StoreResult<u64> {
        self.wrote(self.inner.delete_other_sessions(account, keep).await)
    }

    async fn delete_session(&self, digest: &str) -> StoreResult<()> {
        self.wrote(self.inner.delete_session(digest).await)
    }

    async fn sweep(
        &self,
        now: OffsetDateTime,
        keep_mail: time::Duration,
        keep_devices: time::Duration,
    ) -> StoreResult<Swept> {
        self.wrote(self.inner.sweep(now, keep_mail, keep_devices).await)
    }

    async fn save(
        &self,
        account: i64,
        lang: Lang,
        slug: &Slug,
        saved_at: OffsetDateTime,
        limit: usize,
    ) -> StoreResult<SaveOutcome> {
        self.wrote(self.inner.save(account, lang, slug, saved_at, limit).await)
    }

    async fn unsave(&self, account: i64, lang: Lang, slug: &Slug) -> StoreResult<()> {
        self.wrote(self.inner.unsave(account, lang, slug).await)
    }

    // What no look-up answers: straight through.

    async fn create_account(&self, account: &NewAccount) -> StoreResult<Option<i64>> {
        self.inner.create_account(account).await
    }

    async fn account_by_email(&self, email: &str) -> StoreResult<Option<StoredAccount>> {
        self.inner.account_by_email(email).await
    }

    async fn account(&self, id: i64) -> StoreResult<Option<StoredAccount>> {
        self.inner.account(id).await
    }

    async fn sessions(&self, account: i64, now: OffsetDateTime) -> StoreResult<Vec<StoredSession>> {
        self.inner.sessions(account, now).await
    }

    async fn remember_device(
        &self,
        digest: &str,
        account: i64,
        now: OffsetDateTime,
    ) -> StoreResult<()> {
        self.inner.remember_device(digest, account, now).await
    }

    async fn known_device(
        &self,
        digest: &str,
        account: i64,
        since: OffsetDateTime,
    ) -> StoreResult<bool> {
        self.inner.known_device(digest, account, since).await
    }

    async fn create_reset(
        &self,
        digest: &str,
        account: i64,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()> {
        self.inner.create_reset(digest, account, expires_at).await
    }

    async fn reset_account(
        &self,
        digest: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<StoredAccount>> {
        self.inner.reset_account(digest, now).await
    }

    async fn take_reset(&self, digest: &str, now: OffsetDateTime) -> StoreResult<Option<i64>> {
        self.inner.take_reset(digest, now).await
    }

    async fn saved(&self, account: i64) -> StoreResult<Vec<StoredSaved>> {
        self.inner.saved(account).await
    }

    async fn queue_mail(&self, mail: &OutgoingMail, now: OffsetDateTime) -> StoreResult<i64> {
        self.inner.queue_mail(mail, now).await
    }

    async fn mark_sent(&self, id: i64, now: OffsetDateTime) -> StoreResult<()> {
        self.inner.mark_sent(id, now).await
    }

    async fn outbox(&self, to: Option<&str>) -> StoreResult<Vec<StoredMail>> {
        self.inner.outbox(to).await
    }

    async fn claim_due_mail(
        &self,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> StoreResult<Vec<StoredMail>> {
        self.inner.claim_due_mail(now, lease_until, limit).await
    }

    async fn retry_mail_at(&self, id: i64, at: OffsetDateTime, error: &str) -> StoreResult<()> {
        self.inner.retry_mail_at(id, at, error).await
    }

    async fn give_up_mail(&self, id: i64, now: OffsetDateTime, error: &str) -> StoreResult<()> {
        self.inner.give_up_mail(id, now, error).await
    }

    async fn release_mail(&self, id: i64) -> StoreResult<()> {
        self.inner.release_mail(id).await
    }

    async fn next_mail_due(&self) -> StoreResult<Option<OffsetDateTime>> {
        self.inner.next_mail_due().await
    }

    async fn outbox_counts(&self) -> StoreResult<OutboxCounts> {
        self.inner.outbox_counts().await
    }
}
