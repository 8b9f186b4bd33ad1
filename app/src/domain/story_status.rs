//! Where a story stands in the newsroom, from first draft to readers and
//! back.

use serde::{Deserialize, Serialize};

use super::ParseError;

/// A story's place in the newsroom. Readers see `Published` stories only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StoryStatus {
    /// Being written; only the newsroom sees it.
    Draft,
    /// Submitted by its writer, waiting for an editor.
    Review,
    /// An editor set a time; the server publishes it then.
    Scheduled,
    /// Readers see it.
    Published,
    /// Was published, taken down by an editor: readers get 404.
    Unpublished,
}

impl StoryStatus {
    pub const ALL: [StoryStatus; 5] = [
        StoryStatus::Draft,
        StoryStatus::Review,
        StoryStatus::Scheduled,
        StoryStatus::Published,
        StoryStatus::Unpublished,
    ];

    /// The name stored in the database, used in addresses and story files.
    pub fn code(self) -> &'static str {
        match self {
            StoryStatus::Draft => "draft",
            StoryStatus::Review => "review",
            StoryStatus::Scheduled => "scheduled",
            StoryStatus::Published => "published",
            StoryStatus::Unpublished => "unpublished",
        }
    }

    pub fn parse(raw: &str) -> Result<StoryStatus, ParseError> {
        StoryStatus::ALL
            .into_iter()
            .find(|s| s.code() == raw)
            .ok_or(ParseError::UnknownStatus)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_its_name_and_nothing_else_parses() {
        for status in StoryStatus::ALL {
            assert_eq!(StoryStatus::parse(status.code()), Ok(status));
        }
        for bad in ["", "Draft", "live", "published ", "in review"] {
            assert_eq!(
                StoryStatus::parse(bad),
                Err(ParseError::UnknownStatus),
                "{bad:?}"
            );
        }
    }
}
