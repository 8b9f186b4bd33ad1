//! The newsroom port's contract for stories: drafts and revisions, the
//! editors' decisions and what readers see of them, the schedule and the
//! story audit, against a fresh database per check. A new engine adds one
//! module at the end, as in `store_contract.rs`.

mod common;

use app::domain::{ArticleKind, Category, Lang, Slug, StoryStatus};
use app::ssr::newsroom::store::{Actor, AuditAction, AuditScope};
use app::ssr::newsroom::stories::{
    ActOutcome, NewStory, SaveOutcome, Story, StoryAction, StoryEvent, StoryFields, StoryFilter,
    StorySave,
};
use app::ssr::search::SearchTerms;
use app::ssr::store::StoredArticle;
use common::staff::account;
use khabar_server::store::Stores;
use time::{Duration, OffsetDateTime};

/// A fixed moment, whole seconds, plus `minutes`.
fn at(minutes: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_790_000_000).expect("time") + Duration::minutes(minutes)
}

fn fields(lang: Lang, slug: &str, title: &str) -> StoryFields {
    StoryFields {
        lang,
        slug: slug.into(),
        kind: ArticleKind::Text,
        categories: vec![Category::Afghanistan, Category::Business],
        title: title.into(),
        dek: "Wheat prices in three provinces.".into(),
        body_markdown: "Traders in **Herat** said so.".into(),
        byline: "Newsroom".into(),
        image: None,
        caption: String::new(),
        video_src: None,
        gallery: Vec::new(),
    }
}

fn html(fields: &StoryFields) -> String {
    format!("<p>{}</p>", fields.body_markdown)
}

async fn create(stores: &Stores, fields: StoryFields, group: &str, by: Actor) -> i64 {
    let outcome = stores
        .newsroom
        .create_story(&NewStory {
            body_html: html(&fields),
            fields,
            translation_group: group.into(),
            translated_from: None,
            by,
            at: at(0),
        })
        .await
        .expect("create");
    match outcome {
        SaveOutcome::Saved { story, revision } => {
            assert_eq!(revision, 1);
            story
        }
        other => panic!("not created: {other:?}"),
    }
}

async fn save(
    stores: &Stores,
    story: i64,
    base: u32,
    fields: StoryFields,
    minute: i64,
) -> SaveOutcome {
    stores
        .newsroom
        .save_story(&StorySave {
            story,
            base_revision: base,
            body_html: html(&fields),
            fields,
            by: Actor::CommandLine,
            at: at(minute),
        })
        .await
        .expect("save")
}

async fn act(
    stores: &Stores,
    story: i64,
    action: StoryAction,
    by: Actor,
    minute: i64,
) -> ActOutcome {
    stores
        .newsroom
        .act(story, &action, by, at(minute))
        .await
        .expect("act")
}

async fn story_of(stores: &Stores, id: i64) -> Story {
    stores
        .newsroom
        .story(id)
        .await
        .expect("story")
        .expect("the story is there")
}

fn done(status: StoryStatus, revision: u32) -> ActOutcome {
    ActOutcome::Done { status, revision }
}

async fn content_generation(stores: &Stores) -> u64 {
    stores
        .articles
        .content_generation()
        .await
        .expect("generation")
}

/// How many stories the readers' search finds for `words`, in any language.
async fn found(stores: &Stores, words: &str) -> u64 {
    let terms = SearchTerms::parse(words).expect("terms");
    stores
        .articles
        .search(Lang::En, &terms, 10, 0)
        .await
        .expect("search")
        .total
}

async fn in_sitemaps(stores: &Stores) -> usize {
    stores
        .articles
        .sitemap_entries()
        .await
        .expect("sitemap")
        .len()
}

/// The story readers get at `/{lang}/article/{slug}`, which must be live.
async fn live_article(stores: &Stores, lang: Lang, slug: &str) -> StoredArticle {
    stores
        .articles
        .article(lang, &Slug::parse(slug).expect("slug"))
        .await
        .expect("article")
        .expect("live")
}

