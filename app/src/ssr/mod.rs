//! Server-only code (the `ssr` feature): the storage ports the server
//! implements, accounts (passwords, sessions, throttles, mail), search
//! normalisation, dates, Markdown bodies, and what server fns read from
//! the request and the Leptos context. The WASM bundle never links any of it.

pub mod accounts;
pub mod bundle;
pub mod context;
pub mod dates;
pub mod markdown;
pub mod newsroom;
pub mod reader;
pub mod request;
pub mod search;
pub mod store;
