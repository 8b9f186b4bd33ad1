#![recursion_limit = "256"]
//! The WebAssembly entry: hydrates the server-rendered page, after which
//! navigation happens in the browser and only server fns cross the wire.

use wasm_bindgen_futures::spawn_local;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    // The page's language's strings, and the guard that fetches another
    // language's before the router shows it (its listeners must come first).
    app::browser::texts::take_from_page();
    app::browser::texts::hold_language_changes();
    // Pages whose code sits in a lazily loaded chunk (account pages, the
    // reading list, search) hydrate only once that chunk has arrived, so
    // hydration is asynchronous.
    spawn_local(async move {
        leptos::mount::hydrate_from_async(body.clone(), app::App)
            .await
            .forget();
        app::state::hydration::finish();
        // Tells tests (and any script that cares) the page is now interactive.
        let _ = body.set_attribute("data-hydrated", "");
    });
}
