//! Shared set-up: every test gets its own fresh database.

#![allow(dead_code)] // each test file uses part of this

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, Response};
use http_body_util::BodyExt;
use tower::ServiceExt;

use app::store::SharedStore;
use axum::Router;
use khabar_server::config::Settings;
use khabar_server::store::SqliteStore;
use khabar_server::{content, router};

/// A fresh, migrated, empty SQLite database in a temporary folder (the
/// folder lives as long as the returned guard).
pub async fn fresh_sqlite() -> (SharedStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = SqliteStore::connect(&url).await.expect("connect");
    (Arc::new(store), dir)
}

/// The whole app over a fresh database filled with the demo content.
pub async fn demo_app() -> (Router, tempfile::TempDir) {
    let (store, dir) = fresh_sqlite().await;
    content::load_if_empty(store.as_ref())
        .await
        .expect("demo content loads");
    let settings = Settings::from_lookup(|key| match key {
        "SITE_URL" => Some("https://news.example.org".to_owned()),
        _ => None,
    })
    .expect("settings");
    (router::build(&settings, store), dir)
}

/// Sends one request to a fresh demo app.
pub async fn send(request: Request<Body>) -> Response<Body> {
    let (app, _guard) = demo_app().await;
    app.oneshot(request).await.expect("response")
}

/// GET `path` with extra headers from a fresh demo app.
pub async fn get(path: &str, headers: &[(&str, &str)]) -> Response<Body> {
    let mut request = Request::get(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(request.body(Body::empty()).expect("request")).await
}

/// The body as text.
pub async fn text(response: Response<Body>) -> String {
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    String::from_utf8(bytes.to_vec()).expect("utf-8")
}
