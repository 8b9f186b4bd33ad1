//! One message over SMTP. What goes wrong is returned as text: the courier
//! stores it beside the message for the operator.

use app::ssr::accounts::store::OutgoingMail;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// How long one conversation with the mail server may take, so a server
/// that stops answering cannot hold the courier.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum MailConfigError {
    #[error("SMTP_URL: {0}")]
    Smtp(String),
    #[error("MAIL_FROM {0:?} is not an address")]
    From(String),
}

/// Why a message was not sent, and whether trying again could help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendError {
    pub message: String,
    /// The server refused the message for good (a 5xx answer), or the
    /// message itself cannot be sent: retrying would not help.
    pub permanent: bool,
}

impl SendError {
    fn permanent(message: String) -> SendError {
        SendError {
            message,
            permanent: true,
        }
    }
}

/// A mail server and the sender address of every message.
#[derive(Clone)]
pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Smtp {
    /// `url` as lettre reads it, e.g. `smtps://user:pass@mail.example.org`
    /// or `smtp://mail.example.org:587?tls=required`.
    pub fn new(url: &str, from: &str) -> Result<Smtp, MailConfigError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailConfigError::Smtp(e.to_string()))?
            .timeout(Some(SEND_TIMEOUT))
            .build();
        let from = from
            .parse()
            .map_err(|_| MailConfigError::From(from.to_owned()))?;
        Ok(Smtp { transport, from })
    }

    pub async fn send(&self, mail: &OutgoingMail) -> Result<(), SendError> {
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|e| SendError::permanent(format!("recipient: {e}")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&mail.subject)
            .multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                mail.html.clone(),
            ))
            .map_err(|e| SendError::permanent(e.to_string()))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| SendError {
                permanent: e.is_permanent(),
                message: e.to_string(),
            })
    }
}
