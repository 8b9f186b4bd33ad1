use serde::{Deserialize, Serialize};

use super::ParseError;
use crate::i18n::Texts;

/// The news sections. Their slugs are the same in every language; their
/// names come from the UI strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Category {
    Afghanistan,
    World,
    ArtsCulture,
    History,
    Business,
    Sport,
    WomenStudies,
    Videos,
    Photos,
}

impl Category {
    /// In the order of the navigation bar.
    pub const ALL: [Category; 9] = [
        Category::Afghanistan,
        Category::World,
        Category::ArtsCulture,
        Category::History,
        Category::Business,
        Category::Sport,
        Category::WomenStudies,
        Category::Videos,
        Category::Photos,
    ];

    pub fn parse(slug: &str) -> Result<Category, ParseError> {
        Category::ALL
            .into_iter()
            .find(|c| c.slug() == slug)
            .ok_or(ParseError::UnknownCategory)
    }

    pub fn slug(self) -> &'static str {
        match self {
            Category::Afghanistan => "afghanistan",
            Category::World => "world",
            Category::ArtsCulture => "arts-culture",
            Category::History => "history",
            Category::Business => "business",
            Category::Sport => "sport",
            Category::WomenStudies => "women-studies",
            Category::Videos => "videos",
            Category::Photos => "photos",
        }
    }

    pub fn name(self, texts: &Texts) -> &'static str {
        match self {
            Category::Afghanistan => texts.cat_afghanistan,
            Category::World => texts.cat_world,
            Category::ArtsCulture => texts.cat_arts_culture,
            Category::History => texts.cat_history,
            Category::Business => texts.cat_business,
            Category::Sport => texts.cat_sport,
            Category::WomenStudies => texts.cat_women_studies,
            Category::Videos => texts.cat_videos,
            Category::Photos => texts.cat_photos,
        }
    }

    /// Videos and Photos have their own media pages instead of a list page.
    pub fn is_media(self) -> bool {
        matches!(self, Category::Videos | Category::Photos)
    }
}

impl TryFrom<String> for Category {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Category::parse(&value)
    }
}

impl From<Category> for String {
    fn from(c: Category) -> String {
        c.slug().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Lang;

    #[test]
    fn every_slug_round_trips() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.slug()), Ok(c));
        }
    }

    #[test]
    fn unknown_slugs_are_rejected() {
        for bad in ["", "Sport", "sports", "arts_culture", "../world"] {
            assert_eq!(
                Category::parse(bad),
                Err(ParseError::UnknownCategory),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn every_category_is_named_in_every_language() {
        for lang in Lang::ALL {
            let names: std::collections::HashSet<_> =
                Category::ALL.iter().map(|c| c.name(lang.texts())).collect();
            assert_eq!(
                names.len(),
                Category::ALL.len(),
                "{lang}: names must differ"
            );
        }
    }
}
