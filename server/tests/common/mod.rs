//! Shared set-up: a fresh database per test that writes, one shared demo
//! app per test binary for tests that only read.

#![allow(dead_code)] // each test file uses part of this

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, Response};
use http_body_util::BodyExt;
use tower::ServiceExt;

use app::domain::{ArticleKind, Category, Lang};
use app::ssr::store::{NewArticle, SharedStore, Status};
use axum::Router;
use khabar_server::config::Settings;
use khabar_server::startup::Application;
use khabar_server::store::{ReadCache, SessionCache, SqliteStore, Stores};
use time::OffsetDateTime;

/// A fresh, migrated, empty SQLite database in a temporary folder (the
/// folder lives as long as the returned guard).
pub async fn fresh_sqlite() -> (SharedStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = SqliteStore::connect(&url).await.expect("connect");
    (Arc::new(store), dir)
}

/// A fresh SQLite database behind the read cache, as the app uses it.
pub async fn fresh_read_cache() -> (SharedStore, tempfile::TempDir) {
    let (store, dir) = fresh_sqlite().await;
    let settings = khabar_server::config::CacheSettings::READ_DEFAULT;
    (Arc::new(ReadCache::new(store, settings)), dir)
}

/// Both storage ports over a fresh SQLite database.
pub async fn fresh_stores() -> (Stores, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = SqliteStore::connect(&url).await.expect("connect");
    (Stores::sqlite(store), dir)
}

/// Both ports over a fresh SQLite database, the accounts port behind the
/// session cache as the app wires it, except that the cache reads the
/// session generation on every look-up: the accounts contract (which also
/// changes stories behind its back) then holds through it unchanged.
pub async fn fresh_stores_through_the_session_cache() -> (Stores, tempfile::TempDir) {
    let (mut stores, dir) = fresh_stores().await;
    let cache =
        SessionCache::new(stores.accounts.clone(), true).checking_every(std::time::Duration::ZERO);
    stores.accounts = Arc::new(cache);
    (stores, dir)
}

/// The email of the account `with_reader` adds.
pub const READER_EMAIL: &str = "reader@example.org";

/// Fills the fresh database with the demo stories (reading lists point at
/// them) and adds one account, "Reader" (`READER_EMAIL`, Dari mail);
/// returns its id.
pub async fn with_reader(stores: &Stores) -> i64 {
    khabar_server::content::load_if_empty(stores.articles.as_ref())
        .await
        .expect("demo content");
    stores
        .accounts
        .create_account(&app::ssr::accounts::store::NewAccount {
            email: READER_EMAIL.into(),
            display_name: "Reader".into(),
            lang: Lang::Fa,
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            created_at: OffsetDateTime::now_utc(),
        })
        .await
        .expect("insert")
        .expect("new account")
}

/// The whole app over a fresh database filled with the demo content,
/// configured by `env` (SITE_URL defaults to an https origin), wired by the
/// same composition root as the server.
pub async fn demo_app_with(env: &[(&str, &str)]) -> (Router, Stores, tempfile::TempDir) {
    let (stores, dir) = fresh_stores().await;
    let owned: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let settings = Settings::from_lookup(|key| {
        owned
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .or_else(|| (key == "SITE_URL").then(|| "https://news.example.org".to_owned()))
    })
    .expect("settings");
    let application = Application::with_stores(settings, stores)
        .await
        .expect("the app starts");
    (application.router, application.stores, dir)
}

/// The whole app over a fresh database filled with the demo content.
pub async fn demo_app() -> (Router, tempfile::TempDir) {
    let (app, _, dir) = demo_app_with(&[]).await;
    (app, dir)
}

/// One demo app for the whole test binary, for tests that only read: the
/// database and the app are built once instead of once per request.
pub async fn shared_app() -> Router {
    static APP: tokio::sync::OnceCell<(Router, tempfile::TempDir)> =
        tokio::sync::OnceCell::const_new();
    APP.get_or_init(|| async { demo_app().await })
        .await
        .0
        .clone()
}

/// Sends one request to the shared demo app.
pub async fn send(request: Request<Body>) -> Response<Body> {
    shared_app().await.oneshot(request).await.expect("response")
}

/// GET `path` with extra headers from the shared demo app.
pub async fn get(path: &str, headers: &[(&str, &str)]) -> Response<Body> {
    get_from(&shared_app().await, path, headers).await
}

/// GET `path` with extra headers from `app`.
pub async fn get_from(app: &Router, path: &str, headers: &[(&str, &str)]) -> Response<Body> {
    let mut request = Request::get(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    app.clone()
        .oneshot(request.body(Body::empty()).expect("request"))
        .await
        .expect("response")
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

pub mod accounts;
pub mod browser;
pub mod process;
pub mod staff;

/// One `#[tokio::test]` per contract check: each runs against a fresh
/// database from `$fresh` (an engine's factory), which it hands to the
/// check of the same name in the enclosing module. Used inside one module
/// per engine, so a new engine adds a module, not tests.
#[macro_export]
macro_rules! contract_checks {
    ($fresh:path; $($check:ident),* $(,)?) => {$(
        #[tokio::test]
        async fn $check() {
            let (store, _guard) = $fresh().await;
            super::$check(store).await;
        }
    )*};
}

/// Takes the story `lang`/`slug` off the site (back to a draft), through
/// the content port.
pub async fn unpublish(store: &dyn app::ssr::store::Store, lang: Lang, slug: &str) {
    let parsed = app::domain::Slug::parse(slug).expect("slug");
    let article = store
        .article(lang, &parsed)
        .await
        .expect("article")
        .expect("the story");
    let mut draft = story(slug, &article.summary.title);
    draft.lang = lang;
    draft.status = Status::Draft;
    store
        .update_article(article.summary.id, &draft)
        .await
        .expect("unpublish");
}

/// A published English story filed under Afghanistan, a minute old.
pub fn story(slug: &str, title: &str) -> NewArticle {
    NewArticle {
        lang: Lang::En,
        slug: slug.to_owned(),
        translation_group: format!("group-{slug}"),
        kind: ArticleKind::Text,
        categories: vec![Category::Afghanistan],
        title: title.to_owned(),
        dek: "A short summary.".to_owned(),
        body_markdown: "Body.".to_owned(),
        body_html: "<p>Body.</p>".to_owned(),
        image: None,
        caption: String::new(),
        byline: "RASC News".to_owned(),
        video_src: None,
        gallery: Vec::new(),
        status: Status::Published,
        published_at: OffsetDateTime::now_utc() - time::Duration::minutes(1),
        updated_at: None,
    }
}
