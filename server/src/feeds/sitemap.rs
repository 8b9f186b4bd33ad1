//! Sitemaps protocol (sitemaps.org 0.9) documents and `robots.txt`.
//!
//! Only builds strings; the caller collects URLs and serves the result. The
//! protocol caps one file at 50,000 URLs and 50 MB uncompressed, so large
//! sites must split their URLs and list the parts with [`index`].

use super::xml::escape;

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// One `<url>` entry of a sitemap.
pub struct Url<'a> {
    /// Absolute URL of the page.
    pub loc: &'a str,
    /// Last modification time in W3C datetime format,
    /// e.g. `2026-11-26T07:30:00Z`.
    pub lastmod: Option<&'a str>,
    /// Language versions of this page. Search engines expect the page itself
    /// to be listed among them too.
    pub alternates: Vec<Alternate<'a>>,
}

/// A language version of a page, emitted as
/// `<xhtml:link rel="alternate" hreflang=".." href=".."/>`.
pub struct Alternate<'a> {
    /// Language (or language-region, or `x-default`) code, e.g. `"fa"`.
    pub hreflang: &'a str,
    /// Absolute URL of that language version.
    pub href: &'a str,
}

/// Renders a `<urlset>` sitemap listing `urls` in the given order.
pub fn urlset(urls: &[Url]) -> String {
    let mut out = String::with_capacity(256 + urls.len() * 256);
    out.push_str(XML_DECLARATION);
    out.push_str(
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for url in urls {
        out.push_str("<url>\n");
        push_element(&mut out, "loc", url.loc);
        if let Some(lastmod) = url.lastmod {
            push_element(&mut out, "lastmod", lastmod);
        }
        // The sitemap schema only allows foreign-namespace elements after
        // the protocol's own children, so the alternates come last.
        for alternate in &url.alternates {
            out.push_str("<xhtml:link rel=\"alternate\" hreflang=\"");
            out.push_str(&escape(alternate.hreflang));
            out.push_str("\" href=\"");
            out.push_str(&escape(alternate.href));
            out.push_str("\"/>\n");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// Renders a `<sitemapindex>` listing other sitemaps as `(loc, lastmod)`
/// pairs, where `lastmod` is in W3C datetime format.
pub fn index(sitemaps: &[(&str, Option<&str>)]) -> String {
    let mut out = String::with_capacity(128 + sitemaps.len() * 128);
    out.push_str(XML_DECLARATION);
    out.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for &(loc, lastmod) in sitemaps {
        out.push_str("<sitemap>\n");
        push_element(&mut out, "loc", loc);
        if let Some(lastmod) = lastmod {
            push_element(&mut out, "lastmod", lastmod);
        }
        out.push_str("</sitemap>\n");
    }
    out.push_str("</sitemapindex>\n");
    out
}

/// Renders `robots.txt`: everything may be crawled except the JSON API, and
/// the sitemap (index) lives at `sitemap_url`.
pub fn robots_txt(sitemap_url: &str) -> String {
    // robots.txt is line-based, so a line break smuggled into the URL would
    // add directives of its own; control characters are never valid in a URL
    // anyway.
    let url: String = sitemap_url.chars().filter(|ch| !ch.is_control()).collect();
    format!("User-agent: *\nAllow: /\nDisallow: /api/\n\nSitemap: {url}\n")
}

/// Appends `<name>text</name>` followed by a newline, escaping `text`.
fn push_element(out: &mut String, name: &str, text: &str) {
    out.push('<');
    out.push_str(name);
    out.push('>');
    out.push_str(&escape(text));
    out.push_str("</");
    out.push_str(name);
    out.push_str(">\n");
}

#[cfg(test)]
mod tests {
    use super::{Alternate, Url, index, robots_txt, urlset};

    #[test]
    fn one_url_urlset_exact_output() {
        let urls = [Url {
            loc: "https://khabar.example/fa/news/1",
            lastmod: Some("2026-11-26T07:30:00Z"),
            alternates: vec![
                Alternate {
                    hreflang: "fa",
                    href: "https://khabar.example/fa/news/1",
                },
                Alternate {
                    hreflang: "en",
                    href: "https://khabar.example/en/news/1",
                },
            ],
        }];
        let expected = "\
<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">
<url>
<loc>https://khabar.example/fa/news/1</loc>
<lastmod>2026-11-26T07:30:00Z</lastmod>
<xhtml:link rel=\"alternate\" hreflang=\"fa\" href=\"https://khabar.example/fa/news/1\"/>
<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://khabar.example/en/news/1\"/>
</url>
</urlset>
";
        assert_eq!(urlset(&urls), expected);
    }

    #[test]
    fn empty_urlset_is_well_formed() {
        assert_eq!(
            urlset(&[]),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
             xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n</urlset>\n"
        );
    }

    #[test]
    fn optional_parts_are_omitted() {
        let urls = [Url {
            loc: "https://khabar.example/",
            lastmod: None,
            alternates: Vec::new(),
        }];
        let xml = urlset(&urls);
        assert!(xml.contains("<url>\n<loc>https://khabar.example/</loc>\n</url>\n"));
        assert!(!xml.contains("<lastmod>"));
        assert!(!xml.contains("<xhtml:link"));
    }

    #[test]
    fn urls_keep_given_order() {
        let urls = [
            Url {
                loc: "https://khabar.example/a",
                lastmod: None,
                alternates: Vec::new(),
            },
            Url {
                loc: "https://khabar.example/b",
                lastmod: None,
                alternates: Vec::new(),
            },
        ];
        let xml = urlset(&urls);
        assert_eq!(xml.matches("<url>").count(), 2);
        let a = xml.find("/a</loc>");
        let b = xml.find("/b</loc>");
        assert!(a.is_some() && b.is_some() && a < b);
    }

    #[test]
    fn values_are_escaped_and_unicode_kept() {
        let urls = [Url {
            loc: "https://khabar.example/fa/جستجو?q=<script>&t='x'",
            lastmod: None,
            alternates: vec![
                Alternate {
                    hreflang: "x-default\"",
                    href: "https://khabar.example/?a=1&b=2",
                },
                Alternate {
                    hreflang: "ru",
                    href: "https://khabar.example/ru/новости",
                },
                Alternate {
                    hreflang: "ar",
                    href: "https://khabar.example/ar/أخبار",
                },
            ],
        }];
        let xml = urlset(&urls);
        assert!(xml.contains(
            "<loc>https://khabar.example/fa/جستجو?q=&lt;script&gt;&amp;t=&apos;x&apos;</loc>"
        ));
        assert!(xml.contains(
            "<xhtml:link rel=\"alternate\" hreflang=\"x-default&quot;\" href=\"https://khabar.example/?a=1&amp;b=2\"/>"
        ));
        assert!(xml.contains("href=\"https://khabar.example/ru/новости\"/>"));
        assert!(xml.contains("href=\"https://khabar.example/ar/أخبار\"/>"));
        assert!(!xml.contains("<script>"));
    }

    #[test]
    fn index_exact_output() {
        let xml = index(&[
            (
                "https://khabar.example/sitemaps/fa.xml",
                Some("2026-11-26T07:30:00Z"),
            ),
            ("https://khabar.example/sitemaps/en.xml?page=1&size=2", None),
        ]);
        let expected = "\
<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">
<sitemap>
<loc>https://khabar.example/sitemaps/fa.xml</loc>
<lastmod>2026-11-26T07:30:00Z</lastmod>
</sitemap>
<sitemap>
<loc>https://khabar.example/sitemaps/en.xml?page=1&amp;size=2</loc>
</sitemap>
</sitemapindex>
";
        assert_eq!(xml, expected);
    }

    #[test]
    fn empty_index() {
        assert_eq!(
            index(&[]),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\
             </sitemapindex>\n"
        );
    }

    #[test]
    fn robots_txt_exact_output() {
        assert_eq!(
            robots_txt("https://khabar.example/sitemap.xml"),
            "User-agent: *\nAllow: /\nDisallow: /api/\n\nSitemap: https://khabar.example/sitemap.xml\n"
        );
    }

    #[test]
    fn robots_txt_cannot_gain_extra_lines() {
        assert_eq!(
            robots_txt("https://khabar.example/s.xml\nDisallow: /\r"),
            "User-agent: *\nAllow: /\nDisallow: /api/\n\n\
             Sitemap: https://khabar.example/s.xmlDisallow: /\n"
        );
    }
}
