//! The session cache in front of the accounts database: a signed-in
//! reader's look-up is kept for a moment, and a sign-out, a rename or a
//! save is seen by the next look-up here and after the next generation
//! check everywhere else.

mod common;

use std::time::Duration;

use app::domain::{Lang, Slug};
use app::ssr::accounts::store::{AccountStore, SaveOutcome, SharedAccounts};
use khabar_server::store::{SessionCache, Stores};
use time::OffsetDateTime;

const KEEP_FOR: time::Duration = SessionCache::KEEP_FOR;

const SESSION: &str = "phone";

/// A fresh database with the demo stories and one signed-in reader;
/// returns the stores (the database itself), the reader's account id and
/// when their session began.
async fn signed_in() -> (Stores, i64, OffsetDateTime, tempfile::TempDir) {
    let (stores, dir) = common::fresh_stores().await;
    let account = common::with_reader(&stores).await;
    let now = OffsetDateTime::now_utc();
    stores
        .accounts
        .create_session(SESSION, account, now, "Firefox · Android")
        .await
        .expect("session");
    (stores, account, now, dir)
}

fn story() -> Slug {
    Slug::parse("wheat-sowing-north").expect("slug")
}

/// The reader's name and saved stories as a page would see them at `at`.
async fn page_look_up(accounts: &dyn AccountStore, at: OffsetDateTime) -> Option<(String, usize)> {
    accounts
        .session_with_saved(SESSION, at)
        .await
        .expect("look-up")
        .map(|(account, saved)| (account.display_name, saved.len()))
}

/// A change made straight in the database, as another process would.
async fn rename_elsewhere(database: &SharedAccounts, account: i64, name: &str) {
    database
        .set_display_name(account, name)
        .await
        .expect("rename");
}

#[tokio::test]
async fn a_look_up_is_kept_and_a_write_through_the_cache_is_seen_at_once() {
    let (stores, account, now, _dir) = signed_in().await;
    let cache =
        SessionCache::new(stores.accounts.clone(), true).checking_every(Duration::from_secs(3600));
    assert_eq!(page_look_up(&cache, now).await, Some(("Reader".into(), 0)));
    assert_eq!(cache.len(), 1);
    // Changed behind the cache's back, before its next generation check:
    // the kept look-up is what it answers.
    rename_elsewhere(&stores.accounts, account, "Renamed elsewhere").await;
    assert_eq!(page_look_up(&cache, now).await, Some(("Reader".into(), 0)));
    // A save through the cache: the very next look-up asks the database,
    // and so also shows the other change.
    let saved = cache
        .save(account, Lang::En, &story(), now, 10)
        .await
        .expect("save");
    assert_eq!(saved, SaveOutcome::Saved);
    assert_eq!(
        page_look_up(&cache, now).await,
        Some(("Renamed elsewhere".into(), 1))
    );
}

#[tokio::test]
async fn a_sign_out_here_ends_the_session_at_once() {
    let (stores, _, now, _dir) = signed_in().await;
    let cache =
        SessionCache::new(stores.accounts.clone(), true).checking_every(Duration::from_secs(3600));
    assert!(page_look_up(&cache, now).await.is_some());
    cache.delete_session(SESSION).await.expect("sign out");
    assert_eq!(page_look_up(&cache, now).await, None);
    assert!(
        cache
            .session_account(SESSION, now)
            .await
            .expect("look-up")
            .is_none()
    );
}

#[tokio::test]
async fn a_sign_out_in_another_process_ends_the_session_after_the_next_check() {
    let (stores, _, now, _dir) = signed_in().await;
    let every = Duration::from_millis(100);
    let cache = SessionCache::new(stores.accounts.clone(), true).checking_every(every);
    assert!(page_look_up(&cache, now).await.is_some());
    stores
        .accounts
        .delete_session(SESSION)
        .await
        .expect("sign out elsewhere");
    tokio::time::sleep(every + Duration::from_millis(50)).await;
    assert_eq!(page_look_up(&cache, now).await, None);
}

#[tokio::test]
async fn a_story_unpublished_leaves_the_list_after_the_next_check() {
    let (stores, account, now, _dir) = signed_in().await;
    let every = Duration::from_millis(100);
    let cache = SessionCache::new(stores.accounts.clone(), true).checking_every(every);
    cache
        .save(account, Lang::En, &story(), now, 10)
        .await
        .expect("save");
    assert_eq!(page_look_up(&cache, now).await, Some(("Reader".into(), 1)));
    common::unpublish(stores.articles.as_ref(), Lang::En, "wheat-sowing-north").await;
    tokio::time::sleep(every + Duration::from_millis(50)).await;
    assert_eq!(page_look_up(&cache, now).await, Some(("Reader".into(), 0)));
}

#[tokio::test]
async fn a_kept_look_up_is_used_only_within_its_window() {
    let (stores, account, now, _dir) = signed_in().await;
    let cache =
        SessionCache::new(stores.accounts.clone(), true).checking_every(Duration::from_secs(3600));
    assert!(page_look_up(&cache, now).await.is_some());
    rename_elsewhere(&stores.accounts, account, "Renamed elsewhere").await;
    let almost = now + KEEP_FOR - time::Duration::seconds(1);
    assert_eq!(
        page_look_up(&cache, almost).await,
        Some(("Reader".into(), 0))
    );
    let found = cache
        .session_account(SESSION, almost)
        .await
        .expect("look-up")
        .expect("signed in");
    assert_eq!(found.display_name, "Reader");
    // At the window's end, or at a time before the look-up was loaded, the
    // database answers.
    assert_eq!(
        page_look_up(&cache, now + KEEP_FOR).await,
        Some(("Renamed elsewhere".into(), 0))
    );
    rename_elsewhere(&stores.accounts, account, "Renamed once more").await;
    assert_eq!(
        page_look_up(&cache, now).await,
        Some(("Renamed once more".into(), 0))
    );
}

#[tokio::test]
async fn ended_and_forged_sessions_are_never_kept() {
    let (stores, _, now, _dir) = signed_in().await;
    let cache = SessionCache::new(stores.accounts.clone(), true);
    for digest in ["forged", "another-forged"] {
        let found = cache
            .session_with_saved(digest, now)
            .await
            .expect("look-up");
        assert!(found.is_none());
    }
    assert!(cache.is_empty());
}

#[tokio::test]
async fn turned_off_every_look_up_asks_the_database() {
    let (stores, account, now, _dir) = signed_in().await;
    let cache = SessionCache::new(stores.accounts.clone(), false);
    assert_eq!(page_look_up(&cache, now).await, Some(("Reader".into(), 0)));
    rename_elsewhere(&stores.accounts, account, "Renamed elsewhere").await;
    assert_eq!(
        page_look_up(&cache, now).await,
        Some(("Renamed elsewhere".into(), 0))
    );
    assert!(cache.is_empty());
}
