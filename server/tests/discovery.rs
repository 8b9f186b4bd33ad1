//! How stories are found: search (every script), RSS feeds, sitemaps,
//! robots.txt, structured data and data-saver pages — through the router.

mod common;

use common::{get, send, text};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use rss::validation::Validate;
use serde_json::Value;

async fn page(path: &str) -> String {
    let response = get(path, &[]).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    text(response).await
}

/// Every JSON-LD block of a page, parsed.
fn json_ld(html: &str) -> Vec<Value> {
    html.split(r#"<script type="application/ld+json">"#)
        .skip(1)
        .filter_map(|part| part.split("</script>").next())
        .map(|json| serde_json::from_str(&json.replace("<\\/", "</")).expect("valid JSON-LD"))
        .collect()
}

fn of_type<'a>(blocks: &'a [Value], kind: &str) -> &'a Value {
    blocks
        .iter()
        .find(|b| b["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {blocks:?}"))
}

// ---------- search ----------

#[tokio::test(flavor = "multi_thread")]
async fn search_finds_the_story_in_every_script() {
    for (lang, query) in [
        ("fa", "كشت گندم زمستاني"), // typed with Arabic kaf and yeh
        ("ps", "غنمو"),
        ("ar", "القمح الشتوى"), // alef maksura for yeh
        ("tg", "гандум"),
        ("ru", "ПШЕНИЦ"),
        ("de", "winterweizen"),
        ("en", "Wheat"),
    ] {
        let encoded = app::routes::url_encode(query);
        let html = page(&format!("/{lang}/search?q={encoded}")).await;
        let first = html
            .split(r#"class="search-hit""#)
            .nth(1)
            .unwrap_or_else(|| panic!("{lang}: no hits"));
        assert!(
            first.contains(&format!("/{lang}/article/wheat-sowing-north")),
            "{lang}: first hit is not the story"
        );
        assert!(first.contains("<mark>"), "{lang}: nothing highlighted");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn other_languages_come_after_the_readers_and_are_labelled() {
    let html = page("/en/search?q=Herat").await;
    let english = html.find("/en/article/").expect("an English hit");
    if let Some(other) = html.find(r#"class="search-lang""#) {
        assert!(english < other, "reader's language first");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_queries_get_a_normal_page_with_a_message() {
    let long = "word ".repeat(250);
    for q in [
        "",
        "   ",
        &long,
        "!!!",
        "\"",
        "*",
        "NEAR",
        "-",
        "\"*\"",
        "a\" OR b",
        "x NEAR(y z)",
        "<script>alert(1)</script>",
        "</title><script>alert(1)</script>",
        "'; DROP TABLE articles;--",
    ] {
        let response = get(&format!("/en/search?q={}", app::routes::url_encode(q)), &[]).await;
        assert_eq!(response.status(), StatusCode::OK, "{q:?}");
        let html = text(response).await;
        assert!(
            html.contains(r#"class="search-message""#) || html.contains(r#"class="search-count""#),
            "{q:?}"
        );
        let reflected = html
            .find("<script>alert")
            .map(|i| &html[i.saturating_sub(120)..(i + 40).min(html.len())]);
        assert!(
            reflected.is_none(),
            "{q:?} reflected a script: {reflected:?}"
        );
    }
    // The database is untouched.
    assert!(page("/en/search?q=wheat").await.contains("search-hit"));
}

#[tokio::test(flavor = "multi_thread")]
async fn suggestions_come_as_json_and_tolerate_half_typed_input() {
    let response = get(
        &format!("/api/suggest?lang=fa&q={}", app::routes::url_encode("گند")),
        &[],
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let list: Vec<Value> = serde_json::from_str(&text(response).await).expect("json");
    assert!(!list.is_empty() && list.len() <= 6);
    assert_eq!(list[0]["lang"], "fa");
    let response = get("/api/suggest?lang=fa&q=%22", &[]).await;
    assert_eq!(text(response).await, "[]");
    // An unknown language is a page that does not exist, as in every server fn.
    assert_eq!(
        get("/api/suggest?lang=xx&q=a", &[]).await.status(),
        StatusCode::NOT_FOUND
    );
}

// ---------- feeds ----------

#[tokio::test(flavor = "multi_thread")]
async fn language_feeds_are_valid_rss_in_their_language() {
    for lang in ["en", "fa", "tg"] {
        let response = get(&format!("/{lang}/feed.xml"), &[]).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(
            response.headers()[header::CONTENT_TYPE]
                .to_str()
                .expect("ascii")
                .starts_with("application/rss+xml")
        );
        let body = text(response).await;
        let channel = rss::Channel::read_from(body.as_bytes()).expect("parses as RSS");
        channel.validate().expect("valid RSS 2.0");
        assert_eq!(channel.language(), Some(lang));
        assert!(!channel.items().is_empty() && channel.items().len() <= 30);
        let first = &channel.items()[0];
        assert!(
            first.link().is_some_and(
                |l| l.starts_with(&format!("https://news.example.org/{lang}/article/"))
            )
        );
        assert!(first.description().is_some_and(|d| !d.is_empty()));
        assert!(first.pub_date().is_some());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn category_feeds_hold_only_that_section() {
    let body = text(get("/en/category/sport/feed.xml", &[]).await).await;
    let channel = rss::Channel::read_from(body.as_bytes()).expect("parses");
    channel.validate().expect("valid");
    assert!(channel.items().len() >= 4);
    assert!(channel.link().ends_with("/en/category/sport"));
    for path in ["/xx/feed.xml", "/en/category/nope/feed.xml"] {
        assert_eq!(
            get(path, &[]).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_advertise_their_feeds() {
    let home = page("/fa/").await;
    assert!(home.contains(r#"type="application/rss+xml""#) && home.contains("/fa/feed.xml"));
    let section = page("/fa/category/history").await;
    assert!(section.contains("/fa/category/history/feed.xml"));
}

// ---------- sitemaps ----------

#[tokio::test(flavor = "multi_thread")]
async fn the_sitemap_index_lists_one_sitemap_per_language() {
    let body = text(get("/sitemap.xml", &[]).await).await;
    assert!(body.contains("<sitemapindex"));
    assert_eq!(body.matches("<sitemap>").count(), 9);
    assert!(body.contains("<loc>https://news.example.org/sitemaps/ps.xml</loc>"));
}

#[tokio::test(flavor = "multi_thread")]
async fn language_sitemaps_link_every_translation() {
    let body = text(get("/sitemaps/fa.xml", &[]).await).await;
    assert!(body.contains("<loc>https://news.example.org/fa/article/wheat-sowing-north</loc>"));
    for lang in ["en", "ar", "tg", "ps"] {
        let alternate = format!(
            r#"<xhtml:link rel="alternate" hreflang="{lang}" href="https://news.example.org/{lang}/article/wheat-sowing-north"/>"#
        );
        assert!(body.contains(&alternate), "no {lang} alternate");
    }
    assert!(body.contains("<lastmod>2026-"));
    assert_eq!(
        get("/sitemaps/xx.xml", &[]).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn robots_points_at_the_sitemap() {
    let body = text(get("/robots.txt", &[]).await).await;
    assert!(body.contains("Sitemap: https://news.example.org/sitemap.xml"));
    assert!(body.contains("Disallow: /api/"));
}

// ---------- structured data ----------

#[tokio::test(flavor = "multi_thread")]
async fn articles_carry_news_article_and_breadcrumbs() {
    let blocks = json_ld(&page("/en/article/wheat-sowing-north").await);
    let article = of_type(&blocks, "NewsArticle");
    for field in [
        "headline",
        "datePublished",
        "dateModified",
        "image",
        "mainEntityOfPage",
    ] {
        assert!(!article[field].is_null(), "{field}");
    }
    assert_eq!(article["inLanguage"], "en");
    assert_eq!(article["publisher"]["@type"], "Organization");
    assert_eq!(article["author"]["@type"], "Organization");
    assert_eq!(article["workTranslation"].as_array().map(Vec::len), Some(8));
    let crumbs = of_type(&blocks, "BreadcrumbList");
    assert_eq!(crumbs["itemListElement"].as_array().map(Vec::len), Some(3));

    let fa = json_ld(&page("/fa/article/wheat-sowing-north").await);
    let translated = of_type(&fa, "NewsArticle");
    assert_eq!(translated["inLanguage"], "fa");
    assert_eq!(
        translated["translationOfWork"]["@id"],
        "https://news.example.org/en/article/wheat-sowing-north"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn home_describes_the_site_and_its_search() {
    let blocks = json_ld(&page("/ar/").await);
    let site = of_type(&blocks, "WebSite");
    assert_eq!(site["potentialAction"]["@type"], "SearchAction");
    let template = site["potentialAction"]["target"]["urlTemplate"]
        .as_str()
        .expect("template");
    assert_eq!(
        template,
        "https://news.example.org/ar/search?q={search_term_string}"
    );
    let section = json_ld(&page("/ar/category/world").await);
    assert_eq!(
        of_type(&section, "BreadcrumbList")["itemListElement"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
}

// ---------- data saver ----------

#[tokio::test(flavor = "multi_thread")]
async fn save_data_pages_carry_no_app_and_no_pictures() {
    for headers in [[("save-data", "on")], [("cookie", "lite=1")]] {
        let response = get("/en/article/wheat-sowing-north", &headers).await;
        assert_eq!(response.status(), StatusCode::OK);
        let html = text(response).await;
        let scripts = html.matches("<script").count();
        let structured = html
            .matches(r#"<script type="application/ld+json">"#)
            .count();
        assert_eq!(scripts, structured, "only structured data may stay");
        assert!(!html.contains(".wasm") && !html.contains("/pkg/khabar.js"));
        assert!(
            !html.contains("<img src=\"/media/"),
            "pictures load only on tap"
        );
        assert!(html.contains(r#"class="tap-to-load""#));
        assert!(html.contains(r#"class="lite""#));
    }
    let full = page("/en/article/wheat-sowing-north").await;
    assert!(
        full.contains("/pkg/khabar.js"),
        "normal pages still load the app"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_data_saver_switch_sets_its_cookie_and_returns() {
    let request = Request::post("/fa/data-saver")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from("on=1&back=%2Ffa%2Fcategory%2Fworld"))
        .expect("request");
    let response = send(request).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()[header::LOCATION], "/fa/category/world");
    assert!(
        response.headers()[header::SET_COOKIE]
            .to_str()
            .expect("ascii")
            .starts_with("lite=1;")
    );

    let request = Request::post("/fa/data-saver")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from("on=0&back=https%3A%2F%2Fevil.example"))
        .expect("request");
    let response = send(request).await;
    assert_eq!(response.headers()[header::LOCATION], "/fa/");
    assert!(
        response.headers()[header::SET_COOKIE]
            .to_str()
            .expect("ascii")
            .starts_with("lite=0;")
    );

    // Turned off by the reader, even when the browser asks to save data.
    let html = text(get("/en/", &[("save-data", "on"), ("cookie", "lite=0")]).await).await;
    assert!(html.contains("/pkg/khabar.js"), "the reader's choice wins");

    let request = Request::post("/fa/data-saver")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from("on=maybe&back=%2F"))
        .expect("request");
    assert_eq!(send(request).await.status(), StatusCode::BAD_REQUEST);
}
