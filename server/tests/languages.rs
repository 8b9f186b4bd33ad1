//! Every language right down to the digit: each kind of page, rendered in
//! all nine languages through the router, shows only its language's digits,
//! dates as its readers write them, and outside text isolated.

mod common;

use app::domain::Lang;
use app::l10n::numerals::{Digits, localize_digits};
use axum::http::StatusCode;
use common::{get, text};

/// What a reader sees of `html`: its text, without scripts, styles, code,
/// tags (so no attribute, URL or `datetime`) and character references.
fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        out.push(' ');
        rest = &rest[start..];
        let skipped = ["script", "style", "code", "pre"]
            .into_iter()
            .find_map(|name| {
                let opens = rest.len() > name.len() + 1
                    && rest[1..].to_ascii_lowercase().starts_with(name)
                    && matches!(rest.as_bytes()[name.len() + 1], b' ' | b'>');
                opens.then(|| format!("</{name}>"))
            });
        let end = match skipped {
            Some(close) => rest.find(&close).map(|i| i + close.len()),
            None => rest.find('>').map(|i| i + 1),
        };
        rest = &rest[end.unwrap_or(rest.len())..];
    }
    out.push_str(rest);
    // `&#39;` and the like are markup, not text a reader sees.
    let mut cleaned = String::with_capacity(out.len());
    let mut chars = out.split('&');
    cleaned.push_str(chars.next().unwrap_or(""));
    for piece in chars {
        match piece.find(';') {
            Some(i) if i <= 8 && !piece[..i].contains(char::is_whitespace) => {
                cleaned.push(' ');
                cleaned.push_str(&piece[i + 1..]);
            }
            _ => {
                cleaned.push('&');
                cleaned.push_str(piece);
            }
        }
    }
    cleaned
}

/// The words of `text` holding a digit of another system than `lang`'s
/// (addresses and emails, which are not the page's text, left out).
fn foreign_digits(lang: Lang, text: &str) -> Vec<String> {
    let digits = Digits::of(lang);
    text.split_whitespace()
        .filter(|word| !word.contains('@') && !word.contains("://") && !word.starts_with('/'))
        .filter(|word| word.chars().any(|c| digits.is_foreign_digit(c)))
        .map(str::to_owned)
        .collect()
}

/// A word of the first story on `lang`'s home page, for a search that
/// finds something.
async fn searchable_word(lang: Lang) -> String {
    let html = text(get(&format!("/{lang}/"), &[]).await).await;
    let start = html.find("class=\"card-title\"").expect("a card");
    let title = visible_text(&html[start..]);
    let title = title
        .trim_start_matches(|c: char| c != '>')
        .trim_start_matches('>');
    title
        .split_whitespace()
        .find(|w| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic))
        .expect("a word of four letters")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn no_page_shows_a_digit_from_another_languages_system() {
    for lang in Lang::ALL {
        let word = searchable_word(lang).await;
        let paths = [
            format!("/{lang}/"),
            format!("/{lang}/category/afghanistan"),
            format!("/{lang}/category/afghanistan?page=2"),
            format!("/{lang}/videos"),
            format!("/{lang}/photos"),
            format!("/{lang}/article/wheat-sowing-north"),
            format!("/{lang}/article/panjshir-autumn"),
            format!("/{lang}/about"),
            format!("/{lang}/search?q={}", urlencode(&word)),
            format!("/{lang}/reading-list"),
            format!("/{lang}/sign-in?error=too-many-3"),
            format!("/{lang}/register"),
            format!("/{lang}/offline"),
        ];
        for path in paths {
            let response = get(&path, &[]).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let html = text(response).await;
            let found = foreign_digits(lang, &visible_text(&html));
            assert!(found.is_empty(), "{path} shows {found:?}");
        }
    }
}

fn urlencode(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn counts_pages_and_the_year_are_in_the_pages_digits() {
    let html = text(get("/fa/category/afghanistan?page=2", &[]).await).await;
    assert!(html.contains("صفحهٔ ۲"), "the page number in Persian digits");
    let persian_year = localize_digits(Lang::Fa, app::site::COPYRIGHT_YEAR);
    assert!(
        html.contains(&format!("© {persian_year}")),
        "the footer's year"
    );
    let html = text(get("/ps/article/panjshir-autumn", &[]).await).await;
    assert!(html.contains("انځور ۱ له ۳"), "the photo counter");
    let html = text(get("/ar/sign-in?error=too-many-3", &[]).await).await;
    assert!(
        html.contains("يُرجى الانتظار 3 دقائق ثم"),
        "Arabic's plural for 3, in Latin digits"
    );
    let html = text(get("/ru/sign-in?error=too-many-2", &[]).await).await;
    assert!(
        html.contains("Подождите 2 минуты и"),
        "Russian's plural for 2"
    );
    let html = text(get("/en/sign-in?error=too-many-1", &[]).await).await;
    assert!(
        html.contains("Please wait 1 minute and"),
        "one minute, not one minutes"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn dates_are_written_whole_as_each_languages_readers_write_them() {
    // Story 001 was published at 06:40 UTC on 26 November 2026.
    for (lang, date) in [
        (Lang::Fa, "۵ قوس ۱۴۰۵"),
        (Lang::Ps, "۵ لیندۍ ۱۴۰۵"),
        (Lang::Ar, "26 نوفمبر 2026"),
        (Lang::Tg, "26 ноябри 2026"),
        (Lang::Ru, "26 ноября 2026"),
        (Lang::En, "26 November 2026"),
    ] {
        let html = text(get(&format!("/{lang}/article/wheat-sowing-north"), &[]).await).await;
        let expected = format!("datetime=\"2026-11-26T06:40:00Z\">{date}</time>");
        assert!(html.contains(&expected), "{lang}: no {expected}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_latin_query_on_a_dari_page_keeps_its_own_order() {
    let html = text(get("/fa/search?q=kabul+2026.", &[]).await).await;
    assert!(
        html.contains("\u{2068}kabul 2026.\u{2069}"),
        "the query is not isolated from the sentence around it"
    );
    let input = html
        .split("<input")
        .find(|tag| tag.contains("id=\"search-page-q\""))
        .and_then(|tag| tag.split('>').next())
        .expect("the search page's input");
    assert!(
        input.contains("dir=\"auto\""),
        "the input takes the query's own direction: {input}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn other_languages_are_named_in_the_readers_words() {
    // "Bamyan" is spelled so only in Latin-script stories: the results are
    // in other languages, each labelled in Dari.
    let html = text(get("/fa/search?q=Bamyan", &[]).await).await;
    assert!(
        html.contains("به زبان انگلیسی"),
        "the English results' label"
    );
    assert!(
        !html.contains("به زبان English"),
        "an English name inside a Dari sentence"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_scan_sees_the_digits_a_reader_sees() {
    // An English page read as if it were Dari: its dates and year are foreign.
    let html = text(get("/en/article/wheat-sowing-north", &[]).await).await;
    let found = foreign_digits(Lang::Fa, &visible_text(&html));
    assert!(found.iter().any(|w| w.contains("2026")), "{found:?}");
}

#[test]
fn visible_text_drops_markup_scripts_and_references() {
    let html = "<p title=\"a1\">x&#39;y</p><script>var a=1;</script><code>2</code>z";
    assert_eq!(
        visible_text(html).split_whitespace().collect::<Vec<_>>(),
        ["x", "y", "z"]
    );
}
