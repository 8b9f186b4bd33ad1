//! The Store contract: what every database adapter must do, run against a
//! fresh database per test. A new engine adds one line to `engines!` below.

mod common;

use app::domain::{ArticleKind, Category, Lang, Slug};
use app::ssr::store::{
    NewArticle, SharedStore, Status, StoreError, StoredGalleryPhoto, StoredImage,
};
use time::OffsetDateTime;
use time::macros::datetime;

fn article(
    lang: Lang,
    slug: &str,
    group: &str,
    categories: &[Category],
    at: OffsetDateTime,
) -> NewArticle {
    NewArticle {
        lang,
        slug: slug.to_owned(),
        translation_group: group.to_owned(),
        kind: ArticleKind::Text,
        categories: categories.to_vec(),
        title: format!("Title of {slug} in {lang}"),
        dek: format!("Dek of {slug}"),
        body_markdown: "Body.".to_owned(),
        body_html: "<p>Body.</p>".to_owned(),
        image: Some(StoredImage {
            src: "/media/a.svg".into(),
            alt: "alt".into(),
            width: 1200,
            height: 675,
        }),
        caption: "caption".into(),
        byline: "RASC News".into(),
        video_src: None,
        gallery: Vec::new(),
        status: Status::Published,
        published_at: at,
        updated_at: None,
    }
}

async fn a_migrated_database_is_ready(store: SharedStore) {
    store.ready().await.expect("ready");
}

async fn a_new_database_is_empty(store: SharedStore) {
    assert_eq!(store.article_count().await.expect("count"), 0);
    assert!(
        store
            .latest(Lang::En, 10, 0)
            .await
            .expect("latest")
            .is_empty()
    );
}

async fn an_article_round_trips_with_every_field(store: SharedStore) {
    let mut new = article(
        Lang::Fa,
        "story",
        "g1",
        &[Category::History, Category::Afghanistan],
        datetime!(2026-11-01 08:00 UTC),
    );
    new.kind = ArticleKind::Gallery;
    new.updated_at = Some(datetime!(2026-11-01 10:30 UTC));
    new.gallery = vec![
        StoredGalleryPhoto {
            src: "/media/1.svg".into(),
            caption: "یک".into(),
            width: 1200,
            height: 675,
        },
        StoredGalleryPhoto {
            src: "/media/2.svg".into(),
            caption: "دو".into(),
            width: 800,
            height: 600,
        },
    ];
    store.insert_article(&new).await.expect("insert");
    let got = store
        .article(Lang::Fa, &slug("story"))
        .await
        .expect("read")
        .expect("found");
    assert_eq!(got.summary.title, new.title);
    assert_eq!(got.summary.kind, ArticleKind::Gallery);
    assert_eq!(got.summary.primary_category, Category::History);
    assert_eq!(
        got.categories,
        vec![Category::History, Category::Afghanistan]
    );
    assert_eq!(got.summary.published_at, new.published_at);
    assert_eq!(got.updated_at, new.updated_at);
    assert_eq!(got.summary.image, new.image);
    assert_eq!(got.gallery, new.gallery);
    assert_eq!(got.body_html, new.body_html);
    assert_eq!(got.translation_group, "g1");
    assert_eq!(store.article_count().await.expect("count"), 1);
}

async fn articles_are_per_language(store: SharedStore) {
    store
        .insert_article(&article(
            Lang::En,
            "same",
            "g",
            &[Category::World],
            datetime!(2026-11-01 0:00 UTC),
        ))
        .await
        .expect("en");
    store
        .insert_article(&article(
            Lang::Fa,
            "same",
            "g",
            &[Category::World],
            datetime!(2026-11-01 0:00 UTC),
        ))
        .await
        .expect("fa");
    assert!(
        store
            .article(Lang::Ru, &slug("same"))
            .await
            .expect("read")
            .is_none()
    );
    assert_eq!(
        store.latest(Lang::En, 10, 0).await.expect("latest").len(),
        1
    );
    assert!(
        store
            .article(Lang::En, &slug("missing"))
            .await
            .expect("read")
            .is_none()
    );
}

