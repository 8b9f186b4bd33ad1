//! Stories as the newsroom sees them: what a writer edits, what a save and
//! an editor's decision ask of the store, and what the store answers.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::store::Actor;
use crate::domain::{ArticleKind, Category, Lang, StoryStatus};
use crate::ssr::search::SearchTerms;
use crate::ssr::store::{StoredGalleryPhoto, StoredImage};

/// Everything a writer edits in one language version of a story. A
/// revision keeps exactly this, so restoring one restores all of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryFields {
    pub lang: Lang,
    pub slug: String,
    pub kind: ArticleKind,
    /// The first is the story's own section; at least one.
    pub categories: Vec<Category>,
    pub title: String,
    pub dek: String,
    pub body_markdown: String,
    pub byline: String,
    #[serde(default)]
    pub image: Option<StoredImage>,
    #[serde(default)]
    pub caption: String,
    #[serde(default)]
    pub video_src: Option<String>,
    #[serde(default)]
    pub gallery: Vec<StoredGalleryPhoto>,
}

/// A new story, or a new language version of one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStory {
    pub fields: StoryFields,
    /// The body as readers get it: rendered and sanitized.
    pub body_html: String,
    /// The story this version belongs to; a fresh one for a new story.
    pub translation_group: String,
    /// The version a translation starts from, marked for the translator.
    pub translated_from: Option<i64>,
    pub by: Actor,
    pub at: OffsetDateTime,
}

/// A save of a story that exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorySave {
    pub story: i64,
    /// The revision the editor started from: a save over anyone else's
    /// newer one is refused, never silently lost.
    pub base_revision: u32,
    pub fields: StoryFields,
    pub body_html: String,
    pub by: Actor,
    pub at: OffsetDateTime,
}

/// What `create_story` and `save_story` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    /// Written as revision `revision` of story `story`.
    Saved {
        story: i64,
        revision: u32,
    },
    /// Somebody saved revision `revision` since: nothing was written.
    Stale {
        revision: u32,
    },
    /// Another story in that language has the slug.
    SlugTaken,
    /// The story already has a version in that language.
    LanguageTaken,
    NoSuchStory,
}

/// An editor's (or a writer's) decision about a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoryAction {
    /// The writer hands a draft to the editors.
    Submit,
    /// Goes back to a draft, with a note for the writer.
    SendBack { note: String },
    /// Readers see it now (a published story: its newest revision).
    Publish,
    /// Readers see it at `at`.
    Schedule { at: OffsetDateTime },
    /// Readers get 404 again.
    Unpublish,
    /// Revision `number`'s fields become the newest revision.
    Restore { number: u32 },
}

impl StoryAction {
    /// The stages a story may be in for this action to apply.
    pub fn applies_to(&self) -> &'static [StoryStatus] {
        use StoryStatus::{Draft, Published, Review, Scheduled, Unpublished};
        match self {
            StoryAction::Submit => &[Draft],
            StoryAction::SendBack { .. } => &[Review, Scheduled],
            StoryAction::Publish => &[Draft, Review, Scheduled, Published, Unpublished],
            StoryAction::Schedule { .. } => &[Draft, Review, Scheduled, Unpublished],
            StoryAction::Unpublish => &[Published],
            StoryAction::Restore { .. } => &[Draft, Review, Scheduled, Published, Unpublished],
        }
    }
}

/// What `act` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActOutcome {
    /// Done; the story is now in `status`, at revision `revision`.
    Done {
        status: StoryStatus,
        revision: u32,
    },
    /// The story is in `status`, where the action does not apply (someone
    /// else acted first): nothing changed.
    WrongStage {
        status: StoryStatus,
    },
    /// Its slug is taken by another published story in its language.
    SlugTaken,
    NoSuchStory,
    NoSuchRevision,
}

/// One language version of a story, as the newsroom edits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    pub id: i64,
    pub translation_group: String,
    pub status: StoryStatus,
    /// The newest revision's fields: what the editor shows.
    pub fields: StoryFields,
    pub revision: u32,
    /// Whether readers see an older revision than the newest (a published
    /// story edited since).
    pub pending: bool,
    pub author: Option<i64>,
    pub author_name: String,
    pub created_at: OffsetDateTime,
    pub edited_at: OffsetDateTime,
    /// Readers' date: first publication.
    pub published_at: Option<OffsetDateTime>,
    pub updated_at: Option<OffsetDateTime>,
    pub publish_at: Option<OffsetDateTime>,
    pub review_note: String,
    pub translated_from: Option<i64>,
    /// Every language version of the story, this one included, by
    /// language code: id, language and stage.
    pub versions: Vec<(i64, Lang, StoryStatus)>,
}

/// A line of the story list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryLine {
    pub id: i64,
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub status: StoryStatus,
    pub category: Category,
    pub author_name: String,
    pub edited_at: OffsetDateTime,
    pub publish_at: Option<OffsetDateTime>,
    /// Every version of the story, this one included, by language.
    pub versions: Vec<(Lang, StoryStatus)>,
}

/// Which stories the list shows; `None` leaves a filter off.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoryFilter {
    pub lang: Option<Lang>,
    pub category: Option<Category>,
    pub status: Option<StoryStatus>,
    pub author: Option<i64>,
    /// Words every listed story holds (as the readers' search reads them).
    pub terms: Option<SearchTerms>,
}

/// A saved revision, as the revision list names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionLine {
    pub number: u32,
    pub saved_at: OffsetDateTime,
    /// Who saved it; empty for the command line.
    pub saved_by: String,
    pub title: String,
}

/// What an audit line about a story records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoryEvent {
    Created,
    Submitted,
    SentBack,
    Published,
    /// Published by the server at its scheduled time.
    PublishedOnSchedule,
    /// A published story's newest revision reached readers.
    Updated,
    /// To go live at this time.
    Scheduled(OffsetDateTime),
    Unpublished,
    /// Revision `n` was restored.
    Restored(u32),
}
