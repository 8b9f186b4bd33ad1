//! What a shared or confiscated phone, a mail program or a log could keep
//! of a reader: no cache keeps a signed-in page or an account form, signing
//! out clears the browser's cache, the reset page leaks no token, security
//! email carries no words a stranger chose, and passwords follow the same
//! rules on every path that sets one.

mod common;

use app::domain::Lang;
use axum::http::StatusCode;
use common::accounts::{PASSWORD, app, mail_to, register, sign_in};
use common::browser::Browser;

#[tokio::test]
async fn signed_in_pages_and_every_account_page_are_kept_by_no_cache() {
    let (app, _stores, _dir) = app(true).await;
    let mut anonymous = Browser::new(&app, "192.0.2.100", true);
    let home = anonymous.get("/fa/").await;
    assert!(
        home.header("cache-control")
            .unwrap_or("")
            .starts_with("public")
    );
    for page in [
        "sign-in",
        "register",
        "forgot-password",
        "reset-password",
        "account",
    ] {
        let answer = anonymous.get(&format!("/fa/{page}")).await;
        assert_eq!(answer.status, StatusCode::OK, "{page}");
        assert_eq!(
            answer.header("cache-control"),
            Some("private, no-store"),
            "{page}"
        );
    }
    let mut reader = Browser::new(&app, "192.0.2.101", true);
    register(&mut reader, "private@example.org", "Private Reader").await;
    for page in ["/fa/", "/fa/about", "/fa/reading-list", "/en/account"] {
        let answer = reader.get(page).await;
        assert_eq!(
            answer.header("cache-control"),
            Some("private, no-store"),
            "{page}"
        );
    }
    let answer = reader.call("/api/devices", &[("lang", "en")]).await;
    assert_eq!(answer.header("cache-control"), Some("private, no-store"));
}

