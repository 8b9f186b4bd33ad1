//! Why the newsroom refused to save a story or act on it. The messages are
//! the newsroom's own strings (`i18n::newsroom`), which only staff pages
//! bring, so readers' pages carry none of them.

use serde::{Deserialize, Serialize};

use crate::domain::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoryProblem {
    /// A story needs a headline before anything of it is saved.
    NoHeadline,
    /// A field is longer than its limit.
    TooLong,
    /// The address name holds something other than lowercase Latin
    /// letters, digits and single hyphens.
    BadSlug,
    /// Another story in the language has the address name.
    SlugTaken,
    /// The story already has a version in that language.
    LanguageTaken,
    /// Someone saved the story since the editor opened it.
    Stale,
    /// The story moved on (someone else acted first): the action no
    /// longer applies.
    WrongStage,
    /// A publication time that is malformed or not in the future.
    BadTime,
}

impl StoryProblem {
    pub const ALL: [StoryProblem; 8] = [
        StoryProblem::NoHeadline,
        StoryProblem::TooLong,
        StoryProblem::BadSlug,
        StoryProblem::SlugTaken,
        StoryProblem::LanguageTaken,
        StoryProblem::Stale,
        StoryProblem::WrongStage,
        StoryProblem::BadTime,
    ];

    pub fn status(self) -> u16 {
        match self {
            StoryProblem::NoHeadline
            | StoryProblem::TooLong
            | StoryProblem::BadSlug
            | StoryProblem::BadTime => 400,
            StoryProblem::SlugTaken
            | StoryProblem::LanguageTaken
            | StoryProblem::Stale
            | StoryProblem::WrongStage => 409,
        }
    }

    pub fn message(self, lang: Lang) -> &'static str {
        let n = crate::i18n::newsroom::texts(lang);
        match self {
            StoryProblem::NoHeadline => n.err_story_headline,
            StoryProblem::TooLong => n.err_story_too_long,
            StoryProblem::BadSlug => n.err_story_slug,
            StoryProblem::SlugTaken => n.err_story_slug_taken,
            StoryProblem::LanguageTaken => n.err_story_language_taken,
            StoryProblem::Stale => n.err_story_stale,
            StoryProblem::WrongStage => n.err_story_stage,
            StoryProblem::BadTime => n.err_story_time,
        }
    }

    /// The `?error=` code of a form posted without JavaScript.
    pub fn code(self) -> &'static str {
        match self {
            StoryProblem::NoHeadline => "story-headline",
            StoryProblem::TooLong => "story-too-long",
            StoryProblem::BadSlug => "story-slug",
            StoryProblem::SlugTaken => "story-slug-taken",
            StoryProblem::LanguageTaken => "story-language-taken",
            StoryProblem::Stale => "story-stale",
            StoryProblem::WrongStage => "story-stage",
            StoryProblem::BadTime => "story-time",
        }
    }
}
