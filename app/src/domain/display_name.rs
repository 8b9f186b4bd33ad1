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
    let lower = name.to_lowercase();
    if lower.contains("://")
        || lower.contains("www.")
        || lower.contains('@')
        || lower.contains("mailto:")
    {
        return true;
    }
    let chars: Vec<char> = lower.chars().collect();
    chars.iter().enumerate().any(|(i, c)| {
        if *c != '.' && *c != '\u{3002}' && *c != '\u{FF0E}' {
            return false;
        }
        let before = i > 0 && chars[i - 1].is_alphanumeric();
        let after = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        let word_ends = chars
            .get(i + 1 + after)
            .is_none_or(|c| !c.is_alphanumeric());
        before && after >= 2 && word_ends
    })
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
