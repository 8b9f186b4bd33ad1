//! Property tests for the server's parsers of outside input: article
//! Markdown turned into HTML, search queries reaching SQLite's FTS5,
//! `X-Forwarded-For`, the CSRF check's `Origin`/`Host`/`Sec-Fetch-Site`,
//! and the page cache's key, read from the request line and cookies.
//!
//! The sanitiser's output is checked the way a browser reads it: with
//! html5ever's tokenizer (which decodes entities and folds case exactly as
//! browsers do), and URLs with the WHATWG URL parser.

mod common;

use std::cell::RefCell;
use std::net::IpAddr;
use std::sync::LazyLock;

use axum::http::{HeaderMap, HeaderValue, Method, Uri};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::FileFailurePersistence;

use app::domain::Lang;
use app::ssr::markdown::render;
use app::ssr::search::SearchTerms;
use app::ssr::store::SharedStore;
use khabar_server::http::page_cache::PageKey;
use khabar_server::http::security::{SiteOrigins, client_address, same_site};

/// `cases` cases for a property. A failing case is kept beside this file
/// (`properties.proptest-regressions`) and tried first on later runs.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

// ------------------------------------------------- reading HTML like a browser

/// A start tag as a browser's tokenizer sees it: lower-cased names,
/// attribute values with their character references decoded.
#[derive(Debug)]
struct StartTag {
    name: String,
    attributes: Vec<(String, String)>,
}

#[derive(Default)]
struct Collect(RefCell<Vec<StartTag>>);

impl TokenSink for Collect {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token
            && tag.kind == TagKind::StartTag
        {
            self.0.borrow_mut().push(StartTag {
                name: tag.name.to_string(),
                attributes: tag
                    .attrs
                    .iter()
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect(),
            });
        }
        TokenSinkResult::Continue
    }
}

/// Every start tag in `html`. The tokenizer runs without a tree builder,
/// so it never switches to raw text (inside `<textarea>`, `<title>`, …):
/// it sees more tags than a browser would, never fewer, which only makes
/// the checks below stricter.
fn start_tags(html: &str) -> Vec<StartTag> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let tokenizer = Tokenizer::new(Collect::default(), TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

use app::ssr::markdown::ARTICLE_TAGS;

/// Attributes whose value a browser follows or loads as a URL.
const URL_ATTRIBUTES: [&str; 13] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "cite",
    "poster",
    "background",
    "srcset",
    "ping",
    "manifest",
    "longdesc",
];

