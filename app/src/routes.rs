//! The one URL and cookie grammar. Every path the site links to is built
//! here, every path the app or the server reads is parsed here, and every
//! cookie's name and format is written here, so renaming a route or a cookie
//! is one edit (plus the route table in `lib.rs`), and the tests below keep
//! what is built and what is parsed in agreement.

use crate::domain::{Category, Lang};

/// The absolute origin of the site (`https://example.org`, no trailing
/// slash) that absolute URLs start with; the server provides it from
/// `SITE_URL`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteOrigin(pub String);

impl SiteOrigin {
    /// `path` on this site, as an absolute URL.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

// ---------------------------------------------------------------- pages

pub fn home(lang: Lang) -> String {
    format!("/{lang}/")
}

pub fn article(lang: Lang, slug: &str) -> String {
    format!("/{lang}/article/{slug}")
}

/// Videos and Photos have their own media pages; other sections are lists.
pub fn category(lang: Lang, category: Category) -> String {
    match category {
        Category::Videos => format!("/{lang}/videos"),
        Category::Photos => format!("/{lang}/photos"),
        other => format!("/{lang}/category/{}", other.slug()),
    }
}

pub fn category_page(lang: Lang, category: Category, page: u32) -> String {
    let base = self::category(lang, category);
    if page <= 1 {
        base
    } else {
        format!("{base}?{}={page}", param::PAGE)
    }
}

pub fn about(lang: Lang) -> String {
    format!("/{lang}/about")
}

pub fn search(lang: Lang) -> String {
    format!("/{lang}/search")
}

/// Page `page` of the results for `query`.
pub fn search_results(lang: Lang, query: &str, page: u32) -> String {
    format!(
        "{}?{}={}&{}={page}",
        search(lang),
        param::QUERY,
        url_encode(query),
        param::PAGE
    )
}

/// The search page's address with a `{search_term_string}` placeholder for
/// the query, as schema.org's `SearchAction` wants it.
pub fn search_template(lang: Lang) -> String {
    format!("{}?{}={{search_term_string}}", search(lang), param::QUERY)
}

pub fn reading_list(lang: Lang) -> String {
    format!("/{lang}/reading-list")
}

/// What the service worker shows when a page is neither online nor kept.
pub fn offline(lang: Lang) -> String {
    format!("/{lang}/offline")
}

pub fn sign_in(lang: Lang) -> String {
    format!("/{lang}/sign-in")
}

/// Sign in, then come back to `next` (a path on this site).
pub fn sign_in_then(lang: Lang, next: &str) -> String {
    format!("{}?{}={}", sign_in(lang), param::NEXT, url_encode(next))
}

/// The sign-in page telling the reader their new password is set.
pub fn sign_in_after_reset(lang: Lang) -> String {
    format!("{}?{}=1", sign_in(lang), param::RESET)
}

pub fn register(lang: Lang) -> String {
    format!("/{lang}/register")
}

pub fn forgot_password(lang: Lang) -> String {
    format!("/{lang}/forgot-password")
}

/// The forgotten-password page telling the reader the link is on its way.
pub fn forgot_password_sent(lang: Lang) -> String {
    format!("{}?{}=1", forgot_password(lang), param::DONE)
}

pub fn reset_password(lang: Lang) -> String {
    format!("/{lang}/reset-password")
}

/// The link a reset email carries (a path; the caller adds the origin).
pub fn reset_link(lang: Lang, token: &str) -> String {
    format!(
        "{}?{}={}",
        reset_password(lang),
        param::TOKEN,
        url_encode(token)
    )
}

pub fn account(lang: Lang) -> String {
    format!("/{lang}/account")
}

/// The newsroom's stylesheet, which only newsroom pages ask for.
pub const NEWSROOM_CSS: &str = "/newsroom.css";

/// The newsroom's story list (staff only; 404 for everyone else).
pub fn newsroom(lang: Lang) -> String {
    format!("/{lang}/newsroom")
}

/// Page `page` of the story list with `filters` (name and value; an empty
/// value is no filter and is left out of the address).
pub fn newsroom_stories(lang: Lang, filters: &[(&str, String)], page: u32) -> String {
    let mut url = newsroom(lang);
    let page = page.to_string();
    let pairs = filters
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .chain((page != "1").then_some((param::PAGE, page.as_str())))
        .filter(|(_, value)| !value.is_empty());
    for (i, (name, value)) in pairs.enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(name);
        url.push('=');
        url.push_str(&url_encode(value));
    }
    url
}