/// What a reader gets at `/{lang}/article/{slug}`: the headline, if any.
async fn readers_headline(stores: &Stores, lang: Lang, slug: &str) -> Option<String> {
    stores
        .articles
        .article(lang, &Slug::parse(slug).expect("slug"))
        .await
        .expect("article")
        .map(|a| a.summary.title)
}

async fn a_draft_is_the_newsrooms_alone_until_an_editor_publishes_it(stores: Stores) {
    let writer = account(&stores, "writer@example.org").await;
    let editor = account(&stores, "editor@example.org").await;
    let generation = content_generation(&stores).await;
    let id = create(
        &stores,
        fields(Lang::Fa, "wheat", "Wheat prices"),
        "g1",
        Actor::Account(writer),
    )
    .await;

    let story = story_of(&stores, id).await;
    assert_eq!(story.status, StoryStatus::Draft);
    assert_eq!(story.fields.title, "Wheat prices");
    assert_eq!(story.author, Some(writer));
    assert_eq!(story.author_name, "writer");
    assert_eq!(story.published_at, None);
    assert_eq!(story.revision, 1);
    assert!(!story.pending);

    // Readers, their search, feeds and sitemaps see nothing of a draft, and
    // the page cache has no reason to move.
    assert_eq!(readers_headline(&stores, Lang::Fa, "wheat").await, None);
    assert_eq!(found(&stores, "wheat").await, 0);
    assert!(in_sitemaps(&stores).await == 0);
    assert_eq!(content_generation(&stores).await, generation);

    // The writer submits; a second submit finds it already in review.
    let submitted = act(&stores, id, StoryAction::Submit, Actor::Account(writer), 1).await;
    assert_eq!(submitted, done(StoryStatus::Review, 1));
    assert_eq!(
        act(&stores, id, StoryAction::Submit, Actor::Account(writer), 1).await,
        ActOutcome::WrongStage {
            status: StoryStatus::Review
        }
    );

    let published = act(&stores, id, StoryAction::Publish, Actor::Account(editor), 2).await;
    assert_eq!(published, done(StoryStatus::Published, 1));
    assert_eq!(
        readers_headline(&stores, Lang::Fa, "wheat")
            .await
            .as_deref(),
        Some("Wheat prices")
    );
    let article = live_article(&stores, Lang::Fa, "wheat").await;
    assert_eq!(article.summary.published_at, at(2));
    assert_eq!(article.updated_at, None);
    assert_eq!(
        article.categories,
        [Category::Afghanistan, Category::Business]
    );
    assert_eq!(found(&stores, "wheat").await, 1);
    assert_eq!(in_sitemaps(&stores).await, 1);
    assert!(content_generation(&stores).await > generation);

    // Unpublished: gone for readers and their search, kept in the newsroom.
    assert_eq!(
        act(
            &stores,
            id,
            StoryAction::Unpublish,
            Actor::Account(editor),
            3
        )
        .await,
        done(StoryStatus::Unpublished, 1)
    );
    assert_eq!(readers_headline(&stores, Lang::Fa, "wheat").await, None);
    assert_eq!(found(&stores, "wheat").await, 0);
    assert!(in_sitemaps(&stores).await == 0);
    let story = story_of(&stores, id).await;
    assert_eq!(story.status, StoryStatus::Unpublished);
    assert_eq!(story.published_at, Some(at(2)));
}

