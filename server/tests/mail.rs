//! The outbox's courier against a fake SMTP server on the loopback: it
//! retries what fails, gives up after its bound, picks up after a restart,
//! and hands back at shutdown a send it could not finish.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::domain::Lang;
use app::ssr::accounts::store::{MailSender, OutgoingMail, SharedAccounts, StoredMail};
use khabar_server::config::MailRetry;
use khabar_server::mail::{Outbox, Smtp};
use khabar_server::store::Stores;
use time::OffsetDateTime;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::time::Instant;

/// How the fake mail server answers `MAIL FROM`.
#[derive(Clone, Copy)]
enum Answer {
    /// "Try again later" (451) this many times, then accept.
    BusyFor(usize),
    /// Refuse for good (550).
    Refuse,
    /// Accept connections and never say a word.
    Silent,
}

#[derive(Default)]
struct Seen {
    /// `MAIL FROM` commands: one per attempt.
    attempts: usize,
    /// Whole messages accepted (the DATA part).
    delivered: Vec<String>,
}

/// A minimal SMTP server: enough of the protocol for lettre to send.
async fn fake_smtp(answer: Answer) -> (String, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("smtp://{}", listener.local_addr().expect("address"));
    let seen = Arc::new(Mutex::new(Seen::default()));
    let shared = seen.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let seen = shared.clone();
            tokio::spawn(async move {
                if matches!(answer, Answer::Silent) {
                    tokio::time::sleep(Duration::from_secs(600)).await;
                    drop(socket);
                    return;
                }
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 fake ready\r\n").await;
                while let Ok(Some(line)) = lines.next_line().await {
                    let command = line.to_ascii_uppercase();
                    let reply: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO")
                    {
                        b"250 fake\r\n"
                    } else if command.starts_with("MAIL FROM") {
                        let mut seen = seen.lock().expect("lock");
                        seen.attempts += 1;
                        match answer {
                            Answer::BusyFor(n) if seen.attempts <= n => {
                                b"451 4.3.0 busy, try again later\r\n"
                            }
                            Answer::Refuse => b"550 5.7.1 not accepted here\r\n",
                            _ => b"250 ok\r\n",
                        }
                    } else if command.starts_with("DATA") {
                        let _ = write.write_all(b"354 go on\r\n").await;
                        let mut message = String::new();
                        while let Ok(Some(line)) = lines.next_line().await {
                            if line == "." {
                                break;
                            }
                            message.push_str(&line);
                            message.push('\n');
                        }
                        seen.lock().expect("lock").delivered.push(message);
                        b"250 queued\r\n"
                    } else if command.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        return;
                    } else {
                        b"250 ok\r\n"
                    };
                    if write.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, seen)
}

fn retry(attempts: u32, first_delay_ms: u64) -> MailRetry {
    MailRetry {
        attempts,
        first_delay: Duration::from_millis(first_delay_ms),
        max_delay: Duration::from_secs(1),
    }
}

fn smtp(url: &str) -> Smtp {
    Smtp::new(url, "RASC News <no-reply@news.example.org>").expect("smtp settings")
}

/// The outbox of `stores` with its courier sending to the server at `url`.
fn courier(stores: &Stores, url: &str, retry: MailRetry) -> Outbox {
    Outbox::start(stores.accounts.clone(), Some(smtp(url)), retry)
}

fn reset_mail(to: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.to_owned(),
        lang: Lang::Fa,
        subject: "Reset your password".to_owned(),
        text: "Follow https://news.example.org/fa/reset-password?token=abc".to_owned(),
        html: "<p>Follow the link</p>".to_owned(),
    }
}

async fn queue(accounts: &SharedAccounts, to: &str) -> i64 {
    accounts
        .queue_mail(&reset_mail(to), OffsetDateTime::now_utc())
        .await
        .expect("queued")
}

async fn stored(accounts: &SharedAccounts, id: i64) -> StoredMail {
    accounts
        .outbox(None)
        .await
        .expect("outbox")
        .into_iter()
        .find(|mail| mail.id == id)
        .expect("the message is in the outbox")
}

