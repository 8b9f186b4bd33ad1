//! `/healthz` (alive) and `/readyz` (ready to serve readers), on a fresh
//! database each.

mod common;

use axum::http::StatusCode;

use khabar_server::config::Settings;
use khabar_server::startup::Application;
use khabar_server::store::{SqliteStore, Stores};

async fn get(router: &axum::Router, path: &str) -> (StatusCode, String) {
    let response = common::get_from(router, path, &[]).await;
    (response.status(), common::text(response).await)
}

/// The app over a fresh database, and a handle on that database.
async fn app() -> (axum::Router, SqliteStore, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = SqliteStore::connect(&url).await.expect("connect");
    let handle = store.clone();
    let settings = Settings::from_lookup(|key| match key {
        "KHABAR_DEMO_CONTENT" => Some("off".into()),
        "SITE_URL" => Some("https://news.example.org".into()),
        _ => None,
    })
    .expect("settings");
    let application = Application::with_stores(settings, Stores::sqlite(store))
        .await
        .expect("app");
    (application.router, handle, url, dir)
}

#[tokio::test(flavor = "multi_thread")]
async fn ready_while_the_database_answers_and_alive_even_when_it_does_not() {
    let (router, database, _, _dir) = app().await;
    assert_eq!(
        get(&router, "/healthz").await,
        (StatusCode::OK, "ok".into())
    );
    assert_eq!(
        get(&router, "/readyz").await,
        (StatusCode::OK, "ready".into())
    );

    database.close().await;
    let (status, reason) = get(&router, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(reason.starts_with("not ready: database"), "{reason}");
    assert_eq!(
        get(&router, "/healthz").await.0,
        StatusCode::OK,
        "the process itself still answers"
    );
    // A reader's page that needs the database says so in their language,
    // and when to come back.
    let page = common::get_from(&router, "/fa/search?q=kabul", &[]).await;
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(page.headers().contains_key("retry-after"));
    let body = common::text(page).await;
    assert!(
        body.contains(app::domain::Lang::Fa.texts().error_text),
        "{body}"
    );
    assert!(body.contains("lang=\"fa\""), "{body}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_schema_from_another_build_is_not_ready() {
    let (router, _database, url, _dir) = app().await;
    // A newer build has migrated the shared database past this one.
    let other = sqlx::SqlitePool::connect(&url).await.expect("connect");
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99990101000000, 'from a newer build', 1, x'00', 0)",
    )
    .execute(&other)
    .await
    .expect("insert");
    let (status, reason) = get(&router, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(reason.contains("schema is not this build's"), "{reason}");
    assert!(reason.contains("99990101000000"), "{reason}");
}
