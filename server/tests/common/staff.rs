//! Newsroom people as the tests make them.

use app::domain::Lang;
use app::ssr::accounts::store::NewAccount;
use khabar_server::store::Stores;
use time::OffsetDateTime;

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
