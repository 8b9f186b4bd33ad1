//! HTTP fuzzing: the real server (router, layers and hyper connection
//! handling, in this process, on a free port, over a fresh database with
//! the demo stories) gets a few thousand malformed requests over raw TCP,
//! aimed at every route and server fn: bad methods, garbage and overlong
//! targets, broken percent-encoding, invalid UTF-8, huge or garbled
//! headers, wrong Content-Length and Content-Type, random form and JSON
//! bodies, bad cookies and query strings, unknown languages, foreign
//! Host and Origin.
//!
//! Requests are generated from a seed (printed; `KHABAR_FUZZ_SEED` replays
//! one, `KHABAR_FUZZ_CASES` changes how many), so a failure can be
//! replayed. Each request is classed while it is built:
//!
//! - well-framed (valid HTTP/1.x syntax, whatever the content): the server
//!   must answer with one well-formed response below 500, and a redirect
//!   must stay on the site;
//! - protocol garbage: the server may answer (a well-formed 4xx, as hyper
//!   does with 400 or 431) or close the connection, nothing else.
//!
//! No task of the server may panic meanwhile (a panic hook counts them),
//! and afterwards the server must still answer `/healthz`, `/readyz` and a
//! real page.

mod common;

use std::collections::BTreeMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use app::domain::{Category, Lang};
use khabar_server::config::Settings;
use khabar_server::connections;
use khabar_server::startup::Application;
use proptest::prelude::Rng;
use proptest::test_runner::{RngAlgorithm, TestRng};

const DEFAULT_SEED: u64 = 0x6b68_6162_6172;
const DEFAULT_CASES: usize = 3000;
/// Clients sending at once: enough to keep two cores busy, far below the
/// server's in-flight limit, so load shedding (503) must never happen.
const CLIENTS: usize = 4;
/// How long the server may take to answer one request before the test
/// calls it hung.
const READ_LIMIT: Duration = Duration::from_secs(20);
const SITE: &str = "https://news.example.org";

// ------------------------------------------------------------ the server

struct Running {
    addr: SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

/// The app as `main` wires it, served by the same connection loop, on a
/// free port. Short header and body timeouts keep a half-sent request from
/// holding a client for long; the per-client rate limits are off so that
/// requests reach the parsers behind them instead of stopping at 429.
async fn start() -> Running {
    let (stores, dir) = common::fresh_stores().await;
    let env = [
        ("SITE_URL", SITE),
        ("KHABAR_HEADER_TIMEOUT", "2"),
        ("KHABAR_BODY_TIMEOUT", "2"),
        ("KHABAR_RATE_SEARCH", "0"),
        ("KHABAR_RATE_POST", "0"),
    ];
    let settings = Settings::from_lookup(|key| {
        env.iter()
            .find(|(name, _)| *name == key)
            .map(|(_, value)| (*value).to_owned())
    })
    .expect("settings");
    let application = Application::with_stores(settings, stores)
        .await
        .expect("the app starts");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let addr = listener.local_addr().expect("its address");
    let limits = application.settings.connections;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(connections::serve(
        listener,
        application.router,
        limits,
        async {
            let _ = stopped.await;
        },
    ));
    Running {
        addr,
        stop,
        task,
        _dir: dir,
    }
}

// ------------------------------------------------------ request generator

/// A generated request: its bytes, and what the server owes it.
struct Case {
    bytes: Vec<u8>,
    /// Valid HTTP/1.x framing: a response is owed.
    framed: bool,
    /// The server may close before reading all of it (a refused large
    /// body), which TCP may turn into a reset.
    may_reset: bool,
    /// A HEAD request: the response has no body.
    head: bool,
    /// The Referer it sends, if any.
    referer: Option<String>,
}

impl Case {
    /// What the request aimed at, for the summary.
    fn aim(&self) -> &'static str {
        let line = self.bytes.split(|&b| b == b'\n').next().unwrap_or_default();
        let target = line.split(|&b| b == b' ').nth(1).unwrap_or_default();
        let path = target.split(|&b| b == b'?').next().unwrap_or_default();
        let first = path.split(|&b| b == b'/').nth(1).unwrap_or_default();
        if !self.framed {
            "garbage"
        } else if path.starts_with(b"/api/") {
            "server fn"
        } else if path.ends_with(b"/data-saver") {
            "form"
        } else if Lang::ALL.iter().any(|l| l.code().as_bytes() == first) {
            "page"
        } else {
            "other"
        }
    }

    /// The start of the request, printable, for failure reports.
    fn show(&self) -> String {
        let shown: String = String::from_utf8_lossy(&self.bytes[..self.bytes.len().min(600)])
            .chars()
            .flat_map(char::escape_default)
            .collect();
        format!("{shown}{}", if self.bytes.len() > 600 { "…" } else { "" })
    }
}

