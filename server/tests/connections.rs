//! The server as a real process: how it treats slow and idle clients, and
//! how it stops. Each test starts `khabar-server` on a free port over an
//! empty database and talks raw HTTP/1.1 to it.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::process::{Server, closed_within, read_response};

/// Reads what the server says to a request it refuses while the client is
/// still sending: `status`, unless closing with the client's bytes unread
/// reset the connection before the client could read the answer.
fn expect_refusal(stream: &mut TcpStream, status: u16) {
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply);
    assert!(
        reply.is_empty() || reply.starts_with(&format!("HTTP/1.1 {status} ")),
        "{reply}"
    );
}

fn health(server: &Server) -> u16 {
    let mut stream = server.connect();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: khabar.test\r\nConnection: close\r\n\r\n")
        .expect("send");
    read_response(&mut stream).0
}

#[test]
fn shutdown_closes_idle_connections_finishes_a_slow_upload_and_exits_within_its_grace() {
    let mut server = Server::start(&[
        ("KHABAR_SHUTDOWN_GRACE", "4"),
        // Long, so that only shutdown can end the half-sent request.
        ("KHABAR_HEADER_TIMEOUT", "120"),
    ]);
    // A keep-alive connection, idle after one answered request.
    let mut idle = server.connect();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: khabar.test\r\n\r\n")
        .expect("send");
    assert_eq!(read_response(&mut idle).0, 200);
    // A client that stopped in the middle of its request line.
    let mut half = server.connect();
    half.write_all(b"GET /healthz HT").expect("send");
    // A reader's form post whose body is still on its way.
    let body = "lang=en&story_lang=en&slug=wheat-sowing-north&save=1";
    let (first, rest) = body.split_at(20);
    let mut upload = server.connect();
    let head = format!(
        "POST /api/reading-list/set HTTP/1.1\r\nHost: khabar.test\r\n\
         Sec-Fetch-Site: same-origin\r\nAccept: application/json\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{first}",
        body.len()
    );
    upload.write_all(head.as_bytes()).expect("send");
    std::thread::sleep(Duration::from_millis(300));

    let asked = Instant::now();
    server.terminate();
    assert!(
        closed_within(&mut idle, Duration::from_secs(2)),
        "an idle keep-alive connection is closed at once"
    );
    // New readers are turned away once shutdown has begun.
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        TcpStream::connect_timeout(&server.addr, Duration::from_secs(1)).is_err(),
        "no new connections after SIGTERM"
    );
    // The upload finishes a second later and still gets its answer: the
    // reader is not signed in, which the app says in JSON.
    std::thread::sleep(Duration::from_secs(1));
    upload.write_all(rest.as_bytes()).expect("send the rest");
    let (status, answer) = read_response(&mut upload);
    assert_eq!(status, 401, "{answer}");
    assert!(answer.contains("SignInNeeded"), "{answer}");

    let code = server.exit_within(Duration::from_secs(8));
    assert_eq!(code, Some(0), "exits cleanly within its grace period");
    let took = asked.elapsed();
    assert!(
        took < Duration::from_secs(4) + Duration::from_secs(2),
        "exited {took:?} after SIGTERM, grace 4 s"
    );
    assert!(
        closed_within(&mut half, Duration::from_secs(1)),
        "the half-sent request is gone with the process"
    );
}

#[test]
fn a_client_that_never_finishes_its_headers_is_dropped_while_others_are_served() {
    let server = Server::start(&[("KHABAR_HEADER_TIMEOUT", "1")]);
    let mut slow = server.connect();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: khabar.test\r\nX-Slow: ")
        .expect("send");
    let started = Instant::now();
    assert_eq!(health(&server), 200, "others are served meanwhile");
    // A trickle of bytes does not keep it alive either.
    let mut dropped = false;
    while started.elapsed() < Duration::from_secs(5) {
        if slow.write_all(b"a").is_err() || closed_within(&mut slow, Duration::from_millis(300)) {
            dropped = true;
            break;
        }
    }
    assert!(dropped, "dropped within the header timeout");
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "not before it"
    );
    assert_eq!(health(&server), 200, "and the server goes on");
}

