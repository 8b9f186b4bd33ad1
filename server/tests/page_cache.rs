//! The rendered-page cache, through the whole router: what it keeps, for
//! whom, under which key, how it revalidates and forgets, and the script
//! policy of the pages it serves.

mod common;

use std::time::Duration;

use app::domain::{Category, Lang};
use app::ssr::store::SharedStore;
use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use base64::Engine;
use common::browser::{Browser, PROXY, proxied};
use khabar_server::config::Settings;
use khabar_server::http::page_cache::STATE_HEADER;
use khabar_server::startup::Application;
use sha2::{Digest, Sha256};
use tower::ServiceExt;

const STORY: &str = "/en/article/wheat-sowing-north";

fn settings(database_url: &str, env: &[(&str, &str)]) -> Settings {
    let owned: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .chain([
            ("DATABASE_URL".to_owned(), database_url.to_owned()),
            ("SITE_URL".to_owned(), "https://news.example.org".to_owned()),
            ("KHABAR_TRUSTED_PROXIES".to_owned(), PROXY.to_owned()),
        ])
        .collect();
    Settings::from_lookup(|key| owned.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
        .expect("settings")
}

/// A fresh demo site (its own database and cold cache).
async fn site(env: &[(&str, &str)]) -> (Application, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("site.db").display());
    let application = Application::build(settings(&url, env))
        .await
        .expect("the app starts");
    (application, dir)
}

/// A second server process on the same database file.
async fn second_process(dir: &tempfile::TempDir) -> Application {
    let url = format!("sqlite://{}", dir.path().join("site.db").display());
    Application::build(settings(&url, &[]))
        .await
        .expect("the second app starts")
}

use common::get_from as get;

fn state(response: &Response<Body>) -> Option<&str> {
    response
        .headers()
        .get(STATE_HEADER)
        .and_then(|v| v.to_str().ok())
}