/// Every server fn (and the data-saver form): its path, whether it takes
/// a POST, and the fields it reads.
const ENDPOINTS: [(&str, bool, &[&str]); 15] = [
    (
        "/api/register",
        true,
        &["lang", "email", "display_name", "password", "local"],
    ),
    (
        "/api/sign-in",
        true,
        &["lang", "email", "password", "local", "next"],
    ),
    ("/api/sign-out", true, &["lang"]),
    ("/api/forgot-password", true, &["lang", "email"]),
    ("/api/reset-password", true, &["lang", "token", "password"]),
    (
        "/api/change-password",
        true,
        &["lang", "current_password", "new_password"],
    ),
    (
        "/api/change-name",
        true,
        &["lang", "current_password", "display_name"],
    ),
    (
        "/api/reading-list/set",
        true,
        &["lang", "story_lang", "slug", "save", "saved_at"],
    ),
    ("/{lang}/data-saver", true, &["on", "back"]),
    ("/api/reading-list", false, &["lang"]),
    ("/api/search", false, &["lang", "q", "page"]),
    ("/api/suggest", false, &["lang", "q"]),
    ("/api/home", false, &["lang"]),
    ("/api/category", false, &["lang", "category", "page"]),
    ("/api/article", false, &["lang", "slug"]),
];

const PAGES: [&str; 20] = [
    "",
    "about",
    "offline",
    "videos",
    "photos",
    "search",
    "reading-list",
    "sign-in",
    "register",
    "forgot-password",
    "reset-password",
    "account",
    "article/{slug}",
    "category/{cat}",
    "category/{cat}/feed.xml",
    "feed.xml",
    "manifest.webmanifest",
    "edition.json",
    "data-saver",
    "{junk}",
];

const MACHINE: [&str; 16] = [
    "/",
    "/healthz",
    "/readyz",
    "/robots.txt",
    "/sitemap.xml",
    "/sitemaps/{lang}.xml",
    "/sitemaps/{junk}",
    "/texts/{lang}.json",
    "/texts/{junk}",
    "/sw.js",
    "/pkg/{junk}.js",
    "/media/{junk}",
    "/fonts/{junk}",
    "/icons/{junk}",
    "/favicon.svg",
    "/{lang}",
];

const FIELDS: [&str; 22] = [
    "lang",
    "email",
    "password",
    "display_name",
    "local",
    "next",
    "token",
    "current_password",
    "new_password",
    "story_lang",
    "slug",
    "save",
    "saved_at",
    "q",
    "page",
    "category",
    "on",
    "back",
    "error",
    "done",
    "source",
    "reset",
];

/// The generator: a seeded RNG and what it needs to aim well.
struct Fuzzer {
    rng: TestRng,
    port: u16,
    /// `(lang, slug)` of every demo story, so article pages really render.
    stories: Vec<(String, String)>,
}

