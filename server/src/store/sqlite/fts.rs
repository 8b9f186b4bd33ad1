//! The SQLite FTS5 query for normalised search words. Only this adapter
//! knows FTS5 syntax; the port hands it plain words.

/// Builds an FTS5 MATCH expression: every term as a quoted prefix phrase
/// (`"term"*`), joined by spaces (implicit AND). Inside a quoted FTS5 string
/// only `"` is special, so removing it makes any input safe: `NEAR`, `*`,
/// `-`, `(`, `:` are then just characters for the tokenizer. `None` when no
/// term is left to search for.
#[must_use]
pub(super) fn fts_query(terms: &[String]) -> Option<String> {
    let phrases: Vec<String> = terms.iter().filter_map(|term| fts_phrase(term)).collect();
    (!phrases.is_empty()).then(|| phrases.join(" "))
}

fn fts_phrase(term: &str) -> Option<String> {
    // NUL would end the string early in SQLite's C parser.
    let inner: String = term.chars().filter(|&c| c != '"' && c != '\0').collect();
    if inner.trim().is_empty() {
        return None;
    }
    Some(format!("\"{inner}\"*"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::ssr::search::normalize::tokens;

    fn terms(words: &[&str]) -> Vec<String> {
        words.iter().map(|word| (*word).to_owned()).collect()
    }

    /// Checks the query is only `"…"*` groups separated by single spaces:
    /// scanning like FTS5 does, each quote opens a string that the next
    /// quote closes, and nothing but `*` and a space may follow it.
    fn assert_safe_fts(query: &str) {
        let mut rest = query;
        loop {
            let inner = rest.strip_prefix('"').expect("a group opens with a quote");
            let close = inner.find('"').expect("the group is closed");
            assert!(!inner[..close].is_empty(), "empty phrase in {query:?}");
            let after = inner[close + 1..]
                .strip_prefix('*')
                .expect("a prefix star follows");
            if after.is_empty() {
                return;
            }
            rest = after
                .strip_prefix(' ')
                .expect("groups are separated by one space");
        }
    }

    #[test]
    fn fts_query_is_none_without_terms() {
        assert_eq!(fts_query(&[]), None);
        assert_eq!(fts_query(&terms(&["", "\"\"", "  "])), None);
    }

    #[test]
    fn fts_query_quotes_each_term_as_prefix() {
        assert_eq!(
            fts_query(&terms(&["iran", "news"])).as_deref(),
            Some("\"iran\"* \"news\"*")
        );
        assert_eq!(fts_query(&terms(&["کشور"])).as_deref(), Some("\"کشور\"*"));
    }

    #[test]
    fn fts_query_is_safe_for_hostile_terms() {
        let hostile = terms(&[
            "a\"b",
            "\"",
            "*",
            "NEAR",
            "NEAR(x y)",
            "-x",
            "(",
            "col:x",
            "\"OR\"",
            "a\0b",
        ]);
        let query = fts_query(&hostile).expect("some terms survive");
        assert_eq!(
            query,
            "\"ab\"* \"*\"* \"NEAR\"* \"NEAR(x y)\"* \"-x\"* \"(\"* \"col:x\"* \"OR\"* \"ab\"*"
        );
        assert_safe_fts(&query);
    }

    #[test]
    fn fts_query_from_tokens_is_safe() {
        let query = fts_query(&tokens("NEAR(\"a\" b) -c col:d *e AND \"")).expect("tokens found");
        assert_eq!(
            query,
            "\"near\"* \"a\"* \"b\"* \"c\"* \"col\"* \"d\"* \"e\"* \"and\"*"
        );
        assert_safe_fts(&query);
    }
}
