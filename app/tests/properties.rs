//! Property tests for every parser of outside input in the app crate: what
//! arrives in URLs, query strings, cookies, headers and form fields. Each
//! parser is fed arbitrary text, near misses of valid input (one character
//! changed) and generated valid input, and must never panic, accept only
//! values that meet its documented rules, give back what it accepted
//! unchanged (`parse(x.as_str()) == x`), and refuse the known-bad classes.
//!
//! Server-only parsers (passwords, session tokens, search queries, cookies
//! read from a request, the reading list a browser hands over) are in the
//! `server_side` module at the end, built with `--features ssr`.

// Host only: see the dev-dependencies in Cargo.toml.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::FileFailurePersistence;

use app::domain::{
    ArticleKind, Category, DisplayName, EmailAddress, Lang, PageNumber, ParseError, Slug,
};
use app::error::{AppError, Problem};
use app::routes;

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

// ------------------------------------------------------------ generators

/// One small edit to `valid`: the near misses a parser must tell apart
/// from the real thing.
fn mutate(valid: &str, op: u8, at: Index, c: char) -> String {
    let mut chars: Vec<char> = valid.chars().collect();
    let i = at.index(chars.len() + 1);
    match op % 8 {
        0 => chars.insert(i, c),
        1 if i < chars.len() => {
            chars.remove(i);
        }
        2 if i < chars.len() => chars[i] = c,
        3 => return valid.to_uppercase(),
        4 => return format!(" {valid}"),
        5 => return format!("{valid}\n"),
        6 => return format!("{valid}{valid}"),
        _ => chars.push(c),
    }
    chars.into_iter().collect()
}

/// Characters that break parsers: separators, controls, bidi overrides,
/// look-alikes and multi-byte letters.
fn tricky_char() -> BoxedStrategy<char> {
    prop_oneof![
        prop::sample::select(vec![
            '-',
            '_',
            '.',
            '/',
            '\\',
            '%',
            '@',
            ' ',
            '\t',
            '\n',
            '\r',
            '\0',
            '\u{7f}',
            ';',
            ',',
            '=',
            '"',
            '\'',
            '<',
            '>',
            '+',
            '0',
            'A',
            'Z',
            '\u{202E}',
            '\u{2066}',
            '\u{200B}',
            '\u{00A0}',
            '\u{3000}',
            'ı',
            'İ',
            'ß',
            'خ',
            'ی',
            'ё',
            'é',
            '\u{FEFF}',
            '\u{1F600}',
        ]),
        any::<char>(),
    ]
    .boxed()
}

/// Valid input, near misses of it, and anything at all.
fn around(valid: BoxedStrategy<String>) -> BoxedStrategy<String> {
    let near = (valid.clone(), any::<u8>(), any::<Index>(), tricky_char())
        .prop_map(|(s, op, at, c)| mutate(&s, op, at, c));
    prop_oneof![3 => valid, 4 => near, 2 => any::<String>(), 1 => "\\PC{0,12}"].boxed()
}

fn lang() -> BoxedStrategy<Lang> {
    prop::sample::select(Lang::ALL.to_vec()).boxed()
}

fn lang_code() -> BoxedStrategy<String> {
    lang().prop_map(|l| l.code().to_owned()).boxed()
}

/// Words of lowercase letters and digits joined by single hyphens, at most
/// `Slug::MAX_LEN` bytes: what a slug is documented to be.
fn clean_slug() -> BoxedStrategy<String> {
    "[a-z0-9]{1,12}(-[a-z0-9]{1,12}){0,10}"
        .prop_filter("within the length limit", |s| s.len() <= Slug::MAX_LEN)
        .boxed()
}

