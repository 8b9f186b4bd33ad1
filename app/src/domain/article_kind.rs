//! What a story is made of: text, a video report or a photo gallery.

use serde::{Deserialize, Serialize};

use super::ParseError;

/// Text story, video report or photo gallery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ArticleKind {
    Text,
    Video,
    Gallery,
}

impl ArticleKind {
    pub const ALL: [ArticleKind; 3] = [ArticleKind::Text, ArticleKind::Video, ArticleKind::Gallery];

    /// The name stored in the database and written in story files.
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleKind::Text => "text",
            ArticleKind::Video => "video",
            ArticleKind::Gallery => "gallery",
        }
    }

    pub fn parse(raw: &str) -> Result<ArticleKind, ParseError> {
        ArticleKind::ALL
            .into_iter()
            .find(|k| k.as_str() == raw)
            .ok_or(ParseError::UnknownKind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_its_name_and_nothing_else_parses() {
        for kind in ArticleKind::ALL {
            assert_eq!(ArticleKind::parse(kind.as_str()), Ok(kind));
        }
        for bad in ["", "Text", "audio", "text "] {
            assert_eq!(
                ArticleKind::parse(bad),
                Err(ParseError::UnknownKind),
                "{bad:?}"
            );
        }
    }
}