impl Fuzzer {
    fn new(seed: u64, port: u16) -> Fuzzer {
        let mut key = [0u8; 32];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = seed.to_le_bytes()[i % 8] ^ (i as u8);
        }
        let stories = khabar_server::content::demo_articles()
            .expect("the demo stories")
            .into_iter()
            .map(|a| (a.lang.code().to_owned(), a.slug))
            .collect();
        Fuzzer {
            rng: TestRng::from_seed(RngAlgorithm::ChaCha, &key),
            port,
            stories,
        }
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.rng.next_u64() % n.max(1) as u64).unwrap_or(0)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// `min` to `max` characters drawn from `chars`.
    fn text(&mut self, chars: &str, min: usize, max: usize) -> String {
        let chars: Vec<char> = chars.chars().collect();
        let len = min + self.below(max - min + 1);
        (0..len).map(|_| self.pick(&chars)).collect()
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len)
            .map(|_| (self.rng.next_u64() & 0xff) as u8)
            .collect()
    }

    fn lang(&mut self) -> String {
        if self.chance(85) {
            self.pick(&Lang::ALL).code().to_owned()
        } else {
            self.pick(&[
                "xx", "EN", "fa-AF", "", "%66a", "..", "en%00", "%D8%B9", "en.", "e%CC%81n", "prs",
                "en-us", "%2e%2e", "ENG",
            ])
            .to_owned()
        }
    }

    /// A path segment that is nothing we serve.
    fn junk_segment(&mut self) -> String {
        match self.below(9) {
            0 => self.text("abcdefghijklmnopqrstuvwxyz0123456789-_.~", 1, 20),
            1 => "%".to_owned(),
            2 => "%zz%".to_owned(),
            3 => "%C3%28%FF%FE%00".to_owned(),
            4 => "..%2F..%2F..%2Fetc%2Fpasswd".to_owned(),
            5 => "%E2%80%AE%D8%AE%D8%A8%D8%B1".to_owned(),
            6 => "a".repeat(300 + self.below(3000)),
            7 => ".".to_owned(),
            _ => self.text("ABCxyz019-_~!$&'()*+,;=:@", 1, 12),
        }
    }

    fn slug(&mut self, lang: &str) -> String {
        let ours: Vec<String> = self
            .stories
            .iter()
            .filter(|(l, _)| l == lang)
            .map(|(_, s)| s.clone())
            .collect();
        if !ours.is_empty() && self.chance(60) {
            return ours[self.below(ours.len())].clone();
        }
        match self.below(4) {
            0 => self.text("abcdefghijklmnopqrstuvwxyz0123456789-", 1, 30),
            1 => "A-Slug".to_owned(),
            2 => "a".repeat(121 + self.below(200)),
            _ => self.junk_segment(),
        }
    }

    fn category(&mut self) -> String {
        if self.chance(75) {
            self.pick(&Category::ALL).slug().to_owned()
        } else {
            self.junk_segment()
        }
    }

    /// A query value for `name`: plausible, hostile or broken.
    fn value(&mut self, name: &str) -> String {
        if self.chance(30) {
            return self
                .pick(&[
                    "",
                    "-1",
                    "0",
                    "00",
                    "99999999999999999999",
                    "%",
                    "%zz",
                    "%FF%FE",
                    "+",
                    "%2B",
                    "a+b",
                    "%D8%AE%D8%A8%D8%B1",
                    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                    "%2F%2Fevil.example",
                    "javascript:alert(1)",
                    "too-many-99999",
                    "too-many-0",
                    "too-many-05",
                    "%00",
                    "%22%27%3B--",
                    "NEAR(a%20b)%20OR%20%22x%22*",
                ])
                .to_owned();
        }
        match name {
            "lang" | "story_lang" => self.lang(),
            "page" => self.below(20).to_string(),
            "q" => {
                let words = self.text("abc كتاب \"*-()NEAROR\u{200c}", 0, 39);
                app::routes::url_encode(&words)
            }
            "next" | "back" => self
                .pick(&[
                    "/en/",
                    "%2Fen%2Farticle%2Fx",
                    "//evil.example",
                    "https://evil.example/",
                    "/%5Cevil.example",
                    "%2F%09%2Fevil.example",
                ])
                .to_owned(),
            "token" => {
                let len = if self.chance(70) { 43 } else { self.below(60) };
                self.text(
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
                    len,
                    len,
                )
            }
            "slug" => {
                let lang = self.lang();
                self.slug(&lang)
            }
            "category" => self.category(),
            "error" => self
                .pick(&["credentials", "too-many-3", "email", "x", "cross-site"])
                .to_owned(),
            _ => self.junk_segment(),
        }
    }

    /// A query string: mostly `fields` (an endpoint's), with plausible,
    /// hostile or broken values.
    fn query(&mut self, fields: &[&str]) -> String {
        match self.below(12) {
            0 => self
                .pick(&[
                    "?",
                    "??",
                    "?&&&",
                    "?=",
                    "?page",
                    "?=x&=",
                    "?%",
                    "?a=1&a=2&a=3",
                ])
                .to_owned(),
            1 => format!("?q={}", "x".repeat(1000 + self.below(4000))),
            _ => format!("?{}", self.pairs(fields).join("&")),
        }
    }

    /// A request target for `method`, whether it is still valid HTTP
    /// syntax, and the fields of the endpoint it aims at (none for pages).
    fn target(&mut self, method: &str) -> (Vec<u8>, bool, &'static [&'static str]) {
        let lang = self.lang();
        let mut fields: &'static [&'static str] = &[];
        // Mostly the endpoints that take this method, so that requests get
        // past routing to the parsers.
        let aim = match method {
            "POST" if self.chance(75) => Some(true),
            "GET" | "HEAD" if self.chance(20) => Some(false),
            _ => None,
        };
        let mut path = match aim.map_or_else(|| self.below(100), |_| 55) {
            0..55 => {
                let rest = self.pick(&PAGES);
                let rest = if rest.contains("{slug}") {
                    let slug = self.slug(&lang);
                    rest.replace("{slug}", &slug)
                } else if rest.contains("{cat}") {
                    let category = self.category();
                    rest.replace("{cat}", &category)
                } else if rest.contains("{junk}") {
                    let junk = self.junk_segment();
                    rest.replace("{junk}", &junk)
                } else {
                    rest.to_owned()
                };
                format!("/{lang}/{rest}")
            }
            55..72 => {
                let takes_post = aim.unwrap_or_else(|| self.chance(50));
                let (path, _, endpoint_fields) = loop {
                    let endpoint = self.pick(&ENDPOINTS);
                    if endpoint.1 == takes_post {
                        break endpoint;
                    }
                };
                fields = endpoint_fields;
                path.replace("{lang}", &lang)
            }
            72..90 => {
                let junk = self.junk_segment();
                self.pick(&MACHINE)
                    .replace("{lang}", &lang)
                    .replace("{junk}", &junk)
            }
            _ => {
                let n = 1 + self.below(4);
                let segments: Vec<String> = (0..n).map(|_| self.junk_segment()).collect();
                format!("/{}", segments.join("/"))
            }
        };
        if self.chance(15) {
            match self.below(7) {
                0 => path = path.replacen('/', "//", 1 + self.below(2)),
                1 => path.push('/'),
                2 => path = path.to_uppercase(),
                3 => path.push_str("/%2e%2e/%2e%2e/etc/passwd"),
                4 => path.push_str("%00"),
                5 => path = path.replace('/', "/./"),
                _ => path.push_str(";x=1"),
            }
        }
        if self.chance(if fields.is_empty() { 45 } else { 80 }) {
            let query = self.query(fields);
            path.push_str(&query);
        }
        let mut valid = true;
        let mut target = path.into_bytes();
        match self.below(100) {
            0..3 => {
                // Raw bytes that are not URI characters.
                let at = self.below(target.len() + 1);
                let junk = self.pick(&[
                    &b"\xff\xfe"[..],
                    b"\xc3\x28",
                    b"<>",
                    b"\"",
                    b"{|}",
                    b"\\",
                    b"^`",
                    b"\x7f",
                ]);
                target.splice(at..at, junk.iter().copied());
                valid = false;
            }
            3..5 => {
                target.extend_from_slice(b"#fragment");
                valid = false;
            }
            5..7 => {
                target = [b"http://news.example.org".as_slice(), &target].concat();
            }
            7 => target = b"*".to_vec(),
            8 => {
                // Longer than the server's 32 KiB head.
                target.extend_from_slice(&vec![b'a'; 40_000]);
                valid = false;
            }
            9 => {
                target.clear();
                valid = false;
            }
            _ => {}
        }
        (target, valid, fields)
    }

    /// `name=value` pairs: usually each of `fields` (an endpoint's own)
    /// with some left out, sometimes fields of other forms or junk.
    fn pairs(&mut self, fields: &[&str]) -> Vec<String> {
        let names: Vec<String> = if !fields.is_empty() && self.chance(80) {
            let mut names: Vec<String> = fields
                .iter()
                .filter(|_| self.chance(85))
                .map(|f| (*f).to_owned())
                .collect();
            if self.chance(10) {
                names.push(self.pick(&FIELDS).to_owned());
            }
            names
        } else {
            (0..self.below(6))
                .map(|_| {
                    if self.chance(85) {
                        self.pick(&FIELDS).to_owned()
                    } else {
                        self.junk_segment()
                    }
                })
                .collect()
        };
        names
            .into_iter()
            .map(|name| {
                if self.chance(3) {
                    return name;
                }
                let value = self.field(&name);
                format!("{name}={value}")
            })
            .collect()
    }

    /// A form field's value, percent-encoded: often well-formed for the
    /// field (to get past the first check), else anything.
    fn field(&mut self, name: &str) -> String {
        match (name, self.below(10)) {
            ("email", 0..6) => format!("{}%40example.org", self.text("abcxyz019._+", 1, 10)),
            ("password" | "current_password" | "new_password", 0..5) => {
                self.text("abcdefghij klmnop0123456789!%40", 0, 23)
            }
            ("display_name", 0..6) => self.text("Mariam%20Ahmadi%D9%85%E2%80%AE", 0, 29),
            ("local", 0..3) => "%5B%5D".to_owned(),
            ("local", 3..5) => {
                "%5B%7B%22lang%22%3A%22en%22%2C%22slug%22%3A%22x%22%7D%5D".to_owned()
            }
            ("local", 5..7) => format!("{}{}", "%5B".repeat(5000), "%5D".repeat(5000)),
            ("save" | "on", 0..6) => self.pick(&["1", "0"]).to_owned(),
            ("saved_at", 0..4) => self
                .pick(&["1764000000", "-1", "9223372036854775807"])
                .to_owned(),
            (_, 9) if self.chance(20) => "x".repeat(1000 + self.below(60_000)),
            _ => self.value(name),
        }
    }

    /// A form body for `fields`.
    fn form(&mut self, fields: &[&str]) -> Vec<u8> {
        let pairs = self.pairs(fields);
        pairs
            .join(if self.chance(95) { "&" } else { "&&;" })
            .into_bytes()
    }

    fn body(&mut self, fields: &[&str]) -> (Vec<u8>, &'static str) {
        const FORM: &str = "application/x-www-form-urlencoded";
        match self.below(100) {
            0..60 => (self.form(fields), FORM),
            60..70 => {
                let json = match self.below(5) {
                    0 => format!(
                        "{{\"lang\":\"en\",\"email\":\"{}\",\"password\":1}}",
                        self.text("ab@.", 5, 5)
                    ),
                    1 => "[".repeat(3000),
                    2 => "{\"lang\":\"\\ud800\"}".to_owned(),
                    3 => "null".to_owned(),
                    _ => self.text("{}[]\",:01truefalsenull ", 0, 199),
                };
                (json.into_bytes(), "application/json")
            }
            70..78 => {
                let boundary = if self.chance(50) { "x" } else { "y" };
                let body = format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"lang\"\r\n\r\nen\r\n--{boundary}--\r\n"
                );
                (body.into_bytes(), "multipart/form-data; boundary=x")
            }
            78..88 => {
                let len = self.below(2000);
                (
                    self.bytes(len),
                    self.pick(&[FORM, "application/octet-stream", "text/plain"]),
                )
            }
            88..95 => (
                self.form(fields),
                self.pick(&[
                    "text/plain",
                    "application/x-www-form-urlencoded; charset=utf-16",
                    "",
                    "garbage/x y",
                    "application/cbor",
                    "multipart/form-data",
                ]),
            ),
            _ => (vec![b'a'; 300_000], FORM),
        }
    }

    /// Extra headers, each valid syntax unless it says otherwise.
    fn header(&mut self, headers: &mut Vec<(String, Vec<u8>)>) -> bool {
        let mut valid = true;
        let (name, value): (&str, Vec<u8>) = match self.below(20) {
            0 => (
                "origin",
                self.pick(&[
                    SITE,
                    "https://evil.example",
                    "null",
                    "",
                    "http://127.0.0.1",
                    "https://news.example.org.evil.example",
                ])
                .as_bytes()
                .to_vec(),
            ),
            1 => (
                "sec-fetch-site",
                self.pick(&["same-origin", "cross-site", "none", "same-site", "x"])
                    .as_bytes()
                    .to_vec(),
            ),
            2 | 3 => ("cookie", self.cookies().into_bytes()),
            4 => (
                "accept",
                self.pick(&[
                    "text/html",
                    "application/json",
                    "*/*",
                    "text/html;q=0",
                    "text/*, x",
                ])
                .as_bytes()
                .to_vec(),
            ),
            5 => (
                "accept-encoding",
                self.pick(&[
                    "br",
                    "gzip",
                    "gzip;q=0",
                    "br;q=abc",
                    "identity",
                    "*",
                    "br, gzip;q=0.5",
                    ";;;,,",
                ])
                .as_bytes()
                .to_vec(),
            ),
            6 => (
                "accept-language",
                self.text("abcdefghijklmnopqrsz-_;q=0.5,*", 0, 39)
                    .into_bytes(),
            ),
            7 => (
                "save-data",
                self.pick(&["on", "off", "ON ", ""]).as_bytes().to_vec(),
            ),
            8 => (
                "x-forwarded-for",
                self.pick(&[
                    "1.2.3.4",
                    "::1, 10.0.0.1",
                    "unknown",
                    "999.1.1.1",
                    "[::1]:80",
                ])
                .as_bytes()
                .to_vec(),
            ),
            9 => (
                "referer",
                self.pick(&[
                    "https://news.example.org/en/",
                    "https://evil.example/x",
                    "/en/article/x",
                    "//evil",
                    "javascript:alert(1)",
                ])
                .as_bytes()
                .to_vec(),
            ),
            10 => (
                "range",
                self.pick(&[
                    "bytes=0-10",
                    "bytes=999999-",
                    "bytes=abc",
                    "bytes=5-1",
                    "bytes=0-0,1-1,2-2",
                ])
                .as_bytes()
                .to_vec(),
            ),
            11 => (
                "if-none-match",
                self.pick(&["\"x\"", "*", "W/\"abc\"", "garbage"])
                    .as_bytes()
                    .to_vec(),
            ),
            12 => (
                "if-modified-since",
                self.pick(&[
                    "Thu, 01 Jan 1970 00:00:00 GMT",
                    "yesterday",
                    "Sun, 31 Dec 9999 23:59:59 GMT",
                ])
                .as_bytes()
                .to_vec(),
            ),
            13 => (
                "host",
                self.pick(&["evil.example", "", "a b"]).as_bytes().to_vec(),
            ),
            14 => ("x-custom", b"\xff\xfe\xc3\x28 obs-text".to_vec()),
            15 => (
                "upgrade",
                self.pick(&["websocket", "h2c", "garbage"])
                    .as_bytes()
                    .to_vec(),
            ),
            16 => (
                "expect",
                self.pick(&["100-continue", "200-ok"]).as_bytes().to_vec(),
            ),
            17 => {
                valid = false;
                match self.below(7) {
                    0 => ("bad header", b"x".to_vec()),
                    1 => ("x-nul", b"a\0b".to_vec()),
                    2 => ("x-fold", b"a\r\n  folded".to_vec()),
                    3 => ("x-huge", vec![b'h'; 40_000]),
                    4 => ("", b"no name".to_vec()),
                    5 => ("x-bare-lf", b"a\nb: c".to_vec()),
                    _ => ("x-\u{e9}", b"non-ascii name".to_vec()),
                }
            }
            18 if self.chance(25) => {
                // Many headers, often more than hyper takes (100).
                for i in 0..(60 + self.below(120)) {
                    headers.push((format!("x-many-{i}"), b"1".to_vec()));
                }
                return headers.len() <= 90;
            }
            _ => (
                "user-agent",
                self.text("Mozilla/5.0 (X11; Linux) ", 0, 79).into_bytes(),
            ),
        };
        headers.push((name.to_owned(), value));
        valid
    }

    fn cookies(&mut self) -> String {
        let n = 1 + self.below(4);
        let pairs: Vec<String> = (0..n)
            .map(|_| {
                let name = self.pick(&[
                    "lang",
                    "lite",
                    "__Host-khabar_session",
                    "khabar_session",
                    "x",
                    "__Host-khabar_session_x",
                ]);
                let value = match self.below(16) {
                    // A token of the shape the server hands out.
                    0..4 => self.text(
                        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
                        43,
                        43,
                    ),
                    4..7 => self.pick(&["1", "0", "", "on"]).to_owned(),
                    7..10 => self.pick(&Lang::ALL).code().to_owned(),
                    10 => "x".repeat(4000 + self.below(4000)),
                    11 | 12 => self.text("=;,\"\\ %", 1, 10),
                    _ => self.text("abcXYZ019+/=", 0, 49),
                };
                format!("{name}={value}")
            })
            .collect();
        pairs.join(self.pick(&["; ", ";", " ; "]))
    }

    fn case(&mut self) -> Case {
        let mut framed = true;
        let method = match self.below(100) {
            0..45 => "GET",
            45..75 => "POST",
            75..80 => "HEAD",
            80..95 => self.pick(&[
                "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "get", "PROPFIND", "X-CUSTOM",
            ]),
            _ => {
                framed = false;
                self.pick(&[
                    "",
                    "G ET",
                    "GET\0",
                    "P\u{d6}ST",
                    "CONNECT",
                    "GET\t",
                    "(GET)",
                ])
            }
        };
        let head = method == "HEAD";
        let (target, valid, fields) = self.target(method);
        framed &= valid;
        let version = if self.chance(97) {
            if self.chance(96) {
                "HTTP/1.1"
            } else {
                "HTTP/1.0"
            }
        } else {
            framed = false;
            self.pick(&[
                "HTTP/2.0",
                "HTTP/1.2",
                "HTTP/9",
                "HTTX/1.1",
                "",
                "http/1.1",
                "HTTP/1.1 extra",
            ])
        };

        let mut headers: Vec<(String, Vec<u8>)> = Vec::new();
        if self.chance(95) {
            let host = if self.chance(90) {
                format!("127.0.0.1:{}", self.port)
            } else {
                "news.example.org".to_owned()
            };
            headers.push(("host".to_owned(), host.into_bytes()));
        }
        if method == "POST" && self.chance(70) {
            // Past the CSRF check, so the server fns' own parsing runs.
            headers.push(("origin".to_owned(), SITE.as_bytes().to_vec()));
        }
        let keep_alive = self.chance(10);
        if !keep_alive {
            headers.push(("connection".to_owned(), b"close".to_vec()));
        }
        for _ in 0..self.below(5) {
            framed &= self.header(&mut headers);
        }

        let wants_body = matches!(method, "POST" | "PUT" | "PATCH") || self.chance(5);
        let (body, content_type) = if wants_body {
            self.body(fields)
        } else {
            (Vec::new(), "")
        };
        if !content_type.is_empty() || (wants_body && self.chance(10)) {
            headers.push(("content-type".to_owned(), content_type.as_bytes().to_vec()));
        }

        let mut framing = Vec::new();
        let mut payload = body.clone();
        match self.below(100) {
            0..86 => {
                if !body.is_empty() || method == "POST" {
                    framing.push(format!("content-length: {}", body.len()));
                }
            }
            86..90 => {
                framing.push("transfer-encoding: chunked".to_owned());
                payload = chunked(&body, 1 + self.below(500));
            }
            90..92 => {
                framing.push("transfer-encoding: chunked".to_owned());
                payload = self
                    .pick(&[
                        &b"zz\r\nabc\r\n0\r\n\r\n"[..],
                        b"5\r\nab\r\n",
                        b"-1\r\n\r\n",
                        b"ffffffffffffffffff\r\n",
                    ])
                    .to_vec();
                framed = false;
            }
            92..94 => {
                framing.push(format!(
                    "content-length: {}",
                    body.len().saturating_sub(1 + self.below(10))
                ));
                framed = false;
            }
            94..96 => {
                framing.push(format!(
                    "content-length: {}",
                    body.len() + 1 + self.below(100)
                ));
                framed = false;
            }
            96..98 => {
                let bad = self.pick(&[
                    "abc",
                    "-1",
                    "1e3",
                    "99999999999999999999",
                    "5, 6",
                    " ",
                    "0x10",
                ]);
                framing.push(format!("content-length: {bad}"));
                framed = false;
            }
            98 => {
                framing.push(format!("content-length: {}", body.len()));
                framing.push("transfer-encoding: chunked".to_owned());
                framed = false;
            }
            _ => {
                // A body with nothing saying how long it is: its bytes are
                // read as the next request.
                framed &= body.is_empty();
            }
        }

        let mut bytes = Vec::new();
        bytes.extend_from_slice(method.as_bytes());
        bytes.push(b' ');
        bytes.extend_from_slice(&target);
        bytes.push(b' ');
        bytes.extend_from_slice(version.as_bytes());
        bytes.extend_from_slice(b"\r\n");
        for (name, value) in &headers {
            bytes.extend_from_slice(name.as_bytes());
            bytes.extend_from_slice(b": ");
            bytes.extend_from_slice(value);
            bytes.extend_from_slice(b"\r\n");
        }
        for line in &framing {
            bytes.extend_from_slice(line.as_bytes());
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(b"\r\n");
        let head_len = bytes.len();
        bytes.extend_from_slice(&payload);
        if head_len > 30 * 1024 {
            // Past the server's limit on a request's head: 431.
            framed = false;
        }
        // A server that refuses a request before reading all of it closes
        // with bytes unread, which TCP answers with a reset that may
        // overtake the response. Requests that fit one read are safe.
        let may_reset = !framed || bytes.len() > 8 * 1024;
        let referer = headers
            .iter()
            .find(|(name, _)| name == "referer")
            .map(|(_, value)| String::from_utf8_lossy(value).into_owned());
        Case {
            bytes,
            framed,
            may_reset,
            head,
            referer,
        }
    }
}

