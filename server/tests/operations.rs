//! What an operator relies on: a log line per request (JSON when asked)
//! with a request id, metrics on their own address, and a database fault
//! answered 503 with the reason on `/readyz` until it clears by itself.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use common::browser::{Browser, PROXY, proxied};
use common::process::Server;
use sqlx::Connection;

/// One request on a fresh connection; the status, the headers (lower-case
/// names) and the body.
fn fetch(addr: SocketAddr, path: &str) -> (u16, Vec<(String, String)>, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: khabar.test\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).expect("status");
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("header");
        if line.trim_end().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let mut body = Vec::new();
    let _ = reader.read_to_end(&mut body);
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Waits for a log line that `wanted` picks: at most 30 s, as a debug
/// build warming its page cache on a busy machine can take a while.
fn log_line(server: &Server, wanted: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(line) = server.log.lock().expect("log").iter().find(|l| wanted(l)) {
            return line.clone();
        }
        assert!(Instant::now() < deadline, "no such log line");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn json_logs_give_each_request_one_line_with_its_route_status_latency_and_id() {
    let server = Server::start(&[("KHABAR_LOG_FORMAT", "json")]);
    let (status, headers, _) = fetch(server.addr, "/fa/search?q=secret-words");
    assert_eq!(status, 200);
    let id = header(&headers, "x-request-id")
        .expect("an X-Request-Id")
        .to_owned();

    let line = log_line(&server, |l| {
        l.contains(&id) && l.contains("khabar::request")
    });
    let entry: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
    assert_eq!(entry["method"], "GET");
    assert_eq!(
        entry["route"], "/{lang}/search",
        "the template, not the path"
    );
    assert_eq!(entry["path"], "/fa/search");
    assert_eq!(entry["status"], 200);
    assert_eq!(entry["request_id"], id.as_str());
    assert!(entry["latency_ms"].as_f64().is_some_and(|ms| ms > 0.0));
    assert!(
        !line.contains("secret-words"),
        "a reader's query never reaches the log: {line}"
    );
    // Every line is JSON, start-up lines included.
    for line in server.log.lock().expect("log").iter() {
        serde_json::from_str::<serde_json::Value>(line)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
    }
}

#[test]
fn metrics_are_served_on_their_own_address_and_never_on_the_sites() {
    let server = Server::start(&[("KHABAR_METRICS_ADDR", "127.0.0.1:0")]);
    let announced = log_line(&server, |l| l.contains("metrics on http://"));
    let metrics_addr: SocketAddr = announced
        .split("metrics on http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|addr| addr.parse().ok())
        .expect("the metrics address");
    // After the warm-up, which is neither logged nor counted, every
    // reader's home page is a hit.
    log_line(&server, |l| l.contains("page cache warmed"));
    for _ in 0..3 {
        assert_eq!(fetch(server.addr, "/en/").0, 200);
    }
    assert_eq!(fetch(server.addr, "/en/no-such-page/at-all").0, 404);
    assert_eq!(fetch(server.addr, "/metrics").0, 404, "not on the site");

    let (status, headers, text) = fetch(metrics_addr, "/metrics");
    assert_eq!(status, 200);
    assert!(header(&headers, "content-type").is_some_and(|t| t.contains("openmetrics")));
    for expected in [
        "khabar_http_requests_total{method=\"GET\",route=\"/{lang}/\",status=\"200\"} 3",
        "khabar_http_request_duration_seconds_bucket{le=",
        "khabar_http_requests_in_flight 0",
        "khabar_page_cache_requests_total{result=\"hit\"} 3",
        "khabar_db_pool_connections{state=\"idle\"}",
        "khabar_outbox_pending 0",
        "khabar_outbox_failed 0",
        "khabar_sign_in_failures_total",
        "khabar_throttle_lockouts_total",
        "process_resident_memory_bytes",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    assert!(
        !text.contains("no-such-page"),
        "an unknown path is no series of its own"
    );
}

#[tokio::test]
async fn request_ids_come_from_a_trusted_proxy_or_are_made_here() {
    let (app, _stores, _dir) = common::demo_app_with(&[("KHABAR_TRUSTED_PROXIES", PROXY)]).await;
    let proxied_app = proxied(app.clone());
    let from_proxy =
        common::get_from(&proxied_app, "/healthz", &[("x-request-id", "edge-42.a")]).await;
    assert_eq!(from_proxy.headers()["x-request-id"], "edge-42.a");

    let garbled =
        common::get_from(&proxied_app, "/healthz", &[("x-request-id", "two words\"")]).await;
    assert_ne!(garbled.headers()["x-request-id"], "two words\"");

    // Not through the trusted proxy: a client cannot choose its id.
    let direct = common::get_from(&app, "/healthz", &[("x-request-id", "chosen")]).await;
    let first = direct.headers()["x-request-id"].clone();
    assert_ne!(first, "chosen");
    let again = common::get_from(&app, "/healthz", &[]).await;
    assert_ne!(
        again.headers()["x-request-id"],
        first,
        "each request its own id"
    );
}

#[tokio::test]
async fn a_database_that_cannot_write_answers_503_then_recovers_by_itself() {
    let (app, stores, dir) = common::demo_app_with(&[
        ("SITE_URL", "http://news.example.org"),
        ("KHABAR_TRUSTED_PROXIES", PROXY),
    ])
    .await;
    let app = proxied(app);
    let mut reader = Browser::new(&app, "203.0.113.7", false);
    let form = |email: &'static str| {
        [
            ("lang", "fa"),
            ("email", email),
            ("display_name", "Reader"),
            ("password", "walnut river lantern"),
        ]
    };
    let before = reader
        .call("/api/register", &form("before@example.org"))
        .await;
    assert_eq!(before.status, 200, "{}", before.body);

    // Another process holds the database's write lock (a stuck writer, a
    // backup, a disk that stopped answering writes).
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let mut blocker = sqlx::SqliteConnection::connect(&url)
        .await
        .expect("connect");
    sqlx::query("BEGIN EXCLUSIVE")
        .execute(&mut blocker)
        .await
        .expect("lock");

    let ready = common::get_from(&app, "/readyz", &[]).await;
    assert_eq!(ready.status(), 503);
    let reason = common::text(ready).await;
    assert!(reason.contains("cannot write"), "{reason}");

    let mut other = Browser::new(&app, "203.0.113.8", false);
    let during = other
        .call("/api/register", &form("during@example.org"))
        .await;
    assert_eq!(during.status, 503, "{}", during.body);
    assert!(
        during.header("retry-after").is_some(),
        "says when to come back"
    );
    let error: app::error::AppError = serde_json::from_str(&during.body).expect("the app's error");
    assert_eq!(error, app::error::AppError::Unavailable);
    // Reading goes on: pages need no write.
    assert_eq!(other.get("/fa/").await.status, 200);

    sqlx::query("ROLLBACK")
        .execute(&mut blocker)
        .await
        .expect("unlock");
    drop(blocker);

    assert_eq!(common::get_from(&app, "/readyz", &[]).await.status(), 200);
    let after = other
        .call("/api/register", &form("during@example.org"))
        .await;
    assert_eq!(after.status, 200, "{}", after.body);
    let kept = stores
        .accounts
        .account_by_email("before@example.org")
        .await
        .expect("read");
    assert!(
        kept.is_some(),
        "what was acknowledged before the fault is kept"
    );
}
