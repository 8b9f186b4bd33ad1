use serde::{Deserialize, Serialize};

use super::ParseError;

/// The name an account shows in the header: 1 to 60 characters once
/// trimmed, inner runs of white space collapsed, no control or bidi
/// override characters (they could reorder the text around the name), and
/// nothing that reads as a web or email address: a name is text a stranger
/// can choose for someone else's email address, and must never be able to
/// send its reader anywhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 60;

    pub fn parse(raw: &str) -> Result<DisplayName, ParseError> {
        let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let forbidden = |c: char| {
            c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        };
        let count = name.chars().count();
        if count == 0
            || count > Self::MAX_CHARS
            || name.chars().any(forbidden)
            || looks_like_address(&name)
        {
            return Err(ParseError::BadDisplayName);
        }
        Ok(DisplayName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A scheme (`https://`, `mailto:`), `www.`, an `@`, or a word like
/// `example.com` / `bit.ly` (a letter or digit, a dot, two or more Latin
/// letters): what mail programs and chat apps turn into links. Initials
/// with a space ("M. Ahmadi"), dotted abbreviations ("U.N.") and Persian
/// initials ("م.احمدی") stay fine; "Dr.Ahmad" must take a space.
fn looks_like_address(name: &str) -> bool {
    // Full-width forms (ｅｖｉｌ．ｃｏｍ, ：／／) read as their ASCII letters.
    let folded: String = name
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect::<String>()
        .to_lowercase();
    if folded.contains("://")
        || folded.contains("www.")
        || folded.contains('@')
        || folded.contains("mailto:")
    {
        return true;
    }
    let is_dot = |c: char| matches!(c, '.' | '\u{3002}' | '\u{FE52}' | '\u{2024}' | '\u{FF61}');
    let chars: Vec<char> = folded.chars().collect();
    chars.iter().enumerate().any(|(i, c)| {
        if !is_dot(*c) || i == 0 || !chars[i - 1].is_alphanumeric() {
            return false;
        }
        // The word after the dot, up to anything that is not a letter.
        let word: String = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_alphabetic())
            .collect();
        let word_ends = chars
            .get(i + 1 + word.chars().count())
            .is_none_or(|c| !c.is_alphanumeric());
        word_ends && is_top_level_domain(&word)
    })
}

/// Any two or more Latin letters (.com, .ly), or one of the Cyrillic
/// top-level domains. Other Cyrillic or Arabic-script words after a dot
/// are initials ("А.Петров", "م.احمدی"), not addresses.
fn is_top_level_domain(word: &str) -> bool {
    const CYRILLIC: [&str; 12] = [
        "рф",
        "рус",
        "бел",
        "укр",
        "срб",
        "мкд",
        "қаз",
        "бг",
        "мон",
        "онлайн",
        "сайт",
        "орг",
    ];
    (word.len() >= 2 && word.chars().all(|c| c.is_ascii_alphabetic())) || CYRILLIC.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_any_script_are_kept_tidy() {
        assert_eq!(
            DisplayName::parse("  مریم   احمدی ").expect("ok").as_str(),
            "مریم احمدی"
        );
        assert_eq!(DisplayName::parse("Фарҳод").expect("ok").as_str(), "Фарҳод");
    }

    #[test]
    fn empty_long_or_tricky_names_are_rejected() {
        for bad in ["", "   ", "a\u{0}b", "x\u{202E}y", "z\u{2067}"] {
            assert_eq!(
                DisplayName::parse(bad),
                Err(ParseError::BadDisplayName),
                "{bad:?}"
            );
        }
        assert!(DisplayName::parse(&"ن".repeat(60)).is_ok());
        assert!(DisplayName::parse(&"ن".repeat(61)).is_err());
    }

    #[test]
    fn names_that_read_as_addresses_are_refused() {
        for link in [
            "URGENT: verify at https://evil.example",
            "see evil.com now",
            "bit.ly/x",
            "www.example",
            "support@rascnews.example",
            "Mailto:x",
            "پشتیبانی evil.co",
            "حساب example。com",
            "ｅｖｉｌ．ｃｏｍ",
            "ｈｔｔｐｓ：／／x",
            "сайт evil.рф",
            "evil﹒com",
            "evil․com",
        ] {
            assert_eq!(
                DisplayName::parse(link),
                Err(ParseError::BadDisplayName),
                "{link:?}"
            );
        }
        for fine in [
            "M. Ahmadi",
            "U.N. Desk",
            "Dr. Sara",
            "J.R. Karimi",
            "مریم.",
            "A.I",
            "Фарҳод 2.0",
            "م.احمدی",
        ] {
            assert!(DisplayName::parse(fine).is_ok(), "{fine:?}");
        }
    }
}
