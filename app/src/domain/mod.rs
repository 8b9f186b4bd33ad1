//! Domain types: raw input from URLs and forms is parsed into these once, at
//! the edge, so everything behind them can trust it.

mod article_kind;
mod category;
mod display_name;
mod email;
mod lang;
mod page;
mod role;
mod slug;
mod story_status;

pub use article_kind::ArticleKind;
pub use category::Category;
pub use display_name::DisplayName;
pub use email::EmailAddress;
pub use lang::{Dir, Lang};
pub use page::PageNumber;
pub use role::Role;
pub use slug::Slug;
pub use story_status::StoryStatus;

/// Why a piece of raw input was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("unknown language code")]
    UnknownLang,
    #[error("unknown category")]
    UnknownCategory,
    #[error("not a valid slug")]
    BadSlug,
    #[error("not a valid page number")]
    BadPage,
    #[error("not a valid email address")]
    BadEmail,
    #[error("not a valid display name")]
    BadDisplayName,
    #[error("unknown kind of story")]
    UnknownKind,
    #[error("unknown newsroom role")]
    UnknownRole,
    #[error("unknown story status")]
    UnknownStatus,
}
