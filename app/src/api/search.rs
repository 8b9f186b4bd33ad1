//! Finding stories: the search page and suggestions while typing.

use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::codec::JsonOutput;
use crate::error::AppError;
use crate::wire::{SearchResults, Suggestion};

/// Results per search page.
pub const SEARCH_PAGE_SIZE: u32 = 10;
/// Suggestions under the search box.
pub const SUGGESTIONS: u32 = 6;

#[server(prefix = "/api", endpoint = "search", input = GetUrl, output = JsonOutput)]
pub async fn search(
    lang: String,
    q: Option<String>,
    page: Option<String>,
) -> Result<SearchResults, AppError> {
    ssr::search(&lang, q.as_deref().unwrap_or(""), page.as_deref()).await
}

#[server(prefix = "/api", endpoint = "suggest", input = GetUrl, output = JsonOutput)]
pub async fn suggest(lang: String, q: String) -> Result<Vec<Suggestion>, AppError> {
    ssr::suggest(&lang, &q).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::{SEARCH_PAGE_SIZE, SUGGESTIONS};
    use crate::api::ssr::card;
    use crate::domain::{Lang, PageNumber};
    use crate::error::AppError;
    use crate::routes;
    use crate::ssr::context::{fail, internal, store};
    use crate::ssr::search::SearchTerms;
    use crate::ssr::search::normalize::highlight;
    use crate::wire::{Marked, SearchHit, SearchOutcome, SearchResults, Suggestion};

    fn marked(text: &str, terms: &[String]) -> Vec<Marked> {
        highlight(text, terms)
            .into_iter()
            .map(|(text, hit)| Marked { text, hit })
            .collect()
    }

    pub async fn search(
        lang: &str,
        raw: &str,
        page: Option<&str>,
    ) -> Result<SearchResults, AppError> {
        let lang = Lang::parse(lang).map_err(|e| fail(e.into()))?;
        let page = PageNumber::parse(page).map_err(|e| fail(e.into()))?;
        let query = raw.to_owned();
        let parsed = match SearchTerms::parse(raw) {
            Ok(parsed) => parsed,
            Err(problem) => {
                return Ok(SearchResults {
                    query,
                    outcome: SearchOutcome::Refused(problem),
                });
            }
        };
        let found = store()?
            .search(
                lang,
                &parsed,
                SEARCH_PAGE_SIZE,
                page.offset(SEARCH_PAGE_SIZE),
            )
            .await
            .map_err(internal)?;
        let total_pages = u32::try_from(found.total.div_ceil(u64::from(SEARCH_PAGE_SIZE)))
            .unwrap_or(u32::MAX)
            .max(1);
        if page.get() > total_pages {
            return Err(fail(AppError::NotFound));
        }
        let hits = found
            .items
            .into_iter()
            .map(|summary| {
                let title = marked(&summary.title, parsed.words());
                let dek = marked(&summary.dek, parsed.words());
                SearchHit {
                    card: card(summary),
                    title,
                    dek,
                }
            })
            .collect();
        Ok(SearchResults {
            query,
            outcome: SearchOutcome::Found {
                hits,
                total: found.total,
                page: page.get(),
                total_pages,
            },
        })
    }

    pub async fn suggest(lang: &str, raw: &str) -> Result<Vec<Suggestion>, AppError> {
        let lang = Lang::parse(lang).map_err(|e| fail(e.into()))?;
        // Half-typed input is normal here: no words yet means no suggestions.
        let Ok(parsed) = SearchTerms::parse(raw) else {
            return Ok(Vec::new());
        };
        let found = store()?
            .search(lang, &parsed, SUGGESTIONS, 0)
            .await
            .map_err(internal)?;
        Ok(found
            .items
            .into_iter()
            .map(|s| Suggestion {
                href: routes::article(s.lang, &s.slug),
                lang: s.lang,
                title: s.title,
            })
            .collect())
    }
}
