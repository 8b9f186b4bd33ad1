//! Article bodies: Markdown in, sanitized HTML out (done once, on write).

use std::collections::HashSet;

use pulldown_cmark::{Options, Parser, html};

/// The only elements an article body keeps.
pub const ARTICLE_TAGS: [&str; 24] = [
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "blockquote",
    "br",
    "hr",
    "del",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "pre",
];

/// Renders Markdown and strips everything but plain article markup, so a
/// body can never carry scripts, styles, frames or event handlers.
pub fn render(markdown: &str) -> String {
    let mut raw = String::with_capacity(markdown.len() * 2);
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES,
    );
    html::push_html(&mut raw, parser);
    let tags: HashSet<&str> = ARTICLE_TAGS.into_iter().collect();
    ammonia::Builder::default()
        .tags(tags)
        // ammonia keeps `cite` on quotes and deletions without checking
        // its scheme (only `href`, `src` and a few more are checked), so
        // `<blockquote cite="javascript:…">` would survive. No article
        // needs it.
        .rm_tag_attributes("blockquote", &["cite"])
        .rm_tag_attributes("del", &["cite"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .clean(&raw)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn renders_paragraphs_headings_and_lists() {
        let html = render("First.\n\n## Aside\n\n- one\n- two\n");
        assert!(html.contains("<p>First.</p>"), "{html}");
        assert!(html.contains("<h2>Aside</h2>"), "{html}");
        assert!(html.contains("<li>one</li>"), "{html}");
    }

    #[test]
    fn strips_scripts_handlers_and_dangerous_urls() {
        let html = render(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) <iframe src=//e></iframe>",
        );
        for bad in ["<script", "onerror", "javascript:", "<iframe", "<img"] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
    }

    #[test]
    fn quotes_and_deletions_carry_no_urls() {
        let html = render(
            "<blockquote cite=\"javascript:alert(1)\">q</blockquote>\n\n<del cite=\"javascript:alert(1)\">d</del>",
        );
        assert!(
            !html.contains("cite") && !html.contains("javascript:"),
            "{html}"
        );
        assert!(
            html.contains("<blockquote>") && html.contains("<del>d</del>"),
            "{html}"
        );
    }

    #[test]
    fn keeps_right_to_left_text_intact() {
        let html = render("خبرگزاری رسک **گزارش** می‌دهد.");
        assert!(
            html.contains("خبرگزاری رسک <strong>گزارش</strong> می\u{200c}دهد."),
            "{html}"
        );
    }

    #[test]
    fn links_open_safely() {
        let html = render("[site](https://example.org)");
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
    }
}