async fn latest_is_newest_first_and_pages(store: SharedStore) {
    for (i, day) in [3, 1, 2].into_iter().enumerate() {
        let at = OffsetDateTime::from_unix_timestamp(1_790_000_000 + day * 86_400).expect("ts");
        store
            .insert_article(&article(
                Lang::En,
                &format!("s{i}"),
                &format!("g{i}"),
                &[Category::Sport],
                at,
            ))
            .await
            .expect("insert");
    }
    let all: Vec<_> = store
        .latest(Lang::En, 10, 0)
        .await
        .expect("latest")
        .into_iter()
        .map(|a| a.slug)
        .collect();
    assert_eq!(all, ["s0", "s2", "s1"]);
    let second: Vec<_> = store
        .latest(Lang::En, 1, 1)
        .await
        .expect("page")
        .into_iter()
        .map(|a| a.slug)
        .collect();
    assert_eq!(second, ["s2"]);
}

async fn drafts_are_never_shown(store: SharedStore) {
    let mut draft = article(
        Lang::En,
        "draft",
        "gd",
        &[Category::World],
        datetime!(2026-11-02 0:00 UTC),
    );
    draft.status = Status::Draft;
    store.insert_article(&draft).await.expect("insert");
    assert!(
        store
            .article(Lang::En, &slug("draft"))
            .await
            .expect("read")
            .is_none()
    );
    assert!(
        store
            .latest(Lang::En, 10, 0)
            .await
            .expect("latest")
            .is_empty()
    );
    let page = store
        .in_category(Lang::En, Category::World, 10, 0)
        .await
        .expect("category");
    assert_eq!((page.items.len(), page.total), (0, 0));
    assert!(
        store
            .translations("gd")
            .await
            .expect("translations")
            .is_empty()
    );
    assert_eq!(
        store.article_count().await.expect("count"),
        1,
        "drafts still count as content"
    );
}

async fn categories_match_any_of_an_articles_sections(store: SharedStore) {
    let base = datetime!(2026-11-01 0:00 UTC);
    store
        .insert_article(&article(
            Lang::En,
            "a",
            "ga",
            &[Category::World, Category::Business],
            base,
        ))
        .await
        .expect("a");
    store
        .insert_article(&article(
            Lang::En,
            "b",
            "gb",
            &[Category::Business],
            base + time::Duration::hours(1),
        ))
        .await
        .expect("b");
    store
        .insert_article(&article(Lang::En, "c", "gc", &[Category::Sport], base))
        .await
        .expect("c");
    let business = store
        .in_category(Lang::En, Category::Business, 1, 0)
        .await
        .expect("page 1");
    assert_eq!(business.total, 2);
    assert_eq!(
        business
            .items
            .iter()
            .map(|a| a.slug.as_str())
            .collect::<Vec<_>>(),
        ["b"]
    );
    let next = store
        .in_category(Lang::En, Category::Business, 1, 1)
        .await
        .expect("page 2");
    assert_eq!(next.items[0].slug, "a");
    assert_eq!(next.items[0].primary_category, Category::World);
    let empty = store
        .in_category(Lang::En, Category::History, 10, 0)
        .await
        .expect("empty");
    assert_eq!((empty.items.len(), empty.total), (0, 0));
}

async fn newest_per_category_groups_sections_in_navigation_order(store: SharedStore) {
    let base = datetime!(2026-11-01 0:00 UTC);
    for (i, categories) in [
        vec![Category::Sport],
        vec![Category::World, Category::Sport],
        vec![Category::Sport],
        vec![Category::World],
    ]
    .into_iter()
    .enumerate()
    {
        let at = base + time::Duration::hours(i64::try_from(i).expect("small"));
        let slug = format!("s{i}");
        store
            .insert_article(&article(Lang::En, &slug, &slug, &categories, at))
            .await
            .expect("insert");
    }
    store
        .insert_article(&article(Lang::Fa, "fa", "fa", &[Category::History], base))
        .await
        .expect("fa");
    let sections = store
        .newest_per_category(Lang::En, 2)
        .await
        .expect("sections");
    let shape: Vec<(Category, Vec<&str>)> = sections
        .iter()
        .map(|(c, stories)| (*c, stories.iter().map(|s| s.slug.as_str()).collect()))
        .collect();
    assert_eq!(
        shape,
        [
            (Category::World, vec!["s3", "s1"]),
            (Category::Sport, vec!["s2", "s1"])
        ]
    );
}