/// A URL as a browser compares its scheme: ASCII white space and control
/// characters gone (browsers strip them around and tabs and newlines
/// inside), lower-cased.
fn scheme_view(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Everything in `html` that could run script, each as a short reason:
/// an element that is not article markup (`script`, `svg`, `iframe`, …),
/// an event handler or style attribute, or a URL attribute whose scheme is
/// not http, https or mailto (`javascript:`, `data:`, `vbscript:` however
/// cased, spaced or entity-encoded).
fn hazards(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in start_tags(html) {
        if !ARTICLE_TAGS.contains(&tag.name.as_str()) {
            found.push(format!("element <{}>", tag.name));
        }
        for (name, value) in &tag.attributes {
            if name.starts_with("on") || matches!(name.as_str(), "style" | "srcdoc") {
                found.push(format!("attribute {name}={value:?} on <{}>", tag.name));
            }
            if !URL_ATTRIBUTES.contains(&name.as_str()) {
                continue;
            }
            let view = scheme_view(value);
            let bad_scheme = ["javascript:", "vbscript:", "data:"]
                .iter()
                .any(|s| view.starts_with(s));
            let base = url::Url::parse("https://news.example.org/en/article/x").expect("base");
            let other_scheme = base
                .join(value)
                .is_ok_and(|u| !matches!(u.scheme(), "http" | "https" | "mailto"));
            if bad_scheme || other_scheme {
                found.push(format!("URL {name}={value:?} on <{}>", tag.name));
            }
        }
    }
    found
}

#[test]
fn the_hazard_check_sees_what_a_browser_would_run() {
    for bad in [
        "<script>alert(1)</script>",
        "<SCRIPT>alert(1)</SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<p OnClick=\"x()\">a</p>",
        "<svg onload=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\" JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=\"java\nscript:alert(1)\">x</a>",
        "<a href=\"javascript&#58;alert(1)\">x</a>",
        "<a href=\"javascript&colon;alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"\u{1}javascript:alert(1)\">x</a>",
        "<a href=\"data:text/html,x\">x</a>",
        "<a href=\"vbscript:x\">x</a>",
        "<iframe src=\"https://e.example\"></iframe>",
        "<p style=\"x\">a</p>",
    ] {
        assert!(!hazards(bad).is_empty(), "missed {bad:?}");
    }
    for fine in [
        "<p>javascript:alert(1) onerror=x &lt;script&gt;</p>",
        "<a href=\"https://example.org/javascript:x\" rel=\"noopener noreferrer\">x</a>",
        "<a href=\"/en/article/x\">x</a>",
        "<a href=\"mailto:desk@example.org\">x</a>",
        "<a href=\"https://e.example\" title=\"javascript:x <script>\">x</a>",
        "<code>&lt;img src=x onerror=alert(1)&gt;</code>",
    ] {
        assert!(hazards(fine).is_empty(), "{fine:?}: {:?}", hazards(fine));
    }
}

// ------------------------------------------------------ hostile Markdown

/// `javascript:` and friends as attackers write them.
fn script_scheme() -> BoxedStrategy<String> {
    let plain = prop::sample::select(vec![
        "javascript:",
        "JaVaScRiPt:",
        "java\tscript:",
        "java\nscript:",
        "java\rscript:",
        " javascript:",
        "\u{1}javascript:",
        "\u{0}javascript:",
        "javascript\u{0}:",
        "java&#x09;script:",
        "java&Tab;script:",
        "jav&#x0A;ascript:",
        "javascript&#58;",
        "javascript&#0000058",
        "javascript&colon;",
        "&#106;avascript:",
        "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;",
        "jAvAsCrIpT&NewLine;:",
        "javascript%3A",
        "vbscript:",
        "VBScript:",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "data:text/html,<script>alert(1)</script>",
        "DATA:image/svg+xml,<svg onload=alert(1)>",
        "livescript:",
        "//evil.example/",
        "\\\\evil.example\\",
    ])
    .prop_map(str::to_owned);
    // Any mix of letter cases of the plain word.
    let cased = any::<u16>().prop_map(|mask| {
        "javascript:"
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if (mask >> i) & 1 == 1 {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect()
    });
    prop_oneof![3 => plain, 1 => cased].boxed()
}

/// One hostile fragment: raw HTML that runs script, and Markdown that
/// makes links and images out of script URLs.
fn hostile_fragment() -> BoxedStrategy<String> {
    let templates = prop::sample::select(vec![
        "<script>{p}</script>",
        "<ScRiPt src=//evil.example/x.js></ScRiPt>",
        "<script/src=\"{s}{p}\"></script>",
        "<scr<script>ipt>{p}</script>",
        "<<script>script>{p}<</script>/script>",
        "<img src=x onerror={p}>",
        "<IMG SRC=x OnError=\"{p}\">",
        "<img/src=x/onerror={p}>",
        "<img src=\"x\" onerror\n={p}>",
        "<img src=\"{s}{p}\">",
        "<svg onload={p}>",
        "<svg><script>{p}</script></svg>",
        "<svg><a xlink:href=\"{s}{p}\"><text>x</text></a></svg>",
        "<math><mi xlink:href=\"{s}{p}\">x</mi></math>",
        "<iframe src=\"{s}{p}\"></iframe>",
        "<iframe srcdoc=\"<script>{p}</script>\"></iframe>",
        "<a href=\"{s}{p}\">x</a>",
        "<a href='{s}{p}'>x</a>",
        "<a href={s}{p}>x</a>",
        "<a/href=\"{s}{p}\">x</a>",
        "<a href = \"{s}{p}\" onclick=\"{p}\">x</a>",
        "<a onmouseover={p}>x</a>",
        "<a href=\"https://ok.example\" title=\"x\" onclick=\"{p}\">ok</a>",
        "<a href=\"https://ok.example\"\tonfocus={p} autofocus>ok</a>",
        "[x]({s}{p})",
        "[x](<{s}{p}>)",
        "[x]( {s}{p} \"t\")",
        "![x]({s}{p})",
        "<{s}{p}>",
        "[x][r]\n\n[r]: {s}{p}\n",
        "[x](https://ok.example \"{s}{p}\")",
        "[<img src=x onerror={p}>](https://ok.example)",
        "<object data=\"{s}{p}\"></object>",
        "<embed src=\"{s}{p}\">",
        "<form action=\"{s}{p}\"><button>x</button></form>",
        "<button formaction=\"{s}{p}\">x</button>",
        "<input onfocus={p} autofocus>",
        "<details open ontoggle={p}>",
        "<body onload={p}>",
        "<base href=\"{s}//\">",
        "<meta http-equiv=\"refresh\" content=\"0;url={s}{p}\">",
        "<link rel=stylesheet href=\"{s}{p}\">",
        "<style>@import '{s}{p}';</style>",
        "<div style=\"background:url({s}{p})\">x</div>",
        "<p style=\"x:expression({p})\">x</p>",
        "<table><tr><td background=\"{s}{p}\" onclick={p}>x</td></tr></table>",
        "<blockquote cite=\"{s}{p}\">x</blockquote>",
        "<del cite=\"{s}{p}\">x</del> <ins cite=\"{s}{p}\">y</ins> <q cite=\"{s}{p}\">z</q>",
        "<code onclick={p}>x</code>",
        "<!--<script>-->{p}<!-- -->",
        "<![CDATA[<script>{p}</script>]]>",
        "<noscript><p title=\"</noscript><img src=x onerror={p}>\"></noscript>",
        "<textarea><script>{p}</script></textarea>",
        "<title><img src=x onerror={p}></title>",
        "<p o&#110;click={p}>x</p>",
        "&lt;script&gt;{p}&lt;/script&gt;",
        "`<script>{p}</script>`",
        "```html\n<script>{p}</script>\n```",
        "    <script>{p}</script>",
    ]);
    let payload = prop::sample::select(vec![
        "alert(1)",
        "alert`1`",
        "//%0aalert(1)",
        "&#97;lert(1)",
        "\"><script>alert(1)</script>",
    ]);
    (templates, script_scheme(), payload)
        .prop_map(|(t, s, p)| t.replace("{s}", &s).replace("{p}", p))
        .boxed()
}

/// Bodies made of hostile fragments, Markdown syntax and ordinary text in
/// any order, so the fragments land in every Markdown context.
fn hostile_markdown() -> BoxedStrategy<String> {
    let piece = prop_oneof![
        4 => hostile_fragment(),
        2 => "\\PC{0,12}",
        2 => prop::sample::select(vec![
            "**", "_", "`", "```\n", "> ", "- ", "1. ", "## ", "|a|b|\n|-|-|\n", "    ", "<", ">",
            "&", "\"", "'", "=", "\\", "[", "](", ")", "<!--", "-->", "<p>", "</p>", "<a>", "</a>",
        ])
        .prop_map(str::to_owned),
    ];
    let separator = prop::sample::select(vec!["", " ", "\n", "\n\n", "\n> ", "\n- ", "|"]);
    prop::collection::vec((piece, separator), 1..10)
        .prop_map(|parts| {
            parts
                .into_iter()
                .map(|(piece, sep)| format!("{piece}{sep}"))
                .collect()
        })
        .boxed()
}

/// The fragments are real attacks: rendered without the sanitiser, most
/// of them would run script. Otherwise the property below could pass
/// because the generator is harmless, not because the sanitiser works.
#[test]
fn the_hostile_fragments_run_script_without_the_sanitiser() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let fragments = hostile_fragment();
    let samples = 400;
    let mut dangerous = 0;
    for _ in 0..samples {
        let markdown = fragments
            .new_tree(&mut runner)
            .expect("a fragment")
            .current();
        let mut raw = String::new();
        pulldown_cmark::html::push_html(&mut raw, pulldown_cmark::Parser::new(&markdown));
        if !hazards(&raw).is_empty() {
            dangerous += 1;
        }
    }
    assert!(
        dangerous * 3 > samples * 2,
        "only {dangerous} of {samples} fragments are dangerous unsanitised"
    );
}

proptest! {
    #![proptest_config(config(2000))]

    /// However hostile the Markdown, the stored body holds only article
    /// elements, no event handler or style, and no link or source a
    /// browser would run as script.
    #[test]
    fn hostile_markdown_never_yields_runnable_html(markdown in hostile_markdown()) {
        let html = render(&markdown);
        let found = hazards(&html);
        prop_assert!(found.is_empty(), "{found:?}\nin {html:?}");
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// Any text at all renders without panicking, and safely.
    #[test]
    fn any_text_renders_safely(markdown in any::<String>()) {
        let html = render(&markdown);
        let found = hazards(&html);
        prop_assert!(found.is_empty(), "{found:?}\nin {html:?}");
    }

    /// Every link that survives opens without handing our page to the
    /// other site.
    #[test]
    fn surviving_links_open_safely(markdown in hostile_markdown()) {
        for tag in start_tags(&render(&markdown)) {
            if tag.name == "a" && tag.attributes.iter().any(|(name, _)| name == "href") {
                let rel = tag.attributes.iter().find(|(name, _)| name == "rel").map(|(_, v)| v.as_str());
                prop_assert_eq!(rel, Some("noopener noreferrer"), "{:?}", tag);
            }
        }
    }

    /// Sanitising takes nothing from honest copy: words in any of our
    /// scripts come out as one paragraph, and web links keep their address.
    #[test]
    fn honest_text_and_links_survive(
        words in prop::collection::vec(prop_oneof![
            "[a-zA-Z0-9]{1,10}",
            "[\\u{0627}-\\u{063A}\\u{0641}-\\u{064A}]{1,8}",
            "[а-яА-ЯҷқғӯӣҳҶҚҒӮӢҲ]{1,8}",
        ], 1..12),
        path in "[a-z0-9-]{0,20}",
    ) {
        let text = words.join(" ");
        prop_assert_eq!(render(&text).trim_end().to_owned(), format!("<p>{text}</p>"));
        let url = format!("https://example.org/{path}");
        let tags = start_tags(&render(&format!("[{text}]({url})")));
        let href = tags
            .iter()
            .find(|t| t.name == "a")
            .and_then(|t| t.attributes.iter().find(|(n, _)| n == "href"))
            .map(|(_, v)| v.clone());
        prop_assert_eq!(href, Some(url));
    }
}

// ----------------------------------------------- search reaching SQLite

/// One SQLite database with a story in it, and a runtime to query it on,
/// shared by every case.
static SEARCH: LazyLock<(tokio::runtime::Runtime, SharedStore, tempfile::TempDir)> =
    LazyLock::new(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime");
        let (store, dir) = runtime.block_on(async {
            let (store, dir) = common::fresh_sqlite().await;
            store
                .insert_article(&common::story(
                    "wheat-harvest",
                    "Wheat harvest \"NEAR\" Kabul: کتاب‌ها (AND) -1 * OR",
                ))
                .await
                .expect("a story");
            (store, dir)
        });
        (runtime, store, dir)
    });

/// Queries made of FTS5 syntax, quotes, NUL, marks and letters.
fn hostile_query() -> BoxedStrategy<String> {
    let piece = prop_oneof![
        "[a-zA-Z0-9]{1,6}",
        "[\\u{0600}-\\u{06FF}]{1,4}",
        prop::sample::select(vec![
            "\"", "\"\"", "'", "*", "^", "-", "+", "(", ")", ":", "{", "}", "NEAR", "NEAR(", "AND",
            "OR", "NOT", "\0", "\\", ";", "--", "/*", " ", "\u{200C}", "\u{0301}", "ß", "İ", "%",
            "_", "col:", "title:", "a*b",
        ])
        .prop_map(str::to_owned),
    ];
    prop_oneof![
        4 => prop::collection::vec(piece, 1..20).prop_map(|p| p.concat()),
        1 => any::<String>(),
    ]
    .boxed()
}

proptest! {
    #![proptest_config(config(512))]

    /// Any query the search box accepts runs: the FTS5 expression built
    /// from it is never a syntax error, whatever operators, quotes or NULs
    /// the reader typed.
    #[test]
    fn every_accepted_query_runs_against_sqlite(raw in hostile_query(), reader in prop::sample::select(Lang::ALL.to_vec())) {
        let Ok(terms) = SearchTerms::parse(&raw) else {
            return Ok(());
        };
        let (runtime, store, _) = &*SEARCH;
        let found = runtime.block_on(store.search(reader, &terms, 10, 0));
        prop_assert!(found.is_ok(), "{raw:?} → {terms:?}: {found:?}");
    }

    /// A word of a story's title finds it, typed in any letter case.
    #[test]
    fn title_words_find_their_story(
        word in prop::sample::select(vec!["wheat", "harvest", "kabul", "کتاب", "near"]),
        mask in any::<u16>(),
    ) {
        let typed: String = word
            .chars()
            .enumerate()
            .map(|(i, c)| if (mask >> (i % 16)) & 1 == 1 { c.to_ascii_uppercase() } else { c })
            .collect();
        let terms = SearchTerms::parse(&typed).expect("a word");
        let (runtime, store, _) = &*SEARCH;
        let found = runtime.block_on(store.search(Lang::En, &terms, 10, 0)).expect("runs");
        prop_assert!(found.items.iter().any(|s| s.slug == "wheat-harvest"), "{typed:?}");
    }
}

// -------------------------------------------------------- X-Forwarded-For

/// Entries as proxies and clients write them: addresses with and without
/// ports, IPv4-mapped IPv6, and junk.
fn forwarded_entry() -> BoxedStrategy<String> {
    prop_oneof![
        3 => any::<IpAddr>().prop_map(|ip| ip.to_string()),
        1 => (any::<std::net::Ipv4Addr>(), any::<u16>()).prop_map(|(ip, port)| format!("{ip}:{port}")),
        1 => (any::<std::net::Ipv6Addr>(), any::<u16>()).prop_map(|(ip, port)| format!("[{ip}]:{port}")),
        1 => any::<std::net::Ipv4Addr>().prop_map(|ip| format!("::ffff:{ip}")),
        1 => prop::sample::select(vec!["unknown", "", "_hidden", "1.2.3", "[::1", "999.1.1.1", "  "]).prop_map(str::to_owned),
    ]
    .boxed()
}

fn headers_with(name: &'static str, values: &[String]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for value in values {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.append(name, value);
        }
    }
    headers
}

