//! The browser's side: drivers for what only a browser has (localStorage,
//! the service worker, `Intl`, timers, the share sheet, form fields, the
//! suggestions request) and the queue that sends a signed-in reader's
//! changes. The rules they serve live in `state/`; the drivers take plain
//! data and callbacks, and never import state.
//!
//! `web` holds the drivers the browser runs (the `hydrate` feature);
//! elsewhere `inert` stands in with the same calls, so the code that calls
//! them carries no `cfg` of its own. The worker messages, the handlers and
//! the send order are plain Rust, compiled and tested on both sides.

pub mod handlers;
pub mod messages;
pub mod queue;

#[cfg(not(feature = "hydrate"))]
mod inert;
#[cfg(feature = "hydrate")]
mod web;

#[cfg(not(feature = "hydrate"))]
pub use inert::*;
#[cfg(feature = "hydrate")]
pub use web::*;