async fn a_published_storys_edits_wait_for_an_editor_and_then_show_updated(stores: Stores) {
    let id = create(
        &stores,
        fields(Lang::En, "wheat", "Wheat prices"),
        "g1",
        Actor::CommandLine,
    )
    .await;
    act(&stores, id, StoryAction::Publish, Actor::CommandLine, 1).await;
    let generation = content_generation(&stores).await;

    // Saves of a live story are kept, not shown: a half-done edit never
    // reaches readers, and the page cache keeps its pages.
    let edited = fields(Lang::En, "wheat", "Wheat prices fall");
    assert_eq!(
        save(&stores, id, 1, edited.clone(), 2).await,
        SaveOutcome::Saved {
            story: id,
            revision: 2
        }
    );
    assert_eq!(
        readers_headline(&stores, Lang::En, "wheat")
            .await
            .as_deref(),
        Some("Wheat prices")
    );
    assert_eq!(content_generation(&stores).await, generation);
    let story = story_of(&stores, id).await;
    assert_eq!(
        story.fields.title, "Wheat prices fall",
        "the newsroom edits the newest"
    );
    assert!(story.pending);

    assert_eq!(
        act(&stores, id, StoryAction::Publish, Actor::CommandLine, 3).await,
        done(StoryStatus::Published, 2)
    );
    let article = live_article(&stores, Lang::En, "wheat").await;
    assert_eq!(article.summary.title, "Wheat prices fall");
    assert_eq!(
        article.summary.published_at,
        at(1),
        "the first publication stays the date"
    );
    assert_eq!(article.updated_at, Some(at(3)));
    assert!(content_generation(&stores).await > generation);
    // Nothing new: publishing again does nothing.
    assert_eq!(
        act(&stores, id, StoryAction::Publish, Actor::CommandLine, 4).await,
        ActOutcome::WrongStage {
            status: StoryStatus::Published
        }
    );
}

async fn a_save_over_someone_elses_newer_one_is_refused_and_loses_nothing(stores: Stores) {
    let id = create(
        &stores,
        fields(Lang::En, "wheat", "First"),
        "g1",
        Actor::CommandLine,
    )
    .await;
    assert_eq!(
        save(&stores, id, 1, fields(Lang::En, "wheat", "Second"), 1).await,
        SaveOutcome::Saved {
            story: id,
            revision: 2
        }
    );
    // A second editor still on revision 1.
    assert_eq!(
        save(&stores, id, 1, fields(Lang::En, "wheat", "Stale"), 2).await,
        SaveOutcome::Stale { revision: 2 }
    );
    let story = story_of(&stores, id).await;
    assert_eq!(story.fields.title, "Second");
    assert_eq!(story.revision, 2);
    assert_eq!(story.edited_at, at(1));
    assert_eq!(
        save(&stores, 4_242, 0, fields(Lang::En, "x", "x"), 3).await,
        SaveOutcome::NoSuchStory
    );
}

async fn slugs_are_unique_per_language_and_a_story_has_one_version_per_language(stores: Stores) {
    let english = create(
        &stores,
        fields(Lang::En, "wheat", "Wheat"),
        "g1",
        Actor::CommandLine,
    )
    .await;
    // The same slug in another language is another address.
    let dari = create(
        &stores,
        fields(Lang::Fa, "wheat", "گندم"),
        "g1",
        Actor::CommandLine,
    )
    .await;
    // Each version knows the others, itself included, by language.
    let both = vec![
        (english, Lang::En, StoryStatus::Draft),
        (dari, Lang::Fa, StoryStatus::Draft),
    ];
    assert_eq!(story_of(&stores, english).await.versions, both);
    assert_eq!(story_of(&stores, dari).await.versions, both);
    let new = |fields, group: &str| NewStory {
        body_html: String::new(),
        fields,
        translation_group: group.into(),
        translated_from: Some(english),
        by: Actor::CommandLine,
        at: at(0),
    };
    assert_eq!(
        stores
            .newsroom
            .create_story(&new(fields(Lang::En, "wheat", "Other"), "g2"))
            .await
            .expect("create"),
        SaveOutcome::SlugTaken
    );
    assert_eq!(
        stores
            .newsroom
            .create_story(&new(fields(Lang::Fa, "other", "Other"), "g1"))
            .await
            .expect("create"),
        SaveOutcome::LanguageTaken
    );
    let other = create(
        &stores,
        fields(Lang::En, "rice", "Rice"),
        "g2",
        Actor::CommandLine,
    )
    .await;
    assert_eq!(
        save(&stores, other, 1, fields(Lang::En, "wheat", "Rice"), 1).await,
        SaveOutcome::SlugTaken
    );
    assert_eq!(
        save(&stores, dari, 1, fields(Lang::En, "wheat-en", "x"), 1).await,
        SaveOutcome::LanguageTaken
    );
    // Nothing of the refused writes was kept.
    assert_eq!(
        stores
            .newsroom
            .revisions(other)
            .await
            .expect("revisions")
            .len(),
        1
    );
    assert_eq!(
        stores
            .newsroom
            .revisions(dari)
            .await
            .expect("revisions")
            .len(),
        1
    );
}

