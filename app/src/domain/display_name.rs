use serde::{Deserialize, Serialize};

use super::ParseError;

/// The name an account shows in the header: 1 to 60 characters once
/// trimmed, inner runs of white space collapsed, no control or bidi
/// override characters (they could reorder the text around the name).
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
        if count == 0 || count > Self::MAX_CHARS || name.chars().any(forbidden) {
            return Err(ParseError::BadDisplayName);
        }
        Ok(DisplayName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
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
}
