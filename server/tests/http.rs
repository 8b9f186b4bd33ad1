//! The HTTP surface through the router (`oneshot`): status codes, headers,
//! redirects and bad input, over a fresh database with the demo content.

mod common;

use common::{get, text};

use axum::body::Body;
use axum::http::{Response, StatusCode, header};

/// True when some tag in `html` carries every one of `attributes` (in any order).
fn has_tag(html: &str, attributes: &[&str]) -> bool {
    html.split('<').any(|tag| {
        let tag = tag.split('>').next().unwrap_or("");
        attributes.iter().all(|a| tag.contains(a))
    })
}

fn location(response: &Response<Body>) -> &str {
    response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[tokio::test(flavor = "multi_thread")]
async fn root_redirects_by_accept_language() {
    for (accept, expected) in [
        ("fa-AF,fa;q=0.9", "/fa/"),
        ("ps-AF", "/ps/"),
        ("ar-SA", "/ar/"),
        ("ja", "/en/"),
    ] {
        let response = get("/", &[("accept-language", accept)]).await;
        assert_eq!(response.status(), StatusCode::FOUND, "{accept}");
        assert_eq!(location(&response), expected, "{accept}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn root_prefers_the_language_cookie_and_ignores_a_bad_one() {
    let response = get(
        "/",
        &[("cookie", "theme=x; lang=tg"), ("accept-language", "fa")],
    )
    .await;
    assert_eq!(location(&response), "/tg/");
    let response = get("/", &[("cookie", "lang=xx"), ("accept-language", "de-DE")]).await;
    assert_eq!(location(&response), "/de/");
    let response = get("/", &[]).await;
    assert_eq!(location(&response), "/en/");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bare_language_path_gets_its_trailing_slash() {
    let response = get("/fa?x=1", &[]).await;
    assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(location(&response), "/fa/?x=1");
}

#[tokio::test(flavor = "multi_thread")]
async fn health_check_answers() {
    let response = get("/healthz", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn home_pages_render_with_language_and_direction() {
    for (lang, dir) in [
        ("en", "ltr"),
        ("fa", "rtl"),
        ("ps", "rtl"),
        ("ar", "rtl"),
        ("tg", "ltr"),
    ] {
        let response = get(&format!("/{lang}/"), &[]).await;
        assert_eq!(response.status(), StatusCode::OK, "{lang}");
        let html = text(response).await;
        assert!(
            html.contains(&format!(r#"lang="{lang}""#))
                && html.contains(&format!(r#"dir="{dir}""#)),
            "{lang}"
        );
        assert!(
            html.contains(r#"class="card lead""#),
            "{lang}: no lead story"
        );
        assert!(
            html.contains(&format!("/{lang}/article/wheat-sowing-north")),
            "{lang}: story missing"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_article_is_fully_server_rendered_with_its_metadata() {
    let response = get("/en/article/wheat-sowing-north", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = text(response).await;
    let tags: [&[&str]; 4] = [
        &[
            r#"rel="canonical""#,
            r#"href="https://news.example.org/en/article/wheat-sowing-north""#,
        ],
        &[
            r#"rel="alternate""#,
            r#"hreflang="fa""#,
            r#"href="https://news.example.org/fa/article/wheat-sowing-north""#,
        ],
        &[
            r#"rel="alternate""#,
            r#"hreflang="x-default""#,
            r#"href="https://news.example.org/en/article/wheat-sowing-north""#,
        ],
        &[r#"property="og:type""#, r#"content="article""#],
    ];
    for attributes in tags {
        assert!(has_tag(&html, attributes), "no tag with {attributes:?}");
    }
    for needle in [
        r#""@type":"NewsArticle""#,
        r#""inLanguage":"en""#,
        r#"class="article-body""#,
        r#"class="ad-slot""#,
        r#"<meta name="description""#,
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn dari_articles_carry_solar_hijri_dates() {
    let html = text(get("/fa/article/wheat-sowing-north", &[]).await).await;
    assert!(
        html.contains("قوس ۱۴۰۵"),
        "no Afghan month with Persian digits"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_things_are_404_pages_in_the_readers_language() {
    let english = "Page not found";
    for path in [
        "/en/article/no-such-story",
        "/en/article/Bad%20Slug",
        "/xx/",
        "/xx/article/wheat-sowing-north",
        "/en/category/nope",
        "/en/category/world?page=999",
        "/en/category/world?page=0",
        "/en/category/world?page=-1",
        "/en/category/world?page=abc",
        "/en/no/such/page",
    ] {
        let response = get(path, &[]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(text(response).await.contains(english), "{path}");
    }
    let response = get("/fa/article/no-such-story", &[]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let html = text(response).await;
    assert!(
        html.contains(r#"dir="rtl""#) && !html.contains(english),
        "Dari 404 shows English"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sections_and_static_pages_answer() {
    for path in [
        "/en/category/world",
        "/fa/category/history",
        "/en/videos",
        "/tg/photos",
        "/ru/about",
    ] {
        assert_eq!(get(path, &[]).await.status(), StatusCode::OK, "{path}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn server_fns_map_errors_to_status_codes() {
    let ok = get("/api/article?lang=en&slug=wheat-sowing-north", &[]).await;
    assert_eq!(ok.status(), StatusCode::OK);
    assert!(text(ok).await.contains("wheat-sowing-north"));

    let missing = get("/api/article?lang=en&slug=no-such-story", &[]).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(text(missing).await.contains("NotFound"));

    for bad in [
        "/api/article?lang=en",
        "/api/article",
        "/api/category?lang=en&category=world&page=%FF%FE",
    ] {
        let response = get(bad, &[]).await;
        assert!(
            response.status().is_client_error(),
            "{bad}: {}",
            response.status()
        );
    }
    let long = format!("/api/article?lang=en&slug={}", "a".repeat(60_000));
    assert!(get(&long, &[]).await.status().is_client_error());
}

#[tokio::test(flavor = "multi_thread")]
async fn every_response_carries_the_safety_headers() {
    for path in ["/en/", "/en/article/no-such-story", "/healthz"] {
        let response = get(path, &[]).await;
        let headers = response.headers();
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(
            headers[header::REFERRER_POLICY],
            "strict-origin-when-cross-origin",
            "{path}"
        );
    }
}

/// A response that sets a cookie is one no shared cache may keep: the app
/// remembers the language in the browser instead (`language.spec.ts`).
#[tokio::test(flavor = "multi_thread")]
async fn pages_set_no_cookie() {
    for path in ["/ps/", "/ps/article/wheat-sowing-north", "/fa/about"] {
        let response = get(path, &[("cookie", "lang=en")]).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(
            response.headers().get(header::SET_COOKIE).is_none(),
            "{path}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_are_compressed_for_browsers_that_accept_brotli() {
    let response = get("/en/", &[("accept-encoding", "br")]).await;
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
}

/// Middleware tells server fns from pages by their prefix
/// (`app::routes::is_api`), so every registered server fn must carry it.
#[test]
fn every_server_fn_lives_under_the_api_prefix() {
    let paths: Vec<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    assert!(paths.len() >= 14, "{paths:?}");
    for path in paths {
        assert!(app::routes::is_api(path), "{path}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_carries_its_own_languages_strings_and_only_those() {
    let html = text(get("/fa/", &[]).await).await;
    let block = html
        .split(r#"<script type="application/json" id="khabar-texts" data-lang="fa">"#)
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("a Dari page carries its strings");
    let values: Vec<String> = serde_json::from_str(block).expect("a JSON array");
    assert_eq!(values, app::i18n::texts(app::domain::Lang::Fa).values());
    assert_eq!(html.matches(r#"id="khabar-texts""#).count(), 1);
    // The bundle has English: an English page carries none.
    assert!(!text(get("/en/", &[]).await).await.contains("khabar-texts"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_fetches_a_languages_strings_with_a_validator() {
    let response = get("/texts/ps.json", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let etag = response.headers()[header::ETAG]
        .to_str()
        .unwrap_or("")
        .to_owned();
    assert!(etag.starts_with('"') && etag.len() > 2);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    let values: Vec<String> = serde_json::from_str(&text(response).await).expect("a JSON array");
    assert_eq!(values, app::i18n::texts(app::domain::Lang::Ps).values());

    let again = get("/texts/ps.json", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    // Fetching strings is not choosing a language: no cookie.
    assert!(again.headers().get(header::SET_COOKIE).is_none());
    for bad in [
        "/texts/xx.json",
        "/texts/ps.txt",
        "/texts/ps",
        "/texts/..%2Fps.json",
    ] {
        assert_eq!(get(bad, &[]).await.status(), StatusCode::NOT_FOUND, "{bad}");
    }
}