/// The slug rules restated independently of the implementation.
fn is_clean_slug(s: &str) -> bool {
    (1..=Slug::MAX_LEN).contains(&s.len())
        && s.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Flips the case of the ASCII letters picked by `mask`.
fn random_case(s: &str, mask: u64) -> String {
    s.chars()
        .enumerate()
        .map(|(i, c)| {
            if (mask >> (i % 64)) & 1 == 1 {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

// ---------------------------------------------------------- languages

proptest! {
    #![proptest_config(config(512))]

    /// A URL's language segment names one of the nine languages exactly
    /// (case and all), and the language gives back that very code.
    #[test]
    fn language_codes_parse_only_as_the_nine_codes_and_round_trip(raw in around(lang_code())) {
        let listed = Lang::ALL.into_iter().find(|l| l.code() == raw);
        let parsed = Lang::parse(&raw);
        prop_assert_eq!(parsed.clone().ok(), listed);
        match parsed {
            Ok(lang) => {
                prop_assert_eq!(lang.code(), raw.as_str());
                prop_assert_eq!(lang.to_string(), raw);
            }
            Err(e) => prop_assert_eq!(e, ParseError::UnknownLang),
        }
    }

    /// Whatever a browser sends as Accept-Language, the language chosen
    /// (if any) is one the header names with a quality above zero.
    #[test]
    fn accept_language_never_invents_a_language(header in around(
        "([a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,4})?(;q=[01](\\.[0-9]{1,3})?)?, ?){0,4}".boxed()
    )) {
        if let Some(lang) = Lang::from_accept_language(&header) {
            let named = header.split(',').any(|item| {
                let tag = item.split(';').next().unwrap_or("").trim();
                let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
                primary == lang.code() || (lang == Lang::Fa && primary == "prs")
            });
            prop_assert!(named, "{lang} is not in {header:?}");
        }
    }

    /// With well-formed items, the supported language with the highest
    /// quality wins (the first of equals); region subtags, letter case and
    /// `prs` (Dari) do not matter; `q=0` means "not this one".
    #[test]
    fn accept_language_picks_the_best_supported_language(items in prop::collection::vec(
        (
            prop_oneof![lang_code(), prop::sample::select(vec!["prs", "ja", "zh", "xx", "tr", "uz"]).prop_map(str::to_owned)],
            prop::option::of("[A-Z]{2}"),
            prop::option::of(0u16..=1000),
            any::<u64>(),
        ),
        0..6,
    )) {
        let header = items
            .iter()
            .map(|(tag, region, q, case)| {
                let mut item = random_case(tag, *case);
                if let Some(region) = region {
                    item.push('-');
                    item.push_str(region);
                }
                if let Some(q) = q {
                    item.push_str(&format!(";q={}.{:03}", q / 1000, q % 1000));
                }
                item
            })
            .collect::<Vec<_>>()
            .join(", ");
        let mut expected: Option<(Lang, u16)> = None;
        for (tag, _, q, _) in &items {
            let q = q.unwrap_or(1000);
            let code = if tag == "prs" { "fa" } else { tag.as_str() };
            if let Some(lang) = Lang::ALL.into_iter().find(|l| l.code() == code)
                && q > 0
                && expected.is_none_or(|(_, best)| q > best)
            {
                expected = Some((lang, q));
            }
        }
        prop_assert_eq!(Lang::from_accept_language(&header), expected.map(|(l, _)| l), "{}", header);
    }
}

// --------------------------------------------------- slugs, sections, kinds

proptest! {
    #![proptest_config(config(1024))]

    /// A slug is accepted exactly when it meets the documented rules, and
    /// an accepted slug is the input itself.
    #[test]
    fn slugs_are_accepted_exactly_when_well_formed(raw in around(clean_slug())) {
        match Slug::parse(&raw) {
            Ok(slug) => {
                prop_assert!(is_clean_slug(&raw), "accepted {raw:?}");
                prop_assert_eq!(slug.as_str(), raw.as_str());
                prop_assert_eq!(slug.to_string(), raw.clone());
                prop_assert_eq!(Slug::parse(slug.as_str()), Ok(slug.clone()));
            }
            Err(e) => {
                prop_assert!(!is_clean_slug(&raw), "refused {raw:?}");
                prop_assert_eq!(e, ParseError::BadSlug);
            }
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// Over-long slugs are refused even when every character is allowed.
    #[test]
    fn slugs_longer_than_the_limit_are_refused(raw in "[a-z0-9]{121,400}") {
        prop_assert_eq!(Slug::parse(&raw), Err(ParseError::BadSlug));
    }

    /// Slugs arriving in JSON (server fn arguments, the browser's saved
    /// list) are checked by the same rules.
    #[test]
    fn slugs_read_from_json_are_checked_too(raw in around(clean_slug())) {
        let json = serde_json::to_string(&raw).expect("a string encodes");
        let read = serde_json::from_str::<Slug>(&json);
        prop_assert_eq!(read.is_ok(), is_clean_slug(&raw));
        if let Ok(slug) = read {
            prop_assert_eq!(serde_json::to_string(&slug).expect("encodes"), json);
        }
    }

    /// Sections and story kinds accept exactly their own names.
    #[test]
    fn sections_and_kinds_accept_only_their_names(raw in around(prop_oneof![
        prop::sample::select(Category::ALL.to_vec()).prop_map(|c| c.slug().to_owned()),
        prop::sample::select(ArticleKind::ALL.to_vec()).prop_map(|k| k.as_str().to_owned()),
    ].boxed())) {
        let section = Category::ALL.into_iter().find(|c| c.slug() == raw);
        prop_assert_eq!(Category::parse(&raw).ok(), section);
        let kind = ArticleKind::ALL.into_iter().find(|k| k.as_str() == raw);
        prop_assert_eq!(ArticleKind::parse(&raw).ok(), kind);
    }
}

// ---------------------------------------------------------- page numbers

proptest! {
    #![proptest_config(config(1024))]

    /// An accepted `?page=` is the plain decimal form of a page between 1
    /// and the maximum: one spelling per page, so one cache entry per page.
    #[test]
    fn page_numbers_accept_only_canonical_numbers_in_range(raw in around(
        prop_oneof![
            (1..=PageNumber::MAX).prop_map(|n| n.to_string()),
            any::<u64>().prop_map(|n| n.to_string()),
            any::<i64>().prop_map(|n| n.to_string()),
        ].boxed()
    )) {
        match PageNumber::parse(Some(&raw)) {
            Ok(page) => {
                prop_assert!((1..=PageNumber::MAX).contains(&page.get()));
                prop_assert_eq!(page.get().to_string(), raw);
            }
            Err(e) => {
                prop_assert_eq!(e, ParseError::BadPage);
                let canonical = raw
                    .parse::<u32>()
                    .is_ok_and(|n| (1..=PageNumber::MAX).contains(&n) && n.to_string() == raw);
                prop_assert!(!canonical, "refused {raw:?}");
            }
        }
    }

    /// Every page reads back and its offset never overflows.
    #[test]
    fn every_page_reads_back_with_its_offset(n in 1..=PageNumber::MAX, per_page in any::<u32>()) {
        let page = PageNumber::parse(Some(&n.to_string())).expect("a page in range");
        prop_assert_eq!(page.get(), n);
        prop_assert_eq!(page.offset(per_page), u64::from(n - 1) * u64::from(per_page));
    }

    /// Zero, leading zeros, signs, spaces and numbers past the maximum are
    /// refused.
    #[test]
    fn padded_signed_and_out_of_range_pages_are_refused(
        n in 0u64..=u64::MAX,
        form in 0u8..5,
    ) {
        let raw = match form {
            0 => format!("0{n}"),
            1 => format!("+{n}"),
            2 => format!("-{n}"),
            3 => format!(" {n}"),
            _ => (u64::from(PageNumber::MAX) + 1 + n % 1_000_000_000).to_string(),
        };
        prop_assert_eq!(PageNumber::parse(Some(&raw)), Err(ParseError::BadPage), "{}", raw);
    }
}

#[test]
fn a_missing_page_is_the_first() {
    assert_eq!(PageNumber::parse(None), Ok(PageNumber::FIRST));
}

// ---------------------------------------------------------- form fields

/// Addresses of the shape every mail system takes, in any letter case.
fn plain_email() -> BoxedStrategy<String> {
    "[a-z0-9][a-z0-9._%+-]{0,20}@[a-z0-9][a-z0-9-]{0,15}(\\.[a-z0-9]{1,10}){1,3}".boxed()
}

proptest! {
    #![proptest_config(config(1024))]

    /// An accepted email address is trimmed, lower-cased, within the
    /// length limits, has one `@` before a dotted domain and nothing that
    /// could split a header or a list; parsing it again gives it back.
    #[test]
    fn accepted_emails_meet_the_rules_and_read_back(raw in around(plain_email())) {
        let Ok(email) = EmailAddress::parse(&raw) else {
            return Ok(());
        };
        let address = email.as_str();
        prop_assert_eq!(address.to_owned(), raw.trim().to_lowercase());
        prop_assert!(address.len() <= EmailAddress::MAX_LEN);
        let (local, domain) = address.split_once('@').expect("one @");
        prop_assert!(!local.is_empty() && local.len() <= 64, "{address:?}");
        prop_assert!(!domain.contains('@'), "{address:?}");
        prop_assert!(domain.split('.').count() >= 2, "{address:?}");
        prop_assert!(domain.split('.').all(|label| !label.is_empty()), "{address:?}");
        prop_assert!(
            !address.chars().any(|c| c.is_whitespace() || c.is_control() || "<>,;".contains(c)),
            "{address:?}"
        );
        prop_assert_eq!(EmailAddress::parse(address), Ok(email.clone()));
    }

    /// Ordinary addresses are accepted whatever their case and surrounding
    /// spaces, as one account per mailbox.
    #[test]
    fn ordinary_emails_are_accepted_in_any_case(raw in plain_email(), case in any::<u64>(), pad in "[ \t]{0,3}") {
        let typed = format!("{pad}{}{pad}", random_case(&raw, case));
        let email = EmailAddress::parse(&typed).expect("an ordinary address");
        prop_assert_eq!(email.as_str(), raw.as_str());
    }

    /// The known-bad shapes are refused: no `@` or two, no dotted domain,
    /// empty labels, spaces, controls and the characters that split lists.
    #[test]
    fn malformed_emails_are_refused(raw in plain_email(), at in any::<Index>(), bad in prop::sample::select(vec![
        ' ', '\t', '\n', '\0', '\u{1b}', '<', '>', ',', ';', '@', '\u{2028}', '\u{00A0}',
    ]), form in 0u8..6) {
        let (local, domain) = raw.split_once('@').expect("generated with one @");
        let broken = match form {
            0 => {
                // A bad character anywhere inside.
                let mut chars: Vec<char> = raw.chars().collect();
                chars.insert(1 + at.index(chars.len() - 1), bad);
                chars.into_iter().collect()
            }
            1 => format!("{local}{domain}"),
            2 => format!("{local}@{}", domain.replace('.', "")),
            3 => format!("{local}@.{domain}"),
            4 => format!("{local}@{domain}."),
            _ => format!("{local}@{}", domain.replacen('.', "..", 1)),
        };
        prop_assert_eq!(EmailAddress::parse(&broken), Err(ParseError::BadEmail), "{:?}", broken);
    }

    /// An accepted display name is 1 to 60 characters of words separated
    /// by single spaces, with no control or bidi override characters, and
    /// reads back as itself.
    #[test]
    fn accepted_display_names_are_tidy_and_read_back(raw in around(
        "[\\p{L}\\p{N} ]{1,70}".boxed()
    )) {
        let Ok(name) = DisplayName::parse(&raw) else {
            return Ok(());
        };
        let text = name.as_str();
        prop_assert!((1..=DisplayName::MAX_CHARS).contains(&text.chars().count()), "{text:?}");
        prop_assert_eq!(text.trim(), text);
        prop_assert!(!text.contains("  "), "{text:?}");
        prop_assert!(text.chars().all(|c| c == ' ' || !c.is_whitespace()), "{text:?}");
        prop_assert!(
            !text.chars().any(|c| c.is_control()
                || ('\u{202A}'..='\u{202E}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)),
            "{text:?}"
        );
        prop_assert_eq!(DisplayName::parse(text), Ok(name.clone()));
    }

    /// Names in any script keep their words; runs of any white space
    /// between them become one space.
    #[test]
    fn display_names_keep_their_words(
        words in prop::collection::vec("[\\p{L}]{1,8}", 1..6),
        gaps in prop::collection::vec(prop::sample::select(vec![" ", "  ", "\t", "\u{00A0}", "\u{3000}", " \n "]), 6),
    ) {
        let joined = words.join(" ");
        prop_assume!(joined.chars().count() <= DisplayName::MAX_CHARS);
        let mut typed = String::from(gaps[0]);
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                typed.push_str(gaps[i]);
            }
            typed.push_str(word);
        }
        typed.push_str(gaps[5]);
        prop_assert_eq!(DisplayName::parse(&typed).map(|n| n.as_str().to_owned()), Ok(joined));
    }

    /// A control or bidi override character inside a name is refused: it
    /// could reorder the text around the name where it is shown.
    #[test]
    fn display_names_with_controls_or_overrides_are_refused(
        name in "[\\p{L}]{1,20}",
        at in any::<Index>(),
        bad in prop::sample::select(vec![
            '\u{0}', '\u{7}', '\u{1b}', '\u{7f}', '\u{9b}', '\u{202A}', '\u{202B}', '\u{202C}',
            '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
        ]),
    ) {
        let mut chars: Vec<char> = name.chars().collect();
        chars.insert(at.index(chars.len() + 1), bad);
        let typed: String = chars.into_iter().collect();
        prop_assert_eq!(DisplayName::parse(&typed), Err(ParseError::BadDisplayName), "{:?}", typed);
    }
}

// ------------------------------------------------ paths and query strings

/// Paths as a client might send them: ours, near misses, tricks.
fn any_path() -> BoxedStrategy<String> {
    let ours = (lang(), clean_slug(), 0u8..8).prop_map(|(lang, slug, which)| match which {
        0 => routes::home(lang),
        1 => routes::article(lang, &slug),
        2 => routes::category(lang, Category::World),
        3 => routes::search(lang),
        4 => routes::offline(lang),
        5 => format!("/{lang}"),
        6 => routes::feed(lang),
        _ => routes::account(lang),
    });
    let tricks = prop::sample::select(vec![
        "",
        "/",
        "//",
        "///en/",
        "/en//",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil",
        "/en/article/",
        "/en/article//x",
        "/../en/",
        "/%2e%2e/",
        "/en%2F",
        "https://evil.example/",
        "/EN/",
        "/en ",
        " /en",
        "/xx/offline",
        "/offline",
        "/en/offline/x",
        "javascript:alert(1)",
        "/\t/evil.example",
        "/\n/x",
        "/\u{3000}/x",
        "/\u{FF0F}evil.example",
    ])
    .prop_map(str::to_owned);
    around(prop_oneof![ours, tricks].boxed())
}

/// Percent-decodes `%XX` triplets; `None` when a `%` is not followed by
/// two hex digits.
fn percent_decode(encoded: &str) -> Option<Vec<u8>> {
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = encoded.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Whether a browser on one of our pages, following `address` (a link or
/// a redirect's Location), stays on this site. An address no URL parser
/// accepts goes nowhere, which is also staying.
fn stays_on_site(address: &str) -> bool {
    let base = url::Url::parse("https://news.example.org/en/sign-in").expect("a valid base");
    base.join(address).ok().is_none_or(|target| {
        target.scheme() == "https"
            && target.host_str() == Some("news.example.org")
            && target.port().is_none()
    })
}

/// The value of the first query parameter `name`, decoded as a browser or
/// a server decodes a query string.
fn query_param(address: &str, name: &str) -> Option<String> {
    let url = url::Url::parse("https://news.example.org")
        .and_then(|base| base.join(address))
        .ok()?;
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

proptest! {
    #![proptest_config(config(1024))]

    /// The path's language is its first segment, exactly one of the codes.
    #[test]
    fn the_language_of_a_path_is_its_first_segment(path in any_path()) {
        let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
        let listed = Lang::ALL.into_iter().find(|l| l.code() == first);
        prop_assert_eq!(routes::lang_in_path(&path), listed);
        prop_assert_eq!(routes::lang_of_path(&path), listed.unwrap_or(Lang::DEFAULT));
        let bare = Lang::ALL.into_iter().find(|l| path == format!("/{}", l.code()));
        prop_assert_eq!(routes::bare_language(&path), bare);
    }

    /// The article pages built for links are recognised with their slug;
    /// anything recognised is exactly `/{lang}/article/{slug}`.
    #[test]
    fn article_paths_read_back_and_nothing_else_is_one(lang in lang(), slug in clean_slug(), path in any_path()) {
        prop_assert_eq!(
            routes::article_key(&routes::article(lang, &slug)),
            Some((lang.code().to_owned(), slug))
        );
        if let Some((code, slug)) = routes::article_key(&path) {
            prop_assert!(!slug.is_empty() && !slug.contains('/') && !code.contains('/'));
            prop_assert_eq!(path.trim_start_matches('/'), format!("{code}/article/{slug}"));
        }
    }

    /// A path that forms send readers back to stays on this site however a
    /// browser resolves it: no other host, no other scheme.
    #[test]
    fn local_return_paths_never_leave_the_site(path in any_path()) {
        if let Some(back) = routes::local_return(&path) {
            prop_assert_eq!(back, path.as_str());
            prop_assert!(stays_on_site(back), "{back:?}");
        }
    }

    /// Switching languages always lands on a page of the chosen language on
    /// this site, whatever path it started from.
    #[test]
    fn switching_language_lands_in_that_language(path in any_path(), to in lang()) {
        let switched = routes::switch_language(&path, to);
        prop_assert!(switched.starts_with(&routes::home(to)), "{switched:?}");
        prop_assert_eq!(routes::lang_in_path(&switched), Some(to));
        prop_assert!(stays_on_site(&switched), "{switched:?}");
    }

    /// Only `/{anything}/offline` is an offline page.
    #[test]
    fn offline_pages_are_exactly_two_segments(path in any_path()) {
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        prop_assert_eq!(
            routes::is_offline_page(&path),
            segments.len() == 2 && segments[1] == "offline"
        );
    }

    /// Sitemap and strings file names name a language exactly.
    #[test]
    fn file_names_name_a_language_exactly(file in around(
        (lang_code(), prop::sample::select(vec![".xml", ".json"])).prop_map(|(c, e)| format!("{c}{e}")).boxed()
    )) {
        let by_ext = |ext: &str| Lang::ALL.into_iter().find(|l| file == format!("{}{ext}", l.code()));
        prop_assert_eq!(routes::sitemap_lang(&file), by_ext(".xml"));
        prop_assert_eq!(routes::texts_lang(&file), by_ext(".json"));
    }

    /// A query suffix has exactly one leading `?`, or is empty.
    #[test]
    fn query_suffixes_have_one_question_mark(search in "[?]{0,3}\\PC{0,10}") {
        let suffix = routes::query_suffix(&search);
        let rest = search.trim_start_matches('?');
        if rest.is_empty() {
            prop_assert_eq!(suffix, "");
        } else {
            prop_assert_eq!(suffix, format!("?{rest}"));
        }
    }

    /// Encoded query values use only unreserved characters and `%XX`, and
    /// decode to the very bytes they came from.
    #[test]
    fn encoded_values_decode_to_themselves(value in any::<String>()) {
        let encoded = routes::url_encode(&value);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        prop_assert_eq!(percent_decode(&encoded), Some(value.into_bytes()));
    }

    /// Links that carry a reader's words (search, sign-in-then, reset link)
    /// give them back exactly when the server reads the query.
    #[test]
    fn links_carry_their_values_exactly(lang in lang(), value in any::<String>(), page in any::<u32>()) {
        let search = routes::search_results(lang, &value, page);
        prop_assert_eq!(query_param(&search, routes::param::QUERY), Some(value.clone()));
        prop_assert_eq!(query_param(&search, routes::param::PAGE), Some(page.to_string()));
        let next = routes::sign_in_then(lang, &value);
        prop_assert_eq!(query_param(&next, routes::param::NEXT), Some(value.clone()));
        let reset = routes::reset_link(lang, &value);
        prop_assert_eq!(query_param(&reset, routes::param::TOKEN), Some(value));
    }

    /// A form's `?error=` code reads back as the problem that wrote it, and
    /// nothing else reads as one: each problem has one spelling.
    #[test]
    fn error_codes_read_back_and_only_canonical_codes_parse(raw in around(
        prop_oneof![
            prop::sample::select(Problem::ALL.to_vec()).prop_map(|p| p.code()),
            any::<u32>().prop_map(|m| format!("too-many-{m}")),
            "(too-many|slow-down)-[+0-9]{1,6}",
        ].boxed()
    )) {
        if let Some(problem) = Problem::from_code(&raw) {
            prop_assert_eq!(problem.code(), raw.clone());
            if let Problem::TooManyAttempts { minutes } = problem {
                prop_assert!((1..=24 * 60).contains(&minutes));
            }
        }
    }
}

#[test]
fn every_error_code_reads_back() {
    for problem in Problem::ALL {
        assert_eq!(Problem::from_code(&problem.code()), Some(problem));
    }
    for minutes in 1..=24 * 60 {
        let problem = Problem::TooManyAttempts { minutes };
        assert_eq!(Problem::from_code(&problem.code()), Some(problem));
    }
}

// --------------------------------------------------------------- cookies

/// A cookie name as browsers send them, including ours and near misses.
fn cookie_name() -> BoxedStrategy<String> {
    prop_oneof![
        prop::sample::select(vec![
            routes::LANG_COOKIE,
            routes::LITE_COOKIE,
            "notlite",
            "lite_",
            "Lite",
            "khabar_session",
            "__Host-khabar_session",
            "__Host-khabar_session_x",
        ])
        .prop_map(str::to_owned),
        "[A-Za-z0-9_-]{1,10}",
    ]
    .boxed()
}

/// Cookie values: RFC 6265 cookie-octets (no space, quote, comma,
/// semicolon or backslash), `=` included.
fn cookie_value() -> BoxedStrategy<String> {
    "[!#-+\\-./0-9:<-\\[\\]-~]{0,16}".boxed()
}

fn cookie_header() -> BoxedStrategy<(Vec<(String, String)>, String)> {
    (
        prop::collection::vec((cookie_name(), cookie_value()), 0..6),
        prop::sample::select(vec![";", "; ", " ;  "]),
    )
        .prop_map(|(pairs, separator)| {
            let header = pairs
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join(separator);
            (pairs, header)
        })
        .boxed()
}

proptest! {
    #![proptest_config(config(1024))]

    /// In a well-formed Cookie header, a cookie's value is that of its
    /// first pair with exactly that name (never `notlite` for `lite`).
    #[test]
    fn cookies_are_found_by_their_exact_name((pairs, header) in cookie_header(), name in cookie_name()) {
        let expected = pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str());
        prop_assert_eq!(routes::cookie_in(&header, &name), expected);
    }

    /// In any header text, a value found is one the header holds after
    /// `name=`, and never runs into the next pair.
    #[test]
    fn cookie_values_never_run_past_their_pair(header in any::<String>(), name in cookie_name()) {
        if let Some(value) = routes::cookie_in(&header, &name) {
            prop_assert!(!value.contains(';'));
            let pair = format!("{name}={value}");
            prop_assert!(header.contains(&pair));
        }
    }

    /// The remembered language and data-saver choice read back from the
    /// cookies the site sets, among other cookies.
    #[test]
    fn the_sites_own_cookies_read_back((_, others) in cookie_header(), lang in lang(), lite in any::<bool>()) {
        let first_pair = |set: String| set.split(';').next().unwrap_or_default().to_owned();
        let header = format!(
            "{}; {}; {others}",
            first_pair(routes::lang_cookie(lang)),
            first_pair(routes::lite_cookie(lite))
        );
        prop_assert_eq!(routes::cookie_in(&header, routes::LANG_COOKIE), Some(lang.code()));
        let lite_value = if lite { "1" } else { "0" };
        prop_assert_eq!(routes::cookie_in(&header, routes::LITE_COOKIE), Some(lite_value));
    }

    /// Only a Set-Cookie for the session cookie itself counts as one: not
    /// another cookie whose name merely starts or ends like it.
    #[test]
    fn only_the_session_cookie_is_the_session_cookie(
        secure in any::<bool>(),
        token in "[A-Za-z0-9_-]{43}",
        max_age in any::<i64>(),
        prefix in "[A-Za-z_-]{0,3}",
        suffix in "[A-Za-z0-9_-]{0,3}",
    ) {
        let policy = routes::CookiePolicy { secure };
        let set = policy.set(&token, max_age);
        prop_assert!(policy.is_session_cookie(&set));
        prop_assert!(policy.is_session_cookie(&policy.clear()));
        prop_assert_eq!(
            routes::cookie_in(set.split(';').next().unwrap_or_default(), policy.name()),
            Some(token.as_str())
        );
        let other = format!("{prefix}{}{suffix}={token}", policy.name());
        prop_assert_eq!(policy.is_session_cookie(&other), prefix.is_empty() && suffix.is_empty());
    }
}

// -------------------------------------------------------- JSON from the wire

proptest! {
    #![proptest_config(config(256))]

    /// Answers and errors decoded from the wire never panic on any text,
    /// and every error reads back as it was written.
    #[test]
    fn wire_json_never_panics_and_errors_read_back(
        text in prop_oneof!["\\PC{0,40}", any::<String>(), "[\\[\\]{}\":,0-9a-zA-Z ]{0,40}"],
        detail in any::<String>(),
        minutes in any::<u32>(),
        problem in prop::sample::select(Problem::ALL.to_vec()),
    ) {
        let _ = app::codec::from_str::<Result<Vec<app::wire::SavedItem>, AppError>>(&text);
        let _ = app::codec::from_str::<AppError>(&text);
        for error in [
            AppError::NotFound,
            AppError::Transport(detail),
            AppError::Rejected(problem),
            AppError::Rejected(Problem::TooManyAttempts { minutes }),
        ] {
            let json = app::codec::to_string(&error).expect("encodes");
            prop_assert_eq!(app::codec::from_str::<AppError>(&json), Ok(error));
        }
    }
}

// ---------------------------------------------------------- server only

#[cfg(feature = "ssr")]
mod server_side {
    use super::*;

    use app::api::reading_list::ssr::merge_local;
    use app::ssr::accounts::password::{
        MAX_CHARS, MIN_CHARS, NewPassword, is_blank, length, normalise,
    };
    use app::ssr::accounts::session::SessionToken;
    use app::ssr::request::{cookie, lite_requested};
    use app::ssr::search::normalize::{highlight, normalize, tokens};
    use app::ssr::search::{MAX_QUERY_CHARS, SearchTerms};
    use app::wire::{MAX_SAVED, QueryProblem};

    // ------------------------------------------------------ passwords

    proptest! {
        #![proptest_config(config(512))]

        /// Length is counted in characters of the password's normal form
        /// (NFKC), leaving out those that draw nothing: under 8, or nothing
        /// but spaces, is too short, over 128 too long; anything between is
        /// accepted unless it is common.
        #[test]
        fn password_length_rules_count_characters(raw in prop_oneof![
            any::<String>(),
            "\\PC{0,140}",
            "[ب-ی]{6,10}",
            "[a-z]{120,135}",
        ]) {
            let normal = normalise(&raw);
            let outcome = NewPassword::parse(&raw, &[]).err();
            if length(&normal) < MIN_CHARS || is_blank(&normal) {
                prop_assert_eq!(outcome, Some(Problem::PasswordTooShort));
            } else if normal.chars().count() > MAX_CHARS {
                prop_assert_eq!(outcome, Some(Problem::PasswordTooLong));
            } else {
                prop_assert!(matches!(outcome, None | Some(Problem::PasswordTooCommon)), "{outcome:?}");
            }
        }

        /// Long random passwords in any script pass: no composition rules.
        #[test]
        fn random_long_passwords_are_accepted(raw in prop_oneof![
            "[ -~]{16,128}",
            "[\\p{L}\\p{N} ]{16,64}",
        ]) {
            prop_assert!(NewPassword::parse(&raw, &[]).is_ok(), "{raw:?}");
        }

        /// The account's own email, its local part or its name, in any
        /// letter case, is refused as too easy to guess.
        #[test]
        fn passwords_made_of_the_account_are_refused(
            local in "[a-z][a-z0-9.]{7,20}",
            domain in "[a-z]{2,10}\\.[a-z]{2,4}",
            name in "[a-z]{8,20}",
            case in any::<u64>(),
            which in 0u8..3,
        ) {
            let email = format!("{local}@{domain}");
            let guess = match which {
                0 => random_case(&email, case),
                1 => random_case(&local, case),
                _ => random_case(&name, case),
            };
            prop_assert_eq!(
                NewPassword::parse(&guess, &[email.as_str(), name.as_str()]).err(),
                Some(Problem::PasswordTooCommon),
                "{}", guess
            );
        }

        /// Common passwords are refused in any letter case.
        #[test]
        fn common_passwords_are_refused_in_any_case(
            common in prop::sample::select(vec!["password", "12345678", "qwertyuiop", "iloveyou"]),
            case in any::<u64>(),
        ) {
            prop_assert_eq!(
                NewPassword::parse(&random_case(common, case), &[]).err(),
                Some(Problem::PasswordTooCommon)
            );
        }
    }

    // ------------------------------------- session cookies and reset tokens

    /// Tokens as the server hands them out, and near misses.
    fn token_like() -> BoxedStrategy<String> {
        around(
            prop_oneof![
                4 => "[A-Za-z0-9_-]{43}",
                1 => "[A-Za-z0-9_-]{40,46}",
                1 => "[A-Za-z0-9+/=]{43}",
            ]
            .boxed(),
        )
    }

    proptest! {
        #![proptest_config(config(1024))]

        /// A session cookie or reset token is accepted exactly when it has
        /// the shape the server hands out (43 base64url characters), and
        /// is then the input itself with a 64-hex-digit digest.
        #[test]
        fn tokens_are_accepted_exactly_in_the_shape_handed_out(raw in token_like()) {
            let shaped = raw.len() == 43
                && raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            match SessionToken::parse(&raw) {
                Some(token) => {
                    prop_assert!(shaped, "accepted {raw:?}");
                    prop_assert_eq!(token.as_str(), raw.as_str());
                    prop_assert_eq!(SessionToken::parse(token.as_str()), Some(token.clone()));
                    let digest = token.digest();
                    prop_assert_eq!(digest.len(), 64);
                    prop_assert!(digest.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
                    prop_assert_eq!(digest, token.digest());
                }
                None => prop_assert!(!shaped, "refused {raw:?}"),
            }
        }

        /// A session token set by the server comes back from the request's
        /// Cookie headers, among other cookies and other Cookie headers.
        #[test]
        fn the_session_cookie_reads_back_from_a_request(
            secure in any::<bool>(),
            (_, before) in cookie_header(),
            (_, after) in cookie_header(),
            split in any::<bool>(),
        ) {
            let token = SessionToken::generate();
            let policy = routes::CookiePolicy { secure };
            let pair = policy.set(token.as_str(), 60);
            let pair = pair.split(';').next().unwrap_or_default();
            prop_assume!(!before.contains(policy.name()));
            let mut headers = http::HeaderMap::new();
            let mut add = |value: String| {
                if let Ok(value) = http::HeaderValue::from_str(&value) {
                    headers.append(http::header::COOKIE, value);
                }
            };
            if split {
                add(before);
                add(format!("{pair}; {after}"));
            } else {
                add(format!("{before}; {pair}; {after}"));
            }
            let found = cookie(&headers, policy.name());
            prop_assert_eq!(found, Some(token.as_str()));
            prop_assert_eq!(found.and_then(SessionToken::parse), Some(token));
        }

        /// Data saver: the reader's own `lite` cookie decides (`1` on,
        /// anything else off); without one, `Save-Data: on` in any case.
        #[test]
        fn data_saver_follows_the_cookie_then_save_data(
            (pairs, header) in cookie_header(),
            save_data in prop::option::of(prop::sample::select(vec!["on", "ON", " On ", "off", "", "1", "onn"])),
        ) {
            let mut headers = http::HeaderMap::new();
            if let Ok(value) = http::HeaderValue::from_str(&header) {
                headers.insert(http::header::COOKIE, value);
            }
            if let Some(value) = save_data {
                headers.insert("save-data", http::HeaderValue::from_static(value));
            }
            let cookie = pairs.iter().find(|(n, _)| n == routes::LITE_COOKIE).map(|(_, v)| v.as_str());
            let expected = match cookie {
                Some(value) => value == "1",
                None => save_data.is_some_and(|v| v.trim().eq_ignore_ascii_case("on")),
            };
            prop_assert_eq!(lite_requested(&headers), expected);
        }
    }

    // ------------------------------------------------------------ search

    /// Text in the site's scripts with the marks, joiners and punctuation
    /// readers paste, and FTS syntax.
    fn search_text() -> BoxedStrategy<String> {
        let piece = prop_oneof![
            "[a-zA-Z0-9]{1,8}",
            "[\\u{0600}-\\u{06FF}]{1,6}",
            "[\\u{0400}-\\u{04FF}]{1,6}",
            "[À-ɏ]{1,4}",
            prop::sample::select(vec![
                " ",
                "  ",
                "\t",
                "\n",
                "\u{200C}",
                "\u{200D}",
                "\u{0640}",
                "\u{064B}",
                "\u{0301}",
                "\u{0306}",
                "\u{0304}",
                "\u{202E}",
                "\u{FEFF}",
                "\"",
                "*",
                "-",
                "(",
                ")",
                ":",
                "^",
                "NEAR",
                "AND",
                "OR",
                "NOT",
                "\0",
                "،",
                "؟",
                "«",
                "»",
                "İ",
                "ß",
                "ẞ",
                "Ё",
                "и\u{0306}",
            ])
            .prop_map(str::to_owned),
        ];
        prop_oneof![
            4 => prop::collection::vec(piece, 0..40).prop_map(|p| p.concat()),
            1 => any::<String>(),
            1 => "\\PC{190,210}",
        ]
        .boxed()
    }

    proptest! {
        #![proptest_config(config(1024))]

        /// A query is refused only for being blank, too long or wordless;
        /// an accepted one holds 1 to 12 words of 1 to 64 letters or
        /// digits, already normalised, which is what the index holds.
        #[test]
        fn search_queries_become_clean_words_or_a_reason(raw in search_text()) {
            let trimmed = raw.trim();
            match SearchTerms::parse(&raw) {
                Ok(terms) => {
                    let words = terms.words();
                    prop_assert!((1..=12).contains(&words.len()), "{words:?}");
                    for word in words {
                        prop_assert!((1..=64).contains(&word.chars().count()), "{word:?}");
                        prop_assert!(word.chars().all(char::is_alphanumeric), "{word:?}");
                        prop_assert_eq!(normalize(word), word.clone());
                    }
                    prop_assert_eq!(words.to_vec(), tokens(&raw));
                }
                Err(QueryProblem::Empty) => prop_assert!(trimmed.is_empty()),
                Err(QueryProblem::TooLong) => {
                    prop_assert!(trimmed.chars().count() > MAX_QUERY_CHARS);
                }
                Err(QueryProblem::NoWords) => {
                    prop_assert!(!trimmed.is_empty() && tokens(&raw).is_empty());
                }
            }
        }

        /// Normalising twice changes nothing, and words come out separated
        /// by single spaces.
        #[test]
        fn normalising_is_idempotent_and_tidy(raw in search_text()) {
            let once = normalize(&raw);
            prop_assert_eq!(normalize(&once), once.clone());
            prop_assert_eq!(once.trim(), once.as_str());
            prop_assert!(!once.contains("  "), "{once:?}");
            prop_assert!(once.chars().all(|c| c == ' ' || c.is_alphanumeric()), "{once:?}");
        }

        /// Highlighting cuts the original text into pieces that join back
        /// to it exactly, never empty, marked and unmarked in turn.
        #[test]
        fn highlighting_keeps_the_text_exactly(
            text in search_text(),
            terms in prop::collection::vec(search_text(), 0..4),
        ) {
            let segments = highlight(&text, &terms);
            let joined: String = segments.iter().map(|(s, _)| s.as_str()).collect();
            prop_assert_eq!(joined, text);
            prop_assert!(segments.iter().all(|(s, _)| !s.is_empty()));
            prop_assert!(segments.windows(2).all(|pair| pair[0].1 != pair[1].1));
        }

        /// A word of the text searched for is marked in the text.
        #[test]
        fn a_searched_word_is_marked(
            words in prop::collection::vec(prop_oneof![
                "[a-zA-Z]{1,8}",
                // Arabic letters, without the tatweel (U+0640) between them.
                "[\\u{0627}-\\u{063A}\\u{0641}-\\u{064A}]{1,6}",
                "[а-яА-Я]{1,6}",
            ], 1..8),
            pick in any::<Index>(),
            glue in prop::sample::select(vec![" ", ", ", " — ", "\n", "؛ "]),
        ) {
            let text = words.join(glue);
            let word = pick.get(&words);
            let segments = highlight(&text, &tokens(word));
            prop_assert!(segments.iter().any(|(s, hit)| *hit && s.contains(word.as_str())), "{segments:?}");
        }

        /// Arabic and Persian keyboards, harakat, tatweel and ZWNJ give
        /// the same words: readers find a story however either was typed.
        #[test]
        fn keyboard_variants_and_marks_fold_together(
            letters in prop::collection::vec((
                prop::sample::select(vec![
                    ('ی', 'ي'), ('ی', 'ى'), ('ک', 'ك'), ('ه', 'ة'), ('ا', 'أ'), ('ا', 'إ'),
                    ('ا', 'آ'), ('و', 'ؤ'), ('ب', 'ب'), ('ر', 'ر'), ('س', 'س'), ('م', 'م'),
                    ('ن', 'ن'), ('ت', 'ت'), ('۴', '٤'), ('۴', '4'),
                ]),
                prop::option::of(prop::sample::select(vec!['\u{064E}', '\u{0651}', '\u{0640}', '\u{200C}', '\u{0670}'])),
            ), 1..10),
        ) {
            let persian: String = letters.iter().map(|((p, _), _)| *p).collect();
            let mut typed = String::new();
            for ((_, variant), mark) in &letters {
                typed.push(*variant);
                if let Some(mark) = mark {
                    typed.push(*mark);
                }
            }
            prop_assert_eq!(normalize(&typed), normalize(&persian));
            prop_assert_eq!(tokens(&typed).len(), 1);
        }
    }

    // ------------------------------------------- the browser's saved list

    fn saved_item() -> impl Strategy<Value = serde_json::Value> {
        (lang_code(), clean_slug(), prop::option::of(any::<i64>())).prop_map(
            |(lang, slug, at)| serde_json::json!({ "lang": lang, "slug": slug, "saved_at": at }),
        )
    }

    proptest! {
        #![proptest_config(config(128))]

        /// Any text is either a bad request or a list no longer than a
        /// reading list holds; nothing panics.
        #[test]
        fn any_local_list_is_refused_or_bounded(raw in prop_oneof![
            any::<String>(),
            "[\\[\\]{}\":,a-z0-9 ]{0,60}",
        ]) {
            match merge_local::parse(Some(&raw)) {
                Ok(items) => prop_assert!(items.len() <= MAX_SAVED),
                Err(e) => prop_assert_eq!(e, AppError::BadRequest),
            }
        }

        /// A well-formed list is taken whole, up to the most a list holds;
        /// a blank one is an empty list.
        #[test]
        fn well_formed_local_lists_are_kept_up_to_the_limit(
            items in prop_oneof![
                prop::collection::vec(saved_item(), 0..20),
                prop::collection::vec(saved_item(), (MAX_SAVED - 2)..(MAX_SAVED + 20)),
            ],
            blank in "[ \t\n]{0,3}",
        ) {
            let json = serde_json::Value::Array(items.clone()).to_string();
            let parsed = merge_local::parse(Some(&json)).expect("a well-formed list");
            prop_assert_eq!(parsed.len(), items.len().min(MAX_SAVED));
            prop_assert!(merge_local::parse(Some(&blank)).expect("blank").is_empty());
        }

        /// One bad language or slug makes the whole list a bad request.
        #[test]
        fn a_local_list_with_a_bad_entry_is_refused(
            mut items in prop::collection::vec(saved_item(), 0..10),
            at in any::<Index>(),
            bad in prop_oneof![
                "[A-Z ]{1,5}".prop_map(|slug| serde_json::json!({ "lang": "en", "slug": slug })),
                "[a-z]{3,5}".prop_map(|lang| serde_json::json!({ "lang": lang, "slug": "a-b" })),
                Just(serde_json::json!({ "slug": "a-b" })),
                Just(serde_json::json!({ "lang": "en", "slug": "a-b", "saved_at": "yesterday" })),
            ],
        ) {
            items.insert(at.index(items.len() + 1), bad);
            let json = serde_json::Value::Array(items).to_string();
            prop_assert_eq!(merge_local::parse(Some(&json)).err(), Some(AppError::BadRequest));
        }
    }
}
