//! The site's files as a file server would serve them: precompressed
//! siblings, 304s, byte ranges, and no second compression of formats that
//! are compressed already.

mod common;

use std::io::Write;
use std::path::Path;

use axum::Router;
use axum::body::Body;
use axum::http::{Response, StatusCode, header};
use http_body_util::BodyExt;
use khabar_server::config::Settings;
use khabar_server::startup::Application;

/// The demo app serving files from a site root of its own.
async fn app_with_files(root: &Path) -> (Router, tempfile::TempDir) {
    let (stores, dir) = common::fresh_stores().await;
    let mut settings = Settings::from_lookup(|key| {
        (key == "SITE_URL").then(|| "https://news.example.org".to_owned())
    })
    .expect("settings");
    settings.leptos.site_root = root.to_string_lossy().into_owned().into();
    let application = Application::with_stores(settings, stores)
        .await
        .expect("the app starts");
    (application.router, dir)
}

fn write(root: &Path, path: &str, bytes: &[u8]) {
    let file = root.join(path);
    std::fs::create_dir_all(file.parent().expect("folder")).expect("folder");
    std::fs::write(file, bytes).expect("write");
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 9, 22);
        writer.write_all(bytes).expect("compress");
    }
    out
}

/// A site root with a "video", a font, a WASM file and its precompressed
/// siblings (cargo-leptos writes siblings for every file, videos too).
fn site() -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("temp dir");
    let video: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    write(root.path(), "media/clip.webm", &video);
    write(root.path(), "media/clip.webm.br", &brotli(&video));
    write(root.path(), "fonts/face.woff2", &video[..5000]);
    let wasm = b"\0asm".repeat(5000);
    write(root.path(), "pkg/app.wasm", &wasm);
    write(root.path(), "pkg/app.wasm.br", &brotli(&wasm));
    root
}

use common::get_from as get;

async fn bytes(response: Response<Body>) -> Vec<u8> {
    response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec()
}

#[tokio::test]
async fn a_video_can_be_sought_with_a_range_request() {
    let root = site();
    let (app, _db) = app_with_files(root.path()).await;
    let response = get(
        &app,
        "/media/clip.webm",
        &[
            ("range", "bytes=1000-1999"),
            ("accept-encoding", "br, gzip"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        response.headers()[header::CONTENT_RANGE],
        "bytes 1000-1999/100000"
    );
    assert!(response.headers().get(header::CONTENT_ENCODING).is_none());
    let expected: Vec<u8> = (1000..2000u32).map(|i| (i % 251) as u8).collect();
    assert_eq!(bytes(response).await, expected);
}

#[tokio::test]
async fn files_that_are_compressed_already_are_sent_as_they_are() {
    let root = site();
    let (app, _db) = app_with_files(root.path()).await;
    for path in ["/media/clip.webm", "/fonts/face.woff2"] {
        let response = get(&app, path, &[("accept-encoding", "br, gzip")]).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(
            response.headers().get(header::CONTENT_ENCODING).is_none(),
            "{path} was compressed again"
        );
        let on_disk = std::fs::read(root.path().join(&path[1..])).expect("file");
        assert_eq!(bytes(response).await, on_disk, "{path}");
    }
}

#[tokio::test]
async fn wasm_is_sent_from_its_precompressed_brotli_file() {
    let root = site();
    let (app, _db) = app_with_files(root.path()).await;
    let response = get(&app, "/pkg/app.wasm", &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/wasm");
    let precompressed = std::fs::read(root.path().join("pkg/app.wasm.br")).expect("file");
    assert_eq!(bytes(response).await, precompressed);
    let plain = get(&app, "/pkg/app.wasm", &[]).await;
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    assert_eq!(bytes(plain).await, b"\0asm".repeat(5000));
}

#[tokio::test]
async fn an_unchanged_file_answers_304() {
    let root = site();
    let (app, _db) = app_with_files(root.path()).await;
    let first = get(&app, "/media/clip.webm", &[]).await;
    let modified = first.headers()[header::LAST_MODIFIED]
        .to_str()
        .expect("ascii")
        .to_owned();
    let again = get(
        &app,
        "/media/clip.webm",
        &[("if-modified-since", &modified)],
    )
    .await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(bytes(again).await.is_empty());
}

#[tokio::test]
async fn a_missing_file_gets_the_sites_404_page() {
    let root = site();
    let (app, _db) = app_with_files(root.path()).await;
    let response = get(&app, "/pkg/missing.js", &[]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let page = String::from_utf8(bytes(response).await).expect("utf-8");
    assert!(page.contains("<html"), "{page}");
}
