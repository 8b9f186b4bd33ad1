//! Accounts as the router tests reach them: a site behind the test proxy,
//! and the calls the app makes to register, sign in and read its mail.

use axum::Router;
use khabar_server::store::Stores;

use super::browser::{Answer, Browser, PROXY, proxied};

pub const PASSWORD: &str = "walnut river lantern";

pub async fn app(https: bool) -> (Router, Stores, tempfile::TempDir) {
    app_with(https, &[]).await
}

/// The site with more settings (`KHABAR_*` variables) on top.
pub async fn app_with(https: bool, env: &[(&str, &str)]) -> (Router, Stores, tempfile::TempDir) {
    let site = if https {
        "https://news.example.org"
    } else {
        "http://news.example.org"
    };
    let mut settings = vec![("SITE_URL", site), ("KHABAR_TRUSTED_PROXIES", PROXY)];
    settings.extend_from_slice(env);
    let (app, stores, dir) = super::demo_app_with(&settings).await;
    (proxied(app), stores, dir)
}

pub async fn register(browser: &mut Browser, email: &str, name: &str) -> Answer {
    browser
        .call(
            "/api/register",
            &[
                ("lang", "en"),
                ("email", email),
                ("display_name", name),
                ("password", PASSWORD),
            ],
        )
        .await
}

pub async fn sign_in(browser: &mut Browser, lang: &str, email: &str, password: &str) -> Answer {
    browser
        .call(
            "/api/sign-in",
            &[("lang", lang), ("email", email), ("password", password)],
        )
        .await
}

/// The outbox once a message has arrived (mail is queued after the answer).
pub async fn mail_to(
    stores: &Stores,
    to: Option<&str>,
) -> Vec<app::ssr::accounts::store::StoredMail> {
    for _ in 0..100 {
        let mail = stores.accounts.outbox(to).await.expect("outbox");
        if !mail.is_empty() {
            return mail;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("no mail to {to:?} within two seconds");
}
