//! The story editor's server fns, from outside: who may open, save,
//! preview and decide about a story; what a save refuses (and says why, in
//! the caller's language); and what readers get once an editor publishes.

mod common;

use app::domain::{Lang, Role};
use app::error::{AppError, Problem, StoryProblem};
use axum::http::StatusCode;
use common::accounts::app;
use common::browser::{Answer, Browser};
use common::staff::member;

const SAVE: &str = "/api/newsroom/save-story";
const ACT: &str = "/api/newsroom/act";
const PREVIEW: &str = "/api/newsroom/preview";

/// A save's form, with `changes` over a plain English story.
fn story_form<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("lang", "en"),
        ("id", ""),
        ("revision", "0"),
        ("from", ""),
        ("in_lang", "en"),
        ("section", "business"),
        ("slug", ""),
        ("title", "Saffron growers in Herat count a larger harvest"),
        (
            "dek",
            "Cooperatives say the autumn crop was the best in years.",
        ),
        ("body", "Growers in **Herat** finished picking this week."),
        ("byline", "Economy desk"),
        ("caption", ""),
        ("alt", ""),
    ];
    for (name, value) in changes {
        match form.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = value,
            None => form.push((name, value)),
        }
    }
    form
}

fn json(answer: &Answer) -> serde_json::Value {
    serde_json::from_str(&answer.body).unwrap_or_else(|_| panic!("json: {}", answer.body))
}

async fn act(browser: &mut Browser, id: &str, action: &str, extra: &[(&str, &str)]) -> Answer {
    let mut form = vec![
        ("lang", "en"),
        ("id", id),
        ("action", action),
        ("note", ""),
        ("at", ""),
        ("number", ""),
    ];
    for (name, value) in extra {
        if let Some(field) = form.iter_mut().find(|(n, _)| n == name) {
            field.1 = value;
        }
    }
    browser.call(ACT, &form).await
}

/// The call was refused with `status` and `problem`, which the page shows
/// in the reader's language (and which has a message in every one).
fn refused_with(answer: &Answer, status: StatusCode, problem: StoryProblem) {
    assert_eq!(answer.status, status, "{}", answer.body);
    let error: AppError = serde_json::from_str(&answer.body).expect("an error");
    assert_eq!(error, AppError::Rejected(Problem::Story(problem)));
    for lang in Lang::ALL {
        assert!(!error.form_message(lang).is_empty());
    }
}