async fn a_scheduled_story_goes_out_at_its_time_and_not_before(stores: Stores) {
    let id = create(
        &stores,
        fields(Lang::Fa, "wheat", "Wheat"),
        "g1",
        Actor::CommandLine,
    )
    .await;
    let editor = account(&stores, "editor@example.org").await;
    assert_eq!(stores.newsroom.next_due().await.expect("next"), None);
    assert_eq!(
        act(
            &stores,
            id,
            StoryAction::Schedule { at: at(30) },
            Actor::Account(editor),
            1
        )
        .await,
        done(StoryStatus::Scheduled, 1)
    );
    let story = story_of(&stores, id).await;
    assert_eq!(story.publish_at, Some(at(30)));
    assert_eq!(
        stores.newsroom.next_due().await.expect("next"),
        Some(at(30))
    );

    // A second before its time: nothing; at its time: out, dated then.
    let early = at(30) - Duration::seconds(1);
    assert!(
        stores
            .newsroom
            .publish_due(early)
            .await
            .expect("due")
            .is_empty()
    );
    assert_eq!(readers_headline(&stores, Lang::Fa, "wheat").await, None);
    assert_eq!(
        stores.newsroom.publish_due(at(30)).await.expect("due"),
        [id]
    );
    assert_eq!(
        readers_headline(&stores, Lang::Fa, "wheat")
            .await
            .as_deref(),
        Some("Wheat")
    );
    let story = story_of(&stores, id).await;
    assert_eq!(story.status, StoryStatus::Published);
    assert_eq!(story.published_at, Some(at(30)));
    assert_eq!(story.publish_at, None);
    assert_eq!(stores.newsroom.next_due().await.expect("next"), None);
    assert!(
        stores
            .newsroom
            .publish_due(at(31))
            .await
            .expect("due")
            .is_empty()
    );

    // Sent back before its time, a story stays where it is.
    let other = create(
        &stores,
        fields(Lang::Fa, "rice", "Rice"),
        "g2",
        Actor::CommandLine,
    )
    .await;
    act(
        &stores,
        other,
        StoryAction::Schedule { at: at(40) },
        Actor::Account(editor),
        2,
    )
    .await;
    let note = "Check the figures.".to_owned();
    assert_eq!(
        act(
            &stores,
            other,
            StoryAction::SendBack { note: note.clone() },
            Actor::Account(editor),
            3
        )
        .await,
        done(StoryStatus::Draft, 1)
    );
    assert!(
        stores
            .newsroom
            .publish_due(at(41))
            .await
            .expect("due")
            .is_empty()
    );
    let story = story_of(&stores, other).await;
    assert_eq!(
        (story.status, story.review_note.as_str(), story.publish_at),
        (StoryStatus::Draft, note.as_str(), None)
    );
}

