//! Delivers the outbox. Every message is first stored in the database (the
//! outbox); with `SMTP_URL` set it is then sent over SMTP and marked sent,
//! otherwise it stays there and is written to the log, where a developer
//! (or `khabar-server outbox`) can read it. Sent messages keep only their
//! envelope: the body held a reset link.

use app::ssr::accounts::store::{MailSender, OutgoingMail, SharedAccounts};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use time::OffsetDateTime;

pub struct Outbox {
    accounts: SharedAccounts,
    smtp: Option<(AsyncSmtpTransport<Tokio1Executor>, Mailbox)>,
    /// Write whole messages to the log (development, plain http). A site on
    /// https logs only who and what: the body holds a live reset link.
    log_bodies: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum MailConfigError {
    #[error("SMTP_URL: {0}")]
    Smtp(String),
    #[error("MAIL_FROM {0:?} is not an address")]
    From(String),
}

impl Outbox {
    /// `smtp_url` as lettre reads it, e.g. `smtps://user:pass@mail.example.org`
    /// or `smtp://mail.example.org:587?tls=required`.
    pub fn new(
        accounts: SharedAccounts,
        smtp_url: Option<&str>,
        from: &str,
        log_bodies: bool,
    ) -> Result<Outbox, MailConfigError> {
        let smtp = match smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| MailConfigError::Smtp(e.to_string()))?
                    .build();
                let from: Mailbox = from
                    .parse()
                    .map_err(|_| MailConfigError::From(from.to_owned()))?;
                Some((transport, from))
            }
            None => None,
        };
        Ok(Outbox {
            accounts,
            smtp,
            log_bodies,
        })
    }

    async fn send(
        transport: &AsyncSmtpTransport<Tokio1Executor>,
        from: &Mailbox,
        mail: &OutgoingMail,
    ) -> Result<(), String> {
        let to: Mailbox = mail.to.parse().map_err(|e| format!("recipient: {e}"))?;
        let message = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(&mail.subject)
            .multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                mail.html.clone(),
            ))
            .map_err(|e| e.to_string())?;
        transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

#[async_trait::async_trait]
impl MailSender for Outbox {
    async fn deliver(&self, id: i64, mail: OutgoingMail) {
        let Some((transport, from)) = &self.smtp else {
            if self.log_bodies {
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
            return;
        };
        match Self::send(transport, from, &mail).await {
            Ok(()) => {
                if let Err(e) = self.accounts.mark_sent(id, OffsetDateTime::now_utc()).await {
                    tracing::error!(outbox_id = id, error = %e, "sent, but not marked sent");
                }
            }
            Err(e) => {
                tracing::error!(outbox_id = id, error = %e, "SMTP delivery failed; message stays in the outbox")
            }
        }
    }
}