#[tokio::test]
async fn readers_and_strangers_reach_no_editor() {
    let (app, stores, _dir) = app(true).await;
    let mut anonymous = Browser::new(&app, "203.0.113.1", true);
    let mut reader = member(&app, &stores, "reader@example.org", None).await;
    let mut writer = member(&app, &stores, "writer@example.org", Some(Role::Writer)).await;
    let created = writer.call(SAVE, &story_form(&[])).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let id = json(&created)["id"].to_string();

    for browser in [&mut anonymous, &mut reader] {
        for path in [
            format!("/api/newsroom/story?lang=en&id={id}&from=&into="),
            format!("/api/newsroom/revisions?lang=en&id={id}"),
        ] {
            let answer = browser.fetch(&path).await;
            assert_eq!(
                answer.status,
                StatusCode::NOT_FOUND,
                "{path}: {}",
                answer.body
            );
            assert!(!answer.body.contains("Saffron"), "{}", answer.body);
        }
        let answer = browser
            .call(SAVE, &story_form(&[("id", id.as_str()), ("revision", "1")]))
            .await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);
        let answer = browser
            .call(PREVIEW, &[("lang", "en"), ("body", "**x**")])
            .await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);
        let answer = act(browser, &id, "publish", &[]).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);
        let page = browser.get(&app::routes::newsroom_story(Lang::En, 1)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
    }

    // A post from another site is refused before any role is looked at.
    let answer = writer
        .post_raw(
            SAVE,
            common::browser::form_body(&story_form(&[])).into_bytes(),
            &[
                ("origin", "https://evil.example"),
                ("sec-fetch-site", "cross-site"),
                ("accept", "application/json"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
}

#[tokio::test]
async fn a_writer_drafts_and_submits_and_an_editor_publishes() {
    let (app, stores, _dir) = app(true).await;
    let mut writer = member(&app, &stores, "writer@example.org", Some(Role::Writer)).await;
    let mut other = member(&app, &stores, "other@example.org", Some(Role::Writer)).await;
    let mut editor = member(&app, &stores, "editor@example.org", Some(Role::Editor)).await;
    let mut reader = Browser::new(&app, "203.0.113.200", true);

    // A headline is needed; an overlong one is refused; both in the
    // caller's language.
    let answer = writer
        .call(SAVE, &story_form(&[("lang", "fa"), ("title", "  ")]))
        .await;
    refused_with(&answer, StatusCode::BAD_REQUEST, StoryProblem::NoHeadline);
    let long = "a".repeat(201);
    let answer = writer
        .call(SAVE, &story_form(&[("title", long.as_str())]))
        .await;
    refused_with(&answer, StatusCode::BAD_REQUEST, StoryProblem::TooLong);
    let answer = writer
        .call(SAVE, &story_form(&[("slug", "Not A Slug")]))
        .await;
    refused_with(&answer, StatusCode::BAD_REQUEST, StoryProblem::BadSlug);
    for (name, value) in [("in_lang", "xx"), ("section", "nowhere")] {
        let answer = writer.call(SAVE, &story_form(&[(name, value)])).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{name}: {}",
            answer.body
        );
    }

    // The address name comes from the headline when left empty.
    let created = writer.call(SAVE, &story_form(&[])).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let saved = json(&created);
    assert_eq!(saved["revision"], 1);
    assert_eq!(
        saved["slug"],
        "saffron-growers-in-herat-count-a-larger-harvest"
    );
    let id = saved["id"].to_string();

    // A Dari headline gives no Latin name: the newsroom makes one.
    let dari = writer
        .call(
            SAVE,
            &story_form(&[("in_lang", "fa"), ("title", "برداشت زعفران در هرات")]),
        )
        .await;
    assert_eq!(dari.status, StatusCode::OK, "{}", dari.body);
    assert!(
        json(&dari)["slug"]
            .as_str()
            .is_some_and(|s| s.starts_with("story-"))
    );

    // A second save builds on the first; a save over an old revision is
    // refused and writes nothing.
    let second = writer
        .call(
            SAVE,
            &story_form(&[
                ("id", id.as_str()),
                ("revision", "1"),
                ("dek", "A better dek."),
            ]),
        )
        .await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    assert_eq!(json(&second)["revision"], 2);
    let stale = writer
        .call(
            SAVE,
            &story_form(&[("id", id.as_str()), ("revision", "1"), ("dek", "Lost?")]),
        )
        .await;
    refused_with(&stale, StatusCode::CONFLICT, StoryProblem::Stale);
    let opened = writer
        .fetch(&format!("/api/newsroom/story?lang=en&id={id}&from=&into="))
        .await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
    let opened = json(&opened);
    assert_eq!(opened["dek"], "A better dek.");
    assert_eq!(opened["revision"], 2);
    assert_eq!(opened["may_edit"], true);

    // Another writer reads it but may not change it.
    let answer = other
        .call(SAVE, &story_form(&[("id", id.as_str()), ("revision", "2")]))
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);

    // Drafts are not for readers.
    let article = app::routes::article(Lang::En, "saffron-growers-in-herat-count-a-larger-harvest");
    assert_eq!(reader.get(&article).await.status, StatusCode::NOT_FOUND);

    // A writer submits but does not publish; submitting twice finds the
    // story already moved on.
    let answer = act(&mut writer, &id, "publish", &[]).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    let answer = act(&mut writer, &id, "submit", &[]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(json(&answer)["status"], "review");
    let answer = act(&mut writer, &id, "submit", &[]).await;
    refused_with(&answer, StatusCode::CONFLICT, StoryProblem::WrongStage);

    // An editor's decisions need what they name.
    let answer = act(&mut editor, &id, "schedule", &[("at", "2020-01-01T10:00")]).await;
    refused_with(&answer, StatusCode::BAD_REQUEST, StoryProblem::BadTime);
    let answer = act(&mut editor, &id, "launch", &[]).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    let answer = act(&mut editor, "999999", "publish", &[]).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);

    let answer = act(&mut editor, &id, "publish", &[]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(json(&answer)["status"], "published");
    let page = reader.get(&article).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("A better dek."), "{}", page.body);
    assert!(page.body.contains("<strong>Herat</strong>"));

    // Published, it is the editors' now.
    let answer = writer
        .call(SAVE, &story_form(&[("id", id.as_str()), ("revision", "2")]))
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);

    // Every save is kept; an editor brings the first one back.
    let answer = editor
        .fetch(&format!("/api/newsroom/revisions?lang=en&id={id}"))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let numbers: Vec<u64> = json(&answer)
        .as_array()
        .expect("revisions")
        .iter()
        .filter_map(|r| r["number"].as_u64())
        .collect();
    assert_eq!(numbers, [2, 1]);
    let answer = act(&mut editor, &id, "restore", &[("number", "1")]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let answer = act(&mut editor, &id, "publish", &[]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    // Readers get the restored text at once, not the kept page once more.
    let page = reader.get(&article).await;
    assert!(page.body.contains("Cooperatives say"), "{}", page.body);

    let answer = act(&mut editor, &id, "unpublish", &[]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert_eq!(reader.get(&article).await.status, StatusCode::NOT_FOUND);
    assert!(!reader.get("/en/").await.body.contains("Saffron growers"));
}

#[tokio::test]
async fn markup_in_every_field_stays_text_and_the_preview_is_what_readers_get() {
    let (app, stores, _dir) = app(true).await;
    let mut editor = member(&app, &stores, "editor@example.org", Some(Role::Editor)).await;
    let mut reader = Browser::new(&app, "203.0.113.200", true);
    // The closing tags break out of a textarea or a title, as an attacker
    // would try to.
    let payload = "</textarea></title><script>alert(1)</script><img src=x onerror=alert(2)>";

    let answer = editor
        .call(
            PREVIEW,
            &[
                ("lang", "en"),
                ("body", format!("**Bold** {payload}").as_str()),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let html: String = serde_json::from_str(&answer.body).expect("json");
    assert!(html.contains("<strong>Bold</strong>"), "{html}");
    assert!(
        !html.contains("<script") && !html.contains("onerror"),
        "{html}"
    );

    let title = format!("Herat {payload}");
    let created = editor
        .call(
            SAVE,
            &story_form(&[
                ("slug", "markup-check"),
                ("title", title.as_str()),
                ("dek", payload),
                ("body", payload),
                ("byline", payload),
            ]),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let id = json(&created)["id"].to_string();
    let answer = act(&mut editor, &id, "publish", &[]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);

    let article = app::routes::article(Lang::En, "markup-check");
    let edit_page = format!("/en/newsroom/story?id={id}");
    for (staff, path) in [
        (false, article.as_str()),
        (false, "/en/"),
        (false, "/en/feed.xml"),
        (true, "/en/newsroom"),
        (true, edit_page.as_str()),
    ] {
        let browser = if staff { &mut editor } else { &mut reader };
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        for bad in ["<script>alert", "<img src=x"] {
            if let Some(at) = page.body.find(bad) {
                panic!("{path}: {}", &page.body[at.saturating_sub(300)..at + 100]);
            }
        }
    }
    let page = reader.get(&article).await;
    assert!(
        page.body.contains("Herat &lt;/textarea&gt;"),
        "{}",
        page.body
    );
}

#[tokio::test]
async fn a_form_posted_without_javascript_comes_back_to_the_editor() {
    let (app, stores, _dir) = app(true).await;
    let mut writer = member(&app, &stores, "writer@example.org", Some(Role::Writer)).await;
    let answer = writer
        .submit(
            SAVE,
            &story_form(&[]),
            &app::routes::newsroom_story(Lang::En, 0),
        )
        .await;
    assert!(answer.status.is_redirection(), "{}", answer.status);
    let to = answer.header("location").expect("location");
    assert!(
        to.starts_with("/en/newsroom/story?id=") && to.ends_with("&done=saved"),
        "{to}"
    );
    let page = writer.get(to).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Saffron growers in Herat"),
        "{}",
        page.body
    );

    let answer = writer
        .submit(
            SAVE,
            &story_form(&[("title", "")]),
            &app::routes::newsroom_story(Lang::En, 0),
        )
        .await;
    let to = answer.header("location").expect("location");
    assert!(to.ends_with("error=story-headline"), "{to}");
}

#[tokio::test]
async fn a_translation_starts_from_its_source_and_joins_its_versions() {
    let (app, stores, _dir) = app(true).await;
    let mut writer = member(&app, &stores, "writer@example.org", Some(Role::Writer)).await;
    let created = writer.call(SAVE, &story_form(&[])).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let english = json(&created)["id"].to_string();

    // Opened for Dari: the English text to translate from, marked so.
    let opened = writer
        .fetch(&format!(
            "/api/newsroom/story?lang=fa&id=&from={english}&into=fa"
        ))
        .await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
    let draft = json(&opened);
    assert_eq!(draft["id"], 0);
    assert_eq!(draft["lang"], "fa");
    assert_eq!(
        draft["title"],
        "Saffron growers in Herat count a larger harvest"
    );
    assert_eq!(draft["translated_from"][0].to_string(), english);
    assert_eq!(draft["translated_from"][1], "en");

    let saved = writer
        .call(
            SAVE,
            &story_form(&[
                ("lang", "fa"),
                ("from", english.as_str()),
                ("in_lang", "fa"),
                ("title", "زعفران‌کاران هرات حاصل بیشتری برداشتند"),
            ]),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let saved = json(&saved);
    // The source's address name, free in the other language.
    assert_eq!(
        saved["slug"],
        "saffron-growers-in-herat-count-a-larger-harvest"
    );
    let dari = saved["id"].to_string();

    let opened = writer
        .fetch(&format!(
            "/api/newsroom/story?lang=en&id={english}&from=&into="
        ))
        .await;
    let versions: Vec<(String, String)> = json(&opened)["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .map(|v| {
            (
                v[0].to_string(),
                v[1].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        versions,
        [(english.clone(), "en".to_owned()), (dari, "fa".to_owned())]
    );

    // A second Dari version is refused, from the editor as from the save.
    let again = writer
        .fetch(&format!(
            "/api/newsroom/story?lang=fa&id=&from={english}&into=fa"
        ))
        .await;
    refused_with(&again, StatusCode::CONFLICT, StoryProblem::LanguageTaken);
    let again = writer
        .call(
            SAVE,
            &story_form(&[
                ("from", english.as_str()),
                ("in_lang", "fa"),
                ("slug", "other-name"),
            ]),
        )
        .await;
    refused_with(&again, StatusCode::CONFLICT, StoryProblem::LanguageTaken);
}

#[tokio::test]
async fn two_revisions_compare_line_by_line_and_admins_read_the_history() {
    let (app, stores, _dir) = app(true).await;
    let mut writer = member(&app, &stores, "writer@example.org", Some(Role::Writer)).await;
    let mut editor = member(&app, &stores, "editor@example.org", Some(Role::Editor)).await;
    let mut admin = member(&app, &stores, "admin@example.org", Some(Role::Admin)).await;
    let created = writer
        .call(SAVE, &story_form(&[("body", "First line.\nSecond line.")]))
        .await;
    let id = json(&created)["id"].to_string();
    let second = writer
        .call(
            SAVE,
            &story_form(&[
                ("id", id.as_str()),
                ("revision", "1"),
                ("body", "First line.\nA new second line."),
            ]),
        )
        .await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    let answer = act(&mut writer, &id, "submit", &[]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);

    let compared = writer
        .fetch(&format!(
            "/api/newsroom/compare?lang=en&id={id}&from=1&to=2"
        ))
        .await;
    assert_eq!(compared.status, StatusCode::OK, "{}", compared.body);
    let compared = json(&compared);
    let body: Vec<(String, String)> = compared["body"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| {
            (
                l["change"].as_str().unwrap_or_default().to_owned(),
                l["text"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let line = |change: &str, text: &str| (change.to_owned(), text.to_owned());
    assert_eq!(
        body,
        [
            line("same", "First line."),
            line("removed", "Second line."),
            line("added", "A new second line."),
        ]
    );
    // A revision the story does not have is not there.
    let missing = writer
        .fetch(&format!(
            "/api/newsroom/compare?lang=en&id={id}&from=1&to=9"
        ))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.body);

    // The history is the admins' to read.
    let history = format!("/api/newsroom/history?lang=en&id={id}");
    for browser in [&mut writer, &mut editor] {
        let answer = browser.fetch(&history).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    }
    let answer = admin.fetch(&history).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let lines = json(&answer);
    let events: Vec<&serde_json::Value> = lines
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| &l["event"])
        .collect();
    assert_eq!(
        events,
        [
            &serde_json::json!("Submitted"),
            &serde_json::json!("Created")
        ]
    );
    assert_eq!(lines[0]["by"], "writer@example.org");

    // The editor page shows a comparison the address names, from the
    // server, no script needed.
    let page = editor
        .get(&format!("/en/newsroom/story?id={id}&compare=1&with=2"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("<del>Second line.</del>")
            && page.body.contains("<ins>A new second line.</ins>"),
        "{}",
        page.body
    );
}