async fn every_save_is_kept_and_an_old_revision_can_be_restored(stores: Stores) {
    let id = create(
        &stores,
        fields(Lang::En, "wheat", "One"),
        "g1",
        Actor::CommandLine,
    )
    .await;
    save(&stores, id, 1, fields(Lang::En, "wheat", "Two"), 1).await;
    save(&stores, id, 2, fields(Lang::En, "wheat", "Three"), 2).await;
    let revisions = stores.newsroom.revisions(id).await.expect("revisions");
    let listed: Vec<(u32, &str)> = revisions
        .iter()
        .map(|r| (r.number, r.title.as_str()))
        .collect();
    assert_eq!(listed, [(3, "Three"), (2, "Two"), (1, "One")]);
    assert_eq!(revisions[0].saved_at, at(2));
    assert_eq!(
        stores
            .newsroom
            .revision(id, 2)
            .await
            .expect("revision")
            .map(|f| f.title),
        Some("Two".to_owned())
    );
    assert_eq!(
        stores.newsroom.revision(id, 9).await.expect("revision"),
        None
    );

    assert_eq!(
        act(
            &stores,
            id,
            StoryAction::Restore { number: 1 },
            Actor::CommandLine,
            3
        )
        .await,
        done(StoryStatus::Draft, 4)
    );
    let story = story_of(&stores, id).await;
    assert_eq!((story.fields.title.as_str(), story.revision), ("One", 4));
    assert_eq!(
        act(
            &stores,
            id,
            StoryAction::Restore { number: 9 },
            Actor::CommandLine,
            4
        )
        .await,
        ActOutcome::NoSuchRevision
    );
    // Restoring a published story's revision waits for an editor, like a save.
    act(&stores, id, StoryAction::Publish, Actor::CommandLine, 5).await;
    act(
        &stores,
        id,
        StoryAction::Restore { number: 3 },
        Actor::CommandLine,
        6,
    )
    .await;
    assert_eq!(
        readers_headline(&stores, Lang::En, "wheat")
            .await
            .as_deref(),
        Some("One")
    );
    act(&stores, id, StoryAction::Publish, Actor::CommandLine, 7).await;
    assert_eq!(
        readers_headline(&stores, Lang::En, "wheat")
            .await
            .as_deref(),
        Some("Three")
    );
}

async fn the_story_list_filters_and_shows_each_storys_languages(stores: Stores) {
    let writer = account(&stores, "writer@example.org").await;
    let wheat = create(
        &stores,
        fields(Lang::En, "wheat", "Wheat harvest"),
        "g1",
        Actor::Account(writer),
    )
    .await;
    let mut dari = fields(Lang::Fa, "wheat", "برداشت گندم");
    dari.categories = vec![Category::World];
    create(&stores, dari, "g1", Actor::CommandLine).await;
    let rice = create(
        &stores,
        fields(Lang::En, "rice", "Rice imports"),
        "g2",
        Actor::CommandLine,
    )
    .await;
    save(
        &stores,
        wheat,
        1,
        fields(Lang::En, "wheat", "Wheat harvest"),
        5,
    )
    .await;
    act(&stores, rice, StoryAction::Submit, Actor::CommandLine, 2).await;

    let list = |filter: StoryFilter| {
        let stores = stores.clone();
        async move {
            let page = stores.newsroom.stories(&filter, 10, 0).await.expect("list");
            (
                page.total,
                page.items.into_iter().map(|s| s.title).collect::<Vec<_>>(),
            )
        }
    };
    // Newest edit first.
    let everything = list(StoryFilter::default()).await;
    assert_eq!(everything.0, 3);
    assert_eq!(everything.1[0], "Wheat harvest");
    assert_eq!(
        list(StoryFilter {
            lang: Some(Lang::En),
            ..Default::default()
        })
        .await,
        (
            2,
            vec!["Wheat harvest".to_owned(), "Rice imports".to_owned()]
        )
    );
    assert_eq!(
        list(StoryFilter {
            category: Some(Category::World),
            ..Default::default()
        })
        .await,
        (1, vec!["برداشت گندم".to_owned()])
    );
    assert_eq!(
        list(StoryFilter {
            status: Some(StoryStatus::Review),
            ..Default::default()
        })
        .await,
        (1, vec!["Rice imports".to_owned()])
    );
    assert_eq!(
        list(StoryFilter {
            author: Some(writer),
            ..Default::default()
        })
        .await,
        (1, vec!["Wheat harvest".to_owned()])
    );
    // Search reads drafts too, as the readers' search folds words.
    let terms = SearchTerms::parse("گندم").expect("terms");
    assert_eq!(
        list(StoryFilter {
            terms: Some(terms),
            ..Default::default()
        })
        .await,
        (1, vec!["برداشت گندم".to_owned()])
    );
    let page = stores
        .newsroom
        .stories(&StoryFilter::default(), 1, 1)
        .await
        .expect("page 2");
    assert_eq!((page.total, page.items.len()), (3, 1));

    let first = &stores
        .newsroom
        .stories(&StoryFilter::default(), 1, 0)
        .await
        .expect("list")
        .items[0];
    assert_eq!(
        first.versions,
        [
            (Lang::En, StoryStatus::Draft),
            (Lang::Fa, StoryStatus::Draft)
        ]
    );
    assert_eq!(first.author_name, "writer");
    assert_eq!(first.category, Category::Afghanistan);
    assert_eq!(first.edited_at, at(5));
}

