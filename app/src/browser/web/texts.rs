//! Brings the UI strings of the page's language into the app (see `i18n`):
//! from the page's data block before hydration, and from the server before
//! a link takes the app to another language.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use crate::domain::Lang;
use crate::i18n;
use crate::routes;

/// Takes in the strings the page brought. Call before hydrating.
pub fn take_from_page() {
    let Some(block) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(i18n::PAGE_TEXTS_ID))
    else {
        return;
    };
    let lang = block
        .get_attribute("data-lang")
        .and_then(|code| Lang::parse(&code).ok());
    if let (Some(lang), Some(json)) = (lang, block.text_content()) {
        add(lang, &json);
    }
}

/// Parses a strings file with the browser's own JSON parser and takes it in.
fn add(lang: Lang, json: &str) -> bool {
    let Ok(parsed) = js_sys::JSON::parse(json) else {
        return false;
    };
    let Ok(array) = parsed.dyn_into::<js_sys::Array>() else {
        return false;
    };
    let values: Option<Vec<String>> = array.iter().map(|v| v.as_string()).collect();
    values.is_some_and(|values| i18n::add_texts(lang, values))
}

async fn fetch(lang: Lang) -> bool {
    let Ok(response) = gloo_net::http::Request::get(&routes::texts(lang))
        .send()
        .await
    else {
        return false;
    };
    if !response.ok() {
        return false;
    }
    match response.text().await {
        Ok(json) => add(lang, &json),
        Err(_) => false,
    }
}

/// The language a same-site address shows, when its strings are not here.
fn missing_language(path: &str) -> Option<Lang> {
    routes::lang_in_path(path).filter(|lang| !i18n::has_texts(*lang))
}

/// Holds back a link the router would follow to another language until that
/// language's strings are here. Call before hydrating, so this listener runs
/// before the router's own. Where the strings cannot be fetched, the page
/// loads in full instead (the server renders it; offline, the worker
/// answers). Back and forward only return to languages already shown.
pub fn hold_language_changes() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(|ev: web_sys::MouseEvent| {
        let Some(anchor) = super::document::clicked_link(&ev) else {
            return;
        };
        let Some(lang) = missing_language(&anchor.pathname()) else {
            return;
        };
        ev.prevent_default();
        leptos::task::spawn_local(async move {
            if fetch(lang).await {
                // Now the router takes the click as it would have.
                anchor.click();
            } else if let Some(window) = web_sys::window() {
                let _ = window.location().assign(&anchor.href());
            }
        });
    });
    if let Some(document) = window.document() {
        let _ = document.add_event_listener_with_callback_and_bool(
            "click",
            on_click.as_ref().unchecked_ref(),
            true,
        );
    }
    on_click.forget();
}