#[test]
fn an_idle_keep_alive_connection_is_closed_after_the_header_timeout() {
    let server = Server::start(&[("KHABAR_HEADER_TIMEOUT", "1")]);
    let mut idle = server.connect();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: khabar.test\r\n\r\n")
        .expect("send");
    assert_eq!(read_response(&mut idle).0, 200);
    assert!(closed_within(&mut idle, Duration::from_secs(4)));
}

#[test]
fn a_request_head_beyond_the_limit_is_refused_not_buffered() {
    let server = Server::start(&[]);
    let mut stream = server.connect();
    let huge = "a".repeat(64 * 1024);
    let request = format!("GET /healthz HTTP/1.1\r\nHost: khabar.test\r\nX-Big: {huge}\r\n\r\n");
    // The server may close while the head is still being written.
    let _ = stream.write_all(request.as_bytes());
    // Without the limit this head is read whole and answered 200.
    expect_refusal(&mut stream, 431);
    assert_eq!(health(&server), 200);
}

#[test]
fn a_form_whose_body_stalls_is_answered_408_in_the_readers_language() {
    let server = Server::start(&[("KHABAR_BODY_TIMEOUT", "1")]);
    let mut stalled = server.connect();
    stalled
        .write_all(
            b"POST /api/sign-in HTTP/1.1\r\nHost: khabar.test\r\nSec-Fetch-Site: same-origin\r\n\
              Cookie: lang=ps\r\nContent-Type: application/x-www-form-urlencoded\r\n\
              Content-Length: 1000\r\n\r\nlang=ps&email=",
        )
        .expect("send");
    let started = Instant::now();
    assert_eq!(health(&server), 200, "others are served meanwhile");
    let (status, answer) = read_response(&mut stalled);
    assert_eq!(status, 408, "{answer}");
    assert!(answer.contains("TooSlow"), "{answer}");
    assert!(started.elapsed() >= Duration::from_millis(900));
    assert!(
        closed_within(&mut stalled, Duration::from_secs(2)),
        "the rest of that body is never waited for"
    );
}

#[test]
fn a_body_over_the_limit_is_refused_413_before_it_is_read() {
    use app::domain::Lang;
    let server = Server::start(&[]);
    // Announced far over the limit: refused from the headers alone.
    let mut stream = server.connect();
    stream
        .write_all(
            b"POST /fa/data-saver HTTP/1.1\r\nHost: khabar.test\r\nSec-Fetch-Site: same-origin\r\n\
              Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000000\r\n\r\n",
        )
        .expect("send");
    let (status, answer) = read_response(&mut stream);
    assert_eq!(status, 413);
    assert!(
        answer.contains(Lang::Fa.texts().err_too_large),
        "in Dari: {answer}"
    );
    // Sent in chunks with no length given: refused once it passes the limit.
    let mut stream = server.connect();
    let _ = stream.write_all(
        b"POST /api/sign-in HTTP/1.1\r\nHost: khabar.test\r\nSec-Fetch-Site: same-origin\r\n\
          Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n",
    );
    let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, "a".repeat(64 * 1024));
    for _ in 0..5 {
        if stream.write_all(chunk.as_bytes()).is_err() {
            break;
        }
    }
    expect_refusal(&mut stream, 413);
    assert_eq!(health(&server), 200);
}

#[test]
fn a_client_that_shuts_its_side_after_the_request_still_gets_the_whole_page() {
    let server = Server::start(&[]);
    let mut stream = server.connect();
    stream
        .write_all(b"GET /fa/ HTTP/1.1\r\nHost: khabar.test\r\nConnection: close\r\n\r\n")
        .expect("send");
    stream
        .shutdown(std::net::Shutdown::Write)
        .expect("shut the write side");
    let (status, body) = read_response(&mut stream);
    assert_eq!(status, 200);
    // Read to the end of the connection: the page's last chunk is in.
    assert!(body.contains("</html>"), "the whole page: {body:.200}");
}