proptest! {
    #![proptest_config(config(1024))]

    /// A client that is not a trusted proxy is its own address, whatever
    /// it writes in `X-Forwarded-For`.
    #[test]
    fn an_untrusted_peer_is_taken_as_itself(
        peer in any::<IpAddr>(),
        trusted in prop::collection::vec(any::<IpAddr>(), 0..3),
        entries in prop::collection::vec(forwarded_entry(), 0..6),
    ) {
        prop_assume!(!trusted.contains(&peer.to_canonical()));
        let headers = headers_with("x-forwarded-for", &[entries.join(", ")]);
        prop_assert_eq!(client_address(peer, &headers, &trusted), peer.to_canonical());
    }

    /// Behind a trusted proxy, the client is the address the proxy saw
    /// (the last entry it appended); whatever the client wrote before it,
    /// in the same header or an earlier one, changes nothing.
    #[test]
    fn addresses_a_client_prepends_change_nothing(
        proxy in any::<IpAddr>(),
        client in any::<IpAddr>(),
        spoofed in prop::collection::vec(forwarded_entry(), 0..6),
        split in any::<bool>(),
    ) {
        let trusted = vec![proxy.to_canonical()];
        prop_assume!(client.to_canonical() != proxy.to_canonical());
        let values = if split {
            vec![spoofed.join(","), client.to_string()]
        } else {
            let mut all = spoofed.clone();
            all.push(client.to_string());
            vec![all.join(", ")]
        };
        let headers = headers_with("x-forwarded-for", &values);
        prop_assert_eq!(client_address(proxy, &headers, &trusted), client.to_canonical());
    }

    /// Behind a trusted proxy, the answer is the proxy or an address that
    /// is written in the header: never anything made up.
    #[test]
    fn the_client_behind_a_proxy_is_one_the_header_names(
        proxy in any::<IpAddr>(),
        entries in prop::collection::vec(forwarded_entry(), 0..6),
        junk in "\\PC{0,20}",
    ) {
        let trusted = vec![proxy.to_canonical()];
        let values = [entries.join(","), junk];
        let headers = headers_with("x-forwarded-for", &values);
        let found = client_address(proxy, &headers, &trusted);
        let named = values.iter().flat_map(|v| v.split(',')).any(|entry| {
            let entry = entry.trim();
            entry
                .parse::<IpAddr>()
                .ok()
                .or_else(|| entry.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
                .is_some_and(|ip| ip.to_canonical() == found)
        });
        prop_assert!(found == proxy.to_canonical() || named, "{found} from {values:?}");
    }
}

// ------------------------------------------------------------ CSRF check

const SITE: &str = "https://news.example.org";

fn host_name() -> BoxedStrategy<String> {
    prop_oneof![
        Just("news.example.org".to_owned()),
        Just("127.0.0.1:3000".to_owned()),
        "[a-z]{1,8}\\.(example|test)(:[0-9]{2,5})?",
    ]
    .boxed()
}

fn csrf_headers(origin: Option<&str>, host: Option<&str>, fetch_site: Option<&str>) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in [
        ("origin", origin),
        ("host", host),
        ("sec-fetch-site", fetch_site),
    ] {
        if let Some(value) = value.and_then(|v| HeaderValue::from_str(v).ok()) {
            headers.insert(name, value);
        }
    }
    headers
}

