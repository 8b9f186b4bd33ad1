//! Deletes account data that has no use left, once at start and then
//! every hour: expired sessions, reset links used or expired, old mail,
//! devices that have not signed in for a year. Each process runs its own;
//! the deletes are idempotent, so several processes on one database only
//! repeat each other's work.

use std::time::Duration;

use app::ssr::accounts::store::SharedAccounts;
use time::OffsetDateTime;

/// How often the sweep runs.
const EVERY: Duration = Duration::from_secs(60 * 60);
/// Mail envelopes (recipient, subject, outcome) are kept this long for the
/// operator; bodies go as soon as a message is sent or given up on.
pub const KEEP_MAIL: time::Duration = time::Duration::days(30);
/// A browser that has not signed in for this long is a stranger again.
pub const KEEP_DEVICES: time::Duration = time::Duration::days(365);

/// Runs the sweep now and every hour after, for as long as the runtime.
pub fn start(accounts: SharedAccounts) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            sweep_once(&accounts).await;
        }
    });
}

pub async fn sweep_once(accounts: &SharedAccounts) {
    match accounts
        .sweep(OffsetDateTime::now_utc(), KEEP_MAIL, KEEP_DEVICES)
        .await
    {
        Ok(swept) => tracing::info!(
            event = "sweep",
            sessions = swept.sessions,
            reset_links = swept.reset_links,
            mail = swept.mail,
            devices = swept.devices,
        ),
        Err(error) => tracing::error!(%error, "the account sweep failed; it runs again in an hour"),
    }
}
