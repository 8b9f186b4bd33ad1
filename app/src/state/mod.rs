//! The page's state and its rules, apart from the widgets that show it:
//! plain Rust that `cargo test` runs. Browser-only effects live in
//! `browser/`, which these rules call into only where the browser acts.

pub mod derived;
pub mod hydration;
pub mod offline;
pub mod page;
pub mod reader;
pub mod toasts;
