//! A reader's search box input, checked and turned into a safe FTS query.

use super::normalize::{fts_query, tokens};
use crate::dto::QueryProblem;

/// Longer input is refused with a message rather than searched.
pub const MAX_QUERY_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// Normalised words, for highlighting.
    pub terms: Vec<String>,
    /// The FTS5 MATCH expression: every word quoted, so no input can be
    /// read as FTS syntax.
    pub fts: String,
}

impl SearchQuery {
    pub fn parse(raw: &str) -> Result<SearchQuery, QueryProblem> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(QueryProblem::Empty);
        }
        if raw.chars().count() > MAX_QUERY_CHARS {
            return Err(QueryProblem::TooLong);
        }
        let terms = tokens(raw);
        let fts = fts_query(&terms).ok_or(QueryProblem::NoWords)?;
        Ok(SearchQuery { terms, fts })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_blank_queries_ask_for_words() {
        assert_eq!(SearchQuery::parse(""), Err(QueryProblem::Empty));
        assert_eq!(SearchQuery::parse(" \t\n"), Err(QueryProblem::Empty));
    }

    #[test]
    fn overlong_queries_are_refused() {
        assert_eq!(
            SearchQuery::parse(&"ab ".repeat(400)),
            Err(QueryProblem::TooLong)
        );
        assert!(SearchQuery::parse(&"ب".repeat(MAX_QUERY_CHARS)).is_ok());
    }

    #[test]
    fn punctuation_only_has_no_words() {
        for raw in ["!!!", "\"*\"", "- ( ) :", "؟،؛"] {
            assert_eq!(
                SearchQuery::parse(raw),
                Err(QueryProblem::NoWords),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn fts_syntax_is_quoted_away() {
        let q = SearchQuery::parse(r#"wheat" OR NEAR(a b) -x * <script>"#).expect("words");
        assert!(
            q.fts
                .split(' ')
                .all(|part| part.starts_with('"') && part.ends_with("\"*")),
            "{}",
            q.fts
        );
        assert!(q.terms.contains(&"script".to_owned()));
    }

    #[test]
    fn arabic_letter_variants_normalise_to_the_same_terms() {
        let arabic = SearchQuery::parse("كتاب عربي").expect("words");
        let persian = SearchQuery::parse("کتاب عربی").expect("words");
        assert_eq!(arabic, persian);
    }
}
