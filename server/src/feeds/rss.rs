//! RSS 2.0 feed rendering.
//!
//! Only builds the XML string; the caller loads articles, formats dates and
//! serves the result (as `application/rss+xml; charset=utf-8`).

use super::xml::escape;

/// An RSS `<channel>`: one feed, e.g. the latest articles of one language.
pub struct Channel<'a> {
    /// Feed title.
    pub title: &'a str,
    /// Absolute URL of the HTML page this feed mirrors.
    pub link: &'a str,
    /// Absolute URL of this feed itself (emitted as `atom:link rel="self"`).
    pub self_link: &'a str,
    /// Short plain-text description of the feed.
    pub description: &'a str,
    /// Language code of the content, e.g. `"fa"`.
    pub language: &'a str,
    /// Time the feed content last changed, already formatted as RFC 2822.
    pub last_build_date: Option<&'a str>,
    /// Items in the order they should appear (normally newest first).
    pub items: Vec<Item<'a>>,
}

/// One article in a [`Channel`].
pub struct Item<'a> {
    /// Article headline.
    pub title: &'a str,
    /// Absolute URL of the article; also used as its permalink `<guid>`.
    pub link: &'a str,
    /// Plain-text summary (escaped, not interpreted as HTML).
    pub description: &'a str,
    /// Publication time, already formatted as RFC 2822.
    pub pub_date: &'a str,
    /// Category names; each becomes its own `<category>` element.
    pub categories: Vec<&'a str>,
    /// Name of the source agency, emitted as `<dc:creator>`.
    pub author: &'a str,
    /// Lead image, emitted as `<enclosure>` when present.
    pub image: Option<Enclosure<'a>>,
}

/// A media attachment of an [`Item`] (RSS `<enclosure>`).
pub struct Enclosure<'a> {
    /// Absolute URL of the file.
    pub url: &'a str,
    /// MIME type, e.g. `"image/jpeg"`.
    pub mime: &'a str,
    /// Size in bytes.
    pub length: u64,
}

