//! What the story editor needs of the browser: Markdown marks around the
//! selection, the address bar kept in step with a new story, and a question
//! before unsaved work is left behind.

use std::cell::{Cell, RefCell};

use leptos::prelude::{document, on_cleanup, window};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Puts `before` and `after` around the selection in the textarea `id`
/// (or around the cursor), keeps the selection on the same words, and
/// answers the field's new text.
pub fn mark_selection(id: &str, before: &str, after: &str) -> Option<String> {
    let field = document()
        .get_element_by_id(id)?
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .ok()?;
    let text = field.value();
    // Selection offsets count UTF-16 units, as JavaScript strings do.
    let units: Vec<u16> = text.encode_utf16().collect();
    let start = field.selection_start().ok()??.min(units.len() as u32) as usize;
    let end = field.selection_end().ok()??.min(units.len() as u32) as usize;
    let (start, end) = (start.min(end), start.max(end));
    let piece = |range: &[u16]| String::from_utf16_lossy(range);
    let marked = format!(
        "{}{before}{}{after}{}",
        piece(&units[..start]),
        piece(&units[start..end]),
        piece(&units[end..])
    );
    field.set_value(&marked);
    let shift = before.encode_utf16().count() as u32;
    let _ = field.set_selection_range(start as u32 + shift, end as u32 + shift);
    let _ = field.focus();
    Some(marked)
}

/// Shows `address` in the address bar without a navigation (a new
/// story's own address once its first save gave it an id).
pub fn show_address(address: &str) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(address));
    }
}

/// Whether there is unsaved work, what to ask before leaving it, and the
/// number of the page that set it.
type Guard = (Box<dyn Fn() -> bool>, String, u64);

thread_local! {
    static GUARD: RefCell<Option<Guard>> = const { RefCell::new(None) };
    static LISTENING: Cell<bool> = const { Cell::new(false) };
    static PAGES: Cell<u64> = const { Cell::new(0) };
}

/// The question to ask, if there is unsaved work.
fn question() -> Option<String> {
    GUARD.with_borrow(|guard| {
        guard
            .as_ref()
            .filter(|(unsaved, ..)| unsaved())
            .map(|(_, question, _)| question.clone())
    })
}

/// While the calling page is shown and `unsaved` says there is unsaved
/// work, closing or reloading the tab asks first (the browser's own
/// words), and so does following a link within the app (`question`).
/// Back and forward are not held: the work saves itself seconds later.
pub fn warn_before_leaving(unsaved: impl Fn() -> bool + 'static, question_text: &str) {
    // A page that replaces this one sets its guard before this one is
    // cleaned up: the cleanup takes away only its own.
    let page = PAGES.get() + 1;
    PAGES.set(page);
    GUARD.set(Some((Box::new(unsaved), question_text.to_owned(), page)));
    on_cleanup(move || {
        GUARD.with_borrow_mut(|guard| {
            if guard.as_ref().is_some_and(|(.., set_by)| *set_by == page) {
                *guard = None;
            }
        });
    });
    if LISTENING.replace(true) {
        return;
    }
    // Listeners for the page's lifetime, idle while no guard is set. The
    // click listener captures, so it runs before the router's own.
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(|ev: web_sys::MouseEvent| {
        if super::document::clicked_link(&ev).is_none() {
            return;
        }
        if let Some(question) = question()
            && !window().confirm_with_message(&question).unwrap_or(true)
        {
            ev.prevent_default();
        }
    });
    let _ = document().add_event_listener_with_callback_and_bool(
        "click",
        on_click.as_ref().unchecked_ref(),
        true,
    );
    on_click.forget();
    let on_unload = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        if question().is_some() {
            ev.prevent_default();
        }
    });
    let _ = window()
        .add_event_listener_with_callback("beforeunload", on_unload.as_ref().unchecked_ref());
    on_unload.forget();
}