async fn translations_list_every_version_in_switcher_order(store: SharedStore) {
    let at = datetime!(2026-11-01 0:00 UTC);
    for lang in [Lang::Tg, Lang::En, Lang::Ar, Lang::Fa] {
        store
            .insert_article(&article(lang, "story", "group", &[Category::World], at))
            .await
            .expect("insert");
    }
    store
        .insert_article(&article(Lang::En, "other", "other", &[Category::World], at))
        .await
        .expect("other");
    let langs: Vec<_> = store
        .translations("group")
        .await
        .expect("t")
        .into_iter()
        .map(|t| t.lang)
        .collect();
    assert_eq!(langs, [Lang::Ar, Lang::En, Lang::Fa, Lang::Tg]);
    assert!(store.translations("nobody").await.expect("none").is_empty());
}

async fn related_shares_a_section_and_excludes_the_article(store: SharedStore) {
    let at = datetime!(2026-11-01 0:00 UTC);
    let id = store
        .insert_article(&article(Lang::En, "main", "m", &[Category::History], at))
        .await
        .expect("main");
    store
        .insert_article(&article(
            Lang::En,
            "older",
            "o",
            &[Category::History],
            at - time::Duration::days(1),
        ))
        .await
        .expect("older");
    store
        .insert_article(&article(
            Lang::En,
            "newer",
            "n",
            &[Category::Sport, Category::History],
            at + time::Duration::days(1),
        ))
        .await
        .expect("newer");
    store
        .insert_article(&article(Lang::En, "unrelated", "u", &[Category::Sport], at))
        .await
        .expect("unrelated");
    store
        .insert_article(&article(Lang::Fa, "fa", "f", &[Category::History], at))
        .await
        .expect("fa");
    let related: Vec<_> = store
        .related(Lang::En, id, &[Category::History], 10)
        .await
        .expect("related")
        .into_iter()
        .map(|a| a.slug)
        .collect();
    assert_eq!(related, ["newer", "older"]);
    assert_eq!(
        store
            .related(Lang::En, id, &[Category::History], 1)
            .await
            .expect("one")
            .len(),
        1
    );
    assert!(
        store
            .related(Lang::En, id, &[], 5)
            .await
            .expect("none")
            .is_empty()
    );
}

async fn duplicate_slugs_in_a_language_conflict(store: SharedStore) {
    let at = datetime!(2026-11-01 0:00 UTC);
    store
        .insert_article(&article(Lang::En, "dup", "g1", &[Category::World], at))
        .await
        .expect("first");
    let err = store
        .insert_article(&article(Lang::En, "dup", "g2", &[Category::World], at))
        .await
        .expect_err("second");
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    let err = store
        .insert_article(&article(Lang::En, "other", "g1", &[Category::World], at))
        .await
        .expect_err("same group twice");
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    assert_eq!(
        store.article_count().await.expect("count"),
        1,
        "nothing half-written"
    );
}

async fn every_write_readers_can_see_moves_the_generation_on(store: SharedStore) {
    let at = datetime!(2026-11-01 0:00 UTC);
    let start = store.content_generation().await.expect("generation");
    let mut draft = article(Lang::En, "gen", "g-gen", &[Category::World], at);
    draft.status = Status::Draft;
    let id = store.insert_article(&draft).await.expect("insert");
    // A draft, and its edits, are nothing readers see: cached pages stay.
    draft.title = "Edited draft".into();
    assert!(store.update_article(id, &draft).await.expect("update"));
    assert_eq!(
        store.content_generation().await.expect("generation"),
        start,
        "a draft's writes"
    );
    draft.status = Status::Published;
    draft.categories = vec![Category::Afghanistan];
    assert!(store.update_article(id, &draft).await.expect("update"));
    let published = store.content_generation().await.expect("generation");
    assert!(published > start, "publish: {start} -> {published}");
    draft.categories = vec![Category::World];
    assert!(store.update_article(id, &draft).await.expect("update"));
    let updated = store.content_generation().await.expect("generation");
    assert!(updated > published, "update: {published} -> {updated}");
    // A failed write changes nothing, so it moves nothing on.
    let clash = article(Lang::En, "gen", "g-other", &[Category::World], at);
    assert!(store.insert_article(&clash).await.is_err());
    assert_eq!(
        store.content_generation().await.expect("generation"),
        updated
    );
    assert!(!store.update_article(id + 1000, &draft).await.expect("none"));
    assert_eq!(
        store.content_generation().await.expect("generation"),
        updated
    );
    // Taking it off the site is a change readers see.
    draft.status = Status::Draft;
    assert!(store.update_article(id, &draft).await.expect("update"));
    assert!(store.content_generation().await.expect("generation") > updated);
}

