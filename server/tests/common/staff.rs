//! Newsroom people as the tests make them.

use std::sync::atomic::{AtomicU8, Ordering};

use app::domain::{Lang, Role};
use app::ssr::accounts::store::NewAccount;
use app::ssr::newsroom::store::{Actor, RoleChange};
use axum::http::StatusCode;
use khabar_server::store::Stores;
use time::OffsetDateTime;

use super::accounts::register;
use super::browser::Browser;

/// A new reader account, straight in the store; its name is the email's
/// local part.
pub async fn account(stores: &Stores, email: &str) -> i64 {
    stores
        .accounts
        .create_account(&NewAccount {
            email: email.into(),
            display_name: email.split('@').next().unwrap_or("x").into(),
            lang: Lang::En,
            password_hash: "x".into(),
            created_at: OffsetDateTime::now_utc(),
        })
        .await
        .expect("insert")
        .expect("new account")
}

/// The id of the account with `email`.
pub async fn id_of(stores: &Stores, email: &str) -> i64 {
    stores
        .accounts
        .account_by_email(email)
        .await
        .expect("query")
        .expect("the account exists")
        .id
}

/// A registered, signed-in account with `role` (given by the command line),
/// each from an address of its own so no registration limit is reached.
pub async fn member(
    app: &axum::Router,
    stores: &Stores,
    email: &str,
    role: Option<Role>,
) -> Browser {
    static NEXT_ADDRESS: AtomicU8 = AtomicU8::new(1);
    let address = format!("203.0.113.{}", NEXT_ADDRESS.fetch_add(1, Ordering::Relaxed));
    let mut browser = Browser::new(app, &address, true);
    let answer = register(&mut browser, email, "Staff member").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    if role.is_some() {
        stores
            .newsroom
            .set_role(&RoleChange {
                account: id_of(stores, email).await,
                role,
                by: Actor::CommandLine,
                at: OffsetDateTime::now_utc(),
            })
            .await
            .expect("set role");
    }
    browser
}
