//! The sign-in limits as readers meet them: many readers behind one
//! carrier address, a guesser among them, a reader whose own phone keeps
//! working while strangers guess their password, and the limits on what
//! succeeds (sign-ins, registrations, reset emails).

mod common;

use axum::http::StatusCode;
use common::accounts::{PASSWORD, app_with, register, sign_in};
use common::browser::Browser;

/// The site with the general per-address POST rate limit off: it has its
/// own tests, and these look at the account limits alone.
async fn app(
    https: bool,
) -> (
    axum::Router,
    khabar_server::store::Stores,
    tempfile::TempDir,
) {
    app_with(https, &[("KHABAR_RATE_POST", "0")]).await
}

/// One address shared by a carrier's customers (carrier-grade NAT).
const CARRIER: &str = "100.64.0.1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_carrier_address_with_fifty_readers_one_of_them_guessing_still_lets_the_others_in() {
    let (app, _stores, _dir) = app(true).await;
    for n in 0..50 {
        let mut home = Browser::new(&app, &format!("198.51.100.{}", n + 1), true);
        let registered = register(&mut home, &format!("reader{n}@example.org"), "Reader").await;
        assert_eq!(registered.status, StatusCode::OK, "reader {n}");
    }
    let mut victim = Browser::new(&app, "192.0.2.9", true);
    register(&mut victim, "victim@example.org", "Victim").await;

    let mut guesser = Browser::new(&app, CARRIER, true);
    let mut refused_after = None;
    for attempt in 1..=20 {
        let answer = sign_in(
            &mut guesser,
            "fa",
            "victim@example.org",
            &format!("guess {attempt}"),
        )
        .await;
        if answer.status == StatusCode::TOO_MANY_REQUESTS {
            refused_after = Some(attempt - 1);
            break;
        }
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "guess {attempt}");
    }
    assert_eq!(refused_after, Some(8), "the guesser is stopped");

    for n in 0..50 {
        let mut phone = Browser::new(&app, CARRIER, true);
        let email = format!("reader{n}@example.org");
        let typo = sign_in(&mut phone, "fa", &email, "walnut river lanternn").await;
        assert_eq!(typo.status, StatusCode::UNAUTHORIZED, "reader {n}'s typo");
        let right = sign_in(&mut phone, "fa", &email, PASSWORD).await;
        assert_eq!(right.status, StatusCode::OK, "reader {n}: {}", right.body);
        assert!(phone.session.is_some());
    }
}

#[tokio::test]
async fn the_attempt_that_reaches_the_limit_is_judged_by_its_password() {
    let (app, _stores, _dir) = app(true).await;
    let mut reader = Browser::new(&app, "203.0.113.40", true);
    register(
        &mut reader.second_device(),
        "forgetful@example.org",
        "Forgetful",
    )
    .await;
    for attempt in 1..=7 {
        let answer = sign_in(
            &mut reader,
            "en",
            "forgetful@example.org",
            &format!("maybe {attempt}"),
        )
        .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    let eighth = sign_in(&mut reader, "en", "forgetful@example.org", PASSWORD).await;
    assert_eq!(
        eighth.status,
        StatusCode::OK,
        "the right password on the last try gets in"
    );
    assert!(reader.session.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn strangers_guessing_an_account_from_many_addresses_cannot_lock_its_owner_out_of_their_phone()
 {
    let (app, _stores, _dir) = app(true).await;
    let mut phone = Browser::new(&app, "192.0.2.50", true);
    register(&mut phone, "owner@example.org", "Owner").await;
    assert!(
        phone.device.is_some(),
        "registering marks the browser as the owner's"
    );
    phone.call("/api/sign-out", &[("lang", "en")]).await;
    assert!(phone.session.is_none() && phone.device.is_some());

    for n in 0..30 {
        let mut stranger = Browser::new(&app, &format!("203.0.113.{}", 100 + n), true);
        let answer = sign_in(
            &mut stranger,
            "en",
            "owner@example.org",
            &format!("guess {n}"),
        )
        .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "stranger {n}");
    }
    // The account is now closed to browsers it has never seen…
    let mut new_laptop = Browser::new(&app, "198.51.100.200", true);
    let refused = sign_in(&mut new_laptop, "en", "owner@example.org", PASSWORD).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    // …but not to the owner's own phone, even from a new address.
    phone.address = "198.51.100.201".into();
    let welcome = sign_in(&mut phone, "en", "owner@example.org", PASSWORD).await;
    assert_eq!(welcome.status, StatusCode::OK, "{}", welcome.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_ins_and_registrations_that_succeed_are_limited_per_address() {
    let (app, _stores, _dir) = app(true).await;
    let mut home = Browser::new(&app, "192.0.2.60", true);
    register(&mut home, "busy@example.org", "Busy").await;
    let script = "203.0.113.60";
    for n in 1..=60 {
        let mut fresh = Browser::new(&app, script, true);
        let answer = sign_in(&mut fresh, "en", "busy@example.org", PASSWORD).await;
        assert_eq!(answer.status, StatusCode::OK, "sign-in {n}");
    }
    let mut one_more = Browser::new(&app, script, true);
    let refused = sign_in(&mut one_more, "en", "busy@example.org", PASSWORD).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);

    let factory = "203.0.113.61";
    for n in 1..=10 {
        let mut fresh = Browser::new(&app, factory, true);
        let answer = register(&mut fresh, &format!("bulk{n}@example.org"), "Bulk").await;
        assert_eq!(answer.status, StatusCode::OK, "registration {n}");
    }
    let mut eleventh = Browser::new(&app, factory, true);
    let refused = register(&mut eleventh, "bulk11@example.org", "Bulk").await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_mailbox_gets_at_most_three_reset_emails_an_hour_whoever_asks() {
    let (app, stores, _dir) = app(true).await;
    let mut owner = Browser::new(&app, "192.0.2.70", true);
    register(&mut owner, "flooded@example.org", "Flooded").await;
    for n in 0..6 {
        let mut asker = Browser::new(&app, &format!("203.0.113.{}", 150 + n), true);
        let answer = asker
            .call(
                "/api/forgot-password",
                &[("lang", "en"), ("email", "flooded@example.org")],
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "every asker gets the same answer"
        );
    }
    let count = || async {
        stores
            .accounts
            .outbox(Some("flooded@example.org"))
            .await
            .expect("outbox")
            .len()
    };
    for _ in 0..100 {
        if count().await >= 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(count().await, 3);
}