proptest! {
    #![proptest_config(config(1024))]

    /// Without `Sec-Fetch-Site`, a request is trusted only when its Origin
    /// is exactly this site, or exactly the host it was sent to.
    #[test]
    fn only_our_own_origin_is_trusted(
        origin_host in host_name(),
        scheme in prop::sample::select(vec!["https://", "http://", "", "HTTPS://", "https://x@"]),
        suffix in prop::sample::select(vec!["", "/", ".evil.example", ":443", "."]),
        host in prop::option::of(host_name()),
    ) {
        let origin = format!("{scheme}{origin_host}{suffix}");
        let origins = SiteOrigins { configured: SITE.to_owned() };
        let trusted = same_site(&csrf_headers(Some(&origin), host.as_deref(), None), &origins);
        let ours = origin == SITE
            || host.as_deref().is_some_and(|h| origin == format!("https://{h}") || origin == format!("http://{h}"));
        prop_assert_eq!(trusted, ours, "Origin {:?}, Host {:?}", origin, host);
    }

    /// The browser's own word wins: only `same-origin` (our pages) and
    /// `none` (typed or bookmarked) pass, whatever the Origin says.
    #[test]
    fn sec_fetch_site_decides_when_present(
        fetch_site in prop_oneof![
            prop::sample::select(vec!["same-origin", "none", "same-site", "cross-site", "", "Same-Origin"]).prop_map(str::to_owned),
            "[a-z-]{0,12}",
        ],
        origin in prop::option::of(prop::sample::select(vec![SITE, "https://evil.example", "null"])),
    ) {
        let origins = SiteOrigins { configured: SITE.to_owned() };
        let trusted = same_site(&csrf_headers(origin, Some("news.example.org"), Some(&fetch_site)), &origins);
        prop_assert_eq!(trusted, matches!(fetch_site.as_str(), "same-origin" | "none"));
    }
}

