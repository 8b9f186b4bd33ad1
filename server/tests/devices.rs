//! The reader's signed-in devices: listed on the account page, each one
//! signed out from another, or all but this one; and every change that
//! asks for the password gives the browser a new session.

mod common;

use axum::http::StatusCode;
use common::accounts::{PASSWORD, app, register, sign_in};
use common::browser::Browser;

const ANDROID_CHROME: &str = "Mozilla/5.0 (Linux; Android 14; SM-A146B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const LINUX_FIREFOX: &str =
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

fn device(agent: &str, app: &axum::Router, address: &str) -> Browser {
    let mut browser = Browser::new(app, address, true);
    browser.user_agent = Some(agent.to_owned());
    browser
}

async fn devices(browser: &mut Browser) -> Vec<serde_json::Value> {
    let answer = browser.call("/api/devices", &[("lang", "en")]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    serde_json::from_str(&answer.body).expect("a list")
}

async fn is_signed_in(browser: &mut Browser) -> bool {
    browser
        .get("/en/account")
        .await
        .body
        .contains("signed-in-as")
}

#[tokio::test]
async fn a_reader_sees_their_browsers_and_signs_one_out_from_another() {
    let (app, _stores, _dir) = app(true).await;
    let mut phone = device(ANDROID_CHROME, &app, "192.0.2.80");
    register(&mut phone, "two@example.org", "Two Devices").await;
    let mut laptop = device(LINUX_FIREFOX, &app, "198.51.100.80");
    sign_in(&mut laptop, "en", "two@example.org", PASSWORD).await;

    let listed = devices(&mut laptop).await;
    let names: Vec<_> = listed
        .iter()
        .map(|d| {
            (
                d["device"].as_str().unwrap_or(""),
                d["current"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    assert_eq!(
        names,
        vec![("Firefox · Linux", true), ("Chrome · Android", false)]
    );
    let phone_handle = listed[1]["handle"].as_str().expect("handle").to_owned();
    assert!(!listed.iter().any(|d| {
        d.to_string()
            .contains(phone.session.as_deref().unwrap_or("-"))
    }));

    let ended = laptop
        .call(
            "/api/end-session",
            &[("lang", "en"), ("handle", &phone_handle)],
        )
        .await;
    assert_eq!(ended.status, StatusCode::OK);
    assert_eq!(ended.body.trim(), "false", "not this browser's own session");
    assert!(!is_signed_in(&mut phone).await, "the phone is signed out");
    assert!(is_signed_in(&mut laptop).await, "the laptop is not");
    assert_eq!(devices(&mut laptop).await.len(), 1);
}

#[tokio::test]
async fn sign_out_all_other_devices_keeps_only_this_one() {
    let (app, _stores, _dir) = app(true).await;
    let mut phone = device(ANDROID_CHROME, &app, "192.0.2.81");
    register(&mut phone, "many@example.org", "Many").await;
    let mut others = Vec::new();
    for n in 0..3 {
        let mut other = device(LINUX_FIREFOX, &app, &format!("198.51.100.{}", 90 + n));
        sign_in(&mut other, "en", "many@example.org", PASSWORD).await;
        others.push(other);
    }
    assert_eq!(devices(&mut phone).await.len(), 4);
    // Without JavaScript: the form posts and comes back to the account page.
    let done = phone
        .submit("/api/end-other-sessions", &[("lang", "en")], "/en/account")
        .await;
    assert_eq!(done.status, StatusCode::FOUND);
    assert_eq!(done.header("location"), Some("/en/account?done=devices"));
    let page = phone.get("/en/account?done=devices").await;
    assert!(
        page.body
            .contains(app::domain::Lang::En.texts().devices_signed_out)
    );
    assert!(page.body.contains("Chrome · Android"));
    assert!(!page.body.contains("Firefox · Linux"));
    for other in &mut others {
        assert!(!is_signed_in(other).await);
    }
}

#[tokio::test]
async fn only_ones_own_sessions_can_be_ended_and_only_when_signed_in() {
    let (app, _stores, _dir) = app(true).await;
    let mut alice = device(ANDROID_CHROME, &app, "192.0.2.82");
    register(&mut alice, "alice@example.org", "Alice").await;
    let mut bob = device(LINUX_FIREFOX, &app, "192.0.2.83");
    register(&mut bob, "bob@example.org", "Bob").await;
    let bobs = devices(&mut bob).await[0]["handle"]
        .as_str()
        .expect("handle")
        .to_owned();
    let tried = alice
        .call("/api/end-session", &[("lang", "en"), ("handle", &bobs)])
        .await;
    assert_eq!(tried.status, StatusCode::OK);
    assert_eq!(tried.body.trim(), "false");
    assert!(is_signed_in(&mut bob).await, "Bob is still signed in");

    let mut stranger = Browser::new(&app, "203.0.113.83", true);
    for (path, form) in [
        ("/api/devices", vec![("lang", "en")]),
        (
            "/api/end-session",
            vec![("lang", "en"), ("handle", bobs.as_str())],
        ),
        ("/api/end-other-sessions", vec![("lang", "en")]),
    ] {
        let answer = stranger.call(path, &form).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    assert!(is_signed_in(&mut bob).await);
}

#[tokio::test]
async fn ending_this_browsers_own_session_signs_it_out_and_clears_its_cache() {
    let (app, _stores, _dir) = app(true).await;
    let mut phone = device(ANDROID_CHROME, &app, "192.0.2.84");
    register(&mut phone, "self@example.org", "Self").await;
    let own = devices(&mut phone).await[0]["handle"]
        .as_str()
        .expect("handle")
        .to_owned();
    let ended = phone
        .call("/api/end-session", &[("lang", "en"), ("handle", &own)])
        .await;
    assert_eq!(ended.body.trim(), "true");
    assert_eq!(ended.header("clear-site-data"), Some("\"cache\""));
    assert!(phone.session.is_none(), "the cookie is cleared");
}

#[tokio::test]
async fn every_change_that_asks_for_the_password_gives_a_new_session() {
    let (app, _stores, _dir) = app(true).await;
    let mut phone = device(ANDROID_CHROME, &app, "192.0.2.85");
    register(&mut phone, "rotate@example.org", "Before").await;
    let before = phone.session.clone().expect("session");
    let renamed = phone
        .call(
            "/api/change-name",
            &[
                ("lang", "en"),
                ("current_password", PASSWORD),
                ("display_name", "After"),
            ],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
    let after = phone.session.clone().expect("a new session");
    assert_ne!(before, after);
    assert!(is_signed_in(&mut phone).await);
    let mut old_cookie = phone.second_device();
    old_cookie.session = Some(before);
    assert!(!is_signed_in(&mut old_cookie).await, "the old id is dead");
    assert_eq!(devices(&mut phone).await.len(), 1);
}
