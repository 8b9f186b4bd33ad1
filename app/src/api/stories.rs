//! The newsroom's story server fns. Each checks the caller's role itself
//! (`ssr::newsroom::access::require`) before it reads or changes anything:
//! anonymous visitors and readers get 404, as for an unknown address.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

use crate::codec::JsonOutput;
use crate::domain::{Category, Lang, Role, StoryStatus};
use crate::error::AppError;

/// A line of the story list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryLineView {
    pub id: i64,
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub status: StoryStatus,
    pub section: Category,
    /// Who started it; empty for an imported story.
    pub author: String,
    /// Unix seconds.
    pub edited_at: i64,
    /// Every version of the story, this one included.
    pub versions: Vec<(Lang, StoryStatus)>,
}

/// Someone the list can be filtered by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorView {
    pub id: i64,
    pub name: String,
}

/// One page of the story list, and what its filters offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryListView {
    pub stories: Vec<StoryLineView>,
    pub page: u32,
    pub total_pages: u32,
    pub authors: Vec<AuthorView>,
    /// The caller's role, for the links their role opens.
    pub role: Role,
}

/// How many stories a page of the list shows.
pub const STORIES_PER_PAGE: u32 = 30;

/// The story list, filtered: `in_lang` (a language code), `section` (a
/// section's slug), `status`, `author` (an account id) and `q` (words) are
/// each empty for "any". Staff only.
#[server(prefix = "/api", endpoint = "newsroom/stories", input = GetUrl, output = JsonOutput)]
pub async fn stories(
    lang: String,
    in_lang: String,
    section: String,
    status: String,
    author: String,
    q: String,
    page: String,
) -> Result<StoryListView, AppError> {
    let query = ssr::ListQuery {
        in_lang,
        section,
        status,
        author,
        q,
        page,
    };
    ssr::stories(&lang, &query).await
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::{AuthorView, STORIES_PER_PAGE, StoryLineView, StoryListView};
    use crate::api::accounts::ssr::lang;
    use crate::domain::{Category, Lang, PageNumber, Role, StoryStatus};
    use crate::error::AppError;
    use crate::ssr::context::{fail, internal, newsroom};
    use crate::ssr::newsroom::access::require;
    use crate::ssr::newsroom::stories::StoryFilter;
    use crate::ssr::search::SearchTerms;

    /// The list's filters as they arrive, every one a string.
    pub struct ListQuery {
        pub in_lang: String,
        pub section: String,
        pub status: String,
        pub author: String,
        pub q: String,
        pub page: String,
    }

    /// An empty value is no filter; anything else must parse. The values
    /// come from the page's own choices, so one that does not parse is a
    /// malformed request (400), not a missing page.
    fn optional<T, E>(
        raw: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<Option<T>, AppError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        parse(raw).map(Some).map_err(|_| fail(AppError::BadRequest))
    }

    fn filter(query: &ListQuery) -> Result<StoryFilter, AppError> {
        Ok(StoryFilter {
            lang: optional(&query.in_lang, Lang::parse)?,
            category: optional(&query.section, Category::parse)?,
            status: optional(&query.status, StoryStatus::parse)?,
            author: optional(&query.author, str::parse::<i64>)?,
            // Words that hold nothing searchable (only punctuation, say)
            // filter nothing out rather than refuse the page.
            terms: SearchTerms::parse(&query.q).ok(),
        })
    }

    pub async fn stories(lang_code: &str, query: &ListQuery) -> Result<StoryListView, AppError> {
        lang(lang_code)?;
        let staff = require(Role::Writer).await?;
        let filter = filter(query)?;
        let page = PageNumber::parse(Some(query.page.trim()).filter(|p| !p.is_empty()))
            .map_err(|_| fail(AppError::BadRequest))?;
        let newsroom = newsroom()?;
        let found = newsroom
            .stories(&filter, STORIES_PER_PAGE, page.offset(STORIES_PER_PAGE))
            .await
            .map_err(internal)?;
        let total_pages =
            u32::try_from(found.total.div_ceil(u64::from(STORIES_PER_PAGE))).unwrap_or(u32::MAX);
        let authors = newsroom
            .staff()
            .await
            .map_err(internal)?
            .into_iter()
            .map(|member| AuthorView {
                id: member.account,
                name: member.display_name,
            })
            .collect();
        Ok(StoryListView {
            stories: found
                .items
                .into_iter()
                .map(|line| StoryLineView {
                    id: line.id,
                    lang: line.lang,
                    slug: line.slug,
                    title: line.title,
                    status: line.status,
                    section: line.category,
                    author: line.author_name,
                    edited_at: line.edited_at.unix_timestamp(),
                    versions: line.versions,
                })
                .collect(),
            page: page.get(),
            total_pages,
            authors,
            role: staff.role,
        })
    }
}