/// The newsroom's staff page (admins only; 404 for everyone else).
pub fn newsroom_staff(lang: Lang) -> String {
    format!("/{lang}/newsroom/staff")
}

/// The story editor: story `id`, or a blank story for `0`.
pub fn newsroom_story(lang: Lang, id: i64) -> String {
    if id == 0 {
        format!("/{lang}/newsroom/story")
    } else {
        format!("/{lang}/newsroom/story?id={id}")
    }
}

/// The story editor on a new translation into `into` of story `from`.
pub fn newsroom_translation(lang: Lang, from: i64, into: Lang) -> String {
    format!("/{lang}/newsroom/story?from={from}&into={into}")
}

/// What follows `/{lang}/newsroom` in a newsroom address, without its
/// slashes: `""` for the story list, `"staff"` for the staff page; `None`
/// for an address outside the newsroom.
pub fn newsroom_rest(path: &str) -> Option<&str> {
    let rest = path.strip_prefix('/')?;
    let (code, rest) = rest.split_once('/')?;
    Lang::parse(code).ok()?;
    let rest = rest.strip_prefix("newsroom")?;
    if !(rest.is_empty() || rest.starts_with('/')) {
        return None;
    }
    Some(rest.trim_matches('/'))
}

/// `page` with a form's error code in its query (`?error=` or `&error=`),
/// which the page shows in the reader's language.
pub fn with_error(page: &str, code: &str) -> String {
    with_param(page, param::ERROR, code)
}

/// `page` with what a form post did in its query (`?done=` or `&done=`).
pub fn with_done(page: &str, code: &str) -> String {
    with_param(page, param::DONE, code)
}

fn with_param(page: &str, name: &str, value: &str) -> String {
    let joiner = if page.contains('?') { '&' } else { '?' };
    format!("{page}{joiner}{name}={value}")
}

/// The names of the query parameters pages read.
pub mod param {
    /// A page number in lists and search results.
    pub const PAGE: &str = "page";
    /// The search words.
    pub const QUERY: &str = "q";
    /// Where to go after signing in.
    pub const NEXT: &str = "next";
    /// A form's refusal, as a `Problem` code.
    pub const ERROR: &str = "error";
    /// A form that worked (the page shows its confirmation).
    pub const DONE: &str = "done";
    /// Signing in after a password reset.
    pub const RESET: &str = "reset";
    /// A password-reset link's token.
    pub const TOKEN: &str = "token";
}

// ---------------------------------------------------------- machine URLs

pub fn feed(lang: Lang) -> String {
    format!("/{lang}/feed.xml")
}

pub fn category_feed(lang: Lang, category: Category) -> String {
    format!("/{lang}/category/{}/feed.xml", category.slug())
}

pub const SITEMAP_INDEX: &str = "/sitemap.xml";
pub const ROBOTS: &str = "/robots.txt";
pub const HEALTH: &str = "/healthz";
pub const READY: &str = "/readyz";
pub const SERVICE_WORKER: &str = "/sw.js";

/// One language's sitemap.
pub fn sitemap(lang: Lang) -> String {
    format!("/sitemaps/{lang}.xml")
}

/// The language of a sitemap's file name (`fa.xml`).
pub fn sitemap_lang(file: &str) -> Option<Lang> {
    file.strip_suffix(".xml")
        .and_then(|code| Lang::parse(code).ok())
}

pub fn manifest(lang: Lang) -> String {
    format!("/{lang}/manifest.webmanifest")
}

/// Where an installed app opens, marked so its visits can be told apart.
pub fn app_start(lang: Lang) -> String {
    format!("{}?source=pwa", home(lang))
}

/// The pages "Download this edition" keeps.
pub fn edition(lang: Lang) -> String {
    format!("/{lang}/edition.json")
}

/// One language's UI strings, which the app fetches before it shows that
/// language (the browser build carries English only).
pub fn texts(lang: Lang) -> String {
    format!("/texts/{lang}.json")
}