fn chunked(body: &[u8], size: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in body.chunks(size) {
        out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

// ------------------------------------------------------ reading responses

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One response at the start of `buf`: `Ok(None)` while more bytes are
/// needed (and `eof` is false), `Err` when it is not well-formed HTTP/1.1.
fn parse_response(buf: &[u8], head: bool, eof: bool) -> Result<Option<(Response, usize)>, String> {
    let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
        return if eof {
            Err(format!(
                "truncated head: {:?}",
                String::from_utf8_lossy(buf)
            ))
        } else {
            Ok(None)
        };
    };
    let head_text = std::str::from_utf8(&buf[..end]).map_err(|_| "head is not UTF-8".to_owned())?;
    let mut lines = head_text.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or_default();
    let code = parts.next().unwrap_or_default();
    if !matches!(version, "HTTP/1.1" | "HTTP/1.0")
        || code.len() != 3
        || !code.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(format!("bad status line {status_line:?}"));
    }
    let status: u16 = code.parse().map_err(|_| "bad status")?;
    if !(100..=599).contains(&status) {
        return Err(format!("status {status} out of range"));
    }
    let mut headers = Vec::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("header line without a colon: {line:?}"));
        };
        let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
        if name.is_empty() || !name.bytes().all(token) {
            return Err(format!("bad header name {name:?}"));
        }
        if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
            return Err(format!("bad header value in {line:?}"));
        }
        headers.push((name.to_owned(), value.trim().to_owned()));
    }
    let response = Response { status, headers };
    let body_start = end + 4;
    let rest = &buf[body_start..];
    if head || status < 200 || status == 204 || status == 304 {
        return Ok(Some((response, body_start)));
    }
    let lengths: Vec<&str> = response
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map(|(_, v)| v.as_str())
        .collect();
    if let Some(coding) = response.header("transfer-encoding") {
        if !lengths.is_empty() {
            return Err("both Content-Length and Transfer-Encoding".to_owned());
        }
        if !coding.eq_ignore_ascii_case("chunked") {
            return Err(format!("unexpected transfer coding {coding:?}"));
        }
        return match dechunk(rest)? {
            Some(used) => Ok(Some((response, body_start + used))),
            None if eof => Err("truncated chunked body".to_owned()),
            None => Ok(None),
        };
    }
    if let Some(first) = lengths.first() {
        if lengths.iter().any(|l| l != first) {
            return Err(format!("conflicting Content-Length {lengths:?}"));
        }
        let length: usize = first
            .parse()
            .map_err(|_| format!("bad Content-Length {first:?}"))?;
        if rest.len() >= length {
            return Ok(Some((response, body_start + length)));
        }
        return if eof {
            Err(format!("body cut short: {} of {length} bytes", rest.len()))
        } else {
            Ok(None)
        };
    }
    // Delimited by the end of the connection.
    if eof {
        Ok(Some((response, buf.len())))
    } else {
        Ok(None)
    }
}

