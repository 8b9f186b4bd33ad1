//! Sign-in attempts in the log. Its own test binary: tracing caches which
//! log sites are enabled process-wide, so another test running first
//! without a subscriber could hide these lines from this one.

mod common;

use common::browser::{Browser, PROXY, proxied};

const PASSWORD: &str = "walnut river lantern";

#[tokio::test]
async fn every_sign_in_attempt_is_logged_without_the_password() {
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

    let (app, _stores, _dir) = common::demo_app_with(&[("KHABAR_TRUSTED_PROXIES", PROXY)]).await;
    let app = proxied(app);
    let mut browser = Browser::new(&app, "192.0.2.130", true);
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
    let log = String::from_utf8(capture.0.lock().expect("lock").clone()).expect("utf-8");
    assert!(log.contains("outcome=\"failure\""), "{log}");
    assert!(log.contains("outcome=\"success\""), "{log}");
    assert!(log.contains("192.0.2.130"), "the client address is logged");
    assert!(
        !log.contains("secret-typo-9731") && !log.contains(PASSWORD),
        "{log}"
    );
}