/// The language of a strings file's name (`fa.json`).
pub fn texts_lang(file: &str) -> Option<Lang> {
    file.strip_suffix(".json")
        .and_then(|code| Lang::parse(code).ok())
}

/// The data-saver switch's form post.
pub fn data_saver(lang: Lang) -> String {
    format!("/{lang}/data-saver")
}

/// The patterns the server's router matches, beside the builders above (the
/// tests check that each builder's output matches its pattern).
pub mod pattern {
    pub const ROOT: &str = "/";
    pub const FEED: &str = "/{lang}/feed.xml";
    pub const CATEGORY_FEED: &str = "/{lang}/category/{slug}/feed.xml";
    pub const SITEMAP: &str = "/sitemaps/{file}";
    pub const TEXTS: &str = "/texts/{file}";
    pub const MANIFEST: &str = "/{lang}/manifest.webmanifest";
    pub const EDITION: &str = "/{lang}/edition.json";
    pub const DATA_SAVER: &str = "/{lang}/data-saver";
}

// ------------------------------------------------------------ server fns

/// Every server fn is declared with `prefix = "/api"`; the server's tests
/// check each registered one against this.
pub const API_PREFIX: &str = "/api/";

/// Whether a path is a server fn's rather than a page's.
pub fn is_api(path: &str) -> bool {
    path.starts_with(API_PREFIX)
}

/// The GET address of server fn `F` (its path is taken from the server fn
/// itself) with its arguments in the query.
pub fn server_fn_url<F: leptos::server_fn::ServerFn>(args: &[(&str, &str)]) -> String {
    let mut url = String::from(F::PATH);
    for (i, (name, value)) in args.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(name);
        url.push('=');
        url.push_str(&url_encode(value));
    }
    url
}

// ----------------------------------------------------------------- files

/// The app's bundle (`site-pkg-dir`): hashed names, cached for a year.
pub fn is_bundle(path: &str) -> bool {
    path.starts_with("/pkg/")
}

/// Pictures, videos and fonts: plain names, revalidated now and then.
pub fn is_media(path: &str) -> bool {
    path.starts_with("/media/") || path.starts_with("/fonts/")
}

/// Answers that are the same for every reader, so no session is looked up.
pub fn is_impersonal(path: &str) -> bool {
    is_bundle(path)
        || is_media(path)
        || path.starts_with("/icons/")
        || path.ends_with(".svg")
        || path.ends_with(".png")
        || path.ends_with(".xml")
        || path == HEALTH
        || path == READY
}

// -------------------------------------------------------------- parsing

/// The language a path names in its first segment, if it names one.
pub fn lang_in_path(path: &str) -> Option<Lang> {
    path.trim_start_matches('/')
        .split('/')
        .next()
        .and_then(|code| Lang::parse(code).ok())
}

/// The page's language: the path's, or English when the path names none
/// (the 404 page is then in English).
pub fn lang_of_path(path: &str) -> Lang {
    lang_in_path(path).unwrap_or(Lang::DEFAULT)
}

/// `/fa`: a language without its home page's trailing slash.
pub fn bare_language(path: &str) -> Option<Lang> {
    let code = path.strip_prefix('/')?;
    if code.contains('/') {
        return None;
    }
    Lang::parse(code).ok()
}

/// `(lang, slug)` as written when the path is an article page; the server fn
/// decides whether they name a story.
pub fn article_key(path: &str) -> Option<(String, String)> {
    let mut parts = path.trim_start_matches('/').split('/');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(lang), Some("article"), Some(slug), None) if !slug.is_empty() => {
            Some((lang.to_owned(), slug.to_owned()))
        }
        _ => None,
    }
}

/// Pages about the reader's account: the forms to sign in, register and
/// reset a password, and the account page. Never kept by any cache.
pub fn is_account_page(path: &str) -> bool {
    matches!(
        path.trim_start_matches('/').split('/').collect::<Vec<_>>()[..],
        [lang, "sign-in" | "register" | "forgot-password" | "reset-password" | "account"]
            if Lang::parse(lang).is_ok()
    )
}

/// The page a reset email links to: its address carries the reset token.
pub fn is_reset_page(path: &str) -> bool {
    matches!(
        path.trim_start_matches('/').split('/').collect::<Vec<_>>()[..],
        [lang, "reset-password"] if Lang::parse(lang).is_ok()
    )
}

