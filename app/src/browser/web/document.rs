//! The page's document and location.

use wasm_bindgen::JsCast;

/// Sets a cookie from the page (`routes` writes its value).
pub fn set_cookie(value: &str) {
    if let Some(doc) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
    {
        let _ = doc.set_cookie(value);
    }
}

/// The page's own origin (`https://example.org`).
pub fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}
