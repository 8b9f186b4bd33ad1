//! The read cache in front of the database: answers are kept until the
//! content changes, whoever changes it, and never outlive their bound.

mod common;

use std::sync::Arc;
use std::time::Duration;

use app::domain::{Lang, Slug};
use app::ssr::store::{SharedStore, Store};
use khabar_server::config::CacheSettings;
use khabar_server::store::ReadCache;

fn slug(raw: &str) -> Slug {
    Slug::parse(raw).expect("slug")
}

async fn headline(store: &dyn Store, raw: &str) -> Option<String> {
    store
        .article(Lang::En, &slug(raw))
        .await
        .expect("article")
        .map(|a| a.summary.title)
}

/// The database, a cache in front of it that reads the generation at most
/// every `every`, and the id of one story in it.
async fn cached(
    settings: CacheSettings,
    every: Duration,
) -> (SharedStore, Arc<ReadCache>, i64, tempfile::TempDir) {
    let (database, dir) = common::fresh_sqlite().await;
    let id = database
        .insert_article(&common::story("kept", "The first headline"))
        .await
        .expect("insert");
    let cache = Arc::new(ReadCache::new(database.clone(), settings).checking_every(every));
    (database, cache, id, dir)
}

/// Changes the story's headline in the database, behind the cache's back
/// (as another process would).
async fn change_elsewhere(database: &SharedStore, id: i64) {
    database
        .update_article(id, &common::story("kept", "Changed elsewhere"))
        .await
        .expect("update");
}

#[tokio::test]
async fn an_answer_is_kept_and_a_write_through_the_cache_replaces_it_at_once() {
    let (database, cache, id, _dir) =
        cached(CacheSettings::READ_DEFAULT, Duration::from_secs(3600)).await;
    assert_eq!(
        headline(cache.as_ref(), "kept").await.as_deref(),
        Some("The first headline")
    );
    assert_eq!(cache.usage().0, 1);
    // Changed behind the cache's back, before its next generation check:
    // the kept answer is what it serves.
    change_elsewhere(&database, id).await;
    assert_eq!(
        headline(cache.as_ref(), "kept").await.as_deref(),
        Some("The first headline")
    );
    // Changed through the cache: the very next read sees it.
    cache
        .update_article(id, &common::story("kept", "Changed here"))
        .await
        .expect("update");
    assert_eq!(
        headline(cache.as_ref(), "kept").await.as_deref(),
        Some("Changed here")
    );
    let listed = cache.latest(Lang::En, 10, 0).await.expect("latest");
    assert_eq!(listed[0].title, "Changed here");
}

#[tokio::test]
async fn a_change_made_by_another_process_is_seen_after_the_next_check() {
    let (database, cache, id, _dir) =
        cached(CacheSettings::READ_DEFAULT, Duration::from_millis(50)).await;
    assert_eq!(
        headline(cache.as_ref(), "kept").await.as_deref(),
        Some("The first headline")
    );
    change_elsewhere(&database, id).await;
    let mut seen = None;
    for _ in 0..100 {
        seen = headline(cache.as_ref(), "kept").await;
        if seen.as_deref() == Some("Changed elsewhere") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(seen.as_deref(), Some("Changed elsewhere"));
}

#[tokio::test]
async fn an_answer_older_than_the_bound_is_asked_again() {
    let settings = CacheSettings {
        max_age: Duration::from_millis(30),
        ..CacheSettings::READ_DEFAULT
    };
    let (database, cache, id, _dir) = cached(settings, Duration::from_secs(3600)).await;
    assert!(headline(cache.as_ref(), "kept").await.is_some());
    change_elsewhere(&database, id).await;
    tokio::time::sleep(Duration::from_millis(60)).await;
    assert_eq!(
        headline(cache.as_ref(), "kept").await.as_deref(),
        Some("Changed elsewhere")
    );
}

#[tokio::test]
async fn turned_off_every_read_goes_to_the_database() {
    let settings = CacheSettings {
        enabled: false,
        ..CacheSettings::READ_DEFAULT
    };
    let (database, cache, id, _dir) = cached(settings, Duration::from_secs(3600)).await;
    assert!(headline(cache.as_ref(), "kept").await.is_some());
    change_elsewhere(&database, id).await;
    assert_eq!(
        headline(cache.as_ref(), "kept").await.as_deref(),
        Some("Changed elsewhere")
    );
    assert_eq!(cache.usage(), (0, 0));
}

#[tokio::test]
async fn missing_stories_are_not_kept_so_random_slugs_cannot_push_out_real_answers() {
    let (database, cache, _, _dir) =
        cached(CacheSettings::READ_DEFAULT, Duration::from_secs(3600)).await;
    for n in 0..50 {
        assert!(
            headline(cache.as_ref(), &format!("no-such-story-{n}"))
                .await
                .is_none()
        );
    }
    assert_eq!(cache.usage().0, 0);
    // A story that appears later is found: an absence was never remembered.
    database
        .insert_article(&common::story("late", "Arrived later"))
        .await
        .expect("insert");
    assert_eq!(
        headline(cache.as_ref(), "late").await.as_deref(),
        Some("Arrived later")
    );
}

#[tokio::test]
async fn the_bound_in_bytes_holds_over_many_answers() {
    let settings = CacheSettings {
        max_bytes: 64 * 1024,
        ..CacheSettings::READ_DEFAULT
    };
    let (_database, cache, _, _dir) = cached(settings, Duration::from_secs(3600)).await;
    for offset in 0..2000 {
        cache.latest(Lang::En, 10, offset).await.expect("latest");
    }
    let (answers, bytes) = cache.usage();
    assert!(bytes <= 64 * 1024, "{bytes} bytes");
    assert!(answers > 10 && answers < 2000, "{answers} answers");
}