/// Whether the path is some language's offline page.
pub fn is_offline_page(path: &str) -> bool {
    matches!(
        path.trim_start_matches('/').split('/').collect::<Vec<_>>()[..],
        [_, "offline"]
    )
}

/// The same page in another language, for paths that do not depend on
/// language-specific slugs (an article goes to that language's home).
pub fn switch_language(path: &str, to: Lang) -> String {
    let rest = path
        .strip_prefix('/')
        .and_then(|p| p.split_once('/'))
        .map(|(_, rest)| rest)
        .unwrap_or("");
    if rest.starts_with("article/") {
        return home(to);
    }
    format!("/{to}/{rest}")
}

/// A path on this site that is safe to send a reader back to after a form:
/// it starts with one `/`, has no `\` and no control characters. Anything
/// else (`//evil.example`, `https://…`) is not followed.
pub fn local_return(path: &str) -> Option<&str> {
    let local = path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control);
    local.then_some(path)
}

/// `?query` for a non-empty query string (with or without its leading `?`),
/// else nothing, to append to a path.
pub fn query_suffix(search: &str) -> String {
    let search = search.trim_start_matches('?');
    if search.is_empty() {
        String::new()
    } else {
        format!("?{search}")
    }
}

/// Percent-encodes a value for a query string (RFC 3986 unreserved kept).
pub fn url_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A `Location` value as it must travel: every byte that is not printable
/// ASCII (a Persian slug's UTF-8, a space) percent-encoded, the rest (and
/// escapes already made) kept, so the browser reads back the same address.
pub fn encode_location(location: &str) -> String {
    let mut out = String::with_capacity(location.len());
    for byte in location.bytes() {
        if byte.is_ascii_graphic()
            && !matches!(
                byte,
                b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
            )
        {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

// --------------------------------------------------------------- cookies

/// Remembers the language last read, so `/` opens it next time.
pub const LANG_COOKIE: &str = "lang";
/// The reader's data-saver choice: `1` on, `0` off (overrides Save-Data).
pub const LITE_COOKIE: &str = "lite";
/// Choices the reader makes last a year.
const YEAR_SECONDS: u32 = 31_536_000;

/// The Set-Cookie (or `document.cookie`) value that remembers `lang`.
pub fn lang_cookie(lang: Lang) -> String {
    format!("{LANG_COOKIE}={lang}; Path=/; Max-Age={YEAR_SECONDS}; SameSite=Lax")
}

/// The Set-Cookie value that remembers the data-saver choice.
pub fn lite_cookie(on: bool) -> String {
    let value = if on { "1" } else { "0" };
    format!("{LITE_COOKIE}={value}; Path=/; Max-Age={YEAR_SECONDS}; SameSite=Lax")
}

/// The value of cookie `name` in one Cookie header's text.
pub fn cookie_in<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// How the session cookie is named and set (from `SITE_URL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookiePolicy {
    /// Served over https: `Secure` and the `__Host-` prefix.
    pub secure: bool,
}

impl CookiePolicy {
    pub fn name(self) -> &'static str {
        if self.secure {
            "__Host-khabar_session"
        } else {
            "khabar_session"
        }
    }

    fn attributes(self) -> &'static str {
        if self.secure {
            "; Path=/; HttpOnly; SameSite=Lax; Secure"
        } else {
            "; Path=/; HttpOnly; SameSite=Lax"
        }
    }

    /// The Set-Cookie value that hands session `token` to the browser for
    /// `max_age_seconds`.
    pub fn set(self, token: &str, max_age_seconds: i64) -> String {
        format!(
            "{}={token}{}; Max-Age={max_age_seconds}",
            self.name(),
            self.attributes(),
        )
    }

    /// The Set-Cookie value that makes the browser forget the session.
    pub fn clear(self) -> String {
        format!("{}={}; Max-Age=0", self.name(), self.attributes())
    }

    /// The device cookie: a random token that says "this browser has
    /// signed in to these accounts before", which lets it past the
    /// sign-in limits that a stranger's guesses can fill (`limits.rs`).
    /// It names no account and outlives sign-out by design.
    pub fn device_name(self) -> &'static str {
        if self.secure {
            "__Host-khabar_device"
        } else {
            "khabar_device"
        }
    }

    /// The Set-Cookie value that hands device `token` to the browser for a
    /// year.
    pub fn set_device(self, token: &str) -> String {
        format!(
            "{}={token}{}; Max-Age={}",
            self.device_name(),
            self.attributes(),
            365 * 24 * 60 * 60
        )
    }

    /// Whether a Set-Cookie value hands out (or clears) this session cookie.
    pub fn is_session_cookie(self, set_cookie: &str) -> bool {
        set_cookie
            .strip_prefix(self.name())
            .is_some_and(|rest| rest.starts_with('='))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `path` matches an axum-style `pattern` (`{name}` matches one
    /// non-empty segment).
    fn matches_pattern(pattern: &str, path: &str) -> bool {
        let (pattern, path): (Vec<_>, Vec<_>) =
            (pattern.split('/').collect(), path.split('/').collect());
        pattern.len() == path.len()
            && pattern.iter().zip(&path).all(|(want, got)| {
                (want.starts_with('{') && want.ends_with('}') && !got.is_empty()) || want == got
            })
    }

    #[test]
    fn locations_travel_percent_encoded_and_read_back_the_same() {
        assert_eq!(
            encode_location("/fa/article/سلام-دنیا?x=1"),
            "/fa/article/%D8%B3%D9%84%D8%A7%D9%85-%D8%AF%D9%86%DB%8C%D8%A7?x=1"
        );
        assert_eq!(encode_location("/en/a b"), "/en/a%20b");
        assert_eq!(
            encode_location("/en/sign-in?next=%2Fen%2F"),
            "/en/sign-in?next=%2Fen%2F"
        );
        // Decoding the escapes gives back the very bytes.
        let original = "/ps/article/د-کابل-سړک";
        let encoded = encode_location(original);
        let mut bytes = Vec::new();
        let mut rest = encoded.as_bytes();
        while let Some((&b, tail)) = rest.split_first() {
            if b == b'%' {
                let hex = std::str::from_utf8(&tail[..2]).expect("ascii");
                bytes.push(u8::from_str_radix(hex, 16).expect("hex"));
                rest = &tail[2..];
            } else {
                bytes.push(b);
                rest = tail;
            }
        }
        assert_eq!(String::from_utf8(bytes).expect("utf-8"), original);
    }

    #[test]
    fn account_pages_are_known_by_their_paths() {
        for lang in Lang::ALL {
            for page in [
                sign_in(lang),
                register(lang),
                forgot_password(lang),
                account(lang),
            ] {
                assert!(is_account_page(&page), "{page}");
                assert!(!is_reset_page(&page), "{page}");
            }
            assert!(is_account_page(&reset_password(lang)));
            assert!(is_reset_page(&reset_password(lang)));
            assert!(!is_account_page(&home(lang)));
            assert!(!is_account_page(&reading_list(lang)));
        }
        assert!(!is_account_page("/xx/account"));
        assert!(!is_account_page("/en/article/account"));
    }

    #[test]
    fn builders_match_the_routers_patterns() {
        for lang in Lang::ALL {
            assert!(matches_pattern(pattern::FEED, &feed(lang)));
            assert!(matches_pattern(
                pattern::CATEGORY_FEED,
                &category_feed(lang, Category::World)
            ));
            assert!(matches_pattern(pattern::SITEMAP, &sitemap(lang)));
            assert!(matches_pattern(pattern::MANIFEST, &manifest(lang)));
            assert!(matches_pattern(pattern::EDITION, &edition(lang)));
            assert!(matches_pattern(pattern::DATA_SAVER, &data_saver(lang)));
            let file = sitemap(lang).rsplit('/').next().map(str::to_owned);
            assert_eq!(file.as_deref().and_then(sitemap_lang), Some(lang));
            assert!(matches_pattern(pattern::TEXTS, &texts(lang)));
            let file = texts(lang).rsplit('/').next().map(str::to_owned);
            assert_eq!(file.as_deref().and_then(texts_lang), Some(lang));
            // Not a language page: fetching strings chooses no language.
            assert_eq!(lang_in_path(&texts(lang)), None);
        }
        assert!(!matches_pattern(
            pattern::FEED,
            "/en/category/world/feed.xml"
        ));
    }

    #[test]
    fn every_page_path_names_its_language() {
        for lang in Lang::ALL {
            for path in [
                home(lang),
                article(lang, "a-b"),
                category(lang, Category::Sport),
                category(lang, Category::Videos),
                about(lang),
                search(lang),
                reading_list(lang),
                offline(lang),
                sign_in(lang),
                register(lang),
                forgot_password(lang),
                reset_password(lang),
                account(lang),
                newsroom(lang),
                newsroom_staff(lang),
            ] {
                assert_eq!(lang_in_path(&path), Some(lang), "{path}");
                assert!(!is_api(&path) && !is_impersonal(&path), "{path}");
            }
            assert_eq!(bare_language(&format!("/{lang}")), Some(lang));
            assert!(is_offline_page(&offline(lang)));
        }
    }

    #[test]
    fn the_story_list_keeps_its_filters_in_the_address() {
        let filters = [
            ("in", "fa".to_owned()),
            ("section", String::new()),
            ("q", "گندم & نان".to_owned()),
        ];
        assert_eq!(
            newsroom_stories(Lang::En, &filters, 1),
            "/en/newsroom?in=fa&q=%DA%AF%D9%86%D8%AF%D9%85%20%26%20%D9%86%D8%A7%D9%86"
        );
        assert_eq!(newsroom_stories(Lang::Ps, &[], 3), "/ps/newsroom?page=3");
        assert_eq!(newsroom_stories(Lang::Ps, &[], 1), newsroom(Lang::Ps));
    }

    #[test]
    fn newsroom_addresses_name_their_page() {
        assert_eq!(newsroom_rest("/fa/newsroom"), Some(""));
        assert_eq!(newsroom_rest("/fa/newsroom/"), Some(""));
        assert_eq!(newsroom_rest(&newsroom_staff(Lang::Ps)), Some("staff"));
        assert_eq!(newsroom_rest(&newsroom_story(Lang::Fa, 0)), Some("story"));
        assert_eq!(newsroom_story(Lang::Fa, 12), "/fa/newsroom/story?id=12");
        assert_eq!(
            newsroom_translation(Lang::Fa, 12, Lang::En),
            "/fa/newsroom/story?from=12&into=en"
        );
        assert_eq!(newsroom_rest("/en/newsroom/staff/"), Some("staff"));
        assert_eq!(newsroom_rest("/en/newsroomx"), None);
        assert_eq!(newsroom_rest("/xx/newsroom"), None);
        assert_eq!(newsroom_rest("/en/article/newsroom"), None);
    }

    #[test]
    fn media_sections_have_their_own_pages() {
        assert_eq!(category(Lang::Fa, Category::Videos), "/fa/videos");
        assert_eq!(
            category(Lang::En, Category::ArtsCulture),
            "/en/category/arts-culture"
        );
        assert_eq!(
            category_page(Lang::En, Category::Sport, 1),
            "/en/category/sport"
        );
        assert_eq!(
            category_page(Lang::En, Category::Sport, 3),
            "/en/category/sport?page=3"
        );
    }

    #[test]
    fn queries_are_encoded_and_joined_once() {
        assert_eq!(
            search_results(Lang::Fa, "کابل & بلخ", 2),
            "/fa/search?q=%DA%A9%D8%A7%D8%A8%D9%84%20%26%20%D8%A8%D9%84%D8%AE&page=2"
        );
        assert_eq!(
            sign_in_then(Lang::En, "/en/article/x?y=1"),
            "/en/sign-in?next=%2Fen%2Farticle%2Fx%3Fy%3D1"
        );
        assert_eq!(
            with_error("/en/sign-in", "credentials"),
            "/en/sign-in?error=credentials"
        );
        assert_eq!(
            with_error("/en/reset-password?token=t", "reset-link"),
            "/en/reset-password?token=t&error=reset-link"
        );
        assert_eq!(
            reset_link(Lang::Ps, "a_b-c"),
            "/ps/reset-password?token=a_b-c"
        );
    }

    #[test]
    fn server_fn_addresses_come_from_the_server_fns() {
        let url = server_fn_url::<crate::api::Suggest>(&[("lang", "fa"), ("q", "کابل شهر")]);
        assert_eq!(
            url,
            "/api/suggest?lang=fa&q=%DA%A9%D8%A7%D8%A8%D9%84%20%D8%B4%D9%87%D8%B1"
        );
        assert!(is_api(&url));
    }

    #[test]
    fn language_comes_from_the_first_segment() {
        assert_eq!(lang_of_path("/fa/article/x"), Lang::Fa);
        assert_eq!(lang_of_path("/tg/"), Lang::Tg);
        assert_eq!(lang_of_path("/xx/"), Lang::En);
        assert_eq!(lang_of_path("/"), Lang::En);
        assert_eq!(lang_in_path("/xx/"), None);
        assert_eq!(bare_language("/fa/"), None);
        assert_eq!(bare_language("/"), None);
        assert_eq!(bare_language("/xx"), None);
    }

    #[test]
    fn article_paths_are_recognised() {
        assert_eq!(
            article_key("/en/article/a-b"),
            Some(("en".into(), "a-b".into()))
        );
        assert_eq!(article_key("/en/article/"), None);
        assert_eq!(article_key("/en/article/a/b"), None);
        assert_eq!(article_key("/en/category/a"), None);
    }

    #[test]
    fn only_offline_pages_are_offline_pages() {
        assert!(is_offline_page("/xx/offline"));
        for other in ["/offline", "/fa/article/offline", "/fa/offline/x", "/fa/"] {
            assert!(!is_offline_page(other), "{other}");
        }
    }

    #[test]
    fn only_local_paths_are_returned_to() {
        assert_eq!(local_return("/fa/article/x?y=1"), Some("/fa/article/x?y=1"));
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "javascript:x",
            "",
            "/a\nb",
        ] {
            assert_eq!(local_return(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn query_suffixes_have_one_question_mark() {
        assert_eq!(query_suffix(""), "");
        assert_eq!(query_suffix("?"), "");
        assert_eq!(query_suffix("page=2"), "?page=2");
        assert_eq!(query_suffix("?q=a"), "?q=a");
    }

    #[test]
    fn switching_language_keeps_the_section() {
        assert_eq!(
            switch_language("/en/category/world", Lang::Ps),
            "/ps/category/world"
        );
        assert_eq!(switch_language("/en/", Lang::Tg), "/tg/");
        assert_eq!(switch_language("/en", Lang::Tg), "/tg/");
        assert_eq!(switch_language("/fa/about", Lang::De), "/de/about");
        assert_eq!(switch_language("/fa/article/x", Lang::De), "/de/");
    }

    #[test]
    fn encodes_reserved_and_non_ascii_bytes() {
        assert_eq!(url_encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(url_encode("safe-._~9"), "safe-._~9");
    }

    #[test]
    fn cookies_read_back_what_was_set() {
        for lang in Lang::ALL {
            let set = lang_cookie(lang);
            let pair = set.split(';').next().unwrap_or_default();
            assert_eq!(cookie_in(pair, LANG_COOKIE), Some(lang.code()));
        }
        assert!(lite_cookie(true).starts_with("lite=1;"));
        assert!(lite_cookie(false).starts_with("lite=0;"));
        assert_eq!(cookie_in("lang=fa; lite=1", LITE_COOKIE), Some("1"));
        assert_eq!(cookie_in("notlite=1", LITE_COOKIE), None);
    }

    #[test]
    fn session_cookies_are_http_only_lax_and_secure_with_host_prefix_over_https() {
        let plain = CookiePolicy { secure: false }.set("tok", 60);
        assert!(plain.starts_with("khabar_session=tok;"));
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Lax"));
        assert!(!plain.contains("Secure"));
        let secure = CookiePolicy { secure: true };
        let set = secure.set("tok", 60);
        assert!(set.starts_with("__Host-khabar_session=tok;"));
        assert!(set.contains("; Secure") && set.contains("Path=/") && set.ends_with("Max-Age=60"));
        assert!(!set.contains("Domain"), "__Host- cookies carry no Domain");
        assert!(secure.clear().contains("Max-Age=0"));
        assert!(secure.is_session_cookie(&set) && secure.is_session_cookie(&secure.clear()));
        assert!(!secure.is_session_cookie("__Host-khabar_session_x=1"));
    }
}