/// The length of a complete chunked body at the start of `buf`.
fn dechunk(buf: &[u8]) -> Result<Option<usize>, String> {
    let mut at = 0;
    loop {
        let Some(line_end) = buf[at..].windows(2).position(|w| w == b"\r\n") else {
            return Ok(None);
        };
        let line = std::str::from_utf8(&buf[at..at + line_end]).map_err(|_| "bad chunk size")?;
        let size_text = line.split(';').next().unwrap_or_default().trim();
        let size =
            usize::from_str_radix(size_text, 16).map_err(|_| format!("bad chunk size {line:?}"))?;
        at += line_end + 2;
        if size == 0 {
            // Trailers, then an empty line.
            loop {
                let Some(end) = buf[at..].windows(2).position(|w| w == b"\r\n") else {
                    return Ok(None);
                };
                at += end + 2;
                if end == 0 {
                    return Ok(Some(at));
                }
            }
        }
        if buf.len() < at + size + 2 {
            return Ok(None);
        }
        if &buf[at + size..at + size + 2] != b"\r\n" {
            return Err("chunk without its CRLF".to_owned());
        }
        at += size + 2;
    }
}

/// Whether a browser following `location` from one of our pages stays on
/// this site (a `next=//evil.example` must never become an open redirect).
fn stays_on_site(location: &str) -> bool {
    let base = url::Url::parse(SITE).expect("the site's origin");
    base.join(location)
        .ok()
        .is_none_or(|target| target.origin() == base.origin())
}