async fn an_article_needs_a_category(store: SharedStore) {
    let err = store
        .insert_article(&article(
            Lang::En,
            "x",
            "x",
            &[],
            datetime!(2026-11-01 0:00 UTC),
        ))
        .await
        .expect_err("no category");
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    assert_eq!(store.article_count().await.expect("count"), 0);
}

fn slug(raw: &str) -> Slug {
    Slug::parse(raw).expect("a valid slug")
}

fn words(query: &str) -> app::ssr::search::SearchTerms {
    app::ssr::search::SearchTerms::parse(query).expect("a valid query")
}

async fn search_finds_words_across_scripts_reader_language_first(store: SharedStore) {
    let at = datetime!(2026-11-01 0:00 UTC);
    let mut fa = article(Lang::Fa, "fa", "g", &[Category::Business], at);
    fa.title = "کشت گندم در ولایت بلخ".into();
    let mut ar = article(Lang::Ar, "ar", "g", &[Category::Business], at);
    ar.title = "زراعة القمح في بلخ".into();
    let mut en = article(Lang::En, "en", "g", &[Category::Business], at);
    en.title = "Wheat sowing in Balkh".into();
    for a in [&fa, &ar, &en] {
        store.insert_article(a).await.expect("insert");
    }
    // Typed with Arabic kaf and yeh, found in the Dari text.
    let hits = store
        .search(Lang::Fa, &words("كشت"), 10, 0)
        .await
        .expect("search");
    assert_eq!(
        hits.items
            .iter()
            .map(|h| h.slug.as_str())
            .collect::<Vec<_>>(),
        ["fa"]
    );
    let hits = store
        .search(Lang::Ar, &words("بلخ"), 10, 0)
        .await
        .expect("search");
    assert_eq!(hits.total, 2);
    assert_eq!(hits.items[0].lang, Lang::Ar, "reader's language first");
    let hits = store
        .search(Lang::En, &words("WHEA"), 10, 0)
        .await
        .expect("prefix, any case");
    assert_eq!(hits.items[0].slug, "en");
    assert_eq!(
        store
            .search(Lang::En, &words("nothing-like-this"), 10, 0)
            .await
            .expect("none")
            .total,
        0
    );
}

async fn search_ranks_title_matches_above_body_matches(store: SharedStore) {
    let at = datetime!(2026-11-01 0:00 UTC);
    let mut body_only = article(
        Lang::En,
        "body",
        "b",
        &[Category::World],
        at + time::Duration::days(1),
    );
    body_only.body_markdown = "Saffron is mentioned only here.".into();
    body_only.body_html = "<p>Saffron is mentioned only here.</p>".into();
    let mut in_title = article(Lang::En, "title", "t", &[Category::World], at);
    in_title.title = "Saffron harvest ends".into();
    store.insert_article(&body_only).await.expect("insert");
    store.insert_article(&in_title).await.expect("insert");
    let hits = store
        .search(Lang::En, &words("saffron"), 10, 0)
        .await
        .expect("search");
    assert_eq!(
        hits.items
            .iter()
            .map(|h| h.slug.as_str())
            .collect::<Vec<_>>(),
        ["title", "body"]
    );
}

