use serde::{Deserialize, Serialize};

use super::ParseError;

/// The URL name of an article: lowercase ASCII letters, digits and single
/// hyphens, 1 to 120 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    pub const MAX_LEN: usize = 120;

    pub fn parse(raw: &str) -> Result<Slug, ParseError> {
        let well_formed = !raw.is_empty()
            && raw.len() <= Self::MAX_LEN
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !raw.starts_with('-')
            && !raw.ends_with('-')
            && !raw.contains("--");
        if well_formed {
            Ok(Slug(raw.to_owned()))
        } else {
            Err(ParseError::BadSlug)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// How long a suggested name may grow: long enough for a headline's
    /// gist, short enough for an address someone reads aloud.
    const SUGGESTED_LEN: usize = 80;

    /// A name made of a headline's words written in Latin letters and
    /// digits, or `None` when it has none (a Dari or Russian headline: the
    /// newsroom then names the story itself, and the writer may edit it).
    pub fn suggest(headline: &str) -> Option<Slug> {
        let mut name = String::new();
        let words = headline
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty() && word.is_ascii());
        for word in words {
            let room = Self::SUGGESTED_LEN - name.len();
            let needed = word.len() + usize::from(!name.is_empty());
            if needed > room {
                if name.is_empty() {
                    name.push_str(&word[..room]);
                }
                break;
            }
            if !name.is_empty() {
                name.push('-');
            }
            name.push_str(&word.to_ascii_lowercase());
        }
        Slug::parse(&name).ok()
    }
}

impl TryFrom<String> for Slug {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Slug::parse(&value)
    }
}

impl From<Slug> for String {
    fn from(slug: Slug) -> String {
        slug.0
    }
}

impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_lowercase_words_joined_by_hyphens() {
        for ok in ["a", "minaret-of-jam", "2026-harvest", "x1-y2"] {
            assert_eq!(Slug::parse(ok).map(|s| s.to_string()), Ok(ok.to_owned()));
        }
    }

    #[test]
    fn rejects_anything_that_is_not_a_clean_slug() {
        let too_long = "a".repeat(Slug::MAX_LEN + 1);
        for bad in [
            "", "-a", "a-", "a--b", "A-b", "a b", "a/b", "../etc", "a%20b", "خبر", "a_b", &too_long,
        ] {
            assert_eq!(Slug::parse(bad), Err(ParseError::BadSlug), "{bad:?}");
        }
    }

    #[test]
    fn suggests_a_name_from_a_headlines_latin_words() {
        let name = |headline: &str| Slug::suggest(headline).map(String::from);
        assert_eq!(
            name("Wheat prices fall in Herat, 2026"),
            Some("wheat-prices-fall-in-herat-2026".into())
        );
        // Words in other scripts (and letters with marks) are left out,
        // not cut into pieces.
        assert_eq!(
            name("Café owners — Kabul’s new year"),
            Some("owners-kabul-s-new-year".into())
        );
        assert_eq!(name("قیمت گندم در هرات"), None);
        assert_eq!(name("  ...  "), None);
        let long = "word ".repeat(40);
        let suggested = Slug::suggest(&long).expect("a name");
        assert!(suggested.as_str().len() <= 80, "{suggested}");
        assert!(!suggested.as_str().ends_with('-'));
        let one_long_word = "a".repeat(300);
        assert_eq!(name(&one_long_word).map(|n| n.len()), Some(80));
    }

    #[test]
    fn deserializing_validates_too() {
        assert!(serde_json::from_str::<Slug>("\"ok-slug\"").is_ok());
        assert!(serde_json::from_str::<Slug>("\"Not OK\"").is_err());
    }
}