/// Renders `channel` as a complete RSS 2.0 document.
///
/// All text and attribute values are XML-escaped. Elements are separated by
/// newlines but not indented, which keeps the output small yet diffable.
pub fn render(channel: &Channel) -> String {
    let mut out = String::with_capacity(1024 + channel.items.len() * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    // `atom` is needed for the self link (recommended by the RSS Advisory
    // Board and required by validators); `dc` for a creator given as a name,
    // since RSS's own `<author>` must be an e-mail address.
    out.push_str(
        "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n",
    );
    out.push_str("<channel>\n");
    push_element(&mut out, "title", channel.title);
    push_element(&mut out, "link", channel.link);
    push_element(&mut out, "description", channel.description);
    push_element(&mut out, "language", channel.language);
    if let Some(date) = channel.last_build_date {
        push_element(&mut out, "lastBuildDate", date);
    }
    out.push_str("<atom:link href=\"");
    out.push_str(&escape(channel.self_link));
    out.push_str("\" rel=\"self\" type=\"application/rss+xml\"/>\n");
    push_element(&mut out, "generator", "Khabar");
    for item in &channel.items {
        push_item(&mut out, item);
    }
    out.push_str("</channel>\n");
    out.push_str("</rss>\n");
    out
}

/// Appends one `<item>` element.
fn push_item(out: &mut String, item: &Item) {
    out.push_str("<item>\n");
    push_element(out, "title", item.title);
    push_element(out, "link", item.link);
    // Article URLs are stable, so the link doubles as the unique id; readers
    // use it to avoid showing the same article twice.
    out.push_str("<guid isPermaLink=\"true\">");
    out.push_str(&escape(item.link));
    out.push_str("</guid>\n");
    push_element(out, "description", item.description);
    push_element(out, "pubDate", item.pub_date);
    for category in &item.categories {
        push_element(out, "category", category);
    }
    push_element(out, "dc:creator", item.author);
    if let Some(image) = &item.image {
        out.push_str("<enclosure url=\"");
        out.push_str(&escape(image.url));
        out.push_str("\" length=\"");
        out.push_str(&image.length.to_string());
        out.push_str("\" type=\"");
        out.push_str(&escape(image.mime));
        out.push_str("\"/>\n");
    }
    out.push_str("</item>\n");
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
    use super::{Channel, Enclosure, Item, render};

    fn item<'a>(title: &'a str, link: &'a str) -> Item<'a> {
        Item {
            title,
            link,
            description: "Summary",
            pub_date: "Thu, 26 Nov 2026 07:30:00 +0000",
            categories: Vec::new(),
            author: "IRNA",
            image: None,
        }
    }

    fn channel(items: Vec<Item<'_>>) -> Channel<'_> {
        Channel {
            title: "Khabar",
            link: "https://khabar.example/fa/",
            self_link: "https://khabar.example/fa/rss.xml",
            description: "Latest news",
            language: "fa",
            last_build_date: None,
            items,
        }
    }

    /// Byte offset of `needle` in `haystack`, failing the test if absent.
    fn position(haystack: &str, needle: &str) -> usize {
        match haystack.find(needle) {
            Some(index) => index,
            None => panic!("{needle:?} not found in:\n{haystack}"),
        }
    }

    #[test]
    fn one_item_channel_exact_output() {
        let mut first = item("Title", "https://khabar.example/fa/news/1");
        first.categories = vec!["Politics"];
        first.image = Some(Enclosure {
            url: "https://khabar.example/img/1.jpg",
            mime: "image/jpeg",
            length: 12345,
        });
        let mut feed = channel(vec![first]);
        feed.last_build_date = Some("Thu, 26 Nov 2026 08:00:00 +0000");

        let expected = "\
<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">
<channel>
<title>Khabar</title>
<link>https://khabar.example/fa/</link>
<description>Latest news</description>
<language>fa</language>
<lastBuildDate>Thu, 26 Nov 2026 08:00:00 +0000</lastBuildDate>
<atom:link href=\"https://khabar.example/fa/rss.xml\" rel=\"self\" type=\"application/rss+xml\"/>
<generator>Khabar</generator>
<item>
<title>Title</title>
<link>https://khabar.example/fa/news/1</link>
<guid isPermaLink=\"true\">https://khabar.example/fa/news/1</guid>
<description>Summary</description>
<pubDate>Thu, 26 Nov 2026 07:30:00 +0000</pubDate>
<category>Politics</category>
<dc:creator>IRNA</dc:creator>
<enclosure url=\"https://khabar.example/img/1.jpg\" length=\"12345\" type=\"image/jpeg\"/>
</item>
</channel>
</rss>
";
        assert_eq!(render(&feed), expected);
    }

    #[test]
    fn empty_channel_has_header_and_no_items() {
        let xml = render(&channel(Vec::new()));
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss "));
        assert!(xml.ends_with("</channel>\n</rss>\n"));
        assert!(!xml.contains("<item>"));
        assert!(!xml.contains("<lastBuildDate>"));
        assert!(xml.contains("<generator>Khabar</generator>\n"));
    }

    #[test]
    fn channel_elements_are_in_order() {
        let mut feed = channel(vec![item("A", "https://khabar.example/a")]);
        feed.last_build_date = Some("Thu, 26 Nov 2026 08:00:00 +0000");
        let xml = render(&feed);
        let order = [
            "<channel>",
            "<title>Khabar</title>",
            "<link>",
            "<description>Latest news</description>",
            "<language>",
            "<lastBuildDate>",
            "<atom:link ",
            "<generator>",
            "<item>",
        ];
        for pair in order.windows(2) {
            assert!(
                position(&xml, pair[0]) < position(&xml, pair[1]),
                "{:?} should come before {:?}",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn items_keep_given_order() {
        let feed = channel(vec![
            item("First", "https://khabar.example/1"),
            item("Second", "https://khabar.example/2"),
        ]);
        let xml = render(&feed);
        assert_eq!(xml.matches("<item>").count(), 2);
        assert!(position(&xml, "<title>First</title>") < position(&xml, "<title>Second</title>"));
    }

    #[test]
    fn enclosure_only_when_image_present() {
        let mut with_image = item("With", "https://khabar.example/1");
        with_image.image = Some(Enclosure {
            url: "https://cdn.example/a.png?w=800&h=600",
            mime: "image/png",
            length: 0,
        });
        let feed = channel(vec![
            with_image,
            item("Without", "https://khabar.example/2"),
        ]);
        let xml = render(&feed);
        assert_eq!(xml.matches("<enclosure ").count(), 1);
        assert!(xml.contains(
            "<enclosure url=\"https://cdn.example/a.png?w=800&amp;h=600\" length=\"0\" type=\"image/png\"/>"
        ));
        // The enclosure belongs to the first item.
        assert!(position(&xml, "<enclosure ") < position(&xml, "<title>Without</title>"));
    }

    #[test]
    fn categories_are_repeated_in_order() {
        let mut tagged = item("Tagged", "https://khabar.example/1");
        tagged.categories = vec!["سیاست", "Economy", "Спорт & Co"];
        let xml = render(&channel(vec![tagged]));
        assert!(xml.contains(
            "<category>سیاست</category>\n<category>Economy</category>\n<category>Спорт &amp; Co</category>\n"
        ));
        // Categories sit between pubDate and the creator.
        assert!(position(&xml, "<pubDate>") < position(&xml, "<category>"));
        assert!(position(&xml, "</category>\n<dc:creator>") > 0);
    }

    #[test]
    fn no_category_elements_without_categories() {
        let xml = render(&channel(vec![item("Plain", "https://khabar.example/1")]));
        assert!(!xml.contains("<category>"));
    }

    #[test]
    fn titles_and_descriptions_are_escaped() {
        let mut hostile = item(
            "<script>alert('x')</script> & \"quotes\"",
            "https://khabar.example/search?q=a&lang=fa",
        );
        hostile.description = "<b>bold</b>";
        hostile.author = "AP & Reuters";
        let xml = render(&channel(vec![hostile]));
        assert!(xml.contains(
            "<title>&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;quotes&quot;</title>"
        ));
        assert!(xml.contains("<link>https://khabar.example/search?q=a&amp;lang=fa</link>"));
        assert!(xml.contains(
            "<guid isPermaLink=\"true\">https://khabar.example/search?q=a&amp;lang=fa</guid>"
        ));
        assert!(xml.contains("<description>&lt;b&gt;bold&lt;/b&gt;</description>"));
        assert!(xml.contains("<dc:creator>AP &amp; Reuters</dc:creator>"));
        assert!(!xml.contains("<script>"));
        assert!(!xml.contains("<b>"));
    }

    #[test]
    fn channel_fields_are_escaped() {
        let mut feed = channel(Vec::new());
        feed.title = "News & \"Views\"";
        feed.self_link = "https://khabar.example/rss?lang=fa&x=\"1\"";
        let xml = render(&feed);
        assert!(xml.contains("<title>News &amp; &quot;Views&quot;</title>"));
        assert!(xml.contains(
            "<atom:link href=\"https://khabar.example/rss?lang=fa&amp;x=&quot;1&quot;\""
        ));
    }

    #[test]
    fn non_latin_text_is_kept_as_utf8() {
        let mut persian = item("زلزله در کرمان", "https://khabar.example/fa/news/۱");
        persian.description = "گزارش خبرگزاری";
        persian.author = "ایرنا";
        let arabic = item("الأخبار العاجلة", "https://khabar.example/ar/news/2");
        let russian = item("Последние новости", "https://khabar.example/ru/news/3");
        let mut feed = channel(vec![persian, arabic, russian]);
        feed.title = "خبر";
        let xml = render(&feed);
        assert!(xml.contains("<title>خبر</title>"));
        assert!(xml.contains("<title>زلزله در کرمان</title>"));
        assert!(xml.contains("<link>https://khabar.example/fa/news/۱</link>"));
        assert!(xml.contains("<description>گزارش خبرگزاری</description>"));
        assert!(xml.contains("<dc:creator>ایرنا</dc:creator>"));
        assert!(xml.contains("<title>الأخبار العاجلة</title>"));
        assert!(xml.contains("<title>Последние новости</title>"));
        assert!(!xml.contains("&#"));
    }

    #[test]
    fn control_characters_are_dropped() {
        let xml = render(&channel(vec![item(
            "Bad\u{0}\u{1B}title",
            "https://khabar.example/1",
        )]));
        assert!(xml.contains("<title>Badtitle</title>"));
    }
}
