//! Shared XML text helpers for the feed and sitemap builders.

/// Escapes `text` so it can be placed inside XML element content or inside a
/// double- or single-quoted attribute value.
///
/// The five markup characters (`&`, `<`, `>`, `"`, `'`) become predefined
/// entities. Characters that XML 1.0 does not allow at all (C0 controls other
/// than tab, newline and carriage return, plus U+FFFE and U+FFFF) are dropped:
/// they cannot be written even as character references, and a single one makes
/// strict parsers reject the whole feed. Everything else, including
/// non-Latin scripts, is kept as UTF-8.
pub fn escape(text: &str) -> String {
    // Most input needs no escaping, so reserve for the plain case and let the
    // rare entity grow the buffer.
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            ch if is_xml_char(ch) => out.push(ch),
            _ => {}
        }
    }
    out
}

/// Whether `ch` matches the XML 1.0 `Char` production.
///
/// Surrogates (U+D800..U+DFFF) are also excluded there, but a Rust `char`
/// can never hold one, so they need no check.
fn is_xml_char(ch: char) -> bool {
    matches!(ch, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn plain_text_is_unchanged() {
        assert_eq!(escape("Breaking news 2026"), "Breaking news 2026");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn markup_characters_become_entities() {
        assert_eq!(
            escape(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &apos;y&apos;)&lt;/script&gt;"
        );
    }

    #[test]
    fn existing_entities_are_escaped_again() {
        // Input is plain text, not pre-escaped markup.
        assert_eq!(escape("&amp;"), "&amp;amp;");
    }

    #[test]
    fn non_latin_scripts_are_kept() {
        let text = "خبر فوری — последние новости — أخبار";
        assert_eq!(escape(text), text);
        assert_eq!(escape("گزارش «ویژه» & تحلیل"), "گزارش «ویژه» &amp; تحلیل");
    }

    #[test]
    fn allowed_whitespace_controls_are_kept() {
        assert_eq!(escape("a\tb\nc\rd"), "a\tb\nc\rd");
    }

    #[test]
    fn disallowed_characters_are_dropped() {
        assert_eq!(escape("a\u{0}b\u{8}c\u{B}d\u{C}e\u{1F}f"), "abcdef");
        assert_eq!(escape("x\u{FFFE}y\u{FFFF}z"), "xyz");
    }

    #[test]
    fn boundary_characters_are_kept() {
        // Highest BMP code point allowed, a C1 control (allowed in XML 1.0),
        // zero-width non-joiner (common in Persian) and an astral character.
        let text = "\u{FFFD}\u{85}\u{200C}\u{1F4F0}\u{10FFFF}";
        assert_eq!(escape(text), text);
    }
}
