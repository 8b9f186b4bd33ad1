//! The header's search box. Without JavaScript it is a plain GET form to
//! the search page; after hydration it suggests stories as the reader types
//! (debounced, the stale request aborted), navigable with the arrow keys.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use crate::routes;
use crate::state::page::use_lang;
use crate::wire::Suggestion;

/// Waiting this long after the last key press before asking the server.
#[cfg(feature = "hydrate")]
const DEBOUNCE_MS: u64 = 250;

#[component]
pub fn SearchBox() -> impl IntoView {
    let lang = use_lang();
    let suggestions = RwSignal::new(Vec::<Suggestion>::new());
    let active = RwSignal::new(None::<usize>);
    let open = move || !suggestions.read().is_empty();
    let close = move || {
        suggestions.set(Vec::new());
        active.set(None);
        #[cfg(feature = "hydrate")]
        live::cancel();
    };
    let location = use_location();
    Effect::watch(
        move || location.pathname.get(),
        move |_, _, _| close(),
        false,
    );

    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        #[cfg(feature = "hydrate")]
        live::ask(lang.get(), text, move |found| {
            active.set(None);
            suggestions.set(found);
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = text;
    };
    let navigate = use_navigate();
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = suggestions.read().len();
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            "Enter" => {
                let chosen = active
                    .get()
                    .and_then(|i| suggestions.read().get(i).map(|s| s.href.clone()));
                if let Some(href) = chosen {
                    ev.prevent_default();
                    close();
                    navigate(&href, Default::default());
                }
            }
            "Escape" => close(),
            _ => {}
        }
    };

    view! {
        <form class="site-search" role="search" action=move || routes::search(lang.get()) method="get">
            <label class="visually-hidden" for="site-search-q">
                {move || lang.get().texts().search_label}
            </label>
            <input
                id="site-search-q"
                type="search"
                name="q"
                maxlength="200"
                autocomplete="off"
                role="combobox"
                aria-autocomplete="list"
                aria-controls="site-search-list"
                aria-expanded=move || open().to_string()
                aria-activedescendant=move || active.get().map(|i| format!("site-search-option-{i}"))
                placeholder=move || lang.get().texts().search_placeholder
                on:input=on_input
                on:keydown=on_keydown
            />
            <button type="submit">{move || lang.get().texts().search_button}</button>
            <ul
                id="site-search-list"
                role="listbox"
                class="suggestions"
                aria-label=move || lang.get().texts().suggestions_label
                hidden=move || !open()
                // Keep focus in the box while a suggestion is clicked.
                on:mousedown=|ev| ev.prevent_default()
            >
                <For
                    each=move || suggestions.get().into_iter().enumerate()
                    key=|(i, s)| (*i, s.href.clone())
                    let:((i, suggestion))
                >
                    <li
                        role="option"
                        id=format!("site-search-option-{i}")
                        aria-selected=move || (active.get() == Some(i)).to_string()
                        lang=suggestion.lang.code()
                        dir=suggestion.lang.dir().as_str()
                    >
                        <a href=suggestion.href.clone() tabindex="-1">{suggestion.title.clone()}</a>
                    </li>
                </For>
            </ul>
        </form>
    }
}

/// Browser-side plumbing: one pending timer and one request at a time.
#[cfg(feature = "hydrate")]
mod live {
    use std::cell::RefCell;
    use std::time::Duration;

    use leptos::prelude::{TimeoutHandle, set_timeout_with_handle};

    use super::DEBOUNCE_MS;
    use crate::api::Suggest;
    use crate::domain::Lang;
    use crate::routes::server_fn_url;
    use crate::wire::Suggestion;

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
                    && let Ok(found) = response.json::<Vec<Suggestion>>().await
                {
                    show(found);
                }
            });
        };
        if let Ok(timer) = set_timeout_with_handle(fire, Duration::from_millis(DEBOUNCE_MS)) {
            TIMER.with_borrow_mut(|t| *t = Some(timer));
        }
    }
}