/// Waits (at most 10 s) until the message is sent or given up on.
async fn settled(accounts: &SharedAccounts, id: i64) -> StoredMail {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mail = stored(accounts, id).await;
        if mail.sent_at.is_some() || mail.failed_at.is_some() {
            return mail;
        }
        assert!(
            Instant::now() < deadline,
            "message {id} still waiting: {mail:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_send_the_server_defers_is_retried_with_growing_waits_then_delivered() {
    let (stores, _dir) = common::fresh_stores().await;
    let (url, seen) = fake_smtp(Answer::BusyFor(2)).await;
    let outbox = courier(&stores, &url, retry(5, 150));
    let started = Instant::now();
    let id = queue(&stores.accounts, "reader@example.org").await;
    outbox.deliver(id, reset_mail("reader@example.org")).await;

    let mail = settled(&stores.accounts, id).await;
    assert!(mail.sent_at.is_some(), "sent in the end: {mail:?}");
    assert_eq!(mail.attempts, 3, "two deferrals, then the send");
    assert!(
        started.elapsed() >= Duration::from_millis(150 + 300),
        "waited 150 ms, then twice that, between attempts: {:?}",
        started.elapsed()
    );
    assert!(
        mail.mail.text.is_empty(),
        "a sent body (a reset link) is not kept"
    );
    let seen = seen.lock().expect("lock");
    assert_eq!(seen.attempts, 3);
    assert_eq!(seen.delivered.len(), 1, "delivered once");
    assert!(seen.delivered[0].contains("Reset your password"));
    assert!(seen.delivered[0].contains("reader@example.org"));
}

#[tokio::test]
async fn a_message_is_given_up_after_the_last_attempt_and_never_tried_again() {
    let (stores, _dir) = common::fresh_stores().await;
    let (url, seen) = fake_smtp(Answer::BusyFor(usize::MAX)).await;
    let outbox = courier(&stores, &url, retry(3, 50));
    let id = queue(&stores.accounts, "reader@example.org").await;
    outbox.deliver(id, reset_mail("reader@example.org")).await;

    let mail = settled(&stores.accounts, id).await;
    assert!(
        mail.failed_at.is_some() && mail.sent_at.is_none(),
        "{mail:?}"
    );
    assert_eq!(mail.attempts, 3);
    let error = mail.last_error.as_deref().unwrap_or_default();
    assert!(
        error.contains("busy"),
        "the server's reason is kept: {error}"
    );
    assert!(
        mail.mail.text.is_empty(),
        "an unsendable reset link is not kept"
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        seen.lock().expect("lock").attempts,
        3,
        "no attempt after giving up"
    );
    let counts = stores.accounts.outbox_counts().await.expect("counts");
    assert_eq!((counts.pending, counts.failed), (0, 1));
}

#[tokio::test]
async fn a_permanent_refusal_is_not_retried() {
    let (stores, _dir) = common::fresh_stores().await;
    let (url, seen) = fake_smtp(Answer::Refuse).await;
    let outbox = courier(&stores, &url, retry(5, 50));
    let id = queue(&stores.accounts, "reader@example.org").await;
    outbox.deliver(id, reset_mail("reader@example.org")).await;

    let mail = settled(&stores.accounts, id).await;
    assert!(mail.failed_at.is_some(), "{mail:?}");
    assert_eq!(mail.attempts, 1);
    assert_eq!(seen.lock().expect("lock").attempts, 1);
}

#[tokio::test]
async fn a_new_process_sends_what_the_last_one_left_in_the_outbox() {
    let (stores, _dir) = common::fresh_stores().await;
    // Queued while no courier ran (a process without SMTP, or one that
    // stopped before sending).
    let first = queue(&stores.accounts, "one@example.org").await;
    let second = queue(&stores.accounts, "two@example.org").await;
    assert_eq!(
        stores
            .accounts
            .outbox_counts()
            .await
            .expect("counts")
            .pending,
        2
    );

    let (url, seen) = fake_smtp(Answer::BusyFor(0)).await;
    let _outbox = courier(&stores, &url, retry(3, 50));
    assert!(settled(&stores.accounts, first).await.sent_at.is_some());
    assert!(settled(&stores.accounts, second).await.sent_at.is_some());
    assert_eq!(seen.lock().expect("lock").delivered.len(), 2);
    assert_eq!(
        stores
            .accounts
            .outbox_counts()
            .await
            .expect("counts")
            .pending,
        0
    );
}

#[tokio::test]
async fn shutdown_hands_back_a_send_that_does_not_finish_in_time() {
    let (stores, _dir) = common::fresh_stores().await;
    let (silent, _) = fake_smtp(Answer::Silent).await;
    let outbox = courier(&stores, &silent, retry(3, 50));
    let id = queue(&stores.accounts, "reader@example.org").await;
    outbox.deliver(id, reset_mail("reader@example.org")).await;
    // Let the courier claim it and start talking to the silent server.
    let deadline = Instant::now() + Duration::from_secs(5);
    while stored(&stores.accounts, id).await.attempts == 0 {
        assert!(
            Instant::now() < deadline,
            "the courier never took the message"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    let stopping = Instant::now();
    outbox
        .stop(Instant::now() + Duration::from_millis(200))
        .await;
    let took = stopping.elapsed();
    assert!(
        took < Duration::from_secs(2),
        "stopped within the grace: {took:?}"
    );
    let mail = stored(&stores.accounts, id).await;
    assert!(
        mail.sent_at.is_none() && mail.failed_at.is_none(),
        "{mail:?}"
    );
    assert_eq!(mail.attempts, 0, "the cut-off attempt does not count");

    let (url, seen) = fake_smtp(Answer::BusyFor(0)).await;
    let _next = courier(&stores, &url, retry(3, 50));
    assert!(
        settled(&stores.accounts, id).await.sent_at.is_some(),
        "sent by the next start"
    );
    assert_eq!(seen.lock().expect("lock").delivered.len(), 1);
}
