//! The courier: one task that sends what waits in the outbox, oldest
//! first, retries a failed send later (each wait twice the last), gives up
//! after the configured number of attempts, and on shutdown finishes or
//! hands back the message it holds. Everything it knows lives in the
//! outbox table, so a restart carries on where the last process stopped.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::ssr::accounts::store::{SharedAccounts, StoredMail};
use time::OffsetDateTime;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::smtp::Smtp;
use crate::config::MailRetry;

/// How long a claimed message is held before another courier (or this
/// one, after a crash) may take it: longer than any one send may last.
const LEASE: Duration = Duration::from_secs(120);

/// How long to wait before asking a database that failed again.
const DATABASE_RETRY: Duration = Duration::from_secs(5);

/// The longest sleep with nothing due: a safety net for a wake-up missed
/// (another process queued the message).
const IDLE_CHECK: Duration = Duration::from_secs(60);

/// The running courier, as the rest of the server sees it.
pub struct Courier {
    wake: Arc<Notify>,
    stop: watch::Sender<bool>,
    task: Mutex<Option<JoinHandle<()>>>,
    /// The message being sent right now, to hand back if shutdown cuts the
    /// send off.
    holding: Arc<Mutex<Option<i64>>>,
    accounts: SharedAccounts,
}

struct Worker {
    accounts: SharedAccounts,
    smtp: Smtp,
    retry: MailRetry,
    wake: Arc<Notify>,
    stop: watch::Receiver<bool>,
    holding: Arc<Mutex<Option<i64>>>,
}

impl Courier {
    /// Starts the courier on the current runtime; it begins with whatever
    /// the outbox already holds.
    pub fn start(accounts: SharedAccounts, smtp: Smtp, retry: MailRetry) -> Courier {
        let wake = Arc::new(Notify::new());
        let (stop, stopped) = watch::channel(false);
        let holding = Arc::new(Mutex::new(None));
        let worker = Worker {
            accounts: accounts.clone(),
            smtp,
            retry,
            wake: wake.clone(),
            stop: stopped,
            holding: holding.clone(),
        };
        Courier {
            wake,
            stop,
            task: Mutex::new(Some(tokio::spawn(worker.run()))),
            holding,
            accounts,
        }
    }

    /// A message was queued: look at the outbox now.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Stops taking messages; the send in progress may finish until
    /// `deadline`, after which it is cut off and its message handed back to
    /// the outbox, due at once for the next start.
    pub async fn stop(&self, deadline: Instant) {
        let _ = self.stop.send(true);
        let task = self.task.lock().ok().and_then(|mut task| task.take());
        let Some(mut task) = task else { return };
        if tokio::time::timeout_at(deadline, &mut task).await.is_err() {
            task.abort();
            let _ = task.await;
            let held = self.holding.lock().ok().and_then(|mut held| held.take());
            if let Some(id) = held {
                match self.accounts.release_mail(id).await {
                    Ok(()) => tracing::warn!(
                        outbox_id = id,
                        "shutdown cut a send off; the message waits for the next start"
                    ),
                    Err(error) => tracing::error!(
                        outbox_id = id,
                        %error,
                        "shutdown cut a send off and could not hand it back; it is tried again when its lease ends"
                    ),
                }
            }
        }
    }
}

impl Worker {
    async fn run(mut self) {
        loop {
            if *self.stop.borrow() {
                return;
            }
            let now = OffsetDateTime::now_utc();
            let wait = match self.accounts.claim_due_mail(now, now + LEASE, 1).await {
                Ok(claimed) => match claimed.into_iter().next() {
                    Some(mail) => {
                        self.attempt(mail).await;
                        continue;
                    }
                    None => self.until_next_due().await,
                },
                Err(error) => {
                    tracing::error!(%error, "the outbox cannot be read; mail waits");
                    DATABASE_RETRY
                }
            };
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(wait) => {}
                changed = self.stop.changed() => {
                    if changed.is_err() {
                        return;
                    }
                }
            }
        }
    }

    /// How long nothing is due.
    async fn until_next_due(&self) -> Duration {
        match self.accounts.next_mail_due().await {
            Ok(Some(at)) => {
                let wait = at - OffsetDateTime::now_utc();
                Duration::try_from(wait)
                    .unwrap_or(Duration::ZERO)
                    .min(IDLE_CHECK)
            }
            Ok(None) => IDLE_CHECK,
            Err(error) => {
                tracing::error!(%error, "the outbox cannot be read; mail waits");
                DATABASE_RETRY
            }
        }
    }

    async fn attempt(&self, stored: StoredMail) {
        let id = stored.id;
        self.hold(Some(id));
        let sent = self.smtp.send(&stored.mail).await;
        let now = OffsetDateTime::now_utc();
        let recorded = match sent {
            Ok(()) => {
                tracing::info!(outbox_id = id, attempts = stored.attempts, "mail sent");
                self.accounts.mark_sent(id, now).await
            }
            Err(error) if error.permanent || stored.attempts >= self.retry.attempts => {
                tracing::error!(
                    outbox_id = id,
                    attempts = stored.attempts,
                    error = %error.message,
                    "mail given up: it will not be sent"
                );
                self.accounts.give_up_mail(id, now, &error.message).await
            }
            Err(error) => {
                let wait = self.retry.delay_after(stored.attempts);
                tracing::warn!(
                    outbox_id = id,
                    attempts = stored.attempts,
                    retry_in_secs = wait.as_secs_f64(),
                    error = %error.message,
                    "mail not sent; will try again"
                );
                self.accounts
                    .retry_mail_at(id, now + wait, &error.message)
                    .await
            }
        };
        if let Err(error) = recorded {
            // The lease still holds the message: it is tried again when
            // the lease ends, so nothing is lost (it may be sent twice).
            tracing::error!(outbox_id = id, %error, "could not record the outcome of a send");
        }
        self.hold(None);
    }

    fn hold(&self, id: Option<i64>) {
        if let Ok(mut held) = self.holding.lock() {
            *held = id;
        }
    }
}
