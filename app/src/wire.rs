//! The serde types that cross the wire. Everything a component shows is
//! display-ready here (dates formatted for the reader's calendar, HTML
//! sanitized), so server render and hydration see the same values.

use serde::{Deserialize, Serialize};

use crate::domain::{ArticleKind, Category, Lang};

/// A date as the reader's locale writes it, plus its machine form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateStamp {
    /// RFC 3339, for `<time datetime>` and structured data.
    pub iso: String,
    /// Localised text: Solar Hijri with Afghan month names in fa and ps.
    pub display: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub src: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

/// What a list shows of a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleCard {
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub dek: String,
    pub kind: ArticleKind,
    pub category: Category,
    pub published: DateStamp,
    pub image: Option<Image>,
}

impl ArticleCard {
    pub fn href(&self) -> String {
        crate::routes::article(self.lang, &self.slug)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GalleryPhoto {
    pub src: String,
    pub caption: String,
    pub width: u32,
    pub height: u32,
}

/// One language version of a story, linked from the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Translation {
    pub lang: Lang,
    pub slug: String,
    pub title: String,
}

impl Translation {
    pub fn href(&self) -> String {
        crate::routes::article(self.lang, &self.slug)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub dek: String,
    pub kind: ArticleKind,
    pub categories: Vec<Category>,
    pub published: DateStamp,
    pub updated: Option<DateStamp>,
    pub image: Option<Image>,
    pub caption: String,
    pub byline: String,
    /// Rendered from Markdown and sanitized on the server.
    pub body_html: String,
    pub video_src: Option<String>,
    pub gallery: Vec<GalleryPhoto>,
}

impl Article {
    pub fn primary_category(&self) -> Category {
        self.categories
            .first()
            .copied()
            .unwrap_or(Category::Afghanistan)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticlePage {
    pub article: Article,
    /// Other language versions of this story.
    pub translations: Vec<Translation>,
    pub related: Vec<ArticleCard>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategorySection {
    pub category: Category,
    pub stories: Vec<ArticleCard>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomePage {
    pub latest: Vec<ArticleCard>,
    pub sections: Vec<CategorySection>,
}

impl HomePage {
    /// The stories the page links to, in page order, each once (a story
    /// may be both among the latest and in its section).
    pub fn linked_stories(&self) -> Vec<String> {
        let mut hrefs: Vec<String> = Vec::new();
        for card in self
            .latest
            .iter()
            .chain(self.sections.iter().flat_map(|s| s.stories.iter()))
        {
            let href = card.href();
            if !hrefs.contains(&href) {
                hrefs.push(href);
            }
        }
        hrefs
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryListing {
    pub category: Category,
    pub page: u32,
    pub total_pages: u32,
    pub stories: Vec<ArticleCard>,
}

/// Why a search was not run; the page explains it instead of failing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueryProblem {
    Empty,
    TooLong,
    NoWords,
}

/// A piece of text, marked when it matched the search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marked {
    pub text: String,
    pub hit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    pub card: ArticleCard,
    pub title: Vec<Marked>,
    pub dek: Vec<Marked>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SearchOutcome {
    Refused(QueryProblem),
    Found {
        hits: Vec<SearchHit>,
        total: u64,
        page: u32,
        total_pages: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    /// The query as typed (shown back to the reader, escaped by the view).
    pub query: String,
    pub outcome: SearchOutcome,
}

/// A story offered while the reader types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub lang: Lang,
    pub title: String,
    pub href: String,
}

// ------------------------------------------------------------ the reader

/// The signed-in reader, as the header and account page show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub display_name: String,
    pub email: String,
}

/// A browser signed in to the reader's account, as the account page lists
/// it. `handle` names the session to end without revealing anything of its
/// token; times are Unix seconds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceView {
    pub handle: String,
    /// "Firefox · Android", or empty when the browser did not say.
    pub device: String,
    pub signed_in_at: i64,
    pub last_seen_at: i64,
    /// The browser asking.
    pub current: bool,
}

/// One story on a reading list. `saved_at` (Unix seconds) orders the list
/// and lets Undo put a story back where it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedItem {
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub saved_at: i64,
    /// "When saved" as the server wrote it for the page being rendered, so
    /// the first browser render matches the server's; the browser writes
    /// its own once running (`state::reader::saved_on`).
    #[serde(default)]
    pub saved_on: String,
}

impl SavedItem {
    pub fn is(&self, lang: Lang, slug: &str) -> bool {
        self.lang == lang && self.slug == slug
    }
}

/// What the page knows about its reader when it is rendered: the account
/// (if signed in) and that account's reading list, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSnapshot {
    pub account: Option<AccountView>,
    pub saved: Vec<SavedItem>,
}

/// The most stories one reading list holds.
pub const MAX_SAVED: usize = 500;

/// How a line fared between two revisions of a story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Same,
    Removed,
    Added,
}

/// A line of a comparison of two revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLine {
    pub change: Change,
    pub text: String,
}
