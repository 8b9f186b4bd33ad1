//! The page's timers.

use std::time::Duration;

/// Runs `f` once, after `delay`.
pub fn after(delay: Duration, f: impl FnOnce() + 'static) {
    leptos::prelude::set_timeout(f, delay);
}
