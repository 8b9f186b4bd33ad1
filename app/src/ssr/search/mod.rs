//! Search (server only): text normalisation shared by the index and the
//! queries, and the rules a reader's query must meet.

pub mod normalize;
mod query;

pub use query::{MAX_QUERY_CHARS, SearchTerms};
