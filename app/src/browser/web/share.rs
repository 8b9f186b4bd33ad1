//! The browser's share sheet and clipboard, where it has them.

use wasm_bindgen::JsCast;

/// Whether `navigator.share` exists.
pub fn can_share() -> bool {
    web_sys::window().is_some_and(|w| {
        js_sys::Reflect::get(&w.navigator(), &"share".into()).is_ok_and(|f| f.is_function())
    })
}

/// Opens the share sheet; the reader may close it, which is no error.
pub fn share(title: &str, url: &str) {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return;
    };
    let data = js_sys::Object::new();
    for (key, value) in [("title", title), ("url", url)] {
        let _ = js_sys::Reflect::set(&data, &key.into(), &value.into());
    }
    let share = js_sys::Reflect::get(&navigator, &"share".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(promise) = share
        .and_then(|f| f.call1(&navigator, &data).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
    {
        leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}

/// Puts `url` on the clipboard, then calls `done`.
pub fn copy(url: &str, done: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = window.navigator().clipboard().write_text(url);
    leptos::task::spawn_local(async move {
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            done();
        }
    });
}
