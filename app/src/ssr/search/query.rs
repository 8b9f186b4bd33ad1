//! A reader's search box input, checked and turned into normalised words.

use super::normalize::tokens;
use crate::wire::QueryProblem;

/// Longer input is refused with a message rather than searched.
pub const MAX_QUERY_CHARS: usize = 200;

/// What the search port takes: at least one normalised word (see
/// `normalize`), to be found as a word prefix, all of them in one story.
/// Each engine's adapter writes them in its own query syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchTerms(Vec<String>);

impl SearchTerms {
    /// A reader's query: refused when empty, too long, or without words.
    pub fn parse(raw: &str) -> Result<SearchTerms, QueryProblem> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(QueryProblem::Empty);
        }
        if raw.chars().count() > MAX_QUERY_CHARS {
            return Err(QueryProblem::TooLong);
        }
        let words = tokens(raw);
        if words.is_empty() {
            return Err(QueryProblem::NoWords);
        }
        Ok(SearchTerms(words))
    }

    pub fn words(&self) -> &[String] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_blank_queries_ask_for_words() {
        assert_eq!(SearchTerms::parse(""), Err(QueryProblem::Empty));
        assert_eq!(SearchTerms::parse(" \t\n"), Err(QueryProblem::Empty));
    }

    #[test]
    fn overlong_queries_are_refused() {
        assert_eq!(
            SearchTerms::parse(&"ab ".repeat(400)),
            Err(QueryProblem::TooLong)
        );
        assert!(SearchTerms::parse(&"ب".repeat(MAX_QUERY_CHARS)).is_ok());
    }

    #[test]
    fn punctuation_only_has_no_words() {
        for raw in ["!!!", "\"*\"", "- ( ) :", "؟،؛"] {
            assert_eq!(
                SearchTerms::parse(raw),
                Err(QueryProblem::NoWords),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn fts_syntax_is_only_words() {
        let q = SearchTerms::parse(r#"wheat" OR NEAR(a b) -x * <script>"#).expect("words");
        assert!(
            q.words()
                .iter()
                .all(|word| word.chars().all(char::is_alphanumeric)),
            "{q:?}"
        );
        assert!(q.words().contains(&"script".to_owned()));
        assert!(q.words().contains(&"near".to_owned()));
    }

    #[test]
    fn arabic_letter_variants_normalise_to_the_same_terms() {
        let arabic = SearchTerms::parse("كتاب عربي").expect("words");
        let persian = SearchTerms::parse("کتاب عربی").expect("words");
        assert_eq!(arabic, persian);
    }
}
