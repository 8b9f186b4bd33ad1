//! The installable app over HTTP: manifests, the service worker script, the
//! edition list and the offline page.

mod common;

use common::{get, text};

use axum::http::StatusCode;

fn header_value<'a>(response: &'a axum::http::Response<axum::body::Body>, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[tokio::test(flavor = "multi_thread")]
async fn each_language_has_its_manifest_and_every_page_links_it() {
    for (lang, dir) in [("en", "ltr"), ("fa", "rtl"), ("ps", "rtl"), ("ru", "ltr")] {
        let response = get(&format!("/{lang}/manifest.webmanifest"), &[]).await;
        assert_eq!(response.status(), StatusCode::OK, "{lang}");
        assert_eq!(
            header_value(&response, "content-type"),
            "application/manifest+json"
        );
        let manifest: serde_json::Value =
            serde_json::from_str(&text(response).await).expect("manifest is JSON");
        assert_eq!(manifest["lang"], lang);
        assert_eq!(manifest["dir"], dir);
        assert_eq!(manifest["display"], "standalone");
        assert_eq!(manifest["start_url"], format!("/{lang}/?source=pwa"));

        for path in [
            format!("/{lang}/"),
            format!("/{lang}/article/wheat-sowing-north"),
        ] {
            let html = text(get(&path, &[]).await).await;
            let link = format!(r#"<link href="/{lang}/manifest.webmanifest" rel="manifest">"#);
            assert!(html.contains(&link), "{path} does not link its manifest");
        }
    }
    let unknown = get("/xx/manifest.webmanifest", &[]).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_worker_script_is_never_cached_and_may_only_fetch_its_origin() {
    let response = get("/sw.js", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header_value(&response, "content-type"),
        "text/javascript; charset=utf-8"
    );
    assert_eq!(header_value(&response, "cache-control"), "no-cache");
    assert_eq!(
        header_value(&response, "content-security-policy"),
        "default-src 'none'; connect-src 'self'"
    );
    let script = text(response).await;
    assert!(script.starts_with("// Khabar service worker, build "));
    for needle in [
        "const BUILD = {",
        "\"/fa/offline\"",
        "addEventListener(\"fetch\"",
    ] {
        assert!(script.contains(needle), "{needle}");
    }
}

/// The stories a rendered page's cards link to, in page order.
fn card_links(html: &str) -> Vec<String> {
    html.split("<a href=\"")
        .map(|rest| rest.split('"').collect::<Vec<_>>())
        .filter(|parts| parts.get(1) == Some(&" class=") && parts.get(2) == Some(&"card-link"))
        .map(|parts| parts[0].to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_edition_is_the_home_page_and_every_story_it_links_to() {
    for lang in ["en", "fa", "tg"] {
        let response = get(&format!("/{lang}/edition.json"), &[]).await;
        assert_eq!(response.status(), StatusCode::OK);
        let edition: serde_json::Value =
            serde_json::from_str(&text(response).await).expect("edition is JSON");
        let pages: Vec<String> = edition["pages"]
            .as_array()
            .expect("pages")
            .iter()
            .filter_map(|p| p.as_str().map(str::to_owned))
            .collect();
        assert_eq!(pages[0], format!("/{lang}/"));
        let home = text(get(&format!("/{lang}/"), &[]).await).await;
        let linked = card_links(&home);
        // The lead story first, as the home page begins…
        assert_eq!(pages[1], linked[0], "{lang}");
        // …then every other story a card opens, each once: none of them
        // shows the offline notice on the downloaded home page.
        let mut expected: Vec<String> = linked.clone();
        expected.sort_unstable();
        expected.dedup();
        let mut kept: Vec<String> = pages[1..].to_vec();
        kept.sort_unstable();
        assert_eq!(kept, expected, "{lang}");
        let mut once = kept.clone();
        once.dedup();
        assert_eq!(once.len(), kept.len(), "{lang}: a story twice");
        assert!(kept.len() > 20, "{lang}: {} stories", kept.len());
        assert_eq!(edition["days"], 7);
    }

    let unknown = get("/xx/edition.json", &[]).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_offline_page_is_translated_and_ships_no_app_bundle() {
    let response = get("/ps/offline", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = text(response).await;
    let t = app::domain::Lang::Ps.texts();
    assert!(html.contains(t.offline_title));
    assert!(html.contains(r#"dir="rtl""#));
    assert!(!html.contains(".wasm"), "the offline page must not hydrate");
    assert!(html.contains(r#"<meta name="robots" content="noindex""#));
    // Other pages do carry the bundle.
    let home = text(get("/ps/", &[]).await).await;
    assert!(home.contains(".wasm"));
}
