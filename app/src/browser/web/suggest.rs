//! Suggestions while the reader types: one pending timer and one request
//! at a time (debounced, the stale request aborted).

use std::cell::RefCell;
use std::time::Duration;

use leptos::prelude::{TimeoutHandle, set_timeout_with_handle};

use crate::api::Suggest;
use crate::domain::Lang;
use crate::routes::server_fn_url;
use crate::wire::Suggestion;

/// Waiting this long after the last key press before asking the server.
const DEBOUNCE_MS: u64 = 250;

thread_local! {
    static TIMER: RefCell<Option<TimeoutHandle>> = const { RefCell::new(None) };
    static REQUEST: RefCell<Option<web_sys::AbortController>> = const { RefCell::new(None) };
}

/// Drops the pending timer and aborts the request in flight.
pub fn cancel() {
    if let Some(timer) = TIMER.with_borrow_mut(Option::take) {
        timer.clear();
    }
    if let Some(request) = REQUEST.with_borrow_mut(Option::take) {
        request.abort();
    }
}

pub fn ask(lang: Lang, text: String, show: impl Fn(Vec<Suggestion>) + 'static) {
    cancel();
    if text.trim().chars().count() < 2 {
        show(Vec::new());
        return;
    }
    let fire = move || {
        let Ok(controller) = web_sys::AbortController::new() else {
            return;
        };
        let signal = controller.signal();
        REQUEST.with_borrow_mut(|r| *r = Some(controller));
        let url = server_fn_url::<Suggest>(&[("lang", lang.code()), ("q", &text)]);
        leptos::task::spawn_local(async move {
            let response = gloo_net::http::Request::get(&url)
                .abort_signal(Some(&signal))
                .send()
                .await;
            // An aborted or failed request shows nothing new.
            if let Ok(response) = response
                && response.ok()
                && let Ok(text) = response.text().await
                && let Ok(found) = crate::codec::from_str::<Vec<Suggestion>>(&text)
            {
                show(found);
            }
        });
    };
    if let Ok(timer) = set_timeout_with_handle(fire, Duration::from_millis(DEBOUNCE_MS)) {
        TIMER.with_borrow_mut(|t| *t = Some(timer));
    }
}