#[tokio::test]
async fn the_reset_page_tells_no_other_site_its_address() {
    let (app, _stores, _dir) = app(true).await;
    let mut browser = Browser::new(&app, "192.0.2.102", true);
    let reset = browser
        .get("/ps/reset-password?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        .await;
    assert_eq!(reset.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(reset.header("cache-control"), Some("private, no-store"));
    let other = browser.get("/ps/sign-in").await;
    assert_eq!(
        other.header("referrer-policy"),
        Some("strict-origin-when-cross-origin")
    );
}

#[tokio::test]
async fn signing_out_asks_the_browser_to_clear_its_cache() {
    let (app, _stores, _dir) = app(true).await;
    let mut app_reader = Browser::new(&app, "192.0.2.103", true);
    register(&mut app_reader, "leaving@example.org", "Leaving").await;
    let answer = app_reader.call("/api/sign-out", &[("lang", "en")]).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("clear-site-data"), Some("\"cache\""));

    let mut form_reader = Browser::new(&app, "192.0.2.104", true);
    sign_in(&mut form_reader, "en", "leaving@example.org", PASSWORD).await;
    let answer = form_reader
        .submit("/api/sign-out", &[("lang", "en")], "/en/account")
        .await;
    assert_eq!(answer.status, StatusCode::FOUND);
    assert_eq!(answer.header("clear-site-data"), Some("\"cache\""));
    assert!(form_reader.session.is_none());
}

#[tokio::test]
async fn a_missing_file_is_never_cached_for_a_year() {
    let (app, _stores, _dir) = app(true).await;
    let mut browser = Browser::new(&app, "192.0.2.105", true);
    for path in ["/pkg/khabar-0000000000.wasm", "/media/nothing-here.jpg"] {
        let answer = browser.get(path).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        let policy = answer.header("cache-control").unwrap_or("");
        assert!(
            !policy.contains("immutable") && !policy.contains("max-age=3"),
            "{path}: {policy}"
        );
    }
}

#[tokio::test]
async fn redirects_to_pages_with_persian_slugs_are_percent_encoded() {
    let (app, _stores, _dir) = app(true).await;
    let mut reader = Browser::new(&app, "192.0.2.106", true);
    register(&mut reader.second_device(), "slugs@example.org", "Slugs").await;
    let next = "/fa/article/کابل-باران";
    let answer = reader
        .submit(
            "/api/sign-in",
            &[
                ("lang", "fa"),
                ("email", "slugs@example.org"),
                ("password", PASSWORD),
                ("next", next),
            ],
            "/fa/sign-in",
        )
        .await;
    assert_eq!(answer.status, StatusCode::FOUND);
    let location = answer.header("location").expect("a printable Location");
    assert!(location.is_ascii(), "{location}");
    assert_eq!(location, app::routes::encode_location(next));
}

#[tokio::test]
async fn a_reset_email_greets_no_one_and_names_with_links_are_refused() {
    let (app, stores, _dir) = app(true).await;
    let mut stranger = Browser::new(&app, "203.0.113.107", true);
    for name in [
        "URGENT: verify at https://rascnews-verify.example",
        "Security team www.rascnews-help.example",
        "support at rascnews.help",
    ] {
        let answer = register(&mut stranger, "victim@example.org", name).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{name}");
        assert!(answer.body.contains("BadDisplayName"), "{}", answer.body);
    }
    register(&mut stranger, "victim@example.org", "Mariam Sultani").await;
    stranger
        .call(
            "/api/forgot-password",
            &[("lang", "fa"), ("email", "victim@example.org")],
        )
        .await;
    let mail = mail_to(&stores, Some("victim@example.org")).await;
    let body = &mail[0].mail;
    for text in [&body.text, &body.html, &body.subject] {
        assert!(
            !text.contains("Mariam") && !text.contains("Sultani"),
            "{text}"
        );
    }
    assert!(
        body.text.starts_with(
            Lang::Fa
                .texts()
                .mail_reset_body
                .split('\n')
                .next()
                .unwrap_or("")
        )
    );
}

#[tokio::test]
async fn a_reset_follows_the_same_password_rules_and_keeps_the_link_for_a_retry() {
    let (app, stores, _dir) = app(true).await;
    let mut reader = Browser::new(&app, "192.0.2.108", true);
    register(&mut reader, "farida.noori@example.org", "Farida").await;
    reader
        .call(
            "/api/forgot-password",
            &[("lang", "en"), ("email", "farida.noori@example.org")],
        )
        .await;
    let mail = mail_to(&stores, Some("farida.noori@example.org")).await;
    let token = mail[0]
        .mail
        .text
        .split("token=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a link")
        .to_owned();
    for (refused, code) in [
        ("farida.noori", "PasswordTooCommon"),
        ("Farida", "PasswordTooShort"),
        ("            ", "PasswordTooShort"),
        (
            "\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}",
            "PasswordTooShort",
        ),
    ] {
        let answer = reader
            .call(
                "/api/reset-password",
                &[("lang", "en"), ("token", &token), ("password", refused)],
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{refused:?}");
        assert!(answer.body.contains(code), "{refused:?}: {}", answer.body);
    }
    let done = reader
        .call(
            "/api/reset-password",
            &[
                ("lang", "en"),
                ("token", &token),
                ("password", "ｃｅｄａｒ ｇｒｏｖｅ ｓｔｏｎｅ"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    // Set in full-width letters, the password is the same typed plainly.
    let mut laptop = Browser::new(&app, "198.51.100.108", true);
    let answer = sign_in(
        &mut laptop,
        "en",
        "farida.noori@example.org",
        "cedar grove stone",
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
}

#[tokio::test]
async fn pages_say_whether_a_live_session_signed_them() {
    let (app, _stores, _dir) = app(true).await;
    let mut reader = Browser::new(&app, "192.0.2.109", true);
    assert_eq!(reader.get("/ps/").await.header("x-khabar-session"), None);
    register(&mut reader, "worker@example.org", "Worker Reader").await;
    assert_eq!(
        reader.get("/ps/").await.header("x-khabar-session"),
        Some("live")
    );
    // The session ends elsewhere: this browser's next page says so.
    let mut laptop = reader.second_device();
    sign_in(&mut laptop, "en", "worker@example.org", PASSWORD).await;
    laptop
        .call("/api/end-other-sessions", &[("lang", "en")])
        .await;
    let page = reader.get("/ps/about").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("x-khabar-session"), None);
    assert!(!page.body.contains("Worker Reader"));
}