/// What became of one request.
#[derive(Debug)]
enum Outcome {
    /// The final status of each response received, in order.
    Answered(Vec<u16>),
    /// Closed without a response.
    Closed,
    /// Reset by the server.
    Reset,
    /// Something the server must never do.
    Failed(String),
}

/// Sends one case and reads what comes back, as the class of the case
/// allows.
fn exchange(addr: SocketAddr, case: &Case) -> Outcome {
    let mut stream = match TcpStream::connect(addr) {
        Ok(stream) => stream,
        Err(e) => return Outcome::Failed(format!("connect: {e}")),
    };
    let _ = stream.set_read_timeout(Some(READ_LIMIT));
    let _ = stream.set_write_timeout(Some(READ_LIMIT));
    let _ = stream.set_nodelay(true);
    let written = stream.write_all(&case.bytes);
    if !case.framed {
        // Protocol garbage may be incomplete: end it, so the server sees
        // the end instead of waiting for the rest.
        let _ = stream.shutdown(Shutdown::Write);
    }
    let started = Instant::now();
    let mut buf = Vec::new();
    let mut statuses = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let mut eof = false;
    let mut reset = false;
    loop {
        // Take every complete response in the buffer.
        while !buf.is_empty() {
            match parse_response(&buf, case.head, eof) {
                Ok(Some((response, used))) => {
                    if response.status >= 500 {
                        return Outcome::Failed(format!(
                            "status {} (Retry-After: {:?})",
                            response.status,
                            response.header("retry-after")
                        ));
                    }
                    // Back to the page the browser says it came from is
                    // not an open redirect (a link cannot choose a
                    // browser's Referer); anywhere else off the site is.
                    let to_referer = |location: &str| {
                        case.referer
                            .as_deref()
                            .is_some_and(|r| location.starts_with(r))
                    };
                    if let Some(location) = response.header("location")
                        && !stays_on_site(location)
                        && !to_referer(location)
                    {
                        return Outcome::Failed(format!("redirects off the site to {location:?}"));
                    }
                    if response.status >= 200 {
                        statuses.push(response.status);
                        if case.framed {
                            // One answer owed, and it came.
                            return Outcome::Answered(statuses);
                        }
                    }
                    buf.drain(..used);
                }
                Ok(None) => break,
                Err(_) if reset => break,
                Err(e) => return Outcome::Failed(format!("malformed response: {e}")),
            }
        }
        if eof {
            break;
        }
        match stream.read(&mut chunk) {
            Ok(0) => eof = true,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::ConnectionReset | ErrorKind::BrokenPipe) => {
                eof = true;
                reset = true;
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Outcome::Failed(format!(
                    "no answer within {:?} ({} bytes so far)",
                    started.elapsed(),
                    buf.len()
                ));
            }
            Err(e) => return Outcome::Failed(format!("read: {e}")),
        }
    }
    match (statuses.is_empty(), reset) {
        (false, _) => Outcome::Answered(statuses),
        (true, true) if case.may_reset => Outcome::Reset,
        (true, false) if !case.framed => Outcome::Closed,
        (true, _) => Outcome::Failed(format!(
            "no response (reset: {reset}, write: {:?})",
            written.err()
        )),
    }
}

