//! How each language writes numbers, counts and dates. One implementation
//! for the server and the browser, so that a date or a count the app
//! writes after hydration is the very string the server sent (no `Intl`,
//! whose data and defaults differ between browsers).

pub mod bidi;
pub mod dates;
pub mod numerals;
pub mod plurals;