async fn every_decision_about_a_story_is_in_its_audit(stores: Stores) {
    let writer = account(&stores, "writer@example.org").await;
    let editor = account(&stores, "editor@example.org").await;
    let id = create(
        &stores,
        fields(Lang::En, "wheat", "Wheat"),
        "g1",
        Actor::Account(writer),
    )
    .await;
    let other = create(
        &stores,
        fields(Lang::En, "rice", "Rice"),
        "g2",
        Actor::Account(writer),
    )
    .await;
    act(&stores, id, StoryAction::Submit, Actor::Account(writer), 1).await;
    act(
        &stores,
        id,
        StoryAction::Schedule { at: at(10) },
        Actor::Account(editor),
        2,
    )
    .await;
    stores.newsroom.publish_due(at(10)).await.expect("due");
    act(
        &stores,
        id,
        StoryAction::Unpublish,
        Actor::Account(editor),
        11,
    )
    .await;
    // Refused decisions leave no line.
    act(
        &stores,
        id,
        StoryAction::Unpublish,
        Actor::Account(editor),
        12,
    )
    .await;
    // Saves are revisions, not audit lines.
    save(&stores, id, 1, fields(Lang::En, "wheat", "Wheat again"), 13).await;

    let log = stores
        .newsroom
        .audit_log(AuditScope::Story(id), 50)
        .await
        .expect("log");
    let lines: Vec<_> = log
        .iter()
        .map(|line| match &line.action {
            AuditAction::Story {
                story,
                headline,
                event,
            } => {
                assert_eq!(*story, Some(id));
                assert_eq!(headline, "Wheat");
                (line.actor, line.actor_email.as_str(), *event)
            }
            other => panic!("not a story line: {other:?}"),
        })
        .collect();
    assert_eq!(
        lines,
        [
            (Some(editor), "editor@example.org", StoryEvent::Unpublished),
            (None, "", StoryEvent::PublishedOnSchedule),
            (
                Some(editor),
                "editor@example.org",
                StoryEvent::Scheduled(at(10))
            ),
            (Some(writer), "writer@example.org", StoryEvent::Submitted),
            (Some(writer), "writer@example.org", StoryEvent::Created),
        ]
    );
    // Every story's lines, and no role change among them.
    let all = stores
        .newsroom
        .audit_log(AuditScope::Stories, 50)
        .await
        .expect("log");
    assert_eq!(all.len(), 6);
    assert!(
        all.iter()
            .any(|l| matches!(l.action, AuditAction::Story { story: Some(s), .. } if s == other))
    );
    assert!(
        stores
            .newsroom
            .audit_log(AuditScope::Roles, 50)
            .await
            .expect("log")
            .is_empty()
    );
}

macro_rules! every_check {
    ($fresh:path) => {
        crate::contract_checks!(
            $fresh;
            a_draft_is_the_newsrooms_alone_until_an_editor_publishes_it,
            a_published_storys_edits_wait_for_an_editor_and_then_show_updated,
            a_save_over_someone_elses_newer_one_is_refused_and_loses_nothing,
            slugs_are_unique_per_language_and_a_story_has_one_version_per_language,
            a_scheduled_story_goes_out_at_its_time_and_not_before,
            every_save_is_kept_and_an_old_revision_can_be_restored,
            the_story_list_filters_and_shows_each_storys_languages,
            every_decision_about_a_story_is_in_its_audit,
        );
    };
}

/// Every check against SQLite; another engine adds a module like this one.
mod sqlite {
    use super::*;
    every_check!(common::fresh_stores);
}
