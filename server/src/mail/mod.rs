//! Delivers the outbox. Every message is first stored in the database (the
//! outbox); with `SMTP_URL` set the courier sends it, retrying with
//! backoff, and marks it sent or given up. Without it, messages stay there,
//! where a developer reads them with `khabar-server outbox`. No body is
//! ever written to the log, whatever the site's scheme: a reset email
//! holds a live link, and logs are copied to places mail is not. Sent
//! messages keep only their envelope.

mod courier;
mod smtp;

use app::ssr::accounts::store::{MailSender, OutgoingMail, SharedAccounts};
use tokio::time::Instant;

use crate::config::MailRetry;
pub use courier::Courier;
pub use smtp::{MailConfigError, SendError, Smtp};

pub struct Outbox {
    courier: Option<Courier>,
}

impl Outbox {
    /// Starts the courier when there is a mail server to send to.
    pub fn start(accounts: SharedAccounts, smtp: Option<Smtp>, retry: MailRetry) -> Outbox {
        Outbox {
            courier: smtp.map(|smtp| Courier::start(accounts, smtp, retry)),
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