async fn updating_an_article_updates_search(store: SharedStore) {
    let mut a = article(
        Lang::En,
        "story",
        "g",
        &[Category::Sport],
        datetime!(2026-11-01 0:00 UTC),
    );
    a.title = "Cricket final tonight".into();
    let id = store.insert_article(&a).await.expect("insert");
    a.title = "Football final tonight".into();
    a.categories = vec![Category::World];
    assert!(store.update_article(id, &a).await.expect("update"));
    assert_eq!(
        store
            .search(Lang::En, &words("cricket"), 10, 0)
            .await
            .expect("old")
            .total,
        0
    );
    assert_eq!(
        store
            .search(Lang::En, &words("football"), 10, 0)
            .await
            .expect("new")
            .total,
        1
    );
    let got = store
        .article(Lang::En, &slug("story"))
        .await
        .expect("read")
        .expect("found");
    assert_eq!(got.categories, vec![Category::World]);
    assert!(
        !store
            .update_article(id + 100, &a)
            .await
            .expect("missing id"),
        "nothing to update"
    );
}

async fn drafts_are_not_found_by_search_or_sitemaps(store: SharedStore) {
    let mut draft = article(
        Lang::En,
        "draft",
        "d",
        &[Category::World],
        datetime!(2026-11-01 0:00 UTC),
    );
    draft.title = "Secret embargoed story".into();
    draft.status = Status::Draft;
    store.insert_article(&draft).await.expect("insert");
    assert_eq!(
        store
            .search(Lang::En, &words("embargoed"), 10, 0)
            .await
            .expect("search")
            .total,
        0
    );
    assert!(store.sitemap_entries().await.expect("sitemap").is_empty());
}

async fn sitemap_entries_list_every_version_with_its_last_change(store: SharedStore) {
    let at = datetime!(2026-11-01 0:00 UTC);
    let mut en = article(Lang::En, "s", "g", &[Category::World], at);
    en.updated_at = Some(at + time::Duration::hours(3));
    store.insert_article(&en).await.expect("en");
    store
        .insert_article(&article(Lang::Tg, "s", "g", &[Category::World], at))
        .await
        .expect("tg");
    let entries = store.sitemap_entries().await.expect("entries");
    assert_eq!(entries.len(), 2);
    let english = entries.iter().find(|e| e.lang == Lang::En).expect("en");
    assert_eq!(english.modified_at, at + time::Duration::hours(3));
    assert!(entries.iter().all(|e| e.translation_group == "g"));
}

async fn demo_content_loads_once(store: SharedStore) {
    let added = khabar_server::content::load_if_empty(store.as_ref())
        .await
        .expect("load");
    assert!(added >= 36 + 8 * 12, "{added} articles");
    assert_eq!(
        khabar_server::content::load_if_empty(store.as_ref())
            .await
            .expect("again"),
        0
    );
    assert_eq!(store.article_count().await.expect("count"), added as u64);
}

/// Every check, against the store that `$fresh` opens.
macro_rules! every_check {
    ($fresh:path) => {
        crate::contract_checks!(
            $fresh;
            a_migrated_database_is_ready,
            a_new_database_is_empty,
            an_article_round_trips_with_every_field,
            articles_are_per_language,
            latest_is_newest_first_and_pages,
            drafts_are_never_shown,
            categories_match_any_of_an_articles_sections,
            newest_per_category_groups_sections_in_navigation_order,
            translations_list_every_version_in_switcher_order,
            related_shares_a_section_and_excludes_the_article,
            duplicate_slugs_in_a_language_conflict,
            every_write_readers_can_see_moves_the_generation_on,
            an_article_needs_a_category,
            search_finds_words_across_scripts_reader_language_first,
            search_ranks_title_matches_above_body_matches,
            updating_an_article_updates_search,
            drafts_are_not_found_by_search_or_sitemaps,
            sitemap_entries_list_every_version_with_its_last_change,
            demo_content_loads_once,
        );
    };
}

/// Every check against SQLite; another engine adds a module like this one.
mod sqlite {
    use super::*;
    every_check!(common::fresh_sqlite);
}

/// Every check against SQLite behind the read cache: what the app uses,
/// which must answer as the database does.
mod sqlite_behind_read_cache {
    use super::*;
    every_check!(common::fresh_read_cache);
}