#[test]
fn a_request_with_neither_header_is_not_trusted() {
    let origins = SiteOrigins {
        configured: SITE.to_owned(),
    };
    assert!(!same_site(
        &csrf_headers(None, Some("news.example.org"), None),
        &origins
    ));
}

// ------------------------------------------------------- page cache keys

const SESSION: &str = "__Host-khabar_session";

/// Request targets for pages and near misses, with query strings.
fn target() -> BoxedStrategy<String> {
    let lang = prop_oneof![
        4 => prop::sample::select(Lang::ALL.to_vec()).prop_map(|l| l.code().to_owned()),
        1 => prop::sample::select(vec!["xx", "EN", "", "fa-AF", "%65n"]).prop_map(str::to_owned),
    ];
    let rest = prop::sample::select(vec![
        "",
        "about",
        "offline",
        "videos",
        "photos",
        "search",
        "account",
        "article/a-b",
        "article/",
        "article/a/b",
        "category/world",
        "category/",
        "category/sport/feed.xml",
        "feed.xml",
        "about/",
        "Videos",
    ]);
    let query = prop_oneof![
        Just(String::new()),
        "\\?page=[0-9]{1,6}",
        "\\?(page|q|x|PAGE|page%3D)=[0-9a-z%+-]{0,6}(&(page|q|x)=[0-9a-z]{0,4}){0,2}",
        "\\?[&=]{0,3}",
    ];
    (lang, rest, query)
        .prop_map(|(lang, rest, query)| format!("/{lang}/{rest}{query}"))
        .boxed()
}