/// A plain GET of `path` on a fresh connection: status and body.
fn plain_get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(READ_LIMIT)).expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
        addr.port()
    )
    .expect("send");
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).expect("read");
    let (response, _) = parse_response(&bytes, false, true)
        .expect("well-formed")
        .expect("complete");
    let head_end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(0, |at| at + 4);
    let body = String::from_utf8_lossy(&bytes[head_end..]).into_owned();
    (response.status, body)
}

// ------------------------------------------------------------- the test

/// Records every panic in this process from now on (the server's tasks
/// run on this process's threads), still printing it as usual. A panic in
/// a server task is a bug even when the client got an answer (or had
/// already gone): it kills whatever else that task was doing.
fn record_panics() -> Arc<Mutex<Vec<String>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let thread = std::thread::current()
            .name()
            .unwrap_or("unnamed")
            .to_owned();
        record
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(format!("thread {thread}: {info}"));
        previous(info);
    }));
    seen
}

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_requests_never_break_the_server() {
    let seed = setting("KHABAR_FUZZ_SEED", DEFAULT_SEED);
    let count = usize::try_from(setting("KHABAR_FUZZ_CASES", DEFAULT_CASES as u64))
        .unwrap_or(DEFAULT_CASES);
    println!("fuzz: seed {seed} ({count} requests; KHABAR_FUZZ_SEED={seed} replays them)");
    let panics = record_panics();

    let server = start().await;
    let addr = server.addr;
    let mut fuzzer = Fuzzer::new(seed, addr.port());
    let cases: Vec<Case> = (0..count).map(|_| fuzzer.case()).collect();
    let started = Instant::now();

    let outcomes = tokio::task::spawn_blocking(move || {
        let cases = &cases;
        let outcomes: Vec<(usize, Outcome)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..CLIENTS)
                .map(|client| {
                    scope.spawn(move || {
                        (client..cases.len())
                            .step_by(CLIENTS)
                            .map(|i| (i, exchange(addr, &cases[i])))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().expect("a client thread"))
                .collect()
        });
        let described = cases
            .iter()
            .map(|c| (c.aim(), c.show()))
            .collect::<Vec<_>>();
        (outcomes, described)
    })
    .await
    .expect("the clients");
    let elapsed = started.elapsed();
    let (outcomes, described) = outcomes;

    // Outcomes by status, overall and by what the requests aimed at.
    let mut tally: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_aim: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    let mut failures = Vec::new();
    for (i, outcome) in &outcomes {
        let (aim, shown) = &described[*i];
        let labels = match outcome {
            Outcome::Answered(statuses) => statuses.iter().map(u16::to_string).collect(),
            Outcome::Closed => vec!["closed".to_owned()],
            Outcome::Reset => vec!["reset".to_owned()],
            Outcome::Failed(why) => {
                failures.push(format!("#{i}: {why}\n    {shown}"));
                vec!["FAILED".to_owned()]
            }
        };
        for label in labels {
            *tally.entry(label.clone()).or_default() += 1;
            *by_aim.entry(aim).or_default().entry(label).or_default() += 1;
        }
    }
    println!(
        "fuzz: {} requests in {:.1} s; by status: {tally:?}",
        outcomes.len(),
        elapsed.as_secs_f64()
    );
    for (aim, statuses) in &by_aim {
        println!("fuzz:   {aim}: {statuses:?}");
    }

    // Still standing, and still serving pages.
    let checks = tokio::task::spawn_blocking(move || {
        [
            plain_get(addr, "/healthz"),
            plain_get(addr, "/readyz"),
            plain_get(addr, "/en/"),
        ]
    })
    .await
    .expect("the checks");
    let _ = server.stop.send(());
    let _ = tokio::time::timeout(Duration::from_secs(15), server.task).await;

    assert!(
        failures.is_empty(),
        "{} of {count} requests broke the rules (seed {seed}):\n{}",
        failures.len(),
        failures
            .iter()
            .take(25)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    let panics = panics
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    assert!(
        panics.is_empty(),
        "the server panicked {} times while fuzzed (seed {seed}):\n{}",
        panics.len(),
        panics
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    let [(health, _), (ready, _), (page, html)] = checks;
    assert_eq!(health, 200, "/healthz after the fuzzing");
    assert_eq!(ready, 200, "/readyz after the fuzzing");
    assert_eq!(page, 200, "/en/ after the fuzzing");
    assert!(html.contains("<main"), "a real page: {html:.300}");
}
