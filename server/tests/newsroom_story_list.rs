//! The newsroom's story list and its strings, from outside: staff only
//! (404 for readers and anonymous visitors, on the page as on the server
//! fns), filtered as asked, and a malformed filter refused as such.

mod common;

use app::domain::{ArticleKind, Category, Lang, Role, StoryStatus};
use app::ssr::newsroom::store::Actor;
use app::ssr::newsroom::stories::{NewStory, SaveOutcome, StoryFields};
use axum::http::StatusCode;
use common::accounts::app;
use common::staff::member;
use khabar_server::store::Stores;
use time::OffsetDateTime;

const LIST: &str = "/api/newsroom/stories?lang=en&in_lang=&section=&status=&author=&q=&page=";

fn list(filters: &[(&str, &str)]) -> String {
    let mut url = LIST.to_owned();
    for (name, value) in filters {
        url = url.replace(&format!("&{name}="), &format!("&{name}={value}"));
    }
    url
}

async fn draft(stores: &Stores, lang: Lang, slug: &str, title: &str, group: &str) -> i64 {
    let fields = StoryFields {
        lang,
        slug: slug.into(),
        kind: ArticleKind::Text,
        categories: vec![Category::Business],
        title: title.into(),
        dek: "A dek.".into(),
        body_markdown: "A body.".into(),
        byline: "Desk".into(),
        image: None,
        caption: String::new(),
        video_src: None,
        gallery: Vec::new(),
    };
    let outcome = stores
        .newsroom
        .create_story(&NewStory {
            body_html: "<p>A body.</p>".into(),
            fields,
            translation_group: group.into(),
            translated_from: None,
            by: Actor::CommandLine,
            at: OffsetDateTime::now_utc(),
        })
        .await
        .expect("create");
    let SaveOutcome::Saved { story, .. } = outcome else {
        panic!("not created: {outcome:?}");
    };
    story
}

#[tokio::test]
async fn readers_and_strangers_find_no_newsroom_and_staff_find_every_story() {
    let (app, stores, _dir) = app(true).await;
    let mut anonymous = common::browser::Browser::new(&app, "203.0.113.1", true);
    let mut reader = member(&app, &stores, "reader@example.org", None).await;
    let mut writer = member(&app, &stores, "writer@example.org", Some(Role::Writer)).await;
    draft(
        &stores,
        Lang::Fa,
        "tamarisk-draft",
        "درختان گز در زرنج",
        "newsroom-g1",
    )
    .await;
    draft(
        &stores,
        Lang::En,
        "tamarisk-draft",
        "Tamarisk windbreaks in Zaranj",
        "newsroom-g1",
    )
    .await;

    for browser in [&mut anonymous, &mut reader] {
        for path in [list(&[]), "/api/newsroom/texts?lang=fa".to_owned()] {
            let answer = browser.fetch(&path).await;
            assert_eq!(
                answer.status,
                StatusCode::NOT_FOUND,
                "{path}: {}",
                answer.body
            );
            assert!(!answer.body.contains("Tamarisk"), "{}", answer.body);
        }
        // The page is the site's 404, with nothing of the newsroom in it.
        let page = browser.get("/en/newsroom").await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(!page.body.contains("Tamarisk windbreaks in Zaranj"));
        assert!(
            !page
                .body
                .contains(app::i18n::newsroom::texts(Lang::En).stories_intro)
        );
    }

    let answer = writer.fetch("/api/newsroom/texts?lang=fa").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let strings: Vec<String> = serde_json::from_str(&answer.body).expect("json");
    assert_eq!(strings.len(), app::i18n::newsroom::KEY_COUNT);
    assert!(
        strings
            .iter()
            .any(|s| s == app::i18n::newsroom::texts(Lang::Fa).newsroom_title)
    );

    // Staff see drafts: the readers' site has none of them.
    let answer = writer.fetch(&list(&[("q", "tamarisk")])).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let found: serde_json::Value = serde_json::from_str(&answer.body).expect("json");
    let titles: Vec<&str> = found["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .filter_map(|s| s["title"].as_str())
        .collect();
    assert_eq!(
        titles,
        ["Tamarisk windbreaks in Zaranj"],
        "English words find the English version"
    );
    let versions = &found["stories"][0]["versions"];
    assert_eq!(versions.as_array().map(Vec::len), Some(2), "{versions}");

    let answer = writer
        .fetch(&list(&[
            ("in_lang", "fa"),
            ("status", StoryStatus::Draft.code()),
            ("section", "business"),
        ]))
        .await;
    let found: serde_json::Value = serde_json::from_str(&answer.body).expect("json");
    assert!(
        found["stories"]
            .as_array()
            .expect("stories")
            .iter()
            .all(|s| s["lang"] == "fa")
    );
    assert!(answer.body.contains("درختان گز در زرنج"));

    // The page itself renders the list on the server, no script needed.
    let page = writer.get("/en/newsroom?q=tamarisk").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Tamarisk windbreaks in Zaranj"),
        "{}",
        page.body
    );
    assert!(page.body.contains("noindex"));

    // Filters come from the page's own choices: anything else is malformed.
    for (name, value) in [
        ("in_lang", "xx"),
        ("section", "nowhere"),
        ("status", "live"),
        ("author", "me"),
        ("page", "0"),
    ] {
        let answer = writer.fetch(&list(&[(name, value)])).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{name}={value}: {}",
            answer.body
        );
    }
}
