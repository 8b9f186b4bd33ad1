//! Sign-in attempts in the log. Its own test binary: tracing caches which
//! log sites are enabled process-wide, so another test running first
//! without a subscriber could hide these lines from this one.

mod common;

use common::browser::{Browser, PROXY, proxied};

const PASSWORD: &str = "walnut river lantern";

#[tokio::test]
async fn sign_ins_are_logged_and_no_secret_ever_is() {
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Capture(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Capture {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("lock").extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // A plain-http site without SMTP: where whole reset emails (live links
    // included) used to be written to the log for developers.
    let (app, stores, _dir) = common::demo_app_with(&[
        ("KHABAR_TRUSTED_PROXIES", PROXY),
        ("SITE_URL", "http://news.example.org"),
    ])
    .await;
    let app = proxied(app);
    let mut browser = Browser::new(&app, "192.0.2.130", false);
    let form = |password: &'static str| {
        [
            ("lang", "en"),
            ("email", "logged@example.org"),
            ("display_name", "Logged"),
            ("password", password),
        ]
    };
    browser.call("/api/register", &form(PASSWORD)).await;
    browser
        .call("/api/sign-in", &form("secret-typo-9731"))
        .await;
    browser.call("/api/sign-in", &form(PASSWORD)).await;
    let session = browser.session.clone().expect("signed in");
    let device = browser.device.clone().expect("a device cookie");
    browser
        .call(
            "/api/forgot-password",
            &[("lang", "en"), ("email", "logged@example.org")],
        )
        .await;
    let mail = common::accounts::mail_to(&stores, Some("logged@example.org")).await;
    let link = mail[0]
        .mail
        .text
        .split_whitespace()
        .find(|word| word.contains("token="))
        .expect("the link is in the outbox")
        .to_owned();
    let token = link.split("token=").nth(1).expect("token").to_owned();
    let reset_page = link.trim_start_matches("http://news.example.org");
    browser.get(reset_page).await;
    browser
        .call(
            "/api/reset-password",
            &[
                ("lang", "en"),
                ("token", &token),
                ("password", "a brand new phrase"),
            ],
        )
        .await;
    let log = String::from_utf8(capture.0.lock().expect("lock").clone()).expect("utf-8");
    assert!(log.contains("outcome=\"failure\""), "{log}");
    assert!(log.contains("outcome=\"success\""), "{log}");
    assert!(log.contains("192.0.2.130"), "the client address is logged");
    assert!(log.contains("password_reset_request"), "{log}");
    for secret in [
        "secret-typo-9731",
        PASSWORD,
        "a brand new phrase",
        &token,
        &link,
        &session,
        &device,
    ] {
        assert!(!log.contains(secret), "{secret:?} is in the log:\n{log}");
    }
}