fn request_headers(cookie: &str, extra: &[(&'static str, String)]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(cookie) {
        headers.insert("cookie", value);
    }
    for (name, value) in extra {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(*name, value);
        }
    }
    headers
}

proptest! {
    #![proptest_config(config(1024))]

    /// A page kept in the cache is rendered from the very address it is
    /// kept under: the fill request, read again, gives the same key. Only
    /// anonymous GETs and HEADs are kept.
    #[test]
    fn a_cached_page_is_rendered_from_its_own_key(
        method in prop::sample::select(vec![Method::GET, Method::HEAD, Method::POST, Method::PUT, Method::OPTIONS]),
        target in target(),
        cookie in prop_oneof![
            Just(String::new()),
            Just("lite=1".to_owned()),
            Just("lang=fa; lite=0".to_owned()),
            Just(format!("{SESSION}=x")),
            Just(format!("a=b; {SESSION}=")),
            "[a-z]{1,5}=[a-z0-9]{0,5}",
        ],
    ) {
        let Ok(uri) = target.parse::<Uri>() else {
            return Ok(());
        };
        let headers = request_headers(&cookie, &[]);
        let Some(key) = PageKey::of(&method, &uri, &headers, SESSION) else {
            return Ok(());
        };
        prop_assert!(method == Method::GET || method == Method::HEAD);
        prop_assert!(!cookie.contains(&format!("{SESSION}=")), "{cookie:?}");
        let fill = key.fill_request();
        prop_assert_eq!(fill.uri().path(), uri.path());
        prop_assert_eq!(PageKey::of(&Method::GET, fill.uri(), fill.headers(), SESSION), Some(key));
    }

    /// The key holds only what changes the page: the reader's Host,
    /// languages, forwarded headers, other cookies and other query
    /// parameters never make two keys (or poison one).
    #[test]
    fn the_key_ignores_what_does_not_change_the_page(
        target in target(),
        host in "[a-z]{1,8}\\.example",
        accept_language in "[a-z]{2}(-[A-Z]{2})?",
        other_cookie in "[a-z]{1,5}=[a-z0-9]{0,5}",
        other_param in "[a-oq-z]{1,4}=[a-z0-9]{0,4}",
    ) {
        let Ok(uri) = target.parse::<Uri>() else {
            return Ok(());
        };
        prop_assume!(!other_cookie.starts_with("lite="));
        let plain = PageKey::of(&Method::GET, &uri, &HeaderMap::new(), SESSION);
        let joiner = if target.contains('?') { '&' } else { '?' };
        let Ok(with_param) = format!("{target}{joiner}{other_param}").parse::<Uri>() else {
            return Ok(());
        };
        let headers = request_headers(&other_cookie, &[
            ("host", host),
            ("accept-language", accept_language),
            ("x-forwarded-for", "203.0.113.9".to_owned()),
        ]);
        prop_assert_eq!(PageKey::of(&Method::GET, &with_param, &headers, SESSION), plain);
    }
}
