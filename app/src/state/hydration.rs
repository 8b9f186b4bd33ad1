//! When the page has finished hydrating. Hydration can pause: a page whose
//! code sits in a lazily loaded WASM chunk hydrates only once that chunk has
//! arrived, while effects elsewhere on the page are already running. State
//! the browser changes "after hydration" (the local reading list, the
//! worker's reports) must wait for the whole page: changed earlier, the part
//! still hydrating no longer matches the server's HTML.

use leptos::prelude::*;

thread_local! {
    // One page per browser tab, and one thread: a signal outside any owner
    // lives as long as the page.
    static HYDRATED: ArcRwSignal<bool> = ArcRwSignal::new(false);
}

/// Whether the whole page has hydrated. Tracked: an effect that reads it
/// runs again when hydration finishes. Always false on the server.
pub fn hydrated() -> bool {
    HYDRATED.with(|done| done.get())
}

/// Called once by the browser's entry point when hydration has finished.
pub fn finish() {
    HYDRATED.with(|done| done.set(true));
}
