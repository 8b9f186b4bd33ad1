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

/// The same-site link a plain click (the main button, no modifier, not
/// handled already) is about to follow in this tab, if any.
pub fn clicked_link(ev: &web_sys::MouseEvent) -> Option<web_sys::HtmlAnchorElement> {
    let plain =
        ev.button() == 0 && !(ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key());
    if ev.default_prevented() || !plain {
        return None;
    }
    let anchor = ev
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("a[href]")
        .ok()
        .flatten()?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .ok()?;
    let new_window = !matches!(anchor.target().as_str(), "" | "_self");
    let ours = anchor.origin() == origin();
    (ours && !new_window && !anchor.has_attribute("download")).then_some(anchor)
}

/// Loads the current address again, in full.
pub fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// The page's own origin (`https://example.org`).
pub fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Whether the browser thinks it is online.
pub fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}
