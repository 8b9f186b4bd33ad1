//! Delivers the outbox. Every message is first stored in the database (the
//! outbox); with `SMTP_URL` set the courier sends it, retrying with
//! backoff, and marks it sent or given up. Without it, messages stay there
//! and are written to the log, where a developer (or `khabar-server
//! outbox`) can read them. Sent messages keep only their envelope: the
//! body held a reset link.

mod courier;
mod smtp;

use app::ssr::accounts::store::{MailSender, OutgoingMail, SharedAccounts};
use tokio::time::Instant;

use crate::config::MailRetry;
pub use courier::Courier;
pub use smtp::{MailConfigError, SendError, Smtp};

pub struct Outbox {
    courier: Option<Courier>,
    /// Write whole messages to the log (development, plain http). A site on
    /// https logs only who and what: the body holds a live reset link.
    log_bodies: bool,
}

impl Outbox {
    /// Starts the courier when there is a mail server to send to.
    pub fn start(
        accounts: SharedAccounts,
        smtp: Option<Smtp>,
        retry: MailRetry,
        log_bodies: bool,
    ) -> Outbox {
        Outbox {
            courier: smtp.map(|smtp| Courier::start(accounts, smtp, retry)),
            log_bodies,
        }
    }

    /// At shutdown: the send in progress may finish until `deadline`; what
    /// is not sent by then stays in the outbox for the next start.
    pub async fn stop(&self, deadline: Instant) {
        if let Some(courier) = &self.courier {
            courier.stop(deadline).await;
        }
    }
}

#[async_trait::async_trait]
impl MailSender for Outbox {
    async fn deliver(&self, id: i64, mail: OutgoingMail) {
        if let Some(courier) = &self.courier {
            courier.wake();
        } else if self.log_bodies {
            tracing::info!(
                outbox_id = id,
                to = %mail.to,
                subject = %mail.subject,
                body = %mail.text,
                "no SMTP_URL set: message kept in the outbox"
            );
        } else {
            tracing::warn!(
                outbox_id = id,
                to = %mail.to,
                subject = %mail.subject,
                "no SMTP_URL set: message kept in the outbox (khabar-server outbox shows it)"
            );
        }
    }
}
