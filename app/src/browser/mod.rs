//! The browser's side (the `hydrate` feature): drivers for what only a
//! browser has (localStorage, the service worker, `Intl`, the clock) and
//! the queue that sends a signed-in reader's changes. The rules they serve
//! live in `state/`. The worker messages are compiled for the tests too.

pub mod messages;
pub mod queue;

#[cfg(feature = "hydrate")]
pub mod intl;
#[cfg(feature = "hydrate")]
pub mod save_queue;
#[cfg(feature = "hydrate")]
pub mod storage;
#[cfg(feature = "hydrate")]
pub mod worker;