/// Asks `app` for `path` until its body holds `text` (a change reaches the
/// cache within a second or so); the last body if it never does.
async fn eventually(app: &Router, path: &str, text: &str) -> Result<(), String> {
    let mut last = String::new();
    for _ in 0..100 {
        last = common::text(get(app, path, &[]).await).await;
        if last.contains(text) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(last)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shared_page_is_rendered_once_then_served_from_the_cache() {
    let (site, _dir) = site(&[]).await;
    let first = get(&site.router, STORY, &[]).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(state(&first), Some("miss"));
    let first = common::text(first).await;
    let again = get(&site.router, STORY, &[]).await;
    assert_eq!(state(&again), Some("hit"));
    assert_eq!(common::text(again).await, first, "the same bytes");
    let head = site
        .router
        .clone()
        .oneshot(Request::head(STORY).body(Body::empty()).expect("request"))
        .await
        .expect("response");
    assert_eq!(state(&head), Some("hit"));
    assert_eq!(
        head.headers()[header::CONTENT_LENGTH],
        first.len().to_string().as_str()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_matching_etag_gets_304_and_compressed_copies_are_ready() {
    let (site, _dir) = site(&[]).await;
    let page = get(&site.router, "/fa/", &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(page.headers()[header::CONTENT_ENCODING], "br");
    let etag = page.headers()[header::ETAG]
        .to_str()
        .expect("ascii")
        .to_owned();
    let cache_control = page.headers()[header::CACHE_CONTROL]
        .to_str()
        .expect("ascii");
    assert!(cache_control.starts_with("public") && cache_control.contains("s-maxage"));
    assert!(
        page.headers().get(header::SET_COOKIE).is_none(),
        "a shared cache may keep it"
    );
    let vary = page.headers()[header::VARY].to_str().expect("ascii");
    assert!(
        vary.contains("Accept-Encoding") && vary.contains("Cookie"),
        "{vary}"
    );
    let again = get(&site.router, "/fa/", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(common::text(again).await.is_empty());
    let gzip = get(&site.router, "/fa/", &[("accept-encoding", "gzip")]).await;
    assert_eq!(gzip.headers()[header::CONTENT_ENCODING], "gzip");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_readers_headers_and_stray_parameters_never_change_what_is_stored() {
    let (site, _dir) = site(&[]).await;
    // The first request fills the cache: whatever it carried must not stick.
    let poisoned = get(
        &site.router,
        &format!("{STORY}?utm_source=x&q=%3Cscript%3E&page=2"),
        &[
            ("host", "evil.example"),
            ("x-forwarded-host", "evil.example"),
            ("x-forwarded-proto", "http"),
            ("accept-language", "de-DE"),
            ("cookie", "lang=de; theme=dark"),
        ],
    )
    .await;
    assert_eq!(state(&poisoned), Some("miss"));
    let stored = common::text(poisoned).await;
    assert!(
        !stored.contains("evil.example"),
        "the Host header reached the page"
    );
    assert!(!stored.contains("utm_source") && !stored.contains("%3Cscript"));
    let plain = get(&site.router, STORY, &[]).await;
    assert_eq!(
        state(&plain),
        Some("hit"),
        "one entry for every variant of the URL"
    );
    assert_eq!(common::text(plain).await, stored);
    // The section's page number does change the page: its own entry.
    let second = get(&site.router, "/en/category/afghanistan?page=2", &[]).await;
    assert_eq!(state(&second), Some("miss"));
    let first = get(&site.router, "/en/category/afghanistan", &[]).await;
    assert_eq!(state(&first), Some("miss"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_signed_in_readers_page_never_reaches_the_cache() {
    let (site, _dir) = site(&[]).await;
    let app = proxied(site.router.clone());
    let mut reader = Browser::new(&app, "198.51.100.20", true);
    let registered = reader
        .call(
            "/api/register",
            &[
                ("lang", "en"),
                ("email", "zahra@example.org"),
                ("display_name", "Zahra Private"),
                ("password", "walnut river lantern"),
            ],
        )
        .await;
    assert_eq!(registered.status, StatusCode::OK, "{}", registered.body);
    let own = reader.get("/en/").await;
    assert!(own.body.contains("Zahra Private"));
    assert!(
        own.header(STATE_HEADER).is_none(),
        "rendered for the reader alone"
    );
    assert!(
        own.header("cache-control")
            .is_some_and(|v| v.contains("private"))
    );
    let anonymous = get(&app, "/en/", &[]).await;
    assert_eq!(state(&anonymous), Some("miss"));
    assert!(!common::text(anonymous).await.contains("Zahra"));
    // A session cookie that is not (or no longer) valid still bypasses.
    let stale = get(&app, "/en/", &[("cookie", "__Host-khabar_session=expired")]).await;
    assert!(state(&stale).is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_data_saver_page_is_stored_apart() {
    let (site, _dir) = site(&[]).await;
    let full = get(&site.router, STORY, &[]).await;
    let full = common::text(full).await;
    assert!(full.contains(".wasm"), "the full page starts the app");
    let lite = get(&site.router, STORY, &[("save-data", "on")]).await;
    assert_eq!(state(&lite), Some("miss"), "its own entry");
    let policy = lite.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(policy.contains("script-src 'none'"), "{policy}");
    assert!(!common::text(lite).await.contains(".wasm"));
    let by_cookie = get(&site.router, STORY, &[("cookie", "lite=1")]).await;
    assert_eq!(state(&by_cookie), Some("hit"));
    assert!(!common::text(by_cookie).await.contains(".wasm"));
    let full_again = get(
        &site.router,
        STORY,
        &[("save-data", "on"), ("cookie", "lite=0")],
    )
    .await;
    assert_eq!(
        common::text(full_again).await,
        full,
        "the reader's choice beats Save-Data"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_content_change_reaches_readers_of_this_and_other_processes() {
    let (site, dir) = site(&[]).await;
    let other = second_process(&dir).await;
    let path = "/en/article/cache-change-test";
    assert_eq!(
        get(&site.router, path, &[]).await.status(),
        StatusCode::NOT_FOUND
    );
    let store: SharedStore = site.stores.articles.clone();
    let id = store
        .insert_article(&common::story(
            "cache-change-test",
            "First headline of the day",
        ))
        .await
        .expect("insert");
    eventually(&site.router, path, "First headline of the day")
        .await
        .expect("the new story appears");
    eventually(&other.router, path, "First headline of the day")
        .await
        .expect("the new story appears in the other process");
    assert_eq!(state(&get(&other.router, path, &[]).await), Some("hit"));
    store
        .update_article(
            id,
            &common::story("cache-change-test", "Corrected headline"),
        )
        .await
        .expect("update");
    eventually(&site.router, path, "Corrected headline")
        .await
        .expect("the correction reaches this process");
    eventually(&other.router, path, "Corrected headline")
        .await
        .expect("the correction reaches the other process");
    eventually(&site.router, "/en/", "Corrected headline")
        .await
        .expect("and the home page");
}

#[tokio::test(flavor = "multi_thread")]
async fn errors_are_never_stored_and_the_byte_bound_holds() {
    let (site, _dir) = site(&[("KHABAR_PAGE_CACHE_MB", "1")]).await;
    for _ in 0..2 {
        let missing = get(&site.router, "/en/article/no-such-story", &[]).await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert!(state(&missing).is_none(), "a 404 is not kept as a page");
    }
    let cache = site.page_cache.clone().expect("on by default");
    let stories = site
        .stores
        .articles
        .latest(Lang::En, 40, 0)
        .await
        .expect("stories");
    for lang in [Lang::En, Lang::Fa, Lang::Ps] {
        for category in Category::ALL {
            let path = app::routes::category(lang, category);
            for page in 1..=3 {
                let _ = get(&site.router, &format!("{path}?page={page}"), &[]).await;
            }
        }
    }
    for summary in &stories {
        let _ = get(
            &site.router,
            &app::routes::article(Lang::En, &summary.slug),
            &[],
        )
        .await;
    }
    let (pages, bytes) = cache.usage();
    assert!(bytes <= 1 << 20, "{bytes} bytes kept");
    assert!(pages > 5, "it still keeps what fits: {pages}");
}

#[tokio::test(flavor = "multi_thread")]
async fn with_the_cache_off_every_page_is_rendered_per_request() {
    let (site, _dir) = site(&[("KHABAR_PAGE_CACHE", "off")]).await;
    assert!(site.page_cache.is_none());
    for _ in 0..2 {
        let page = get(&site.router, STORY, &[]).await;
        assert_eq!(page.status(), StatusCode::OK);
        assert!(state(&page).is_none());
        let policy = page.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .expect("ascii");
        assert!(policy.contains("'nonce-"));
    }
}

/// The `script-src` of a policy, as its sources.
fn script_sources(policy: &str) -> Vec<String> {
    policy
        .split(';')
        .map(str::trim)
        .find_map(|d| d.strip_prefix("script-src "))
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// Every script a browser would run, with its text (data blocks of other
/// types never run).
fn executable_scripts(html: &str) -> Vec<(String, String)> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let tail = &rest[start..];
        let open_end = tail.find('>').expect("tag ends") + 1;
        let close = tail.find("</script>").expect("script ends");
        let open = tail[..open_end].to_owned();
        // Only scripts without a type, or of a JavaScript type, run.
        let runs = !open.contains("type=")
            || open.contains(r#"type="module""#)
            || open.contains(r#"type="text/javascript""#);
        if runs {
            scripts.push((open, tail[open_end..close].to_owned()));
        }
        rest = &tail[close..];
    }
    scripts
}

fn allows(sources: &[String], open: &str, text: &str) -> bool {
    let digest = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()));
    sources.contains(&format!("'sha256-{digest}'"))
        || sources.iter().any(|s| {
            s.strip_prefix("'nonce-")
                .and_then(|n| n.strip_suffix('\''))
                .is_some_and(|n| open.contains(&format!("nonce=\"{n}\"")))
        })
}

#[tokio::test(flavor = "multi_thread")]
async fn every_script_on_every_kind_of_page_is_allowed_by_its_policy() {
    let (site, _dir) = site(&[]).await;
    let pages: [(&str, &[(&str, &str)]); 7] = [
        ("/fa/", &[]),
        ("/fa/category/afghanistan", &[]),
        ("/fa/article/wheat-sowing-north", &[]),
        ("/fa/search?q=kabul", &[]),
        ("/fa/reading-list", &[]),
        ("/fa/article/wheat-sowing-north", &[("save-data", "on")]),
        ("/fa/videos", &[]),
    ];
    for (path, headers) in pages {
        // The second answer is the cached one where there is a cache.
        for _ in 0..2 {
            let response = get(&site.router, path, headers).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let cached = state(&response).is_some();
            let policy = response.headers()[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .expect("ascii")
                .to_owned();
            assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
            let sources = script_sources(&policy);
            let html = common::text(response).await;
            let scripts = executable_scripts(&html);
            if headers.is_empty() {
                assert!(!scripts.is_empty(), "{path} starts the app");
            } else {
                assert_eq!(
                    sources,
                    ["'none'"],
                    "{path}: a data-saver page runs nothing"
                );
            }
            for (open, text) in &scripts {
                assert!(
                    allows(&sources, open, text),
                    "{path}: {open}{text} is refused"
                );
            }
            assert!(
                !allows(&sources, "<script>", "fetch('/steal')"),
                "{path}: a script the app did not write would run"
            );
            if cached {
                assert!(
                    !policy.contains("nonce"),
                    "{path}: a cached page holds no nonce"
                );
            }
        }
    }
}
